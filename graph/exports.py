"""The graph written in the usual RDF formats: asserted, inferred and all, as triples and as named graphs.

`write_source_exports(source, folder, base=…)` writes, in `folder`:

| file | content |
|---|---|
| `asserted.{ttl,nt,rdf,jsonld}` | the union of the dataset's graphs (documents, reference, ontology) |
| `inferred.{ttl,nt,rdf,jsonld}` | the inferred triples (graph/reasoning.py) |
| `all.{ttl,nt,rdf,jsonld}` | both |
| `asserted.{trig,nq}` | the dataset's named graphs |
| `dataset.{trig,nq}` | the named graphs plus `{base}graph/inferred` |
| `context.jsonld` | the JSON-LD `@context` (prefixes and a term for every pkg: class and property) that the `.jsonld` files carry inline |

Above `COMPRESS_ABOVE` triples (1,000,000) every file but `context.jsonld` is written gzip-compressed
instead, named with `.gz` added (`all.nt.gz`; multi-member gzip joined from per-chunk members).

Every file is joined from per-graph chunks (graph/chunks.py: why, and how each format joins), each
written once and kept in the cache's `parts/` under what its graph was made from (`Source.keys`),
so a rebuild writes the chunks of new graphs only. The chunks of N-Triples, N-Quads, Turtle, TriG and
RDF/XML are written by Oxigraph's serialisers from the triples as the mapping made them (a `Source`: the documents' N-Triples, the reference data, the
ontology, the inferred triples) — not from the store, which normalises literals (`"P12M"` →
`"P1Y"`, `xsd:positiveInteger` → `xsd:integer`; oxigraph issue 526), so every literal keeps its
lexical form and datatype. JSON-LD chunks are written from the same triples by graph/jsonld.py's
`node_objects` against the context (`jsonld_context`: made from the ontology, not the corpus, so it
is the same for every build of one ontology, and each document's chunks — JSON-LD too — are made in
the worker that built it, `document_chunks`). Each graph's N-Triples and N-Quads lines are sorted by byte,
without duplicates, graph after graph in graph-name order; every format may state a triple twice
when two graphs hold it (the same RDF graph). Blank nodes — only
the ontology's class expressions have any — carry labels derived from the graph's content
(`canonical_blank_nodes`), so two builds of the same data give byte-identical N-Triples.
`write_exports(dataset, inferred, folder)` does the same for rdflib graphs.
Every file is written to a temporary name and moved into place (os.replace).
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.compare import _TripleCanonicalizer  # the public to_canonical_graph() does not give the mapping
from rdflib.namespace import OWL, RDF, RDFS

from . import chunks, jsonld
from .atomic import write_atomic
from . import store as oxstore
from .namespaces import DEFAULT_BASE, PKG, PREFIXES, Iris
from .paths import ONTOLOGY_PATH

# extension → (rdflib format, media type)
FORMATS = {
    "ttl": ("turtle", "text/turtle"),
    "nt": ("nt", "application/n-triples"),
    "rdf": ("xml", "application/rdf+xml"),
    "jsonld": ("json-ld", "application/ld+json"),
    "trig": ("trig", "application/trig"),
    "nq": ("nquads", "application/n-quads"),
}
TRIPLE_FORMATS = ("ttl", "nt", "rdf", "jsonld")
QUAD_FORMATS = ("trig", "nq")
CONTEXT_FILE = "context.jsonld"
# Above this many triples (the lines of all.nt: every graph's, asserted and inferred) each union file is
# written gzip-compressed instead (`all.nt.gz`, …; graph/chunks.py's join_gzip): ~10 GB of dumps at
# 1,000 documents become ~1 GB, and a rebuild copies that. Below it every file is as it always was.
COMPRESS_ABOVE = 1_000_000
GZIP = "application/gzip"  # dcat:compressFormat of the compressed files (graph/describe.py)


@dataclass
class Source:
    """What the exports are written from: the asserted named graphs in order, and the inferred triples,
    each a function that gives a fresh iterator of pyoxigraph triples (lexical forms as made).
    `keys`: a key per graph name naming its content (its chunks are then kept under it, graph/chunks.py);
    `inferred_parts`: the inferred graph in parts (key or None, triples), each with chunks of its own —
    one per document, so one more document leaves the others' parts as they were."""

    graphs: list[tuple[str, Callable[[], Iterable[ox.Triple]]]]
    inferred_name: str
    inferred: Callable[[], Iterable[ox.Triple]]
    keys: dict[str, str] = field(default_factory=dict)
    inferred_parts: list[tuple[str | None, Callable[[], Iterable[ox.Triple]]]] | None = None


def write_exports(dataset: Dataset, inferred: Graph, folder: Path, *, base: str = DEFAULT_BASE,
                  compress_above: int | None = None) -> list[Path]:
    """Write every export of an rdflib `dataset` (+ `inferred`) into `folder`; return the paths written."""
    everything = Graph()
    everything.addN((s, p, o, everything) for s, p, o, _ in dataset.quads((None, None, None, None)))
    everything.addN((s, p, o, everything) for s, p, o in inferred)
    labels = blank_node_labels(everything)

    def triples(graph):
        return lambda: (ox.Triple(*(oxstore.to_ox(labels.get(t, t)) for t in triple)) for triple in graph)

    graphs = [(str(g.identifier), triples(g)) for g in sorted(dataset.graphs(), key=lambda g: str(g.identifier))
              if len(g)]
    source = Source(graphs, str(Iris(base).graph("inferred")), triples(inferred))
    return write_source_exports(source, folder, base=base, context=jsonld_context(base),
                                compress_above=compress_above)


def write_source_exports(source: Source, folder: Path, *, base: str = DEFAULT_BASE,
                         context: dict | None = None, seconds: dict | None = None,
                         cache_folder: Path | None | bool = False, checksums: dict | None = None,
                         statistics: dict | None = None, compress_above: int | None = None,
                         beside: Executor | None = None, last: Path | None = None) -> list[Path] | Future:
    """Write every export into `folder`, each file joined from per-graph chunks (graph/chunks.py);
    return the paths written, in order. `context`: the JSON-LD context (None: `jsonld_context`'s);
    `seconds` gets the time spent on JSON-LD chunks ("jsonld") and on the rest ("oxigraph");
    `cache_folder` keeps the chunks of graphs with a key (`source.keys`) in its `parts/` (None: the
    user's cache, False: none), so a rebuild writes only the chunks of graphs that changed;
    `checksums` gets each file's SHA-256 by file name; `statistics` the union's VoID figures ("figures")
    and the predicates and classes it uses ("predicates", "classes"), its labels' languages ("languages") and each
    class's first IRI subject ("examples"), merged from the chunks (graph/chunks.py);
    `compress_above`: the triples above which the union files are gzip-compressed (None: COMPRESS_ABOVE).
    `beside`: an executor that joins the files while the caller goes on (reading, hashing, compressing
    and writing release the GIL); the chunks and `statistics` are ready on return, the paths and
    `checksums` when the returned future is done (its time is `seconds`' "joined"). `last`: the last
    build's folder of these files, whose byte ranges are copied where they hold the same chunks in a row
    (graph/chunks.py's Layouts, kept in `LAYOUTS_FILE` beside the folder)."""
    from . import cache

    seconds = {} if seconds is None else seconds
    seconds.setdefault("jsonld", 0.0)
    checksums = {} if checksums is None else checksums
    started = time.perf_counter()
    iris = Iris(base)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    prefixes = _prefixes(iris)
    scratch = folder / f".chunks-{os.getpid()}"  # chunks of graphs without a key: this build's only
    kept = scratch if cache_folder is False else (cache_folder or cache.cache_dir()) / "parts"
    heads = chunks.headers(prefixes)
    try:
        made: list[tuple[chunks.Chunk, Path, str, Callable]] = []

        def chunk(name, triples, key):
            where, key = (kept, key) if key else (scratch, f"made-{len(made)}")
            found = chunks.load(where, key, name) if where is kept else None
            if found is None:
                found = chunks.make(where, key, name, triples(), prefixes, heads)
            made.append((found, where, key, triples))
            return found

        asserted = [chunk(name, triples, source.keys.get(name)) for name, triples in source.graphs]
        parts = source.inferred_parts if source.inferred_parts is not None else [(None, source.inferred)]
        inferred = [chunk(source.inferred_name, triples, key) for key, triples in parts]
        # counted before the joining: beside it, both waited on the interpreter's lock (1.8-2.2 s, 0.8-1.4 before)
        if statistics is not None:
            found = [c for c, *_ in made]
            statistics["figures"] = chunks.statistics(found)
            statistics["predicates"], statistics["classes"] = chunks.used_terms(found)
            statistics["languages"] = chunks.languages(found)
            statistics["examples"] = chunks.examples(found)
        if context is None:
            context = jsonld_context(iris.base)
        digest = context_key(context)
        jsonld_started = time.perf_counter()
        for found, where, key, triples in made:
            found.paths["jsonld"] = _jsonld_chunk(where, key, digest, triples, context, reuse=where is kept)
        seconds["jsonld"] += time.perf_counter() - jsonld_started
        limit = COMPRESS_ABOVE if compress_above is None else compress_above
        compress = sum(c.triples for c, *_ in made) > limit
    except BaseException:
        chunks.remove_folder(scratch)
        raise
    seconds["oxigraph"] = time.perf_counter() - started - seconds["jsonld"]

    def join() -> list[Path]:
        joined = time.perf_counter()
        layouts = chunks.Layouts(last, last.parent / LAYOUTS_FILE if last is not None else None)
        named = os.path.join(str(kept), "")  # parts in the cache's folder are named by their content
        keyed = (lambda part: False) if kept is scratch else (lambda part: str(part).startswith(named))
        try:
            written = [write_atomic(folder / CONTEXT_FILE, _json_bytes({"@context": context}))]
            for name, selected in {"asserted": asserted, "inferred": inferred, "all": asserted + inferred}.items():
                for extension in TRIPLE_FORMATS:
                    written.append(_join(folder / f"{name}.{extension}", selected, extension, heads, context,
                                         checksums, compress, layouts, keyed))
            in_order = sorted(asserted + inferred, key=lambda c: c.name)  # sorted() is stable: parts keep their order
            for name, selected in (("asserted", asserted), ("dataset", in_order)):
                for extension in QUAD_FORMATS:
                    written.append(_join(folder / f"{name}.{extension}", selected, extension, heads, context,
                                         checksums, compress, layouts, keyed))
            layouts.write(folder.parent / LAYOUTS_FILE)  # what the next build's joins copy from
            if kept is not scratch:
                chunks.prune(kept, [c for c, *_ in made])
        finally:
            chunks.remove_folder(scratch)
        seconds["joined"] = time.perf_counter() - joined
        return written

    if beside is not None:
        return beside.submit(join)
    written = join()
    seconds["oxigraph"] += seconds.pop("joined")
    return written


LAYOUTS_FILE = ".joined.json"  # beside the export folder (not among the exports): where each chunk lies in each file


def document_chunks(build, key: str, base: str, cache_folder: Path | None) -> None:
    """Make one document's chunks (graph/chunks.py) in the cache's `parts/` right after its build
    (`key`: its cache key), in the worker process that made it, so the write step only joins them:
    its named graph's, and its inferred triples' under the name the write step gives them when they
    are whole (none another graph asserts, none an earlier part holds: graph/write.py's _export_source).
    A part that is not whole is named by its triples there, and made there. `cache_folder`: as
    graph/cache.py's (None: the user's cache)."""
    from . import cache

    iris = Iris(base)
    kept = (cache_folder or cache.cache_dir()) / "parts"
    prefixes = _prefixes(iris)
    heads = chunks.headers(prefixes)
    name = str(iris.graph("document", build.digest.document.id))
    context = jsonld_context(iris.base)
    digest = context_key(context)
    for graph, chunk_name, data in ((name, chunks.chunk_key("graph", name, key), build.graph),
                                    (str(iris.graph("inferred")), chunks.chunk_key("inferred", key), build.inferred)):
        items = list(_parsed(data))  # parsed once for every format
        try:
            if chunks.load(kept, chunk_name, graph) is None:
                chunks.make(kept, chunk_name, graph, items, prefixes, heads)
            _jsonld_chunk(kept, chunk_name, digest, lambda: items, context)
        except OSError:
            return  # a read-only or full cache: the write step makes them


def _parsed(data: bytes) -> Iterable[ox.Triple]:
    return (q.triple for q in ox.parse(data, ox.RdfFormat.N_TRIPLES)) if data else iter(())


def _prefixes(iris: Iris) -> dict[str, str]:
    """The prefixes of the Turtle and TriG files (and chunks)."""
    return {prefix: str(namespace) for prefix, namespace in PREFIXES.items()} | {"id": iris.base}


def _join(path: Path, selected: list, extension: str, heads: dict, context: dict, checksums: dict,
          compress: bool = False, layouts: chunks.Layouts | None = None, keyed=lambda _: False) -> Path:
    parts = [c.paths[extension] for c in selected]
    join, path = (chunks.join_gzip, path.with_name(path.name + ".gz")) if compress else (chunks.join, path)
    if extension == "jsonld":
        empty = all(p.stat().st_size == 0 for p in parts)
        head, foot = jsonld.head(context, empty), jsonld.foot(empty)
        checksums[path.name] = join(path, parts, head, foot, separator=chunks.JSONLD_SEPARATOR, layouts=layouts,
                                    keyed=keyed)
    else:
        checksums[path.name] = join(path, parts, *heads[extension], layouts=layouts, keyed=keyed)
    return path


def _jsonld_chunk(folder: Path, key: str, context_key: str, triples: Callable[[], Iterable[ox.Triple]],
                  context: dict, reuse: bool = True) -> Path:
    """The graph's node objects compacted against `context`, one a line (graph/jsonld.py), kept under
    the graph's key and the context's content (not its order: each IRI has one term, so the order changes nothing)."""
    path = folder / f"{key}-{context_key[:32]}.jsonld"
    if reuse and path.is_file():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    return write_atomic(path, jsonld.node_lines(jsonld.node_objects(triples(), _compactor(context, context_key))))


def context_key(context: dict) -> str:
    """The context's content as a key (its order left out)."""
    return hashlib.sha256(json.dumps(context, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


_COMPACTORS: dict[str, jsonld.Compactor] = {}


def _compactor(context: dict, key: str) -> jsonld.Compactor:
    """One Compactor per context (its IRIs' compact forms are remembered across chunks)."""
    if key not in _COMPACTORS:
        _COMPACTORS.clear()
        _COMPACTORS[key] = jsonld.Compactor(context)
    return _COMPACTORS[key]


def canonical_blank_nodes(graph: Graph) -> Graph:
    """A copy of the graph whose blank nodes carry content-derived labels (stable across builds)."""
    labels = blank_node_labels(graph)
    if not labels:
        return graph
    return _relabel(graph, labels)


def serialize(graph: Graph, extension: str, context: dict, labels: dict) -> bytes:
    """One rdflib graph in one triple format; N-Triples sorted, JSON-LD compacted against `context`, written inline."""
    rdf_format = FORMATS[extension][0]
    if extension == "nt":
        return _sorted_lines(_relabel(graph, labels).serialize(format="nt", encoding="utf-8"))
    if extension == "jsonld":
        return jsonld.serialize(graph, context)  # context inline: the file stands alone
    return graph.serialize(format=rdf_format, encoding="utf-8")


def jsonld_context(base: str, ontology: Path = ONTOLOGY_PATH) -> dict:
    """The JSON-LD context: the prefixes of namespaces.PREFIXES, `id` for the base, and a term for
    every pkg: class (its local name) and property declared in the ontology (`{"@id": …}`; object
    properties coerced, `"@type": "@id"`) — the same for every corpus, as a published context is, so
    a document's JSON-LD chunk can be made on its own (in the worker that built it). Prefixes, then
    terms by name; a local name that is already a prefix gets no term."""
    terms = _ontology_terms(str(ontology))
    context: dict = {prefix: str(namespace) for prefix, namespace in sorted(PREFIXES.items())}
    context["id"] = Iris(base).base
    for name, iri, kind in terms:
        if name not in context:
            context[name] = iri if kind == "class" else (
                {"@id": iri, "@type": "@id"} if kind == "object" else {"@id": iri})
    return context


_KINDS = {str(OWL.Class): "class", str(RDFS.Class): "class", str(OWL.ObjectProperty): "object",
          str(OWL.DatatypeProperty): "property", str(OWL.AnnotationProperty): "property",
          str(RDF.Property): "property"}


@lru_cache(maxsize=2)
def _ontology_terms(path: str) -> tuple[tuple[str, str, str], ...]:
    """(local name, IRI, kind) of the ontology's pkg: classes and properties, by name (Oxigraph parses it in ms)."""
    pkg = str(PKG._NS)
    found: dict[str, str] = {}
    for t in ox.parse(path=path, format=ox.RdfFormat.TURTLE):
        kind = _KINDS.get(t.object.value) if t.predicate.value == str(RDF.type) else None
        if kind and isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(pkg) \
                and found.get(t.subject.value) != "object":  # an object property is also an rdf:Property
            found[t.subject.value] = kind
    return tuple(sorted((iri[len(pkg):], iri, kind) for iri, kind in found.items()))


def blank_node_labels(graph: Graph) -> dict:
    """Content-derived labels for the graph's blank nodes (rdflib's canonical hashing): stable across builds."""
    with_blanks = Graph()
    with_blanks.addN((s, p, o, with_blanks) for s, p, o in graph
                     if isinstance(s, BNode) or isinstance(o, BNode))
    if not len(with_blanks):
        return {}
    labels = {}
    canonical = _TripleCanonicalizer(with_blanks).canonical_triples()
    for original, relabelled in zip(with_blanks, canonical):
        for old, new in zip(original, relabelled):
            if isinstance(old, BNode):
                labels[old] = new
    return labels


def media_type(path: Path) -> str:
    """The media type of the file's content (a `.gz` file's: of what it compresses)."""
    return FORMATS[format_extension(path)][1]


def format_extension(path: Path) -> str:
    """The RDF format's extension of an export file: `nt` for `all.nt` and for `all.nt.gz`."""
    name = Path(path).name
    return Path(name[:-3] if name.endswith(".gz") else name).suffix.lstrip(".")


def compressed(path: Path) -> bool:
    return Path(path).name.endswith(".gz")


def _relabel(graph: Graph, labels: dict) -> Graph:
    if not labels:
        return graph
    copy = Graph()
    copy.addN((*_relabel_triple(t, labels), copy) for t in graph)
    return copy


def _relabel_triple(triple, labels: dict) -> tuple:
    return tuple(labels.get(term, term) if isinstance(term, BNode) else term for term in triple)


def _sorted_lines(data: bytes) -> bytes:
    lines = sorted({line for line in data.decode("utf-8").splitlines() if line.strip()})
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def _json_bytes(document) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

