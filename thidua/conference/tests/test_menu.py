"""Hội nghị in the main menu: for every role the conference pages open to, lit on the conference pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from thidua.conftest import Org

ENTRY = f'<a href="{reverse("conference:index")}"'


def _get(user: User, url: str) -> Any:
    client = Client()
    client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize(
    "persona",
    ["board_admin", "council_member", "cluster_leader", "unit_officer", "data_source_reviewer", "observer"],
)
def test_it_offers_the_conference_list_to_every_role_it_opens_to(
    org: Org, persona: str, request: Any
) -> None:
    user = request.getfixturevalue(persona)
    body = _get(user, reverse("home")).content.decode()
    assert ENTRY in body and ">Hội nghị</a>" in body
    listed = _get(user, reverse("conference:index"))
    assert listed.status_code == 200
    assert reverse("conference:cluster_year", args=[org.cluster_year.pk]) in listed.content.decode()


def test_it_leaves_the_entry_out_for_a_user_without_a_role(org: Org, outsider: User) -> None:
    assert ENTRY not in _get(outsider, reverse("home")).content.decode()
    assert _get(outsider, reverse("conference:index")).status_code == 403


def test_it_marks_the_entry_current_on_a_conference_page(org: Org, cluster_leader: User) -> None:
    body = _get(
        cluster_leader, reverse("conference:cluster_year", args=[org.cluster_year.pk])
    ).content.decode()
    assert f'{ENTRY} aria-current="page"' in body
