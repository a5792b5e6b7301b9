"""Building small version 2 packages from YAML pieces for the table tests of issue 11's wordings."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from typing import Any

from thidua.engine import ClusterResult, NodeResult
from thidua.packages import Package, PackageError
from thidua.packages.reader import build_package, parse_text, read_package

D = Decimal


def raw_package(
    criteria: str, data: str = "", units: tuple[str, ...] = ("D1", "D2", "D3"), **extra: Any
) -> dict[str, Any]:
    """A version 2 package of one section holding `criteria` (YAML list), with `data` (YAML mapping of the
    package's data parts); `extra` goes into the framework (or `members` replaces the members)."""
    children = parse_text(textwrap.dedent(criteria), json_format=False)
    total = sum((D(str(child["max"])) for child in children), D(0))
    members = extra.pop("members", None) or [
        {"code": code, "name": f"Đơn vị {code}", "role": "leader" if i == 0 else "member"}
        for i, code in enumerate(units)
    ]
    framework: dict[str, Any] = {
        "standard_points": total,
        "sections": [{"code": "S", "title": "Nội dung", "max": total, "children": children}],
    } | extra
    tree: dict[str, Any] = {
        "format": "thidua.package/2",
        "year": 2026,
        "cluster": {"code": "K", "name": "Khối thử"},
        "members": members,
        "framework": framework,
    }
    if data.strip():
        tree |= parse_text(textwrap.dedent(data), json_format=False)
    return tree


def package(criteria: str, data: str = "", **extra: Any) -> Package:
    return build_package(raw_package(criteria, data, **extra))


def problems(criteria: str, data: str = "", **extra: Any) -> list[str]:
    try:
        package(criteria, data, **extra)
    except PackageError as exc:
        return [str(problem) for problem in exc.problems]
    return []


def scored(criteria: str, data: str = "", **extra: Any) -> ClusterResult:
    return package(criteria, data, **extra).score()


def node(result: ClusterResult, unit: str, code: str) -> NodeResult:
    return result.unit(unit).nodes[code]


def line(result: ClusterResult, unit: str, code: str) -> tuple[str, str, str]:
    """(standard, bonus, deduction) of a criterion for a unit, as strings with two decimals."""
    found = node(result, unit, code)
    return (f"{found.points:.2f}", f"{found.bonus:.2f}", f"{found.deduction:.2f}")


__all__ = ["D", "line", "node", "package", "problems", "raw_package", "read_package", "scored"]
