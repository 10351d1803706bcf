"""Tab-separated table rows as the PDF/Word extraction leaves them."""
from __future__ import annotations

from dataclasses import dataclass

from ..normalize.text import clean


@dataclass(frozen=True)
class Row:
    """One non-blank line of the document, split into cells at tabs."""

    line: int
    raw: str
    cells: tuple[str, ...]  # cleaned text of each cell

    @classmethod
    def of(cls, line: int, raw: str) -> "Row":
        return cls(line, raw, tuple(clean(c) for c in raw.split("\t")))

    def cell(self, index: int) -> str:
        return self.cells[index] if index < len(self.cells) else ""

    @property
    def width(self) -> int:
        return len(self.raw.split("\t"))

    @property
    def filled(self) -> list[tuple[int, str]]:
        """(index, text) of the non-empty cells."""
        return [(i, c) for i, c in enumerate(self.cells) if c]


def rows(lines, start: int = 1, stop: int | None = None) -> list[Row]:
    """The non-blank lines from line `start` up to (not including) `stop`, as rows."""
    stop = stop or len(lines) + 1
    return [Row.of(n, lines[n - 1]) for n in range(start, stop) if lines[n - 1].strip()]


def join(*parts: str | None) -> str:
    """Join text fragments that a page break or a cell split apart."""
    return " ".join(p for p in parts if p)


def blank_lines(lines, start: int = 1, stop: int | None = None) -> list[int]:
    """The 1-based numbers of the blank lines from `start` up to (not including) `stop`."""
    stop = stop or len(lines) + 1
    return [n for n in range(start, stop) if not lines[n - 1].strip()]


def table_rows_above(lines, header: int, is_row) -> list[Row]:
    """Tab-separated lines above the header that `is_row` takes for a table row (a numbered row
    moved above the header): the title block must not swallow them."""
    found = (Row.of(n, lines[n - 1]) for n in range(1, header) if "\t" in lines[n - 1])
    return [row for row in found if is_row(row)]
