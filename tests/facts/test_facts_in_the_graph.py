"""Issue 10's facts, end to end on the second documents (tests/facts/conftest.py): records → graph →
catalogue queries. Each expected value is read off the rows written in conftest.py."""
from __future__ import annotations

from decimal import Decimal as D

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, SH, SKOS, XSD

from graph import queries
from graph.namespaces import PKG, SKOSXL
from graph.paths import QUERIES

BASE = "https://w3id.org/policykg/"
P21 = BASE + "plan/kz-mtsriap-2021-roadmap/"
P23 = BASE + "plan/kz-mtsriap-2023-roadmap/"
KG = BASE + "plan/grantplan-kg-2022-grant-plan/"


@pytest.fixture(scope="module")
def catalogue():
    return queries.load_catalogue(QUERIES)


def run(dataset, catalogue, name, **params):
    rows = queries.run(catalogue[name], dataset, {k: str(v) for k, v in params.items()})
    return [tuple(None if v is None else (str(v) if isinstance(v, URIRef) else v.toPython()) for v in row)
            for row in rows]


# --------------------------------------------------------------------------- 1. executor order


def test_lead_executors_one_row_per_measure_in_printed_order(fact_dataset, catalogue):
    rows = run(fact_dataset, catalogue, "lead-executors", plan=P21.rstrip("/"))
    assert [(r[1], r[2], r[4]) for r in rows] == [
        ("1", "Акиматы городов Шымкент, Нур-Султан и Павлодарской области", 3),
        ("2", "ДЦР", 1),
        ("3", "заместитель министра Сарсенов Е.К.", 1),
        ("4", "ДБП", 1),
        ("5", "ДЦР", 1),
        ("6", "ДЦР", 1),
        ("7", "ДЦР", 1),
    ]
    first = rows[0]
    assert first[3] == P21 + "measure/1/group/1"
    assert first[5] == "Акимат города Шымкент"  # listed first; the group leads as a whole
    assert sorted(first[6].split(" | ")) == [
        "1. Акимат города Шымкент", "2. Акимат города Нур-Султан", "3. Акимат Павлодарской области"]


def test_group_printed_second_is_a_co_executor_group_with_its_members_in_order(fact_documents):
    measure = fact_documents["roadmap_2021"].measure("2")
    akimats = [r for r in measure.responsibilities if r.group]
    assert {(r.position, r.role, r.group) for r in akimats} == {(2, "co-executor", "Акиматы областей")}
    assert [r.member_position for r in akimats] == list(range(1, 15))  # the 14 oblasts of 2021
    assert akimats[0].organisation == "akimat-kz-11"  # the gazetteer's order for a collective phrase


def test_group_resource_carries_the_role_of_the_group(fact_dataset):
    group = URIRef(P21 + "measure/1/group/1")
    roles = set(fact_dataset.objects(group, URIRef("http://www.w3.org/ns/dcat#hadRole")))
    assert roles == {PKG.Lead, PKG.ByAgreement}
    assert fact_dataset.value(group, PKG.printedPosition) == Literal("1", datatype=XSD.positiveInteger)
    members = sorted(fact_dataset.subjects(PKG.inGroup, group))
    assert [str(m).rsplit("/", 1)[1] for m in members] == ["1", "2", "3"]


def test_a_person_is_a_person(fact_dataset):
    responsibility = URIRef(P21 + "measure/3/responsibility/1")
    person = fact_dataset.value(responsibility, URIRef("http://www.w3.org/ns/prov#agent"))
    assert person == URIRef(P21 + "measure/3/responsibility/1/person")
    assert str(fact_dataset.value(person, URIRef("https://schema.org/name"))) == "Сарсенов Е.К."
    assert str(fact_dataset.value(person, URIRef("https://schema.org/jobTitle"))) == "заместитель министра"


# --------------------------------------------------------------------------- 2. recurrences in the graph


def test_recurrence_day_months_and_relative_deadlines(fact_dataset):
    def values(number, prop):
        return sorted(v.toPython() for v in fact_dataset.objects(URIRef(P21 + f"measure/{number}"), prop))

    assert values("2", PKG.recurrenceDay) == [5]
    assert values("2", PKG.followingPeriod) == [True]
    assert values("3", PKG.recurrenceDay) == [1] and values("3", PKG.recurrenceMonth) == [2]
    assert values("6", PKG.recurrenceMonth) == [6, 12]
    assert values("4", PKG.deadlineOffset) == ["P10D"]
    assert values("4", PKG.deadlineAnchor) == ["после утверждения бюджета"]
    kinds = {n: fact_dataset.value(URIRef(P21 + f"measure/{n}"), PKG.deadlineKind) for n in ("1", "4", "5", "7")}
    assert kinds == {"1": PKG.DeadlinePeriod, "4": PKG.DeadlineRelative, "5": PKG.DeadlineContinuous,
                     "7": PKG.DeadlineAsNeeded}
    assert [str(v) for v in fact_dataset.objects(URIRef(P21 + "measure/1"), PKG.dueDate)] == ["2022-03-31"]


# --------------------------------------------------------------------------- 3. places with a printed type


def test_a_misspelt_city_with_its_prefix_keeps_its_money(fact_documents):
    item = fact_documents["grant_plan"].item("1.1")
    bishkek = item.allocations[0]
    assert (bishkek.territory_text, bishkek.places[0].place, bishkek.places[0].method, bishkek.places[0].score,
            bishkek.amount.value) == ("г. Бишкак", "KG-GB", "fuzzy", 83.3, D("400.0"))


# --------------------------------------------------------------------------- 4. vocabularies never widen


def test_a_qualified_category_is_not_the_broader_one(fact_documents, fact_dataset):
    plan = fact_documents["grant_plan"]
    assert plan.item("1.1").executor_categories == []
    assert plan.item("1.2").executor_categories == ["kg-non-profits"]
    # the graph holds a narrower, unreviewed concept of the document's own — not «НКО»
    narrower = URIRef(KG + "item/1.1/executor-category/1")
    assert list(fact_dataset.objects(URIRef(KG + "item/1.1"), PKG.executorCategory)) == [narrower]
    assert [str(v) for v in fact_dataset.objects(narrower, SKOS.prefLabel)] == ["НКО, работающие с выпускниками интернатов"]
    assert list(fact_dataset.objects(narrower, SKOS.broader)) == [URIRef(BASE + "concept/executor-category/kg-non-profits")]
    assert list(fact_dataset.objects(narrower, PKG.unreviewed)) == [Literal(True)]
    assert list(fact_dataset.objects(URIRef(KG + "item/1.2"), PKG.executorCategory)) == [
        URIRef(BASE + "concept/executor-category/kg-non-profits")]
    unresolved = [f for f in fact_documents["findings"] if f.kind == "unresolved-executor-category"]
    assert [(f.subject, f.data["text"]) for f in unresolved] == [("item 1.1", "НКО, работающие с выпускниками интернатов")]


# --------------------------------------------------------------------------- 5. names on the plan's date


def test_the_akimat_is_named_as_on_the_plans_date(fact_dataset):
    def name(plan):
        return {str(o) for o in fact_dataset.objects(URIRef(plan + "measure/1/responsibility/2"), PKG.agentName)}

    assert name(P21) == {"Акимат города Нур-Султан"}
    assert name(P23) == {"Акимат города Астана"}


def test_dated_names_are_skos_xl_labels_with_their_validity(fact_dataset):
    akimat = URIRef(BASE + "org/akimat-kz-71")
    labels = {}
    for label in fact_dataset.objects(akimat, SKOSXL.altLabel):
        labels[str(fact_dataset.value(label, SKOSXL.literalForm))] = (
            str(fact_dataset.value(label, URIRef("https://schema.org/validFrom"))),
            str(fact_dataset.value(label, URIRef("https://schema.org/validThrough"))))
    assert labels == {"Акимат города Нур-Султан": ("2019-03-23", "2022-09-16")}
    assert Literal("Акимат города Астана", lang="ru") in set(fact_dataset.objects(akimat, RDFS.label))


# --------------------------------------------------------------------------- 6. durations as printed


def test_duration_stays_as_printed(fact_dataset):
    assert list(fact_dataset.objects(URIRef(KG + "item/1.1"), PKG.duration)) == [Literal("P12M")]
    assert list(fact_dataset.objects(URIRef(KG + "item/1.2"), PKG.duration)) == [Literal("P6M")]


# --------------------------------------------------------------------------- 7. findings as resources


def test_findings_are_resources_with_their_figures(fact_dataset, catalogue):
    rows = run(fact_dataset, catalogue, "quality-figures")
    assert [(r[1], r[2], r[3], r[4], r[5]) for r in rows] == [
        ("sum-mismatch", KG + "item/1.1", D("900"), D("850"), D("-50")),
        ("arithmetic-slip", KG + "item/1.1", D("60"), D("80"), D("20")),
    ]


def test_quality_findings_query_names_kind_severity_and_text(fact_dataset, catalogue):
    rows = run(fact_dataset, catalogue, "quality-findings", kindContains="unresolved")
    assert [(r[1], r[2], r[3], r[4]) for r in rows] == [
        ("unresolved-executor-category", "Warning", KG + "item/1.1", "НКО, работающие с выпускниками интернатов"),
        ("unresolved-organisation", "Warning", P21 + "measure/4", "Управление связи Приозерного района"),
        ("unresolved-organisation", "Warning", P23 + "measure/4", "Управление связи Приозерного района"),
    ]
    fuzzy = run(fact_dataset, catalogue, "quality-findings", kindContains="fuzzy")
    assert {(r[2], r[4]) for r in fuzzy} == {("Info", "г. Бишкак"), ("Info", "г. Нарин")}


def test_finding_severity_is_a_shacl_severity(fact_dataset):
    severities = set(fact_dataset.objects(None, PKG.severity))
    assert severities == {SH.Warning, SH.Info}


def test_a_finding_has_its_resource_page(fact_dataset):
    from graph.linkeddata import LinkedData

    pages = LinkedData(fact_dataset, BASE)
    iri = pages.iri_for_path("/document/grantplan_kg_2022/finding/5")
    assert pages.known(iri)
    html = pages.html_page(iri, lambda fmt: f"?format={fmt}")
    assert "arithmetic-slip" in html and "8 человек x 5 городов x 2 групп = 60 человек." in html
