"""The `thidua.results/1` document: points as strings with two decimals, sums as exact strings."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from thidua.engine import ClusterResult, NodeResult, RatioStatistics, UnitResult
from thidua.engine.numbers import fixed, plain
from thidua.packages.model import RESULTS_FORMAT, Package


def results_document(package: Package, result: ClusterResult) -> dict[str, Any]:
    framework = package.framework
    return {
        "format": RESULTS_FORMAT,
        "cluster": {"code": package.cluster.code, "name": package.cluster.name},
        "year": package.year,
        "standard_points": fixed(framework.standard_points),
        "bonus_cap": fixed(framework.bonus_cap) if framework.bonus_capped else None,
        "units": [_unit(unit) for unit in result.units],
        "statistics": {"criteria": {code: _criterion(s) for code, s in result.statistics.criteria.items()}},
        "warnings": list(result.warnings),
    }


def _unit(unit: UnitResult) -> dict[str, Any]:
    return {
        "code": unit.code,
        "name": unit.name,
        "rank": unit.rank,
        "band": unit.band,
        "honour": unit.honour,
        "vetoed": unit.vetoed,
        "total": fixed(unit.total),
        "standard": fixed(unit.standard),
        "bonus": fixed(unit.bonus),
        "deductions": fixed(unit.deductions),
        "sections": {code: fixed(points) for code, points in unit.sections.items()},
        "nodes": {code: _node(node) for code, node in unit.nodes.items() if node.node.is_leaf},
        "missing": list(unit.missing),
    } | ({"unbanded": unit.unbanded} if unit.unbanded is not None else {})


def _node(node: NodeResult) -> dict[str, Any]:
    out: dict[str, Any] = {
        "status": node.status,
        "points": fixed(node.points),
        "bonus": fixed(node.bonus),
        "explanation": node.explanation,
    }
    detail = node.detail
    if detail is None and not node.deduction:
        return out
    # Version 2: the criterion's line, its facts, and the computed points beside agreed ones.
    out |= {"deduction": fixed(node.deduction), "net": fixed(node.net)}
    if detail is not None:
        if detail.facts and node.node.facts:
            out["facts"] = {name: _fact(value) for name, value in detail.facts if value is not None}
        if detail.agreed is not None:
            out["computed"] = fixed(detail.computed)
            out["agreed"] = {
                "points": fixed(node.net),
                "reason": detail.agreed.reason,
                "by": detail.agreed.by,
            }
    return out


def _fact(value: object) -> object:
    if isinstance(value, (bool, str)):
        return value
    assert isinstance(value, Decimal)
    return plain(value)


def _criterion(stats: RatioStatistics) -> dict[str, Any]:
    rate = (
        {
            "is_rate": True,
            "mean_actual": fixed(stats.mean_actual) if stats.mean_actual is not None else None,
            "mean_target": fixed(stats.mean_target) if stats.mean_target is not None else None,
        }
        if stats.is_rate
        else {}
    )
    return rate | {
        "sum_actual": plain(stats.sum_actual),
        "sum_target": plain(stats.sum_target),
        "ratio_percent": fixed(stats.ratio_percent) if stats.ratio_percent is not None else None,
        "reached": stats.reached,
        "reported": stats.reported,
        "applicable": stats.applicable,
        "units": [{"code": unit.code, "ratio_percent": fixed(unit.percent)} for unit in stats.units],
    }


def results_json(package: Package, result: ClusterResult) -> str:
    """UTF-8 text with Vietnamese left readable (ensure_ascii off)."""
    return json.dumps(results_document(package, result), ensure_ascii=False, indent=1) + "\n"
