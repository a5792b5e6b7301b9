"""The ranking table of a cluster's results, defined once for the results page and its Excel export, so the
file always equals the screen: the same columns in the same order with the same figures."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from thidua.documents.xlsx import Cell, Kind, Sheet, SheetColumn
from thidua.reports.model import ScoreComparison


@dataclass(frozen=True)
class RankingColumn:
    """A column: its key (which the page may render specially), Vietnamese header, kind and a longer title."""

    key: str
    header: str
    kind: Kind
    title: str = ""


@dataclass(frozen=True)
class RankingLine:
    """One unit's row: the snapshot's unit and its cells in the columns' order."""

    unit: Mapping[str, Any]
    cells: tuple[tuple[RankingColumn, Cell], ...]


def ranking_columns(sections: Sequence[tuple[str, str]], with_last_year: bool) -> tuple[RankingColumn, ...]:
    return (
        RankingColumn("rank", _("Hạng"), "integer"),
        RankingColumn("unit", _("Đơn vị"), "text"),
        *(
            RankingColumn(f"section:{code}", _("Nội dung %(code)s") % {"code": code}, "points", title)
            for code, title in sections
        ),
        RankingColumn("bonus", _("Thưởng"), "points"),
        RankingColumn("deductions", _("Trừ"), "points"),
        RankingColumn("own", _("Tự chấm"), "points", _("Tổng điểm trên số liệu đơn vị tự báo cáo")),
        RankingColumn("verified", _("Cụm chấm"), "points", _("Tổng điểm sau thẩm định")),
        RankingColumn("approved", _("Điểm duyệt"), "points", _("Tổng điểm sau điểm thống nhất (nếu có)")),
        RankingColumn("difference", _("Chênh lệch"), "points", _("Điểm duyệt trừ điểm tự chấm")),
        *(
            (RankingColumn("last_year", _("So với năm trước"), "points", _("Tổng điểm năm trước")),)
            if with_last_year
            else ()
        ),
        RankingColumn("band", _("Xếp loại"), "text"),
        RankingColumn("honour", _("Đề nghị khen thưởng"), "text"),
        RankingColumn("vetoed", _("Không xét thi đua"), "text"),
    )


def _cell(
    key: str,
    unit: Mapping[str, Any],
    compared: ScoreComparison | None,
    last_year: Mapping[str, Decimal],
) -> Cell:
    if key == "rank":
        rank = unit.get("rank")
        return int(rank) if rank is not None else None
    if key == "unit":
        return str(unit["name"])
    if key.startswith("section:"):
        return Decimal(unit["sections"][key.removeprefix("section:")])
    if key in ("bonus", "deductions"):
        return Decimal(unit[key])
    if key == "own":
        return compared.own if compared else None
    if key == "verified":
        return compared.verified if compared else Decimal(unit["total"])
    if key == "approved":
        return compared.approved if compared else Decimal(unit["total"])
    if key == "difference":
        return compared.difference if compared else None
    if key == "last_year":
        return last_year.get(str(unit["code"]))
    found = unit.get(key)
    return str(found) if found else None


def ranking_lines(
    units: Sequence[Mapping[str, Any]],
    columns: Sequence[RankingColumn],
    comparison: Mapping[str, ScoreComparison],
    last_year: Mapping[str, Decimal],
) -> list[RankingLine]:
    return [
        RankingLine(
            unit=unit,
            cells=tuple(
                (column, _cell(column.key, unit, comparison.get(unit["code"]), last_year))
                for column in columns
            ),
        )
        for unit in units
    ]


def ranking_sheet(
    title: tuple[str, ...], columns: Sequence[RankingColumn], lines: Sequence[RankingLine]
) -> Sheet:
    widths = {"unit": 28.0, "honour": 32.0, "vetoed": 30.0, "band": 12.0, "rank": 7.0}
    return Sheet(
        name=_("Xếp hạng"),
        title=title,
        columns=tuple(SheetColumn(c.header, c.kind, widths.get(c.key, 12.0)) for c in columns),
        rows=tuple(tuple(value for _, value in line.cells) for line in lines),
    )
