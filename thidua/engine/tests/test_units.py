"""Totals, the not-applicable policies, bonus cap, deductions, vetoes, ranking, bands, honours, statistics."""

from __future__ import annotations

from datetime import date

from thidua.engine import (
    AssessedRule,
    BonusItem,
    Deduction,
    Honour,
    LateReport,
    RatioRule,
    ScoreBand,
    Veto,
)
from thidua.engine.model import Framework, LeafBonus, Node
from thidua.engine.tests.helpers import D, framework, leaf, run


def assessed(*codes_and_max: tuple[str, str]) -> list[Node]:
    return [leaf(code, AssessedRule(), top=top) for code, top in codes_and_max]


def two_leaves(policy: str) -> Framework:
    return framework(
        leaf("1.1", RatioRule(), top="30"), leaf("1.2", AssessedRule(), top="70"), not_applicable=policy
    )


def test_it_renormalizes_when_a_leaf_does_not_apply() -> None:
    result = run(
        two_leaves("renormalize"), values={"1.2": {"A": D("56")}}, not_applicable={"1.1": frozenset({"A"})}
    )
    unit = result.units[0]
    assert (unit.sections["1"], unit.standard, unit.applicable_max) == (D("56.00"), D("80.00"), D("70"))
    assert "56,00 × 100 / 70 = 80,00" in unit.explanation


def test_it_counts_a_not_applicable_leaf_in_full_or_as_zero_by_policy() -> None:
    full = run(two_leaves("full"), values={"1.2": {"A": D("56")}}, targets={})
    zero = run(two_leaves("zero"), values={"1.2": {"A": D("56")}}, targets={})
    assert (full.units[0].standard, full.units[0].sections["1"]) == (D("86.00"), D("86.00"))
    assert full.units[0].nodes["1.1"].status == "not_applicable"
    assert zero.units[0].standard == D("56.00")


def test_it_scores_missing_values_zero_and_lists_them() -> None:
    result = run(two_leaves("renormalize"), values={}, targets={"1.1": {"A": D(10)}})
    unit = result.units[0]
    assert unit.missing == ("1.1", "1.2") and unit.standard == D("0.00")
    assert result.warnings == ("Đơn vị A chưa báo cáo tiêu chí 1.1, 1.2: tính 0 điểm",)


def test_it_caps_the_bonus_and_subtracts_deductions_and_late_days() -> None:
    fw = framework(
        leaf("1.1", RatioRule(), top="40", bonus=LeafBonus(D(1), D(1), D(20))),
        bonus_cap=D(25),
        bonus_items=(BonusItem("co", "Cờ thi đua", D(10)),),
        late_report=LateReport(date(2026, 12, 15), D(1), D(10)),
    )
    result = run(
        fw,
        ("A", "B"),
        values={"1.1": {"A": D(150), "B": D(100)}},
        targets={"1.1": {"A": D(100), "B": D(100)}},
        bonus_awarded={"co": frozenset({"A"})},
        deductions=(Deduction("A", D(8), "Không ký giao ước"),),
        submitted={"A": date(2026, 12, 18)},
    )
    a, b = result.unit("A"), result.unit("B")
    assert (a.bonus_earned, a.bonus, a.deductions, a.total) == (
        D("30.00"),
        D("25.00"),
        D("11.00"),
        D("54.00"),
    )
    assert [entry.reason.split(" (")[0] for entry in a.deduction_entries] == [
        "Không ký giao ước",
        "Nộp báo cáo trễ 3 ngày so với hạn 15/12/2026",
    ]
    assert a.deduction_entries[1].reason.endswith("(1 điểm mỗi ngày, tối đa 10)")
    assert (b.deductions, b.deduction_entries[0].reason) == (
        D("10.00"),
        "Không nộp báo cáo tổng kết (hạn 15/12/2026)",
    )


def test_it_never_lets_the_total_fall_below_zero() -> None:
    result = run(
        framework(*assessed(("1.1", "10"))),
        values={"1.1": {"A": D(2)}},
        deductions=(Deduction("A", D(5), "Vi phạm"),),
    )
    assert result.units[0].total == D(0)


def ranked(fw: Framework, values: dict[str, str], **more: object) -> list[tuple[str, int | None, str | None]]:
    result = run(fw, tuple(values), values={"1.1": {c: D(v) for c, v in values.items()}}, **more)
    return [(u.code, u.rank, u.honour) for u in result.units]


HONOURS = (Honour(1, "Cờ thi đua", D(90)), Honour(2, "Bằng khen"), Honour(3, "Bằng khen"))


def test_it_shares_ranks_and_lists_tied_units_by_code() -> None:
    fw = framework(*assessed(("1.1", "100")), honours=HONOURS)
    assert ranked(fw, {"C": "95", "B": "95", "A": "80", "D": "70"}) == [
        ("B", 1, "Cờ thi đua"),
        ("C", 1, "Cờ thi đua"),
        ("A", 3, "Bằng khen"),
        ("D", 4, None),
    ]


def test_it_breaks_ties_by_the_framework_keys() -> None:
    fw = Framework(
        standard_points=D(100),
        sections=(
            Node("1", "Một", D(50), children=(leaf("1.1", AssessedRule(), "50"),)),
            Node("2", "Hai", D(50), children=(leaf("2.1", AssessedRule(), "50"),)),
        ),
        tie_break=("section:2", "deductions"),
    )
    result = run(
        fw,
        ("A", "B", "C"),
        values={"1.1": {"A": D(40), "B": D(30), "C": D(30)}, "2.1": {"A": D(30), "B": D(40), "C": D(40)}},
    )
    assert [(u.code, u.rank) for u in result.units] == [("B", 1), ("C", 1), ("A", 3)]


def test_it_takes_vetoed_units_out_of_ranking_and_honours() -> None:
    fw = framework(*assessed(("1.1", "100")), honours=HONOURS, bands=(ScoreBand("Xuất sắc", D(90)),))
    result = run(
        fw,
        ("A", "B"),
        values={"1.1": {"A": D(99), "B": D(95)}},
        vetoes=(Veto("A", "Vụ việc an ninh trật tự"),),
    )
    assert [(u.code, u.rank, u.honour, u.vetoed, u.band) for u in result.units] == [
        ("B", 1, "Cờ thi đua", None, "Xuất sắc"),
        ("A", None, None, "Vụ việc an ninh trật tự", "Xuất sắc"),
    ]
    assert result.units[1].total == D("99.00")


def test_it_gives_no_honour_below_min_total_and_nobody_moves_up() -> None:
    fw = framework(*assessed(("1.1", "100")), honours=HONOURS)
    assert ranked(fw, {"A": "85", "B": "80"}) == [("A", 1, None), ("B", 2, "Bằng khen")]


def test_it_classifies_by_the_highest_band_reached() -> None:
    fw = framework(*assessed(("1.1", "100")), bands=(ScoreBand("Tốt", D(80)), ScoreBand("Xuất sắc", D(90))))
    result = run(fw, ("A", "B", "C"), values={"1.1": {"A": D(90), "B": D("89.99"), "C": D(10)}})
    assert [u.band for u in result.units] == ["Xuất sắc", "Tốt", None]


def test_it_sums_ratio_statistics_exactly_and_orders_units_best_first() -> None:
    fw = framework(leaf("1.1", RatioRule(direction="lower"), top="40"))
    result = run(
        fw,
        ("A", "B", "C", "D"),
        values={"1.1": {"A": D("2.10"), "B": D("3.2"), "C": D("1"), "D": D("1")}},
        targets={"1.1": {"A": D("2.5"), "B": D("3.0"), "C": D("0"), "D": D("1")}},
    )
    stats = result.statistics.criteria["1.1"]
    assert (stats.sum_actual, stats.sum_target, stats.reached, stats.reported, stats.applicable) == (
        D("7.3"),
        D("6.5"),
        2,
        4,
        4,
    )
    assert [(u.code, u.percent) for u in stats.units] == [
        ("A", D("84.00")),
        ("D", D("100.00")),
        ("B", D("106.67")),
    ]


def test_it_reports_the_distribution_of_section_points() -> None:
    fw = framework(*assessed(("1.1", "200")))
    result = run(fw, ("A", "B", "C"), values={"1.1": {"A": D(185), "B": D("189.5"), "C": D(200)}})
    section = result.statistics.sections["1"]
    assert section.bin_width == D(10)
    assert [(b.low, b.high, b.units) for b in section.distribution()] == [
        (D(190), D(200), ("C",)),
        (D(180), D(190), ("B", "A")),
    ]
    assert section.count_between(D(180), D(190)) == 2


def test_it_shows_every_reason_when_a_unit_is_vetoed_twice() -> None:
    fw = framework(*assessed(("1.1", "100")))
    result = run(
        fw,
        ("A", "B"),
        values={"1.1": {"A": D(99), "B": D(95)}},
        vetoes=(Veto("A", "Vụ việc an ninh trật tự"), Veto("A", "Vi phạm kỷ luật tài chính")),
    )
    assert result.units[1].vetoed == "Vụ việc an ninh trật tự; Vi phạm kỷ luật tài chính"
