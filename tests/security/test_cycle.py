"""Holes in the cycle that the all-URLs test cannot see: a user with a role reaching lines outside their scope."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from thidua.agreements.models import LineStatus
from thidua.conftest import PERSONA_PASSWORD
from thidua.cycle.models import Cycle, CycleState, Evidence
from thidua.cycle.services import reporting
from thidua.cycle.tests.conftest import line_of, move_to, pdf


def client_for(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PERSONA_PASSWORD)
    return client


def test_it_refuses_a_reviewer_the_evidence_of_a_criterion_not_of_their_agency(
    cycle: Cycle, unit_officer: Any, data_source_reviewer: Any
) -> None:
    # 3.4 is assessed by the cluster (no data source), 1.3 belongs to Sở Nội vụ: neither is Sở Tài chính's.
    cycle = move_to(cycle, CycleState.REPORTING)
    reviewer = client_for(data_source_reviewer)
    for code in ("3.4", "1.3"):
        line = line_of(cycle, "AN-MINH", code)
        evidence = reporting.evidence_add(actor=unit_officer, line=line, upload=pdf(f"ho-so-{code}.pdf"))
        assert reviewer.get(reverse("cycle:evidence", args=[evidence.pk])).status_code == 404
    assert Evidence.objects.count() == 2


def test_it_still_serves_a_reviewer_the_evidence_of_their_own_criterion(
    cycle: Cycle, unit_officer: Any, data_source_reviewer: Any
) -> None:
    cycle = move_to(cycle, CycleState.REPORTING)
    line = line_of(cycle, "AN-MINH", "1.1")  # Sở Tài chính
    evidence = reporting.evidence_add(actor=unit_officer, line=line, upload=pdf())
    assert (
        client_for(data_source_reviewer).get(reverse("cycle:evidence", args=[evidence.pk])).status_code == 200
    )


def test_it_refuses_a_reviewer_verifying_a_criterion_not_of_their_agency(
    cycle: Cycle, unit_officer: Any, data_source_reviewer: Any
) -> None:
    cycle = move_to(cycle, CycleState.REPORTING)
    line = line_of(cycle, "AN-MINH", "3.4")
    reporting.line_save(actor=unit_officer, line=line, version=0, value="20", comment="")
    line.refresh_from_db()
    line.__class__.objects.filter(pk=line.pk).update(status=LineStatus.SUBMITTED)
    cycle = move_to(cycle, CycleState.VERIFICATION)
    line.refresh_from_db()
    response = client_for(data_source_reviewer).post(
        reverse("cycle:line_verify", args=[line.pk]), {"version": line.version, "verdict": "accept"}
    )
    assert response.status_code in (302, 403, 404)
    line.refresh_from_db()
    assert line.status == LineStatus.SUBMITTED
