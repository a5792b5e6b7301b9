"""Scoring a version 2 criterion for every member: facts, scales, the standard rule, what a missing target means,
and the bonus and deduction parts term by term (issue 11; docs/package-format.md).

The standard points come from the same scorers as version 1; what is new is computed here, with every amount
quantised to 0.01 half up like the rest, and one Vietnamese line per term for the explanation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction

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
    LeafPlan,
    measure,
    plan_leaf,
    q,
    q_fraction,
    score_rank,
    score_relative,
)
from thidua.engine.term_scoring import (
    _NO_FACTS,
    CompiledParts,
    PartsOutcome,
    UnitFacts,
    _names,
    choose_scale,
    compile_parts,
    needed_facts,
    range_text,
    score_parts,
)
from thidua.engine.terms import (
    VALUE,
    FormulaTerm,
    Part,
    ScaleChoice,
)

# How a unit's standard points are made: a fixed rule, a formula, waiting for the cluster, or a version 1 scorer.
_FIXED, _FORMULA, _CLUSTER, _PLAIN = range(4)


@dataclass(slots=True)
class _NodePlan:
    """What scoring a version 2 criterion needs, worked out once per framework node, not per cluster or unit."""

    node: Node
    section: int
    uses_formula: bool
    rule_plans: dict[int, LeafPlan] = field(default_factory=dict)
    needed: dict[tuple[int, int, int], tuple[str, ...]] = field(default_factory=dict)
    compiled: dict[tuple[int, int], CompiledParts] = field(default_factory=dict)
    reads: str = "value"

    def parts(self, bonus: Part | None, deduction: Part | None) -> CompiledParts:
        key = (id(bonus), id(deduction))
        found = self.compiled.get(key)
        if found is None:
            found = self.compiled[key] = compile_parts(bonus, deduction, self.node)
        return found

    def kind(self, rule: Rule) -> int:
        """How a unit's standard points are made under `rule`: one of the _FIXED… constants."""
        if isinstance(rule, FixedRule):
            return _FIXED
        if isinstance(rule, FormulaRule):
            return _FORMULA
        if isinstance(rule, RelativeRule | RankRule | RelativeToLeaderRule):
            return _CLUSTER
        return _PLAIN

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
        plan = _NODE_PLANS[id(leaf.node)] = _NodePlan(
            leaf.node, leaf.section, _uses_formula(leaf.node), reads=leaf.node.reads
        )
    return plan


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
    reads = cached.reads
    fact_defaults = [(fact.name, fact.default) for fact in node.facts]
    # Without scales every unit has the same rule and parts: what they need is worked out once.
    scaled = node.scales is not None
    base_rule = node.rule
    assert base_rule is not None
    rule: Rule = base_rule
    choice: ScaleChoice | None = None
    bonus_part, deduction_part = node.bonus_part, node.deduction_part
    needed = cached.needed_facts(rule, bonus_part, deduction_part)
    targeted = uses_target(rule)
    kind = cached.kind(rule)
    rule_plan = cached.rule_plan(rule) if kind == _PLAIN else None
    compiled = cached.parts(bonus_part, deduction_part)
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
        # gather() inline: the loop runs for every unit and version 2 criterion of a year.
        value = reported_values.get(unit)
        reported = reported_facts.get(unit, _NO_FACTS)
        values = {VALUE: value}
        for name, default in fact_defaults:
            given = value if name == VALUE else reported.get(name)
            values[name] = given if given is not None else default
        facts = UnitFacts(member, values, target, baseline)
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
            kind = cached.kind(rule)
            rule_plan = cached.rule_plan(rule) if kind == _PLAIN else None
            compiled = cached.parts(bonus_part, deduction_part)
        actual = values.get(reads)
        rows.append(None)
        missing = False
        for name in needed:
            if values.get(name) is None:
                missing = True
                break
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
        if kind == _PLAIN:
            assert rule_plan is not None and rule_plan.score is not None and actual is not None
            points, bonus = rule_plan.score(rule_plan, actual, target, baseline)
            # The common case is finished here, without waiting for the cluster.
            rows[index] = _row(
                leaf, facts, points, bonus, None, rule, choice, figures, ZERO, cached, compiled
            )
        elif kind == _FIXED:
            rows[index] = _row(
                leaf, facts, leaf.max, ZERO, None, rule, choice, figures, ZERO, cached, compiled
            )
        elif kind == _FORMULA:
            assert isinstance(rule, FormulaRule)
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
        else:
            assert isinstance(actual, Decimal)
            pending.append(_Pending(index, facts, actual, rule, choice))
    references: dict[int, tuple[Decimal | None, int | None]] = {}
    _cluster_pass(leaf, pending, standards, cached, references)
    _untargeted_pass(leaf, untargeted, standards)
    for index, (points, v1_bonus, explained, rule, choice, facts, extra) in standards.items():
        rows[index] = _row(leaf, facts, points, v1_bonus, explained, rule, choice, figures, extra, cached)
        if index in references:
            best, position = references[index]
            row = rows[index]
            assert row is not None
            rows[index] = (*row[:6], best, position, *row[8:])
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
    references: dict[int, tuple[Decimal | None, int | None]],
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
        # The explanation is version 1's, from the best value or the position kept in the row.
        if isinstance(rule, RelativeRule):
            best, relative_points = score_relative(plan, measured)
            for item in group:
                references[item.index] = (best, None)
                standards[item.index] = (
                    relative_points[item.index],
                    ZERO,
                    None,
                    rule,
                    item.choice,
                    item.facts,
                    ZERO,
                )
        else:
            positions, rank_points = score_rank(plan, measured)
            for item in group:
                references[item.index] = (None, positions[item.index])
                standards[item.index] = (
                    rank_points[item.index],
                    ZERO,
                    None,
                    rule,
                    item.choice,
                    item.facts,
                    ZERO,
                )


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
    cached: _NodePlan,
    compiled: CompiledParts | None = None,
) -> LeafRow:
    node = leaf.node
    if choice is None:
        bonus_part, deduction_part = node.bonus_part, node.deduction_part
    else:
        bonus_part = choice.bonus if choice.bonus is not None else node.bonus_part
        deduction_part = choice.deduction if choice.deduction is not None else node.deduction_part
    if compiled is None:
        compiled = cached.parts(bonus_part, deduction_part)
    part_bonus, part_deduction = compiled(facts, figures, points + v1_bonus)
    bonus = v1_bonus + part_bonus
    deduction = part_deduction + extra
    scale_label = None
    if node.scales is not None and choice is not None:
        scale_label = choice.label or range_text(choice.range)
    detail = DetailSeed(
        text,
        rule,
        scale_label,
        points + bonus - deduction,
        bonus_part,
        deduction_part,
        facts,
        figures,
        points + v1_bonus,
        extra,
        node.scales is not None and choice is None,
    )
    actual = facts.values.get(cached.reads)
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


# What the explanation needs to evaluate a criterion's parts again: the seed of its line holds it.
PartsInputs = DetailSeed


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
