"""A late year-end report: the framework's late_report gives the rate, the board's reporting deadline of the year
(else the framework's own) is the deadline; the published results, the pages and the exported file agree."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from thidua.accounts.access import SystemActor
from thidua.agreements.models import Agreement, LineStatus, ScoreSnapshot
from thidua.agreements.packaging import agreement_package, preview_upload
from thidua.agreements.services.snapshots import snapshot_create
from thidua.agreements.tests.helpers import example_package, example_yaml, imported
from thidua.cli import main
from thidua.conftest import PERSONA_PASSWORD, Org
from thidua.core.models import AuditEvent
from thidua.cycle.lines import lines_of
from thidua.cycle.models import Cycle, CycleState
from thidua.cycle.services import cycles as cycle_services
from thidua.cycle.services import reporting, verification
from thidua.cycle.services.common import today
from thidua.cycle.tests.conftest import move_to
from thidua.engine import Deduction
from thidua.engine.model import LateReport
from thidua.org import services as org_services
from thidua.org.models import ClusterYear, MemberRole
from thidua.packages import read_package

SYSTEM = SystemActor()
FRAMEWORK_DEADLINE = dt.date(2026, 12, 20)
RATE = LateReport(deadline=FRAMEWORK_DEADLINE, points_per_day=Decimal(1), cap=Decimal(10))


def client_for(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PERSONA_PASSWORD)
    return client


def late_yaml(
    late: LateReport | None = RATE, submitted: dict[str, dt.date] | None = None, year: int = 2026
) -> bytes:
    package = example_package()
    framework = dataclasses.replace(package.framework, late_report=late)
    inputs = dataclasses.replace(package.inputs, submitted=submitted or {})
    return example_yaml(dataclasses.replace(package, framework=framework, inputs=inputs, year=year))


def with_deadlines(cycle: Cycle, reporting_deadline: dt.date | None) -> Cycle:
    """The board's deadlines, confirming the lateness preview (these tests are about the scoring); the appeal
    window stays open 30 days from today, or to the last day the year's window allows."""
    _start, last_day = cycle_services.deadline_window(cycle.cluster_year.year)
    return cycle_services.cycle_set_deadlines(
        actor=SYSTEM,
        cycle=cycle,
        signing_deadline=reporting_deadline - dt.timedelta(days=60) if reporting_deadline else None,
        reporting_deadline=reporting_deadline,
        appeal_deadline=min(today() + dt.timedelta(days=30), last_day),
        confirm_lateness=True,
    )


@pytest.fixture
def late_cycle(cluster_year: ClusterYear) -> Cycle:
    """The cycle's reporting deadline passed three days ago; the framework charges 1 point a day, at most 10."""
    imported(cluster_year, late_yaml())
    cycle = cycle_services.cycle_create(actor=SYSTEM, cluster_year=cluster_year)
    return move_to(with_deadlines(cycle, today() - dt.timedelta(days=3)), CycleState.REPORTING)


def _submit(cycle: Cycle, user: Any, code: str) -> None:
    unit = cycle.cluster_year.memberships.get(unit__code=code).unit
    reporting.report_submit(actor=user, cycle=cycle, unit=unit)


def test_it_deducts_three_points_for_three_days_after_the_cycles_deadline_in_the_published_results(
    late_cycle: Cycle, board_admin: Any, cluster_leader: Any, unit_officer: Any
) -> None:
    deadline = late_cycle.reporting_deadline
    assert deadline is not None
    _submit(late_cycle, cluster_leader, "VINH-HOA")  # three days late; THANH-LOC never submits
    _submit(late_cycle, unit_officer, "AN-MINH")
    event = AuditEvent.objects.filter(action="cycle.report_submit").latest("id")
    assert event.after["late"] is True
    cycle = cycle_services.cycle_advance(
        actor=board_admin,
        cycle=late_cycle,
        from_state=CycleState.REPORTING,
        reason="Xã Thạnh Lộc không nộp báo cáo",
        override=True,
    )
    for line in lines_of(cycle).filter(status=LineStatus.SUBMITTED):
        verification.line_verify(actor=board_admin, line=line, version=line.version, verdict="accept")
    cycle = cycle_services.cycle_advance(
        actor=board_admin,
        cycle=cycle,
        from_state=CycleState.VERIFICATION,
        reason="Công bố khi Xã Thạnh Lộc chưa nộp",
        override=True,
    )
    snapshot = ScoreSnapshot.objects.get(pk=cycle.provisional_snapshot_id)
    units = {u["code"]: u for u in snapshot.results["units"]}
    assert units["VINH-HOA"]["deductions"] == "3.00"
    assert units["AN-MINH"]["deductions"] == "3.00"
    assert units["THANH-LOC"]["deductions"] == "18.00"  # the example's −8 and the cap of 10
    for unit in units.values():
        expected = Decimal(unit["standard"]) + Decimal(unit["bonus"]) - Decimal(unit["deductions"])
        assert Decimal(unit["total"]) == max(expected, Decimal(0))
    assert snapshot.inputs["framework"]["late_report"]["deadline"] == deadline.isoformat()

    page = client_for(cluster_leader).get(
        reverse("cycle:unit_results", args=[cycle.pk, cycle.cluster_year.memberships.get(order=1).unit_id])
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert f"−3,00 Nộp báo cáo trễ 3 ngày so với hạn {deadline:%d/%m/%Y} (1 điểm mỗi ngày, tối đa 10)" in body
    missing = client_for(board_admin).get(
        reverse("cycle:unit_results", args=[cycle.pk, cycle.cluster_year.memberships.get(order=2).unit_id])
    )
    assert f"−10,00 Không nộp báo cáo tổng kết (hạn {deadline:%d/%m/%Y})" in missing.content.decode()


def test_it_shows_the_deadline_and_the_rule_and_warns_before_a_late_submission(
    late_cycle: Cycle, unit_officer: Any
) -> None:
    deadline = late_cycle.reporting_deadline
    assert deadline is not None
    client = client_for(unit_officer)
    detail = client.get(reverse("cycle:detail", args=[late_cycle.pk])).content.decode()
    assert (
        f"Hạn nộp báo cáo {deadline:%d/%m/%Y} (hạn báo cáo Ban Thi đua – Khen thưởng đặt cho năm thi đua này): "
        "nộp trễ bị trừ 1 điểm mỗi ngày, tối đa 10 điểm; đơn vị không nộp báo cáo bị trừ 10 điểm."
    ) in detail
    an_minh = late_cycle.cluster_year.memberships.get(unit__code="AN-MINH").unit_id
    report = client.get(reverse("cycle:report", args=[late_cycle.pk, an_minh])).content.decode()
    assert (
        f"Đã quá hạn nộp báo cáo {deadline:%d/%m/%Y} 3 ngày; theo quy định sẽ bị trừ 1 điểm mỗi ngày, "
        "tối đa 10 điểm: nộp hôm nay bị trừ 3,00 điểm."
    ) in report
    client.post(reverse("cycle:report_submit", args=[late_cycle.pk, an_minh]))
    after = client.get(reverse("cycle:report", args=[late_cycle.pk, an_minh])).content.decode()
    assert 'id="late-warning"' not in after


def test_it_says_a_late_report_costs_nothing_when_the_framework_has_no_late_report(
    cycle: Cycle, unit_officer: Any
) -> None:
    detail = client_for(unit_officer).get(reverse("cycle:detail", args=[cycle.pk])).content.decode()
    assert "Theo thang điểm này, nộp báo cáo trễ không bị trừ điểm." in detail


def test_it_uses_the_frameworks_own_deadline_when_the_cycle_has_none(
    cluster_year: ClusterYear, board_admin: Any
) -> None:
    two_days_late = {"VINH-HOA": FRAMEWORK_DEADLINE + dt.timedelta(days=2), "AN-MINH": FRAMEWORK_DEADLINE}
    imported(cluster_year, late_yaml(submitted=two_days_late))
    cycle = cycle_services.cycle_create(actor=SYSTEM, cluster_year=cluster_year)
    assert cycle.reporting_deadline is None
    snapshot = snapshot_create(
        actor=board_admin, cluster_year=cluster_year, reason="Chấm theo hạn thang điểm"
    )
    units = {u["code"]: u["deductions"] for u in snapshot.results["units"]}
    assert units == {"VINH-HOA": "2.00", "THANH-LOC": "18.00", "AN-MINH": "0.00"}
    assert snapshot.inputs["framework"]["late_report"]["deadline"] == "2026-12-20"

    # Once the board sets the year's deadline, that one counts: a day after it is one day late.
    with_deadlines(cycle, FRAMEWORK_DEADLINE + dt.timedelta(days=1))
    package = agreement_package(Agreement.objects.get(cluster_year=cluster_year))
    assert package.framework.late_report == dataclasses.replace(
        RATE, deadline=FRAMEWORK_DEADLINE + dt.timedelta(days=1)
    )
    result = package.score()
    assert [e.reason for e in result.unit("VINH-HOA").deduction_entries] == [
        "Nộp báo cáo trễ 1 ngày so với hạn 21/12/2026 (1 điểm mỗi ngày, tối đa 10)"
    ]
    assert result.unit("AN-MINH").deductions == Decimal(0)


def test_it_exports_the_deadline_that_applied_so_the_command_line_gives_the_same_totals(
    cluster_year: ClusterYear, board_admin: Any, tmp_path: Path
) -> None:
    cycle_deadline = dt.date(2026, 12, 15)
    submitted = {"VINH-HOA": dt.date(2026, 12, 18), "AN-MINH": dt.date(2026, 12, 15)}
    imported(cluster_year, late_yaml(submitted=submitted))
    with_deadlines(cycle_services.cycle_create(actor=SYSTEM, cluster_year=cluster_year), cycle_deadline)
    snapshot = snapshot_create(actor=board_admin, cluster_year=cluster_year, reason="Chấm trước khi xuất")
    response = client_for(board_admin).get(
        reverse("agreements:agreement_export", args=[cluster_year.pk, "yaml"])
    )
    assert response.status_code == 200
    exported = tmp_path / "cum5.yaml"
    exported.write_bytes(response.content)
    assert "deadline: 2026-12-15" in response.content.decode()
    output = tmp_path / "results.json"
    assert main(["score", str(exported), "--format", "json", "--output", str(output)]) == 0
    scored = json.loads(output.read_text(encoding="utf-8"))
    totals = {u["code"]: (u["total"], u["deductions"]) for u in scored["units"]}
    assert totals == {u["code"]: (u["total"], u["deductions"]) for u in snapshot.results["units"]}
    assert totals["VINH-HOA"][1] == "3.00" and totals["THANH-LOC"][1] == "18.00"

    # Importing the exported file back is not a new framework: only the year's deadline differs.
    package, problems = read_package(snapshot.inputs)
    assert package is not None and not problems
    preview = preview_upload(cluster_year, "cum5.yaml", response.content)
    assert not preview.problems and not preview.framework_changed and preview.changes == []


def test_it_shows_the_change_against_last_years_final_results(
    org: Org, cycle: Cycle, board_admin: Any
) -> None:
    last = org_services.cluster_year_create(actor=SYSTEM, cluster=org.cluster, year=2025)
    org_services.membership_set(
        actor=SYSTEM,
        cluster_year=last,
        members=[
            org_services.MemberSpec(unit=org.units["VINH-HOA"], role=MemberRole.LEADER, order=1),
            org_services.MemberSpec(unit=org.units["THANH-LOC"], role=MemberRole.DEPUTY, order=2),
            org_services.MemberSpec(unit=org.units["AN-MINH"], role=MemberRole.MEMBER, order=3),
        ],
    )
    package = example_package()
    last_inputs = dataclasses.replace(
        package.inputs, deductions=(Deduction(unit="AN-MINH", points=Decimal(5), reason="Vi phạm năm 2025"),)
    )
    imported(last, example_yaml(dataclasses.replace(package, year=2025, inputs=last_inputs)))
    last_cycle = cycle_services.cycle_create(actor=SYSTEM, cluster_year=last)
    last_cycle = move_to(with_deadlines(last_cycle, dt.date(2025, 12, 15)), CycleState.FINAL)
    assert last_cycle.final_snapshot_id is not None

    cycle = move_to(cycle, CycleState.PROVISIONAL)
    body = client_for(board_admin).get(reverse("cycle:results", args=[cycle.pk])).content.decode()
    assert "So với năm trước" in body and "Thay đổi so với năm trước" in body
    assert body.count('<svg class="chart"') == 3
    chart = body[body.index("Thay đổi so với năm trước") :]
    # 2025 had −5 for An Minh and none of the example's −8 for Thạnh Lộc: one up, one down, one unchanged.
    for label in ("Xã An Minh – +5", "Xã Thạnh Lộc – -8", "Xã Vĩnh Hòa – 0"):
        assert f"<title>{label}</title>" in chart
    assert 'class="chart-up" x="370.00" y="30" width="125.00"' in chart
    assert 'class="chart-down" x="170.00" y="56" width="200.00"' in chart
