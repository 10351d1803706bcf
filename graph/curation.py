"""Reviewed corrections for what the text of one document cannot tell reliably.

A curation file is TOML, one per document (`<document id>.toml`), pinned to the
document's SHA-256 so that a changed document is never corrected by line
numbers meant for another version. Each entry has an `id` and a `reason`; the
ids of the entries applied to a record are kept in its provenance.

Entry kinds:
- `[[assign]]`  lines = [..], to = "1.2": the rows at these lines belong to
  item/measure "1.2" (the extraction put them under another one). Applied by
  the reader while it assembles records.
- `[[skip]]`  lines = [..]: rows that are not part of the table (a stray
  footer, a page number); dropped, and listed in the quality report.
- `[[set]]`  target = "item 1.3" | "measure 5.2" | "plan", field, value: a
  field's value replaced after reading.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import CurationError

_KEYS = {
    "assign": {"id", "lines", "to", "reason"},
    "set": {"id", "target", "field", "value", "reason"},
    "skip": {"id", "lines", "reason"},
}
_HEADER = {"document", "sha256", "reviewed_by", "reviewed_on", "note", *_KEYS}


@dataclass
class Entry:
    kind: str
    id: str
    reason: str
    lines: list[int] = field(default_factory=list)
    to: str | None = None
    target: str | None = None
    field: str | None = None
    value: Any = None
    used: bool = False


@dataclass
class Curation:
    path: Path | None = None
    entries: list[Entry] = field(default_factory=list)

    def owner(self, line: int) -> Entry | None:
        """The assign entry that moves the row at `line`, if any."""
        for entry in self.entries:
            if entry.kind == "assign" and line in entry.lines:
                entry.used = True
                return entry
        return None

    def skipped(self, line: int) -> Entry | None:
        """The skip entry that drops the row at `line`, if any."""
        for entry in self.entries:
            if entry.kind == "skip" and line in entry.lines:
                entry.used = True
                return entry
        return None

    def sets(self) -> list[Entry]:
        return [e for e in self.entries if e.kind == "set"]

    def check_all_used(self) -> None:
        unused = [e.id for e in self.entries if not e.used]
        if unused:
            raise CurationError(f"{self.path}: entries {', '.join(unused)} matched nothing in the document; review them")


def load_curation(directory: Path | None, document_id: str, sha256: str) -> Curation:
    """The curation for a document, or an empty one when there is no file."""
    if directory is None:
        return Curation()
    path = Path(directory) / f"{document_id}.toml"
    if not path.exists():
        return Curation()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CurationError(f"{path}: {exc}") from None
    unknown = set(data) - _HEADER
    if unknown:
        raise CurationError(f"{path}: unknown keys {sorted(unknown)}")
    if data.get("sha256") != sha256:
        raise CurationError(
            f"{path}: reviewed for a document with SHA-256 {data.get('sha256')}, "
            f"but {document_id} now has {sha256}; review the entries again and update sha256")
    entries = []
    seen = set()
    for kind, keys in _KEYS.items():
        for raw in data.get(kind, []):
            missing, extra = keys - set(raw), set(raw) - keys
            where = f"{path}: [[{kind}]] {raw.get('id', '?')}"
            if missing or extra:
                raise CurationError(f"{where}: missing {sorted(missing)}, unknown {sorted(extra)}")
            if not str(raw["reason"]).strip():
                raise CurationError(f"{where}: every entry needs a reason")
            if raw["id"] in seen:
                raise CurationError(f"{where}: duplicate id")
            seen.add(raw["id"])
            entries.append(Entry(kind=kind, **raw))
    return Curation(path=path, entries=entries)


def apply_sets(curation: Curation, records) -> None:
    """Apply the `[[set]]` entries to the records read from the document."""
    for entry in curation.sets():
        record = _target(records, entry)
        if not hasattr(record, entry.field) or isinstance(getattr(record, entry.field), (list, dict)):
            raise CurationError(f"{curation.path}: [[set]] {entry.id}: {entry.target} has no plain field '{entry.field}'")
        setattr(record, entry.field, entry.value)
        if record.prov is not None:
            record.prov.curation.append(entry.id)
        entry.used = True


def _target(records, entry: Entry):
    kind, _, number = entry.target.partition(" ")
    try:
        if kind == "plan":
            return records.plan
        if kind == "item":
            return records.item(number)
        if kind == "measure":
            return records.measure(number)
    except KeyError:
        pass
    raise CurationError(f"[[set]] {entry.id}: no such target '{entry.target}'")
