"""Rules and settings of a framework in plain Vietnamese, read from the stored document, for people who check
a regulation against its decision ("Tỷ lệ: thực hiện/chỉ tiêu, cao hơn là tốt; thưởng 0,5 điểm mỗi 1% vượt, tối đa 5")."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.engine.describe import describe_part
from thidua.engine.numbers import vn
from thidua.engine.registry import RULES
from thidua.packages.fields import as_number
from thidua.packages.parse_v2 import V2FrameworkReader
from thidua.packages.workbook.v2 import is_part

RULE_LABELS = {
    "ratio": gettext_lazy("Tỷ lệ thực hiện/chỉ tiêu"),
    "threshold": gettext_lazy("Ngưỡng đạt/không đạt"),
    "bands": gettext_lazy("Theo khung điểm"),
    "rating": gettext_lazy("Theo xếp loại"),
    "assessed": gettext_lazy("Cơ quan có thẩm quyền chấm"),
    "count": gettext_lazy("Theo số lượng"),
    "boolean": gettext_lazy("Có/không"),
    "change": gettext_lazy("So với năm trước"),
    "relative": gettext_lazy("So với đơn vị tốt nhất cụm"),
    "rank": gettext_lazy("Theo thứ hạng trong cụm"),
}
OPS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}


def number(raw: Any) -> str:
    value = as_number(raw)
    return vn(value) if value is not None else str(raw)


def _direction(rule: dict[str, Any], default: str = "higher") -> str:
    return _("cao hơn là tốt") if rule.get("direction", default) == "higher" else _("thấp hơn là tốt")


def _points_or_fraction(item: dict[str, Any]) -> str:
    if item.get("points") is not None:
        return _("%(points)s điểm") % {"points": number(item["points"])}
    fraction = as_number(item.get("fraction"))
    if fraction is not None:
        return _("%(percent)s%% điểm tối đa") % {"percent": vn(fraction * 100)}
    return "?"


def parts_text(node: dict[str, Any]) -> str:
    """Version 2's bonus and deduction parts in words, from the engine's descriptions (empty without them)."""
    reader = V2FrameworkReader()
    found = []
    for key in ("bonus", "deduction"):
        if key == "bonus" and not is_part(node.get(key)):
            continue
        part = reader.part(node.get(key), key) if node.get(key) else None
        if part is not None and not reader.problems:
            found.append(describe_part(part, key))
    return "; ".join(found)


def rule_text(node: dict[str, Any]) -> str:
    """One sentence for a leaf's rule and its bonus; version 2's parts follow it."""
    if "standard" in node and "rule" not in node:
        node = {**node, "rule": node["standard"]}
    rule = node.get("rule")
    spec = RULES.get(str(rule.get("type"))) if isinstance(rule, dict) else None
    if spec is not None and spec.version >= 2:
        # Version 2's own rule types are named by the registry.
        text = spec.label + (
            f": {rule['expression']}" if isinstance(rule, dict) and rule.get("expression") else ""
        )
    else:
        text = _rule_text(node)
    parts = parts_text(node)
    return f"{text}; {parts}" if parts else text


def _rule_text(node: dict[str, Any]) -> str:
    rule = node.get("rule")
    if not isinstance(rule, dict):
        return _("Chưa có quy tắc chấm điểm")
    kind = str(rule.get("type"))
    parts: list[str] = []
    if kind == "ratio":
        parts.append(_("Tỷ lệ: thực hiện/chỉ tiêu, %(direction)s") % {"direction": _direction(rule)})
        if rule.get("below") == "zero":
            parts.append(_("không đạt chỉ tiêu được 0 điểm"))
        floor = as_number(rule.get("floor_ratio"))
        if floor:
            parts.append(_("dưới %(percent)s%% chỉ tiêu được 0 điểm") % {"percent": vn(floor * 100)})
    elif kind == "threshold":
        against = rule.get("against", "value")
        subject = {
            "value": _("thực hiện"),
            "target": _("thực hiện so với chỉ tiêu"),
            "target_percent": _("% thực hiện/chỉ tiêu"),
        }.get(str(against), str(against))
        limit = _("chỉ tiêu") if against == "target" else number(rule.get("value"))
        parts.append(
            _("Ngưỡng: đạt điểm tối đa khi %(subject)s %(op)s %(limit)s, nếu không được %(else)s điểm")
            % {
                "subject": subject,
                "op": OPS.get(str(rule.get("op", ">=")), str(rule.get("op"))),
                "limit": limit,
                "else": number(rule.get("else_points", "0")),
            }
        )
    elif kind == "bands":
        base = _("% thực hiện/chỉ tiêu") if rule.get("input") == "target_percent" else _("thực hiện")
        steps = "; ".join(
            _("từ %(min)s: %(points)s")
            % {"min": number(band.get("min")), "points": _points_or_fraction(band)}
            for band in rule.get("bands") or []
            if isinstance(band, dict)
        )
        parts.append(_("Khung điểm theo %(base)s: %(steps)s") % {"base": base, "steps": steps})
    elif kind == "rating":
        levels = rule.get("levels") or {}
        steps = "; ".join(
            f"{label}: {_points_or_fraction(level)}"
            for label, level in levels.items()
            if isinstance(level, dict)
        )
        parts.append(_("Xếp loại: %(levels)s") % {"levels": steps})
    elif kind == "assessed":
        parts.append(_("Điểm do cơ quan có thẩm quyền chấm, từ 0 đến điểm tối đa"))
    elif kind == "count":
        parts.append(
            _("Mỗi đơn vị đếm được %(each)s điểm, tối đa bằng điểm tối đa")
            % {"each": number(rule.get("each"))}
        )
    elif kind == "boolean":
        parts.append(
            _("Có: điểm tối đa; không: %(else)s điểm") % {"else": number(rule.get("else_points", "0"))}
        )
    elif kind == "change":
        same = as_number(rule.get("same", "0.5")) or Decimal(0)
        worse = as_number(rule.get("worse", "0")) or Decimal(0)
        parts.append(
            _(
                "So với năm trước, %(direction)s: tiến bộ được điểm tối đa, bằng được %(same)s%%, kém hơn được %(worse)s%%"
            )
            % {"direction": _direction(rule, "lower"), "same": vn(same * 100), "worse": vn(worse * 100)}
        )
    elif kind == "relative":
        parts.append(_("So với đơn vị tốt nhất cụm, %(direction)s") % {"direction": _direction(rule)})
    elif kind == "rank":
        table = "; ".join(number(points) for points in rule.get("points_by_rank") or [])
        parts.append(
            _("Theo thứ hạng trong cụm, %(direction)s: %(table)s điểm")
            % {"direction": _direction(rule), "table": table}
        )
    else:
        parts.append(_("Quy tắc “%(kind)s” không hợp lệ") % {"kind": kind})
    if kind in ("relative", "rank") and rule.get("of") == "ratio":
        parts.append(_("tính trên tỷ lệ thực hiện/chỉ tiêu"))
    bonus = node.get("bonus")
    if isinstance(bonus, dict):
        parts.append(
            _("thưởng %(points)s điểm mỗi %(step)s%% vượt, tối đa %(cap)s")
            % {
                "points": number(bonus.get("points_per_step")),
                "step": number(bonus.get("step_percent")),
                "cap": number(bonus.get("cap")),
            }
        )
    return "; ".join(parts)


def children_sum(node: dict[str, Any]) -> Decimal | None:
    children = node.get("children") or []
    if not children:
        return None
    return sum(
        (as_number(child.get("max")) or Decimal(0) for child in children if isinstance(child, dict)),
        Decimal(0),
    )


def policy_text(policy: str) -> str:
    return {
        "renormalize": _("quy đổi theo tỷ lệ trên các tiêu chí áp dụng"),
        "full": _("tính đủ điểm tối đa"),
        "zero": _("tính 0 điểm"),
    }.get(policy, policy)


def tie_break_text(keys: Any) -> str:
    """The tie-break keys as words: "section:1, bonus, deductions" → "điểm nội dung 1, điểm thưởng, điểm trừ"."""
    named = {"bonus": _("điểm thưởng"), "deductions": _("điểm trừ"), "standard": _("điểm chuẩn")}
    words = []
    for key in keys if isinstance(keys, list | tuple) else []:
        key = str(key)
        if key.startswith("section:"):
            words.append(_("điểm nội dung %(code)s") % {"code": key.removeprefix("section:")})
        else:
            words.append(named.get(key, key))
    return ", ".join(words)
