"""A unit's version 2 adjustments after its criteria are scored: bonus items attached to a criterion, agreed
points, group caps from the leaves up, and a section's points kept ≥ 0 when a deduction reaches into it.

Whatever a cap or a floor takes away is kept as a negative entry with its reason, so the unit's explanation
shows it and the sums stay sums of what is listed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from operator import itemgetter
from typing import TYPE_CHECKING

from thidua.engine.model import ZERO, BonusItem, Inputs, Member, Node, NodeStatus, Veto
from thidua.engine.nodes import LeafRow
from thidua.engine.numbers import vn, vn_points
from thidua.engine.results import BonusEntry, DeductionEntry, DetailSeed, LeafDetail
from thidua.engine.rules import q

if TYPE_CHECKING:
    from thidua.engine.scoring import FrameworkPlan


@dataclass(slots=True)
class Adjusted:
    """The rows after attached bonus items and agreements, what group caps and section floors cut, by node."""

    rows: list[LeafRow]
    cuts: dict[str, tuple[Decimal, Decimal]]
    bonus_cuts: list[BonusEntry]
    deduction_cuts: list[DeductionEntry]
    attached: dict[str, tuple[BonusEntry, ...]]
    # a section's points where the section floor summed them (scoring.py reuses the sum)
    section_points: dict[str, Decimal]


def veto_effects(vetoes: Sequence[Veto]) -> tuple[dict[str, str], dict[str, str]]:
    """Units out of the ranking and units without a band, with the reasons (two reasons of one unit both show)."""
    excluded: dict[str, str] = {}
    unbanded: dict[str, str] = {}
    for veto in vetoes:
        for effect, table in (("exclude_ranking", excluded), ("no_band", unbanded)):
            if effect in veto.effects:
                table[veto.unit] = f"{table[veto.unit]}; {veto.reason}" if veto.unit in table else veto.reason
    return excluded, unbanded


def bonus_item_entries(item: BonusItem, inputs: Inputs, unit: str) -> list[BonusEntry]:
    """What a bonus item gives a unit: its points if awarded, an assessor's amount (0…max), or per case."""
    kind = item.kind
    if kind == "points":
        if unit in inputs.bonus_awarded.get(item.code, frozenset()):
            return [BonusEntry(item.code, item.title, q(item.points), item.node)]
        return []
    given = inputs.bonus_amounts.get(item.code, {}).get(unit)
    if given is None or given == 0:
        return []
    if kind == "max":
        assert item.max is not None
        points = q(min(given, item.max))
        how = f"điểm cho {vn_points(points)} (từ 0 đến {vn(item.max)})"
    else:
        assert item.per_case is not None
        raw = given * item.per_case
        points = q(min(raw, item.cap)) if item.cap is not None else q(raw)
        how = f"{vn_points(item.per_case)} × {vn(given)} lần"
        if item.cap is not None:
            how = f"min({vn_points(item.cap)}; {how})"
        how += f" = {vn_points(points)}"
    return [BonusEntry(item.code, item.title, points, item.node, how)]


@dataclass(frozen=True, slots=True)
class CapsPlan:
    """Where a framework's group caps and section floors apply, worked out once: leaf indices by code, the capped
    leaves, and the capped nodes and sections (bottom-up) with the leaves and capped nodes under each."""

    plan: FrameworkPlan
    where: Mapping[str, int]
    capped_leaves: tuple[int, ...]
    groups: tuple[tuple[Node, Callable[[Sequence[LeafRow]], tuple[LeafRow, ...]], tuple[str, ...], bool], ...]
    attached_items: tuple[BonusItem, ...]


_CAPS: dict[int, CapsPlan] = {}


def caps_plan(plan: FrameworkPlan) -> CapsPlan:
    found = _CAPS.get(id(plan))
    if found is not None and found.plan is plan:
        return found
    if len(_CAPS) > 256:
        _CAPS.clear()
    where = {leaf.node.code: index for index, leaf in enumerate(plan.leaves)}
    capped_leaves = tuple(index for index, leaf in enumerate(plan.leaves) if leaf.node.caps is not None)
    sections = set(plan.section_codes)
    groups = []
    for parent in plan.parents_bottom_up:
        is_section = parent.code in sections
        if parent.caps is None and not is_section:
            continue
        below = parent.walk()[1:]
        leaves = tuple(where[node.code] for node in below if node.is_leaf)
        inner = tuple(node.code for node in below if not node.is_leaf and node.caps is not None)
        groups.append((parent, _picker(leaves), inner, is_section))
    attached = tuple(
        item for item in plan.framework.bonus_items if item.node is not None and item.node in where
    )
    found = _CAPS[id(plan)] = CapsPlan(plan, where, capped_leaves, tuple(groups), attached)
    return found


def _picker(indices: tuple[int, ...]) -> Callable[[Sequence[LeafRow]], tuple[LeafRow, ...]]:
    """The rows at `indices`, picked in C (itemgetter gives a bare row, not a tuple, for one index)."""
    if len(indices) > 1:
        return itemgetter(*indices)
    if indices:
        (only,) = indices
        return lambda rows: (rows[only],)
    return lambda rows: ()


_POINTS, _BONUS, _DEDUCTION = itemgetter(1), itemgetter(2), itemgetter(9)


def _with(
    row: LeafRow,
    *,
    status: NodeStatus | None = None,
    points: Decimal | None = None,
    bonus: Decimal | None = None,
    deduction: Decimal | None = None,
    detail: LeafDetail | None = None,
) -> LeafRow:
    return (
        status if status is not None else row[0],
        points if points is not None else row[1],
        bonus if bonus is not None else row[2],
        row[3],
        row[4],
        row[5],
        row[6],
        row[7],
        row[8],
        deduction if deduction is not None else row[9],
        detail if detail is not None else row[10],
    )


def _detail(row: LeafRow, plan: FrameworkPlan, index: int) -> LeafDetail:
    detail = row[10]
    if isinstance(detail, DetailSeed):
        return detail.build()
    if detail is not None:
        return detail
    return LeafDetail(rule=plan.leaves[index].node.rule, computed=row[1] + row[2] - row[9])


def adjust_unit(plan: FrameworkPlan, member: Member, rows: Sequence[LeafRow], inputs: Inputs) -> Adjusted:
    caps = caps_plan(plan)
    out = list(rows)
    where = caps.where
    attached: dict[str, tuple[BonusEntry, ...]] = {}
    for item in caps.attached_items:
        assert item.node is not None
        entries = bonus_item_entries(item, inputs, member.code)
        if not entries:
            continue
        index = where[item.node]
        row = out[index]
        detail = _detail(row, plan, index)
        gained = sum((entry.points for entry in entries), ZERO)
        shown = detail.attached + tuple((e.code, e.title, e.points) for e in entries)
        out[index] = _with(row, bonus=row[2] + gained, detail=replace(detail, attached=shown))
        attached[item.node] = attached.get(item.node, ()) + tuple(entries)
    for agreement in inputs.agreed:
        if agreement.unit != member.code or agreement.node not in where:
            continue
        index = where[agreement.node]
        row = out[index]
        detail = _detail(row, plan, index)
        top = plan.leaves[index].max
        agreed = q(agreement.points)
        points = min(max(agreed, ZERO), top)
        bonus = max(agreed - top, ZERO)
        deduction = max(-agreed, ZERO)
        detail = replace(
            detail,
            agreed=agreement,
            computed_points=row[1],
            computed_bonus=row[2],
            computed_deduction=row[9],
            computed=row[1] + row[2] - row[9],
        )
        out[index] = _with(
            row, status="scored", points=points, bonus=bonus, deduction=deduction, detail=detail
        )
        # Bonus items attached to an agreed criterion are inside the agreed points.
        attached.pop(agreement.node, None)
    section_points: dict[str, Decimal] = {}
    cuts, bonus_cuts, deduction_cuts = _group_caps(plan, caps, out, section_points)
    return Adjusted(out, cuts, bonus_cuts, deduction_cuts, attached, section_points)


def _group_caps(
    plan: FrameworkPlan, caps_at: CapsPlan, rows: list[LeafRow], section_points: dict[str, Decimal]
) -> tuple[dict[str, tuple[Decimal, Decimal]], list[BonusEntry], list[DeductionEntry]]:
    cuts: dict[str, tuple[Decimal, Decimal]] = {}
    bonus_cuts: list[BonusEntry] = []
    deduction_cuts: list[DeductionEntry] = []
    for index in caps_at.capped_leaves:
        row = rows[index]
        node = plan.leaves[index].node
        caps = node.caps
        assert caps is not None
        bonus_cut, deduction_cut = _cap(caps.bonus, caps.deduction, caps.bonus_and_deduction, row[2], row[9])
        if bonus_cut or deduction_cut:
            rows[index] = _with(row, bonus=row[2] - bonus_cut, deduction=row[9] - deduction_cut)
            _record(node.code, node.title, caps, bonus_cut, deduction_cut, bonus_cuts, deduction_cuts)
    for parent, pick, inner, is_section in caps_at.groups:
        picked = pick(rows)
        bonus = sum(map(_BONUS, picked), ZERO)
        deduction = sum(map(_DEDUCTION, picked), ZERO)
        for code in inner:
            inner_bonus, inner_deduction = cuts.get(code, (ZERO, ZERO))
            bonus -= inner_bonus
            deduction -= inner_deduction
        if not bonus and not deduction:
            continue
        bonus_cut = deduction_cut = ZERO
        if parent.caps is not None:
            caps = parent.caps
            bonus_cut, deduction_cut = _cap(
                caps.bonus, caps.deduction, caps.bonus_and_deduction, bonus, deduction
            )
            _record(parent.code, parent.title, caps, bonus_cut, deduction_cut, bonus_cuts, deduction_cuts)
        if is_section:
            points = section_points[parent.code] = sum(map(_POINTS, picked), ZERO)
            net = points + bonus - bonus_cut - (deduction - deduction_cut)
            if net < 0:
                deduction_cut -= net
                deduction_cuts.append(
                    DeductionEntry(
                        net,
                        f"Điểm trừ vượt quá điểm của nội dung {parent.code} ({parent.title}); "
                        "điểm nội dung không thấp hơn 0",
                        parent.code,
                    )
                )
        if bonus_cut or deduction_cut:
            cuts[parent.code] = (bonus_cut, deduction_cut)
    return cuts, bonus_cuts, deduction_cuts


def _cap(
    bonus_cap: Decimal | None,
    deduction_cap: Decimal | None,
    both: Decimal | None,
    bonus: Decimal,
    deduction: Decimal,
) -> tuple[Decimal, Decimal]:
    limits_bonus = [cap for cap in (bonus_cap, both) if cap is not None]
    limits_deduction = [cap for cap in (deduction_cap, both) if cap is not None]
    bonus_cut = max(bonus - q(min(limits_bonus)), ZERO) if limits_bonus else ZERO
    deduction_cut = max(deduction - q(min(limits_deduction)), ZERO) if limits_deduction else ZERO
    return bonus_cut, deduction_cut


def _record(
    code: str,
    title: str,
    caps: object,
    bonus_cut: Decimal,
    deduction_cut: Decimal,
    bonus_cuts: list[BonusEntry],
    deduction_cuts: list[DeductionEntry],
) -> None:
    from thidua.engine.terms import GroupCaps

    assert isinstance(caps, GroupCaps)
    if bonus_cut:
        cap = min(c for c in (caps.bonus, caps.bonus_and_deduction) if c is not None)
        bonus_cuts.append(
            BonusEntry(code, f"Điểm cộng của mục {code} ({title}) không quá {vn(cap)} điểm", -bonus_cut, code)
        )
    if deduction_cut:
        cap = min(c for c in (caps.deduction, caps.bonus_and_deduction) if c is not None)
        deduction_cuts.append(
            DeductionEntry(
                -deduction_cut, f"Điểm trừ của mục {code} ({title}) không quá {vn(cap)} điểm", code
            )
        )
