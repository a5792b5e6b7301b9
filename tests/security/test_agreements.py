"""The agreement's package carries every figure stored (values, deductions, vetoes): with it anyone can score the
cluster, so it goes only to those who may see the scores, not to observers or to one member about the others."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from thidua.agreements.tests.helpers import imported
from thidua.conftest import PERSONA_PASSWORD
from thidua.core.models import AuditEvent


def client_for(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PERSONA_PASSWORD)
    return client


@pytest.mark.parametrize("persona", ["observer", "unit_officer", "data_source_reviewer"])
@pytest.mark.parametrize("fmt", ["yaml", "json", "xlsx"])
def test_it_refuses_the_package_export_to_those_who_may_not_see_the_scores(
    request: Any, cluster_year: Any, persona: str, fmt: str
) -> None:
    imported(cluster_year)
    user = request.getfixturevalue(persona)
    events = AuditEvent.objects.count()
    response = client_for(user).get(reverse("agreements:agreement_export", args=[cluster_year.pk, fmt]))
    assert response.status_code == 404
    assert b"VINH-HOA" not in response.content
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("persona", ["board_admin", "cluster_leader", "council_member"])
def test_it_still_exports_the_package_to_those_who_score_or_judge(
    request: Any, cluster_year: Any, persona: str
) -> None:
    imported(cluster_year)
    user = request.getfixturevalue(persona)
    response = client_for(user).get(reverse("agreements:agreement_export", args=[cluster_year.pk, "yaml"]))
    assert response.status_code == 200 and b"VINH-HOA" in response.content
