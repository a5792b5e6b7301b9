"""Documents whose wording lives in a text template an office can edit (one file per kind of document).

The template is a Django template that renders to lines "khóa: nội dung"; this module turns those lines into a
`Document` in the layout of Nghị định 30/2020/NĐ-CP. The keys name the parts of Phụ lục I (thể thức), so the office
changes words without touching the layout, and the layout's rules are kept whatever the words:

    co_quan_chu_quan:  tên cơ quan chủ quản (dòng trên, chữ thường đứng)
    co_quan:           tên cơ quan ban hành, mỗi dòng một khóa (in hoa, đậm, có đường kẻ dưới)
    so:                số, ký hiệu ("Số: 125/QĐ-UBND")
    dia_danh:          địa danh trước ngày tháng (in nghiêng, do mẫu ghi; ngày do hệ thống điền)
    loai, trich_yeu:   tên loại văn bản và trích yếu (đậm, giữa)
    kinh_gui:          "Kính gửi: …" (giữa)
    tham_quyen:        thẩm quyền ban hành (in hoa, đậm, giữa)
    can_cu:            mỗi căn cứ một dòng, in nghiêng; dòng nào cũng kết thúc bằng ";", dòng cuối bằng "."
    quyet_dinh:        dòng "QUYẾT ĐỊNH:" (đậm, giữa)
    dieu:              một điều; "Điều 1." đầu dòng được in đậm
    doan:              một đoạn văn;  gach: một dòng gạch đầu dòng
    danh_sach:         chỗ đặt bảng danh sách (Điều 1 hoặc phụ lục)
    phu_luc:           từ dòng này, các dòng sau thuộc phụ lục in ở trang mới
    noi_nhan:          mỗi nơi nhận một dòng; dấu ";" và "." do hệ thống thêm
    ky_quyen_han, ky_chuc_vu, ky_ten: quyền hạn ("KT. CHỦ TỊCH"), chức vụ, họ tên người ký

Lines that are blank or begin with "#" are skipped. A key the generator does not know stops the document with the
line's number, so a typing mistake in a template is never printed silently.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from django.template.loader import render_to_string

from thidua.documents.model import (
    Block,
    Bullets,
    Document,
    Letterhead,
    Paragraph,
    Signature,
    Table,
    ended,
    listed,
)


class TemplateError(ValueError):
    """A document template has a line the generator cannot place."""


ARTICLE = re.compile(r"^(Điều\s+\d+\.)\s*(.*)$")
KEYS = {
    "co_quan_chu_quan",
    "co_quan",
    "so",
    "dia_danh",
    "loai",
    "trich_yeu",
    "kinh_gui",
    "tham_quyen",
    "can_cu",
    "quyet_dinh",
    "dieu",
    "doan",
    "gach",
    "danh_sach",
    "phu_luc",
    "phu_luc_tieu_de",
    "phu_luc_chu_thich",
    "noi_nhan",
    "ky_quyen_han",
    "ky_chuc_vu",
    "ky_ten",
}


class _Builder:
    def __init__(self, tables: Mapping[str, Table]) -> None:
        self.tables = tables
        self.head: dict[str, list[str]] = {}
        self.body: list[Block] = []
        self.annex: list[Block] = []
        self.target = self.body
        self.basis: list[str] = []
        self.bullets: list[str] = []
        self.recipients: list[str] = []
        self.signature: dict[str, list[str]] = {}

    def flush(self, *, keep: str = "") -> None:
        # Consecutive căn cứ lines form one list: ";" after each, "." after the last (Phụ lục I, mục căn cứ).
        if self.basis and keep != "can_cu":
            self.target.extend(Paragraph(line, italic=True) for line in listed(self.basis))
            self.basis = []
        if self.bullets and keep != "gach":
            self.target.append(Bullets(tuple(self.bullets)))
            self.bullets = []

    def add(self, key: str, text: str, number: int) -> None:
        self.flush(keep=key)
        if key in ("co_quan_chu_quan", "co_quan", "so", "dia_danh", "loai", "trich_yeu"):
            self.head.setdefault(key, []).append(text)
        elif key == "can_cu":
            self.basis.append(text)
        elif key == "gach":
            self.bullets.append(text)
        elif key in ("kinh_gui", "quyet_dinh", "tham_quyen", "phu_luc_tieu_de"):
            self.target.append(Paragraph(text, bold=key != "kinh_gui", center=True))
        elif key == "phu_luc_chu_thich":
            self.target.append(Paragraph(text, italic=True, center=True))
        elif key == "dieu":
            found = ARTICLE.match(text)
            lead, rest = (found.group(1), found.group(2)) if found else ("", text)
            self.target.append(Paragraph(rest, lead=lead))
        elif key == "doan":
            self.target.append(Paragraph(text))
        elif key == "danh_sach":
            table = self.tables.get(text)
            if table is None:
                raise TemplateError(f"Dòng {number}: không có bảng «{text}» để đặt vào văn bản.")
            self.target.append(table)
        elif key == "phu_luc":
            self.target = self.annex
        elif key == "noi_nhan":
            self.recipients.append(text)
        else:
            self.signature.setdefault(key, []).append(text)


def document_from_lines(text: str, *, issued: dt.date | None, tables: Mapping[str, Table]) -> Document:
    """The Document of a rendered template's lines; `issued` is the date printed after the place."""
    builder = _Builder(tables)
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, colon, value = line.partition(":")
        key = key.strip()
        if not colon or key not in KEYS:
            raise TemplateError(f"Dòng {number}: «{line[:60]}» không bắt đầu bằng một khóa của mẫu văn bản.")
        builder.add(key, value.strip(), number)
    builder.flush()
    head = builder.head
    titles = head.get("trich_yeu", [""])
    sign = builder.signature
    signature = (
        Signature(
            position=" ".join(sign.get("ky_chuc_vu", [""])),
            authority="\n".join(sign.get("ky_quyen_han", [])) or None,
            name=" ".join(sign.get("ky_ten", [])) or None,
        )
        if sign.get("ky_chuc_vu")
        else None
    )
    return Document(
        letterhead=Letterhead(
            issuer="\n".join(head.get("co_quan", [])),
            parent="\n".join(head.get("co_quan_chu_quan", [])) or None,
            number=" ".join(head.get("so", ["Số: …"])),
            place=" ".join(head.get("dia_danh", [])),
            issued=issued,
            kind=" ".join(head.get("loai", [""])),
            title=ended(titles[0], "") if titles else "",
            subtitle=" ".join(titles[1:]) or None,
        ),
        blocks=tuple(builder.body),
        recipients=tuple(builder.recipients),
        signature=signature,
        annex=tuple(builder.annex),
    )


def render_document(
    template: str, context: Mapping[str, Any], *, issued: dt.date | None, tables: Mapping[str, Table]
) -> Document:
    """Render the office's template `template` with `context` and lay it out as a Document."""
    return document_from_lines(render_to_string(template, dict(context)), issued=issued, tables=tables)
