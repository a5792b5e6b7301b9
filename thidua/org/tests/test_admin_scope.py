"""The read-only Django admin shows a board officer only their own province's master data."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from thidua.accounts import services as account_services
from thidua.accounts.access import SystemActor

SYSTEM = SystemActor()


def _admin_client(user: User) -> Client:
    account_services.user_admin_site_grant(actor=SYSTEM, user=user)
    client = Client()
    client.force_login(user)
    return client


def test_it_lists_only_the_boards_own_province_units(org: Any, board_admin: User) -> None:
    response = _admin_client(board_admin).get(reverse("admin:org_unit_changelist"))
    assert response.status_code == 200
    shown = {unit.code for unit in response.context["cl"].result_list}
    assert "VINH-HOA" in shown
    assert "XA-KHAC" not in shown
    assert org.other_province.code not in shown


def test_it_refuses_another_provinces_unit_page(org: Any, board_admin: User) -> None:
    other = org.units["XA-KHAC"]
    response = _admin_client(board_admin).get(reverse("admin:org_unit_change", args=[other.pk]))
    # The admin answers an object outside the queryset by redirecting to the index with a message.
    assert response.status_code == 302


def test_it_shows_a_superuser_every_province(org: Any) -> None:
    root = User.objects.create_superuser("root", password="x" * 12)
    client = Client()
    client.force_login(root)
    response = client.get(reverse("admin:org_unit_changelist"))
    shown = {unit.code for unit in response.context["cl"].result_list}
    assert {"VINH-HOA", "XA-KHAC"} <= shown
