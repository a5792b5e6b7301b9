"""Reading the register from an .xlsx file: every row validated by AwardEntryForm's fields and rules (through
EntryRowChecker, which skips building a form per row), every error named by row and column, and nothing written
unless the whole file is valid."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from openpyxl.utils import get_column_letter
from python_calamine import CalamineError, CalamineWorkbook

from thidua.awards.forms import EntryRowChecker, SubjectRowForm, units_by_key
from thidua.awards.models import CatalogueAward
from thidua.awards.services.register import AwardEntry
from thidua.awards.services.subjects import SubjectRow, YearEntry
from thidua.awards.text import normalise
from thidua.org.models import Unit

# The template's columns, in order: the header people see and the form field it fills.
IMPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("decision_number", "Số quyết định"),
    ("decision_date", "Ngày quyết định"),
    ("level", "Cấp khen thưởng"),
    ("signer_name", "Người ký"),
    ("signer_title", "Chức vụ người ký"),
    ("award_code", "Mã khen thưởng"),
    ("recipient_kind", "Loại đối tượng"),
    ("recipient_name", "Tên cá nhân, tập thể"),
    ("unit", "Đơn vị"),
    ("position", "Chức vụ"),
    ("category", "Thành phần"),
    ("year", "Năm thành tích"),
)
MAX_ERRORS = 200
# How often the parser tells the page how far it is: often enough to move the bar, rarely enough to cost nothing.
REPORT_EVERY = 2000

# Called with (data rows in the sheet, rows read so far, rows found valid so far).
RowsProgress = Callable[[int, int, int], None]


def _no_progress(total: int, read: int, checked: int) -> None:
    return None


@dataclass
class ParsedImport:
    """The valid entries of a file, or the errors that stop it ("Dòng N, cột X: …")."""

    entries: list[AwardEntry]
    errors: list[str]
    sheet: str = ""


def _cell(value: Any) -> Any:
    # calamine gives numbers as float; a year or a code typed as a number must not become "2019.0".
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return "" if value is None else value


def parse_register_xlsx(
    file: IO[bytes], *, province: Unit, progress: RowsProgress = _no_progress
) -> ParsedImport:
    """The entries of the first sheet; header row 1 names the columns (any order, diacritics optional)."""
    # calamine (Rust) reads a 100,000-row sheet several times faster than openpyxl, which took half the import.
    try:
        book = CalamineWorkbook.from_filelike(file)
        sheet = book.get_sheet_by_index(0)
    except (CalamineError, OSError, ValueError, IndexError):
        return ParsedImport([], ["Tệp không phải bảng tính Excel (.xlsx) đọc được."])
    # Row numbers as Excel shows them, even when the sheet's data does not start on row 1.
    first_row = (sheet.start[0] if sheet.start else 0) + 1
    rows = iter(sheet.iter_rows())
    header = next(rows, None) or ()
    wanted = {normalise(title): field for field, title in IMPORT_COLUMNS}
    positions: dict[str, int] = {}
    for index, title in enumerate(header):
        field = wanted.get(normalise(str(title or "")))
        if field is not None:
            positions[field] = index
    titles = dict(IMPORT_COLUMNS)
    missing = [titles[field] for field, _t in IMPORT_COLUMNS if field not in positions]
    if missing:
        return ParsedImport([], [f"Dòng {first_row}: thiếu cột {', '.join(missing)}"], sheet.name)
    units = units_by_key(province)
    awards = {a.code: a for a in CatalogueAward.objects.all()}
    checker = EntryRowChecker(units=units, awards=awards)
    entries: list[AwardEntry] = []
    errors: list[str] = []
    total = max(sheet.height - 1, 0)
    read = 0
    for number, values in enumerate(rows, start=first_row + 1):
        read += 1
        if read % REPORT_EVERY == 0:
            progress(total, read, len(entries))
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        data = {field: _cell(values[i]) if i < len(values) else "" for field, i in positions.items()}
        entry, found = checker.check(data)
        if entry is not None:
            entries.append(entry)
            continue
        for field, messages in found.items():
            place = (
                f"cột {get_column_letter(positions[field] + 1)} ({titles[field]})"
                if field in positions
                else "cả dòng"
            )
            errors.extend(f"Dòng {number}, {place}: {message}" for message in messages)
        if len(errors) >= MAX_ERRORS:
            errors.append(f"Dừng kiểm tra sau {MAX_ERRORS} lỗi.")
            break
    book.close()
    progress(total, read, len(entries))
    return ParsedImport(entries, errors, sheet.name)


SUBJECT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", "Họ tên / tên tập thể"),
    ("kind", "Loại đối tượng"),
    ("unit", "Đơn vị"),
    ("position", "Chức vụ"),
    ("recruited", "Ngày tuyển dụng"),
    ("category", "Thành phần"),
    ("year", "Năm"),
    ("rating", "Xếp loại"),
    ("titles", "Danh hiệu"),
    ("initiatives", "Sáng kiến"),
    ("discipline", "Kỷ luật"),
)


@dataclass
class ParsedSubjects:
    """The valid rows of a subjects workbook, or the errors that stop it."""

    rows: list[SubjectRow]
    errors: list[str]
    sheet: str = ""


def parse_subjects_xlsx(
    file: IO[bytes], *, province: Unit, progress: RowsProgress = _no_progress
) -> ParsedSubjects:
    """One row per subject and year; a subject met again on a later row gets that year too."""
    try:
        book = CalamineWorkbook.from_filelike(file)
        sheet = book.get_sheet_by_index(0)
    except (CalamineError, OSError, ValueError, IndexError):
        return ParsedSubjects([], ["Tệp không phải bảng tính Excel (.xlsx) đọc được."])
    first_row = (sheet.start[0] if sheet.start else 0) + 1
    rows = iter(sheet.iter_rows())
    header = next(rows, None) or ()
    wanted = {normalise(title): field for field, title in SUBJECT_COLUMNS}
    positions = {wanted[normalise(str(t))]: i for i, t in enumerate(header) if normalise(str(t)) in wanted}
    titles = dict(SUBJECT_COLUMNS)
    missing = [titles[f] for f in ("name", "kind", "unit", "year") if f not in positions]
    if missing:
        return ParsedSubjects([], [f"Dòng {first_row}: thiếu cột {', '.join(missing)}"], sheet.name)
    units = units_by_key(province)
    codes = set(CatalogueAward.objects.values_list("code", flat=True))
    found: list[SubjectRow] = []
    errors: list[str] = []
    total = max(sheet.height - 1, 0)
    read = 0
    for number, values in enumerate(rows, start=first_row + 1):
        read += 1
        if read % REPORT_EVERY == 0:
            progress(total, read, len(found))
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        data = {field: _cell(values[i]) if i < len(values) else "" for field, i in positions.items()}
        form = SubjectRowForm(data, units=units, codes=codes)
        if not form.is_valid():
            for field, messages in form.errors.items():
                column = positions.get(field)
                place = (
                    f"cột {get_column_letter(column + 1)} ({titles[field]})"
                    if column is not None
                    else "cả dòng"
                )
                errors.extend(f"Dòng {number}, {place}: {message}" for message in messages)
            continue
        data = form.cleaned_data
        found.append(
            SubjectRow(
                kind=data["kind"],
                name=data["name"].strip(),
                unit=data["unit"],
                position=data.get("position", ""),
                recruited=data.get("recruited"),
                category=data.get("category") or "can_bo",
                year=YearEntry(
                    year=data["year"],
                    rating=data.get("rating") or "",
                    titles=data["titles"],
                    initiatives=data["initiatives"],
                    discipline=data.get("discipline", ""),
                ),
            )
        )
    book.close()
    progress(total, read, len(found))
    return ParsedSubjects(found, errors, sheet.name)
