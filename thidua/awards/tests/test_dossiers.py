"""Dossiers: made by a unit, passed up the levels with a reason at each return, recalled by the sender,
approved into the register; attachments served only to those who may see the dossier."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from thidua.awards.models import AwardRecord, Dossier, DossierStatus, DossierStep
from thidua.awards.services import dossiers as services
from thidua.awards.services.subjects import (
    YearEntry,
    eligibility_confirm,
    subject_check,
    subject_create,
    subject_year_set,
)
from thidua.conftest import PERSONA_PASSWORD
from thidua.core.errors import AccessDenied, InvalidInput
from thidua.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def login(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PERSONA_PASSWORD)
    return client


@pytest.fixture
def dossier(catalogue: int, unit_officer: Any, units: Any) -> Dossier:
    made = services.dossier_create(
        actor=unit_officer,
        unit=units["AN-MINH"],
        award_code="LDTT",
        year=2025,
        title="Đề nghị tặng LĐTT năm 2025",
    )
    services.dossier_recipient_add(
        actor=unit_officer, dossier=made, proposal=services.Proposal(kind="individual", name="Nguyễn Văn An")
    )
    return made


def test_it_shows_the_eligibility_of_a_proposed_subject(
    catalogue: int, unit_officer: Any, units: Any
) -> None:
    person = subject_create(
        actor=unit_officer,
        unit=units["AN-MINH"],
        kind="individual",
        name="Trần Thị Bình",
        recruited=dt.date(2020, 1, 1),
    )
    subject_year_set(actor=unit_officer, subject=person, entry=YearEntry(year=2025, rating="HTTNV"))
    made = services.dossier_create(
        actor=unit_officer, unit=units["AN-MINH"], award_code="LDTT", year=2025, title="Hồ sơ"
    )
    proposal = services.Proposal(kind="individual", name=person.name, subject=person)
    # The record holds, but nobody has confirmed the qualitative conditions yet: a person must look.
    waiting = services.dossier_recipient_add(actor=unit_officer, dossier=made, proposal=proposal)
    assert waiting.eligibility == "to_review"
    assert (
        "Cần xem xét: Chưa xác nhận: Chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước (Điều 24 Luật Thi đua, khen thưởng 2022)"
        in waiting.reasons
    )
    asked = subject_check(subject=person, award_code="LDTT", year=2025).to_confirm
    eligibility_confirm(actor=unit_officer, subject=person, award_code="LDTT", year=2025, items=list(asked))
    recipient = services.dossier_recipient_add(actor=unit_officer, dossier=made, proposal=proposal)
    assert recipient.eligibility == "eligible"
    assert (
        "Đạt: Năm 2025 được xếp loại hoàn thành tốt nhiệm vụ (Điều 24, khoản 1, điểm a Luật Thi đua, khen thưởng 2022)"
        in recipient.reasons
    )


def test_it_routes_a_dossier_to_a_decision_with_one_return(
    dossier: Dossier, unit_officer: Any, board_admin: Any, council_member: Any
) -> None:
    services.dossier_forward(actor=unit_officer, dossier=dossier)
    assert dossier.status == DossierStatus.AT_BOARD  # a commune goes straight to the board
    services.dossier_forward(actor=board_admin, dossier=dossier)
    with pytest.raises(InvalidInput) as caught:
        services.dossier_return(actor=council_member, dossier=dossier, reason="  ")
    assert caught.value.message == "Cần ghi lý do trả lại hồ sơ."
    services.dossier_return(actor=council_member, dossier=dossier, reason="Thiếu biên bản họp xét")
    assert dossier.status == DossierStatus.AT_BOARD
    services.dossier_forward(actor=board_admin, dossier=dossier)
    services.dossier_forward(actor=council_member, dossier=dossier)
    services.dossier_approve(
        actor=board_admin,
        dossier=dossier,
        decision_number="45/QĐ-UBND",
        decision_date=dt.date(2026, 1, 20),
        signer_name="Trần Văn Bình",
        signer_title="Chủ tịch",
    )
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.APPROVED and dossier.decision is not None
    record = AwardRecord.objects.get()
    assert (
        record.recipient_name == "Nguyễn Văn An"
        and record.decision.number == "45/QĐ-UBND"
        and record.year == 2025
    )
    returned = DossierStep.objects.get(action="return")
    assert returned.reason == "Thiếu biên bản họp xét" and returned.actor == council_member
    actions = list(
        AuditEvent.objects.filter(object_type="awards.dossier")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions.count("awards.dossier_forward") == 4 and "awards.dossier_return" in actions
    assert actions[-1] == "awards.dossier_approve"


def test_it_lets_only_the_sender_recall_before_the_next_level_acts(
    dossier: Dossier, unit_officer: Any, board_admin: Any, cluster_leader: Any
) -> None:
    services.dossier_forward(actor=unit_officer, dossier=dossier)
    with pytest.raises(AccessDenied):
        services.dossier_recall(actor=cluster_leader, dossier=dossier)
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.AT_BOARD
    services.dossier_recall(actor=unit_officer, dossier=dossier, reason="Bổ sung hồ sơ")
    assert dossier.status == DossierStatus.DRAFT
    services.dossier_forward(actor=unit_officer, dossier=dossier)
    services.dossier_forward(actor=board_admin, dossier=dossier)
    with pytest.raises(AccessDenied):
        services.dossier_recall(actor=unit_officer, dossier=dossier)


@pytest.mark.parametrize("persona", ["council_member", "cluster_leader", "observer", "outsider"])
def test_it_refuses_to_move_a_dossier_not_on_your_desk(dossier: Dossier, persona: str, request: Any) -> None:
    with pytest.raises(AccessDenied):
        services.dossier_forward(actor=request.getfixturevalue(persona), dossier=dossier)
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.DRAFT
    assert not DossierStep.objects.exists()


def test_it_loses_a_race_by_compare_and_set(dossier: Dossier, unit_officer: Any) -> None:
    stale = Dossier.objects.get(pk=dossier.pk)
    services.dossier_forward(actor=unit_officer, dossier=dossier)
    with pytest.raises(Exception) as caught:
        services.dossier_forward(actor=unit_officer, dossier=stale)
    assert "vừa được người khác chuyển" in str(caught.value) or "không ở cấp" in str(caught.value)
    assert DossierStep.objects.count() == 1


def test_it_keeps_attachments_private_and_checks_their_content(
    dossier: Dossier, unit_officer: Any, observer: Any, settings: Any, tmp_path: Any
) -> None:
    from thidua.awards.models import DossierAttachment

    storage = DossierAttachment._meta.get_field("file").storage
    storage.location = str(tmp_path)  # type: ignore[attr-defined]
    storage.base_location = str(tmp_path)  # type: ignore[attr-defined]
    client = login(unit_officer)
    fake = SimpleUploadedFile("to-trinh.pdf", b"MZ not a pdf", content_type="application/pdf")
    refused = client.post(
        reverse("awards:attachment_add", args=[dossier.pk]), {"kind": "to_trinh", "file": fake}
    )
    assert refused.status_code == 400
    assert not DossierAttachment.objects.exists()
    pdf = SimpleUploadedFile("to-trinh.pdf", b"%PDF-1.4 to trinh", content_type="application/pdf")
    assert (
        client.post(
            reverse("awards:attachment_add", args=[dossier.pk]), {"kind": "to_trinh", "file": pdf}
        ).status_code
        == 302
    )
    attachment = DossierAttachment.objects.get()
    url = reverse("awards:attachment_download", args=[dossier.pk, attachment.pk])
    assert client.get(url).content.startswith(b"%PDF-1.4")
    assert login(observer).get(url).status_code == 200
    assert Client().get(url).status_code == 302
    assert AuditEvent.objects.filter(action="awards.dossier_attachment_add").count() == 1


def test_it_hides_a_dossier_from_another_unit(dossier: Dossier, cluster_leader: Any) -> None:
    assert login(cluster_leader).get(reverse("awards:dossier_detail", args=[dossier.pk])).status_code == 404


def test_it_drafts_the_decision_as_docx(dossier: Dossier, board_admin: Any) -> None:
    import io

    from docx import Document as read_docx

    response = login(board_admin).get(
        reverse("awards:decision_draft", args=[dossier.pk]),
        {
            "decision_number": "45/QĐ-UBND",
            "decision_date": "20/01/2026",
            "signer_name": "Trần Văn Bình",
            "signer_title": "CHỦ TỊCH",
        },
    )
    assert response.status_code == 200
    document = read_docx(io.BytesIO(response.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    text = "\n".join([p.text for p in document.paragraphs] + cells)
    assert "45/QĐ-UBND" in text and "Trần Văn Bình" in text and "Lao động tiên tiến" in text


def test_it_creates_a_dossier_from_conference_proposals(catalogue: int, board_admin: Any, units: Any) -> None:
    made = services.dossier_create_from_proposals(
        actor=board_admin,
        unit=units["VINH-HOA"],
        award_code="CO_TINH",
        year=2026,
        title="Suy tôn Cụm 5",
        proposals=[services.Proposal(kind="collective", name="Xã Vĩnh Hòa", unit=units["VINH-HOA"])],
        source="Hội nghị Cụm thi đua số 5 năm 2026",
    )
    assert made.recipients.get().eligibility == "unknown" and made.source.startswith("Hội nghị")
