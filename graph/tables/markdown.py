"""Markdown (as the legal-information system renders acts) → the document model.

The text is read line by line: `<table>` blocks go to the HTML front end with their
line numbers, pseudographic tables (also inside ``` fences and indented blocks) to
graph/tables/pseudographic.py, and the rest become paragraphs — `#` headings (also
indented ones) with their level, `>` quote blocks (one paragraph per block, its lines
joined by "\\n"), `**bold**` lines; anchors and other inline HTML are dropped.
GFM pipe tables (a header row over a `|---|---|` delimiter row) are tables too.
"""
from __future__ import annotations

import re

from . import pseudographic
from .html import inline_text, parse_fragment, read_blocks
from .model import Cell, Document, Paragraph, Position, Row, Table

_HEADING = re.compile(r"^\s*(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_TABLE_OPEN = re.compile(r"^\s*<table[\s>]", re.IGNORECASE)
_TABLE_OPENS = re.compile(r"<table[\s>]", re.IGNORECASE)
_TABLE_CLOSE = re.compile(r"</table\s*>", re.IGNORECASE)
_PIPE_DELIMITER = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
# emphasis inside a line: the markers go, the words stay
_INLINE_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_INLINE_ITALIC = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])")
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
        if i not in fenced and (end := _pipe_table_end(lines, i)):
            tables += 1
            blocks.append(_pipe_table(lines, i, end, tables))
            i = end
            continue
        if i in regions:
            region = regions[i]
            for block in pseudographic.read_region(lines, region, number=tables + 1):
                tables += isinstance(block, Table)
                blocks.append(block)
            i = region.end
            continue
        if _TABLE_OPEN.match(line) and i not in fenced:
            end, depth = i, 0
            while end < len(lines):  # to the </table> that closes this one, past nested tables
                depth += len(_TABLE_OPENS.findall(lines[end])) - len(_TABLE_CLOSE.findall(lines[end]))
                if depth <= 0:
                    break
                end += 1
            found = read_blocks(parse_fragment("\n".join(lines[i:end + 1])), line_offset=i, tables=tables)
            tables += sum(isinstance(b, Table) for b in found)
            blocks += found
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


def _pipe_table_end(lines, i: int) -> int | None:
    """One past the last line of a GFM pipe table whose header row is line `i` (0-based), else None."""
    if i + 1 >= len(lines) or "|" not in lines[i] or "|" not in lines[i + 1] or not _PIPE_DELIMITER.match(lines[i + 1]):
        return None
    if len(_pipe_cells(lines[i])) != len(_pipe_cells(lines[i + 1])):
        return None
    above = next((line for line in reversed(lines[:i]) if line.strip()), "")
    end = i + 2
    while end < len(lines) and "|" in lines[end] and lines[end].strip():
        end += 1
    # a ruled text table drawn with '|' (a top rule, rules between rows) is pseudographic, not a pipe table
    if pseudographic.is_rule(above) or any(pseudographic.is_rule(line) for line in lines[i + 2:end]):
        return None
    return end


def _pipe_cells(line: str) -> list[str]:
    """A pipe-table row's cells: split at unescaped pipes, the outer pipes dropped."""
    text = line.strip()
    text = text[1:] if text.startswith("|") else text
    text = text[:-1] if text.endswith("|") and not text.endswith("\\|") else text
    return [cell.replace("\\|", "|").strip() for cell in re.split(r"(?<!\\)\|", text)]


def _pipe_table(lines, start: int, end: int, number: int) -> Table:
    """A GFM pipe table: the row above the delimiter row is the header; a cell's `<br>` is a line break."""
    rows = []
    for k in [start] + list(range(start + 2, end)):
        r, n = len(rows) + 1, k + 1
        cells = []
        for c, text in enumerate(_pipe_cells(lines[k])):
            parts = [_paragraph([part], k) for part in re.split(r"<br\s*/?>", text, flags=re.IGNORECASE)]
            cells.append(Cell("\n".join(p.text for p in parts if p.text), c, header=k == start,
                              bold=all(p.bold for p in parts if p.text) and any(p.text for p in parts),
                              lines=(n,), position=Position(line=n, table=number, row=r, cell=c + 1)))
        rows.append(Row(cells, Position(line=n, table=number, row=r)))
    width = max(len(row.cells) for row in rows)
    return Table(rows, width, Position(line=start + 1, table=number), format="markdown")


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
            text = _INLINE_ITALIC.sub(r"\1", _INLINE_BOLD.sub(r"\2", inline_text(text))).strip()
        if text:
            out.append(text)
            bold.append(b)
            italic.append(i_)
            numbers.append(start + k + 1)
    return Paragraph("\n".join(out), Position(line=start + 1), heading=heading, bold=bool(out) and all(bold),
                     italic=bool(out) and all(italic), lines=tuple(numbers))
