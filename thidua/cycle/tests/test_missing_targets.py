"""Issue 11 item 8: a target-based criterion a member has no target for silently became "không áp dụng" (and
changed a winner). The agreement's targets page and the results page now warn, by member and criterion."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from thidua.agreements.tests.helpers import example_package, example_yaml, imported
from thidua.cycle.models import Cycle, CycleState
from thidua.cycle.services import cycles as cycle_services
from thidua.cycle.tests.conftest import SYSTEM, move_to
from thidua.cycle.tests.test_pages import client_for
from thidua.org.models import ClusterYear

pytestmark = pytest.mark.django_db

WARNING = (
    "đơn vị AN-MINH (Xã An Minh) chưa được giao chỉ tiêu tiêu chí 1.1 (Tổng thu ngân sách nhà nước trên địa bàn): "
    "tiêu chí sẽ không áp dụng cho đơn vị"
)


@pytest.fixture
def untargeted(cluster_year: ClusterYear) -> Cycle:
    """The example without Xã An Minh's target for 1.1 (revenue), scored as provisional results."""
    package = example_package()
    targets = {code: dict(row) for code, row in package.inputs.targets.items()}
    del targets["1.1"]["AN-MINH"]
    package = dataclasses.replace(package, inputs=dataclasses.replace(package.inputs, targets=targets))
    imported(cluster_year, example_yaml(package))
    cycle = cycle_services.cycle_create(actor=SYSTEM, cluster_year=cluster_year)
    # Deadlines on the row, as the cycle tests' conftest does: the deadlines page's window (which refuses 2099)
    # is not this test's subject, and a far appeal deadline keeps the results provisional as the calendar moves.
    Cycle.objects.filter(pk=cycle.pk).update(
        signing_deadline=dt.date(2026, 4, 30),
        reporting_deadline=dt.date(2099, 12, 15),
        appeal_deadline=dt.date(2099, 12, 31),
    )
    cycle.refresh_from_db()
    return move_to(cycle, CycleState.PROVISIONAL)


def test_it_warns_on_the_results_page_of_a_member_without_a_target(
    untargeted: Cycle, board_admin: Any
) -> None:
    body = client_for(board_admin).get(reverse("cycle:results", args=[untargeted.pk])).content.decode()
    assert WARNING in body
    assert body.count("chưa được giao chỉ tiêu tiêu chí") == 1


def test_it_warns_on_the_agreements_targets_page(untargeted: Cycle, board_admin: Any) -> None:
    url = reverse("agreements:agreement_detail", args=[untargeted.cluster_year_id])
    body = client_for(board_admin).get(url).content.decode()
    assert WARNING in body


def test_it_says_nothing_when_every_member_has_its_targets(cycle: Cycle, board_admin: Any) -> None:
    cycle = move_to(cycle, CycleState.PROVISIONAL)
    body = client_for(board_admin).get(reverse("cycle:results", args=[cycle.pk])).content.decode()
    assert "chưa được giao chỉ tiêu" not in body
    url = reverse("agreements:agreement_detail", args=[cycle.cluster_year_id])
    assert "chưa được giao chỉ tiêu" not in client_for(board_admin).get(url).content.decode()
