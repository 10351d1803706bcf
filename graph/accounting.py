"""Every line, table row and paragraph of a document accounted for: in a record, in `records.skipped`, or in a finding.

A reader consumes a line when some record's provenance names it, skips it when
`records.skipped` names it with a reason, and reports it when a finding names
it. `unaccounted_findings` turns any other non-blank line into a finding, so a
reader that loses a line loses it loudly (issue 13, item 1).

The action-plan reader reads a document model (graph/tables/model.py) whose
DOCX and PDF blocks have no lines: `unaccounted_blocks` checks it by position
instead — a table row by (table, row), a paragraph by its number in the
document — and by line where the format has lines.
"""
from __future__ import annotations

import dataclasses

from .records import DocumentRecords, Finding, Provenance
from .tables.model import Document, Paragraph

# Layouts whose readers keep line numbers for every line they read (the tab-separated readers).
LINE_ACCOUNTED_LAYOUTS = ("roadmap", "grant-plan")


# Values that hold no Provenance: passed at once (the walk visits every field of every record).
_LEAVES = (str, int, float, bool, bytes, dict)


def _marks(value):
    """Every Provenance and Finding inside `value` (records, lists, nested dataclasses)."""
    if value is None or isinstance(value, _LEAVES):
        return
    if isinstance(value, (Provenance, Finding)):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _marks(getattr(value, f.name))
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _marks(v)


def record_lines(value) -> set[int]:
    """The lines named by every Provenance and Finding inside `value`."""
    return {n for mark in _marks(value) for n in mark.lines}


def accounted_lines(records: DocumentRecords, findings=()) -> set[int]:
    """Lines consumed (records), skipped (`records.skipped`) or reported (findings)."""
    return record_lines(records) | record_lines(list(findings))


def unaccounted_findings(source, records: DocumentRecords, findings) -> list[Finding]:
    """A finding for the non-blank lines no record, skip or finding names (empty for a sound reader)."""
    if source.kind != "text" or records.plan is None or records.plan.layout not in LINE_ACCOUNTED_LAYOUTS:
        return []
    known = accounted_lines(records, findings)
    lost = [n for n, line in enumerate(source.lines, 1) if line.strip() and n not in known]
    if not lost:
        return []
    return [Finding("unaccounted-lines", f"{len(lost)} line(s) were read into no record and skipped for no stated "
                    f"reason (first: line {lost[0]})", source.id, lost, None,
                    {"texts": [source.line(n).strip()[:80] for n in lost[:20]]})]


def record_positions(value) -> set:
    """('row', table, row) and ('paragraph', n) of every Provenance inside `value`; a finding names them
    in its data (`table` with `rows`, `paragraphs`, or `positions`)."""
    found: set = set()
    for mark in _marks(value):
        if isinstance(mark, Provenance):
            if mark.table is not None:
                found.update(("row", mark.table, r) for r in mark.rows)
            found.update(("paragraph", n) for n in mark.paragraphs)
        else:
            table = mark.data.get("table")
            if isinstance(table, int):
                found.update(("row", table, r) for r in mark.data.get("rows", ()))
            found.update(("paragraph", n) for n in mark.data.get("paragraphs", ()))
            found.update(("row", t, r) for t, r in mark.data.get("positions", ()))
    return found


def unaccounted_blocks(document: Document, records: DocumentRecords, findings, source_id: str) -> list[Finding]:
    """A finding for the table rows and paragraphs with text that no record, skip or finding names."""
    lines = accounted_lines(records, findings)
    positions = record_positions(records) | record_positions(list(findings))
    lost_rows: list[tuple[int, int, str, list[int]]] = []
    lost_paragraphs: list[tuple[int, str, list[int]]] = []
    for i, table in enumerate(document.tables, 1):
        number = table.position.table or i
        for r, row in enumerate(table.rows, 1):
            text = " | ".join(c.text.strip() for c in row.cells if c.text.strip())
            if text and ("row", number, r) not in positions and not (row.lines and set(row.lines) <= lines):
                lost_rows.append((number, r, text, list(row.lines)))
    for paragraph in document.paragraphs:
        own = _paragraph_lines(paragraph)
        if paragraph.text.strip() and ("paragraph", paragraph.position.paragraph) not in positions \
                and not (own and set(own) <= lines):
            lost_paragraphs.append((paragraph.position.paragraph, paragraph.text.strip(), own))
    out = []
    source = source_id
    if lost_rows:
        table, row = lost_rows[0][:2]
        out.append(Finding("unaccounted-rows", f"{len(lost_rows)} table row(s) were read into no record and skipped "
                           f"for no stated reason (first: table {table}, row {row})", source,
                           sorted({n for *_, own in lost_rows for n in own}), None,
                           {"table": table, "rows": [r for t, r, *_ in lost_rows if t == table],
                            "positions": [[t, r] for t, r, *_ in lost_rows],
                            "texts": [text[:80] for _, _, text, _ in lost_rows[:20]]}))
    if lost_paragraphs:
        out.append(Finding("unaccounted-paragraphs", f"{len(lost_paragraphs)} paragraph(s) were read into no record "
                           f"and skipped for no stated reason (first: paragraph {lost_paragraphs[0][0]})", source,
                           sorted({n for *_, own in lost_paragraphs for n in own}), None,
                           {"paragraphs": [n for n, *_ in lost_paragraphs],
                            "texts": [text[:80] for _, text, _ in lost_paragraphs[:20]]}))
    return out


def _paragraph_lines(paragraph: Paragraph) -> list[int]:
    return list(paragraph.lines) or ([paragraph.position.line] if paragraph.position.line else [])
