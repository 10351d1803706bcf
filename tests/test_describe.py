"""graph.describe: the DCAT + VoID description; its figures match counts computed independently (pyoxigraph)."""
from __future__ import annotations

import hashlib
from datetime import date

import pyoxigraph
import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, RDFS, SKOS, VOID

from graph.describe import SPDX, dataset_description, write_description
from graph.exports import write_exports
from graph.namespaces import PKG, Iris

BASE = "https://example.org/kg/"
IRIS = Iris(BASE)
EX = Namespace(BASE)
WD = Namespace("http://www.wikidata.org/entity/")
ISSUED = date(2026, 11, 23)
DOCUMENTS = [
    {"id": "doc-1", "file_name": "doc-1.txt", "sha256": "ab" * 32, "title": "A roadmap"},
    {"id": "doc-2", "file_name": "doc-2.txt", "sha256": "cd" * 32},
]


def build() -> tuple[Dataset, Graph]:
    dataset = Dataset()
    doc = dataset.graph(IRIS.graph("document", "doc-1"))
    plan = EX["plan/p"]
    doc.add((plan, RDF.type, PKG.Roadmap))
    doc.add((plan, RDF.type, PKG.Plan))
    for n in ("2", "1"):
        measure = EX[f"plan/p/measure/{n}"]
        doc.add((measure, RDF.type, PKG.Measure))
        doc.add((measure, PKG.directPartOf, plan))
        doc.add((measure, RDFS.label, Literal(f"{n} мероприятие", lang="ru")))
        doc.add((measure, PROV.wasDerivedFrom, IRIS.document("doc-1")))
        doc.add((measure, PKG.concerns, EX["place/KG-C"]))
    grant = dataset.graph(IRIS.graph("document", "doc-2"))
    item, allocation = EX["plan/q/item/1.1"], EX["plan/q/item/1.1/allocation/1"]
    grant.add((item, RDF.type, PKG.GrantItem))
    grant.add((allocation, RDF.type, PKG.GrantAllocation))
    grant.add((allocation, PKG.allocationOf, item))
    grant.add((allocation, PKG.territory, EX["place/KG-C"]))
    reference = dataset.graph(IRIS.graph("reference"))
    for place, q in (("KG-C", "Q2"), ("KG", "Q813")):
        reference.add((EX[f"place/{place}"], SKOS.exactMatch, WD[q]))
        reference.add((EX[f"place/{place}"], RDF.type, PKG.Region))
    reference.add((EX["place/KG-C"], SKOS.exactMatch, URIRef("https://www.geonames.org/1")))  # not Wikidata
    grant.add((EX["place/KG-C"], RDF.type, PKG.Region))  # the same triple in two graphs counts once
    ontology = dataset.graph(IRIS.graph("ontology"))
    ontology.add((PKG.Measure, RDFS.subClassOf, PKG.PlanComponent))
    inferred = Graph()
    inferred.add((EX["plan/p/measure/1"], RDF.type, PKG.PlanComponent))
    inferred.add((plan, PKG.hasPart, EX["plan/p/measure/1"]))
    inferred.add((EX["place/KG-C"], RDF.type, PKG.Region))  # also asserted: counts once
    return dataset, inferred


@pytest.fixture(scope="module")
def described(tmp_path_factory):
    folder = tmp_path_factory.mktemp("describe")
    dataset, inferred = build()
    files = write_exports(dataset, inferred, folder, base=BASE)
    description = dataset_description(dataset, inferred, base=BASE, documents=DOCUMENTS, files=files,
                                      issued=ISSUED)
    store = pyoxigraph.Store()
    store.load(path=str(folder / "dataset.nq"), format=pyoxigraph.RdfFormat.N_QUADS)
    return description, files, store, folder


def value(description: Graph, subject, predicate):
    values = list(description.objects(subject, predicate))
    assert len(values) == 1, (subject, predicate, values)
    return values[0].toPython() if isinstance(values[0], Literal) else values[0]


def count(store: pyoxigraph.Store, where: str, select: str = "?s ?p ?o") -> int:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT {select} WHERE {{ GRAPH ?g {{ {where} }} }} }}"
    return int(next(iter(store.query(query)))["n"].value)


def test_counts_match_an_independent_count(described):
    description, _, store, _ = described
    me = IRIS.dataset()
    expected = {
        VOID.triples: count(store, "?s ?p ?o"),
        VOID.entities: count(store, "?s ?p ?o FILTER(isIRI(?s))", "?s"),
        VOID.distinctSubjects: count(store, "?s ?p ?o", "?s"),
        VOID.distinctObjects: count(store, "?s ?p ?o", "?o"),
        VOID.properties: count(store, "?s ?p ?o", "?p"),
        VOID.classes: count(store, "?s a ?o", "?o"),
    }
    assert {p: value(description, me, p) for p in expected} == expected
    assert expected[VOID.triples] == 24  # 26 statements, two of them repeated in another graph


def test_subsets_per_named_graph(described):
    description, _, store, _ = described
    me = IRIS.dataset()
    graphs = [r["g"].value for r in store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")]
    assert IRIS.graph("inferred") in {URIRef(g) for g in graphs}
    subsets = set(description.objects(me, VOID.subset))
    for g in graphs:
        assert URIRef(g) in subsets
        n = int(next(iter(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")))["n"].value)
        assert value(description, URIRef(g), VOID.triples) == n


def test_wikidata_linkset(described):
    description, _, store, _ = described
    linkset = IRIS.dataset() + "/linkset/wikidata"
    assert (linkset, RDF.type, VOID.Linkset) in description
    assert linkset in set(description.objects(IRIS.dataset(), VOID.subset))
    assert value(description, linkset, VOID.linkPredicate) == SKOS.exactMatch
    target = value(description, linkset, VOID.objectsTarget)
    assert (target, RDF.type, VOID.Dataset) in description
    links = count(store, f"?s <{SKOS.exactMatch}> ?o FILTER(STRSTARTS(STR(?o), \"{WD}\"))")
    assert value(description, linkset, VOID.triples) == links == 2


def test_distributions(described):
    description, files, _, _ = described
    me = IRIS.dataset()
    distributions = set(description.objects(me, DCAT.distribution))
    files = [p for p in files if p.name != "context.jsonld"]  # inline in every .jsonld: no distribution
    assert len(distributions) == len(files)
    by_name = {str(value(description, d, DCTERMS.title)): d for d in distributions}
    for path in files:
        d = by_name[path.name]
        assert value(description, d, DCAT.downloadURL) == URIRef(f"{BASE}download/{path.name}")
        assert value(description, d, DCAT.byteSize) == path.stat().st_size
    assert value(description, by_name["all.nt"], DCTERMS.format) == URIRef(
        "http://publications.europa.eu/resource/authority/file-type/RDF_N_TRIPLES")
    checksum = value(description, by_name["all.nt"], SPDX.checksum)
    assert value(description, checksum, SPDX.checksumValue) == bytes.fromhex(
        hashlib.sha256((files[0].parent / "all.nt").read_bytes()).hexdigest())
    assert value(description, by_name["dataset.trig"], DCAT.mediaType) == URIRef(
        "https://www.iana.org/assignments/media-types/application/trig")
    assert set(description.objects(me, VOID.dataDump)) == {
        URIRef(f"{BASE}download/{n}") for n in ("all.nt", "dataset.trig", "dataset.nq")}


def test_dataset_metadata(described):
    description, *_ = described
    me = IRIS.dataset()
    assert {DCAT.Dataset, VOID.Dataset} <= set(description.objects(me, RDF.type))
    assert value(description, me, DCTERMS.title).endswith("knowledge graph")
    assert value(description, me, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert value(description, me, DCTERMS.issued) == ISSUED == value(description, me, DCTERMS.modified)
    assert value(description, me, VOID.sparqlEndpoint) == URIRef(BASE + "sparql")
    assert value(description, me, VOID.uriSpace) == BASE
    assert set(description.objects(me, DCTERMS.source)) == set()  # DCAT-AP: dct:source names datasets
    assert set(description.objects(me, PROV.wasDerivedFrom)) == {IRIS.document("doc-1"), IRIS.document("doc-2")}
    assert value(description, IRIS.document("doc-2"), PKG.sha256) == "cd" * 32
    assert set(description.objects(me, VOID.exampleResource)) == {
        EX["plan/p/measure/1"], EX["plan/q/item/1.1"], EX["plan/q/item/1.1/allocation/1"]}
    assert set(description.objects(me, VOID.rootResource)) == {EX["plan/p"]}
    publisher = value(description, me, DCTERMS.publisher)
    assert (publisher, RDF.type, URIRef("http://xmlns.com/foaf/0.1/Organization")) in description


def test_vocabularies(described):
    description, *_ = described
    assert set(description.objects(IRIS.dataset(), VOID.vocabulary)) == {
        URIRef(str(PKG._NS)), URIRef(str(RDF)), URIRef(str(RDFS)), URIRef(str(PROV)), URIRef(str(SKOS))}


def test_deterministic_and_written(described, tmp_path):
    description, files, _, folder = described
    dataset, inferred = build()
    again = dataset_description(dataset, inferred, base=BASE, documents=DOCUMENTS, files=files, issued=ISSUED)
    assert isomorphic(again, description)
    path = write_description(description, tmp_path)
    assert path.name == "dataset.ttl"
    assert isomorphic(Graph().parse(str(path)), description)


def test_real_description(seeds, tmp_path):
    mapping = pytest.importorskip("graph.mapping", reason="graph/mapping.py (records → Dataset) is not there yet")
    from graph.reasoning import infer
    ontology = mapping.load_ontology()
    if ontology is None:
        pytest.skip("ontology/policykg.ttl is not there yet")
    documents = [seeds["roadmap"], seeds["grant_plan"]]
    dataset = mapping.build_dataset(documents)
    inferred = infer(dataset, ontology).inferred
    files = write_exports(dataset, inferred, tmp_path, base=Iris().base)
    infos = [{"id": d.document.id, "file_name": d.document.file_name, "sha256": d.document.sha256}
             for d in documents]
    description = dataset_description(dataset, inferred, base=Iris().base, documents=infos, files=files,
                                      issued=ISSUED)
    store = pyoxigraph.Store()
    store.load(path=str(tmp_path / "dataset.nq"), format=pyoxigraph.RdfFormat.N_QUADS)
    me = Iris().dataset()
    assert value(description, me, VOID.triples) == count(store, "?s ?p ?o")
    assert value(description, me, VOID.entities) == count(store, "?s ?p ?o FILTER(isIRI(?s))", "?s")
    assert len(set(description.objects(me, VOID.exampleResource))) == 3
    linkset = next(s for s in description.subjects(RDF.type, VOID.Linkset))
    assert value(description, linkset, VOID.triples) > 0


def test_a_linkset_per_external_target(described):
    description, _, store, _ = described
    geonames = IRIS.dataset() + "/linkset/geonames"
    assert value(description, geonames, VOID.objectsTarget) == URIRef("https://www.geonames.org/")
    assert value(description, geonames, VOID.triples) == count(
        store, f"?s <{SKOS.exactMatch}> ?o FILTER(STRSTARTS(STR(?o), \"https://www.geonames.org/\"))") == 1


def test_dates_hold_while_nothing_changes(described, tmp_path):
    description, files, _, folder = described
    dataset, inferred = build()
    later = date(2026, 12, 24)
    again = dataset_description(dataset, inferred, base=BASE, documents=DOCUMENTS, files=files, issued=later,
                                previous=description)
    me = IRIS.dataset()
    assert value(again, me, DCTERMS.issued) == ISSUED == value(again, me, DCTERMS.modified)
    # one file changes: its distribution and the dataset are modified at the new date, issued stays
    changed = folder / "all.nt"
    saved = changed.read_bytes()
    try:
        changed.write_bytes(saved + b"# changed\n")
        third = dataset_description(dataset, inferred, base=BASE, documents=DOCUMENTS, files=files, issued=later,
                                    previous=description)
    finally:
        changed.write_bytes(saved)
    distribution = URIRef(f"{me}/distribution/all.nt")
    assert value(third, distribution, DCTERMS.modified) == later
    assert value(third, distribution, DCTERMS.issued) == ISSUED
    assert value(third, URIRef(f"{me}/distribution/all.ttl"), DCTERMS.modified) == ISSUED
    assert value(third, me, DCTERMS.modified) == later and value(third, me, DCTERMS.issued) == ISSUED


def test_described_from_the_store_as_from_an_rdflib_copy(seeds, tmp_path):
    """build() describes the Oxigraph store through its union view (counts by SPARQL, no copy into
    rdflib); the description is the one an rdflib copy of the same quads gives."""
    mapping = pytest.importorskip("graph.mapping")
    from graph.reasoning import infer
    from graph.store import as_dataset

    base = Iris().base
    documents = [seeds["roadmap"], seeds["grant_plan"]]
    dataset = mapping.build_dataset(documents)
    files = write_exports(dataset, infer(dataset, mapping.load_ontology()).inferred, tmp_path, base=base)
    infos = [{"id": d.document.id, "file_name": d.document.file_name, "sha256": d.document.sha256}
             for d in documents]
    store = pyoxigraph.Store()
    store.load(path=str(tmp_path / "dataset.nq"), format=pyoxigraph.RdfFormat.N_QUADS)
    view = as_dataset(store, base)
    copy = Dataset()
    copy.parse(tmp_path / "dataset.nq", format="nquads")

    def describe(d):
        return dataset_description(d, d.graph(Iris().graph("inferred")), base=base, documents=infos, files=files,
                                   issued=ISSUED)

    from_store, from_copy = describe(view), describe(copy)
    assert isomorphic(from_store, from_copy)
    me = Iris().dataset()
    assert value(from_store, me, VOID.triples) == count(store, "?s ?p ?o") > 10_000
    assert value(from_store, me, VOID.classes) == count(store, "?s a ?o", "?o")
