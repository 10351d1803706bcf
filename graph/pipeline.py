"""build(): documents → records → curation → quality report → output folder."""
from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

from rdflib import Graph

from . import outputs, quality
from .atomic import staged_directory
from .curation import apply_sets, load_curation
from .describe import dataset_description
from .docs import write_ontology_docs
from .analytics import write_analytics
from .exports import write_exports
from .mapping import build_dataset
from .namespaces import DEFAULT_BASE, Iris
from .reasoning import infer
from .validation import validate
from .viz import write_network
from .errors import PolicyKGError
from .normalize.places import Gazetteer
from .paths import BUNDLED_CURATION, ONTOLOGY_PATH, SHAPES_PATH, bundled_documents
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
    triples: dict[str, int] = field(default_factory=dict)
    validation: dict[str, int] = field(default_factory=dict)
    inference: object = None

    def summary(self, seconds: dict[str, float] | None = None) -> dict:
        return {
            "documents": {d.document.id: {"layout": d.plan.layout, "plan": d.plan.id, "records": _counts(d)}
                          for d in self.documents},
            "findings": quality.summary(self.findings),
            "triples": self.triples,
            "validation": self.validation,
            "seconds": {k: round(v, 3) for k, v in (seconds or self.seconds).items()},
        }


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
        same = next((d for d in documents if d.plan.id == records.plan.id), None)
        if same is not None:  # two documents would write into one plan: never merge them silently
            raise PolicyKGError(f"{source.path} and {same.document.file_name} both give plan id "
                                f"{records.plan.id!r}; they would merge into one plan. Give one of them its own id with a "
                                "curation [[set]] entry (target = \"plan\", field = \"id\"), or check that they are not "
                                "the same plan twice")
        documents.append(records)
        records.findings += context.findings + quality.check_records(records) + quality.curation_findings(curation, source.id)
        findings += records.findings  # the records carry them too: the graph maps them as resources
        progress(f"read {source.path.name}: {records.plan.layout}, {_counts(records)}")
    return documents, findings


class ValidationFailed(PolicyKGError):
    """The graph does not conform to the SHACL shapes; nothing was written."""

    exit_code = 1

    def __init__(self, report):
        self.report = report
        counts = ", ".join(f"{n} {k}" for k, n in report.counts().items())
        super().__init__(f"the graph does not conform to ontology/shapes.ttl ({counts}):\n{report.table()}")


class _Steps:
    """Times each step and says what it is doing when it takes more than a moment."""

    def __init__(self, progress: Callable[[str], None]):
        self.progress = progress
        self.seconds: dict[str, float] = {}

    @contextmanager
    def __call__(self, name: str, doing: str):
        self.progress(f"{doing} …")
        started = time.perf_counter()
        yield
        self.seconds[name] = time.perf_counter() - started


def build(paths, out: Path, *, curation_dir: Path | None = BUNDLED_CURATION, base: str = DEFAULT_BASE,
          docs: bool = True, progress: Callable[[str], None] = lambda _: None) -> BuildResult:
    """Read the documents, make, infer and validate the graph, and write everything into `out` —
    all at once or not at all."""
    out = Path(out)
    step = _Steps(progress)
    with step("read", "reading documents"):
        documents, findings = read_documents(paths, curation_dir=curation_dir, progress=progress)
    with step("map", "mapping records to RDF"):
        dataset = build_dataset(documents, base=base)
        iris = Iris(base)
        asserted, ontology = _asserted_and_ontology(dataset, iris)
    with step("infer", "inferring (OWL 2 RL) on the slice the ontology's axioms act on"):
        inference = infer(asserted, ontology)
    with step("validate", "validating against the SHACL shapes"):
        report = validate(_union([asserted, ontology, inference.inferred]), Graph().parse(SHAPES_PATH),
                          allow_warnings=True)  # warnings are written to validation.txt; violations stop the build
    if not report.conforms:
        raise ValidationFailed(report)

    result = BuildResult(out, documents, findings)
    progress("writing outputs …")
    write_started = time.perf_counter()
    with staged_directory(out) as staging:
        written = []
        for records in documents:
            written += outputs.write_records(staging / "records", records)
        outputs.write_json(staging / "quality.json", {"summary": quality.summary(findings), "findings": findings})
        (staging / "quality.md").write_text(quality.render_markdown(findings, iri=lambda document, n: str(iris.finding(document, n))), encoding="utf-8")
        (staging / "validation.txt").write_text(report.table(), encoding="utf-8")
        written += [staging / "quality.json", staging / "quality.md", staging / "validation.txt"]
        exports = write_exports(dataset, inference.inferred, staging / "rdf", base=base)
        description = dataset_description(
            dataset, inference.inferred, base=base, files=exports, issued=date.today(),
            documents=[{"id": d.document.id, "file_name": d.document.file_name, "sha256": d.document.sha256,
                        "title": d.plan.title} for d in documents])
        (staging / "rdf" / "description.ttl").write_bytes(description.serialize(format="turtle", encoding="utf-8"))
        written += exports + [staging / "rdf" / "description.ttl"]
        if docs:
            written.append(write_ontology_docs(ONTOLOGY_PATH, staging / "docs" / "ontology.html"))
        written.append(write_network(dataset, staging / "network.html"))
        written += write_analytics(dataset, staging / "analytics")
        result.triples = _triple_counts(dataset, inference.inferred, iris, documents)
        result.validation = report.counts() or {"conforms": 0}
        step.seconds["write"] = time.perf_counter() - write_started
        outputs.write_json(staging / "summary.json", result.summary(step.seconds))
        written.append(staging / "summary.json")
        result.files = [out / p.relative_to(staging) for p in written]
    result.seconds = step.seconds
    result.inference = inference
    return result


def make_graph(documents: list[DocumentRecords], *, base: str = DEFAULT_BASE):
    """The dataset of the documents' records with the inferred graph added as `{base}graph/inferred`."""
    dataset = build_dataset(documents, base=base)
    iris = Iris(base)
    inference = infer(*_asserted_and_ontology(dataset, iris))
    inferred = dataset.graph(iris.graph("inferred"))
    inferred += inference.inferred
    return dataset, inference


def _asserted_and_ontology(dataset, iris: Iris) -> tuple[Graph, Graph]:
    ontology = dataset.graph(iris.graph("ontology"))
    return _union(g for g in dataset.graphs() if g.identifier != ontology.identifier), ontology


def _union(graphs) -> Graph:
    union = Graph()
    for graph in graphs:
        union += graph
    return union


def _triple_counts(dataset, inferred: Graph, iris: Iris, documents) -> dict[str, int]:
    counts = {f"document {d.document.id}": len(dataset.graph(iris.graph("document", d.document.id)))
              for d in documents}
    counts["reference"] = len(dataset.graph(iris.graph("reference")))
    counts["ontology"] = len(dataset.graph(iris.graph("ontology")))
    counts["inferred"] = len(inferred)
    return counts


def _counts(r: DocumentRecords) -> str:
    if r.plan.layout == "action-plan":
        return f"{len(r.tasks)} groups, {len(r.measures)} measures"
    if r.plan.layout == "roadmap":
        subs = sum(1 for m in r.measures if m.level == "sub-measure")
        return f"{len(r.tasks)} tasks, {len(r.measures) - subs} measures, {subs} sub-measures"
    allocations = sum(len(i.allocations) for i in r.items)
    return f"{len(r.sections)} sections, {len(r.items)} items, {allocations} territories"
