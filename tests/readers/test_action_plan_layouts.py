"""The layout layer on plans the tests write themselves: forms the five real plans do not all show.

Each document here is made up for the test (an akimat's plan of 2021 and a ministry's plan of 2012), in the
genre's shapes: a two-row header with a group header over per-year cost columns, the column-number row, a
header repeated after a page break, section numbers typed with Cyrillic letters that look Latin, markdown
headings between two tables of one plan, lettered sub-items, a column no role knows, costs in millions,
a «responsible person» column, «Задача N.» groups.
"""
from __future__ import annotations

from decimal import Decimal

import pytest

from graph.errors import SourceError
from graph.normalize.places import Gazetteer
from graph.readers import ReadContext, read_document
from graph.sources import read_source

AKIMAT_PLAN = """# О плане мероприятий по развитию физической культуры

**Аким Павлодарской области**

> *Утвержден*
> *постановлением акимата*
> *Павлодарской области*
> *от 3 марта 2021 года № 45/2*

## План мероприятий по развитию массового спорта на 2021-2022 годы

<table>
<tr><th rowspan="2">№</th><th rowspan="2">Наименование мероприятия</th><th rowspan="2">Ответственные за исполнение</th>
<th rowspan="2">Срок исполнения</th><th colspan="2">Объем финансирования (млн. тенге)</th><th rowspan="2">Примечание</th></tr>
<tr><th>2021 год</th><th>2022 год</th></tr>
<tr><td>1</td><td>2</td><td>3</td><td>4</td><td>5</td><td>6</td><td>7</td></tr>
<tr><td colspan="7"><strong>І. Спортивная инфраструктура</strong></td></tr>
<tr><td>1.</td><td>Построить физкультурно-оздоровительный комплекс</td><td>управление строительства</td>
<td>IV квартал 2022 года</td><td>120,5</td><td>300,0</td><td>проектно-сметная документация готова</td></tr>
<tr><td>2.</td><td>Оснастить спортивные залы школ:</td><td>управление образования</td><td>2021-2022 годы</td>
<td>15,0</td><td>15,0</td><td></td></tr>
<tr><td></td><td>а) инвентарем;</td><td></td><td></td><td></td><td></td><td></td></tr>
<tr><td></td><td>б) тренажерами.</td><td></td><td></td><td></td><td></td><td></td></tr>
</table>

## ІІ. Массовые мероприятия

<table>
<tr><th>№</th><th>Наименование мероприятия</th><th>Ответственные за исполнение</th><th>Срок исполнения</th>
<th>2021 год</th><th>2022 год</th><th>Примечание</th></tr>
<tr><td>3.</td><td>Провести областную спартакиаду</td><td>управление физической культуры и спорта</td>
<td>ежегодно, июнь</td><td>-</td><td>-</td><td></td></tr>
</table>
"""

MINISTRY_PLAN = """# Приказ

> *Утвержден*
> *приказом Министра*
> *от 5 мая 2012 года № 77*

## План мероприятий

<table>
<tr><td>Мероприятие</td><td>Срок</td><td>Ответственное лицо</td><td>Исполнители</td></tr>
<tr><td colspan="4">Задача 1. Повысить доступность услуг</td></tr>
<tr><td>Утвердить стандарт услуги</td><td>до 1 июля 2012 года</td><td>Сапаров Е.К.</td><td>МЗ</td></tr>
<tr><td>Провести обучение</td><td>III квартал 2012 года</td><td>Ахметова Г.С.</td><td>МЗ</td></tr>
</table>
"""


def _read(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    source = read_source(path)
    context = ReadContext(source=source, gazetteer=Gazetteer.load())
    return read_document(source, context), context


@pytest.fixture
def akimat(tmp_path):
    return _read(tmp_path, "pavlodar-2021.md", AKIMAT_PLAN)


def test_act_title_and_issuer(akimat):
    records, _ = akimat
    plan = records.plan
    assert plan.title == "План мероприятий по развитию массового спорта на 2021-2022 годы"
    assert (plan.legal_act, plan.legal_act_number, plan.legal_act_date) == ("постановление", "45/2", "2021-03-03")
    assert plan.issuer_text == "Акимат Павлодарской области" and plan.year == 2021


def test_groups_from_a_spanning_row_and_a_heading_between_tables(akimat):
    records, _ = akimat
    # «І.» and «ІІ.» are typed with the Cyrillic «І» (U+0406), kept as printed
    assert [(t.printed, t.title, t.kind) for t in records.tasks] == [
        ("І.", "Спортивная инфраструктура", "section"), ("ІІ.", "Массовые мероприятия", "section")]
    assert [(m.printed_number, m.task) for m in records.measures] == [("1.", 1), ("2.", 1), ("3.", 2)]


def test_two_row_header_costs_per_year_in_millions_and_unknown_columns(akimat):
    records, _ = akimat
    first = records.measures[0]
    assert first.cost.text == "120,5 300,0"
    assert [(a.year, a.money.value, a.money.multiplier, a.money.currency) for a in first.cost.amounts] == \
        [(2021, Decimal("120.5"), 1_000_000, "KZT"), (2022, Decimal("300.0"), 1_000_000, "KZT")]
    assert first.cost.amounts[0].money.amount == Decimal("120500000.0")
    assert first.extra == {"Примечание": "проектно-сметная документация готова"}
    assert first.deadline.kind == "period" and first.deadline.end == "2022-12"


def test_lettered_sub_items_stay_in_their_measure(akimat):
    records, _ = akimat
    second = records.measure("2")
    assert second.title == "Оснастить спортивные залы школ: а) инвентарем; б) тренажерами."
    assert second.prov.rows == [6, 7, 8]


def test_rows_skipped_with_their_reason(akimat):
    records, _ = akimat
    assert [(s.reason, s.prov.table, s.prov.rows) for s in records.skipped if s.prov.table] == [
        ("header", 1, [1]), ("header", 1, [2]), ("column numbers", 1, [3]), ("header", 2, [1])]
    # the paragraphs above the plan no record names: the act's heading and its signature (line 3)
    assert [(s.reason, s.prov.lines, s.prov.paragraphs) for s in records.skipped if not s.prov.table] == [
        ("preamble", [1], [1]), ("preamble", [3], [2])]


def test_tasks_unnumbered_measures_and_a_person_column(tmp_path):
    records, _ = _read(tmp_path, "mz-2012.md", MINISTRY_PLAN)
    assert [(t.printed, t.title, t.kind) for t in records.tasks] == [("1", "Повысить доступность услуг", "task")]
    assert [(m.number, m.printed_number, m.persons_text, m.executors_text) for m in records.measures] == [
        ("u1", None, "Сапаров Е.К.", "МЗ"), ("u2", None, "Ахметова Г.С.", "МЗ")]
    assert records.measures[0].deadline.kind == "by" and records.measures[0].deadline.end == "2012-07-01"


def test_header_repeated_after_a_page_break_is_skipped(tmp_path):
    text = MINISTRY_PLAN.replace(
        "<tr><td>Провести обучение</td>",
        "<tr><td>Мероприятие</td><td>Срок</td><td>Ответственное лицо</td><td>Исполнители</td></tr>\n"
        "<tr><td>Провести обучение</td>")
    records, _ = _read(tmp_path, "mz-2012.md", text)
    assert len(records.measures) == 2
    assert ("repeated header", [4]) in [(s.reason, s.prov.rows) for s in records.skipped]


def test_a_table_that_is_not_the_plan_is_left_out_with_a_finding(tmp_path):
    text = AKIMAT_PLAN.replace("## План мероприятий", "<table><tr><th>Район</th><th>2019</th><th>2020</th></tr>"
                               "<tr><td>Аксу</td><td>12</td><td>14</td></tr></table>\n\n## План мероприятий", 1)
    records, context = _read(tmp_path, "pavlodar-2021.md", text)
    assert len(records.measures) == 3
    assert [f.data["header"] for f in context.findings if f.kind == "skipped-table"] == [["Район", "2019", "2020"]]
    assert [(s.reason, s.prov.table) for s in records.skipped][0] == ("not a plan table", 1)


def test_a_docx_without_a_plan_table_names_its_tables(tmp_path):
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Показатель", "Значение"
    path = tmp_path / "passport.docx"
    document.save(path)
    with pytest.raises(SourceError, match=r"passport\.docx: no plan table.*«Показатель \| Значение»"):
        _read(tmp_path, "passport.docx", None) if False else read_document(
            read_source(path), ReadContext(source=read_source(path), gazetteer=Gazetteer.load()))


def test_a_plan_that_names_no_country_gets_none_guessed(tmp_path):
    text = ("# План\n\n<table><tr><th>№</th><th>Мероприятие</th><th>Срок исполнения</th><th>Исполнители</th></tr>"
            "<tr><td>1.</td><td>Провести семинар</td><td>2021 год</td><td>Акиматы областей</td></tr></table>\n")
    records, context = _read(tmp_path, "plan.md", text)
    assert records.plan.country is None
    kinds = [f.kind for f in context.findings]
    assert "unknown-country" in kinds and "unresolved-organisation" in kinds
    assert records.measures[0].responsibilities[0].organisation is None
