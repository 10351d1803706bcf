"""A plan table's header: which rows are the header, and what each column holds.

Columns are recognised by what their header says (graph/data/plan-columns.tsv),
never by position: «Мероприятие» may stand second or fourth, executors before
or after the deadline. A header may span several rows (a group header over
sub-columns, «Объем финансирования» over «2021 | 2022»); each grid column's
header text is its cells from top to bottom. The row that only numbers the
columns («1 2 3 4 5») and a header repeated after a page break are recognised
so the reader can skip them. A column no role matches is kept, as printed,
under its header text.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from ..tables.model import Cell, Table

DATA = Path(__file__).resolve().parent.parent / "data" / "plan-columns.tsv"

# Roles a plan table must have: a measure column and at least one of these.
REQUIRED_WITH_TITLE = ("deadline", "executors")
# How many top rows may be header rows.
_MAX_HEADER_ROWS = 6


@dataclass(frozen=True)
class Role:
    name: str
    pattern: re.Pattern


@lru_cache(maxsize=1)
def roles() -> tuple[Role, ...]:
    with DATA.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return tuple(Role(r["role"], re.compile(r["patterns"])) for r in rows)


def letters(text: str) -> str:
    """Lower case, ё→е, only letters and «№»: the key header patterns see."""
    return re.sub(r"[^a-zа-я№]", "", text.lower().replace("ё", "е"))


def role_of(text: str) -> str | None:
    """The role a header cell's text names, or None."""
    key = letters(text)
    if not key:
        return None
    return next((role.name for role in roles() if role.pattern.search(key)), None)


@dataclass(frozen=True)
class Unit:
    """The unit a cost header states: «(тыс. тенге)» → 1000 KZT."""

    currency: str | None
    multiplier: Decimal


_MULTIPLIERS = (("млрд", Decimal(10) ** 9), ("млн", Decimal(10) ** 6), ("тыс", Decimal(1000)))
_CURRENCIES = (("тенге", "KZT"), ("сом", "KGS"), ("руб", "RUB"), ("долл", "USD"))


def unit_of(text: str) -> Unit | None:
    key = text.lower()
    currency = next((code for word, code in _CURRENCIES if word in key), None)
    multiplier = next((m for word, m in _MULTIPLIERS if word in key), Decimal(1))
    return Unit(currency, multiplier) if currency or multiplier != 1 else None


@dataclass
class Header:
    """What the header rows say: one entry per grid column."""

    rows: int                    # how many of the table's first rows are the header
    texts: list[str]             # each grid column's header text, as printed (rows joined by « / »)
    roles: list[str | None]      # each grid column's role, None when no role matches
    units: list[Unit | None] = field(default_factory=list)
    numbering_rows: list[int] = field(default_factory=list)  # 0-based rows that only number the columns
    row_texts: list[list[str]] = field(default_factory=list)  # each header row's texts per grid column

    def column(self, role: str) -> int | None:
        """The first grid column of a role."""
        return next((i for i, r in enumerate(self.roles) if r == role), None)

    def columns(self, role: str) -> list[int]:
        return [i for i, r in enumerate(self.roles) if r == role]

    @property
    def is_plan(self) -> bool:
        return "title" in self.roles and any(r in self.roles for r in REQUIRED_WITH_TITLE)

    def repeats(self, texts: list[str]) -> bool:
        """True for a row that repeats a header row (a header printed again after a page break)."""
        for printed in self.row_texts:
            pairs = [(letters(a), letters(b)) for a, b in zip(texts, printed) if a or b]
            if len({a for a, _ in pairs if a}) >= 2 and all(a == b for a, b in pairs):
                return True
        return False


def _text(cell: Cell | None) -> str:
    return " ".join(cell.text.split()) if cell else ""


def _joined(*parts: str) -> str:
    """Header fragments of one column, top to bottom; a hyphen at a break joins the word."""
    out = ""
    for part in filter(None, parts):
        if not out:
            out = part
        elif out.endswith("-"):
            out = out[:-1] + part
        else:
            out = f"{out} / {part}"
    return out


def is_numbering(texts: list[str]) -> bool:
    """«1 2 3 4 5»: every filled cell a column number, in order from 1."""
    filled = [t for t in texts if t]
    return len(filled) >= 2 and all(re.fullmatch(r"\d{1,2}\.?", t) for t in filled) and \
        [int(t.rstrip(".")) for t in filled] == list(range(1, len(filled) + 1))


def read_header(table: Table) -> Header | None:
    """The header of a table, or None when its first rows name no column at all."""
    grid = table.grid()
    header_rows, numbering = 0, []
    for r, slots in enumerate(grid[:_MAX_HEADER_ROWS]):
        texts = [_text(c) for c in slots]
        distinct = {id(c) for c in slots if c is not None and c.text.strip()}
        named = sum(1 for c in {id(c): c for c in slots if c is not None}.values() if role_of(c.text))
        all_header = all(c is None or c.header or not c.text.strip() for c in slots)
        if is_numbering(texts) and header_rows:
            numbering.append(r)
            header_rows = r + 1
            break
        if named >= 2 or (header_rows and all_header and len(distinct) >= 1 and not _looks_like_body(texts)):
            header_rows = r + 1
        else:
            break
    if not header_rows:
        return None
    per_column = [[] for _ in range(table.width)]
    for slots in grid[:header_rows]:
        for i, cell in enumerate(slots):
            if grid.index(slots) in numbering:
                continue
            text = _text(cell)
            if text and (not per_column[i] or per_column[i][-1] != text):
                per_column[i].append(text)
    texts = [_joined(*parts) for parts in per_column]
    column_roles = [_role(parts) for parts in per_column]
    row_texts = [[_text(c) for c in slots] for r, slots in enumerate(grid[:header_rows]) if r not in numbering]
    return Header(header_rows, texts, column_roles, [unit_of(t) if r == "cost" else None
                                                     for t, r in zip(texts, column_roles)], numbering, row_texts)


def _role(parts: list[str]) -> str | None:
    """A column's role from its header fragments: the whole text first, then each fragment."""
    return role_of(" ".join(parts)) or next((r for r in map(role_of, parts) if r), None)


def _looks_like_body(texts: list[str]) -> bool:
    first = next((t for t in texts if t), "")
    return bool(re.match(r"^\d+(\.\d+)*\.?\s", first + " ")) and len([t for t in texts if t]) > 1
