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
from thidua.engine.registry import RULES, TERM_NAMES, TERMS
from thidua.engine.terms import Condition, Fact, GroupCaps, NoTarget, Part, Range, Scales, Term
from thidua.packages.model import Package


def _clean(mapping: Mapping[str, Any]) -> dict[str, Any]:
    """Leave out what is not set, so a written package reads like a hand-written one."""
    return {key: value for key, value in mapping.items() if value is not None and value != () and value != {}}


def _from_spec(name: str, value: object, specs: Any) -> dict[str, Any]:
    """A rule or term of version 2 as the registry declares its parameters (defaults left out)."""
    spec = specs[name]
    out: dict[str, Any] = {"type": name}
    for param in spec.params:
        field = getattr(value, param.attribute)
        if field is None or (param.default is not None and field == param.default and not param.required):
            continue
        if param.kind == "tiers":
            out[param.name] = [_range_tree(tier.range) | {"points": tier.points} for tier in field]
        elif param.kind == "numbers":
            out[param.name] = list(field)
        else:
            out[param.name] = field
    return out


def _range_tree(bounds: Range) -> dict[str, Any]:
    return _clean(
        {
            "above": bounds.above,
            "from": bounds.from_,
            "below": bounds.below,
            "to": bounds.to,
            "is": bounds.is_,
        }
    )


def _conditions(conditions: tuple[Condition, ...]) -> Any:
    trees = [_clean({"fact": c.fact, "attribute": c.attribute}) | _range_tree(c.range) for c in conditions]
    return trees[0] if len(trees) == 1 else (trees or None)


def term_tree(term: Term) -> dict[str, Any]:
    out = _from_spec(TERM_NAMES[type(term.how)], term.how, TERMS)
    return out | _clean(
        {
            "label": term.label,
            "when": _conditions(term.when),
            "unless": _conditions(term.unless),
            "group": term.group,
        }
    )


def part_tree(part: Part | None) -> dict[str, Any] | None:
    if part is None:
        return None
    return _clean(
        {
            "cap": part.cap,
            "floor": part.floor if part.floor != "item" else None,
            "terms": [term_tree(term) for term in part.terms],
        }
    )


def _facts_tree(facts: tuple[Fact, ...]) -> dict[str, Any] | None:
    return {
        fact.name: _clean(
            {
                "kind": fact.kind,
                "label": fact.label or None,
                "default": fact.default,
                "choices": list(fact.choices),
            }
        )
        for fact in facts
    } or None


def _scales_tree(scales: Scales | None) -> dict[str, Any] | None:
    if scales is None:
        return None
    return {
        "by": _clean({"fact": scales.fact, "attribute": scales.attribute}),
        "choices": [
            _clean(
                {"label": choice.label}
                | _range_tree(choice.range)
                | {
                    "standard": rule_tree(choice.standard) if choice.standard is not None else None,
                    "bonus": part_tree(choice.bonus),
                    "deduction": part_tree(choice.deduction),
                }
            )
            for choice in scales.choices
        ],
    }


def _no_target_tree(no_target: NoTarget | None) -> Any:
    if no_target is None:
        return None
    return {"points": no_target.points} if no_target.mode == "points" else no_target.mode


def _caps_tree(caps: GroupCaps | None) -> dict[str, Any] | None:
    if caps is None:
        return None
    return _clean(
        {"bonus": caps.bonus, "deduction": caps.deduction, "bonus_and_deduction": caps.bonus_and_deduction}
    )


def rule_tree(rule: Rule, fact: str | None = None) -> dict[str, Any]:
    name = rule_name(rule)
    if RULES[name].version >= 2:
        return _from_spec(name, rule, RULES) | _clean({"fact": fact})
    out: dict[str, Any] = {"type": name}
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
    return _clean(out | {"fact": fact})


def node_tree(node: Node, version: int = 1) -> dict[str, Any]:
    bonus = node.bonus
    rule_key = "standard" if version >= 2 else "rule"
    v2: dict[str, Any] = {}
    if version >= 2:
        v2 = {
            "facts": _facts_tree(node.facts),
            "deduction": part_tree(node.deduction_part),
            "scales": _scales_tree(node.scales),
            "no_target": _no_target_tree(node.no_target),
            "caps": _caps_tree(node.caps),
        }
    tree = _clean(
        {
            "code": node.code,
            "title": node.title,
            "max": node.max,
            "unit_of_measure": node.unit_of_measure,
            "data_source": node.data_source,
            "target_source": node.target_source,
            "note": node.note,
            rule_key: rule_tree(node.rule, node.fact) if node.rule is not None else None,
            "bonus": part_tree(node.bonus_part)
            if node.bonus_part is not None
            else (
                {
                    "step_percent": bonus.step_percent,
                    "points_per_step": bonus.points_per_step,
                    "cap": bonus.cap,
                }
                if bonus is not None
                else None
            ),
            "children": [node_tree(child, version) for child in node.children] or None,
        }
        | v2
    )
    return tree


def _bonus_item(item: Any) -> dict[str, Any]:
    if item.kind == "points" and item.node is None:
        return {"code": item.code, "title": item.title, "points": item.points}
    return _clean(
        {
            "code": item.code,
            "title": item.title,
            "points": item.points if item.kind == "points" else None,
            "max": item.max,
            "per_case": item.per_case,
            "cap": item.cap,
            "node": item.node,
        }
    )


def framework_tree(framework: Framework) -> dict[str, Any]:
    late = framework.late_report
    version = framework.version
    return _clean(
        {
            "standard_points": framework.standard_points,
            "bonus_cap": framework.bonus_cap if framework.bonus_capped else None,
            "not_applicable": framework.not_applicable,
            "tie_break": list(framework.tie_break) or None,
            "bands": [{"label": band.label, "min": band.min} for band in framework.bands] or None,
            "honours": [
                _clean({"rank": h.rank, "award": h.award, "min_total": h.min_total})
                for h in framework.honours
            ]
            or None,
            "bonus_items": [_bonus_item(item) for item in framework.bonus_items] or None,
            "late_report": (
                {"deadline": late.deadline, "points_per_day": late.points_per_day, "cap": late.cap}
                if late
                else None
            ),
            "sections": [node_tree(section, version) for section in framework.sections],
        }
    )


def _values_tree(inputs: Inputs) -> dict[str, Any]:
    out: dict[str, dict[str, Any]] = {code: dict(row) for code, row in inputs.values.items()}
    for code, by_unit in inputs.facts.items():
        row = out.setdefault(code, {})
        for unit, facts in by_unit.items():
            single = row.get(unit)
            row[unit] = dict(facts) | ({"value": single} if single is not None else {})
    return out


def inputs_tree(inputs: Inputs) -> dict[str, Any]:
    awarded: dict[str, Any] = {code: sorted(units) for code, units in inputs.bonus_awarded.items()}
    awarded |= {code: dict(amounts) for code, amounts in inputs.bonus_amounts.items()}
    return _clean(
        {
            "targets": {code: dict(row) for code, row in inputs.targets.items()},
            "values": _values_tree(inputs),
            "baselines": {code: dict(row) for code, row in inputs.baselines.items()},
            "not_applicable": {code: sorted(units) for code, units in inputs.not_applicable.items()},
            "bonus_awarded": awarded,
            "deductions": [
                _clean({"unit": d.unit, "points": d.points, "reason": d.reason, "node": d.node})
                for d in inputs.deductions
            ],
            "submitted": dict(inputs.submitted),
            "vetoes": [_veto(veto) for veto in inputs.vetoes],
            "agreed": [
                {"unit": a.unit, "node": a.node, "points": a.points, "reason": a.reason, "by": a.by}
                for a in inputs.agreed
            ]
            or None,
        }
    )


def _veto(veto: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"unit": veto.unit, "reason": veto.reason}
    if tuple(veto.effects) != ("exclude_ranking",):
        out["effects"] = list(veto.effects)
    if veto.deduct:
        out["deduct"] = veto.deduct
    return out


def package_tree(package: Package) -> dict[str, Any]:
    """The package as plain data in the order of spec/package-format.md."""
    cluster = package.cluster
    return _clean(
        {
            "format": package.format,
            "year": package.year,
            "cluster": _clean(
                {"code": cluster.code, "name": cluster.name, "kind": cluster.kind, "scope": cluster.scope}
            ),
            "legal_basis": [
                _clean({"number": d.number, "date": d.date, "title": d.title}) for d in package.legal_basis
            ],
            "members": [
                {"code": m.code, "name": m.name, "role": m.role}
                | ({"attributes": dict(m.attributes)} if m.attributes else {})
                for m in package.members
            ],
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
# Text read from a workbook cell keeps its type (core.numbers.TypedText, read the pages' way); it is written as text.
_DecimalRepresenter.add_multi_representer(str, SafeRepresenter.represent_str)


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
