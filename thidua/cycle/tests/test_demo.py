"""`thidua demo` shows AG-CUM5 2026 at its provisional results, and loading it again changes nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from thidua.agreements.models import CriterionLine, LineStatus, ScoreSnapshot, Submission
from thidua.core.models import AuditEvent
from thidua.cycle.lines import lines_of
from thidua.cycle.models import Appeal, Cycle, CycleState, Notification, Signature
from thidua.org.demo import load_demo


def _counts() -> tuple[int, ...]:
    return (
        AuditEvent.objects.count(),
        Signature.objects.count(),
        CriterionLine.objects.count(),
        Submission.objects.count(),
        ScoreSnapshot.objects.count(),
        Appeal.objects.count(),
        Notification.objects.count(),
        User.objects.count(),
    )


def _get(username: str, url: str) -> int:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return int(client.get(url).status_code)


@pytest.mark.django_db
def test_it_loads_a_year_in_progress_once_and_each_persona_finds_it() -> None:
    load_demo()
    cycle = Cycle.objects.get(cluster_year__cluster__code="AG-CUM5", cluster_year__year=2026)
    assert cycle.state == CycleState.PROVISIONAL and cycle.provisional_snapshot_id is not None
    assert cycle.appeal_deadline is not None and cycle.reporting_deadline is not None
    assert Signature.objects.filter(cycle=cycle).count() == 5
    assert set(lines_of(cycle).values_list("status", flat=True)) == {LineStatus.ACCEPTED}
    verifiers = set(lines_of(cycle).values_list("verified_by__username", flat=True))
    # None: the board's installer for other agencies; thanhloc: the deputy, for the leader's own unit's lines.
    assert verifiers == {"nguonsolieu", "cumtruong", "thanhloc", None}
    own = lines_of(cycle).filter(unit__code="VINH-HOA", verified_by__username="cumtruong")
    assert not own.exists()
    appeal = Appeal.objects.get(line__agreement__cluster_year=cycle.cluster_year)
    assert (appeal.line.unit.code, appeal.status, appeal.filed_by.username) == ("AN-MINH", "pending", "donvi")
    assert AuditEvent.objects.filter(action="cycle.advance").count() == 4

    counts = _counts()
    load_demo()
    assert _counts() == counts

    an_minh = appeal.line.unit_id
    assert _get("cumtruong", reverse("cycle:detail", args=[cycle.pk])) == 200
    assert _get("cumtruong", reverse("cycle:results", args=[cycle.pk])) == 200
    assert _get("cumtruong", reverse("cycle:appeals", args=[cycle.pk])) == 200
    assert _get("donvi", reverse("cycle:report", args=[cycle.pk, an_minh])) == 200
    assert _get("donvi", reverse("cycle:unit_results", args=[cycle.pk, an_minh])) == 200
    assert _get("nguonsolieu", reverse("cycle:verify_queue")) == 200
    assert _get("quansat", reverse("cycle:results", args=[cycle.pk])) in (403, 404)
