"""The `thidua.results/1` document: points as strings with two decimals, sums as exact strings."""

from __future__ import annotations

import json
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
        "bonus_cap": fixed(framework.bonus_cap),
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
    }


def _node(node: NodeResult) -> dict[str, Any]:
    return {
        "status": node.status,
        "points": fixed(node.points),
        "bonus": fixed(node.bonus),
        "explanation": node.explanation,
    }


def _criterion(stats: RatioStatistics) -> dict[str, Any]:
    return {
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
