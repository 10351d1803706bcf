"""Programmes, beneficiary categories and executor categories."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from graph.normalize.vocabularies import (
    find_beneficiaries, find_programs, split_beneficiaries, split_executor_categories, vocabulary,
)

DATA = Path(__file__).resolve().parents[2] / "graph" / "data"


@pytest.mark.parametrize("text, ids", [
    ("Обучение не менее 30 ЛСИ в месяц IT-навыкам в рамках государственной программы «Еңбек»", ["enbek"]),
    ("Выделение не менее 1000 микрокредитов по государственной программе «Енбек»", ["enbek"]),
    ("Департамент цифровизации МТСЗН; Еңбекминінің Қаржы департаменті", []),
    ("IT-курсы по опыту Фонда «Daug» в рамках программы «Цифровой Казахстан»", ["digital-kazakhstan"]),
    ("Развитие не менее 100 бизнес-проектов ЛСИ через программу «scale up»", ["scale-up"]),
    ("к Программе Международной ассоциации социального обеспечения «Vision Zero» (нулевой травматизм)",
     ["vision-zero"]),
    ("с использованием электронной карты семьи в портале e-Халық", ["e-halyk"]),
    ("по примеру центров активного долголетия и «Бақытты отбасы»",
     ["active-longevity-centres", "bakytty-otbasy"]),
    ("«Еңбек» и «Цифровой Казахстан», затем снова «Енбек»", ["enbek", "digital-kazakhstan"]),
    ("Внедрение Портала социальных услуг с оцифровкой 5-и процессов", ["social-services-portal"]),
    ("Разработка концепции и сметы расходов", []),
])
def test_find_programs(text, ids):
    assert find_programs(text) == ids


@pytest.mark.parametrize("text, country, ids", [
    ("Подготовка лиц с инвалидностью (ЛСИ) к рынку труда", "KZ", ["kz-persons-with-disabilities"]),
    ("Мониторинг не исполнения квоты трудоустройства инвалидов", "KZ", ["kz-persons-with-disabilities"]),
    ("Проведение адаптационной работы с семьями, имеющими ЛСИ с особыми потребностями", "KZ",
     ["kz-families-with-pwd-special-needs"]),
    ("Выявление семей, имеющих ЛСИ с особыми потребностями в разрезе регионов", "KZ",
     ["kz-families-with-pwd-special-needs"]),
    ("Организация приема обращений для лиц с нарушением слуха", "KZ", ["kz-persons-with-hearing-impairment"]),
    ("Ранний скрининг детей с инвалидностью и ЛСИ", "KZ",
     ["kz-children-with-disabilities", "kz-persons-with-disabilities"]),
    ("Профилактика и предупреждение инвалидности", "KZ", []),
    ("Улучшение качества жизни ЛОВЗ и пожилых граждан", "KG", ["kg-persons-with-disabilities", "kg-older-persons"]),
    ("Улучшение качества жизни ЛОВЗ и пожилых граждан", "KZ", []),  # another country's scheme
    ("Социализация выпускников учреждений интернатного типа", "KG", ["kg-residential-care-leavers"]),
])
def test_find_beneficiaries(text, country, ids):
    assert find_beneficiaries(text, country) == ids


@pytest.mark.parametrize("cell, ids, unresolved", [
    ("ЛОВЗ, ДОВЗ пожилые граждане",
     ["kg-persons-with-disabilities", "kg-children-with-disabilities", "kg-older-persons"], []),
    ("Пожилые граждане, ЛОВЗ", ["kg-older-persons", "kg-persons-with-disabilities"], []),
    ("ЛОВЗ и пожилые граждане", ["kg-persons-with-disabilities", "kg-older-persons"], []),
    ("ЛОВЗ и граждане", ["kg-persons-with-disabilities"], ["граждане"]),
    ("Дети с ОВЗ", ["kg-children-with-disabilities"], []),
    ("Лица пострадавшие от семейного насилия", ["kg-victims-of-domestic-violence"], []),
    ("Лица, совершившие семейное насилие", ["kg-perpetrators-of-domestic-violence"], []),
    ("Беженцы, лица ищущие убежище", ["kg-refugees", "kg-asylum-seekers"], []),
    ("Безработные женщины и молодежь", ["kg-unemployed-women", "kg-youth"], []),
    ("Безработные", ["kg-unemployed"], []),
    ("Родители и дети, жертвы насилия", ["kg-parents-and-child-victims-of-violence"], []),
    ("Кандидаты в приемные и семьи и усыновители", ["kg-prospective-adoptive-parents"], []),
    ("Дети - сироты и дети, оставшихся без попечения родителей", ["kg-orphans"], []),
    ("Дети в ТЖС", ["kg-children-in-difficult-situations"], []),
    ("Дети находящиеся в конфликте с законом", ["kg-children-in-conflict-with-law"], []),
    ("Мигранты, ЛОВЗ и ветераны труда", ["kg-persons-with-disabilities"], ["Мигранты", "ветераны труда"]),
    ("", [], []),
])
def test_split_beneficiaries(cell, ids, unresolved):
    assert split_beneficiaries(cell, "KG") == (ids, unresolved)


@pytest.mark.parametrize("cell, ids, unresolved", [
    ("НКО", ["kg-non-profits"], []),
    ("Кризисные центры", ["kg-crisis-centres"], []),
    ("Кризисные центры, работающие с коррекционной программой", ["kg-crisis-centres-correctional"], []),
    ("НКО предоставляющие услуги беженцам", ["kg-non-profits-serving-refugees"], []),
    ("НКО, кризисные центры", ["kg-non-profits", "kg-crisis-centres"], []),
    ("Муниципальные учреждения", [], ["Муниципальные учреждения"]),
])
def test_split_executor_categories(cell, ids, unresolved):
    assert split_executor_categories(cell) == (ids, unresolved)


# ---- the files


def read(name: str) -> list[dict[str, str]]:
    with open(DATA / f"{name}.tsv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.mark.parametrize("name, columns, count, prefixed", [
    ("programs", ["id", "name_ru", "name_en", "kind", "country", "patterns", "note"], 8, False),
    ("beneficiaries", ["id", "country", "pref_label_ru", "pref_label_en", "alt_labels", "hidden_labels",
                       "close_match", "broader", "definition"], 22, True),
    ("executor_categories", ["id", "country", "pref_label_ru", "pref_label_en", "alt_labels", "broader", "note"], 4, True),
])
def test_files_are_well_formed(name, columns, count, prefixed):
    rows = read(name)
    assert len(rows) == count == len(vocabulary(name).concepts)
    ids = {r["id"] for r in rows}
    assert len(ids) == len(rows)
    for row in rows:
        assert list(row) == columns and None not in row.values(), row["id"]
        # Category ids carry their country's scheme; programme ids are one scheme for all.
        assert row["id"].startswith(("kz-", "kg-")) == prefixed, row["id"]
        assert row.get("broader", "") in ("", *ids), row["id"]


def test_programme_kinds():
    kinds = {"state-programme", "programme", "portal", "international-programme", "centre-model"}
    assert {r["kind"] for r in read("programs")} <= kinds


def test_close_matches_are_mutual_and_cross_country():
    rows = {r["id"]: r for r in read("beneficiaries")}
    pairs = {(r["id"], m) for r in rows.values() for m in r["close_match"].split("|") if m}
    assert pairs == {
        ("kz-persons-with-disabilities", "kg-persons-with-disabilities"),
        ("kg-persons-with-disabilities", "kz-persons-with-disabilities"),
        ("kz-children-with-disabilities", "kg-children-with-disabilities"),
        ("kg-children-with-disabilities", "kz-children-with-disabilities"),
    }
    assert all(rows[a]["country"] != rows[b]["country"] for a, b in pairs)


def test_no_label_names_two_concepts():
    from graph.normalize.phrases import phrase_key
    for name in ("programs", "beneficiaries", "executor_categories"):
        seen: dict[tuple, str] = {}
        for concept in vocabulary(name).concepts:
            for label in concept.labels:
                key = (concept.country, phrase_key(label))
                assert seen.setdefault(key, concept.id) == concept.id, (name, label)
