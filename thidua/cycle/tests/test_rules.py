"""The rules of the year held by the services (issue 10, items 3, 4, 5 and 12): final results are frozen and one
function says which results are in force; signed targets change only by an amendment; freezing waits for the
appeal deadline unless the board decides otherwise with a reason; deadlines belong to their year, keep their order
and a moved reporting deadline is previewed and confirmed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from thidua.agreements.models import CriterionLine, ScoreSnapshot, Submission
from thidua.agreements.services.agreements import target_set
from thidua.agreements.services.snapshots import snapshot_create
from thidua.agreements.tests.helpers import example_package, example_yaml, imported
from thidua.conference.results import final_results
from thidua.core.errors import AccessDenied, InvalidInput
from thidua.core.models import AuditEvent
from thidua.cycle.lateness import reporting_deadline_preview
from thidua.cycle.models import Amendment, Cycle, CycleState, Notification
from thidua.cycle.results import published_chain, results_in_force
from thidua.cycle.services import cycles as cycle_services
from thidua.cycle.services import signing, verification
from thidua.cycle.services.common import agreement_of, today
from thidua.cycle.tests.conftest import SYSTEM, line_of, move_to, pdf
from thidua.engine.model import LateReport
from thidua.org.models import ClusterYear
from thidua.packages import read_package
from thidua.reporting.sources import package_for_cluster_year

SIGNED_RULE = (
    "Xã An Minh đã ký giao ước Cụm thi đua số 5 năm 2026: chỉ tiêu đã ký chỉ được sửa qua đề nghị sửa chỉ tiêu "
    "(ghi lý do, cụm trưởng, khối trưởng hoặc Ban Thi đua – Khen thưởng duyệt, đơn vị được thông báo)."
)


def final_rule(what: str) -> str:
    return (
        f"Kết quả Cụm thi đua số 5 năm 2026 đã chính thức: không sửa {what} được nữa. Sau khi kết quả chính thức, "
        "mọi thay đổi phải qua điều chỉnh kết quả chính thức của Ban Thi đua – Khen thưởng (ghi lý do, chấm điểm "
        "lại thành bản kết quả mới và lưu các chênh lệch)."
    )


def refusals() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="rule.refused").order_by("id"))


def _set_target(actor: Any, cycle: Cycle, code: str, criterion: str, target: str) -> Any:
    return target_set(
        actor=actor,
        agreement=agreement_of(cycle),
        unit=cycle.cluster_year.memberships.get(unit__code=code).unit,
        criterion=criterion,
        target=Decimal(target),
        source="",
        reason="Hội nghị thống nhất",
    )


def _target(code: str, criterion: str) -> Decimal | None:
    return CriterionLine.objects.get(unit__code=code, criterion=criterion).target


# --- item 4: signed targets ---------------------------------------------------------------------------------


def test_it_lets_the_leader_edit_a_target_before_the_unit_signs(cycle: Cycle, cluster_leader: Any) -> None:
    cycle = move_to(cycle, CycleState.SIGNING)
    _set_target(cluster_leader, cycle, "AN-MINH", "1.1", "55")
    assert _target("AN-MINH", "1.1") == Decimal("55")


@pytest.mark.parametrize("who", ["board_admin", "cluster_leader"])
def test_it_refuses_changing_a_signed_target_directly_and_records_who_tried(
    cycle: Cycle, org: Any, unit_officer: Any, who: str, request: Any
) -> None:
    actor = request.getfixturevalue(who)
    cycle = move_to(cycle, CycleState.SIGNING)
    signing.signature_record(actor=unit_officer, cycle=cycle, unit=org.units["AN-MINH"], document=pdf())
    with pytest.raises(InvalidInput) as refused:
        _set_target(actor, cycle, "AN-MINH", "1.1", "40")
    assert refused.value.message == SIGNED_RULE
    assert _target("AN-MINH", "1.1") == Decimal("52")
    assert not AuditEvent.objects.filter(action="agreement.target_set").exists()
    (event,) = refusals()
    assert (event.actor, event.reason, event.after["attempted"]) == (
        actor,
        SIGNED_RULE,
        "agreement.target_set",
    )
    assert (event.after["unit"], event.after["criterion"], event.after["target"]) == ("AN-MINH", "1.1", "40")
    # Another member that has not signed yet keeps its targets editable.
    _set_target(actor, cycle, "THANH-LOC", "1.1", "39")
    assert _target("THANH-LOC", "1.1") == Decimal("39")


def test_it_changes_a_signed_target_through_an_approved_amendment_and_tells_the_unit(
    cycle: Cycle, org: Any, unit_officer: Any, cluster_leader: Any
) -> None:
    cycle = move_to(cycle, CycleState.SIGNING)
    signing.signature_record(actor=unit_officer, cycle=cycle, unit=org.units["AN-MINH"], document=pdf())
    amendment = signing.amendment_request(
        actor=unit_officer,
        cycle=cycle,
        unit=org.units["AN-MINH"],
        criterion="1.1",
        new_target=Decimal("48"),
        reason="Tỉnh giao lại chỉ tiêu",
    )
    signing.amendment_decide(actor=cluster_leader, amendment=amendment, approve=True, reason="Đúng văn bản")
    assert _target("AN-MINH", "1.1") == Decimal("48")
    assert Amendment.objects.get().old_target == Decimal("52")
    assert Notification.objects.filter(
        user=unit_officer, text="Đề nghị sửa chỉ tiêu 1.1 được chấp nhận"
    ).exists()
    # The approved amendment carries out exactly its own change, and only once through the rule.
    with pytest.raises(InvalidInput, match="chỉ tiêu đã ký chỉ được sửa qua đề nghị"):
        target_set(
            actor=cluster_leader,
            agreement=agreement_of(cycle),
            unit=org.units["AN-MINH"],
            criterion="1.1",
            target=Decimal("30"),
            source="",
            reason="lợi dụng đề nghị đã duyệt",
            amendment=Amendment.objects.get(),
        )
    assert _target("AN-MINH", "1.1") == Decimal("48")


# --- item 5: freezing -------------------------------------------------------------------------------------


def test_it_refuses_freezing_before_the_appeal_deadline_without_the_boards_reason(
    cycle: Cycle, board_admin: Any, cluster_leader: Any
) -> None:
    cycle = move_to(cycle, CycleState.PROVISIONAL)
    with pytest.raises(AccessDenied) as by_leader:
        cycle_services.cycle_advance(
            actor=cluster_leader, cycle=cycle, from_state=CycleState.PROVISIONAL, override=True, reason="xong"
        )
    assert by_leader.value.message == (
        "Chỉ Ban Thi đua – Khen thưởng được công bố kết quả chính thức; cụm trưởng, khối trưởng không được chốt "
        "kết quả."
    )
    with pytest.raises(InvalidInput) as by_board:
        cycle_services.cycle_advance(actor=board_admin, cycle=cycle, from_state=CycleState.PROVISIONAL)
    assert by_board.value.message == (
        "Hạn kiến nghị đến hết ngày 31/12/2099: kết quả chỉ chính thức sau hạn kiến nghị. Muốn công bố sớm hơn, "
        "Ban Thi đua – Khen thưởng chọn “công bố sớm” và ghi lý do."
    )
    with pytest.raises(InvalidInput, match="công bố kết quả chính thức trước hạn kiến nghị phải ghi lý do"):
        cycle_services.cycle_advance(
            actor=board_admin, cycle=cycle, from_state=CycleState.PROVISIONAL, override=True
        )
    cycle.refresh_from_db()
    assert cycle.state == CycleState.PROVISIONAL and cycle.final_snapshot_id is None
    assert [(e.actor, e.after["attempted"]) for e in refusals()] == [
        (cluster_leader, "cycle.advance"),
        (board_admin, "cycle.advance"),
        (board_admin, "cycle.advance"),
    ]


def test_it_freezes_early_only_by_the_boards_stated_reason_and_shows_it(
    cycle: Cycle, board_admin: Any, client: Client
) -> None:
    cycle = move_to(cycle, CycleState.PROVISIONAL)
    cycle = cycle_services.cycle_advance(
        actor=board_admin,
        cycle=cycle,
        from_state=CycleState.PROVISIONAL,
        override=True,
        reason="Các đơn vị đã thống nhất, không kiến nghị",
    )
    assert cycle.state == CycleState.FINAL
    event = AuditEvent.objects.filter(action="cycle.advance").latest("id")
    assert (event.actor, event.after["early"], event.after["appeal_deadline"]) == (
        board_admin,
        True,
        "2099-12-31",
    )
    assert event.reason == "Các đơn vị đã thống nhất, không kiến nghị"
    client.force_login(board_admin)
    for page in ("cycle:results", "cycle:detail"):
        body = client.get(reverse(page, args=[cycle.pk])).content.decode()
        assert (
            "do Cán bộ Ban Thi đua – Khen thưởng công bố, sớm trước hạn kiến nghị 31/12/2099. Lý do: Các đơn vị "
            "đã thống nhất, không kiến nghị"
        ) in body


def test_it_freezes_without_a_reason_once_the_appeal_deadline_has_passed(
    cycle: Cycle, board_admin: Any
) -> None:
    cycle = move_to(cycle, CycleState.PROVISIONAL)
    # The appeal window closed yesterday (set on the row: the test must not depend on the calendar's year).
    Cycle.objects.filter(pk=cycle.pk).update(appeal_deadline=today() - dt.timedelta(days=1))
    cycle.refresh_from_db()
    cycle = cycle_services.cycle_advance(actor=board_admin, cycle=cycle, from_state=CycleState.PROVISIONAL)
    assert cycle.state == CycleState.FINAL
    assert AuditEvent.objects.filter(action="cycle.advance").latest("id").after["early"] is False


def test_it_never_freezes_while_an_appeal_waits_even_when_the_board_decides_early(
    cycle: Cycle, board_admin: Any, unit_officer: Any
) -> None:
    cycle = move_to(cycle, CycleState.PROVISIONAL)
    verification.appeal_file(actor=unit_officer, line=line_of(cycle, "AN-MINH", "1.6"), argument="Thiếu 1 ấp")
    with pytest.raises(InvalidInput) as refused:
        cycle_services.cycle_advance(
            actor=board_admin, cycle=cycle, from_state=CycleState.PROVISIONAL, override=True, reason="gấp"
        )
    assert refused.value.message == (
        "Còn 1 kiến nghị chưa trả lời: kết quả chỉ chính thức khi mọi kiến nghị đã được trả lời."
    )
    cycle.refresh_from_db()
    assert cycle.state == CycleState.PROVISIONAL


# --- item 3: frozen results and the results in force -------------------------------------------------------


@pytest.fixture
def final_cycle(cycle: Cycle) -> Cycle:
    return move_to(cycle, CycleState.FINAL)


def test_it_refuses_changing_a_target_after_the_results_are_final(
    final_cycle: Cycle, cluster_leader: Any
) -> None:
    with pytest.raises(InvalidInput) as refused:
        _set_target(cluster_leader, final_cycle, "THANH-LOC", "1.1", "10")
    assert refused.value.message == final_rule("chỉ tiêu 1.1 của Xã Thạnh Lộc")
    assert _target("THANH-LOC", "1.1") == Decimal("38")
    (event,) = refusals()
    assert (event.actor, event.after["attempted"]) == (cluster_leader, "agreement.target_set")


def test_it_keeps_every_reader_on_the_frozen_results_after_a_stray_snapshot(
    final_cycle: Cycle, cluster_leader: Any, board_admin: Any, client: Client
) -> None:
    frozen = ScoreSnapshot.objects.get(pk=final_cycle.final_snapshot_id)
    # A figure changed by a write the rules of the year do not reach, then a leader scores again.
    CriterionLine.objects.filter(unit__code="VINH-HOA", criterion="1.1").update(value_number=Decimal(0))
    stray = snapshot_create(
        actor=cluster_leader, cluster_year=final_cycle.cluster_year, reason="Chấm thử sau khi chính thức"
    )
    totals = {u["code"]: u["total"] for u in frozen.results["units"]}
    assert {u["code"]: u["total"] for u in stray.results["units"]}["VINH-HOA"] != totals["VINH-HOA"]

    cluster_year = final_cycle.cluster_year
    assert results_in_force(cluster_year) == frozen
    conference = final_results(cluster_year)
    assert conference is not None
    assert {u.code: str(u.total) for u in conference.units} == {k: str(Decimal(v)) for k, v in totals.items()}
    assert package_for_cluster_year(cluster_year) == read_package(frozen.inputs)[0]
    client.force_login(board_admin)
    api = json.loads(client.get(f"/api/v1/cluster-years/{cluster_year.pk}/results").content)
    assert (api["snapshot_id"], api["final"]) == (frozen.pk, True)
    assert {u["code"]: Decimal(u["total"]) for u in api["units"]} == {
        k: Decimal(v) for k, v in totals.items()
    }
    page = client.get(reverse("cycle:results", args=[final_cycle.pk])).content.decode()
    assert "Chấm thử sau khi chính thức" not in page and "chuẩn bị kiểm thử" in page
    assert stray not in published_chain(final_cycle)


def test_it_puts_a_correction_in_force_with_its_differences(final_cycle: Cycle, board_admin: Any) -> None:
    frozen_id = final_cycle.final_snapshot_id
    corrected = cycle_services.final_correct(
        actor=board_admin,
        cycle=final_cycle,
        line=line_of(final_cycle, "AN-MINH", "3.4"),
        value="20",
        reason="Thanh tra phát hiện sai",
    )
    assert results_in_force(final_cycle.cluster_year) == corrected
    event = AuditEvent.objects.get(action="cycle.final_correct")
    assert event.before["snapshot"] == frozen_id and event.after["snapshot"] == corrected.pk
    assert event.after["differences"]
    final_cycle.refresh_from_db()
    assert [s.pk for s in published_chain(final_cycle)][-2:] == [frozen_id, corrected.pk]


def test_it_shows_no_results_in_force_before_publishing_even_with_a_snapshot(
    cycle: Cycle, cluster_leader: Any
) -> None:
    snapshot_create(actor=cluster_leader, cluster_year=cycle.cluster_year, reason="Chấm thử")
    assert results_in_force(cycle.cluster_year) is None
    assert final_results(cycle.cluster_year) is None


def test_it_reads_the_latest_scoring_of_a_year_kept_outside_the_cycle(org: Any, cluster_leader: Any) -> None:
    imported(org.cluster_year)
    first = snapshot_create(actor=cluster_leader, cluster_year=org.cluster_year, reason="lần 1")
    second = snapshot_create(actor=cluster_leader, cluster_year=org.cluster_year, reason="lần 2")
    assert results_in_force(org.cluster_year) == second != first


# --- item 12: deadlines -----------------------------------------------------------------------------------

LATE = LateReport(deadline=dt.date(2026, 12, 20), points_per_day=Decimal(1), cap=Decimal(10))
SUBMITTED = {
    "VINH-HOA": dt.date(2026, 12, 10),
    "THANH-LOC": dt.date(2026, 12, 12),
    "AN-MINH": dt.date(2026, 12, 16),
}


@pytest.fixture
def submitted_cycle(cluster_year: ClusterYear) -> Cycle:
    """Every member submitted on time for a 15/12/2026 reporting deadline; 1 point a day late, at most 10."""
    package = example_package()
    framework = dataclasses.replace(package.framework, late_report=LATE)
    inputs = dataclasses.replace(package.inputs, submitted=SUBMITTED)
    imported(cluster_year, example_yaml(dataclasses.replace(package, framework=framework, inputs=inputs)))
    cycle = cycle_services.cycle_create(actor=SYSTEM, cluster_year=cluster_year)
    return cycle_services.cycle_set_deadlines(
        actor=SYSTEM,
        cycle=cycle,
        signing_deadline=dt.date(2026, 4, 30),
        reporting_deadline=dt.date(2026, 12, 15),
        appeal_deadline=dt.date(2027, 1, 10),
        confirm_lateness=True,  # from the framework's 20/12 to 15/12: An Minh turns one day late
    )


def test_it_previews_whom_an_earlier_reporting_deadline_makes_late(submitted_cycle: Cycle) -> None:
    changes = reporting_deadline_preview(submitted_cycle, dt.date(2026, 12, 11))
    assert [c.text() for c in changes] == [
        "Xã Thạnh Lộc (nộp 12/12/2026): đúng hạn → trễ 1 ngày, điểm trừ 0,00 → 1,00",
        "Xã An Minh (nộp 16/12/2026): trễ 1 ngày → trễ 5 ngày, điểm trừ 1,00 → 5,00",
    ]
    assert changes[0].becomes_late and not changes[1].becomes_late
    assert reporting_deadline_preview(submitted_cycle, dt.date(2026, 12, 16))[0].stops_being_late


def test_it_moves_the_reporting_deadline_only_once_the_board_confirms_the_preview(
    submitted_cycle: Cycle, board_admin: Any
) -> None:
    days = {"signing_deadline": dt.date(2026, 4, 30), "appeal_deadline": dt.date(2027, 1, 10)}
    with pytest.raises(InvalidInput) as refused:
        cycle_services.cycle_set_deadlines(
            actor=board_admin, cycle=submitted_cycle, reporting_deadline=dt.date(2026, 12, 11), **days
        )
    assert refused.value.message == (
        "Đổi hạn báo cáo từ 15/12/2026 sang 11/12/2026 làm thay đổi điểm trừ nộp trễ của 2 đơn vị đã nộp: xem "
        "trước danh sách và xác nhận trước khi lưu."
    )
    submitted_cycle.refresh_from_db()
    assert submitted_cycle.reporting_deadline == dt.date(2026, 12, 15)
    assert refusals()[0].actor == board_admin
    cycle_services.cycle_set_deadlines(
        actor=board_admin,
        cycle=submitted_cycle,
        reporting_deadline=dt.date(2026, 12, 11),
        confirm_lateness=True,
        reason="Theo công văn mới",
        **days,
    )
    submitted_cycle.refresh_from_db()
    assert submitted_cycle.reporting_deadline == dt.date(2026, 12, 11)
    event = AuditEvent.objects.filter(action="cycle.deadlines").latest("id")
    assert event.before == {"reporting_deadline": "2026-12-15"}
    assert event.after["reporting_deadline"] == "2026-12-11" and len(event.after["lateness"]) == 2
    assert Submission.objects.count() == 3


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (
            (dt.date(2026, 4, 30), dt.date(2025, 12, 15), dt.date(2027, 1, 10)),
            "Hạn báo cáo 15/12/2025 không thuộc năm thi đua 2026: các hạn của năm 2026 phải từ 01/01/2026 đến "
            "31/03/2027, trước khi hội nghị tổng kết năm 2026 họp trong quý I năm 2027.",
        ),
        (
            (dt.date(2027, 1, 5), dt.date(2027, 1, 15), dt.date(2027, 1, 20)),
            "Hạn ký kết 05/01/2027 không thuộc năm thi đua 2026: giao ước năm 2026 được ký trong năm 2026 (từ "
            "01/01/2026 đến 31/12/2026).",
        ),
        (
            (dt.date(2026, 4, 30), dt.date(2026, 12, 15), dt.date(2027, 5, 1)),
            "Hạn kiến nghị 01/05/2027 không thuộc năm thi đua 2026: các hạn của năm 2026 phải từ 01/01/2026 đến "
            "31/03/2027, trước khi hội nghị tổng kết năm 2026 họp trong quý I năm 2027.",
        ),
        (
            (dt.date(2026, 4, 30), dt.date(2026, 3, 31), None),
            "Hạn báo cáo (31/03/2026) không được trước hạn ký kết (30/04/2026): thứ tự phải là hạn ký kết, hạn "
            "báo cáo, rồi hạn kiến nghị.",
        ),
        (
            (dt.date(2026, 4, 30), None, dt.date(2026, 4, 1)),
            "Hạn kiến nghị (01/04/2026) không được trước hạn ký kết (30/04/2026): thứ tự phải là hạn ký kết, hạn "
            "báo cáo, rồi hạn kiến nghị.",
        ),
    ],
)
def test_it_refuses_deadlines_outside_the_year_or_out_of_order(
    submitted_cycle: Cycle, board_admin: Any, days: tuple[Any, Any, Any], message: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        cycle_services.cycle_set_deadlines(
            actor=board_admin,
            cycle=submitted_cycle,
            signing_deadline=days[0],
            reporting_deadline=days[1],
            appeal_deadline=days[2],
            confirm_lateness=True,
        )
    assert refused.value.message == message
    submitted_cycle.refresh_from_db()
    assert (submitted_cycle.signing_deadline, submitted_cycle.reporting_deadline) == (
        dt.date(2026, 4, 30),
        dt.date(2026, 12, 15),
    )
    (event,) = refusals()
    assert (event.actor, event.after["attempted"], event.reason) == (board_admin, "cycle.deadlines", message)


def test_it_shows_results_through_the_api_only_to_those_who_may_see_them(
    cycle: Cycle, observer: Any, unit_officer: Any
) -> None:
    cycle = move_to(cycle, CycleState.PROVISIONAL)
    url = f"/api/v1/cluster-years/{cycle.cluster_year_id}/results"
    officer = Client()
    officer.force_login(unit_officer)
    shown = officer.get(url)
    assert shown.status_code == 200
    assert (shown.json()["snapshot_id"], shown.json()["final"]) == (cycle.provisional_snapshot_id, False)
    public = Client()
    public.force_login(observer)
    hidden = public.get(url)
    assert hidden.status_code == 404
    assert hidden.json()["error"]["message"] == "Chưa có kết quả được công bố cho bạn."


def test_it_rescores_the_final_results_after_a_veto_as_a_new_audited_correction(
    final_cycle: Cycle, cluster_leader: Any, org: Any
) -> None:
    from thidua.agreements.services.vetoes import agreement_veto_add
    from thidua.cycle.services.corrections import final_rescore

    frozen_id = final_cycle.final_snapshot_id
    with pytest.raises(InvalidInput, match="Chấm lại không làm thay đổi con số nào"):
        final_rescore(actor=cluster_leader, cycle=final_cycle, reason="Kiểm tra")
    assert not AuditEvent.objects.filter(action="cycle.final_correct").exists()
    final_cycle.refresh_from_db()
    assert final_cycle.final_snapshot_id == frozen_id
    agreement_veto_add(
        actor=cluster_leader,
        cluster_year=final_cycle.cluster_year,
        unit=org.units["VINH-HOA"],
        reason="Vi phạm",
    )
    assert results_in_force(final_cycle.cluster_year).pk == frozen_id  # a veto alone changes no frozen number
    corrected = final_rescore(
        actor=cluster_leader, cycle=final_cycle, reason="Hội nghị không xét Xã Vĩnh Hòa"
    )
    in_force = results_in_force(final_cycle.cluster_year)
    assert in_force == corrected and in_force.pk != frozen_id
    vinh_hoa = next(u for u in in_force.results["units"] if u["code"] == "VINH-HOA")
    assert (vinh_hoa["rank"], vinh_hoa["vetoed"]) == (None, "Vi phạm")
    event = AuditEvent.objects.get(action="cycle.final_correct")
    assert (event.actor, event.before["snapshot"], event.after["snapshot"]) == (
        cluster_leader,
        frozen_id,
        corrected.pk,
    )
    assert event.after["differences"]
