"""Every line of a document accounted for: in a record, in `records.skipped`, or in a finding.

A reader consumes a line when some record's provenance names it, skips it when
`records.skipped` names it with a reason, and reports it when a finding names
it. `unaccounted_findings` turns any other non-blank line into a finding, so a
reader that loses a line loses it loudly (issue 13, item 1).
"""
from __future__ import annotations

import dataclasses

from .records import DocumentRecords, Finding, Provenance

# Layouts whose readers keep line numbers for every line they read (the tab-separated readers).
LINE_ACCOUNTED_LAYOUTS = ("roadmap", "grant-plan")


def record_lines(value, found: set[int] | None = None) -> set[int]:
    """The lines named by every Provenance inside `value` (records, lists, nested dataclasses)."""
    found = set() if found is None else found
    if isinstance(value, Provenance):
        found.update(value.lines)
    elif isinstance(value, Finding):
        found.update(value.lines)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            record_lines(getattr(value, f.name), found)
    elif isinstance(value, (list, tuple)):
        for v in value:
            record_lines(v, found)
    return found


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
