"""Resource pages stay bounded for a resource that thousands of statements name (a ministry in 1,000 plans,
a class of the ontology): an organisation's summary lists its first 300 measures and points to the query for
the rest, a property shows 100 values and says how many more, the incoming statements are counted in full
and shown up to 300, and the RDF description keeps 300 incoming statements per graph — on rdflib and on
Oxigraph alike."""
from __future__ import annotations

import re

import pytest
import pyoxigraph as ox
from rdflib import Dataset, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, PROV, RDF

from graph import linkeddata, pages, store
from graph.linkeddata import LinkedData
from graph.namespaces import PKG

BASE = "https://w3id.org/policykg/"
ID = Namespace(BASE)
ORG = ID["org/ministry"]
PLAN = ID["plan/p"]
MEASURES = 350
VALUES = 150
KEYWORD = URIRef("http://www.w3.org/ns/dcat#keyword")


def _dataset() -> Dataset:
    dataset = Dataset(default_union=True)
    graph = dataset.graph(URIRef(BASE + "graph/document/d"))
    graph.add((PLAN, RDF.type, PKG.Plan))
    for n in range(1, MEASURES + 1):
        measure, responsibility = ID[f"plan/p/measure/{n}"], ID[f"plan/p/measure/{n}/responsibility/1"]
        graph.add((measure, RDF.type, PKG.Measure))
        graph.add((measure, PKG.number, Literal(str(n))))
        graph.add((measure, PKG.partOf, PLAN))
        graph.add((measure, PROV.qualifiedAttribution, responsibility))
        graph.add((responsibility, PROV.agent, ORG))
        graph.add((responsibility, DCAT.hadRole, PKG.Lead))
    for n in range(VALUES):
        graph.add((PLAN, KEYWORD, Literal(f"keyword {n:03}")))
    return dataset


@pytest.fixture(params=["rdflib", "oxigraph"])
def linked(request) -> LinkedData:
    dataset = _dataset()
    if request.param == "oxigraph":  # the same quads in an Oxigraph store, as a build's are
        held = store.new_store()
        held.load(dataset.serialize(format="nquads").encode(), format=ox.RdfFormat.N_QUADS)
        dataset = store.as_dataset(held)
        assert store.native(dataset) is not None
    return LinkedData(dataset, BASE)


def test_an_organisation_in_hundreds_of_measures(linked):
    page = linked.html_page(ORG, lambda name: f"?format={name}")
    summary = page.split('data-kind="organisation">', 1)[1].split("</section>", 1)[0]
    assert f"Named in {MEASURES} measures of 1 plans." in summary
    assert summary.count("<tr><td>") == pages.MAX_SUMMARY_ROWS == 300
    assert "id:plan/p/measure/300<" in summary and "id:plan/p/measure/301<" not in summary  # in outline order
    assert f"… and {MEASURES - 300} more measures" in summary
    # the incoming prov:agent statements: all counted, the first 300 shown
    assert f"Referenced by {MEASURES} statements" in page
    incoming = page.split('<section class="incoming">', 1)[1]
    assert incoming.count("<tr><td>") == linkeddata.MAX_INCOMING
    assert f"… and {MEASURES - linkeddata.MAX_INCOMING} more; query them" in incoming
    described = linked.describe(ORG)
    assert len(set(described.triples((None, PROV.agent, ORG)))) == linkeddata.MAX_INCOMING


def test_a_property_with_many_values(linked):
    page = linked.html_page(PLAN, lambda name: f"?format={name}")
    row = re.search(r"<tr><th>[^\n]*keyword[^\n]*</td></tr>", page).group(0)
    assert row.count("keyword 0") == linkeddata.MAX_VALUES  # keyword 000 … keyword 099, in order
    assert "keyword 099" in row and "keyword 100" not in row
    assert f"… and {VALUES - linkeddata.MAX_VALUES} more" in row
    assert len(set(linked.describe(PLAN).triples((PLAN, KEYWORD, None)))) == VALUES  # RDF: all of them


def test_the_summary_points_to_the_query_past_its_limit():
    dataset = _dataset()
    graph = dataset.graph(URIRef(BASE + "graph/document/e"))
    for n in range(1, 4):  # a second plan, after the first's 300 rows shown: not listed, counted
        other, measure = ID["plan/q"], ID[f"plan/q/measure/{n}"]
        graph.add((other, RDF.type, PKG.Plan))
        graph.add((measure, PKG.partOf, other))
        graph.add((measure, PROV.qualifiedAttribution, ID[f"plan/q/measure/{n}/r"]))
        graph.add((ID[f"plan/q/measure/{n}/r"], PROV.agent, ORG))
    page = LinkedData(dataset, BASE).html_page(ORG, lambda name: f"?format={name}")
    assert f"Named in {MEASURES + 3} measures of 2 plans." in page
    assert f"… and {MEASURES + 3 - 300} more measures; the query measures-of-organisation lists them all." in page
    assert "id:plan/q" not in page.split('data-kind="organisation">', 1)[1].split("</section>", 1)[0]
    assert "/queries/measures-of-organisation?organisation=https%3A%2F%2Fw3id.org%2Fpolicykg%2Forg%2Fministry" in page
