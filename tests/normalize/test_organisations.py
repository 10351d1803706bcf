"""The organisation directory: glossary first, registry for the gaps, stable ids."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from graph.normalize.organisations import (
    Directory, abbreviation_key, first_clause, infer_kind, load_registry, organisation_id,
)

DATA = Path(__file__).resolve().parents[2] / "graph" / "data"

# An invented glossary of another ministry: other abbreviations, its own «ДФ».
HEALTH_GLOSSARY = """\
ДОМП – Департамент организации медицинской помощи МЗ;
ДФ – Департамент финансов МЗ;
КМФК – Комитет медицинского и фармацевтического контроля МЗ;
ФСМС – некоммерческое акционерное общество «Фонд социального медицинского страхования»;
ОСМС – обязательное социальное медицинское страхование;
МЗ – Министерство здравоохранения Республики Казахстан;
ПРООН – Программа развития ООН."""


def entries(text: str) -> list[tuple[str, str]]:
    return [tuple(line.strip().split(" – ", 1)) for line in text.splitlines()]


@pytest.fixture
def roadmap(roadmap_glossary) -> Directory:
    return Directory.from_glossary(roadmap_glossary, "KZ")


@pytest.fixture
def health() -> Directory:
    return Directory.from_glossary(entries(HEALTH_GLOSSARY), "KZ")


@pytest.mark.parametrize("abbreviation, org_id, kind, parent", [
    ("ДЗН", "kz-mtszn-dzn", "department", "kz-mtszn"),
    ("ДРПСУ", "kz-mtszn-drpsu", "department", "kz-mtszn"),
    ("ДРПСП", "kz-mtszn-drpsp", "department", "kz-mtszn"),
    ("ДЦ", "kz-mtszn-dts", "department", "kz-mtszn"),
    ("КТСЗМ", "kz-ktszm", "committee", "kz-mtszn"),
    ("МТСЗН", "kz-mtszn", "ministry", None),
    ("АДГС", "kz-adgs", "agency", None),
    ("АО «ЦРТР»", "kz-tsrtr", "state-company", "kz-mtszn"),
    ("НПП «Атамекен»", "kz-npp-atameken", "chamber", None),
])
def test_roadmap_glossary_organisations(roadmap, abbreviation, org_id, kind, parent):
    org = roadmap.lookup(abbreviation)
    assert (org.id, org.kind, org.parent, org.source) == (org_id, kind, parent, "glossary")


def test_glossary_junk_after_semicolon_is_dropped(roadmap):
    assert roadmap.lookup("ДЦ").name == "Департамент цифровизации МТСЗН"


def test_terms_are_kept_out_of_the_directory(roadmap):
    assert roadmap.terms == {"ТСР": "технические средства реабилитации"}
    assert roadmap.lookup("ТСР") is None
    assert "ТСР" not in {o.abbreviation for o in roadmap.organisations()}


@pytest.mark.parametrize("printed, org_id", [
    ("ЦРТР", "kz-tsrtr"),
    ("АО «ЦРТР»", "kz-tsrtr"),
    ("дзн", "kz-mtszn-dzn"),
    ("Министерство труда и социальной защиты населения Республики Казахстан", "kz-mtszn"),
    ("Министерство труда и социальной защиты населения РК", "kz-mtszn"),
    ("Министерство финансов", "kz-mf"),
    ("Пресс-служба МТСЗН", "kz-mtszn-press-service"),
    ("НАО «Госкорпорация «Правительство для граждан»", "kz-government-for-citizens"),
    ("Институты развития", "kz-development-institutions"),
    ("региональные палаты предпринимателей", "kz-regional-chambers-of-entrepreneurs"),
    ("холдинг «Байтерек»", "kz-baiterek"),
    ("AstanaHub", "kz-astana-hub"),
    ("МЦРИАП", "kz-mtsriap"),
    ("Администрация Президента РК", "kz-presidential-administration"),
    ("МИО", "kz-mio"),
    ("ЦЗН", "kz-tszn"),
    ("ПРООН", "int-proon"),
    ("ДРПС", None),
    ("ДРПСУ ДФ", None),
    ("МТСОМ", None),  # Kyrgyz: not in a KZ document's directory
])
def test_lookup(roadmap, printed, org_id):
    org = roadmap.lookup(printed)
    assert (org.id if org else None) == org_id


def test_registry_fills_english_names_of_glossary_entries(roadmap):
    mtszn = roadmap.lookup("МТСЗН")
    assert mtszn.name == "Министерство труда и социальной защиты населения Республики Казахстан"
    assert mtszn.name_en.startswith("Ministry of Labour and Social Protection")
    assert mtszn.wikidata is None


def test_organisations_lists_glossary_then_used_registry_entries(roadmap):
    assert len(roadmap.organisations()) == 17
    roadmap.lookup("Пресс-служба МТСЗН")
    roadmap.lookup("региональные палаты предпринимателей")
    ids = [o.id for o in roadmap.organisations()]
    assert ids[-2:] == ["kz-mtszn-press-service", "kz-regional-chambers-of-entrepreneurs"]
    assert "kz-mne" not in ids


def test_organisations_include_registry_parents():
    directory = Directory.from_glossary([], "KZ")
    directory.lookup("ЦЗН")
    assert [o.id for o in directory.organisations()] == ["kz-tszn", "kz-mio"]


def test_get(roadmap):
    assert roadmap.get("kz-mtszn-dzn").abbreviation == "ДЗН"
    assert roadmap.get("int-proon").source == "registry"
    with pytest.raises(KeyError):
        roadmap.get("kz-nothing")


# ---- another ministry's glossary


@pytest.mark.parametrize("abbreviation, org_id, kind, parent", [
    ("ДОМП", "kz-mz-domp", "department", "kz-mz"),
    ("ДФ", "kz-mz-df", "department", "kz-mz"),
    ("КМФК", "kz-mz-kmfk", "committee", "kz-mz"),
    ("ФСМС", "kz-fsms", "state-company", None),
    ("МЗ", "kz-mz", "ministry", None),
    ("ПРООН", "int-proon", "international", None),
])
def test_other_ministry_glossary(health, abbreviation, org_id, kind, parent):
    org = health.lookup(abbreviation)
    assert (org.id, org.kind, org.parent) == (org_id, kind, parent)


def test_other_ministry_terms(health):
    assert health.terms == {"ОСМС": "обязательное социальное медицинское страхование"}


def test_same_abbreviation_in_two_ministries_gives_two_organisations(roadmap, health):
    # The documented cost of `<country>-<abbreviation>` ids: the parent tells the two apart.
    mtszn, mz = roadmap.lookup("ДФ"), health.lookup("ДФ")
    assert (mtszn.id, mtszn.parent) == ("kz-mtszn-df", "kz-mtszn")
    assert (mz.id, mz.parent) == ("kz-mz-df", "kz-mz")


def test_parent_defined_after_the_unit():
    directory = Directory.from_glossary([("ОК", "Отдел кадров ДУП"), ("ДУП", "Департамент управления персоналом МЮ")], "KZ")
    assert directory.lookup("ДУП").id == "kz-myu-dup"
    unit = directory.lookup("ОК")
    assert (unit.id, unit.parent) == ("kz-myu-dup-ok", "kz-myu-dup")


def test_kyrgyz_directory_from_registry_only():
    directory = Directory.from_glossary([], "KG")
    org = directory.lookup("Министерство труда, социального обеспечения и миграции КР")
    assert (org.id, org.abbreviation, org.kind) == ("kg-mtsom", "МТСОМ", "ministry")
    assert directory.lookup("МТСЗН") is None
    assert [o.id for o in directory.organisations()] == ["kg-mtsom"]


# ---- helpers


@pytest.mark.parametrize("expansion, kind", [
    ("Департамент занятости населения МТСЗН", "department"),
    ("Министерство финансов Республики Казахстан", "ministry"),
    ("Комитет труда, социальной защиты и миграции МТСЗН", "committee"),
    ("Агентство Республики Казахстан по делам государственной службы", "agency"),
    ("акционерное общество «Центр развития трудовых ресурсов»", "state-company"),
    ("АО «Фонд развития предпринимательства «Даму»", "state-company"),
    ("Национальная палата предпринимателей Республики Казахстан «Атамекен»", "chamber"),
    ("местные исполнительные органы", "local-executive"),
    ("общественное объединение «АРДИ»", "ngo"),
    ("технические средства реабилитации", None),
    ("республиканский бюджет", None),
    ("Национальный фонд", None),
])
def test_infer_kind(expansion, kind):
    assert infer_kind(expansion) == kind


@pytest.mark.parametrize("printed, key", [
    ("АО «ЦРТР»", "ЦРТР"), ("НПП «Атамекен»", "НПП Атамекен"), ("МТСЗН", "МТСЗН"), ("НАО «ФСМС»", "ФСМС"),
])
def test_abbreviation_key(printed, key):
    assert abbreviation_key(printed) == key


@pytest.mark.parametrize("printed, clause", [
    ("Департамент цифровизации МТСЗН; Еңбекминінің Қаржы департаменті;", "Департамент цифровизации МТСЗН"),
    ("технические средства реабилитации.", "технические средства реабилитации"),
    ("Департамент финансов МТСЗН;  ", "Департамент финансов МТСЗН"),
])
def test_first_clause(printed, clause):
    assert first_clause(printed) == clause


# ---- the registry file


KINDS = {"ministry", "department", "committee", "agency", "state-company", "chamber", "holding",
         "international", "ngo", "local-executive", "office", "other"}


def registry_rows() -> list[dict[str, str]]:
    with open(DATA / "organisations.tsv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_registry_rows_are_well_formed():
    rows = registry_rows()
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)) == len(load_registry()) == 38
    for row in rows:
        assert None not in row and len(row) == 10, row["id"]
        assert row["kind"] in KINDS, row["id"]
        assert row["parent"] in ("", *ids), row["id"]
        assert row["wikidata"] == "", row["id"]  # none verified
        assert row["country"] in ("KZ", "KG", ""), row["id"]


def test_registry_ids_follow_the_scheme():
    for row in registry_rows():
        if row["abbreviation"]:
            assert row["id"] == organisation_id(row["country"] or None, row["abbreviation"])
        prefix = row["country"].lower() or "int"
        assert row["id"].startswith(prefix + "-")


@pytest.mark.parametrize("printed", [
    "ПРООН", "МЦРИАП", "АДГС", "Администрация Президента РК", "НАО «Госкорпорация «Правительство для граждан»",
    "НПП «Атамекен»", "региональные палаты предпринимателей", "холдинг «Байтерек»", "AstanaHub",
    "Институты развития", "Пресс-служба МТСЗН", "МИО", "ЦЗН", "МТСЗН", "МФ", "МЗ", "МОН", "МИИР", "МКС",
    "МНЭ", "МЮ", "Республиканские объединения работодателей и профессиональных союзов",
])
def test_registry_has_the_required_kazakh_entries(printed):
    assert Directory.from_glossary([], "KZ").lookup(printed) is not None


def test_regional_chambers_are_part_of_atameken():
    assert Directory.from_glossary([], "KZ").lookup("региональные палаты предпринимателей").parent == "kz-npp-atameken"


def test_unknown_abbreviation_is_in_no_data_file():
    # The roadmap's «ДРПС» is unknown on purpose: nothing may resolve it.
    for path in DATA.glob("*.tsv"):
        assert not re.search(r"(?<![А-ЯЁ])ДРПС(?![А-ЯЁ])", path.read_text(encoding="utf-8")), path.name


def test_glossary_records_are_accepted():
    from graph.records import GlossaryEntry, Provenance
    entry = GlossaryEntry("ДЗН", "Департамент занятости населения МТСЗН;", Provenance("doc", [110]))
    assert Directory.from_glossary([entry], "KZ").lookup("ДЗН").id == "kz-mtszn-dzn"
