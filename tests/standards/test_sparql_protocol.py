"""The W3C SPARQL 1.1 Protocol tests (tests/standards/sparql-protocol/, see its README) that apply to a
read-only endpoint, run from the manifest on the endpoint with the manifest's graphs added."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF
from starlette.testclient import TestClient

from graph.server import ServerConfig, create_app

HERE = Path(__file__).resolve().parent / "sparql-protocol"
from liveserver import copy_build  # tests/liveserver.py, as tests/test_server.py imports it

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
KASEI = "http://kasei.us/2009/09/sparql/data/"
DATA0 = "http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata0.rdf"
REFERENCE = "https%3A%2F%2Fw3id.org%2Fpolicykg%2Fgraph%2Freference"  # the dataset's graph put in data0's place
MANIFEST = Graph().parse(HERE / "manifest.ttl", format="turtle", publicID="http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#")


def _entries() -> list[URIRef]:
    manifest = next(MANIFEST.subjects(RDF.type, MF.Manifest))
    return list(Collection(MANIFEST, MANIFEST.value(manifest, MF.entries)))


def _applies(test: URIRef) -> bool:
    """Query tests, and update tests that expect the update to be refused (a read-only endpoint)."""
    name = str(test).rsplit("#", 1)[-1]
    return not name.startswith("update_")


TESTS = [t for t in _entries() if _applies(t)]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    trig = "\n".join(f"<{KASEI}data{n}.rdf> {{\n{(HERE / f'data{n}.nt').read_text(encoding='utf-8')}}}"
                     for n in (1, 2, 3))
    build = copy_build(tmp_path_factory.mktemp("protocol") / "build", trig)
    with TestClient(create_app(ServerConfig(build_dir=build, timeout=10, workers=1))) as test_client:
        yield test_client


def _requests(test: URIRef):
    action = MANIFEST.value(test, MF.action)
    for request in Collection(MANIFEST, MANIFEST.value(action, HT.requests)):
        headers = {}
        listed = MANIFEST.value(request, HT.headers)
        for header in (Collection(MANIFEST, listed) if listed is not None else []):
            headers[str(MANIFEST.value(header, HT.fieldName))] = str(MANIFEST.value(header, HT.fieldValue))
        body = MANIFEST.value(request, HT.body)
        chars = MANIFEST.value(body, CNT.chars) if body is not None else None
        encoding = str(MANIFEST.value(body, CNT.characterEncoding) or "UTF-8") if body is not None else "UTF-8"
        response = MANIFEST.value(request, HT.resp)
        yield {
            "method": str(MANIFEST.value(request, HT.methodName)),
            "path": str(MANIFEST.value(request, HT.absolutePath)).replace("/sparql/", "/sparql", 1).replace(DATA0, REFERENCE),
            "headers": headers,
            "body": None if chars is None else str(chars).encode(encoding),
            "statuses": {str(s).rsplit("#StatusCode", 1)[-1] for s in MANIFEST.objects(response, MF.expectedStatus)},
            "format": MANIFEST.value(response, MF.expectedFormat),
            "boolean": MANIFEST.value(response, MF.expectedBoolean),
        }


def _boolean(response) -> bool:
    kind = response.headers["content-type"].split(";")[0]
    if "json" in kind:
        return json.loads(response.text)["boolean"]
    element = ET.fromstring(response.content).find("{http://www.w3.org/2005/sparql-results#}boolean")
    return element.text.strip() == "true"


def test_the_manifest_has_the_applicable_tests():
    names = {str(t).rsplit("#", 1)[-1] for t in TESTS}
    assert len(TESTS) == 27 and "query_post_form" in names and "bad_update_get" in names
    assert not any(n.startswith("update_") for n in names)


@pytest.mark.parametrize("test", TESTS, ids=lambda t: str(t).rsplit("#", 1)[-1])
def test_protocol(client, test):
    for request in _requests(test):
        response = client.request(request["method"], request["path"], headers=request["headers"],
                                  content=request["body"])
        status = f"{response.status_code // 100}xx"
        assert status in request["statuses"], (request["path"], response.status_code, response.text[:300])
        kind = response.headers.get("content-type", "").split(";")[0]
        if request["format"] is not None and str(request["format"]) == "boolean":
            assert kind in ("application/sparql-results+xml", "application/sparql-results+json"), kind
            if request["boolean"] is not None:
                assert _boolean(response) is bool(request["boolean"].toPython()), response.text
        elif request["format"] is not None and str(request["format"]) == "tabular":
            assert kind in ("application/sparql-results+xml", "application/sparql-results+json", "text/csv",
                            "text/tab-separated-values"), kind
        elif request["format"] is not None and str(request["format"]) == "RDF":
            assert kind in ("application/rdf+xml", "text/turtle", "application/n-triples"), kind
            Graph().parse(data=response.content, format={"application/rdf+xml": "xml", "text/turtle": "turtle",
                                                         "application/n-triples": "nt"}[kind])
