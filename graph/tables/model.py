"""The document model every input format yields and the layout layer reads.

A front end (HTML, markdown, DOCX, PDF, pseudographic or tab-separated text)
turns a file into a `Document`: its blocks in reading order — paragraphs
(headings included) and tables. A `Table` is rows of `Cell`s as printed, with
their column and row spans and where each was printed (`Position`). Nothing
here knows what a plan is: recognising header rows, columns, groups and
measures is the layout layer's job (graph/readers/plans.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Position:
    """Where a piece of text was printed; each part is 1-based, None when the format has no such thing."""

    line: int | None = None   # line of the source text (text, markdown, HTML)
    table: int | None = None  # table of the document
    row: int | None = None    # row of that table
    cell: int | None = None   # cell of that row, in printed order
    page: int | None = None   # PDF page
    paragraph: int | None = None  # paragraph of the document, in reading order (set by graph.tables.load)

    def __str__(self) -> str:
        parts = [f"{name} {value}" for name, value in
                 (("page", self.page), ("table", self.table), ("row", self.row), ("cell", self.cell))
                 if value is not None]
        if self.paragraph is not None and self.table is None:
            parts.append(f"paragraph {self.paragraph}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        return ", ".join(parts) or "unknown position"


@dataclass
class Cell:
    """One printed cell.

    `text` is what the cell says, its printed lines or paragraphs joined by "\\n"
    (a front end does not rejoin hyphenated words; the layout layer does).
    `column` is the 0-based grid column the cell starts at, after the spans of
    the rows above; `lines` are the source lines its text came from.
    `note` says why the text may not be exactly one printed cell (a cell rebuilt
    from interleaved fragments, a ditto mark, a guess at a boundary).
    """

    text: str
    column: int
    colspan: int = 1
    rowspan: int = 1
    header: bool = False  # printed as a header cell (<th>, a repeated header row, above the header rule)
    bold: bool = False    # the whole text is bold (<strong>, <b>, bold runs)
    lines: tuple[int, ...] = ()
    position: Position = field(default_factory=Position)
    note: str | None = None


@dataclass
class Row:
    """The cells that start in one printed row, in column order."""

    cells: list[Cell]
    position: Position = field(default_factory=Position)

    @property
    def lines(self) -> tuple[int, ...]:
        return tuple(sorted({n for c in self.cells for n in c.lines} | ({self.position.line} - {None})))


@dataclass
class Table:
    """A printed table: rows of cells with spans. `width` is the number of grid columns."""

    rows: list[Row]
    width: int
    position: Position = field(default_factory=Position)
    format: str = "html"  # 'html' | 'docx' | 'pdf' | 'pseudographic' | 'collapsed' | 'tsv' | 'markdown' (pipe table)

    def grid(self) -> list[list[Cell | None]]:
        """Each row as `width` slots: a spanning cell stands in every slot it covers
        (the same object), a slot nothing covers is None."""
        grid: list[list[Cell | None]] = [[None] * self.width for _ in self.rows]
        for r, row in enumerate(self.rows):
            for cell in row.cells:
                for dr in range(cell.rowspan):
                    if r + dr >= len(grid):
                        break
                    for dc in range(cell.colspan):
                        if cell.column + dc < self.width:
                            grid[r + dr][cell.column + dc] = cell
        return grid


@dataclass
class Paragraph:
    """Text outside tables: a paragraph, a heading (level 1–6), a quoted or fenced line."""

    text: str
    position: Position = field(default_factory=Position)
    heading: int | None = None
    bold: bool = False
    italic: bool = False
    lines: tuple[int, ...] = ()


Block = Paragraph | Table


@dataclass
class Document:
    """A file's blocks in reading order. `format` names the front end that read it."""

    blocks: list[Block]
    format: str  # 'markdown' | 'html' | 'docx' | 'pdf' | 'text'
    path: str | None = None  # the file read, for messages
    notes: list[str] = field(default_factory=list)  # what the front end assumed (an encoding, a fallback)

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]
