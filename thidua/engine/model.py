"""The engine's vocabulary: the framework tree, the inputs of a cluster-year and the results.

Every type is a frozen, slotted dataclass of plain values so that the Django side, the package reader and the
Excel reader can all build them and the engine never needs to know where the data came from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from thidua.engine.terms import (
    Agreed,
    Fact,
    GroupCaps,
    NoTarget,
    Part,
    Scales,
    VetoEffect,
)

Direction = Literal["higher", "lower"]
Below = Literal["proportional", "zero"]
Comparison = Literal[">=", ">", "<=", "<", "=="]
Against = Literal["value", "target", "target_percent"]
BandsInput = Literal["actual", "target_percent"]
Of = Literal["actual", "ratio"]
Policy = Literal["renormalize", "full", "zero"]
Role = Literal["leader", "deputy", "member"]
NodeStatus = Literal["scored", "not_applicable", "missing"]
ClusterKind = Literal["cum", "khoi"]
TargetSource = Literal["province", "local"]

ZERO = Decimal(0)
ONE = Decimal(1)
HALF = Decimal("0.5")

# A reported value: a number (ratio, threshold, bands, change, relative, rank, assessed, count),
# a rating label, or yes/no.
Value = Decimal | str | bool


# --- leaf rules -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RatioRule:
    """Points in proportion to actual/target (or target/actual when lower is better)."""

    direction: Direction = "higher"
    below: Below = "proportional"
    floor_ratio: Decimal = ZERO


@dataclass(frozen=True, slots=True)
class ThresholdRule:
    """Full points when a comparison holds, else a fixed number of points."""

    value: Decimal | None = None
    op: Comparison = ">="
    against: Against = "value"
    else_points: Decimal = ZERO


@dataclass(frozen=True, slots=True)
class PointsBand:
    """One step of a `bands` rule: from `min` up, absolute `points` or a `fraction` of the leaf's max."""

    min: Decimal
    points: Decimal | None = None
    fraction: Decimal | None = None


@dataclass(frozen=True, slots=True)
class BandsRule:
    """Points by the highest band whose minimum the input reaches."""

    bands: tuple[PointsBand, ...]
    input: BandsInput = "actual"


@dataclass(frozen=True, slots=True)
class RatingLevel:
    """One label of a `rating` rule with its absolute `points` or `fraction` of the leaf's max."""

    label: str
    points: Decimal | None = None
    fraction: Decimal | None = None


@dataclass(frozen=True, slots=True)
class RatingRule:
    """Points by a qualitative label (Hoàn thành xuất sắc nhiệm vụ…)."""

    levels: tuple[RatingLevel, ...]


@dataclass(frozen=True, slots=True)
class AssessedRule:
    """Points given directly by an assessor."""


@dataclass(frozen=True, slots=True)
class CountRule:
    """`each` points per counted item, up to the leaf's max."""

    each: Decimal


@dataclass(frozen=True, slots=True)
class BooleanRule:
    """Full points for yes, `else_points` for no."""

    else_points: Decimal = ZERO


@dataclass(frozen=True, slots=True)
class ChangeRule:
    """Compares this year's value with last year's; `same` and `worse` are fractions of max."""

    direction: Direction = "lower"
    same: Decimal = HALF
    worse: Decimal = ZERO


@dataclass(frozen=True, slots=True)
class RelativeRule:
    """Points in proportion to the best member of the cluster."""

    direction: Direction = "higher"
    of: Of = "actual"


@dataclass(frozen=True, slots=True)
class RankRule:
    """Points by position among the members of the cluster."""

    points_by_rank: tuple[Decimal, ...]
    direction: Direction = "higher"
    of: Of = "actual"


@dataclass(frozen=True, slots=True)
class FixedRule:
    """The criterion's max, from which its deduction part takes points (an item only deducted from)."""


@dataclass(frozen=True, slots=True)
class RelativeToLeaderRule:
    """Points relative to the unit exceeding its target by the most (issue 11, item 9).

    With r = A/T: below target `base × max × r`; at target `base × max`; the leader `max`; another exceeding unit
    `base × max + (its excess / the leader's excess) × (1 − base) × max`."""

    base: Decimal = HALF


@dataclass(frozen=True, slots=True)
class FormulaRule:
    """Points by an expression over the criterion's facts, target and the cluster's figures, within 0…max."""

    expression: str


Rule = (
    RatioRule
    | ThresholdRule
    | BandsRule
    | RatingRule
    | AssessedRule
    | CountRule
    | BooleanRule
    | ChangeRule
    | RelativeRule
    | RankRule
    | FixedRule
    | RelativeToLeaderRule
    | FormulaRule
)

RULE_TYPES: Mapping[str, type[Rule]] = {
    "ratio": RatioRule,
    "threshold": ThresholdRule,
    "bands": BandsRule,
    "rating": RatingRule,
    "assessed": AssessedRule,
    "count": CountRule,
    "boolean": BooleanRule,
    "change": ChangeRule,
    "relative": RelativeRule,
    "rank": RankRule,
}
# Version 2 adds three rule types; a version 1 package may use only the ten above.
ALL_RULE_TYPES: Mapping[str, type[Rule]] = {
    **RULE_TYPES,
    "fixed": FixedRule,
    "relative_to_leader": RelativeToLeaderRule,
    "formula": FormulaRule,
}
RULE_NAMES: Mapping[type[Rule], str] = {cls: name for name, cls in ALL_RULE_TYPES.items()}


def rule_name(rule: Rule) -> str:
    """The `type` under which a rule is written in a package."""
    return RULE_NAMES[type(rule)]


def uses_target(rule: Rule) -> bool:
    """Whether the rule needs a target, so that a unit without one is not applicable."""
    if isinstance(rule, RatioRule | RelativeToLeaderRule):
        return True
    if isinstance(rule, ThresholdRule):
        return rule.against != "value"
    if isinstance(rule, BandsRule):
        return rule.input == "target_percent"
    if isinstance(rule, RelativeRule | RankRule):
        return rule.of == "ratio"
    return False


def divides_by_target(rule: Rule) -> bool:
    """Whether a target of 0 makes the rule meaningless (a lower-is-better ratio accepts 0)."""
    if isinstance(rule, RatioRule):
        return rule.direction == "higher"
    if isinstance(rule, ThresholdRule):
        return rule.against == "target_percent"
    if isinstance(rule, FormulaRule):
        return False
    return uses_target(rule)


# --- framework ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LeafBonus:
    """Bonus for exceeding the target of a ratio leaf: `points_per_step` per `step_percent`, at most `cap`."""

    step_percent: Decimal
    points_per_step: Decimal
    cap: Decimal


RATE_SIGNS = ("%", "‰")


def is_rate(unit_of_measure: str | None) -> bool:
    """Whether figures in this unit are rates (a poverty rate in %, a birth rate in ‰): a rate is never summed
    across units; the cluster's figure is their mean."""
    return unit_of_measure is not None and any(sign in unit_of_measure for sign in RATE_SIGNS)


@dataclass(frozen=True, slots=True)
class Node:
    """A section, criterion or sub-criterion: either `children` or a `rule`."""

    code: str
    title: str
    max: Decimal
    children: tuple[Node, ...] = ()
    rule: Rule | None = None
    bonus: LeafBonus | None = None
    unit_of_measure: str | None = None
    data_source: str | None = None
    target_source: TargetSource | None = None
    note: str | None = None
    # Version 2 (issue 11): named facts, the fact the standard rule reads, bonus and deduction parts, scales,
    # what a missing target means, and caps over the node's criteria.
    facts: tuple[Fact, ...] = ()
    fact: str | None = None
    bonus_part: Part | None = None
    deduction_part: Part | None = None
    scales: Scales | None = None
    no_target: NoTarget | None = None
    caps: GroupCaps | None = None

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def walk(self) -> tuple[Node, ...]:
        """This node and every descendant, parents before children, in order."""
        out: list[Node] = [self]
        for child in self.children:
            out.extend(child.walk())
        return tuple(out)

    @property
    def is_v2(self) -> bool:
        """Whether the criterion uses anything of version 2 beyond a plain rule (scored on the slower path)."""
        return bool(
            self.facts
            or self.fact
            or self.bonus_part
            or self.deduction_part
            or self.scales
            or (self.no_target is not None and self.no_target.mode != "not_applicable")
        )

    def fact_named(self, name: str) -> Fact | None:
        for fact in self.facts:
            if fact.name == name:
                return fact
        return None

    @property
    def reads(self) -> str:
        """The fact the standard rule reads: `fact`, the only declared fact, or the implicit `value`."""
        if self.fact:
            return self.fact
        if len(self.facts) == 1:
            return self.facts[0].name
        return "value"


@dataclass(frozen=True, slots=True)
class BonusItem:
    """An achievement worth extra points (Cờ thi đua của UBND tỉnh…): fixed `points` (yes/no), an amount up to
    `max` given by an assessor, or `per_case` points per case up to `cap`; optionally shown on criterion `node`."""

    code: str
    title: str
    points: Decimal = ZERO
    max: Decimal | None = None
    per_case: Decimal | None = None
    cap: Decimal | None = None
    node: str | None = None

    @property
    def kind(self) -> Literal["points", "max", "per_case"]:
        if self.max is not None:
            return "max"
        if self.per_case is not None:
            return "per_case"
        return "points"


@dataclass(frozen=True, slots=True)
class LateReport:
    """Deduction for a year-end report submitted after the deadline."""

    deadline: date
    points_per_day: Decimal
    cap: Decimal


@dataclass(frozen=True, slots=True)
class ScoreBand:
    """A classification by total (Xuất sắc from 900…)."""

    label: str
    min: Decimal


@dataclass(frozen=True, slots=True)
class Honour:
    """The award proposed for the units holding a rank, if they reach `min_total`."""

    rank: int
    award: str
    min_total: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Framework:
    """A cluster's point scale (thang điểm) and the rules that turn points into ranks and honours."""

    standard_points: Decimal
    sections: tuple[Node, ...]
    bonus_cap: Decimal = ZERO
    not_applicable: Policy = "renormalize"
    tie_break: tuple[str, ...] = ()
    bands: tuple[ScoreBand, ...] = ()
    honours: tuple[Honour, ...] = ()
    bonus_items: tuple[BonusItem, ...] = ()
    late_report: LateReport | None = None
    # Version 1 reads an absent bonus_cap as 0; version 2 as "no cap" (bonus_capped False).
    bonus_capped: bool = True
    version: int = 1

    def nodes(self) -> tuple[Node, ...]:
        """Every node of the tree, parents before children, in order."""
        out: list[Node] = []
        for section in self.sections:
            out.extend(section.walk())
        return tuple(out)

    def leaves(self) -> tuple[Node, ...]:
        return tuple(node for node in self.nodes() if node.is_leaf)


# --- inputs ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Member:
    """A unit taking part in the cluster this year."""

    code: str
    name: str
    role: Role = "member"
    # (name, value) pairs: loại đơn vị, miền núi… (a tuple so that members stay hashable)
    attributes: tuple[tuple[str, Value], ...] = ()

    def attribute(self, name: str) -> Value | None:
        for key, value in self.attributes:
            if key == name:
                return value
        return None


@dataclass(frozen=True, slots=True)
class Deduction:
    """Points removed from a unit, with the reason and optionally the criterion concerned."""

    unit: str
    points: Decimal
    reason: str
    node: str | None = None


@dataclass(frozen=True, slots=True)
class Veto:
    """A reason that keeps a unit out of the ranking and honours (`exclude_ranking`), out of the bands
    (`no_band`), and/or takes `deduct` points."""

    unit: str
    reason: str
    effects: tuple[VetoEffect, ...] = ("exclude_ranking",)
    deduct: Decimal = ZERO


@dataclass(frozen=True, slots=True)
class Inputs:
    """Everything reported for a cluster-year, keyed by criterion code then member code."""

    targets: Mapping[str, Mapping[str, Decimal]] = field(default_factory=dict)
    values: Mapping[str, Mapping[str, Value]] = field(default_factory=dict)
    baselines: Mapping[str, Mapping[str, Decimal]] = field(default_factory=dict)
    not_applicable: Mapping[str, frozenset[str]] = field(default_factory=dict)
    bonus_awarded: Mapping[str, frozenset[str]] = field(default_factory=dict)
    deductions: tuple[Deduction, ...] = ()
    submitted: Mapping[str, date] = field(default_factory=dict)
    vetoes: tuple[Veto, ...] = ()
    # Version 2: criterion → unit → fact → value (the implicit fact `value` stays in `values`),
    # agreed points, and the amounts or case counts of `max` / `per_case` bonus items: item → unit → number.
    facts: Mapping[str, Mapping[str, Mapping[str, Value]]] = field(default_factory=dict)
    agreed: tuple[Agreed, ...] = ()
    bonus_amounts: Mapping[str, Mapping[str, Decimal]] = field(default_factory=dict)

    def fact(self, code: str, unit: str, name: str) -> Value | None:
        """A reported fact of a criterion; `value` is version 1's single value."""
        if name == "value":
            return self.values.get(code, {}).get(unit)
        return self.facts.get(code, {}).get(unit, {}).get(name)


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong in a framework or its inputs: where (package path) and what, in Vietnamese."""

    place: str
    message: str

    def __str__(self) -> str:
        return f"{self.place}: {self.message}"
