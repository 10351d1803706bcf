"""Akimat phrases of executor cells → gazetteer units (graph/normalize/akimats.py)."""
from __future__ import annotations

from datetime import date

import pytest

from graph.normalize.akimats import UnresolvedAkimats, akimat_organisation, expand_akimats
from graph.normalize.places import Gazetteer
from graph.records import Organisation

KZ_2020 = date(2020, 1, 1)
ALL_2020 = ["KZ-11", "KZ-15", "KZ-19", "KZ-23", "KZ-27", "KZ-31", "KZ-35", "KZ-39", "KZ-43", "KZ-47",
            "KZ-55", "KZ-59", "KZ-61", "KZ-63", "KZ-71", "KZ-75", "KZ-79"]
TITLE_2_2 = ("Начало строительства центра социальной реабилитации для лиц с инвалидностью на 150 мест за счет "
             "бюджетных средств в городе Алматы, ЗКО, ВКО, Актубинской, Алматинской области")


@pytest.fixture(scope="module")
def gz() -> Gazetteer:
    return Gazetteer.load()


def ids(places):
    return [p.id for p in places]


@pytest.mark.parametrize("phrase", [
    "Акиматы областей, городов Нур-Султан, Алматы, Шымкент",
    "Акиматы областей, городов Нур-Султан, Алматы и Шымкент",
    "Акиматы областей, городов Нур-Султан, Алматы, Шымкент (по согласованию)",
    "Акиматы областей, городов Нур-Султан, Алматы и Шымкент <i>(по согласованию)</i>",
    "акиматы областей и городов республиканского значения",
    "Акиматы всех регионов",
])
def test_all_first_level_units_2020(gz, phrase):
    assert sorted(ids(expand_akimats(phrase, country="KZ", on=KZ_2020, gazetteer=gz))) == ALL_2020


@pytest.mark.parametrize("day, count", [(date(2020, 1, 1), 17), (date(2022, 6, 7), 17), (date(2022, 6, 8), 20),
                                        (date(2023, 3, 1), 20)])
def test_all_oblasts_depends_on_the_date(gz, day, count):
    places = expand_akimats("Акиматы областей, городов Астана, Алматы, Шымкент", country="KZ", on=day, gazetteer=gz)
    assert len(places) == count
    assert ("KZ-10" in ids(places)) == (day >= date(2022, 6, 8))


@pytest.mark.parametrize("phrase, expected", [
    ("Акиматы городов Нур-Султан, Шымкент и Акмолинской области", ["KZ-71", "KZ-79", "KZ-11"]),
    ("Акимат Карагандинской области", ["KZ-35"]),
    ("акиматы Алматинской и Жамбылской областей", ["KZ-19", "KZ-31"]),
    ("Акимат города Алматы", ["KZ-75"]),
    ("Акиматы ЗКО и ВКО", ["KZ-27", "KZ-63"]),
    ("Акиматы городов Республиканского значения", ["KZ-71", "KZ-75", "KZ-79"]),
])
def test_named_akimats(gz, phrase, expected):
    assert ids(expand_akimats(phrase, country="KZ", on=KZ_2020, gazetteer=gz)) == expected


@pytest.mark.parametrize("phrase", ["Акиматы соответствующих регионов", "Акиматы соответствующих областей"])
def test_respective_regions_come_from_the_context(gz, phrase):
    places = expand_akimats(phrase, country="KZ", on=KZ_2020, gazetteer=gz, context=TITLE_2_2)
    assert ids(places) == ["KZ-75", "KZ-27", "KZ-63", "KZ-15", "KZ-19"]


def test_respective_regions_without_context_is_reported(gz):
    with pytest.raises(UnresolvedAkimats) as caught:
        expand_akimats("Акиматы соответствующих регионов", country="KZ", on=KZ_2020, gazetteer=gz)
    assert [text for text, _ in caught.value.unresolved] == ["соответствующих регионов"]


def test_unresolvable_name_is_reported_with_what_was_resolved(gz):
    with pytest.raises(UnresolvedAkimats) as caught:
        expand_akimats("Акиматы Лондонской области и г. Шымкент", country="KZ", on=KZ_2020, gazetteer=gz)
    error = caught.value
    assert isinstance(error, ValueError)
    assert [text for text, _ in error.unresolved] == ["Лондонской области"]
    assert ids(error.places) == ["KZ-79"]
    assert "Лондонской области" in str(error)


def test_unit_not_existing_on_the_date_is_reported(gz):
    with pytest.raises(UnresolvedAkimats, match="did not exist"):
        expand_akimats("Акимат Абайской области", country="KZ", on=KZ_2020, gazetteer=gz)
    assert ids(expand_akimats("Акимат Абайской области", country="KZ", on=date(2023, 1, 1), gazetteer=gz)) == ["KZ-10"]


@pytest.mark.parametrize("phrase", ["ДРПСУ", "Министерство труда"])
def test_not_an_akimat_phrase(gz, phrase):
    with pytest.raises(ValueError, match="not an akimat phrase"):
        expand_akimats(phrase, country="KZ", on=KZ_2020, gazetteer=gz)


def test_bare_akimaty_is_reported(gz):
    with pytest.raises(UnresolvedAkimats):
        expand_akimats("Акиматы (по согласованию)", country="KZ", on=KZ_2020, gazetteer=gz)


def test_default_gazetteer(gz):
    assert ids(expand_akimats("Акимат Карагандинской области", country="KZ", on=KZ_2020)) == ["KZ-35"]


@pytest.mark.parametrize("pid, oid, name, name_en", [
    ("KZ-11", "akimat-kz-11", "Акимат Акмолинской области", "Akimat of Akmola Region"),
    ("KZ-27", "akimat-kz-27", "Акимат Западно-Казахстанской области", "Akimat of West Kazakhstan Region"),
    ("KZ-75", "akimat-kz-75", "Акимат города Алматы", "Akimat of Almaty"),
    ("KZ-71", "akimat-kz-71", "Акимат города Астана", "Akimat of Astana"),
    ("KG-Y-issyk-kul-district", "akimat-kg-y-issyk-kul-district", "Акимат Иссык-Кульского района",
     "Akimat of Issyk-Kul District"),
])
def test_akimat_organisation(gz, pid, oid, name, name_en):
    org = akimat_organisation(gz.unit(pid))
    assert isinstance(org, Organisation)
    assert (org.id, org.name, org.name_en) == (oid, name, name_en)
    assert (org.kind, org.source, org.place, org.country) == ("akimat", "akimat", pid, pid[:2])
