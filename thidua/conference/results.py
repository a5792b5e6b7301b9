"""The frozen final results of a cluster-year, read from the agreements app's ScoreSnapshot.

This is the only place the conference touches another app's storage of results: everything else takes the
plain `FinalResults` below, so the conference can be tested with any `thidua.results/1` document.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.utils import timezone

from thidua.org.models import ClusterYear

RESULTS_FORMAT = "thidua.results/1"


@dataclass(frozen=True, slots=True)
class RankedUnit:
    """One member's line of the final results."""

    code: str
    name: str
    rank: int | None
    total: Decimal
    honour: str | None
    vetoed: str | None


@dataclass(frozen=True, slots=True)
class FinalResults:
    """The final, frozen results of one cluster-year, in rank order."""

    units: tuple[RankedUnit, ...]
    source: str

    def by_code(self) -> dict[str, RankedUnit]:
        return {unit.code: unit for unit in self.units}


def parse_results(document: Mapping[str, Any], *, source: str = "") -> FinalResults:
    """A `thidua.results/1` document as FinalResults; anything else is refused with a ValueError."""
    if document.get("format") != RESULTS_FORMAT:
        raise ValueError(f"not a {RESULTS_FORMAT} document")
    units: Sequence[Mapping[str, Any]] = document.get("units") or []
    return FinalResults(
        units=tuple(
            RankedUnit(
                code=str(unit["code"]),
                name=str(unit["name"]),
                rank=unit.get("rank"),
                total=Decimal(str(unit["total"])),
                honour=unit.get("honour"),
                vetoed=unit.get("vetoed"),
            )
            for unit in units
        ),
        source=source,
    )


def results_visible_to(
    user: Any, cluster_year: ClusterYear, *, after_conference: bool = False
) -> FinalResults | None:
    """The results in force as `user` may see them: provisional ones only for those the cycle's CycleActor allows
    (not observers); None when there are none or the user may not see them yet. `after_conference`: with the
    conference's vetoes carried through (the minutes)."""
    from thidua.cycle.permissions import cycle_actor
    from thidua.cycle.results import cycle_of

    cycle = cycle_of(cluster_year)
    if cycle is not None and not cycle_actor(user, cycle).sees_results:
        return None
    return results_after_conference(cluster_year) if after_conference else final_results(cluster_year)


def final_results(cluster_year: ClusterYear) -> FinalResults | None:
    """The results in force of the cluster-year (thidua.cycle.results decides which snapshot), or None while it
    has none."""
    from thidua.cycle.results import results_in_force

    snapshot = results_in_force(cluster_year)
    if snapshot is None:
        return None
    when = timezone.localtime(snapshot.created_at)
    return parse_results(snapshot.results, source=f"Kết quả chấm điểm lúc {when:%H:%M ngày %d/%m/%Y}")


def rerank(units: Sequence[RankedUnit], vetoed: Mapping[str, str]) -> dict[str, int]:
    """Ranks once the conference's vetoes are out: each unit moves up by the vetoed units ranked above it.

    Units already out of the ranking in the results keep no rank; ties stay ties.
    """
    ranked = [u for u in units if u.rank is not None and u.vetoed is None and u.code not in vetoed]
    return {
        unit.code: 1 + sum(1 for other in ranked if other.rank is not None and other.rank < (unit.rank or 0))
        for unit in ranked
    }


def conference_vetoes(cluster_year: ClusterYear) -> dict[str, str]:
    """The vetoes in force of the cluster-year, by unit code: the conference's active ones (two of one unit both
    stand, with both reasons)."""
    from thidua.conference.models import Veto, VetoStatus

    out: dict[str, str] = {}
    for code, reason in (
        Veto.objects.filter(cluster_year=cluster_year, status=VetoStatus.ACTIVE)
        .order_by("pk")
        .values_list("unit__code", "reason")
    ):
        out[code] = f"{out[code]}; {reason}" if code in out else reason
    return out


def without_vetoed(results: FinalResults, vetoes: Mapping[str, str]) -> FinalResults:
    """The results as the conference left them: a vetoed unit keeps its points but has no rank and no honour, and
    every unit below it moves up. Used wherever the results are shown, counted or ranked after the conference."""
    if not vetoes:
        return results
    ranks = rerank(results.units, vetoes)
    units = []
    for unit in results.units:
        if unit.code in vetoes:
            reason = vetoes[unit.code] if unit.vetoed is None else f"{unit.vetoed}; {vetoes[unit.code]}"
            units.append(replace(unit, rank=None, honour=None, vetoed=reason))
        else:
            units.append(replace(unit, rank=ranks.get(unit.code)))
    ordered = sorted(units, key=lambda u: (u.rank is None, u.rank or 0, -u.total, u.code))
    return FinalResults(units=tuple(ordered), source=results.source)


def results_after_conference(cluster_year: ClusterYear) -> FinalResults | None:
    """The final results with the conference's vetoes carried through (final_results decides which results)."""
    results = final_results(cluster_year)
    return None if results is None else without_vetoed(results, conference_vetoes(cluster_year))
