"""The JSON Schema of `thidua.package/2` (docs/package-format-2.schema.json), generated from the one registry of
rule and term types so that the schema, the reader and the writer cannot drift apart.

Regenerate: `python -m thidua.packages.schema > docs/package-format-2.schema.json` (a test compares them).
"""

from __future__ import annotations

import json
from typing import Any

from thidua.engine.registry import RULE_COMMON, RULES, TERMS, Param, TypeSpec
from thidua.engine.terms import COUNTINGS, FACT_KINDS, FLOORS, MEASURES, SIDES, VETO_EFFECTS

NUMBER = {"$ref": "#/$defs/number"}
TEXT = {"type": "string", "minLength": 1}
SCALAR = {"type": ["string", "number", "boolean"]}
RANGE_PROPERTIES = {"above": NUMBER, "from": NUMBER, "below": NUMBER, "to": NUMBER, "is": SCALAR}
del COUNTINGS, MEASURES, SIDES  # their choices come from the registry's parameters


def _param(param: Param) -> dict[str, Any]:
    description = {"description": param.label}
    if param.kind == "number":
        return NUMBER | description
    if param.kind == "choice":
        return {"enum": list(param.values)} | description
    if param.kind == "flag":
        return {"type": "boolean"} | description
    if param.kind in ("fact", "expression"):
        return TEXT | description
    if param.kind == "numbers":
        return {"type": "array", "items": NUMBER} | description
    if param.kind == "tiers":
        return {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/tier"}} | description
    if param.kind == "bands":
        return {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/band"}} | description
    return {"type": "object", "additionalProperties": {"$ref": "#/$defs/points_or_fraction"}} | description


def _typed(spec: TypeSpec, extra: dict[str, Any]) -> dict[str, Any]:
    properties = {"type": {"const": spec.name}} | {p.name: _param(p) for p in spec.params} | extra
    return {
        "title": spec.label,
        "type": "object",
        "properties": properties,
        "required": ["type", *(p.name for p in spec.params if p.required)],
        "additionalProperties": False,
    }


def _list_of(ref: str) -> dict[str, Any]:
    return {"type": "array", "items": {"$ref": ref}}


def _by_criterion(inner: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": inner}


def package_schema() -> dict[str, Any]:
    rule_extra = {p.name: _param(p) for p in RULE_COMMON}
    term_extra = {
        "label": TEXT,
        "when": {"$ref": "#/$defs/conditions"},
        "unless": {"$ref": "#/$defs/conditions"},
        "group": TEXT,
    }
    unit_list = {"type": "array", "items": TEXT, "uniqueItems": True}
    by_unit_number = {"type": "object", "additionalProperties": NUMBER}
    node_properties = {
        "code": TEXT,
        "title": TEXT,
        "max": NUMBER,
        "children": _list_of("#/$defs/node"),
        "rule": {"$ref": "#/$defs/rule"},
        "standard": {"$ref": "#/$defs/rule"},
        "bonus": {"anyOf": [{"$ref": "#/$defs/part"}, {"$ref": "#/$defs/v1_bonus"}]},
        "deduction": {"$ref": "#/$defs/part"},
        "facts": {"type": "object", "additionalProperties": {"$ref": "#/$defs/fact"}},
        "scales": {"$ref": "#/$defs/scales"},
        "no_target": {
            "anyOf": [
                {"enum": ["not_applicable", "best_of_untargeted"]},
                {
                    "type": "object",
                    "properties": {"points": NUMBER},
                    "required": ["points"],
                    "additionalProperties": False,
                },
            ]
        },
        "caps": {
            "type": "object",
            "properties": {"bonus": NUMBER, "deduction": NUMBER, "bonus_and_deduction": NUMBER},
            "additionalProperties": False,
            "minProperties": 1,
        },
        "unit_of_measure": TEXT,
        "data_source": TEXT,
        "target_source": {"enum": ["province", "local"]},
        "note": TEXT,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://thidua.example/schemas/package-format-2.schema.json",
        "title": "Gói dữ liệu thi đua cụm, khối — định dạng 2 (thidua.package/2)",
        "type": "object",
        "required": ["format", "year", "cluster", "members", "framework"],
        "additionalProperties": False,
        "properties": {
            "format": {"const": "thidua.package/2"},
            "year": {"type": "integer"},
            "cluster": {
                "type": "object",
                "required": ["code", "name"],
                "properties": {"code": TEXT, "name": TEXT, "kind": {"enum": ["cum", "khoi"]}, "scope": TEXT},
                "additionalProperties": False,
            },
            "legal_basis": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["number"],
                    "properties": {
                        "number": TEXT,
                        "date": {"type": "string", "format": "date"},
                        "title": TEXT,
                    },
                    "additionalProperties": False,
                },
            },
            "members": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["code", "name"],
                    "properties": {
                        "code": TEXT,
                        "name": TEXT,
                        "role": {"enum": ["leader", "deputy", "member"]},
                        "attributes": {"type": "object", "additionalProperties": SCALAR},
                    },
                    "additionalProperties": False,
                },
            },
            "framework": {"$ref": "#/$defs/framework"},
            "targets": _by_criterion(by_unit_number),
            "values": _by_criterion(
                {
                    "type": "object",
                    "additionalProperties": {
                        "anyOf": [SCALAR, {"type": "object", "additionalProperties": SCALAR}]
                    },
                }
            ),
            "baselines": _by_criterion(by_unit_number),
            "not_applicable": _by_criterion(unit_list),
            "bonus_awarded": _by_criterion({"anyOf": [unit_list, by_unit_number]}),
            "deductions": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["unit", "points", "reason"],
                    "properties": {"unit": TEXT, "points": NUMBER, "reason": TEXT, "node": TEXT},
                    "additionalProperties": False,
                },
            },
            "submitted": {"type": "object", "additionalProperties": {"type": "string", "format": "date"}},
            "vetoes": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["unit", "reason"],
                    "properties": {
                        "unit": TEXT,
                        "reason": TEXT,
                        "effects": {
                            "type": "array",
                            "items": {"enum": list(VETO_EFFECTS)},
                            "uniqueItems": True,
                        },
                        "deduct": NUMBER,
                    },
                    "additionalProperties": False,
                },
            },
            "agreed": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["unit", "node", "points", "reason", "by"],
                    "properties": {"unit": TEXT, "node": TEXT, "points": NUMBER, "reason": TEXT, "by": TEXT},
                    "additionalProperties": False,
                },
            },
        },
        "$defs": {
            "number": {
                "description": 'Số: một số JSON hoặc một chuỗi số thập phân dùng dấu chấm ("40.5"), đọc thành Decimal',
                "anyOf": [
                    {"type": "number"},
                    {"type": "string", "pattern": "^[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?$"},
                ],
            },
            "framework": {
                "type": "object",
                "required": ["standard_points", "sections"],
                "additionalProperties": False,
                "properties": {
                    "standard_points": NUMBER,
                    "bonus_cap": NUMBER | {"description": "Điểm thưởng tối đa; không ghi = không giới hạn"},
                    "not_applicable": {"enum": ["renormalize", "full", "zero"]},
                    "tie_break": {"type": "array", "items": TEXT},
                    "bands": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["label", "min"],
                            "properties": {"label": TEXT, "min": NUMBER},
                            "additionalProperties": False,
                        },
                    },
                    "honours": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["rank", "award"],
                            "properties": {
                                "rank": {"type": "integer", "minimum": 1},
                                "award": TEXT,
                                "min_total": NUMBER,
                            },
                            "additionalProperties": False,
                        },
                    },
                    "bonus_items": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["code", "title"],
                            "properties": {
                                "code": TEXT,
                                "title": TEXT,
                                "points": NUMBER,
                                "max": NUMBER,
                                "per_case": NUMBER,
                                "cap": NUMBER,
                                "node": TEXT,
                            },
                            "oneOf": [
                                {"required": ["points"]},
                                {"required": ["max"]},
                                {"required": ["per_case"]},
                            ],
                            "additionalProperties": False,
                        },
                    },
                    "late_report": {
                        "type": "object",
                        "required": ["deadline", "points_per_day", "cap"],
                        "properties": {
                            "deadline": {"type": "string", "format": "date"},
                            "points_per_day": NUMBER,
                            "cap": NUMBER,
                        },
                        "additionalProperties": False,
                    },
                    "sections": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/node"}},
                },
            },
            "node": {
                "type": "object",
                "required": ["code", "title", "max"],
                "properties": node_properties,
                "additionalProperties": False,
            },
            "rule": {"oneOf": [_typed(spec, rule_extra) for spec in RULES.values()]},
            "term": {"oneOf": [_typed(spec, term_extra) for spec in TERMS.values()]},
            "part": {
                "type": "object",
                "required": ["terms"],
                "properties": {
                    "cap": NUMBER,
                    "floor": {"enum": list(FLOORS)},
                    "terms": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/term"}},
                },
                "additionalProperties": False,
            },
            "v1_bonus": {
                "type": "object",
                "required": ["step_percent", "points_per_step", "cap"],
                "properties": {"step_percent": NUMBER, "points_per_step": NUMBER, "cap": NUMBER},
                "additionalProperties": False,
            },
            "fact": {
                "type": "object",
                "properties": {
                    "kind": {"enum": list(FACT_KINDS)},
                    "label": TEXT,
                    "default": SCALAR,
                    "choices": {"type": "array", "items": TEXT},
                },
                "additionalProperties": False,
            },
            "range": {"type": "object", "properties": RANGE_PROPERTIES},
            "tier": {
                "type": "object",
                "required": ["points"],
                "properties": RANGE_PROPERTIES | {"points": NUMBER},
                "additionalProperties": False,
            },
            "condition": {
                "type": "object",
                "properties": RANGE_PROPERTIES | {"fact": TEXT, "attribute": TEXT},
                "oneOf": [{"required": ["fact"]}, {"required": ["attribute"]}],
                "additionalProperties": False,
            },
            "conditions": {
                "anyOf": [
                    {"$ref": "#/$defs/condition"},
                    {"type": "array", "items": {"$ref": "#/$defs/condition"}},
                ]
            },
            "scales": {
                "type": "object",
                "required": ["by", "choices"],
                "properties": {
                    "by": {
                        "type": "object",
                        "properties": {"fact": TEXT, "attribute": TEXT},
                        "oneOf": [{"required": ["fact"]}, {"required": ["attribute"]}],
                        "additionalProperties": False,
                    },
                    "choices": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "properties": RANGE_PROPERTIES
                            | {
                                "label": TEXT,
                                "standard": {"$ref": "#/$defs/rule"},
                                "bonus": {"$ref": "#/$defs/part"},
                                "deduction": {"$ref": "#/$defs/part"},
                            },
                            "additionalProperties": False,
                        },
                    },
                },
                "additionalProperties": False,
            },
            "band": {
                "type": "object",
                "required": ["min"],
                "properties": {"min": NUMBER, "points": NUMBER, "fraction": NUMBER},
                "additionalProperties": False,
            },
            "points_or_fraction": {
                "type": "object",
                "properties": {"points": NUMBER, "fraction": NUMBER},
                "additionalProperties": False,
            },
        },
    }


def schema_text() -> str:
    return json.dumps(package_schema(), ensure_ascii=False, indent=1) + "\n"


if __name__ == "__main__":
    print(schema_text(), end="")
