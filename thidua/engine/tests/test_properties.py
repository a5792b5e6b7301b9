"""Properties that hold for any inputs: bounds, monotonicity, caps and a proper competition ranking."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from thidua.engine import AssessedRule, RatioRule
from thidua.engine.model import LeafBonus
from thidua.engine.tests.helpers import D, framework, leaf, run

amounts = st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False, allow_infinity=False)
targets = st.decimals(min_value=D("0.01"), max_value=10_000, places=2, allow_nan=False, allow_infinity=False)
directions = st.sampled_from(["higher", "lower"])
BONUS = LeafBonus(D(1), D("0.5"), D(5))


def ratio_points(direction: str, actual: Decimal, target: Decimal) -> tuple[Decimal, Decimal]:
    fw = framework(leaf("1.1", RatioRule(direction=direction), bonus=BONUS), bonus_cap=D(3))  # type: ignore[arg-type]
    unit = run(fw, values={"1.1": {"A": actual}}, targets={"1.1": {"A": target}}).units[0]
    node = unit.nodes["1.1"]
    assert unit.bonus <= D(3) and unit.total <= unit.standard_points + D(3)
    return node.points, node.bonus


@given(directions, amounts, targets)
def test_it_keeps_points_within_zero_and_max_and_bonus_within_its_cap(
    direction: str, actual: Decimal, target: Decimal
) -> None:
    points, bonus = ratio_points(direction, actual, target)
    assert D(0) <= points <= D(40)
    assert D(0) <= bonus <= D(5)


@given(directions, amounts, amounts, targets)
def test_it_is_monotone_in_the_actual_value(
    direction: str, first: Decimal, second: Decimal, target: Decimal
) -> None:
    low, high = sorted((first, second))
    points_low, bonus_low = ratio_points(direction, low, target)
    points_high, bonus_high = ratio_points(direction, high, target)
    if direction == "higher":
        assert points_low <= points_high and bonus_low <= bonus_high
    else:
        assert points_low >= points_high and bonus_low >= bonus_high


@given(st.lists(st.decimals(min_value=0, max_value=100, places=1), min_size=1, max_size=12))
def test_it_forms_a_proper_competition_ranking(scores: list[Decimal]) -> None:
    codes = tuple(f"U{i:02d}" for i in range(len(scores)))
    result = run(
        framework(leaf("1.1", AssessedRule(), top="100")),
        codes,
        values={"1.1": dict(zip(codes, scores, strict=True))},
    )
    units = result.units
    for position, unit in enumerate(units, start=1):
        better = sum(1 for other in units if other.total > unit.total)
        assert unit.rank == better + 1
        assert unit.rank <= position
    assert [u.total for u in units] == sorted((u.total for u in units), reverse=True)
