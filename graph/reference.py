"""The reference data as RDF: places, organisations, programmes and the SKOS schemes.

Everything here comes from graph/data/*.tsv through the normalisers' loaders
(the gazetteer, the organisation registry, the vocabularies) plus
countries.tsv for the two countries; nothing comes from a document. The
organisations a document's own glossary defines are described in that
document's graph (mapping.py, with provenance), the akimats the documents name
here (they are generated from the gazetteer, not read).

`describe_organisation`, `place_class` and the concept IRI helpers are shared
with mapping.py so that a resource is described the same way in either graph.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from .namespaces import ORG, PKG, SCHEMA, SKOSXL, WD, Iris, bind_prefixes
from .normalize.akimats import akimat_name
from .normalize.organisations import load_registry
from .normalize.costs import funding_sources
from .normalize.places import CITY, DISTRICT, OBLAST, TOWN, Gazetteer, Place, dated_names
from .normalize.vocabularies import DATA_DIR, Concept, vocabulary
from .rdfterms import child, describe, each, en, iso_date, plain, ru
from .records import Organisation

COUNTRIES_TSV = DATA_DIR / "countries.tsv"

# Gazetteer levels → the class of the place (first-level units are regions).
PLACE_CLASSES = {OBLAST: PKG.Region, CITY: PKG.Region, DISTRICT: PKG.District, TOWN: PKG.Town}

# Organisation kinds (organisations.tsv, glossary inference, akimats) → the class beside org:Organization.
ORGANISATION_CLASSES = {
    "ministry": PKG.Ministry,
    "department": PKG.Department,
    "office": PKG.Department,
    "committee": PKG.Committee,
    "agency": PKG.Agency,
    "akimat": PKG.Akimat,
    "local-executive": PKG.Akimat,
    "state-company": PKG.StateCompany,
    "holding": PKG.StateCompany,
    "international": PKG.InternationalOrganisation,
}
# Kinds that are units of their parent (org:unitOf); any other parent is org:subOrganizationOf.
UNIT_KINDS = frozenset({"department", "office", "committee"})

# Concept schemes: (scheme IRI name, concept IRI segment).
BENEFICIARIES = "beneficiaries"
BENEFICIARY = "beneficiary"
EXECUTOR_CATEGORIES = "executor-categories"
EXECUTOR_CATEGORY = "executor-category"
FUNDING_SOURCES = "funding-sources"
FUNDING_SOURCE = "funding-source"


@dataclass(frozen=True)
class Country:
    """One row of countries.tsv."""

    id: str  # ISO 3166-1 alpha-2
    name_ru: str
    name_en: str
    alt_names: tuple[str, ...]
    wikidata: str | None


@lru_cache(maxsize=None)
def load_countries(path: Path = COUNTRIES_TSV) -> tuple[Country, ...]:
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return tuple(
        Country(row["id"], row["name_ru"], row["name_en"],
                tuple(n.strip() for n in row["alt_names"].split("|") if n.strip()), row["wikidata"] or None)
        for row in rows
    )


# --------------------------------------------------------------------------- the graph


def reference_graph(iris: Iris, *, used_organisations: Iterable[Organisation] = ()) -> Graph:
    """Places, registry organisations, the akimats (and other generated bodies) in
    `used_organisations`, programmes, and the beneficiary and executor-category schemes."""
    graph = bind_prefixes(Graph(), iris.base)
    for country in load_countries():
        _country(graph, iris, country)
    for place in Gazetteer.load().places:
        _place(graph, iris, place)
    registry = load_registry()
    registered = {entry.organisation.id for entry in registry}
    for entry in registry:
        describe_organisation(graph, iris, entry.organisation, aliases=entry.aliases)
    generated: dict[str, Organisation] = {}
    for org in used_organisations:
        if org.source != "glossary" and org.id not in registered:
            generated.setdefault(org.id, org)
    for org in generated.values():
        describe_organisation(graph, iris, org)
        if org.kind == "akimat" and org.place:
            _akimat_names(graph, iris, org)
    for concept in vocabulary("programs").concepts:
        _programme(graph, iris, concept)
    _scheme(graph, iris, vocabulary("beneficiaries").concepts, BENEFICIARIES, BENEFICIARY,
            "Beneficiary categories", per_country=True)
    _scheme(graph, iris, vocabulary("executor_categories").concepts, EXECUTOR_CATEGORIES, EXECUTOR_CATEGORY,
            "Executor categories", per_country=False)
    _scheme(graph, iris, _funding_concepts(), FUNDING_SOURCES, FUNDING_SOURCE, "Funding sources", per_country=False)
    return graph


def _funding_concepts() -> list[Concept]:
    """The funding-source vocabulary (graph/normalize/costs.py) as SKOS concepts."""
    return [Concept(id=f.id, country=None, label_ru=f.label_ru, label_en=f.label_en, labels=(), broader=f.broader,
                    close_match=(), row=(("note", f.note),)) for f in funding_sources()]


# --------------------------------------------------------------------------- places


def place_class(level: str | None) -> URIRef | None:
    return PLACE_CLASSES.get(level or "")


def _country(graph: Graph, iris: Iris, country: Country) -> None:
    describe(graph, iris.place(country.id), [
        (RDF.type, SCHEMA.AdministrativeArea),
        (RDF.type, PKG.Country),
        (DCTERMS.identifier, plain(country.id)),
        (SKOS.prefLabel, [ru(country.name_ru), en(country.name_en)]),
        (RDFS.label, [ru(country.name_ru), en(country.name_en)]),
        (SKOS.altLabel, each(ru, country.alt_names)),
        (SKOS.exactMatch, WD[country.wikidata] if country.wikidata else None),
    ])


def _place(graph: Graph, iris: Iris, place: Place) -> None:
    describe(graph, iris.place(place.id), [
        (RDF.type, SCHEMA.AdministrativeArea),
        (RDF.type, place_class(place.level)),
        (DCTERMS.identifier, plain(place.id)),
        (PKG.iso3166_2, plain(place.iso_3166_2)),
        (SKOS.prefLabel, [ru(place.name_ru), en(place.name_en)]),
        (RDFS.label, [ru(place.name_ru), en(place.name_en)]),
        (SKOS.altLabel, [ru(n) for n in place.alt_names if n != place.name_ru]),
        # Only the gazetteer's QIDs, which it keeps only where two sources agree.
        (SKOS.exactMatch, WD[place.wikidata] if place.wikidata else None),
        (SCHEMA.containedInPlace, iris.place(place.parent) if place.parent else None),
    ])
    names = dated_names().get(place.id, ())
    _dated_labels(graph, iris.place(place.id), place.name_ru, [(n.name_ru, n.valid_from, n.valid_to) for n in names])


# --------------------------------------------------------------------------- dated names


def _dated_labels(graph: Graph, subject: URIRef, current: str, names) -> None:
    """Each (name, from, to) as a SKOS-XL label with its validity; the current name's labels are
    skosxl:prefLabel, the others skosxl:altLabel and a plain skos:altLabel as well."""
    for k, (name, valid_from, valid_to) in enumerate(names, 1):
        label = describe(graph, child(subject, "name", k), [
            (RDF.type, SKOSXL.Label),
            (SKOSXL.literalForm, ru(name)),
            (SCHEMA.validFrom, iso_date(valid_from.isoformat()) if valid_from else None),
            (SCHEMA.validThrough, iso_date(valid_to.isoformat()) if valid_to else None),
        ])
        graph.add((subject, SKOSXL.prefLabel if name == current else SKOSXL.altLabel, label))
        if name != current:
            graph.add((subject, SKOS.altLabel, ru(name)))


def _akimat_names(graph: Graph, iris: Iris, org: Organisation) -> None:
    """An akimat's names follow its place's: «Акимат города Нур-Султан» from 2019-03-23 to 2022-09-16."""
    place = Gazetteer.load().unit(org.place)
    names = dated_names().get(place.id, ())
    _dated_labels(graph, iris.organisation(org.id), org.name,
                  [(akimat_name(place, n.valid_from or n.valid_to), n.valid_from, n.valid_to) for n in names])


# --------------------------------------------------------------------------- organisations


def organisation_classes(kind: str | None) -> list[URIRef]:
    return [ORG.Organization, ORGANISATION_CLASSES.get(kind or "", ORG.FormalOrganization)]


def describe_organisation(graph: Graph, iris: Iris, org: Organisation, *,
                          aliases: Iterable[str] = (), preferred_name: bool = True) -> URIRef:
    """An organisation: its class by kind, names, abbreviation, parent, country, the region of an akimat.

    `preferred_name=False` puts the name as a skos:altLabel only (a document's
    printed name of a body whose preferred name the registry gives).
    """
    parent = iris.organisation(org.parent) if org.parent else None
    names = [ru(org.name), en(org.name_en)] if preferred_name else [en(org.name_en)]
    others = [None if preferred_name else org.name, org.abbreviation, *aliases]
    alternatives = [ru(a) for a in dict.fromkeys(others) if a and (a != org.name or not preferred_name)]
    return describe(graph, iris.organisation(org.id), [
        (RDF.type, organisation_classes(org.kind)),
        (DCTERMS.identifier, plain(org.id)),
        (SKOS.prefLabel, names),
        (RDFS.label, names),
        (SKOS.altLabel, alternatives),  # never the preferred name again (SKOS: disjoint labels)
        (ORG.unitOf if org.kind in UNIT_KINDS else ORG.subOrganizationOf, parent),
        (DCTERMS.spatial, iris.place(org.country) if org.country else None),
        (PKG.executiveOf, iris.place(org.place) if org.place else None),
        (SKOS.exactMatch, WD[org.wikidata] if org.wikidata else None),
    ])


# --------------------------------------------------------------------------- programmes and schemes


def _programme(graph: Graph, iris: Iris, concept: Concept) -> None:
    describe(graph, iris.programme(concept.id), [
        (RDF.type, PKG.Programme),
        (DCTERMS.identifier, plain(concept.id)),
        (SKOS.prefLabel, [ru(concept.label_ru), en(concept.label_en)]),
        (RDFS.label, [ru(concept.label_ru), en(concept.label_en)]),
        (SKOS.altLabel, [ru(form) for form in concept.labels if form not in (concept.label_ru, concept.label_en)]),
        (DCTERMS.spatial, iris.place(concept.country) if concept.country else None),
    ])


def beneficiary_concept(iris: Iris, concept_id: str) -> URIRef:
    return iris.concept(BENEFICIARY, concept_id)


def executor_category_concept(iris: Iris, concept_id: str) -> URIRef:
    return iris.concept(EXECUTOR_CATEGORY, concept_id)


def _scheme_name(base_name: str, country: str | None, per_country: bool) -> str:
    return f"{base_name}-{country.lower()}" if per_country and country else base_name


def _scheme(graph: Graph, iris: Iris, concepts: list[Concept], name: str, segment: str, label: str, *,
            per_country: bool) -> None:
    """A SKOS scheme per country (or one), its concepts with labels, broader and close matches."""
    countries = {c.id: c.name_en for c in load_countries()}
    for concept in concepts:
        scheme = iris.scheme(_scheme_name(name, concept.country, per_country))
        country = concept.country if per_country else None
        describe(graph, scheme, [
            (RDF.type, SKOS.ConceptScheme),
            (SKOS.prefLabel, en(f"{label} ({countries.get(country, country)})" if country else label)),
            (RDFS.label, en(f"{label} ({countries.get(country, country)})" if country else label)),
            (DCTERMS.spatial, iris.place(country) if country else None),
        ])
        _concept(graph, iris.concept(segment, concept.id), scheme, concept,
                 broader=iris.concept(segment, concept.broader) if concept.broader else None,
                 close=[iris.concept(segment, other) for other in concept.close_match])


def _concept(graph: Graph, iri: URIRef, scheme: URIRef, concept: Concept, *,
             broader: URIRef | None, close: list[URIRef]) -> None:
    row = dict(concept.row)
    preferred = {concept.label_ru}
    alt = [label for label in _split(row.get("alt_labels")) if label not in preferred]
    hidden = [label for label in _split(row.get("hidden_labels")) if label not in preferred and label not in alt]
    describe(graph, iri, [
        (RDF.type, SKOS.Concept),
        (DCTERMS.identifier, plain(concept.id)),
        (SKOS.inScheme, scheme),
        (SKOS.topConceptOf, None if broader else scheme),
        (SKOS.prefLabel, [ru(concept.label_ru), en(concept.label_en)]),
        (RDFS.label, [ru(concept.label_ru), en(concept.label_en)]),
        (SKOS.altLabel, each(ru, alt)),
        (SKOS.hiddenLabel, each(ru, hidden)),
        (SKOS.broader, broader),
        (SKOS.closeMatch, close),
        (SKOS.definition, en(row.get("definition"))),
        (SKOS.scopeNote, en(row.get("note"))),
    ])
    if broader is None:
        graph.add((scheme, SKOS.hasTopConcept, iri))


def _split(cell: str | None) -> list[str]:
    return [v.strip() for v in (cell or "").split("|") if v.strip()]
