"""Reads of the year's bonus claims and deductions, scoped by permission: a unit's claims on its report page, the
claims waiting for a verifier (in the verification queue), the deductions of a cycle, and the bonus and deduction
entries of a published snapshot with their reasons. Writes are in thidua.cycle.services.bonuses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from thidua.agreements.models import BonusAward, BonusStatus, Deduction, ScoreSnapshot
from thidua.core.errors import NotFound
from thidua.cycle import permissions
from thidua.cycle.models import Cycle, CycleState
from thidua.cycle.services.bonuses import DECIDING_STATES, bonus_items_of, may_decide
from thidua.engine import UnitResult
from thidua.engine.model import BonusItem
from thidua.packages import read_package


@dataclass
class ClaimRow:
    """A bonus item of the framework as one unit sees it: the item, and the unit's claim of it if any."""

    item: BonusItem
    award: BonusAward | None


def unit_claims(cycle: Cycle, unit_id: int) -> list[ClaimRow]:
    """Every bonus item of the framework with the unit's claim or award of it, in the framework's order."""
    awards = {
        a.item: a
        for a in BonusAward.objects.filter(agreement__cluster_year_id=cycle.cluster_year_id, unit_id=unit_id)
    }
    return [ClaimRow(item=item, award=awards.get(code)) for code, item in bonus_items_of(cycle).items()]


@dataclass
class ClaimItem:
    """A claim waiting for this verifier."""

    cycle: Cycle
    award: BonusAward
    item: BonusItem | None

    @property
    def title(self) -> str:
        return self.item.title if self.item else self.award.item


def claims_queue(user: Any, cycles: list[Cycle]) -> list[ClaimItem]:
    """The claims waiting for a decision in the given visible cycles that this user may decide."""
    deciding = [c for c in cycles if c.state in DECIDING_STATES]
    if not deciding:
        return []
    by_year = {c.cluster_year_id: c for c in deciding}
    awards = (
        BonusAward.objects.filter(agreement__cluster_year_id__in=list(by_year), status=BonusStatus.CLAIMED)
        .select_related("unit", "agreement")
        .order_by("agreement__cluster_year_id", "unit_id", "item")
    )
    items_by_cycle: dict[int, dict[str, BonusItem]] = {}
    out = []
    for award in awards:
        cycle = by_year[award.agreement.cluster_year_id]
        if not may_decide(user, cycle, award.unit_id):
            continue
        if cycle.pk not in items_by_cycle:
            items_by_cycle[cycle.pk] = bonus_items_of(cycle)
        out.append(ClaimItem(cycle=cycle, award=award, item=items_by_cycle[cycle.pk].get(award.item)))
    return out


def _cycle_of_agreement(user: Any, cluster_year_id: int) -> Cycle:
    cycle = (
        Cycle.objects.select_related("cluster_year__cluster__province")
        .filter(cluster_year_id=cluster_year_id)
        .first()
    )
    if cycle is None or not permissions.cycle_actor(user, cycle).visible:
        raise NotFound(_("Không tìm thấy năm thi đua hoặc bạn không có quyền xem."))
    return cycle


def _sees_unit(user: Any, cycle: Cycle, unit_id: int) -> bool:
    return (
        permissions.cycle_actor(user, cycle).reports_for_unit(unit_id)
        or permissions.cycle_actor(user, cycle).follows
        or may_decide(user, cycle, unit_id)
    )


def claim_get_for_user(user: Any, pk: int) -> tuple[Cycle, BonusAward]:
    """A claim, for its unit's officers and those who follow or verify the cycle."""
    award = BonusAward.objects.select_related("unit", "agreement").filter(pk=pk).first()
    if award is None:
        raise NotFound(_("Không tìm thấy đề nghị điểm thưởng."))
    cycle = _cycle_of_agreement(user, award.agreement.cluster_year_id)
    if not _sees_unit(user, cycle, award.unit_id):
        raise NotFound(_("Không tìm thấy đề nghị điểm thưởng."))
    return cycle, award


def deduction_get_for_user(user: Any, pk: int) -> tuple[Cycle, Deduction]:
    deduction = Deduction.objects.select_related("unit", "agreement").filter(pk=pk).first()
    if deduction is None:
        raise NotFound(_("Không tìm thấy điểm trừ."))
    cycle = _cycle_of_agreement(user, deduction.agreement.cluster_year_id)
    if not _sees_unit(user, cycle, deduction.unit_id):
        raise NotFound(_("Không tìm thấy điểm trừ."))
    return cycle, deduction


def deductions_visible(user: Any, cycle: Cycle) -> list[Deduction]:
    """Every deduction of the year (recorded and withdrawn) for those who follow the cycle; a unit's officer sees
    its own units' only."""
    found = Deduction.objects.filter(agreement__cluster_year_id=cycle.cluster_year_id).select_related("unit")
    if permissions.cycle_actor(user, cycle).follows:
        return list(found.order_by("position", "id"))
    own = permissions.cycle_actor(user, cycle).reports_for
    return list(found.filter(unit_id__in=own).order_by("position", "id"))


def can_see_deductions(user: Any, cycle: Cycle) -> bool:
    actor = permissions.cycle_actor(user, cycle)
    return actor.follows or bool(actor.reports_for)


def can_record_deductions(user: Any, cycle: Cycle) -> bool:
    """Whether the page offers the form (the service decides again, per unit)."""
    actor = permissions.cycle_actor(user, cycle)
    return cycle.state != CycleState.FINAL and (actor.board or actor.leads or actor.deputises)


def published_unit(snapshot: ScoreSnapshot, unit_code: str) -> UnitResult | None:
    """A unit's result in a stored snapshot with every bonus and deduction entry and the explanation of its
    total. The thidua.results/1 document keeps only the sums, so the snapshot's frozen package is scored again;
    the engine gives the same numbers every time."""
    package, _problems = read_package(snapshot.inputs)
    if package is None:
        return None
    return next((unit for unit in package.score().units if unit.code == unit_code), None)


def bonus_context(request: Any, cycle: Cycle, unit: Any) -> dict[str, Any]:
    """What the report page shows of the unit's bonus claims and deductions, and whether it offers a claim."""
    claims = unit_claims(cycle, unit.pk)
    return {
        "claims": claims,
        "can_claim": cycle.state == CycleState.REPORTING
        and permissions.cycle_actor(request.user, cycle).reports_for_unit(unit)
        and any(row.award is None for row in claims),
        # The page is the unit's own report or one its follower opened (selectors.unit_for_report checked which).
        "unit_deductions": list(
            Deduction.objects.filter(
                agreement__cluster_year_id=cycle.cluster_year_id, unit_id=unit.pk
            ).order_by("position", "id")
        ),
    }
