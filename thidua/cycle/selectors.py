"""Reads of the cycle, scoped by permission. The report page and the ranking page read in a fixed number of
queries whatever the number of members and criteria (tested with django_assert_num_queries at two sizes)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from thidua.accounts import access
from thidua.agreements.models import CriterionLine, ScoreSnapshot
from thidua.agreements.packaging import agreement_package
from thidua.core.errors import NotFound
from thidua.cycle import permissions
from thidua.cycle.criteria import Criterion, input_text, shown_value
from thidua.cycle.models import Appeal, Cycle, CycleState, Evidence, LineState, LineStatus, Notification
from thidua.cycle.services.common import agreement_of, cycle_criteria
from thidua.engine import UnitResult
from thidua.org.models import ClusterYear, Unit


def cycles_visible_to(user: Any) -> QuerySet[Cycle]:
    return Cycle.objects.filter(
        cluster_year__cluster__in=access.clusters_visible_to(user).values("pk")
    ).select_related("cluster_year__cluster__province")


def cycle_get_for_user(user: Any, pk: int) -> Cycle:
    cycle = cycles_visible_to(user).filter(pk=pk).first()
    if cycle is None:
        raise NotFound(_("Không tìm thấy năm thi đua hoặc bạn không có quyền xem."))
    return cycle


def cycle_of_cluster_year(user: Any, cluster_year: ClusterYear) -> Cycle | None:
    return cycles_visible_to(user).filter(cluster_year=cluster_year).first()


def line_get_for_user(user: Any, pk: int) -> LineState:
    line = (
        LineState.objects.select_related("cycle__cluster_year__cluster__province", "unit")
        .filter(pk=pk)
        .first()
    )
    if line is None or not permissions.can_view_cycle(user, line.cycle):
        raise NotFound(_("Không tìm thấy dòng báo cáo hoặc bạn không có quyền xem."))
    if not (
        permissions.reports_for(user, line.cycle, line.unit_id)
        or permissions.can_follow(user, line.cycle)
        or permissions.can_see_results(user, line.cycle)
        or _verifies(user, line)
    ):
        raise NotFound(_("Không tìm thấy dòng báo cáo hoặc bạn không có quyền xem."))
    return line


def _verifies(user: Any, line: LineState) -> bool:
    """A data-source reviewer reads the lines of their own agency's criteria, not every line of the province."""
    if not permissions.agency_names(user):
        return False
    from thidua.cycle.services.verification import may_verify

    return may_verify(user, line.cycle, line)


def evidence_get_for_user(user: Any, pk: int) -> Evidence:
    evidence = (
        Evidence.objects.select_related("line__cycle__cluster_year__cluster", "line__unit")
        .filter(pk=pk)
        .first()
    )
    if evidence is None:
        raise NotFound(_("Không tìm thấy minh chứng."))
    line_get_for_user(user, evidence.line_id)
    return evidence


def unit_for_report(user: Any, cycle: Cycle, unit_id: int) -> Unit:
    """The member whose report the user may open: its own officers, and those who follow the whole cycle."""
    if unit_id not in permissions.member_unit_ids(cycle):
        raise NotFound(_("Đơn vị không phải thành viên của năm thi đua này."))
    if not (permissions.reports_for(user, cycle, unit_id) or permissions.can_follow(user, cycle)):
        raise NotFound(_("Không tìm thấy báo cáo hoặc bạn không có quyền xem."))
    return Unit.objects.get(pk=unit_id)


# --- a unit's report ------------------------------------------------------------------------------------


@dataclass
class ReportRow:
    """One criterion of a unit's report, with its stored figures, its workflow and its self-scored points."""

    criterion: Criterion
    state: LineState
    line: CriterionLine | None
    evidence: list[Evidence]
    result: Any = None  # the engine's NodeResult for the self-score
    appeals: list[Appeal] = field(default_factory=list)

    @property
    def value_text(self) -> str:
        return shown_value(self.line.value if self.line else None)

    @property
    def input_text(self) -> str:
        return input_text(self.line.value if self.line else None)

    @property
    def target(self) -> Any:
        return self.line.target if self.line else None

    @property
    def baseline(self) -> Any:
        return self.line.baseline if self.line else None

    @property
    def not_applicable(self) -> bool:
        return bool(self.line and self.line.not_applicable)


@dataclass
class SectionRows:
    code: str
    title: str
    max: Any
    points: Any
    rows: list[ReportRow]


@dataclass
class UnitReport:
    """A member's report grouped by section, with its self-score (None when the inputs cannot be scored yet)."""

    cycle: Cycle
    unit: Unit
    sections: list[SectionRows]
    score: UnitResult | None
    score_problem: str = ""


def self_score(cycle: Cycle, unit: Unit) -> tuple[UnitResult | None, str]:
    """The unit's score on everything stored now. The whole cluster is scored because relative and rank
    criteria compare the unit with the others; only this unit's result is shown."""
    package = agreement_package(agreement_of(cycle))
    problems = package.problems()
    if problems:
        return None, str(problems[0])
    return package.score().unit(unit.code), ""


def unit_report(cycle: Cycle, unit: Unit, *, with_score: bool = True, only: str | None = None) -> UnitReport:
    criteria = cycle_criteria(cycle)
    states = {
        s.criterion: s
        for s in LineState.objects.filter(
            cycle=cycle, unit=unit, **({"criterion": only} if only else {})
        ).prefetch_related("evidence", "appeals")
    }
    lines = {
        line.criterion: line
        for line in CriterionLine.objects.filter(
            agreement__cluster_year_id=cycle.cluster_year_id,
            unit=unit,
            **({"criterion": only} if only else {}),
        )
    }
    score, problem = self_score(cycle, unit) if with_score else (None, "")
    sections: dict[str, SectionRows] = {}
    for code, criterion in criteria.items():
        state = states.get(code)
        if state is None:
            continue
        section = criterion.section
        if section.code not in sections:
            points = score.sections.get(section.code) if score else None
            sections[section.code] = SectionRows(section.code, section.title, section.max, points, [])
        sections[section.code].rows.append(
            ReportRow(
                criterion=criterion,
                state=state,
                line=lines.get(code),
                evidence=list(state.evidence.all()),
                result=score.nodes.get(code) if score else None,
                appeals=list(state.appeals.all()),
            )
        )
    return UnitReport(
        cycle=cycle, unit=unit, sections=list(sections.values()), score=score, score_problem=problem
    )


# --- verification ---------------------------------------------------------------------------------------


@dataclass
class QueueItem:
    """A submitted line waiting for this verifier."""

    state: LineState
    criterion: Criterion
    line: CriterionLine | None

    @property
    def value_text(self) -> str:
        return shown_value(self.line.value if self.line else None)

    @property
    def input_text(self) -> str:
        return input_text(self.line.value if self.line else None)


def verification_queue(user: Any, *, cycle: Cycle | None = None) -> list[QueueItem]:
    """One queue across every cluster the user verifies for: an agency's criteria in every cluster of the
    province, the leader's other criteria of the cluster, everything for the board."""
    from thidua.cycle.services.verification import agency_names_of

    cycles = cycles_visible_to(user).filter(state=CycleState.VERIFICATION)
    if cycle is not None:
        cycles = cycles.filter(pk=cycle.pk)
    reviewer_names = permissions.agency_names(user)
    condition = Q(pk__in=[])
    criteria_by_cycle: dict[int, dict[str, Criterion]] = {}
    for found in cycles:
        agencies = agency_names_of(found)
        criteria = cycle_criteria(found)
        codes = [
            code
            for code, c in criteria.items()
            if permissions.can_verify(user, found, c.data_source, agencies, reviewer_names)
        ]
        if codes:
            criteria_by_cycle[found.pk] = criteria
            condition |= Q(cycle=found, criterion__in=codes)
    if not criteria_by_cycle:
        return []
    states = list(
        LineState.objects.filter(condition, status=LineStatus.SUBMITTED)
        .select_related("unit", "cycle__cluster_year__cluster")
        .prefetch_related("evidence")
        .order_by("cycle_id", "unit_id", "id")
    )
    wanted = {(s.cycle.cluster_year_id, s.unit_id, s.criterion) for s in states}
    lines = {
        (line.agreement.cluster_year_id, line.unit_id, line.criterion): line
        for line in CriterionLine.objects.filter(
            agreement__cluster_year_id__in={key[0] for key in wanted},
            criterion__in={key[2] for key in wanted},
        ).select_related("agreement")
        if (line.agreement.cluster_year_id, line.unit_id, line.criterion) in wanted
    }
    order = {code: i for criteria in criteria_by_cycle.values() for i, code in enumerate(criteria)}
    items = [
        QueueItem(
            state=s,
            criterion=criteria_by_cycle[s.cycle_id][s.criterion],
            line=lines.get((s.cycle.cluster_year_id, s.unit_id, s.criterion)),
        )
        for s in states
    ]
    items.sort(key=lambda item: (item.state.cycle_id, order.get(item.state.criterion, 0), item.state.unit_id))
    return items


# --- results --------------------------------------------------------------------------------------------


def shown_snapshot(cycle: Cycle) -> ScoreSnapshot | None:
    snapshot_id = (
        cycle.final_snapshot_id if cycle.state == CycleState.FINAL else cycle.provisional_snapshot_id
    )
    if snapshot_id is None:
        return None
    return ScoreSnapshot.objects.filter(pk=snapshot_id).first()


def previous_final(cycle: Cycle) -> ScoreSnapshot | None:
    """Last year's final snapshot of the same cluster, for the change against last year."""
    earlier = (
        Cycle.objects.filter(
            cluster_year__cluster_id=cycle.cluster_year.cluster_id,
            cluster_year__year=cycle.cluster_year.year - 1,
            final_snapshot__isnull=False,
        )
        .select_related("final_snapshot")
        .first()
    )
    return earlier.final_snapshot if earlier else None


def appeals_of(cycle: Cycle) -> list[Appeal]:
    return list(
        Appeal.objects.filter(line__cycle=cycle)
        .select_related("line__unit", "filed_by")
        .order_by("status", "-filed_at")
    )


def final_history(cycle: Cycle) -> list[ScoreSnapshot]:
    """The provisional snapshot and every one taken after it this year, oldest first, so that the final result
    and any later correction show as differences."""
    if cycle.provisional_snapshot_id is None:
        return []
    return list(
        ScoreSnapshot.objects.filter(
            cluster_year_id=cycle.cluster_year_id, pk__gte=cycle.provisional_snapshot_id
        ).order_by("created_at", "id")
    )


def notifications_of(user: Any, *, limit: int = 50) -> list[Notification]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(Notification.objects.filter(user=user)[:limit])


def unread_count(user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def units_by_code(cycle: Cycle) -> dict[str, Unit]:
    return {m.unit.code: m.unit for m in cycle.cluster_year.memberships.select_related("unit")}
