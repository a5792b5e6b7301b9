"""Rules of the year held by the board's set-up (issue 10, "What was seen" 1, "Build" 1): units, clusters, opening
a year and its members. Each refusal goes through the page and the API, asserts the Vietnamese message, that no
row changed, and the audit trail where a change is allowed."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from thidua.conftest import Org
from thidua.core.models import AuditEvent
from thidua.core.testing import row_counts
from thidua.cycle.models import Cycle, Signature
from thidua.org.models import Membership

PREFIX = "/api/v1"
EMPTY_WITHOUT_REASON = (
    "Danh sách thành viên trống sẽ bỏ mọi thành viên của Cụm thi đua số 5 năm 2026: "
    "phải ghi rõ lý do thay đổi thành viên."
)
NOT_BOARD_PERSONAS = ["council_member", "cluster_leader", "unit_officer", "data_source_reviewer", "observer"]


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(client: Client, method: str, url: str, body: Any) -> Any:
    return client.generic(method, f"{PREFIX}{url}", data=json.dumps(body), content_type="application/json")


def _message(response: Any) -> str:
    return str(response.json()["error"]["message"])


def _members(org: Org) -> list[tuple[str, str, int]]:
    return [
        (m.unit.code, m.role, m.order)
        for m in Membership.objects.filter(cluster_year=org.cluster_year)
        .select_related("unit")
        .order_by("order")
    ]


def _membership(org: Org, code: str) -> Membership:
    return Membership.objects.get(cluster_year=org.cluster_year, unit=org.units[code])


# ---- only the province's board sets up ------------------------------------------------------------------------


def _pages(org: Org) -> list[tuple[str, dict[str, Any]]]:
    """Every set-up page with a request that the board would see succeed."""
    cy, unit = org.cluster_year, org.units["AN-MINH"]
    member = _membership(org, "AN-MINH")
    return [
        (reverse("org:unit_list"), {}),
        (reverse("org:unit_create"), {"level": "ward", "code": "P-MOI", "name": "Phường Mới"}),
        (reverse("org:unit_edit", args=[unit.pk]), {"name": "Xã Khác Tên", "reason": "Thử"}),
        (
            reverse("org:unit_dissolve", args=[unit.pk]),
            {"date": "2027-01-01", "decision_number": "1", "note": "Thử"},
        ),
        (
            reverse("org:unit_merge"),
            {
                "predecessors": [unit.pk],
                "mode": "existing",
                "successor": org.units["VINH-HOA"].pk,
                "date": "2027-01-01",
                "decision_number": "1",
                "note": "Thử",
            },
        ),
        (reverse("org:cluster_list"), {}),
        (reverse("org:cluster_create"), {"kind": "cum", "code": "CUM9", "name": "Cụm 9"}),
        (
            reverse("org:cluster_edit", args=[org.cluster.pk]),
            {"kind": "cum", "code": "CUM5", "name": "Cụm X"},
        ),
        (reverse("org:cluster_year_open", args=[org.cluster.pk]), {"year": "2027"}),
        (reverse("org:province_year_open"), {"year": "2027"}),
        (reverse("org:members", args=[cy.pk]), {}),
        (
            reverse("org:member_add", args=[cy.pk]),
            {"unit": org.units["BINH-AN"].pk, "role": "member", "reason": "Thử"},
        ),
        (
            reverse("org:member_change", args=[cy.pk, member.pk]),
            {f"m{member.pk}-role": "deputy", f"m{member.pk}-order": "3", f"m{member.pk}-reason": "Thử"},
        ),
        (reverse("org:member_remove", args=[cy.pk, member.pk]), {f"r{member.pk}-reason": "Thử"}),
    ]


def _api_writes(org: Org) -> list[tuple[str, str, dict[str, Any]]]:
    cy, unit = org.cluster_year, org.units["AN-MINH"]
    member = _membership(org, "AN-MINH")
    return [
        (
            "POST",
            "/units",
            {"province_id": org.province.pk, "level": "ward", "code": "P", "name": "Phường P"},
        ),
        ("PATCH", f"/units/{unit.pk}", {"name": "Tên khác", "reason": "Thử"}),
        (
            "POST",
            "/unit-mergers",
            {
                "predecessor_ids": [unit.pk],
                "successor_id": org.units["VINH-HOA"].pk,
                "date": "2027-01-01",
                "decision_number": "1",
                "note": "Thử",
            },
        ),
        ("POST", f"/units/{unit.pk}/dissolve", {"date": "2027-01-01", "decision_number": "1", "note": "Thử"}),
        (
            "POST",
            "/clusters",
            {"province_id": org.province.pk, "kind": "cum", "code": "CUM9", "name": "Cụm 9"},
        ),
        (
            "PATCH",
            f"/clusters/{org.cluster.pk}",
            {"kind": "cum", "code": "CUM5", "name": "Cụm X", "reason": "Thử"},
        ),
        ("POST", f"/clusters/{org.cluster.pk}/years", {"year": 2027}),
        ("POST", f"/provinces/{org.province.pk}/years", {"year": 2027}),
        ("PUT", f"/cluster-years/{cy.pk}/members", {"members": [], "reason": "Thử"}),
        ("POST", f"/cluster-years/{cy.pk}/members", {"unit_id": org.units["BINH-AN"].pk, "reason": "Thử"}),
        ("PATCH", f"/memberships/{member.pk}", {"role": "deputy", "reason": "Thử"}),
        ("DELETE", f"/memberships/{member.pk}", {"reason": "Thử"}),
    ]


@pytest.mark.parametrize("persona", NOT_BOARD_PERSONAS)
def test_it_refuses_every_set_up_page_to_everyone_but_the_board(
    org: Org, persona: str, request: pytest.FixtureRequest
) -> None:
    client = _client(request.getfixturevalue(persona))
    pages = _pages(org)
    before = row_counts()
    for url, data in pages:
        assert client.get(url).status_code == 403, url
        response = client.post(url, data)
        assert response.status_code == 403, url
        assert "Chỉ Ban Thi đua – Khen thưởng được xem trang này." in response.content.decode()
    assert row_counts() == before


@pytest.mark.parametrize("persona", NOT_BOARD_PERSONAS)
def test_it_refuses_every_set_up_write_of_the_api_to_everyone_but_the_board(
    org: Org, persona: str, request: pytest.FixtureRequest
) -> None:
    client = _client(request.getfixturevalue(persona))
    writes = _api_writes(org)
    before = row_counts()
    for method, url, body in writes:
        response = _api(client, method, url, body)
        # Those who cannot see the object are told it does not exist; those who can are told they may not.
        assert response.status_code in (403, 404), (method, url, response.content)
        if response.status_code == 403:
            assert _message(response) == "Bạn không có quyền quản lý đơn vị, cụm, khối của tỉnh này."
    assert row_counts() == before


def test_it_lets_the_board_through_every_set_up_page(org: Org, board_admin: User) -> None:
    client = _client(board_admin)
    for url, _data in _pages(org):
        if "/thanh-vien/" in url and url.rstrip("/").split("/")[-1] in ("them", "sua", "bo"):
            continue  # POST-only actions
        assert client.get(url).status_code == 200, url


# ---- emptying a year -------------------------------------------------------------------------------------------


def test_it_refuses_emptying_a_year_through_the_api_without_a_reason(org: Org, board_admin: User) -> None:
    client = _client(board_admin)
    before, members = row_counts(), _members(org)
    response = _api(client, "PUT", f"/cluster-years/{org.cluster_year.pk}/members", {"members": []})
    assert response.status_code == 400
    assert _message(response) == EMPTY_WITHOUT_REASON
    assert (row_counts(), _members(org)) == (before, members)


def test_it_empties_a_year_through_the_api_only_with_a_reason_and_audits_it(
    org: Org, board_admin: User
) -> None:
    client = _client(board_admin)
    url = f"/cluster-years/{org.cluster_year.pk}/members"
    response = _api(client, "PUT", url, {"members": [], "reason": "Cụm giải thể theo QĐ 45/QĐ-UBND"})
    assert response.status_code == 200 and response.json()["members"] == []
    event = AuditEvent.objects.get(
        action="membership.set", object_id=str(org.cluster_year.pk), actor=board_admin
    )
    assert event.reason == "Cụm giải thể theo QĐ 45/QĐ-UBND"
    assert [m["unit"] for m in event.before["members"]] == ["VINH-HOA", "THANH-LOC", "AN-MINH"]
    assert event.after == {"members": []}


def test_it_refuses_changing_members_without_a_reason_on_the_page_and_the_api(
    org: Org, board_admin: User
) -> None:
    client = _client(board_admin)
    member = _membership(org, "AN-MINH")
    cy = org.cluster_year
    before, members = row_counts(), _members(org)
    page = client.post(reverse("org:member_remove", args=[cy.pk, member.pk]), {f"r{member.pk}-reason": ""})
    assert page.status_code == 400
    assert "Bỏ một đơn vị khỏi danh sách thành viên phải ghi rõ lý do." in page.content.decode()
    page = client.post(
        reverse("org:member_change", args=[cy.pk, member.pk]),
        {f"m{member.pk}-role": "deputy", f"m{member.pk}-order": "3"},
    )
    assert page.status_code == 400
    needs_reason = "Cụm thi đua số 5 năm 2026 đã có thành viên: mỗi thay đổi thành viên, vai trò hay thứ tự phải ghi rõ lý do."
    assert needs_reason in page.content.decode()
    api = _api(client, "PATCH", f"/memberships/{member.pk}", {"role": "deputy"})
    assert (api.status_code, _message(api)) == (400, needs_reason)
    api = _api(client, "DELETE", f"/memberships/{member.pk}", {})
    assert (api.status_code, _message(api)) == (
        400,
        "Bỏ một đơn vị khỏi danh sách thành viên phải ghi rõ lý do.",
    )
    assert (row_counts(), _members(org)) == (before, members)


# ---- one leader, one deputy ------------------------------------------------------------------------------------


def test_it_refuses_two_leaders_through_the_api(org: Org, board_admin: User) -> None:
    client = _client(board_admin)
    u = org.units
    body = {
        "members": [
            {"unit_id": u["VINH-HOA"].pk, "role": "leader", "order": 1},
            {"unit_id": u["THANH-LOC"].pk, "role": "leader", "order": 2},
        ],
        "reason": "Thử",
    }
    before, members = row_counts(), _members(org)
    response = _api(client, "PUT", f"/cluster-years/{org.cluster_year.pk}/members", body)
    assert (response.status_code, _message(response)) == (400, "Mỗi năm chỉ có một cụm trưởng (khối trưởng).")
    body["members"][1]["role"] = "deputy"
    body["members"].append({"unit_id": u["AN-MINH"].pk, "role": "deputy", "order": 3})
    response = _api(client, "PUT", f"/cluster-years/{org.cluster_year.pk}/members", body)
    assert (response.status_code, _message(response)) == (400, "Mỗi năm chỉ có một cụm phó (khối phó).")
    assert (row_counts(), _members(org)) == (before, members)


def test_it_refuses_leaving_a_year_without_its_leader_on_the_page_and_the_api(
    org: Org, board_admin: User
) -> None:
    client = _client(board_admin)
    leader = _membership(org, "VINH-HOA")
    cy = org.cluster_year
    message = (
        "Mỗi năm thi đua phải có đúng một cụm trưởng (khối trưởng): để Xã Vĩnh Hòa thôi làm cụm trưởng, "
        "hãy chọn đơn vị khác làm cụm trưởng."
    )
    before, members = row_counts(), _members(org)
    page = client.post(
        reverse("org:member_change", args=[cy.pk, leader.pk]),
        {f"m{leader.pk}-role": "member", f"m{leader.pk}-order": "1", f"m{leader.pk}-reason": "Thử"},
    )
    assert page.status_code == 400 and message in page.content.decode()
    api = _api(client, "PATCH", f"/memberships/{leader.pk}", {"role": "member", "reason": "Thử"})
    assert (api.status_code, _message(api)) == (400, message)
    body = {"members": [{"unit_id": org.units["THANH-LOC"].pk, "role": "member"}], "reason": "Thử"}
    api = _api(client, "PUT", f"/cluster-years/{cy.pk}/members", body)
    assert api.status_code == 400 and _message(api).startswith("Mỗi năm thi đua phải có đúng một cụm trưởng")
    assert (row_counts(), _members(org)) == (before, members)


# ---- dissolving and removing -----------------------------------------------------------------------------------


def test_it_refuses_dissolving_a_member_of_a_year_in_progress_without_a_reason(
    org: Org, board_admin: User
) -> None:
    client = _client(board_admin)
    unit = org.units["AN-MINH"]
    message = (
        "Xã An Minh là thành viên của Cụm thi đua số 5 năm 2026, năm thi đua chưa kết thúc vào ngày 30/06/2026. "
        "Giải thể đơn vị trước khi năm thi đua kết thúc phải ghi rõ lý do."
    )
    before = row_counts()
    page = client.post(
        reverse("org:unit_dissolve", args=[unit.pk]), {"date": "2026-07-01", "decision_number": "8/QĐ-UBND"}
    )
    assert page.status_code == 400 and message in page.content.decode()
    api = _api(
        client, "POST", f"/units/{unit.pk}/dissolve", {"date": "2026-07-01", "decision_number": "8/QĐ-UBND"}
    )
    assert (api.status_code, _message(api)) == (400, message)
    merge = {
        "predecessor_ids": [unit.pk],
        "successor_id": org.units["VINH-HOA"].pk,
        "date": "2026-07-01",
        "decision_number": "9/NQ",
    }
    api = _api(client, "POST", "/unit-mergers", merge)
    assert api.status_code == 400 and "Sáp nhập đơn vị trước khi năm thi đua kết thúc phải ghi rõ lý do." in (
        _message(api)
    )
    assert row_counts() == before


def test_it_refuses_removing_a_member_that_signed_on_the_page_and_the_api(
    org: Org, board_admin: User
) -> None:
    cycle = Cycle.objects.create(cluster_year=org.cluster_year)
    Signature.objects.create(
        cycle=cycle,
        unit=org.units["AN-MINH"],
        signed_by=board_admin,
        signer_name="Chủ tịch UBND xã An Minh",
        signed_at=timezone.make_aware(dt.datetime(2026, 3, 2, 9, 0)),
        document="cycle/signatures/2026/an-minh.pdf",
        document_name="an-minh.pdf",
    )
    client = _client(board_admin)
    member = _membership(org, "AN-MINH")
    message = (
        "Xã An Minh đã ký giao ước năm 2026 nên không thể bỏ khỏi danh sách thành viên: dữ liệu của đơn vị phải "
        "được giữ. Nếu đơn vị giải thể hoặc sáp nhập, hãy ghi nhận việc đó ở trang đơn vị."
    )
    before, members = row_counts(), _members(org)
    page = client.post(
        reverse("org:member_remove", args=[org.cluster_year.pk, member.pk]),
        {f"r{member.pk}-reason": "Nhầm cụm"},
    )
    assert page.status_code == 400 and message in page.content.decode()
    api = _api(client, "DELETE", f"/memberships/{member.pk}", {"reason": "Nhầm cụm"})
    assert (api.status_code, _message(api)) == (400, message)
    body = {
        "members": [
            {"unit_id": org.units["VINH-HOA"].pk, "role": "leader", "order": 1},
            {"unit_id": org.units["THANH-LOC"].pk, "role": "deputy", "order": 2},
        ],
        "reason": "Nhầm cụm",
    }
    api = _api(client, "PUT", f"/cluster-years/{org.cluster_year.pk}/members", body)
    assert (api.status_code, _message(api)) == (400, message)
    assert (row_counts(), _members(org)) == (before, members)
    assert (
        "Không bỏ được: dữ liệu của đơn vị phải được giữ."
        in client.get(reverse("org:members", args=[org.cluster_year.pk])).content.decode()
    )
