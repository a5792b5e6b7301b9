"""The cycle's services, one named user per role: status, database state, the audit row, and that every refused
action changes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.accounts.models import Role
from thidua.agreements.models import CriterionLine, LineStatus, ScoreSnapshot, Submission
from thidua.conftest import Org, make_persona
from thidua.core.errors import AccessDenied, Conflict, InvalidInput
from thidua.core.models import AuditEvent
from thidua.cycle import selectors
from thidua.cycle.lines import lines_of
from thidua.cycle.models import Amendment, Appeal, Cycle, CycleState, Evidence, Notification, Signature
from thidua.cycle.results import published_chain
from thidua.cycle.services import cycles as cycle_services
from thidua.cycle.services import reporting, signing, verification
from thidua.cycle.tests.conftest import SYSTEM, audit_count, line_of, move_to, pdf


@pytest.fixture
def thanh_loc_officer(org: Org) -> Any:
    return make_persona(
        "thanhloc", "Cán bộ Xã Thạnh Lộc", [(Role.UNIT_OFFICER, org.units["THANH-LOC"], None)]
    )


@pytest.fixture
def officers(cluster_leader: Any, unit_officer: Any, thanh_loc_officer: Any) -> dict[str, Any]:
    return {"VINH-HOA": cluster_leader, "THANH-LOC": thanh_loc_officer, "AN-MINH": unit_officer}


def _submit(cycle: Cycle, officers: dict[str, Any]) -> None:
    for code, user in officers.items():
        unit = cycle.cluster_year.memberships.get(unit__code=code).unit
        reporting.report_submit(actor=user, cycle=cycle, unit=unit)


# --- the cycle's states ---------------------------------------------------------------------------------


def test_it_refuses_reporting_before_every_member_signed_and_changes_nothing(
    cycle: Cycle, board_admin: Any
) -> None:
    cycle = move_to(cycle, CycleState.SIGNING)
    before = AuditEvent.objects.count()
    with pytest.raises(InvalidInput) as refused:
        cycle_services.cycle_advance(actor=board_admin, cycle=cycle, from_state=CycleState.SIGNING)
    assert refused.value.message == (
        "Chưa chuyển được: Xã Vĩnh Hòa chưa ký giao ước; Xã Thạnh Lộc chưa ký giao ước; Xã An Minh chưa ký giao ước."
    )
    cycle.refresh_from_db()
    assert cycle.state == CycleState.SIGNING
    assert AuditEvent.objects.count() == before


def test_it_moves_forward_when_everyone_signed_and_opens_a_line_per_member_and_criterion(
    cycle: Cycle, board_admin: Any, officers: dict[str, Any]
) -> None:
    cycle = move_to(cycle, CycleState.SIGNING)
    for code, user in officers.items():
        unit = cycle.cluster_year.memberships.get(unit__code=code).unit
        signing.signature_record(
            actor=user, cycle=cycle, unit=unit, document=pdf(), signer_name=f"Chủ tịch {code}"
        )
    cycle = cycle_services.cycle_advance(actor=board_admin, cycle=cycle, from_state=CycleState.SIGNING)
    assert cycle.state == CycleState.REPORTING
    assert lines_of(cycle).count() == 3 * 20
    event = AuditEvent.objects.filter(action="cycle.advance").latest("id")
    assert event.before == {"state": "signing"}
    assert event.after == {"state": "reporting", "lines_opened": 60}
    assert event.actor == board_admin
    assert audit_count("cycle.sign") == 3


def test_it_overrides_unmet_preconditions_only_with_a_reason_written_in_the_audit(
    cycle: Cycle, board_admin: Any
) -> None:
    cycle = move_to(cycle, CycleState.SIGNING)
    with pytest.raises(InvalidInput, match="phải ghi lý do"):
        cycle_services.cycle_advance(
            actor=board_admin, cycle=cycle, from_state=CycleState.SIGNING, override=True
        )
    cycle = cycle_services.cycle_advance(
        actor=board_admin,
        cycle=cycle,
        from_state=CycleState.SIGNING,
        override=True,
        reason="Ký tại hội nghị, bản giấy",
    )
    event = AuditEvent.objects.filter(action="cycle.advance").latest("id")
    assert event.reason == "Ký tại hội nghị, bản giấy"
    assert event.after["unmet"][0] == "Xã Vĩnh Hòa chưa ký giao ước"


def test_it_refuses_a_stale_transition_by_compare_and_set(cycle: Cycle, board_admin: Any) -> None:
    stale = Cycle.objects.get(pk=cycle.pk)
    move_to(cycle, CycleState.SIGNING)
    before = AuditEvent.objects.count()
    with pytest.raises(Conflict):
        cycle_services.cycle_advance(actor=board_admin, cycle=stale, from_state=CycleState.SETUP)
    assert Cycle.objects.get(pk=cycle.pk).state == CycleState.SIGNING
    assert AuditEvent.objects.count() == before


def test_it_moves_back_only_with_a_reason(cycle: Cycle, board_admin: Any) -> None:
    cycle = move_to(cycle, CycleState.REPORTING)
    with pytest.raises(InvalidInput, match="Phải ghi lý do quay lại"):
        cycle_services.cycle_move_back(
            actor=board_admin, cycle=cycle, from_state=CycleState.REPORTING, reason=" "
        )
    cycle = cycle_services.cycle_move_back(
        actor=board_admin, cycle=cycle, from_state=CycleState.REPORTING, reason="Ký lại do sai chỉ tiêu"
    )
    assert cycle.state == CycleState.SIGNING
    event = AuditEvent.objects.get(action="cycle.move_back")
    assert (event.before, event.after, event.reason) == (
        {"state": "reporting"},
        {"state": "signing"},
        "Ký lại do sai chỉ tiêu",
    )


@pytest.mark.parametrize(
    "persona", ["cluster_leader", "unit_officer", "data_source_reviewer", "observer", "outsider"]
)
def test_it_lets_only_the_board_run_the_cycle(
    cycle: Cycle, persona: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(persona)
    before = AuditEvent.objects.count()
    with pytest.raises(AccessDenied):
        cycle_services.cycle_advance(actor=user, cycle=cycle, from_state=CycleState.SETUP)
    with pytest.raises(AccessDenied):
        cycle_services.cycle_set_deadlines(
            actor=user, cycle=cycle, signing_deadline=None, reporting_deadline=None, appeal_deadline=None
        )
    cycle.refresh_from_db()
    assert cycle.state == CycleState.SETUP and cycle.reporting_deadline == dt.date(2099, 12, 15)
    assert AuditEvent.objects.count() == before


def test_it_notifies_members_of_deadlines_and_mails_those_with_an_address(
    cycle: Cycle, board_admin: Any, unit_officer: Any, django_capture_on_commit_callbacks: Any
) -> None:
    unit_officer.email = "anminh@example.vn"
    unit_officer.save()
    with django_capture_on_commit_callbacks(execute=True):
        cycle_services.cycle_set_deadlines(
            actor=board_admin,
            cycle=cycle,
            signing_deadline=dt.date(2026, 4, 30),
            reporting_deadline=dt.date(2026, 12, 10),
            appeal_deadline=dt.date(2026, 12, 31),
            reason="Theo kế hoạch của tỉnh",
        )
    note = Notification.objects.filter(user=unit_officer).latest("id")
    assert (
        note.text
        == "Cụm thi đua số 5 năm 2026: hạn ký kết: 30/04/2026, báo cáo: 10/12/2026, kiến nghị: 31/12/2026."
    )
    assert mail.outbox[-1].to == ["anminh@example.vn"]
    event = AuditEvent.objects.filter(action="cycle.deadlines").latest("id")
    assert event.before == {"reporting_deadline": "2099-12-15", "appeal_deadline": "2099-12-31"}


# --- signing and amendments -----------------------------------------------------------------------------


def test_it_refuses_signing_for_another_unit_and_a_disallowed_file(
    cycle: Cycle, unit_officer: Any, org: Org
) -> None:
    cycle = move_to(cycle, CycleState.SIGNING)
    with pytest.raises(AccessDenied):
        signing.signature_record(actor=unit_officer, cycle=cycle, unit=org.units["VINH-HOA"], document=pdf())
    exe = SimpleUploadedFile("giao-uoc.pdf", b"MZ\x90\x00binary", content_type="application/pdf")
    with pytest.raises(InvalidInput, match=r"không đúng loại \.pdf"):
        signing.signature_record(actor=unit_officer, cycle=cycle, unit=org.units["AN-MINH"], document=exe)
    assert not Signature.objects.exists()


def test_it_amends_a_signed_target_only_after_the_leader_approves(
    cycle: Cycle, unit_officer: Any, cluster_leader: Any, org: Org
) -> None:
    cycle = move_to(cycle, CycleState.SIGNING)
    signing.signature_record(actor=unit_officer, cycle=cycle, unit=org.units["AN-MINH"], document=pdf())
    amendment = signing.amendment_request(
        actor=unit_officer,
        cycle=cycle,
        unit=org.units["AN-MINH"],
        criterion="1.1",
        new_target=Decimal("50"),
        reason="Tỉnh giao lại",
    )
    line = CriterionLine.objects.get(unit=org.units["AN-MINH"], criterion="1.1")
    assert line.target == Decimal("52")
    with pytest.raises(AccessDenied):
        signing.amendment_decide(actor=unit_officer, amendment=amendment, approve=True, reason="")
    signing.amendment_decide(
        actor=cluster_leader, amendment=amendment, approve=True, reason="Đúng quyết định của tỉnh"
    )
    line.refresh_from_db()
    assert line.target == Decimal("50")
    assert Amendment.objects.get().status == "accepted"
    assert audit_count("cycle.amendment_decide") == 1 and audit_count("agreement.target_set") == 1
    with pytest.raises(Conflict):
        signing.amendment_decide(actor=cluster_leader, amendment=amendment, approve=False, reason="đổi ý")


# --- reporting ------------------------------------------------------------------------------------------


def test_it_saves_a_line_into_the_agreement_and_audits_it(cycle: Cycle, unit_officer: Any) -> None:
    cycle = move_to(cycle, CycleState.REPORTING)
    line = line_of(cycle, "AN-MINH", "1.1")
    reporting.line_save(
        actor=unit_officer, line=line, version=0, value="80,5", comment="Theo báo cáo quyết toán"
    )
    assert CriterionLine.objects.get(unit__code="AN-MINH", criterion="1.1").value_number == Decimal("80.5")
    line.refresh_from_db()
    assert (line.version, line.comment, line.saved_by) == (1, "Theo báo cáo quyết toán", unit_officer)
    event = AuditEvent.objects.get(action="cycle.line_save")
    assert event.before == {"value": "78,4", "comment": ""}
    assert event.after == {"value": "80,5", "comment": "Theo báo cáo quyết toán"}


def test_it_tells_the_second_of_two_concurrent_savers_the_first_ones_value(
    cycle: Cycle, unit_officer: Any, org: Org
) -> None:
    colleague = make_persona(
        "anminh2", "Cán bộ thứ hai Xã An Minh", [(Role.UNIT_OFFICER, org.units["AN-MINH"], None)]
    )
    cycle = move_to(cycle, CycleState.REPORTING)
    first = line_of(cycle, "AN-MINH", "1.6")
    second = line_of(cycle, "AN-MINH", "1.6")  # both opened the form at version 0
    reporting.line_save(actor=colleague, line=first, version=0, value="5", comment="")
    with pytest.raises(Conflict) as conflict:
        reporting.line_save(actor=unit_officer, line=second, version=0, value="6", comment="")
    assert conflict.value.message == (
        "Cán bộ thứ hai Xã An Minh đã thay đổi dòng này trong lúc bạn sửa; giá trị hiện tại là “5”. Giá trị của bạn chưa được lưu."
    )
    assert conflict.value.details["version"] == 1
    assert CriterionLine.objects.get(unit__code="AN-MINH", criterion="1.6").value_number == Decimal("5")
    assert audit_count("cycle.line_save") == 1


def test_it_rejects_values_the_rule_cannot_take(cycle: Cycle, unit_officer: Any) -> None:
    cycle = move_to(cycle, CycleState.REPORTING)
    cases = {
        "1.10": ("301", "Tiêu chí 1.10: không được vượt quá 300 điểm tối đa."),
        "2.1": ("Tốt", "Tiêu chí 2.1: “Tốt” không phải là một mức xếp loại của tiêu chí này."),
        "1.9": ("đủ", "Tiêu chí 1.9: “đủ” phải là “có” hoặc “không”."),
        "1.6": ("2,5", "Tiêu chí 1.6: phải là số nguyên."),
    }
    for code, (typed, message) in cases.items():
        with pytest.raises(InvalidInput) as refused:
            reporting.line_save(
                actor=unit_officer, line=line_of(cycle, "AN-MINH", code), version=0, value=typed, comment=""
            )
        assert refused.value.message == message
    assert audit_count("cycle.line_save") == 0


def test_it_refuses_reporting_for_another_unit(
    cycle: Cycle, unit_officer: Any, data_source_reviewer: Any
) -> None:
    cycle = move_to(cycle, CycleState.REPORTING)
    for user in (unit_officer, data_source_reviewer):
        with pytest.raises(AccessDenied):
            reporting.line_save(
                actor=user, line=line_of(cycle, "VINH-HOA", "1.1"), version=0, value="1", comment=""
            )
    assert CriterionLine.objects.get(unit__code="VINH-HOA", criterion="1.1").value_number == Decimal("45")


def test_it_records_a_late_submission_with_its_date_and_marks_it_late(
    cycle: Cycle, unit_officer: Any, board_admin: Any
) -> None:
    cycle_services.cycle_set_deadlines(
        actor=board_admin,
        cycle=cycle,
        signing_deadline=dt.date(2026, 1, 1),
        reporting_deadline=dt.date(2026, 1, 2),
        appeal_deadline=dt.date(2027, 3, 31),
    )
    cycle = move_to(Cycle.objects.get(pk=cycle.pk), CycleState.REPORTING)
    submission = reporting.report_submit(
        actor=unit_officer, cycle=cycle, unit=cycle.cluster_year.memberships.get(unit__code="AN-MINH").unit
    )
    event = AuditEvent.objects.get(action="cycle.report_submit")
    assert event.after["late"] is True and event.after["lines"] == 20
    assert Submission.objects.get(unit__code="AN-MINH").submitted_on == submission.submitted_on
    assert set(lines_of(cycle).filter(unit__code="AN-MINH").values_list("status", flat=True)) == {
        LineStatus.SUBMITTED
    }


def test_it_refuses_submitting_with_empty_lines(cycle: Cycle, unit_officer: Any) -> None:
    cycle = move_to(cycle, CycleState.REPORTING)
    reporting.line_save(
        actor=unit_officer, line=line_of(cycle, "AN-MINH", "3.4"), version=0, value="", comment=""
    )
    with pytest.raises(InvalidInput, match=r"Còn 1 tiêu chí chưa có số liệu: 3\.4"):
        reporting.report_submit(
            actor=unit_officer,
            cycle=cycle,
            unit=cycle.cluster_year.memberships.get(unit__code="AN-MINH").unit,
        )
    assert not Submission.objects.exists()


def test_it_limits_evidence_by_size_and_type(cycle: Cycle, unit_officer: Any, settings: Any) -> None:
    cycle = move_to(cycle, CycleState.REPORTING)
    line = line_of(cycle, "AN-MINH", "1.1")
    evidence = reporting.evidence_add(actor=unit_officer, line=line, upload=pdf("quyet-toan.pdf"))
    assert evidence.content_type == "application/pdf" and evidence.file.name.startswith("cycle/evidence/")
    assert settings.MEDIA_ROOT in evidence.file.path
    settings.UPLOAD_MAX_BYTES = 10
    with pytest.raises(InvalidInput, match="vượt giới hạn"):
        reporting.evidence_add(actor=unit_officer, line=line, upload=pdf("lon.pdf"))
    with pytest.raises(InvalidInput, match="chỉ nhận các loại"):
        reporting.evidence_add(actor=unit_officer, line=line, upload=SimpleUploadedFile("x.exe", b"MZ"))
    assert Evidence.objects.count() == 1 and audit_count("cycle.evidence_add") == 1


# --- verification ---------------------------------------------------------------------------------------


@pytest.fixture
def verifying(cycle: Cycle, officers: dict[str, Any]) -> Cycle:
    cycle = move_to(cycle, CycleState.REPORTING)
    _submit(cycle, officers)
    return cycle_services.cycle_advance(actor=SYSTEM, cycle=cycle, from_state=CycleState.REPORTING)


def test_it_queues_for_a_reviewer_only_the_lines_of_their_agency(
    verifying: Cycle, data_source_reviewer: Any, cluster_leader: Any
) -> None:
    reviewer_codes = {item.criterion.code for item in selectors.verification_queue(data_source_reviewer)}
    assert reviewer_codes == {"1.1", "1.2"}
    assert len(selectors.verification_queue(data_source_reviewer)) == 6
    leader_codes = {item.criterion.code for item in selectors.verification_queue(cluster_leader)}
    assert "1.1" not in leader_codes and "1.3" in leader_codes and len(leader_codes) == 18


def test_it_accepts_corrects_and_returns_single_lines(
    verifying: Cycle, data_source_reviewer: Any, cluster_leader: Any, unit_officer: Any
) -> None:
    accepted = line_of(verifying, "AN-MINH", "1.2")
    verification.line_verify(
        actor=data_source_reviewer, line=accepted, version=accepted.version, verdict="accept"
    )
    corrected = line_of(verifying, "AN-MINH", "1.1")
    verification.line_verify(
        actor=data_source_reviewer,
        line=corrected,
        version=corrected.version,
        verdict="correct",
        value="75",
        reason="Số quyết toán của Sở",
    )
    returned = line_of(verifying, "AN-MINH", "1.6")
    verification.line_verify(
        actor=cluster_leader,
        line=returned,
        version=returned.version,
        verdict="return",
        reason="Thiếu quyết định công nhận",
    )
    assert CriterionLine.objects.get(unit__code="AN-MINH", criterion="1.1").value_number == Decimal("75")
    corrected.refresh_from_db()
    assert (corrected.status, corrected.reported_value, corrected.verification_reason) == (
        "corrected",
        "78,4",
        "Số quyết toán của Sở",
    )
    event = AuditEvent.objects.get(action="cycle.line_correct")
    assert event.before == {"status": "submitted", "value": "78,4"} and event.after == {
        "status": "corrected",
        "value": "75",
    }
    assert Notification.objects.filter(
        user=unit_officer, text__startswith="Tiêu chí 1.6 của Xã An Minh được trả lại"
    ).exists()
    # Only the returned line reopens for the unit; saving it sends it back to its verifier.
    with pytest.raises(InvalidInput):
        reporting.line_save(
            actor=unit_officer, line=line_of(verifying, "AN-MINH", "1.5"), version=1, value="82", comment=""
        )
    returned.refresh_from_db()
    reporting.line_save(
        actor=unit_officer,
        line=returned,
        version=returned.version,
        value="3",
        comment="Đã bổ sung quyết định",
    )
    returned.refresh_from_db()
    assert returned.status == LineStatus.SUBMITTED and audit_count("cycle.line_resubmit") == 1


def test_it_refuses_a_reviewer_verifying_another_agencys_criterion(
    verifying: Cycle, data_source_reviewer: Any, unit_officer: Any
) -> None:
    line = line_of(verifying, "AN-MINH", "1.3")
    for user in (data_source_reviewer, unit_officer):
        with pytest.raises(AccessDenied):
            verification.line_verify(actor=user, line=line, version=line.version, verdict="accept")
    line.refresh_from_db()
    assert line.status == LineStatus.SUBMITTED and audit_count("cycle.line_accept") == 0


# --- publishing, appeals, freezing ----------------------------------------------------------------------


def test_it_publishes_answers_appeals_freezes_and_corrects_with_a_new_snapshot(
    verifying: Cycle, board_admin: Any, cluster_leader: Any, unit_officer: Any
) -> None:
    for line in lines_of(verifying):
        verification.line_verify(actor=board_admin, line=line, version=line.version, verdict="accept")
    cycle = cycle_services.cycle_advance(
        actor=board_admin, cycle=verifying, from_state=CycleState.VERIFICATION
    )
    assert cycle.state == CycleState.PROVISIONAL and cycle.provisional_snapshot is not None
    provisional = cycle.provisional_snapshot.results["units"]
    assert provisional[0]["code"] == "VINH-HOA"
    assert Notification.objects.filter(
        user=unit_officer, text__contains="đã công bố kết quả tạm thời"
    ).exists()

    line = line_of(cycle, "AN-MINH", "1.6")
    appeal = verification.appeal_file(
        actor=unit_officer, line=line, argument="Có thêm 1 ấp được công nhận trong tháng 12"
    )
    with pytest.raises(InvalidInput, match="Còn 1 kiến nghị chưa trả lời"):
        cycle_services.cycle_advance(
            actor=board_admin, cycle=cycle, from_state=CycleState.PROVISIONAL, override=True, reason="sớm"
        )
    with pytest.raises(AccessDenied):
        verification.appeal_answer(
            actor=unit_officer, appeal=appeal, accept=True, value="5", answer="tự duyệt"
        )
    verification.appeal_answer(
        actor=cluster_leader, appeal=appeal, accept=True, value="5", answer="Đã có quyết định công nhận"
    )
    assert Appeal.objects.get().status == "accepted"
    assert Notification.objects.filter(
        user=unit_officer, text__startswith="Kiến nghị về tiêu chí 1.6 được chấp nhận"
    ).exists()

    with pytest.raises(InvalidInput, match="Hạn kiến nghị đến hết ngày 31/12/2099"):
        cycle_services.cycle_advance(actor=board_admin, cycle=cycle, from_state=CycleState.PROVISIONAL)
    cycle = cycle_services.cycle_advance(
        actor=board_admin,
        cycle=cycle,
        from_state=CycleState.PROVISIONAL,
        override=True,
        reason="Mọi kiến nghị đã được trả lời",
    )
    assert cycle.state == CycleState.FINAL
    final = ScoreSnapshot.objects.get(pk=cycle.final_snapshot_id)
    an_minh = next(u for u in final.results["units"] if u["code"] == "AN-MINH")
    assert an_minh["nodes"]["1.6"]["points"] == "30.00"
    with pytest.raises(InvalidInput):
        cycle_services.cycle_move_back(
            actor=board_admin, cycle=cycle, from_state=CycleState.FINAL, reason="mở lại"
        )

    snapshot = cycle_services.final_correct(
        actor=board_admin,
        cycle=cycle,
        line=line_of(cycle, "AN-MINH", "3.4"),
        value="20",
        reason="Thanh tra phát hiện sai",
    )
    cycle.refresh_from_db()
    assert cycle.final_snapshot_id == snapshot.pk != final.pk
    assert ScoreSnapshot.objects.filter(pk=final.pk).exists()
    event = AuditEvent.objects.get(action="cycle.final_correct")
    assert {
        "unit": "AN-MINH",
        "node": "3.4",
        "what": "Điểm",
        "before": "27.00",
        "after": "20.00",
    } in event.after["differences"]
    assert [h.pk for h in published_chain(cycle)][-1] == snapshot.pk


def test_it_refuses_a_reviewer_of_a_same_named_agency_in_another_province(verifying: Cycle, org: Org) -> None:
    # Every province has a Sở Tài chính. A reviewer for the other province's one, who also reviews for an agency
    # of this province, must not verify this province's Sở Tài chính criteria by the name alone.
    from thidua.org import services as org_services
    from thidua.org.models import UnitLevel

    def agency(province: Any, code: str, name: str) -> Any:
        return org_services.unit_create(
            actor=SYSTEM,
            province=province,
            level=UnitLevel.DEPARTMENT,
            code=code,
            name=name,
            is_data_source=True,
        )

    other_finance = agency(org.other_province, "SO-TAI-CHINH", "Sở Tài chính")
    health = agency(org.province, "SO-Y-TE", "Sở Y tế")
    reviewer = make_persona(
        "nguonkhac",
        "Cán bộ Sở Tài chính tỉnh khác",
        [(Role.DATA_SOURCE_REVIEWER, other_finance, None), (Role.DATA_SOURCE_REVIEWER, health, None)],
    )
    assert {item.criterion.code for item in selectors.verification_queue(reviewer)} == set()
    line = line_of(verifying, "AN-MINH", "1.1")
    before = (line.status, line.version, line.verified_by_id)
    events = AuditEvent.objects.count()
    with pytest.raises(AccessDenied):
        verification.line_verify(actor=reviewer, line=line, version=line.version, verdict="accept")
    line.refresh_from_db()
    assert (line.status, line.version, line.verified_by_id) == before
    assert AuditEvent.objects.count() == events
