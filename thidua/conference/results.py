"""The frozen final results of a cluster-year, read from the agreements app's ScoreSnapshot.

This is the only place the conference touches another app's storage of results: everything else takes the
plain `FinalResults` below, so the conference can be tested with any `thidua.results/1` document.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
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


def results_visible_to(user: Any, cluster_year: ClusterYear) -> FinalResults | None:
    """The results in force as `user` may see them: provisional ones only for those cycle.permissions allows
    (not observers); None when there are none or the user may not see them yet."""
    from thidua.cycle.permissions import can_see_results
    from thidua.cycle.results import cycle_of

    cycle = cycle_of(cluster_year)
    if cycle is not None and not can_see_results(user, cycle):
        return None
    return final_results(cluster_year)


def final_results(cluster_year: ClusterYear) -> FinalResults | None:
    """The results in force of the cluster-year (thidua.cycle.results decides which snapshot), or None while it
    has none."""
    from thidua.cycle.results import results_in_force

    snapshot = results_in_force(cluster_year)
    if snapshot is None:
        return None
    when = timezone.localtime(snapshot.created_at)
    return parse_results(snapshot.results, source=f"Kết quả chấm điểm lúc {when:%H:%M ngày %d/%m/%Y}")
