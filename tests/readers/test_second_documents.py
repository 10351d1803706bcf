"""Documents the readers were not written against: same layouts, other rows, same quirks."""
from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

from graph.pipeline import read_documents

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def second():
    documents, findings = read_documents([DATA / "roadmap_kz_mz_2021.txt", DATA / "grantplan_kg_2023.txt"])
    return documents[0], documents[1], findings


def test_roadmap_structure(second):
    roadmap, _, _ = second
    assert roadmap.plan.id == "kz-mz-2021-roadmap"
    assert (roadmap.plan.approver, roadmap.plan.date) == ("А. Цой", "2021-03-15")
    assert [t.number for t in roadmap.tasks] == [1, 2]
    assert [m.number for m in roadmap.measures] == ["1", "1.1", "1.2", "1.3", "2", "3", "4"]
    assert [m.task for m in roadmap.measures] == [1, 1, 1, 1, 1, 2, 2]
    assert len(roadmap.glossary) == 5


def test_roadmap_values(second):
    roadmap, _, findings = second
    m = roadmap.measure("1.2")
    assert (m.deadline.kind, m.deadline.start, m.deadline.end) == ("period", "2021-05", "2021-08")
    assert sorted(r.organisation for r in m.responsibilities if r.group) == ["akimat-kz-31", "akimat-kz-35"]
    assert [t.value for t in m.targets] == [D("40")]
    m = roadmap.measure("1.3")
    assert m.prov.lines == [18, 20]
    assert len([r for r in m.responsibilities if r.group]) == 17
    assert [(d.frequency, d.recipient) for d in m.reporting] == [("P3M", "kz-mz")]
    assert roadmap.measure("2").programs == ["enbek"]
    m = roadmap.measure("3")
    assert [(r.organisation, r.duty, r.by_agreement) for r in m.responsibilities][:2] == [
        ("kz-mz-domp", "подготовка материалов", False), ("kz-npp-atameken", None, True)]
    assert any(f.kind == "unresolved-organisation" and f.data["text"] == "ДХЗ" for f in findings)
    m = roadmap.measure("4")
    assert m.heading == "Мониторинг доступности услуг" and m.detail == "(опросы, проверки и т.д.)"
    assert m.deadline.start == "2021" and m.deadline.year_from_document
    assert sorted(r.organisation for r in m.responsibilities if r.group) == ["akimat-kz-35", "akimat-kz-75", "akimat-kz-79"]


def test_grant_plan_structure(second):
    _, plan, _ = second
    assert plan.plan.id == "kg-mtsom-2023-grant-plan"
    assert (plan.plan.legal_act, plan.plan.legal_act_number, plan.plan.legal_act_date) == ("приказ", "7", "2023-01-12")
    assert [s.number for s in plan.sections] == [1, 2, 3]
    assert [i.number for i in plan.items] == ["1.1", "1.2", "2.1", "2.2", "3.1"]
    assert [(s.amount.value, s.items) for s in plan.subtotals] == [(D("2800.0"), ["2.1", "2.2"])]


def test_grant_plan_amounts_and_places(second):
    _, plan, _ = second
    item = plan.item("1.1")
    assert item.total.value == D("1500.0")
    assert [(a.amount.value, a.places[0].place) for a in item.allocations] == [(D("700.0"), "KG-N"), (D("800.0"), "KG-T")]
    assert item.allocations[1].territory_text == "Таласская обл. (Манасский и Кара-Бууринский р-ны);"
    assert item.allocations[1].indicator == "Около 50 пожилых граждан в месяц получат уход."
    kochkor, at_bashy = item.allocations[0].places[1:]
    assert kochkor.method == "exact" and (at_bashy.method, at_bashy.parent) == ("unlisted", "KG-N")
    assert at_bashy.proposed_id == "KG-N-at-bashin-district"  # kept, under its region, in the records too
    item = plan.item("1.2")
    assert item.total.value == D("900.0")
    assert [(a.amount.value, a.places[0].place, a.places[0].method) for a in item.allocations] == [
        (D("500.0"), "KG-GB", "fuzzy"), (D("350.0"), "KG-J", "fuzzy")]
    item = plan.item("3.1")
    assert [(a.amount.value, [p.place for p in a.places]) for a in item.allocations] == [
        (D("500.0"), ["KG-GB"]), (D("400.0"), ["KG-O", "KG-GO"]), (D("60.0"), ["KG-N"])]


def test_grant_plan_quality(second):
    _, _, findings = second
    sums = sorted((f.subject, f.data["difference"]) for f in findings if f.kind == "sum-mismatch" and f.document == "grantplan_kg_2023")
    assert sums == [("item 1.2", "-50.0"), ("item 3.1", "10.0")]
    slips = [(f.subject, f.data["computed"]) for f in findings if f.kind == "arithmetic-slip"]
    assert slips == [("item 1.2", "360")]
