"""Markdown (as the legal-information system renders acts) → the document model.

The text is read line by line: `<table>` blocks go to the HTML front end with their
line numbers, pseudographic tables (also inside ``` fences and indented blocks) to
graph/tables/pseudographic.py, and the rest become paragraphs — `#` headings (also
indented ones) with their level, `>` quote blocks (one paragraph per block, its lines
joined by "\\n"), `**bold**` lines; anchors and other inline HTML are dropped.
"""
from __future__ import annotations

import re

from . import pseudographic
from .html import inline_text, parse_fragment, read_table
from .model import Document, Paragraph, Position, Table

_HEADING = re.compile(r"^\s*(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_TABLE_OPEN = re.compile(r"^\s*<table[\s>]", re.IGNORECASE)
_TABLE_CLOSE = re.compile(r"</table\s*>", re.IGNORECASE)
_EMPHASIS = re.compile(r"^(\*\*|__)(.+)\1$|^(\*|_)(.+)\3$")


def read_markdown(lines: tuple[str, ...] | list[str], *, path: str | None = None, format: str = "markdown") -> Document:
    """Every block of a markdown or plain-text document, in reading order."""
    blocks: list = []
    fenced: set[int] = set()  # 0-based indexes of lines inside ``` fences
    inside = False
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            inside = not inside
            fenced.add(i)
        elif inside:
            fenced.add(i)
    regions = {r.start: r for r in pseudographic.find_tables(lines)}
    tables = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        if i in regions:
            region = regions[i]
            for block in pseudographic.read_region(lines, region, number=tables + 1):
                tables += isinstance(block, Table)
                blocks.append(block)
            i = region.end
            continue
        if _TABLE_OPEN.match(line) and i not in fenced:
            end = i
            while end < len(lines) and not _TABLE_CLOSE.search(lines[end]):
                end += 1
            fragment = parse_fragment("\n".join(lines[i:end + 1]))
            for element in fragment.iter("table"):
                if element.getparent() is fragment or not any(a.tag == "table" for a in element.iterancestors()):
                    tables += 1
                    blocks.append(read_table(element, number=tables, line_offset=i))
            i = end + 1
            continue
        if _FENCE.match(line) or not line.strip():
            i += 1
            continue
        if line.lstrip().startswith(">") and i not in fenced:
            start = i
            texts = []
            while i < len(lines) and lines[i].lstrip().startswith(">"):
                texts.append(lines[i].lstrip()[1:].strip())
                i += 1
            blocks.append(_paragraph(texts, start, quote=True))
            continue
        blocks.append(_paragraph([line.strip()], i, fenced=i in fenced))
        i += 1
    return Document([b for b in blocks if not isinstance(b, Paragraph) or b.text], format, path=path)


def _paragraph(texts: list[str], start: int, *, quote: bool = False, fenced: bool = False) -> Paragraph:
    """A paragraph of one line or one quote block (0-based `start`); emphasis that covers a whole line is read as such."""
    heading = None
    if len(texts) == 1 and not fenced and not quote:
        match = _HEADING.match(texts[0])
        if match:
            heading, texts = len(match.group(1)), [match.group(2)]
    out, bold, italic, numbers = [], [], [], []
    for k, text in enumerate(texts):
        text = text.strip()
        b = i_ = False
        if not fenced:
            while (match := _EMPHASIS.match(text)):
                if match.group(1):
                    b, text = True, match.group(2).strip()
                else:
                    i_, text = True, match.group(4).strip()
            text = inline_text(text).strip()
        if text:
            out.append(text)
            bold.append(b)
            italic.append(i_)
            numbers.append(start + k + 1)
    return Paragraph("\n".join(out), Position(line=start + 1), heading=heading, bold=bool(out) and all(bold),
                     italic=bool(out) and all(italic), lines=tuple(numbers))
