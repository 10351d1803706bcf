"""graph.reasoning: OWL 2 RL closure on the slice of the data that axioms act on, without junk."""
from __future__ import annotations

import owlrl
import pytest
from rdflib import BNode, Dataset, Graph, Literal, Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS

from graph.reasoning import infer, junk_rule

EX = Namespace("https://example.org/kg/")
O = Namespace("https://example.org/onto#")
WD = Namespace("http://www.wikidata.org/entity/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # a plain Namespace: pytest probes module attributes

ONTOLOGY = """
@prefix o: <https://example.org/onto#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<https://example.org/onto> a owl:Ontology ; rdfs:label "test ontology"@en .
o:PlanComponent a owl:Class ; rdfs:subClassOf prov:Entity ; rdfs:label "plan component"@en .
o:Measure a owl:Class ; rdfs:subClassOf o:PlanComponent .
o:SubMeasure a owl:Class ; rdfs:subClassOf o:Measure .
o:Task a owl:Class ; rdfs:subClassOf o:PlanComponent .
o:Plan a owl:Class ; rdfs:subClassOf prov:Plan .
o:Organisation a owl:Class .
o:Ministry a owl:Class ; rdfs:subClassOf o:Organisation ;
    owl:equivalentClass [ a owl:Restriction ; owl:onProperty o:kind ; owl:hasValue "ministry" ] .
o:Agency a owl:Class ; rdfs:subClassOf o:Organisation ; owl:disjointWith o:Ministry .

o:partOf a owl:ObjectProperty, owl:TransitiveProperty ; rdfs:subPropertyOf dct:isPartOf .
o:directPartOf a owl:ObjectProperty ; rdfs:subPropertyOf o:partOf .
o:hasPart a owl:ObjectProperty ; owl:inverseOf o:partOf .
o:responsibleFor a owl:ObjectProperty ; owl:inverseOf prov:wasAttributedTo .
o:number a owl:DatatypeProperty ; rdfs:subPropertyOf dct:identifier .
o:sourceLine a owl:DatatypeProperty ; rdfs:domain prov:Entity ; rdfs:range xsd:positiveInteger .
o:kind a owl:DatatypeProperty .
o:heading a owl:DatatypeProperty ; rdfs:label "heading"@en .
o:sameEntity a owl:ObjectProperty, owl:InverseFunctionalProperty .
"""


def data_graph(copies: int = 1) -> Graph:
    """A plan shaped like ours: plan → task → measure → sub-measure, organisations, places, literals."""
    g = Graph()
    for k in range(copies):
        plan, task, measure, sub = EX[f"plan/{k}"], EX[f"plan/{k}/task/1"], EX[f"plan/{k}/measure/1.1"], EX[f"plan/{k}/measure/1.1.1"]
        doc = EX[f"document/{k}"]
        g.add((plan, RDF.type, O.Plan))
        g.add((task, RDF.type, O.Task))
        g.add((measure, RDF.type, O.Measure))
        g.add((sub, RDF.type, O.SubMeasure))
        g.add((task, O.directPartOf, plan))
        g.add((measure, O.directPartOf, task))
        g.add((sub, O.directPartOf, measure))
        for node, number in ((task, "1"), (measure, "1.1"), (sub, "1.1.1")):
            g.add((node, O.number, Literal(number)))
            g.add((node, RDFS.label, Literal(f"{number} title", lang="ru")))
            g.add((node, O.heading, Literal(f"heading {number}", lang="ru")))
            g.add((node, PROV.wasDerivedFrom, doc))
            g.add((node, O.sourceLine, Literal(k * 10 + len(number), datatype=XSD.positiveInteger)))
        g.add((EX[f"plan/{k}/note"], O.sourceLine, Literal(3, datatype=XSD.positiveInteger)))
        g.add((measure, PROV.wasAttributedTo, EX["org/ministry"]))
        g.add((doc, DCTERMS.title, Literal(f"file-{k}.txt")))
    g.add((EX["org/ministry"], O.kind, Literal("ministry")))
    g.add((EX["org/ministry"], RDFS.label, Literal("Ministry", lang="en")))
    g.add((EX["place/a"], O.sameEntity, WD.Q1))
    g.add((EX["place/b"], O.sameEntity, WD.Q1))
    g.add((EX["place/a"], RDFS.label, Literal("Place A", lang="en")))
    g.add((EX["place/b"], DCTERMS.identifier, Literal("B-1")))
    return g


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(data=ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def result(ontology):
    return infer(data_graph(), ontology)


def test_expected_triples_are_inferred(result):
    inferred = result.inferred
    sub, measure, task, plan = (EX["plan/0/measure/1.1.1"], EX["plan/0/measure/1.1"], EX["plan/0/task/1"],
                                EX["plan/0"])
    expected = [
        # subclass chain
        (sub, RDF.type, O.Measure), (sub, RDF.type, O.PlanComponent), (sub, RDF.type, PROV.Entity),
        (plan, RDF.type, PROV.Plan),
        # sub-property, then transitive
        (sub, O.partOf, measure), (sub, O.partOf, task), (sub, O.partOf, plan), (sub, DCTERMS.isPartOf, plan),
        # inverse
        (plan, O.hasPart, sub), (task, O.hasPart, measure), (EX["org/ministry"], O.responsibleFor, measure),
        # sub-property of a literal-valued property
        (sub, DCTERMS.identifier, Literal("1.1.1")),
        # domain of a literal-valued property
        (EX["plan/0/note"], RDF.type, PROV.Entity),
        # hasValue restriction on a literal-valued property
        (EX["org/ministry"], RDF.type, O.Ministry), (EX["org/ministry"], RDF.type, O.Organisation),
        # inverse-functional property → sameAs, and the labels that sameAs carries over
        (EX["place/a"], OWL.sameAs, EX["place/b"]), (EX["place/b"], OWL.sameAs, EX["place/a"]),
        (EX["place/b"], RDFS.label, Literal("Place A", lang="en")),
        (EX["place/a"], DCTERMS.identifier, Literal("B-1")),
        # the ontology's own entailments
        (O.SubMeasure, RDFS.subClassOf, PROV.Entity), (O.directPartOf, RDFS.subPropertyOf, DCTERMS.isPartOf),
    ]
    missing = [t for t in expected if t not in inferred]
    assert not missing


def test_no_junk(result):
    inferred = result.inferred
    for s, p, o in inferred:
        assert not isinstance(s, (Literal, BNode)) and not isinstance(o, BNode)
        assert not (s == o and p in (OWL.sameAs, RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass,
                                      OWL.equivalentProperty))
        assert o not in (OWL.Thing, OWL.Nothing, RDFS.Resource, RDFS.Datatype, RDFS.Literal)
        assert not str(o).startswith(str(XSD)) or p != RDF.type
        assert not str(s).startswith((str(OWL), str(RDFS), str(RDF), str(XSD)))
        assert not (p == OWL.sameAs and isinstance(o, Literal))
    assert result.dropped["literal-subject"] > 0  # owlrl types every literal: "x" rdf:type xsd:string


@pytest.mark.parametrize("triple, rule", [
    ((Literal("x"), RDF.type, XSD.string), "literal-subject"),
    ((EX.a, OWL.sameAs, EX.a), "reflexive"),
    ((O.p, RDFS.subPropertyOf, O.p), "reflexive"),
    ((EX.a, RDF.type, OWL.Thing), "top-bottom"),
    ((O.C, RDFS.subClassOf, OWL.Thing), "top-bottom"),
    ((OWL.Nothing, RDFS.subClassOf, O.C), "built-in-subject"),
    ((XSD.integer, RDF.type, RDFS.Datatype), "built-in-subject"),
    ((EX.a, RDF.type, XSD.string), "datatype"),
    ((EX.a, RDF.type, BNode()), "blank-node"),
    ((EX.a, OWL.sameAs, Literal("x")), "literal-sameAs"),
    ((EX.a, RDF.type, O.C), None),
    ((EX.a, O.partOf, EX.a), None),  # a cycle in the data is worth seeing
])
def test_junk_rules(triple, rule):
    assert junk_rule(triple) == rule


def test_asserted_and_ontology_not_repeated(result, ontology):
    data = data_graph()
    assert not [t for t in result.inferred if t in data]
    assert not [t for t in result.inferred if t in ontology]


def test_inputs_untouched(ontology):
    data, before = data_graph(), len(data_graph())
    ontology_size = len(ontology)
    infer(data, ontology)
    assert len(data) == before and len(ontology) == ontology_size


def stock_closure(data: Graph, ontology: Graph) -> set:
    """The reference: stock owlrl over everything, then the same subtraction and filter."""
    graph = Graph()
    graph += data
    graph += ontology
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, improved_datatypes=False).expand(graph)
    return {t for t in graph if t not in data and t not in ontology and junk_rule(t) is None}


def test_slice_closure_equals_whole_closure(ontology):
    data = data_graph(copies=3)
    sliced = infer(data, ontology)
    whole = infer(data, ontology, whole=True)
    assert sliced.sizes["slice"] < whole.sizes["slice"] == len(data) + len(ontology)
    assert sliced.sizes["rounds"] == 2  # the sameAs of the two places pulled their literals in
    assert set(sliced.inferred) == set(whole.inferred) == stock_closure(data, ontology)


def test_slice_leaves_out_what_no_axiom_reads(ontology, result):
    data = data_graph()
    from graph.reasoning import slice_of
    part = slice_of(set(data), set(ontology))
    assert (EX["plan/0/measure/1.1"], RDFS.label, Literal("1.1 title", lang="ru")) not in part
    assert (EX["plan/0/measure/1.1"], O.heading, Literal("heading 1.1", lang="ru")) not in part
    assert (EX["plan/0/measure/1.1"], PROV.wasDerivedFrom, EX["document/0"]) not in part
    assert (EX["plan/0/measure/1.1"], O.number, Literal("1.1")) in part  # a sub-property of dct:identifier
    assert (EX["plan/0/note"], O.sourceLine, Literal(3, datatype=XSD.positiveInteger)) in part  # has a domain
    assert (EX["plan/0/measure/1.1"], RDF.type, O.Measure) in part


def test_schema_statements_in_the_data_are_used(ontology):
    data = data_graph()
    data.add((O.Task, RDFS.subClassOf, O.Step))
    data.add((O.heading, RDFS.domain, O.Titled))
    inferred = infer(data, ontology).inferred
    assert (EX["plan/0/task/1"], RDF.type, O.Step) in inferred
    assert (EX["plan/0/measure/1.1"], RDF.type, O.Titled) in inferred
    assert set(inferred) == stock_closure(data, ontology)


def test_dataset_input_reads_every_graph(ontology):
    data = data_graph()
    dataset = Dataset()
    half = len(data) // 2
    for k, t in enumerate(sorted(data)):
        dataset.graph(EX[f"graph/{k < half}"]).add(t)
    assert set(infer(dataset, ontology).inferred) == set(infer(data, ontology).inferred)


def test_inconsistency_is_reported(ontology):
    data = data_graph()
    data.add((EX["org/ministry"], RDF.type, O.Agency))
    result = infer(data, ontology)
    assert any("disjoint" in e.lower() for e in result.errors)
    assert not any(isinstance(s, BNode) for s in result.inferred.subjects())


def test_figures(result):
    assert set(result.steps) == {"slicing", "closure", "filtering"}
    assert result.seconds == pytest.approx(sum(result.steps.values()))
    sizes = result.sizes
    assert sizes["inferred"] == len(result.inferred)
    assert sizes["new"] == sizes["inferred"] + sum(result.dropped.values())
    assert sizes["slice"] < sizes["asserted"] + sizes["ontology"]


# --------------------------------------------------------------------------- the bundled documents


@pytest.fixture(scope="module")
def real(seeds):
    mapping = pytest.importorskip("graph.mapping", reason="graph/mapping.py (records → Dataset) is not there yet")
    from graph.namespaces import Iris
    ontology = mapping.load_ontology()
    if ontology is None:
        pytest.skip("ontology/policykg.ttl is not there yet")
    dataset = mapping.build_dataset([seeds["roadmap"], seeds["grant_plan"]])
    ontology_graph = Iris().graph("ontology")
    data = Graph()
    for s, p, o, g in dataset.quads((None, None, None, None)):
        if g != ontology_graph:
            data.add((s, p, o))
    return data, ontology


def test_real_slice_closure_equals_whole_closure(real):
    data, ontology = real
    sliced = infer(data, ontology)
    whole = infer(data, ontology, whole=True)
    print(f"\nslice: {sliced.sizes} {sliced.steps}\nwhole: {whole.sizes} {whole.steps}")
    assert sliced.sizes["inferred"] > 0
    assert set(sliced.inferred) == set(whole.inferred) == stock_closure(data, ontology)
    assert not sliced.errors


# --------------------------------------------------------------------------- the engine's parts


@pytest.mark.parametrize("triple, fires", [
    ((O.Measure, RDFS.subClassOf, O.PlanComponent), True),
    ((O.partOf, RDF.type, OWL.TransitiveProperty), True),
    ((O.partOf, OWL.inverseOf, O.hasPart), True),
    ((EX.a, OWL.sameAs, EX.b), True),
    ((O.p, RDF.type, RDF.Property), True),  # scm-op reads rdf:Property too
    ((EX.a, RDF.type, O.Measure), False),  # a data triple: a premise, found by look-up
    ((EX.a, O.partOf, EX.b), False),
    ((EX.a, RDFS.label, Literal("owl")), True),  # an rdfs: predicate: owlrl tests it (harmless extra call)
    ((EX.a, RDF.type, Literal(str(OWL.Class))), False),  # a literal that reads like an owl: class
])
def test_which_triples_can_set_a_rule_off(triple, fires):
    from graph.reasoning import can_trigger
    assert can_trigger(triple) is fires


def test_indexed_graph_answers_every_pattern_like_rdflib(ontology):
    from graph.indexed_graph import IndexedGraph
    plain = data_graph(2) + ontology
    indexed = IndexedGraph(plain)
    assert len(indexed) == len(plain) and set(indexed) == set(plain)
    sample = sorted(plain)[::7]
    for s, p, o in sample:
        for pattern in [(s, p, o), (s, p, None), (s, None, o), (None, p, o), (s, None, None), (None, p, None),
                        (None, None, o)]:
            assert set(indexed.triples(pattern)) == set(plain.triples(pattern)), pattern
        assert set(indexed.objects(s, p)) == set(plain.objects(s, p))
        assert set(indexed.subjects(p, o)) == set(plain.subjects(p, o))
        assert set(indexed.subject_objects(p)) == set(plain.subject_objects(p))
        assert (s, p, o) in indexed and (s, p, EX.nothing) not in indexed
    hierarchy = EX["plan/0/measure/1.1.1"], O.directPartOf, EX["plan/0/measure/1.1"]
    assert indexed.value(hierarchy[0], hierarchy[1]) == hierarchy[2]
    indexed.remove((hierarchy[0], None, None))
    assert not list(indexed.triples((hierarchy[0], None, None)))
    assert len(indexed) == len(plain) - len(list(plain.triples((hierarchy[0], None, None))))
    assert hierarchy[0] not in set(indexed.subjects(O.directPartOf, hierarchy[2]))


def test_rules_on_triggers_with_triples_added_at_once_give_owlrls_closure(ontology):
    """The cycles run the rules on trigger triples only and add what they derive at once; owlrl's own
    closure loop (every triple, additions at the end of each cycle) gives the same closure and errors
    (the test ontology fires sub-class, sub-property, transitive, inverse, domain, hasValue,
    inverse-functional and sameAs rules)."""
    import graph.reasoning as reasoning
    inconsistent = data_graph(2)
    inconsistent.add((EX["org/ministry"], RDF.type, O.Agency))  # disjoint with Ministry, which hasValue infers
    for data in (data_graph(2), inconsistent):
        ours = infer(data, ontology)
        original = reasoning._Semantics.closure
        try:
            reasoning._Semantics.closure = owlrl.Closure.Core.closure  # our store_triple then keeps owlrl's set
            theirs = infer(data, ontology)
        finally:
            reasoning._Semantics.closure = original
        assert set(ours.inferred) == set(theirs.inferred) and ours.sizes["closure"] == theirs.sizes["closure"]
        assert ours.errors == theirs.errors
    assert ours.errors  # the inconsistent one
