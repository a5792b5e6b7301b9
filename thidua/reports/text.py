"""The leader's own sections (hạn chế, phương hướng) from a Markdown or plain-text file."""

from __future__ import annotations

import re

from thidua.documents.model import Bullets, Paragraph
from thidua.reports.model import LeaderText

BULLET = re.compile(r"^\s*[-*+•]\s+")
HEADING = re.compile(r"^\s*#{1,6}\s+")


def parse_leader_text(text: str) -> LeaderText:
    """Blank lines separate paragraphs; "- " lines are a dash list; "# " headings become bold paragraphs.
    Numbered lines ("1. …") stay as written: the leader's numbering is part of the text."""
    blocks: list[Paragraph | Bullets] = []
    paragraph: list[str] = []
    bullets: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Paragraph(" ".join(paragraph)))
            paragraph.clear()
        if bullets:
            blocks.append(Bullets(tuple(bullets)))
            bullets.clear()

    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            flush()
        elif HEADING.match(line):
            flush()
            blocks.append(Paragraph(HEADING.sub("", line), bold=True))
        elif BULLET.match(line):
            if paragraph:
                flush()
            bullets.append(BULLET.sub("", line))
        elif re.match(r"^\d+[.)]\s", line):
            flush()
            paragraph.append(line)
        elif bullets:
            bullets[-1] += " " + line
        else:
            paragraph.append(line)
    flush()
    return tuple(blocks)
