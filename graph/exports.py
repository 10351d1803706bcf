"""The graph written in the usual RDF formats: asserted, inferred and all, as triples and as named graphs.

`write_exports(dataset, inferred, folder, base=…)` writes, in `folder`:

| file | content |
|---|---|
| `asserted.{ttl,nt,rdf,jsonld}` | the union of the dataset's graphs (documents, reference, ontology) |
| `inferred.{ttl,nt,rdf,jsonld}` | the inferred triples (graph/reasoning.py) |
| `all.{ttl,nt,rdf,jsonld}` | both |
| `asserted.{trig,nq}` | the dataset's named graphs |
| `dataset.{trig,nq}` | the named graphs plus `{base}graph/inferred` |
| `context.jsonld` | the JSON-LD `@context` (prefixes and the most used pkg: terms) that the `.jsonld` files carry inline |

Turtle and TriG keep every literal's lexical form: rdflib's shorthand would write
`"800"^^xsd:decimal` as `800.0` (another RDF term) and a double in 7 digits, so a
literal is abbreviated only when the shorthand is its own lexical form.
N-Triples and N-Quads are sorted, with blank nodes (if any) given labels derived
from the graph's content, so two builds of the same data give byte-identical files
(so does Turtle, sorted by rdflib; RDF/XML, JSON-LD and TriG hold the same triples
but their order may change between runs: rdflib's writers follow its store's set order).
Every file is written to a temporary name and moved into place (os.replace).
"""
from __future__ import annotations

import io
import json
import os
from collections import Counter
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import _TripleCanonicalizer  # the public to_canonical_graph() does not give the mapping
from rdflib.namespace import RDF, XSD
from rdflib.plugins.serializers.trig import TrigSerializer
from rdflib.plugins.serializers.turtle import TurtleSerializer

from . import jsonld
from .namespaces import DEFAULT_BASE, PKG, PREFIXES, Iris, bind_prefixes

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
CONTEXT_PROPERTIES = 40  # the most used pkg: properties get a short term in the context
CONTEXT_CLASSES = 30


def write_exports(dataset: Dataset, inferred: Graph, folder: Path, *, base: str = DEFAULT_BASE) -> list[Path]:
    """Write every export of `dataset` (+ `inferred`) into `folder`; return the paths written, in order."""
    iris = Iris(base)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    asserted = bind_prefixes(Graph(), iris.base)
    asserted.addN((s, p, o, asserted) for s, p, o, _ in dataset.quads((None, None, None, None)))
    inferred_graph = bind_prefixes(Graph(), iris.base)
    inferred_graph.addN((s, p, o, inferred_graph) for s, p, o in inferred)
    everything = bind_prefixes(Graph(), iris.base)
    everything.addN((s, p, o, everything) for s, p, o in asserted)
    everything.addN((s, p, o, everything) for s, p, o in inferred_graph)
    labels = blank_node_labels(everything)

    context = jsonld_context(everything, iris.base)
    written = [write_atomic(folder / CONTEXT_FILE, _json_bytes({"@context": context}))]
    for name, graph in (("asserted", asserted), ("inferred", inferred_graph), ("all", everything)):
        for extension in TRIPLE_FORMATS:
            written.append(write_atomic(folder / f"{name}.{extension}", serialize(graph, extension, context, labels)))
    named = named_graphs(dataset, iris.base)
    for extension in QUAD_FORMATS:
        written.append(write_atomic(folder / f"asserted.{extension}", serialize_quads(named, extension, labels)))
    inferred_named = named.graph(iris.graph("inferred"))
    inferred_named.addN((s, p, o, inferred_named) for s, p, o in inferred)
    for extension in QUAD_FORMATS:
        written.append(write_atomic(folder / f"dataset.{extension}", serialize_quads(named, extension, labels)))
    return written


def serialize(graph: Graph, extension: str, context: dict, labels: dict) -> bytes:
    """One graph in one triple format; N-Triples sorted, JSON-LD compacted against `context`, written inline."""
    rdf_format = FORMATS[extension][0]
    if extension == "nt":
        return _sorted_lines(_relabel(graph, labels).serialize(format="nt", encoding="utf-8"))
    if extension == "jsonld":
        return jsonld.serialize(graph, context)  # context inline: the file stands alone
    if extension == "ttl":
        return _write(_ExactTurtle(graph))
    return graph.serialize(format=rdf_format, encoding="utf-8")


def serialize_quads(dataset: Dataset, extension: str, labels: dict) -> bytes:
    if extension == "nq":
        relabelled = Dataset()
        for graph in dataset.graphs():
            target = relabelled.graph(graph.identifier)
            target.addN((*_relabel_triple(t, labels), target) for t in graph)
        return _sorted_lines(relabelled.serialize(format="nquads", encoding="utf-8"))
    return _write(_ExactTrig(dataset))


class _ExactLiterals:
    """Turtle/TriG serialisers that abbreviate a literal only when that keeps its lexical form."""

    def label(self, node, position):
        if isinstance(node, Literal) and node.datatype is not None:
            shorthand = node._literal_n3(use_plain=True)
            if not shorthand.startswith('"') and not _same_lexical_form(node, shorthand):
                return node._literal_n3(use_plain=False,
                                        qname_callback=lambda dt: self.get_pname(dt, True))
        return super().label(node, position)


class _ExactTurtle(_ExactLiterals, TurtleSerializer):
    pass


class _ExactTrig(_ExactLiterals, TrigSerializer):
    pass


def _same_lexical_form(literal: Literal, shorthand: str) -> bool:
    if shorthand != str(literal):
        return False
    return literal.datatype != XSD.boolean or shorthand in ("true", "false")


def _write(serializer) -> bytes:
    buffer = io.BytesIO()
    serializer.serialize(buffer, encoding="utf-8")
    return buffer.getvalue()


def named_graphs(dataset: Dataset, base: str) -> Dataset:
    """A copy of the dataset's non-empty graphs, to which the inferred graph is added (the caller's is left alone)."""
    copy = bind_prefixes(Dataset(), base)
    for graph in sorted(dataset.graphs(), key=lambda g: str(g.identifier)):
        if len(graph):
            target = copy.graph(graph.identifier)
            target.addN((s, p, o, target) for s, p, o in graph)
    return copy


def jsonld_context(graph: Graph, base: str) -> dict:
    """The prefixes of namespaces.PREFIXES (+ `id` for the base) and short terms for the most used pkg: terms."""
    context: dict = {prefix: str(namespace) for prefix, namespace in sorted(PREFIXES.items())}
    context["id"] = base
    pkg = str(PKG._NS)
    uses = Counter(p for p in graph.predicates() if str(p).startswith(pkg))
    classes = Counter(o for o in graph.objects(None, RDF.type) if str(o).startswith(pkg))
    for term, _ in sorted(classes.items(), key=lambda kv: (-kv[1], str(kv[0])))[:CONTEXT_CLASSES]:
        name = str(term)[len(pkg):]
        if name not in context:
            context[name] = str(term)
    for term, _ in sorted(uses.items(), key=lambda kv: (-kv[1], str(kv[0])))[:CONTEXT_PROPERTIES]:
        name = str(term)[len(pkg):]
        if name in context:
            continue
        objects = set(graph.objects(None, term))
        definition = {"@id": str(term)}
        if objects and all(isinstance(o, URIRef) for o in objects):
            definition["@type"] = "@id"
        context[name] = definition
    return context


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


def write_atomic(path: Path, content: bytes) -> Path:
    """Write `content` to a temporary file beside `path`, then move it into place."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        temporary.write_bytes(content)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


def media_type(path: Path) -> str:
    return FORMATS[Path(path).suffix.lstrip(".")][1]


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

