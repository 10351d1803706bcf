"""What a build writes: durations as printed in every RDF file, findings linked from quality.md."""
from __future__ import annotations

import re

import pytest
from rdflib import Dataset, Graph, Literal, URIRef

from graph.namespaces import PKG
from graph.pipeline import build

ITEM = "https://w3id.org/policykg/plan/grantplan-kg-2022-grant-plan/item/1.1"


@pytest.fixture(scope="module")
def built(fact_documents, tmp_path_factory):
    out = tmp_path_factory.mktemp("built") / "build"
    grant_plan = [p for p in fact_documents["paths"] if p.name.startswith("grantplan")]
    build(grant_plan, out, curation_dir=None, docs=False)
    return out


def test_duration_is_p12m_in_the_written_files(built):
    nt = (built / "rdf" / "all.nt").read_text(encoding="utf-8")
    assert f'<{ITEM}> <{PKG.duration}> "P12M" .' in nt
    assert f"<{PKG.duration}> \"P1Y" not in nt
    for name, fmt in [("all.ttl", "turtle"), ("all.jsonld", "json-ld"), ("all.rdf", "xml")]:
        graph = Graph().parse(built / "rdf" / name, format=fmt)
        assert list(graph.objects(URIRef(ITEM), PKG.duration)) == [Literal("P12M")], name
    trig = Dataset(default_union=True).parse(built / "rdf" / "dataset.trig", format="trig")
    assert list(trig.objects(URIRef(ITEM), PKG.duration)) == [Literal("P12M")]


def test_quality_md_links_every_finding_to_its_resource(built):
    text = (built / "quality.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\((https://w3id\.org/policykg/document/grantplan_kg_2022/finding/(\d+))\)", text)
    assert sorted(int(n) for _, n in links) == [1, 2, 3, 4, 5]
    nt = (built / "rdf" / "all.nt").read_text(encoding="utf-8")
    for iri, _ in links:
        assert f"<{iri}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{PKG.QualityFinding}> ." in nt
    assert "[item 1.1: regional amounts add up to 850.0, the total says 900.0 (difference -50.0)](" in text
