"""The Kyrgyzstan grant plan, read: counts, every amount, and the corrections."""
from __future__ import annotations

from decimal import Decimal as D

import pytest


def amounts(item):
    return [a.amount.value if a.amount else None for a in item.allocations]


def places(allocation):
    return [p.place for p in allocation.places]


def test_counts(grant_plan):
    assert [s.number for s in grant_plan.sections] == [1, 2, 3, 4, 5]
    assert [i.number for i in grant_plan.items] == [
        "1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "3.1", "4.1", "5.1", "5.2", "5.3", "5.4", "5.5"]


def test_plan_title_block(grant_plan):
    plan = grant_plan.plan
    assert (plan.layout, plan.country, plan.year) == ("grant-plan", "KG", 2022)
    assert (plan.legal_act, plan.legal_act_number, plan.legal_act_date) == ("распоряжение", "29", "2022-07-04")
    assert plan.annex == "Приложение 2"
    assert plan.issuer == "kg-mtsom" and plan.id == "kg-mtsom-2022-grant-plan"
    assert plan.title == "План реализации программы государственного социального заказа на 2022 год"


def test_sections(grant_plan):
    s = grant_plan.sections
    assert s[0].title == "Улучшение качества жизни ЛОВЗ и пожилых граждан"
    assert s[2].title == "Поддержка беженцев и лиц ищущих убежище (Безопасная миграция)"
    assert s[0].form == "Форма государственного социального заказа - государственное финансирование общественно полезных проектов"


@pytest.mark.parametrize("number, total, regional", [
    ("1.1", D("3248.7"), [D("1054.9"), D("1153.8"), D("357.9"), D("682.1")]),
    ("1.2", D("3747.5"), [D("1582.2"), D("576.9"), D("536.9"), D("541.4"), D("510.0")]),
    ("1.3", D("5656.5"), [D("2205.4"), D("1700.0"), D("1751.1")]),
    ("1.4", None, [D("1076.6")]),
    ("1.5", D("3226.1"), [D("367.6"), D("370.0"), D("370.2"), D("358.0"), D("366.6"), D("341.1"), D("340.0"), D("361.0")]),
    ("2.1", D("4421.1"), []),
    ("2.2", D("1894.8"), []),
    ("3.1", D("1000.0"), []),
    ("4.1", D("1125.7"), [D("483.6"), D("642.1")]),
    ("5.1", D("2929.9"), [None] * 6),
    ("5.2", D("1261.1"), [D("459.5"), D("406.2"), D("395.4")]),
    ("5.3", D("2604.7"), [D("525.1"), D("558.9"), D("348.6"), D("663.2"), D("508.9")]),
    ("5.4", D("2383.8"), [D("700.1"), D("372.6"), D("663.2"), D("322.7"), D("325.2")]),
    ("5.5", D("2425.1"), [D("350.1"), D("663.2"), D("325.2"), D("341.4")]),
])
def test_every_amount(grant_plan, number, total, regional):
    item = grant_plan.item(number)
    assert (item.total.value if item.total else None) == total
    assert amounts(item) == regional


def test_subtotal(grant_plan):
    (sub,) = grant_plan.subtotals
    assert (sub.label, sub.section, sub.amount.value, sub.items) == ("Итого", 2, D("6315.9"), ["2.1", "2.2"])


def test_item_fields(grant_plan):
    item = grant_plan.item("1.1")
    assert item.beneficiaries_text == "ЛОВЗ, ДОВЗ пожилые граждане"
    assert item.executor_category_text == "НКО" and item.duration == "P12M"
    assert item.total_text == "Всего по республике, из них:"
    item = grant_plan.item("4.1")
    assert item.goal == "Поддержка женских традиционных ремесленных молодежных (стартапы)"
    assert item.beneficiaries_text == "Безработные женщины и молодежь"
    assert item.prov.lines == [58, 60]
    assert grant_plan.item("2.2").executor_category_text == "Кризисные центры, работающие с коррекционной программой"


def test_territories_resolved(grant_plan):
    batken = grant_plan.item("1.1").allocations[0]
    assert batken.territory_text == "Баткенская область: Лейлекский р-н; Кадамжайский р-н; Баткенский р-н."
    assert places(batken)[0] == "KG-B" and len(batken.places) == 4
    assert all(p.parent == "KG-B" for p in batken.places[1:])
    assert [places(a)[0] for a in grant_plan.item("4.1").allocations] == ["KG-J", "KG-Y"]
    assert [places(a)[0] for a in grant_plan.item("5.1").allocations] == ["KG-GB", "KG-C", "KG-O", "KG-J", "KG-Y", "KG-T"]
    assert places(grant_plan.item("5.2").allocations[1]) == ["KG-O", "KG-GO"]


def test_misspelt_places_matched_with_score(grant_plan):
    bishkek = grant_plan.item("5.2").allocations[0].places[0]
    assert (bishkek.text, bishkek.place, bishkek.method) == ("г. Биппек", "KG-GB", "fuzzy") and bishkek.score >= 60
    talas = grant_plan.item("5.4").allocations[3].places[0]
    assert (talas.place, talas.method) == ("KG-T", "fuzzy")


def test_page_break_territory_rejoined(grant_plan):
    first = grant_plan.item("1.2").allocations[0]
    assert first.territory_text == "Баткенская обл. (Лейлекский и Кадамжайские р-ны, г. Кызыл-Кия);"
    assert first.prov.lines == [23, 26]
    assert places(first)[0] == "KG-B"


def test_curation_moves_rows_and_is_visible(grant_plan):
    item = grant_plan.item("1.3")
    assert [a.prov.lines for a in item.allocations] == [[32], [33], [34]]
    assert all(a.prov.curation == ["kg2022-regions-of-1.3"] for a in item.allocations)
    assert "kg2022-regions-of-1.2" in grant_plan.item("1.2").prov.curation
    assert grant_plan.item("1.4").allocations[0].indicator.endswith("нуждающегося в постоянном уходе и надзоре")
    assert grant_plan.item("1.5").allocations[-1].indicator is None


def test_indicator_continued_after_page_break(grant_plan):
    (text,) = grant_plan.item("1.2").indicators
    assert text.startswith("Более 800 пожилых граждан или ЛОВЗ") and "в зоне стихийных бедствий, получивших" in text


def test_sum_mismatches_reported_with_figures(findings):
    got = sorted((f.subject, f.data["sum"], f.data["total"], f.data["difference"]) for f in findings if f.kind == "sum-mismatch")
    assert got == [("item 1.2", "3747.4", "3747.5", "-0.1"), ("item 1.5", "2874.5", "3226.1", "-351.6"),
                   ("item 5.5", "1679.9", "2425.1", "-745.2")]


def test_arithmetic_slips_reported(findings):
    got = sorted((f.subject, f.data["computed"], f.data["stated"]) for f in findings if f.kind == "arithmetic-slip")
    assert got == [("item 1.1", "1080", "120"), ("item 1.5", "1080", "120")]
    assert not [f for f in findings if f.kind == "subtotal-mismatch"]
