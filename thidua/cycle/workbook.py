"""A one-unit report as an Excel sheet, both ways: written pre-filled with the stored figures (dropdowns for
ratings and yes/no), and read back with every problem named by sheet, row and column in Vietnamese. The package
workbook (thidua.packages.workbook) carries a whole cluster; a member only ever edits its own lines, so its sheet
is simpler and carries each line's version for the compare-and-set when the upload is applied."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from thidua.core.numbers import format_number
from thidua.cycle.criteria import ValueError_, input_text, parse_value, shown_value
from thidua.cycle.selectors import UnitReport

SHEET = "Báo cáo"
HEADER_ROW = 4
COLUMNS = [
    "Mã tiêu chí",
    "Tiêu chí",
    "Cách nhập",
    "Đơn vị tính",
    "Chỉ tiêu",
    "Thực hiện",
    "Ghi chú",
    "Phiên bản",
]
VALUE_COL, COMMENT_COL, VERSION_COL = 6, 7, 8
KIND_HELP = {
    "number": "Số",
    "count": "Số nguyên (đếm)",
    "assessed": "Điểm tự chấm",
    "rating": "Chọn mức xếp loại",
    "boolean": "có / không",
}
EDITABLE = PatternFill("solid", fgColor="FFF7D6")


def _column_letter(index: int) -> str:
    return chr(ord("A") + index - 1)


def report_workbook(report: UnitReport, editable: set[str]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    sheet["A1"] = f"Báo cáo thi đua năm {report.cycle.cluster_year.year} – {report.unit.name}"
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = (
        f"{report.cycle.cluster_year.cluster.name}. Chỉ sửa cột “Thực hiện” và “Ghi chú” ở các dòng tô vàng."
    )
    for index, title in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=title)
        cell.font = Font(bold=True)
    row_number = HEADER_ROW + 1
    for section in report.sections:
        for row in section.rows:
            criterion = row.criterion
            unit_of_measure = criterion.node.unit_of_measure or ""
            kind = KIND_HELP[criterion.kind]
            if criterion.kind == "assessed":
                kind = f"{kind} (tối đa {shown_value(criterion.node.max)})"
            values: list[str | int] = [
                criterion.code,
                criterion.title,
                kind,
                unit_of_measure,
                shown_value(row.target) if row.target is not None else "",
                row.input_text,
                row.line.comment,
                row.line.version,
            ]
            for index, value in enumerate(values, start=1):
                cell = sheet.cell(row=row_number, column=index, value=value)
                cell.alignment = Alignment(wrap_text=index == 2, vertical="top")
            if criterion.code in editable:
                for column in (VALUE_COL, COMMENT_COL):
                    sheet.cell(row=row_number, column=column).fill = EDITABLE
                    sheet.cell(row=row_number, column=column).protection = Protection(locked=False)
            choices = (
                criterion.labels
                if criterion.kind == "rating"
                else ("có", "không")
                if criterion.kind == "boolean"
                else ()
            )
            if choices:
                rule = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
                sheet.add_data_validation(rule)
                rule.add(f"{_column_letter(VALUE_COL)}{row_number}")
            row_number += 1
    for letter, width in zip("ABCDEFGH", (10, 60, 22, 12, 12, 24, 30, 9), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.column_dimensions["H"].hidden = True
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass
class UploadedLine:
    """A line of the upload that differs from what is stored."""

    criterion: str
    title: str
    line_id: int
    version: int
    before: str
    after: str
    comment_before: str
    comment_after: str
    value: str


@dataclass
class UploadReading:
    """The differences of an uploaded sheet, or its problems (then nothing may be applied)."""

    changes: list[UploadedLine] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float | int) and not isinstance(value, bool):
        # A typed number comes back as a float; its shortest repr is what the person typed.
        return format_number(Decimal(repr(value)))
    return str(value).strip()


def read_report_workbook(content: bytes, report: UnitReport, editable: set[str]) -> UploadReading:
    reading = UploadReading()
    try:
        book = load_workbook(io.BytesIO(content), data_only=True)
    except Exception:
        reading.problems.append("Tệp không phải là bảng tính Excel (.xlsx) đọc được.")
        return reading
    if SHEET not in book.sheetnames:
        reading.problems.append(f"Không có trang “{SHEET}” trong tệp.")
        return reading
    sheet = book[SHEET]
    header = [_text(sheet.cell(row=HEADER_ROW, column=i).value) for i in range(1, len(COLUMNS) + 1)]
    if header[:VALUE_COL] != COLUMNS[:VALUE_COL]:
        reading.problems.append(
            f"Trang “{SHEET}”, dòng {HEADER_ROW}: tiêu đề cột khác mẫu; hãy tải lại mẫu từ hệ thống."
        )
        return reading
    rows = {row.criterion.code: row for section in report.sections for row in section.rows}
    seen: set[str] = set()
    for number in range(HEADER_ROW + 1, sheet.max_row + 1):
        code = _text(sheet.cell(row=number, column=1).value)
        if not code:
            continue
        place = f"Trang “{SHEET}”, dòng {number}"
        row = rows.get(code)
        if row is None:
            reading.problems.append(
                f"{place}, cột A (Mã tiêu chí): không có tiêu chí “{code}” trong báo cáo của đơn vị."
            )
            continue
        if code in seen:
            reading.problems.append(f"{place}, cột A (Mã tiêu chí): tiêu chí {code} xuất hiện hai lần.")
            continue
        seen.add(code)
        typed = _text(sheet.cell(row=number, column=VALUE_COL).value)
        comment = _text(sheet.cell(row=number, column=COMMENT_COL).value)
        try:
            value = parse_value(row.criterion, typed)
        except ValueError_ as exc:
            reading.problems.append(f"{place}, cột F (Thực hiện): {exc}.")
            continue
        stored = row.line.value
        if value == stored and comment == row.line.comment:
            continue
        if code not in editable:
            reading.problems.append(
                f"{place}: tiêu chí {code} đang ở trạng thái “{row.line.get_status_display()}”, không sửa được."
            )
            continue
        version_text = _text(sheet.cell(row=number, column=VERSION_COL).value)
        reading.changes.append(
            UploadedLine(
                criterion=code,
                title=row.criterion.title,
                line_id=row.line.pk,
                version=int(version_text) if version_text.isdigit() else row.line.version,
                before=shown_value(stored),
                after=shown_value(value),
                comment_before=row.line.comment,
                comment_after=comment,
                value=input_text(value),
            )
        )
    return reading
