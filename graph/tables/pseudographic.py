"""Pseudographic text tables → the document model.

A table is drawn with column rules (`!` `|` `¦` `│` …) and row rules (`---` `___` `===`
`─` …); each printed line holds a fragment of every column. Where the spacing is
intact, the rule characters' columns give the cell boundaries, and a cell is rebuilt
from the fragments of many lines (joined by "\\n"; hyphenated words are not rejoined
here — `rejoin()` does it for whoever needs it, the layout layer included). A row
ends at a row rule or where a new number starts in the first column.

Where the spacing was collapsed (runs of spaces squeezed to one, body lines printed
without rules), positions mean nothing: the header is rebuilt from the rule-split
header lines and the body lines go to `graph.tables.collapsed.rebuild`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Cell, Paragraph, Position, Row, Table

COLUMN_RULES = "!|¦│┃║"
_ROW_RULE = "-_=─━═"
_JUNCTIONS = "+┼├┤┌┐└┘┬┴╋╬╠╣╦╩╔╗╚╝┏┓┗┛┣┫┳┻╪╫╞╡╤╧╟╢"
_RULE_LINE = _ROW_RULE + _JUNCTIONS + COLUMN_RULES + " "
_COLUMN_RULE = re.compile(f"[{re.escape(COLUMN_RULES)}]")
_MIN_RULE = 10
_RULE_RUN = re.compile(f"[{re.escape(_ROW_RULE)}]{{3}}")  # row-rule characters a line needs to be a rule
# a measure's number opening the first column's fragment: «1.», «3.10.», «12», «IV.», or «1. Создать …»
_NUMBER = re.compile(r"^(\d+(\.\d+)*\.?|[IVXLCІѴХ]+\.)$|^(\d+(\.\d+)*\.|[IVXLCІѴХ]+\.)\s")
_HEADING_MARK = re.compile(r"^\s*#{1,6}\s+")
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass
class Region:
    """Where a pseudographic table was printed (0-based line indexes)."""

    start: int              # its first line: the top rule or the first header line
    end: int                # one past its last line (the closing rule included)
    header: list[int]       # header lines (column lines and rules inside the header)
    header_rule: int        # the rule under the header
    body: list[int]         # non-blank lines after the header rule, up to the closing rule
    collapsed: bool
    closing: int | None = None
    boundaries: list[int] = field(default_factory=list)  # rule columns (intact tables)


def is_rule(line: str) -> bool:
    """A row rule: row-rule characters (and junctions or column rules), nothing else;
    also a rule printed as a markdown heading («## ____»)."""
    if not _RULE_RUN.search(line):  # most lines: no run of rule characters at all
        return False
    text = _HEADING_MARK.sub("", line).strip() if "#" in line else line.strip()
    if sum(text.count(ch) for ch in _ROW_RULE) < _MIN_RULE:
        return False
    return not text.strip(_RULE_LINE)  # nothing left once rule characters are stripped


def column_rules(line: str) -> list[int]:
    """The character columns of the column rules printed on a line."""
    return [m.start() for m in _COLUMN_RULE.finditer(line)]


def is_column_line(line: str) -> bool:
    return not is_rule(line) and len(column_rules(line)) >= 2 and not _HEADING_MARK.match(line)


def rejoin(fragments: list[str]) -> str:
    """Fragments of one cell as one text: a word broken by a hyphen at a fragment's end is
    rejoined when the next fragment goes on in lower case («Предпо-», «лагае-», «мые»); the other
    fragments are joined by a space."""
    text = ""
    for fragment in (f.strip() for f in fragments):
        if not fragment:
            continue
        if len(text) > 1 and text.endswith("-") and text[-2].isalpha() and fragment[0].islower():
            text = text[:-1] + fragment
        else:
            text = f"{text} {fragment}" if text else fragment
    return text


def find_tables(lines: list[str] | tuple[str, ...]) -> list[Region]:
    """Every pseudographic table of a text, in order."""
    kinds = [_kind(line) for line in lines]
    regions: list[Region] = []
    i = 0
    while i < len(lines):
        if kinds[i] != "column":
            i += 1
            continue
        region = _region_at(lines, kinds, i)
        if region is None:
            i += 1
            continue
        regions.append(region)
        i = region.end
    return regions


def _kind(line: str) -> str:
    if not line.strip():
        return "blank"
    if _FENCE.match(line):
        return "fence"
    if is_rule(line):
        return "rule"
    if is_column_line(line):
        return "column"
    return "text"


def _region_at(lines, kinds: list[str], first: int) -> Region | None:
    """The table whose first column line is `first`, or None when no rule follows it."""
    run = _run(kinds, first)
    rules = [k for k in run if kinds[k] == "rule"]
    if not rules:
        return None
    before = next((k for k in range(first - 1, -1, -1) if kinds[k] != "blank"), None)
    start = before if before is not None and kinds[before] == "rule" else first
    left, right = _extent(lines, [start] + run)
    for candidate in (_run(kinds, first, lines=lines, within=(left, right)), run):
        columns = [k for k in candidate if kinds[k] == "column"]
        full = [k for k in candidate if kinds[k] == "rule" and _full_rule(lines[k], left, right)] or rules
        body_inside = [k for k in columns if k > full[0]]
        boundaries = _aligned(lines, columns)
        if boundaries is not None and body_inside:
            return _intact_region(lines, kinds, start, first, candidate, boundaries, full[0])
    # Collapsed: the header is the run (its last rule closes it); the body runs to the next rule.
    header_rule = rules[-1]
    header = [k for k in run if k < header_rule and k >= first]
    body, closing, end = [], None, len(lines)
    for k in range(header_rule + 1, len(lines)):
        if kinds[k] in ("rule", "fence"):
            closing = k if kinds[k] == "rule" else None
            end = k + 1 if kinds[k] == "rule" else k
            break
        if kinds[k] != "blank":
            body.append(k)
    return Region(start, end, header, header_rule, body, collapsed=True, closing=closing)


def _run(kinds: list[str], first: int, *, lines=None, within: tuple[int, int] | None = None,
         most: int = 3) -> list[int]:
    """The non-blank column and rule lines from `first` on. With `within`, a few text lines between
    them (at most `most` in a row, inside the table's extent) are taken too: a row printed across a
    table drawn without outer borders has no rule on it."""
    run: list[int] = []
    k = first
    while k < len(kinds):
        if kinds[k] == "blank":
            k += 1
            continue
        if kinds[k] in ("column", "rule"):
            run.append(k)
            k += 1
            continue
        if within is None or not run:
            break
        texts = []
        j = k
        while j < len(kinds) and kinds[j] in ("text", "blank") and len(texts) <= most:
            if kinds[j] == "text":
                texts.append(j)
            j += 1
        left, right = within
        inside = all(len(lines[t]) - len(lines[t].lstrip()) >= left and len(lines[t].rstrip()) <= right + 1 for t in texts)
        if len(texts) > most or j >= len(kinds) or kinds[j] not in ("column", "rule") or not inside:
            break
        run.extend(texts)
        k = j
    return run


def _aligned(lines, columns: list[int], tolerance: int = 1) -> list[int] | None:
    """The rule columns shared by the column lines when their spacing is intact, else None:
    every line's rules fall on the rules of the line that has the most."""
    widest = max(columns, key=lambda k: len(column_rules(lines[k])))
    positions = column_rules(lines[widest])
    for k in columns:
        for p in column_rules(lines[k]):
            if not any(abs(p - q) <= tolerance for q in positions):
                return None
    return positions


def _intact_region(lines, kinds, start: int, first: int, run: list[int], boundaries: list[int], header_rule: int) -> Region:
    """The header before the header rule; the body after it, up to a closing rule (the run's last line)."""
    header = [k for k in run if first <= k < header_rule]
    last = run[-1]
    closing = last if kinds[last] == "rule" and last > header_rule else None
    body = [k for k in run if header_rule < k and k != closing]
    return Region(start, last + 1, header, header_rule, body, collapsed=False, closing=closing, boundaries=boundaries)


def _extent(lines, run: list[int]) -> tuple[int, int]:
    spans = [(len(lines[k]) - len(lines[k].lstrip()), len(lines[k].rstrip())) for k in run]
    return min(a for a, _ in spans), max(b for _, b in spans)


def _full_rule(line: str, left: int, right: int, slack: int = 2) -> bool:
    """A rule across the whole table (not a sub-rule under a group header): no gap, edge to edge."""
    text = line.rstrip()
    indent = len(text) - len(text.lstrip())
    return indent <= left + slack and len(text) >= right - slack and " " not in text.strip()


# ------------------------------------------------------------------ reading a region

def read_region(lines, region: Region, *, number: int) -> list:
    """The blocks a region yields: its table, and for a collapsed one the lines the rebuild left."""
    if region.collapsed:
        return _read_collapsed(lines, region, number)
    return [_read_intact(lines, region, number)]


def collapsed_header(lines, region: Region) -> list[str]:
    """The column labels of a collapsed table: its header lines split at the column rules, the
    fragments of each column rejoined (`rejoin`). A line with fewer fields than the widest is a group
    header over sub-columns when its fields divide the columns evenly; its labels prefix theirs."""
    rows = [_fields(lines[k]) for k in region.header if not is_rule(lines[k])]
    if not rows:
        return []
    width = max(len(r) for r in rows)
    columns: list[list[str]] = [[] for _ in range(width)]
    for fields in rows:
        if len(fields) == width:
            for j, text in enumerate(fields):
                columns[j].append(text)
        elif len(fields) > 1 and (width - 1) % (len(fields) - 1) == 0:
            share = (width - 1) // (len(fields) - 1)
            columns[0].append(fields[0])
            for j, text in enumerate(fields[1:]):
                for s in range(share):
                    columns[1 + j * share + s].append(text)
        else:  # fields that cannot be placed: keep them in order in the first columns rather than drop them
            for j, text in enumerate(fields):
                columns[j].append(text)
    return [rejoin(fragments) for fragments in columns]


def _fields(line: str) -> list[str]:
    return [f.strip() for f in re.split(f"[{re.escape(COLUMN_RULES)}]", line.strip())]


def _read_collapsed(lines, region: Region, number: int) -> list:
    header = collapsed_header(lines, region)
    body = [(k + 1, lines[k]) for k in region.body]
    try:
        from .collapsed import rebuild  # written separately; imported only when a collapsed table is met
    except ModuleNotFoundError as exc:
        if exc.name != f"{__package__}.collapsed":
            raise
        return [_unsplit(header, body, region, number)]
    table, rest = rebuild(header, body, table=number)
    return [table] + [Paragraph(text.strip(), Position(line=n), lines=(n,)) for n, text in rest if text.strip()]


def _unsplit(header: list[str], body: list[tuple[int, str]], region: Region, number: int) -> Table:
    """Without the rebuild: the header as printed columns and every body line whole, across the table."""
    width = max(1, len(header))
    first = region.header[0] + 1 if region.header else region.header_rule + 1
    rows = [Row([Cell(text, j, header=True, lines=(first,), position=Position(line=first, table=number, row=1, cell=j + 1))
                 for j, text in enumerate(header)], Position(line=first, table=number, row=1))]
    for n, text in body:
        r = len(rows) + 1
        rows.append(Row([Cell(text.strip(), 0, colspan=width, lines=(n,), note="spacing collapsed: line not split into columns",
                              position=Position(line=n, table=number, row=r, cell=1))], Position(line=n, table=number, row=r)))
    return Table(rows, width, Position(line=region.start + 1, table=number), format="collapsed")


def _read_intact(lines, region: Region, number: int) -> Table:
    edges = _edges(lines, region)
    width = len(edges) - 1
    rows: list[Row] = []
    for band in _bands(lines, region.header):
        rows.extend(_header_band(lines, band, edges, number, rows))
    current: dict[int, list] | None = None
    spans: list[tuple[int, int]] = []
    for k in region.body + [None]:
        if k is None or is_rule(lines[k]):
            if current:
                rows.append(_row(current, spans, number, len(rows) + 1))
            current = None
            continue
        pieces = _split(lines[k], edges)
        starts_number = bool(pieces) and pieces[0][0] == 0 and pieces[0][1] == 1 and _NUMBER.match(pieces[0][2])
        spanning = any(b - a > 1 for a, b, _ in pieces)
        if current is not None and (spanning or starts_number and current.get(0)):
            rows.append(_row(current, spans, number, len(rows) + 1))
            current = None
        if current is None:
            current, spans = {}, [(a, b) for a, b, _ in pieces]
        for a, b, text in pieces:
            owner = next((s for s in spans if s[0] <= a < s[1]), (a, b))
            if owner not in spans:
                spans.append(owner)
            if text:
                current.setdefault(owner[0], []).append((k + 1, text))
        if spanning:  # a group row printed across columns is a row of its own
            rows.append(_row(current, spans, number, len(rows) + 1))
            current = None
    return Table(rows, width, Position(line=region.start + 1, table=number), format="pseudographic")


def _edges(lines, region: Region) -> list[int]:
    """Cell boundaries: the rule columns, plus the text's edges when a column is printed outside the rules."""
    positions = list(region.boundaries)
    texts = [lines[k] for k in region.header + region.body if not is_rule(lines[k])]
    left = min(len(t) - len(t.lstrip()) for t in texts)
    right = max(len(t.rstrip()) for t in texts)
    edges = positions[:]
    if left < positions[0]:
        edges.insert(0, left - 1)
    if right > positions[-1] + 1:
        edges.append(right)
    return edges


def _split(line: str, edges: list[int]) -> list[tuple[int, int, str]]:
    """The line's fragments as (first column, end column, text): a fragment covers several
    columns where the line has no rule at their boundary (a group row, a header over sub-columns)."""
    present = [0]
    for j in range(1, len(edges) - 1):
        if any(0 <= p < len(line) and line[p] in COLUMN_RULES for p in (edges[j], edges[j] - 1, edges[j] + 1)):
            present.append(j)
    present.append(len(edges) - 1)
    pieces = []
    for a, b in zip(present, present[1:]):
        lo, hi = edges[a] + 1, edges[b]
        text = line[max(lo, 0):hi].strip(COLUMN_RULES + " ")
        pieces.append((a, b, " ".join(text.split())))
    return pieces


def _bands(lines, header: list[int]) -> list[list[int]]:
    """Header lines grouped between the sub-rules under group headers."""
    bands, band = [], []
    for k in header:
        if is_rule(lines[k]):
            if band:
                bands.append(band)
            band = []
        elif lines[k].strip():
            band.append(k)
    if band:
        bands.append(band)
    return bands


def _header_band(lines, band: list[int], edges: list[int], number: int, rows: list[Row]) -> list[Row]:
    """One printed header row: cells over the columns its rules divide; an empty cell under a header
    cell of the same columns extends that cell down (rowspan) instead of printing nothing."""
    spans: dict[tuple[int, int], list] = {}
    order: list[tuple[int, int]] = []
    for k in band:
        for a, b, text in _split(lines[k], edges):
            # a line without a rule where others of its band have one holds a fragment of one column
            owner = next((s for s in order if s[0] <= a < s[1] or a <= s[0] < b), None)
            if owner is None:
                owner = (a, b)
                order.append(owner)
                spans[owner] = []
            if text:
                spans[owner].append((k + 1, text))
    cells = []
    r = len(rows) + 1
    above = {(c.column, c.column + c.colspan): c for row in rows for c in row.cells}
    for a, b in sorted(order):
        fragments = spans[(a, b)]
        if not fragments and (a, b) in above:
            above[(a, b)].rowspan += 1
            continue
        cells.append(Cell("\n".join(t for _, t in fragments), a, colspan=b - a, header=True,
                          lines=tuple(n for n, _ in fragments),
                          position=Position(line=fragments[0][0] if fragments else band[0] + 1, table=number, row=r,
                                            cell=len(cells) + 1)))
    return [Row(cells, Position(line=band[0] + 1, table=number, row=r))] if cells else []


def _row(current: dict[int, list], spans: list[tuple[int, int]], number: int, r: int) -> Row:
    cells = []
    for a, b in sorted(spans):
        fragments = current.get(a, [])
        if not fragments:
            continue
        cells.append(Cell("\n".join(t for _, t in fragments), a, colspan=b - a, lines=tuple(sorted({n for n, _ in fragments})),
                          position=Position(line=fragments[0][0], table=number, row=r, cell=len(cells) + 1)))
    first = min((c.position.line for c in cells), default=None)
    return Row(cells, Position(line=first, table=number, row=r))
