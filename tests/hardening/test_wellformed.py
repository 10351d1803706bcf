"""A document with characters XML 1.0 forbids gives well-formed files: every RDF file re-parsed by Oxigraph,
every XML file by libxml2 too (Oxigraph's RDF/XML parser drops a U+0001 without a word, so it cannot be the
only judge of well-formedness).

The hostile document is the bundled grant plan with C0 controls, DEL, form feed, U+FFFE and U+FFFF put
into two lines; the rule (graph/xmlchars.py) replaces the forbidden ones by U+FFFD and reports each line.
"""
from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from lxml import etree

from graph.paths import BUNDLED_SOURCES
from graph.pipeline import build

GRANT_PLAN = BUNDLED_SOURCES / "004_9c6dcb8432dd657d.txt"
FORMATS = {".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS, ".ttl": ox.RdfFormat.TURTLE,
           ".trig": ox.RdfFormat.TRIG, ".rdf": ox.RdfFormat.RDF_XML, ".jsonld": ox.RdfFormat.JSON_LD}
HOSTILE = "\x01\ufffe\uffff\x0b\x1f\x0c"  # each forbidden in XML 1.0; DEL (\x7f) is allowed and kept


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    lines = GRANT_PLAN.read_text(encoding="utf-8").splitlines()
    item = next(n for n, line in enumerate(lines) if line.startswith("1.2\t"))
    lines[item] = lines[item].replace("Охват", "Ох" + HOSTILE + "ват\x7f", 1)
    lines[0] += "\x02"
    path = folder / "hostile-grant-plan.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = build([path], folder / "out", curation_dir=None, docs=False, jobs=1, cache_folder=False)
    return result, folder / "out", item + 1


def test_each_line_with_a_forbidden_character_is_a_finding(hostile_build):
    result, _, item_line = hostile_build
    found = [(f.lines, f.data["code_points"]) for f in result.findings if f.kind == "xml-forbidden-character"]
    assert found == [([1], ["U+0002"]),
                     ([item_line], ["U+0001", "U+FFFE", "U+FFFF", "U+000B", "U+001F", "U+000C"])]


def test_every_rdf_file_is_reparsed_by_oxigraph(hostile_build):
    _, out, _ = hostile_build
    files = sorted(p for p in (out / "rdf").iterdir() if p.suffix in FORMATS and p.name != "context.jsonld")
    assert {p.suffix for p in files} == set(FORMATS)
    for path in files:
        assert sum(1 for _ in ox.parse(path=path, format=FORMATS[path.suffix], base_iri="https://w3id.org/policykg/")) > 0, path
    for path in out.rglob("*.rdf"):
        etree.parse(str(path))  # raises XMLSyntaxError on a character XML 1.0 forbids
    for path in out.rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))


def test_the_text_keeps_a_replacement_character_where_each_forbidden_one_was(hostile_build):
    _, out, _ = hostile_build
    goals = [t.object.value for t in ox.parse(path=out / "rdf" / "asserted.nt", format=ox.RdfFormat.N_TRIPLES)
             if isinstance(t.object, ox.Literal) and t.object.value.startswith("Ох")]
    assert goals and all(g.startswith("Ох" + "\ufffd" * len(HOSTILE) + "ват\x7f") for g in goals), goals[:3]


def test_without_the_rule_oxigraph_writes_rdf_xml_that_is_not_well_formed():
    """Why the rule exists: the serialiser alone does not protect RDF/XML."""
    triple = ox.Triple(ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p"), ox.Literal("a\x01b"))
    data = ox.serialize([triple], format=ox.RdfFormat.RDF_XML)
    with pytest.raises(etree.XMLSyntaxError, match="invalid Char value 1"):
        etree.fromstring(data)
