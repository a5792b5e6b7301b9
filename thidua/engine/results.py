"""What the engine returns: per node, per unit, the cluster's ranking, statistics and warnings.

Explanations are built when first read, not while scoring: a national run scores hundreds of thousands of
leaves and most explanations are never shown, while every one stays available and checkable.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from thidua.engine.model import ZERO, Direction, Node, NodeStatus, Policy, Value
from thidua.engine.terms import Agreed

if TYPE_CHECKING:
    from thidua.engine.formula import ClusterFigures
    from thidua.engine.term_scoring import UnitFacts
    from thidua.engine.terms import Part


@dataclass(slots=True)
class LeafDetail:
    """A version 2 criterion's line for one unit: each part explained, the caps that cut it, the agreed points.

    Not frozen: one is made for every unit and version 2 criterion, and a frozen dataclass costs twice as much to
    build; nothing changes it after scoring.
    `standard_text` explains the standard points when the rule's own explanation does not (else `rule`'s); `bonus_lines` / `deduction_lines` each term that gave points;
    `notes` what a cap, a floor or a scale changed; `computed` is standard + bonus − deduction before an agreement.
    """

    standard_text: str | None = None
    rule: object | None = None  # the rule that gave the standard points (a scale may choose it)
    bonus_lines: tuple[str, ...] = ()
    deduction_lines: tuple[str, ...] = ()
    bonus_before_cap: Decimal = ZERO
    deduction_before_cap: Decimal = ZERO
    notes: tuple[str, ...] = ()
    # the unit's facts (reported, else their defaults), kept as scoring had them: the tuple is made when read
    fact_values: Mapping[str, Value | None] | None = None
    scale: str | None = None
    computed: Decimal = ZERO
    agreed: Agreed | None = None
    computed_points: Decimal = ZERO
    computed_bonus: Decimal = ZERO
    computed_deduction: Decimal = ZERO
    bonus_text: str = ""
    deduction_text: str = ""
    # bonus items shown on this criterion: code, title, points
    attached: tuple[tuple[str, str, Decimal], ...] = ()
    # parts.PartsInputs: the explanation evaluates the parts again, this time with their lines
    inputs: object | None = None

    @property
    def facts(self) -> tuple[tuple[str, Value], ...]:
        """(name, value) of every fact that has a value."""
        found = self.fact_values or {}
        return tuple((name, value) for name, value in found.items() if value is not None)


class DetailSeed(NamedTuple):
    """What a version 2 line is made of, kept as one plain tuple while scoring: the `LeafDetail` is built only when
    a node result is read (a national year scores tens of thousands of such lines and reads few). It is also what
    the explanation needs to evaluate the criterion's parts again, with their lines (`parts.PartsInputs`)."""

    standard_text: str | None
    rule: object | None
    scale: str | None
    computed: Decimal
    bonus_part: Part | None
    deduction_part: Part | None
    facts: UnitFacts
    figures: ClusterFigures
    standard: Decimal
    extra: Decimal
    no_scale: bool

    def build(self) -> LeafDetail:
        return LeafDetail(
            standard_text=self.standard_text,
            rule=self.rule,
            scale=self.scale,
            fact_values=self.facts.values,
            computed=self.computed,
            inputs=self,
        )


@dataclass(frozen=True, slots=True)
class NodeResult:
    """One unit's result on one node: a leaf's points and bonus, or a parent's sum of its children.

    `actual`, `target`, `baseline` are the inputs the rule used; `reference` is the cluster's best value for a
    `relative` leaf and `position` the unit's place for a `rank` leaf, so the explanation can be rebuilt by hand.
    """

    node: Node
    status: NodeStatus
    points: Decimal
    bonus: Decimal
    policy: Policy
    actual: Value | None = None
    target: Decimal | None = None
    baseline: Decimal | None = None
    reference: Decimal | None = None
    position: int | None = None
    marked_not_applicable: bool = False
    parts: tuple[NodeResult, ...] = ()
    deduction: Decimal = ZERO
    detail: LeafDetail | None = None

    @property
    def net(self) -> Decimal:
        """Standard + bonus − deduction: the line "Điểm chuẩn 3,50; cộng 2,00; trừ 0,00; đạt 5,50"."""
        return self.points + self.bonus - self.deduction

    @property
    def code(self) -> str:
        return self.node.code

    @property
    def max(self) -> Decimal:
        return self.node.max

    @property
    def explanation(self) -> str:
        from thidua.engine.explain import explain_node

        return explain_node(self)


class DeductionEntry(NamedTuple):
    """One deduction applied to a unit (from the package or for a late report). A named tuple, immutable like a
    frozen dataclass and built several times faster: a national year makes tens of thousands of entries."""

    points: Decimal
    reason: str
    node: str | None = None


class BonusEntry(NamedTuple):
    """One source of bonus points before the cap: a leaf's bonus or a bonus item (with the criterion it is
    attached to, and how it was counted). A named tuple for the reason DeductionEntry is one."""

    code: str
    title: str
    points: Decimal
    node: str | None = None
    how: str | None = None


@dataclass(frozen=True, slots=True)
class UnitResult:
    """A unit's year: points by node and section, standard, bonus, deductions, total, rank, band, honour."""

    code: str
    name: str
    rank: int | None
    band: str | None
    honour: str | None
    vetoed: str | None
    total: Decimal
    standard: Decimal
    bonus: Decimal
    deductions: Decimal
    sections: Mapping[str, Decimal]
    nodes: Mapping[str, NodeResult]
    missing: tuple[str, ...]
    earned: Decimal
    applicable_max: Decimal
    standard_points: Decimal
    bonus_cap: Decimal
    policy: Policy
    bonus_entries: tuple[BonusEntry, ...]
    deduction_entries: tuple[DeductionEntry, ...]
    # A veto with the `no_band` effect: the reason the unit has no band (and is left out of band statistics).
    unbanded: str | None = None
    bonus_capped: bool = True

    @property
    def bonus_earned(self) -> Decimal:
        """Bonus before the cap."""
        return sum((entry.points for entry in self.bonus_entries), Decimal(0))

    @property
    def leaves(self) -> tuple[NodeResult, ...]:
        return tuple(result for result in self.nodes.values() if result.node.is_leaf)

    @property
    def explanation(self) -> str:
        from thidua.engine.explain import explain_unit

        return explain_unit(self)


@dataclass(frozen=True, slots=True)
class UnitPercent:
    """A member's actual/target × 100 on a ratio leaf: exact and rounded to two decimals."""

    code: str
    percent: Decimal
    exact: Decimal


@dataclass(frozen=True, slots=True)
class RatioStatistics:
    """A ratio criterion over the cluster: sums, cluster percentage, how many reached the target."""

    code: str
    title: str
    direction: Direction
    unit_of_measure: str | None
    sum_actual: Decimal
    sum_target: Decimal
    ratio_percent: Decimal | None
    reached: int
    reported: int
    applicable: int
    units: tuple[UnitPercent, ...]
    # A criterion measured in % (a rate) is never summed across units: its mean is reported instead.
    is_rate: bool = False
    mean_actual: Decimal | None = None
    mean_target: Decimal | None = None


@dataclass(frozen=True, slots=True)
class UnitPoints:
    """A unit's earned points on a section."""

    code: str
    points: Decimal


@dataclass(frozen=True, slots=True)
class PointsBin:
    """Units whose points p satisfy low ≤ p < high (the top bin also holds p = high)."""

    low: Decimal
    high: Decimal
    units: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.units)


@dataclass(frozen=True, slots=True)
class SectionStatistics:
    """Earned standard points of every unit on a section, highest first, and their distribution."""

    code: str
    title: str
    max: Decimal
    points: tuple[UnitPoints, ...]
    highest: Decimal
    lowest: Decimal
    mean: Decimal
    bin_width: Decimal

    def distribution(self, width: Decimal | None = None) -> tuple[PointsBin, ...]:
        """Bins of `width` points from 0 to max (default: a round width near max/20), empty bins left out,
        highest first, so a report can say "6/7 đơn vị đạt từ 180 đến 190/200 điểm"."""
        from thidua.engine.statistics import points_bins

        return points_bins(self, width if width is not None else self.bin_width)

    def count_between(self, low: Decimal, high: Decimal) -> int:
        """How many units earned at least `low` and at most `high` points."""
        return sum(1 for entry in self.points if low <= entry.points <= high)


@dataclass(frozen=True, slots=True)
class Statistics:
    """The figures a summary report's sentences are made of."""

    criteria: Mapping[str, RatioStatistics]
    sections: Mapping[str, SectionStatistics]
    unit_count: int


@dataclass(frozen=True, slots=True)
class ClusterResult:
    """Units by rank (then vetoed units by code), statistics and warnings for one cluster-year."""

    units: tuple[UnitResult, ...]
    statistics: Statistics
    warnings: tuple[str, ...]
    engine_version: str

    def unit(self, code: str) -> UnitResult:
        for result in self.units:
            if result.code == code:
                return result
        raise KeyError(code)
