"""graph.shacl_sparql: pySHACL's SPARQL constraints on Oxigraph, once per constraint where `$this` is
bound by the first triple patterns, per focus node otherwise, rdflib where an answer holds a literal."""
from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery

from graph.shacl_sparql import NativeConstraints, _predicates, _this_bound_first

EX = Namespace("https://example.org/")
PREFIXES = "PREFIX ex: <https://example.org/> PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> " \
           "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
UNBOUND_THIS = PREFIXES + """SELECT $this WHERE {
    FILTER NOT EXISTS { ?part ex:partOf $this . ?part rdf:type/rdfs:subClassOf* ex:Measure . }
}"""
BOUND_THIS = PREFIXES + """SELECT $this ?value WHERE {
    $this ex:dependsOn ?value .
    OPTIONAL { $this ex:due ?due . ?value ex:due ?before . }
    FILTER (?value = $this || (BOUND(?due) && ?before > ?due))
}"""
LITERAL_ANSWER = PREFIXES + "SELECT $this ?value WHERE { $this ex:count ?value . FILTER (?value > 1) }"


def _algebra(text):
    return translateQuery(parseQuery(text)).algebra


def _data() -> Graph:
    g = Graph()
    for k in range(1, 4):
        g.add((EX[f"m{k}"], RDF.type, EX.Measure))
    g.add((EX.Sub, RDFS.subClassOf, EX.Measure))
    g.add((EX.s1, RDF.type, EX.Sub))
    g.add((EX.s1, EX.partOf, EX.m1))  # m1 has a part; m2, m3 have none
    g.add((EX.m2, EX.dependsOn, EX.m2))  # depends on itself
    g.add((EX.m3, EX.dependsOn, EX.m1))
    g.add((EX.m3, EX.due, Literal("2020-01-01", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))))
    g.add((EX.m1, EX.due, Literal("2021-01-01", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))))
    g.add((EX.m1, EX["count"], Literal("02", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer"))))
    g.add((EX.m1, EX.label, Literal("not read by the queries")))
    return g


def test_the_predicates_a_query_can_match():
    assert _predicates(_algebra(UNBOUND_THIS)) == {EX.partOf, RDF.type, RDFS.subClassOf}
    assert _predicates(_algebra(BOUND_THIS)) == {EX.dependsOn, EX.due}
    assert _predicates(_algebra(PREFIXES + "SELECT $this WHERE { $this ?p ?o }")) is None
    assert _predicates(_algebra(PREFIXES + "SELECT $this WHERE { $this !ex:a ?o }")) is None


def test_which_queries_are_answered_once_for_every_focus_node():
    assert _this_bound_first(_algebra(BOUND_THIS))
    assert _this_bound_first(_algebra(LITERAL_ANSWER))
    assert not _this_bound_first(_algebra(UNBOUND_THIS))  # $this only inside NOT EXISTS
    assert _this_bound_first(_algebra(PREFIXES + "SELECT $this WHERE { ?x ex:a ?y . $this ex:b ?x }"))  # one BGP
    assert not _this_bound_first(_algebra(PREFIXES + "SELECT $this WHERE { ?x ex:a ?y OPTIONAL { $this ex:b ?x } }"))
    assert not _this_bound_first(_algebra(  # the optional part filters on $this, which it does not bind
        PREFIXES + "SELECT $this WHERE { $this ex:a ?x . OPTIONAL { ?x ex:b ?y FILTER (?y = $this) } }"))


def _answer(native, text, focus):
    result = native.answer((text, ()), translateQuery(parseQuery(text)), {"this": focus})
    return None if result is None else sorted(tuple(sorted(row.asdict().items())) for row in result)


def _rdflib(graph, text, focus):
    return sorted(tuple(sorted(row.asdict().items())) for row in graph.query(text, initBindings={"this": focus}))


def test_answers_equal_rdflibs_per_focus_node():
    data = _data()
    native = NativeConstraints(data)
    for text in (BOUND_THIS, UNBOUND_THIS):
        for k in range(1, 4):
            assert _answer(native, text, EX[f"m{k}"]) == _rdflib(data, text, EX[f"m{k}"]), (text, k)
    assert _answer(native, UNBOUND_THIS, EX.m2) == [(("this", EX.m2),)]
    assert _answer(native, BOUND_THIS, EX.m2) == [(("this", EX.m2), ("value", EX.m2))]
    assert _answer(native, BOUND_THIS, EX.m3) == [(("this", EX.m3), ("value", EX.m1))]
    assert len(native.store) == 10  # what the queries read: partOf, type, subClassOf, dependsOn, due


def test_an_answer_holding_a_literal_is_left_to_rdflib():
    native = NativeConstraints(_data())
    assert _answer(native, LITERAL_ANSWER, EX.m1) is None  # "02" would come back as "2"


def test_blank_nodes_come_back_as_the_data_has_them():
    data, node = Graph(), BNode()
    data.add((node, EX.dependsOn, node))
    native = NativeConstraints(data)
    assert _answer(native, BOUND_THIS, node) == [(("this", node), ("value", node))]


def test_a_blank_node_oxigraph_cannot_hold_leaves_every_query_to_rdflib():
    data = _data()
    data.add((BNode("not a label"), EX.dependsOn, EX.m1))
    native = NativeConstraints(data)
    assert _answer(native, BOUND_THIS, EX.m2) is None
    assert _answer(native, UNBOUND_THIS, EX.m2) is None
