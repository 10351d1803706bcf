"""The network read one document at a time, and the documents' fragments joined into one model.

A document's *fragment* is what graph/network.py's reader finds in the document's own graph over the
reference data: its plan and components, the edges from them, and the context nodes (organisations,
programmes, regions, beneficiary categories) they point to. Nothing in it depends on another document,
so a fragment can be kept with the build and used again by the next one while its key holds and the
reference data it looked at is the same. The key is made of what the fragment was read from: the
document graph's name, the document's SHA-256 and file name, its curation entries (which change its
records without changing its file) and the code's version (graph/cache.py: any change to the package
reads every document again); the fragment also keeps a digest of the reference statements of each
subject it asked the reference graph about, so that a new document bringing new organisations into the
reference data does not make every other document read again, while a changed name does.

Joining the fragments: components are each in one fragment; a context node named by several is taken
from the first (in document order) that says which document it comes from — except a region's money, the sum of every fragment's allocations
naming it; an organisation's «unit of» edge is drawn when both ends are somewhere in the network (its
parent may be named by another document only), and a «governs» edge once.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from collections import defaultdict
from dataclasses import dataclass, fields, replace
from decimal import Decimal
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDF

from . import collector
from .namespaces import PKG
from .network import NODE_TYPES, Edge, NetworkModel, Node, _Reader, _detect_base

FORMAT = "network-fragment 2"  # 2: nodes and edges kept as tuples of their fields
FOLDER = ".network-fragments"  # in a build: the fragments kept for the next build
DOCUMENT_GRAPHS = "graph/document/"
_NODE_FIELDS = tuple(f.name for f in fields(Node))
_EDGE_FIELDS = tuple(f.name for f in fields(Edge))


@dataclass
class Fragment:
    key: str  # what it was read from (see the module's docstring); "" when not to be kept
    graph: str  # the document graph's name
    model: NetworkModel
    units: list[tuple[str, str]]  # (organisation, the organisation it is a unit of)
    reference: dict[str, str] | None = None  # subject asked about → digest of its reference statements

    # Kept as tuples of the nodes' and edges' fields rather than as the objects: a slotted dataclass
    # pickles through copyreg, one state per object, and loads a third slower (999 fragments at
    # 1,000 documents: 0.9 s → 0.57 s), and its file is a seventh smaller.
    def __getstate__(self):
        m = self.model
        return (FORMAT, self.key, self.graph, self.units, self.reference, m.base, m.documents, m.fragments,
                [tuple([getattr(n, a) for a in _NODE_FIELDS]) for n in m.nodes.values()],
                [tuple([getattr(e, a) for a in _EDGE_FIELDS]) for e in m.edges])

    def __setstate__(self, state):
        if not isinstance(state, tuple) or state[0] != FORMAT:
            raise pickle.UnpicklingError("a fragment of another form")
        _, self.key, self.graph, self.units, self.reference, base, documents, kept, nodes, edges = state
        self.model = NetworkModel({t[0]: Node(*t) for t in nodes}, [Edge(*t) for t in edges], base, documents, kept)


def read_model(dataset, *, base: str | None = None, previous: Path | ReadAhead | None = None,
               keep: Path | None = None) -> NetworkModel:
    """The network of `dataset`, one document graph at a time (the whole dataset at once when it has
    none: a plain Graph). `previous`/`keep`: folders of kept fragments, read from (or what was read ahead
    from one) / written to."""
    with collector.paused():
        return _read_model(dataset, base=base, previous=previous, keep=keep)


def _read_model(dataset, *, base, previous, keep) -> NetworkModel:
    from .store import native
    from .triple_index import LayeredIndex, TripleIndex

    store = native(dataset)
    graphs = document_graphs(dataset, store)
    if not graphs:
        return _Reader(dataset, base).read()
    root = graphs[0].split(DOCUMENT_GRAPHS)[0]
    if base is None:
        base = _detect_base(TripleIndex(dataset)) or root
    reference_name = root + "graph/reference"
    has_reference = reference_name in document_graphs(dataset, store, prefix="graph/reference")
    reference = TripleIndex(dataset, graphs=[reference_name]) if has_reference else None
    keyed = previous is not None or keep is not None
    if keyed:
        from .cache import code_version

        shared = hashlib.sha256(f"{FORMAT}\n{code_version()}\n{base}\n".encode()).hexdigest()
        digests = _subject_digests(dataset, store, reference_name) if has_reference else {}
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
    fragments = []
    keys = _fragment_keys(dataset, store, graphs, shared) if keyed else {}
    # where a fragment taken from `previous` is linked: nowhere when that is `keep` (resolved once, not per fragment)
    folder = previous.folder if isinstance(previous, ReadAhead) else previous
    link = None if keep is None or folder is not None and keep.resolve() == folder.resolve() else keep
    for graph in graphs:
        key = keys.get(graph, "")
        fragment = _load(previous, link, key) if keyed else None
        if fragment is not None and any(digests.get(k, "") != v for k, v in (fragment.reference or {}).items()):
            fragment = None  # the reference data it looked at has changed
        if fragment is None:
            own = TripleIndex(dataset, graphs=[graph])
            asked = _Asked(reference) if reference is not None else None
            reader = _Reader(dataset, base, LayeredIndex(own, asked) if asked is not None else own)
            model = reader.read()
            tag = next(iter(model.documents), graph.rsplit("/", 1)[-1])
            for e in model.edges:  # ids stay the same from one build to the next
                e.id = f"{tag}:{e.id}"
            fragment = Fragment(key, graph, model, reader.units)
            if keep is not None:
                fragment.reference = {k: digests.get(k, "") for k in (asked.subjects_asked if asked else ())}
                _save(keep, fragment)
        fragments.append(fragment)
    return join(fragments, base)


def join(fragments: list[Fragment], base: str) -> NetworkModel:
    """One model of the documents' fragments (see the module's docstring)."""
    nodes, context, documents, edges = {}, {}, {}, []
    money: dict[str, Decimal] = defaultdict(Decimal)
    priced: set[str] = set()
    drawn: set[tuple[str, str, str]] = set()
    units: dict[tuple[str, str], None] = {}
    for fragment in fragments:
        model = fragment.model
        for k, node in model.nodes.items():
            if NODE_TYPES[node.type].component:
                nodes[k] = node
            else:  # the first to say which document it comes from (a publisher may be only named)
                if k not in context or (not _sourced(context[k]) and _sourced(node)):
                    context[k] = node
                if node.type == "region" and node.money is not None:
                    money[k] += node.money
                    priced.add(k)
        documents.update(model.documents)
        for e in model.edges:
            if e.kind == "unit-of":
                continue
            if not (NODE_TYPES[model.nodes[e.source].type].component or NODE_TYPES[model.nodes[e.target].type].component):
                if (e.source, e.target, e.kind) in drawn:  # «governs»: once
                    continue
                drawn.add((e.source, e.target, e.kind))
            edges.append(e)
        units.update(dict.fromkeys(fragment.units))
    for k, node in context.items():
        nodes[k] = replace(node, money=money[k] if k in priced else None) if node.type == "region" else node
    for n, (org, parent) in enumerate(units):
        if org in nodes and parent in nodes and nodes[parent].type == "organisation":
            edges.append(Edge(f"unit:{n}", org, parent, "unit-of", "unit of"))
    keys = {next(iter(f.model.documents), f.graph): f.key for f in fragments if f.key}
    return NetworkModel(nodes, edges, base, dict(sorted(documents.items())), fragments=keys)


def _sourced(node) -> bool:
    return any(name == "source" for name, _ in node.details)


def document_graphs(dataset, store, prefix: str = DOCUMENT_GRAPHS) -> list[str]:
    """The names of the dataset's graphs whose path starts with `prefix`, sorted."""
    if store is not None:
        names = [g.value for g in store.named_graphs()]
    elif hasattr(dataset, "graphs"):
        names = [str(g.identifier) for g in dataset.graphs() if isinstance(g.identifier, URIRef)]
    else:
        return []
    return sorted(n for n in names if prefix in n and n.split(prefix)[0].endswith("/"))


class _Asked:
    """The reference index, noting each subject (and class) a document's reader asks it about."""

    def __init__(self, index):
        self.index = index
        self.subjects_asked: set[str] = set()

    def objects(self, subject, predicate):
        self.subjects_asked.add(str(subject))
        return self.index.objects(subject, predicate)

    def value(self, subject, predicate):
        self.subjects_asked.add(str(subject))
        return self.index.value(subject, predicate)

    def subjects(self, predicate, obj):
        self.subjects_asked.add(f"instances of {obj}")
        return self.index.subjects(predicate, obj)

    def __contains__(self, triple) -> bool:
        self.subjects_asked.add(str(triple[0]))
        return triple in self.index


def _subject_digests(dataset, store, graph: str) -> dict[str, str]:
    """Per subject of the graph, a digest of its statements; per class, of its instances."""
    import pyoxigraph as ox

    lines, instances = defaultdict(list), defaultdict(list)
    if store is not None:
        for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph)):
            subject = q.subject.value
            lines[subject].append(f"{q.predicate} {q.object}")
            if q.predicate.value == str(RDF.type) and isinstance(q.object, ox.NamedNode):
                instances[q.object.value].append(subject)
    else:
        for s, p, o in dataset.graph(URIRef(graph)):
            lines[str(s)].append(f"{p.n3()} {o.n3()}")
            if p == RDF.type:
                instances[str(o)].append(str(s))
    result = {k: hashlib.sha256("\n".join(sorted(v)).encode()).hexdigest()[:24] for k, v in lines.items()}
    result.update({f"instances of {k}": hashlib.sha256("\n".join(sorted(v)).encode()).hexdigest()[:24]
                   for k, v in instances.items()})
    return result


def _fragment_keys(dataset, store, graphs: list[str], shared: str) -> dict[str, str]:
    """Each graph's fragment key: its document's SHA-256, title and curation entries, with what all share."""
    lines = _key_lines_of_store(store, graphs) if store is not None else {g: _key_lines(dataset, None, g) for g in graphs}
    keys = {}
    for graph in graphs:
        digest = hashlib.sha256(f"{shared}\n{graph}\n".encode())
        digest.update("\n".join(sorted(lines[graph])).encode())
        keys[graph] = digest.hexdigest()
    return keys


def _key_lines(dataset, store, graph: str) -> list[str]:
    """What a graph's fragment key is made of, by look-ups in that graph."""
    lines = []
    for document, sha in _pairs(dataset, store, graph, None, PKG.sha256, None):
        lines.append(f"{document} {sha}")
        lines += [f"{document} title {o}" for _, o in _pairs(dataset, store, graph, URIRef(document), DCTERMS.title, None)]
    for entry, _ in _pairs(dataset, store, graph, None, RDF.type, PKG.CurationEntry):
        lines += sorted(f"{entry} {p} {o!r}" for p, o in _pairs(dataset, store, graph, entry, None, None, objects=True))
    return lines


def _key_lines_of_store(store, graphs: list[str]) -> dict[str, list[str]]:
    """`_key_lines` of every graph from one query and one scan over all graphs at once: three look-ups per
    graph took 0.19 s at 1,000 documents, this 0.09 s."""
    import pyoxigraph as ox

    wanted = set(graphs)
    lines: dict[str, list[str]] = {graph: [] for graph in graphs}
    found = defaultdict(list)  # (graph, document, its SHA-256) -> the document's titles
    for row in store.query(f"SELECT ?g ?d ?sha ?t WHERE {{ GRAPH ?g {{ ?d <{PKG.sha256}> ?sha "
                           f"OPTIONAL {{ ?d <{DCTERMS.title}> ?t }} }} }}"):
        if row["g"].value in wanted:
            titles = found[row["g"].value, row["d"], row["sha"]]
            if row["t"] is not None:
                titles.append(str(row["t"]))
    for (graph, subject, sha), titles in found.items():
        document = subject.value if hasattr(subject, "value") else str(subject)
        lines[graph].append(f"{document} {sha}")
        lines[graph] += [f"{document} title {o}" for o in titles]
    for q in store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(PKG.CurationEntry)), None):
        if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value in wanted:
            entry = q.subject.value if hasattr(q.subject, "value") else str(q.subject)
            lines[q.graph_name.value] += sorted(f"{entry} {e.predicate.value} {str(e.object)!r}"
                                                for e in store.quads_for_pattern(q.subject, None, None, q.graph_name))
    return lines


def _pairs(dataset, store, graph, s, p, o, *, objects: bool = False):
    """(subject, object) — or with `objects`, (predicate, object) — of the pattern in one graph."""
    if store is not None:
        import pyoxigraph as ox

        pattern = [None if t is None else ox.NamedNode(str(t)) for t in (s, p, o)]
        for q in store.quads_for_pattern(*pattern, ox.NamedNode(graph)):
            yield (q.predicate.value, str(q.object)) if objects else (q.subject.value if hasattr(q.subject, "value") else str(q.subject), str(q.object))
    else:
        for ts, tp, to in dataset.graph(URIRef(graph)).triples((s, p, o)):
            yield (str(tp), to.n3()) if objects else (str(ts), to.n3())


class ReadAhead:
    """Every fragment kept in `folder`, read before their keys are known (graph/network_step.py reads them
    while the build makes its store, which the keys come from); `read_model`'s `previous` as well as a folder."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        try:
            paths = [entry.path for entry in os.scandir(self.folder) if entry.name.endswith(".pickle")]
        except OSError:
            paths = []
        with collector.paused():
            self.found = {Path(path).stem: fragment for path in paths
                          if (fragment := _unpickled(Path(path))) is not None}


def _load(previous: Path | ReadAhead | None, link: Path | None, key: str) -> Fragment | None:
    """The fragment kept under `key` in `previous` (hard-linked into `link`, unless None), or None."""
    if previous is None:
        return None
    if isinstance(previous, ReadAhead):
        fragment, path = previous.found.get(key), previous.folder / f"{key}.pickle"
    else:
        path = previous / f"{key}.pickle"
        fragment = _unpickled(path)
    if fragment is None:
        return None
    if link is not None:
        target = link / path.name
        try:
            os.link(path, target)
        except OSError:
            target.write_bytes(path.read_bytes())
    return fragment


def _unpickled(path: Path) -> Fragment | None:
    try:
        with path.open("rb") as stream:
            fragment = _FragmentUnpickler(stream).load()
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None
    return fragment if isinstance(fragment, Fragment) else None


class _FragmentUnpickler(pickle.Unpickler):
    """Loads a fragment and nothing else: a kept fragment names only these two classes (its nodes and edges
    are tuples, sets and strings), so a pickle that names any other — a build folder from someone else,
    read by `policykg view` or `stats` — is refused before it can run code (the pickle documentation's
    "Restricting Globals")."""

    _ALLOWED = {("graph.fragments", "Fragment"): Fragment, ("decimal", "Decimal"): Decimal}

    def find_class(self, module: str, name: str):
        try:
            return self._ALLOWED[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"a network fragment names {module}.{name}") from None


def _save(folder: Path, fragment: Fragment) -> None:
    with (folder / f"{fragment.key}.pickle").open("wb") as stream:
        pickle.dump(fragment, stream, protocol=pickle.HIGHEST_PROTOCOL)
