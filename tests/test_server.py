"""The SPARQL endpoint: protocol details with Starlette's TestClient, and a real uvicorn server on
127.0.0.1 driven by a third-party client (SPARQLWrapper) for each result format, the update and
SERVICE refusals and the time limit."""
from __future__ import annotations

import io
import json
import socket
import time
import urllib.error
import xml.etree.ElementTree as ET
from urllib.parse import quote

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, VOID
from rdflib.query import Result
from starlette.testclient import TestClient

from graph import queries
from graph.server import ServerConfig, create_app
from liveserver import SAMPLE, copy_build, free_port, live_server

BASE = "https://w3id.org/policykg/"
PKG = Namespace(BASE + "ontology#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
M11 = URIRef(BASE + "plan/kz-mtszn-2020-roadmap/measure/1.1")
REFERENCE = BASE + "graph/reference"
DOCUMENT = BASE + "graph/document/000_d466afb8a09bde20"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
MEASURES = f"SELECT ?m WHERE {{ ?m a <{PKG}Measure> }} ORDER BY ?m"
COUNTRIES = f"SELECT ?c WHERE {{ ?c a <{PKG}Country> }}"
HOSTILE = """
<https://w3id.org/policykg/graph/document/zz-hostile> {
  <https://w3id.org/policykg/plan/zz-hostile> a <https://w3id.org/policykg/ontology#Plan> ;
    <http://www.w3.org/2000/01/rdf-schema#label> "<script>alert('label')</script> & <b>bold</b>"@ru ;
    <http://purl.org/dc/terms/title> "<img src=x onerror=alert(1)>"@ru ;
    <http://www.w3.org/2000/01/rdf-schema#seeAlso> <javascript:alert(1)> .
}
"""


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    return copy_build(tmp_path_factory.mktemp("server") / "build", HOSTILE)


@pytest.fixture(scope="module")
def client(build):
    app = create_app(ServerConfig(build_dir=build, timeout=1.5, max_results=50, workers=2))
    with TestClient(app) as test_client:
        yield test_client


def _json_rows(response):
    assert response.status_code == 200, response.text
    return response.json()["results"]["bindings"]


def _count(client) -> int:
    return int(_json_rows(client.get("/sparql", params={"query": COUNT}))[0]["n"]["value"])


# ---------------------------------------------------------------- the protocol

def test_get_post_form_and_post_direct_agree(client):
    by_get = client.get("/sparql", params={"query": MEASURES})
    by_form = client.post("/sparql", data={"query": MEASURES})
    by_body = client.post("/sparql", content=MEASURES.encode(), headers={"Content-Type": "application/sparql-query"})
    for response in (by_get, by_form, by_body):
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/sparql-results+json"
    assert by_get.json() == by_form.json() == by_body.json()
    assert [b["m"]["value"] for b in by_get.json()["results"]["bindings"]] == [str(M11), BASE + "plan/kz-mtszn-2020-roadmap/measure/1.3"]


@pytest.mark.parametrize("accept, media, parser", [
    ("application/sparql-results+json", "application/sparql-results+json", "json"),
    ("application/sparql-results+xml", "application/sparql-results+xml", "xml"),
    ("text/csv", "text/csv; charset=utf-8", "csv"),
    ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8", "tsv"),
    ("application/json", "application/sparql-results+json", "json"),
    ("*/*", "application/sparql-results+json", "json"),
])
def test_select_formats_by_accept(client, accept, media, parser):
    response = client.get("/sparql", params={"query": MEASURES}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"] == media
    assert "Accept" in response.headers["vary"]
    parsed = Result.parse(io.BytesIO(response.content), format=parser)
    assert [row[0] for row in parsed] == [M11, URIRef(BASE + "plan/kz-mtszn-2020-roadmap/measure/1.3")] \
        or parser == "csv" and [str(row[0]) for row in parsed][0] == str(M11)


def test_format_parameter_wins_over_accept(client):
    response = client.get("/sparql", params=[("query", MEASURES), ("format", "tsv"), ("format", "text/tab-separated-values")],
                          headers={"Accept": "application/sparql-results+xml"})
    assert response.headers["content-type"].startswith("text/tab-separated-values")
    assert response.text.startswith("?m\n<")
    response = client.post("/sparql", data={"query": "ASK { ?s ?p ?o }", "format": "xml"})
    assert Result.parse(io.BytesIO(response.content), format="xml").askAnswer is True


@pytest.mark.parametrize("accept, media, rdflib_format", [
    ("text/turtle", "text/turtle; charset=utf-8", "turtle"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
    (None, "text/turtle; charset=utf-8", "turtle"),
])
def test_construct_formats(client, build, accept, media, rdflib_format):
    query = f"CONSTRUCT {{ ?m ?p ?o }} WHERE {{ ?m a <{PKG}Measure> ; ?p ?o }}"
    headers = {"Accept": accept} if accept else {}
    response = client.post("/sparql", data={"query": query}, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == media
    expected = queries.run(query, queries.load_graph(build)).graph
    assert isomorphic(Graph().parse(data=response.content, format=rdflib_format), expected)


def test_describe(client):
    response = client.get("/sparql", params={"query": f"DESCRIBE <{M11}>"}, headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = Graph().parse(data=response.text, format="turtle")
    assert (M11, PKG.number, Literal("1.1")) in graph


def test_not_acceptable(client):
    response = client.get("/sparql", params={"query": MEASURES}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.text
    response = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, headers={"Accept": "text/csv"})
    assert response.status_code == 406


def test_malformed_query_is_400_with_position(client):
    response = client.get("/sparql", params={"query": "SELECT ?m\nWHERE {\n  ?m a \n}"})
    assert response.status_code == 400
    assert response.headers["x-error-kind"] == "syntax"
    assert (response.headers["x-error-line"], response.headers["x-error-column"]) == ("3", "3")
    assert "syntax error at line 3, column 3" in response.text


@pytest.mark.parametrize("kwargs, status", [
    ({"method": "POST", "data": {"format": "json"}}, 400),
    ({"method": "GET", "params": [("query", "ASK {}"), ("query", "ASK {}")]}, 400),
    ({"method": "POST", "content": b"ASK {}", "headers": {"Content-Type": "text/plain"}}, 415),
    ({"method": "POST", "content": b"\xff\xfe", "headers": {"Content-Type": "application/sparql-query"}}, 400),
    ({"method": "GET", "params": {"query": "  "}}, 400),
    ({"method": "PUT", "content": b"ASK {}"}, 405),
])
def test_bad_requests(client, kwargs, status):
    response = client.request(url="/sparql", **kwargs)
    assert response.status_code == status, response.text


@pytest.mark.parametrize("kwargs", [
    {"method": "POST", "data": {"update": "INSERT DATA { <http://a> <http://b> <http://c> }"}},
    {"method": "POST", "content": b"DROP ALL", "headers": {"Content-Type": "application/sparql-update"}},
    {"method": "GET", "params": {"query": "CLEAR DEFAULT"}},
    {"method": "POST", "data": {"query": "DELETE WHERE { ?s ?p ?o }"}},
    {"method": "POST", "content": b"LOAD <http://example.org/x.ttl>", "headers": {"Content-Type": "application/sparql-query"}},
    {"method": "GET", "params": {"update": "CREATE GRAPH <http://a>"}},
])
def test_updates_are_refused_and_nothing_changes(client, kwargs):
    before = _count(client)
    response = client.request(url="/sparql", **kwargs)
    assert response.status_code == 403
    assert "read-only" in response.text
    assert _count(client) == before


def test_service_is_refused_without_any_network_call(client):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(0.5)
        port = listener.getsockname()[1]
        query = f"SELECT * WHERE {{ ?s ?p ?o . SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?q ?r }} }}"
        response = client.get("/sparql", params={"query": query})
        assert response.status_code == 400
        assert response.headers["x-error-kind"] == "service"
        with pytest.raises(socket.timeout):
            listener.accept()


def test_dataset_given_by_the_protocol(client):
    assert len(_json_rows(client.get("/sparql", params={"query": COUNTRIES}))) == 2
    only_reference = client.get("/sparql", params={"query": COUNTRIES, "default-graph-uri": REFERENCE})
    assert len(_json_rows(only_reference)) == 2
    only_document = client.post("/sparql?default-graph-uri=" + quote(DOCUMENT, safe=""), content=COUNTRIES,
                                headers={"Content-Type": "application/sparql-query"})
    assert _json_rows(only_document) == []
    named = client.post("/sparql", data={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                                         "named-graph-uri": [REFERENCE, DOCUMENT]})
    assert sorted(b["g"]["value"] for b in _json_rows(named)) == sorted([REFERENCE, DOCUMENT])
    unknown = client.get("/sparql", params={"query": COUNTRIES, "default-graph-uri": "http://example.org/elsewhere"})
    assert unknown.status_code == 400 and "no graph" in unknown.text
    from_file = client.get("/sparql", params={"query": "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"})
    assert from_file.status_code == 400


def test_result_size_limit(client):
    response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 422
    assert "more than 50 rows" in response.text
    limited = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 50"})
    assert len(_json_rows(limited)) == 50


def test_time_limit_and_recovery(client):
    state = client.app.state.policykg
    restarts = state.pool.restarts
    started = time.monotonic()
    response = client.get("/sparql", params={"query": SLOW})
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert "query exceeded the 1.5 s limit" in response.text
    assert response.headers["x-error-kind"] == "timeout"
    # answered at the limit, not when the (much longer) query would have ended; generous for a busy machine
    assert elapsed >= 1.4 and elapsed < 15
    assert _count(client) > 0  # the other worker answers at once
    assert state.pool.restarts == restarts + 1
    deadline = time.monotonic() + 30
    while state.pool.alive() < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert state.pool.alive() == 2


# ---------------------------------------------------------------- service description, CORS

def test_service_description(client):
    response = client.get("/sparql")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    service = graph.value(predicate=RDF.type, object=SD.Service)
    assert graph.value(service, SD.endpoint) == URIRef("http://testserver/sparql")
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (service, SD.feature, SD.UnionDefaultGraph) in graph
    assert len(list(graph.objects(service, SD.resultFormat))) == 8
    dataset = graph.value(service, SD.defaultDataset)
    names = {str(graph.value(n, SD.name)) for n in graph.objects(dataset, SD.namedGraph)}
    assert REFERENCE in names and BASE + "graph/inferred" in names and len(names) == 6
    as_jsonld = client.get("/sparql", headers={"Accept": "application/ld+json"})
    assert isomorphic(Graph().parse(data=as_jsonld.text, format="json-ld"), graph)
    browser = client.get("/sparql", headers={"Accept": "text/html,*/*;q=0.8"}, follow_redirects=False)
    assert browser.status_code == 303 and browser.headers["location"] == "/"


def test_cors(client):
    response = client.get("/sparql", params={"query": "ASK {}"}, headers={"Origin": "http://example.org"})
    assert response.headers["access-control-allow-origin"] == "*"
    assert "X-Error-Line" in response.headers["access-control-expose-headers"]
    preflight = client.options("/sparql", headers={"Origin": "http://example.org",
                                                   "Access-Control-Request-Method": "POST",
                                                   "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert "content-type" in preflight.headers["access-control-allow-headers"].lower()


# ---------------------------------------------------------------- the catalogue API

def test_catalogue_list(client):
    response = client.get("/queries")
    assert response.status_code == 200
    items = {item["name"]: item for item in response.json()}
    due = items["measures-due-before"]
    assert due["url"] == "/queries/measures-due-before"
    assert due["params"][0]["name"] == "before" and due["params"][0]["type"] == "xsd:date"
    assert due["form"] == "SELECT" and due["query"].startswith("# title:")


def test_catalogue_query_by_extension_accept_and_params(client):
    response = client.get("/queries/measures-due-before.csv", params={"before": "2020-12-31"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert response.text.splitlines()[0] == "measure,label,deadline,due,lead"
    assert len(response.text.splitlines()) == 3
    by_accept = client.get("/queries/measures-due-before", headers={"Accept": "text/tab-separated-values"})
    assert by_accept.text.startswith("?measure\t?label")
    assert len(by_accept.text.splitlines()) == 2  # default: 2020-06-30
    outline = client.get("/queries/plan-outline.ttl", params={"plan": BASE + "plan/kz-mtszn-2020-roadmap"})
    assert outline.headers["content-type"].startswith("text/turtle")


def test_catalogue_parameter_errors_name_the_parameter(client):
    response = client.get("/queries/measures-due-before", params={"before": "31.12.2020"})
    assert response.status_code == 400 and response.headers["x-error-parameter"] == "before"
    assert "'before' expects a date" in response.text
    response = client.get("/queries/measures-of-organisation")
    assert response.status_code == 400 and response.headers["x-error-parameter"] == "organisation"
    assert client.get("/queries/no-such-question").status_code == 404


def test_ad_hoc_query_with_header_parameters(client):
    text = ("# param: due (date, required)\nPREFIX pkg: <https://w3id.org/policykg/ontology#>\n"
            "SELECT ?m WHERE { ?m pkg:dueDate ?due }")
    response = client.post("/queries", data={"query": text, "due": "2020-01-28"})
    assert [b["m"]["value"] for b in _json_rows(response)] == [str(M11)]
    missing = client.post("/queries", data={"query": text})
    assert missing.status_code == 400 and missing.headers["x-error-parameter"] == "due"


# ---------------------------------------------------------------- dataset description and resources

@pytest.mark.parametrize("path", ["/.well-known/void", "/dataset"])
def test_dataset_description(client, path):
    response = client.get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    assert (URIRef(BASE + "dataset"), RDF.type, VOID.Dataset) in graph
    page = client.get(path, headers={"Accept": "text/html"})
    assert page.headers["content-type"].startswith("text/html") and "policykg: action plans" in page.text


def test_resource_as_rdf(client):
    path = "/plan/kz-mtszn-2020-roadmap/measure/1.1"
    turtle = client.get(path, headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200 and turtle.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=turtle.text, format="turtle")
    assert (M11, PKG.number, Literal("1.1")) in graph
    assert (URIRef(BASE + "org/kz-mtszn-drpsu"), PKG.responsibleFor, M11) in graph  # incoming, inferred
    nt = client.get(path, params={"format": "nt"})
    assert nt.headers["content-type"] == "application/n-triples"
    assert isomorphic(Graph().parse(data=nt.text, format="nt"), graph)
    jsonld = client.get(path, headers={"Accept": "application/ld+json"})
    assert isomorphic(Graph().parse(data=jsonld.text, format="json-ld"), graph)
    by_query = client.get("/resource", params={"iri": str(M11)}, headers={"Accept": "text/turtle"})
    assert isomorphic(Graph().parse(data=by_query.text, format="turtle"), graph)


def test_resource_page_for_people(client):
    page = client.get("/plan/kz-mtszn-2020-roadmap/measure/1.1", headers={"Accept": "text/html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in page.headers["content-security-policy"]
    text = page.text
    assert '<h1 id="title">1.1 Подготовка технической спецификации' in text
    assert 'href="/plan/kz-mtszn-2020-roadmap/task/1"' in text  # link out
    assert 'href="/org/kz-mtszn-drpsu"' in text  # link in (and out)
    assert 'href="/document/000_d466afb8a09bde20"' in text and "source lines" in text and ">17<" in text
    assert 'class="inferred"' in text


def test_unknown_resources_are_404(client):
    assert client.get("/plan/no-such-plan", headers={"Accept": "text/html"}).status_code == 404
    assert client.get("/plan/no-such-plan", headers={"Accept": "text/turtle"}).status_code == 404
    assert client.get("/resource", params={"iri": "http://example.org/nothing"}).status_code == 404


def test_hash_iris_are_served_by_their_document(client):
    page = client.get("/ontology", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert 'id="Measure"' in page.text and 'id="responsibleFor"' in page.text
    graph = Graph().parse(data=client.get("/ontology", headers={"Accept": "text/turtle"}).text, format="turtle")
    assert (PKG.SubMeasure, RDFS.subClassOf, PKG.Measure) in graph


def test_external_iris_have_resource_pages(client):
    page = client.get("/resource", params={"iri": "http://www.wikidata.org/entity/Q232"},
                      headers={"Accept": "text/html"})
    assert page.status_code == 200 and 'href="/place/KZ"' in page.text


def test_hostile_text_is_escaped(client):
    page = client.get("/plan/zz-hostile", headers={"Accept": "text/html"}).text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#x27;label&#x27;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page \
        or "&lt;script&gt;alert('label')&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page
    assert 'href="javascript:' not in page


def test_query_page_is_self_contained(client):
    page = client.get("/")
    assert page.status_code == 200
    assert "default-src 'none'" in page.headers["content-security-policy"]
    import re
    for url in re.findall(r'(?:src|href)="([^"]+)"', page.text):
        assert url.startswith("/") or url == "data:,", url  # nothing from another host
    config = json.loads(re.search(r'<script type="application/json" id="config">(.*?)</script>', page.text, re.S).group(1))
    assert config["base"] == BASE and "PREFIX pkg:" in config["defaultQuery"]
    script = client.get("/static/query.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert "innerHTML" not in script.text.replace("never innerHTML", "")
    assert client.get("/static/style.css").status_code == 200


# ---------------------------------------------------------------- a real server and a third-party client

@pytest.fixture(scope="module")
def endpoint():
    with live_server(SAMPLE, timeout=1.0, max_results=1000) as origin:
        yield origin + "/sparql"


def _wrapper(endpoint, query, fmt, method="GET"):
    from SPARQLWrapper import GET, POST, POSTDIRECTLY, URLENCODED, SPARQLWrapper
    client = SPARQLWrapper(endpoint, returnFormat=fmt)
    client.setQuery(query)
    client.setMethod(POST if method.startswith("POST") else GET)
    if method == "POST-direct":
        client.setRequestMethod(POSTDIRECTLY)
    elif method == "POST":
        client.setRequestMethod(URLENCODED)
    return client


@pytest.mark.parametrize("method", ["GET", "POST", "POST-direct"])
@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_sparqlwrapper_select(endpoint, fmt, method):
    response = _wrapper(endpoint, MEASURES, fmt, method).query()
    converted = response.convert()
    if fmt == "json":
        assert [b["m"]["value"] for b in converted["results"]["bindings"]][0] == str(M11)
    elif fmt == "xml":
        uris = [node.firstChild.data for node in converted.getElementsByTagName("uri")]
        assert uris[0] == str(M11)
    elif fmt == "csv":
        assert converted.decode().splitlines()[:2] == ["m", str(M11)]
    else:
        assert converted.decode().splitlines()[:2] == ["?m", f"<{M11}>"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_sparqlwrapper_ask(endpoint, fmt):
    converted = _wrapper(endpoint, f"ASK {{ <{M11}> ?p ?o }}", fmt).query().convert()
    if fmt == "json":
        assert converted["boolean"] is True
    else:
        assert converted.getElementsByTagName("boolean")[0].firstChild.data == "true"


@pytest.mark.parametrize("fmt", ["turtle", "n3", "json-ld", "rdf+xml", "xml"])
def test_sparqlwrapper_construct(endpoint, fmt):
    query = f"CONSTRUCT {{ <{M11}> ?p ?o }} WHERE {{ <{M11}> ?p ?o }}"
    converted = _wrapper(endpoint, query, fmt).query().convert()
    graph = converted if isinstance(converted, Graph) else Graph().parse(
        data=converted, format={"turtle": "turtle", "n3": "turtle", "json-ld": "json-ld"}[fmt])
    assert (M11, PKG.number, Literal("1.1")) in graph


def test_sparqlwrapper_update_is_refused(endpoint):
    from SPARQLWrapper import POST, SPARQLWrapper
    count = lambda: int(_wrapper(endpoint, COUNT, "json").query().convert()["results"]["bindings"][0]["n"]["value"])  # noqa: E731
    before = count()
    client = SPARQLWrapper(endpoint, updateEndpoint=endpoint)
    client.setMethod(POST)
    client.setQuery("PREFIX ex: <http://example.org/> INSERT DATA { ex:a ex:b ex:c }")
    with pytest.raises(urllib.error.HTTPError) as caught:
        client.query()
    assert caught.value.code == 403
    assert count() == before


def test_sparqlwrapper_service_is_refused(endpoint):
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed
    port = free_port()
    with pytest.raises(QueryBadFormed, match="SERVICE is not allowed"):
        _wrapper(endpoint, f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}", "json").query()


def test_sparqlwrapper_time_limit(endpoint):
    started = time.monotonic()
    with pytest.raises(urllib.error.HTTPError) as caught:
        _wrapper(endpoint, SLOW, "json").query()
    assert caught.value.code == 503
    assert "query exceeded the 1 s limit" in caught.value.read().decode()
    assert time.monotonic() - started < 5
    converted = _wrapper(endpoint, MEASURES, "json").query().convert()  # the server keeps working
    assert len(converted["results"]["bindings"]) == 2


def test_xml_results_are_well_formed_for_other_parsers(endpoint):
    converted = _wrapper(endpoint, "SELECT * WHERE { ?s ?p ?o } LIMIT 20", "xml").query().response.read()
    root = ET.fromstring(converted)
    assert root.tag.endswith("sparql")


def test_downloads_are_served_from_the_build(client):
    response = client.get("/download/dataset.trig")
    assert response.status_code == 200 and response.headers["content-type"] == "application/trig"
    assert "attachment" in response.headers["content-disposition"]
    assert client.get("/download/..%2Frdf%2Fdataset.trig").status_code == 404
    assert client.get("/download/nothing.nq").status_code == 404
