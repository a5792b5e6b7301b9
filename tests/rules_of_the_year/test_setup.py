"""Rules of the year held by the board's set-up (issue 10, "What was seen" 1, "Build" 1): units, clusters, opening
a year and its members. Each refusal goes through the page and the API where one exists, asserts the Vietnamese
message, that no row changed, and the audit trail."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.models import User
from django.test import Client

from thidua.conftest import Org
from thidua.core.testing import row_counts
from thidua.org.models import Membership

PREFIX = "/api/v1"
EMPTY_WITHOUT_REASON = (
    "Danh sách thành viên trống sẽ bỏ mọi thành viên của Cụm thi đua số 5 năm 2026: "
    "phải ghi rõ lý do thay đổi thành viên."
)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(client: Client, method: str, url: str, body: Any) -> Any:
    return client.generic(method, f"{PREFIX}{url}", data=json.dumps(body), content_type="application/json")


def _members(org: Org) -> list[tuple[str, str]]:
    return [
        (m.unit.code, m.role)
        for m in Membership.objects.filter(cluster_year=org.cluster_year)
        .select_related("unit")
        .order_by("order")
    ]


def test_it_refuses_emptying_a_year_through_the_api_without_a_reason(org: Org, board_admin: User) -> None:
    client = _client(board_admin)
    before, members = row_counts(), _members(org)
    response = _api(client, "PUT", f"/cluster-years/{org.cluster_year.pk}/members", {"members": []})
    assert response.status_code == 400
    assert response.json()["error"]["message"] == EMPTY_WITHOUT_REASON
    assert (row_counts(), _members(org)) == (before, members)
