"""Charts for reports with matplotlib's Agg canvas: no display, no pyplot global state, safe in a worker.

Figures are Decimal everywhere else; they become floats here only to be drawn. Labels on the bars are written
from the Decimals in Vietnamese style, so what the chart says matches the table to the last digit.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure as MplFigure
from matplotlib.ticker import MaxNLocator

from thidua.documents.model import Figure
from thidua.engine.numbers import vn

# Liberation Sans and DejaVu Sans both carry every Vietnamese glyph; the first one installed is used.
STYLE: Any = {
    "font.family": "sans-serif",
    "font.sans-serif": ["Liberation Sans", "DejaVu Sans"],
    "font.size": 9,
    "svg.fonttype": "none",
    "axes.spines.top": False,
    "axes.spines.right": False,
}
PALETTE = ("#1f4e79", "#c0504d", "#9bbb59", "#8064a2", "#f79646", "#4bacc6", "#7f7f7f", "#2c7a3f")
HIGHLIGHT = "#b8860b"


@dataclass(frozen=True, slots=True)
class Series:
    """One stacked part (a section) with a value per label."""

    name: str
    values: tuple[Decimal, ...]


def _finish(figure: MplFigure, caption: str, width_mm: int) -> Figure:
    with matplotlib.rc_context(STYLE):
        figure.tight_layout()
        png, svg = io.BytesIO(), io.StringIO()
        FigureCanvasAgg(figure)
        figure.savefig(png, format="png", dpi=150)
        figure.savefig(svg, format="svg")
    return Figure(
        png=png.getvalue(), svg=_strip_xml_prolog(svg.getvalue()), caption=caption, width_mm=width_mm
    )


def _strip_xml_prolog(svg: str) -> str:
    """Inline SVG in HTML must not carry the XML declaration and doctype."""
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg


def _height(rows: int) -> float:
    return min(max(1.6 + 0.32 * rows, 2.4), 9.5)


def ranking_chart(
    labels: Sequence[str], totals: Sequence[Decimal], caption: str, *, leaders: int = 1
) -> Figure:
    """Horizontal bars, best at the top; the first `leaders` bars stand out."""
    with matplotlib.rc_context(STYLE):
        figure = MplFigure(figsize=(6.3, _height(len(labels))))
        axes = figure.add_subplot()
        positions = list(range(len(labels)))[::-1]
        colours = [HIGHLIGHT if index < leaders else PALETTE[0] for index in range(len(labels))]
        bars = axes.barh(positions, [float(total) for total in totals], color=colours, height=0.6)
        axes.set_yticks(positions, labels=list(labels))
        axes.bar_label(bars, labels=[vn(total, 2) for total in totals], padding=3, fontsize=8)
        top = max((float(total) for total in totals), default=1.0)
        axes.set_xlim(0, top * 1.12 if top > 0 else 1)
        axes.set_xlabel("Tổng điểm")
        axes.xaxis.set_major_formatter(_vn_tick)
    return _finish(figure, caption, 160)


def stacked_chart(labels: Sequence[str], series: Sequence[Series], caption: str) -> Figure:
    """Horizontal stacked bars: each unit's points split by section, units in the given order from the top."""
    with matplotlib.rc_context(STYLE):
        figure = MplFigure(figsize=(6.3, _height(len(labels)) + 0.5))
        axes = figure.add_subplot()
        positions = list(range(len(labels)))[::-1]
        left = [0.0] * len(labels)
        for index, part in enumerate(series):
            widths = [float(value) for value in part.values]
            axes.barh(
                positions, widths, left=left, color=PALETTE[index % len(PALETTE)], height=0.6, label=part.name
            )
            left = [a + b for a, b in zip(left, widths, strict=True)]
        axes.set_yticks(positions, labels=list(labels))
        axes.set_xlabel("Điểm đạt theo nội dung")
        axes.xaxis.set_major_formatter(_vn_tick)
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=min(len(series), 4), frameon=False)
    return _finish(figure, caption, 160)


def count_chart(labels: Sequence[str], counts: Sequence[int], caption: str) -> Figure:
    """Vertical bars of how many awards (or units) fall in each category."""
    with matplotlib.rc_context(STYLE):
        figure = MplFigure(figsize=(6.3, 3.0))
        axes = figure.add_subplot()
        wrapped = [_wrap(label, 22) for label in labels]
        bars = axes.bar(
            range(len(labels)), counts, color=[PALETTE[i % len(PALETTE)] for i in range(len(labels))]
        )
        axes.set_xticks(range(len(labels)), labels=wrapped, fontsize=8)
        axes.bar_label(bars, labels=[vn(Decimal(count)) for count in counts], padding=2, fontsize=8)
        axes.set_ylim(0, max(counts, default=1) * 1.2 + 0.5)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_ylabel("Số lượng")
    return _finish(figure, caption, 150)


def _vn_tick(value: float, _position: object) -> str:
    # Ticks are decoration computed by matplotlib; only their separators need to be Vietnamese.
    return vn(Decimal(str(round(float(value), 6))))


def _wrap(text: str, width: int) -> str:
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    lines.append(current)
    return "\n".join(lines)
