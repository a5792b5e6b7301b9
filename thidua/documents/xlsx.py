"""Workbooks with openpyxl: styled header rows, Vietnamese number formats, widths, frozen panes, native charts.

Cells hold numbers (Decimal, written digit for digit into the file), never pre-formatted strings, so the people
who receive the file can sort and sum. The format codes carry the Vietnamese locale tag ([$-42A]): Excel and
LibreOffice then show "1.234,56" whatever the reader's own locale is.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from openpyxl import Workbook as OpenpyxlWorkbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

Kind = Literal["text", "integer", "points", "percent", "exact", "date"]
Cell = str | int | Decimal | dt.date | None

LOCALE = "[$-42A]"
FORMATS: dict[Kind, str] = {
    "text": "@",
    "integer": f"{LOCALE}#,##0",
    "points": f"{LOCALE}#,##0.00",
    # Percentages are stored as the number people read (141.29, not 1.4129) so the cell equals the report.
    "percent": f'{LOCALE}#,##0.00"%"',
    "date": "dd/mm/yyyy",
}
# Text that a spreadsheet would read as a formula (or, pasted elsewhere, as one): written as a plain string.
FORMULA_STARTS = ("=", "+", "-", "@")
FONT_NAME = "Times New Roman"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")


@dataclass(frozen=True, slots=True)
class SheetColumn:
    """A column: Vietnamese header, how its numbers are shown, width in characters."""

    header: str
    kind: Kind = "text"
    width: float = 14


@dataclass(frozen=True, slots=True)
class SheetChart:
    """A native bar chart over the sheet's rows: categories from one column, one series per value column."""

    title: str
    category: int
    values: tuple[int, ...]
    horizontal: bool = True
    stacked: bool = False
    x_title: str | None = None


@dataclass(frozen=True, slots=True)
class Sheet:
    """One worksheet: title lines above the table, the table, and optionally a chart beside it."""

    name: str
    columns: tuple[SheetColumn, ...]
    rows: tuple[tuple[Cell, ...], ...]
    title: tuple[str, ...] = ()
    chart: SheetChart | None = None
    notes: tuple[str, ...] = ()


def exact_format(value: Decimal) -> str:
    """A format showing every digit the value was given: 192.583 → "#,##0.000", 20802 → "#,##0"."""
    exponent = value.normalize().as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return f"{LOCALE}#,##0" + ("." + "0" * places if places else "")


def render_xlsx(sheets: Sequence[Sheet]) -> bytes:
    """The .xlsx file as bytes."""
    book = OpenpyxlWorkbook()
    book.remove(book.active) if book.active is not None else None
    for sheet in sheets:
        _sheet(book.create_sheet(_sheet_name(sheet.name)), sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_name(name: str) -> str:
    # Excel refuses these characters and names longer than 31 characters.
    cleaned = "".join("-" if char in "[]:*?/\\" else char for char in name)
    return cleaned[:31]


def _sheet(ws: Worksheet, sheet: Sheet) -> None:
    width = len(sheet.columns)
    row = 1
    for index, line in enumerate(sheet.title):
        ws.cell(row=row, column=1, value=line).font = Font(
            name=FONT_NAME, bold=True, size=14 if index == 0 else 12
        )
        ws.cell(row=row, column=1).alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=max(width, 1))
        row += 1
    if sheet.title:
        row += 1
    header_row = row
    for column_index, column in enumerate(sheet.columns, start=1):
        cell = ws.cell(row=header_row, column=column_index, value=column.header)
        cell.font = Font(name=FONT_NAME, bold=True, size=12)
        cell.fill = HEADER_FILL
        cell.border = BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(column_index)].width = column.width
    ws.row_dimensions[header_row].height = 33
    for offset, values in enumerate(sheet.rows, start=1):
        for column_index, (column, value) in enumerate(zip(sheet.columns, values, strict=True), start=1):
            target = ws.cell(row=header_row + offset, column=column_index, value=value)
            if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                # openpyxl stores a string beginning with "=" as a formula; a register line is data, never code.
                target.data_type = "s"
            target.font = Font(name=FONT_NAME, size=12)
            target.border = BOX
            if isinstance(value, Decimal) and column.kind == "exact":
                target.number_format = exact_format(value)
            elif isinstance(value, dt.date):
                target.number_format = FORMATS["date"]
            elif value is not None:
                target.number_format = FORMATS["text" if isinstance(value, str) else column.kind]
            if column.kind == "text" or isinstance(value, str):
                target.alignment = Alignment(vertical="top", wrap_text=True)
    last_row = header_row + len(sheet.rows)
    for offset, note in enumerate(sheet.notes, start=2):
        ws.cell(row=last_row + offset, column=1, value=note).font = Font(name=FONT_NAME, italic=True, size=11)
    # Headers and the first (name) columns stay visible while scrolling a long ranking.
    ws.freeze_panes = f"{get_column_letter(3 if width > 2 else 1)}{header_row + 1}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape" if width > 6 else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    if sheet.chart is not None and sheet.rows:
        # Below the table, so that printing the sheet to A4 keeps the table readable.
        _chart(ws, sheet.chart, header_row, last_row, f"B{last_row + len(sheet.notes) + 3}")


def _chart(ws: Worksheet, spec: SheetChart, header_row: int, last_row: int, anchor: str) -> None:
    chart = BarChart()
    chart.type = "bar" if spec.horizontal else "col"
    chart.title = spec.title
    chart.style = 10
    if spec.stacked:
        chart.grouping = "stacked"
        chart.overlap = 100
    for column in spec.values:
        data = Reference(ws, min_col=column + 1, min_row=header_row, max_row=last_row)
        chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=spec.category + 1, min_row=header_row + 1, max_row=last_row))
    if spec.horizontal:
        # Bars are drawn bottom-up; reversing keeps the first (best) row on top as in the table.
        chart.x_axis.scaling.orientation = "maxMin"
    if spec.x_title:
        chart.y_axis.title = spec.x_title
    chart.legend.position = "b" if len(spec.values) > 1 else chart.legend.position
    if len(spec.values) == 1:
        chart.legend = None
    chart.height = max(7.5, 0.7 * (last_row - header_row) + 3)
    chart.width = 18
    chart.y_axis.number_format = f"{LOCALE}#,##0"
    chart.y_axis.majorGridlines = None
    ws.add_chart(chart, anchor)
