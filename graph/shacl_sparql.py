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
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.query import Result

from .store import to_ox

THIS = Variable("this")
_FILTERS = ("Project", "Filter", "Distinct", "Reduced")


class NativeConstraints:
    """An Oxigraph copy of a data graph that answers pySHACL's `$this`-bound SELECT queries."""

    def __init__(self, graph: Graph):
        self.graph = graph
        self.store = ox.Store()
        self._loaded: set | None = set()  # the predicates whose triples are in the store (None: all)
        self._read: set = set()  # the queries whose predicates are loaded
        self._native: dict = {}  # rdflib term → Oxigraph term
        self._terms: dict = {}  # Oxigraph IRI or blank node → the rdflib term it was made from
        self._batches: dict = {}  # query key → {focus node: rows}, or None where a batch cannot be used
        self._unusable = False  # the data holds a term Oxigraph cannot hold

    def answer(self, key: tuple, prepared, bindings) -> Result | None:
        """rdflib's Result for the query `key` = (text, ((prefix, namespace) …)), `prepared` its rdflib
        algebra, with `bindings` ({"this": node}); or None to ask rdflib instead."""
        if self._unusable or prepared.algebra.name != "SelectQuery" or not bindings or len(bindings) != 1:
            return None
        (name, focus), = bindings.items()
        if str(name) != "this" or not isinstance(focus, (URIRef, BNode)):
            return None
        text, namespaces = key
        variables = prepared.algebra["PV"]
        prefixes = {prefix: ns for prefix, ns in namespaces if prefix}
        try:
            self._load(key, prepared.algebra)
        except ValueError:  # a term Oxigraph does not take (a blank node label): rdflib answers everything
            self._unusable = True
            return None
        if key not in self._batches:
            self._batches[key] = self._batch(text, prefixes, variables) if _this_bound_first(prepared.algebra) else None
        batch = self._batches[key]
        if batch is not None:
            return _result(variables, batch.get(focus, []))
        try:
            this = to_ox(focus)
        except ValueError:  # a blank node label Oxigraph does not take
            return None
        rows = self._rows(text, prefixes, variables, {ox.Variable("this"): this})
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
        rows, terms = [], self._terms
        names = [(variable, str(variable)) for variable in variables]
        for solution in self.store.query(text, prefixes=prefixes, substitutions=substitutions):
            row = {}
            for variable, name in names:
                value = solution[name]
                if value is None:
                    continue
                term = terms.get(value)  # a literal is not there: Oxigraph may have made it canonical
                if term is None:
                    return None
                row[variable] = term
            rows.append(row)
        return rows

    def _load(self, key, query) -> None:
        """Copy into the store the triples this query can match: those of the predicates it names
        (all of them if a predicate is a variable or a negated property set), once each."""
        if key in self._read:
            return
        self._read.add(key)
        wanted = _predicates(query)
        if wanted is None:
            if self._loaded is not None:
                self._copy(t for t in self.graph if t[1] not in self._loaded)
                self._loaded = None
        elif self._loaded is not None:
            for predicate in sorted(wanted - self._loaded):
                self._copy(self.graph.triples((None, predicate, None)))
                self._loaded.add(predicate)

    def _copy(self, triples) -> None:
        terms, made = self._native, self._terms

        def native(term):
            found = terms.get(term)
            if found is None:
                found = terms[term] = to_ox(term)
                if not isinstance(term, Literal):
                    made[found] = term
            return found

        self.store.extend([ox.Quad(native(s), native(p), native(o)) for s, p, o in triples])


def _predicates(node) -> set | None:
    """The IRIs a query can match as predicates (in triple patterns and property paths, EXISTS
    included), or None if it can match any (a variable predicate, a negated property set)."""
    found: set = set()
    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name in ("BGP", "TriplesBlock"):
                for triple in node.triples:
                    if not _path_predicates(triple[1], found):
                        return None
            if node.name == "ServiceGraphPattern":
                return None
            stack.extend(node.values())
        elif isinstance(node, (list, tuple)):
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())
    return found


def _path_predicates(predicate, found: set) -> bool:
    if isinstance(predicate, URIRef):
        found.add(predicate)
        return True
    if isinstance(predicate, (SequencePath, AlternativePath)):
        return all(_path_predicates(p, found) for p in predicate.args)
    if isinstance(predicate, MulPath):
        return _path_predicates(predicate.path, found)
    if isinstance(predicate, InvPath):
        return _path_predicates(predicate.arg, found)
    return False  # a variable, a negated property set, or something unknown: every predicate


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
