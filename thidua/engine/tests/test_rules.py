"""Every leaf rule of domain/scoring.md, with its edge cases, one unit or one cluster at a time."""

from __future__ import annotations

from decimal import Decimal

import pytest

from thidua.engine import (
    AssessedRule,
    BandsRule,
    BooleanRule,
    ChangeRule,
    CountRule,
    PointsBand,
    RankRule,
    RatingLevel,
    RatingRule,
    RatioRule,
    RelativeRule,
    Rule,
    ThresholdRule,
)
from thidua.engine.model import LeafBonus
from thidua.engine.tests.helpers import D, framework, leaf, run

BONUS = LeafBonus(D(1), D("0.5"), D(5))


def one(
    rule: Rule,
    value: object,
    target: str | None = None,
    baseline: str | None = None,
    bonus: LeafBonus | None = None,
) -> tuple[str, Decimal, Decimal]:
    fw = framework(leaf("1.1", rule, bonus=bonus))
    result = run(
        fw,
        values={"1.1": {"A": value}},
        targets={"1.1": {"A": D(target)}} if target is not None else {},
        baselines={"1.1": {"A": D(baseline)}} if baseline is not None else {},
    )
    node = result.units[0].nodes["1.1"]
    return node.status, node.points, node.bonus


@pytest.mark.parametrize(
    ("rule", "actual", "target", "points", "bonus"),
    [
        (RatioRule(), "45", "40.5", "40.00", "5.00"),  # 111.11% → bonus capped at 5
        (RatioRule(), "36.1", "38", "38.00", "0.00"),  # 95% of 40
        (RatioRule(), "44.55", "40.5", "40.00", "5.00"),  # exactly 10% over: 10 steps, never 9.999…
        (RatioRule(), "41.31", "40.5", "40.00", "1.00"),  # 2% over
        (RatioRule(below="zero"), "39", "40", "0.00", "0.00"),
        (RatioRule(floor_ratio=D("0.8")), "70", "91", "0.00", "0.00"),  # 76.9% < floor 80%
        (RatioRule(floor_ratio=D("0.8")), "72", "90", "32.00", "0.00"),  # exactly at the floor
        (RatioRule(direction="lower"), "2.1", "2.5", "40.00", "5.00"),  # 16% reduction beyond target
        (RatioRule(direction="lower"), "3.2", "3.0", "37.50", "0.00"),  # r = T/A = 0.9375
        (RatioRule(direction="lower"), "0", "3", "40.00", "5.00"),  # A = 0 on lower: full points
        (RatioRule(direction="lower"), "2", "0", "0.00", "0.00"),  # T = 0 and A > 0: r = 0
        (RatioRule(direction="lower"), "0", "0", "40.00", "0.00"),  # T = 0, A = 0: reached, no bonus
        (RatioRule(direction="lower", floor_ratio=D("0.9")), "3.4", "3.0", "0.00", "0.00"),  # 88% < 90%
    ],
)
def test_it_scores_ratio_leaves(rule: RatioRule, actual: str, target: str, points: str, bonus: str) -> None:
    assert one(rule, D(actual), target, bonus=BONUS) == ("scored", D(points), D(bonus))


@pytest.mark.parametrize(
    ("rule", "actual", "target", "points"),
    [
        (ThresholdRule(value=D(80)), "80", None, "40.00"),
        (ThresholdRule(value=D(80)), "79.99", None, "0.00"),
        (ThresholdRule(value=D(80), op=">", else_points=D(10)), "80", None, "10.00"),
        (ThresholdRule(value=D(5), op="<="), "5", None, "40.00"),
        (ThresholdRule(value=D(0), op="=="), "0", None, "40.00"),
        (ThresholdRule(value=D(0), op="<"), "1", None, "0.00"),
        (ThresholdRule(against="target"), "12", "12", "40.00"),
        (ThresholdRule(against="target"), "11", "12", "0.00"),
        (ThresholdRule(value=D(100), against="target_percent"), "45", "40.5", "40.00"),
        (ThresholdRule(value=D(120), against="target_percent"), "45", "40.5", "0.00"),
    ],
)
def test_it_scores_threshold_leaves(
    rule: ThresholdRule, actual: str, target: str | None, points: str
) -> None:
    assert one(rule, D(actual), target) == ("scored", D(points), D(0))


BANDS = BandsRule(
    bands=(
        PointsBand(D(95), points=D(40)),
        PointsBand(D(80), points=D(32)),
        PointsBand(D(60), fraction=D("0.5")),
    )
)


@pytest.mark.parametrize(
    ("actual", "points"),
    [("96.2", "40.00"), ("95", "40.00"), ("88.4", "32.00"), ("60", "20.00"), ("59.9", "0.00")],
)
def test_it_scores_bands_by_the_highest_minimum_reached(actual: str, points: str) -> None:
    assert one(BANDS, D(actual)) == ("scored", D(points), D(0))


def test_it_scores_bands_on_the_percent_of_target() -> None:
    rule = BandsRule(
        bands=(PointsBand(D(100), fraction=D(1)), PointsBand(D(90), fraction=D("0.75"))),
        input="target_percent",
    )
    assert one(rule, D("46"), "50") == ("scored", D("30.00"), D(0))  # 92%


RATING = RatingRule(
    levels=(
        RatingLevel("Hoàn thành xuất sắc nhiệm vụ", fraction=D(1)),
        RatingLevel("Hoàn thành tốt nhiệm vụ", fraction=D("0.8")),
        RatingLevel("Hoàn thành", points=D(15)),
    )
)


@pytest.mark.parametrize(
    ("label", "points"),
    [
        ("Hoàn thành xuất sắc nhiệm vụ", "40.00"),
        ("Hoàn thành tốt nhiệm vụ", "32.00"),
        ("Hoàn thành", "15.00"),
    ],
)
def test_it_scores_ratings_by_fraction_or_points(label: str, points: str) -> None:
    assert one(RATING, label) == ("scored", D(points), D(0))


@pytest.mark.parametrize(
    ("rule", "value", "baseline", "points"),
    [
        (AssessedRule(), D("37.555"), None, "37.56"),
        (CountRule(each=D(10)), D(2), None, "20.00"),
        (CountRule(each=D(10)), D(7), None, "40.00"),  # capped at max
        (BooleanRule(), True, None, "40.00"),
        (BooleanRule(else_points=D(8)), False, None, "8.00"),
        (ChangeRule(), D(10), "12", "40.00"),  # fewer accidents
        (ChangeRule(), D(9), "9", "20.00"),  # same: half
        (ChangeRule(), D(34), "30", "0.00"),  # worse
        (ChangeRule(direction="higher", same=D("0.25"), worse=D("0.1")), D(5), "6", "4.00"),
        (ChangeRule(direction="higher", same=D("0.25")), D(6), "6", "10.00"),
    ],
)
def test_it_scores_the_other_per_unit_rules(
    rule: Rule, value: object, baseline: str | None, points: str
) -> None:
    assert one(rule, value, baseline=baseline) == ("scored", D(points), D(0))


def test_it_marks_a_change_leaf_missing_without_last_years_value() -> None:
    assert one(ChangeRule(), D(3)) == ("missing", D(0), D(0))


def test_it_makes_a_target_based_leaf_not_applicable_without_a_target() -> None:
    assert one(RatioRule(), D(3)) == ("not_applicable", D(0), D(0))


def cluster(
    rule: Rule, values: dict[str, str], targets: dict[str, str] | None = None, top: str = "30"
) -> dict[str, Decimal]:
    codes = tuple(values)
    result = run(
        framework(leaf("1.1", rule, top=top)),
        codes,
        values={"1.1": {code: D(v) for code, v in values.items()}},
        targets={"1.1": {code: D(t) for code, t in (targets or {}).items()}},
    )
    return {unit.code: unit.nodes["1.1"].points for unit in result.units}


def test_it_scores_relative_leaves_against_the_best_member() -> None:
    points = cluster(RelativeRule(), {"A": "100", "B": "92", "C": "96", "D": "88"})
    assert points == {"A": D("30.00"), "B": D("27.60"), "C": D("28.80"), "D": D("26.40")}


def test_it_scores_relative_lower_against_the_lowest_member() -> None:
    assert cluster(RelativeRule(direction="lower"), {"A": "2", "B": "4"}) == {
        "A": D("30.00"),
        "B": D("15.00"),
    }


def test_it_gives_full_points_to_every_zero_when_the_best_is_zero() -> None:
    assert cluster(RelativeRule(direction="lower"), {"A": "0", "B": "0", "C": "2"}) == {
        "A": D("30.00"),
        "B": D("30.00"),
        "C": D("0.00"),
    }


def test_it_scores_relative_of_ratio_only_over_members_with_a_target() -> None:
    points = cluster(RelativeRule(of="ratio"), {"A": "50", "B": "45", "C": "99"}, {"A": "40", "B": "30"})
    assert points == {"A": D("25.00"), "B": D("30.00"), "C": D("0.00")}


def test_it_ranks_with_shared_positions_and_zero_past_the_list() -> None:
    rule = RankRule(points_by_rank=(D(40), D(36), D(32)))
    points = cluster(rule, {"A": "86.12", "B": "84.3", "C": "91.05", "D": "84.3", "E": "80.9"}, top="40")
    assert points == {"C": D("40.00"), "A": D("36.00"), "B": D("32.00"), "D": D("32.00"), "E": D("0.00")}


def test_it_ranks_lower_is_better() -> None:
    rule = RankRule(points_by_rank=(D(10), D(5)), direction="lower")
    assert cluster(rule, {"A": "3", "B": "1", "C": "2"}, top="10") == {
        "B": D("10.00"),
        "C": D("5.00"),
        "A": D("0.00"),
    }
