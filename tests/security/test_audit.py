"""The audit trail of one province must not be read by the board of another.

Each AuditEvent carries its province (thidua.core.audit_scope); the audit log, the home page's recent events and
object_history show a board the events of its province and of the provinces merged into it. Events of no province
are shown to no board."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from thidua.accounts.access import SystemActor
from thidua.accounts.models import Role
from thidua.agreements.models import Framework
from thidua.conftest import PERSONA_PASSWORD, Org, make_persona
from thidua.core import audit
from thidua.core.models import AuditEvent
from thidua.org import services as org_services


def client_for(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PERSONA_PASSWORD)
    return client


@pytest.fixture
def other_board(org: Org) -> Any:
    return make_persona("bankhac", "Ban Thi đua tỉnh khác", [(Role.BOARD_ADMIN, org.other_province, None)])


def test_it_refuses_another_provinces_unit_history(org: Org, other_board: Any) -> None:
    url = reverse("object_history", args=["org.unit", org.units["AN-MINH"].pk])
    assert client_for(other_board).get(url).status_code == 404


def test_it_keeps_the_audit_log_to_the_boards_own_province(org: Org, other_board: Any) -> None:
    page = client_for(other_board).get(reverse("audit_log"))
    assert page.status_code == 200
    assert "Xã An Minh" not in page.content.decode()


def _event(action: str, repr_: str, province: Any = None, obj: Any = None) -> AuditEvent:
    with transaction.atomic():
        return audit.record(
            actor="hệ thống",
            action=action,
            obj=obj,
            object_type="test.thing",
            object_id=7,
            object_repr=repr_,
            province=province,
        )


def test_it_shows_the_board_its_own_provinces_events_and_no_one_elses(
    org: Org, board_admin: Any, other_board: Any
) -> None:
    _event("test.own", "Việc của tỉnh khác", province=org.other_province)
    _event("test.none", "Việc không thuộc tỉnh nào")
    own = client_for(other_board).get(reverse("audit_log")).content.decode()
    assert "Việc của tỉnh khác" in own
    assert "Xã An Minh" not in own and "Việc không thuộc tỉnh nào" not in own
    mine = client_for(board_admin).get(reverse("audit_log")).content.decode()
    assert "Xã An Minh" in mine
    assert "Việc của tỉnh khác" not in mine and "Việc không thuộc tỉnh nào" not in mine


def test_it_keeps_the_home_pages_recent_events_to_the_boards_province(
    org: Org, board_admin: Any, other_board: Any
) -> None:
    _event("test.own", "Việc của tỉnh khác", province=org.other_province)
    home = client_for(other_board).get(reverse("home"))
    assert home.status_code == 200
    body = home.content.decode()
    assert "Việc của tỉnh khác" in body and "Xã An Minh" not in body
    assert "Việc của tỉnh khác" not in client_for(board_admin).get(reverse("home")).content.decode()


def test_it_refuses_another_provinces_history_of_any_object(
    org: Org, board_admin: Any, other_board: Any
) -> None:
    with transaction.atomic():
        framework = Framework.objects.create(province=org.province, name="Khung tỉnh mẫu")
        audit.record(actor=board_admin, action="framework.create", obj=framework)
    url = reverse("object_history", args=["agreements.framework", framework.pk])
    assert client_for(other_board).get(url).status_code == 404
    page = client_for(board_admin).get(url)
    assert page.status_code == 200 and "Khung tỉnh mẫu" in page.content.decode()
    event = AuditEvent.objects.get(action="framework.create")
    assert event.province_id == org.province.pk


def test_it_shows_no_board_the_history_of_an_event_of_no_province(org: Org, board_admin: Any) -> None:
    _event("test.none", "Việc không thuộc tỉnh nào")
    url = reverse("object_history", args=["test.thing", 7])
    assert client_for(board_admin).get(url).status_code == 404


def test_it_shows_the_successor_board_the_trail_of_the_merged_province(org: Org, other_board: Any) -> None:
    # Tỉnh Mẫu merges into Tỉnh Khác: its history is now Tỉnh Khác's, and its board reads it.
    org_services.unit_merge(
        actor=SystemActor(),
        predecessors=[org.province],
        successor=org.other_province,
        date=dt.date(2025, 7, 1),
        decision_number="NQ 202/2025/QH15",
    )
    body = client_for(other_board).get(reverse("audit_log")).content.decode()
    assert "Xã An Minh" in body
