"""DOCX → the document model, with python-docx.

Body paragraphs (a heading style gives the level) and tables in document order. A merged
cell is one Cell with its spans (`gridSpan` → colspan, a `vMerge` run → rowspan), not its
text repeated; a cell's paragraphs are joined by "\\n". DOCX has no lines: positions are
(table, row, cell). The labels of Word's list numbering («1.», «2.1.») are put before the
text they number (graph/tables/docx_numbering.py): a «№» column is often such a list.
"""
from __future__ import annotations

import io
import re

import docx
from docx.oxml.ns import qn
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from .docx_numbering import Numbering
from .model import Cell, Document, Paragraph, Position, Row, Table

_HEADING_STYLE = re.compile(r"^(heading|заголовок)\s*(\d)$", re.IGNORECASE)


def read_docx(data: bytes, *, path: str | None = None) -> Document:
    document = docx.Document(io.BytesIO(data))
    blocks: list = []
    numbering = Numbering(document)
    for element in _body_elements(document.element.body):
        if element.tag == qn("w:p"):
            paragraph = _paragraph(DocxParagraph(element, document), numbering)
            if paragraph is not None:
                blocks.append(paragraph)
        else:
            blocks.append(_table(element, document, sum(isinstance(b, Table) for b in blocks) + 1, numbering))
    return Document(blocks, "docx", path=path)


def _body_elements(parent):
    """Paragraphs and tables in document order, also those wrapped in content controls (w:sdt)."""
    for element in parent.iterchildren():
        if element.tag in (qn("w:p"), qn("w:tbl")):
            yield element
        elif element.tag == qn("w:sdt"):
            content = element.find(qn("w:sdtContent"))
            if content is not None:
                yield from _body_elements(content)


def _text(paragraph: DocxParagraph, numbering: Numbering) -> str:
    """The paragraph's text, with the list label Word prints before it."""
    text = paragraph.text.strip()
    label = numbering.label(paragraph)
    return f"{label} {text}".strip() if label else text


def _paragraph(paragraph: DocxParagraph, numbering: Numbering) -> Paragraph | None:
    text = _text(paragraph, numbering)
    if not text:
        return None
    style = paragraph.style.name if paragraph.style is not None else ""
    level = None
    if (match := _HEADING_STYLE.match(style or "")):
        level = int(match.group(2))
    elif style == "Title":
        level = 1
    else:  # an outline level set on the paragraph itself (0 is the top level)
        outline = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
        if outline is not None and outline.get(qn("w:val"), "").isdigit() and int(outline.get(qn("w:val"))) < 6:
            level = int(outline.get(qn("w:val"))) + 1
    runs = [run for run in paragraph.runs if run.text.strip()]
    style_bold = bool(paragraph.style is not None and paragraph.style.font.bold)
    bold = bool(runs) and all(run.bold or (run.bold is None and style_bold) for run in runs)
    italic = bool(runs) and all(run.italic for run in runs)
    return Paragraph(text, heading=level, bold=bold, italic=italic)


def _table(tbl, document, number: int, numbering: Numbering) -> Table:
    rows: list[Row] = []
    open_cells: dict[int, Cell] = {}  # grid column → the cell a vertical merge continues
    width = 0
    for r, tr in enumerate(tbl.tr_lst):
        column = _grid_before(tr)
        cells = []
        for tc in tr.tc_lst:
            span = tc.grid_span
            merge = tc.vMerge
            if merge == "continue" and column in open_cells:
                open_cells[column].rowspan += 1
                column += span
                continue
            cell = _Cell(tc, document)
            runs = [run for p in cell.paragraphs for run in p.runs if run.text.strip()]
            texts = [_text(p, numbering) for p in cell.paragraphs]
            made = Cell("\n".join(t for t in texts if t), column, colspan=span,
                        bold=bool(runs) and all(run.bold for run in runs),
                        note="a table nested in this cell is not read" if tc.findall(qn("w:tbl")) else None,
                        position=Position(table=number, row=r + 1, cell=len(cells) + 1))
            cells.append(made)
            for c in range(column, column + span):
                if merge == "restart":
                    open_cells[c] = made
                else:
                    open_cells.pop(c, None)
            column += span
        width = max(width, column)
        rows.append(Row(cells, Position(table=number, row=r + 1)))
    return Table(rows, width, Position(table=number), format="docx")


def _grid_before(tr) -> int:
    trPr = tr.trPr
    if trPr is None:
        return 0
    before = trPr.find(qn("w:gridBefore"))
    return int(before.get(qn("w:val"))) if before is not None else 0
