"""Scoring a cluster-year: leaves, sections, standard (with the not-applicable policy), bonus, deductions, total.

The arithmetic follows domain/scoring.md: 28 significant digits, every leaf's points and bonus rounded half up to
0.01, sums of rounded values, renormalisation rounded once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Context, Decimal, localcontext
from fractions import Fraction
from functools import lru_cache
from itertools import compress
from operator import attrgetter, itemgetter

from thidua.engine.adjust import Adjusted, adjust_unit, bonus_item_entries, veto_effects
from thidua.engine.model import (
    ZERO,
    Framework,
    Inputs,
    LateReport,
    Member,
    Node,
    RankRule,
    RelativeRule,
    Value,
)
from thidua.engine.nodes import LazyNodes, LeafRow
from thidua.engine.numbers import vn
from thidua.engine.parts import score_leaf_v2
from thidua.engine.results import BonusEntry, ClusterResult, DeductionEntry, UnitResult
from thidua.engine.rules import LeafPlan, measure, plan_leaf, q, score_rank, score_relative

ENGINE_VERSION = "1.0.0"

# Ratios are exact quotients to 28 significant digits whatever context the caller runs in.
CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN)

_EMPTY_NUMBERS: Mapping[str, Decimal] = {}
_EMPTY_VALUES: Mapping[str, Value] = {}
_NOBODY: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class FrameworkPlan:
    """A framework prepared once: its leaves compiled, its parents in the order their sums can be made."""

    framework: Framework
    leaves: tuple[LeafPlan, ...]
    parents_bottom_up: tuple[Node, ...]
    tree_order: tuple[str, ...]
    section_codes: tuple[str, ...]
    # Group caps, section floors or version 2 criteria: units need the adjustments of adjust.py.
    v2: bool = False
    # Each section's leaves are consecutive in `leaves`: (start, end) per section.
    section_slices: tuple[tuple[int, int], ...] = ()
    # Sum of every leaf's own max (not its quantised copy), the applicable max when every leaf applies.
    total_max: Decimal = ZERO
    # Each leaf's code and title, in the order of `leaves`, for the entries a unit's bonus and deductions list.
    leaf_codes: tuple[str, ...] = ()
    leaf_titles: tuple[str, ...] = ()


_PLANS: dict[int, FrameworkPlan] = {}


def plan_framework(framework: Framework) -> FrameworkPlan:
    """The plan of a framework, kept by identity: hashing a whole tree on every call cost more than planning."""
    plan = _PLANS.get(id(framework))
    if plan is None or plan.framework is not framework:
        if len(_PLANS) > 256:
            _PLANS.clear()
        plan = _PLANS[id(framework)] = _plan(framework)
    return plan


def _plan(framework: Framework) -> FrameworkPlan:
    leaves: list[LeafPlan] = []
    parents: list[Node] = []
    slices: list[tuple[int, int]] = []
    for index, section in enumerate(framework.sections):
        start = len(leaves)
        for node in section.walk():
            if node.is_leaf:
                leaves.append(plan_leaf(node, index))
            else:
                parents.append(node)
        slices.append((start, len(leaves)))
    return FrameworkPlan(
        framework=framework,
        leaves=tuple(leaves),
        parents_bottom_up=tuple(reversed(parents)),
        tree_order=tuple(node.code for node in framework.nodes()),
        section_codes=tuple(section.code for section in framework.sections),
        v2=framework.version >= 2
        or any(leaf.v2 for leaf in leaves)
        or any(node.caps is not None for node in framework.nodes()),
        section_slices=tuple(slices),
        total_max=sum((leaf.node.max for leaf in leaves), ZERO),
        leaf_codes=tuple(leaf.node.code for leaf in leaves),
        leaf_titles=tuple(leaf.node.title for leaf in leaves),
    )


@dataclass(slots=True)
class _UnitScore:
    """A unit's numbers before ranking."""

    member: Member
    nodes: LazyNodes
    sections: dict[str, Decimal]
    missing: tuple[str, ...]
    earned: Decimal
    applicable_max: Decimal
    standard: Decimal
    bonus_entries: tuple[BonusEntry, ...]
    bonus: Decimal
    deduction_entries: tuple[DeductionEntry, ...]
    deductions: Decimal
    total: Decimal
    vetoed: str | None
    unbanded: str | None = None


def score(framework: Framework, members: Sequence[Member], inputs: Inputs) -> ClusterResult:
    """Score, rank, classify and propose honours for every member. Inputs are assumed valid
    (`validate_inputs` says what is wrong with them)."""
    from thidua.engine.ranking import finish
    from thidua.engine.statistics import build_statistics

    with localcontext(CONTEXT):
        plan = plan_framework(framework)
        codes = [member.code for member in members]
        by_leaf = [_score_leaf(leaf, members, codes, inputs, framework) for leaf in plan.leaves]
        vetoes, unbanded = veto_effects(inputs.vetoes)
        warnings: list[str] = []
        # Leaf columns to unit rows in one transposition (zip walks the columns in C).
        scores = [
            _score_unit(
                plan,
                member,
                rows,
                inputs,
                vetoes.get(member.code),
                warnings,
                unbanded.get(member.code),
            )
            for member, rows in zip(
                members, zip(*by_leaf, strict=True) if by_leaf else ((),) * len(members), strict=True
            )
        ]
        units = finish(framework, scores, warnings)
        statistics = build_statistics(plan, members, inputs, units)
    return ClusterResult(
        units=units, statistics=statistics, warnings=tuple(warnings), engine_version=ENGINE_VERSION
    )


def _score_leaf(
    leaf: LeafPlan, members: Sequence[Member], codes: Sequence[str], inputs: Inputs, framework: Framework
) -> list[LeafRow]:
    """One leaf for every member, in the members' order."""
    code = leaf.node.code
    targets = inputs.targets.get(code, _EMPTY_NUMBERS)
    values = inputs.values.get(code, _EMPTY_VALUES)
    baselines = inputs.baselines.get(code, _EMPTY_NUMBERS)
    marked = inputs.not_applicable.get(code, _NOBODY)
    na_points = leaf.max if framework.not_applicable == "full" else ZERO
    if leaf.v2:
        return score_leaf_v2(leaf, members, inputs, na_points)
    uses_target, needs_baseline, scorer = leaf.uses_target, leaf.needs_baseline, leaf.score
    rows: list[LeafRow] = []
    if scorer is not None and not needs_baseline and (not marked or marked.isdisjoint(codes)):
        # The common case without the branches it cannot take: every row scored by the rule, unless a value or
        # a target is missing, which sends the leaf through the general loop below.
        append = rows.append
        for unit in codes:
            target = targets.get(unit)
            actual = values.get(unit)
            if actual is None or (target is None and uses_target):
                break
            points, bonus = scorer(leaf, actual, target, None)
            append(("scored", points, bonus, actual, target, None, None, None, False, ZERO, None))
        else:
            return rows
        rows = []
    present: dict[int, tuple[Decimal, Decimal | None]] = {}
    for index, unit in enumerate(codes):
        target = targets.get(unit)
        if unit in marked or (uses_target and target is None):
            rows.append(
                (
                    "not_applicable",
                    na_points,
                    ZERO,
                    None,
                    target,
                    None,
                    None,
                    None,
                    unit in marked,
                    ZERO,
                    None,
                )
            )
            continue
        actual = values.get(unit)
        baseline = baselines.get(unit) if needs_baseline else None
        if actual is None or (needs_baseline and baseline is None):
            rows.append(("missing", ZERO, ZERO, actual, target, baseline, None, None, False, ZERO, None))
        elif scorer is None:
            assert isinstance(actual, Decimal)
            present[index] = (actual, target)
            rows.append(("scored", ZERO, ZERO, actual, target, None, None, None, False, ZERO, None))
        else:
            points, bonus = scorer(leaf, actual, target, baseline)
            rows.append(("scored", points, bonus, actual, target, baseline, None, None, False, ZERO, None))
    if present:
        _fill_cluster_wide(leaf, present, rows)
    return rows


def _fill_cluster_wide(
    leaf: LeafPlan, present: Mapping[int, tuple[Decimal, Decimal | None]], rows: list[LeafRow]
) -> None:
    """Relative and rank leaves: every reported member's measure first, then each one's points."""
    rule = leaf.rule
    assert isinstance(rule, RelativeRule | RankRule)
    measured = {index: measure(rule, actual, target) for index, (actual, target) in present.items()}
    positions: Mapping[int, int] = {}
    best: Decimal | None = None
    if isinstance(rule, RelativeRule):
        exact = None
        if rule.of == "ratio":
            # max × (A/T) / (best A/T) rounded once, as exact arithmetic would: quotients rounded to 28 digits
            # first can land a half-cent on the wrong side.
            exact = {
                index: Fraction(actual) / Fraction(target)
                for index, (actual, target) in present.items()
                if target
            }
        best, points = score_relative(leaf, measured, exact)
    else:
        positions, points = score_rank(leaf, measured)
    for index, (actual, target) in present.items():
        rows[index] = (
            "scored",
            points[index],
            ZERO,
            actual,
            target,
            None,
            best,
            positions.get(index),
            False,
            ZERO,
            None,
        )


_STATUS, _POINTS, _BONUS, _DEDUCTION = itemgetter(0), itemgetter(1), itemgetter(2), itemgetter(9)
_ENTRY_POINTS = attrgetter("points")
_NO_SUMS: Mapping[str, Decimal] = {}
_NOTHING_ATTACHED: Mapping[str, tuple[BonusEntry, ...]] = {}


def _score_unit(
    plan: FrameworkPlan,
    member: Member,
    rows: Sequence[LeafRow],
    inputs: Inputs,
    vetoed: str | None,
    warnings: list[str],
    unbanded: str | None = None,
) -> _UnitScore:
    framework = plan.framework
    adjusted: Adjusted | None = None
    if plan.v2 or inputs.agreed or framework.version >= 2:
        adjusted = adjust_unit(plan, member, rows, inputs)
        rows = adjusted.rows
    # Sums and the leaves with a bonus or a deduction are found by C-level passes over the row columns: a unit's
    # sixty rows cost more in Python bytecode than in Decimal additions.
    points_column = list(map(_POINTS, rows))
    summed = adjusted.section_points if adjusted is not None else _NO_SUMS
    section_points = [
        summed[code] if code in summed else sum(points_column[start:end], ZERO)
        for code, (start, end) in zip(plan.section_codes, plan.section_slices, strict=True)
    ]
    statuses = set(map(_STATUS, rows))
    missing: list[str] = []
    if "not_applicable" not in statuses and "missing" not in statuses:
        earned = sum(section_points, ZERO)
        applicable_max = plan.total_max
    else:
        earned = ZERO
        applicable_max = ZERO
        for leaf, row in zip(plan.leaves, rows, strict=True):
            if row[0] != "not_applicable":
                earned += row[1]
                # The leaf's own max, not its quantised copy: the spec divides by "the max of applicable leaves".
                applicable_max += leaf.node.max
                if row[0] == "missing":
                    missing.append(leaf.node.code)
    bonus_entries: list[BonusEntry] = []
    codes, titles = plan.leaf_codes, plan.leaf_titles
    attached_by = adjusted.attached if adjusted is not None else _NOTHING_ATTACHED
    for index in compress(range(len(rows)), map(_BONUS, rows)):
        code = codes[index]
        bonus = rows[index][2]
        attached = attached_by.get(code)
        own = bonus - sum((entry.points for entry in attached), ZERO) if attached else bonus
        if own:
            bonus_entries.append(BonusEntry(code, titles[index], own, code))
        if attached:
            bonus_entries.extend(attached)
    leaf_deductions = [
        DeductionEntry(rows[index][9], titles[index], codes[index])
        for index in compress(range(len(rows)), map(_DEDUCTION, rows))
    ]
    standard = _standard(framework, earned, applicable_max, section_points, member, warnings)
    for item in framework.bonus_items:
        if item.node is None:
            bonus_entries.extend(bonus_item_entries(item, inputs, member.code))
    if adjusted is not None:
        bonus_entries.extend(adjusted.bonus_cuts)
    earned_bonus = sum(map(_ENTRY_POINTS, bonus_entries), ZERO)
    bonus_total = min(earned_bonus, q(framework.bonus_cap)) if framework.bonus_capped else earned_bonus
    deduction_entries = leaf_deductions + list(_deductions(framework, inputs, member.code))
    if adjusted is not None:
        deduction_entries.extend(adjusted.deduction_cuts)
    deductions = sum(map(_ENTRY_POINTS, deduction_entries), ZERO)
    if missing:
        warnings.append(f"Đơn vị {member.code} chưa báo cáo tiêu chí {', '.join(missing)}: tính 0 điểm")
    return _UnitScore(
        member=member,
        nodes=LazyNodes(
            plan, rows, framework.not_applicable, adjusted.cuts if adjusted is not None else None
        ),
        sections=dict(zip(plan.section_codes, section_points, strict=True)),
        missing=tuple(missing),
        earned=earned,
        applicable_max=applicable_max,
        standard=standard,
        bonus_entries=tuple(bonus_entries),
        bonus=bonus_total,
        deduction_entries=tuple(deduction_entries),
        deductions=deductions,
        total=max(standard + bonus_total - deductions, ZERO),
        vetoed=vetoed,
        unbanded=unbanded,
    )


def _standard(
    framework: Framework,
    earned: Decimal,
    applicable_max: Decimal,
    section_points: list[Decimal],
    member: Member,
    warnings: list[str],
) -> Decimal:
    if framework.not_applicable != "renormalize":
        return sum(section_points, ZERO)
    if applicable_max == 0:
        warnings.append(f"Đơn vị {member.code} không có tiêu chí nào được áp dụng: điểm chuẩn là 0")
        return ZERO
    if applicable_max == framework.standard_points:
        return earned
    return q(earned * framework.standard_points / applicable_max)


def _deductions(framework: Framework, inputs: Inputs, unit: str) -> tuple[DeductionEntry, ...]:
    entries = [
        DeductionEntry(q(entry.points), entry.reason, entry.node)
        for entry in inputs.deductions
        if entry.unit == unit
    ]
    entries += [
        DeductionEntry(q(veto.deduct), veto.reason)
        for veto in inputs.vetoes
        if veto.unit == unit and veto.deduct
    ]
    late = framework.late_report
    if late is not None:
        submitted = inputs.submitted.get(unit)
        if submitted is None:
            entries.append(DeductionEntry(q(late.cap), _late_reason(late, None)))
        else:
            days = (submitted - late.deadline).days
            if days > 0:
                points = q(min(late.points_per_day * days, late.cap))
                entries.append(DeductionEntry(points, _late_reason(late, days)))
    return tuple(entries)


@lru_cache(maxsize=1024)
def _late_reason(late: LateReport, days: int | None) -> str:
    """The reason of a late-report deduction: the same few texts for every unit of a year, written once."""
    if days is None:
        return f"Không nộp báo cáo tổng kết (hạn {late.deadline:%d/%m/%Y})"
    # The deadline is named: the package builder may have put the board's deadline of the year here.
    return (
        f"Nộp báo cáo trễ {days} ngày so với hạn {late.deadline:%d/%m/%Y} "
        f"({vn(late.points_per_day)} điểm mỗi ngày, tối đa {vn(late.cap)})"
    )


def unit_result(
    score: _UnitScore, framework: Framework, rank: int | None, band: str | None, honour: str | None
) -> UnitResult:
    return UnitResult(
        code=score.member.code,
        name=score.member.name,
        rank=rank,
        band=band,
        honour=honour,
        vetoed=score.vetoed,
        total=score.total,
        standard=score.standard,
        bonus=score.bonus,
        deductions=score.deductions,
        sections=score.sections,
        nodes=score.nodes,
        missing=score.missing,
        earned=score.earned,
        applicable_max=score.applicable_max,
        standard_points=framework.standard_points,
        bonus_cap=framework.bonus_cap,
        policy=framework.not_applicable,
        bonus_entries=score.bonus_entries,
        deduction_entries=score.deduction_entries,
        unbanded=score.unbanded,
        bonus_capped=framework.bonus_capped,
    )


__all__ = ["CONTEXT", "ENGINE_VERSION", "FrameworkPlan", "plan_framework", "score"]
