"""Secrecy and one-vote-per-voter, proved on the database itself: its schema, and 50 racing voters."""

from __future__ import annotations

import datetime as dt
import os
import threading
from typing import Any

import pytest
from django.db import connection, connections

from thidua.accounts.access import SystemActor
from thidua.accounts.models import Role
from thidua.conference.models import Ballot, BallotPurpose, Vote, VoterReceipt
from thidua.conference.services import ballots
from thidua.conftest import make_persona
from thidua.core.errors import Conflict
from thidua.core.models import AuditEvent
from thidua.org import services as org_services
from thidua.org.models import ClusterKind, Unit

SYSTEM = SystemActor()
VOTER_TABLES = {"auth_user", "org_unit"}
# Columns that carry what a voter chose; a voter reference must never sit beside one.
CHOICE_COLUMN_NAMES = {"choice", "candidate_id", "vote", "vote_id"}
CHOICE_TABLES = {"conference_candidate", "conference_vote"}


def _columns(cursor: Any, table: str) -> tuple[set[str], dict[str, str]]:
    names = {column.name for column in connection.introspection.get_table_description(cursor, table)}
    references = {
        column: target
        for column, (_, target) in connection.introspection.get_relations(cursor, table).items()
    }
    return names, references


@pytest.mark.django_db
def test_it_keeps_voters_and_choices_in_different_tables_across_the_whole_database() -> None:
    offenders: list[str] = []
    inspected = 0
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            names, references = _columns(cursor, table)
            voters = {column for column, target in references.items() if target in VOTER_TABLES}
            choices = {c for c in names if c in CHOICE_COLUMN_NAMES} | {
                column for column, target in references.items() if target in CHOICE_TABLES and column != "id"
            }
            inspected += 1
            if voters and choices and table != "conference_candidate":
                offenders.append(f"{table}: voter {sorted(voters)} beside choice {sorted(choices)}")
    assert inspected > 20  # every app's tables, not just ours
    assert offenders == []
    # The vote table itself: a random key, the ballot and the choice, nothing that orders or dates it.
    with connection.cursor() as cursor:
        names, references = _columns(cursor, "conference_vote")
    assert names == {"id", "ballot_id", "choice", "candidate_id"}
    assert set(references.values()) == {"conference_ballot", "conference_candidate"}
    assert Vote._meta.pk is not None and Vote._meta.pk.get_internal_type() == "UUIDField"


@pytest.mark.django_db
def test_it_enforces_one_receipt_per_voter_in_the_database() -> None:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "conference_voterreceipt")
    unique_sets = [tuple(c["columns"]) for c in constraints.values() if c["unique"] and not c["primary_key"]]
    assert ("ballot_id", "voter_id") in unique_sets


def _is_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


@pytest.mark.skipif(
    not _is_postgres(), reason="needs concurrent writers: set DATABASE_URL to a PostgreSQL database"
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_ballots() -> None:
    province = org_services.province_create(
        actor=SYSTEM, code="TINH-50", name="Tỉnh Năm Mươi", valid_from=dt.date(2000, 1, 1)
    )
    cluster = org_services.cluster_create(
        actor=SYSTEM, province=province, kind=ClusterKind.CUM, code="CUM50", name="Cụm 50"
    )
    cluster_year = org_services.cluster_year_create(actor=SYSTEM, cluster=cluster, year=2026)
    units: list[Unit] = [
        org_services.unit_create(
            actor=SYSTEM,
            province=province,
            level="commune",
            code=f"XA-{i:02d}",
            name=f"Xã Số {i}",
            valid_from=dt.date(2025, 7, 1),
        )
        for i in range(50)
    ]
    org_services.membership_set(
        actor=SYSTEM,
        cluster_year=cluster_year,
        members=[org_services.MemberSpec(unit=u, order=i) for i, u in enumerate(units)],
    )
    officers = [
        make_persona(f"daibieu{i:02d}", f"Đại biểu {i}", [(Role.UNIT_OFFICER, u, None)])
        for i, u in enumerate(units)
    ]
    ballot = ballots.ballot_create(
        actor=SYSTEM,
        cluster_year=cluster_year,
        purpose=BallotPurpose.HONOUR,
        title="Suy tôn Xã Số 0",
        subject=units[0],
    )
    ballots.ballot_open(actor=SYSTEM, ballot=ballot, present=50)

    # Fifty votes and twenty second submissions with another choice, all 70 at once behind one barrier
    # (70 connections stay under PostgreSQL's default limit of 100 on a shared server).
    attempts = [(officer, "approve" if i % 5 else "reject") for i, officer in enumerate(officers)]
    attempts += [(officer, "abstain") for officer in officers[::5] + officers[1::5]]
    barrier = threading.Barrier(len(attempts))
    outcomes: list[str] = []
    lock = threading.Lock()

    def submit(officer: Any, choice: str) -> None:
        try:
            barrier.wait()
            ballots.ballot_cast(actor=officer, ballot=Ballot.objects.get(pk=ballot.pk), choice=choice)
            result = "counted"
        except Conflict:
            result = "refused"
        except Exception as exc:  # a deadlock or a lost connection must fail the test, visibly
            result = f"error: {exc!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=submit, args=attempt) for attempt in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert sorted(set(outcomes)) == ["counted", "refused"], outcomes
    assert outcomes.count("counted") == 50 and outcomes.count("refused") == 20
    assert VoterReceipt.objects.filter(ballot=ballot).count() == 50
    assert VoterReceipt.objects.filter(ballot=ballot).values("voter").distinct().count() == 50
    assert Vote.objects.filter(ballot=ballot).count() == 50
    assert AuditEvent.objects.filter(action="ballot.cast", object_id=str(ballot.pk)).count() == 50
    closed = ballots.ballot_close(actor=SYSTEM, ballot=ballot)
    assert closed.totals["cast"] == 50
