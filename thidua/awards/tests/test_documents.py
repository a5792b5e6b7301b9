"""The decision (draft and final), the tờ trình and the certificate in the form of Nghị định 30/2020/NĐ-CP:
authority block with the province, căn cứ in order with their endings, "Xét đề nghị của Giám đốc Sở Nội vụ",
counted recipients, the money article, the signature block by who signs, Nơi nhận without typos."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document as read_docx

from thidua.awards.documents.certificate import certificate_pdf
from thidua.awards.documents.common import signing
from thidua.awards.models import AwardRecord, Dossier, DossierStatus
from thidua.awards.services import dossiers as services
from thidua.awards.services.catalogue import catalogue_award_update
from thidua.awards.services.register import award_record_create, award_revoke
from thidua.awards.tests.conftest import SYSTEM, entry
from thidua.conftest import PERSONA_PASSWORD

pytestmark = pytest.mark.django_db
# Set to a folder to keep the generated files (to convert them to PNG and look at them).
KEEP = os.environ.get("AWARDDOCS_OUT", "")


def login(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PERSONA_PASSWORD)
    return client


def keep(name: str, content: bytes) -> None:
    if KEEP:
        Path(KEEP).mkdir(parents=True, exist_ok=True)
        (Path(KEEP) / name).write_bytes(content)


def docx_lines(content: bytes) -> list[str]:
    """Every paragraph of the body, of the tables (letterhead, closing, lists) in reading order."""
    document = read_docx(io.BytesIO(content))
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(node.text or "" for node in child.iter() if node.tag.endswith("}t")))
        elif tag == "tbl":
            for row in child.iter():
                if row.tag.endswith("}p"):
                    lines.append("".join(node.text or "" for node in row.iter() if node.tag.endswith("}t")))
    return [line for line in lines if line.strip()]


@pytest.fixture
def priced(catalogue: int) -> None:
    """The board enters a general coefficient (1,0); the decree's own rates (Nghị định 152/2025: 1,5 × base salary for
    an individual, twice that for a collective) take precedence, as the catalogue by regime says."""
    catalogue_award_update(
        actor=SYSTEM,
        code="BK_TINH",
        name="Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        decided_by="Chủ tịch Ủy ban nhân dân tỉnh",
        coefficient=Decimal("1.0"),
        rules=_rules("BK_TINH"),
    )


def _rules(code: str) -> str:
    from thidua.awards.models import CatalogueAward

    return CatalogueAward.objects.get(code=code).rules


def _dossier(unit_officer: Any, units: Any, people: int = 2) -> Dossier:
    made = services.dossier_create(
        actor=unit_officer,
        unit=units["AN-MINH"],
        award_code="BK_TINH",
        year=2025,
        title="Đề nghị tặng Bằng khen năm 2025",
    )
    services.dossier_recipient_add(
        actor=unit_officer,
        dossier=made,
        proposal=services.Proposal(kind="collective", name="Xã An Minh", unit=units["AN-MINH"]),
    )
    for index in range(people):
        services.dossier_recipient_add(
            actor=unit_officer,
            dossier=made,
            proposal=services.Proposal(
                kind="individual",
                name=["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Võ Văn Em"][index],
                unit=units["AN-MINH"],
                position="Công chức Văn phòng – Thống kê",
            ),
        )
    return made


@pytest.fixture
def dossier(priced: None, unit_officer: Any, units: Any) -> Dossier:
    return _dossier(unit_officer, units)


def _at_chairman(dossier: Dossier, unit_officer: Any, board_admin: Any, council_member: Any) -> None:
    services.dossier_forward(actor=unit_officer, dossier=dossier)
    services.dossier_forward(actor=board_admin, dossier=dossier)
    services.dossier_forward(actor=council_member, dossier=dossier)
    assert dossier.status == DossierStatus.AT_CHAIRMAN


DRAFT = {
    "decision_number": "",
    "decision_date": "20/01/2026",
    "signer_name": "Nguyễn Thị Hoa",
    "signer_title": "Phó Chủ tịch UBND tỉnh",
    "proposal_number": "12/TTr-SNV",
    "proposal_date": "10/01/2026",
}


def test_it_drafts_the_decision_in_the_form_of_decree_30(dossier: Dossier, board_admin: Any) -> None:
    response = login(board_admin).get(reverse("awards:decision_draft", args=[dossier.pk]), DRAFT)
    assert response.status_code == 200
    keep("du-thao-quyet-dinh.docx", response.content)
    lines = docx_lines(response.content)
    text = "\n".join(lines)
    # Authority block: the committee and the province on two lines; number left blank for the office.
    assert lines[:2] == ["ỦY BAN NHÂN DÂN", "TỈNH MẪU"]
    assert "Số:       /QĐ-UBND" in lines
    assert "Mẫu, ngày 20 tháng 01 năm 2026" in lines
    assert "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" in lines
    start = lines.index("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH MẪU")
    basis = lines[start + 1 : lines.index("QUYẾT ĐỊNH:")]
    assert basis == [
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định chi tiết một số điều "
        "của Luật Thi đua, khen thưởng;",
        "Căn cứ Quy định về công tác thi đua, khen thưởng trên địa bàn tỉnh Mẫu do Ủy ban nhân dân tỉnh ban hành;",
        "Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 12/TTr-SNV ngày 10 tháng 01 năm 2026.",
    ]
    assert (
        "Điều 1. Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 01 tập thể và 02 cá nhân đã có thành tích "
        "xuất sắc trong phong trào thi đua năm 2025, gồm:"
    ) in lines
    assert "- Xã An Minh;" in lines
    assert "- Trần Thị Bình, Công chức Văn phòng – Thống kê, Xã An Minh." in lines
    assert "- Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh: 7.020.000 đồng/tập thể × 01 tập thể;" in lines
    assert "- Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh: 3.510.000 đồng/cá nhân × 02 cá nhân;" in lines
    assert (
        "Tổng số tiền thưởng là 14.040.000 đồng (Mười bốn triệu không trăm bốn mươi nghìn đồng), chi từ Quỹ Thi đua, "
        "khen thưởng của tỉnh."
    ) in lines
    assert any(line.startswith("Điều 3. Quyết định này có hiệu lực kể từ ngày ký.") for line in lines)
    closing = lines[lines.index("Nơi nhận:") :]
    assert closing[1:5] == [
        "- Như Điều 3;",
        "- Chủ tịch, các Phó Chủ tịch UBND tỉnh;",
        "- Sở Nội vụ;",
        "- Lưu: VT, TĐKT.",
    ]
    assert closing[5:8] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Thị Hoa"]
    assert ";;" not in text and ".." not in text and "TM." not in text
    assert "Xã An Minh" not in lines[start - 5 : start]  # "Xét đề nghị" is the director's, not the commune's


def test_it_refuses_an_invalid_date_with_a_vietnamese_error_instead_of_a_blank_draft(
    dossier: Dossier, board_admin: Any
) -> None:
    url = reverse("awards:decision_draft", args=[dossier.pk])
    response = login(board_admin).get(url, {**DRAFT, "decision_date": "31/02/2026"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert (
        "Ngày ký không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ 20/01/2026." in response.content.decode()
    )


def test_it_offers_the_board_the_drafts_from_its_appraisal_on(
    dossier: Dossier, unit_officer: Any, board_admin: Any
) -> None:
    draft_url = reverse("awards:proposal_draft", args=[dossier.pk])
    assert (
        draft_url
        not in login(board_admin).get(reverse("awards:dossier_detail", args=[dossier.pk])).content.decode()
    )
    services.dossier_forward(actor=unit_officer, dossier=dossier)
    assert dossier.status == DossierStatus.AT_BOARD
    page = login(board_admin).get(reverse("awards:dossier_detail", args=[dossier.pk])).content.decode()
    assert draft_url in page and reverse("awards:dossier_approve", args=[dossier.pk]) not in page
    officer_page = (
        login(unit_officer).get(reverse("awards:dossier_detail", args=[dossier.pk])).content.decode()
    )
    assert draft_url not in officer_page


def test_it_signs_by_capacity() -> None:
    assert signing("Chủ tịch UBND tỉnh", "A") == signing("CHỦ TỊCH", "A")
    assert (signing("Chủ tịch", "A").authority, signing("Chủ tịch", "A").position) == ("", "CHỦ TỊCH")
    deputy = signing("Phó Chủ tịch Ủy ban nhân dân tỉnh", "B")
    assert (deputy.authority, deputy.position) == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    acting = signing("Quyền Chủ tịch", "C")
    assert (acting.authority, acting.position) == ("", "Q. CHỦ TỊCH")
    body = signing("Phó Chủ tịch", "D", body="ỦY BAN NHÂN DÂN")
    assert (body.authority, body.position) == ("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    director = signing("Phó Giám đốc", "E", head="GIÁM ĐỐC")
    assert (director.authority, director.position) == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")


def test_it_lists_many_recipients_in_an_annex(
    priced: None, unit_officer: Any, units: Any, board_admin: Any
) -> None:
    many = _dossier(unit_officer, units, people=5)
    response = login(board_admin).get(reverse("awards:decision_draft", args=[many.pk]), DRAFT)
    keep("du-thao-quyet-dinh-phu-luc.docx", response.content)
    lines = docx_lines(response.content)
    assert (
        "Điều 1. Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 01 tập thể và 05 cá nhân đã có thành tích "
        "xuất sắc trong phong trào thi đua năm 2025 (có danh sách kèm theo)."
    ) in lines
    annex = lines[lines.index("DANH SÁCH") :]
    assert annex[1:3] == [
        "TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG",
        "(Kèm theo Quyết định số       /QĐ-UBND ngày 20/01/2026 của Chủ tịch Ủy ban nhân dân tỉnh Mẫu)",
    ]
    assert "Võ Văn Em" in annex and "3.510.000" in annex


def test_it_gives_a_recorded_decision_its_final_docx_and_links_to_its_lines(
    dossier: Dossier,
    unit_officer: Any,
    board_admin: Any,
    council_member: Any,
    province: Any,
    units: Any,
) -> None:
    _at_chairman(dossier, unit_officer, board_admin, council_member)
    # Another decision's line, which "xem trong sổ" must not show.
    award_record_create(actor=board_admin, province=province, entry=entry(unit=units["VINH-HOA"]))
    client = login(board_admin)
    approved = client.post(
        reverse("awards:dossier_approve", args=[dossier.pk]),
        {
            "decision_number": "45/QĐ-UBND",
            "decision_date": "20/01/2026",
            "signer_name": "Trần Văn Bình",
            "signer_title": "Chủ tịch",
        },
    )
    assert approved.status_code == 302
    dossier.refresh_from_db()
    decision = dossier.decision
    assert decision is not None
    page = client.get(reverse("awards:dossier_detail", args=[dossier.pk])).content.decode()
    lines_url = f"{reverse('awards:register')}?decision={decision.pk}"
    docx_url = reverse("awards:decision_docx", args=[decision.pk])
    assert f'href="{lines_url}"' in page and f'href="{docx_url}"' in page
    listed = client.get(lines_url)
    assert sorted(r.recipient_name for r, _cells in listed.context["rows"]) == [
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "Xã An Minh",
    ]
    assert "Các khen thưởng của Quyết định số 45/QĐ-UBND ngày 20/01/2026." in listed.content.decode()
    final = client.get(docx_url)
    assert final.status_code == 200
    keep("quyet-dinh.docx", final.content)
    lines = docx_lines(final.content)
    assert "Số: 45/QĐ-UBND" in lines and "Mẫu, ngày 20 tháng 01 năm 2026" in lines
    closing = lines[lines.index("Nơi nhận:") :]
    assert closing[5:7] == ["CHỦ TỊCH", "Trần Văn Bình"]
    assert "TM. ỦY BAN NHÂN DÂN" not in lines and "KT. CHỦ TỊCH" not in lines
    assert (
        "Tổng số tiền thưởng là 14.040.000 đồng (Mười bốn triệu không trăm bốn mươi nghìn đồng), chi từ Quỹ Thi đua, "
        "khen thưởng của tỉnh." in lines
    )
    # Someone of another province does not get it.
    from thidua.accounts.models import Role
    from thidua.conftest import make_persona

    stranger = make_persona("khac2", "Ban tỉnh khác", [(Role.BOARD_ADMIN, units["XA-KHAC"].province, None)])
    assert login(stranger).get(docx_url).status_code == 404


def test_it_drafts_the_proposal_of_the_department_of_home_affairs(dossier: Dossier, board_admin: Any) -> None:
    response = login(board_admin).get(reverse("awards:proposal_draft", args=[dossier.pk]), DRAFT)
    assert response.status_code == 200
    keep("to-trinh.docx", response.content)
    lines = docx_lines(response.content)
    assert lines[:2] == ["UBND TỈNH MẪU", "SỞ NỘI VỤ"]
    assert "Số: 12/TTr-SNV" in lines and "Mẫu, ngày 10 tháng 01 năm 2026" in lines
    assert "TỜ TRÌNH" in lines and "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Mẫu." in lines
    assert any("cho 01 tập thể và 02 cá nhân" in line for line in lines)
    closing = lines[lines.index("Nơi nhận:") :]
    assert closing[1:4] == ["- Như trên;", "- Lưu: VT, TĐKT.", "GIÁM ĐỐC"]


def _pdf_text(content: bytes) -> list[str]:
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True, timeout=60
    )
    return [" ".join(line.split()) for line in done.stdout.decode().splitlines() if line.strip()]


def test_it_prints_a_certificate_with_the_issuing_authority_and_the_deputy_block(
    priced: None, board_admin: Any, province: Any, units: Any
) -> None:
    made = award_record_create(
        actor=board_admin,
        province=province,
        entry=entry(
            award_code="BK_TINH",
            recipient_kind="collective",
            recipient_name="Xã An Minh",
            unit=units["AN-MINH"],
            year=2025,
            decision_number="45/QĐ-UBND",
            decision_date=dt.date(2026, 1, 20),
            signer_name="Nguyễn Thị Hoa",
            signer_title="Phó Chủ tịch",
        ),
    ).record
    pdf = certificate_pdf(made, "https://thidua.example/xac-minh/abc/")
    keep("giay-chung-nhan.pdf", pdf)
    text = _pdf_text(pdf)
    joined = "\n".join(text)
    assert "CHỦ TỊCH" in text
    assert "ỦY BAN NHÂN DÂN TỈNH MẪU" in text  # on one line, never "ỦY BAN NHÂN / DÂN TỈNH"
    assert "PHÓ CHỦ TỊCH" not in text[: text.index("ỦY BAN NHÂN DÂN TỈNH MẪU")]
    assert text[text.index("ỦY BAN NHÂN DÂN TỈNH MẪU") + 1 : text.index("ỦY BAN NHÂN DÂN TỈNH MẪU") + 3] == [
        "TẶNG",
        "BẰNG KHEN",
    ]
    assert not any(line.endswith("ỦY BAN NHÂN") or line.startswith("DÂN TỈNH") for line in text)
    assert any(line.endswith("KT. CHỦ TỊCH") for line in text)
    assert any(line.endswith("PHÓ CHỦ TỊCH") for line in text)
    assert joined.count("Xã An Minh") == 1
    assert "Tiền thưởng: 7.020.000 đồng" in joined


def test_it_shows_the_revoking_decision_on_the_public_page(
    catalogue: int, board_admin: Any, province: Any, units: Any
) -> None:
    made = award_record_create(
        actor=board_admin, province=province, entry=entry(unit=units["VINH-HOA"])
    ).record
    award_revoke(
        actor=board_admin,
        award_record=made,
        decision_number="99/QĐ-UBND",
        decision_date=dt.date(2025, 3, 1),
        signer_name="Trần Văn Bình",
        signer_title="Chủ tịch",
        reason="Khai man thành tích",
    )
    page = Client().get(reverse("awards:verify", args=[made.verify_token])).content.decode()
    assert "Khen thưởng này đã bị thu hồi theo Quyết định số 99/QĐ-UBND ngày 01/03/2025." in page
    assert "<dt>Cơ quan khen thưởng</dt><dd>Chủ tịch Ủy ban nhân dân tỉnh Mẫu</dd>" in page
    assert "<dt>Năm thành tích</dt><dd>2023</dd>" in page
    assert "Khai man" not in page
    assert AwardRecord.objects.get(pk=made.pk).status == "revoked"
