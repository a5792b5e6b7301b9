"""The unread notifications in the site header, on every page, for one query."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.cycle.models import Cycle, Notification
from thidua.cycle.services.common import notifications_mark_read, notify


def _home(user: Any) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return str(response.content.decode())


def test_it_shows_the_unread_count_in_the_header_linking_to_the_notifications(
    cycle: Cycle, unit_officer: Any
) -> None:
    notify([unit_officer], "Cụm thi đua số 5 năm 2026: hạn báo cáo 15/12/2026.", "")
    notify([unit_officer], "Tiêu chí 1.1 của Xã An Minh được trả lại: thiếu minh chứng", "")
    unread = Notification.objects.filter(user=unit_officer, read_at=None).count()
    assert unread == 2
    body = _home(unit_officer)
    link = reverse("cycle:notifications")
    assert f'<a class="user-menu__notices" href="{link}" aria-label="Thông báo: {unread} chưa đọc">' in body
    assert f'Thông báo <span class="badge">{unread}</span></a>' in body
    notifications_mark_read(actor=unit_officer)
    body = _home(unit_officer)
    assert f'<a class="user-menu__notices" href="{link}">Thông báo</a>' in body


def test_it_counts_once_per_page_even_where_the_cycle_menu_shows_it_too(
    cycle: Cycle, board_admin: Any
) -> None:
    client = Client()
    client.force_login(board_admin)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("cycle:detail", args=[cycle.pk])).status_code == 200
    counts = [q["sql"] for q in queries.captured_queries if "cycle_notification" in q["sql"]]
    assert len(counts) == 1


def test_it_shows_no_header_count_to_an_anonymous_visitor(db: None) -> None:
    body = Client().get(reverse("login")).content.decode()
    assert "user-menu__notices" not in body
