"""Clear errors (issue 13, item 7): what was wrong with a file or a request, and what to do about it."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from graph.errors import SourceError
from graph.paths import BUNDLED_SOURCES
from graph.server import ServerConfig, create_app
from graph.sources import read_source
from graph.tables import load

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from liveserver import SAMPLE  # noqa: E402

ROADMAP = BUNDLED_SOURCES / "000_d466afb8a09bde20.txt"
TEXT = ROADMAP.read_text(encoding="utf-8")


def _error(tmp_path, data: bytes, reader=read_source) -> SourceError:
    path = tmp_path / "document.txt"
    path.write_bytes(data)
    with pytest.raises(SourceError) as caught:
        reader(path)
    return caught.value


def test_a_damaged_byte_in_utf8_is_not_called_windows_1251(tmp_path):
    data = TEXT.encode("utf-8")
    line = 30
    at = sum(len(x.encode("utf-8")) + 1 for x in TEXT.split("\n")[: line - 1])  # the start of line 30
    error = _error(tmp_path, data[:at] + b"\xff" + data[at:])
    assert error.line == line
    assert "the rest of the file is UTF-8, so this byte is damaged" in str(error)
    assert "1251" not in str(error)


def test_koi8r_is_read_and_says_so(tmp_path):
    path = tmp_path / "koi8.txt"
    path.write_bytes(TEXT.encode("koi8-r", errors="replace"))
    source = read_source(path)
    assert source.encoding == "koi8_r" and source.encoding_note.startswith("not UTF-8: read as koi8_r")
    assert "Министр труда и социальной защиты" in source.text


def test_spaces_instead_of_tabs_are_named(tmp_path):
    error = _error(tmp_path, TEXT.replace("\t", "    ").encode("utf-8"), reader=load)
    header = TEXT.split("\n").index(next(x for x in TEXT.split("\n") if x.startswith("№\t"))) + 1
    assert "the table has no tab-separated columns" in str(error) and error.line == header


@pytest.fixture(scope="module")
def client():
    app = create_app(ServerConfig(build_dir=SAMPLE, timeout=3.0, public_url="https://example.org/kg/sparql"))
    with TestClient(app) as test_client:
        yield test_client


def test_describe_star_is_answered_not_a_nonetype_error(client):
    response = client.get("/sparql", params={"query": "DESCRIBE * WHERE { ?s ?p ?o } LIMIT 1"},
                          headers={"Accept": "application/n-triples"})
    assert response.status_code == 200 and "NoneType" not in response.text  # main describes every variable


def test_an_unknown_format_is_a_406(client):
    response = client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1", "format": "bogus"})
    assert response.status_code == 406


def test_a_bad_regex_is_no_server_error(client):
    response = client.get("/sparql", params={"query": 'SELECT ?s WHERE { ?s ?p ?o FILTER REGEX(STR(?o), "(") } LIMIT 1'},
                          headers={"Accept": "application/sparql-results+json"})
    assert response.status_code < 500  # an error inside FILTER makes it false (SPARQL 1.1 §17.2)


def test_sd_endpoint_is_the_configured_url_not_the_host_header(client):
    response = client.get("/sparql", headers={"Host": "evil.example", "Accept": "application/n-triples"})
    assert response.status_code == 200
    assert "<https://example.org/kg/sparql>" in response.text and "evil.example" not in response.text
