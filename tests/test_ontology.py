"""The ontology (ontology/policykg.ttl) against the term list (graph/namespaces.py, PKG) and the design.

- every PKG term is defined, with the declaration its kind needs, and the ontology defines nothing else;
- every term has rdfs:label @en and @ru, a skos:definition @en and rdfs:isDefinedBy the ontology;
- the reuse axioms of the design are there, and an OWL RL reasoner draws the expected conclusions;
- the reused terms are declared minimally (type, label, vocabulary), none imported;
- the file is in canonical layout (graph/docs.py, format_turtle), and pyLODE documents it.
"""
from __future__ import annotations

import logging
import re
from pathlib import Path

import owlrl
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, VANN
from rdflib.plugins.sparql import prepareQuery

from graph.docs import format_turtle, write_ontology_docs
from graph.namespaces import ONTOLOGY_IRI, ORG, PKG

# Plain namespaces: rdflib's closed XSD and SDO namespaces warn when pytest inspects the module.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SCHEMA = Namespace("https://schema.org/")

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_PATH = ROOT / "ontology" / "policykg.ttl"
SHAPES_PATH = ROOT / "ontology" / "shapes.ttl"
ONTOLOGY = URIRef(ONTOLOGY_IRI)
NS = ONTOLOGY_IRI + "#"

TERMS = list(PKG.__annotations__)

# What each kind of PKG term is; classes are the capitalised names that are no concept or scheme,
# datatype properties the lower-case names that are no object property.
SCHEMES = {"Roles": {"Lead", "CoExecutor", "ByAgreement", "ConsolidationAndControl"},
           "DeadlineKinds": {"DeadlineBy", "DeadlineOn", "DeadlineFrom", "DeadlinePeriod", "DeadlineRecurring",
                             "DeadlineUnspecified",
                             "DeadlineContinuous", "DeadlineRelative", "DeadlineAsNeeded"}}  # facts as printed
CONCEPT_CLASS = {"Roles": "Role", "DeadlineKinds": "DeadlineKind"}
CONCEPTS = set().union(*SCHEMES.values())
OBJECT_PROPERTIES = {
    "partOf", "directPartOf", "hasPart", "legalAct", "deadlineKind", "responsibleFor", "executiveOf",
    "mentionsProgramme", "serves", "executorCategory", "concerns", "placeMatch", "matchedPlace", "allocationOf",
    "hasAllocation", "territory", "maximumGrant", "totalMaximumGrant", "subtotalOf", "hasTarget",
    "hasReportingDuty", "reportTo", "correctedBy", "dependsOn",
    "cost", "fundingSource", "printedCell", "hasAmendment",  # action plans
    "executorGroup", "inGroup", "severity", "findingAbout",  # facts as printed
}
CLASSES = {t for t in TERMS if t[0].isupper()} - CONCEPTS - set(SCHEMES)
DATATYPE_PROPERTIES = {t for t in TERMS if t[0].islower()} - OBJECT_PROPERTIES

# The design's reuse axioms (/tmp/pkg-design.md, "Classes and how records map").
DCT = DCTERMS
AXIOMS = [
    (PKG.Plan, RDFS.subClassOf, PROV.Plan),
    (PKG.Roadmap, RDFS.subClassOf, PKG.Plan),
    (PKG.GrantPlan, RDFS.subClassOf, PKG.Plan),
    (PKG.PlanComponent, RDFS.subClassOf, PROV.Entity),
    (PKG.Task, RDFS.subClassOf, PKG.PlanComponent),
    (PKG.Measure, RDFS.subClassOf, PKG.PlanComponent),
    (PKG.SubMeasure, RDFS.subClassOf, PKG.Measure),
    (PKG.Section, RDFS.subClassOf, PKG.PlanComponent),
    (PKG.GrantItem, RDFS.subClassOf, PKG.PlanComponent),
    (PKG.directPartOf, RDFS.subPropertyOf, PKG.partOf),
    (PKG.partOf, RDF.type, OWL.TransitiveProperty),
    (PKG.partOf, RDFS.subPropertyOf, DCT.isPartOf),
    (PKG.hasPart, OWL.inverseOf, PKG.partOf),
    (PKG.number, RDFS.subPropertyOf, DCT.identifier),
    (PKG.DeadlineKind, RDFS.subClassOf, SKOS.Concept),
    (PKG.Responsibility, RDFS.subClassOf, PROV.Attribution),
    (PKG.Role, RDFS.subClassOf, SKOS.Concept),
    (PKG.responsibleFor, OWL.inverseOf, PROV.wasAttributedTo),
    (PKG.Ministry, RDFS.subClassOf, ORG.FormalOrganization),
    (PKG.Ministry, RDFS.subClassOf, SCHEMA.GovernmentOrganization),
    (PKG.Department, RDFS.subClassOf, ORG.OrganizationalUnit),
    (PKG.Committee, RDFS.subClassOf, ORG.OrganizationalUnit),
    (PKG.Akimat, RDFS.subClassOf, PKG.LocalExecutiveBody),
    (PKG.LocalExecutiveBody, RDFS.subClassOf, ORG.FormalOrganization),
    (PKG.mentionsProgramme, RDFS.subPropertyOf, DCT.references),
    (PKG.serves, RDFS.subPropertyOf, DCT.audience),
    (PKG.Country, RDFS.subClassOf, SCHEMA.AdministrativeArea),
    (PKG.Region, RDFS.subClassOf, SCHEMA.AdministrativeArea),
    (PKG.District, RDFS.subClassOf, SCHEMA.AdministrativeArea),
    (PKG.Town, RDFS.subClassOf, SCHEMA.AdministrativeArea),
    (PKG.iso3166_2, RDFS.subPropertyOf, DCT.identifier),
    (PKG.GrantAllocation, RDFS.subClassOf, SCHEMA.MonetaryGrant),
    (PKG.hasAllocation, OWL.inverseOf, PKG.allocationOf),
    (PKG.territory, RDFS.subPropertyOf, DCT.spatial),
    (PKG.QuantitativeTarget, RDFS.subClassOf, SCHEMA.QuantitativeValue),
    (PKG.SourceDocument, RDFS.subClassOf, PROV.Entity),
]

# Where each reused vocabulary's terms say they are defined.
VOCABULARIES = {
    str(PROV): URIRef("http://www.w3.org/ns/prov-o#"),
    str(ORG): URIRef("http://www.w3.org/ns/org"),
    str(SCHEMA): URIRef("https://schema.org/"),
    str(SKOS): URIRef("http://www.w3.org/2004/02/skos/core"),
    str(DCTERMS): URIRef("http://purl.org/dc/terms/"),
}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_PATH, format="turtle")


def _languages(graph: Graph, subject, predicate) -> list[str | None]:
    return sorted((o.language or "") for o in graph.objects(subject, predicate) if isinstance(o, Literal))


# --------------------------------------------------------------------------- header


def test_header(ontology):
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY, OWL.versionIRI) == URIRef(ONTOLOGY_IRI + "/0.1.0")
    assert str(ontology.value(ONTOLOGY, OWL.versionInfo)) == "0.1.0"
    assert "en" in _languages(ontology, ONTOLOGY, DCTERMS.title)
    assert "en" in _languages(ontology, ONTOLOGY, DCTERMS.description)
    assert ontology.value(ONTOLOGY, DCTERMS.creator) == Literal("policykg maintainers")
    for field in (DCTERMS.created, DCTERMS.modified):
        assert ontology.value(ONTOLOGY, field) == Literal("2026-11-23", datatype=XSD.date)
    assert ontology.value(ONTOLOGY, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert ontology.value(ONTOLOGY, VANN.preferredNamespacePrefix) == Literal("pkg")
    assert str(ontology.value(ONTOLOGY, VANN.preferredNamespaceUri)) == NS
    assert (None, OWL.imports, None) not in ontology, "reused vocabularies are declared, not imported"


# --------------------------------------------------------------------------- PKG and the ontology agree


def test_term_kinds_partition_pkg():
    kinds = [CLASSES, OBJECT_PROPERTIES, DATATYPE_PROPERTIES, CONCEPTS, set(SCHEMES)]
    assert sum(len(k) for k in kinds) == len(TERMS) == len(set(TERMS))
    assert set().union(*kinds) == set(TERMS)


def test_every_pkg_term_in_the_ontology_is_in_PKG(ontology):
    used = {t for triple in ontology for t in triple if isinstance(t, URIRef) and str(t).startswith(NS)}
    defined = {s for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(NS)}
    assert sorted(str(t)[len(NS):] for t in used - {PKG[t] for t in TERMS}) == []
    assert used == defined, "every pkg: term the ontology mentions is also defined there"


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_class_declared(ontology, name):
    assert (PKG[name], RDF.type, OWL.Class) in ontology


@pytest.mark.parametrize("name", sorted(OBJECT_PROPERTIES))
def test_object_property_declared(ontology, name):
    assert (PKG[name], RDF.type, OWL.ObjectProperty) in ontology
    assert (PKG[name], RDF.type, OWL.DatatypeProperty) not in ontology


@pytest.mark.parametrize("name", sorted(DATATYPE_PROPERTIES))
def test_datatype_property_declared(ontology, name):
    assert (PKG[name], RDF.type, OWL.DatatypeProperty) in ontology
    assert (PKG[name], RDF.type, OWL.ObjectProperty) not in ontology


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_concept_scheme(ontology, scheme):
    iri = PKG[scheme]
    assert {(iri, RDF.type, OWL.NamedIndividual), (iri, RDF.type, SKOS.ConceptScheme)} <= set(ontology)
    assert _languages(ontology, iri, SKOS.prefLabel) == ["en", "ru"]
    members = {str(m)[len(NS):] for m in ontology.subjects(SKOS.inScheme, iri)}
    assert members == SCHEMES[scheme]
    for name in members:
        concept = PKG[name]
        for kind in (OWL.NamedIndividual, SKOS.Concept, PKG[CONCEPT_CLASS[scheme]]):
            assert (concept, RDF.type, kind) in ontology, (name, kind)
        assert (concept, SKOS.topConceptOf, iri) in ontology
        assert _languages(ontology, concept, SKOS.prefLabel) == ["en", "ru"], name
        assert ontology.value(concept, SKOS.notation) is not None, name


@pytest.mark.parametrize("name", sorted(TERMS))
def test_term_is_documented(ontology, name):
    """rdfs:label once in English and once in Russian, a definition in English, defined by the ontology."""
    term = PKG[name]
    assert _languages(ontology, term, RDFS.label) == ["en", "ru"]
    assert "en" in _languages(ontology, term, SKOS.definition)
    assert ontology.value(term, RDFS.isDefinedBy) == ONTOLOGY


@pytest.mark.parametrize("axiom", AXIOMS, ids=lambda t: " ".join(str(x).rsplit("#", 1)[-1].rsplit("/", 1)[-1] for x in t))
def test_design_axiom(ontology, axiom):
    assert axiom in ontology


# --------------------------------------------------------------------------- reused terms


def test_reused_terms_declared_minimally(ontology):
    """Every reused term an axiom or a type points to is declared (type, label, vocabulary), and no other is."""
    pointed = {o for s, p, o in ontology
               if p in (RDF.type, RDFS.subClassOf, RDFS.subPropertyOf, OWL.inverseOf, RDFS.domain, RDFS.range)
               and isinstance(o, URIRef) and not str(o).startswith((NS, str(XSD), str(RDF), str(RDFS), str(OWL)))}
    declared = {s for s in ontology.subjects() if isinstance(s, URIRef) and s != ONTOLOGY
                and not str(s).startswith(NS)}
    assert declared == pointed
    for term in declared:
        types = set(ontology.objects(term, RDF.type))
        assert types & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}, term
        assert "en" in _languages(ontology, term, RDFS.label), term
        vocabulary = next(v for ns, v in VOCABULARIES.items() if str(term).startswith(ns))
        assert ontology.value(term, RDFS.isDefinedBy) == vocabulary, term


def test_owl_rl_conclusions(ontology):
    """The axioms let an OWL RL reasoner conclude what the design promises."""
    ex = Namespace("https://example.org/")
    graph = Graph()
    for triple in ontology:
        graph.add(triple)
    graph.add((ex.plan, RDF.type, PKG.Roadmap))
    graph.add((ex.task, PKG.directPartOf, ex.plan))
    graph.add((ex.measure, PKG.directPartOf, ex.task))
    graph.add((ex.sub, RDF.type, PKG.SubMeasure))
    graph.add((ex.sub, PKG.directPartOf, ex.measure))
    graph.add((ex.sub, PROV.wasAttributedTo, ex.ministry))
    graph.add((ex.ministry, RDF.type, PKG.Ministry))
    graph.add((ex.akimat, RDF.type, PKG.Akimat))
    graph.add((ex.item, PKG.hasAllocation, ex.allocation))
    graph.add((ex.allocation, PKG.territory, ex.region))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    for triple in [
        (ex.plan, RDF.type, PROV.Plan),
        (ex.sub, RDF.type, PKG.Measure),
        (ex.sub, RDF.type, PKG.PlanComponent),
        (ex.sub, RDF.type, PROV.Entity),
        (ex.sub, PKG.partOf, ex.plan),
        (ex.sub, DCTERMS.isPartOf, ex.plan),
        (ex.plan, PKG.hasPart, ex.sub),
        (ex.ministry, PKG.responsibleFor, ex.sub),
        (ex.ministry, RDF.type, ORG.Organization),
        (ex.akimat, RDF.type, ORG.FormalOrganization),
        (ex.allocation, PKG.allocationOf, ex.item),
        (ex.allocation, DCTERMS.spatial, ex.region),
        (ex.region, RDF.type, SCHEMA.AdministrativeArea),
    ]:
        assert triple in graph, triple


# --------------------------------------------------------------------------- layout and documentation


@pytest.mark.parametrize("path", [ONTOLOGY_PATH, SHAPES_PATH], ids=lambda p: p.name)
def test_canonical_layout(path):
    """The file is as graph/docs.py writes it: `python -m graph.docs format <file>` changes nothing."""
    text = path.read_text(encoding="utf-8")
    assert format_turtle(text) == text
    assert "\t" not in text


def test_format_turtle_keeps_banners_and_statements():
    text = (
        "# top\n\n@prefix ex: <https://example.org/> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\n"
        "# --- B\nex:b rdfs:label \"b\" .\n\n# --- A\nex:z rdfs:label \"z\" . ex:a rdfs:label \"a\" ; rdfs:comment [ rdfs:label \"x\" ] .\n"
    )
    out = format_turtle(text)
    assert out.startswith("# top\n\nPREFIX ex: <https://example.org/>\n")
    assert out.index("# --- B") < out.index("ex:b") < out.index("# --- A") < out.index("ex:a") < out.index("ex:z")
    assert format_turtle(out) == out
    from rdflib.compare import isomorphic
    assert isomorphic(Graph().parse(data=text, format="turtle"), Graph().parse(data=out, format="turtle"))


def test_ontology_docs(tmp_path):
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    out = write_ontology_docs(ONTOLOGY_PATH, tmp_path / "docs" / "ontology.html")
    assert (root.handlers, root.level) == (handlers, level), "pyLODE's logging set-up is undone"
    html = out.read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html>")
    for text in ["policykg ontology", "Measure · Мероприятие", "Grant allocation · Распределение гранта по территории",
                 'id="GrantItem"', 'id="directPartOf"', "lead executor", "DeadlineUnspecified"]:
        assert text in html, text
    assert 'id="Organization"' not in html, "reused terms are linked, not documented again"


# --------------------------------------------------------------------------- the analysts' README


def _readme_queries() -> list[str]:
    text = (ROOT / "ontology" / "README.md").read_text(encoding="utf-8")
    return [q for q in re.findall(r"```sparql\n(.*?)```", text, flags=re.S) if "SELECT" in q]


def test_readme_queries_parse_and_use_known_terms():
    queries = _readme_queries()
    assert len(queries) >= 3
    for query in queries:
        prepareQuery(query)  # declares its own PREFIXes: parses without any bound by a graph
        unknown = set(re.findall(r"\bpkg:(\w+)", query)) - set(TERMS)
        assert unknown == set(), unknown


def test_readme_queries_answer_on_the_examples():
    """Over the shapes' valid examples (plus a lead's name), the first three queries give the rows expected."""
    data = Graph()
    for path in sorted((ROOT / "tests" / "shapes" / "valid").glob("*.ttl")):
        data.parse(path, format="turtle")
    data.add((URIRef("https://w3id.org/policykg/org/kz-mtszn"), SKOS.prefLabel, Literal("МТСЗН РК", lang="ru")))
    leads, regions, provenance = (list(data.query(q)) for q in _readme_queries()[:3])
    assert ("1", "до 28 января 2020 г.", "2020-01-28") in {(str(r[0]), str(r[3]), str(r[4])) for r in leads}
    assert {str(r[0]): r[1].toPython() for r in regions}["Чуйская область"] == 1054900
    assert provenance == []  # the examples hold no allocation 1.3/2 with provenance; the query still runs
