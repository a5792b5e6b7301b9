"""Property tests of the version 2 parts: every part within its caps, group caps hold, monotone where the rule is."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.engine import (
    Fact,
    FixedRule,
    Framework,
    GroupCaps,
    Inputs,
    Member,
    Node,
    Part,
    PerCase,
    Range,
    Steps,
    Term,
    Tier,
    Tiers,
    score,
)

D = Decimal
counts = st.integers(min_value=0, max_value=40)
points = st.decimals(min_value=D("0.05"), max_value=D("5"), places=2)
caps = st.one_of(st.none(), st.decimals(min_value=D("0"), max_value=D("10"), places=2))


def criterion(code: str, top: Decimal, bonus: Part | None, deduction: Part | None) -> Node:
    facts = (Fact("n", "count", default=D(0)), Fact("m", "count", default=D(0)), Fact("x", "number"))
    return Node(
        code,
        f"Tiêu chí {code}",
        top,
        rule=FixedRule(),
        facts=facts,
        bonus_part=bonus,
        deduction_part=deduction,
    )


def run(
    nodes: tuple[Node, ...], facts: dict[str, dict[str, dict[str, Decimal]]], caps_: GroupCaps | None = None
):
    total = sum((node.max for node in nodes), D(0))
    section = Node("S", "Nội dung", total, children=nodes, caps=caps_)
    framework = Framework(standard_points=total, sections=(section,), bonus_capped=False, version=2)
    return score(framework, [Member("U", "Đơn vị")], Inputs(facts=facts)).unit("U")


@settings(max_examples=150, deadline=None)
@given(counts, counts, points, points, caps, caps, st.sampled_from(["item", "section"]))
def test_it_keeps_every_part_within_its_caps(
    n: int,
    m: int,
    per_n: Decimal,
    per_m: Decimal,
    bonus_cap: Decimal | None,
    deduction_cap: Decimal | None,
    floor: str,
) -> None:
    bonus = Part((Term(PerCase("m", per_m)),), cap=bonus_cap)
    deduction = Part((Term(PerCase("n", per_n)),), cap=deduction_cap, floor=floor)  # type: ignore[arg-type]
    unit = run((criterion("c", D(3), bonus, deduction),), {"c": {"U": {"n": D(n), "m": D(m)}}})
    result = unit.nodes["c"]
    assert D(0) <= result.bonus <= (bonus_cap if bonus_cap is not None else per_m * m)
    assert D(0) <= result.deduction <= (deduction_cap if deduction_cap is not None else per_n * n)
    if floor == "item":
        assert result.net >= 0
    assert unit.total >= 0


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(counts, counts), min_size=1, max_size=4), caps, caps, caps)
def test_it_holds_group_caps(
    cases: list[tuple[int, int]],
    bonus_cap: Decimal | None,
    deduction_cap: Decimal | None,
    both: Decimal | None,
) -> None:
    nodes = tuple(
        criterion(
            f"c{i}",
            D(2),
            Part((Term(PerCase("m", D("0.5"))),)),
            Part((Term(PerCase("n", D("0.5"))),), floor="section"),
        )
        for i in range(len(cases))
    )
    facts = {f"c{i}": {"U": {"n": D(n), "m": D(m)}} for i, (n, m) in enumerate(cases)}
    unit = run(nodes, facts, GroupCaps(bonus=bonus_cap, deduction=deduction_cap, bonus_and_deduction=both))
    section = unit.nodes["S"]
    for cap in (bonus_cap, both):
        if cap is not None:
            assert section.bonus <= cap
            assert unit.bonus <= cap
    for cap in (deduction_cap, both):
        if cap is not None:
            assert section.deduction <= cap
    # The section never goes below 0 and the unit's sums are the section's.
    assert section.points + section.bonus - section.deduction >= 0
    assert unit.bonus == section.bonus
    assert unit.deductions == section.deduction


@settings(max_examples=100, deadline=None)
@given(counts, counts, points, caps)
def test_it_never_deducts_less_for_more_cases(a: int, b: int, per_case: Decimal, cap: Decimal | None) -> None:
    low, high = sorted((a, b))
    part = Part((Term(PerCase("n", per_case)),), cap=cap)
    node = criterion("c", D(3), None, part)
    fewer = run((node,), {"c": {"U": {"n": D(low)}}}).nodes["c"].deduction
    more = run((node,), {"c": {"U": {"n": D(high)}}}).nodes["c"].deduction
    assert fewer <= more


values = st.decimals(min_value=D("0"), max_value=D("150"), places=2)


@settings(max_examples=100, deadline=None)
@given(values, values, st.sampled_from(["completed", "started"]), st.booleans(), caps)
def test_it_never_gives_a_smaller_step_bonus_for_a_higher_value(
    a: Decimal, b: Decimal, counting: str, inclusive: bool, cap: Decimal | None
) -> None:
    low, high = sorted((a, b))
    steps = Steps(
        start=D(92), step=D(1), points=D("0.1"), fact="x", counting=counting, inclusive=inclusive, cap=cap
    )  # type: ignore[arg-type]
    node = criterion("c", D(2), Part((Term(steps),)), None)
    lower = run((node,), {"c": {"U": {"x": low}}}).nodes["c"].bonus
    higher = run((node,), {"c": {"U": {"x": high}}}).nodes["c"].bonus
    assert lower <= higher
    assert (low <= 92 and not inclusive) is False or lower == 0


@settings(max_examples=100, deadline=None)
@given(values, values)
def test_it_moves_tiers_in_the_direction_they_are_written(a: Decimal, b: Decimal) -> None:
    low, high = sorted((a, b))
    tiers = Tiers(
        (
            Tier(Range(below=D(95)), D(-2)),
            Tier(Range(from_=D(95), below=D(100)), D(-1)),
            Tier(Range(above=D(100), below=D(120)), D(1)),
            Tier(Range(from_=D(120)), D(2)),
        ),
        fact="x",
    )
    node = criterion("c", D(5), Part((Term(tiers),)), None)
    lower = run((node,), {"c": {"U": {"x": low}}}).nodes["c"].net
    higher = run((node,), {"c": {"U": {"x": high}}}).nodes["c"].net
    assert lower <= higher
    assert D(3) <= lower <= D(7)


@settings(max_examples=100, deadline=None)
@given(counts, counts, points, points, caps, caps)
def test_it_explains_the_number_it_gives(
    n: int, m: int, per_n: Decimal, per_m: Decimal, bonus_cap: Decimal | None, deduction_cap: Decimal | None
) -> None:
    from thidua.engine.numbers import vn_points

    bonus = Part((Term(PerCase("m", per_m)),), cap=bonus_cap)
    deduction = Part((Term(PerCase("n", per_n)),), cap=deduction_cap)
    result = run((criterion("c", D(3), bonus, deduction),), {"c": {"U": {"n": D(n), "m": D(m)}}}).nodes["c"]
    assert result.explanation.endswith(f"= {vn_points(result.net)}") or "chỉ trừ đến 0 của tiêu chí" in (
        result.explanation
    )
