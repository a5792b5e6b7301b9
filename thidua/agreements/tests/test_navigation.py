"""The menu and the cluster-year page link to frameworks, agreements, scores, the conference, the report and the
year's movements, each only for the people whose roles open it: every link shown opens, every link hidden refuses."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from thidua.agreements.tests.helpers import imported
from thidua.conftest import Org

pytestmark = pytest.mark.django_db
PERSONAS = [
    "board_admin",
    "council_member",
    "cluster_leader",
    "unit_officer",
    "observer",
    "data_source_reviewer",
]


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _year_links(client: Client, org: Org) -> dict[str, str]:
    response = client.get(reverse("org:cluster_year_detail", args=[org.cluster_year.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    panel = (
        page.split("Công việc của năm thi đua", 2)[-1].split("</nav>", 1)[0] if "link-list" in page else ""
    )
    return {
        label: url.replace("&amp;", "&") for url, label in re.findall(r'<a href="([^"]+)">([^<]+)</a>', panel)
    }


def _every_link(org: Org) -> dict[str, str]:
    pk = org.cluster_year.pk
    return {
        "Giao ước thi đua": reverse("agreements:agreement_detail", args=[pk]),
        "Chấm điểm, xếp hạng": reverse("agreements:snapshot_list", args=[pk]),
        "Hội nghị tổng kết": reverse("conference:cluster_year", args=[pk]),
        "Báo cáo tổng kết": reverse("reporting:cluster", args=[pk]),
        "Phong trào thi đua năm 2026": f"{reverse('movements:list')}?year=2026",
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_links_the_cluster_year_only_to_pages_the_persona_may_open(
    org: Org, persona: str, request: pytest.FixtureRequest
) -> None:
    imported(org.cluster_year)
    client = _client(request.getfixturevalue(persona))
    shown = _year_links(client, org)
    every = _every_link(org)
    assert set(shown) <= set(every)
    for label, url in every.items():
        status = client.get(url).status_code
        if label in shown:
            assert shown[label] == url
            assert status == 200, (label, status)
        else:
            assert status in (403, 404), (label, status)


def test_it_shows_the_scores_link_to_the_leader_and_not_to_a_member(
    org: Org, cluster_leader: Any, unit_officer: Any
) -> None:
    leader = _year_links(_client(cluster_leader), org)
    member = _year_links(_client(unit_officer), org)
    assert "Chấm điểm, xếp hạng" in leader and "Hội nghị tổng kết" in leader
    assert "Chấm điểm, xếp hạng" not in member
    assert {"Giao ước thi đua", "Hội nghị tổng kết", "Phong trào thi đua năm 2026"} <= set(member)


def test_it_puts_frameworks_and_agreements_in_the_menu_for_roles_only(
    org: Org, unit_officer: Any, outsider: Any
) -> None:
    page = _client(unit_officer).get(reverse("home")).content.decode()
    assert f'<a href="{reverse("agreements:framework_list")}">Thang điểm</a>' in page
    assert f'<a href="{reverse("agreements:agreement_list")}">Giao ước thi đua</a>' in page
    stranger = _client(outsider).get(reverse("home")).content.decode()
    assert reverse("agreements:framework_list") not in stranger
    assert reverse("agreements:agreement_list") not in stranger


def test_it_lists_only_the_agreements_of_visible_clusters(org: Org, unit_officer: Any) -> None:
    imported(org.cluster_year)
    response = _client(unit_officer).get(reverse("agreements:agreement_list"))
    page = response.content.decode()
    assert response.status_code == 200
    assert reverse("agreements:agreement_detail", args=[org.cluster_year.pk]) in page
    assert reverse("agreements:agreement_detail", args=[org.other_cluster_year.pk]) not in page
    assert reverse("agreements:snapshot_list", args=[org.cluster_year.pk]) not in page
    assert 'aria-current="page">Giao ước thi đua' in page
