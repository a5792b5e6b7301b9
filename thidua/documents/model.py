"""The neutral model of an administrative document (văn bản hành chính) per Nghị định 30/2020/NĐ-CP.

Text arrives already written in Vietnamese with its numbers formatted; renderers only lay it out, so a .docx,
a PDF and the Markdown of the same document always say the same thing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

Align = Literal["left", "center", "right"]

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")
LETTERS = "abcdđeghiklmnopqrstuvxy"


@dataclass(frozen=True, slots=True)
class Letterhead:
    """The top of the first page: issuing body on the left, national motto on the right, then number and date."""

    issuer: str
    parent: str | None = None
    number: str = "Số: …"
    place: str = ""
    issued: date | None = None
    kind: str = "BÁO CÁO"
    title: str = ""
    subtitle: str | None = None

    @property
    def place_date(self) -> str:
        """ "An Giang, ngày 15 tháng 01 năm 2027", or the blank form people fill in by hand."""
        when = vn_long_date(self.issued) if self.issued else "ngày … tháng … năm …"
        return f"{self.place}, {when}" if self.place else when.capitalize()


@dataclass(frozen=True, slots=True)
class Heading:
    """A numbered heading: level 1 "I.", level 2 "1.", level 3 "a)"."""

    level: int
    text: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A body paragraph, justified with a first-line indent; or a centred line (the authority that decides,
    "QUYẾT ĐỊNH:", "Kính gửi: …"). `lead` is printed bold before the text ("Điều 1.")."""

    text: str
    italic: bool = False
    bold: bool = False
    center: bool = False
    lead: str = ""


@dataclass(frozen=True, slots=True)
class Bullets:
    """A dash list, the way Vietnamese reports enumerate ("- Tốc độ tăng trưởng …")."""

    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: header text, alignment of its cells and relative width."""

    header: str
    align: Align = "left"
    width: float = 1.0


@dataclass(frozen=True, slots=True)
class Table:
    """A bordered table with a header row; cells are display strings."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str | None = None
    bold_rows: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class Figure:
    """A chart: PNG for .docx, SVG for HTML/PDF; `width_mm` on the page."""

    png: bytes
    svg: str
    caption: str
    width_mm: int = 160


Block = Heading | Paragraph | Bullets | Table | Figure


@dataclass(frozen=True, slots=True)
class Signature:
    """The signature block: the quyền hạn lines ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"; several separated by a
    newline), the position, and the signer's name (left blank to sign by hand)."""

    position: str
    authority: str | None = None
    name: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """A complete document: letterhead, body, recipients ("Nơi nhận:") and signature."""

    letterhead: Letterhead
    blocks: tuple[Block, ...]
    recipients: tuple[str, ...] = ()
    signature: Signature | None = None
    # A second signer, printed on the left where "Nơi nhận:" would stand: a biên bản is signed by its secretary
    # (thư ký, left) and its chair (right). A document with recipients has no room for it.
    co_signature: Signature | None = None
    # The annex (phụ lục) printed on a new page after the signature: a decision's list of recipients.
    annex: tuple[Block, ...] = ()


def ended(text: str, mark: str) -> str:
    """`text` ending with exactly `mark`: whatever punctuation it was typed with is replaced, so a template line
    written "Như Điều 3;" never prints "Như Điều 3;;", nor "Lưu: VT, TĐKT.." (Nghị định 30, Phụ lục I)."""
    return text.rstrip().rstrip(";.,:").rstrip() + mark


def listed(items: Sequence[str]) -> list[str]:
    """The lines of a list that ends with "." and has ";" after every other line: căn cứ, nơi nhận."""
    last = len(items) - 1
    return [ended(item, "." if index == last else ";") for index, item in enumerate(items)]


def place_name(province: str | None) -> str:
    """ "Tỉnh An Giang" → "An Giang": the place written before the date of a document."""
    if not province:
        return ""
    for prefix in ("Tỉnh ", "tỉnh ", "Thành phố ", "thành phố "):
        if province.startswith(prefix):
            return province[len(prefix) :]
    return province


def vn_long_date(day: date) -> str:
    """ "ngày 15 tháng 01 năm 2027": Nghị định 30 writes days below 10 and months below 3 with a leading zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def vn_short_date(day: date) -> str:
    """ "07/03/2017", as decisions are cited."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def heading_labels(blocks: Sequence[Block]) -> list[str]:
    """The label of every heading in order ("I.", "1.", "a)"); counters restart under a new parent."""
    counters = [0, 0, 0]
    labels: list[str] = []
    for block in blocks:
        if not isinstance(block, Heading):
            continue
        level = min(max(block.level, 1), 3)
        counters[level - 1] += 1
        for deeper in range(level, 3):
            counters[deeper] = 0
        count = counters[level - 1]
        if level == 1:
            labels.append(f"{ROMAN[count - 1] if count <= len(ROMAN) else count}.")
        elif level == 2:
            labels.append(f"{count}.")
        else:
            labels.append(f"{LETTERS[(count - 1) % len(LETTERS)]})")
    return labels
