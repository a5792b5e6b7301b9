"""What is wrong with a framework or with a year's inputs, every problem with its place, in Vietnamese.

Places follow the package layout (`framework.sections[0].children[2] (1.3)`, `values.1.1.XA-D`) so that the same
messages serve the command line, the Excel import and the web forms.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from thidua.engine.model import (
    ZERO,
    AssessedRule,
    BandsRule,
    BooleanRule,
    ChangeRule,
    CountRule,
    Framework,
    Inputs,
    Member,
    Node,
    Problem,
    RankRule,
    RatingRule,
    RatioRule,
    RelativeRule,
    Rule,
    ThresholdRule,
    divides_by_target,
    rule_name,
)
from thidua.engine.numbers import vn

ONE = Decimal(1)
TIE_BREAK_KEYS = ("bonus", "deductions", "standard")


def node_places(framework: Framework) -> dict[str, str]:
    """Each node's place in the package, by code (the first node holding a duplicated code wins)."""
    places: dict[str, str] = {}
    for index, section in enumerate(framework.sections):
        _collect_places(section, f"framework.sections[{index}]", places)
    return places


def _collect_places(node: Node, path: str, places: dict[str, str]) -> None:
    places.setdefault(node.code, f"{path} ({node.code})")
    for index, child in enumerate(node.children):
        _collect_places(child, f"{path}.children[{index}]", places)


def validate_framework(framework: Framework) -> list[Problem]:
    problems: list[Problem] = []
    add = problems.append
    if framework.standard_points <= 0:
        add(
            Problem(
                "framework.standard_points",
                f"điểm chuẩn phải lớn hơn 0, đang là {vn(framework.standard_points)}",
            )
        )
    if framework.bonus_cap < 0:
        add(
            Problem(
                "framework.bonus_cap", f"điểm thưởng tối đa không được âm, đang là {vn(framework.bonus_cap)}"
            )
        )
    if not framework.sections:
        add(Problem("framework.sections", "thang điểm phải có ít nhất một nội dung"))
    else:
        total = sum((section.max for section in framework.sections), ZERO)
        if total != framework.standard_points:
            add(
                Problem(
                    "framework.sections",
                    f"tổng điểm tối đa các nội dung là {vn(total)}, khác điểm chuẩn {vn(framework.standard_points)}",
                )
            )
    seen: dict[str, str] = {}
    for index, section in enumerate(framework.sections):
        _validate_node(section, f"framework.sections[{index}]", seen, problems)
    problems.extend(_validate_settings(framework))
    if framework.version >= 2 or any(node.is_v2 or node.caps for node in framework.nodes()):
        from thidua.engine.validation_v2 import validate_framework_v2

        problems.extend(validate_framework_v2(framework, node_places(framework)))
    return problems


def _validate_node(node: Node, path: str, seen: dict[str, str], problems: list[Problem]) -> None:
    place = f"{path} ({node.code})"
    add = problems.append
    if not node.code.strip():
        add(Problem(place, "mã tiêu chí không được để trống"))
    elif node.code in seen:
        add(Problem(place, f"mã tiêu chí {node.code} bị trùng với {seen[node.code]}"))
    else:
        seen[node.code] = place
    if not node.title.strip():
        add(Problem(place, "tên tiêu chí không được để trống"))
    if node.max < 0:
        add(Problem(place, f"điểm tối đa không được âm, đang là {vn(node.max)}"))
    if node.children:
        if node.rule is not None:
            add(Problem(place, "tiêu chí có tiêu chí con thì không được có quy tắc chấm điểm (rule)"))
        if node.bonus is not None:
            add(
                Problem(place, "tiêu chí có tiêu chí con thì không được có điểm thưởng vượt chỉ tiêu (bonus)")
            )
        total = sum((child.max for child in node.children), ZERO)
        if total != node.max:
            add(Problem(place, f"tổng điểm các tiêu chí con là {vn(total)}, khác điểm tối đa {vn(node.max)}"))
        for index, child in enumerate(node.children):
            _validate_node(child, f"{path}.children[{index}]", seen, problems)
        return
    if node.rule is None:
        add(Problem(place, "tiêu chí không có tiêu chí con thì phải có quy tắc chấm điểm (rule)"))
        return
    problems.extend(Problem(place, message) for message in rule_problems(node.rule, node.max))
    if node.bonus is not None:
        if not isinstance(node.rule, RatioRule):
            add(
                Problem(
                    place,
                    f"chỉ tiêu chí loại ratio mới có điểm thưởng vượt chỉ tiêu, đây là {rule_name(node.rule)}",
                )
            )
        if node.bonus.step_percent <= 0:
            add(Problem(place, f"bonus.step_percent phải lớn hơn 0, đang là {vn(node.bonus.step_percent)}"))
        if node.bonus.points_per_step < 0:
            add(
                Problem(
                    place, f"bonus.points_per_step không được âm, đang là {vn(node.bonus.points_per_step)}"
                )
            )
        if node.bonus.cap < 0:
            add(Problem(place, f"bonus.cap không được âm, đang là {vn(node.bonus.cap)}"))


def _points_problems(name: str, points: Decimal, top: Decimal) -> list[str]:
    if 0 <= points <= top:
        return []
    return [f"{name} phải từ 0 đến {vn(top)} (điểm tối đa), đang là {vn(points)}"]


def _fraction_problems(name: str, fraction: Decimal) -> list[str]:
    if 0 <= fraction <= 1:
        return []
    return [f"{name} phải từ 0 đến 1, đang là {vn(fraction)}"]


def _points_or_fraction(
    name: str, points: Decimal | None, fraction: Decimal | None, top: Decimal
) -> list[str]:
    if (points is None) == (fraction is None):
        return [f"{name} phải có đúng một trong hai: points hoặc fraction"]
    if points is not None:
        return _points_problems(f"{name}.points", points, top)
    assert fraction is not None
    return _fraction_problems(f"{name}.fraction", fraction)


def rule_problems(rule: Rule, top: Decimal) -> list[str]:
    """What is wrong with a leaf rule's parameters, given the leaf's max."""
    out: list[str] = []
    if isinstance(rule, RatioRule):
        out += _fraction_problems("floor_ratio", rule.floor_ratio)
    elif isinstance(rule, ThresholdRule):
        if rule.against != "target" and rule.value is None:
            out.append(f"quy tắc threshold so sánh theo {rule.against} cần tham số value")
        out += _points_problems("else_points", rule.else_points, top)
    elif isinstance(rule, BandsRule):
        if not rule.bands:
            out.append("quy tắc bands cần ít nhất một mức")
        mins: set[Decimal] = set()
        for index, band in enumerate(rule.bands):
            if band.min in mins:
                out.append(f"bands[{index}]: mức từ {vn(band.min)} bị trùng")
            mins.add(band.min)
            out += _points_or_fraction(f"bands[{index}]", band.points, band.fraction, top)
    elif isinstance(rule, RatingRule):
        if not rule.levels:
            out.append("quy tắc rating cần ít nhất một mức xếp loại")
        labels: set[str] = set()
        for level in rule.levels:
            if level.label in labels:
                out.append(f"levels: xếp loại “{level.label}” bị trùng")
            labels.add(level.label)
            out += _points_or_fraction(f"levels.{level.label}", level.points, level.fraction, top)
    elif isinstance(rule, CountRule):
        if rule.each <= 0:
            out.append(f"each phải lớn hơn 0, đang là {vn(rule.each)}")
    elif isinstance(rule, BooleanRule):
        out += _points_problems("else_points", rule.else_points, top)
    elif isinstance(rule, ChangeRule):
        out += _fraction_problems("same", rule.same) + _fraction_problems("worse", rule.worse)
    elif isinstance(rule, RankRule):
        if not rule.points_by_rank:
            out.append("quy tắc rank cần points_by_rank có ít nhất một mức điểm")
        for index, points in enumerate(rule.points_by_rank):
            out += _points_problems(f"points_by_rank[{index}]", points, top)
    return out


def _validate_settings(framework: Framework) -> Iterable[Problem]:
    section_codes = {section.code for section in framework.sections}
    allowed = "section:<mã nội dung>, bonus, deductions, standard"
    for index, key in enumerate(framework.tie_break):
        place = f"framework.tie_break[{index}]"
        if key.startswith("section:"):
            if key.removeprefix("section:") not in section_codes:
                yield Problem(place, f"không có nội dung mã {key.removeprefix('section:')} để phân định")
        elif key not in TIE_BREAK_KEYS:
            yield Problem(place, f"khóa phân định “{key}” không hợp lệ; cho phép: {allowed}")
    labels: set[str] = set()
    for index, band in enumerate(framework.bands):
        if band.label in labels:
            yield Problem(f"framework.bands[{index}]", f"xếp loại “{band.label}” bị trùng")
        labels.add(band.label)
    for index, honour in enumerate(framework.honours):
        if honour.rank < 1:
            yield Problem(f"framework.honours[{index}]", f"hạng phải từ 1 trở lên, đang là {honour.rank}")
        if honour.min_total is not None and honour.min_total < 0:
            yield Problem(
                f"framework.honours[{index}]", f"min_total không được âm, đang là {vn(honour.min_total)}"
            )
    codes: set[str] = set()
    for index, item in enumerate(framework.bonus_items):
        place = f"framework.bonus_items[{index}]"
        if item.code in codes:
            yield Problem(place, f"mã điểm thưởng {item.code} bị trùng")
        codes.add(item.code)
        if item.points < 0:
            yield Problem(place, f"điểm thưởng không được âm, đang là {vn(item.points)}")
    late = framework.late_report
    if late is not None:
        if late.points_per_day < 0:
            yield Problem(
                "framework.late_report", f"points_per_day không được âm, đang là {vn(late.points_per_day)}"
            )
        if late.cap < 0:
            yield Problem("framework.late_report", f"cap không được âm, đang là {vn(late.cap)}")


# --- inputs ---------------------------------------------------------------------------------------------


def not_member(unit: str) -> str:
    return f"đơn vị {unit} không phải thành viên của cụm"


def validate_members(members: Sequence[Member]) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, member in enumerate(members):
        place = f"members[{index}]"
        if not member.code.strip():
            problems.append(Problem(place, "mã đơn vị không được để trống"))
        elif member.code in seen:
            problems.append(Problem(place, f"mã đơn vị {member.code} bị trùng"))
        seen.add(member.code)
        if not member.name.strip():
            problems.append(Problem(place, "tên đơn vị không được để trống"))
    return problems


def validate_inputs(
    framework: Framework, members: Sequence[Member], inputs: Inputs, skip: frozenset[str] = frozenset()
) -> list[Problem]:
    """Every problem of the inputs against the framework; `skip` names leaves whose rule could not be read."""
    leaves = {node.code: node for node in framework.leaves()}
    parents = {node.code for node in framework.nodes() if not node.is_leaf}
    units = {member.code for member in members}
    problems = validate_members(members)
    add = problems.append

    def criterion(part: str, code: str) -> Node | None:
        if code in leaves:
            return leaves[code]
        if code in parents:
            add(Problem(f"{part}.{code}", f"tiêu chí {code} có tiêu chí con, không nhận số liệu trực tiếp"))
        else:
            add(Problem(f"{part}.{code}", f"không có tiêu chí mã {code} trong thang điểm"))
        return None

    for code, by_unit in inputs.targets.items():
        node = criterion("targets", code)
        for unit, target in by_unit.items():
            place = f"targets.{code}.{unit}"
            if unit not in units:
                add(Problem(place, not_member(unit)))
            elif node is not None and node.code not in skip:
                # A zero target only matters where a ratio is computed: a unit marked not applicable, or one
                # with no value yet, is never divided by it (a spreadsheet often turns a blank into 0).
                unused = (
                    unit in inputs.not_applicable.get(code, ())
                    or inputs.values.get(code, {}).get(unit) is None
                )
                if not (unused and isinstance(target, Decimal) and target == 0):
                    problems.extend(Problem(place, m) for m in target_problems(node, target))
    for code, values in inputs.values.items():
        node = criterion("values", code)
        for unit, value in values.items():
            place = f"values.{code}.{unit}"
            if unit not in units:
                add(Problem(place, not_member(unit)))
            elif node is not None and node.code not in skip:
                problems.extend(Problem(place, m) for m in value_problems(node, value))
    for code, baselines in inputs.baselines.items():
        node = criterion("baselines", code)
        for unit, baseline in baselines.items():
            place = f"baselines.{code}.{unit}"
            if unit not in units:
                add(Problem(place, not_member(unit)))
            elif not isinstance(baseline, Decimal):
                add(Problem(place, f"số liệu năm trước phải là một số, đang là “{baseline}”"))
    for code, marked in inputs.not_applicable.items():
        criterion("not_applicable", code)
        problems.extend(_unit_list(f"not_applicable.{code}", sorted(marked), units))
    items = {item.code for item in framework.bonus_items}
    for code, awarded in inputs.bonus_awarded.items():
        if code not in items:
            add(Problem(f"bonus_awarded.{code}", f"không có mục điểm thưởng mã {code} trong thang điểm"))
        problems.extend(_unit_list(f"bonus_awarded.{code}", sorted(awarded), units))
    problems.extend(_validate_deductions(inputs, units, set(leaves) | parents))
    for unit in inputs.submitted:
        if unit not in units:
            add(Problem(f"submitted.{unit}", not_member(unit)))
    for index, veto in enumerate(inputs.vetoes):
        if veto.unit not in units:
            add(Problem(f"vetoes[{index}].unit", not_member(veto.unit)))
        if not veto.reason.strip():
            add(Problem(f"vetoes[{index}].reason", "phải ghi lý do không xét thi đua"))
    if framework.version >= 2 or inputs.facts or inputs.agreed or inputs.bonus_amounts:
        from thidua.engine.validation_v2 import validate_inputs_v2

        problems.extend(validate_inputs_v2(framework, members, inputs))
    return problems


def _unit_list(place: str, listed: Iterable[str], units: set[str]) -> Iterable[Problem]:
    for unit in listed:
        if unit not in units:
            yield Problem(f"{place}.{unit}", not_member(unit))


def _validate_deductions(inputs: Inputs, units: set[str], codes: set[str]) -> Iterable[Problem]:
    for index, deduction in enumerate(inputs.deductions):
        place = f"deductions[{index}]"
        if deduction.unit not in units:
            yield Problem(f"{place}.unit", not_member(deduction.unit))
        if deduction.points < 0:
            yield Problem(f"{place}.points", f"điểm trừ không được âm, đang là {vn(deduction.points)}")
        if not deduction.reason.strip():
            yield Problem(f"{place}.reason", "phải ghi lý do trừ điểm")
        if deduction.node is not None and deduction.node not in codes:
            yield Problem(f"{place}.node", f"không có tiêu chí mã {deduction.node} trong thang điểm")


def target_problems(node: Node, target: Decimal) -> list[str]:
    rule = node.rule
    if not isinstance(target, Decimal):
        return [f"chỉ tiêu phải là một số, đang là “{target}”"]
    if target < 0:
        return [f"chỉ tiêu không được âm, đang là {vn(target)}"]
    if target == 0 and rule is not None and divides_by_target(rule):
        return ["chỉ tiêu bằng 0 nên không tính được tỷ lệ thực hiện/kế hoạch"]
    return []


def value_problems(node: Node, value: object) -> list[str]:
    """Whether a reported value fits the leaf's rule type."""
    rule = node.rule
    if rule is None:
        return []
    if isinstance(rule, RatingRule):
        labels = [level.label for level in rule.levels]
        if isinstance(value, str) and value in labels:
            return []
        return [f"xếp loại “{_shown(value)}” không hợp lệ; cho phép: {', '.join(labels)}"]
    if isinstance(rule, BooleanRule):
        return (
            [] if isinstance(value, bool) else [f"giá trị phải là true hoặc false, đang là “{_shown(value)}”"]
        )
    if not isinstance(value, Decimal):
        return [f"giá trị phải là một số, đang là “{_shown(value)}”"]
    if isinstance(rule, AssessedRule):
        if 0 <= value <= node.max:
            return []
        return [f"điểm chấm {vn(value)} nằm ngoài khoảng 0…{vn(node.max)}"]
    if isinstance(rule, CountRule):
        if value >= 0 and value == value.to_integral_value():
            return []
        return [f"số lượng phải là số nguyên không âm, đang là {vn(value)}"]
    if isinstance(rule, RatioRule | RelativeRule) and value < 0:
        return [f"giá trị không được âm, đang là {vn(value)}"]
    return []


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return vn(value)
    return str(value)


def check_all(
    framework: Framework, members: Sequence[Member], inputs: Inputs, skip: frozenset[str] = frozenset()
) -> list[Problem]:
    """Framework and inputs together; `skip` names leaves whose rule could not be read, so their inputs are
    not judged against a rule nobody wrote."""
    return validate_framework(framework) + validate_inputs(framework, members, inputs, skip)


def check_warnings(framework: Framework, members: Sequence[Member], inputs: Inputs) -> list[Problem]:
    """What does not refuse a package but a person should look at (a member without a target…)."""
    from thidua.engine.validation_v2 import missing_target_warnings

    return missing_target_warnings(framework, members, inputs)


__all__ = [
    "check_all",
    "check_warnings",
    "node_places",
    "rule_problems",
    "validate_framework",
    "validate_inputs",
    "validate_members",
]
