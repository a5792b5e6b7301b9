"""The cycle's reported lines are the agreement's lines (agreements.CriterionLine, one row per member, criterion
and year): how the cycle finds its lines, and a line its cycle, without the agreements app knowing the cycle."""

from __future__ import annotations

from django.db.models import QuerySet

from thidua.agreements.models import CriterionLine
from thidua.cycle.models import STATE_ORDER, Cycle, CycleState

# The select_related path from a line to its cycle (the agreement and the cycle share the cluster-year).
TO_CYCLE = "agreement__cluster_year__cycle"


def lines_of(cycle: Cycle) -> QuerySet[CriterionLine]:
    return CriterionLine.objects.filter(agreement__cluster_year_id=cycle.cluster_year_id)


def cycle_of(line: CriterionLine) -> Cycle:
    """The line's cycle, read through the cluster-year its agreement belongs to (no query when selected)."""
    cycle: Cycle = line.agreement.cluster_year.cycle
    return cycle


def lines_opened(cycle: Cycle) -> bool:
    """Whether the members report through the app this year: every line is opened when reporting begins."""
    return STATE_ORDER.index(cycle.state) >= STATE_ORDER.index(CycleState.REPORTING)
