"""Figures over the cluster that a summary report turns into sentences.

Sums keep every digit of the inputs; only percentages are rounded (two decimals, half up).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from decimal import ROUND_CEILING, Decimal
from typing import TYPE_CHECKING

from thidua.engine.model import ZERO, Inputs, Member, RatioRule, is_rate
from thidua.engine.results import (
    PointsBin,
    RatioStatistics,
    SectionStatistics,
    Statistics,
    UnitPercent,
    UnitPoints,
    UnitResult,
)
from thidua.engine.rules import HUNDRED, LeafPlan, q

if TYPE_CHECKING:
    from thidua.engine.scoring import FrameworkPlan

ROUND_WIDTHS = tuple(Decimal(w) for w in ("0.5", 1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000))


def build_statistics(
    plan: FrameworkPlan, members: Sequence[Member], inputs: Inputs, units: Sequence[UnitResult]
) -> Statistics:
    criteria = LazyCriteria(
        tuple(leaf for leaf in plan.leaves if isinstance(leaf.rule, RatioRule)), members, inputs
    )
    sections = {
        section.code: section_statistics(section.code, section.title, section.max, units)
        for section in plan.framework.sections
    }
    return Statistics(criteria=criteria, sections=sections, unit_count=len(units))


class LazyCriteria(Mapping[str, RatioStatistics]):
    """Criterion code → its statistics, computed when first read: most scoring runs (the app's snapshot, the
    benchmark) never read them, and a national year has thousands of ratio criteria."""

    __slots__ = ("_built", "_inputs", "_leaves", "_members")

    def __init__(self, leaves: tuple[LeafPlan, ...], members: Sequence[Member], inputs: Inputs) -> None:
        self._leaves = leaves
        self._members = members
        self._inputs = inputs
        self._built: dict[str, RatioStatistics] | None = None

    def _build(self) -> dict[str, RatioStatistics]:
        if self._built is None:
            self._built = {
                leaf.node.code: ratio_statistics(leaf, self._members, self._inputs) for leaf in self._leaves
            }
        return self._built

    def __getitem__(self, code: str) -> RatioStatistics:
        return self._build()[code]

    def __iter__(self) -> Iterator[str]:
        return iter(leaf.node.code for leaf in self._leaves)

    def __len__(self) -> int:
        return len(self._leaves)

    def __repr__(self) -> str:
        return f"LazyCriteria({list(self)!r})"


def ratio_statistics(leaf: LeafPlan, members: Sequence[Member], inputs: Inputs) -> RatioStatistics:
    rule = leaf.rule
    assert isinstance(rule, RatioRule)
    code = leaf.node.code
    targets = inputs.targets.get(code, {})
    values = (
        inputs.values.get(code, {})
        if leaf.node.reads == "value"
        else {m.code: v for m in members if (v := inputs.fact(code, m.code, leaf.node.reads)) is not None}
    )
    marked = inputs.not_applicable.get(code, frozenset())
    lower = rule.direction == "lower"
    applicable = reported = reached = 0
    sum_actual = sum_target = ZERO
    percents: list[UnitPercent] = []
    for member in members:
        target = targets.get(member.code)
        if member.code in marked or target is None:
            continue
        applicable += 1
        actual = values.get(member.code)
        if not isinstance(actual, Decimal):
            continue
        reported += 1
        sum_actual += actual
        sum_target += target
        if (actual <= target) if lower else (actual >= target):
            reached += 1
        if target != 0:
            exact = actual * HUNDRED / target
            percents.append(UnitPercent(member.code, q(exact), exact))
    rate = is_rate(leaf.node.unit_of_measure)
    mean_actual = q(sum_actual / reported) if rate and reported else None
    mean_target = q(sum_target / reported) if rate and reported else None
    # Best first: highest for higher, lowest for lower; equal percentages by code.
    percents.sort(key=lambda item: item.code)
    percents.sort(key=lambda item: item.exact, reverse=not lower)
    return RatioStatistics(
        code=code,
        title=leaf.node.title,
        direction=rule.direction,
        unit_of_measure=leaf.node.unit_of_measure,
        sum_actual=sum_actual,
        sum_target=sum_target,
        ratio_percent=q(sum_actual * HUNDRED / sum_target) if sum_target != 0 else None,
        reached=reached,
        reported=reported,
        applicable=applicable,
        units=tuple(percents),
        is_rate=rate,
        mean_actual=mean_actual,
        mean_target=mean_target,
    )


def round_width(top: Decimal) -> Decimal:
    """A round bin width near a twentieth of the section's max (10 for 200, 50 for 650)."""
    wanted = top / 20
    for width in ROUND_WIDTHS:
        if width >= wanted:
            return width
    return ROUND_WIDTHS[-1]


def section_statistics(code: str, title: str, top: Decimal, units: Sequence[UnitResult]) -> SectionStatistics:
    points = sorted((UnitPoints(unit.code, unit.sections[code]) for unit in units), key=lambda p: p.code)
    points.sort(key=lambda p: p.points, reverse=True)
    values = [p.points for p in points]
    return SectionStatistics(
        code=code,
        title=title,
        max=top,
        points=tuple(points),
        highest=max(values, default=ZERO),
        lowest=min(values, default=ZERO),
        mean=q(sum(values, ZERO) / len(values)) if values else ZERO,
        bin_width=round_width(top),
    )


def points_bins(section: SectionStatistics, width: Decimal) -> tuple[PointsBin, ...]:
    """Non-empty bins [low, low + width) from 0 to the section's max, highest first; the top bin is closed."""
    if width <= 0:
        raise ValueError("width must be positive")
    bins: dict[Decimal, list[str]] = {}
    for entry in section.points:
        low = (entry.points // width) * width
        if low >= section.max > 0:
            # Full marks belong to the top bin, which is closed above.
            low = max(((section.max / width).to_integral_value(ROUND_CEILING) - 1) * width, ZERO)
        bins.setdefault(low, []).append(entry.code)
    return tuple(
        PointsBin(
            low=low,
            high=min(low + width, section.max) if section.max > 0 else low + width,
            units=tuple(codes),
        )
        for low, codes in sorted(bins.items(), key=lambda item: item[0], reverse=True)
    )
