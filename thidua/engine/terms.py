"""Version 2 of the rule language: facts, the bonus and deduction parts of a criterion and their terms, scales,
group caps, what "no target" means, agreed points (issue 11; docs/package-format.md).

Plain frozen dataclasses like the rest of the model; `registry.py` declares their parameters and labels once.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from thidua.engine.model import Rule

FactKind = Literal["number", "count", "percent", "yes_no", "label"]
Measure = Literal["value", "percent_of_plan", "points_over_target"]
Side = Literal["above", "below"]
Counting = Literal["completed", "started"]
Floor = Literal["item", "section"]
NoTargetMode = Literal["not_applicable", "best_of_untargeted", "points"]
VetoEffect = Literal["exclude_ranking", "no_band"]

FACT_KINDS: tuple[FactKind, ...] = ("number", "count", "percent", "yes_no", "label")
MEASURES: tuple[Measure, ...] = ("value", "percent_of_plan", "points_over_target")
SIDES: tuple[Side, ...] = ("above", "below")
COUNTINGS: tuple[Counting, ...] = ("completed", "started")
FLOORS: tuple[Floor, ...] = ("item", "section")
VETO_EFFECTS: tuple[VetoEffect, ...] = ("exclude_ranking", "no_band")

# The implicit fact of a criterion that declares none: version 1's single reported value.
VALUE = "value"

# A fact's value: a number, a label or yes/no (the same as a version 1 value).
FactValue = Decimal | str | bool


@dataclass(frozen=True, slots=True)
class Fact:
    """A named input of a criterion, reported and verified on its own (số trường hợp, tỷ lệ, có/không…)."""

    name: str
    kind: FactKind = "number"
    label: str = ""
    default: FactValue | None = None
    choices: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Range:
    """Bounds as regulations write them: above (trên, >), from (từ, ≥), below (dưới, <), to (đến, ≤), or `is`."""

    above: Decimal | None = None
    from_: Decimal | None = None
    below: Decimal | None = None
    to: Decimal | None = None
    is_: FactValue | None = None

    def holds(self, value: FactValue | None) -> bool:
        if value is None:
            return False
        if self.is_ is not None:
            if isinstance(self.is_, bool) or isinstance(value, bool):
                return value is self.is_
            return value == self.is_
        if not isinstance(value, Decimal):
            return False
        if self.above is not None and not value > self.above:
            return False
        if self.from_ is not None and not value >= self.from_:
            return False
        if self.below is not None and not value < self.below:
            return False
        return not (self.to is not None and not value <= self.to)

    @property
    def is_empty(self) -> bool:
        return (
            self.above is None
            and self.from_ is None
            and self.below is None
            and self.to is None
            and (self.is_ is None)
        )


@dataclass(frozen=True, slots=True)
class Condition:
    """A fact of the criterion (or `target`), or an attribute of the unit, within a range."""

    range: Range
    fact: str | None = None
    attribute: str | None = None


# --- terms: how one line of a bonus or deduction part gives its amount -------------------------------------


@dataclass(frozen=True, slots=True)
class PerCase:
    """`points` for every case counted by `fact`, at most `cap`."""

    fact: str
    points: Decimal
    cap: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Steps:
    """`points` per `step` of distance past `start` (above or below), counted as completed or started steps."""

    start: Decimal
    step: Decimal
    points: Decimal
    measure: Measure = "value"
    fact: str | None = None
    side: Side = "above"
    inclusive: bool = False
    counting: Counting = "completed"
    cap: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Tier:
    """One range of a `tiers` term and its signed points."""

    range: Range
    points: Decimal


@dataclass(frozen=True, slots=True)
class Tiers:
    """The signed points of the first tier whose range holds (positive adds, negative takes away)."""

    tiers: tuple[Tier, ...]
    measure: Measure = "value"
    fact: str | None = None


@dataclass(frozen=True, slots=True)
class Flag:
    """`points` when a yes/no fact is `is_`."""

    fact: str
    points: Decimal
    is_: bool = True


@dataclass(frozen=True, slots=True)
class Amount:
    """An amount an assessor gives, 0…`max` (điểm cộng từ 0 đến 2 điểm)."""

    fact: str
    max: Decimal


@dataclass(frozen=True, slots=True)
class FormulaTerm:
    """The value of an expression over the criterion's facts and the cluster's figures."""

    expression: str


TermKind = PerCase | Steps | Tiers | Flag | Amount | FormulaTerm


@dataclass(frozen=True, slots=True)
class Term:
    """One line of a part: how its amount is found, the regulation's words, and when it applies."""

    how: TermKind
    label: str | None = None
    when: tuple[Condition, ...] = ()
    unless: tuple[Condition, ...] = ()
    group: str | None = None


@dataclass(frozen=True, slots=True)
class Part:
    """The bonus or the deduction of a criterion: its terms, the cap of their sum, where a deduction stops."""

    terms: tuple[Term, ...] = ()
    cap: Decimal | None = None
    floor: Floor = "item"


@dataclass(frozen=True, slots=True)
class ScaleChoice:
    """One table of a criterion with scales: the units it matches and the parts it replaces."""

    range: Range
    label: str | None = None
    standard: Rule | None = None
    bonus: Part | None = None
    deduction: Part | None = None


@dataclass(frozen=True, slots=True)
class Scales:
    """Several tables for one criterion, chosen by a fact's value or an attribute of the unit."""

    choices: tuple[ScaleChoice, ...]
    fact: str | None = None
    attribute: str | None = None


@dataclass(frozen=True, slots=True)
class NoTarget:
    """What a missing target means for this criterion."""

    mode: NoTargetMode = "not_applicable"
    points: Decimal = Decimal(0)


@dataclass(frozen=True, slots=True)
class GroupCaps:
    """Caps over the bonus and the deductions of a node's criteria (tổng điểm trừ của mục a4 không quá 2 điểm)."""

    bonus: Decimal | None = None
    deduction: Decimal | None = None
    bonus_and_deduction: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Agreed:
    """Points of a criterion agreed by the appraisal team, the leader or the council, with the reason."""

    unit: str
    node: str
    points: Decimal
    reason: str
    by: str


def term_fact(how: TermKind) -> str | None:
    """The fact a term reads, if any (`value` when a measuring term names none)."""
    if isinstance(how, PerCase | Flag | Amount):
        return how.fact
    if isinstance(how, Steps | Tiers):
        return how.fact or VALUE
    return None
