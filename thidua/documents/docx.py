"""Render a `Document` as .docx in the layout of Nghị định 30/2020/NĐ-CP (Phụ lục I).

A4, margins 20/20/30/15 mm, Times New Roman 13–14 pt (LibreOffice substitutes the metric-compatible Liberation
Serif), the two-column heading with its short rules, page numbers centred in the header from page 2 on.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION_START
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from thidua.documents.model import (
    Block,
    Bullets,
    Document,
    Figure,
    Heading,
    Letterhead,
    Paragraph,
    Signature,
    Table,
    heading_labels,
    listed,
)

FONT = "Times New Roman"
BODY_PT = 14
SMALL_PT = 12
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}
# Usable width of an A4 page between 30 mm and 15 mm margins.
TEXT_WIDTH_MM = 165


def render_docx(document: Document) -> bytes:
    """The .docx file as bytes."""
    docx = new_docx()
    _page_setup(docx)
    _letterhead(docx, document.letterhead)
    _blocks(docx, document.blocks)
    _closing(docx, document.recipients, document.signature, document.co_signature)
    if document.annex:
        docx.add_page_break()  # type: ignore[no-untyped-call]
        _blocks(docx, document.annex)
    out = io.BytesIO()
    docx.save(out)
    return out.getvalue()


def _blocks(docx: DocxDocument, blocks: tuple[Block, ...]) -> None:
    labels = iter(heading_labels(blocks))
    for block in blocks:
        if isinstance(block, Heading):
            _heading(docx, block, next(labels))
        elif isinstance(block, Paragraph):
            _paragraph(docx, block)
        elif isinstance(block, Bullets):
            for item in block.items:
                _body(docx.add_paragraph(), f"- {item}")
        elif isinstance(block, Table):
            _table(docx, block)
        elif isinstance(block, Figure):
            _figure(docx, block)


def _page_setup(docx: DocxDocument) -> None:
    section = docx.sections[0]
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    style = docx.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(BODY_PT)
    # python-docx sets only the Latin font; Vietnamese runs are Latin, but the East Asian and complex-script
    # slots must name the same font or Word falls back to its theme font for some characters.
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    style.paragraph_format.space_after = Pt(6)
    style.paragraph_format.space_before = Pt(0)
    style.paragraph_format.line_spacing = 1.1
    # The first page carries no number; later pages show it centred at the top (Nghị định 30, Điều 12).
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(header, "PAGE")


def _field(paragraph: DocxParagraph, instruction: str) -> None:
    run = paragraph.add_run()
    run.font.size = Pt(SMALL_PT)
    for kind, text in (
        ("begin", None),
        ("instr", instruction),
        ("separate", None),
        ("text", "2"),
        ("end", None),
    ):
        if kind == "instr":
            node = OxmlElement("w:instrText")
            node.set(qn("xml:space"), "preserve")
            node.text = f" {text} "
        elif kind == "text":
            node = OxmlElement("w:t")
            node.text = text
        else:
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), kind)
        run._r.append(node)


def _rule_under(paragraph: DocxParagraph, indent_mm: float) -> None:
    """A short horizontal rule under a centred line: a bottom border on an indented empty paragraph."""
    paragraph.paragraph_format.left_indent = Mm(indent_mm)
    paragraph.paragraph_format.right_indent = Mm(indent_mm)
    paragraph.paragraph_format.space_after = Pt(0)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)
    _tiny(paragraph)


def _tiny(paragraph: DocxParagraph) -> None:
    # An exact, small line height keeps the rule close under the text without overlapping it.
    paragraph.paragraph_format.line_spacing = Pt(5)
    paragraph.paragraph_format.space_before = Pt(0)


def _line(
    cell_or_doc: _Cell | DocxDocument,
    text: str,
    *,
    size: int,
    bold: bool = False,
    italic: bool = False,
    align: str = "center",
    first: bool = False,
) -> DocxParagraph:
    paragraph: DocxParagraph
    if isinstance(cell_or_doc, _Cell) and first:
        paragraph = cell_or_doc.paragraphs[0]
    else:
        paragraph = cell_or_doc.add_paragraph()
    paragraph.alignment = ALIGN[align]
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = 1.0
    run = paragraph.add_run(text)
    run.font.size, run.bold, run.italic = Pt(size), bold, italic
    return paragraph


def _no_borders(table: DocxTable) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        node = OxmlElement(f"w:{edge}")
        node.set(qn("w:val"), "nil")
        borders.append(node)
    table._tbl.tblPr.append(borders)


def _widths(table: DocxTable, widths_mm: Iterable[float]) -> None:
    table.autofit = False
    # LibreOffice lays a table out by its grid, Word by the cells' widths: set both.
    grid = table._tbl.tblGrid.findall(qn("w:gridCol"))
    for index, width in enumerate(widths_mm):
        grid[index].set(qn("w:w"), str(int(Mm(width).twips)))
        for cell in table.columns[index].cells:
            cell.width = Mm(width)


def _letterhead(docx: DocxDocument, head: Letterhead) -> None:
    table = docx.add_table(rows=2, cols=2)
    _no_borders(table)
    _widths(table, (62, 103))
    left, right = table.cell(0, 0), table.cell(0, 1)
    first = True
    if head.parent:
        _line(left, head.parent.upper(), size=13, first=True)
        first = False
    for line in head.issuer.split("\n"):
        _line(left, line.upper(), size=13, bold=True, first=first)
        first = False
    _rule_under(left.add_paragraph(), 24)
    _line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True, first=True)
    _line(right, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True)
    _rule_under(right.add_paragraph(), 25)
    _line(table.cell(1, 0), head.number, size=13, first=True).paragraph_format.space_before = Pt(6)
    dated = _line(table.cell(1, 1), head.place_date, size=14, italic=True, first=True)
    dated.paragraph_format.space_before = Pt(6)
    spacer = docx.add_paragraph()
    spacer.paragraph_format.space_after = Pt(6)
    _line(docx, head.kind.upper(), size=14, bold=True)
    _line(docx, head.title, size=14, bold=True)
    if head.subtitle:
        _line(docx, head.subtitle, size=14, bold=True)
    _rule_under(docx.add_paragraph(), 60)
    docx.add_paragraph().paragraph_format.space_after = Pt(6)


def _body(paragraph: DocxParagraph, text: str, *, bold: bool = False, italic: bool = False) -> DocxParagraph:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Mm(12.7)
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    return paragraph


def _heading(docx: DocxDocument, block: Heading, label: str) -> None:
    paragraph = docx.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Mm(12.7)
    paragraph.paragraph_format.space_before = Pt(6)
    paragraph.paragraph_format.keep_with_next = True
    text = block.text.upper() if block.level == 1 else block.text
    run = paragraph.add_run(f"{label} {text}")
    run.bold = True
    run.italic = block.level >= 3


def _paragraph(docx: DocxDocument, block: Paragraph) -> None:
    if block.center:
        line = _line(docx, block.text, size=BODY_PT, bold=block.bold, italic=block.italic)
        line.paragraph_format.space_after = Pt(6)
        return
    paragraph = docx.add_paragraph()
    if block.lead:
        paragraph.add_run(f"{block.lead} ").bold = True
    _body(paragraph, block.text, bold=block.bold, italic=block.italic)


def _shade(cell: _Cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _table(docx: DocxDocument, block: Table) -> None:
    if block.caption:
        caption = _line(docx, block.caption, size=13, bold=True)
        caption.paragraph_format.space_after = Pt(4)
        caption.paragraph_format.keep_with_next = True
    table = docx.add_table(rows=1 + len(block.rows), cols=len(block.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = sum(column.width for column in block.columns)
    _widths(table, (TEXT_WIDTH_MM * column.width / total for column in block.columns))
    header = table.rows[0]
    # Repeat the header row on every page a long ranking spans.
    header._tr.get_or_add_trPr().append(_on("w:tblHeader"))
    for index, column in enumerate(block.columns):
        cell = header.cells[index]
        _line(cell, column.header, size=SMALL_PT, bold=True, first=True)
        _shade(cell, "E7ECF3")
    for row_index, row in enumerate(block.rows):
        cells = table.rows[row_index + 1].cells
        bold = row_index in block.bold_rows
        for index, text in enumerate(row):
            _line(cells[index], text, size=SMALL_PT, bold=bold, align=block.columns[index].align, first=True)
    docx.add_paragraph().paragraph_format.space_after = Pt(0)


def _on(tag: str) -> BaseOxmlElement:
    node = OxmlElement(tag)
    node.set(qn("w:val"), "true")
    return node


def _figure(docx: DocxDocument, block: Figure) -> None:
    paragraph = docx.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.keep_with_next = True
    paragraph.add_run().add_picture(io.BytesIO(block.png), width=Mm(min(block.width_mm, TEXT_WIDTH_MM)))
    _line(docx, block.caption, size=SMALL_PT, italic=True).paragraph_format.space_after = Pt(8)


def _closing(
    docx: DocxDocument,
    recipients: tuple[str, ...],
    signature: Signature | None,
    co_signature: Signature | None = None,
) -> None:
    if not recipients and signature is None and co_signature is None:
        return
    docx.add_paragraph()
    table = docx.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, (80, 85))
    # Nơi nhận and the signature stay on one page: a signer's name must never stand alone on the next one.
    table.rows[0]._tr.get_or_add_trPr().append(_on("w:cantSplit"))
    left, right = table.cell(0, 0), table.cell(0, 1)
    if recipients:
        _line(left, "Nơi nhận:", size=12, bold=True, italic=True, align="left", first=True)
        for recipient in listed(recipients):
            _line(left, f"- {recipient}", size=11, align="left")
    elif co_signature is not None:
        _signature(left, co_signature)
    if signature is not None:
        _signature(right, signature)


def _signature(cell: _Cell, signature: Signature) -> None:
    first = True
    for line in (signature.authority or "").split("\n"):
        if line.strip():
            _line(cell, line.upper(), size=14, bold=True, first=first)
            first = False
    _line(cell, signature.position.upper(), size=14, bold=True, first=first)
    for _ in range(4):
        _line(cell, "", size=14)
    if signature.name:
        _line(cell, signature.name, size=14, bold=True)
