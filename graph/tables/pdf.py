"""PDF with a text layer → the document model, with pdfplumber.

Ruled tables come from `page.find_tables()`: the cells' boxes give the grid (a box over
several column or row edges is a merged cell with spans). A table that goes on at the top
of the next page with the same column edges stays one table. Text outside tables becomes
paragraphs, one per printed line. Positions are (page, table, row, cell).
"""
from __future__ import annotations

import io
import re

import pdfplumber

from ..errors import SourceError
from .model import Cell, Document, Paragraph, Position, Row, Table

_TOLERANCE = 2.0  # points: edges closer than this are the same edge
_PAGE_NUMBER = re.compile(r"^[\s\-–—]*\d{1,4}[\s\-–—]*$")


def read_pdf(data: bytes, *, path: str | None = None) -> Document:
    blocks: list = []
    notes: list[str] = []
    tables = 0
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        if not any(page.chars for page in pdf.pages):
            raise SourceError(path or "<pdf>", f"scanned PDF: no text layer; run OCR first ({len(pdf.pages)} pages, no text)")
        previous_edges: list[float] | None = None
        for number, page in enumerate(pdf.pages, start=1):
            if not page.chars:
                notes.append(f"page {number} has no text layer (an image?): nothing read from it")
                previous_edges = None
                continue
            found = sorted(page.find_tables(), key=lambda t: t.bbox[1])
            items: list[tuple[float, object]] = [(t.bbox[1], t) for t in found]
            boxes = [t.bbox for t in found]
            # a character belongs to a table when its centre is inside it (a line just above may touch the ruling)
            rest = page.filter(lambda obj: obj.get("object_type") != "char" or not any(
                x0 <= (obj["x0"] + obj["x1"]) / 2 <= x1 and top <= (obj["top"] + obj["bottom"]) / 2 <= bottom
                for x0, top, x1, bottom in boxes))
            items += [(line["top"], line) for line in rest.extract_text_lines() if line["text"].strip()]
            items.sort(key=lambda item: item[0])
            first_table = True
            for _, item in items:
                if isinstance(item, dict):
                    blocks.append(Paragraph(item["text"].strip(), Position(page=number)))
                    if not _PAGE_NUMBER.match(item["text"]):  # a page number does not break a table in two
                        previous_edges = None
                    continue
                edges = _edges([c[0] for c in _boxes(item)] + [c[2] for c in _boxes(item)])
                last_table = next((b for b in reversed(blocks) if isinstance(b, Table)), None)
                continues = first_table and previous_edges is not None and last_table is not None and _same(edges, previous_edges)
                first_table = False
                if continues:
                    _append(last_table, item, edges, number)
                else:
                    tables += 1
                    table = Table([], len(edges) - 1, Position(page=number, table=tables), format="pdf")
                    _append(table, item, edges, number)
                    blocks.append(table)
                previous_edges = edges
    return Document(blocks, "pdf", path=path, notes=notes)


def _boxes(table) -> list[tuple]:
    return [c for row in table.rows for c in row.cells if c is not None]


def _edges(values: list[float]) -> list[float]:
    edges: list[float] = []
    for v in sorted(values):
        if not edges or v - edges[-1] > _TOLERANCE:
            edges.append(v)
    return edges


def _same(a: list[float], b: list[float]) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= _TOLERANCE for x, y in zip(a, b))


def _index(edges: list[float], value: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))


def _append(table: Table, found, xs: list[float], page: int) -> None:
    """Add the rows of one page's part of a table, with spans from the cell boxes."""
    ys = _edges([c[1] for c in _boxes(found)] + [c[3] for c in _boxes(found)])
    texts = found.extract()
    for row, row_texts in zip(found.rows, texts):
        r = len(table.rows) + 1
        cells = []
        for box, text in zip(row.cells, row_texts):
            if box is None:
                continue  # covered by a merged cell to the left or above
            x0, x1 = _index(xs, box[0]), _index(xs, box[2])
            y0, y1 = _index(ys, box[1]), _index(ys, box[3])
            lines = [" ".join(line.split()) for line in (text or "").split("\n")]
            cells.append(Cell("\n".join(line for line in lines if line), x0, colspan=max(1, x1 - x0),
                              rowspan=max(1, y1 - y0), position=Position(page=page, table=table.position.table, row=r,
                                                                         cell=len(cells) + 1)))
        table.rows.append(Row(cells, Position(page=page, table=table.position.table, row=r)))
