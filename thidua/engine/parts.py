"""Scoring a version 2 criterion for every member: facts, scales, the standard rule, what a missing target means,
and the bonus and deduction parts term by term (issue 11; docs/package-format.md).

The standard points come from the same scorers as version 1; what is new is computed here, with every amount
quantised to 0.01 half up like the rest, and one Vietnamese line per term for the explanation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_FLOOR, Decimal
from fractions import Fraction
from typing import NamedTuple

from thidua.engine.formula import ClusterFigures, FormulaError, evaluate
from thidua.engine.formula import explain as explain_formula
from thidua.engine.model import (
    ZERO,
    FixedRule,
    FormulaRule,
    Inputs,
    Member,
    Node,
    RankRule,
    RelativeRule,
    RelativeToLeaderRule,
    Rule,
    Value,
    uses_target,
)
from thidua.engine.nodes import LeafRow
from thidua.engine.numbers import vn, vn_percent, vn_points
from thidua.engine.results import DetailSeed
from thidua.engine.rules import (
    HUNDRED,
    SCORERS,
    LeafPlan,
    measure,
    plan_leaf,
    q,
    q_fraction,
    score_rank,
    score_relative,
)
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


@dataclass(slots=True)
class _NodePlan:
    """What scoring a version 2 criterion needs, worked out once per framework node, not per cluster or unit."""

    node: Node
    section: int
    uses_formula: bool
    rule_plans: dict[int, LeafPlan] = field(default_factory=dict)
    needed: dict[tuple[int, int, int], tuple[str, ...]] = field(default_factory=dict)
    compiled: dict[tuple[int, int], CompiledParts] = field(default_factory=dict)

    def parts(self, bonus: Part | None, deduction: Part | None) -> CompiledParts:
        key = (id(bonus), id(deduction))
        found = self.compiled.get(key)
        if found is None:
            found = self.compiled[key] = compile_parts(bonus, deduction, self.node)
        return found

    def rule_plan(self, rule: Rule) -> LeafPlan:
        plan = self.rule_plans.get(id(rule))
        if plan is None:
            plan = self.rule_plans[id(rule)] = plan_leaf(replace(self.node, rule=rule), self.section)
        return plan

    def needed_facts(self, rule: Rule, bonus: Part | None, deduction: Part | None) -> tuple[str, ...]:
        key = (id(rule), id(bonus), id(deduction))
        found = self.needed.get(key)
        if found is None:
            found = self.needed[key] = tuple(sorted(needed_facts(self.node, rule, (bonus, deduction))))
        return found


_NODE_PLANS: dict[int, _NodePlan] = {}


def node_plan(leaf: LeafPlan) -> _NodePlan:
    plan = _NODE_PLANS.get(id(leaf.node))
    if plan is None or plan.node is not leaf.node:
        if len(_NODE_PLANS) > 4096:
            _NODE_PLANS.clear()
        plan = _NODE_PLANS[id(leaf.node)] = _NodePlan(leaf.node, leaf.section, _uses_formula(leaf.node))
    return plan


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
# (amount of each term, its exclusive group), the bonus part's cap, the deduction part's cap, the item floor
CompiledParts = tuple[
    tuple[tuple[TermAmount, tuple[int, str] | None], ...], Decimal | None, Decimal | None, bool
]


def _compile_term(term: Term, sign: int, node: Node) -> TermAmount:
    """A term's amount as a small function: the common unconditional terms without the general evaluator's
    dispatch (the scoring loop calls these once per unit and criterion)."""
    how = term.how
    if not term.when and not term.unless:
        if isinstance(how, PerCase):
            points, cap, fact = how.points, how.cap, how.fact
            if cap is None:
                return lambda facts, _figures: sign * q(points * facts.values[fact])  # type: ignore[operator]
            return lambda facts, _figures: sign * q(min(points * facts.values[fact], cap))  # type: ignore[operator]
        if isinstance(how, Flag):
            amount, wanted, flag = q(how.points), how.is_, how.fact
            return lambda facts, _figures: sign * amount if facts.values.get(flag) is wanted else ZERO
    return lambda facts, figures: evaluate_term(term, sign, facts, figures, node, False).signed


def compile_parts(bonus: Part | None, deduction: Part | None, node: Node) -> CompiledParts:
    terms = tuple(
        (_compile_term(term, sign, node), (sign, term.group) if term.group is not None else None)
        for part, sign in ((bonus, 1), (deduction, -1))
        if part is not None
        for term in part.terms
    )
    item_floor = deduction is None or deduction.floor == "item"
    return (
        terms,
        q(bonus.cap) if bonus is not None and bonus.cap is not None else None,
        q(deduction.cap) if deduction is not None and deduction.cap is not None else None,
        item_floor,
    )


def compiled_amounts(
    compiled: CompiledParts, facts: UnitFacts, figures: ClusterFigures, standard: Decimal
) -> tuple[Decimal, Decimal]:
    """What `part_amounts` gives, from compiled parts."""
    terms, bonus_cap, deduction_cap, item_floor = compiled
    plus = minus = ZERO
    grouped: dict[tuple[int, str], Decimal] | None = None
    for amount, group in terms:
        signed = amount(facts, figures)
        if group is not None:
            # Only the largest amount of an exclusive group (of one part) counts.
            grouped = grouped if grouped is not None else {}
            kept = grouped.get(group)
            if kept is None or abs(signed) > abs(kept):
                grouped[group] = signed
            continue
        if signed > 0:
            plus += signed
        elif signed < 0:
            minus -= signed
    if grouped:
        for signed in grouped.values():
            if signed > 0:
                plus += signed
            elif signed < 0:
                minus -= signed
    if bonus_cap is not None and plus > bonus_cap:
        plus = bonus_cap
    if deduction_cap is not None and minus > deduction_cap:
        minus = deduction_cap
    if item_floor and minus > standard + plus:
        minus = standard + plus
    return plus, minus


def _sum_part(
    part: Part | None, sign: int, facts: UnitFacts, figures: ClusterFigures, node: Node
) -> tuple[Decimal, Decimal]:
    """(added, taken away) by a part's terms, without their lines: the scoring path of `score_parts`."""
    if part is None:
        return ZERO, ZERO
    plus = minus = ZERO
    grouped: dict[str, Decimal] = {}
    for term in part.terms:
        signed = evaluate_term(term, sign, facts, figures, node, False).signed
        if term.group is not None:
            kept = grouped.get(term.group)
            if kept is None or abs(signed) > abs(kept):
                grouped[term.group] = signed
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
    return plus, minus


def part_amounts(
    bonus_part: Part | None,
    deduction_part: Part | None,
    facts: UnitFacts,
    figures: ClusterFigures,
    node: Node,
    standard: Decimal,
) -> tuple[Decimal, Decimal]:
    """The criterion's bonus and deduction after the parts' caps and the item floor (what `score_parts` gives,
    for the hot loop)."""
    bonus_plus, bonus_minus = _sum_part(bonus_part, 1, facts, figures, node)
    deduction_plus, deduction_minus = _sum_part(deduction_part, -1, facts, figures, node)
    bonus = bonus_plus + deduction_plus
    deduction = bonus_minus + deduction_minus
    if bonus_part is not None and bonus_part.cap is not None:
        bonus = min(bonus, q(bonus_part.cap))
    if deduction_part is not None:
        if deduction_part.cap is not None:
            deduction = min(deduction, q(deduction_part.cap))
        if deduction_part.floor == "item" and deduction > standard + bonus:
            deduction = standard + bonus
    elif deduction > standard + bonus:
        deduction = standard + bonus
    return bonus, deduction


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


_NO_FIGURES = ClusterFigures()


def cluster_figures(node: Node, members: Sequence[Member], inputs: Inputs) -> ClusterFigures:
    """Max, min, mean of every numeric fact among the members that reported it, and the leader's value."""
    names = [VALUE, *(fact.name for fact in node.facts if fact.name != VALUE)]
    highest: dict[str, Decimal] = {}
    lowest: dict[str, Decimal] = {}
    mean: dict[str, Decimal] = {}
    leader: dict[str, Decimal] = {}
    for name in names:
        found: list[Decimal] = []
        for member in members:
            value = inputs.fact(node.code, member.code, name)
            if isinstance(value, Decimal):
                found.append(value)
                if member.role == "leader":
                    leader[name] = value
        if found:
            highest[name], lowest[name] = max(found), min(found)
            mean[name] = sum(found, ZERO) / len(found)
    return ClusterFigures(highest, lowest, mean, leader)


def _uses_formula(node: Node) -> bool:
    rules: list[object] = [node.rule]
    parts: list[Part | None] = [node.bonus_part, node.deduction_part]
    if node.scales is not None:
        for choice in node.scales.choices:
            rules.append(choice.standard)
            parts += [choice.bonus, choice.deduction]
    if any(isinstance(rule, FormulaRule) for rule in rules):
        return True
    return any(isinstance(term.how, FormulaTerm) for part in parts if part is not None for term in part.terms)


@dataclass(slots=True)
class _Pending:
    """A unit whose standard points wait for the whole cluster (relative, rank, relative to the leader,
    best among the units without a target)."""

    index: int
    facts: UnitFacts
    actual: Decimal
    rule: Rule
    choice: ScaleChoice | None


def score_leaf_v2(
    leaf: LeafPlan, members: Sequence[Member], inputs: Inputs, na_points: Decimal
) -> list[LeafRow]:
    """Rows of nodes.py for one version 2 criterion, in the members' order."""
    node = leaf.node
    code = node.code
    targets = inputs.targets.get(code, {})
    baselines = inputs.baselines.get(code, {})
    marked = inputs.not_applicable.get(code, frozenset())
    reported_facts = inputs.facts.get(code, {})
    reported_values = inputs.values.get(code, {})
    cached = node_plan(leaf)
    figures = cluster_figures(node, members, inputs) if cached.uses_formula else _NO_FIGURES
    mode = node.no_target.mode if node.no_target is not None else "not_applicable"
    reads = node.reads
    # Without scales every unit has the same rule and parts: what they need is worked out once.
    scaled = node.scales is not None
    base_rule = node.rule
    assert base_rule is not None
    rule: Rule = base_rule
    choice: ScaleChoice | None = None
    bonus_part, deduction_part = node.bonus_part, node.deduction_part
    needed = cached.needed_facts(rule, bonus_part, deduction_part)
    targeted = uses_target(rule)
    rows: list[LeafRow | None] = []
    standards: dict[
        int, tuple[Decimal, Decimal, str | None, Rule, ScaleChoice | None, UnitFacts, Decimal]
    ] = {}
    pending: list[_Pending] = []
    untargeted: list[_Pending] = []
    for index, member in enumerate(members):
        unit = member.code
        target = targets.get(unit)
        baseline = baselines.get(unit)
        if unit in marked:
            rows.append(("not_applicable", na_points, ZERO, None, target, None, None, None, True, ZERO, None))
            continue
        facts = gather(
            node, reported_facts.get(unit, _NO_FACTS), reported_values.get(unit), member, target, baseline
        )
        if scaled:
            choice = choose_scale(node, facts)
            rule = choice.standard if choice is not None and choice.standard is not None else base_rule
            bonus_part = choice.bonus if choice is not None and choice.bonus is not None else node.bonus_part
            deduction_part = (
                choice.deduction
                if choice is not None and choice.deduction is not None
                else node.deduction_part
            )
            needed = cached.needed_facts(rule, bonus_part, deduction_part)
            targeted = uses_target(rule)
        values = facts.values
        actual = values.get(reads)
        rows.append(None)
        missing = any(values.get(name) is None for name in needed)
        if target is None and targeted:
            if mode == "not_applicable":
                rows[index] = (
                    "not_applicable",
                    na_points,
                    ZERO,
                    actual,
                    None,
                    None,
                    None,
                    None,
                    False,
                    ZERO,
                    None,
                )
                continue
            if mode == "points":
                assert node.no_target is not None
                given = node.no_target.points
                points = min(q(max(given, ZERO)), leaf.max)
                extra = q(-given) if given < 0 else ZERO
                text = f"Không được giao chỉ tiêu: {'trừ ' + vn_points(extra) if extra else vn_points(points)} điểm"
                standards[index] = (points, ZERO, text, rule, choice, facts, extra)
                continue
            if missing or not isinstance(actual, Decimal):
                rows[index] = _missing_row(actual, target, baseline)
                continue
            untargeted.append(_Pending(index, facts, actual, rule, choice))
            continue
        if missing:
            rows[index] = _missing_row(actual, target, baseline)
            continue
        if isinstance(rule, FixedRule):
            standards[index] = (leaf.max, ZERO, None, rule, choice, facts, ZERO)
        elif isinstance(rule, FormulaRule):
            try:
                evaluation = evaluate(rule.expression, _names(node, facts), figures)
            except FormulaError as exc:
                text = f"Công thức {rule.expression}: {exc} → {vn_points(ZERO)}/{vn(node.max)} điểm"
                standards[index] = (ZERO, ZERO, text, rule, choice, facts, ZERO)
                continue
            points = min(max(q(evaluation.value), ZERO), leaf.max)
            text = f"{explain_formula(rule.expression, evaluation)} → đạt {vn_points(points)}/{vn(node.max)} điểm"
            if points != q(evaluation.value):
                text += " (trong khoảng 0 đến điểm tối đa)"
            standards[index] = (points, ZERO, text, rule, choice, facts, ZERO)
        elif isinstance(rule, RelativeRule | RankRule | RelativeToLeaderRule):
            assert isinstance(actual, Decimal)
            pending.append(_Pending(index, facts, actual, rule, choice))
        else:
            plan = cached.rule_plan(rule)
            scorer = SCORERS[type(rule)]
            assert actual is not None
            points, bonus = scorer(plan, actual, target, baseline)
            standards[index] = (points, bonus, None, rule, choice, facts, ZERO)
    _cluster_pass(leaf, pending, standards, cached)
    _untargeted_pass(leaf, untargeted, standards)
    for index, (points, v1_bonus, explained, rule, choice, facts, extra) in standards.items():
        rows[index] = _row(leaf, facts, points, v1_bonus, explained, rule, choice, figures, extra)
    done = [row for row in rows if row is not None]
    assert len(done) == len(rows)
    return done


def _missing_row(actual: Value | None, target: Decimal | None, baseline: Decimal | None) -> LeafRow:
    return ("missing", ZERO, ZERO, actual, target, baseline, None, None, False, ZERO, None)


def _cluster_pass(
    leaf: LeafPlan,
    pending: list[_Pending],
    standards: dict[int, tuple[Decimal, Decimal, str | None, Rule, ScaleChoice | None, UnitFacts, Decimal]],
    cached: _NodePlan,
) -> None:
    by_rule: dict[int, list[_Pending]] = {}
    for item in pending:
        by_rule.setdefault(id(item.rule), []).append(item)
    for group in by_rule.values():
        rule = group[0].rule
        plan = cached.rule_plan(rule)
        if isinstance(rule, RelativeToLeaderRule):
            for item, (points, text) in zip(group, relative_to_leader(plan, rule, group), strict=True):
                standards[item.index] = (points, ZERO, text, rule, item.choice, item.facts, ZERO)
            continue
        assert isinstance(rule, RelativeRule | RankRule)
        measured = {item.index: measure(rule, item.actual, item.facts.target) for item in group}
        if isinstance(rule, RelativeRule):
            best, relative_points = score_relative(plan, measured)
            for item in group:
                earned = relative_points[item.index]
                text = (
                    f"Đơn vị {vn(measured[item.index])}; tốt nhất cụm {vn(best) if best is not None else '—'} "
                    f"→ đạt {vn_points(earned)}/{vn(leaf.node.max)} điểm"
                )
                standards[item.index] = (earned, ZERO, text, rule, item.choice, item.facts, ZERO)
        else:
            positions, rank_points = score_rank(plan, measured)
            for item in group:
                earned = rank_points[item.index]
                text = (
                    f"Đơn vị {vn(measured[item.index])}, xếp thứ {positions[item.index]} trong cụm "
                    f"→ đạt {vn_points(earned)}/{vn(leaf.node.max)} điểm"
                )
                standards[item.index] = (earned, ZERO, text, rule, item.choice, item.facts, ZERO)


def relative_to_leader(
    plan: LeafPlan, rule: RelativeToLeaderRule, group: Sequence[_Pending]
) -> list[tuple[Decimal, str]]:
    """Item 9: below target base × max × A/T; at target base × max; the leader max; others in between by their
    excess relative to the leader's. Exact rationals, rounded once."""
    top = Fraction(plan.node.max)
    base = Fraction(rule.base)
    ratios: list[Fraction | None] = []
    for item in group:
        target = item.facts.target
        ratios.append(Fraction(item.actual) / Fraction(target) if target else None)
    excesses = [ratio - 1 for ratio in ratios if ratio is not None and ratio > 1]
    lead = max(excesses) if excesses else None
    out: list[tuple[Decimal, str]] = []
    for ratio in ratios:
        if ratio is None:
            out.append((ZERO, "Chỉ tiêu bằng 0: không tính được tỷ lệ → 0,00 điểm"))
            continue
        percent = vn_percent(Decimal(ratio.numerator) / Decimal(ratio.denominator) * HUNDRED)
        shown_top = vn(plan.node.max)
        if ratio < 1:
            points = q_fraction(base * top * ratio)
            text = f"Thực hiện {percent} kế hoạch, chưa đạt → {vn(rule.base)} × {shown_top} × {percent} = {vn_points(points)}"
        elif ratio == 1 or lead is None:
            points = q_fraction(base * top)
            text = f"Thực hiện {percent} kế hoạch, đạt chỉ tiêu → {vn(rule.base)} × {shown_top} = {vn_points(points)}"
        else:
            excess = ratio - 1
            points = q_fraction(base * top + excess / lead * (1 - base) * top)
            lead_percent = vn_percent(Decimal(lead.numerator) / Decimal(lead.denominator) * HUNDRED)
            own = vn_percent(Decimal(excess.numerator) / Decimal(excess.denominator) * HUNDRED)
            if excess == lead:
                text = f"Thực hiện {percent} kế hoạch, vượt cao nhất cụm ({own}) → đạt {vn_points(points)}"
            else:
                text = (
                    f"Thực hiện {percent} kế hoạch, vượt {own}; đơn vị vượt cao nhất {lead_percent} → "
                    f"{vn(rule.base)} × {shown_top} + {own}/{lead_percent} × {vn(1 - rule.base)} × {shown_top}"
                    f" = {vn_points(points)}"
                )
        out.append((min(points, plan.max), f"{text}/{shown_top} điểm"))
    return out


def _untargeted_pass(
    leaf: LeafPlan,
    untargeted: list[_Pending],
    standards: dict[int, tuple[Decimal, Decimal, str | None, Rule, ScaleChoice | None, UnitFacts, Decimal]],
) -> None:
    """`no_target: best_of_untargeted`: actual / highest actual among the units without a target × max."""
    if not untargeted:
        return
    best = max(item.actual for item in untargeted)
    top = leaf.node.max
    for item in untargeted:
        if best <= 0:
            points = leaf.max if item.actual == best else ZERO
            formula = "không có đơn vị nào có số liệu dương"
        else:
            points = min(q_fraction(Fraction(top) * Fraction(item.actual) / Fraction(best)), leaf.max)
            formula = f"{vn(top)} × {vn(item.actual)}/{vn(best)}"
        text = (
            f"Không được giao chỉ tiêu: so với đơn vị cao nhất trong nhóm không giao chỉ tiêu ({vn(best)}) → "
            f"{formula} = {vn_points(points)}/{vn(top)} điểm"
        )
        standards[item.index] = (points, ZERO, text, item.rule, item.choice, item.facts, ZERO)


def _row(
    leaf: LeafPlan,
    facts: UnitFacts,
    points: Decimal,
    v1_bonus: Decimal,
    text: str | None,
    rule: Rule,
    choice: ScaleChoice | None,
    figures: ClusterFigures,
    extra: Decimal,
) -> LeafRow:
    node = leaf.node
    bonus_part = choice.bonus if choice is not None and choice.bonus is not None else node.bonus_part
    deduction_part = (
        choice.deduction if choice is not None and choice.deduction is not None else node.deduction_part
    )
    part_bonus, part_deduction = compiled_amounts(
        node_plan(leaf).parts(bonus_part, deduction_part), facts, figures, points + v1_bonus
    )
    bonus = v1_bonus + part_bonus
    deduction = part_deduction + extra
    scale_label = None
    if node.scales is not None and choice is not None:
        scale_label = choice.label or range_text(choice.range)
    detail = DetailSeed(
        text,
        rule,
        scale_label,
        facts.values,
        points + bonus - deduction,
        PartsInputs(
            bonus_part,
            deduction_part,
            facts,
            figures,
            points + v1_bonus,
            extra,
            node.scales is not None and choice is None,
        ),
    )
    actual = facts.get(node.reads)
    return (
        "scored",
        points,
        bonus,
        actual,
        facts.target,
        facts.baseline,
        None,
        None,
        False,
        deduction,
        detail,
    )


@dataclass(slots=True)
class PartsInputs:
    """What the explanation needs to evaluate a criterion's parts again, this time with their lines."""

    bonus_part: Part | None
    deduction_part: Part | None
    facts: UnitFacts
    figures: ClusterFigures
    standard: Decimal
    extra: Decimal
    no_scale: bool


def explain_parts(inputs: PartsInputs, node: Node) -> tuple[PartsOutcome, str, tuple[str, ...]]:
    """The parts' lines, the deduction's short form (with a fixed no-target deduction) and the notes."""
    parts = score_parts(
        inputs.bonus_part,
        inputs.deduction_part,
        inputs.facts,
        inputs.figures,
        node,
        inputs.standard,
        texts=True,
    )
    deduction_text = parts.deduction_text
    if inputs.extra:
        deduction_text = (
            f"{deduction_text} + {vn_points(inputs.extra)}" if deduction_text else vn_points(inputs.extra)
        )
    notes = parts.notes
    if inputs.no_scale:
        notes += ("không thuộc bảng điểm nào của tiêu chí, áp dụng bảng chung",)
    return parts, deduction_text, notes
