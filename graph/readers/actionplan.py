"""Reader for action plans as published: any format, any column order, any grouping.

The front ends (graph/tables/) turn HTML, markdown, DOCX, PDF and text tables
into one document model; this module reads the plan out of it:

1. **Plan tables** are the tables whose header names a measure column and a
   deadline or executors column (graph/layout/columns.py). Other tables —
   statistics, passports, budgets by district — are left out with a finding; a
   glossary of abbreviations is read from a table or list after «Расшифровка
   аббревиатур». A table without a header right after a plan table of the same
   width continues it (a page break in a PDF or Word file).
2. **Rows.** Blank rows, the row of column numbers and a header repeated after a
   page break are skipped (and recorded as skipped). A row whose only text is
   one cell across the table (or a bold or «Задача N.»/«II.»/«…:» line in the
   first columns), and a heading between plan tables, opens a **group**. A row
   with a number («1», «1.», «1.1.», «3.10.», also at the start of the measure
   cell) opens a **measure**; in a plan that numbers its measures, a row without
   a number continues the measure above (a cell split by a page break, a
   lettered sub-item, a stage row); in a plan that does not, every row is a
   measure. Ditto marks («__», «-/-», «-"-») repeat the cell above, and the
   record says so.
3. **Cells** are normalised by the shared normalisers: deadlines, executors
   (the document's glossary first, then the registry; akimat phrases expanded),
   costs in the unit the header states, funding sources; columns no role
   matches are kept under their printed header.
4. **The act around the plan** (graph/layout/act.py): title, approving act,
   issuer, year, amendment footnotes.

The pieces of the genre live in graph/layout/: columns.py (headers → roles),
groups.py (group rows), glossary.py, cells.py (a cell's text, broken words), act.py.

Every record carries its lines (for text formats) and its table and rows; every
row of a plan table ends in a record, in `records.skipped` with its reason, or
in a finding.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..accounting import unaccounted_blocks
from ..layout import act as acts
from ..layout.cells import NO_WORDS, TYPESET, Words, cell_text
from ..layout.glossary import read_glossary
from ..layout.groups import group_parts, is_group_row
from ..layout.columns import Header, Unit, is_numbering, read_header
from ..normalize.costs import find_funding, parse_cost
from ..normalize.deadlines import parse_deadline
from ..normalize.organisations import Directory
from ..normalize.targets import find_targets
from ..normalize.text import clean
from ..normalize.vocabularies import find_beneficiaries, find_programs
from ..records import (Amendment, Cost, DocumentRecords, Measure, Plan, Provenance, Skipped, Task)
from ..tables.model import Cell, Document, Paragraph, Table
from .common import detect_country, executors_and_mentions, plan_id

LAYOUT = "action-plan"
# Roles whose cells a measure keeps as fields; any other column goes to `extra`.
_FIELDS = ("number", "title", "form", "deadline", "executors", "cost", "funding", "person")

_NUMBER = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*)\.?\)?$")
_LEADING_NUMBER = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*\.)\s*(?=[А-ЯЁA-Z«\"(])")
_LETTERED = re.compile(r"^[а-яa-z]\)")
_DITTO = re.compile(r'^["«“]?(?:_{2,}|-\s*/{1,2}\s*-|-\s*["«»“”]\s*-|["«»“”]{1,2}|то\s+же)["»”]?$', re.I)


# --------------------------------------------------------------------------- entry points


def read(source, context) -> DocumentRecords:
    from ..tables import load  # the front ends, by the content of the file

    return read_document_model(load(source), source, context)


def read_document_model(document: Document, source, context) -> DocumentRecords:
    tables = _plan_tables(document)
    if not tables:
        raise source.error(_no_plan_message(document))
    first = document.blocks.index(tables[0][0])
    paragraphs_before = [b for b in document.blocks[:first] if isinstance(b, Paragraph)]
    glossary = read_glossary(document, source)
    country = detect_country(_texts(document))
    directory = Directory.from_glossary([(g.abbreviation, g.expansion) for g in glossary], country)
    plan = _plan(document, paragraphs_before, country, source)
    if country is None:
        context.report("unknown-country", "the document names no country it is a plan of; places and akimats "
                       "are not resolved", plan.prov.lines, None)
    records = DocumentRecords(plan=plan, glossary=glossary)
    _skip_other_tables(document, tables, glossary, records, context)

    drafts = _Assembler(records, context, source).run(document, tables)
    _check_groups(drafts, records.tasks, context)
    _number(drafts, context)
    registered: dict[str, object] = {}
    for draft in drafts:
        records.measures.append(_measure(draft, plan, directory, context, registered))
    _link_parents(records.measures)
    for m in records.measures:
        if m.deadline.kind == "unspecified":
            context.report("no-deadline", f"measure {m.printed_number or m.number} has no deadline that a date can "
                           f"be read from: «{m.deadline.text}»", m.prov.lines, f"measure {m.number}", text=m.deadline.text)
    records.organisations = directory.organisations() + sorted(registered.values(), key=lambda o: o.id)
    _account_paragraphs(document, tables, records, context)
    context.findings += unaccounted_blocks(document, records, context.findings, source.id)  # nothing lost silently
    return records


_PAGE_NUMBER = re.compile(r"^[-–—\s]*\d{1,4}[-–—\s]*$")


def _account_paragraphs(document: Document, tables, records: DocumentRecords, context) -> None:
    """Skip, with its reason, each paragraph the records do not name: the act's text before the plan tables
    (the title, act and signatures are read from it), a page number, the text after the plan; a paragraph
    between plan tables that is no group heading may be a lost row: a finding."""
    first = document.blocks.index(tables[0][0])
    last = document.blocks.index(tables[-1][0])
    used = {n for prov in [records.plan.prov] + [a.prov for a in records.plan.amendments]
            + [g.prov for g in records.glossary] + [t.prov for t in records.tasks] for n in prov.lines}
    used_paragraphs = {n for t in records.tasks for n in t.prov.paragraphs}
    between = []
    for i, block in enumerate(document.blocks):
        if not isinstance(block, Paragraph) or not clean(block.text):
            continue
        lines = list(block.lines) or ([block.position.line] if block.position.line else [])
        if block.position.paragraph in used_paragraphs or (lines and set(lines) <= used):
            continue
        prov = Provenance(context.source.id, lines, pages=[block.position.page] if block.position.page else [],
                          paragraphs=[block.position.paragraph] if block.position.paragraph else [])
        if _PAGE_NUMBER.match(block.text):
            records.skipped.append(Skipped("page number", prov))
        elif i < first:
            records.skipped.append(Skipped("preamble", prov))
        elif i > last:
            records.skipped.append(Skipped("after the plan tables", prov))
        else:
            between.append((block, prov))
    if between:
        block, prov = between[0]
        context.report("paragraph-between-tables", f"{len(between)} paragraph(s) between plan tables are neither a "
                       f"group heading nor in a table, and are read into no measure (first: {block.position}: "
                       f"«{clean(block.text)[:80]}»)", sorted({n for _, p in between for n in p.lines}), None,
                       paragraphs=[n for _, p in between for n in p.paragraphs],
                       texts=[clean(b.text)[:80] for b, _ in between[:20]])


def _no_plan_message(document: Document) -> str:
    if not document.tables:
        return ("no table: a plan of measures is a table with a measure column («Мероприятие», «Наименование "
                "мероприятий») and a deadline or executors column")
    headers = [f"table {t.position.table or i} ({t.position}): «{' | '.join(_first_texts(t))[:120]}»"
               for i, t in enumerate(document.tables, 1)]
    return ("no plan table: no table's header names a measure column («Мероприятие», «Наименование …») together "
            "with a deadline («Срок …») or executors («Исполнители», «Ответственные …») column; tables found: "
            + "; ".join(headers))


def _first_texts(table: Table) -> list[str]:
    return [clean(c.text) for c in table.rows[0].cells] if table.rows else []


def _texts(document: Document) -> list[str]:
    out = [p.text for p in document.paragraphs]
    for table in document.tables:
        out += [c.text for row in table.rows for c in row.cells]
    return out


# --------------------------------------------------------------------------- which tables are the plan


# Rows above a table's header that may be rows moved or typed there (a body row above the header is a finding).
_MAX_ROWS_ABOVE_HEADER = 2


def _plan_tables(document: Document) -> list[tuple[Table, Header, int]]:
    """(table, header, rows before the body) of each plan table; a headerless table after one continues it."""
    found: list[tuple[Table, Header, int]] = []
    previous: Table | None = None
    for block in document.blocks:
        if not isinstance(block, Table):
            if isinstance(block, Paragraph) and not block.heading and clean(block.text) and found and previous is found[-1][0]:
                previous = None  # prose between tables: the next headerless table is not a continuation
            continue
        header, above = _header(block)
        if header and header.is_plan:
            found.append((block, header, above + header.rows))
        elif header is None and found and previous is found[-1][0] and block.width == found[-1][0].width:
            found.append((block, found[-1][1], 0))
        previous = block
    return found


def _header(table: Table) -> tuple[Header | None, int]:
    """The table's header and the number of rows above it: 0, or up to two rows that are not a plan header
    above rows that are (rows moved above the header or typed there)."""
    header = read_header(table)
    if header and header.is_plan or len(table.rows) <= _MAX_ROWS_ABOVE_HEADER + 1:
        return header, 0
    for above in range(1, _MAX_ROWS_ABOVE_HEADER + 1):
        rest = read_header(Table(table.rows[above:], table.width, table.position, table.format))
        if rest and rest.is_plan:
            return rest, above
    return header, 0


def _skip_other_tables(document, tables, glossary, records, context) -> None:
    plan = {id(t) for t, _, _ in tables}
    glossary_lines = {n for g in glossary for n in g.prov.lines}
    glossary_tables = {g.prov.table for g in glossary if g.prov.table}
    for i, table in enumerate(document.tables, 1):
        if id(table) in plan:
            continue
        number = table.position.table or i
        reason = "glossary" if number in glossary_tables or (glossary_lines & set(_table_lines(table))) else "not a plan table"
        prov = Provenance(context.source.id, _table_lines(table), table=number, rows=list(range(1, len(table.rows) + 1)))
        records.skipped.append(Skipped(reason, prov))
        if reason != "glossary":
            context.report("skipped-table", f"table {number} ({table.position}) is not a plan table: its header "
                           f"«{' | '.join(_first_texts(table))[:100]}» names no measure with a deadline or executors",
                           prov.lines, None, table=number, header=_first_texts(table))


def _table_lines(table: Table) -> list[int]:
    return sorted({n for row in table.rows for n in row.lines})


# --------------------------------------------------------------------------- the act and the glossary


def _plan(document: Document, before: list[Paragraph], country, source) -> Plan:
    approving = acts.approving_act(before)
    heading = acts.title_of(before, document.paragraphs)
    issuer = acts.issuer(approving, acts.signatures(before))
    year = int(approving.date[:4]) if approving and approving.date else _first_year(before)
    title = clean(heading.text) if heading else source.id
    amendments = [Amendment(f.text, f.kind, f.part, f.date, f.number, Provenance(source.id, f.lines))
                  for f in acts.footnotes(document.paragraphs)]
    lines = sorted(set((approving.lines if approving else []) + (list(heading.lines) if heading else [])))
    # The approving act's number tells apart plans of one issuer and year (two 2003 decisions of one maslikhat).
    number = approving.number if approving and approving.number else None
    return Plan(
        id=plan_id(country, _issuer_key(issuer), year, f"{number}-plan" if number else LAYOUT, source.id),
        layout=LAYOUT, country=country, title=title, year=year,  # None when the text names no country
        issuer_text=issuer, date=approving.date if approving else None,
        legal_act=approving.kind if approving else None,
        legal_act_number=approving.number if approving else None,
        legal_act_date=approving.date if approving else None,
        prov=Provenance(source.id, lines), amendments=amendments,
    )


def _issuer_key(issuer: str | None) -> str | None:
    """A short key for the plan id: the initials of the issuer's words («Маслихат города Астаны» → мга)."""
    if not issuer:
        return None
    return "".join(w[0] for w in re.findall(r"[А-Яа-яЁёA-Za-z]+", issuer) if len(w) > 2).lower() or None


def _first_year(paragraphs) -> int | None:
    found = re.search(r"\b((?:19|20)\d\d)\b", " ".join(p.text for p in paragraphs))
    return int(found.group(1)) if found else None


# --------------------------------------------------------------------------- rows → groups and measure drafts


@dataclass
class _Draft:
    """A measure's rows: the cells of each role, in printed order, and where they were printed."""

    printed: str | None
    group: int
    table: int | None
    fmt: str
    cells: dict[str, list[str]] = field(default_factory=dict)
    extra: dict[str, list[str]] = field(default_factory=dict)
    lines: set[int] = field(default_factory=set)
    rows: list[int] = field(default_factory=list)
    pages: set[int] = field(default_factory=set)
    ditto: dict[str, str] = field(default_factory=dict)
    unit: Unit | None = None  # of the cost column: «(тыс. тенге)»
    costs: dict[int, tuple] = field(default_factory=dict)  # cost column → (year its header names, unit, texts)
    words: Words = field(default=NO_WORDS, repr=False)  # the document's words, to rejoin broken ones
    key: str = ""

    def text(self, role: str) -> str:
        return cell_text(self.cells.get(role, []), self.fmt, self.words)

    def prov(self, document: str) -> Provenance:
        return Provenance(document, sorted(self.lines), table=self.table, rows=self.rows, pages=sorted(self.pages))


class _Assembler:
    def __init__(self, records: DocumentRecords, context, source):
        self.records, self.context, self.source = records, context, source
        self.drafts: list[_Draft] = []
        self.group = 0
        self.words = NO_WORDS

    def run(self, document: Document, tables) -> list[_Draft]:
        if any(t.format in TYPESET for t, _, _ in tables):
            self.words = Words(_texts(document))
        plan_tables = {id(t): (h, n) for t, h, n in tables}
        first = document.blocks.index(tables[0][0])
        last = document.blocks.index(tables[-1][0])
        for block in document.blocks[first:last + 1]:
            if isinstance(block, Paragraph):
                if block.heading and clean(block.text):
                    self._open_group(clean(block.text), Provenance(
                        self.source.id, list(block.lines),
                        paragraphs=[block.position.paragraph] if block.position.paragraph else []))
            elif id(block) in plan_tables:
                header, header_rows = plan_tables[id(block)]
                self._table(block, header, header_rows)
        return self.drafts

    def _open_group(self, text: str, prov: Provenance) -> None:
        self.group += 1
        printed, label, kind = group_parts(text)
        self.records.tasks.append(Task(self.group, label, prov, printed=printed, kind=kind))

    def _table(self, table: Table, header: Header, header_rows: int) -> None:
        number = table.position.table
        grid = table.grid()
        numbered = _numbers_measures(grid[header_rows:], header)
        above = max(0, header_rows - header.rows)  # rows above the header (0 for a table continued headerless)
        for r, slots in enumerate(grid):
            row = table.rows[r]
            prov = Provenance(self.source.id, list(row.lines), table=number, rows=[r + 1],
                              pages=[row.position.page] if row.position.page else [])
            texts = [clean(c.text) if c is not None else "" for c in slots]
            new = [c for c in _distinct(slots) if c.text.strip() and _starts_here(c, r, grid)]
            if r < above and any(texts):  # not read as a measure: its group and continuation are unknown
                self.context.report("row-above-header", f"{prov_text(prov)}: a row above the table's header "
                                    f"«{' | '.join(t for t in texts if t)[:120]}» is read into no measure",
                                    prov.lines, None, table=number, rows=prov.rows, texts=[t for t in texts if t])
            elif r < above:
                self.records.skipped.append(Skipped("blank", prov))
            elif r < header_rows:
                self.records.skipped.append(Skipped("column numbers" if r - above in header.numbering_rows else "header", prov))
            elif not new:
                self.records.skipped.append(Skipped("blank" if not any(texts) else "spanned", prov))
            elif is_numbering(texts) and r <= header_rows + 1:
                self.records.skipped.append(Skipped("column numbers", prov))
            elif header.repeats(texts):
                self.records.skipped.append(Skipped("repeated header", prov))
            elif is_group_row(new, slots, header, table.width):
                self._open_group(cell_text([new[0].text], table.format, self.words), prov)
            else:
                self._measure_row(slots, r, grid, header, table, prov, numbered)

    def _measure_row(self, slots, r, grid, header: Header, table: Table, prov: Provenance, numbered: bool) -> None:
        cells: dict[str, str] = {}
        extra: dict[str, str] = {}
        costs: dict[int, str] = {}  # cost columns apart: one per year under a group header
        notes: list[tuple[str, str]] = []  # why a cell may not be exactly what was printed there
        seen: set[int] = set()
        for column, cell in enumerate(slots):
            if cell is None or id(cell) in seen or not _starts_here(cell, r, grid):
                continue
            seen.add(id(cell))
            role = header.roles[column] if column < len(header.roles) else None
            if cell.note:
                notes.append((header.texts[column], cell.note))
            if role == "cost":
                costs[column] = cell.text
            if role in _FIELDS:
                cells[role] = cell.text if role not in cells else cells[role] + "\n" + cell.text
            else:
                extra[header.texts[column] or f"column {column + 1}"] = cell.text
        number = clean(cells.get("number", ""))
        if not number and "title" in cells:
            leading = _LEADING_NUMBER.match(clean(cells["title"]))
            if leading:
                number = leading.group(1)
                cells["title"] = cells["title"].lstrip()[len(number):]
        if notes:  # one finding per row: a rebuilt table says which boundaries it guessed
            self.context.report("uncertain-cell", f"{prov_text(prov)}: " + "; ".join(
                f"«{column}»: {note}" for column, note in notes), prov.lines, f"measure {number}" if number else None,
                cells=[{"column": column, "note": note} for column, note in notes])
        current = self.drafts[-1] if self.drafts else None
        title = clean(cells.get("title", ""))
        # in a plan without numbers a row with a title opens a measure; one without continues the cell above
        starts = bool(_NUMBER.match(number)) or (not numbered and bool(title) and not _LETTERED.match(title))
        if number and not _NUMBER.match(number) and not _LETTERED.match(number):
            self.context.report("odd-number", f"{prov_text(prov)}: the number cell «{number}» is not a measure number; "
                                "the row is read as a measure", prov.lines, None, text=number)
            starts = True
        if not starts and current is None:
            self.context.report("row-before-measure", f"{prov_text(prov)}: a row with no number before any measure; "
                                "read as an unnumbered measure", prov.lines, None,
                                text=clean(" ".join(cells.values()))[:200])
            starts = True
        if starts:
            cost_column = header.column("cost")
            current = _Draft(number or None, self.group, table.position.table, table.format,
                             unit=header.units[cost_column] if cost_column is not None else None, words=self.words)
            self.drafts.append(current)
        for role, text in cells.items():
            if role == "number":
                continue
            if _DITTO.match(clean(text)):
                text = self._ditto(role, clean(text), current, prov)
            current.cells.setdefault(role, []).append(text)
        for name, text in extra.items():
            current.extra.setdefault(name, []).append(text)
        for column, text in costs.items():
            year = re.search(r"\b((?:19|20)\d\d)\b", header.texts[column])
            current.costs.setdefault(column, (int(year.group(1)) if year else None, header.units[column], []))[2].append(text)
        current.lines.update(prov.lines)
        current.rows += prov.rows
        current.pages.update(prov.pages)

    def _ditto(self, role: str, mark: str, draft: _Draft, prov: Provenance) -> str:
        """The text a ditto mark repeats: the same column of the measure above."""
        above = next((d for d in reversed(self.drafts) if d is not draft and d.cells.get(role)), None)
        if above is None:
            self.context.report("ditto-without-above", f"{prov_text(prov)}: ditto mark «{mark}» with no cell above",
                                prov.lines, None, text=mark)
            return mark
        draft.ditto[role] = mark
        return above.text(role)


def prov_text(prov: Provenance) -> str:
    parts = []
    if prov.table:
        parts.append(f"table {prov.table}, row {','.join(map(str, prov.rows))}")
    if prov.lines:
        parts.append(f"line {prov.lines[0]}")
    return ", ".join(parts) or prov.document


def _distinct(slots) -> list[Cell]:
    return list({id(c): c for c in slots if c is not None}.values())


def _starts_here(cell: Cell, r: int, grid) -> bool:
    """False for a cell that spans into row r from a row above."""
    return r == 0 or cell.rowspan == 1 or not any(c is cell for c in grid[r - 1])


def _numbers_measures(body, header: Header) -> bool:
    """Does the plan number its measures? Most body rows with a title carry a number."""
    with_title = numbered = 0
    number_col, title_col = header.column("number"), header.column("title")
    for slots in body:
        title = clean(slots[title_col].text) if title_col is not None and slots[title_col] else ""
        number = clean(slots[number_col].text) if number_col is not None and slots[number_col] else ""
        if title:
            with_title += 1
            numbered += bool(_NUMBER.match(number) or _LEADING_NUMBER.match(title))
    return with_title > 0 and numbered * 2 >= with_title


def _number(drafts: list[_Draft], context) -> None:
    """Each measure's key in the plan: its number when numbers are unique, else group-number; or its order.
    A key printed twice in one group (a row duplicated, a group heading lost) gets its order appended and
    a finding: two measures are never merged under one key."""
    printed = [d.printed.rstrip(".").rstrip(")") if d.printed else None for d in drafts]
    numbered = [p for p in printed if p]
    unique = len(set(numbered)) == len(numbered)
    seen: dict[str, _Draft] = {}
    for k, (draft, number) in enumerate(zip(drafts, printed), 1):
        if number is None:
            draft.key = f"u{k}"
        elif unique:
            draft.key = number
        else:
            draft.key = f"{draft.group}-{number}"
        if draft.key in seen:
            first = seen[draft.key]
            context.report("duplicate-number", f"{_where(draft)}: measure {draft.printed} is printed twice in one "
                           f"group (first at {_where(first)}); kept apart as measure {draft.key}-{k}",
                           sorted(draft.lines), f"measure {draft.key}-{k}", table=draft.table, rows=draft.rows,
                           first_rows=first.rows)
            draft.key = f"{draft.key}-{k}"
        seen[draft.key] = draft


def _where(draft: _Draft) -> str:
    parts = [f"table {draft.table}, row {draft.rows[0]}"] if draft.table and draft.rows else []
    return ", ".join(parts + ([f"line {min(draft.lines)}"] if draft.lines else [])) or "unknown position"


def _check_groups(drafts: list[_Draft], tasks, context) -> None:
    """A group heading that is probably missing (a row deleted, a heading not typeset as one): measures
    «N.M» under a group printed «K.» with N ≠ K, or a numbering that starts again at 1 within one group.
    Plans that number measures through all groups give no such sign: a lost heading there is not seen."""
    printed = {t.number: (t.printed or "").rstrip(".") for t in tasks}
    previous: _Draft | None = None
    for draft in drafts:
        number = (draft.printed or "").rstrip(".").rstrip(")")
        head, _, tail = number.partition(".")
        group = printed.get(draft.group, "")
        if tail and group.isdigit() and head.isdigit() and head != group:
            context.report("measure-outside-group", f"{_where(draft)}: measure {draft.printed} is under group "
                           f"{group}. (a heading «{head}.» may be missing above it)", sorted(draft.lines),
                           f"measure {draft.printed}", table=draft.table, rows=draft.rows, group=draft.group)
        elif (previous is not None and previous.group == draft.group and number == "1" and previous.printed
              and (previous.printed or "").rstrip(".") != "1"):
            context.report("numbering-restarts", f"{_where(draft)}: the numbering starts again at 1 after measure "
                           f"{previous.printed} in one group (a group heading may be missing above it)",
                           sorted(draft.lines), f"measure {draft.printed}", table=draft.table, rows=draft.rows,
                           group=draft.group)
        previous = draft


# --------------------------------------------------------------------------- drafts → measures


def _measure(draft: _Draft, plan: Plan, directory: Directory, context, registered: dict) -> Measure:
    prov = draft.prov(context.source.id)
    subject = f"measure {draft.printed or draft.key}"
    title = draft.text("title")
    deadline = parse_deadline(draft.text("deadline"), plan.year)
    deadline.text = draft.text("deadline")  # as printed (the parser's copy has its dashes unified)
    executors_text = draft.text("executors")
    responsibilities, reporting, places = executors_and_mentions(
        context, plan, directory, title=title, executors_text=executors_text, lines=prov.lines, subject=subject,
        registered=registered)
    cost = _cost(draft, plan, context)
    funding_text = draft.text("funding") or None
    funding, unknown = find_funding(funding_text) if funding_text else ([], None)
    if unknown:
        context.report("unknown-funding-source", f"funding «{unknown}» names no known funding source; kept as printed",
                       prov.lines, subject, text=unknown)
    return Measure(
        number=draft.key, level="measure", task=draft.group, parent=None, title=title, heading=None, detail=None,
        deadline=deadline, executors_text=executors_text, responsibilities=responsibilities, prov=prov,
        programs=find_programs(title), beneficiaries=find_beneficiaries(title, plan.country), places=places,
        targets=find_targets(title), reporting=reporting,
        printed_number=draft.printed, completion_form=draft.text("form") or None, cost=cost,
        funding_text=funding_text, funding=funding, persons_text=draft.text("person") or None,
        extra={name: text for name, parts in draft.extra.items() if (text := cell_text(parts, draft.fmt, draft.words))},
        ditto=dict(draft.ditto),
    )


def _link_parents(measures: list[Measure]) -> None:
    """«N.M» is a sub-measure of N when a measure N is printed too; otherwise a measure of its own."""
    keys = {m.number for m in measures}
    for m in measures:
        parent = m.number.rpartition(".")[0]
        if parent and parent in keys:
            m.level, m.parent = "sub-measure", parent


def _cost(draft: _Draft, plan: Plan, context):
    """The cost cell(s): one column, or one column per year under a group header («2021 год | 2022 год»)."""
    parts = []
    for year, unit, texts in draft.costs.values():
        text = cell_text(texts, draft.fmt, draft.words)
        if not text:
            continue
        if unit is None:
            context.report("cost-without-unit", f"the cost column of table {draft.table} states no unit; "
                           "costs are kept as printed", sorted(draft.lines), f"measure {draft.printed or draft.key}")
        currency = ((unit.currency if unit else None) or _CURRENCY.get(plan.country)) if unit else None
        cost = parse_cost(text, currency=currency, multiplier=unit.multiplier if unit else Decimal(1))
        for amount in cost.amounts:
            amount.year = amount.year or year
        parts.append(cost)
    if not parts:
        return None
    return Cost(" ".join(p.text for p in parts), [a for p in parts for a in p.amounts])


_CURRENCY = {"KZ": "KZT", "KG": "KGS"}
