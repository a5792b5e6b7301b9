"""Reading the register from an .xlsx file: every row validated by AwardEntryForm's fields and rules (through
EntryRowChecker, which skips building a form per row), every error named by row and column, and nothing written
unless the whole file is valid."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import IO, Any

from openpyxl.utils import get_column_letter
from python_calamine import CalamineError, CalamineSheet, CalamineWorkbook

from thidua.awards.forms import EntryRowChecker, SubjectRowForm, units_by_key
from thidua.awards.models import CatalogueAward
from thidua.awards.selectors import REGISTER_COLUMNS
from thidua.awards.services.register import AwardEntry
from thidua.awards.services.subjects import SubjectRow, YearEntry
from thidua.awards.text import normalise
from thidua.eligibility.naming import AwardMatcher
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
# The register export's headers name the same fields (its file imports back as it is): names where the template
# has codes ("Hình thức khen thưởng" holds the award's name, which the form reads as well as its code).
REGISTER_HEADERS: tuple[tuple[str, str], ...] = tuple(
    (column.field, column.header) for column in REGISTER_COLUMNS if column.field
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


class _Sheet:
    """The first sheet of a workbook with its header read: which column holds which field, rows numbered as in Excel."""

    def __init__(
        self,
        book: CalamineWorkbook,
        sheet: CalamineSheet,
        columns: tuple[tuple[str, str], ...],
        progress: RowsProgress,
        aliases: tuple[tuple[str, str], ...] = (),
    ) -> None:
        self._book = book
        self.name = sheet.name
        # Row numbers as Excel shows them, even when the sheet's data does not start on row 1.
        self.first_row = (sheet.start[0] if sheet.start else 0) + 1
        self._rows = iter(sheet.iter_rows())
        header = next(self._rows, None) or ()
        wanted = {normalise(title): field for field, title in (*aliases, *columns)}
        self.positions: dict[str, int] = {}
        # Errors name a column by the title the file gives it (the template's or the export's).
        self.titles = dict(columns)
        for index, title in enumerate(header):
            field = wanted.get(normalise(str(title or "")))
            if field is not None and field not in self.positions:
                self.positions[field] = index
                self.titles[field] = str(title).strip()
        self.total = max(sheet.height - 1, 0)
        self.read = 0
        self._progress = progress

    @classmethod
    def open(
        cls,
        file: IO[bytes],
        columns: tuple[tuple[str, str], ...],
        progress: RowsProgress,
        aliases: tuple[tuple[str, str], ...] = (),
    ) -> _Sheet | None:
        """None when the file is no workbook calamine can read."""
        try:
            book = CalamineWorkbook.from_filelike(file)
            sheet = book.get_sheet_by_index(0)
        except (CalamineError, OSError, ValueError, IndexError):
            return None
        return cls(book, sheet, columns, progress, aliases)

    def missing(self, required: Iterable[str]) -> list[str]:
        """The error naming the required columns the header lacks, or none."""
        absent = [self.titles[field] for field in required if field not in self.positions]
        return [f"Dòng {self.first_row}: thiếu cột {', '.join(absent)}"] if absent else []

    def rows(self, checked: Callable[[], int]) -> Iterator[tuple[int, dict[str, Any]]]:
        """(row number, field → cell) for each row that is not blank, telling `progress` how far it is."""
        for number, values in enumerate(self._rows, start=self.first_row + 1):
            self.read += 1
            if self.read % REPORT_EVERY == 0:
                self._progress(self.total, self.read, checked())
            if all(v is None or str(v).strip() == "" for v in values):
                continue
            yield (
                number,
                {field: _cell(values[i]) if i < len(values) else "" for field, i in self.positions.items()},
            )

    def errors(self, number: int, found: Mapping[str, Iterable[object]]) -> list[str]:
        """ "Dòng N, cột X (title): message" for each message of a row."""
        out: list[str] = []
        for field, messages in found.items():
            column = self.positions.get(field)
            place = (
                f"cột {get_column_letter(column + 1)} ({self.titles[field]})"
                if column is not None
                else "cả dòng"
            )
            out.extend(f"Dòng {number}, {place}: {message}" for message in messages)
        return out

    def finish(self, checked: int) -> None:
        self._book.close()
        self._progress(self.total, self.read, checked)


NOT_A_WORKBOOK = "Tệp không phải bảng tính Excel (.xlsx) đọc được."


def parse_register_xlsx(
    file: IO[bytes], *, province: Unit, progress: RowsProgress = _no_progress
) -> ParsedImport:
    """The entries of the first sheet; header row 1 names the columns (any order, diacritics optional)."""
    # calamine (Rust) reads a 100,000-row sheet several times faster than openpyxl, which took half the import.
    sheet = _Sheet.open(file, IMPORT_COLUMNS, progress, REGISTER_HEADERS)
    if sheet is None:
        return ParsedImport([], [NOT_A_WORKBOOK])
    missing = sheet.missing(field for field, _title in IMPORT_COLUMNS)
    if missing:
        return ParsedImport([], missing, sheet.name)
    units = units_by_key(province)
    awards = {a.code: a for a in CatalogueAward.objects.all()}
    checker = EntryRowChecker(units=units, awards=awards)
    entries: list[AwardEntry] = []
    errors: list[str] = []
    for number, data in sheet.rows(lambda: len(entries)):
        entry, found = checker.check(data)
        if entry is not None:
            entries.append(replace(entry, row=number))
            continue
        errors.extend(sheet.errors(number, found))
        if len(errors) >= MAX_ERRORS:
            errors.append(f"Dừng kiểm tra sau {MAX_ERRORS} lỗi.")
            break
    sheet.finish(len(entries))
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
    sheet = _Sheet.open(file, SUBJECT_COLUMNS, progress)
    if sheet is None:
        return ParsedSubjects([], [NOT_A_WORKBOOK])
    missing = sheet.missing(("name", "kind", "unit", "year"))
    if missing:
        return ParsedSubjects([], missing, sheet.name)
    units = units_by_key(province)
    names = AwardMatcher(dict(CatalogueAward.objects.values_list("code", "name")))
    found: list[SubjectRow] = []
    errors: list[str] = []
    for number, data in sheet.rows(lambda: len(found)):
        form = SubjectRowForm(data, units=units, names=names)
        if not form.is_valid():
            errors.extend(sheet.errors(number, form.errors))
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
    sheet.finish(len(found))
    return ParsedSubjects(found, errors, sheet.name)
