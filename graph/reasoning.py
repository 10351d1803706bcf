"""OWL 2 RL closure (owlrl) of the asserted data, kept apart from it: only the new, useful triples.

`infer(asserted, ontology)` returns the triples that the OWL 2 RL rules
(https://www.w3.org/TR/owl2-profiles/#Reasoning_in_OWL_2_RL_and_RDF_Graphs_using_Rules)
add to the data and the ontology, minus everything already asserted, minus junk.
Neither input graph is changed.

**The slice.** owlrl applies every rule to every triple, every cycle, so its time
grows with all the labels, titles, line numbers and provenance links that no axiom
can act on. The closure is therefore computed on the ontology plus the part of the
data that an OWL 2 RL rule can match:

- a triple whose predicate the axioms mention (`axiom_terms`: the subject of a
  schema statement — rdfs:subPropertyOf, rdfs:domain, rdfs:range, any owl:
  predicate such as owl:inverseOf or owl:onProperty, or a property characteristic
  like owl:TransitiveProperty — or the object of any ontology statement other than
  rdf:type, rdfs:subClassOf and rdfs:subPropertyOf: the property of a restriction,
  a member of an owl:hasKey list or a chain, the other side of owl:inverseOf);
  literal-valued ones included (a domain on a datatype property types its subject,
  a sub-property copies its values);
- an rdf:type triple whose class the axioms mention (the same set: a class with a
  super-class, a disjoint or equivalent class, a member of a union …);
- schema and equality statements in the data itself (owl: predicates, rdfs:subClassOf,
  rdfs:subPropertyOf, rdfs:domain, rdfs:range, rdf:first/rest, rdf:type of an owl:
  or rdfs: class); the terms they mention are added to the axiom terms;
- equality: if the closure holds `a owl:sameAs b` (a ≠ b), the rules eq-rep-* copy
  *all* statements about a to b, so every asserted triple that mentions a or b is
  added to the slice and the closure is computed again, until no sameAs node is
  left out (`sizes["rounds"]` counts the closures).

Nothing else can fire a rule: every OWL 2 RL rule body matches data triples through
a property or class named in an axiom, or through owl:sameAs. So the filtered
closure of the slice equals the filtered closure of the whole graph
(tests/test_reasoning.py checks it on a synthetic graph and on the bundled
documents, against stock owlrl); `infer(..., whole=True)` reasons over everything,
for that test and for bench/inference.py.

The closure is owlrl's OWLRL_Semantics with one change: it does not store the
reflexive `x owl:sameAs x` of rule eq-ref for every node (literals included), which
the filter drops anyway and which no other rule needs (the only use, eq-diff1
flagging `x owl:differentFrom x`, is lost); this halves the triples each cycle
goes through. No axiomatic or datatype-axiom triples; rdflib's own literal
conversions (owlrl's "improved" ones swap a module-global table in rdflib while
they run).

**The junk filter** (`junk_rule`): a triple of the closure is dropped when it is

1. `literal-subject` — its subject is a literal (owlrl's `"x" rdf:type xsd:string`,
   `"x" owl:sameAs "x"`);
2. `blank-node` — it has a blank node: the reasoner's own error-message nodes, or an
   anonymous class expression / list of the ontology, which cannot be referred to
   from a separate graph or file;
3. `reflexive` — `x owl:sameAs x`, `C rdfs:subClassOf C`, `C owl:equivalentClass C`,
   `p rdfs:subPropertyOf p`, `p owl:equivalentProperty p`;
4. `literal-sameAs` — owl:sameAs with a literal object;
5. `built-in-subject` — its subject is a term of rdf:, rdfs:, owl: or xsd: (`owl:Thing
   a owl:Class`, `rdfs:label a owl:AnnotationProperty`, `owl:Nothing rdfs:subClassOf C`,
   datatype declarations and datatype disjointness);
6. `top-bottom` — its object is owl:Thing, owl:Nothing, rdfs:Resource, owl:top/bottom
   properties (`x rdf:type owl:Thing`, `C rdfs:subClassOf owl:Thing`);
7. `datatype` — it types something as a datatype or literal (`x rdf:type xsd:…`,
   `rdfs:Literal`, `rdfs:Datatype`, `rdf:langString`).

What stays: the class memberships (`x rdf:type prov:Entity`), inverse, transitive,
super-property and domain/range links of the data, and the ontology's own
entailments (`pkg:SubMeasure rdfs:subClassOf prov:Entity`).

OWL RL inconsistencies that owlrl reports (e.g.
a resource of two disjoint classes) come back in `errors`; ill-typed literals are
SHACL's concern (graph/validation.py), since the slice leaves most literals out.
"""
from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Iterator

import owlrl
from owlrl.Namespaces import ERRNS
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

Triple = tuple

PROPERTY_AXIOMS = frozenset({
    RDFS.subPropertyOf, RDFS.domain, RDFS.range, OWL.equivalentProperty, OWL.inverseOf,
    OWL.propertyDisjointWith, OWL.propertyChainAxiom,
})
PROPERTY_CHARACTERISTICS = frozenset({
    OWL.FunctionalProperty, OWL.InverseFunctionalProperty, OWL.TransitiveProperty, OWL.SymmetricProperty,
    OWL.AsymmetricProperty, OWL.IrreflexiveProperty, OWL.ReflexiveProperty,
})
# owl: predicates that no OWL 2 RL rule reads (annotations and ontology headers).
OWL_ANNOTATIONS = frozenset({
    OWL.versionInfo, OWL.versionIRI, OWL.priorVersion, OWL.backwardCompatibleWith, OWL.incompatibleWith,
    OWL.deprecated, OWL.imports,
})
SCHEMA_RDF_PREDICATES = frozenset({
    RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range, RDF.first, RDF.rest,
})
# Objects that only name the class or super-term of a statement's subject: rules read the subject's triples.
NOT_TRIGGERS = frozenset({RDF.type, RDFS.subClassOf, RDFS.subPropertyOf})

REFLEXIVE_NOISE = frozenset({
    OWL.sameAs, RDFS.subClassOf, OWL.equivalentClass, RDFS.subPropertyOf, OWL.equivalentProperty,
})
TOP_BOTTOM = frozenset({
    OWL.Thing, OWL.Nothing, RDFS.Resource, OWL.topObjectProperty, OWL.bottomObjectProperty,
    OWL.topDataProperty, OWL.bottomDataProperty,
})
BUILT_IN_NAMESPACES = (str(RDF), str(RDFS), str(OWL), str(XSD))
SCHEMA_CLASS_NAMESPACES = (str(RDFS), str(OWL))
LITERAL_CLASSES = frozenset({
    RDFS.Literal, RDFS.Datatype, RDF.langString, RDF.PlainLiteral, RDF.XMLLiteral, RDF.HTML, RDF.JSON,
})


@dataclass
class InferenceResult:
    """The new triples, and figures about how they were found."""

    inferred: Graph
    seconds: float  # all steps
    sizes: dict[str, int]  # asserted, ontology, slice, closure, new, inferred, rounds
    steps: dict[str, float] = field(default_factory=dict)  # seconds per step: slicing, closure, filtering
    dropped: dict[str, int] = field(default_factory=dict)  # junk triples per filter rule
    errors: list[str] = field(default_factory=list)  # OWL RL inconsistencies reported by owlrl


def infer(asserted: Graph, ontology: Graph, *, whole: bool = False) -> InferenceResult:
    """The OWL 2 RL closure of `asserted` + `ontology`, minus both, minus junk (see the module doc).

    `asserted` may be a Graph or a Dataset (all its graphs are read). `whole=True`
    reasons over the whole data instead of the slice (same result, slower).
    """
    started = time.perf_counter()
    data = set(_triples(asserted))
    schema = set(_triples(ontology))
    part = set(data) if whole else slice_of(data, schema)
    steps = {"slicing": time.perf_counter() - started, "closure": 0.0}
    sizes = {"asserted": len(data), "ontology": len(schema), "rounds": 0}

    while True:
        started = time.perf_counter()
        closure = _closure(part | schema)
        steps["closure"] += time.perf_counter() - started
        sizes["rounds"] += 1
        started = time.perf_counter()
        missing = _equality_support(closure, data) - part
        steps["slicing"] += time.perf_counter() - started
        if not missing:
            break
        part |= missing
    sizes["slice"] = len(part)
    sizes["closure"] = len(closure)

    started = time.perf_counter()
    errors = sorted(str(closure.value(node, ERRNS.error)) for node in closure.subjects(RDF.type, ERRNS.ErrorMessage))
    inferred, dropped, new = Graph(), Counter(), 0
    for t in closure:
        if t in data or t in schema:
            continue
        new += 1
        rule = junk_rule(t)
        if rule:
            dropped[rule] += 1
        else:
            inferred.add(t)
    for prefix, namespace in asserted.namespaces():
        inferred.bind(prefix, namespace, override=False)
    steps["filtering"] = time.perf_counter() - started
    sizes["new"] = new
    sizes["inferred"] = len(inferred)
    return InferenceResult(inferred, sum(steps.values()), sizes, steps, dict(sorted(dropped.items())), errors)


def slice_of(data: set, schema: set) -> set:
    """The data triples an OWL 2 RL rule can match, given the axioms in `schema` (and in the data)."""
    own_schema = [t for t in data if is_schema_statement(t)]
    terms = axiom_terms(schema) | axiom_terms(own_schema, all_objects=True)
    return {t for t in data if (t[2] if t[1] == RDF.type else t[1]) in terms} | set(own_schema)


def is_schema_statement(triple: Triple) -> bool:
    """An axiom or equality statement (owl: predicates, RDFS schema predicates, rdf:type of an owl:/rdfs: class)."""
    s, p, o = triple
    if p == RDF.type:
        return str(o).startswith(SCHEMA_CLASS_NAMESPACES)
    return p in SCHEMA_RDF_PREDICATES or (str(p).startswith(str(OWL)) and p not in OWL_ANNOTATIONS)


def axiom_terms(schema: Iterable[Triple], *, all_objects: bool = False) -> set:
    """Properties and classes whose triples some rule can read (see the module doc)."""
    terms = set()
    for t in schema:
        s, p, o = t
        if is_schema_statement(t) and (p != RDF.type or o in PROPERTY_CHARACTERISTICS):
            terms.add(s)
        if not isinstance(o, Literal) and (all_objects or p not in NOT_TRIGGERS):
            terms.add(o)
    return terms


def junk_rule(triple: Triple) -> str | None:
    """The name of the filter rule that drops this closure triple, or None to keep it."""
    s, p, o = triple
    if isinstance(s, Literal):
        return "literal-subject"
    if isinstance(s, BNode) or isinstance(o, BNode) or isinstance(p, BNode):
        return "blank-node"
    if s == o and p in REFLEXIVE_NOISE:
        return "reflexive"
    if p == OWL.sameAs and isinstance(o, Literal):
        return "literal-sameAs"
    if str(s).startswith(BUILT_IN_NAMESPACES):
        return "built-in-subject"
    if o in TOP_BOTTOM:
        return "top-bottom"
    if p == RDF.type and (o in LITERAL_CLASSES or str(o).startswith(str(XSD))):
        return "datatype"
    return None


class _Semantics(owlrl.OWLRL_Semantics):
    """OWL 2 RL rules without eq-ref's `x owl:sameAs x` for every node (see the module doc)."""

    def store_triple(self, t):
        if t[1] == OWL.sameAs and t[0] == t[2]:
            return
        super().store_triple(t)


def _closure(triples: set) -> Graph:
    graph = Graph()
    graph.addN((s, p, o, graph) for s, p, o in triples)
    owlrl.DeductiveClosure(_Semantics, improved_datatypes=False, rdfs_closure=False,
                           axiomatic_triples=False, datatype_axioms=False).expand(graph)
    return graph


def _equality_support(closure: Graph, data: set) -> set:
    """The asserted triples that mention a node the closure makes owl:sameAs another one."""
    nodes = {n for s, o in closure.subject_objects(OWL.sameAs) if s != o for n in (s, o)}
    if not nodes:
        return set()
    return {t for t in data if t[0] in nodes or t[1] in nodes or t[2] in nodes}


def _triples(graph: Graph) -> Iterator[Triple]:
    if isinstance(graph, Dataset):
        for s, p, o, _ in graph.quads((None, None, None, None)):
            yield s, p, o
    else:
        yield from graph.triples((None, None, None))
