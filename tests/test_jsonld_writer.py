"""graph/jsonld.py's node_objects: triples written as compacted node objects, read back by pyld and
Oxigraph as the same triples (lexical forms, datatypes, languages, blank nodes), in the forms expected."""
from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from graph import jsonld
from graph.exports import jsonld_context

BASE = "https://example.org/kg/"
PKG = "https://w3id.org/policykg/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

NTRIPLES = f"""
<{BASE}plan/p/measure/6.4> <{RDF_TYPE}> <{PKG}Measure> .
<{BASE}plan/p/measure/6.4> <{RDF_TYPE}> <http://www.w3.org/ns/prov#Entity> .
<{BASE}plan/p/measure/6.4> <{PKG}directPartOf> <{BASE}plan/p/task/6> .
<{BASE}plan/p/measure/6.4> <{PKG}directPartOf> "a literal where an IRI is expected" .
<{BASE}plan/p/measure/6.4> <{PKG}sourceLine> "12"^^<{XSD}positiveInteger> .
<{BASE}plan/p/measure/6.4> <{PKG}sourceLine> "13"^^<{XSD}positiveInteger> .
<{BASE}plan/p/measure/6.4> <http://www.w3.org/2000/01/rdf-schema#label> "6.4 «Мероприятие»\\nс \\"кавычками\\""@ru .
<{BASE}plan/p/measure/6.4> <{PKG}recurrence> "P12M"^^<{XSD}duration> .
<{BASE}plan/p/measure/6.4> <{PKG}perRegion> "false"^^<{XSD}boolean> .
<{BASE}plan/p/measure/6.4> <{PKG}number> "1"^^<{XSD}boolean> .
<{BASE}plan/p/measure/6.4> <http://example.com/count> "-0"^^<{XSD}integer> .
<{BASE}plan/p/measure/6.4> <http://example.com/count> "007"^^<{XSD}integer> .
<{BASE}plan/p/measure/6.4> <http://example.com/count> "-42"^^<{XSD}integer> .
<{BASE}plan/p/measure/6.4> <{PKG}concerns> <urn:isbn:0451450523> .
<{BASE}plan/p/measure/6.4> <{PKG}concerns> _:restriction .
<{BASE}plan/p/task/6> <http://purl.org/dc/terms/title> "Задача 6" .
<{BASE}plan/p/task/6> <http://purl.org/dc/terms/title> "true" .
<{BASE}plan/p/task/6> <http://purl.org/dc/terms/title> "true"^^<{XSD}boolean> .
<{BASE}plan/p/task/6> <http://purl.org/dc/terms/title> "{{\\"@value\\": \\"1\\", \\"@type\\": \\"xsd:boolean\\"}}" .
<{BASE}plan/p/task/6> <http://purl.org/dc/terms/title> "1"^^<{XSD}boolean> .
_:restriction <{RDF_TYPE}> <http://www.w3.org/2002/07/owl#Restriction> .
_:restriction <http://www.w3.org/2002/07/owl#onProperty> <{PKG}partOf> .
<https://schema.org/x> <{PKG}concerns> <https://schema.org///odd> .
"""


def _triples():
    return list(ox.parse(NTRIPLES.encode(), ox.RdfFormat.N_TRIPLES))


def _expected() -> rdflib.Graph:
    saved, rdflib.NORMALIZE_LITERALS = rdflib.NORMALIZE_LITERALS, False
    try:
        return rdflib.Graph().parse(data=NTRIPLES, format="nt")
    finally:
        rdflib.NORMALIZE_LITERALS = saved


@pytest.fixture(scope="module")
def written():
    context = jsonld_context(BASE)
    nodes = jsonld.node_objects(_triples() + _triples()[:3], context)  # a triple given twice is written once
    return context, nodes, jsonld.head(context) + jsonld.node_lines(nodes) + jsonld.foot()


def test_the_forms_written(written):
    _, nodes, _ = written
    by_id = {n["@id"]: n for n in nodes}
    assert [n["@id"] for n in nodes] == sorted(by_id) == ["_:restriction", "id:plan/p/measure/6.4",
                                                          "id:plan/p/task/6", "schema:x"]
    measure = by_id["id:plan/p/measure/6.4"]
    assert measure["@type"] == ["Measure", "prov:Entity"]
    assert measure["directPartOf"] == "id:plan/p/task/6"  # an object property's term takes the IRI as a string
    assert measure["pkg:directPartOf"] == "a literal where an IRI is expected"  # its literal the compact IRI
    assert measure["sourceLine"] == [{"@value": "12", "@type": "xsd:positiveInteger"},
                                     {"@value": "13", "@type": "xsd:positiveInteger"}]
    assert measure["rdfs:label"] == {"@value": "6.4 «Мероприятие»\nс \"кавычками\"", "@language": "ru"}
    assert measure["recurrence"] == {"@value": "P12M", "@type": "xsd:duration"}  # the lexical form as made
    assert measure["perRegion"] is False
    assert measure["number"] == {"@value": "1", "@type": "xsd:boolean"}  # not canonical: kept as written
    assert sorted(measure["http://example.com/count"], key=str) == sorted(
        [{"@value": "-0", "@type": "xsd:integer"}, {"@value": "007", "@type": "xsd:integer"}, -42], key=str)
    assert sorted(measure["concerns"]) == ["_:restriction", "urn:isbn:0451450523"]
    assert by_id["id:plan/p/task/6"]["dct:title"] == [  # strings first, then other values by their JSON
        "true", '{"@value": "1", "@type": "xsd:boolean"}', "Задача 6", True, {"@value": "1", "@type": "xsd:boolean"}]
    assert by_id["_:restriction"] == {"@id": "_:restriction", "@type": "owl:Restriction", "owl:onProperty": {"@id": "pkg:partOf"}}
    assert by_id["schema:x"]["concerns"] == "https://schema.org///odd"  # «schema://odd» would read as an IRI


def test_pyld_reads_the_triples_back(written):
    from pyld import jsonld as pyld

    document = json.loads(written[2])
    saved, rdflib.NORMALIZE_LITERALS = rdflib.NORMALIZE_LITERALS, False
    try:
        got = rdflib.Graph().parse(data=pyld.to_rdf(document, {"format": "application/n-quads"}), format="nt")
    finally:
        rdflib.NORMALIZE_LITERALS = saved
    expected = _expected()
    assert len(got) == len(expected) == 23
    assert isomorphic(got, expected)


def test_oxigraph_reads_the_triples_back(written):
    got = set(ox.parse(written[2], ox.RdfFormat.JSON_LD))
    expected = set(_triples())
    assert len(got) == len(expected) == 23
    # blank node labels differ; everything else is the same
    named = lambda ts: {t for t in ts if not any(isinstance(x, ox.BlankNode) for x in (t.subject, t.object))}  # noqa: E731
    assert named(got) == named(expected)
