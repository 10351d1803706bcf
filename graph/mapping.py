"""Records → RDF: one named graph per document, plus the reference data and the ontology.

`document_graph` maps everything read from one document (see the design: plan,
tasks, measures, sections, items, allocations, subtotals, targets, reporting
duties, responsibilities, glossary organisations, unlisted places, the
SourceDocument and its curation entries); `build_dataset` puts the documents,
the reference data (reference.py) and the ontology file in their named graphs.

Provenance: every resource read from a document carries `prov:wasDerivedFrom`
the SourceDocument and one `pkg:sourceLine` per line of the record it comes
from (sub-resources such as amounts, time instants and targets share their
record's lines); a record that a curation entry moved also carries
`pkg:correctedBy` that entry.

Dependencies between measures (`pkg:dependsOn`) are derived by graph/dependencies.py
(numbering of sub-measures, terms they define; deadlines may veto) and written on the
dependent measure, whose provenance covers them.

IRIs come from `Iris`; sub-resources are numbered 1, 2, … in the records' order,
so the same records always give the same triples (no blank nodes, nothing
random or time-dependent).

The dataset is an rdflib `Dataset(default_union=True)`: a SPARQL query without
GRAPH sees the union of all named graphs; `GRAPH ?g { … }` addresses one.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import re
from datetime import date

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, RDFS, SH, SKOS, TIME

from . import quality
from .namespaces import DEFAULT_BASE, PKG, SCHEMA, Iris, bind_prefixes
from .dependencies import prerequisites
from .normalize.akimats import akimat_name
from .normalize.organisations import load_registry
from .normalize.places import Gazetteer
from .normalize.vocabularies import broader_of
from .paths import ONTOLOGY_PATH
from .records import (Allocation, Deadline, DocumentRecords, Finding, Item, Measure, Money, Organisation, PlaceMatch,
                      Provenance, ReportingDuty, Responsibility, Section, Subtotal, Target, Task)
from .rdfterms import (boolean, child, day, decimal, describe, duration, each, en, iso_date, plain,
                       positive_integer, ru, year)
from .reference import (FUNDING_SOURCE, beneficiary_concept, describe_organisation, executor_category_concept,
                        place_class, reference_graph)


PLAN_CLASSES = {"roadmap": PKG.Roadmap, "grant-plan": PKG.GrantPlan, "action-plan": PKG.ActionPlan}
DEADLINE_KINDS = {
    "by": PKG.DeadlineBy, "on": PKG.DeadlineOn, "from": PKG.DeadlineFrom, "period": PKG.DeadlinePeriod,
    "recurring": PKG.DeadlineRecurring, "unspecified": PKG.DeadlineUnspecified,
    "continuous": PKG.DeadlineContinuous, "relative": PKG.DeadlineRelative, "as-needed": PKG.DeadlineAsNeeded,
}
SEVERITIES = {"warning": SH.Warning, "info": SH.Info}
# A finding's subject («measure 6.4», «item 1.2», «section 3») → the part it names.
_SUBJECT = re.compile(r"^(measure|item|section|task) (\S+)$")
ROLES = {"lead": PKG.Lead, "co-executor": PKG.CoExecutor}
# Place matches that need no pkg:PlaceMatch resource: the text named the unit itself.
EXACT = "exact"
UNLISTED = "unlisted"


# --------------------------------------------------------------------------- the dataset


def build_dataset(documents: list[DocumentRecords], *, base: str = DEFAULT_BASE,
                  ontology: Path | None = ONTOLOGY_PATH) -> Dataset:
    """The documents' graphs ({base}graph/document/{id}), {base}graph/reference and,
    when the ontology file exists, {base}graph/ontology, in a union-default Dataset."""
    iris = Iris(base)
    dataset = Dataset(default_union=True)
    bind_prefixes(dataset, iris.base)
    for records in documents:
        _put(dataset, iris.graph("document", _document_id(records)), document_graph(records, iris))
    used = [org for records in documents for org in records.organisations]
    _put(dataset, iris.graph("reference"), reference_graph(iris, used_organisations=used))
    ontology_graph = load_ontology(ontology)
    if ontology_graph is not None:
        _put(dataset, iris.graph("ontology"), ontology_graph)
    return dataset


def load_ontology(path: Path | None = ONTOLOGY_PATH) -> Graph | None:
    """The ontology (Turtle), read when asked; None while the file does not exist."""
    if path is None or not Path(path).exists():
        return None
    return Graph().parse(str(path), format="turtle")


def _put(dataset: Dataset, name: URIRef, graph: Graph) -> None:
    named = dataset.graph(name)
    named.addN((s, p, o, named) for s, p, o in graph)


# --------------------------------------------------------------------------- one document


@dataclass
class _Document:
    """What every mapping function needs: the records, the IRIs, the graph being written."""

    records: DocumentRecords
    iris: Iris
    graph: Graph
    id: str
    iri: URIRef
    plan: URIRef
    prerequisites: dict[str, list[str]] = field(default_factory=dict)  # measure → the measures it depends on
    organisations: dict[str, Organisation] = field(default_factory=dict)  # the records' organisations by id

    def part(self, kind: str, number, *more) -> URIRef:
        return self.iris.part(self.records.plan.id, kind, number, *more)

    def provenance(self, node: URIRef, prov: Provenance | None, *, record: bool = False) -> URIRef:
        """wasDerivedFrom the document, one sourceLine per line; `record`: also correctedBy its curation entries."""
        describe(self.graph, node, [
            (PROV.wasDerivedFrom, self.iri),
            (PKG.sourceLine, each(positive_integer, sorted(set(prov.lines))) if prov else None),
            (PKG.sourceTable, positive_integer(prov.table) if prov and prov.table else None),
            (PKG.sourceRow, each(positive_integer, sorted(set(prov.rows))) if prov and prov.table else None),
            (PKG.sourcePage, each(positive_integer, sorted(set(prov.pages))) if prov else None),
            (PKG.correctedBy, [self.iris.curation(self.id, e) for e in prov.curation] if prov and record else None),
        ])
        return node

    def add(self, node: URIRef, prov: Provenance | None, properties, *, record: bool = False) -> URIRef:
        """Describe a resource read from the document, with its provenance."""
        describe(self.graph, node, properties)
        return self.provenance(node, prov, record=record)


def document_graph(records: DocumentRecords, iris: Iris, *, into: Graph | None = None) -> Graph:
    """Everything read from one document, each resource with its provenance; added to `into` if given (its
    prefixes left as they are), else to a new graph with the project's prefixes bound."""
    graph = bind_prefixes(Graph(), iris.base) if into is None else into
    doc_id = _document_id(records)
    doc = _Document(records, iris, graph, doc_id, iris.document(doc_id), iris.plan(records.plan.id),
                    prerequisites(records), {org.id: org for org in records.organisations})
    _source_document(doc)
    _plan(doc)
    for task in records.tasks:
        _task(doc, task)
    for measure in records.measures:
        _measure(doc, measure)
    for section in records.sections:
        _section(doc, section)
    for item in records.items:
        _item(doc, item)
    for k, subtotal in enumerate(records.subtotals, 1):
        _subtotal(doc, k, subtotal)
    _glossary_organisations(doc)
    _unlisted_places(doc)
    _findings(doc)
    return graph


def _document_id(records: DocumentRecords) -> str:
    if records.document is not None:
        return records.document.id
    if records.plan.prov is not None:
        return records.plan.prov.document
    raise ValueError(f"plan {records.plan.id}: no document id (neither records.document nor plan.prov)")


# --------------------------------------------------------------------------- the source and its curation


def _source_document(doc: _Document) -> None:
    info = doc.records.document
    describe(doc.graph, doc.iri, [
        (RDF.type, [PKG.SourceDocument, PROV.Entity]),
        (DCTERMS.identifier, plain(doc.id)),
        (DCTERMS.title, plain(info.file_name) if info else None),
        (PKG.sha256, plain(info.sha256) if info else None),
        (DCTERMS.format, plain(info.media_type if info else "text/plain")),
    ])
    for note in info.curation if info else ():
        # A curation entry is read from the curation file, not from the document:
        # no wasDerivedFrom; its sourceLines are the document lines it corrects.
        describe(doc.graph, doc.iris.curation(doc.id, note.id), [
            (RDF.type, [PKG.CurationEntry, PROV.Entity]),
            (DCTERMS.identifier, plain(note.id)),
            (DCTERMS.type, plain(note.kind)),
            (PKG.reason, en(note.reason)),  # curation reasons are written in English
            (PKG.sourceLine, each(positive_integer, sorted(set(note.lines)))),
            (DCTERMS.references, doc.iri),
        ])


# --------------------------------------------------------------------------- plan and structure


def _plan(doc: _Document) -> None:
    plan = doc.records.plan
    legal_act = child(doc.plan, "legal-act") if (plan.legal_act or plan.legal_act_number or plan.legal_act_date) else None
    doc.add(doc.plan, plan.prov, [
        (RDF.type, [PKG.Plan, PLAN_CLASSES.get(plan.layout)]),
        (DCTERMS.title, ru(plan.title)),
        (RDFS.label, ru(plan.title)),
        (DCTERMS.identifier, plain(plan.id)),
        (PKG.planYear, year(plan.year)),
        (DCTERMS.issued, iso_date(plan.date)),
        (DCTERMS.publisher, doc.iris.organisation(plan.issuer) if plan.issuer else None),
        (PKG.approverName, ru(plan.approver)),
        (PKG.approverPosition, ru(plan.approver_position)),
        (DCTERMS.spatial, doc.iris.place(plan.country) if plan.country else None),
        (PKG.legalAct, legal_act),
        (PKG.issuerName, ru(plan.issuer_text) if plan.layout == "action-plan" else None),
        (PKG.hasAmendment, [_amendment(doc, child(doc.plan, "amendment", k), a)
                            for k, a in enumerate(plan.amendments, 1)]),
    ], record=True)
    if legal_act is not None:
        doc.add(legal_act, plan.prov, [
            (RDF.type, PKG.LegalAct),
            (DCTERMS.type, ru(plan.legal_act)),
            (DCTERMS.identifier, plain(plan.legal_act_number)),
            (DCTERMS.date, iso_date(plan.legal_act_date)),
            (RDFS.label, ru(" ".join(filter(None, [plan.legal_act, plan.legal_act_number and f"№ {plan.legal_act_number}"])))),
        ])


def _amendment(doc: _Document, iri: URIRef, amendment) -> URIRef:
    return doc.add(iri, amendment.prov, [
        (RDF.type, [PKG.Amendment, PROV.Activity]),
        (RDFS.label, ru(amendment.text)),
        (PKG.amendmentKind, plain(amendment.kind)),
        (PKG.amendedPart, ru(amendment.part)),
        (DCTERMS.date, iso_date(amendment.act_date)),
        (DCTERMS.identifier, plain(amendment.act_number)),
    ])


def _component(number, title: str | None) -> list:
    """What every plan component carries: its printed number, title and label «6.4 <title>»."""
    return [
        (PKG.number, plain(number)),
        (DCTERMS.title, ru(title)),
        (RDFS.label, ru(f"{number} {title}" if title else str(number))),
    ]


def _task(doc: _Document, task: Task) -> None:
    """A roadmap's task (numbered 1, 2, …), or an action plan's group with its number as printed, if any."""
    if doc.records.plan.layout != "action-plan":
        doc.add(doc.part("task", task.number), task.prov, [
            (RDF.type, [PKG.Task, PKG.MeasureGroup]),
            *_component(task.number, task.title),
            (PKG.groupKind, plain("task")),
            (PKG.directPartOf, doc.plan),
        ], record=True)
        return
    printed = task.printed.rstrip(".") if task.printed else None
    doc.add(_group_iri(doc, task.number), task.prov, [
        (RDF.type, [PKG.MeasureGroup, PKG.Task if task.kind == "task" else None]),
        (PKG.number, plain(printed)),
        (DCTERMS.title, ru(task.title)),
        (RDFS.label, ru(f"{task.printed} {task.title}" if task.printed else task.title)),
        (PKG.groupKind, plain(task.kind)),
        (PKG.directPartOf, doc.plan),
    ], record=True)


def _group_iri(doc: _Document, number: int) -> URIRef:
    """An action plan's group by its place in the plan (printed numbers repeat or are missing)."""
    return doc.part("group", number)


def _section(doc: _Document, section: Section) -> None:
    doc.add(doc.part("section", section.number), section.prov, [
        (RDF.type, PKG.Section),
        *_component(section.number, section.title),
        (PKG.form, ru(section.form)),
        (PKG.directPartOf, doc.plan),
    ], record=True)


# --------------------------------------------------------------------------- measures


def _measure(doc: _Document, measure: Measure) -> None:
    iri = doc.part("measure", measure.number)
    parent = doc.part("measure", measure.parent) if measure.parent else _group_of(doc, measure)
    agents = [doc.iris.organisation(r.organisation) for r in measure.responsibilities if r.organisation]
    groups = _groups(doc, iri, measure)
    doc.add(iri, measure.prov, [
        (RDF.type, [PKG.Measure, PKG.SubMeasure if measure.level == "sub-measure" else None]),
        *(_component(measure.number, measure.title) if doc.records.plan.layout != "action-plan"
          else _printed_component(measure)),
        *_action_plan_columns(doc, iri, measure),
        (PKG.heading, ru(measure.heading)),
        (PKG.detail, ru(measure.detail)),
        (PKG.directPartOf, parent),
        (PKG.dependsOn, [doc.part("measure", n) for n in doc.prerequisites.get(measure.number, ())]),
        *_deadline(doc, iri, measure.deadline, measure.prov),
        (PROV.qualifiedAttribution, [_responsibility(doc, child(iri, "responsibility", k), r, measure.prov,
                                                     groups.get(r.position))
                                     for k, r in enumerate(measure.responsibilities, 1)]),
        (PKG.executorGroup, list(groups.values())),
        (PROV.wasAttributedTo, list(dict.fromkeys(agents))),
        (PKG.mentionsProgramme, [doc.iris.programme(p) for p in measure.programs]),
        (PKG.serves, [beneficiary_concept(doc.iris, b) for b in measure.beneficiaries]),
        (PKG.concerns, list(dict.fromkeys(filter(None, (_place_of(doc, m) for m in measure.places))))),
        (PKG.hasTarget, _targets(doc, iri, measure.targets, measure.prov)),
        (PKG.hasReportingDuty, [_reporting(doc, child(iri, "reporting", k), r, measure.prov)
                                for k, r in enumerate(measure.reporting, 1)]),
    ], record=True)


def _group_of(doc: _Document, measure: Measure) -> URIRef:
    """The measure's printed group; the plan itself for an action plan's measures before any group."""
    if doc.records.plan.layout != "action-plan":
        return doc.part("task", measure.task)
    return _group_iri(doc, measure.task) if measure.task else doc.plan


def _printed_component(measure: Measure) -> list:
    """Number and label as printed: «3.10.» → pkg:number «3.10»; an unnumbered measure has no number."""
    number = measure.printed_number.rstrip(".)") if measure.printed_number else None
    return [
        (PKG.number, plain(number)),
        (DCTERMS.title, ru(measure.title)),
        (RDFS.label, ru(f"{number} {measure.title}" if number else measure.title)),
    ]


def _action_plan_columns(doc: _Document, iri: URIRef, measure: Measure) -> list:
    """Form of completion, cost, funding, a responsible person, ditto marks and unknown columns."""
    cost = measure.cost
    return [
        (PKG.completionForm, ru(measure.completion_form)),
        (PKG.costText, ru(cost.text) if cost else None),
        (PKG.cost, [_cost_amount(doc, child(iri, "cost", k), a, measure.prov)
                    for k, a in enumerate(cost.amounts, 1)] if cost else None),
        (PKG.fundingText, ru(measure.funding_text)),
        (PKG.fundingSource, [doc.iris.concept(FUNDING_SOURCE, f) for f in measure.funding]),
        (PKG.responsiblePersonText, ru(measure.persons_text)),
        (PKG.repeatsAbove, [plain(role) for role in sorted(measure.ditto)]),
        (PKG.printedCell, [doc.add(child(iri, "cell", k), measure.prov, [
            (RDF.type, PKG.PrintedCell), (PKG.columnHeader, ru(header)), (RDF.value, ru(text))])
            for k, (header, text) in enumerate(measure.extra.items(), 1)]),
    ]


def _cost_amount(doc: _Document, iri: URIRef, amount, prov: Provenance) -> URIRef:
    money = amount.money
    return doc.add(iri, prov, [
        (RDF.type, SCHEMA.MonetaryAmount),
        (SCHEMA.value, decimal(money.amount)),
        (SCHEMA.currency, plain(money.currency)),
        (PKG.printedAmount, plain(money.text)),
        (PKG.budgetYear, year(amount.year)),
    ])


def _deadline(doc: _Document, measure: URIRef, deadline: Deadline, prov: Provenance) -> list:
    """The measure's deadline properties; the OWL-Time resources are added on the way."""
    return [
        (PKG.deadlineText, ru(deadline.text)),
        (PKG.deadlineKind, DEADLINE_KINDS.get(deadline.kind)),
        (TIME.hasTime, _time(doc, child(measure, "time"), deadline, prov)),
        (PKG.startDate, day(deadline.start_date)),
        (PKG.dueDate, day(deadline.end_date)),
        (PKG.recurrence, duration(deadline.recurrence)),
        (PKG.recurrenceDay, positive_integer(deadline.day) if deadline.day else None),
        (PKG.recurrenceMonth, each(positive_integer, deadline.months)),
        (PKG.followingPeriod, boolean(True) if deadline.following_period else None),
        (PKG.deadlineOffset, plain(deadline.offset)),
        (PKG.deadlineAnchor, ru(deadline.anchor)),
    ]


def _time(doc: _Document, iri: URIRef, deadline: Deadline, prov: Provenance) -> URIRef | None:
    """'on' → a time:Instant; a start and/or an end → a time:ProperInterval; else nothing."""
    if deadline.kind == "on" and deadline.start:
        return _instant(doc, iri, deadline.start, prov)
    if not (deadline.start or deadline.end):
        return None
    return doc.add(iri, prov, [
        (RDF.type, TIME.ProperInterval),
        (TIME.hasBeginning, _instant(doc, child(iri, "start"), deadline.start, prov) if deadline.start else None),
        (TIME.hasEnd, _instant(doc, child(iri, "end"), deadline.end, prov) if deadline.end else None),
    ])


_INSTANT_PROPERTIES = {"gYear": TIME.inXSDgYear, "gYearMonth": TIME.inXSDgYearMonth, "date": TIME.inXSDDate}


def _instant(doc: _Document, iri: URIRef, iso: str, prov: Provenance) -> URIRef:
    """A time:Instant at the precision printed: inXSDDate, inXSDgYearMonth or inXSDgYear."""
    value = iso_date(iso)
    local = str(value.datatype).rsplit("#", 1)[1]
    return doc.add(iri, prov, [(RDF.type, TIME.Instant), (_INSTANT_PROPERTIES[local], value)])


def _roles(responsibility: Responsibility) -> list:
    return [
        ROLES.get(responsibility.role),
        PKG.ByAgreement if responsibility.by_agreement else None,
        PKG.ConsolidationAndControl if responsibility.consolidation_control else None,
    ]


def _responsibility(doc: _Document, iri: URIRef, responsibility: Responsibility, prov: Provenance,
                    group: URIRef | None = None) -> URIRef:
    """One organisation (or person) of an executors cell, at its printed position; an unresolved
    name keeps its label and has no agent."""
    org = responsibility.organisation
    person = _person(doc, child(iri, "person"), responsibility, prov) if responsibility.person else None
    return doc.add(iri, prov, [
        (RDF.type, PKG.Responsibility),
        (PROV.agent, doc.iris.organisation(org) if org else person),
        (DCAT.hadRole, _roles(responsibility)),
        (PKG.duty, ru(responsibility.duty)),
        (RDFS.label, ru(responsibility.text)),
        (PKG.printedPosition, positive_integer(responsibility.position) if responsibility.position else None),
        (PKG.memberPosition, positive_integer(responsibility.member_position) if responsibility.member_position else None),
        (PKG.inGroup, group),
        (PKG.agentName, ru(_name_on_plan_date(doc, org)) if org else None),
    ])


def _person(doc: _Document, iri: URIRef, responsibility: Responsibility, prov: Provenance) -> URIRef:
    """A person an executors cell names: a name and a position as printed, no identity across plans."""
    person = responsibility.person
    return doc.add(iri, prov, [
        (RDF.type, [SCHEMA.Person, PROV.Person]),
        (SCHEMA.name, ru(person.name)),
        (RDFS.label, ru(person.name)),
        (SCHEMA.jobTitle, ru(person.position_text)),
    ])


def _groups(doc: _Document, measure_iri: URIRef, measure: Measure) -> dict[int, URIRef]:
    """The group phrases of a measure's executors cell, by printed position, each with its role as a whole."""
    groups: dict[int, URIRef] = {}
    for r in measure.responsibilities:
        if r.group is None or r.position is None or r.position in groups:
            continue
        groups[r.position] = doc.add(child(measure_iri, "group", r.position), measure.prov, [
            (RDF.type, PKG.ExecutorGroup),
            (RDFS.label, ru(r.group)),
            (PKG.printedPosition, positive_integer(r.position)),
            (DCAT.hadRole, _roles(r)),
        ])
    return groups


def _plan_day(doc: _Document) -> date | None:
    """The day the plan speaks for: its date, else 1 January of its year; None without either."""
    plan = doc.records.plan
    if plan.date:
        parts = [int(p) for p in plan.date.split("-")] + [1, 1]
        return date(parts[0], parts[1], parts[2])
    return date(plan.year, 1, 1) if plan.year else None


@lru_cache(maxsize=1)
def _default_gazetteer() -> Gazetteer:  # Gazetteer.load resolves its paths on every call: once per responsibility
    return Gazetteer.load()


def _name_on_plan_date(doc: _Document, org_id: str) -> str | None:
    """An organisation's name on the plan's date: an akimat's follows its place's dated names."""
    org = doc.organisations.get(org_id)
    if org is None:
        return None
    if org.kind == "akimat" and org.place:
        gazetteer = _default_gazetteer()
        try:
            return akimat_name(gazetteer.unit(org.place), _plan_day(doc))
        except KeyError:
            return org.name
    return org.name


def _reporting(doc: _Document, iri: URIRef, duty: ReportingDuty, prov: Provenance) -> URIRef:
    return doc.add(iri, prov, [
        (RDF.type, PKG.ReportingDuty),
        (PKG.frequency, duration(duty.frequency)),
        (PKG.reportTo, doc.iris.organisation(duty.recipient) if duty.recipient else None),
        (RDFS.label, ru(duty.text)),
    ])


def _targets(doc: _Document, subject: URIRef, targets: list[Target], prov: Provenance) -> list[URIRef]:
    return [_target(doc, child(subject, "target", k), t, prov) for k, t in enumerate(targets, 1)]


def _target(doc: _Document, iri: URIRef, target: Target, prov: Provenance) -> URIRef:
    return doc.add(iri, prov, [
        (RDF.type, PKG.QuantitativeTarget),
        (SCHEMA.value, decimal(target.value)),
        (SCHEMA.maxValue, decimal(target.value_max)),
        (SCHEMA.unitText, ru(target.unit)),
        (PKG.comparison, plain(target.qualifier)),
        (PKG.perPeriod, duration(target.period)),
        (PKG.perRegion, boolean(target.per_region)),
        (RDFS.label, ru(target.text)),
    ])


# --------------------------------------------------------------------------- grant plans


def _item(doc: _Document, item: Item) -> None:
    iri = doc.part("item", item.number)
    doc.add(iri, item.prov, [
        (RDF.type, PKG.GrantItem),
        *_component(item.number, item.goal),
        (PKG.goal, ru(item.goal)),
        (PKG.directPartOf, doc.part("section", item.section)),
        (PKG.printedBeneficiaries, ru(item.beneficiaries_text)),
        (PKG.serves, [beneficiary_concept(doc.iris, b) for b in item.beneficiaries]
                     + _unreviewed(doc, iri, item, "unresolved-beneficiary", "beneficiaries")),
        (PKG.printedExecutorCategory, ru(item.executor_category_text)),
        (PKG.executorCategory, [executor_category_concept(doc.iris, c) for c in item.executor_categories]
                               + _unreviewed(doc, iri, item, "unresolved-executor-category", "executor_categories")),
        (PKG.durationText, ru(item.duration_text)),
        (PKG.duration, plain(item.duration)),  # an xsd:string: P12M as printed (see the ontology)
        (PKG.totalText, ru(item.total_text)),
        (PKG.totalMaximumGrant, _money(doc, child(iri, "total"), item.total, item.prov)),
        (PKG.indicator, each(ru, item.indicators)),
        (PKG.hasTarget, _targets(doc, iri, item.targets, item.prov)),
    ], record=True)
    for k, allocation in enumerate(item.allocations, 1):
        _allocation(doc, child(iri, "allocation", k), allocation, item)


_UNREVIEWED = {"executor_categories": ("executor-category", executor_category_concept),
               "beneficiaries": ("beneficiary", beneficiary_concept)}


def _unreviewed(doc: _Document, item_iri: URIRef, item: Item, kind: str, vocabulary_name: str) -> list[URIRef]:
    """Values the vocabulary knows only in a broader form («НКО, работающие с …»): each becomes its own
    concept, narrower than the known one and marked unreviewed, in the document's graph — never the
    broader concept itself. Values with no known broader concept stay unresolved (findings only)."""
    segment, concept_iri = _UNREVIEWED[vocabulary_name]
    subject = f"item {item.number}"
    out = []
    for finding in doc.records.findings:
        text = finding.data.get("text")
        if finding.kind != kind or finding.subject != subject or not text:
            continue
        broader = broader_of(vocabulary_name, text, doc.records.plan.country)
        if broader is None:
            continue
        iri = child(item_iri, segment, len(out) + 1)
        out.append(doc.add(iri, item.prov, [
            (RDF.type, SKOS.Concept),
            (SKOS.prefLabel, ru(text)),
            (RDFS.label, ru(text)),
            (SKOS.broader, concept_iri(doc.iris, broader.id)),
            (PKG.unreviewed, boolean(True)),
        ]))
    return out


def _allocation(doc: _Document, iri: URIRef, allocation: Allocation, item: Item) -> None:
    prov = allocation.prov
    doc.add(iri, prov, [
        (RDF.type, PKG.GrantAllocation),
        (RDFS.label, ru(f"{item.number} {allocation.territory_text}")),
        (PKG.allocationOf, doc.part("item", item.number)),
        (PKG.printedTerritory, ru(allocation.territory_text)),
        (PKG.territory, list(dict.fromkeys(filter(None, (_place_of(doc, m) for m in allocation.places))))),
        (PKG.placeMatch, [_place_match(doc, child(iri, "place", j), m, prov)
                          for j, m in enumerate(allocation.places, 1) if m.method != EXACT]),
        (PKG.maximumGrant, _money(doc, child(iri, "amount"), allocation.amount, prov)),
        (PKG.indicator, ru(allocation.indicator)),
        (PKG.hasTarget, _targets(doc, iri, allocation.targets, prov)),
    ], record=True)


def _money(doc: _Document, iri: URIRef, money: Money | None, prov: Provenance) -> URIRef | None:
    """A schema:MonetaryAmount: the printed figure × its multiplier, exactly, and the printed text."""
    if money is None:
        return None
    return doc.add(iri, prov, [
        (RDF.type, SCHEMA.MonetaryAmount),
        (SCHEMA.maxValue, decimal(money.amount)),
        (SCHEMA.currency, plain(money.currency)),
        (PKG.printedAmount, plain(money.text)),
    ])


def _subtotal(doc: _Document, k: int, subtotal: Subtotal) -> None:
    iri = doc.part("subtotal", k)
    doc.add(iri, subtotal.prov, [
        (RDF.type, PKG.Subtotal),
        (RDFS.label, ru(subtotal.label)),
        (PKG.subtotalOf, [doc.part("item", number) for number in subtotal.items]),
        (PKG.maximumGrant, _money(doc, child(iri, "amount"), subtotal.amount, subtotal.prov)),
        (PKG.directPartOf, doc.part("section", subtotal.section)),
    ], record=True)


# --------------------------------------------------------------------------- places


def _place_of(doc: _Document, match: PlaceMatch) -> URIRef | None:
    """The place a match resolved to: a gazetteer unit or country, an unlisted unit's proposed id, or None."""
    place_id = match.proposed_id if match.method == UNLISTED else match.place
    return doc.iris.place(place_id) if place_id else None


def _place_match(doc: _Document, iri: URIRef, match: PlaceMatch, prov: Provenance) -> URIRef:
    """How a printed name that is not a gazetteer name was matched (fuzzy, unlisted, unresolved)."""
    return doc.add(iri, prov, [
        (RDF.type, PKG.PlaceMatch),
        (PKG.printedName, ru(match.text)),
        (PKG.matchMethod, plain(match.method)),
        (PKG.matchScore, decimal(match.score)),
        (PKG.matchedPlace, _place_of(doc, match)),
    ])


def _unlisted_places(doc: _Document) -> None:
    """Districts and towns the documents name but the gazetteer lacks, under their proposed ids."""
    found: dict[URIRef, tuple[PlaceMatch, list[str], set[int]]] = {}
    for match, prov in _place_matches(doc.records):
        iri = _place_of(doc, match) if match.method == UNLISTED else None
        if iri is None:
            continue
        _, names, lines = found.setdefault(iri, (match, [], set()))
        names.append(match.text)
        lines.update(prov.lines)
    for iri, (match, names, lines) in found.items():
        doc.add(iri, Provenance(doc.id, sorted(lines)), [
            (RDF.type, [SCHEMA.AdministrativeArea, place_class(match.level)]),
            (DCTERMS.identifier, plain(match.proposed_id)),
            (SKOS.prefLabel, ru(match.text)),
            (RDFS.label, each(ru, dict.fromkeys(names))),
            (PKG.unlisted, boolean(True)),
            (SCHEMA.containedInPlace, doc.iris.place(match.parent) if match.parent else None),
        ])


def _place_matches(records: DocumentRecords) -> Iterable[tuple[PlaceMatch, Provenance]]:
    for measure in records.measures:
        for match in measure.places:
            yield match, measure.prov
    for item in records.items:
        for allocation in item.allocations:
            for match in allocation.places:
                yield match, allocation.prov


# --------------------------------------------------------------------------- organisations


def _glossary_organisations(doc: _Document) -> None:
    """Organisations the document's glossary defines, with provenance to their glossary line.

    A body the registry also knows keeps the registry's preferred name (in the
    reference graph); the printed name is then an alternative label here.
    """
    registry = {entry.organisation.id: entry.organisation for entry in load_registry()}
    for org in doc.records.organisations:
        if org.source != "glossary":
            continue
        registered = registry.get(org.id)
        preferred = registered is None or registered.name == org.name
        iri = describe_organisation(doc.graph, doc.iris, org, preferred_name=preferred)
        entry = _glossary_entry(doc.records, org)
        if entry is not None:
            doc.provenance(iri, entry.prov, record=True)


def _glossary_entry(records: DocumentRecords, org: Organisation):
    """The glossary line that defines `org`: by its printed abbreviation, else by its name."""
    for entry in records.glossary:
        if org.abbreviation and entry.abbreviation == org.abbreviation:
            return entry
    for entry in records.glossary:
        if entry.expansion and " ".join(org.name.split()) in " ".join(entry.expansion.split()):
            return entry
    return None


# --------------------------------------------------------------------------- quality findings


def _findings(doc: _Document) -> None:
    """The document's quality findings as resources: kind, severity, what and where, figures."""
    for n, finding in quality.numbered(doc.records.findings):
        stated, computed, difference = quality.figures(finding)
        text = finding.data.get("text") or finding.data.get("formula")
        doc.add(doc.iris.finding(doc.id, n), Provenance(doc.id, finding.lines), [
            (RDF.type, PKG.QualityFinding),
            (PKG.findingKind, plain(finding.kind)),
            (PKG.severity, SEVERITIES[quality.severity(finding)]),
            (RDFS.label, en(f"{quality.KINDS.get(finding.kind, finding.kind)}: {finding.subject or doc.id}")),
            (RDFS.comment, en(finding.message)),
            (PKG.findingAbout, _finding_subject(doc, finding)),
            (PKG.findingText, ru(str(text)) if text else None),
            (PKG.statedValue, decimal(stated)),
            (PKG.computedValue, decimal(computed)),
            (PKG.difference, decimal(difference)),
        ])


def _finding_subject(doc: _Document, finding: Finding) -> URIRef | None:
    """The part a finding's subject names, when the records have it."""
    m = _SUBJECT.match(finding.subject or "")
    if not m:
        return None
    kind, number = m.groups()
    records = {"measure": doc.records.measures, "item": doc.records.items, "section": doc.records.sections,
               "task": doc.records.tasks}[kind]
    if any(str(r.number) == number for r in records):
        return doc.part(kind, number)
    return None
