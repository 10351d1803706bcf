"""The RDF mapping, checked by SPARQL over the dataset built from the two bundled documents.

`build_dataset` returns an rdflib `Dataset(default_union=True)`: a query without
GRAPH sees the union of the named graphs (documents, reference data, ontology);
`GRAPH <…> { … }` asks one of them. Expected figures come from the printed
documents (data/sources/*.txt), not from the mapping.
"""
from __future__ import annotations

import copy
from decimal import Decimal as D

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from graph.mapping import ONTOLOGY_PATH, build_dataset, document_graph
from graph.namespaces import DEFAULT_BASE, ONTOLOGY_IRI, PKG, PREFIXES, Iris
from graph.normalize.places import Gazetteer, PlaceMatchDetail
from graph.pipeline import read_documents
from graph.paths import BUNDLED_SOURCES
from graph.rdfterms import decimal_lexical

ROADMAP_ID = "000_d466afb8a09bde20"
GRANT_ID = "004_9c6dcb8432dd657d"
IRIS = Iris()
ROADMAP_PLAN = IRIS.plan("kz-mtszn-2020-roadmap")
GRANT_PLAN = IRIS.plan("kg-mtsom-2022-grant-plan")
PKG_NS = ONTOLOGY_IRI + "#"

# rdflib's own Dataset code calls its deprecated default_context on every quad.
pytestmark = pytest.mark.filterwarnings("ignore:Dataset.*deprecated:DeprecationWarning")


@pytest.fixture(scope="module")
def dataset(roadmap, grant_plan):
    return build_dataset([roadmap, grant_plan])


def rows(dataset, query: str, **bindings):
    return [tuple(row) for row in dataset.query(query, initNs=PREFIXES, initBindings=bindings)]


def values(dataset, query: str, **bindings) -> set:
    return {row[0] for row in rows(dataset, query, **bindings)}


def count(dataset, cls: URIRef) -> int:
    (row,) = rows(dataset, "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?cls }", cls=cls)
    return int(row[0])


def data_graphs(dataset):
    """The named graphs the mapping writes (everything but the ontology)."""
    return [g for g in dataset.graphs() if str(g.identifier).startswith(DEFAULT_BASE + "graph/")
            and not str(g.identifier).endswith("/ontology")]


def nquads(dataset) -> list[str]:
    return sorted(line for line in dataset.serialize(format="nquads").splitlines() if line.strip())


# --------------------------------------------------------------------------- graphs and counts


def test_named_graphs(dataset):
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    expected = {f"{DEFAULT_BASE}graph/document/{ROADMAP_ID}", f"{DEFAULT_BASE}graph/document/{GRANT_ID}",
                f"{DEFAULT_BASE}graph/reference"}
    if ONTOLOGY_PATH.exists():
        expected.add(f"{DEFAULT_BASE}graph/ontology")
    assert names == expected


def test_class_counts(dataset, roadmap, grant_plan):
    assert count(dataset, PKG.Plan) == 2
    assert count(dataset, PKG.Roadmap) == count(dataset, PKG.GrantPlan) == 1
    assert count(dataset, PKG.Task) == 4
    assert count(dataset, PKG.Measure) == 69
    assert count(dataset, PKG.SubMeasure) == 43
    assert count(dataset, PKG.Section) == 5
    assert count(dataset, PKG.GrantItem) == 14
    allocations = sum(len(item.allocations) for item in grant_plan.items)
    assert allocations == 46
    assert count(dataset, PKG.GrantAllocation) == 46
    assert count(dataset, PKG.Subtotal) == 1
    assert count(dataset, PKG.Responsibility) == sum(len(m.responsibilities) for m in roadmap.measures)


def test_each_document_in_its_own_graph(dataset):
    query = "SELECT ?g WHERE { GRAPH ?g { ?m a pkg:Measure } }"
    assert values(dataset, query) == {IRIS.graph("document", ROADMAP_ID)}
    query = "SELECT ?g WHERE { GRAPH ?g { ?a a pkg:GrantAllocation } }"
    assert values(dataset, query) == {IRIS.graph("document", GRANT_ID)}
    query = "SELECT ?g WHERE { GRAPH ?g { ?p a pkg:Region } }"
    assert values(dataset, query) == {IRIS.graph("reference")}


# --------------------------------------------------------------------------- money


# The regional amounts printed in data/sources/004_9c6dcb8432dd657d.txt (thousand som), per first-level
# unit: an allocation counts for every region its territory names or lies in (item 1.4's «г. Бишкек,
# Чуйская область» and item 5.2's «Ошская область и г. Ош» count for both); item 5.1 prints no amounts.
PRINTED_BY_REGION = {
    "KG-B": ["1054,9", "1582,2", "508,9"],  # lines 18, 23, 72
    "KG-J": ["1153,8", "576,9", "366,6", "483,6", "558,9", "372,6"],  # lines 19, 27, 43, 60, 69, 75
    "KG-O": ["357,9", "536,9", "358,0", "406,2", "348,6"],  # lines 20, 28, 42, 64, 70
    "KG-T": ["682,1", "341,1", "322,7"],  # lines 21, 44, 77
    "KG-N": ["541,4", "361,0", "341,4"],  # lines 29, 46, 83
    "KG-Y": ["510,0", "1700,0", "340,0", "642,1", "325,2", "325,2"],  # lines 30, 33, 45, 60, 78, 82
    "KG-C": ["1751,1", "1076,6", "370,2", "395,4", "663,2", "663,2", "663,2"],  # lines 34, 35, 41, 66, 71, 76, 81
    "KG-GB": ["2205,4", "1076,6", "367,6", "459,5", "525,1", "700,1", "350,1"],  # lines 32, 35, 39, 64, 68, 74, 80
    "KG-GO": ["370,0", "406,2"],  # lines 40, 64
}


def test_sum_of_allocations_per_region(dataset):
    query = """
        SELECT ?region (SUM(?value) AS ?total) WHERE {
          { SELECT DISTINCT ?allocation ?region ?value WHERE {
              ?allocation a pkg:GrantAllocation ;
                  pkg:allocationOf/pkg:directPartOf/pkg:directPartOf ?plan ;
                  pkg:territory ?place ;
                  pkg:maximumGrant/schema:maxValue ?value .
              ?place schema:containedInPlace* ?region .
              ?region a pkg:Region .
          } }
        } GROUP BY ?region"""
    totals = {region: total.toPython() for region, total in rows(dataset, query, plan=GRANT_PLAN)}
    expected = {IRIS.place(region): sum(D(p.replace(",", ".")) for p in printed) * 1000
                for region, printed in PRINTED_BY_REGION.items()}
    assert totals == expected
    assert totals[IRIS.place("KG-C")] == D("5582900")


def test_item_total_is_exact(dataset):
    query = """SELECT ?value ?currency ?printed WHERE {
        ?item pkg:totalMaximumGrant ?total .
        ?total a schema:MonetaryAmount ; schema:maxValue ?value ; schema:currency ?currency ; pkg:printedAmount ?printed }"""
    ((value, currency, printed),) = rows(dataset, query, item=IRIS.part("kg-mtsom-2022-grant-plan", "item", "1.5"))
    assert (value, currency, printed) == (Literal("3226100", datatype=XSD.decimal), Literal("KGS"), Literal("3 226,1"))
    assert str(value) == "3226100" and value.toPython() == D("3226100")


def test_every_amount_is_a_clean_exact_decimal(dataset, grant_plan):
    amounts = values(dataset, "SELECT ?v WHERE { ?a a schema:MonetaryAmount ; schema:maxValue ?v }")
    assert amounts and all(v.datatype == XSD.decimal for v in amounts)
    assert all("E" not in str(v) and not str(v).endswith(".0") for v in amounts)
    printed = {a.amount.amount for i in grant_plan.items for a in i.allocations if a.amount}
    printed |= {i.total.amount for i in grant_plan.items if i.total} | {s.amount.amount for s in grant_plan.subtotals}
    assert {v.toPython() for v in amounts} == printed


def test_subtotal(dataset):
    query = """SELECT ?item ?value WHERE { ?s a pkg:Subtotal ; pkg:subtotalOf ?item ;
                 pkg:maximumGrant/schema:maxValue ?value ; pkg:directPartOf ?section }"""
    section = IRIS.part("kg-mtsom-2022-grant-plan", "section", 2)
    found = rows(dataset, query, section=section)
    assert {item for item, _ in found} == {IRIS.part("kg-mtsom-2022-grant-plan", "item", n) for n in ("2.1", "2.2")}
    assert {value.toPython() for _, value in found} == {D("6315900")}


def test_fuzzy_place_match_is_recorded(dataset):
    query = """SELECT ?name ?method ?score ?place WHERE {
        ?allocation pkg:placeMatch ?m . ?m a pkg:PlaceMatch ; pkg:printedName ?name ; pkg:matchMethod ?method ;
            pkg:matchScore ?score ; pkg:matchedPlace ?place }"""
    allocation = IRIS.part("kg-mtsom-2022-grant-plan", "item", "1.5", "allocation", 6)
    found = {(str(n), str(m), s.toPython(), p) for n, m, s, p in rows(dataset, query, allocation=allocation)}
    assert ("Татаская область", "fuzzy", D("88.3"), IRIS.place("KG-T")) in found
    assert len(found) == 3  # Татаская область, г. Татас, Татаский р-н: all fuzzy; exact matches get none


# --------------------------------------------------------------------------- roadmap facts


def test_measure_1_1_deadline_and_responsibilities(dataset):
    measure = IRIS.part("kz-mtszn-2020-roadmap", "measure", "1.1")
    query = """SELECT ?due ?kind ?end WHERE { ?m pkg:dueDate ?due ; pkg:deadlineKind ?kind ;
                 time:hasTime/time:hasEnd/time:inXSDDate ?end }"""
    assert rows(dataset, query, m=measure) == [(Literal("2020-01-28", datatype=XSD.date), PKG.DeadlineBy,
                                                Literal("2020-01-28", datatype=XSD.date))]
    query = """SELECT ?org ?role WHERE { ?m prov:qualifiedAttribution ?r .
                 ?r a pkg:Responsibility ; prov:agent ?org ; dcat:hadRole ?role }"""
    assert set(rows(dataset, query, m=measure)) == {
        (IRIS.organisation("kz-mtszn-drpsu"), PKG.Lead), (IRIS.organisation("kz-mtszn-dzn"), PKG.CoExecutor)}
    assert values(dataset, "SELECT ?o WHERE { ?m prov:wasAttributedTo ?o }", m=measure) == {
        IRIS.organisation("kz-mtszn-drpsu"), IRIS.organisation("kz-mtszn-dzn")}
    query = "SELECT ?label WHERE { ?org a pkg:Department ; skos:prefLabel ?label ; org:unitOf ?parent }"
    assert values(dataset, query, org=IRIS.organisation("kz-mtszn-drpsu"), parent=IRIS.organisation("kz-mtszn")) == {
        Literal("Департамент развития политики социальных услуг МТСЗН", lang="ru")}


def test_measure_6_4_recurrence_target_and_reporting(dataset):
    measure = IRIS.part("kz-mtszn-2020-roadmap", "measure", "6.4")
    assert measure == URIRef("https://w3id.org/policykg/plan/kz-mtszn-2020-roadmap/measure/6.4")
    (recurrence,) = values(dataset, "SELECT ?r WHERE { ?m pkg:recurrence ?r }", m=measure)
    assert (str(recurrence), recurrence.datatype) == ("P1M", XSD.duration)
    assert values(dataset, "SELECT ?k WHERE { ?m pkg:deadlineKind ?k }", m=measure) == {PKG.DeadlineRecurring}
    query = """SELECT ?value ?comparison ?period ?perRegion WHERE { ?m pkg:hasTarget ?t .
        ?t a pkg:QuantitativeTarget ; schema:value ?value ; pkg:comparison ?comparison ;
           pkg:perPeriod ?period ; pkg:perRegion ?perRegion }"""
    ((value, comparison, period, per_region),) = rows(dataset, query, m=measure)
    assert (value.toPython(), str(comparison), str(period), per_region.toPython()) == (D(30), "at-least", "P1M", True)
    query = "SELECT ?to ?f WHERE { ?m pkg:hasReportingDuty ?d . ?d a pkg:ReportingDuty ; pkg:reportTo ?to ; pkg:frequency ?f }"
    assert [(to, str(f)) for to, f in rows(dataset, query, m=measure)] == [(IRIS.organisation("kz-mtszn"), "P1M")]
    assert values(dataset, "SELECT ?p WHERE { ?m pkg:mentionsProgramme ?p . ?p a pkg:Programme }", m=measure) == {
        IRIS.programme("enbek")}
    query = """SELECT ?org WHERE { ?m prov:qualifiedAttribution ?r . ?r prov:agent ?org ; dcat:hadRole pkg:Lead, pkg:ByAgreement .
                 ?org a pkg:Akimat ; pkg:executiveOf ?place . ?place a pkg:Region }"""
    assert len(values(dataset, query, m=measure)) == 17  # 14 oblasts and 3 cities in January 2020


def test_deadline_time_at_printed_precision(dataset):
    part = lambda n: IRIS.part("kz-mtszn-2020-roadmap", "measure", n)  # noqa: E731
    query = """SELECT ?b ?e WHERE { ?m time:hasTime ?t . ?t a time:ProperInterval ;
                 time:hasBeginning/time:inXSDgYearMonth ?b ; time:hasEnd/time:inXSDgYearMonth ?e }"""
    ((begin, end),) = rows(dataset, query, m=part("1.3"))
    assert (str(begin), str(end), begin.datatype) == ("2020-04", "2020-07", XSD.gYearMonth)
    query = "SELECT ?s ?d WHERE { ?m pkg:startDate ?s ; pkg:dueDate ?d }"
    assert rows(dataset, query, m=part("1.3")) == [(Literal("2020-04-01", datatype=XSD.date),
                                                    Literal("2020-07-31", datatype=XSD.date))]
    query = "SELECT ?d WHERE { ?m time:hasTime ?t . ?t a time:Instant ; time:inXSDDate ?d }"
    assert values(dataset, query, m=part("6.3")) == {Literal("2020-02-18", datatype=XSD.date)}
    query = "SELECT ?y WHERE { ?m time:hasTime/time:hasBeginning/time:inXSDgYear ?y }"
    assert {str(y) for y in values(dataset, query, m=part("7"))} == {"2020"}
    assert not values(dataset, "SELECT ?t WHERE { ?m time:hasTime ?t }", m=part("6"))  # unspecified


def test_structure(dataset):
    part = lambda *a: IRIS.part("kz-mtszn-2020-roadmap", *a)  # noqa: E731
    query = "SELECT ?p WHERE { ?x pkg:directPartOf ?p }"
    assert values(dataset, query, x=part("measure", "6.4")) == {part("measure", "6")}
    assert values(dataset, query, x=part("measure", "6")) == {part("task", 1)}
    assert values(dataset, query, x=part("task", 1)) == {ROADMAP_PLAN}
    grant = lambda *a: IRIS.part("kg-mtsom-2022-grant-plan", *a)  # noqa: E731
    assert values(dataset, query, x=grant("item", "1.5")) == {grant("section", 1)}
    assert values(dataset, query, x=grant("section", 1)) == {GRANT_PLAN}
    assert values(dataset, "SELECT ?l WHERE { ?x rdfs:label ?l }", x=part("measure", "6")) == {
        Literal("6 Обучение инвалидов IT-навыкам", lang="ru")}


def test_unresolved_responsibility_keeps_its_label(dataset):
    query = """SELECT ?label WHERE { ?r a pkg:Responsibility ; rdfs:label ?label FILTER NOT EXISTS { ?r prov:agent ?a } }"""
    assert values(dataset, query) == {Literal("ДРПС", lang="ru")}


# --------------------------------------------------------------------------- the plans


def test_plans(dataset):
    query = """SELECT ?number ?date ?type WHERE { ?plan pkg:legalAct ?act .
                 ?act a pkg:LegalAct ; dct:identifier ?number ; dct:date ?date ; dct:type ?type }"""
    assert rows(dataset, query, plan=GRANT_PLAN) == [
        (Literal("29"), Literal("2022-07-04", datatype=XSD.date), Literal("распоряжение", lang="ru"))]
    query = "SELECT ?year ?issued ?publisher ?place WHERE { ?plan pkg:planYear ?year ; dct:issued ?issued ; dct:publisher ?publisher ; dct:spatial ?place }"
    assert rows(dataset, query, plan=ROADMAP_PLAN) == [(
        Literal("2020", datatype=XSD.gYear), Literal("2020-01", datatype=XSD.gYearMonth),
        IRIS.organisation("kz-mtszn"), IRIS.place("KZ"))]
    assert not rows(dataset, "SELECT ?a WHERE { ?plan pkg:legalAct ?a }", plan=ROADMAP_PLAN)
    query = "SELECT ?t WHERE { ?plan dct:title ?t }"
    assert all(t.language == "ru" for t in values(dataset, query, plan=GRANT_PLAN))


# --------------------------------------------------------------------------- provenance and curation


def test_provenance_of_measure_18_3(dataset, roadmap):
    measure = IRIS.part("kz-mtszn-2020-roadmap", "measure", "18.3")
    query = "SELECT ?doc ?line WHERE { ?m prov:wasDerivedFrom ?doc ; pkg:sourceLine ?line }"
    found = rows(dataset, query, m=measure)
    assert {doc for doc, _ in found} == {URIRef(f"{DEFAULT_BASE}document/{ROADMAP_ID}")}
    assert sorted(line.toPython() for _, line in found) == [83, 85]
    assert {line.datatype for _, line in found} == {XSD.positiveInteger}
    query = "SELECT ?sha ?title ?format WHERE { ?doc a pkg:SourceDocument, prov:Entity ; pkg:sha256 ?sha ; dct:title ?title ; dct:format ?format }"
    assert rows(dataset, query, doc=IRIS.document(ROADMAP_ID)) == [
        (Literal(roadmap.document.sha256), Literal(f"{ROADMAP_ID}.txt"), Literal("text/plain"))]


def test_every_derived_resource_has_its_lines(dataset):
    for graph in data_graphs(dataset):
        if "/document/" not in str(graph.identifier):
            assert not list(graph.subjects(PROV.wasDerivedFrom, None))  # reference data is not read from documents
            continue
        derived = set(graph.subjects(PROV.wasDerivedFrom, None))
        assert derived and all(any(True for _ in graph.objects(s, PKG.sourceLine)) for s in derived)
        curation = set(graph.subjects(RDF.type, PKG.CurationEntry)) | set(graph.subjects(RDF.type, PKG.SourceDocument))
        # every resource the document graph describes comes from the document, but its own description
        assert set(graph.subjects()) - curation == derived


def test_curation_on_item_1_3(dataset, grant_plan):
    entry = IRIS.curation(GRANT_ID, "kg2022-regions-of-1.3")
    query = """SELECT ?allocation WHERE { ?allocation pkg:allocationOf ?item ; pkg:correctedBy ?entry .
                 ?entry a pkg:CurationEntry ; pkg:reason ?reason }"""
    corrected = values(dataset, query, item=IRIS.part("kg-mtsom-2022-grant-plan", "item", "1.3"), entry=entry)
    assert corrected == {IRIS.part("kg-mtsom-2022-grant-plan", "item", "1.3", "allocation", k) for k in (1, 2, 3)}
    assert {n.id for n in grant_plan.document.curation} == {
        str(e).rsplit("/", 1)[1] for e in values(dataset, "SELECT ?e WHERE { ?e a pkg:CurationEntry }")}
    query = "SELECT ?x WHERE { ?x pkg:allocationOf ?item ; pkg:correctedBy ?e }"
    assert not values(dataset, query, item=IRIS.part("kg-mtsom-2022-grant-plan", "item", "1.5"))
    # every correctedBy names an entry the same graph describes
    query = "SELECT ?e WHERE { GRAPH ?g { ?x pkg:correctedBy ?e FILTER NOT EXISTS { ?e a pkg:CurationEntry } } }"
    assert not values(dataset, query)


def test_glossary_organisation_points_to_its_line(dataset, roadmap):
    (entry,) = [e for e in roadmap.glossary if e.abbreviation == "ДРПСУ"]
    query = "SELECT ?line WHERE { GRAPH ?g { ?org pkg:sourceLine ?line } }"
    lines = values(dataset, query, org=IRIS.organisation("kz-mtszn-drpsu"), g=IRIS.graph("document", ROADMAP_ID))
    assert sorted(line.toPython() for line in lines) == entry.prov.lines


# --------------------------------------------------------------------------- references


def test_references_resolve(dataset):
    """Every organisation, place, concept and programme the documents point to is described."""
    checks = [
        ("prov:agent|dct:publisher|pkg:reportTo|prov:wasAttributedTo|org:unitOf|org:subOrganizationOf", "org:Organization"),
        ("pkg:territory|pkg:concerns|schema:containedInPlace|pkg:matchedPlace|pkg:executiveOf|dct:spatial",
         "schema:AdministrativeArea"),
        ("pkg:serves|pkg:executorCategory|skos:broader|skos:closeMatch", "skos:Concept"),
        ("pkg:mentionsProgramme", "pkg:Programme"),
    ]
    for path, cls in checks:
        query = f"SELECT DISTINCT ?o WHERE {{ ?s {path} ?o FILTER NOT EXISTS {{ ?o a {cls} }} }}"
        assert not values(dataset, query), (path, values(dataset, query))


def test_reference_places(dataset):
    gazetteer = Gazetteer.load()
    assert count(dataset, URIRef("https://schema.org/AdministrativeArea")) == len(gazetteer.places) + 2
    query = "SELECT ?p ?q WHERE { ?p a schema:AdministrativeArea ; skos:exactMatch ?q }"
    matches = dict(rows(dataset, query))
    expected = {IRIS.place(p.id): URIRef(f"http://www.wikidata.org/entity/{p.wikidata}")
                for p in gazetteer.places if p.wikidata}
    expected |= {IRIS.place("KZ"): URIRef("http://www.wikidata.org/entity/Q232"),
                 IRIS.place("KG"): URIRef("http://www.wikidata.org/entity/Q813")}
    assert matches == expected
    query = "SELECT ?code ?parent WHERE { ?p a pkg:Region ; pkg:iso3166_2 ?code ; schema:containedInPlace ?parent }"
    assert rows(dataset, query, p=IRIS.place("KG-C")) == [(Literal("KG-C"), IRIS.place("KG"))]
    assert rows(dataset, "SELECT ?c WHERE { ?p a pkg:District ; schema:containedInPlace ?c }",
                p=IRIS.place("KG-C-sokuluk-district")) == [(IRIS.place("KG-C"),)]


def test_reference_schemes(dataset):
    query = "SELECT ?c WHERE { ?c skos:inScheme ?s }"
    kg = values(dataset, query, s=IRIS.scheme("beneficiaries-kg"))
    kz = values(dataset, query, s=IRIS.scheme("beneficiaries-kz"))
    assert IRIS.concept("beneficiary", "kg-older-persons") in kg and kg.isdisjoint(kz)
    query = "SELECT ?m WHERE { ?c skos:closeMatch ?m }"
    assert values(dataset, query, c=IRIS.concept("beneficiary", "kg-persons-with-disabilities")) == {
        IRIS.concept("beneficiary", "kz-persons-with-disabilities")}
    query = "SELECT ?b WHERE { ?c skos:broader ?b ; skos:inScheme ?s }"
    assert values(dataset, query, c=IRIS.concept("executor-category", "kg-crisis-centres-correctional"),
                  s=IRIS.scheme("executor-categories")) == {IRIS.concept("executor-category", "kg-crisis-centres")}
    item = IRIS.part("kg-mtsom-2022-grant-plan", "item", "2.2")
    assert values(dataset, "SELECT ?c WHERE { ?i pkg:executorCategory ?c }", i=item) == {
        IRIS.concept("executor-category", "kg-crisis-centres-correctional")}
    # SKOS: a concept's alternative labels never repeat its preferred label
    query = "SELECT ?x WHERE { ?x skos:prefLabel ?l ; skos:altLabel ?l }"
    assert not values(dataset, query)


def test_akimats_are_reference_data(dataset):
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?a a pkg:Akimat ; pkg:executiveOf ?p } }"
    assert values(dataset, query) == {IRIS.graph("reference")}
    query = "SELECT ?label WHERE { ?a skos:prefLabel ?label FILTER(lang(?label) = 'en') }"
    assert values(dataset, query, a=IRIS.organisation("akimat-kz-35")) == {Literal("Akimat of Karaganda Region", lang="en")}


# --------------------------------------------------------------------------- form of the graph


def test_no_blank_nodes(dataset):
    for graph in data_graphs(dataset):
        assert not any(isinstance(term, BNode) for triple in graph for term in triple), graph.identifier


def test_only_terms_the_ontology_defines(dataset):
    for graph in data_graphs(dataset):
        used = {term for triple in graph for term in triple if isinstance(term, URIRef) and str(term).startswith(PKG_NS)}
        assert used and all(term in PKG for term in used), sorted(t for t in used if t not in PKG)


def test_text_is_tagged(dataset):
    for prop in ("dct:title", "pkg:deadlineText", "pkg:printedTerritory", "pkg:indicator", "pkg:goal", "pkg:duty"):
        query = f"SELECT ?o WHERE {{ ?s prov:wasDerivedFrom ?doc ; {prop} ?o }}"  # what documents say
        languages = {o.language for o in values(dataset, query)}
        assert languages == {"ru"}, prop
    query = "SELECT ?o WHERE { ?s a skos:Concept ; skos:prefLabel ?o }"
    assert {o.language for o in values(dataset, query)} == {"ru", "en"}


def test_deterministic(roadmap, grant_plan):
    """Two builds, the second from documents read again, give the same quads."""
    first = build_dataset([roadmap, grant_plan], ontology=None)
    documents, _ = read_documents([BUNDLED_SOURCES / f"{ROADMAP_ID}.txt", BUNDLED_SOURCES / f"{GRANT_ID}.txt"])
    second = build_dataset(documents, ontology=None)
    assert nquads(first) == nquads(second)


def test_base_changes_every_iri(roadmap, grant_plan):
    base = "https://example.org/kg/"
    dataset = build_dataset([roadmap, grant_plan], base=base, ontology=None)
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert names == {f"{base}graph/document/{ROADMAP_ID}", f"{base}graph/document/{GRANT_ID}", f"{base}graph/reference"}
    ours = [str(t) for g in dataset.graphs() for triple in g for t in triple
            if isinstance(t, URIRef) and str(t).startswith(DEFAULT_BASE) and not str(t).startswith(PKG_NS)]
    assert ours == []
    measure = URIRef(f"{base}plan/kz-mtszn-2020-roadmap/measure/6.4")
    answer = dataset.query("ASK { ?m a pkg:Measure ; prov:wasDerivedFrom ?d }", initNs=PREFIXES,
                           initBindings={"m": measure, "d": URIRef(f"{base}document/{ROADMAP_ID}")})
    assert answer.askAnswer


# --------------------------------------------------------------------------- cases the seeds lack


def test_unlisted_place_is_kept_in_the_document_graph(grant_plan):
    records = copy.deepcopy(grant_plan)
    allocation = records.item("1.5").allocations[3]  # «Ошская область (Узгенский р-н или г. Узген)», line 42
    allocation.places.append(PlaceMatchDetail("Ноокатский р-н", None, "unlisted", parent="KG-O", level="district",
                                              proposed_id="KG-O-nookat-district"))
    graph = document_graph(records, IRIS)
    place = IRIS.place("KG-O-nookat-district")
    assert (place, PKG.unlisted, Literal(True)) in graph
    assert (place, RDF.type, PKG.District) in graph
    assert (place, URIRef("https://schema.org/containedInPlace"), IRIS.place("KG-O")) in graph
    assert sorted(line.toPython() for line in graph.objects(place, PKG.sourceLine)) == allocation.prov.lines
    node = IRIS.part("kg-mtsom-2022-grant-plan", "item", "1.5", "allocation", 4)
    assert (node, PKG.territory, place) in graph
    (match,) = [m for m in graph.objects(node, PKG.placeMatch) if (m, PKG.matchMethod, Literal("unlisted")) in graph]
    assert (match, PKG.matchedPlace, place) in graph


def test_printed_name_of_a_registered_body_is_an_alternative_label(roadmap):
    records = copy.deepcopy(roadmap)
    (org,) = [o for o in records.organisations if o.id == "kz-mtszn"]
    org.name = "Министерство труда и социальной защиты населения РК"
    graph = document_graph(records, IRIS)
    iri = IRIS.organisation("kz-mtszn")
    skos = PREFIXES["skos"]
    assert Literal(org.name, lang="ru") in set(graph.objects(iri, skos.altLabel))
    assert not [l for l in graph.objects(iri, skos.prefLabel) if l.language == "ru"]
    assert any(True for _ in graph.objects(iri, PKG.sourceLine))


@pytest.mark.parametrize("value, lexical", [
    (D("3226.1") * 1000, "3226100"), (D("1054.9") * 1000, "1054900"), (D("84.30"), "84.3"), (96.0, "96"),
    (84.3, "84.3"), (D("0.0"), "0"), (D("15000"), "15000"), (D("1E+3"), "1000"),
])
def test_decimal_lexical(value, lexical):
    assert decimal_lexical(value) == lexical
