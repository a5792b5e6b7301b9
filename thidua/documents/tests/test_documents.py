"""The document model's numbering and dates, and the .docx layout of Nghị định 30."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from docx import Document as open_docx
from openpyxl import load_workbook

from thidua.documents.charts import ranking_chart
from thidua.documents.docx import render_docx
from thidua.documents.model import (
    Bullets,
    Column,
    Document,
    Heading,
    Letterhead,
    Paragraph,
    Signature,
    Table,
    heading_labels,
)
from thidua.documents.xlsx import Sheet, SheetColumn, exact_format, render_xlsx
from thidua.reports.text import parse_leader_text


def test_it_numbers_headings_roman_arabic_letter_and_restarts_under_a_new_parent() -> None:
    blocks = [
        Heading(1, "a"),
        Heading(2, "b"),
        Heading(3, "c"),
        Heading(3, "d"),
        Heading(2, "e"),
        Heading(1, "f"),
        Heading(2, "g"),
    ]
    assert heading_labels(blocks) == ["I.", "1.", "a)", "b)", "2.", "II.", "1."]


def test_it_writes_dates_with_leading_zeros_for_small_days_and_january_february() -> None:
    assert (
        Letterhead(issuer="x", place="An Giang", issued=date(2027, 1, 5)).place_date
        == "An Giang, ngày 05 tháng 01 năm 2027"
    )
    assert (
        Letterhead(issuer="x", place="An Giang", issued=date(2027, 11, 15)).place_date
        == "An Giang, ngày 15 tháng 11 năm 2027"
    )


def test_it_lays_out_an_a4_docx_with_nd30_margins_and_times_new_roman() -> None:
    document = Document(
        letterhead=Letterhead(issuer="Cụm thi đua số 5", parent="UBND tỉnh An Giang", title="Tổng kết"),
        blocks=(Paragraph("Nội dung."), Table((Column("Hạng"), Column("Đơn vị")), (("1", "Xã Vĩnh Hòa"),))),
        recipients=("Lưu: VT",),
        signature=Signature(position="Cụm trưởng", authority="TM. Cụm thi đua số 5"),
    )
    docx = open_docx(io.BytesIO(render_docx(document)))
    section = docx.sections[0]
    # Word stores lengths in twips, so millimetres come back rounded.
    sizes = [
        section.page_width,
        section.page_height,
        section.left_margin,
        section.right_margin,
        section.top_margin,
    ]
    assert [round(size.mm) for size in sizes if size is not None] == [210, 297, 30, 15, 20]
    assert docx.styles["Normal"].font.name == "Times New Roman"
    head = docx.tables[0]
    assert head.cell(0, 0).text.split("\n")[:2] == ["UBND TỈNH AN GIANG", "CỤM THI ĐUA SỐ 5"]
    assert "Độc lập - Tự do - Hạnh phúc" in head.cell(0, 1).text
    assert docx.tables[1].rows[1].cells[1].text == "Xã Vĩnh Hòa"
    assert "TM. CỤM THI ĐUA SỐ 5" in docx.tables[2].cell(0, 1).text


def test_it_keeps_every_digit_of_exact_sums_in_xlsx() -> None:
    assert exact_format(Decimal("192.583")) == "[$-42A]#,##0.000"
    assert exact_format(Decimal("6.25E+3")) == "[$-42A]#,##0"
    data = render_xlsx(
        [Sheet("Tổng hợp", (SheetColumn("Tổng", "exact"),), ((Decimal("192.583"),),), title=("T",))]
    )
    cell = load_workbook(io.BytesIO(data))["Tổng hợp"]["A4"]
    assert Decimal(str(cell.value)) == Decimal("192.583")
    assert cell.number_format == "[$-42A]#,##0.000"


def test_it_draws_a_chart_as_png_and_svg_with_vietnamese_labels() -> None:
    figure = ranking_chart(["Xã Vĩnh Hòa", "Xã An Minh"], [Decimal("906.00"), Decimal("1892.5")], "Biểu đồ")
    assert figure.png.startswith(b"\x89PNG")
    assert figure.svg.startswith("<svg") and "Xã Vĩnh Hòa" in figure.svg and "1.892,50" in figure.svg


def test_it_reads_the_leader_text_as_paragraphs_and_dash_lists() -> None:
    blocks = parse_leader_text(
        "# Hạn chế\nMột số chỉ tiêu\nchưa đạt.\n\n- Thứ nhất\n- Thứ hai\n  tiếp theo\n"
    )
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Paragraph", "Bullets"]
    assert blocks[1] == Paragraph("Một số chỉ tiêu chưa đạt.")
    assert blocks[2] == Bullets(("Thứ nhất", "Thứ hai tiếp theo"))
