"""What a reporting line needs to know about its criterion: the section it sits in, the data source it inherits,
which input its rule takes (a number, a rating label, yes/no, a count, assessed points up to the max) and how a
typed value becomes the engine's value. One parser serves the report form, the Excel upload and verification."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from thidua.core.numbers import NumberError, format_number, parse_number
from thidua.engine import AssessedRule, BooleanRule, CountRule, Framework, Node, RatingRule, Value
from thidua.engine.model import ChangeRule, uses_target
from thidua.engine.numbers import vn

YES_WORDS = {"có", "co", "x", "1", "true", "đạt", "yes"}
NO_WORDS = {"không", "khong", "0", "false", "không đạt", "no"}


@dataclass(frozen=True)
class Criterion:
    """A leaf of the framework as the reporting pages show it."""

    node: Node
    section: Node
    data_source: str
    kind: str  # number, rating, boolean, count, assessed
    labels: tuple[str, ...]
    needs_target: bool
    needs_baseline: bool

    @property
    def code(self) -> str:
        return self.node.code

    @property
    def title(self) -> str:
        return self.node.title


def _kind(node: Node) -> str:
    rule = node.rule
    if isinstance(rule, RatingRule):
        return "rating"
    if isinstance(rule, BooleanRule):
        return "boolean"
    if isinstance(rule, CountRule):
        return "count"
    if isinstance(rule, AssessedRule):
        return "assessed"
    return "number"


def _walk(node: Node, section: Node, source: str, out: list[Criterion]) -> None:
    # A data source written on a parent (1.8 tai nạn giao thông) covers every sub-criterion under it.
    source = node.data_source or source
    if node.is_leaf:
        rule = node.rule
        labels = tuple(level.label for level in rule.levels) if isinstance(rule, RatingRule) else ()
        out.append(
            Criterion(
                node=node,
                section=section,
                data_source=source,
                kind=_kind(node),
                labels=labels,
                needs_target=rule is not None and uses_target(rule),
                needs_baseline=isinstance(rule, ChangeRule),
            )
        )
        return
    for child in node.children:
        _walk(child, section, source, out)


def criteria_of(framework: Framework) -> list[Criterion]:
    """Every leaf in the framework's order, with its section and inherited data source."""
    out: list[Criterion] = []
    for section in framework.sections:
        _walk(section, section, "", out)
    return out


class ValueError_(Exception):
    """A typed value the criterion cannot take, with the reason in Vietnamese."""


def parse_value(criterion: Criterion, text: str) -> Value | None:
    """The engine's value for what the user typed; empty text clears the value."""
    cleaned = text.strip()
    if not cleaned:
        return None
    if criterion.kind == "rating":
        if cleaned not in criterion.labels:
            raise ValueError_(
                _("“%(value)s” không phải là một mức xếp loại của tiêu chí này") % {"value": cleaned}
            )
        return cleaned
    if criterion.kind == "boolean":
        lowered = cleaned.lower()
        if lowered in YES_WORDS:
            return True
        if lowered in NO_WORDS:
            return False
        raise ValueError_(_("“%(value)s” phải là “có” hoặc “không”") % {"value": cleaned})
    try:
        number = parse_number(cleaned)
    except NumberError as exc:
        raise ValueError_(exc.message) from exc
    if number < 0:
        raise ValueError_(_("không được là số âm"))
    if criterion.kind == "count" and number != number.to_integral_value():
        raise ValueError_(_("phải là số nguyên"))
    if criterion.kind == "assessed" and number > criterion.node.max:
        raise ValueError_(_("không được vượt quá %(max)s điểm tối đa") % {"max": vn(criterion.node.max)})
    return number


def shown_value(value: Value | None) -> str:
    """A value as people read it: 45,5 · có · Hoàn thành tốt nhiệm vụ."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, Decimal):
        return vn(value)
    return str(value)


def value_from_shown(criterion: Criterion, text: str) -> Value | None:
    """The value that `shown_value` wrote as `text` (a unit's own figure kept on its line): every digit back,
    "1.200,5" → 1200.5, "có" → True."""
    if not text:
        return None
    if criterion.kind == "rating":
        return text
    if criterion.kind == "boolean":
        return text == "có"
    return Decimal(text.replace(".", "").replace(",", "."))


def input_text(value: Value | None) -> str:
    """A value as an input field holds it, so a save round-trips."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, Decimal):
        # Written as it was read ("1.200", "1.200,5"), which parse_value reads back to the same number.
        return format_number(value)
    return str(value)
