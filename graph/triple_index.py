"""A read-only index of a dataset by predicate, for readers that make many small look-ups.

The network reader (graph/network.py) asks, per node, for a handful of values (its label, its
number, its source lines …). Over a build's store each such `graph.objects(s, p)` is one pattern
query through the rdflib view of Oxigraph — about 100k of them at 100 documents, most of the
network step. `TripleIndex` instead scans each predicate once, the first time it is asked for
(one `quads_for_pattern` on Oxigraph, one `triples` on an rdflib graph), and answers from a dict.
`rdf:type` is indexed per class, so asking for measures does not read every type statement.

It answers the subset of rdflib's Graph API the reader uses — `objects`, `value`, `subjects`
(rdf:type only) and `(s, rdf:type, C) in index` — over the union of the dataset's graphs, with each
value once (a type stated in a document and inferred again is one answer).
"""
from __future__ import annotations

from collections import defaultdict

from rdflib import Graph, URIRef
from rdflib.namespace import RDF


class TripleIndex:
    """`graphs`: the names of the graphs to read (None: all of them, the union)."""

    def __init__(self, source: Graph, graphs: list[str] | None = None):
        from .store import native

        self.source = source
        self.store = native(source)
        self.graphs = graphs
        self._by_predicate: dict[URIRef, dict] = {}
        self._by_class: dict[URIRef, dict] = {}  # class → its instances, in the order first seen

    def _pairs(self, subject, predicate, obj):
        if self.store is not None:
            import pyoxigraph as ox

            from .store import to_rdflib

            pattern = [None if t is None else ox.NamedNode(str(t)) for t in (subject, predicate, obj)]
            for graph in (None,) if self.graphs is None else [ox.NamedNode(g) for g in self.graphs]:
                for quad in self.store.quads_for_pattern(*pattern, graph):
                    yield to_rdflib(quad.subject), to_rdflib(quad.object)
        elif self.graphs is None:
            for s, _, o in self.source.triples((subject, predicate, obj)):
                yield s, o
        else:
            for graph in self.graphs:
                for s, _, o in self.source.graph(URIRef(graph)).triples((subject, predicate, obj)):
                    yield s, o

    def _predicate(self, predicate) -> dict:
        index = self._by_predicate.get(predicate)
        if index is None:
            index = defaultdict(dict)  # subject → {object: None}: ordered, each object once
            for s, o in self._pairs(None, predicate, None):
                index[s][o] = None
            self._by_predicate[predicate] = index = dict(index)
        return index

    def _class(self, cls) -> dict:
        index = self._by_class.get(cls)
        if index is None:
            index = self._by_class[cls] = dict.fromkeys(s for s, _ in self._pairs(None, RDF.type, cls))
        return index

    def objects(self, subject, predicate):
        return iter(self._predicate(predicate).get(subject, ()))

    def value(self, subject, predicate):
        return next(self.objects(subject, predicate), None)

    def subjects(self, predicate, obj):
        if predicate != RDF.type or obj is None:
            raise NotImplementedError("TripleIndex.subjects answers rdf:type look-ups only")
        return iter(self._class(obj))

    def __contains__(self, triple) -> bool:
        s, p, o = triple
        if p == RDF.type:
            return s in self._class(o)
        return o in self._predicate(p).get(s, {})


class LayeredIndex:
    """Two indexes read as one (a document's graph over the shared reference data): each value once."""

    def __init__(self, *layers):
        self.layers = layers

    def objects(self, subject, predicate):
        seen = {}
        for layer in self.layers:
            for o in layer.objects(subject, predicate):
                seen.setdefault(o)
        return iter(seen)

    def value(self, subject, predicate):
        for layer in self.layers:
            found = layer.value(subject, predicate)
            if found is not None:
                return found
        return None

    def subjects(self, predicate, obj):
        return iter(dict.fromkeys(s for layer in self.layers for s in layer.subjects(predicate, obj)))

    def __contains__(self, triple) -> bool:
        return any(triple in layer for layer in self.layers)
