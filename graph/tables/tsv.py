"""Tab-separated text → the document model: a row per line, a cell per tab.

The table runs from the first line with a tab to the last; a line without a tab inside
it is a row of one cell (a group heading, a continued line), lines outside it are
paragraphs. The bundled examples keep their own readers (graph/readers/).
"""
from __future__ import annotations

from .model import Cell, Document, Paragraph, Position, Row, Table


def read_tsv(lines: tuple[str, ...] | list[str], *, path: str | None = None) -> Document:
    tabbed = [i for i, line in enumerate(lines) if "\t" in line and line.strip()]
    if not tabbed:
        return Document([Paragraph(line.strip(), Position(line=i + 1), lines=(i + 1,))
                         for i, line in enumerate(lines) if line.strip()], "text", path=path)
    first, last = tabbed[0], tabbed[-1]
    before = [Paragraph(lines[i].strip(), Position(line=i + 1), lines=(i + 1,)) for i in range(first) if lines[i].strip()]
    after = [Paragraph(lines[i].strip(), Position(line=i + 1), lines=(i + 1,))
             for i in range(last + 1, len(lines)) if lines[i].strip()]
    rows = []
    for i in range(first, last + 1):
        if not lines[i].strip():
            continue
        n, r = i + 1, len(rows) + 1
        cells = [Cell(text.strip(), c, lines=(n,) if text.strip() else (), position=Position(line=n, table=1, row=r, cell=c + 1))
                 for c, text in enumerate(lines[i].split("\t"))]
        rows.append(Row(cells, Position(line=n, table=1, row=r)))
    width = max(len(row.cells) for row in rows)
    return Document(before + [Table(rows, width, Position(line=first + 1, table=1), format="tsv")] + after, "text", path=path)
