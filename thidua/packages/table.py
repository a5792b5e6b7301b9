"""A readable Vietnamese table of a cluster's results for a terminal."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from thidua.engine import ClusterResult
from thidua.engine.numbers import vn, vn_percent, vn_points
from thidua.engine.results import RatioStatistics
from thidua.packages.model import Package

HEADERS = (
    "Hạng",
    "Mã",
    "Đơn vị",
    "Điểm chuẩn",
    "Thưởng",
    "Trừ",
    "Tổng điểm",
    "Xếp loại",
    "Đề nghị khen thưởng",
)
RIGHT = {0, 3, 4, 5, 6}


def _width(text: str) -> int:
    # Combining marks take no column; NFC keeps most Vietnamese letters precomposed anyway.
    return sum(0 if unicodedata.combining(char) else 1 for char in unicodedata.normalize("NFC", text))


def _row(cells: list[str], widths: list[int]) -> str:
    out = []
    for index, (cell, width) in enumerate(zip(cells, widths, strict=True)):
        pad = " " * (width - _width(cell))
        out.append(pad + cell if index in RIGHT else cell + pad)
    return " │ ".join(out).rstrip()


def _rate(value: Decimal | None, unit: str | None) -> str:
    if value is None:
        return "—"
    shown = vn(value, 2)
    return f"{shown}{unit}" if unit in ("%", "‰") else f"{shown} {unit}"


def _cluster_figure(stats: RatioStatistics, group: str) -> str:
    """A quantity's cluster percentage of plan; a rate's mean, because rates of units do not add up."""
    if stats.is_rate:
        return f"bình quân {_rate(stats.mean_actual, stats.unit_of_measure)}"
    cluster = vn_percent(stats.ratio_percent) if stats.ratio_percent is not None else "—"
    return f"{group} đạt {cluster} kế hoạch"


def _mean_target(stats: RatioStatistics) -> str:
    if not stats.is_rate:
        return ""
    return f" (chỉ tiêu bình quân {_rate(stats.mean_target, stats.unit_of_measure)})"


def results_table(package: Package, result: ClusterResult) -> str:
    rows: list[list[str]] = []
    for unit in result.units:
        rows.append(
            [
                str(unit.rank) if unit.rank is not None else "—",
                unit.code,
                unit.name,
                vn_points(unit.standard),
                vn_points(unit.bonus),
                vn_points(unit.deductions),
                vn_points(unit.total),
                unit.band or "—",
                unit.honour or ("Không xét (xem ghi chú)" if unit.vetoed else "—"),
            ]
        )
    widths = [max(_width(cell) for cell in column) for column in zip(HEADERS, *rows, strict=True)]
    lines = [
        f"{package.cluster.name} ({package.cluster.code}), năm {package.year}",
        f"Điểm chuẩn {vn_points(package.framework.standard_points)}, điểm thưởng tối đa "
        + (vn_points(package.framework.bonus_cap) if package.framework.bonus_capped else "không giới hạn"),
        "",
        _row(list(HEADERS), widths),
        "─┼─".join("─" * width for width in widths),
        *(_row(row, widths) for row in rows),
    ]
    vetoed = [unit for unit in result.units if unit.vetoed]
    if vetoed:
        lines += ["", "Không xét thi đua:"]
        lines += [f"  {unit.code} ({unit.name}): {unit.vetoed}" for unit in vetoed]
    if result.statistics.criteria:
        lines += ["", "Chỉ tiêu theo tỷ lệ thực hiện/kế hoạch:"]
        group = "khối" if package.cluster.kind == "khoi" else "cụm"
        for stats in result.statistics.criteria.values():
            lines.append(
                f"  {stats.code} {stats.title}: {_cluster_figure(stats, group)}; "
                f"{stats.reached}/{stats.reported} đơn vị đạt chỉ tiêu{_mean_target(stats)}"
            )
    if result.warnings:
        lines += ["", "Lưu ý:"]
        lines += [f"  - {warning}" for warning in result.warnings]
    return "\n".join(lines) + "\n"
