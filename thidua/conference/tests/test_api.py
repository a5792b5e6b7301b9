"""The conference API: a delegate casts through it once, an outsider cannot see the ballot."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from thidua.conference.models import Vote
from thidua.conference.tests.conftest import honour_ballot
from thidua.conftest import PERSONA_PASSWORD, Org

pytestmark = pytest.mark.django_db


def test_it_casts_once_through_the_api(org: Org, unit_officer: User) -> None:
    ballot = honour_ballot(org)
    client = Client()
    client.login(username=unit_officer.username, password=PERSONA_PASSWORD)
    url = f"/api/v1/conference/ballots/{ballot.pk}/votes"
    assert client.post(url, {"choice": "approve"}, content_type="application/json").status_code == 201
    again = client.post(url, {"choice": "reject"}, content_type="application/json")
    assert again.status_code == 409
    assert again.json()["error"]["message"] == "Xã An Minh đã bỏ phiếu; mỗi đại biểu chỉ bỏ một phiếu."
    assert Vote.objects.filter(ballot=ballot).count() == 1
    shown = client.get(f"/api/v1/conference/ballots/{ballot.pk}").json()
    assert shown["status"] == "open" and shown["result_reason"] == ""


def test_it_hides_the_ballot_from_an_outsider(org: Org, outsider: User) -> None:
    ballot = honour_ballot(org)
    client = Client()
    client.login(username=outsider.username, password=PERSONA_PASSWORD)
    assert client.get(f"/api/v1/conference/ballots/{ballot.pk}").status_code in (401, 403)
    assert client.post(
        f"/api/v1/conference/ballots/{ballot.pk}/votes",
        {"choice": "approve"},
        content_type="application/json",
    ).status_code in (401, 403)
    assert not Vote.objects.exists()
