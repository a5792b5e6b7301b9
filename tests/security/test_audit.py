"""The audit trail of one province must not be read by the board of another.

Known and not fixed here: AuditEvent records no province, so audit_log, the home page's recent events and
object_history (for any object type other than a unit, a cluster or a cluster-year) show every province's
events to the board of any province. Fixing it needs the province stored on each event (thidua.core.audit.record)
and a migration; these tests pin the hole until then."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from thidua.accounts.models import Role
from thidua.conftest import PERSONA_PASSWORD, Org, make_persona


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


@pytest.mark.xfail(
    strict=True, reason="AuditEvent has no province: the audit log is not scoped (see docstring)"
)
def test_it_keeps_the_audit_log_to_the_boards_own_province(org: Org, other_board: Any) -> None:
    page = client_for(other_board).get(reverse("audit_log"))
    assert page.status_code == 200
    assert "Xã An Minh" not in page.content.decode()
