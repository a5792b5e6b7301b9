"""Opening the signing of a year whose framework asks for no target (issue 10, seen in the browser walk of
tests/browser/test_year_from_nothing.py): "giao ước chưa có chỉ tiêu nào" is a missing step only when some
criterion of the framework is scored against a target."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from thidua.agreements.models import FrameworkVersion
from thidua.agreements.services import agreements as agreement_services
from thidua.agreements.services import frameworks as framework_services
from thidua.conftest import Org
from thidua.core.errors import InvalidInput
from thidua.cycle.models import Cycle, CycleState
from thidua.cycle.services import cycles as cycle_services

pytestmark = pytest.mark.django_db


def _framework(board_admin: Any, province: Any, name: str, rule: dict[str, Any]) -> FrameworkVersion:
    draft = framework_services.framework_create(
        actor=board_admin,
        province=province,
        name=name,
        document={
            "standard_points": "100",
            "bonus_cap": "0",
            "not_applicable": "renormalize",
            "sections": [
                {
                    "code": "1",
                    "title": "Kinh tế - xã hội",
                    "max": "100",
                    "children": [
                        {"code": "1.1", "title": "Số lao động có việc làm mới", "max": "100", "rule": rule}
                    ],
                }
            ],
        },
    )
    return framework_services.framework_version_publish(
        actor=board_admin, version=draft, decision_number="9/QĐ"
    )


def _cycle(org: Org, board_admin: Any, version: FrameworkVersion) -> Cycle:
    agreement_services.agreement_framework_set(
        actor=board_admin, cluster_year=org.cluster_year, framework_version=version
    )
    cycle = cycle_services.cycle_create(actor=board_admin, cluster_year=org.cluster_year)
    # Deadlines on the row itself, as the cycle tests do: the window of the deadlines page is not this test's.
    Cycle.objects.filter(pk=cycle.pk).update(
        signing_deadline=dt.date(2026, 4, 30), reporting_deadline=dt.date(2027, 3, 15)
    )
    cycle.refresh_from_db()
    return cycle


def test_it_opens_signing_when_no_criterion_of_the_framework_uses_a_target(
    org: Org, board_admin: Any, province: Any
) -> None:
    threshold = {"type": "threshold", "op": ">=", "value": "1000", "against": "value", "else_points": "0"}
    cycle = _cycle(org, board_admin, _framework(board_admin, province, "Thang điểm ngưỡng", threshold))

    moved = cycle_services.cycle_advance(actor=board_admin, cycle=cycle, from_state=CycleState.SETUP)

    assert moved.state == CycleState.SIGNING
    assert Cycle.objects.get(pk=cycle.pk).state == CycleState.SIGNING


def test_it_still_asks_for_targets_when_a_criterion_is_scored_against_one(
    org: Org, board_admin: Any, province: Any
) -> None:
    ratio = {"type": "ratio", "direction": "higher"}
    cycle = _cycle(org, board_admin, _framework(board_admin, province, "Thang điểm tỷ lệ", ratio))

    with pytest.raises(InvalidInput) as refused:
        cycle_services.cycle_advance(actor=board_admin, cycle=cycle, from_state=CycleState.SETUP)

    assert refused.value.message == "Chưa chuyển được: giao ước chưa có chỉ tiêu nào."
    assert Cycle.objects.get(pk=cycle.pk).state == CycleState.SETUP
