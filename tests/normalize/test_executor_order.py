"""parse_executors: printed order of names, groups and their members; people; unknown full names."""
from __future__ import annotations

import pytest

from graph.normalize.executors import parse_executors
from graph.normalize.organisations import Directory
from graph.records import Organisation, Person

GLOSSARY = [
    ("ДРПСУ", "Департамент развития политики социальных услуг"),
    ("ДФ", "Департамент финансов"),
    ("ДЗН", "Департамент занятости населения"),
]


@pytest.fixture
def directory() -> Directory:
    return Directory.from_glossary(GLOSSARY, "KZ")


def named(phrase: str) -> list[Organisation]:
    """A stand-in expander: the members are the names after the head word, in printed order."""
    names = phrase.split(" ", 1)[1].replace(" и ", ", ").split(", ")
    return [Organisation(id=f"akimat-{n.lower()}", name=n, kind="akimat", source="akimat") for n in names]


def order(responsibilities):
    return [(r.position, r.member_position, r.role, r.organisation or (r.person and r.person.name) or r.text)
            for r in responsibilities]


def test_a_lead_group_keeps_its_members_in_printed_order(directory):
    result, unresolved = parse_executors("Акиматы Бета, Альфа и Гамма (по согласованию), ДФ, ДРПСУ",
                                         directory, expand_group=named)
    assert order(result) == [
        (1, 1, "lead", "akimat-бета"), (1, 2, "lead", "akimat-альфа"), (1, 3, "lead", "akimat-гамма"),
        (2, None, "co-executor", "kz-df"), (3, None, "co-executor", "kz-drpsu"),
    ]
    assert {r.group for r in result[:3]} == {"Акиматы Бета, Альфа и Гамма"}
    assert all(r.by_agreement for r in result[:3]) and not result[3].by_agreement
    assert unresolved == []


def test_a_group_printed_second_is_a_co_executor_group(directory):
    result, _ = parse_executors("ДЗН Акиматы Гамма, Альфа", directory, expand_group=named)
    assert order(result) == [(1, None, "lead", "kz-dzn"), (2, 1, "co-executor", "akimat-гамма"),
                             (2, 2, "co-executor", "akimat-альфа")]


def test_an_unexpanded_group_is_one_printed_position(directory):
    result, _ = parse_executors("ДФ Акиматы областей ДЗН", directory)
    assert order(result) == [(1, None, "lead", "kz-df"), (2, None, "co-executor", "Акиматы областей"),
                             (3, None, "co-executor", "kz-dzn")]


@pytest.mark.parametrize("text, people", [
    ("Иванов И.И.", [Person("Иванов И.И.")]),
    ("И.И. Иванов", [Person("И.И. Иванов")]),
    ("И. И. Иванов", [Person("И. И. Иванов")]),
    ("Петрова А.", [Person("Петрова А.")]),
    ("заместитель акима области Сейтказы Б.Н.", [Person("Сейтказы Б.Н.", "заместитель акима области")]),
    ("начальник управления г. Приозерска А.М. Рахимов", [Person("А.М. Рахимов", "начальник управления г. Приозерска")]),
    ("Руководитель аппарата Кожа-Ахмет Е.Т., Иванов И.И.",
     [Person("Кожа-Ахмет Е.Т.", "Руководитель аппарата"), Person("Иванов И.И.")]),
])
def test_people_are_persons_not_organisations(directory, text, people):
    result, unresolved = parse_executors(text, directory)
    assert [r.person for r in result] == people
    assert [r.organisation for r in result] == [None] * len(people)
    assert [r.position for r in result] == list(range(1, len(people) + 1))
    assert unresolved == []


def test_a_person_among_organisations_keeps_its_place_and_qualifier(directory):
    result, unresolved = parse_executors(
        "ДРПСУ, ТОО «Жаңа Жол», директор филиала Омарова Г.К. (по согласованию), ДФ", directory)
    assert order(result) == [(1, None, "lead", "kz-drpsu"), (2, None, "co-executor", "ТОО «Жаңа Жол»"),
                             (3, None, "co-executor", "Омарова Г.К."), (4, None, "co-executor", "kz-df")]
    assert result[2].person == Person("Омарова Г.К.", "директор филиала")
    assert result[2].text == "директор филиала Омарова Г.К."
    assert result[2].by_agreement is True
    assert unresolved == ["ТОО «Жаңа Жол»"]  # the unknown company is reported, the person is not


def test_an_organisation_written_out_in_full_that_nobody_knows_is_kept_and_reported(directory):
    result, unresolved = parse_executors("Управление цифровизации Приозерной области, ДФ", directory)
    assert [(r.organisation, r.text, r.position) for r in result] == [
        (None, "Управление цифровизации Приозерной области", 1), ("kz-df", "ДФ", 2)]
    assert unresolved == ["Управление цифровизации Приозерной области"]


def test_abbreviations_without_a_glossary_are_reported_not_guessed():
    result, unresolved = parse_executors("ДРПСУ, УЗ", Directory.from_glossary([], "KZ"))
    assert [(r.organisation, r.text, r.position) for r in result] == [(None, "ДРПСУ", 1), (None, "УЗ", 2)]
    assert unresolved == ["ДРПСУ", "УЗ"]


@pytest.mark.parametrize("text, names", [
    # a comma inside a name written out in full: lower-case words go on with it
    ("Департамент труда, занятости и социальной защиты населения г. Приозерска, Департамент финансов",
     ["Департамент труда, занятости и социальной защиты населения г. Приозерска", "Департамент финансов"]),
    # an abbreviation inside such a name, followed by lower-case words
    ("Управление Министерства связи РК по г. Приозерску, ДФ",
     ["Управление Министерства связи РК по г. Приозерску", "ДФ"]),
    # lower-case words after a comma that follow no written-out name stay a name of their own
    ("общественные объединения, неправительственные организации",
     ["общественные объединения", "неправительственные организации"]),
])
def test_names_written_out_in_full(directory, text, names):
    result, _ = parse_executors(text, directory)
    assert [r.text for r in result] == names
    assert [r.position for r in result] == list(range(1, len(names) + 1))


def test_an_akimat_phrase_ends_before_a_body_written_out_in_full(directory):
    seen = []
    result, unresolved = parse_executors("Районные акиматы города, Департамент культуры, ДФ", directory,
                                         expand_group=lambda phrase: seen.append(phrase) or [])
    assert seen == ["Районные акиматы города"]  # the adjective is part of the phrase
    assert [(r.position, r.text, r.group) for r in result] == [
        (1, "Районные акиматы города", "Районные акиматы города"), (2, "Департамент культуры", None), (3, "ДФ", None)]
    assert sorted(unresolved) == ["Департамент культуры", "Районные акиматы города"]
