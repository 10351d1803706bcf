"""The Kazakhstan roadmap, read: counts and a sample of exact values."""
from __future__ import annotations

from decimal import Decimal

import pytest


def resp(measure, org_id):
    return next(r for r in measure.responsibilities if r.organisation == org_id)


def akimat_ids(measure):
    return sorted(r.organisation for r in measure.responsibilities if r.organisation and r.organisation.startswith("akimat-"))


def test_counts(roadmap):
    assert len(roadmap.tasks) == 4
    assert sum(m.level == "measure" for m in roadmap.measures) == 26
    assert sum(m.level == "sub-measure" for m in roadmap.measures) == 43
    assert [t.number for t in roadmap.tasks] == [1, 2, 3, 4]
    assert len(roadmap.glossary) == 18


def test_plan_title_block(roadmap):
    plan = roadmap.plan
    assert plan.layout == "roadmap" and plan.country == "KZ"
    assert plan.id == "kz-mtszn-2020-roadmap"
    assert plan.approver == "Б. Нурымбетов"
    assert plan.approver_position == "Министр труда и социальной защиты населения Республики Казахстан"
    assert plan.date == "2020-01" and plan.year == 2020
    assert plan.issuer == "kz-mtszn"
    assert plan.title.startswith("ДОРОЖНАЯ КАРТА по реализации проектного офиса «Создание возможностей")


def test_tasks(roadmap):
    assert roadmap.tasks[0].title == "Подготовка лиц с инвалидностью (ЛСИ) к рынку труда"
    assert roadmap.tasks[3].title == "Профилактика и предупреждение инвалидности"
    assert roadmap.tasks[3].prov.lines == [100]


def test_measure_structure_and_provenance(roadmap):
    m = roadmap.measure("1.1")
    assert (m.level, m.task, m.parent) == ("sub-measure", 1, "1")
    assert m.prov.document == "000_d466afb8a09bde20" and m.prov.lines == [17]
    assert roadmap.measure("25").task == 4 and roadmap.measure("16").task == 3
    assert roadmap.measure("9").parent is None


def test_heading_kept_apart_from_detail(roadmap):
    m = roadmap.measure("23")
    assert m.heading == "Развитие МИО доступной транспортной инфраструктуры"
    assert m.detail.startswith("(увеличение низкопольных автобусов")
    assert m.detail.endswith("с предоставлением в МТСЗН ежемесячного отчета о результатах")
    assert "<b>" not in m.title and roadmap.measure("1").heading.startswith("Проведение комплексной диагностики")
    assert roadmap.measure("1.1").heading is None


@pytest.mark.parametrize("number, kind, start, end, recurrence", [
    ("1.1", "by", None, "2020-01-28", None),
    ("1.3", "period", "2020-04", "2020-07", None),
    ("2.1", "period", "2020", "2020", None),
    ("2.2", "period", "2021", "2021", None),
    ("4.1", "period", "2020-01", "2020-01", None),
    ("5.2", "from", "2020-03-01", None, None),
    ("6.3", "on", "2020-02-18", "2020-02-18", None),
    ("6.4", "recurring", None, None, "P1M"),
    ("7", "period", "2020", "2021", None),
    ("13.2", "recurring", None, None, "P3M"),
    ("14.3", "period", "2021", "2021", None),
    ("16", "unspecified", None, None, None),
    ("19.2", "from", "2020-02", None, None),
    ("25", "period", "2020", "2021", None),
])
def test_deadlines(roadmap, number, kind, start, end, recurrence):
    d = roadmap.measure(number).deadline
    assert (d.kind, d.start, d.end, d.recurrence) == (kind, start, end, recurrence)


def test_deadline_year_from_document(roadmap):
    d = roadmap.measure("15.4").deadline
    assert d.text == "В течение года" and d.start == "2020" and d.year_from_document


def test_executors_with_qualifiers(roadmap):
    m = roadmap.measure("4.2")
    assert [(r.organisation, r.role, r.duty) for r in m.responsibilities] == [
        ("kz-mtszn-drpsu", "lead", "составление БЗ"), ("kz-mtszn-df", "co-executor", "внесение БЗ в МФ")]
    m = roadmap.measure("2.1")
    assert akimat_ids(m) == ["akimat-kz-11", "akimat-kz-71", "akimat-kz-79"]
    assert all(r.by_agreement for r in m.responsibilities if r.group)
    assert resp(m, "kz-mtszn-df").consolidation_control and not resp(m, "kz-mtszn-df").by_agreement
    m = roadmap.measure("20")
    assert resp(m, "kz-mtszn-dargu").duty == "по 1411"
    assert resp(m, "kz-tsrtr").duty == "по ЦЗН"


def test_akimats_expanded(roadmap):
    all_2020 = akimat_ids(roadmap.measure("2.3"))
    assert len(all_2020) == 17
    assert "akimat-kz-10" not in all_2020  # Abai Region exists only from June 2022
    assert akimat_ids(roadmap.measure("2.2")) == ["akimat-kz-15", "akimat-kz-19", "akimat-kz-27", "akimat-kz-63", "akimat-kz-75"]


def test_executor_cell_continued_after_page_break(roadmap):
    m = roadmap.measure("18.3")
    assert m.prov.lines == [83, 85]
    assert m.executors_text.endswith("Нур-Султан, Алматы, Шымкент (по согласованию)")
    assert len(akimat_ids(m)) == 17 and all(r.by_agreement for r in m.responsibilities if r.group)


def test_unknown_abbreviation_reported_not_guessed(roadmap, findings):
    m = roadmap.measure("5.2")
    unresolved = [r for r in m.responsibilities if r.organisation is None]
    assert [r.text for r in unresolved] == ["ДРПС"]
    assert any(f.kind == "unresolved-organisation" and f.data.get("text") == "ДРПС" and f.lines == [35] for f in findings)


def test_reporting_duties(roadmap):
    duties = {m.number: [(d.frequency, d.recipient) for d in m.reporting] for m in roadmap.measures if m.reporting}
    assert duties == {"5.2": [("P1M", "kz-mtszn")], "6.4": [("P1M", "kz-mtszn")], "23": [("P1M", "kz-mtszn")]}


def test_programs_under_both_spellings(roadmap):
    with_enbek = sorted((m.number for m in roadmap.measures if "enbek" in m.programs), key=lambda n: [int(x) for x in n.split(".")])
    assert with_enbek == ["6.2", "6.3", "6.4", "8", "9", "9.1", "9.2"]
    assert roadmap.measure("6.1").programs == ["digital-kazakhstan"]
    assert roadmap.measure("26").programs == ["vision-zero"]


def test_targets(roadmap):
    t = roadmap.measure("8").targets[0]
    assert (t.value, t.unit, t.qualifier) == (Decimal("15000"), "ЛСИ", "at-least")
    t = roadmap.measure("6.4").targets[0]
    assert (t.value, t.unit, t.period, t.per_region) == (Decimal("30"), "ЛСИ", "P1M", True)
    t = roadmap.measure("3").targets[0]
    assert (t.value, t.unit, t.per_region) == (Decimal("5"), "НПО", True)
    assert [(t.value, t.unit) for t in roadmap.measure("9").targets] == [(Decimal("1000"), "микрокредитов"), (Decimal("800"), "грантов")]


def test_measures_without_deadline_reported(findings):
    assert [f.subject for f in findings if f.kind == "no-deadline"] == ["measure 16"]
