"""An rdflib Graph kept in three plain dict indexes, for owlrl's closure (graph/reasoning.py).

owlrl's rules read the graph through a handful of pattern look-ups (`triples`, `objects`,
`subjects`, `subject_objects`, `(s, p, o) in graph`) — a few hundred thousand per document.
rdflib's Memory store answers each through its context bookkeeping (which graphs hold the
triple) and two layers of generators; here each is one or two dict reads. The graph holds the
same triples and answers every pattern with the same set of triples, so owlrl's fixpoint — which
does not depend on the order it meets triples in — is the same (tests/test_reasoning.py compares
with stock owlrl on an rdflib graph).

Only what owlrl calls is fast; everything else rdflib's Graph does through `triples`.
"""
from __future__ import annotations

from rdflib import Graph


_NONE: dict = {}  # what a missing subject has (never written to)


class IndexedGraph(Graph):
    """A single in-memory graph: subject → predicate → objects, and the two other orders."""

    def __init__(self, triples=()):
        super().__init__()
        self._spo: dict = {}
        self._pos: dict = {}
        self._osp: dict = {}
        self._size = 0
        self._terms: dict = {}
        for t in triples:
            self.add(t)

    # ----------------------------------------------------------------- changes

    def add(self, triple):
        terms = self._terms  # one object per term: look-ups then match by identity, not by rdflib's __eq__
        s, p, o = triple
        s, p, o = terms.setdefault(s, s), terms.setdefault(p, p), terms.setdefault(o, o)
        objects = self._spo.setdefault(s, {}).setdefault(p, set())
        if o not in objects:
            objects.add(o)
            self._pos.setdefault(p, {}).setdefault(o, set()).add(s)
            self._osp.setdefault(o, {}).setdefault(s, set()).add(p)
            self._size += 1
        return self

    def addN(self, quads):  # noqa: N802 - rdflib's name
        for s, p, o, _ in quads:
            self.add((s, p, o))
        return self

    def remove(self, triple):
        for s, p, o in list(self.triples(triple)):
            self._spo[s][p].discard(o)
            self._pos[p][o].discard(s)
            self._osp[o][s].discard(p)
            self._size -= 1
        return self

    # ----------------------------------------------------------------- look-ups

    def __len__(self):
        return self._size

    def __iter__(self):
        return self.triples((None, None, None))

    def __contains__(self, triple):
        s, p, o = triple
        if s is not None and p is not None and o is not None:
            return o in self._spo.get(s, _NONE).get(p, ())
        return next(self.triples(triple), None) is not None

    def triples(self, triple):
        s, p, o = triple
        if s is not None:
            by_predicate = self._spo.get(s, {})
            if p is not None:
                if o is not None:
                    if o in by_predicate.get(p, ()):
                        yield s, p, o
                else:
                    for obj in list(by_predicate.get(p, ())):
                        yield s, p, obj
            elif o is not None:
                for pred in list(self._osp.get(o, {}).get(s, ())):
                    yield s, pred, o
            else:
                for pred, objects in list(by_predicate.items()):
                    for obj in list(objects):
                        yield s, pred, obj
        elif p is not None:
            by_object = self._pos.get(p, {})
            if o is not None:
                for subj in list(by_object.get(o, ())):
                    yield subj, p, o
            else:
                for obj, subjects in list(by_object.items()):
                    for subj in list(subjects):
                        yield subj, p, obj
        elif o is not None:
            for subj, predicates in list(self._osp.get(o, {}).items()):
                for pred in list(predicates):
                    yield subj, pred, o
        else:
            for subj, by_predicate in list(self._spo.items()):
                for pred, objects in list(by_predicate.items()):
                    for obj in list(objects):
                        yield subj, pred, obj

    def subjects(self, predicate=None, object=None, unique=False):  # noqa: A002 - rdflib's signature
        if predicate is not None and object is not None:
            return iter(list(self._pos.get(predicate, {}).get(object, ())))
        found = (s for s, _, _ in self.triples((None, predicate, object)))
        return iter(dict.fromkeys(found)) if unique else found

    def objects(self, subject=None, predicate=None, unique=False):
        if subject is not None and predicate is not None:
            return iter(list(self._spo.get(subject, {}).get(predicate, ())))
        found = (o for _, _, o in self.triples((subject, predicate, None)))
        return iter(dict.fromkeys(found)) if unique else found

    def subject_objects(self, predicate=None, unique=False):
        found = ((s, o) for s, _, o in self.triples((None, predicate, None)))
        return iter(dict.fromkeys(found)) if unique else found
