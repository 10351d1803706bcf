"""Write a table read from a real plan out again as DOCX, PDF or a pseudographic text table,
so each front end can be checked against the HTML reading of the same cells (no binary fixtures)."""
from __future__ import annotations

import textwrap
from pathlib import Path
from xml.sax.saxutils import escape

from graph.tables.model import Table

REAL = Path(__file__).resolve().parents[1] / "data" / "real"


def texts(table: Table) -> list[list[str]]:
    """The table's grid as texts (a spanning cell in every slot it covers), spaces normalised;
    rows with nothing in them left out."""
    rows = [[" ".join(c.text.split()) if c else "" for c in row] for row in table.grid()]
    return [row for row in rows if any(row)]


def spans(table: Table) -> list[list[tuple[int, int, int]]]:
    """(column, colspan, rowspan) of each cell that has text, row by row."""
    return [[(c.column, c.colspan, c.rowspan) for c in row.cells if c.text.strip()] for row in table.rows
            if any(c.text.strip() for c in row.cells)]


def write_docx(path: Path, table: Table, *, heading: str | None = None, paragraphs: tuple[str, ...] = (),
               list_numbers: bool = False) -> Path:
    """With `list_numbers`, cells that say only «N.» are written as Word's numbered list
    paragraphs (style «List Number») with no text: Word draws the number."""
    import re

    import docx

    document = docx.Document()
    if heading:
        document.add_heading(heading, level=2)
    for text in paragraphs:
        document.add_paragraph(text)
    out = document.add_table(rows=len(table.rows), cols=table.width)
    out.style = "Table Grid"
    for r, row in enumerate(table.rows):
        for cell in row.cells:
            target = out.cell(r, cell.column)
            if cell.colspan > 1 or cell.rowspan > 1:
                target = target.merge(out.cell(r + cell.rowspan - 1, cell.column + cell.colspan - 1))
            lines = cell.text.split("\n")
            if list_numbers and re.fullmatch(r"\d+\.", cell.text):
                target.paragraphs[0].style = document.styles["List Number"]
                continue
            target.paragraphs[0].text = lines[0]
            for line in lines[1:]:
                target.add_paragraph(line)
    document.save(path)
    return path


def cyrillic_font() -> str:
    """A TrueType font with Cyrillic glyphs: matplotlib (a dependency) ships DejaVu Sans."""
    import matplotlib
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    name = "DejaVuSans"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf")))
    return name


def write_pdf(path: Path, table: Table, *, heading: str | None = None, after: tuple[str, ...] = (),
              page_numbers: bool = False) -> Path:
    """The table drawn with cell borders (so pdfplumber finds it ruled), split over pages as it runs long;
    `after`: lines printed after the table (a glossary list); with `page_numbers`, each page's number
    printed at its foot."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table as PdfTable, TableStyle

    font = cyrillic_font()
    style = getSampleStyleSheet()["Normal"].clone("cell", fontName=font, fontSize=7, leading=9)
    data = [["" for _ in range(table.width)] for _ in table.rows]
    commands = [("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    for r, row in enumerate(table.rows):
        for cell in row.cells:
            data[r][cell.column] = Paragraph("<br/>".join(escape(line) for line in cell.text.split("\n")), style)
            if cell.colspan > 1 or cell.rowspan > 1:
                commands.append(("SPAN", (cell.column, r), (cell.column + cell.colspan - 1, r + cell.rowspan - 1)))
    # wide enough for each column's longest word (reportlab would break it), the rest shared by text length
    cells = [[c for row in table.rows for c in row.cells if c.column == j and c.colspan == 1] for j in range(table.width)]
    word = [max((len(w) for c in column for w in c.text.split()), default=1) * 5.0 + 14 for column in cells]
    longest = [max((len(c.text) for c in column), default=1) ** 0.5 for column in cells]
    page = A4 if sum(word) < A4[0] - 80 else (A4[1], A4[0])
    usable = page[0] - 80
    spare = usable - sum(word)
    widths = [w + spare * n / sum(longest) for w, n in zip(word, longest)]
    story = [Paragraph(escape(heading), style.clone("h", fontSize=12, leading=14))] if heading else []
    story.append(PdfTable(data, colWidths=widths, style=TableStyle(commands)))
    story += [Paragraph(escape(text), style) for text in after]  # lines after the table (a glossary list)

    def foot(canvas, doc):
        if page_numbers:
            canvas.setFont(font, 9)
            canvas.drawCentredString(page[0] / 2, 20, str(doc.page))

    SimpleDocTemplate(str(path), pagesize=page, leftMargin=40, rightMargin=40).build(story, onFirstPage=foot, onLaterPages=foot)
    return path


def write_pseudographic(table: Table, widths: list[int], *, column: str = "!", row: str = "-",
                        row_rules: bool = True, border: bool = True, header_rows: int = 1) -> list[str]:
    """The table as a pseudographic text table with intact spacing: each cell's text wrapped into its
    column, every printed line holding a fragment (or blanks) of every column. Without `row_rules`
    only the first `header_rows` rows and the table's end are ruled."""
    def rule(char: str) -> str:
        return char * (sum(widths) + len(widths) + 1)

    lines = [rule(row)]
    for r, printed in enumerate(table.rows):
        wrapped = []
        for cell in printed.cells:
            width = sum(widths[cell.column:cell.column + cell.colspan]) + cell.colspan - 1
            fragments = [part for line in cell.text.split("\n")
                         for part in textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False)]
            wrapped.append((cell, width, fragments))
        for k in range(max((len(f) for _, _, f in wrapped), default=0)):
            parts, column_at = [], 0
            for cell, width, fragments in wrapped:
                while column_at < cell.column:  # a column this row prints nothing in
                    parts.append(" " * widths[column_at])
                    column_at += 1
                parts.append((fragments[k] if k < len(fragments) else "").ljust(width))
                column_at = cell.column + cell.colspan
            while column_at < len(widths):
                parts.append(" " * widths[column_at])
                column_at += 1
            inner = column.join(parts)
            lines.append(f"{column}{inner}{column}" if border else inner)
        if row_rules or r < header_rows or r == len(table.rows) - 1:
            lines.append(rule(row))
    return lines
