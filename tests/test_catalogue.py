"""Every catalogue query, run on the bundled documents, against the rows the documents give.

Expected values were worked out from the source documents (data/sources/), not copied from
the program's output: e.g. item 1.5 prints a total of 3 226,1 thousand som while its eight
regions add up to 2 874,5; measures 5.2, 6.4 and 23 are the ones reported monthly to МТСЗН.
"""
from __future__ import annotations

import datetime
from decimal import Decimal as D

import pytest
from rdflib import Literal, URIRef

from graph import queries
from graph.paths import QUERIES

BASE = "https://w3id.org/policykg/"
KZ = "plan/kz-mtszn-2020-roadmap/"
KG = "plan/kg-mtsom-2022-grant-plan/"


@pytest.fixture(scope="module")
def dataset(seed_dataset):
    return seed_dataset


@pytest.fixture(scope="module")
def catalogue():
    return queries.load_catalogue(QUERIES)


def simple(value):
    """IRIs relative to the base, literals as Python values (Decimal, int, date, str)."""
    if isinstance(value, URIRef):
        return str(value).removeprefix(BASE)
    if isinstance(value, Literal):
        python = value.toPython()
        return str(value) if isinstance(python, Literal) or type(python).__name__ == "Duration" else python
    return value


def run(dataset, catalogue, name, **params):
    result = queries.run(catalogue[name], dataset, {k: str(v) for k, v in params.items()})
    return [tuple(simple(v) for v in row) for row in result]


def column(rows, index):
    return [row[index] for row in rows]


def numbers(rows, index):
    return sorted(column(rows, index), key=lambda n: [int(p) for p in n.split(".")])


CHECKED = set()


def checks(*names):
    CHECKED.update(names)
    return lambda f: f


def test_every_catalogue_query_has_a_check(catalogue):
    assert set(catalogue) == CHECKED


@checks("akimat-tasks-monthly-reporting")
def test_akimat_tasks_with_monthly_reporting(dataset, catalogue):
    rows = run(dataset, catalogue, "akimat-tasks-monthly-reporting")
    assert [(r[0], r[3], r[4]) for r in rows] == [
        (KZ + "task/1", "5.2", "МТСЗН"), (KZ + "task/1", "6.4", "МТСЗН"), (KZ + "task/3", "23", "МТСЗН")]
    assert rows[0][1] == "Подготовка лиц с инвалидностью (ЛСИ) к рынку труда"


JAN_MAY = ["1.1", "1.2", "4.1", "11.1", "12.1",  # January 2020
           "4.2", "6.1", "6.2", "6.3", "10.1", "10.2", "13.1", "14.1", "15.1", "17", "19.1", "21.1",  # February
           "10.3", "15.2", "15.3", "20", "21.2", "5.1", "11.2", "12.2"]  # March, April, May


@checks("measures-overdue")
def test_measures_overdue(dataset, catalogue):
    rows = run(dataset, catalogue, "measures-overdue", asOf="2020-06-30")
    # due before 30 June: January–May, and «до 1 июня 2020 г.» (2.3, 4.3, 24); not 3 and 19.3 (до 30 июня)
    assert numbers(rows, 1) == sorted(JAN_MAY + ["2.3", "4.3", "24"], key=lambda n: [int(p) for p in n.split(".")])
    assert rows[0][1:4:2] == ("1.1", datetime.date(2020, 1, 28))
    assert run(dataset, catalogue, "measures-overdue", asOf="2020-01-28") == []
    assert column(run(dataset, catalogue, "measures-overdue", asOf="2020-01-29"), 1) == ["1.1"]


@checks("measures-due-before", "any-due-before")
def test_measures_due_by_a_date(dataset, catalogue):
    rows = run(dataset, catalogue, "measures-due-before", before="2020-06-30")
    assert len(rows) == 30 and {"3", "19.3"} <= {r[1].split()[0] for r in rows}
    assert rows[0][2:] == ("до 28 января 2020 г.", datetime.date(2020, 1, 28), "ДРПСУ")
    assert [r[1].split()[0] for r in run(dataset, catalogue, "measures-due-before", before="2020-01-30")] == ["1.1", "1.2"]
    assert queries.run(catalogue["any-due-before"], dataset, {"before": "2020-01-27"}).askAnswer is False
    assert queries.run(catalogue["any-due-before"], dataset, {"before": "2020-01-28"}).askAnswer is True


@checks("deadlines-by-month")
def test_deadlines_by_month(dataset, catalogue):
    rows = run(dataset, catalogue, "deadlines-by-month")
    assert [(m, n) for m, n, _ in rows] == [
        ("2020-01", 5), ("2020-02", 12), ("2020-03", 5), ("2020-04", 2), ("2020-05", 1), ("2020-06", 5),
        ("2020-07", 2), ("2020-10", 1), ("2020-12", 5), ("2021-12", 8)]
    assert set(rows[0][2].split(", ")) == {"1.1", "1.2", "4.1", "11.1", "12.1"}
    # «2020-2021 гг.» and «2021 год»/«2021 г.» end on 31 December 2021
    assert set(rows[-1][2].split(", ")) == {"2.2", "7", "8", "9.2", "10.4", "14.3", "23", "25"}


@checks("deadline-kinds", "recurring-measures", "measures-without-deadline")
def test_deadline_kinds(dataset, catalogue):
    kinds = {(plan, kind): n for plan, kind, n in run(dataset, catalogue, "deadline-kinds")}
    # 15 measures carry their deadlines on sub-measures, and measure 16 prints none
    assert kinds == {(KZ[:-1], "By"): 34, (KZ[:-1], "Unspecified"): 16, (KZ[:-1], "Period"): 11,
                     (KZ[:-1], "From"): 5, (KZ[:-1], "Recurring"): 2, (KZ[:-1], "On"): 1}
    assert [(r[0], r[2]) for r in run(dataset, catalogue, "recurring-measures")] == [("P1M", "6.4"), ("P3M", "13.2")]
    rows = run(dataset, catalogue, "measures-without-deadline")
    assert [(r[1], r[3]) for r in rows] == [("16", "в соответствии с медиа- планами")]


@checks("measures-by-organisation", "organisations-most-measures")
def test_organisation_workload(dataset, catalogue):
    rows = {r[0]: r[2:] for r in run(dataset, catalogue, "measures-by-organisation")}
    # measures, lead, co-executor, by agreement, consolidation and control
    assert rows["org/kz-mtszn-drpsu"] == (32, 13, 19, 0, 0)
    assert rows["org/kz-mtszn-df"] == (8, 0, 8, 0, 3)  # «ДФ (свод и контроль)» in 2.1, 2.2, 2.3
    assert rows["org/kz-mtszn-dzn"] == (24, 15, 9, 0, 1)  # «ДЗН (свод и контроль)» in 6.2
    assert rows["org/akimat-kz-11"] == (26, 11, 15, 25, 0)  # measure 23 names the akimats without «по согласованию»
    assert rows["org/akimat-kz-23"] == (25, 10, 15, 24, 0)  # Atyrau is in no named list (2.1, 2.2)
    assert len(rows) == 34
    top = run(dataset, catalogue, "organisations-most-measures")
    assert top[0] == ("org/kz-mtszn-drpsu", "Департамент развития политики социальных услуг МТСЗН", "ДРПСУ", 32)
    assert [r[3] for r in top] == [32] + [26] * 8 + [25]


@checks("measures-of-organisation", "responsibility-matrix", "unresolved-responsibilities")
def test_responsibilities(dataset, catalogue):
    rows = run(dataset, catalogue, "measures-of-organisation", organisation=BASE + "org/kz-mtszn-dargu")
    assert sorted(column(rows, 1)) == ["18.1", "18.2", "18.3", "19.2", "19.3", "20"]
    matrix = run(dataset, catalogue, "responsibility-matrix", organisationKind="Department")
    assert (KZ + "measure/4.2", "4.2", "org/kz-mtszn-drpsu", "Департамент развития политики социальных услуг МТСЗН",
            "Lead", "составление БЗ") in matrix
    assert (KZ + "measure/2.1", "2.1", "org/kz-mtszn-df", "Департамент финансов МТСЗН",
            "CoExecutor ConsolidationAndControl", None) in matrix or \
           (KZ + "measure/2.1", "2.1", "org/kz-mtszn-df", "Департамент финансов МТСЗН",
            "ConsolidationAndControl CoExecutor", None) in matrix
    akimats = run(dataset, catalogue, "responsibility-matrix", organisationKind="Akimat")
    assert len([r for r in akimats if r[1] == "2.3"]) == 17
    assert run(dataset, catalogue, "unresolved-responsibilities") == [(KZ + "measure/5.2", "ДРПС", "000_d466afb8a09bde20.txt", 35)]


@checks("measures-mentioning-programme")
def test_programme_under_any_spelling(dataset, catalogue):
    enbek = ["6.2", "6.3", "6.4", "8", "9", "9.1", "9.2"]  # 9 prints «Енбек», the others «Еңбек»
    for spelling in ("Енбек", "Еңбек", "enbek"):
        assert numbers(run(dataset, catalogue, "measures-mentioning-programme", spelling=spelling), 3) == enbek
    assert column(run(dataset, catalogue, "measures-mentioning-programme", spelling="Цифровой"), 3) == ["6.1"]
    assert column(run(dataset, catalogue, "measures-mentioning-programme", spelling="Vision Zero"), 3) == ["26"]


@checks("reporting-duties")
def test_reporting_duties(dataset, catalogue):
    rows = run(dataset, catalogue, "reporting-duties")
    assert sorted((r[0], r[1], r[3]) for r in rows) == [("P1M", "МТСЗН", "23"), ("P1M", "МТСЗН", "5.2"), ("P1M", "МТСЗН", "6.4")]


@checks("quantitative-targets")
def test_quantitative_targets(dataset, catalogue):
    rows = run(dataset, catalogue, "quantitative-targets")
    by_subject = {}
    for r in rows:
        by_subject.setdefault(r[0], []).append((r[2], r[4], r[5], r[6], r[7]))
    assert by_subject[KZ + "measure/8"] == [(D("15000"), "ЛСИ", "at-least", "P1Y", False)]  # «Ежегодное …»
    assert by_subject[KZ + "measure/6.4"] == [(D("30"), "ЛСИ", "at-least", "P1M", True)]
    assert by_subject[KZ + "measure/3"] == [(D("5"), "НПО", "at-least", None, True)]
    assert sorted(by_subject[KZ + "measure/9"]) == [(D("800"), "грантов", "at-least", None, False),
                                                    (D("1000"), "микрокредитов", "at-least", None, False)]
    assert by_subject[KG + "item/5.3/allocation/1"] == [(D("15"), "детей", "exactly", "P1Y", False)]
    assert by_subject[KG + "item/5.4/allocation/1"] == [(D("20"), "детей", "exactly", "P1M", False)]


@checks("grants-by-region", "allocations-above", "region-activity")
def test_grants_by_region(dataset, catalogue):
    rows = {r[0]: (r[2], r[3]) for r in run(dataset, catalogue, "grants-by-region")}
    # thousand som × 1000, summed from the printed regional rows (an allocation naming two regions counts for both)
    assert rows == {
        "place/KG-GB": (7, D("5684400")),  # 2205,4 + 1076,6 + 367,6 + 459,5 + 525,1 + 700,1 + 350,1
        "place/KG-C": (7, D("5582900")),   # 1751,1 + 1076,6 + 370,2 + 395,4 + 663,2 × 3
        "place/KG-Y": (6, D("3842500")),   # 1700,0 + 510,0 + 340,0 + 642,1 + 325,2 × 2
        "place/KG-J": (6, D("3512400")),   # 1153,8 + 576,9 + 366,6 + 483,6 + 558,9 + 372,6
        "place/KG-B": (3, D("3146000")),   # 1054,9 + 1582,2 + 508,9
        "place/KG-O": (5, D("2007600")),   # 357,9 + 536,9 + 358,0 + 406,2 + 348,6
        "place/KG-T": (3, D("1345900")),   # 682,1 + 341,1 + 322,7
        "place/KG-N": (3, D("1243800")),   # 541,4 + 361,0 + 341,4
        "place/KG-GO": (2, D("776200")),   # 370,0 + 406,2
    }
    above = run(dataset, catalogue, "allocations-above", minAmount="1500000")
    assert [(r[3], r[4]) for r in above] == [(D("2205400"), "2205,4"), (D("1751100"), "1751,1"),
                                             (D("1700000"), "1700,0"), (D("1582200"), "1582,2")]
    talas = run(dataset, catalogue, "region-activity", region="KG-T")
    assert sorted((r[3], r[5]) for r in talas) == [("1.1", D("682100")), ("1.5", D("341100")), ("5.4", D("322700"))]
    aktobe = run(dataset, catalogue, "region-activity", region="Актюбинская")
    # measure 2.2 names «Актубинской» (misspelt) in its text; the akimat of Aktobe Region has 26 measures
    assert [r[3] for r in aktobe if r[1] == "measure (named in its text)"] == ["2.2"]
    assert len([r for r in aktobe if r[1] == "measure (its akimat is responsible)"]) == 26


@checks("grants-by-beneficiary", "serving-beneficiaries", "beneficiary-categories")
def test_beneficiaries(dataset, catalogue):
    rows = {r[1]: (r[2], r[3]) for r in run(dataset, catalogue, "grants-by-beneficiary")}
    # ЛОВЗ: items 1.1, 1.2, 1.3, 1.5 (1.5 prints «ЛОВЗ и граждане»); 1.4 serves children, with no printed total
    assert rows["лица с ограниченными возможностями здоровья"] == (4, D("15878800"))  # 3248,7+3747,5+5656,5+3226,1
    assert rows["пожилые граждане"] == (3, D("12652700"))  # 3248,7+3747,5+5656,5
    assert rows["дети с ограниченными возможностями здоровья"] == (2, D("4325300"))  # 3248,7 + 1076,6 (1.4's region)
    assert rows["беженцы"] == rows["лица, ищущие убежище"] == (1, D("1000000"))
    served = run(dataset, catalogue, "serving-beneficiaries", category="лица с инвалидностью")
    assert len(served) == 34
    categories = run(dataset, catalogue, "beneficiary-categories")
    pwd = next(r for r in categories if r[1] == "concept/beneficiary/kz-persons-with-disabilities")
    assert pwd[3:] == (34, "concept/beneficiary/kg-persons-with-disabilities", "лица с ограниченными возможностями здоровья")


@checks("items-sum-mismatch", "subtotals-check")
def test_amounts_that_do_not_add_up(dataset, catalogue):
    assert [r[1:] for r in run(dataset, catalogue, "items-sum-mismatch")] == [
        ("1.2", D("3747500"), D("3747400"), D("-100"), 5),
        ("1.5", D("3226100"), D("2874500"), D("-351600"), 8),
        ("5.5", D("2425100"), D("1679900"), D("-745200"), 4)]
    (subtotal,) = run(dataset, catalogue, "subtotals-check")
    assert subtotal[1:4] == (D("6315900"), D("6315900"), D("0")) and set(subtotal[4].split(", ")) == {"2.1", "2.2"}


@checks("place-matches")
def test_place_matches(dataset, catalogue):
    rows = run(dataset, catalogue, "place-matches")
    assert {(r[1], r[4]) for r in rows} == {
        ("Джагалат - Абалская область", "place/KG-J"), ("г. Джагалат-Абад", "place/KG-J-jalal-abad"),
        ("Татаская область", "place/KG-T"), ("Татаский р-н", "place/KG-T-talas-district"), ("г. Татас", "place/KG-T-talas"),
        ("Джагал - Абдская область", "place/KG-J"), ("Джалал-Абдалская обл.", "place/KG-J"),
        ("Джалал-Абдская область", "place/KG-J"), ("Агамединские р-ны", "place/KG-C-alamudun-district"),
        ("Биппек", "place/KG-GB"), ("г. Биппек", "place/KG-GB"), ("Галасская область", "place/KG-T")}
    assert all(r[2] == "fuzzy" and 80 <= r[3] < 100 for r in rows)


@checks("plans", "graphs", "plan-outline", "organisation-units", "search")
def test_overview(dataset, catalogue):
    plans = run(dataset, catalogue, "plans")
    assert [(r[0], r[2], r[3], r[6]) for r in plans] == [
        (KZ[:-1], "Roadmap", "2020", 69), (KG[:-1], "GrantPlan", "2022", 14)]
    graphs = dict(run(dataset, catalogue, "graphs"))
    assert set(graphs) == {"graph/document/000_d466afb8a09bde20", "graph/document/004_9c6dcb8432dd657d",
                           "graph/reference", "graph/ontology", "graph/inferred"}
    outline = queries.run(catalogue["plan-outline"], dataset, {"plan": BASE + KG[:-1]}).graph
    assert len(set(outline.subjects())) >= 14 + 5
    units = run(dataset, catalogue, "organisation-units")
    assert len([r for r in units if r[0] == "org/kz-mtszn"]) == 10  # 7 departments, КТСЗМ, press service, ЦРТР
    hits = run(dataset, catalogue, "search", text="Telegram")
    assert {r[0] for r in hits} == {KZ + "measure/19.3"}


@checks("provenance")
def test_provenance(dataset, catalogue):
    ((document, file, sha256, lines, correction, reason),) = run(dataset, catalogue, "provenance", resource=BASE + KZ + "measure/18.3")
    assert (document, file, sha256) == ("document/000_d466afb8a09bde20", "000_d466afb8a09bde20.txt",
                                        "9a1c1fbf592320d31929f557073c3e9609ac55fd4f503a633e96da48a13946eb")
    assert sorted(lines.split(", ")) == ["83", "85"] and correction is None and reason is None
    moved = run(dataset, catalogue, "provenance", resource=BASE + KG + "item/1.3/allocation/1")
    assert [(r[3], r[4]) for r in moved] == [("32", "document/004_9c6dcb8432dd657d/curation/kg2022-regions-of-1.3")]


# ---------------------------------------------------------------- action plans (the real HTML plans of tests/data/real/)

CENSUS = "plan/kz-prk-2019-419-plan/"


@pytest.fixture(scope="module")
def real_dataset(real_plans_dataset):
    return real_plans_dataset


@checks("measures-by-funding-source")
def test_measures_by_funding_source(real_dataset, catalogue):
    # the census plan's funding column names the local budget for measures 4 and 6 («местный бюджет») and 8
    # and 10 («республиканский и (или) местный бюджеты»); no other plan of these prints a funding column
    rows = run(real_dataset, catalogue, "measures-by-funding-source", source="local-budget")
    assert [(r[0], r[2]) for r in rows] == [(CENSUS.rstrip("/"), n) for n in ("10", "4", "6", "8")]  # IRI order
    assert {r[4] for r in rows} == {"местный бюджет", "республиканский и (или) местный бюджеты"}
    assert [r[6] for r in rows] == [None] * 4  # «в пределах выделенных средств»: no figure, so no amount
    by_label = run(real_dataset, catalogue, "measures-by-funding-source", source="не требуется")
    assert sorted(r[2] for r in by_label) == ["1", "13", "14", "2", "3"]


@checks("cost-per-executor")
def test_cost_per_lead_executor(real_dataset, catalogue):
    rows = {r[1]: r for r in run(real_dataset, catalogue, "cost-per-executor")}
    # МНЭ is printed first in the executors of census measures 1, 3, 5, 7, 8, 12–18; no cost cell there is a figure
    mne = rows["Министерство национальной экономики Республики Казахстан"]
    assert (mne[2], mne[3]) == (12, 0)
    # census measures 2, 4, 6, 10 print «акиматы областей, городов республиканского значения и столицы» first:
    # the 14 oblasts and 3 cities of 2019, each leading those 4 measures
    akimats = [r for r in rows.values() if r[0].startswith("org/akimat-kz-")]
    assert len(akimats) == 17 and {r[2] for r in akimats} == {4}


@checks("plan-amendments")
def test_plan_amendments(real_dataset, catalogue):
    rows = run(real_dataset, catalogue, "plan-amendments")
    census = [r for r in rows if r[0] == CENSUS.rstrip("/")]
    assert [(r[1], r[2], r[3], r[4]) for r in census if r[1] == "План"] == \
        [("План", "edition", datetime.date(2020, 9, 16), "587")]
    assert len(census) == 5
    # both Almaty oblast decisions were repealed by the decision of 30.01.2004 № 1-14
    repeals = [(r[0], r[3], r[4]) for r in rows if r[2] == "repeal"]
    assert repeals == [("plan/kz-aao-1997-6-194-plan", datetime.date(2004, 1, 30), "1-14"),
                       ("plan/kz-aao-1998-2-58-plan", datetime.date(2004, 1, 30), "1-14")]
# --------------------------------------------------------------------------- facts as printed (issue 10)


@checks("lead-executors")
def test_lead_executors(dataset, catalogue):
    rows = run(dataset, catalogue, "lead-executors", plan=BASE + KZ.rstrip("/"))
    # One row per measure with executors of its own: 54 of the 69 measures and sub-measures (the 15
    # measures with sub-measures print none), in printed order (by line).
    assert len(rows) == len({r[0] for r in rows}) == 54
    assert [r[7] for r in rows] == sorted(r[7] for r in rows)
    assert [(r[1], r[2], r[4]) for r in rows[:6]] == [
        ("1.1", "ДРПСУ", 1), ("1.2", "ДРПСУ", 1), ("1.3", "ДРПСУ", 1), ("1.4", "ДЗН", 1),
        ("2.1", "Акиматы городов Нур-Султан, Шымкент и Акмолинской области", 3),
        ("2.2", "Акиматы соответствующих регионов", 5),
    ]
    by_number = {r[1]: r for r in rows}
    # «Акиматы городов Нур-Султан, Шымкент и Акмолинской области»: listed first is the capital, named as in 2020.
    assert by_number["2.1"][3] == KZ + "measure/2.1/group/1"
    assert by_number["2.1"][5] == "Акимат города Нур-Султан"
    assert sorted(by_number["2.1"][6].split(" | ")) == [
        "1. Акимат города Нур-Султан", "2. Акимат города Шымкент", "3. Акимат Акмолинской области"]
    # «Акиматы областей, городов Нур-Султан, Алматы, Шымкент»: 14 oblasts and the 3 cities of 2020.
    assert by_number["2.3"][4] == 17 and by_number["2.3"][5] == "Акимат Акмолинской области"
    assert (by_number["22"][2], by_number["22"][3]) == ("КТСЗМ", None)  # «КТСЗМ МИИР (по согласованию)»
    assert (by_number["7"][2], by_number["25"][2]) == ("МОН", "МЗ")


@checks("quality-findings")
def test_quality_findings(dataset, catalogue):
    rows = run(dataset, catalogue, "quality-findings", kindContains="mismatch")
    assert [(r[1], r[2], r[3]) for r in rows] == [
        ("sum-mismatch", "Warning", KG + "item/1.2"), ("sum-mismatch", "Warning", KG + "item/1.5"),
        ("sum-mismatch", "Warning", KG + "item/5.5")]
    everything = run(dataset, catalogue, "quality-findings")
    kinds = {}
    for r in everything:
        kinds[r[1]] = kinds.get(r[1], 0) + 1
    assert kinds == {"arithmetic-slip": 2, "curation": 3, "fuzzy-place": 13, "no-deadline": 1, "sum-mismatch": 3,
                     "unresolved-beneficiary": 1, "unresolved-organisation": 1}


@checks("quality-figures")
def test_quality_figures(dataset, catalogue):
    rows = run(dataset, catalogue, "quality-figures")
    # «10 человек x 9 районов x 12 месяцев = 120 человек» (items 1.1 and 1.5): 1080, not 120; item 5.5
    # prints 2 425,1 and its regions add up to 1 679,9; 1.5: 3 226,1 against 2 874,5; 1.2: 3 747,5 against 3 747,4.
    assert [(r[1], r[2], r[3], r[4], r[5]) for r in rows] == [
        ("arithmetic-slip", KG + "item/1.1", D("120"), D("1080"), D("960")),
        ("arithmetic-slip", KG + "item/1.5", D("120"), D("1080"), D("960")),
        ("sum-mismatch", KG + "item/5.5", D("2425.1"), D("1679.9"), D("-745.2")),
        ("sum-mismatch", KG + "item/1.5", D("3226.1"), D("2874.5"), D("-351.6")),
        ("sum-mismatch", KG + "item/1.2", D("3747.5"), D("3747.4"), D("-0.1")),
    ]
