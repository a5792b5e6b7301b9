"""An import's audit event points to something a person can open (issue 10, seen 13): the board's home page and
/nhat-ky/ answer 200 after a register or subjects import, and their link opens the import."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from thidua.awards.models import RegisterImport
from thidua.awards.tests.test_register_pages import GOOD, _xlsx, login, send
from thidua.awards.tests.test_subjects_catalogue import ROW_2023, _send_subjects
from thidua.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def links_of(html: str, event: AuditEvent) -> list[str]:
    return re.findall(rf'href="(/nhat-ky/{re.escape(event.object_type)}/[^"]+)"', html)


def assert_opens(client: Client, event: AuditEvent) -> None:
    for page in (reverse("home"), reverse("audit_log")):
        response = client.get(page)
        assert response.status_code == 200
        links = links_of(response.content.decode(), event)
        assert links, page
        opened = client.get(links[0])
        assert opened.status_code == 200
        assert event.object_repr in opened.content.decode()


def test_it_points_the_register_import_event_at_its_import_and_keeps_the_pages_open(
    catalogue: int, board_admin: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = login(board_admin)
    send(
        client, reverse("awards:register_import"), django_capture_on_commit_callbacks, {"file": _xlsx([GOOD])}
    )
    event = AuditEvent.objects.get(action="awards.register_import")
    job = RegisterImport.objects.get()
    assert (event.object_type, event.object_id) == ("awards.registerimport", str(job.pk))
    assert_opens(client, event)


def test_it_points_the_subjects_import_event_at_its_import_and_keeps_the_pages_open(
    catalogue: int, board_admin: Any, unit_officer: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _send_subjects(unit_officer, [ROW_2023], django_capture_on_commit_callbacks)
    event = AuditEvent.objects.get(action="awards.subjects_import")
    job = RegisterImport.objects.get()
    assert (event.object_type, event.object_id) == ("awards.registerimport", str(job.pk))
    assert_opens(login(board_admin), event)
