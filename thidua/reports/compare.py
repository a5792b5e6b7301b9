"""The totals before agreed points, for the compared columns (Cụm chấm is before them, Điểm duyệt after)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from thidua.packages.model import Package
from thidua.reports.model import ScoreComparison, compare_scores


def totals_before_agreement(package: Package) -> dict[str, Decimal]:
    """Each unit's total as the rules compute it, without the agreed points (the whole cluster is scored again,
    since caps, renormalisation and relative criteria depend on every line)."""
    plain = dataclasses.replace(package, inputs=dataclasses.replace(package.inputs, agreed=()))
    return {unit.code: unit.total for unit in plain.score().units}


def agreed_comparison(
    package: Package, approved: dict[str, Decimal], own: dict[str, Decimal] | None = None
) -> dict[str, ScoreComparison]:
    """The compared columns when the approved totals (`approved`, after agreed points) are known: the verified
    totals are the same package scored without its agreements; with no agreement they are the approved ones."""
    verified = totals_before_agreement(package) if package.inputs.agreed else approved
    return compare_scores(own, verified, approved)
