"""A cycle on the test province's Cụm thi đua số 5, filled from the example package (three members)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.accounts.access import SystemActor
from thidua.agreements.models import CriterionLine
from thidua.agreements.tests.helpers import imported
from thidua.core.models import AuditEvent
from thidua.cycle.lines import lines_of
from thidua.cycle.models import Cycle, CycleState
from thidua.cycle.services import cycles as cycle_services
from thidua.cycle.services import reporting
from thidua.org.models import ClusterYear

SYSTEM = SystemActor()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "bien-ban.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def cycle(cluster_year: ClusterYear) -> Cycle:
    imported(cluster_year)
    found = cycle_services.cycle_create(actor=SYSTEM, cluster_year=cluster_year)
    # Deadlines far beyond the 2026 year's window (which the service refuses), set on the row itself so that no
    # test of this suite turns late or closes its appeal window as the real calendar moves on. The window and the
    # order of the deadlines are tested through the service in test_deadlines.py.
    Cycle.objects.filter(pk=found.pk).update(
        signing_deadline=dt.date(2026, 4, 30),
        reporting_deadline=dt.date(2099, 12, 15),
        appeal_deadline=dt.date(2099, 12, 31),
    )
    found.refresh_from_db()
    return found


def move_to(cycle: Cycle, state: str) -> Cycle:
    """Walk the cycle forward as the installer, overriding preconditions this test is not about."""
    order = [s.value for s in CycleState]
    while cycle.state != state:
        cycle = cycle_services.cycle_advance(
            actor=SYSTEM, cycle=cycle, from_state=cycle.state, reason="chuẩn bị kiểm thử", override=True
        )
        assert order.index(cycle.state) <= order.index(state)
    return cycle


def line_of(cycle: Cycle, unit_code: str, criterion: str) -> CriterionLine:
    return lines_of(cycle).get(unit__code=unit_code, criterion=criterion)


def submit_all(cycle: Cycle, officers: dict[str, Any]) -> None:
    for code, user in officers.items():
        reporting.report_submit(
            actor=user, cycle=cycle, unit=cycle.cluster_year.memberships.get(unit__code=code).unit
        )


def audit_count(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()
