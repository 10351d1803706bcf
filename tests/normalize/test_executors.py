"""Executors cells → responsibilities (roadmap layout)."""
from __future__ import annotations

import pytest

from graph.normalize.executors import parse_executors
from graph.normalize.organisations import Directory
from graph.records import Organisation

AKIMATS = "Акиматы областей, городов Нур-Султан, Алматы, Шымкент"
AKIMATS_I = "Акиматы областей, городов Нур-Султан, Алматы и Шымкент"
THREE = ["akimat-a", "akimat-b", "akimat-c"]


def entries(text: str) -> list[tuple[str, str]]:
    return [tuple(line.strip().split(" – ", 1)) for line in text.splitlines()]


@pytest.fixture
def roadmap(roadmap_glossary) -> Directory:
    return Directory.from_glossary(roadmap_glossary, "KZ")


def three_akimats(phrase: str) -> list[Organisation]:
    """A stand-in for the akimat expansion: every phrase names three akimats."""
    return [Organisation(id=i, name=i, kind="akimat", source="akimat") for i in THREE]


def rows(responsibilities):
    """(organisation, role, flags, duty, group) with flags 'A' by agreement, 'C' consolidation and control."""
    return [(r.organisation, r.role, ("A" if r.by_agreement else "") + ("C" if r.consolidation_control else ""),
             r.duty, r.group) for r in responsibilities]


L, CO = "lead", "co-executor"

CASES = [
    ("ДРПСУ ДЗН", [("kz-mtszn-drpsu", L, "", None, None), ("kz-mtszn-dzn", CO, "", None, None)], []),
    ("ДРПСУ ДФ ДЗН", [("kz-mtszn-drpsu", L, "", None, None), ("kz-mtszn-df", CO, "", None, None),
                      ("kz-mtszn-dzn", CO, "", None, None)], []),
    ("ДЦ, ДРПСУ", [("kz-mtszn-dts", L, "", None, None), ("kz-mtszn-drpsu", CO, "", None, None)], []),
    ("ДРПСУ (составление БЗ) ДФ (внесение БЗ в МФ)",
     [("kz-mtszn-drpsu", L, "", "составление БЗ", None), ("kz-mtszn-df", CO, "", "внесение БЗ в МФ", None)], []),
    (f"ДЗН {AKIMATS} (по согласованию)",
     [("kz-mtszn-dzn", L, "", None, None)] + [(a, CO, "A", None, AKIMATS) for a in THREE], []),
    ("Акиматы городов Нур-Султан, Шымкент и Акмолинской области <i>(по согласованию)</i> ДРПСУ, ДФ <i>(свод и контроль)</i>",
     [(a, L, "A", None, "Акиматы городов Нур-Султан, Шымкент и Акмолинской области") for a in THREE]
     + [("kz-mtszn-drpsu", CO, "", None, None), ("kz-mtszn-df", CO, "C", None, None)], []),
    ("Акиматы городов Нур-Султан, Шымкент и Акмолинской области (по согласованию) ДРПСУ, ДФ (свод и контроль)",
     [(a, L, "A", None, "Акиматы городов Нур-Султан, Шымкент и Акмолинской области") for a in THREE]
     + [("kz-mtszn-drpsu", CO, "", None, None), ("kz-mtszn-df", CO, "C", None, None)], []),
    (f"{AKIMATS} КТСЗМ МИИР (по согласованию)",
     [(a, L, "", None, AKIMATS) for a in THREE]
     + [("kz-ktszm", CO, "", None, None), ("kz-miir", CO, "A", None, None)], []),
    (f"{AKIMATS_I} (по согласованию) МКС (по согласованию)",
     [(a, L, "A", None, AKIMATS_I) for a in THREE] + [("kz-mks", CO, "A", None, None)], []),
    ("ДАРГУ (по 1411) АО «ЦРТР» (по ЦЗН) НАО «Госкорпорация «Правительство для граждан» (по согласованию)",
     [("kz-mtszn-dargu", L, "", "по 1411", None), ("kz-tsrtr", CO, "", "по ЦЗН", None),
      ("kz-government-for-citizens", CO, "A", None, None)], []),
    (f"ДРПСУ Пресс-служба МТСЗН {AKIMATS} (по согласованию)",
     [("kz-mtszn-drpsu", L, "", None, None), ("kz-mtszn-press-service", CO, "", None, None)]
     + [(a, CO, "A", None, AKIMATS) for a in THREE], []),
    (f"{AKIMATS} (по согласованию) Институты развития (по согласованию) ДЗН",
     [(a, L, "A", None, AKIMATS) for a in THREE]
     + [("kz-development-institutions", CO, "A", None, None), ("kz-mtszn-dzn", CO, "", None, None)], []),
    (f"КТСЗМ {AKIMATS_I} <i>(по согласованию)</i> Республиканские объединения работодателей и профессиональных союзов <i>(по согласованию)</i>",
     [("kz-ktszm", L, "", None, None)] + [(a, CO, "A", None, AKIMATS_I) for a in THREE]
     + [("kz-social-partners", CO, "A", None, None)], []),
    ("ДАРГУ ДРПСУ АО «ЦРТР» Акиматы областей, городов Нур-Султан,\n\n\tАлматы, Шымкент (по согласованию)",
     [("kz-mtszn-dargu", L, "", None, None), ("kz-mtszn-drpsu", CO, "", None, None), ("kz-tsrtr", CO, "", None, None)]
     + [(a, CO, "A", None, AKIMATS) for a in THREE], []),
    # «ДРПС» is in neither the glossary nor the registry: reported, never read as ДРПСП or ДРПСУ.
    (f"{AKIMATS} (по согласованию) ДРПС ДРПСУ",
     [(a, L, "A", None, AKIMATS) for a in THREE]
     + [(None, CO, "", None, None), ("kz-mtszn-drpsu", CO, "", None, None)], ["ДРПС"]),
    ("ДРПС", [(None, L, "", None, None)], ["ДРПС"]),
    # Unknown multi-word text is reported as printed, split at commas.
    ("ДЗН Фонд «Daug», ОО «АРДИ» (по согласованию)",
     [("kz-mtszn-dzn", L, "", None, None), (None, CO, "", None, None), (None, CO, "A", None, None)],
     ["Фонд «Daug»", "ОО «АРДИ»"]),
    ("(по согласованию) ДЗН", [("kz-mtszn-dzn", L, "", None, None)], ["(по согласованию)"]),
    ("ДЗН и ДФ (свод и контроль, по согласованию)",
     [("kz-mtszn-dzn", L, "", None, None), ("kz-mtszn-df", CO, "AC", None, None)], []),
    ("", [], []),
]


@pytest.mark.parametrize("cell, expected, unresolved", CASES)
def test_parse_executors(cell, expected, unresolved, roadmap):
    responsibilities, missing = parse_executors(cell, roadmap, expand_group=three_akimats)
    assert rows(responsibilities) == expected
    assert missing == unresolved


def test_printed_text_is_kept(roadmap):
    responsibilities, _ = parse_executors("ДРПС АО «ЦРТР» (по ЦЗН)", roadmap)
    assert [r.text for r in responsibilities] == ["ДРПС", "АО «ЦРТР»"]


def test_group_without_expander_is_one_unresolved_responsibility(roadmap):
    responsibilities, missing = parse_executors(f"ДЗН {AKIMATS} (по согласованию)", roadmap)
    assert rows(responsibilities) == [("kz-mtszn-dzn", L, "", None, None), (None, CO, "A", None, AKIMATS)]
    assert missing == []


def test_group_the_expander_cannot_resolve_is_reported(roadmap):
    responsibilities, missing = parse_executors("Акиматы соответствующих регионов (по согласованию)", roadmap,
                                                expand_group=lambda phrase: [])
    assert rows(responsibilities) == [(None, L, "A", None, "Акиматы соответствующих регионов")]
    assert missing == ["Акиматы соответствующих регионов"]


def test_expander_receives_the_printed_phrase(roadmap):
    seen = []
    parse_executors("Акиматы ЗКО, ВКО и Актюбинской области (по согласованию) МЗ", roadmap,
                    expand_group=lambda phrase: seen.append(phrase) or [])
    assert seen == ["Акиматы ЗКО, ВКО и Актюбинской области"]


def test_registry_names_used_by_a_cell_join_the_directory(roadmap):
    directory = roadmap
    parse_executors("ДЗН НАО «Госкорпорация «Правительство для граждан»", directory)
    assert directory.organisations()[-1].id == "kz-government-for-citizens"


# ---- another ministry, other abbreviations (invented glossary)

HEALTH_GLOSSARY = [
    ("ДОМП", "Департамент организации медицинской помощи МЗ;"),
    ("ДФ", "Департамент финансов МЗ;"),
    ("КМФК", "Комитет медицинского и фармацевтического контроля МЗ;"),
    ("ФСМС", "некоммерческое акционерное общество «Фонд социального медицинского страхования»;"),
    ("МЗ", "Министерство здравоохранения Республики Казахстан;"),
]


@pytest.mark.parametrize("cell, expected, unresolved", [
    ("ДОМП, КМФК ДФ (свод)", [("kz-mz-domp", L, "", None, None), ("kz-mz-kmfk", CO, "", None, None),
                              ("kz-mz-df", CO, "", "свод", None)], []),
    ("ФСМС (по согласованию) ДОМП МТСЗН", [("kz-fsms", L, "A", None, None), ("kz-mz-domp", CO, "", None, None),
                                           ("kz-mtszn", CO, "", None, None)], []),
    ("Местные исполнительные органы (по согласованию) ДОМП", [("kz-mio", L, "A", None, None),
                                                            ("kz-mz-domp", CO, "", None, None)], []),
    ("ДЗН ДОМП", [(None, L, "", None, None), ("kz-mz-domp", CO, "", None, None)], ["ДЗН"]),
])
def test_other_ministry(cell, expected, unresolved):
    directory = Directory.from_glossary(HEALTH_GLOSSARY, "KZ")
    responsibilities, missing = parse_executors(cell, directory, expand_group=three_akimats)
    assert rows(responsibilities) == expected
    assert missing == unresolved
