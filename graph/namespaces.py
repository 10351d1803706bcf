"""Namespaces: the policykg ontology's terms, the reused vocabularies, and IRIs of resources.

`PKG` lists every term the ontology (ontology/policykg.ttl) defines; a
misspelt term raises AttributeError, and a test checks that this list and the
ontology agree. Resource IRIs are minted under a configurable base by `Iris`.
"""
from __future__ import annotations

from urllib.parse import quote

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SDO, SH, SKOS, TIME, VOID, XSD, DefinedNamespace

DEFAULT_BASE = "https://w3id.org/policykg/"
ONTOLOGY_IRI = "https://w3id.org/policykg/ontology"

ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = SDO  # https://schema.org/
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
SKOSXL = Namespace("http://www.w3.org/2008/05/skos-xl#")  # dated names: skosxl:Label with schema:validFrom/validThrough


class PKG(DefinedNamespace):
    """The policykg ontology."""

    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    # --- plans and their parts
    Plan: URIRef
    Roadmap: URIRef
    GrantPlan: URIRef
    PlanComponent: URIRef
    Task: URIRef
    Measure: URIRef
    SubMeasure: URIRef
    Section: URIRef
    GrantItem: URIRef
    partOf: URIRef  # transitive
    directPartOf: URIRef  # the printed parent: sub-measure → measure → task → plan
    hasPart: URIRef
    number: URIRef  # the printed numbering «6.4», «1.3»
    heading: URIRef
    detail: URIRef
    goal: URIRef
    planYear: URIRef
    approverName: URIRef
    approverPosition: URIRef
    legalAct: URIRef
    LegalAct: URIRef
    form: URIRef  # «Форма государственного социального заказа …»
    dependsOn: URIRef  # measure → a measure that must come first (rule in the ontology's definition)

    # --- deadlines
    deadlineText: URIRef
    deadlineKind: URIRef
    DeadlineKind: URIRef
    DeadlineKinds: URIRef  # the concept scheme, and its concepts:
    DeadlineBy: URIRef
    DeadlineOn: URIRef
    DeadlineFrom: URIRef
    DeadlinePeriod: URIRef
    DeadlineRecurring: URIRef
    DeadlineUnspecified: URIRef
    startDate: URIRef
    dueDate: URIRef
    recurrence: URIRef
    duration: URIRef
    durationText: URIRef

    # --- responsibility
    Responsibility: URIRef
    duty: URIRef
    responsibleFor: URIRef  # inverse of prov:wasAttributedTo, for organisation → measure queries
    Role: URIRef
    Roles: URIRef  # the concept scheme, and its concepts:
    Lead: URIRef
    CoExecutor: URIRef
    ByAgreement: URIRef
    ConsolidationAndControl: URIRef

    # --- organisations
    Ministry: URIRef
    Department: URIRef
    Committee: URIRef
    Agency: URIRef
    LocalExecutiveBody: URIRef
    Akimat: URIRef
    StateCompany: URIRef
    InternationalOrganisation: URIRef
    executiveOf: URIRef  # akimat → the region it governs

    # --- programmes, beneficiaries, executor categories
    Programme: URIRef
    mentionsProgramme: URIRef
    serves: URIRef  # measure/item → beneficiary concept
    executorCategory: URIRef
    printedBeneficiaries: URIRef
    printedExecutorCategory: URIRef

    # --- places
    Country: URIRef
    Region: URIRef
    District: URIRef
    Town: URIRef
    iso3166_2: URIRef
    unlisted: URIRef
    concerns: URIRef  # measure → a place its text names
    PlaceMatch: URIRef
    placeMatch: URIRef
    printedName: URIRef
    matchMethod: URIRef
    matchScore: URIRef
    matchedPlace: URIRef

    # --- grants
    GrantAllocation: URIRef
    allocationOf: URIRef
    hasAllocation: URIRef
    territory: URIRef
    printedTerritory: URIRef
    maximumGrant: URIRef
    totalMaximumGrant: URIRef
    totalText: URIRef
    printedAmount: URIRef
    Subtotal: URIRef
    subtotalOf: URIRef  # subtotal → the items it sums
    indicator: URIRef

    # --- targets and reporting
    QuantitativeTarget: URIRef
    hasTarget: URIRef
    comparison: URIRef
    perPeriod: URIRef
    perRegion: URIRef
    ReportingDuty: URIRef
    hasReportingDuty: URIRef
    reportTo: URIRef
    frequency: URIRef

    # --- provenance
    SourceDocument: URIRef
    sourceLine: URIRef
    sha256: URIRef
    CurationEntry: URIRef
    correctedBy: URIRef
    reason: URIRef

    # --- action plans as published (graph/readers/actionplan.py)
    ActionPlan: URIRef
    MeasureGroup: URIRef
    groupKind: URIRef
    completionForm: URIRef
    cost: URIRef
    costText: URIRef
    budgetYear: URIRef
    fundingSource: URIRef
    fundingText: URIRef
    responsiblePersonText: URIRef
    PrintedCell: URIRef
    printedCell: URIRef
    columnHeader: URIRef
    repeatsAbove: URIRef
    issuerName: URIRef
    Amendment: URIRef
    hasAmendment: URIRef
    amendmentKind: URIRef
    amendedPart: URIRef
    sourceTable: URIRef
    sourceRow: URIRef
    sourcePage: URIRef
    # --- facts as printed: deadline forms
    DeadlineContinuous: URIRef
    DeadlineRelative: URIRef
    DeadlineAsNeeded: URIRef
    recurrenceDay: URIRef  # «до 5 числа» → 5
    recurrenceMonth: URIRef  # «ежегодно до 1 февраля» → 2
    followingPeriod: URIRef  # «… месяца, следующего за отчетным»
    deadlineOffset: URIRef  # «в течение 10 дней после …» → "P10D"
    deadlineAnchor: URIRef  # «после утверждения бюджета»

    # --- facts as printed: executor order, groups, names on the plan's date
    ExecutorGroup: URIRef
    executorGroup: URIRef  # measure → one of its group phrases
    inGroup: URIRef  # responsibility → the group it was expanded from
    printedPosition: URIRef  # 1, 2, … in the executors cell
    memberPosition: URIRef  # 1, 2, … among a group's members
    agentName: URIRef  # the agent's name on the plan's date
    unreviewed: URIRef  # a concept read from a document, narrower than a known one, not in the vocabulary

    # --- facts as printed: quality findings
    QualityFinding: URIRef
    findingKind: URIRef
    severity: URIRef
    findingAbout: URIRef
    findingText: URIRef
    statedValue: URIRef
    computedValue: URIRef
    difference: URIRef


# Prefixes bound on every graph policykg writes, so that serialisations read well.
PREFIXES = {
    "pkg": PKG._NS, "org": ORG, "prov": PROV, "time": TIME, "skos": SKOS, "dct": DCTERMS,
    "dcat": DCAT, "void": VOID, "schema": SCHEMA, "owl": OWL, "rdf": RDF, "rdfs": RDFS,
    "xsd": XSD, "sh": SH, "wd": WD, "wdt": WDT,
    "skosxl": SKOSXL,
}


def bind_prefixes(graph: Graph, base: str = DEFAULT_BASE) -> Graph:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    graph.bind("id", Namespace(base), override=True)
    return graph


class Iris:
    """Readable, stable IRIs for resources, under a configurable base."""

    def __init__(self, base: str = DEFAULT_BASE):
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def _iri(self, *parts: str) -> URIRef:
        return URIRef(self.base + "/".join(quote(str(p), safe="-._~") for p in parts))

    # plans and their parts
    def plan(self, plan_id: str) -> URIRef:
        return self._iri("plan", plan_id)

    def part(self, plan_id: str, kind: str, number, *more) -> URIRef:
        """kind: task, measure, section, item, subtotal; `more` adds sub-parts (allocation, 2)."""
        return self._iri("plan", plan_id, kind, number, *more)

    # shared resources
    def organisation(self, org_id: str) -> URIRef:
        return self._iri("org", org_id)

    def place(self, place_id: str) -> URIRef:
        return self._iri("place", place_id)

    def programme(self, programme_id: str) -> URIRef:
        return self._iri("programme", programme_id)

    def concept(self, scheme: str, concept_id: str) -> URIRef:
        return self._iri("concept", scheme, concept_id)

    def scheme(self, scheme: str) -> URIRef:
        return self._iri("scheme", scheme)

    # provenance and graphs
    def document(self, document_id: str) -> URIRef:
        return self._iri("document", document_id)

    def curation(self, document_id: str, entry_id: str) -> URIRef:
        return self._iri("document", document_id, "curation", entry_id)

    def finding(self, document_id: str, number: int) -> URIRef:
        """The quality finding `number` (1, 2, … in the report's order) of a document."""
        return self._iri("document", document_id, "finding", str(number))

    def graph(self, *name: str) -> URIRef:
        return self._iri("graph", *name)

    def dataset(self) -> URIRef:
        return self._iri("dataset")
