"""What is wrong with the version 2 parts of a framework and their inputs (facts, terms, scales, caps, bonus item
amounts, agreements, veto effects), every problem placed, in Vietnamese; and the warnings that do not refuse a
package (a target-based criterion without a target for a member, issue 11 item 8)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from thidua.engine import formula
from thidua.engine.model import (
    ZERO,
    BooleanRule,
    FixedRule,
    FormulaRule,
    Framework,
    Inputs,
    Member,
    Node,
    Problem,
    Rule,
    uses_target,
)
from thidua.engine.numbers import vn
from thidua.engine.terms import (
    VALUE,
    Amount,
    Condition,
    Flag,
    FormulaTerm,
    Part,
    PerCase,
    Range,
    Steps,
    Tiers,
    term_fact,
)


def _fact_names(node: Node) -> set[str]:
    return {fact.name for fact in node.facts} | {VALUE}


def _range_problems(bounds: Range, place: str) -> Iterable[Problem]:
    low = bounds.above if bounds.above is not None else bounds.from_
    high = bounds.below if bounds.below is not None else bounds.to
    if low is not None and high is not None and low > high:
        yield Problem(place, f"cận dưới {vn(low)} lớn hơn cận trên {vn(high)}")


def _condition_problems(condition: Condition, node: Node, place: str) -> Iterable[Problem]:
    if condition.fact is not None and condition.fact not in _fact_names(node) | {"target", "baseline"}:
        yield Problem(f"{place}.fact", f"tiêu chí {node.code} không có số liệu “{condition.fact}”")
    yield from _range_problems(condition.range, place)


def part_problems(part: Part | None, node: Node, place: str) -> list[Problem]:
    if part is None:
        return []
    out: list[Problem] = []
    if part.cap is not None and part.cap < 0:
        out.append(Problem(f"{place}.cap", f"mức tối đa không được âm, đang là {vn(part.cap)}"))
    if not part.terms:
        out.append(Problem(f"{place}.terms", "cần ít nhất một mục"))
    names = _fact_names(node)
    for index, term in enumerate(part.terms):
        at = f"{place}.terms[{index}]"
        how = term.how
        fact = term_fact(how)
        if fact is not None and fact not in names:
            out.append(
                Problem(
                    f"{at}.fact",
                    f"tiêu chí {node.code} không có số liệu “{fact}”; có: {', '.join(sorted(names))}",
                )
            )
        if isinstance(how, PerCase | Flag) and how.points < 0:
            out.append(
                Problem(
                    f"{at}.points",
                    f"điểm không được âm (phần cộng hay trừ đã cho biết chiều), đang là {vn(how.points)}",
                )
            )
        if isinstance(how, Steps):
            if how.step <= 0:
                out.append(Problem(f"{at}.step", f"bước phải lớn hơn 0, đang là {vn(how.step)}"))
            if how.points < 0:
                out.append(Problem(f"{at}.points", f"điểm không được âm, đang là {vn(how.points)}"))
        if isinstance(how, PerCase | Steps) and how.cap is not None and how.cap < 0:
            out.append(Problem(f"{at}.cap", f"mức tối đa không được âm, đang là {vn(how.cap)}"))
        if isinstance(how, Amount) and how.max < 0:
            out.append(Problem(f"{at}.max", f"mức tối đa không được âm, đang là {vn(how.max)}"))
        if isinstance(how, Tiers):
            for number, tier in enumerate(how.tiers):
                out.extend(_range_problems(tier.range, f"{at}.tiers[{number}]"))
        if isinstance(how, FormulaTerm):
            out.extend(Problem(f"{at}.expression", m) for m in formula.problems(how.expression, names))
        if isinstance(how, Flag | PerCase | Amount) and fact in names:
            declared = node.fact_named(fact) if fact else None
            wanted = {Flag: ("yes_no",), PerCase: ("count", "number"), Amount: ("number",)}[type(how)]
            if declared is not None and declared.kind not in wanted:
                out.append(
                    Problem(
                        f"{at}.fact",
                        f"số liệu “{fact}” là loại {declared.kind}, mục này cần loại {' hoặc '.join(wanted)}",
                    )
                )
        for number, condition in enumerate(term.when):
            out.extend(_condition_problems(condition, node, f"{at}.when[{number}]"))
        for number, condition in enumerate(term.unless):
            out.extend(_condition_problems(condition, node, f"{at}.unless[{number}]"))
    return out


def _rule_problems(rule: Rule | None, node: Node, place: str) -> list[Problem]:
    if isinstance(rule, FormulaRule):
        return [
            Problem(f"{place}.expression", m) for m in formula.problems(rule.expression, _fact_names(node))
        ]
    return []


def node_problems(node: Node, place: str) -> list[Problem]:
    """Version 2 keys of one node (a leaf's facts, parts, scales, no_target; any node's caps)."""
    out: list[Problem] = []
    if node.caps is not None:
        for name in ("bonus", "deduction", "bonus_and_deduction"):
            value = getattr(node.caps, name)
            if value is not None and value < 0:
                out.append(Problem(f"{place}.caps.{name}", f"mức tối đa không được âm, đang là {vn(value)}"))
    if not node.is_leaf:
        for key, present in (
            ("facts", node.facts),
            ("deduction", node.deduction_part),
            ("bonus", node.bonus_part),
            ("scales", node.scales),
        ):
            if present:
                out.append(Problem(place, f"tiêu chí có tiêu chí con thì không có {key}; ghi ở tiêu chí con"))
        return out
    names = [fact.name for fact in node.facts]
    if len(set(names)) != len(names):
        out.append(Problem(f"{place}.facts", "tên số liệu bị trùng"))
    for fact in node.facts:
        if fact.kind == "label" and not fact.choices:
            out.append(Problem(f"{place}.facts.{fact.name}", "số liệu loại label cần danh sách choices"))
    if node.fact is not None and node.fact not in _fact_names(node):
        out.append(Problem(f"{place}.standard.fact", f"tiêu chí {node.code} không có số liệu “{node.fact}”"))
    if node.facts and not node.fact and len(node.facts) > 1 and node.rule is not None:
        needs_value = not isinstance(node.rule, FormulaRule) and type(node.rule).__name__ != "FixedRule"
        if needs_value and node.fact_named(VALUE) is None:
            out.append(
                Problem(
                    f"{place}.standard",
                    "tiêu chí có nhiều số liệu: ghi fact cho biết quy tắc chấm đọc số liệu nào",
                )
            )
    out += _rule_problems(node.rule, node, f"{place}.standard")
    out += part_problems(node.bonus_part, node, f"{place}.bonus")
    out += part_problems(node.deduction_part, node, f"{place}.deduction")
    if node.scales is not None:
        scales = node.scales
        if scales.fact is not None and scales.fact not in _fact_names(node):
            out.append(
                Problem(f"{place}.scales.by.fact", f"tiêu chí {node.code} không có số liệu “{scales.fact}”")
            )
        if not scales.choices:
            out.append(Problem(f"{place}.scales.choices", "cần ít nhất một bảng điểm"))
        for index, choice in enumerate(scales.choices):
            at = f"{place}.scales.choices[{index}]"
            out += list(_range_problems(choice.range, at))
            out += _rule_problems(choice.standard, node, f"{at}.standard")
            out += part_problems(choice.bonus, node, f"{at}.bonus")
            out += part_problems(choice.deduction, node, f"{at}.deduction")
    if node.no_target is not None and node.no_target.mode != "not_applicable":
        rules = [node.rule] + ([c.standard for c in node.scales.choices] if node.scales else [])
        if not any(rule is not None and uses_target(rule) for rule in rules):
            out.append(
                Problem(
                    f"{place}.no_target",
                    "quy tắc chấm của tiêu chí không dùng chỉ tiêu nên no_target không có tác dụng",
                )
            )
        if node.no_target.mode == "points" and node.no_target.points > node.max:
            out.append(
                Problem(f"{place}.no_target.points", f"điểm không được vượt điểm tối đa {vn(node.max)}")
            )
    return out


def validate_framework_v2(framework: Framework, places: dict[str, str]) -> list[Problem]:
    out: list[Problem] = []
    for node in framework.nodes():
        out += node_problems(node, places.get(node.code, node.code))
    leaves = {leaf.code for leaf in framework.leaves()}
    for index, item in enumerate(framework.bonus_items):
        place = f"framework.bonus_items[{index}]"
        for name in ("max", "per_case", "cap"):
            value = getattr(item, name)
            if value is not None and value < 0:
                out.append(Problem(f"{place}.{name}", f"không được âm, đang là {vn(value)}"))
        if item.node is not None and item.node not in leaves:
            out.append(
                Problem(
                    f"{place}.node",
                    f"không có tiêu chí (không có tiêu chí con) mã {item.node} để gắn điểm thưởng",
                )
            )
    return out


def _fact_value_problems(node: Node, name: str, value: object) -> list[str]:
    fact = node.fact_named(name)
    if fact is None:
        if name == VALUE:
            return []
        known = ", ".join(sorted(f.name for f in node.facts)) or "(không có)"
        return [f"tiêu chí {node.code} không có số liệu “{name}”; có: {known}"]
    if fact.kind == "yes_no":
        return [] if isinstance(value, bool) else [f"phải là true hoặc false, đang là “{value}”"]
    if fact.kind == "label":
        return (
            [] if value in fact.choices else [f"“{value}” không hợp lệ; cho phép: {', '.join(fact.choices)}"]
        )
    if not isinstance(value, Decimal):
        return [f"phải là một số, đang là “{value}”"]
    if fact.kind == "count" and (value < 0 or value != value.to_integral_value()):
        return [f"số trường hợp phải là số nguyên không âm, đang là {vn(value)}"]
    if fact.kind in ("count", "percent") and value < 0:
        return [f"không được âm, đang là {vn(value)}"]
    return []


def validate_inputs_v2(framework: Framework, members: Sequence[Member], inputs: Inputs) -> list[Problem]:
    out: list[Problem] = []
    leaves = {leaf.code: leaf for leaf in framework.leaves()}
    units = {member.code for member in members}
    for code, by_unit in inputs.facts.items():
        node = leaves.get(code)
        for unit, facts in by_unit.items():
            place = f"values.{code}.{unit}"
            if unit not in units:
                out.append(Problem(place, f"đơn vị {unit} không phải thành viên của cụm"))
                continue
            if node is None:
                continue
            for name, value in facts.items():
                out += [Problem(f"{place}.{name}", m) for m in _fact_value_problems(node, name, value)]
                if (
                    name == node.reads
                    and node.rule is not None
                    and not isinstance(node.rule, FormulaRule | FixedRule)
                ):
                    from thidua.engine.validation import value_problems

                    out += [Problem(f"{place}.{name}", m) for m in value_problems(node, value)]
                for part in (node.bonus_part, node.deduction_part):
                    for term in part.terms if part is not None else ():
                        if (
                            isinstance(term.how, Amount)
                            and term.how.fact == name
                            and isinstance(value, Decimal)
                        ) and not ZERO <= value <= term.how.max:
                            out.append(
                                Problem(
                                    f"{place}.{name}",
                                    f"điểm cho {vn(value)} nằm ngoài khoảng 0…{vn(term.how.max)}",
                                )
                            )
    for code, single in inputs.values.items():
        node = leaves.get(code)
        if node is None or not node.facts or node.fact_named(VALUE) is not None:
            continue
        names = ", ".join(fact.name for fact in node.facts)
        for unit in single:
            out.append(
                Problem(
                    f"values.{code}.{unit}",
                    f"tiêu chí {code} có các số liệu {names}: ghi {{tên số liệu: giá trị}}, không ghi một giá trị đơn",
                )
            )
    items = {item.code: item for item in framework.bonus_items}
    for code in inputs.bonus_awarded:
        item = items.get(code)
        if item is not None and item.kind != "points":
            out.append(
                Problem(
                    f"bonus_awarded.{code}",
                    f"mục {code} cho điểm theo {'mức cho' if item.kind == 'max' else 'số lần'}: ghi {{đơn vị: số}}, không ghi danh sách",
                )
            )
    for code, amounts in inputs.bonus_amounts.items():
        item = items.get(code)
        if item is None:
            out.append(
                Problem(f"bonus_awarded.{code}", f"không có mục điểm thưởng mã {code} trong thang điểm")
            )
            continue
        if item.kind == "points":
            out.append(
                Problem(
                    f"bonus_awarded.{code}", f"mục {code} có điểm cố định: ghi danh sách đơn vị được cộng"
                )
            )
            continue
        for unit, amount in amounts.items():
            place = f"bonus_awarded.{code}.{unit}"
            if unit not in units:
                out.append(Problem(place, f"đơn vị {unit} không phải thành viên của cụm"))
            elif item.kind == "max" and item.max is not None and not ZERO <= amount <= item.max:
                out.append(Problem(place, f"điểm cho {vn(amount)} nằm ngoài khoảng 0…{vn(item.max)}"))
            elif item.kind == "per_case" and (amount < 0 or amount != amount.to_integral_value()):
                out.append(Problem(place, f"số lần phải là số nguyên không âm, đang là {vn(amount)}"))
    seen: set[tuple[str, str]] = set()
    for index, agreement in enumerate(inputs.agreed):
        place = f"agreed[{index}]"
        if agreement.unit not in units:
            out.append(Problem(f"{place}.unit", f"đơn vị {agreement.unit} không phải thành viên của cụm"))
        if agreement.node not in leaves:
            out.append(
                Problem(f"{place}.node", f"không có tiêu chí (không có tiêu chí con) mã {agreement.node}")
            )
        if not agreement.reason.strip():
            out.append(Problem(f"{place}.reason", "phải ghi lý do thống nhất điểm"))
        key = (agreement.unit, agreement.node)
        if key in seen:
            out.append(
                Problem(place, f"đơn vị {agreement.unit} đã có điểm thống nhất cho tiêu chí {agreement.node}")
            )
        seen.add(key)
    for index, veto in enumerate(inputs.vetoes):
        if veto.deduct < 0:
            out.append(
                Problem(f"vetoes[{index}].deduct", f"điểm trừ không được âm, đang là {vn(veto.deduct)}")
            )
        if not veto.effects and not veto.deduct:
            out.append(Problem(f"vetoes[{index}]", "cần ít nhất một tác dụng: effects hoặc deduct"))
    return out


def missing_target_warnings(framework: Framework, members: Sequence[Member], inputs: Inputs) -> list[Problem]:
    """Every target-based criterion a member has no target for and is not marked not applicable to (item 8):
    a warning, not an error, because "không giao chỉ tiêu" may be intended."""
    out: list[Problem] = []
    for leaf in framework.leaves():
        if leaf.rule is None or not uses_target(leaf.rule) or isinstance(leaf.rule, BooleanRule):
            continue
        targets = inputs.targets.get(leaf.code, {})
        marked = inputs.not_applicable.get(leaf.code, frozenset())
        mode = leaf.no_target.mode if leaf.no_target is not None else "not_applicable"
        consequence = {
            "not_applicable": "tiêu chí sẽ không áp dụng cho đơn vị",
            "points": "tiêu chí tính theo mục không giao chỉ tiêu (no_target)",
            "best_of_untargeted": "chấm so với đơn vị cao nhất trong nhóm không giao chỉ tiêu",
        }[mode]
        for member in members:
            if member.code not in targets and member.code not in marked:
                out.append(
                    Problem(
                        f"targets.{leaf.code}.{member.code}",
                        f"đơn vị {member.code} ({member.name}) chưa được giao chỉ tiêu tiêu chí {leaf.code} "
                        f"({leaf.title}): {consequence}",
                    )
                )
    return out
