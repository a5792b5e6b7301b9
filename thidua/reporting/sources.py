"""Where the reports' data comes from: the small boundary between this app and the apps that store it.

A cluster-year's report is built from its results in force (thidua.cycle.results: the final snapshot, or the
provisional one, or the latest scoring of a year kept outside the cycle): the package that was scored,
frozen, so the report says what was stored even if figures were edited afterwards. Award statistics come from the
register (thidua.awards) when that app is installed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Any, Literal

from django.apps import apps

from thidua.core.errors import NotFound
from thidua.cycle.results import results_in_force
from thidua.engine import ClusterResult
from thidua.engine.model import Veto
from thidua.org.models import ClusterYear, Unit
from thidua.packages import Package, read_package
from thidua.reports.model import BallotFact, ConferenceFacts, ScoreComparison


def package_for_cluster_year(cluster_year: ClusterYear) -> Package:
    """The package of the cluster-year's results in force (thidua.cycle.results); NotFound while none is."""
    snapshot = results_in_force(cluster_year)
    if snapshot is None:
        raise NotFound(f"{cluster_year} chưa có kết quả chấm điểm được lưu.")
    package, problems = read_package(snapshot.inputs)
    if package is None:
        # A stored snapshot was valid when it was scored; failing to read it back is a bug, not a user error.
        raise RuntimeError(f"snapshot {snapshot.pk} no longer reads as a package: {problems}")
    return with_conference_vetoes(package, cluster_year)


def with_conference_vetoes(package: Package, cluster_year: ClusterYear) -> Package:
    """The package with the vetoes the conference recorded after the snapshot was taken: the conference applies
    them to final results, so the report ranks, counts and honours as the conference left it."""
    if not apps.is_installed("thidua.conference"):
        return package
    from thidua.conference.results import conference_vetoes

    known = {(veto.unit, veto.reason) for veto in package.inputs.vetoes}
    added = tuple(
        Veto(unit=code, reason=reason)
        for code, reason in conference_vetoes(cluster_year).items()
        if (code, reason) not in known and code in {m.code for m in package.members}
    )
    if not added:
        return package
    return replace(package, inputs=replace(package.inputs, vetoes=package.inputs.vetoes + added))


def scored(cluster_year: ClusterYear) -> tuple[Package, ClusterResult]:
    package = package_for_cluster_year(cluster_year)
    return package, package.score()


def score_comparison(cluster_year: ClusterYear) -> dict[str, ScoreComparison] | None:
    """Tự chấm / Cụm chấm / Điểm duyệt for the report's ranking table, against the snapshot the report is
    made from; None when the units did not report through the app (no reporting lines), so that only one set of
    figures exists."""
    if not apps.is_installed("thidua.cycle"):
        return None
    from thidua.cycle import comparison
    from thidua.cycle.lines import lines_opened
    from thidua.cycle.models import Cycle

    cycle = Cycle.objects.filter(cluster_year=cluster_year).select_related("cluster_year__cluster").first()
    snapshot = results_in_force(cluster_year)
    if cycle is None or snapshot is None or not lines_opened(cycle):
        return None
    return comparison.score_comparison(cycle, snapshot)


def cluster_years_with_results(province: Unit, year: int) -> list[ClusterYear]:
    """Every cluster and block of the province that year with results in force, cụm before khối."""
    candidates = (
        ClusterYear.objects.filter(cluster__province=province, year=year, score_snapshots__isnull=False)
        .select_related("cluster")
        .distinct()
        .order_by("cluster__kind", "cluster__code")
    )
    return [cluster_year for cluster_year in candidates if results_in_force(cluster_year) is not None]


def register_award_counts(province: Unit, year: int) -> tuple[tuple[str, int], ...] | None:
    """Awards granted in the register for achievements of `year` in the province, by award, revoked ones left
    out; None while thidua.awards is not installed (no register, as opposed to an empty one)."""
    if not apps.is_installed("thidua.awards"):
        return None
    from thidua.awards.models import AwardRecord, AwardStatus

    names = AwardRecord.objects.filter(
        decision__province=province, year=year, status=AwardStatus.ACTIVE
    ).values_list("award__name", flat=True)
    counts = Counter(names)
    return tuple(sorted(counts.items(), key=lambda pair: (-pair[1], pair[0])))


def conference_facts(cluster_year: ClusterYear) -> ConferenceFacts | None:
    """What the year-end conference decided (when and where, the suy tôn ballot, next year's leader and deputy) and
    the register's awards to the members for the year; None when neither app holds anything for this year.

    Only closed ballots count, with the result stored at closing (or the chair's decision): a ballot still open has
    no result to report."""
    held_on, place = None, ""
    ballots: list[BallotFact] = []
    if apps.is_installed("thidua.conference"):
        from thidua.conference.models import Ballot, BallotPurpose, BallotStatus, Conference

        conference = Conference.objects.filter(cluster_year=cluster_year).first()
        if conference is not None:
            held_on, place = conference.held_on, conference.place
        closed = (
            Ballot.objects.filter(
                cluster_year=cluster_year,
                status=BallotStatus.CLOSED,
                purpose__in=[BallotPurpose.HONOUR, BallotPurpose.LEADER, BallotPurpose.DEPUTY],
            )
            .select_related("subject", "winner", "override_winner")
            .prefetch_related("candidates")
            .order_by("closed_at", "id")
        )
        for ballot in closed:
            ballots.append(_ballot_fact(ballot))
    awards = _member_awards(cluster_year)
    if held_on is None and not ballots and not awards:
        return None
    return ConferenceFacts(held_on=held_on, place=place, ballots=tuple(ballots), awards=awards)


def _ballot_fact(ballot: Any) -> BallotFact:
    totals = ballot.totals or {}
    base_key = "voters" if ballot.threshold_base == "voters" else "cast"
    base = totals.get(base_key)
    passed = bool(ballot.final_passed)
    unit: str | None
    if ballot.purpose == "honour":
        unit = ballot.subject.name if ballot.subject else None
        votes = totals.get("approve")
    else:
        winner = ballot.override_winner if ballot.is_overridden else ballot.winner
        unit = winner.name if winner else None
        votes = None
        if winner is not None:
            candidate = next((c for c in ballot.candidates.all() if c.unit_id == winner.pk), None)
            if candidate is not None:
                votes = (totals.get("candidates") or {}).get(str(candidate.pk))
    purpose: Literal["honour", "leader", "deputy"] = (
        "honour" if ballot.purpose == "honour" else "leader" if ballot.purpose == "leader" else "deputy"
    )
    return BallotFact(
        purpose=purpose,
        unit=unit,
        passed=passed,
        votes=votes if isinstance(votes, int) else None,
        base=base if isinstance(base, int) else None,
        reason=ballot.result_reason,
        chair_reason=ballot.override_reason if ballot.is_overridden else "",
    )


def _member_awards(cluster_year: ClusterYear) -> tuple[tuple[str, int], ...] | None:
    """Awards in the register for the year's achievements given to the cluster-year's members, revoked ones left
    out; None without a register."""
    if not apps.is_installed("thidua.awards"):
        return None
    from thidua.awards.models import AwardRecord, AwardStatus

    members = cluster_year.memberships.values_list("unit_id", flat=True)
    names = AwardRecord.objects.filter(
        unit_id__in=members, year=cluster_year.year, status=AwardStatus.ACTIVE
    ).values_list("award__name", flat=True)
    counts = Counter(names)
    return tuple(sorted(counts.items(), key=lambda pair: (-pair[1], pair[0])))
