"""Vietnamese descriptions of rules and terms, derived from the registry: what a criterion's rule says, in words a
member reads (the framework editor's summaries, the workbook's guide and the package documentation use these)."""

from __future__ import annotations

from decimal import Decimal

from thidua.engine.model import Rule, rule_name
from thidua.engine.numbers import vn
from thidua.engine.registry import RULES, TERM_NAMES, TERMS, Param, TypeSpec
from thidua.engine.terms import Condition, Part, Range, Term, Tier


def _range(bounds: Range) -> str:
    from thidua.engine.term_scoring import range_text

    return range_text(bounds)


def _value(param: Param, value: object) -> str:
    if param.kind == "choice":
        return dict(param.choices).get(str(value), str(value))
    if param.kind == "flag":
        return "có" if value else "không"
    if isinstance(value, Decimal):
        return vn(value)
    if param.kind == "numbers" and isinstance(value, tuple):
        return ", ".join(vn(item) for item in value)
    if param.kind == "tiers" and isinstance(value, tuple):
        return "; ".join(
            f"{_range(tier.range)}: {'+' if tier.points >= 0 else '−'}{vn(abs(tier.points))}"
            for tier in value
            if isinstance(tier, Tier)
        )
    if param.kind == "bands" and isinstance(value, tuple):
        return f"{len(value)} mức"
    if param.kind == "levels" and isinstance(value, tuple):
        return ", ".join(getattr(level, "label", "?") for level in value)
    return str(value)


def _described(spec: TypeSpec, value: object) -> str:
    parts = []
    for param in spec.params:
        given = getattr(value, param.attribute, None)
        if given is None or (param.default is not None and given == param.default and not param.required):
            continue
        parts.append(f"{param.label}: {_value(param, given)}")
    return f"{spec.label} ({'; '.join(parts)})" if parts else spec.label


def describe_rule(rule: Rule, fact: str | None = None) -> str:
    """ "Tỷ lệ thực hiện/chỉ tiêu (Chiều đánh giá: Càng thấp càng tốt)"."""
    text = _described(RULES[rule_name(rule)], rule)
    return f"{text}, theo số liệu “{fact}”" if fact else text


def _condition(condition: Condition) -> str:
    subject = f"thuộc tính {condition.attribute}" if condition.attribute else f"số liệu {condition.fact}"
    return f"{subject} {_range(condition.range)}"


def describe_term(term: Term) -> str:
    """ "Theo từng trường hợp (Số trường hợp: vi_pham; Điểm mỗi trường hợp: 0,5), trừ khi …"."""
    text = _described(TERMS[TERM_NAMES[type(term.how)]], term.how)
    if term.label:
        text = f"{term.label}: {text}"
    if term.when:
        text += "; chỉ khi " + " và ".join(_condition(c) for c in term.when)
    if term.unless:
        text += "; không áp dụng khi " + " hoặc ".join(_condition(c) for c in term.unless)
    if term.group:
        text += f"; chỉ tính một mục của nhóm “{term.group}”"
    return text


def describe_part(part: Part, kind: str) -> str:
    """ "Điểm trừ, tối đa 1,5, không trừ quá điểm của tiêu chí: …"."""
    head = "Điểm cộng" if kind == "bonus" else "Điểm trừ"
    if part.cap is not None:
        head += f", tối đa {vn(part.cap)}"
    if kind == "deduction":
        head += (
            ", được trừ vào điểm của nội dung"
            if part.floor == "section"
            else ", không trừ quá điểm của tiêu chí"
        )
    return f"{head}: " + "; ".join(describe_term(term) for term in part.terms)


def editor_fields(name: str, *, term: bool = False) -> list[dict[str, object]]:
    """The fields an editor or a workbook shows for a rule or term type: name, Vietnamese label, kind, default,
    whether required, and the choices as (value, Vietnamese label)."""
    spec = (TERMS if term else RULES)[name]
    return [
        {
            "name": param.name,
            "label": param.label,
            "kind": param.kind,
            "default": param.default,
            "required": param.required,
            "choices": list(param.choices),
        }
        for param in spec.params
    ]
