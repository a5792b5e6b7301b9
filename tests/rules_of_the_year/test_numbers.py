"""Issue 10, seen 11 and build 5: a number that reads two ways is refused, with both readings, on the pages and
through the API, and changes nothing; "1.200" is one thousand two hundred everywhere."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from thidua.agreements.models import CriterionLine
from thidua.agreements.tests.helpers import imported
from thidua.conftest import PERSONA_PASSWORD, Org
from thidua.core.models import AuditEvent
from thidua.cycle.models import Cycle, CycleState
from thidua.cycle.tests.conftest import line_of, move_to, submit_all

pytestmark = pytest.mark.django_db
API = "/api/v1"
AMBIGUOUS = (
    "“1.5” không rõ nghĩa: viết 1,5 (số thập phân, dùng dấu phẩy) hay 1.500 (dấu chấm ngăn cách hàng nghìn)"
)


def login(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PERSONA_PASSWORD)
    return client


def api(user: Any, method: str, url: str, body: Any) -> Any:
    return login(user).generic(method, API + url, data=json.dumps(body), content_type="application/json")


def state_of(line: CriterionLine) -> tuple[Any, ...]:
    stored = CriterionLine.objects.get(unit_id=line.unit_id, criterion=line.criterion)
    fresh = CriterionLine.objects.get(pk=line.pk)
    return (stored.value_number, fresh.version, fresh.status, AuditEvent.objects.count())


@pytest.fixture
def reporting(cycle: Cycle) -> Cycle:
    return move_to(cycle, CycleState.REPORTING)


@pytest.fixture
def verifying(cycle: Cycle, unit_officer: Any, cluster_leader: Any) -> Cycle:
    cycle = move_to(cycle, CycleState.REPORTING)
    submit_all(cycle, {"AN-MINH": unit_officer, "VINH-HOA": cluster_leader})
    return move_to(cycle, CycleState.VERIFICATION)


def test_it_refuses_an_ambiguous_value_on_the_report_page(reporting: Cycle, unit_officer: Any) -> None:
    line = line_of(reporting, "AN-MINH", "1.1")
    before = state_of(line)
    response = login(unit_officer).post(
        reverse("cycle:line_save", args=[line.pk]),
        {"version": 0, "value": "1.5", "comment": ""},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert AMBIGUOUS in response.content.decode()
    assert state_of(line) == before


def test_it_refuses_an_ambiguous_value_through_the_api(reporting: Cycle, unit_officer: Any) -> None:
    line = line_of(reporting, "AN-MINH", "1.1")
    before = state_of(line)
    response = api(unit_officer, "PUT", f"/cycle-lines/{line.pk}", {"version": 0, "value": "1.5"})
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "invalid_input",
        "message": f"Tiêu chí 1.1: {AMBIGUOUS}.",
        "details": {"field": "value"},
    }
    assert state_of(line) == before


def test_it_stores_1_200_through_the_api_as_one_thousand_two_hundred(
    reporting: Cycle, unit_officer: Any
) -> None:
    line = line_of(reporting, "AN-MINH", "1.3")
    response = api(unit_officer, "PUT", f"/cycle-lines/{line.pk}", {"version": 0, "value": "1.200"})
    assert response.status_code == 200, response.content
    assert response.json()["value"] == "1.200"
    assert CriterionLine.objects.get(unit__code="AN-MINH", criterion="1.3").value_number == Decimal(1200)


def test_it_refuses_an_ambiguous_correction_on_the_verification_page_and_through_the_api(
    verifying: Cycle, data_source_reviewer: Any
) -> None:
    line = line_of(verifying, "AN-MINH", "1.1")
    before = state_of(line)
    page = login(data_source_reviewer).post(
        reverse("cycle:line_verify", args=[line.pk]),
        {"version": line.version, "verdict": "correct", "value": "1.5", "reason": "Theo số quyết toán"},
        follow=True,
    )
    assert page.status_code == 200
    assert f"Tiêu chí 1.1: {AMBIGUOUS}." in page.content.decode()
    assert state_of(line) == before
    through_api = api(
        data_source_reviewer,
        "POST",
        f"/cycle-lines/{line.pk}/verify",
        {"version": line.version, "verdict": "correct", "value": "1.5", "reason": "Theo số quyết toán"},
    )
    assert through_api.status_code == 400
    assert through_api.json()["error"]["message"] == f"Tiêu chí 1.1: {AMBIGUOUS}."
    assert state_of(line) == before


def test_it_refuses_an_ambiguous_target_on_the_target_page(org: Org, board_admin: Any) -> None:
    imported(org.cluster_year)
    url = reverse("agreements:target_edit", args=[org.cluster_year.pk, org.units["AN-MINH"].pk, "1.1"])
    before = (
        CriterionLine.objects.get(unit=org.units["AN-MINH"], criterion="1.1").target,
        AuditEvent.objects.count(),
    )
    response = login(board_admin).post(url, {"target": "1.5", "source": "local", "reason": "Điều chỉnh"})
    assert response.status_code == 400
    assert AMBIGUOUS in response.content.decode()
    after = (
        CriterionLine.objects.get(unit=org.units["AN-MINH"], criterion="1.1").target,
        AuditEvent.objects.count(),
    )
    assert after == before
    saved = login(board_admin).post(url, {"target": "1.200,5", "source": "local", "reason": "Điều chỉnh"})
    assert saved.status_code == 302
    assert CriterionLine.objects.get(unit=org.units["AN-MINH"], criterion="1.1").target == Decimal("1200.5")
    form = login(board_admin).get(url).content.decode()
    assert 'value="1.200,5"' in form  # shown back as it was read
