"""Vietnamese explanations a member can check by hand, for every node and for a unit's total."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from thidua.engine.model import (
    ZERO,
    AssessedRule,
    BandsRule,
    BooleanRule,
    ChangeRule,
    CountRule,
    FixedRule,
    Node,
    RankRule,
    RatingRule,
    RatioRule,
    RelativeRule,
    ThresholdRule,
)
from thidua.engine.numbers import vn, vn_measure, vn_percent, vn_points
from thidua.engine.results import BonusEntry, LeafDetail, NodeResult, UnitResult
from thidua.engine.rules import COMPARISONS, HUNDRED, bands_input, change_outcome, threshold_input

POLICY_NAMES = {
    "renormalize": "quy đổi tỷ lệ theo điểm tối đa của các tiêu chí được áp dụng",
    "full": "tính đủ điểm tối đa cho tiêu chí không áp dụng",
    "zero": "tính 0 điểm cho tiêu chí không áp dụng",
}


def quantity(value: Decimal, node: Node) -> str:
    """A figure with the criterion's unit of measure: "45,00 tỷ đồng", "2,10%"."""
    unit = node.unit_of_measure
    if not unit:
        return vn_measure(value)
    return f"{vn_measure(value)}{unit}" if unit == "%" else f"{vn_measure(value)} {unit}"


def earned(result: NodeResult) -> str:
    return f"{vn_points(result.points)}/{vn(result.max)} điểm"


def explain_node(result: NodeResult) -> str:
    if result.parts:
        return _explain_parent(result)
    if result.detail is not None:
        return _explain_v2(result, result.detail)
    if result.status == "not_applicable":
        return _explain_not_applicable(result)
    if result.status == "missing":
        if result.actual is not None:
            return f"Chưa có số liệu năm trước để so sánh → tính {earned(result)} (chưa báo cáo)"
        return f"Chưa báo cáo số liệu → tính {earned(result)}"
    rule = result.node.rule
    if isinstance(rule, RatioRule):
        return _explain_ratio(result, rule)
    if isinstance(rule, ThresholdRule):
        return _explain_threshold(result, rule)
    if isinstance(rule, BandsRule):
        return _explain_bands(result, rule)
    if isinstance(rule, RatingRule):
        return f"Xếp loại “{result.actual}” → đạt {earned(result)}"
    if isinstance(rule, AssessedRule):
        assessor = result.node.data_source or "cơ quan có thẩm quyền"
        return f"Điểm do {assessor} chấm → đạt {earned(result)}"
    if isinstance(rule, CountRule):
        assert isinstance(result.actual, Decimal)
        return (
            f"Số lượng {vn(result.actual)} × {vn(rule.each)} điểm = {vn_points(result.actual * rule.each)}, "
            f"tối đa {vn(result.max)} → đạt {earned(result)}"
        )
    if isinstance(rule, BooleanRule):
        return f"{'Có' if result.actual is True else 'Không'} → đạt {earned(result)}"
    if isinstance(rule, ChangeRule):
        return _explain_change(result, rule)
    if isinstance(rule, RelativeRule):
        return _explain_relative(result, rule)
    assert isinstance(rule, RankRule)
    return _explain_rank(result, rule)


def _explain_parent(result: NodeResult) -> str:
    terms = " + ".join(f"{part.code}: {vn_points(part.points)}" for part in result.parts)
    text = f"Tổng các tiêu chí con {terms} = {earned(result)}"
    if result.bonus:
        text += f"; điểm thưởng {vn_points(result.bonus)}"
    if result.deduction:
        text += f"; điểm trừ {vn_points(result.deduction)}"
    caps = result.node.caps
    if caps is not None:
        limits = [
            f"{name} tối đa {vn(cap)}"
            for name, cap in (
                ("điểm cộng", caps.bonus),
                ("điểm trừ", caps.deduction),
                ("điểm cộng và điểm trừ mỗi loại", caps.bonus_and_deduction),
            )
            if cap is not None
        ]
        text += f" ({'; '.join(limits)})"
    return text


def _standard_text(result: NodeResult, detail: LeafDetail) -> str:
    if detail.standard_text is not None:
        return detail.standard_text
    rule = detail.rule
    if rule is None or isinstance(rule, FixedRule):
        return f"Điểm chuẩn {earned(result if detail.agreed is None else replace(result, points=detail.computed_points))}"
    points = detail.computed_points if detail.agreed is not None else result.points
    node = replace(result.node, rule=rule, bonus=None)  # type: ignore[arg-type]
    plain = replace(result, node=node, points=points, bonus=ZERO, deduction=ZERO, detail=None)
    return explain_node(plain)


def _explain_v2(result: NodeResult, detail: LeafDetail) -> str:
    """ "Chuẩn 3,00 − min(1,50; 0,50 × 2 trường hợp) = 2,00", with each term's line and the agreement."""
    if result.status == "not_applicable" and detail.agreed is None:
        return _explain_not_applicable(result)
    pieces: list[str] = []
    shown_facts = [
        f"{_fact_label(result.node, name)} {_shown(value)}"
        for name, value in detail.facts
        if value is not None
    ]
    if shown_facts and result.node.facts:
        pieces.append("Số liệu: " + "; ".join(shown_facts))
    if detail.scale:
        pieces.append(f"Áp dụng bảng điểm “{detail.scale}”")
    pieces.append(_standard_text(result, detail))
    bonus_lines, deduction_lines = detail.bonus_lines, detail.deduction_lines
    bonus_text, deduction_text, notes = detail.bonus_text, detail.deduction_text, detail.notes
    if detail.inputs is not None:
        from thidua.engine.parts import PartsInputs, explain_parts

        assert isinstance(detail.inputs, PartsInputs)
        parts, deduction_text, notes = explain_parts(detail.inputs, result.node)
        bonus_lines, deduction_lines, bonus_text = parts.lines_bonus, parts.lines_deduction, parts.bonus_text
    if bonus_lines:
        pieces.append("Điểm cộng: " + "; ".join(bonus_lines))
    if deduction_lines:
        pieces.append("Điểm trừ: " + "; ".join(deduction_lines))
    pieces.extend(notes)
    agreed = detail.agreed
    standard = detail.computed_points if agreed is not None else result.points
    for _code, title, points in detail.attached:
        pieces.append(f"Cộng {vn_points(points)}: {title}")
        bonus_text = f"{bonus_text} + {vn_points(points)}" if bonus_text else vn_points(points)
    line = f"Điểm tiêu chí: chuẩn {vn_points(standard)}"
    if bonus_text:
        line += f" + {bonus_text}"
    if deduction_text:
        line += f" − {deduction_text}"
    computed = detail.computed if agreed is not None else result.net
    line += f" = {vn_points(computed)}"
    pieces.append(line)
    if agreed is not None:
        pieces.append(
            f"{agreed.by} thống nhất {vn_points(result.net)} điểm (tính theo quy định {vn_points(computed)}): "
            f"{agreed.reason}"
        )
    return ". ".join(pieces)


def _fact_label(node: Node, name: str) -> str:
    fact = node.fact_named(name)
    return fact.label if fact is not None and fact.label else name


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, Decimal):
        return vn(value)
    return str(value)


def _explain_not_applicable(result: NodeResult) -> str:
    why = (
        "đơn vị thuộc diện không áp dụng"
        if result.marked_not_applicable
        else "đơn vị không được giao chỉ tiêu"
    )
    if result.policy == "renormalize":
        return (
            f"Không áp dụng ({why}): không tính vào điểm tối đa, điểm chuẩn được quy đổi tỷ lệ "
            f"({POLICY_NAMES['renormalize']})"
        )
    return f"Không áp dụng ({why}): {POLICY_NAMES[result.policy]} → {earned(result)}"


def _percent_of_plan(actual: Decimal, target: Decimal) -> Decimal:
    return actual * HUNDRED / target


def _explain_ratio(result: NodeResult, rule: RatioRule) -> str:
    actual, target, node = result.actual, result.target, result.node
    assert isinstance(actual, Decimal) and target is not None
    if rule.direction == "higher":
        percent = _percent_of_plan(actual, target)
        text = f"Thực hiện {vn_measure(actual)}/{quantity(target, node)} = {vn_percent(percent)} kế hoạch"
        exceeded = percent - HUNDRED
    else:
        text = f"Thực hiện {quantity(actual, node)}, chỉ tiêu không vượt quá {quantity(target, node)}"
        exceeded = (target - actual) * HUNDRED / target if target > 0 else Decimal(0)
        if actual > target:
            text += f" → tỷ lệ chỉ tiêu/thực hiện {vn_percent(target * HUNDRED / actual)}"
    ratio_short = actual < target if rule.direction == "higher" else actual > target
    if ratio_short and result.points == 0:
        if rule.below == "zero":
            reason = "chưa đạt chỉ tiêu, không tính điểm"
        elif rule.floor_ratio > 0:
            reason = f"dưới mức sàn {vn_percent(rule.floor_ratio * HUNDRED)}, không tính điểm"
        else:
            reason = "không đạt"
        text += f" → {reason}: {earned(result)}"
    elif ratio_short:
        ratio = actual / target if rule.direction == "higher" else target / actual
        text += f" → đạt {vn(result.max)} × {vn_percent(ratio * HUNDRED)} = {earned(result)}"
    else:
        text += f" → đạt {earned(result)}"
    bonus = node.bonus
    if bonus is not None and exceeded > 0:
        verb = "vượt" if rule.direction == "higher" else "giảm vượt"
        text += (
            f"; {verb} {vn_percent(exceeded)} → thưởng {vn_points(result.bonus)} điểm "
            f"({vn(bonus.points_per_step)} điểm mỗi {vn(bonus.step_percent)}%, tối đa {vn(bonus.cap)})"
        )
    return text


OPERATORS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}


def _explain_threshold(result: NodeResult, rule: ThresholdRule) -> str:
    actual, node = result.actual, result.node
    assert isinstance(actual, Decimal)
    left, right = threshold_input(rule, actual, result.target)
    symbol = OPERATORS[rule.op]
    if rule.against == "target_percent":
        assert result.target is not None
        text = (
            f"Thực hiện {vn_measure(actual)}/{quantity(result.target, node)} = {vn_percent(left)} kế hoạch "
            f"(yêu cầu {symbol} {vn(right)}%)"
        )
    elif rule.against == "target":
        text = f"Thực hiện {quantity(actual, node)} (yêu cầu {symbol} chỉ tiêu {quantity(right, node)})"
    else:
        text = f"Thực hiện {quantity(actual, node)} (yêu cầu {symbol} {quantity(right, node)})"
    passed = COMPARISONS[rule.op](left, right)
    return f"{text} → {'đạt' if passed else 'không đạt'}, {earned(result)}"


def _explain_bands(result: NodeResult, rule: BandsRule) -> str:
    actual, node = result.actual, result.node
    assert isinstance(actual, Decimal)
    measured = bands_input(rule, actual, result.target)
    if rule.input == "target_percent":
        assert result.target is not None
        text = f"Thực hiện {vn_measure(actual)}/{quantity(result.target, node)} = {vn_percent(measured)} kế hoạch"
        suffix = "%"
    else:
        text = f"Thực hiện {quantity(actual, node)}"
        suffix = "%" if node.unit_of_measure == "%" else ""
    reached = [band.min for band in rule.bands if band.min <= measured]
    if not reached:
        lowest = min(band.min for band in rule.bands)
        return f"{text} → dưới mức thấp nhất ({vn(lowest)}{suffix}) → {earned(result)}"
    return f"{text} → mức từ {vn(max(reached))}{suffix} trở lên → đạt {earned(result)}"


CHANGE_WORDS = {
    ("lower", "better"): "giảm so với năm trước",
    ("lower", "worse"): "tăng so với năm trước",
    ("higher", "better"): "tăng so với năm trước",
    ("higher", "worse"): "giảm so với năm trước",
}


def _explain_change(result: NodeResult, rule: ChangeRule) -> str:
    actual, baseline = result.actual, result.baseline
    assert isinstance(actual, Decimal) and baseline is not None
    outcome = change_outcome(rule, actual, baseline)
    aim = "càng thấp càng tốt" if rule.direction == "lower" else "càng cao càng tốt"
    text = f"Năm nay {quantity(actual, result.node)}, năm trước {quantity(baseline, result.node)} ({aim})"
    if outcome == "better":
        return f"{text}: {CHANGE_WORDS[(rule.direction, outcome)]} → đạt {earned(result)}"
    if outcome == "same":
        return f"{text}: bằng năm trước → {vn(rule.same)} × {vn(result.max)} = {earned(result)}"
    return f"{text}: {CHANGE_WORDS[(rule.direction, outcome)]} → {vn(rule.worse)} × {vn(result.max)} = {earned(result)}"


def _measured_text(result: NodeResult, of: str) -> tuple[str, Decimal]:
    actual = result.actual
    assert isinstance(actual, Decimal)
    if of == "ratio":
        assert result.target is not None
        value = actual / result.target
        return f"tỷ lệ thực hiện/kế hoạch {vn_percent(value * HUNDRED)}", value
    return f"thực hiện {quantity(actual, result.node)}", actual


def _explain_relative(result: NodeResult, rule: RelativeRule) -> str:
    text, value = _measured_text(result, rule.of)
    best = result.reference
    assert best is not None
    word = "cao nhất" if rule.direction == "higher" else "thấp nhất"
    shown_best = vn_percent(best * HUNDRED) if rule.of == "ratio" else vn_measure(best)
    head = f"Đơn vị {text}; {word} cụm {shown_best}"
    if best == 0:
        return f"{head} → {'bằng mức tốt nhất' if value == 0 else 'so với mức tốt nhất bằng 0'} → {earned(result)}"
    if rule.direction == "higher":
        formula = f"{vn(result.max)} × {vn_measure(value)}/{vn_measure(best)}"
    else:
        formula = f"{vn(result.max)} × {vn_measure(best)}/{vn_measure(value)}"
    return f"{head} → {formula} = {earned(result)}"


def _explain_rank(result: NodeResult, rule: RankRule) -> str:
    text, _value = _measured_text(result, rule.of)
    position = result.position
    assert position is not None
    table = ", ".join(vn(points) for points in rule.points_by_rank)
    if position > len(rule.points_by_rank):
        return f"Đơn vị {text}, xếp thứ {position} trong cụm, ngoài bảng điểm theo thứ hạng ({table}) → {earned(result)}"
    return f"Đơn vị {text}, xếp thứ {position} trong cụm (điểm theo thứ hạng: {table}) → đạt {earned(result)}"


def explain_unit(unit: UnitResult) -> str:
    """The total of a unit step by step, from section points to rank and honour."""
    parts = "; ".join(f"nội dung {code}: {vn_points(points)}" for code, points in unit.sections.items())
    lines = [f"Điểm đạt theo nội dung: {parts}."]
    not_applicable = [r for r in unit.leaves if r.status == "not_applicable"]
    if not_applicable and unit.policy == "renormalize":
        codes = ", ".join(r.code for r in not_applicable)
        lines.append(
            f"Tiêu chí không áp dụng: {codes}. Quy đổi tỷ lệ: {vn_points(unit.earned)} × {vn(unit.standard_points)}"
            f" / {vn(unit.applicable_max)} = {vn_points(unit.standard)} điểm chuẩn."
        )
    else:
        if not_applicable:
            codes = ", ".join(r.code for r in not_applicable)
            lines.append(f"Tiêu chí không áp dụng: {codes} ({POLICY_NAMES[unit.policy]}).")
        lines.append(f"Điểm chuẩn: {vn_points(unit.standard)}/{vn(unit.standard_points)}.")
    if unit.missing:
        lines.append(f"Chưa báo cáo (tính 0 điểm): {', '.join(unit.missing)}.")
    if unit.bonus_entries:
        terms = " + ".join(_bonus_term(entry) for entry in unit.bonus_entries)
        text = f"Điểm thưởng: {terms} = {vn_points(unit.bonus_earned)}"
        if unit.bonus_capped and unit.bonus_earned > unit.bonus:
            text += f", vượt mức tối đa {vn(unit.bonus_cap)} nên chỉ tính {vn_points(unit.bonus)}"
        lines.append(text + ".")
    for entry in unit.deduction_entries:
        where = f" (tiêu chí {entry.node})" if entry.node else ""
        if entry.points < 0:
            lines.append(f"Bớt điểm trừ {vn_points(-entry.points)}: {entry.reason}.")
        else:
            lines.append(f"Điểm trừ {vn_points(entry.points)}: {entry.reason}{where}.")
    raw = unit.standard + unit.bonus - unit.deductions
    total = f"Tổng điểm = {vn_points(unit.standard)} + {vn_points(unit.bonus)} − {vn_points(unit.deductions)}"
    if raw < 0:
        lines.append(f"{total} = {vn_points(raw)}, không thấp hơn 0 nên tính {vn_points(unit.total)}.")
    else:
        lines.append(f"{total} = {vn_points(unit.total)}.")
    if unit.unbanded is not None:
        lines.append(f"Không xếp loại: {unit.unbanded}.")
    if unit.vetoed is not None:
        lines.append(f"Không xếp hạng, không đề nghị khen thưởng: {unit.vetoed}.")
    else:
        outcome = f"Xếp hạng {unit.rank}"
        if unit.band:
            outcome += f", xếp loại {unit.band}"
        if unit.honour:
            outcome += f", đề nghị {unit.honour}"
        lines.append(outcome + ".")
    return " ".join(lines)


def _bonus_term(entry: BonusEntry) -> str:
    if entry.points < 0:
        return f"− {vn_points(-entry.points)} ({entry.title})"
    how = f" ({entry.how})" if entry.how else ""
    return f"{entry.title}{how} {vn_points(entry.points)}"
