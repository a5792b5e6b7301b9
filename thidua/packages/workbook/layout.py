"""What the workbook looks like: sheet names, columns, the Vietnamese labels of coded choices, and how a number
or a date goes into a cell and comes back out without losing a digit."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from openpyxl.utils import get_column_letter

from thidua.core.numbers import TypedText, format_number

GUIDE = "Hướng dẫn"
INFO = "Thông tin"
MEMBERS = "Thành viên"
CRITERIA = "Tiêu chí"
CLASSIFICATION = "Xếp loại, khen thưởng"
TARGETS = "Chỉ tiêu"
VALUES = "Thực hiện"
BASELINES = "Năm trước"
NOT_APPLICABLE = "Không áp dụng"
EXTRAS = "Điểm thưởng, điểm trừ"
LISTS = "Danh mục"
SHEET_ORDER = (
    GUIDE,
    INFO,
    MEMBERS,
    CRITERIA,
    CLASSIFICATION,
    TARGETS,
    VALUES,
    BASELINES,
    NOT_APPLICABLE,
    EXTRAS,
)

# "Thông tin": one setting per row, found by its label in column A.
INFO_ROWS: tuple[tuple[str, str, str], ...] = (
    ("format", "Định dạng", "Giữ nguyên, để chương trình nhận ra mẫu biểu"),
    ("year", "Năm", "Năm thi đua"),
    ("cluster.code", "Mã cụm, khối", "Mã duy nhất, không đổi qua các năm"),
    ("cluster.name", "Tên cụm, khối", ""),
    ("cluster.kind", "Loại", "Cụm thi đua (đơn vị hành chính) hoặc Khối thi đua (cơ quan)"),
    ("cluster.scope", "Phạm vi", "Ví dụ: Tỉnh An Giang"),
    ("framework.standard_points", "Điểm chuẩn", "Tổng điểm tối đa các nội dung, ví dụ 950"),
    ("framework.bonus_cap", "Điểm thưởng tối đa", "0 nếu không có điểm thưởng"),
    (
        "framework.not_applicable",
        "Tiêu chí không áp dụng",
        "Cách tính khi một tiêu chí không áp dụng cho đơn vị",
    ),
    (
        "framework.tie_break",
        "Phân định khi bằng điểm",
        "Theo thứ tự, cách nhau bởi dấu chấm phẩy: Điểm nội dung <mã> cao hơn; Điểm thưởng cao hơn; "
        "Điểm trừ thấp hơn; Điểm chuẩn cao hơn",
    ),
    ("framework.late_report.deadline", "Hạn nộp báo cáo năm", "Để trống nếu không trừ điểm nộp trễ"),
    ("framework.late_report.points_per_day", "Điểm trừ mỗi ngày nộp trễ", ""),
    ("framework.late_report.cap", "Điểm trừ nộp trễ tối đa", ""),
)
LEGAL_BLOCK = "Căn cứ pháp lý"
LEGAL_HEADERS = ("Số hiệu văn bản", "Ngày ban hành", "Trích yếu")

MEMBER_HEADERS = ("Mã đơn vị", "Tên đơn vị", "Vai trò")

# "Tiêu chí": one row per node, parents before children.
CRITERIA_COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("code", "Mã tiêu chí", 10),
    ("parent", "Mã cấp trên", 10),
    ("title", "Tên tiêu chí", 60),
    ("max", "Điểm tối đa", 10),
    ("rule.type", "Loại quy tắc", 12),
    ("rule", "Tham số quy tắc", 50),
    ("unit_of_measure", "Đơn vị tính", 12),
    ("data_source", "Nguồn số liệu", 22),
    ("target_source", "Nguồn chỉ tiêu", 16),
    ("note", "Ghi chú", 24),
    ("bonus.step_percent", "Thưởng vượt: mỗi bậc (%)", 12),
    ("bonus.points_per_step", "Thưởng vượt: điểm mỗi bậc", 12),
    ("bonus.cap", "Thưởng vượt: tối đa", 12),
)
CRITERIA_COLUMN = {key: index + 1 for index, (key, _, _) in enumerate(CRITERIA_COLUMNS)}

BANDS_BLOCK = "Xếp loại theo tổng điểm"
BANDS_HEADERS = ("Xếp loại", "Từ điểm")
HONOURS_BLOCK = "Đề nghị khen thưởng theo thứ hạng"
HONOURS_HEADERS = ("Hạng", "Hình thức khen thưởng", "Tổng điểm tối thiểu")
BONUS_ITEMS_BLOCK = "Mục điểm thưởng"
BONUS_ITEMS_HEADERS = ("Mã mục thưởng", "Nội dung", "Điểm")

# The grids: one row per criterion, one column per member from GRID_FIRST_MEMBER on.
GRID_HEADERS = ("Mã tiêu chí", "Tên tiêu chí", "Cách nhập")
GRID_FIRST_MEMBER = len(GRID_HEADERS) + 1

AWARDED_BLOCK = "Điểm thưởng đạt được (đánh dấu Có)"
AWARDED_HEADERS = ("Mã mục thưởng", "Nội dung", "Điểm")
DEDUCTIONS_BLOCK = "Điểm trừ"
DEDUCTIONS_HEADERS = ("Mã đơn vị", "Điểm trừ", "Lý do", "Mã tiêu chí (nếu có)")
VETOES_BLOCK = "Không xét thi đua"
VETOES_HEADERS = ("Mã đơn vị", "Lý do")
SUBMITTED_BLOCK = "Ngày nộp báo cáo năm"
SUBMITTED_HEADERS = ("Mã đơn vị", "Ngày nộp")

YES = "Có"
NO = "Không"

# Coded choices are shown by their Vietnamese label; the code itself is accepted too.
ROLE_LABELS: Mapping[str, str] = {
    "leader": "Trưởng cụm/khối",
    "deputy": "Phó cụm/khối",
    "member": "Thành viên",
}
KIND_LABELS: Mapping[str, str] = {"cum": "Cụm thi đua", "khoi": "Khối thi đua"}
POLICY_LABELS: Mapping[str, str] = {
    "renormalize": "Quy đổi theo tỷ lệ",
    "full": "Tính đủ điểm",
    "zero": "Tính 0 điểm",
}
TARGET_SOURCE_LABELS: Mapping[str, str] = {"province": "Tỉnh giao", "local": "Nghị quyết địa phương"}

# Tie-break keys in words: "section:1, bonus, deductions" is "Điểm nội dung 1; Điểm thưởng; Điểm trừ".
TIE_BREAK_LABELS: Mapping[str, str] = {
    "bonus": "Điểm thưởng cao hơn",
    "deductions": "Điểm trừ thấp hơn",
    "standard": "Điểm chuẩn cao hơn",
}
SECTION_WORDS = "Điểm nội dung"
SECTION_SUFFIX = "cao hơn"


def tie_break_words(keys: Sequence[str]) -> str:
    """The keys as people write them, separated by semicolons."""
    words = []
    for key in keys:
        if key.startswith("section:"):
            words.append(f"{SECTION_WORDS} {key.removeprefix('section:')} {SECTION_SUFFIX}")
        else:
            words.append(TIE_BREAK_LABELS.get(key, key))
    return "; ".join(words)


def tie_break_keys(text: str) -> list[str]:
    """The keys of words written by `tie_break_words` (or the keys themselves, as older files have them); a
    word that is neither is kept, so the package reader names it."""
    keys = []
    for word in (part.strip() for part in text.replace(",", ";").split(";")):
        if not word:
            continue
        folded = word.casefold()
        code = next(
            (key for key, label in TIE_BREAK_LABELS.items() if folded in (key, label.casefold())), None
        )
        if code is None and folded.startswith(SECTION_WORDS.casefold()):
            section = word[len(SECTION_WORDS) :].strip()
            if section.casefold().endswith(SECTION_SUFFIX):
                section = section[: -len(SECTION_SUFFIX)].strip()
            code = f"section:{section}"
        keys.append(code or word)
    return keys


@dataclass(frozen=True, slots=True)
class Place:
    """Where something sits in the workbook, for messages: a sheet, and a cell when there is one."""

    sheet: str
    row: int | None = None
    column: int | None = None
    about: str | None = None

    def __str__(self) -> str:
        out = f'Sheet "{self.sheet}"'
        if self.row is not None:
            out += f", dòng {self.row}"
        if self.column is not None:
            out += f", cột {get_column_letter(self.column)}"
        if self.about:
            out += f" ({self.about})"
        return out


EXCEL_DIGITS = 15  # significant digits a spreadsheet keeps of a number


def number_cell(value: Decimal | int) -> int | float | str:
    """A number as the cell that keeps every digit: a real number when the spreadsheet holds it exactly,
    else text written the Vietnamese way with every digit ("40,50", "3,0"), which a person reads and the reader
    (`raw_number`) reads back to the same Decimal."""
    number = Decimal(value)
    text = f"{number:f}"
    exponent = number.as_tuple().exponent
    shown = format_number(number, -exponent if isinstance(exponent, int) and exponent < 0 else 0)
    if len(number.as_tuple().digits) > EXCEL_DIGITS:
        return shown
    if "." not in text:
        return int(number)
    # repr is the shortest text that gives the float back; if it differs (40.50), keep the text.
    # A whole float (3.0) would come back from the file as the integer 3, so it stays text too.
    as_float = float(text)
    return as_float if repr(as_float) == text and not as_float.is_integer() else shown


VN_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def raw_value(value: object) -> object:
    """A cell's value as the package reader takes raw YAML: floats become Decimals by their shortest text,
    dates lose their midnight, and blank text is nothing."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, int | Decimal | date):
        return value
    text = str(value).strip()
    return text or None


def raw_number(value: object) -> object:
    """A cell meant to hold a number. A number cell is that number; text a person typed ("1.200", "0,5") is read
    by the package reader exactly as the pages read it, and an ambiguous "1.5" is refused at its cell."""
    raw = raw_value(value)
    return TypedText(raw) if isinstance(raw, str) else raw


def raw_date(value: object) -> object:
    """A cell meant to hold a date; text written dd/mm/yyyy is read too."""
    raw = raw_value(value)
    found = VN_DATE.fullmatch(raw) if isinstance(raw, str) else None
    if found:
        try:
            return date(int(found[3]), int(found[2]), int(found[1]))
        except ValueError:
            return raw
    return raw


def shown_choice(labels: Mapping[str, str], code: str) -> str:
    return labels.get(code, code)


def choice_code(labels: Mapping[str, str], raw: object) -> tuple[object, bool]:
    """The code behind a label (or the code itself), and whether the text was recognised."""
    if raw is None:
        return None, True
    text = str(raw).strip()
    for code, label in labels.items():
        if text.casefold() in (code.casefold(), label.casefold()):
            return code, True
    return raw, False


def mark(raw: object) -> bool | None:
    """A yes/no cell: True, False, or None when it is neither."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().casefold() in ("có", "x", "true"):
        return True
    if isinstance(raw, str) and raw.strip().casefold() in ("không", "false"):
        return False
    return None
