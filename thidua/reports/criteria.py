"""Sentences about the criteria of a section, one general rule per rule type, from statistics and inputs.

A sentence whose data is absent (no target, no reported value, no baseline) is left out: the report never says
more than the package holds. Rates ("%") are never summed over the cluster: a sum of percentages means nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from thidua.engine import (
    AssessedRule,
    BandsRule,
    BooleanRule,
    ChangeRule,
    CountRule,
    Member,
    Node,
    RankRule,
    RatingRule,
    RatioRule,
    RatioStatistics,
    RelativeRule,
    ThresholdRule,
)
from thidua.engine.model import Inputs, is_rate
from thidua.engine.results import UnitPercent
from thidua.reports.words import (
    fraction,
    join,
    lower_first,
    mean_measure,
    measure,
    percent,
    points,
    whole_or_points,
)

HUNDRED = Decimal(100)
TOP_LISTED = 3
OPS = {">=": "từ {} trở lên", ">": "trên {}", "<=": "từ {} trở xuống", "<": "dưới {}", "==": "đúng {}"}


@dataclass(frozen=True, slots=True)
class Context:
    """What every criterion sentence needs: member names in package order, inputs and ratio statistics."""

    members: Sequence[Member]
    inputs: Inputs
    statistics: Mapping[str, RatioStatistics]
    noun: str = "đơn vị"
    group: str = "cụm"

    def name(self, code: str) -> str:
        return next((m.name for m in self.members if m.code == code), code)

    def numbers(self, code: str) -> dict[str, Decimal]:
        """Numeric values reported on a leaf by the members it applies to, in member order."""
        marked = self.inputs.not_applicable.get(code, frozenset())
        values = self.inputs.values.get(code, {})
        return {
            m.code: value
            for m in self.members
            if m.code not in marked
            and isinstance(value := values.get(m.code), Decimal)
            and not isinstance(value, bool)
        }


def node_sentences(node: Node, context: Context) -> list[str]:
    """The sentences for one node of a section: a leaf by its rule, a parent of `change` leaves as a whole."""
    if node.children:
        out: list[str] = []
        if all(child.is_leaf and isinstance(child.rule, ChangeRule) for child in node.children):
            group = change_group_sentence(node, context)
            if group:
                out.append(group)
        for child in node.children:
            out.extend(node_sentences(child, context))
        return out
    rule = node.rule
    sentence: str | None = None
    if isinstance(rule, RatioRule) and node.code in context.statistics:
        sentence = ratio_sentence(context.statistics[node.code], context)
    elif isinstance(rule, BandsRule) and rule.input == "actual":
        sentence = levels_sentence(node, [band.min for band in rule.bands], ">=", context)
    elif isinstance(rule, ThresholdRule) and rule.against == "value" and rule.value is not None:
        sentence = levels_sentence(node, [rule.value], rule.op, context)
    elif isinstance(rule, BooleanRule):
        sentence = boolean_sentence(node, context)
    elif isinstance(rule, RatingRule):
        sentence = rating_sentence(node, rule, context)
    elif isinstance(rule, CountRule):
        sentence = count_sentence(node, context)
    elif isinstance(rule, ChangeRule):
        sentence = change_sentence(node, rule, context)
    elif isinstance(rule, RelativeRule | RankRule) and rule.of == "actual":
        sentence = extremes_sentence(node, rule.direction, context, scale=None)
    elif isinstance(rule, AssessedRule):
        sentence = extremes_sentence(node, "higher", context, scale=node.max)
    return [sentence] if sentence else []


def ratio_sentence(stats: RatioStatistics, context: Context) -> str | None:
    """ "Tổng thu … của cả cụm đạt 358,87 tỷ đồng, bằng 120,55% kế hoạch; có 4/5 đơn vị đạt và vượt chỉ tiêu…"."""
    if stats.reported == 0:
        return None
    lower = stats.direction == "lower"
    parts: list[str] = []
    if not is_rate(stats.unit_of_measure) and stats.ratio_percent is not None:
        total = measure(stats.sum_actual, stats.unit_of_measure)
        if lower:
            gap = HUNDRED - stats.ratio_percent
            against = f"thấp hơn chỉ tiêu {percent(gap)}" if gap >= 0 else f"cao hơn chỉ tiêu {percent(-gap)}"
            parts.append(
                f"{stats.title} của cả {context.group} là {total}, bằng {percent(stats.ratio_percent)} chỉ tiêu ({against})"
            )
        else:
            parts.append(
                f"{stats.title} của cả {context.group} đạt {total}, bằng {percent(stats.ratio_percent)} kế hoạch"
            )
    elif stats.mean_actual is not None and stats.mean_target is not None:
        # A rate is never summed across units: the cluster's figure is their mean.
        unit = stats.unit_of_measure
        parts.append(
            f"{stats.title} bình quân của cả {context.group} là {mean_measure(stats.mean_actual, unit)} "
            f"(chỉ tiêu bình quân {mean_measure(stats.mean_target, unit)})"
        )
    else:
        parts.append(stats.title)
    parts.append(_reached_clause(stats, context))
    beyond = _top([u for u in stats.units if (u.exact < HUNDRED if lower else u.exact > HUNDRED)])
    if beyond:
        verb = "giảm vượt chỉ tiêu" if lower else "vượt"
        # Units with the same percentage share one phrase: "Tỉnh An Giang và Tỉnh Kiên Giang vượt 29,09%".
        groups: list[list[UnitPercent]] = []
        for u in beyond:
            if groups and groups[-1][0].percent == u.percent:
                groups[-1].append(u)
            else:
                groups.append([u])
        listed = [
            f"{join([context.name(u.code) for u in group])} {verb} {percent(abs(group[0].exact - HUNDRED))}"
            for group in groups
        ]
        lead = "một số đơn vị đạt cao như" if len(listed) > 1 else "đơn vị đạt cao nhất là"
        parts.append(f"{lead} {join(listed)}")
    short = [u for u in stats.units if (u.exact > HUNDRED if lower else u.exact < HUNDRED)]
    if short:
        shown = [
            f"{context.name(u.code)} ({percent(u.percent)} {'chỉ tiêu' if lower else 'kế hoạch'})"
            for u in short
        ]
        parts.append(f"chưa đạt: {join(shown)}")
    return _sentence(parts, first_separator=": " if parts[0] == stats.title else ", ")


def _top(units: Sequence[UnitPercent]) -> list[UnitPercent]:
    """The best TOP_LISTED units, and any unit tied with the last of them: a tie is never cut in two."""
    if len(units) <= TOP_LISTED:
        return list(units)
    last = units[TOP_LISTED - 1].percent
    return [u for i, u in enumerate(units) if i < TOP_LISTED or u.percent == last]


def _reached_clause(stats: RatioStatistics, context: Context) -> str:
    lower = stats.direction == "lower"
    everyone_beyond = len(stats.units) == stats.reported and all(
        (u.exact < HUNDRED if lower else u.exact > HUNDRED) for u in stats.units
    )
    goal = "đạt chỉ tiêu giảm" if lower else "đạt và vượt chỉ tiêu"
    if stats.reached == stats.reported:
        if everyone_beyond and not lower:
            clause = f"cả {stats.reported} {context.noun} đều vượt chỉ tiêu"
        else:
            clause = f"cả {stats.reported} {context.noun} đều {goal}"
    elif stats.reached == 0:
        clause = f"không có {context.noun} nào {goal}"
    else:
        clause = f"có {fraction(stats.reached, stats.reported, context.noun)} {goal}"
    missing = stats.applicable - stats.reported
    if missing:
        clause += f" ({missing} {context.noun} chưa báo cáo)"
    outside = len(context.members) - stats.applicable
    if outside:
        clause += f" ({outside} {context.noun} không có chỉ tiêu)"
    return clause


def _sentence(parts: Sequence[str], first_separator: str = ", ") -> str:
    head, *rest = parts
    body = head + (first_separator + "; ".join(rest) if rest else "")
    return body + "."


def levels_sentence(node: Node, levels: Sequence[Decimal], op: str, context: Context) -> str | None:
    """ "Tỷ lệ giải ngân…: có 2/5 đơn vị đạt từ 95% trở lên, 4/5 đơn vị đạt từ 80% trở lên…" (cumulative)."""
    numbers = context.numbers(node.code)
    if not numbers:
        return None
    total = len(numbers)
    phrases: list[str] = []
    descending = op in (">=", ">")
    for level in sorted(set(levels), reverse=descending):
        count = sum(1 for value in numbers.values() if _holds(value, op, level))
        bound = OPS[op].format(measure(level, node.unit_of_measure))
        phrases.append(
            f"cả {total} {context.noun} đều đạt {bound}"
            if count == total
            else f"có {fraction(count, total, context.noun)} đạt {bound}"
        )
        if count == total:
            break
    return f"{node.title}: {', '.join(phrases)}."


def _holds(value: Decimal, op: str, level: Decimal) -> bool:
    return {
        ">=": value >= level,
        ">": value > level,
        "<=": value <= level,
        "<": value < level,
        "==": value == level,
    }[op]


def boolean_sentence(node: Node, context: Context) -> str | None:
    values = context.inputs.values.get(node.code, {})
    marked = context.inputs.not_applicable.get(node.code, frozenset())
    answers = {
        m.code: values[m.code]
        for m in context.members
        if m.code not in marked and isinstance(values.get(m.code), bool)
    }
    if not answers:
        return None
    yes = [code for code, answer in answers.items() if answer]
    no = [context.name(code) for code, answer in answers.items() if not answer]
    if not no:
        return f"{node.title}: cả {len(answers)} {context.noun} đều đạt."
    head = (
        f"có {fraction(len(yes), len(answers), context.noun)} đạt"
        if yes
        else f"không có {context.noun} nào đạt"
    )
    return f"{node.title}: {head}; chưa đạt: {join(no)}."


def rating_sentence(node: Node, rule: RatingRule, context: Context) -> str | None:
    values = context.inputs.values.get(node.code, {})
    marked = context.inputs.not_applicable.get(node.code, frozenset())
    rated = {
        m.code: values[m.code]
        for m in context.members
        if m.code not in marked and isinstance(values.get(m.code), str)
    }
    if not rated:
        return None
    total = len(rated)
    phrases = []
    for level in rule.levels:
        codes = [code for code, label in rated.items() if label == level.label]
        if codes:
            names = join([context.name(code) for code in codes])
            phrases.append(
                f"{fraction(len(codes), total, context.noun)} {lower_first(level.label)} ({names})"
            )
    return f"{node.title}: có {', '.join(phrases)}."


def count_sentence(node: Node, context: Context) -> str | None:
    numbers = context.numbers(node.code)
    if not numbers:
        return None
    total = sum(numbers.values(), Decimal(0))
    ordered = sorted(numbers.items(), key=lambda item: item[1], reverse=True)
    best = [
        f"{context.name(code)} ({measure(value, node.unit_of_measure)})"
        for code, value in ordered[:TOP_LISTED]
        if value > 0
    ]
    none = [context.name(code) for code, value in ordered if value == 0]
    parts = [f"{node.title}: toàn {context.group} có {measure(total, node.unit_of_measure)}"]
    if best:
        parts.append(f"nhiều nhất là {join(best)}")
    if none:
        parts.append(f"chưa có: {join(none)}")
    return "; ".join(parts) + "."


def _changes(node: Node, context: Context) -> dict[str, tuple[Decimal, Decimal]]:
    baselines = context.inputs.baselines.get(node.code, {})
    return {
        code: (value, baselines[code])
        for code, value in context.numbers(node.code).items()
        if code in baselines
    }


def _improved(rule: ChangeRule, now: Decimal, before: Decimal) -> bool:
    return now < before if rule.direction == "lower" else now > before


def change_sentence(node: Node, rule: ChangeRule, context: Context) -> str | None:
    """ "Số vụ tai nạn giao thông của cả cụm là 72, giảm 3 so với năm trước (75); có 3/5 đơn vị giảm."."""
    changes = _changes(node, context)
    if not changes:
        return None
    now = sum((pair[0] for pair in changes.values()), Decimal(0))
    before = sum((pair[1] for pair in changes.values()), Decimal(0))
    unit = node.unit_of_measure
    if is_rate(unit):
        head = node.title
    elif now == before:
        head = f"{node.title} của cả {context.group} là {measure(now, unit)}, bằng năm trước"
    else:
        trend = "giảm" if now < before else "tăng"
        head = f"{node.title} của cả {context.group} là {measure(now, unit)}, {trend} {measure(abs(now - before), unit)} so với năm trước ({measure(before, unit)})"
    better = [code for code, (a, b) in changes.items() if _improved(rule, a, b)]
    word = "giảm" if rule.direction == "lower" else "tăng"
    total = len(changes)
    if len(better) == total:
        clause = f"cả {total} {context.noun} đều {word}"
    elif better:
        clause = f"có {fraction(len(better), total, context.noun)} {word} ({join([context.name(c) for c in better])})"
    else:
        clause = f"không có {context.noun} nào {word}"
    worse = [(code, a, b) for code, (a, b) in changes.items() if a != b and not _improved(rule, a, b)]
    if worse and better:
        opposite = "tăng" if rule.direction == "lower" else "giảm"
        listed = [
            f"{context.name(code)} ({measure(a, unit)}, {opposite} {measure(abs(a - b), unit)})"
            for code, a, b in sorted(worse, key=lambda item: -abs(item[1] - item[2]))
        ]
        clause += f"; {opposite}: {join(listed)}"
    separator = ": " if head == node.title else "; "
    return f"{head}{separator}{clause}."


def change_group_sentence(node: Node, context: Context) -> str | None:
    """ "Kiềm chế, giảm tai nạn giao thông…: có 2/5 đơn vị giảm cả 3 mặt so với năm trước (…)"."""
    per_child = [(child, _changes(child, context)) for child in node.children]
    units = [m.code for m in context.members if all(m.code in changes for _, changes in per_child)]
    if not units:
        return None
    rules = [child.rule for child, _ in per_child]
    directions = {rule.direction for rule in rules if isinstance(rule, ChangeRule)}
    word = "giảm" if directions == {"lower"} else "tăng" if directions == {"higher"} else "cải thiện"
    better = [
        code
        for code in units
        if all(
            isinstance(child.rule, ChangeRule) and _improved(child.rule, *changes[code])
            for child, changes in per_child
        )
    ]
    aspects = f"cả {len(per_child)} mặt so với năm trước ({join([lower_first(child.title) for child, _ in per_child])})"
    total = len(units)
    if len(better) == total:
        clause = f"cả {total} {context.noun} đều {word} {aspects}"
    elif better:
        names = join([context.name(c) for c in better])
        clause = f"có {fraction(len(better), total, context.noun)} {word} {aspects} là {names}"
    else:
        clause = f"không có {context.noun} nào {word} {aspects}"
    return f"{node.title}: {clause}."


def extremes_sentence(node: Node, direction: str, context: Context, *, scale: Decimal | None) -> str | None:
    """Best and worst reported value of a comparison or an assessment."""
    numbers = context.numbers(node.code)
    if len(numbers) < 2:
        return None
    ordered = sorted(numbers.items(), key=lambda item: item[1], reverse=direction == "higher")
    best, worst = ordered[0][1], ordered[-1][1]

    def shown(value: Decimal) -> str:
        if scale is not None:
            return f"{points(value)}/{whole_or_points(scale)} điểm"
        return measure(value, node.unit_of_measure)

    tops = [context.name(code) for code, value in ordered if value == best]
    bottoms = [context.name(code) for code, value in ordered if value == worst]
    unit = node.unit_of_measure
    # An amount without a target (vốn đầu tư, tỷ đồng) is still summed; ranks, points and rates are not.
    total = (
        f"toàn {context.group} đạt {measure(sum(numbers.values(), Decimal(0)), unit)}; "
        if scale is None and unit and not is_rate(unit)
        else ""
    )
    if best == worst:
        return f"{node.title}: {total}cả {len(numbers)} {context.noun} đều đạt {shown(best)}."
    word_best, word_worst = ("cao nhất", "thấp nhất") if direction == "higher" else ("thấp nhất", "cao nhất")
    # With many members, the next best ones are named too (up to TOP_LISTED in all), ties kept together.
    following = [
        (code, value)
        for code, value in ordered[len(tops) :]
        if value not in (best, worst) and len(numbers) > TOP_LISTED + 1
    ]
    if following:
        cut = following[: max(TOP_LISTED - len(tops), 0)]
        following = [pair for pair in following if cut and (pair in cut or pair[1] == cut[-1][1])]
    after = (
        f", tiếp theo là {join([f'{context.name(code)} ({shown(value)})' for code, value in following])}"
        if following
        else ""
    )
    return (
        f"{node.title}: {total}{word_best} là {join(tops)} ({shown(best)}){after}, "
        f"{word_worst} là {join(bottoms)} ({shown(worst)})."
    )
