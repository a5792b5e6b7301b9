"""Points of one leaf for one unit, rule by rule, and of the cluster-wide rules (relative, rank).

Each framework leaf is compiled once into a `LeafPlan` holding its quantised max and a scoring function, so the
per-unit loop does only the arithmetic of the rule.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from typing import TypeVar

from thidua.engine.model import (
    ZERO,
    AssessedRule,
    BandsRule,
    BooleanRule,
    ChangeRule,
    CountRule,
    FixedRule,
    FormulaRule,
    LeafBonus,
    Node,
    RankRule,
    RatingRule,
    RatioRule,
    RelativeRule,
    RelativeToLeaderRule,
    Rule,
    ThresholdRule,
    Value,
    divides_by_target,
    uses_target,
)

CENT = Decimal("0.01")
K = TypeVar("K", bound=Hashable)
HUNDRED = Decimal(100)

COMPARISONS: Mapping[str, Callable[[Decimal, Decimal], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
}

# (points, bonus) of one unit; the leaf's inputs are already known to be present and applicable.
Scorer = Callable[["LeafPlan", Value, "Decimal | None", "Decimal | None"], tuple[Decimal, Decimal]]


def q(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class LeafPlan:
    """A leaf prepared for scoring: its rule, quantised max and the parameters the hot loop needs."""

    node: Node
    rule: Rule
    section: int
    max: Decimal
    uses_target: bool
    needs_baseline: bool
    cluster_wide: bool
    v2: bool
    score: Scorer | None
    ratings: Mapping[str, Decimal]
    bands: tuple[tuple[Decimal, Decimal], ...]
    else_points: Decimal


def plan_leaf(node: Node, section: int) -> LeafPlan:
    """Precompute what scoring `node` needs for every unit."""
    rule = node.rule
    assert rule is not None, node.code
    top = q(node.max)
    ratings: dict[str, Decimal] = {}
    bands: tuple[tuple[Decimal, Decimal], ...] = ()
    else_points = ZERO
    if isinstance(rule, RatingRule):
        for level in rule.levels:
            ratings[level.label] = _absolute(level.points, level.fraction, node.max)
    if isinstance(rule, BandsRule):
        ordered = sorted(rule.bands, key=lambda band: band.min, reverse=True)
        bands = tuple((band.min, _absolute(band.points, band.fraction, node.max)) for band in ordered)
    if isinstance(rule, ThresholdRule | BooleanRule):
        else_points = q(rule.else_points)
    return LeafPlan(
        node=node,
        rule=rule,
        section=section,
        max=top,
        uses_target=uses_target(rule),
        needs_baseline=isinstance(rule, ChangeRule),
        cluster_wide=isinstance(rule, RelativeRule | RankRule),
        v2=node.is_v2 or isinstance(rule, FixedRule | FormulaRule | RelativeToLeaderRule),
        score=(
            ratio_scorer(rule, node)
            if isinstance(rule, RatioRule)
            else threshold_scorer(rule, node)
            if isinstance(rule, ThresholdRule)
            else SCORERS.get(type(rule))
        ),
        ratings=ratings,
        bands=bands,
        else_points=else_points,
    )


def _absolute(points: Decimal | None, fraction: Decimal | None, top: Decimal) -> Decimal:
    return q(points) if points is not None else q(top * (fraction or ZERO))


def _leaf_bonus(bonus: LeafBonus | None, excess: Decimal, base: Decimal) -> Decimal:
    """floor(e / step) × points_per_step capped, where e = excess/base × 100, in one division so that an exact
    10% is never read as 9.999…%."""
    if bonus is None or excess <= 0:
        return ZERO
    steps = (excess * HUNDRED / (base * bonus.step_percent)).to_integral_value(ROUND_FLOOR)
    return q(min(steps * bonus.points_per_step, bonus.cap))


def score_ratio(
    plan: LeafPlan, actual: Value, target: Decimal | None, baseline: Decimal | None
) -> tuple[Decimal, Decimal]:
    rule = plan.rule
    assert isinstance(rule, RatioRule)
    return ratio_scorer(rule, plan.node)(plan, actual, target, baseline)


def ratio_scorer(rule: RatioRule, node: Node) -> Scorer:
    """The ratio rule of one leaf with its parameters bound: a ratio leaf is scored for every unit of a year."""
    top = q(node.max)
    exact_top = node.max
    bonus = node.bonus
    zero_below = rule.below == "zero"
    floor_ratio = rule.floor_ratio

    def higher(
        _plan: LeafPlan, actual: Value, target: Decimal | None, _baseline: Decimal | None
    ) -> tuple[Decimal, Decimal]:
        assert isinstance(actual, Decimal) and target is not None
        if actual >= target:
            return top, _leaf_bonus(bonus, actual - target, target)
        if zero_below or actual < floor_ratio * target:
            return ZERO, ZERO
        return (exact_top * actual / target).quantize(CENT, ROUND_HALF_UP), ZERO

    def lower(
        _plan: LeafPlan, actual: Value, target: Decimal | None, _baseline: Decimal | None
    ) -> tuple[Decimal, Decimal]:
        assert isinstance(actual, Decimal) and target is not None
        if actual <= target:
            return top, (_leaf_bonus(bonus, target - actual, target) if target > 0 else ZERO)
        # Lower is better and the target was missed: r = T/A (0 when T = 0).
        if zero_below or target == 0 or target < floor_ratio * actual:
            return ZERO, ZERO
        return (exact_top * target / actual).quantize(CENT, ROUND_HALF_UP), ZERO

    return higher if rule.direction == "higher" else lower


def threshold_input(rule: ThresholdRule, actual: Decimal, target: Decimal | None) -> tuple[Decimal, Decimal]:
    """(left, right) of the comparison a threshold rule makes."""
    if rule.against == "target":
        assert target is not None
        return actual, target
    assert rule.value is not None
    if rule.against == "target_percent":
        assert target is not None
        return actual * HUNDRED / target, rule.value
    return actual, rule.value


def score_threshold(
    plan: LeafPlan, actual: Value, target: Decimal | None, baseline: Decimal | None
) -> tuple[Decimal, Decimal]:
    rule = plan.rule
    assert isinstance(rule, ThresholdRule)
    return threshold_scorer(rule, plan.node)(plan, actual, target, baseline)


def threshold_scorer(rule: ThresholdRule, node: Node) -> Scorer:
    """The threshold rule of one leaf with its comparison and points bound."""
    top = q(node.max)
    else_points = q(rule.else_points)
    compare = COMPARISONS[rule.op]

    def threshold(
        _plan: LeafPlan, actual: Value, target: Decimal | None, _baseline: Decimal | None
    ) -> tuple[Decimal, Decimal]:
        assert isinstance(actual, Decimal)
        left, right = threshold_input(rule, actual, target)
        return (top if compare(left, right) else else_points), ZERO

    return threshold


def bands_input(rule: BandsRule, actual: Decimal, target: Decimal | None) -> Decimal:
    if rule.input == "target_percent":
        assert target is not None
        return actual * HUNDRED / target
    return actual


def score_bands(
    plan: LeafPlan, actual: Value, target: Decimal | None, _baseline: Decimal | None
) -> tuple[Decimal, Decimal]:
    rule = plan.rule
    assert isinstance(rule, BandsRule) and isinstance(actual, Decimal)
    measured = bands_input(rule, actual, target)
    for low, points in plan.bands:
        if measured >= low:
            return points, ZERO
    return ZERO, ZERO


def score_rating(
    plan: LeafPlan, actual: Value, _target: Decimal | None, _baseline: Decimal | None
) -> tuple[Decimal, Decimal]:
    assert isinstance(actual, str)
    return plan.ratings[actual], ZERO


def score_assessed(
    plan: LeafPlan, actual: Value, _target: Decimal | None, _baseline: Decimal | None
) -> tuple[Decimal, Decimal]:
    assert isinstance(actual, Decimal)
    return q(actual), ZERO


def score_count(
    plan: LeafPlan, actual: Value, _target: Decimal | None, _baseline: Decimal | None
) -> tuple[Decimal, Decimal]:
    rule = plan.rule
    assert isinstance(rule, CountRule) and isinstance(actual, Decimal)
    return min(q(actual * rule.each), plan.max), ZERO


def score_boolean(
    plan: LeafPlan, actual: Value, _target: Decimal | None, _baseline: Decimal | None
) -> tuple[Decimal, Decimal]:
    return (plan.max if actual is True else plan.else_points), ZERO


def change_outcome(rule: ChangeRule, actual: Decimal, baseline: Decimal) -> str:
    """ "better", "same" or "worse" than last year in the rule's direction."""
    if actual == baseline:
        return "same"
    improved = actual < baseline if rule.direction == "lower" else actual > baseline
    return "better" if improved else "worse"


def score_change(
    plan: LeafPlan, actual: Value, _target: Decimal | None, baseline: Decimal | None
) -> tuple[Decimal, Decimal]:
    rule = plan.rule
    assert isinstance(rule, ChangeRule) and isinstance(actual, Decimal) and baseline is not None
    outcome = change_outcome(rule, actual, baseline)
    if outcome == "better":
        return plan.max, ZERO
    fraction = rule.same if outcome == "same" else rule.worse
    return q(plan.node.max * fraction), ZERO


SCORERS: Mapping[type[Rule], Scorer] = {
    RatioRule: score_ratio,
    ThresholdRule: score_threshold,
    BandsRule: score_bands,
    RatingRule: score_rating,
    AssessedRule: score_assessed,
    CountRule: score_count,
    BooleanRule: score_boolean,
    ChangeRule: score_change,
}


def measure(rule: RelativeRule | RankRule, actual: Decimal, target: Decimal | None) -> Decimal:
    """What a cluster-wide rule compares: the actual value or actual/target."""
    if rule.of == "ratio":
        assert target is not None
        return actual / target
    return actual


def q_fraction(value: Fraction) -> Decimal:
    """An exact rational quantised to 0.01 half-up. A value exactly on a half cent has a terminating decimal
    expansion, so the division below reaches it exactly and rounds the right way."""
    with localcontext() as context:
        context.prec = 60
        return q(Decimal(value.numerator) / Decimal(value.denominator))


def score_relative(
    plan: LeafPlan, measured: Mapping[K, Decimal], exact: Mapping[K, Fraction] | None = None
) -> tuple[Decimal | None, dict[K, Decimal]]:
    """The cluster's best value and each participant's points, proportional to the best.

    `exact`, when given, holds the same measures as exact rationals (A/T) and decides the points."""
    rule = plan.rule
    assert isinstance(rule, RelativeRule)
    if not measured:
        return None, {}
    higher = rule.direction == "higher"
    best = max(measured.values()) if higher else min(measured.values())
    top = plan.node.max
    points: dict[K, Decimal] = {}
    if exact is not None:
        exact_best = max(exact.values()) if higher else min(exact.values())
    for unit, value in measured.items():
        if best == 0:
            # Nobody can be compared with 0: those at 0 share the best place.
            earned = plan.max if value == 0 else ZERO
        elif exact is not None:
            share = exact[unit] / exact_best if higher else exact_best / exact[unit]
            earned = q_fraction(Fraction(top) * share)
        elif higher:
            earned = q(top * value / best)
        else:
            earned = q(top * best / value)
        points[unit] = min(max(earned, ZERO), plan.max)
    return best, points


def competition_positions(measured: Mapping[K, Decimal], higher: bool) -> dict[K, int]:
    """1, 2, 2, 4: equal values share the better position and the next one is skipped."""
    ordered: Sequence[tuple[K, Decimal]] = sorted(measured.items(), key=lambda item: item[1], reverse=higher)
    positions: dict[K, int] = {}
    previous: Decimal | None = None
    position = 0
    for index, (unit, value) in enumerate(ordered, start=1):
        if previous is None or value != previous:
            position = index
            previous = value
        positions[unit] = position
    return positions


def score_rank(plan: LeafPlan, measured: Mapping[K, Decimal]) -> tuple[dict[K, int], dict[K, Decimal]]:
    rule = plan.rule
    assert isinstance(rule, RankRule)
    positions = competition_positions(measured, rule.direction == "higher")
    table = rule.points_by_rank
    points = {unit: (q(table[pos - 1]) if pos <= len(table) else ZERO) for unit, pos in positions.items()}
    return positions, points


__all__ = ["LeafPlan", "divides_by_target", "plan_leaf", "q"]
