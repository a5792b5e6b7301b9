"""Text templates of documents (keys, endings, annex, refusal of an unknown key), amounts in words and counts."""

from __future__ import annotations

from datetime import date

import pytest

from thidua.documents.markdown import render_markdown
from thidua.documents.model import Column, Paragraph, Table, ended, listed
from thidua.documents.template import TemplateError, document_from_lines
from thidua.documents.words import count_text, money_words, number_words

TABLE = Table(columns=(Column("TT"), Column("Tên")), rows=(("01", "Xã An Minh"),))


def test_it_ends_every_listed_line_once_whatever_it_was_typed_with() -> None:
    assert listed(["Như Điều 2;", "Lưu: VT, TĐKT.."]) == ["Như Điều 2;", "Lưu: VT, TĐKT."]
    assert listed(["Căn cứ A.", "Căn cứ B", "Xét đề nghị C;"]) == ["Căn cứ A;", "Căn cứ B;", "Xét đề nghị C."]
    assert ended("Về việc tặng Bằng khen.", "") == "Về việc tặng Bằng khen"


def test_it_lays_out_a_template_by_its_keys() -> None:
    text = """
# ghi chú
co_quan: ỦY BAN NHÂN DÂN
co_quan: TỈNH AN GIANG
so: Số:      /QĐ-UBND
dia_danh: An Giang
loai: QUYẾT ĐỊNH
trich_yeu: Về việc tặng Bằng khen
tham_quyen: CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH AN GIANG
can_cu: Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;
can_cu: Xét đề nghị của Giám đốc Sở Nội vụ
quyet_dinh: QUYẾT ĐỊNH:
dieu: Điều 1. Tặng Bằng khen cho 01 tập thể.
noi_nhan: Như Điều 2;
noi_nhan: Lưu: VT, TĐKT.
ky_quyen_han: KT. CHỦ TỊCH
ky_chuc_vu: PHÓ CHỦ TỊCH
ky_ten: Nguyễn Thị Hoa
phu_luc:
phu_luc_tieu_de: DANH SÁCH
danh_sach: danh_sach
"""
    document = document_from_lines(text, issued=date(2026, 1, 20), tables={"danh_sach": TABLE})
    head = document.letterhead
    assert head.issuer == "ỦY BAN NHÂN DÂN\nTỈNH AN GIANG" and head.number == "Số:      /QĐ-UBND"
    assert head.place_date == "An Giang, ngày 20 tháng 01 năm 2026"
    assert document.blocks[1:3] == (
        Paragraph("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;", italic=True),
        Paragraph("Xét đề nghị của Giám đốc Sở Nội vụ.", italic=True),
    )
    assert document.blocks[4] == Paragraph("Tặng Bằng khen cho 01 tập thể.", lead="Điều 1.")
    assert document.signature is not None and document.signature.authority == "KT. CHỦ TỊCH"
    assert document.annex[1] == TABLE
    markdown = render_markdown(document)
    assert "- Như Điều 2;\n- Lưu: VT, TĐKT.\n" in markdown and ";;" not in markdown


def test_it_refuses_a_template_line_with_an_unknown_key() -> None:
    with pytest.raises(TemplateError) as caught:
        document_from_lines("co_quan: A\ncan cu: Căn cứ B", issued=None, tables={})
    assert str(caught.value) == "Dòng 2: «can cu: Căn cứ B» không bắt đầu bằng một khóa của mẫu văn bản."
    with pytest.raises(TemplateError):
        document_from_lines("danh_sach: khong_co", issued=None, tables={})


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "không"),
        (15, "mười lăm"),
        (21, "hai mươi mốt"),
        (105, "một trăm linh năm"),
        (1005, "một nghìn không trăm linh năm"),
        (450000, "bốn trăm năm mươi nghìn"),
        (7020000, "bảy triệu không trăm hai mươi nghìn"),
        (14400000, "mười bốn triệu bốn trăm nghìn"),
        (2000000000, "hai tỷ"),
    ],
)
def test_it_writes_amounts_in_vietnamese_words(amount: int, words: str) -> None:
    assert number_words(amount) == words


def test_it_counts_recipients_with_two_digits() -> None:
    assert money_words(450000) == "Bốn trăm năm mươi nghìn đồng"
    assert count_text([(1, "tập thể"), (2, "cá nhân"), (0, "hộ gia đình")]) == "01 tập thể và 02 cá nhân"
    assert count_text([(3, "tập thể"), (12, "cá nhân"), (1, "hộ gia đình")]) == (
        "03 tập thể, 12 cá nhân và 01 hộ gia đình"
    )
    assert count_text([(0, "tập thể"), (2, "cá nhân")]) == "02 cá nhân"


def test_it_keeps_the_closing_block_on_one_page() -> None:
    import io

    from docx import Document as open_docx

    from thidua.documents.docx import render_docx

    text = "co_quan: A\nloai: QUYẾT ĐỊNH\nnoi_nhan: Như Điều 2\nky_quyen_han: KT. CHỦ TỊCH\nky_chuc_vu: PHÓ CHỦ TỊCH"
    document = open_docx(io.BytesIO(render_docx(document_from_lines(text, issued=None, tables={}))))
    closing = document.tables[-1].rows[0]._tr
    assert closing.trPr is not None and closing.trPr.xml.count("cantSplit") == 1
    assert [p.text for p in document.tables[-1].cell(0, 1).paragraphs][:2] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
