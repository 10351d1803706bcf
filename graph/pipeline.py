"""build(): documents → records → graph → store → output folder, one document at a time.

Each document is read, curated, checked, mapped, inferred (OWL 2 RL) and validated (SHACL) on its own
graph plus the reference data it links to (`process_document`), in worker processes when several
documents need the work, and the result is cached by the document's SHA-256 and the code's version
(graph/cache.py): a rebuild after adding one document does the work of that document only. With as many
processes as documents to make (the two seeds on two cores), the build's own process makes the smallest and
then does what the write step can do before the others arrive (graph/write_ahead.py) instead of waiting.

The documents' results then go into one Oxigraph store (graph/store.py) — a named graph per document,
the reference data, the ontology, and the union of the documents' inferred triples minus whatever any
graph asserts, which is what OWL 2 RL over the whole graph gives: the ontology's axioms relate a
document's resources only to each other and to the reference data (tests/scale/ checks the equality
on the seeds and on synthetic documents). Exports, the network page and the analytics read the store.
"""
from __future__ import annotations

import dataclasses
import gc
import os
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from multiprocessing import get_context
from pathlib import Path
from typing import Callable

from rdflib import Graph

from . import cache, collector, ontology_page, quality, xmlchars
from .curation import apply_sets, load_curation
from .mapping import build_dataset, document_graph, load_ontology
from .namespaces import DEFAULT_BASE, Iris
from .reasoning import infer
from .reference import reference_graph
from .errors import PolicyKGError
from .normalize.places import Gazetteer
from .paths import BUNDLED_CURATION, ONTOLOGY_PATH, SHAPES_PATH, bundled_documents
from .accounting import unaccounted_findings
from .readers import ReadContext, read_document
from .records import CurationNote, DocumentInfo, DocumentRecords, Finding, RecordsDigest, records_counts
from .sources import DEFAULT_MAX_SIZE, Source, read_source

# A source's media type by its kind (graph/sources.py): the graph's pkg:SourceDocument says it (dct:format).
MEDIA_TYPES = {"text": "text/plain", "pdf": "application/pdf",
               "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


@dataclass
class BuildResult:
    out: Path
    builds: list  # each document's DocumentBuild: its records are read from the cache when asked for
    findings: list[Finding]
    files: list[Path] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    triples: dict[str, int] = field(default_factory=dict)
    validation: dict[str, int] = field(default_factory=dict)
    made: int = 0  # documents processed in this build (the others came from the cache)

    @property
    def documents(self) -> list[DocumentRecords]:
        return [b.records for b in self.builds]

    @property
    def digests(self) -> list[RecordsDigest]:
        return [b.digest for b in self.builds]

    def summary(self, seconds: dict[str, float] | None = None) -> dict:
        return {
            "documents": {d.document.id: {"layout": d.plan.layout, "plan": d.plan.id, "records": d.counts}
                          for d in self.digests},
            "findings": quality.summary(self.findings),
            "triples": self.triples,
            "validation": self.validation,
            "seconds": {k: round(v, 3) for k, v in (seconds or self.seconds).items()},
            "documents made": self.made,
        }


def read_documents(paths, *, curation_dir: Path | None = BUNDLED_CURATION,
                   progress: Callable[[str], None] = lambda _: None) -> tuple[list[DocumentRecords], list[Finding]]:
    """Read, curate and check every document; raise on the first that cannot be read."""
    sources = _sources(paths)
    documents, findings, plans = [], [], {}
    for source in sources:
        records, found = read_one(source, curation_dir)
        _refuse_same_plan(records, plans)
        documents.append(records)
        findings += found
        progress(f"read {source.path.name}: {records.plan.layout}, {records_counts(records)}")
    return documents, findings


def _refuse_same_plan(records: DocumentRecords | RecordsDigest, earlier: dict) -> None:
    """Two documents would write into one plan (a measure with two titles): never merge them silently.
    `earlier`: the documents before, by plan id; `records` joins them."""
    same = earlier.setdefault(records.plan.id, records)
    if same is not records:
        raise PolicyKGError(f"{records.document.file_name} and {same.document.file_name} both give plan id "
                            f"{records.plan.id!r}; they would merge into one plan. Give one of them its own id with a "
                            "curation [[set]] entry (target = \"plan\", field = \"id\"), or check that they are not "
                            "the same plan twice")


def _sources(paths, max_size: int | None = DEFAULT_MAX_SIZE) -> list[Source]:
    paths = [Path(p) for p in paths] or bundled_documents()
    if not paths:
        raise PolicyKGError("no documents given, and no bundled documents found")
    sources = [read_source(p, max_size) for p in paths]
    ids = [s.id for s in sources]
    if len(set(ids)) != len(ids):
        raise PolicyKGError(f"two documents share a file name (document id): {sorted({i for i in ids if ids.count(i) > 1})}")
    _refuse_same_content(sources)
    return sources


def _refuse_same_content(sources: list[Source]) -> None:
    """The same bytes under two names would be one plan read twice: name both, never merge them."""
    first: dict[str, Source] = {}
    for source in sources:
        same = first.setdefault(source.sha256, source)
        if same is not source:
            raise PolicyKGError(f"{same.path.name} and {source.path.name} have identical content (sha256 "
                                f"{source.sha256[:12]}…): the same document under two names; give it once")


@lru_cache(maxsize=1)
def _gazetteer() -> Gazetteer:
    return Gazetteer.load()


def read_one(source: Source, curation_dir: Path | None) -> tuple[DocumentRecords, list[Finding]]:
    """One document's records (curated) and findings."""
    source, scrubbed = _scrub_source(source)
    curation = load_curation(curation_dir, source.id, source.sha256)
    context = ReadContext(source=source, gazetteer=_gazetteer(), curation=curation)
    records = read_document(source, context)
    apply_sets(curation, records)
    curation.check_all_used()
    records.document = DocumentInfo(source.id, source.path.name, source.sha256, media_type=MEDIA_TYPES[source.kind],
                                    curation=[
        CurationNote(e.id, e.kind, " ".join(e.reason.split()), list(e.lines)) for e in curation.entries])
    records.findings += context.findings + quality.check_records(records) + quality.curation_findings(curation, source.id)
    records.findings += unaccounted_findings(source, records, records.findings)  # nothing lost silently
    records.findings += scrubbed
    return records, records.findings  # the records carry them too: the graph maps them as resources


def _scrub_source(source: Source) -> tuple[Source, list[Finding]]:
    """The text with XML-forbidden characters replaced (graph/xmlchars.py), and a finding per such line."""
    if source.kind != "text" or not any(xmlchars.FORBIDDEN.search(line) for line in source.lines):
        return source, []
    findings = [Finding("xml-forbidden-character", f"line {n} holds {', '.join(xmlchars.code_points(line))}, "
                        "which XML 1.0 forbids: replaced by U+FFFD", source.id, [n], None,
                        {"code_points": xmlchars.code_points(line)})
                for n, line in enumerate(source.lines, 1) if xmlchars.FORBIDDEN.search(line)]
    return dataclasses.replace(source, lines=tuple(xmlchars.scrub(line) for line in source.lines)), findings


# --------------------------------------------------------------------------- one document


@dataclass
class DocumentBuild(cache.Apart):
    """What one document contributes to a build (and what the cache keeps: its graphs apart, `APART`)."""

    records: DocumentRecords
    findings: list[Finding]
    graph: bytes  # its named graph, N-Triples
    inferred: bytes  # what OWL 2 RL infers from it and the reference data it links to, N-Triples
    conforms: bool
    violations: list
    seconds: dict[str, float]
    triples: int
    inference_errors: list[str] = field(default_factory=list)
    digest: RecordsDigest | None = None  # of `records`, made with them: what the whole-corpus steps read

    def __post_init__(self):
        if self.digest is None:
            self.digest = RecordsDigest.of(self.records)


# kept beside the cached build, read when asked for: the write step needs the added documents' graphs, and the
# records of those whose records files it writes
APART = ("graph", "inferred", "records")


@lru_cache(maxsize=1)
def _ontology() -> Graph:
    return load_ontology(ONTOLOGY_PATH) or Graph()


@lru_cache(maxsize=1)
def _shapes() -> Graph:
    return Graph().parse(SHAPES_PATH)


def process_document(source: Source, curation_dir: Path | None, base: str) -> DocumentBuild:
    """Read, map, infer and validate one document on its own graph plus the reference data."""
    from .validation import validate  # pySHACL only where validation runs

    seconds = {}
    started = time.perf_counter()
    records, findings = read_one(source, curation_dir)
    seconds["read"] = time.perf_counter() - started
    started = time.perf_counter()
    iris = Iris(base)
    # the document's own graph, serialised before it grows into the union that inference and validation read
    # (copying its 10,000 triples took 0.1 s); no prefixes bound, as in a union made afresh: SPARQL constraints
    # and the validation report's names read the data graph's prefixes
    data = document_graph(records, iris, into=Graph())
    graph, triples = _ntriples(data), len(data)
    data += reference_graph(iris, used_organisations=records.organisations)
    seconds["map"] = time.perf_counter() - started
    started = time.perf_counter()
    inference = infer(data, _ontology())
    closure = _reference_closure(base)  # what the reference data infers alone: once, in build()
    inferred = Graph()
    inferred.addN((s, p, o, inferred) for s, p, o in inference.inferred if (s, p, o) not in closure)
    seconds["infer"] = time.perf_counter() - started
    started = time.perf_counter()
    data += _ontology()  # the same union grows into what validation reads: the graph is not copied again
    data += inference.inferred
    report = validate(data, _shapes(), allow_warnings=True)  # warnings go to validation.txt; violations stop the build
    seconds["validate"] = time.perf_counter() - started
    return DocumentBuild(records, findings, graph, _ntriples(inferred), report.conforms,
                         report.violations, seconds, triples, inference.errors)


@lru_cache(maxsize=2)
def _reference_closure(base: str) -> frozenset:
    """What OWL 2 RL infers from the reference data (with no document's organisations) and the ontology."""
    return frozenset(infer(reference_graph(Iris(base)), _ontology()).inferred)


def _ntriples(graph: Graph) -> bytes:
    return graph.serialize(format="nt", encoding="utf-8")


def _process_cached(source: Source, curation_dir: Path | None, base: str, cache_folder) -> DocumentBuild:
    """process_document, its result kept in the cache (`cache_folder`: a folder, None for the user's, False: none)."""
    result = process_document(source, curation_dir, base)
    if cache_folder is not False:
        key = _key(source, curation_dir, base)
        cache.store(key, result, cache_folder, apart=APART)
        from .exports import document_chunks  # write-only (graph/cache.py): its edits keep the documents' keys

        document_chunks(result, key, base, cache_folder)  # here, in the worker, not all in the write step
    return result


_made_in_worker = 0  # documents this worker process was given (the build's own process: none)


def _worker(path: Path, curation_dir: Path | None, base: str, cache_folder) -> DocumentBuild | str:
    """In a worker process: the document's build, or the error's message (re-raised in the parent)."""
    # What the worker's last document left behind is collected and what stays (caches of names, places, phrases)
    # is frozen out of the cyclic collector: else its full passes scan ever more, and a worker's 240th document
    # took 8 % longer than its first (the same 40 documents timed before and after 200 others; with this, 0 %).
    # Before the next document, not after the last: its result is not held back (a worker's first has nothing to do).
    global _made_in_worker
    if _made_in_worker:
        gc.collect()
        gc.freeze()
    _made_in_worker += 1
    try:
        return _process_cached(read_source(path), curation_dir, base, cache_folder)
    except PolicyKGError as exc:
        return f"{type(exc).__name__}: {exc}"


def _key(source: Source, curation_dir: Path | None, base: str) -> str:
    curation = Path(curation_dir) / f"{source.id}.toml" if curation_dir is not None else None
    return cache.document_key(source.sha256, source.path.name, curation, base)


def process_documents(sources: list[Source], *, curation_dir: Path | None, base: str, jobs: int | None = None,
                      cache_folder: Path | None | bool = None,
                      progress: Callable[[str], None] = lambda _: None,
                      while_waiting: Callable[[list[RecordsDigest]], None] | None = None,
                      ) -> tuple[list[DocumentBuild], list[int]]:
    """Every document's build, from the cache or made (in `jobs` worker processes when more than one
    needs making); returns them in the documents' order, and the indices of those made now.

    When every document to make has a process of its own, this process makes the smallest (rather than
    waiting for the others with nothing to do: it reads the ontology and imports pySHACL for the write step
    anyway) and then calls `while_waiting` with the digests of the documents it made or took from the cache."""
    folder = False if cache_folder is False else (cache_folder or None)
    keys = [_key(source, curation_dir, base) for source in sources]
    absent = [] if folder is False else [i for i, key in enumerate(keys) if not cache.has(key, folder)]
    if absent and len(absent) < len(sources) and jobs != 1:  # a rebuild: make the new ones while loading the rest
        return _made_while_loading(sources, keys, absent, curation_dir=curation_dir, base=base, jobs=jobs,
                                   folder=folder, progress=progress, while_waiting=while_waiting)
    with collector.paused():  # unpickling 1,000 builds set off its full passes: 3-5 s, against 0.7 s without
        builds: list[DocumentBuild | None] = [None if folder is False else cache.load(key, folder) for key in keys]
    missing = [i for i, b in enumerate(builds) if b is None]
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(missing)))
    if jobs == 1:
        for i in missing:
            builds[i] = _process_cached(sources[i], curation_dir, base, folder)
            progress(f"read {sources[i].path.name}: {builds[i].digest.plan.layout}, {builds[i].digest.counts}")
        return builds, missing
    here = min(missing, key=lambda i: _size(sources[i])) if len(missing) == jobs else None
    remote = sorted((i for i in missing if i != here), key=lambda i: -_size(sources[i]))  # the longest first
    local_error = None
    with ProcessPoolExecutor(len(remote) if here is not None else jobs,
                             mp_context=get_context("fork" if os.name == "posix" else "spawn")) as pool:
        futures = {i: pool.submit(_worker, sources[i].path, curation_dir, base, folder) for i in remote}
        if here is not None:
            try:
                builds[here] = _process_cached(sources[here], curation_dir, base, folder)
            except PolicyKGError as exc:
                local_error = exc  # raised below in the documents' order, like a worker's
        if while_waiting is not None and local_error is None:
            while_waiting([b.digest for b in builds if b is not None])
        _collect(pool, futures, builds, missing, {here: local_error} if local_error else {}, sources,
                 curation_dir=curation_dir, base=base, progress=progress)
    return builds, missing


def _collect(pool, futures: dict, builds: list, missing: list[int], errors: dict[int, PolicyKGError],
             sources: list[Source], *, curation_dir: Path | None, base: str, progress: Callable[[str], None]) -> None:
    """Put the workers' builds (`futures`) into `builds`, in the documents' order; the first document
    that failed — in a worker (its message) or here (`errors`) — raises its error, the others cancelled."""
    for i in missing:
        if i in errors:
            pool.shutdown(wait=False, cancel_futures=True)
            raise errors[i]
        result = futures[i].result() if i in futures else builds[i]
        if isinstance(result, str):  # raise the document's own error, with its type
            pool.shutdown(wait=False, cancel_futures=True)  # not after every other document
            process_document(sources[i], curation_dir, base)
            raise PolicyKGError(result)
        builds[i] = result
        progress(f"read {sources[i].path.name}: {result.digest.plan.layout}, {result.digest.counts}")


def _made_while_loading(sources: list[Source], keys: list[str], absent: list[int], *, curation_dir: Path | None,
                        base: str, jobs: int | None, folder, progress: Callable[[str], None],
                        while_waiting: Callable[[list[RecordsDigest]], None] | None,
                        ) -> tuple[list[DocumentBuild], list[int]]:
    """process_documents when most documents are cached: those not cached (`absent`) are made in worker
    processes started first, while this process loads the cached builds (1.9 s at 1,000 documents) and
    then calls `while_waiting`; before, the one added document was made here after the loading (3 s more)."""
    workers = max(1, min(jobs or os.cpu_count() or 1, len(absent)))
    with ProcessPoolExecutor(workers, mp_context=get_context("fork" if os.name == "posix" else "spawn")) as pool:
        futures = {i: pool.submit(_worker, sources[i].path, curation_dir, base, folder)
                   for i in sorted(absent, key=lambda i: -_size(sources[i]))}  # the longest first
        try:
            with collector.paused():
                builds: list[DocumentBuild | None] = [None if i in futures else cache.load(key, folder)
                                                      for i, key in enumerate(keys)]
            unreadable = [i for i, b in enumerate(builds) if b is None and i not in futures]
            for i in unreadable:  # kept but not loadable: made here (the workers have theirs)
                builds[i] = _process_cached(sources[i], curation_dir, base, folder)
            if while_waiting is not None:
                while_waiting([b.digest for b in builds if b is not None])
            missing = sorted(absent + unreadable)
            _collect(pool, futures, builds, missing, {}, sources, curation_dir=curation_dir, base=base,
                     progress=progress)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)  # not after every other document
            raise
    return builds, missing


def _size(source: Source) -> int:
    """How much a document holds, to guess which takes longest: its bytes (DOCX, PDF) or characters (text)."""
    return len(source.data) or sum(map(len, source.lines))


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
          docs: bool = True, progress: Callable[[str], None] = lambda _: None, jobs: int | None = None,
          cache_folder: Path | None | bool = None, description_config: Path | None = None,
          max_size: int | None = DEFAULT_MAX_SIZE) -> BuildResult:
    """Read the documents, make, infer and validate the graph, and write everything into `out` —
    all at once or not at all. `cache_folder`: where per-document results are kept (None: the user's
    cache, graph/cache.py; False: no cache); `jobs`: worker processes (default: one per CPU);
    `description_config`: a TOML file for the DCAT-AP description (graph/data/description.toml is the default);
    `max_size`: the largest document in bytes (None: no limit)."""
    out = Path(out)
    step = _Steps(progress)
    iris = Iris(base)
    pages = []  # the ontology page's process: started when this process has nothing else to do (see below)

    def while_waiting(made_here: list[RecordsDigest]) -> None:
        _write_ahead(sources, made_here, curation_dir, iris)
        pages.append(ontology_page.start() if docs else None)  # a core left idle until the other documents arrive

    # The modules imported so far (rdflib, owlrl, pySHACL …) are frozen out of the cyclic collector, here and in
    # the workers forked from here: its full passes need not scan them while the documents are made (a document
    # took a sixth less time); all is unfrozen when the build ends.
    gc.freeze()
    with ExitStack() as later:
        later.callback(gc.unfreeze)  # last, when the build ends however it ends
        with step("documents", "reading, mapping, inferring and validating the documents"):
            sources = _sources(paths, max_size)
            from .network_step import network_part  # write-only (graph/cache.py): its edits keep the documents' keys

            # the network part's process, if it has one, starts now: meanwhile it reads the last build's fragments
            network = later.enter_context(network_part(base, out, len(sources)))
            if len(sources) == 1:  # made in this process alone: the page takes another core meanwhile
                pages.append(ontology_page.start() if docs else None)
            builds, made = process_documents(sources, curation_dir=curation_dir, base=base, jobs=jobs,
                                             cache_folder=cache_folder, progress=progress, while_waiting=while_waiting)
        # else beside the write step, which runs in this process alone (before, it took a core from the documents')
        page = pages[0] if pages else ontology_page.start() if docs else None
        plans: dict = {}
        for b in builds:
            _refuse_same_plan(b.digest, plans)
        findings = [f for b in builds for f in b.findings]
        for name in ("read", "map", "infer", "validate"):  # summed over the documents made now (not the cached)
            step.seconds[name] = sum(builds[i].seconds.get(name, 0.0) for i in made)
        report = _merged_report(builds)
        if not report.conforms:
            raise ValidationFailed(report)

        result = BuildResult(out, builds, findings, made=len(made))
        from .write import write_outputs  # the whole-corpus step: store, records, exports, description, pages

        # Every document's build stays alive through the write step: the cyclic collector need not scan them again and
        # again (with 1,000 documents its full passes took seconds there).
        gc.freeze()
        write_outputs(result, builds, report, step, iris=iris, docs=docs, cache_folder=cache_folder,
                      description_config=description_config,
                      keys=[_key(source, curation_dir, base) for source in sources],  # what each was made from
                      ontology_page_process=page, network=network)
    result.seconds = step.seconds
    return result


def _write_ahead(sources: list[Source], records: list[RecordsDigest], curation_dir: Path | None,
                 iris: Iris) -> None:
    """While the worker processes make the other documents: the write step's imports, and its shared graphs
    for the organisations of every document (those still being made read again here, records only)."""
    from . import write_ahead

    from .network_step import BESIDE_FROM

    write_ahead.import_write_step(network=len(sources) < BESIDE_FROM)  # else the network part has its own process
    have = {r.document.id for r in records}
    if len(sources) - len(have) <= _READ_AHEAD:
        write_ahead.shared_graphs(iris, records + [read_one(s, curation_dir)[0] for s in sources if s.id not in have])


_READ_AHEAD = 4  # documents read again for the shared graphs at most: reading one costs a tenth of a second


def validation_summary(report) -> dict:
    """summary.json's "validation": whether the graph conforms, the results per severity, and each result."""
    return {
        "conforms": bool(report.conforms),
        "results": report.counts(),
        "violations": [{"focus": str(v.focus), "shape": str(v.shape), "severity": str(v.severity).rsplit("#", 1)[-1],
                        "path": str(v.path) if v.path is not None else None, "location": v.location,
                        "message": v.message_en} for v in report.violations],
    }


def _merged_report(builds: list[DocumentBuild]):
    from .validation import ValidationReport

    violations = list(dict.fromkeys(v for b in builds for v in b.violations))  # reference data: once
    return ValidationReport(all(b.conforms for b in builds), violations, Graph(), "",
                            sum(b.seconds.get("validate", 0.0) for b in builds))


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
