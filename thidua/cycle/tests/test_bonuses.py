"""Bonus items and deductions in the browser (issue 10, item 8): a unit claims a framework bonus item with
evidence on its report page, the leader or the board accepts or refuses it from the verification queue, the leader
or the board records a deduction and may withdraw it; only accepted claims and recorded deductions reach the
engine, the results' explanation, the package export and the snapshot."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from thidua.agreements.models import BonusAward
from thidua.conftest import PERSONA_PASSWORD, Org
from thidua.cycle.models import Cycle, CycleState
from thidua.cycle.tests.conftest import move_to, pdf


def client_for(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PERSONA_PASSWORD)
    return client


@pytest.fixture
def reporting_cycle(cycle: Cycle) -> Cycle:
    return move_to(cycle, CycleState.REPORTING)


def test_it_lets_a_unit_claim_a_bonus_item_on_its_report_page(
    reporting_cycle: Cycle, unit_officer: Any, org: Org
) -> None:
    unit = org.units["AN-MINH"]
    response = client_for(unit_officer).post(
        f"/nam-thi-dua/{reporting_cycle.pk}/bao-cao/{unit.pk}/diem-thuong/",
        {"item": "co_cp", "note": "Quyết định 123/QĐ-TTg", "file": pdf("co-chinh-phu.pdf")},
    )
    assert response.status_code == 302
    assert BonusAward.objects.filter(unit=unit, item="co_cp").exists()
    page = client_for(unit_officer).get(reverse("cycle:report", args=[reporting_cycle.pk, unit.pk]))
    assert "Được tặng Cờ thi đua của Chính phủ năm trước" in page.content.decode()
