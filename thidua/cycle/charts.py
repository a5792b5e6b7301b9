"""Geometry of the ranking page's inline SVG charts (totals, section breakdown, change against last year).
The CSP forbids style attributes, so colours come from CSS classes and positions from SVG attributes computed
here; the labels are the snapshot's own numbers in Vietnamese style, so a chart says what the table says."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from thidua.engine.numbers import vn

WIDTH = Decimal(640)
LABEL_WIDTH = Decimal(170)
BAR_AREA = WIDTH - LABEL_WIDTH - Decimal(70)
ROW = 26
BAR = 18


def _coord(value: Decimal) -> str:
    # SVG wants a dot and no exponent; two places are far finer than a pixel.
    return f"{value.quantize(Decimal('0.01')):f}"


@dataclass(frozen=True)
class Segment:
    x: str
    width: str
    css: str
    title: str


@dataclass(frozen=True)
class Bar:
    """One unit's row: its label, the segments of its bar and the number written after it."""

    label: str
    y: str
    text_y: str
    segments: list[Segment]
    value_x: str
    value: str


@dataclass(frozen=True)
class Chart:
    height: int
    bars: list[Bar]
    axis_x: str = ""
    legend: tuple[tuple[str, str], ...] = ()


def _bar(index: int, label: str, segments: list[Segment], end: Decimal, value: str) -> Bar:
    y = index * ROW + 4
    return Bar(
        label=label,
        y=str(y),
        text_y=str(y + 13),
        segments=segments,
        value_x=_coord(end + 6),
        value=value,
    )


def totals_chart(units: list[dict[str, Any]], sections: list[tuple[str, str]]) -> tuple[Chart, Chart]:
    """Totals per unit, and the same bars split by section (`sections`: code and title)."""
    top = max((Decimal(u["total"]) for u in units), default=Decimal(0)) or Decimal(1)
    totals: list[Bar] = []
    stacked: list[Bar] = []
    for index, unit in enumerate(units):
        total = Decimal(unit["total"])
        width = BAR_AREA * max(total, Decimal(0)) / top
        totals.append(
            _bar(
                index,
                unit["name"],
                [Segment(_coord(LABEL_WIDTH), _coord(width), "chart-bar", vn(total))],
                LABEL_WIDTH + width,
                vn(total),
            )
        )
        x = LABEL_WIDTH
        parts = []
        for number, (code, title) in enumerate(sections, start=1):
            points = Decimal(unit["sections"].get(code, "0"))
            part = BAR_AREA * max(points, Decimal(0)) / top
            parts.append(
                Segment(
                    _coord(x),
                    _coord(part),
                    f"chart-seg chart-seg--{min(number, 5)}",
                    f"{title}: {vn(points)}",
                )
            )
            x += part
        stacked.append(_bar(index, unit["name"], parts, x, vn(total)))
    legend = tuple(
        (f"chart-seg chart-seg--{min(n, 5)}", f"Nội dung {code}")
        for n, (code, _) in enumerate(sections, start=1)
    )
    height = len(units) * ROW + 8
    return Chart(height=height, bars=totals), Chart(height=height, bars=stacked, legend=legend)


def change_chart(units: list[dict[str, Any]], last_year: dict[str, Decimal]) -> Chart | None:
    """Each unit's total minus last year's final total, bars left (down) or right (up) of a middle axis."""
    rows = [(u, Decimal(u["total"]) - last_year[u["code"]]) for u in units if u["code"] in last_year]
    if not rows:
        return None
    widest = max(abs(change) for _, change in rows) or Decimal(1)
    middle = LABEL_WIDTH + BAR_AREA / 2
    bars = []
    for index, (unit, change) in enumerate(rows):
        width = (BAR_AREA / 2) * abs(change) / widest
        x = middle if change >= 0 else middle - width
        css = "chart-up" if change >= 0 else "chart-down"
        sign = "+" if change > 0 else ""
        bars.append(
            _bar(
                index,
                unit["name"],
                [Segment(_coord(x), _coord(width), css, f"{sign}{vn(change)}")],
                middle + BAR_AREA / 2,
                f"{sign}{vn(change)}",
            )
        )
    return Chart(height=len(rows) * ROW + 8, bars=bars, axis_x=_coord(middle))
