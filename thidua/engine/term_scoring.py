"""Evaluating the terms of a version 2 criterion's bonus and deduction parts for one unit: its facts, conditions,
scales, each term's amount (and, for explanations, its Vietnamese line), exclusive groups, part caps and the item
floor. `parts.py` runs these over a cluster.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import NamedTuple

from thidua.engine.formula import ClusterFigures, FormulaError, evaluate
from thidua.engine.formula import explain as explain_formula
from thidua.engine.model import ZERO, FixedRule, FormulaRule, Member, Node, Rule, Value
from thidua.engine.numbers import vn, vn_percent, vn_points
from thidua.engine.rules import CENT, HUNDRED, q
from thidua.engine.terms import (
    VALUE,
    Amount,
    Condition,
    FactValue,
    Flag,
    FormulaTerm,
    Part,
    PerCase,
    Range,
    ScaleChoice,
    Steps,
    Term,
    Tiers,
    term_fact,
)

ONE = Decimal(1)

# (status, points, bonus, actual, target, baseline, reference, position, marked, deduction, detail):
# the version 1 row of nodes.py with the deduction and the detail of a version 2 criterion.


def range_text(bounds: Range, suffix: str = "") -> str:
    """ "từ 95% đến dưới 100%" from a range, as the regulation wrote it."""
    if bounds.is_ is not None:
        value = bounds.is_
        shown = (
            ("có" if value else "không")
            if isinstance(value, bool)
            else (vn(value) if isinstance(value, Decimal) else str(value))
        )
        return f"bằng {shown}"
    parts: list[str] = []
    if bounds.above is not None:
        parts.append(f"trên {vn(bounds.above)}{suffix}")
    if bounds.from_ is not None:
        parts.append(f"từ {vn(bounds.from_)}{suffix}")
    if bounds.below is not None:
        parts.append(f"{'đến ' if parts else ''}dưới {vn(bounds.below)}{suffix}")
    if bounds.to is not None:
        parts.append(f"đến {vn(bounds.to)}{suffix}")
    text = " ".join(parts)
    if (bounds.above is not None or bounds.from_ is not None) and bounds.below is None and bounds.to is None:
        text += " trở lên" if bounds.from_ is not None else ""
    return text


def shown_value(value: Value | None) -> str:
    if value is None:
        return "chưa báo cáo"
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, Decimal):
        return vn(value)
    return f"“{value}”"


@dataclass(slots=True)
class UnitFacts:
    """One unit's facts of one criterion (reported, else the fact's default), target, baseline, the member."""

    member: Member
    values: dict[str, Value | None]
    target: Decimal | None
    baseline: Decimal | None

    def get(self, name: str) -> Value | None:
        if name == "target":
            return self.target
        if name == "baseline":
            return self.baseline
        return self.values.get(name)


_NO_FACTS: Mapping[str, Value] = {}


def gather(
    node: Node,
    reported: Mapping[str, Value],
    value: Value | None,
    member: Member,
    target: Decimal | None,
    baseline: Decimal | None,
) -> UnitFacts:
    """A unit's facts of a criterion: `reported` facts, the implicit `value`, each fact's default."""
    values: dict[str, Value | None] = {VALUE: value}
    for fact in node.facts:
        given = value if fact.name == VALUE else reported.get(fact.name)
        values[fact.name] = given if given is not None else fact.default
    return UnitFacts(member, values, target, baseline)


def condition_holds(condition: Condition, facts: UnitFacts) -> bool:
    if condition.attribute is not None:
        return condition.range.holds(facts.member.attribute(condition.attribute))
    return condition.range.holds(facts.get(condition.fact or VALUE))


def condition_text(condition: Condition, facts: UnitFacts) -> str:
    if condition.attribute is not None:
        name, value = f"thuộc tính {condition.attribute}", facts.member.attribute(condition.attribute)
    else:
        name = condition.fact or VALUE
        value = facts.get(name)
    return f"{name} = {shown_value(value)}, điều kiện {range_text(condition.range)}"


def choose_scale(node: Node, facts: UnitFacts) -> ScaleChoice | None:
    scales = node.scales
    if scales is None:
        return None
    value = facts.member.attribute(scales.attribute) if scales.attribute else facts.get(scales.fact or VALUE)
    for choice in scales.choices:
        if choice.range.holds(value):
            return choice
    return None


class TermOutcome(NamedTuple):
    """A term's signed amount (positive adds, negative takes away), its short form and its line."""

    signed: Decimal
    compact: str
    line: str
    applied: bool = True


def _measured(how: Steps | Tiers, facts: UnitFacts) -> tuple[Decimal | None, str]:
    """What a steps or tiers term compares, or None and why not."""
    value = facts.get(how.fact or VALUE)
    if not isinstance(value, Decimal):
        return None, "chưa có số liệu"
    if how.measure == "value":
        return value, ""
    target = facts.target
    if target is None or (how.measure == "percent_of_plan" and target == 0):
        return None, "không có chỉ tiêu"
    if how.measure == "percent_of_plan":
        return value * HUNDRED / target, ""
    return value - target, ""


def _measure_text(how: Steps | Tiers, x: Decimal, node: Node) -> str:
    if how.measure == "percent_of_plan":
        return f"{vn_percent(x)} kế hoạch"
    if how.measure == "points_over_target":
        return f"vượt chỉ tiêu {vn(x)} điểm phần trăm"
    fact = node.fact_named(how.fact or VALUE)
    is_rate = (fact is not None and fact.kind == "percent") or (fact is None and node.unit_of_measure == "%")
    return f"{vn(x)}%" if is_rate else vn(x)


def _capped_text(cap: Decimal | None, text: str) -> str:
    return text if cap is None else f"min({vn_points(cap)}; {text})"


def _capped(amount: Decimal, cap: Decimal | None) -> Decimal:
    return q(amount) if cap is None else q(min(amount, cap))


def _skipped(texts: bool, line: Callable[[], str]) -> TermOutcome:
    return TermOutcome(ZERO, "", line() if texts else "", False)


def evaluate_term(
    term: Term, sign: int, facts: UnitFacts, figures: ClusterFigures, node: Node, texts: bool = True
) -> TermOutcome:
    """A term's amount for one unit; with `texts` also its Vietnamese line (scoring leaves them to the
    explanation, which evaluates the term again: a national run would otherwise format millions of lines)."""
    how = term.how
    head = f"{term.label}: " if term.label and texts else ""
    for condition in term.when:
        if not condition_holds(condition, facts):
            line = f"{head}không áp dụng ({condition_text(condition, facts)} không thỏa)" if texts else ""
            return TermOutcome(ZERO, "", line, False)
    for condition in term.unless:
        if condition_holds(condition, facts):
            line = f"{head}không áp dụng ({condition_text(condition, facts)})" if texts else ""
            return TermOutcome(ZERO, "", line, False)
    if isinstance(how, PerCase):
        count = facts.get(how.fact)
        assert isinstance(count, Decimal)
        amount = _capped(how.points * count, how.cap)
        if not texts:
            return TermOutcome(sign * amount, "", "")
        compact = _capped_text(how.cap, f"{vn_points(how.points)} × {vn(count)} trường hợp")
        return TermOutcome(sign * amount, compact, f"{head}{compact} = {vn_points(amount)}")
    if isinstance(how, Steps):
        x, why = _measured(how, facts)
        if x is None:
            return _skipped(texts, lambda: f"{head}{why} → 0,00")
        distance = x - how.start if how.side == "above" else how.start - x
        side = "trên" if how.side == "above" else "dưới"
        if not (distance > 0 or (how.inclusive and distance == 0)):
            measured = x
            return _skipped(
                texts,
                lambda: f"{head}{_measure_text(how, measured, node)}, chưa {side} mốc {vn(how.start)} → 0,00",
            )
        steps = (distance / how.step).to_integral_value(ROUND_FLOOR)
        if how.counting == "started":
            steps += 1
        amount = _capped(steps * how.points, how.cap)
        if not texts:
            return TermOutcome(sign * amount, "", "")
        compact = _capped_text(how.cap, f"{vn(steps)} bước × {vn_points(how.points)}")
        line = (
            f"{head}{_measure_text(how, x, node)}, {side} mốc {vn(how.start)} mỗi {vn(how.step)}: "
            f"{compact} = {vn_points(amount)}"
        )
        return TermOutcome(sign * amount, compact, line)
    if isinstance(how, Tiers):
        raw = facts.get(how.fact or VALUE)
        compared: FactValue | None
        if how.measure == "value" and raw is not None and not isinstance(raw, Decimal):
            compared, why = raw, ""  # a label or a yes/no compared with `is`
        else:
            compared, why = _measured(how, facts)
        if compared is None:
            return _skipped(texts, lambda: f"{head}{why} → 0,00")

        def shown() -> str:
            if isinstance(compared, Decimal):
                return _measure_text(how, compared, node)
            return shown_value(compared)

        suffix = "%" if how.measure == "percent_of_plan" or node.unit_of_measure == "%" else ""
        for tier in how.tiers:
            if tier.range.holds(compared):
                points = q(tier.points)
                if not texts:
                    return TermOutcome(points, "", "")
                signed = f"+{vn_points(points)}" if points >= 0 else f"−{vn_points(-points)}"
                return TermOutcome(
                    points,
                    vn_points(abs(points)),
                    f"{head}{shown()}, mức {range_text(tier.range, suffix)} → {signed}",
                )
        return _skipped(texts, lambda: f"{head}{shown()}, không thuộc mức nào → 0,00")
    if isinstance(how, Flag):
        value = facts.get(how.fact)
        if value is how.is_:
            amount = q(how.points)
            if not texts:
                return TermOutcome(sign * amount, "", "")
            return TermOutcome(
                sign * amount, vn_points(amount), f"{head}{shown_value(value)} → {vn_points(amount)}"
            )
        return _skipped(texts, lambda: f"{head}{shown_value(value)} → 0,00")
    if isinstance(how, Amount):
        given = facts.get(how.fact)
        assert isinstance(given, Decimal)
        amount = q(min(max(given, ZERO), how.max))
        if not texts:
            return TermOutcome(sign * amount, "", "")
        return TermOutcome(
            sign * amount, vn_points(amount), f"{head}điểm cho {vn_points(amount)} (từ 0 đến {vn(how.max)})"
        )
    assert isinstance(how, FormulaTerm)
    try:
        evaluation = evaluate(how.expression, _names(node, facts), figures)
    except FormulaError as exc:
        problem = str(exc)
        return _skipped(texts, lambda: f"{head}công thức {how.expression}: {problem} → 0,00")
    amount = q(max(evaluation.value, ZERO))
    if not texts:
        return TermOutcome(sign * amount, "", "")
    return TermOutcome(
        sign * amount, vn_points(amount), f"{head}{explain_formula(how.expression, evaluation)}"
    )


def _names(node: Node, facts: UnitFacts) -> dict[str, object]:
    names: dict[str, object] = dict(facts.values)
    names |= {"target": facts.target, "baseline": facts.baseline, "max": node.max}
    return names


class PartsOutcome(NamedTuple):
    bonus: Decimal
    deduction: Decimal
    bonus_before_cap: Decimal
    deduction_before_cap: Decimal
    bonus_text: str
    deduction_text: str
    lines_bonus: tuple[str, ...]
    lines_deduction: tuple[str, ...]
    notes: tuple[str, ...]


def _outcomes(
    part: Part | None, sign: int, facts: UnitFacts, figures: ClusterFigures, node: Node, texts: bool
) -> list[TermOutcome]:
    if part is None:
        return []
    outcomes = [evaluate_term(term, sign, facts, figures, node, texts) for term in part.terms]
    # Exclusive groups: only the largest amount of a group counts ("cộng điểm đối với 01 trong 02 trường hợp").
    best: dict[str, int] = {}
    for index, (term, outcome) in enumerate(zip(part.terms, outcomes, strict=True)):
        if term.group is None or not outcome.applied:
            continue
        kept = best.get(term.group)
        if kept is None or abs(outcome.signed) > abs(outcomes[kept].signed):
            best[term.group] = index
    for index, (term, outcome) in enumerate(zip(part.terms, outcomes, strict=True)):
        if term.group is not None and outcome.applied and best.get(term.group) != index:
            why = f" — không tính (chỉ tính một mục của nhóm “{term.group}”)" if texts else ""
            outcomes[index] = TermOutcome(ZERO, "", f"{outcome.line}{why}", False)
    return outcomes


def _sum_text(compacts: list[str], cap: Decimal | None) -> str:
    if not compacts:
        return ""
    text = " + ".join(compacts)
    if cap is not None:
        return f"min({vn_points(cap)}; {text})"
    return f"({text})" if len(compacts) > 1 else text


def score_parts(
    bonus_part: Part | None,
    deduction_part: Part | None,
    facts: UnitFacts,
    figures: ClusterFigures,
    node: Node,
    standard: Decimal,
    texts: bool = True,
) -> PartsOutcome:
    from_bonus = _outcomes(bonus_part, 1, facts, figures, node, texts)
    from_deduction = _outcomes(deduction_part, -1, facts, figures, node, texts)
    outcomes = from_bonus + from_deduction
    plus = [o for o in outcomes if o.applied and o.signed > 0]
    minus = [o for o in outcomes if o.applied and o.signed < 0]
    bonus_raw = sum((o.signed for o in plus), ZERO)
    deduction_raw = -sum((o.signed for o in minus), ZERO)
    bonus_cap = bonus_part.cap if bonus_part is not None else None
    deduction_cap = deduction_part.cap if deduction_part is not None else None
    bonus = min(bonus_raw, q(bonus_cap)) if bonus_cap is not None else bonus_raw
    deduction = min(deduction_raw, q(deduction_cap)) if deduction_cap is not None else deduction_raw
    notes: list[str] = []
    floor = deduction_part.floor if deduction_part is not None else "item"
    if floor == "item" and deduction > standard + bonus:
        if texts:
            notes.append(
                f"điểm trừ {vn_points(deduction)} chỉ trừ đến 0 của tiêu chí nên tính {vn_points(standard + bonus)}"
            )
        deduction = standard + bonus
    return PartsOutcome(
        bonus=bonus,
        deduction=deduction,
        bonus_before_cap=bonus_raw,
        deduction_before_cap=deduction_raw,
        bonus_text=_sum_text([o.compact for o in plus], bonus_cap) if plus and texts else "",
        deduction_text=_sum_text([o.compact for o in minus], deduction_cap) if minus and texts else "",
        lines_bonus=tuple(o.line for o in from_bonus),
        lines_deduction=tuple(o.line for o in from_deduction),
        notes=tuple(notes),
    )


TermAmount = Callable[[UnitFacts, ClusterFigures], Decimal]
# A criterion's parts compiled: (facts, figures, standard points) → (bonus, deduction), what `score_parts` gives
# without the texts.
CompiledParts = Callable[[UnitFacts, ClusterFigures, Decimal], tuple[Decimal, Decimal]]


def _compile_term(term: Term, sign: int, node: Node) -> TermAmount:
    """A term's amount as a small function: the common unconditional terms without the general evaluator's
    dispatch (the scoring loop calls these once per unit and criterion)."""
    how = term.how
    if not term.when and not term.unless:
        if isinstance(how, PerCase):
            points, cap, fact = how.points, how.cap, how.fact
            if cap is None:
                return lambda facts, _figures: (
                    sign * (points * facts.values[fact]).quantize(CENT, ROUND_HALF_UP)  # type: ignore[operator]
                )
            return lambda facts, _figures: (
                sign * min(points * facts.values[fact], cap).quantize(CENT, ROUND_HALF_UP)  # type: ignore[operator]
            )
        if isinstance(how, Flag):
            amount, wanted, flag = q(how.points), how.is_, how.fact
            return lambda facts, _figures: sign * amount if facts.values.get(flag) is wanted else ZERO
        if isinstance(how, Tiers) and how.measure == "value":
            return _compiled_tiers(how)
        if isinstance(how, Steps) and how.measure == "value":
            return _compiled_steps(how, sign)
    return lambda facts, figures: evaluate_term(term, sign, facts, figures, node, False).signed


def _compiled_tiers(how: Tiers) -> TermAmount:
    fact = how.fact or VALUE
    if any(tier.range.is_ is not None for tier in how.tiers):
        tiers = tuple((tier.range.holds, q(tier.points)) for tier in how.tiers)

        def labelled(facts: UnitFacts, _figures: ClusterFigures) -> Decimal:
            value = facts.values.get(fact)
            if value is None:
                return ZERO
            for holds, points in tiers:
                if holds(value):
                    return points
            return ZERO

        return labelled
    # Numeric bounds only: Range.holds's comparisons, inline (a tier table is read for every unit).
    bounds = tuple(
        (tier.range.above, tier.range.from_, tier.range.below, tier.range.to, q(tier.points))
        for tier in how.tiers
    )

    def numeric(facts: UnitFacts, _figures: ClusterFigures) -> Decimal:
        value = facts.values.get(fact)
        if not isinstance(value, Decimal):
            return ZERO
        for above, from_, below, to, points in bounds:
            if above is not None and not value > above:
                continue
            if from_ is not None and not value >= from_:
                continue
            if below is not None and not value < below:
                continue
            if to is not None and not value <= to:
                continue
            return points
        return ZERO

    return numeric


def _compiled_steps(how: Steps, sign: int) -> TermAmount:
    fact = how.fact or VALUE
    start, step, points, cap = how.start, how.step, how.points, how.cap
    above, inclusive, started = how.side == "above", how.inclusive, how.counting == "started"

    def amount(facts: UnitFacts, _figures: ClusterFigures) -> Decimal:
        value = facts.values.get(fact)
        if not isinstance(value, Decimal):
            return ZERO
        distance = value - start if above else start - value
        if not (distance > 0 or (inclusive and distance == 0)):
            return ZERO
        steps = (distance / step).to_integral_value(ROUND_FLOOR)
        if started:
            steps += 1
        return sign * _capped(steps * points, cap)

    return amount


def compile_parts(bonus: Part | None, deduction: Part | None, node: Node) -> CompiledParts:
    """The parts as one function of a unit's facts, worked out once per criterion (and scale)."""
    terms = tuple(
        (_compile_term(term, sign, node), (sign, term.group) if term.group is not None else None)
        for part, sign in ((bonus, 1), (deduction, -1))
        if part is not None
        for term in part.terms
    )
    item_floor = deduction is None or deduction.floor == "item"
    bonus_cap = q(bonus.cap) if bonus is not None and bonus.cap is not None else None
    deduction_cap = q(deduction.cap) if deduction is not None and deduction.cap is not None else None
    if any(group is not None for _amount, group in terms):
        return lambda facts, figures, standard: _grouped_amounts(
            terms, bonus_cap, deduction_cap, item_floor, facts, figures, standard
        )
    amounts = tuple(amount for amount, _group in terms)

    def ungrouped(facts: UnitFacts, figures: ClusterFigures, standard: Decimal) -> tuple[Decimal, Decimal]:
        plus = minus = ZERO
        for amount in amounts:
            signed = amount(facts, figures)
            if signed > 0:
                plus += signed
            elif signed < 0:
                minus -= signed
        return _limited(plus, minus, bonus_cap, deduction_cap, item_floor, standard)

    return ungrouped


def _limited(
    plus: Decimal,
    minus: Decimal,
    bonus_cap: Decimal | None,
    deduction_cap: Decimal | None,
    item_floor: bool,
    standard: Decimal,
) -> tuple[Decimal, Decimal]:
    """The parts' caps, then the item's floor (a deduction stops at the criterion's zero)."""
    if bonus_cap is not None and plus > bonus_cap:
        plus = bonus_cap
    if deduction_cap is not None and minus > deduction_cap:
        minus = deduction_cap
    if item_floor and minus > standard + plus:
        minus = standard + plus
    return plus, minus


def _grouped_amounts(
    terms: tuple[tuple[TermAmount, tuple[int, str] | None], ...],
    bonus_cap: Decimal | None,
    deduction_cap: Decimal | None,
    item_floor: bool,
    facts: UnitFacts,
    figures: ClusterFigures,
    standard: Decimal,
) -> tuple[Decimal, Decimal]:
    plus = minus = ZERO
    grouped: dict[tuple[int, str], Decimal] = {}
    for amount, group in terms:
        signed = amount(facts, figures)
        if group is not None:
            # Only the largest amount of an exclusive group (of one part) counts.
            kept = grouped.get(group)
            if kept is None or abs(signed) > abs(kept):
                grouped[group] = signed
            continue
        if signed > 0:
            plus += signed
        elif signed < 0:
            minus -= signed
    for signed in grouped.values():
        if signed > 0:
            plus += signed
        elif signed < 0:
            minus -= signed
    return _limited(plus, minus, bonus_cap, deduction_cap, item_floor, standard)


def needed_facts(node: Node, rule: Rule | None, parts: Sequence[Part | None]) -> set[str]:
    """The facts without which a unit's criterion cannot be scored (its rule's and its terms')."""
    needed: set[str] = set()
    if rule is not None and not isinstance(rule, FixedRule | FormulaRule):
        needed.add(node.reads)
    for part in parts:
        for term in part.terms if part is not None else ():
            name = term_fact(term.how)
            if name is not None:
                needed.add(name)
    return needed
