"""Records written as JSON (one file per document) and CSV (one file per record type)."""
from __future__ import annotations

import csv
import json
from pathlib import Path

from .records import DocumentRecords, to_jsonable


def write_json(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(to_jsonable(data), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def write_findings(path: Path, summary: dict, findings: list) -> None:
    """quality.json: {"summary": …, "findings": […]}, the summary indented and the findings one a line (json's
    indenting encoder is pure Python: 0.25 s for the 11,677 findings of 1,000 documents, 0.17 s thus; and a
    finding is one line to grep)."""
    head = json.dumps({"summary": to_jsonable(summary)}, ensure_ascii=False, indent=2)[:-2]  # without "\n}"
    lines = [json.dumps(to_jsonable(f), ensure_ascii=False) for f in findings]
    body = ("[\n    " + ",\n    ".join(lines) + "\n  ]") if lines else "[]"
    path.write_text(f'{head},\n  "findings": {body}\n}}\n', encoding="utf-8")


def write_records(folder: Path, records: DocumentRecords) -> list[Path]:
    """records/<document>.json and records/<document>/<type>.csv."""
    doc = records.plan.prov.document
    written = [folder / f"{doc}.json"]
    write_json(written[0], records)
    for name, rows in _tables(records).items():
        if rows:
            path = folder / doc / f"{name}.csv"
            _write_csv(path, rows)
            written.append(path)
    return written


def _write_csv(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _lines(prov) -> str:
    return " ".join(map(str, prov.lines))


def _tables(r: DocumentRecords) -> dict[str, list[dict]]:
    doc = r.plan.prov.document
    tables = {
        "tasks": [{"number": t.number, "title": t.title, "document": doc, "lines": _lines(t.prov)} for t in r.tasks],
        "measures": [{
            "number": m.number, "level": m.level, "task": m.task, "parent": m.parent or "", "title": m.title,
            "heading": m.heading or "", "detail": m.detail or "", "deadline_text": m.deadline.text,
            "deadline_kind": m.deadline.kind, "start": m.deadline.start or "", "end": m.deadline.end or "",
            "recurrence": m.deadline.recurrence or "", "executors_text": m.executors_text,
            "programs": ";".join(m.programs), "beneficiaries": ";".join(m.beneficiaries),
            "document": doc, "lines": _lines(m.prov), "curation": ";".join(m.prov.curation),
        } for m in r.measures],
        "responsibilities": [{
            "measure": m.number, "organisation": x.organisation or "", "text": x.text, "role": x.role,
            "by_agreement": x.by_agreement, "consolidation_control": x.consolidation_control,
            "duty": x.duty or "", "group": x.group or "", "document": doc, "lines": _lines(m.prov),
        } for m in r.measures for x in m.responsibilities],
        "targets": [{
            "subject": subject, "text": t.text, "value": t.value, "value_max": t.value_max or "", "unit": t.unit,
            "qualifier": t.qualifier, "period": t.period or "", "per_region": t.per_region, "document": doc, "lines": lines,
        } for subject, targets, lines in _target_sources(r) for t in targets],
        "reporting": [{
            "measure": m.number, "frequency": d.frequency, "recipient": d.recipient or "", "recipient_text": d.recipient_text,
            "text": d.text, "document": doc, "lines": _lines(m.prov),
        } for m in r.measures for d in m.reporting],
        "glossary": [{"abbreviation": g.abbreviation, "expansion": g.expansion, "document": doc, "lines": _lines(g.prov)} for g in r.glossary],
        "sections": [{"number": s.number, "title": s.title, "form": s.form or "", "document": doc, "lines": _lines(s.prov)} for s in r.sections],
        "items": [{
            "number": i.number, "section": i.section, "goal": i.goal, "beneficiaries_text": i.beneficiaries_text,
            "beneficiaries": ";".join(i.beneficiaries), "executor_category_text": i.executor_category_text,
            "executor_categories": ";".join(i.executor_categories), "duration_text": i.duration_text,
            "duration": i.duration or "", "total": i.total.value if i.total else "", "indicators": " | ".join(i.indicators),
            "document": doc, "lines": _lines(i.prov), "curation": ";".join(i.prov.curation),
        } for i in r.items],
        "allocations": [{
            "item": i.number, "territory_text": a.territory_text, "places": ";".join(p.place or "" for p in a.places),
            "amount": a.amount.value if a.amount else "", "currency": a.amount.currency if a.amount else "",
            "multiplier": a.amount.multiplier if a.amount else "", "indicator": a.indicator or "",
            "document": doc, "lines": _lines(a.prov), "curation": ";".join(a.prov.curation),
        } for i in r.items for a in i.allocations],
        "subtotals": [{"label": s.label, "section": s.section, "amount": s.amount.value, "items": ";".join(s.items),
                       "document": doc, "lines": _lines(s.prov)} for s in r.subtotals],
        "organisations": [{
            "id": o.id, "name": o.name, "abbreviation": o.abbreviation or "", "kind": o.kind or "",
            "parent": o.parent or "", "place": o.place or "", "source": o.source,
        } for o in r.organisations],
    }
    return tables


def _target_sources(r: DocumentRecords):
    for m in r.measures:
        yield f"measure {m.number}", m.targets, _lines(m.prov)
    for i in r.items:
        yield f"item {i.number}", i.targets, _lines(i.prov)
        for a in i.allocations:
            yield f"item {i.number} / {a.territory_text}", a.targets, _lines(a.prov)
