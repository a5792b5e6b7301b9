"""Render a `Document` as Markdown for the terminal and for review in a merge request."""

from __future__ import annotations

from thidua.documents.model import (
    Block,
    Bullets,
    Document,
    Figure,
    Heading,
    Paragraph,
    Table,
    heading_labels,
    listed,
)


def render_markdown(document: Document) -> str:
    head = document.letterhead
    lines = []
    if head.parent:
        lines.append(f"{head.parent.upper()}  ")
    lines += [
        *(f"**{line.upper()}**  " for line in head.issuer.split("\n")),
        f"{head.number}",
        "",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM  ",
        "**Độc lập - Tự do - Hạnh phúc**",
        "",
        f"*{head.place_date}*",
        "",
        f"# {head.kind.upper()}: {head.title}",
    ]
    if head.subtitle:
        lines.append(f"**{head.subtitle}**")
    lines.append("")
    lines += _blocks(document.blocks)
    lines += _closing(document)
    if document.annex:
        lines += ["---", "", *_blocks(document.annex)]
    return "\n".join(lines)


def _blocks(blocks: tuple[Block, ...]) -> list[str]:
    lines: list[str] = []
    labels = iter(heading_labels(blocks))
    for block in blocks:
        if isinstance(block, Heading):
            level = min(max(block.level, 1), 3)
            lines += [f"{'#' * (level + 1)} {next(labels)} {block.text}", ""]
        elif isinstance(block, Paragraph):
            text = _escape(block.text)
            if block.bold:
                text = f"**{text}**"
            if block.italic:
                text = f"*{text}*"
            if block.lead:
                text = f"**{_escape(block.lead)}** {text}"
            lines += [text, ""]
        elif isinstance(block, Bullets):
            lines += [f"- {_escape(item)}" for item in block.items] + [""]
        elif isinstance(block, Table):
            lines += _table(block)
        elif isinstance(block, Figure):
            # A terminal cannot show the picture; the table next to it carries the same figures.
            lines += [f"*[Biểu đồ: {block.caption}]*", ""]
    return lines


def _closing(document: Document) -> list[str]:
    lines: list[str] = []
    if document.recipients:
        lines.append("**Nơi nhận:**")
        lines += [f"- {item}" for item in listed(document.recipients)]
        lines.append("")
    signers = [document.co_signature] if document.co_signature and not document.recipients else []
    for signature in [*signers, document.signature]:
        if signature is None:
            continue
        for line in (signature.authority or "").split("\n"):
            if line.strip():
                lines.append(f"**{line.upper()}**  ")
        lines.append(f"**{signature.position.upper()}**")
        if signature.name:
            lines += ["", f"**{signature.name}**"]
        lines.append("")
    return lines


def _escape(text: str) -> str:
    return text.replace("*", "\\*").replace("_", "\\_")


def _table(block: Table) -> list[str]:
    out = [f"**{block.caption}**", ""] if block.caption else []
    out.append("| " + " | ".join(column.header for column in block.columns) + " |")
    marks = {"left": ":---", "center": ":---:", "right": "---:"}
    out.append("|" + "|".join(marks[column.align] for column in block.columns) + "|")
    for row in block.rows:
        out.append("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
    out.append("")
    return out
