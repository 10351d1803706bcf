"""Reader for roadmaps: «№ | Мероприятие | Срок исполнения | Ответственные исполнители».

The table has task rows («Задача N. …»), measure rows (N) and sub-measure rows
(N.M). A page break can push part of a cell onto a later line whose first
cells are empty: such a line continues the row above it. The document ends
with a glossary «Расшифровка аббревиатур» that expands the executors'
abbreviations.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..normalize.deadlines import parse_deadline
from ..normalize.organisations import Directory
from ..normalize.targets import find_targets
from ..normalize.text import clean
from ..normalize.vocabularies import find_beneficiaries, find_programs
from ..records import DocumentRecords, GlossaryEntry, Measure, Plan, Provenance, Task
from .common import curated_target, detect_country, executors_and_mentions, plan_id
from ..layout.columns import role_of
from .table import Row, join, rows

LAYOUT = "roadmap"
COLUMNS = ("number", "title", "deadline", "executors")

_TASK = re.compile(r"^Задача\s+(\d+)\s*[.:]?\s*(.*)$", re.I)
_MEASURE = re.compile(r"^(\d+)\.?$")
_SUB_MEASURE = re.compile(r"^(\d+)\.(\d+)\.?$")
_GLOSSARY = re.compile(r"^\W*Расшифровка\s+(аббревиатур|сокращений)", re.I)
_GLOSSARY_ENTRY = re.compile(r"^(.+?)\s+[-–—]\s+(.+)$")
_BOLD = re.compile(r"^\s*<b>(.*?)</b>(.*)$", re.S)
_APPROVE = re.compile(r"^\W*УТВЕРЖДА[ЮЕ]", re.I)


def _is_header(row: Row) -> bool:
    text = " ".join(row.cells).lower()
    return "мероприяти" in text and "срок" in text and "исполнител" in text


def matches(source) -> bool:
    """A tab-separated table whose header is «№ | Мероприятие | Срок исполнения | Ответственные исполнители»
    in this order; any other column order or extra column is the action-plan reader's."""
    header = next((Row.of(n, line) for n, line in enumerate(source.lines, 1)
                   if "\t" in line and _is_header(Row.of(n, line))), None)
    return header is not None and tuple(role_of(c) for c in header.cells if c) == \
        ("number", "title", "deadline", "executors")


@dataclass
class _Draft:
    """A measure row and the continuation lines that belong to it."""

    number: str
    task: int
    parent: str | None
    lines: list[int]
    cells: dict[str, list[str]] = field(default_factory=lambda: {c: [] for c in COLUMNS[1:]})
    curation: list[str] = field(default_factory=list)

    def add(self, row: Row, raw_cells: list[str]) -> None:
        self.lines.append(row.line)
        for name, raw in zip(COLUMNS[1:], raw_cells[1:]):
            if clean(raw):
                self.cells[name].append(raw)


def read(source, context) -> DocumentRecords:
    header = next(n for n, line in enumerate(source.lines, 1) if "\t" in line and _is_header(Row.of(n, line)))
    width = Row.of(header, source.line(header)).width
    glossary_at = next((n for n in range(header + 1, len(source.lines) + 1) if _GLOSSARY.match(clean(source.line(n)))), None)

    glossary = _glossary(source, glossary_at)
    country = detect_country(source.lines)
    directory = Directory.from_glossary([(g.abbreviation, g.expansion) for g in glossary], country)
    plan = _plan(source, header, country, directory)
    records = DocumentRecords(plan=plan, glossary=glossary)

    drafts = _assemble(source, context, records, header, glossary_at, width)
    akimat_orgs: dict[str, object] = {}
    for draft in drafts:
        records.measures.append(_measure(draft, context, directory, plan, akimat_orgs))
    _report_leaves_without_deadline(records, context)
    records.organisations = directory.organisations() + sorted(akimat_orgs.values(), key=lambda o: o.id)
    return records


# --------------------------------------------------------------------------- title block and glossary


def _plan(source, header: int, country, directory) -> Plan:
    block = [clean(line) for line in source.lines[: header - 1]]
    position, approver, when, title = [], None, None, []
    state = "start"
    for text in block:
        if not text:
            continue
        if state == "start" and _APPROVE.match(text):
            state = "position"
        elif state == "position" and "_" in text:
            approver = clean(text.replace("_", " ")) or None
            state = "date"
        elif state == "position":
            position.append(text)
        elif state == "date" and re.search(r"\b(19|20)\d\d\b", text):
            when = parse_deadline(re.sub(r"[«»\"_]", " ", text))
            state = "title"
        else:
            title.append(text)
    position_text = " ".join(position) or None
    issuer = _issuer(position_text, directory)
    year = int(when.start[:4]) if when and when.start else _first_year(block)
    return Plan(
        id=plan_id(country, issuer.abbreviation if issuer else None, year, LAYOUT, source.id),
        layout=LAYOUT, country=country, title=" ".join(title), year=year,
        issuer=issuer.id if issuer else None,
        issuer_text=position_text, approver=approver, approver_position=position_text,
        date=when.start if when else None,
        prov=Provenance(source.id, [n for n, t in enumerate(block, 1) if t]),
    )


def _issuer(position: str | None, directory):
    """The organisation an approver heads: «Министр X» → «Министерство X»."""
    if not position:
        return None
    body = re.sub(r"^(Вице-|Первый вице-)?министр\b", "Министерство", position, flags=re.I)
    return directory.lookup(body)


def _first_year(texts) -> int | None:
    found = re.search(r"\b((?:19|20)\d\d)\b", " ".join(texts))
    return int(found.group(1)) if found else None


def _glossary(source, start: int | None) -> list[GlossaryEntry]:
    if start is None:
        return []
    entries = []
    for n in range(start + 1, len(source.lines) + 1):
        text = clean(source.line(n))
        found = _GLOSSARY_ENTRY.match(text)
        if found:
            entries.append(GlossaryEntry(found.group(1).strip(), found.group(2).strip().rstrip(";"), Provenance(source.id, [n])))
        elif text:
            raise source.error(f"glossary line is not «ABBREVIATION – expansion»: «{text[:60]}»", n)
    return entries


# --------------------------------------------------------------------------- the table


def _assemble(source, context, records, header: int, stop: int | None, width: int) -> list[_Draft]:
    """Group the table's lines into tasks and measure drafts; refuse what fits nowhere."""
    drafts: list[_Draft] = []
    task: int | None = None
    for row in rows(source.lines, header + 1, stop):
        skip = context.curation.skipped(row.line)
        if skip or _is_header(row):
            continue
        raw_cells = row.raw.split("\t")
        first = row.cell(0)
        task_match = next((m for m in map(_TASK.match, row.cells) if m), None)
        owner = context.curation.owner(row.line)
        if task_match:
            task = int(task_match.group(1))
            records.tasks.append(Task(task, task_match.group(2).strip(), Provenance(source.id, [row.line])))
        elif _SUB_MEASURE.match(first) or _MEASURE.match(first):
            if task is None:
                raise source.error(f"measure «{first}» comes before any «Задача N.» row", row.line)
            if row.width < width:
                raise source.error(f"truncated row: {row.width} of {width} columns (№, Мероприятие, Срок исполнения, Ответственные исполнители)", row.line)
            number = first.rstrip(".")
            sub = _SUB_MEASURE.match(number)
            parent = sub.group(1) if sub else None
            if parent and not any(d.number == parent for d in drafts):
                raise source.error(f"sub-measure {number} comes before measure {parent}", row.line)
            if any(d.number == number for d in drafts):
                raise source.error(f"measure {number} appears twice", row.line)
            draft = _Draft(number, task, parent, [])
            draft.add(row, raw_cells)
            drafts.append(draft)
        elif not first and row.filled:
            target = curated_target(drafts, owner) if owner else (drafts[-1] if drafts else None)
            if target is None:
                raise source.error("a continuation line with no measure above it", row.line)
            target.add(row, raw_cells)
            if owner:
                target.curation.append(owner.id)
        else:
            raise source.error(f"row fits no part of a roadmap (task, measure N, sub-measure N.M or continuation): «{row.raw.strip()[:60]}»", row.line)
    return drafts


def _measure(draft: _Draft, context, directory, plan: Plan, akimat_orgs: dict) -> Measure:
    title_raw = join(*draft.cells["title"])
    heading, detail = _heading(title_raw)
    title = clean(title_raw)
    deadline = parse_deadline(clean(join(*draft.cells["deadline"])), plan.year)
    executors_text = clean(join(*draft.cells["executors"]))
    subject = f"measure {draft.number}"

    responsibilities, reporting, places = executors_and_mentions(
        context, plan, directory, title=title, executors_text=executors_text, lines=draft.lines, subject=subject,
        registered=akimat_orgs)
    return Measure(
        number=draft.number, level="sub-measure" if draft.parent else "measure", task=draft.task,
        parent=draft.parent, title=title, heading=heading, detail=detail, deadline=deadline,
        executors_text=executors_text, responsibilities=responsibilities,
        prov=Provenance(context.source.id, draft.lines, draft.curation),
        programs=find_programs(title), beneficiaries=find_beneficiaries(title, plan.country),
        places=places, targets=find_targets(title), reporting=reporting,
    )


def _heading(raw: str) -> tuple[str | None, str | None]:
    """The bold heading of a title cell and the explanatory rest, when the cell has both."""
    found = _BOLD.match(raw)
    if not found:
        return None, None
    return clean(found.group(1)) or None, clean(found.group(2)) or None


def _report_leaves_without_deadline(records: DocumentRecords, context) -> None:
    parents = {m.parent for m in records.measures if m.parent}
    for m in records.measures:
        if m.number not in parents and m.deadline.kind == "unspecified":
            context.report("no-deadline", f"measure {m.number} has no deadline that a date can be read from: «{m.deadline.text}»",
                           m.prov.lines, f"measure {m.number}", text=m.deadline.text)
