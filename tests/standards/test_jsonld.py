"""Every JSON-LD export stands alone: pyld and Oxigraph, given the file and nothing else, read the same
triples as the N-Triples export of the same graph."""
from __future__ import annotations

import json

import pyoxigraph
import pytest
import rdflib
from rdflib.compare import isomorphic

pyld = pytest.importorskip("pyld")
from pyld import jsonld  # noqa: E402

NAMES = ("asserted", "inferred", "all")


def _ntriples(path) -> rdflib.Graph:
    saved, rdflib.NORMALIZE_LITERALS = rdflib.NORMALIZE_LITERALS, False  # compare lexical forms as written
    try:
        return rdflib.Graph().parse(path, format="nt")
    finally:
        rdflib.NORMALIZE_LITERALS = saved


def _from_ntriples_text(text: str) -> rdflib.Graph:
    saved, rdflib.NORMALIZE_LITERALS = rdflib.NORMALIZE_LITERALS, False
    try:
        return rdflib.Graph().parse(data=text, format="nt")
    finally:
        rdflib.NORMALIZE_LITERALS = saved


@pytest.mark.parametrize("name", NAMES)
def test_pyld_reads_the_file_alone(standards_build, name):
    path = standards_build / "rdf" / f"{name}.jsonld"
    document = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(document["@context"], dict)  # nothing to fetch
    quads = jsonld.to_rdf(document, {"format": "application/n-quads"})  # no base, no document loader used
    expected = _ntriples(standards_build / "rdf" / f"{name}.nt")
    got = _from_ntriples_text(quads)
    assert len(got) == len(expected) > 0
    assert isomorphic(got, expected)


@pytest.mark.parametrize("name", NAMES)
def test_oxigraph_reads_the_file_alone(standards_build, name):
    path = standards_build / "rdf" / f"{name}.jsonld"
    triples = list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.JSON_LD))
    got = _from_ntriples_text("".join(f"{t} .\n" for t in triples))
    expected = _ntriples(standards_build / "rdf" / f"{name}.nt")
    assert len(got) == len(expected) > 0
    assert isomorphic(got, expected)
