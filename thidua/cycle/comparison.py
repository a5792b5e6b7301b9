"""The columns people compare on a cluster's results: "Tự chấm / Cụm chấm / Điểm duyệt" and the difference.

Tự chấm is the total the cluster's scoring gives on the figures each unit reported itself (kept on its line
before any verifier corrected them); Cụm chấm is the total of the results shown (after verification); Điểm duyệt
is the total after agreed points (the snapshot's), Cụm chấm then the same figures scored without them; until
points are agreed both are the snapshot's total. The results page, its Excel
export and the summary report all take them from `score_comparison`.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

from thidua.agreements.models import ScoreSnapshot
from thidua.agreements.packaging import agreement_package
from thidua.cycle.criteria import value_from_shown
from thidua.cycle.lines import lines_of
from thidua.cycle.models import Cycle
from thidua.cycle.services.common import agreement_of, cycle_criteria
from thidua.engine import Inputs, Value
from thidua.packages import Package, read_package
from thidua.reports.compare import agreed_comparison
from thidua.reports.model import ScoreComparison, compare_scores


def own_inputs(cycle: Cycle, inputs: Inputs) -> Inputs:
    """The stored inputs with every line's value replaced by what its unit reported itself; a figure that
    never went through a reporting line (imported with the agreement, no line opened) stays as stored."""
    criteria = cycle_criteria(cycle)
    values: dict[str, dict[str, Value]] = {code: dict(row) for code, row in inputs.values.items()}
    for unit_code, code, reported in lines_of(cycle).values_list("unit__code", "criterion", "reported_value"):
        criterion = criteria.get(code)
        if criterion is None:
            continue
        own = value_from_shown(criterion, reported)
        row = values.setdefault(code, {})
        if own is None:
            row.pop(unit_code, None)
        else:
            row[unit_code] = own
    return dataclasses.replace(inputs, values={code: row for code, row in values.items() if row})


def own_package(cycle: Cycle) -> Package:
    """The cluster-year as a package on the units' own figures."""
    package = agreement_package(agreement_of(cycle))
    return dataclasses.replace(package, inputs=own_inputs(cycle, package.inputs))


def own_totals(package: Package) -> dict[str, Decimal] | None:
    """Each unit's total on the units' own figures (the whole cluster, as relative and rank criteria compare
    units); None when those figures cannot be scored."""
    if package.problems():
        return None
    return {unit.code: unit.total for unit in package.score().units}


def snapshot_totals(snapshot: ScoreSnapshot) -> dict[str, Decimal]:
    units: list[dict[str, Any]] = snapshot.results["units"]
    return {unit["code"]: Decimal(unit["total"]) for unit in units}


def score_comparison(
    cycle: Cycle, snapshot: ScoreSnapshot, own: Package | None = None
) -> dict[str, ScoreComparison]:
    """Tự chấm, Cụm chấm, Điểm duyệt and the difference for every unit of the snapshot shown; `own` is
    `own_package(cycle)` when the caller has built it already."""
    approved = snapshot_totals(snapshot)
    frozen, _ = read_package(snapshot.inputs)
    if frozen is None or not frozen.inputs.agreed:
        return compare_scores(own_totals(own or own_package(cycle)), approved)
    return agreed_comparison(frozen, approved, own_totals(own or own_package(cycle)))
