"""The build's dataset in an Oxigraph store (pyoxigraph), behind the project's own API.

A build writes its union dataset — one named graph per document, `{base}graph/reference`,
`{base}graph/ontology` and `{base}graph/inferred` — into `build/store/`, an Oxigraph database on
disk (`write_store`). Everything that reads a build opens it there (`open_dataset`): `query`,
`serve` (every worker process opens it read-only; nothing is copied), `view`, `stats` and the
exports. A build folder without a store (an older build, a hand-made `rdf/dataset.trig`) is loaded
into an in-memory store from its N-Quads or TriG file, so every reader sees the same thing.
Beside it, `build/union/` holds the union itself — every graph's distinct triples in the default
graph of a store of its own (`write_union`, `add_to_union`) — where `query` runs the queries that
read only the default graph; build/store, its named graphs and its (empty) default graph are unchanged,
so the exports, the description, `stats`, `view` and the Graph Store Protocol see what they saw.

`open_dataset` returns an rdflib `Dataset` whose store is Oxigraph (oxrdflib), so code written for
rdflib's API (linked-data pages, the network model, the description) works unchanged, while SPARQL
text goes to Oxigraph's own engine: `query()` runs it there, with parameters as SEP-0007
substitutions (pyoxigraph's `substitutions`, the counterpart of rdflib's initBindings) and the
protocol's default-graph-uri / named-graph-uri as Oxigraph's `default_graph` / `named_graphs`, and
gives back an rdflib `Result` for graph/results.py to write. Oxigraph substitutes only variables the
query projects; any other parameter is written into the query text as its RDF term (`substitute`,
never inside a string, IRI or comment), which is what initBindings and SEP-0007 both mean.

Oxigraph's store normalises literals of the XSD datatypes it knows as it stores them (oxigraph issue
526): `"P12M"^^xsd:duration` comes back as `"P1Y"`, `"1.50"^^xsd:decimal` as `"1.5"`,
`xsd:positiveInteger` as `xsd:integer`. Query results show those forms; the exports and `push` are
written from the triples as made, never from the store.
"""
from __future__ import annotations

import gc
import gzip
import re
import shutil
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import BNode, Dataset, Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.query import Result

from .errors import PolicyKGError
from .namespaces import bind_prefixes

STORE_DIR = "store"  # build/store: the Oxigraph database
UNION_DIR = "union"  # build/union: the distinct triples of build/store's graphs, in its default graph
NQUADS_FILE = Path("rdf") / "dataset.nq"
TRIG_FILE = Path("rdf") / "dataset.trig"
UNION_FILE = Path("rdf") / "all.nt"  # the union's triples as exported: build/union's, each once
INFERRED_SUFFIX = "/graph/inferred"
_XSD_STRING = str(XSD.string)


# ---------------------------------------------------------------- opening a build

def store_path(build_dir: Path | str) -> Path:
    return Path(build_dir) / STORE_DIR


def open_store(build_dir: Path | str, *, inferred: bool = True, in_memory: bool = False) -> ox.Store:
    """The build's Oxigraph store: build/store read-only, else its dataset file loaded into memory.
    `inferred=False`: a copy in memory without the `…/graph/inferred` graph. `in_memory`: the store in
    memory even when build/store is there — joins run up to 7× quicker there (docs/endpoint.md), at
    the price of the copy's memory (~1.4 GiB for 3.8M quads) and the seconds it takes to load."""
    build_dir = Path(build_dir)
    path = store_path(build_dir)
    dataset_file = _dataset_file(build_dir)
    if path.is_dir() and not (in_memory and dataset_file):
        store = ox.Store.read_only(str(path))
        if in_memory and inferred:
            store = _copied(store)
    elif dataset_file is None:
        raise PolicyKGError(f"no dataset at {build_dir / TRIG_FILE}: build it first with "
                            f"`policykg build --out {build_dir}`")
    else:
        store = _loaded(*dataset_file)
    if not inferred:
        kept = ox.Store()
        kept.bulk_extend(q for q in store if not _is_inferred(q.graph_name))
        store = kept
    return store


def has_dataset(build_dir: Path | str) -> bool:
    """Whether a folder holds a build's dataset: build/store, or its whole-dataset export (plain or gzipped)."""
    return store_path(build_dir).is_dir() or _dataset_file(Path(build_dir)) is not None


def _dataset_file(build_dir: Path) -> tuple[Path, ox.RdfFormat] | None:
    return _export(build_dir, NQUADS_FILE, ox.RdfFormat.N_QUADS) or _export(build_dir, TRIG_FILE, ox.RdfFormat.TRIG)


def _export(build_dir: Path, name: Path, fmt: ox.RdfFormat) -> tuple[Path, ox.RdfFormat] | None:
    """An export file of the build, plain or gzipped (graph/exports.py's COMPRESS_ABOVE), with its format."""
    for path in (build_dir / name, build_dir / f"{name}.gz"):
        if path.is_file():
            return path, fmt
    return None


def _loaded(source: Path, fmt: ox.RdfFormat) -> ox.Store:
    """A file in an in-memory store; bulk_load parses in Rust, several times quicker than copying a disk
    store quad by quad (3.8M quads: ~20 s against ~50 s)."""
    store = ox.Store()
    try:
        with (gzip.open(source) if source.suffix == ".gz" else source.open("rb")) as stream:
            store.bulk_load(stream, format=fmt)
    except (SyntaxError, ValueError, OSError, EOFError) as exc:
        raise PolicyKGError(f"{source}: cannot read the dataset: {exc}") from None
    return store


def _copied(disk: ox.Store) -> ox.Store:
    """An in-memory store holding the quads of `disk`."""
    memory = ox.Store()
    memory.bulk_extend(disk)
    return memory


class _RdflibView(OxigraphStore):
    """oxrdflib's store, giving xsd:string literals back as plain ones — as rdflib's own parsers do,
    so that terms read through it compare equal to terms read from the files."""

    def triples(self, triple_pattern, context=None):
        from oxrdflib._converter import from_ox_graph_name, to_ox_quad_pattern

        try:
            pattern = to_ox_quad_pattern(triple_pattern, context)
        except (TypeError, ValueError):
            return iter(())
        quads = self._inner.quads_for_pattern(*pattern)
        if context is None:  # the union: a triple that several graphs hold counts once
            return self._distinct(quads)
        return (((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)),
                 iter((from_ox_graph_name(q.graph_name, self),))) for q in quads)

    def _distinct(self, quads):
        from oxrdflib._converter import from_ox_graph_name

        seen = set()
        for q in quads:
            triple = q.triple
            if triple not in seen:
                seen.add(triple)
                yield ((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)),
                       iter((from_ox_graph_name(q.graph_name, self),)))


def as_dataset(store: ox.Store, base: str | None = None, *, union: ox.Store | None = None) -> Dataset:
    """An rdflib Dataset (default graph = union of the named graphs) over the Oxigraph store;
    `union`: the same union as a store of its own (`write_union`), which `query` then reads."""
    view = _RdflibView(store=store)
    view.union = union
    dataset = Dataset(store=view, default_union=True)
    return bind_prefixes(dataset, base) if base else bind_prefixes(dataset)


def open_dataset(build_dir: Path | str, *, inferred: bool = True, in_memory: bool = False) -> Dataset:
    """The build as an rdflib Dataset over Oxigraph; `in_memory`: its store and union loaded into memory."""
    union = open_union(build_dir, in_memory=in_memory) if inferred else None
    return as_dataset(open_store(build_dir, inferred=inferred, in_memory=in_memory), union=union)


def open_union(build_dir: Path | str, *, in_memory: bool = False) -> ox.Store | None:
    """build/union read-only (see `write_union`), or None when the build has none; `in_memory`: the same
    triples in memory, loaded from the build's rdf/all.nt (every graph's triples, each once — as build/union)."""
    path = Path(build_dir) / UNION_DIR
    if not path.is_dir():
        return None
    if in_memory:
        union_file = _export(Path(build_dir), UNION_FILE, ox.RdfFormat.N_TRIPLES)
        return _loaded(*union_file) if union_file else _copied(ox.Store.read_only(str(path)))
    return ox.Store.read_only(str(path))


def union_of(dataset) -> ox.Store | None:
    """The union store that came with an rdflib Dataset over the build's store (`open_dataset`), or None."""
    return getattr(getattr(dataset, "store", None), "union", None)


def native(dataset) -> ox.Store | None:
    """The Oxigraph store under an rdflib Dataset, or None when it is an ordinary rdflib one."""
    store = getattr(dataset, "store", None)
    return store._inner if isinstance(store, OxigraphStore) else None


def _is_inferred(graph_name) -> bool:
    return isinstance(graph_name, ox.NamedNode) and graph_name.value.endswith(INFERRED_SUFFIX)


# ---------------------------------------------------------------- querying


def query(store: ox.Store, text: str, *, bindings: Mapping[str, object] | None = None,
          default_graphs: Iterable[str] = (), named_graphs: Iterable[str] = (), union: bool = True,
          base: str | None = None, union_store: ox.Store | None = None) -> Result:
    """Run SPARQL text on the store; the default graph is the union of the named graphs unless the
    protocol names graphs (default-graph-uri, named-graph-uri, which replace the query's FROM) or
    `union` is False (the query's own FROM / FROM NAMED then apply). Returns an rdflib Result.
    `union_store`: the union of the store's graphs in a store of its own (`write_union`); a query
    that reads only the default graph (no GRAPH, FROM, or graphs named by the protocol) runs there,
    without Oxigraph's union of ~1,000 graphs pattern by pattern (the same triples, each once)."""
    default_graphs, named_graphs = list(default_graphs), list(named_graphs)
    options: dict = {"substitutions": {ox.Variable(k): to_ox(v) for k, v in (bindings or {}).items()}}
    if base:
        options["base_iri"] = base  # relative IRIs in the text resolve against the endpoint's base
    if union_store is not None and union and not default_graphs and not named_graphs and not names_graphs(text):
        store = union_store
    elif default_graphs or named_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in default_graphs] or ox.DefaultGraph()
        if named_graphs:
            options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    elif union:
        options["use_default_graph_as_union"] = True
    answer = _query(store, text, options)
    if isinstance(answer, ox.QueryBoolean):
        result = Result("ASK")
        result.askAnswer = bool(answer)
    elif isinstance(answer, ox.QuerySolutions):
        result = Result("SELECT")
        result.vars = [Variable(v.value) for v in answer.variables]
        names = result.vars
        result.bindings = [{v: to_rdflib(t) for v, t in zip(names, row) if t is not None} for row in answer]
    else:
        result = Result("CONSTRUCT")
        graph = bind_prefixes(Graph())
        graph.addN((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object), graph) for t in answer)
        result.graph = graph
    return result


_UNPROJECTED = re.compile(r"does not contains? variable \?(\w+)")
# Tokens a variable's name may appear in without being the variable: strings, IRIs, comments.
_OPAQUE = r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*'


def _query(store: ox.Store, text: str, options: dict):
    """store.query, with parameters Oxigraph will not substitute (SEP-0007 substitution needs the
    variable in the projection) written into the text as their RDF terms — what rdflib's initBindings
    and SEP-0007 both mean: the variable has that value everywhere in the query."""
    substitutions = dict(options.pop("substitutions"))
    while True:
        try:
            return store.query(text, substitutions=substitutions, **options)
        except RuntimeError as exc:
            unprojected = _UNPROJECTED.search(str(exc))
            variable = ox.Variable(unprojected.group(1)) if unprojected else None
            if variable not in substitutions:
                raise
            text = substitute(text, variable.value, substitutions.pop(variable))


_GRAPH_WORDS = re.compile(rf"({_OPAQUE})|(?<![\w?$:.\-])(?:GRAPH|FROM)(?![\w:\-])", re.IGNORECASE)


def names_graphs(text: str) -> bool:
    """Whether the query text says GRAPH or FROM (outside strings, IRIs and comments): it may read
    the named graphs, which only the build's store holds. A prefixed name or variable is no keyword."""
    return any(m.group(1) is None for m in _GRAPH_WORDS.finditer(text))


def substitute(text: str, name: str, term) -> str:
    """Replace the variable ?name / $name by `term` (a pyoxigraph term, written in its N-Triples form),
    outside strings, IRIs and comments."""
    pattern = re.compile(rf"({_OPAQUE})|[?$]{re.escape(name)}(?![\w\u00b7\u0300-\u036f\u203f-\u2040])")
    return pattern.sub(lambda m: m.group(1) or str(term), text)


@lru_cache(maxsize=1 << 16)
def to_rdflib(term):
    """The rdflib term of an Oxigraph term (kept: results repeat the same IRIs and literals, and making
    an rdflib Literal costs more than Oxigraph's whole answer to a light query)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype), normalize=False)  # the lexical form as given
    raise TypeError(f"unexpected term {term!r}")


def to_ox(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        return ox.Literal(str(term), language=term.language,
                          datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
    raise TypeError(f"unexpected term {term!r}")


def graph_sizes(store: ox.Store) -> dict[str, int]:
    """Named graphs with their numbers of triples, by name."""
    rows = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return dict(sorted((row["g"].value, int(row["n"].value)) for row in rows))


# ---------------------------------------------------------------- writing a build's store

def new_store(path: Path | str | None = None) -> ox.Store:
    """An empty store: on disk at `path` (replaced), or in memory."""
    if path is None:
        return ox.Store()
    path = Path(path)
    if path.exists():
        shutil.rmtree(path)
    return ox.Store(str(path))


def load_ntriples(store: ox.Store, data: bytes, graph: str) -> None:
    """N-Triples `data` into the named graph `graph` (Oxigraph's bulk loader: no transaction log)."""
    if data:
        store.bulk_load(data, ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph))


def as_nquads(ntriples: bytes, graph: str) -> bytes:
    """N-Triples lines (each ending in " .") as N-Quads lines of the named graph `graph`."""
    if not ntriples:
        return b""
    suffix = f" <{graph}> .".encode()
    return b"\n".join(line[:-2].rstrip() + suffix for line in ntriples.splitlines() if line.strip()) + b"\n"


def bulk_load_nquads(store: ox.Store, path: Path) -> None:
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)


def load_graph(store: ox.Store, graph: Graph, name: str) -> None:
    """An rdflib graph into the named graph `name`."""
    target = ox.NamedNode(name)
    store.bulk_extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), target) for s, p, o in graph)


def remove_asserted_from(store: ox.Store, inferred: str) -> None:
    """Drop from the inferred graph what some other graph asserts: per-document inference cannot
    know what another document states, whole-graph inference never keeps those."""
    store.update(f"DELETE {{ GRAPH <{inferred}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{inferred}> {{ ?s ?p ?o }} "
                 f"GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{inferred}>) }}")


def write_union(path: Path, parts: Iterable[bytes], scratch: Path) -> None:
    """build/union: the N-Triples `parts` (every graph's triples) in the default graph of a store at
    `path`, in one bulk load from `scratch`; the store keeps each triple once, in the same normalised
    form as build/store. Queries that read only the default graph run there (`query`)."""
    with scratch.open("wb") as out:
        for data in parts:
            if data:
                out.write(data if data.endswith(b"\n") else data + b"\n")
    union = new_store(path)
    union.bulk_load(path=str(scratch), format=ox.RdfFormat.N_TRIPLES)
    scratch.unlink()
    union.optimize()  # one sorted run per index: the bulk load's many files made queries ~1.5x slower
    del union


def add_to_union(previous: Path, path: Path, store: ox.Store, triples: Iterable) -> None:
    """build/union for a build that added `triples` (pyoxigraph triples) to the last build's store:
    the last build's union (a checkpoint: hard links) plus them; the union of `store` when the last
    build has none."""
    if previous.is_dir():
        old = ox.Store.read_only(str(previous))
        old.backup(str(path))
        del old
        union = ox.Store(str(path))
        union.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
        union.flush()  # not optimised: a few thousand added triples in one more file; optimize() took 5.5 s at 1,000
    else:
        union = new_store(path)
        union.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in store)
        union.optimize()  # as write_union
    del union


def release() -> None:
    """Let go of on-disk stores no longer referenced (before their folder is moved)."""
    gc.collect()
