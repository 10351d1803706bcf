"""build(): documents → records → curation → quality report → output folder."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import outputs, quality
from .atomic import staged_directory
from .curation import apply_sets, load_curation
from .errors import PolicyKGError
from .normalize.places import Gazetteer
from .paths import BUNDLED_CURATION, bundled_documents
from .readers import ReadContext, read_document
from .records import CurationNote, DocumentInfo, DocumentRecords, Finding
from .sources import read_source


@dataclass
class BuildResult:
    out: Path
    documents: list[DocumentRecords]
    findings: list[Finding]
    files: list[Path] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def read_documents(paths, *, curation_dir: Path | None = BUNDLED_CURATION,
                   progress: Callable[[str], None] = lambda _: None) -> tuple[list[DocumentRecords], list[Finding]]:
    """Read, curate and check every document; raise on the first that cannot be read."""
    paths = [Path(p) for p in paths] or bundled_documents()
    if not paths:
        raise PolicyKGError("no documents given, and no bundled documents found")
    sources = [read_source(p) for p in paths]
    ids = [s.id for s in sources]
    if len(set(ids)) != len(ids):
        raise PolicyKGError(f"two documents share a file name (document id): {sorted({i for i in ids if ids.count(i) > 1})}")
    gazetteer = Gazetteer.load()
    documents, findings = [], []
    for source in sources:
        curation = load_curation(curation_dir, source.id, source.sha256)
        context = ReadContext(source=source, gazetteer=gazetteer, curation=curation)
        records = read_document(source, context)
        apply_sets(curation, records)
        curation.check_all_used()
        records.document = DocumentInfo(source.id, source.path.name, source.sha256, [
            CurationNote(e.id, e.kind, " ".join(e.reason.split()), list(e.lines)) for e in curation.entries])
        documents.append(records)
        findings += context.findings + quality.check_records(records) + quality.curation_findings(curation, source.id)
        progress(f"read {source.path.name}: {records.plan.layout}, {_counts(records)}")
    return documents, findings


def build(paths, out: Path, *, curation_dir: Path | None = BUNDLED_CURATION,
          progress: Callable[[str], None] = lambda _: None) -> BuildResult:
    """Read the documents and write everything into `out`, all at once or not at all."""
    started = time.perf_counter()
    documents, findings = read_documents(paths, curation_dir=curation_dir, progress=progress)
    result = BuildResult(Path(out), documents, findings, seconds={"read": time.perf_counter() - started})
    started = time.perf_counter()
    with staged_directory(Path(out)) as staging:
        for records in documents:
            result.files += [Path(out) / p.relative_to(staging) for p in outputs.write_records(staging / "records", records)]
        outputs.write_json(staging / "quality.json", {"summary": quality.summary(findings), "findings": findings})
        (staging / "quality.md").write_text(quality.render_markdown(findings), encoding="utf-8")
        result.files += [Path(out) / "quality.json", Path(out) / "quality.md"]
    result.seconds["write"] = time.perf_counter() - started
    return result


def _counts(r: DocumentRecords) -> str:
    if r.plan.layout == "roadmap":
        subs = sum(1 for m in r.measures if m.level == "sub-measure")
        return f"{len(r.tasks)} tasks, {len(r.measures) - subs} measures, {subs} sub-measures"
    allocations = sum(len(i.allocations) for i in r.items)
    return f"{len(r.sections)} sections, {len(r.items)} items, {allocations} territories"
