"""PDF with a text layer → the document model, with pdfplumber.

Ruled tables come from `page.find_tables()`: the cells' boxes give the grid (a box over
several column or row edges is a merged cell with spans). A table that goes on at the top
of the next page with the same column edges stays one table. Text outside tables becomes
paragraphs, one per printed line. Positions are (page, table, row, cell).
"""
from __future__ import annotations

import io
import re
import zlib

import pdfplumber

from ..errors import SourceError
from .model import Cell, Document, Paragraph, Position, Row, Table

_TOLERANCE = 2.0  # points: edges closer than this are the same edge
_PAGE_NUMBER = re.compile(r"^[\s\-–—]*\d{1,4}[\s\-–—]*$")
# Decompression bombs and documents no plan is: limits checked before pdfplumber decodes anything.
MAX_PAGES = 2_000
MAX_OBJECTS = 500_000
MAX_STREAM = 100_000_000  # bytes one Flate stream may inflate to
MAX_STREAMS_TOTAL = 500_000_000
_OBJECT = re.compile(rb"(\d+)\s+(\d+)\s+obj\b")
_STREAM = re.compile(rb"(?<!end)stream\r?\n")


def check_pdf(data: bytes, path: str | None = None) -> None:
    """A SourceError saying what and where when the file holds more objects than MAX_OBJECTS or a Flate
    stream that inflates past MAX_STREAM (all of them past MAX_STREAMS_TOTAL). Streams are inflated
    incrementally with an output bound, so a bomb costs at most the limit. Only a stream's first filter
    is checked: a stream whose Flate output is compressed again is bounded by the first layer's limit."""
    where = path or "<pdf>"
    objects = _OBJECT.findall(data)
    if len(objects) > MAX_OBJECTS:
        raise SourceError(where, f"the PDF declares {len(objects):,} objects, more than {MAX_OBJECTS:,}: refused "
                                 "before reading")
    total = 0
    for found in _STREAM.finditer(data):
        head = data[max(0, found.start() - 2048):found.start()]
        dictionary = head[head.rfind(b"obj"):] if b"obj" in head else head  # the stream's own dictionary
        if b"FlateDecode" not in dictionary:
            continue
        owner = _OBJECT.findall(head)
        name = f"object {owner[-1][0].decode()} {owner[-1][1].decode()}" if owner else f"the stream at byte {found.end()}"
        inflated = _inflated_size(data, found.end(), MAX_STREAM + 1)
        if inflated > MAX_STREAM:
            raise SourceError(where, f"PDF {name} (at byte {found.end():,}) inflates to more than "
                                     f"{MAX_STREAM / 1e6:g} MB: refused before parsing (a decompression bomb?)")
        total += inflated
        if total > MAX_STREAMS_TOTAL:
            raise SourceError(where, f"the PDF's streams inflate to more than {MAX_STREAMS_TOTAL / 1e6:g} MB in all "
                                     f"(reached at {name}): refused before parsing (a decompression bomb?)")


def _inflated_size(data: bytes, start: int, bound: int) -> int:
    """How many bytes the zlib stream at `start` inflates to, counting no further than `bound`."""
    inflate = zlib.decompressobj()
    size, position, chunk = 0, start, 1 << 16
    try:
        while position < len(data) and size < bound and not inflate.eof:
            piece = data[position:position + chunk]
            position += chunk
            out = inflate.decompress(piece, bound - size)
            size += len(out)
            while inflate.unconsumed_tail and size < bound:  # output bounded: drain what is left of the piece
                out = inflate.decompress(inflate.unconsumed_tail, bound - size)
                size += len(out)
    except zlib.error:
        return size  # damaged or not zlib: pdfminer says what it makes of it
    return size


def read_pdf(data: bytes, *, path: str | None = None) -> Document:
    blocks: list = []
    notes: list[str] = []
    tables = 0
    check_pdf(data, path)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        if len(pdf.pages) > MAX_PAGES:
            raise SourceError(path or "<pdf>", f"the PDF has {len(pdf.pages):,} pages, more than {MAX_PAGES:,}: "
                                               "refused (a plan is rarely above a few hundred pages)")
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
