"""SHACL validation (pySHACL) of the graph, with each violation traced back to its document lines.

`validate(data, shapes)` runs pySHACL with `inference="none"`: the data given is
already asserted + inferred (graph/reasoning.py), and pySHACL's own RDFS/OWL RL
inference would redo that work about twenty times slower. The data graph is never
changed (pySHACL clones it when it mixes in an ontology; otherwise it only reads it).

pySHACL runs a SPARQL-based constraint once per focus node with the same query text (only `$this`
changes, as an initial binding), and rdflib parses the text anew each time: on a seed document that
was 1,322 parses and 90 % of the validation. The data graph is therefore handed over as a
`_PreparedQueries` view of the same store, which parses each query text once (rdflib's prepared
queries; once per process) and evaluates it with the same bindings — the same algebra rdflib would build each time —
or, where it can, hands the query to an Oxigraph copy of the data that answers every focus node of a
constraint in one evaluation (graph/shacl_sparql.py). pySHACL also checks the query text with nine
regular expressions before every focus node; while validate() runs, a text that passed is not checked
again (`_query_checks_once`), and a qualified value shape is validated once per value node
(`_qualified_shapes_once`). tests/test_validation.py compares the results with plain pySHACL's on every
shape example and on a whole document with defects.

Each result becomes a `Violation` that names where to look in the source: the
`pkg:sourceLine` values and the `prov:wasDerivedFrom` document of the focus node —
or, for a node that carries no provenance of its own (an amount, a time instant),
of the resources that point to it. `ValidationReport.table()` renders them as a
text table: focus node | document:lines | shape | message.
"""
from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, SH
from rdflib.term import Node

from .namespaces import PKG, bind_prefixes

# pySHACL and rdflib's SPARQL engine (2 s of imports) are imported where validation runs, not here: the write
# step reads a report (ValidationReport) and a rebuild after one more document validates it in a worker process.

SEVERITY_ORDER = {SH.Violation: 0, SH.Warning: 1, SH.Info: 2}


@dataclass(frozen=True)
class Violation:
    """One SHACL validation result, with where it comes from in the source documents."""

    focus: Node
    path: Node | None
    value: Node | None
    shape: Node  # the source shape (its parent node shape when it is an anonymous property shape)
    severity: URIRef  # sh:Violation, sh:Warning or sh:Info
    message_en: str
    message_ru: str
    source_lines: tuple[int, ...] = ()  # pkg:sourceLine values of the focus node (or of what points to it)
    documents: tuple[URIRef, ...] = ()  # its prov:wasDerivedFrom documents
    component: URIRef | None = None  # sh:sourceConstraintComponent

    @property
    def location(self) -> str:
        """`<document id>:<lines>`, e.g. `000_d466afb8a09bde20:12,13`; `-` when unknown."""
        names = ",".join(_last_segment(d) for d in self.documents)
        lines = ",".join(map(str, self.source_lines))
        if names and lines:
            return f"{names}:{lines}"
        return names or (f"line {lines}" if lines else "-")


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation]
    results_graph: Graph
    text: str  # pySHACL's own text report
    seconds: float
    namespaces: Graph = field(default_factory=lambda: bind_prefixes(Graph()), repr=False)

    def counts(self) -> dict[str, int]:
        """Results per severity: {"Violation": n, "Warning": m, …}."""
        counts: dict[str, int] = {}
        for v in self.violations:
            key = _last_segment(v.severity)
            counts[key] = counts.get(key, 0) + 1
        return counts

    def table(self, *, language: str = "en") -> str:
        """A plain-text table, one row per result: focus node | document:lines | shape | message."""
        header = ("focus node", "document:lines", "shape", "severity", "message")
        rows = [(self._short(v.focus), v.location, self._short(v.shape), _last_segment(v.severity),
                 _one_line(v.message_ru if language == "ru" else v.message_en)) for v in self.violations]
        if not rows:
            return "conforms: no SHACL results\n"
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
        lines = []
        for k, row in enumerate([header, *rows]):
            lines.append(" | ".join([cell.ljust(w) for cell, w in zip(row, widths)] + [row[-1]]).rstrip())
            if k == 0:
                lines.append("-+-".join("-" * w for w in widths) + "-+-" + "-" * len(header[-1]))
        return "\n".join(lines) + "\n"

    def _short(self, node: Node) -> str:
        """prefix:rest with the longest bound namespace (for reading only: rest may hold slashes)."""
        if node is None:
            return ""
        if not isinstance(node, URIRef):
            return node.n3()
        text = str(node)
        best = max(((p, str(ns)) for p, ns in self.namespaces.namespaces() if p and text.startswith(str(ns))),
                   key=lambda pair: len(pair[1]), default=None)
        return f"{best[0]}:{text[len(best[1]):]}" if best else f"<{text}>"


def validate(data: Graph, shapes: Graph, *, ontology: Graph | None = None,
             allow_warnings: bool = False) -> ValidationReport:
    """Validate `data` (asserted + inferred; a Dataset is read as the union of its graphs) against `shapes`.

    `ontology`, if given, is mixed into a copy of the data (pySHACL's ont_graph) so that
    rdfs:subClassOf chains are seen by sh:class and sh:targetClass. `allow_warnings`:
    sh:Warning and sh:Info results do not make the data non-conforming.
    """
    import pyshacl

    started = time.perf_counter()
    graph = _union(data) if isinstance(data, Dataset) else data
    with _query_checks_once(), _qualified_shapes_once():
        conforms, results, text = pyshacl.validate(
            _PreparedQueries.over(graph) if ontology is None else graph, shacl_graph=shapes, ont_graph=ontology,
            inference="none", inplace=False, allow_warnings=allow_warnings, advanced=False, abort_on_first=False)
    violations = sorted((_violation(results, r, graph, shapes) for r in results.subjects(RDF.type, SH.ValidationResult)),
                        key=_order)
    report = ValidationReport(bool(conforms), violations, results, text, time.perf_counter() - started)
    for prefix, namespace in [*graph.namespaces(), *shapes.namespaces()]:  # shapes: shp:S01-… in the table
        report.namespaces.bind(prefix, namespace, override=False)
    return report


class _PreparedQueries(Graph):
    """A view of a graph's store whose `query` parses and translates each query text once (per process)."""

    @classmethod
    def over(cls, graph: Graph) -> "_PreparedQueries":
        from .shacl_sparql import NativeConstraints

        view = cls(store=graph.store, identifier=graph.identifier, namespace_manager=graph.namespace_manager)
        view._native = NativeConstraints(graph)
        view._namespaces = None
        return view

    def query(self, query_object, processor="sparql", result="sparql", initNs=None,  # noqa: N803
              initBindings=None, use_store_provided=True, **kwargs):  # noqa: N803
        if isinstance(query_object, str) and processor == "sparql" and not kwargs:
            if initNs:
                namespaces = tuple(sorted((k, str(v)) for k, v in initNs.items()))
            else:  # what Graph.query would resolve prefixes with (validation binds none in the data graph)
                if self._namespaces is None:
                    self._namespaces = tuple(sorted((k, str(v)) for k, v in self.namespaces()))
                namespaces = self._namespaces
            key = (query_object, namespaces)
            prepared = _translated(key)
            answer = self._native.answer(key, prepared, initBindings)
            if answer is not None:
                return answer
            query_object = prepared
        return super().query(query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs)


@contextmanager
def _query_checks_once():
    """pySHACL checks a SPARQL constraint's text (no MINUS, VALUES, SERVICE, re-bound $this …) with
    nine regular expressions before every focus node — a fifth of a seed document's validation. The
    check reads only the text and which variables may be pre-bound, so while validate() runs a text
    that passed is not checked again (one that fails raises every time, as before)."""
    from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper as helper
    check = helper.check_invalid_sparql
    passed = set()

    def check_once(self, sparql_text, valuenode=None, extravars=None):
        key = (sparql_text, valuenode is None, tuple(sorted(extravars or ())))
        if key not in passed:
            check(self, sparql_text, valuenode=valuenode, extravars=extravars)
            passed.add(key)
        return True

    helper.check_invalid_sparql = check_once
    try:
        yield
    finally:
        helper.check_invalid_sparql = check


@contextmanager
def _qualified_shapes_once():
    """sh:qualifiedValueShape (S09: one primary role per responsibility) has pySHACL validate the value
    shape on every value node of every focus node — the same four roles, for each of a seed document's
    500 responsibilities, half of its validation. Only whether a value node conforms counts there
    (pySHACL drops the value shape's own results), and that depends on the shape, the node and the
    evaluation path alone; so while validate() runs, within a qualified value shape's evaluation, a
    (shape, node, path) is validated once."""
    from pyshacl.constraints.core.shape_based_constraints import QualifiedValueShapeConstraintComponent as component
    from pyshacl.shape import Shape

    evaluate, validate = component._evaluate_value_shape, Shape.validate
    known: dict = {}

    def validate_once(shape, executor, target_graph, focus=None, _evaluation_path=None):
        if not isinstance(focus, (URIRef, BNode, Literal)):
            return validate(shape, executor, target_graph, focus=focus, _evaluation_path=_evaluation_path)
        key = (id(shape), focus, tuple(map(id, _evaluation_path or ())))
        found = known.get(key)
        if found is None:
            found = known[key] = validate(shape, executor, target_graph, focus=focus,
                                          _evaluation_path=_evaluation_path)
        return found

    def evaluate_with_known(self, *args, **kwargs):
        outer, Shape.validate = Shape.validate, validate_once  # outer: a qualified shape inside another
        try:
            return evaluate(self, *args, **kwargs)
        finally:
            Shape.validate = outer

    component._evaluate_value_shape = evaluate_with_known
    try:
        yield
    finally:
        component._evaluate_value_shape = evaluate


@lru_cache(maxsize=256)
def _translated(key: tuple):
    """The algebra of a query text under these prefixes (kept across documents: parsing costs ~50 ms)."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    text, namespaces = key
    return translateQuery(parseQuery(text), None, {prefix: URIRef(ns) for prefix, ns in namespaces})


def _violation(results: Graph, result: Node, data: Graph, shapes: Graph) -> Violation:
    messages = list(results.objects(result, SH.resultMessage))
    lines, documents = provenance(data, results.value(result, SH.focusNode))
    return Violation(
        focus=results.value(result, SH.focusNode),
        path=results.value(result, SH.resultPath),
        value=results.value(result, SH.value),
        shape=_named_shape(shapes, results.value(result, SH.sourceShape)),
        severity=results.value(result, SH.resultSeverity) or SH.Violation,
        message_en=_message(messages, "en", "ru"),
        message_ru=_message(messages, "ru", "en"),
        source_lines=lines,
        documents=documents,
        component=results.value(result, SH.sourceConstraintComponent),
    )


def provenance(data: Graph, node: Node) -> tuple[tuple[int, ...], tuple[URIRef, ...]]:
    """Source lines and documents of `node`; if it has none, those of the resources that point to it."""
    lines, documents = _own_provenance(data, node)
    if not lines and not documents:
        for subject in sorted(set(data.subjects(None, node)), key=str):
            more_lines, more_documents = _own_provenance(data, subject)
            lines, documents = lines + more_lines, documents + more_documents
    return tuple(sorted(set(lines))), tuple(sorted(set(documents), key=str))


def _own_provenance(data: Graph, node: Node) -> tuple[tuple[int, ...], tuple[URIRef, ...]]:
    lines = tuple(int(v) for v in data.objects(node, PKG.sourceLine) if isinstance(v, Literal) and _is_int(v))
    documents = tuple(d for d in data.objects(node, PROV.wasDerivedFrom) if isinstance(d, URIRef))
    return lines, documents


def _named_shape(shapes: Graph, shape: Node) -> Node:
    """An anonymous property shape is shown as the shape that holds it (sh:property)."""
    if isinstance(shape, URIRef):
        return shape
    parent = shapes.value(None, SH.property, shape)
    return parent if parent is not None else shape


def _message(messages: list, language: str, fallback: str) -> str:
    for wanted in (language, None, fallback):
        for m in messages:
            if isinstance(m, Literal) and m.language == wanted:
                return str(m)
    return str(messages[0]) if messages else ""


def _order(v: Violation):
    return (SEVERITY_ORDER.get(v.severity, 3), [str(d) for d in v.documents], v.source_lines, str(v.focus),
            str(v.shape), str(v.path))


def _union(dataset: Dataset) -> Graph:
    graph = Graph()
    for prefix, namespace in dataset.namespaces():
        graph.bind(prefix, namespace)
    graph.addN((s, p, o, graph) for s, p, o, _ in dataset.quads((None, None, None, None)))
    return graph


def _is_int(value: Literal) -> bool:
    try:
        int(value)
    except (TypeError, ValueError):
        return False
    return True


def _last_segment(iri) -> str:
    text = str(iri)
    return text.rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _one_line(text: str) -> str:
    return " ".join(text.split())
