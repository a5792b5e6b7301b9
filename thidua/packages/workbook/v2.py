"""The constructs of package format 2 in the workbook, with Vietnamese labels only.

A criterion's scoring (its standard rule, bonus and deduction parts with their terms, facts, scales, group caps and
what "no target" means) is written on the sheet "Cách chấm" as one row per setting: the criterion's code, the
setting named by Vietnamese labels from the general to the particular ("Điểm trừ › Cách tính 1 › Điểm mỗi trường
hợp") and its value. Keys, rule and term types and their choices are shown by the labels the engine's registry
gives them (thidua/engine/registry.py), so a rule type added there appears here with no change; a code is accepted
too when read back. Nothing in a cell is YAML: a list is one row per item, numbered.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from thidua.engine.registry import RULES, TERMS, Param, TypeSpec

SHEET = "Cách chấm"
FACT_VALUES = "Số liệu chi tiết"
ATTRIBUTES = "Thuộc tính đơn vị"
SEPARATOR = " › "
HEADERS = ("Mã tiêu chí", "Mục", "Giá trị")
FACT_HEADERS = ("Mã tiêu chí", "Mã số liệu", "Mã đơn vị", "Giá trị")
ATTRIBUTE_HEADERS = ("Mã đơn vị", "Thuộc tính", "Giá trị")
AGREED_BLOCK = "Điểm thống nhất (Đoàn thẩm định, cụm trưởng, Hội đồng)"
AGREED_HEADERS = ("Mã đơn vị", "Mã tiêu chí", "Điểm thống nhất", "Lý do", "Người, cơ quan thống nhất")
AGREED_KEYS = ("unit", "node", "points", "reason", "by")
VETO_HEADERS_2 = ("Mã đơn vị", "Lý do", "Tác dụng", "Điểm trừ thêm")
VETO_KEYS_2 = ("unit", "reason", "effects", "deduct")
BONUS_ITEM_HEADERS_2 = (
    "Mã mục thưởng",
    "Nội dung",
    "Điểm",
    "Chấm từ 0 đến",
    "Điểm mỗi lần",
    "Tối đa",
    "Gắn với tiêu chí",
)
BONUS_ITEM_KEYS_2 = ("code", "title", "points", "max", "per_case", "cap", "node")
YES = "Có"
NO = "Không"
LIST_JOIN = "; "

# The keys of a criterion that this sheet holds (the rest stay on "Tiêu chí").
NODE_KEYS = ("facts", "standard", "rule", "bonus", "deduction", "scales", "caps", "no_target")

# Every structural key, by its Vietnamese label; a rule's or term's own parameters take the registry's labels.
KEY_LABELS: Mapping[str, str] = {
    "standard": "Điểm chuẩn",
    "rule": "Quy tắc",
    "bonus": "Điểm cộng",
    "deduction": "Điểm trừ",
    "terms": "Cách tính",
    "cap": "Tối đa",
    "floor": "Trừ đến",
    "facts": "Các số liệu",
    "kind": "Kiểu",
    "label": "Diễn giải",
    "default": "Mặc định khi không báo cáo",
    "choices": "Các lựa chọn",
    "scales": "Thang điểm riêng",
    "by": "Chọn thang theo",
    "caps": "Giới hạn của nhóm",
    "bonus_and_deduction": "Điểm cộng và điểm trừ, mỗi loại",
    "no_target": "Khi không giao chỉ tiêu",
    "points": "Điểm",
    "above": "Trên",
    "from": "Từ",
    "below": "Dưới",
    "to": "Đến",
    "is": "Là",
    "fact": "Số liệu",
    "attribute": "Thuộc tính đơn vị",
    "when": "Chỉ tính khi",
    "unless": "Không tính khi",
    "group": "Nhóm chỉ tính một",
    "type": "Loại",
    "min": "Từ mức",
    "fraction": "Tỷ lệ điểm tối đa",
    "bands": "Các mức",
    "levels": "Các mức xếp loại",
    "tiers": "Các khoảng",
    "step_percent": "Thưởng vượt: mỗi bậc (%)",
    "points_per_step": "Thưởng vượt: điểm mỗi bậc",
}
# Dicts whose keys are the package's own names (a fact's code, a rating label): written as they are.
NAMED = frozenset({"facts", "levels"})

VALUE_LABELS: Mapping[str, Mapping[str, str]] = {
    "kind": {
        "number": "Số",
        "count": "Số lượng (số nguyên)",
        "percent": "Tỷ lệ (%)",
        "yes_no": "Có/không",
        "label": "Chọn trong danh sách",
    },
    "floor": {"item": "Hết điểm của tiêu chí", "section": "Trừ cả vào điểm của nội dung"},
    "no_target": {
        "not_applicable": "Không áp dụng cho đơn vị",
        "best_of_untargeted": "So với đơn vị cao nhất trong nhóm không giao chỉ tiêu",
    },
}
EFFECT_LABELS: Mapping[str, str] = {
    "exclude_ranking": "Không xếp hạng, không đề nghị khen thưởng",
    "no_band": "Không xếp loại",
}
ONLY_DEDUCT = "Chỉ trừ điểm"
# Keys whose text stays text even when it reads "Có" or "Không".
TEXTUAL = frozenset({"label", "choices", "expression", "fact", "attribute", "group"})


def _spec(tree: Mapping[str, Any], in_terms: bool) -> TypeSpec | None:
    name = tree.get("type")
    specs = TERMS if in_terms else RULES
    return specs.get(name) if isinstance(name, str) else None


def _param(spec: TypeSpec | None, key: str) -> Param | None:
    if spec is None:
        return None
    return next((param for param in spec.params if param.name == key), None)


def key_label(key: str, spec: TypeSpec | None) -> str:
    param = _param(spec, key)
    if param is not None:
        return param.label
    return KEY_LABELS.get(key, key)


def _choices(key: str, spec: TypeSpec | None, in_terms: bool) -> Mapping[str, str] | None:
    if key == "type":
        return {name: found.label for name, found in (TERMS if in_terms else RULES).items()}
    param = _param(spec, key)
    if param is not None and param.choices:
        return dict(param.choices)
    return VALUE_LABELS.get(key)


def _shown(key: str, value: object, spec: TypeSpec | None, in_terms: bool) -> object:
    """A scalar as its cell shows it: a coded choice by its label, yes/no as Có/Không."""
    if isinstance(value, bool):
        return YES if value else NO
    choices = _choices(key, spec, in_terms)
    if isinstance(value, str) and choices and value in choices:
        return choices[value]
    return value


# --- writing --------------------------------------------------------------------------------------------

Row = tuple[tuple[str, ...], object, Mapping[str, str] | None]


def flatten(tree: Mapping[str, Any], in_terms: bool = False, path: tuple[str, ...] = ()) -> list[Row]:
    """Every setting of a tree as (labels from the top, the cell's value, the labels its cell may take)."""
    out: list[Row] = []
    spec = _spec(tree, in_terms)
    for key, item in tree.items():
        here = (*path, key_label(key, spec))
        if key in NAMED and isinstance(item, Mapping):
            for name, sub in item.items():
                out += flatten(sub, False, (*here, str(name))) if isinstance(sub, Mapping) else []
        elif isinstance(item, Mapping):
            out += flatten(item, False, here)
        elif isinstance(item, list | tuple):
            for index, sub in enumerate(item, start=1):
                if isinstance(sub, Mapping):
                    out += flatten(sub, key == "terms", (*here, str(index)))
                else:
                    out.append(
                        ((*here, str(index)), _shown(key, sub, spec, in_terms), _choices(key, spec, in_terms))
                    )
        else:
            out.append((here, _shown(key, item, spec, in_terms), _choices(key, spec, in_terms)))
    return out


def criterion_rows(node: Mapping[str, Any], keys: Sequence[str] = NODE_KEYS) -> list[Row]:
    """The rows of one criterion's scoring (its keys among `keys`)."""
    return flatten({key: node[key] for key in keys if key in node})


def is_part(bonus: object) -> bool:
    """A version 2 bonus part ({cap, terms}), not version 1's bonus for exceeding ({step_percent, …})."""
    return isinstance(bonus, Mapping) and bool(bonus) and "step_percent" not in bonus


def version_2_keys(node: Mapping[str, Any]) -> tuple[str, ...]:
    """The keys of a node that only version 2 writes."""
    keys = tuple(
        key for key in ("facts", "standard", "deduction", "scales", "caps", "no_target") if key in node
    )
    return (*keys, "bonus") if is_part(node.get("bonus")) else keys


def effects_text(effects: Sequence[str]) -> str:
    return LIST_JOIN.join(EFFECT_LABELS.get(effect, effect) for effect in effects) if effects else ONLY_DEDUCT


# --- reading --------------------------------------------------------------------------------------------


class Unreadable(ValueError):
    """A label the sheet does not know, with what was expected."""


def _nest(rows: Sequence[tuple[tuple[str, ...], object]]) -> dict[str, Any]:
    """The rows as a tree of labels; a setting given twice keeps its last value."""
    top: dict[str, Any] = {}
    for path, value in rows:
        here = top
        for label in path[:-1]:
            found = here.get(label)
            if not isinstance(found, dict):
                found = here[label] = {}
            here = found
        here[path[-1]] = value
    return top


def _key(label: str, spec: TypeSpec | None) -> str:
    folded = label.casefold()
    if spec is not None:
        for param in spec.params:
            if folded in (param.label.casefold(), param.name.casefold()):
                return param.name
    for key, known in KEY_LABELS.items():
        if folded in (known.casefold(), key.casefold()):
            return key
    raise Unreadable(f"mục “{label}” không có trong mẫu")


def _code(key: str, value: object, spec: TypeSpec | None, in_terms: bool) -> object:
    """A cell's value as the package writes it: a label back to its code, Có/Không to yes/no."""
    if isinstance(value, str):
        choices = _choices(key, spec, in_terms)
        if choices:
            for code, label in choices.items():
                if value.casefold() in (code.casefold(), label.casefold()):
                    return code
            if key in ("type", "kind", "floor") or (_param(spec, key) is not None):
                raise Unreadable(f"“{value}” không hợp lệ; chọn một trong: {', '.join(choices.values())}")
        if key not in TEXTUAL and value.casefold() in (YES.casefold(), NO.casefold()):
            return value.casefold() == YES.casefold()
    return value


def _is_list(labels: Mapping[str, Any]) -> bool:
    return bool(labels) and all(label.isdigit() for label in labels)


def _ordered(labels: Mapping[str, Any]) -> list[Any]:
    return [labels[label] for label in sorted(labels, key=int)]


def unflatten(labels: Mapping[str, Any], in_terms: bool = False) -> dict[str, Any]:
    """A tree of labels (from the sheet) back to the package's keys and codes."""
    type_label = next((labels[label] for label in labels if _key_or_none(label, None) == "type"), None)
    spec = None
    if isinstance(type_label, str):
        kind = _code("type", type_label, None, in_terms)
        spec = (TERMS if in_terms else RULES).get(kind) if isinstance(kind, str) else None
    out: dict[str, Any] = {}
    for label, item in labels.items():
        key = _key(label, spec)
        if key in NAMED and isinstance(item, Mapping):
            out[key] = {
                name: unflatten(sub) if isinstance(sub, Mapping) else sub for name, sub in item.items()
            }
        elif isinstance(item, Mapping) and _is_list(item):
            out[key] = [
                unflatten(sub, key == "terms")
                if isinstance(sub, Mapping)
                else _code(key, sub, spec, in_terms)
                for sub in _ordered(item)
            ]
        elif isinstance(item, Mapping):
            out[key] = unflatten(item)
        else:
            out[key] = _code(key, item, spec, in_terms)
    return out


def _key_or_none(label: str, spec: TypeSpec | None) -> str | None:
    try:
        return _key(label, spec)
    except Unreadable:
        return None


def criterion_tree(rows: Sequence[tuple[tuple[str, ...], object]]) -> dict[str, Any]:
    """One criterion's scoring keys from its rows on the sheet."""
    return unflatten(_nest(rows))


def effects_codes(text: object) -> list[str] | None:
    if text is None:
        return None
    words = str(text).strip()
    if words.casefold() == ONLY_DEDUCT.casefold():
        return []
    out = []
    for word in (part.strip() for part in words.split(";")):
        if not word:
            continue
        code = next(
            (c for c, label in EFFECT_LABELS.items() if word.casefold() in (c.casefold(), label.casefold())),
            None,
        )
        if code is None:
            raise Unreadable(
                f"tác dụng “{word}” không hợp lệ; chọn: {', '.join([*EFFECT_LABELS.values(), ONLY_DEDUCT])}"
            )
        out.append(code)
    return out


def is_number(value: object) -> bool:
    return isinstance(value, int | Decimal) and not isinstance(value, bool)
