"""pySHACL's SPARQL-based constraints answered by Oxigraph, once per constraint instead of once per focus node.

pySHACL evaluates a SPARQL constraint (sh:select) once per focus node, with `$this` pre-bound, on
rdflib's SPARQL engine: about 0.3 ms a node, most of a seed document's validation (its EXISTS
filters alone were 40 %). `NativeConstraints` holds the same triples in an in-memory Oxigraph store
and answers those calls there:

- **once per constraint** when `$this` is bound by the query's first triple patterns — the algebra is
  `Project(Filter…(BGP))`, `Filter…(LeftJoin(BGP, BGP))` or `Filter…(Join(BGP, BGP))` with `$this` in
  the first BGP and the optional/joined part a plain BGP. Pre-binding `$this` to a node then gives
  exactly the rows of the unbound query whose `$this` is that node (a triple pattern binds it to the
  same value; FILTER and EXISTS see the solution's `$this` either way), so one evaluation, grouped by
  `$this`, answers every focus node;
- otherwise per focus node, with `$this` substituted (SPARQL 1.1 SEP-0007 substitution, the
  pre-binding that pySHACL asks rdflib for).

Oxigraph stores some typed literals in canonical form ("012"^^xsd:positiveInteger comes back as
"12"^^xsd:integer), so an answer holding a literal — or a blank node the store does not know — is not
used: the query goes to rdflib as before (`None`). The shapes only compare literals by value (dates,
numbers) or by their string form, where both engines agree; tests/test_validation.py checks pySHACL's
own results on every shape example and tests/scale/ on whole documents.
"""
from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef, Variable
from rdflib.query import Result

from .store import to_ox

THIS = Variable("this")
_FILTERS = ("Project", "Filter", "Distinct", "Reduced")


class NativeConstraints:
    """An Oxigraph copy of a data graph that answers pySHACL's `$this`-bound SELECT queries."""

    def __init__(self, graph: Graph):
        self.graph = graph
        self._store: ox.Store | None = None
        self._blank: dict[str, BNode] = {}
        self._batches: dict = {}  # query key → {focus node: rows}, or None where a batch cannot be used

    def answer(self, key, prepared, text: str, namespaces: dict, bindings) -> Result | None:
        """rdflib's Result for `text` with `bindings` ({"this": node}), or None to ask rdflib instead."""
        if prepared.algebra.name != "SelectQuery" or not bindings or len(bindings) != 1:
            return None
        (name, focus), = bindings.items()
        if str(name) != "this" or not isinstance(focus, (URIRef, BNode)):
            return None
        variables = list(prepared.algebra["PV"])
        prefixes = {prefix: str(ns) for prefix, ns in namespaces.items() if prefix}
        if key not in self._batches:
            self._batches[key] = self._batch(text, prefixes, variables) if _this_bound_first(prepared.algebra) else None
        batch = self._batches[key]
        if batch is not None:
            return _result(variables, batch.get(focus, []))
        rows = self._rows(text, prefixes, variables, {ox.Variable("this"): to_ox(focus)})
        return None if rows is None else _result(variables, rows)

    def _batch(self, text: str, prefixes: dict, variables: list) -> dict | None:
        rows = self._rows(text, prefixes, variables, None)
        if rows is None:
            return None
        grouped = defaultdict(list)
        for row in rows:
            grouped[row.get(THIS)].append(row)
        return dict(grouped)

    def _rows(self, text: str, prefixes: dict, variables: list, substitutions) -> list[dict] | None:
        """The solutions as rdflib bindings, or None if one holds a term that may not read back as it was."""
        rows = []
        for solution in self.store.query(text, prefixes=prefixes, substitutions=substitutions):
            row = {}
            for variable in variables:
                value = solution[variable.toPython()[1:]]
                if value is None:
                    continue
                term = self._term(value)
                if term is None:
                    return None
                row[variable] = term
            rows.append(row)
        return rows

    def _term(self, value):
        if isinstance(value, ox.NamedNode):
            return URIRef(value.value)
        if isinstance(value, ox.BlankNode):
            return self._blank.get(value.value)
        return None  # a literal: Oxigraph may have made its lexical form canonical

    @property
    def store(self) -> ox.Store:
        if self._store is None:
            terms: dict = {}

            def native(term):
                found = terms.get(term)
                if found is None:
                    found = terms[term] = to_ox(term)
                    if isinstance(term, BNode):
                        self._blank[found.value] = term
                return found

            self._store = ox.Store()
            self._store.extend([ox.Quad(native(s), native(p), native(o)) for s, p, o in self.graph])
        return self._store


def _this_bound_first(query) -> bool:
    """Whether `$this` is bound by the query's first triple patterns (see the module doc)."""
    node = query.p
    while node.name in _FILTERS:
        node = node.p
    if node.name in ("LeftJoin", "Join"):
        if node.p2.name != "BGP" or (node.name == "LeftJoin" and node.expr.name != "TrueFilter"):
            return False
        node = node.p1
    return node.name == "BGP" and any(THIS in triple for triple in node.triples)


def _result(variables: list, rows: list[dict]) -> Result:
    result = Result("SELECT")
    result.vars = variables
    result.bindings = rows
    return result
