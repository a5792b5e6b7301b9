"""Shared helpers for the conference tests: ballots in the personas' Cụm thi đua số 5 (3 members)."""

from __future__ import annotations

from typing import Any

import pytest

from thidua.accounts.access import SystemActor
from thidua.agreements.models import Agreement
from thidua.agreements.tests.helpers import imported
from thidua.conference.models import Ballot, BallotPurpose
from thidua.conference.services import ballots
from thidua.conftest import Org

SYSTEM = SystemActor()


def honour_ballot(org: Org, *, present: int | None = 3) -> Ballot:
    """Suy tôn Xã Vĩnh Hòa; opened with `present` delegates unless None."""
    ballot = ballots.ballot_create(
        actor=SYSTEM,
        cluster_year=org.cluster_year,
        purpose=BallotPurpose.HONOUR,
        title="Suy tôn Xã Vĩnh Hòa là đơn vị dẫn đầu năm 2026",
        subject=org.units["VINH-HOA"],
    )
    if present is not None:
        ballots.ballot_open(actor=SYSTEM, ballot=ballot, present=present)
    return ballot


def election(org: Org, purpose: str, codes: list[str], *, present: int = 3) -> Ballot:
    ballot = ballots.ballot_create(
        actor=SYSTEM,
        cluster_year=org.cluster_year,
        purpose=purpose,
        title="Bầu cụm trưởng năm 2027" if purpose == BallotPurpose.LEADER else "Bầu cụm phó năm 2027",
        candidates=[org.units[c] for c in codes],
    )
    ballots.ballot_open(actor=SYSTEM, ballot=ballot, present=present)
    return ballot


@pytest.fixture
def ballot(org: Org) -> Ballot:
    return honour_ballot(org)


def voter_of(ballot: Ballot, org: Org, code: str) -> Any:
    return ballot.voters.get(unit=org.units[code])


@pytest.fixture
def agreement(org: Org) -> Agreement:
    """The example package imported into Cụm thi đua số 5 2026: vetoes are recorded on the agreement the scorer
    reads, so a conference that records one needs it."""
    return imported(org.cluster_year)
