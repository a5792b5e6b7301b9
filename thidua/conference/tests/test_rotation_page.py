"""The election form offers both rotation rules of domain/cycle.md: the deputy leads next year, or the year's
leading unit does; the chosen rule pre-ticks the candidates and marks the suggested one on the ballot."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from thidua.agreements.models import Agreement
from thidua.conference.models import Ballot, Candidate
from thidua.conftest import Org
from thidua.core.models import AuditEvent

pytestmark = pytest.mark.django_db

DEPUTY_REASON = (
    "Xã Thạnh Lộc là cụm phó năm nay nên làm cụm trưởng; "
    "Xã An Minh là đơn vị kế tiếp theo thứ tự luân phiên nên làm cụm phó."
)
LEADING_REASON = (
    "Xã Vĩnh Hòa là đơn vị dẫn đầu năm nay nên làm cụm trưởng; "
    "Xã Thạnh Lộc là đơn vị kế tiếp theo thứ tự luân phiên nên làm cụm phó."
)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _ticked(body: str) -> set[str]:
    return set(re.findall(r'name="candidates" value="(\d+)"[^>]*checked', body))


def _scored(client: Client, org: Org) -> None:
    response = client.post(
        reverse("agreements:snapshot_list", args=[org.cluster_year.pk]), {"reason": "Chấm điểm cuối năm"}
    )
    assert response.status_code == 302


def test_it_explains_both_rules_and_waits_for_the_ranking_before_offering_the_leading_unit(
    org: Org, cluster_leader: User
) -> None:
    body = _client(cluster_leader).get(reverse("conference:cluster_year", args=[org.cluster_year.pk])).content
    page = body.decode()
    assert '<option value="deputy" selected>Cụm phó năm nay làm cụm trưởng</option>' in page
    assert '<option value="leading" disabled>Đơn vị dẫn đầu năm nay làm cụm trưởng</option>' in page
    assert DEPUTY_REASON in page
    assert "chưa có kết quả xếp hạng cuối cùng nên chưa biết đơn vị dẫn đầu." in page
    assert _ticked(page) == {str(org.units["THANH-LOC"].pk), str(org.units["AN-MINH"].pk)}


def test_it_suggests_the_leading_unit_when_the_chair_chooses_that_rule(
    org: Org, agreement: Agreement, cluster_leader: User, board_admin: User
) -> None:
    client = _client(cluster_leader)
    _scored(client, org)
    url = reverse("conference:cluster_year", args=[org.cluster_year.pk])
    page = client.get(url, {"luan_phien": "leading"}).content.decode()
    assert '<option value="leading" selected>Đơn vị dẫn đầu năm nay làm cụm trưởng</option>' in page
    assert LEADING_REASON in page and DEPUTY_REASON in page
    assert _ticked(page) == {str(org.units["VINH-HOA"].pk), str(org.units["THANH-LOC"].pk)}
    assert 'name="rotation" value="leading"' in page
    # The leader's and the deputy's units are candidates: neither chairs a vote about its own unit, the board does.
    refused = client.post(
        reverse("conference:election_create", args=[org.cluster_year.pk]),
        {
            "rotation": "leading",
            "purpose": "leader",
            "candidates": [org.units[c].pk for c in ("VINH-HOA", "THANH-LOC", "AN-MINH")],
            "title": "Bầu cụm trưởng năm 2027",
            "threshold": "more_than_half",
            "base": "voters",
        },
    )
    assert refused.status_code == 403 and not Ballot.objects.exists()
    created = _client(board_admin).post(
        reverse("conference:election_create", args=[org.cluster_year.pk]),
        {
            "rotation": "leading",
            "purpose": "leader",
            "candidates": [org.units[c].pk for c in ("VINH-HOA", "THANH-LOC", "AN-MINH")],
            "title": "Bầu cụm trưởng năm 2027",
            "threshold": "more_than_half",
            "base": "voters",
        },
    )
    ballot = Ballot.objects.get()
    assert created["Location"] == reverse("conference:ballot", args=[ballot.pk])
    suggested = Candidate.objects.filter(ballot=ballot, suggested=True).values_list("unit__code", flat=True)
    assert list(suggested) == ["VINH-HOA"]
    assert AuditEvent.objects.filter(action="ballot.create").count() == 1


def test_it_marks_the_deputy_as_suggested_under_the_usual_rule(
    org: Org, cluster_leader: User, unit_officer: User
) -> None:
    data = {
        "rotation": "deputy",
        "purpose": "leader",
        "candidates": [org.units[c].pk for c in ("THANH-LOC", "AN-MINH")],
        "title": "Bầu cụm trưởng năm 2027",
        "threshold": "more_than_half",
        "base": "voters",
    }
    refused = _client(unit_officer).post(
        reverse("conference:election_create", args=[org.cluster_year.pk]), data
    )
    assert refused.status_code == 403 and not Ballot.objects.exists()
    _client(cluster_leader).post(reverse("conference:election_create", args=[org.cluster_year.pk]), data)
    suggested = Candidate.objects.filter(suggested=True).values_list("unit__code", flat=True)
    assert list(suggested) == ["THANH-LOC"]
