"""Writing a `Package` back to YAML 1.2 or JSON so that reading it again gives the same package."""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import SafeRepresenter

from thidua.engine.model import (
    BandsRule,
    BooleanRule,
    ChangeRule,
    CountRule,
    Framework,
    Inputs,
    Node,
    RankRule,
    RatingRule,
    RatioRule,
    RelativeRule,
    Rule,
    ThresholdRule,
    rule_name,
)
from thidua.packages.model import FORMAT, Package


def _clean(mapping: Mapping[str, Any]) -> dict[str, Any]:
    """Leave out what is not set, so a written package reads like a hand-written one."""
    return {key: value for key, value in mapping.items() if value is not None and value != () and value != {}}


def rule_tree(rule: Rule) -> dict[str, Any]:
    out: dict[str, Any] = {"type": rule_name(rule)}
    if isinstance(rule, RatioRule):
        out |= {"direction": rule.direction, "below": rule.below, "floor_ratio": rule.floor_ratio}
    elif isinstance(rule, ThresholdRule):
        out |= {"op": rule.op, "value": rule.value, "against": rule.against, "else_points": rule.else_points}
    elif isinstance(rule, BandsRule):
        out["input"] = rule.input
        out["bands"] = [
            _clean({"min": b.min, "points": b.points, "fraction": b.fraction}) for b in rule.bands
        ]
    elif isinstance(rule, RatingRule):
        out["levels"] = {
            level.label: _clean({"points": level.points, "fraction": level.fraction}) for level in rule.levels
        }
    elif isinstance(rule, CountRule):
        out["each"] = rule.each
    elif isinstance(rule, BooleanRule):
        out["else_points"] = rule.else_points
    elif isinstance(rule, ChangeRule):
        out |= {"direction": rule.direction, "same": rule.same, "worse": rule.worse}
    elif isinstance(rule, RelativeRule):
        out |= {"direction": rule.direction, "of": rule.of}
    elif isinstance(rule, RankRule):
        out |= {"points_by_rank": list(rule.points_by_rank), "direction": rule.direction, "of": rule.of}
    return _clean(out)


def node_tree(node: Node) -> dict[str, Any]:
    bonus = node.bonus
    return _clean(
        {
            "code": node.code,
            "title": node.title,
            "max": node.max,
            "unit_of_measure": node.unit_of_measure,
            "data_source": node.data_source,
            "target_source": node.target_source,
            "note": node.note,
            "rule": rule_tree(node.rule) if node.rule is not None else None,
            "bonus": (
                {
                    "step_percent": bonus.step_percent,
                    "points_per_step": bonus.points_per_step,
                    "cap": bonus.cap,
                }
                if bonus is not None
                else None
            ),
            "children": [node_tree(child) for child in node.children] or None,
        }
    )


def framework_tree(framework: Framework) -> dict[str, Any]:
    late = framework.late_report
    return _clean(
        {
            "standard_points": framework.standard_points,
            "bonus_cap": framework.bonus_cap,
            "not_applicable": framework.not_applicable,
            "tie_break": list(framework.tie_break) or None,
            "bands": [{"label": band.label, "min": band.min} for band in framework.bands] or None,
            "honours": [
                _clean({"rank": h.rank, "award": h.award, "min_total": h.min_total})
                for h in framework.honours
            ]
            or None,
            "bonus_items": [
                {"code": item.code, "title": item.title, "points": item.points}
                for item in framework.bonus_items
            ]
            or None,
            "late_report": (
                {"deadline": late.deadline, "points_per_day": late.points_per_day, "cap": late.cap}
                if late
                else None
            ),
            "sections": [node_tree(section) for section in framework.sections],
        }
    )


def inputs_tree(inputs: Inputs) -> dict[str, Any]:
    return _clean(
        {
            "targets": {code: dict(row) for code, row in inputs.targets.items()},
            "values": {code: dict(row) for code, row in inputs.values.items()},
            "baselines": {code: dict(row) for code, row in inputs.baselines.items()},
            "not_applicable": {code: sorted(units) for code, units in inputs.not_applicable.items()},
            "bonus_awarded": {code: sorted(units) for code, units in inputs.bonus_awarded.items()},
            "deductions": [
                _clean({"unit": d.unit, "points": d.points, "reason": d.reason, "node": d.node})
                for d in inputs.deductions
            ],
            "submitted": dict(inputs.submitted),
            "vetoes": [{"unit": veto.unit, "reason": veto.reason} for veto in inputs.vetoes],
        }
    )


def package_tree(package: Package) -> dict[str, Any]:
    """The package as plain data in the order of spec/package-format.md."""
    cluster = package.cluster
    return _clean(
        {
            "format": FORMAT,
            "year": package.year,
            "cluster": _clean(
                {"code": cluster.code, "name": cluster.name, "kind": cluster.kind, "scope": cluster.scope}
            ),
            "legal_basis": [
                _clean({"number": d.number, "date": d.date, "title": d.title}) for d in package.legal_basis
            ],
            "members": [{"code": m.code, "name": m.name, "role": m.role} for m in package.members],
            "framework": framework_tree(package.framework),
        }
        | inputs_tree(package.inputs)
    )


class _DecimalRepresenter(SafeRepresenter):
    """Decimals as plain YAML numbers with every digit they have (40.50 stays 40.50, never 4.05E+1)."""

    def ignore_aliases(self, data: object) -> bool:
        # Shared defaults (one Decimal 0 for every rule) must not become &id001 anchors in a file people edit.
        return True

    def represent_decimal(self, data: Decimal) -> ScalarNode:
        text = f"{data:f}"
        tag = "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int"
        return self.represent_scalar(tag, text)


_DecimalRepresenter.add_representer(Decimal, _DecimalRepresenter.represent_decimal)


def dump_yaml(package: Package) -> str:
    yaml = YAML(typ="safe", pure=True)
    yaml.Representer = _DecimalRepresenter
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 4096
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    buffer = io.StringIO()
    yaml.dump(package_tree(package), buffer)
    return buffer.getvalue()


def _json_default(value: object) -> str:
    if isinstance(value, Decimal):
        return f"{value:f}"  # a decimal string: JSON numbers would go through float on most readers
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__}")


def dump_json(package: Package) -> str:
    return json.dumps(package_tree(package), ensure_ascii=False, indent=1, default=_json_default) + "\n"
