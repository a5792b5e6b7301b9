from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from thidua.accounts import services as account_services
from thidua.api.api import api
from thidua.conftest import Org
from thidua.core.models import AuditEvent
from thidua.core.testing import row_counts
from thidua.org.models import Membership, Unit

PREFIX = "/api/v1"


def _routes() -> list[tuple[str, str]]:
    """Every operation the API describes, read from its OpenAPI schema so a new route is checked too."""
    schema = api.get_openapi_schema(path_prefix=PREFIX)
    out = []
    for path, operations in schema["paths"].items():
        for method in operations:
            out.append((method.upper(), re.sub(r"\{[^}]+\}", "1", path)))
    return sorted(out)


ROUTES = _routes()


def _call(client: Client, method: str, url: str, body: Any = None, **headers: str) -> Any:
    data = json.dumps(body if body is not None else {})
    return client.generic(method, url, data=data, content_type="application/json", headers=headers)


def _assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["code"] == code
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["details"], dict)
    return dict(error)


def test_it_describes_every_route_in_the_schema() -> None:
    assert len(ROUTES) >= 17
    assert ("GET", f"{PREFIX}/units/1/history") in ROUTES
    assert ("POST", f"{PREFIX}/unit-mergers") in ROUTES


@pytest.mark.parametrize(("method", "url"), ROUTES)
def test_it_refuses_every_route_to_an_anonymous_caller(db: None, method: str, url: str) -> None:
    before = row_counts()
    error = _assert_error(_call(Client(), method, url), 401, "unauthenticated")
    assert row_counts() == before
    assert error["message"] == "Cần đăng nhập hoặc gửi khóa truy cập API hợp lệ (Authorization: Bearer …)."


@pytest.mark.parametrize(("method", "url"), ROUTES)
def test_it_refuses_every_route_to_a_user_without_a_role(
    org: Org, outsider: User, method: str, url: str
) -> None:
    client = Client()
    client.force_login(outsider)
    before = row_counts()
    response = _call(client, method, url)
    assert response.status_code in (403, 404)
    assert (
        response.json()["error"]["message"]
        == "Tài khoản chưa được phân quyền. Liên hệ Ban Thi đua – Khen thưởng tỉnh."
    )
    assert row_counts() == before


def test_it_refuses_a_wrong_or_revoked_bearer_token(org: Org, unit_officer: User) -> None:
    issued = account_services.token_issue(actor=unit_officer, user=unit_officer, name="script")
    client = Client()
    _assert_error(
        client.get(f"{PREFIX}/units", headers={"Authorization": "Bearer td_nope"}), 401, "unauthenticated"
    )
    ok = client.get(f"{PREFIX}/units", headers={"Authorization": f"Bearer {issued.plaintext}"})
    assert ok.status_code == 200
    assert {u["code"] for u in ok.json()} == {"VINH-HOA", "THANH-LOC", "AN-MINH"}
    account_services.token_revoke(actor=unit_officer, token=issued.token)
    revoked = client.get(f"{PREFIX}/units", headers={"Authorization": f"Bearer {issued.plaintext}"})
    _assert_error(revoked, 401, "unauthenticated")


def test_it_issues_a_token_shown_once_and_lists_it_without_the_secret(org: Org, observer: User) -> None:
    client = Client()
    client.force_login(observer)
    created = _call(client, "POST", f"{PREFIX}/tokens", {"name": "Bảng điều khiển"})
    assert created.status_code == 201
    secret = created.json()["token"]
    listed = client.get(f"{PREFIX}/tokens")
    assert secret not in listed.content.decode()
    me = Client().get(f"{PREFIX}/me", headers={"Authorization": f"Bearer {secret}"})
    assert me.json()["username"] == "quansat"
    assert me.json()["roles"][0]["role"] == "observer"


def test_it_lets_the_board_create_a_unit_and_audits_it(org: Org, board_admin: User) -> None:
    client = Client()
    client.force_login(board_admin)
    body = {"province_id": org.province.pk, "level": "ward", "code": "VINH-LAC", "name": "Phường Vĩnh Lạc"}
    response = _call(client, "POST", f"{PREFIX}/units", body)
    assert response.status_code == 201
    unit = Unit.objects.get(code="VINH-LAC")
    assert response.json()["id"] == unit.pk and response.json()["level_label"] == "Phường"
    event = AuditEvent.objects.get(action="unit.create", object_id=str(unit.pk))
    assert event.actor == board_admin and event.request_id


@pytest.mark.parametrize(
    "persona", ["council_member", "cluster_leader", "unit_officer", "data_source_reviewer", "observer"]
)
def test_it_refuses_writes_to_everyone_but_the_board(
    org: Org, persona: str, request: pytest.FixtureRequest
) -> None:
    client = Client()
    client.force_login(request.getfixturevalue(persona))
    before = (Unit.objects.count(), Membership.objects.count(), AuditEvent.objects.count())
    body = {"province_id": org.province.pk, "level": "ward", "code": "X", "name": "Phường X"}
    response = _call(client, "POST", f"{PREFIX}/units", body)
    if persona in ("cluster_leader", "unit_officer"):
        # They cannot see the province itself, so it is reported missing rather than forbidden.
        _assert_error(response, 404, "not_found")
    else:
        error = _assert_error(response, 403, "access_denied")
        assert error["message"] == "Bạn không có quyền quản lý đơn vị, cụm, khối của tỉnh này."
    members = {"members": [{"unit_id": org.units["AN-MINH"].pk, "role": "leader"}]}
    response = _call(client, "PUT", f"{PREFIX}/cluster-years/{org.cluster_year.pk}/members", members)
    assert response.status_code in (403, 404)
    assert (Unit.objects.count(), Membership.objects.count(), AuditEvent.objects.count()) == before


def test_it_answers_a_unit_out_of_scope_as_not_found(org: Org, unit_officer: User) -> None:
    client = Client()
    client.force_login(unit_officer)
    error = _assert_error(client.get(f"{PREFIX}/units/{org.units['BINH-AN'].pk}"), 404, "not_found")
    assert error["message"] == "Không tìm thấy đơn vị hoặc bạn không có quyền xem đơn vị này."


def test_it_reports_invalid_input_and_validation_in_the_same_shape(org: Org, board_admin: User) -> None:
    client = Client()
    client.force_login(board_admin)
    duplicate = {"province_id": org.province.pk, "level": "commune", "code": "AN-MINH", "name": "Xã trùng"}
    error = _assert_error(_call(client, "POST", f"{PREFIX}/units", duplicate), 400, "invalid_input")
    assert (error["message"], error["details"]) == ("Tỉnh đã có đơn vị mã AN-MINH.", {"field": "code"})
    error = _assert_error(_call(client, "POST", f"{PREFIX}/units", {"code": 5}), 422, "validation_error")
    assert error["message"] == "Dữ liệu gửi lên không hợp lệ."
    assert {e["place"] for e in error["details"]["errors"]} >= {
        "body.payload.province_id",
        "body.payload.name",
    }


def test_it_sets_members_and_changes_a_role_through_the_api(org: Org, board_admin: User) -> None:
    client = Client()
    client.force_login(board_admin)
    u = org.units
    body = {
        "members": [
            {"unit_id": u["AN-MINH"].pk, "role": "leader", "order": 1},
            {"unit_id": u["VINH-HOA"].pk, "role": "member", "order": 2},
        ],
        "reason": "Hội nghị tổng kết",
    }
    response = _call(client, "PUT", f"{PREFIX}/cluster-years/{org.cluster_year.pk}/members", body)
    assert response.status_code == 200
    assert [(m["unit"]["code"], m["role"]) for m in response.json()["members"]] == [
        ("AN-MINH", "leader"),
        ("VINH-HOA", "member"),
    ]
    membership = Membership.objects.get(cluster_year=org.cluster_year, unit=u["VINH-HOA"])
    body = {"role": "deputy", "reason": "Bầu bổ sung cụm phó"}
    changed = _call(client, "PATCH", f"{PREFIX}/memberships/{membership.pk}", body)
    assert changed.json()["role"] == "deputy"
    assert AuditEvent.objects.filter(action__in=["membership.set", "membership.role_change"]).count() >= 3


def test_it_serves_the_tree_and_history(org: Org, observer: User) -> None:
    client = Client()
    client.force_login(observer)
    tree = client.get(f"{PREFIX}/provinces/{org.province.pk}/tree", {"as_of": "2026-01-01"}).json()
    assert tree["unit"]["code"] == "TINH-MAU"
    assert {c["unit"]["code"] for c in tree["children"]} == {
        "VINH-HOA",
        "THANH-LOC",
        "AN-MINH",
        "BINH-AN",
        "SO-TAI-CHINH",
    }
    history = client.get(f"{PREFIX}/units/{org.units['AN-MINH'].pk}/history").json()
    assert (history["predecessors"], history["successors"]) == ([], [])
