"""Render a `Document` as HTML and, through WeasyPrint, as PDF with the layout of the .docx.

The HTML is self-contained (inline CSS, inline SVG charts) so the same page can be shown in the browser.
"""

from __future__ import annotations

import base64
from html import escape

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

CSS = """
@page { size: A4; margin: 20mm 15mm 20mm 30mm;
        @top-center { content: counter(page); font: 12pt "Times New Roman", "Liberation Serif", serif; } }
@page :first { @top-center { content: none; } }
body { font-family: "Times New Roman", "Liberation Serif", serif; font-size: 14pt; line-height: 1.25; }
table.head { width: 100%; border-collapse: collapse; }
table.head td { vertical-align: top; text-align: center; font-size: 13pt; padding: 0; }
table.head td.left { width: 38%; } table.head td.right { width: 62%; }
table.head td.right .motto-top { font-size: 12pt; font-weight: bold; white-space: nowrap; }
.rule { border-bottom: 0.6pt solid #000; margin: 1pt auto 0 auto; height: 0; }
.upper { text-transform: uppercase; } .b { font-weight: bold; } .i { font-style: italic; }
p.center { text-align: center; text-indent: 0; }
.motto { font-size: 13pt; font-weight: bold; }
.number { margin-top: 6pt; } .date { margin-top: 6pt; font-style: italic; font-size: 14pt; }
.kind { text-align: center; font-weight: bold; margin-top: 14pt; }
.title { text-align: center; font-weight: bold; }
p { text-align: justify; text-indent: 12.7mm; margin: 0 0 6pt 0; }
h1, h2, h3 { font-size: 14pt; margin: 6pt 0 6pt 0; text-indent: 12.7mm; text-align: justify;
             page-break-after: avoid; }
h1 { font-weight: bold; text-transform: uppercase; } h2 { font-weight: bold; }
h3 { font-weight: bold; font-style: italic; }
table.grid { border-collapse: collapse; width: 100%; margin: 4pt 0 10pt 0; font-size: 12pt;
             page-break-inside: auto; }
table.grid th, table.grid td { border: 0.6pt solid #000; padding: 2pt 4pt; }
table.grid th { background: #e7ecf3; font-weight: bold; text-align: center; }
table.grid thead { display: table-header-group; } table.grid tr { page-break-inside: avoid; }
.caption { text-align: center; font-weight: bold; font-size: 13pt; margin-top: 6pt; text-indent: 0; }
figure { margin: 6pt 0 10pt 0; text-align: center; page-break-inside: avoid; }
figure svg { width: 100%; height: auto; } figure img { max-width: 100%; }
figcaption { font-style: italic; font-size: 12pt; }
table.closing { width: 100%; margin-top: 12pt; page-break-inside: avoid; }
table.closing td { vertical-align: top; }
.recipients { font-size: 11pt; } .recipients .label { font-size: 12pt; font-weight: bold; font-style: italic; }
.signature { text-align: center; font-weight: bold; }
.signature .space { height: 28mm; }
"""


def render_html(document: Document, *, svg_charts: bool = True) -> str:
    """A full HTML page of the document."""
    parts = [_letterhead(document.letterhead)]
    parts += _blocks(document.blocks, svg_charts)
    parts.append(_closing(document.recipients, document.signature, document.co_signature))
    if document.annex:
        parts.append('<div style="page-break-before: always"></div>')
        parts += _blocks(document.annex, svg_charts)
    title = escape(f"{document.letterhead.kind} {document.letterhead.title}")
    body = "\n".join(parts)
    return (
        f'<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{CSS}</style></head><body>\n{body}\n</body></html>"
    )


def _blocks(blocks: tuple[Block, ...], svg_charts: bool) -> list[str]:
    parts: list[str] = []
    labels = iter(heading_labels(blocks))
    for block in blocks:
        if isinstance(block, Heading):
            level = min(max(block.level, 1), 3)
            parts.append(f"<h{level}>{escape(next(labels))} {escape(block.text)}</h{level}>")
        elif isinstance(block, Paragraph):
            flags = (("b", block.bold), ("i", block.italic), ("center", block.center))
            classes = " ".join(name for name, on in flags if on)
            lead = f"<b>{escape(block.lead)}</b> " if block.lead else ""
            parts.append(
                f'<p class="{classes}">{lead}{escape(block.text)}</p>'
                if classes
                else f"<p>{lead}{escape(block.text)}</p>"
            )
        elif isinstance(block, Bullets):
            parts.extend(f"<p>- {escape(item)}</p>" for item in block.items)
        elif isinstance(block, Table):
            parts.append(_table(block))
        elif isinstance(block, Figure):
            parts.append(_figure(block, svg_charts))
    return parts


def render_pdf(document: Document) -> bytes:
    """The PDF file as bytes."""
    from weasyprint import HTML

    pdf = HTML(string=render_html(document)).write_pdf()
    assert pdf is not None
    return bytes(pdf)


def _letterhead(head: Letterhead) -> str:
    parent = f'<div class="upper">{escape(head.parent)}</div>' if head.parent else ""
    subtitle = f'<div class="title">{escape(head.subtitle)}</div>' if head.subtitle else ""
    issuer = "".join(
        f'<div class="upper b" style="white-space: nowrap">{escape(line)}</div>'
        for line in head.issuer.split("\n")
    )
    return (
        '<table class="head"><tr>'
        f'<td class="left">{parent}{issuer}'
        '<div class="rule" style="width:32%"></div></td>'
        '<td class="right"><div class="motto-top">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div>'
        '<div class="motto">Độc lập - Tự do - Hạnh phúc</div><div class="rule" style="width:50%"></div></td>'
        "</tr><tr>"
        f'<td class="left"><div class="number">{escape(head.number)}</div></td>'
        f'<td class="right"><div class="date">{escape(head.place_date)}</div></td>'
        "</tr></table>"
        f'<div class="kind">{escape(head.kind.upper())}</div><div class="title">{escape(head.title)}</div>'
        f'{subtitle}<div class="rule" style="width:25%; margin-bottom: 14pt"></div>'
    )


def _table(block: Table) -> str:
    caption = f'<p class="caption">{escape(block.caption)}</p>' if block.caption else ""
    total = sum(column.width for column in block.columns)
    head = "".join(
        f'<th style="width:{100 * column.width / total:.1f}%">{escape(column.header)}</th>'
        for column in block.columns
    )
    rows = []
    for index, row in enumerate(block.rows):
        weight = ' class="b"' if index in block.bold_rows else ""
        cells = "".join(
            f'<td style="text-align:{column.align}">{escape(text)}</td>'
            for column, text in zip(block.columns, row, strict=True)
        )
        rows.append(f"<tr{weight}>{cells}</tr>")
    return (
        f'{caption}<table class="grid"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def _figure(block: Figure, svg: bool) -> str:
    if svg:
        picture = block.svg
    else:
        picture = f'<img src="data:image/png;base64,{base64.b64encode(block.png).decode()}" alt="">'
    return (
        f'<figure style="width:{block.width_mm}mm; margin-left:auto; margin-right:auto">{picture}'
        f"<figcaption>{escape(block.caption)}</figcaption></figure>"
    )


def _closing(
    recipients: tuple[str, ...], signature: Signature | None, co_signature: Signature | None = None
) -> str:
    if not recipients and signature is None and co_signature is None:
        return ""
    left = ""
    if recipients:
        items = "".join(f"<div>- {escape(item)}</div>" for item in listed(recipients))
        left = f'<div class="recipients"><div class="label">Nơi nhận:</div>{items}</div>'
    elif co_signature is not None:
        left = _signature(co_signature)
    right = _signature(signature) if signature is not None else ""
    return f'<table class="closing"><tr><td style="width:48%">{left}</td><td>{right}</td></tr></table>'


def _signature(signature: Signature) -> str:
    authority = "".join(
        f"<div>{escape(line.upper())}</div>"
        for line in (signature.authority or "").split("\n")
        if line.strip()
    )
    name = f"<div>{escape(signature.name)}</div>" if signature.name else ""
    return (
        f'<div class="signature">{authority}<div>{escape(signature.position.upper())}</div>'
        f'<div class="space"></div>{name}</div>'
    )
