"""The endpoint on the queries of issue 11: no 500 and no engine internals, CONSTRUCT results with the
dataset's base IRI in every RDF format, Vary: Accept on every negotiated response (406 included), and
text/xml where application/xml is accepted."""
from __future__ import annotations

import json

import pytest
from rdflib import Graph, URIRef
from starlette.testclient import TestClient

from graph.server import ServerConfig, create_app

BASE = "https://w3id.org/policykg/"
PKG = BASE + "ontology#"
SUM_IF_EXISTS = (f"SELECT (SUM(IF(EXISTS {{ ?m <{PKG}dueDate> ?d }}, 1, 0)) AS ?n) WHERE {{ ?m a <{PKG}Measure> }}")
BAD_REGEX = 'SELECT ?s WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), "(")) } LIMIT 1'
DESCRIBE_ALL = f"DESCRIBE * WHERE {{ ?plan a <{PKG}Plan> }}"
RELATIVE = (f"CONSTRUCT {{ <plan-titles> <title> ?title }} WHERE {{ ?plan a <{PKG}Plan> ; "
            "<http://purl.org/dc/terms/title> ?title }")
RDF_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
             "application/rdf+xml": "xml", "text/xml": "xml"}


@pytest.fixture(scope="module")
def client(standards_build):
    app = create_app(ServerConfig(build_dir=standards_build, timeout=10, max_results=5000, workers=1))
    with TestClient(app) as test_client:
        yield test_client


def _ask(client, query, accept="application/sparql-results+json", **headers):
    return client.get("/sparql", params={"query": query}, headers={"Accept": accept, **headers})


def _internal(text: str) -> bool:
    return any(word in text for word in ("CompValue", "Traceback", "NoneType", "rdflib.term"))


def test_exists_inside_an_aggregate_is_no_500(client):
    """The endpoint reads the build's Oxigraph store, whose engine evaluates EXISTS inside an aggregate:
    the answer is the number of measures with a due date, counted here without EXISTS."""
    response = _ask(client, SUM_IF_EXISTS)
    assert response.status_code == 200, response.text
    with_due = _ask(client, f"SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE {{ ?m a <{PKG}Measure> ; <{PKG}dueDate> ?d }}")
    count = lambda r: r.json()["results"]["bindings"][0]["n"]["value"]  # noqa: E731
    assert count(response) == count(with_due) != "0"


def test_a_query_rdflib_cannot_evaluate_is_a_422_without_internals():
    """Where a query runs on rdflib (a dataset not in a store), one it cannot evaluate is a 422."""
    from rdflib import Dataset, URIRef
    from rdflib.namespace import RDF

    from graph import queries

    dataset = Dataset(default_union=True)
    dataset.graph(URIRef("https://example.org/g")).add((URIRef("https://example.org/m"), RDF.type, URIRef(f"{PKG}Measure")))
    with pytest.raises(queries.QueryError) as error:
        queries.run_and_serialize(SUM_IF_EXISTS, dataset, "json")
    assert error.value.kind == "unsupported" and not _internal(str(error.value))


def test_a_bad_regex_is_the_query_s_fault(client):
    response = _ask(client, BAD_REGEX)
    assert response.status_code == 400 and "regular expression" in response.text and not _internal(response.text)


def test_describe_all_describes_every_variable(client):
    response = _ask(client, DESCRIBE_ALL, "text/turtle")
    assert response.status_code == 200, response.text
    graph = Graph().parse(data=response.text, format="turtle")
    plans = {BASE + "plan/kz-mtszn-2020-roadmap", BASE + "plan/kg-mtsom-2022-grant-plan"}
    assert {str(s) for s in graph.subjects()} >= plans


@pytest.mark.parametrize("accept", list(RDF_TYPES))
def test_construct_with_relative_iris_gets_the_base(client, accept):
    response = _ask(client, RELATIVE, accept)
    assert response.status_code == 200, response.text
    graph = Graph().parse(data=response.content, format=RDF_TYPES[accept])
    assert len(graph) == 2  # one title per plan: nothing lost in any format
    assert set(graph.subjects()) == {URIRef(BASE + "plan-titles")}
    assert set(graph.predicates()) == {URIRef(BASE + "title")}


def test_text_xml_for_select(client):
    response = _ask(client, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "text/xml")
    assert response.status_code == 200 and "sparql-results" in response.text


@pytest.mark.parametrize("path,accept", [
    ("/sparql?query=SELECT%20*%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D%20LIMIT%201", "application/sparql-results+json"),
    ("/sparql?query=SELECT%20*%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D%20LIMIT%201", "image/png"),  # 406
    ("/sparql?query=ASK%20%7B%7D", "text/csv"),  # 406: no CSV for ASK
    ("/plan/kz-mtszn-2020-roadmap", "text/turtle"),
    ("/plan/kz-mtszn-2020-roadmap", "image/png"),
    ("/queries/plans", "text/csv"),
    ("/dataset", "text/turtle"),
])
def test_vary_accept_on_negotiated_responses(client, path, accept):
    response = client.get(path, headers={"Accept": accept, "Origin": "http://example.org"})
    assert response.status_code in (200, 406), (response.status_code, response.text[:200])
    fields = [f.strip().lower() for f in response.headers.get("vary", "").split(",")]
    assert "accept" in fields, response.headers
    assert "origin" in fields or response.status_code == 200 or "access-control-allow-origin" not in response.headers


def test_a_406_says_vary_accept(client):
    response = _ask(client, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "image/png", Origin="http://example.org")
    assert response.status_code == 406
    assert {"accept", "origin"} <= {f.strip().lower() for f in response.headers["vary"].split(",")}


def test_a_misspelt_catalogue_name_gets_did_you_mean(client):
    response = client.get("/queries/plan")
    assert response.status_code == 404 and "did you mean plans" in response.text
