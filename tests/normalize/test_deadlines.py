"""parse_deadline / parse_duration: the forms of the sample roadmap and invented variants."""
from datetime import date

import pytest

from graph.normalize.deadlines import parse_deadline, parse_duration

# text, kind, start, end, precision
CASES = [
    # 'by' — «до …»
    ("до 28 января 2020 г.", "by", None, "2020-01-28", "day"),
    ("до 30 января 2020 г.", "by", None, "2020-01-30", "day"),
    ("до 1 июня 2020 г.", "by", None, "2020-06-01", "day"),
    ("до 25 декабря 2021 г.", "by", None, "2021-12-25", "day"),
    ("До 5 ноября 2023 года", "by", None, "2023-11-05", "day"),
    ("до 31 августа 2022г.", "by", None, "2022-08-31", "day"),
    ("до  15   мая  2024 г", "by", None, "2024-05-15", "day"),
    ("не позднее 10 сентября 2021 года", "by", None, "2021-09-10", "day"),
    ("в срок до 1 октября 2020 г.", "by", None, "2020-10-01", "day"),
    ("до 20.03.2020", "by", None, "2020-03-20", "day"),
    ("до 1 декабря 2020 года включительно", "by", None, "2020-12-01", "day"),
    ("до 2021 года", "by", None, "2021", "year"),
    ("до конца 2022 г.", "by", None, "2022", "year"),
    ("до июля 2020 г.", "by", None, "2020-07", "month"),
    ("до конца I квартала 2021 года", "by", None, "2021-03", "month"),
    # 'on' — a single day
    ("18 февраля 2020 г.", "on", "2020-02-18", "2020-02-18", "day"),
    ("1 Апреля 2021 года", "on", "2021-04-01", "2021-04-01", "day"),
    ("29 февраля 2024 г.", "on", "2024-02-29", "2024-02-29", "day"),
    ("« 4 » июля 2022 года", "on", "2022-07-04", "2022-07-04", "day"),
    ("05.10.2021 г.", "on", "2021-10-05", "2021-10-05", "day"),
    # 'period' — months, years, ranges, quarters, half-years
    ("Апрель-июль 2020 г.", "period", "2020-04", "2020-07", "month"),
    ("апрель – июль 2020 года", "period", "2020-04", "2020-07", "month"),
    ("Сентябрь—декабрь 2021 г.", "period", "2021-09", "2021-12", "month"),
    ("декабрь-февраль 2021 г.", "period", "2020-12", "2021-02", "month"),
    ("декабрь 2020 г. - январь 2021 г.", "period", "2020-12", "2021-01", "month"),
    ("январь 2020 г.", "period", "2020-01", "2020-01", "month"),
    ("Март 2022 года", "period", "2022-03", "2022-03", "month"),
    ("в январе 2020 года", "period", "2020-01", "2020-01", "month"),
    ("в мае 2021 г.", "period", "2021-05", "2021-05", "month"),
    ("«___» январь 2020 года", "period", "2020-01", "2020-01", "month"),
    ("В течении 2020 г.", "period", "2020", "2020", "year"),
    ("В течение 2020 года", "period", "2020", "2020", "year"),
    ("в течение 2022 г.", "period", "2022", "2022", "year"),
    ("в 2021 году", "period", "2021", "2021", "year"),
    ("2021 год", "period", "2021", "2021", "year"),
    ("2021 г.", "period", "2021", "2021", "year"),
    ("2023", "period", "2023", "2023", "year"),
    ("2020-2021 гг.", "period", "2020", "2021", "year"),
    ("2020-2021", "period", "2020", "2021", "year"),
    ("2022 – 2024 годы", "period", "2022", "2024", "year"),
    ("2020 -2021 г.г.", "period", "2020", "2021", "year"),
    ("в течение 2020-2021 годов", "period", "2020", "2021", "year"),
    ("с 1 по 15 марта 2020 г.", "period", "2020-03-01", "2020-03-15", "day"),
    ("с 1 марта по 30 июня 2021 года", "period", "2021-03-01", "2021-06-30", "day"),
    ("с января по март 2022 г.", "period", "2022-01", "2022-03", "month"),
    ("I квартал 2020 г.", "period", "2020-01", "2020-03", "month"),
    ("IV квартал 2021 года", "period", "2021-10", "2021-12", "month"),
    ("І квартал 2020 г.", "period", "2020-01", "2020-03", "month"),  # Cyrillic «І»
    ("во II квартале 2022 г.", "period", "2022-04", "2022-06", "month"),
    ("3 квартал 2020", "period", "2020-07", "2020-09", "month"),
    ("III-IV кварталы 2021 г.", "period", "2021-07", "2021-12", "month"),
    ("1 полугодие 2020", "period", "2020-01", "2020-06", "month"),
    ("во втором полугодии 2021 г.", "period", "2021-07", "2021-12", "month"),
    ("первое полугодие 2022 года", "period", "2022-01", "2022-06", "month"),
    # 'from' — «с …»
    ("с 1 марта 2020 г.", "from", "2020-03-01", None, "day"),
    ("с 1 января 2021 г.", "from", "2021-01-01", None, "day"),
    ("С 15 сентября 2022 года", "from", "2022-09-15", None, "day"),
    ("с февраля 2020 г.", "from", "2020-02", None, "month"),
    ("начиная с апреля 2023 г.", "from", "2023-04", None, "month"),
    ("с 2021 года", "from", "2021", None, "year"),
    ("c 1 июля 2020 г.", "from", "2020-07-01", None, "day"),  # Latin «c» from the PDF text
]


@pytest.mark.parametrize("text, kind, start, end, precision", CASES)
def test_dated_forms(text, kind, start, end, precision):
    d = parse_deadline(text, 2020)
    assert (d.kind, d.start, d.end, d.precision) == (kind, start, end, precision)
    assert d.recurrence is None
    assert d.year_from_document is False


@pytest.mark.parametrize("text, recurrence", [
    ("ежемесячно", "P1M"),
    ("Ежемесячно", "P1M"),
    ("ежеквартально", "P3M"),
    ("Ежегодно", "P1Y"),
    ("еженедельно", "P1W"),
    ("ежедневно", "P1D"),
    ("ежеполугодно", "P6M"),
    ("1 раз в квартал", "P3M"),
    ("раз в месяц", "P1M"),
    ("ежемесячно, до 5 числа", "P1M"),
])
def test_recurring(text, recurrence):
    d = parse_deadline(text, 2020)
    assert (d.kind, d.recurrence, d.start, d.end) == ("recurring", recurrence, None, None)


def test_recurring_keeps_the_dates_it_names():
    d = parse_deadline("с 1 марта 2020 г. ежемесячно", 2019)
    assert (d.kind, d.recurrence, d.start, d.end, d.precision) == ("recurring", "P1M", "2020-03-01", None, "day")


@pytest.mark.parametrize("text, kind, start, end, precision", [
    ("В течение года", "period", "2021", "2021", "year"),
    ("в течении года", "period", "2021", "2021", "year"),
    ("в течение текущего года", "period", "2021", "2021", "year"),
    ("до конца года", "by", None, "2021", "year"),
    ("до 1 июня", "by", None, "2021-06-01", "day"),
    ("до 15 Октября", "by", None, "2021-10-15", "day"),
    ("с 1 марта", "from", "2021-03-01", None, "day"),
    ("Апрель-июль", "period", "2021-04", "2021-07", "month"),
    ("20 мая", "on", "2021-05-20", "2021-05-20", "day"),
    ("II квартал", "period", "2021-04", "2021-06", "month"),
])
def test_year_from_document(text, kind, start, end, precision):
    d = parse_deadline(text, 2021)
    assert (d.kind, d.start, d.end, d.precision, d.year_from_document) == (kind, start, end, precision, True)


@pytest.mark.parametrize("text, kind, precision", [
    ("до 1 июня", "by", "day"),
    ("В течение года", "period", "year"),
    ("с 1 марта", "from", "day"),
    ("Апрель-июль", "period", "month"),
])
def test_year_missing_without_document_year(text, kind, precision):
    d = parse_deadline(text)
    assert (d.kind, d.start, d.end, d.precision, d.year_from_document) == (kind, None, None, precision, False)


@pytest.mark.parametrize("text", [
    "в соответствии с медиа- планами",
    "в соответствии с медиа-планами",
    "",
    "   ",
    "Срок исполнения",
    "31 февраля 2020 г.",  # no such day
    "до 32 марта 2020 г.",
    "13.13.2020",
    "V квартал 2020 г.",
    "после утверждения бюджета",
    "2020 год, далее по итогам",
])
def test_unspecified(text):
    d = parse_deadline(text, 2020)
    assert d.kind == "unspecified"
    assert (d.start, d.end, d.precision, d.recurrence) == (None, None, None, None)


def test_text_is_the_cleaned_cell():
    assert parse_deadline("  до 28 января\n2020 г. ").text == "до 28 января 2020 г."
    assert parse_deadline("в соответствии с медиа-  планами").text == "в соответствии с медиа- планами"
    assert parse_deadline("Апрель–июль 2020 г.").text == "Апрель-июль 2020 г."


@pytest.mark.parametrize("form, month", [
    ("января", 1), ("январь", 1), ("январе", 1), ("ФЕВРАЛЯ", 2), ("марта", 3), ("март", 3), ("марте", 3),
    ("апреля", 4), ("мая", 5), ("май", 5), ("мае", 5), ("июня", 6), ("июль", 7), ("августа", 8),
    ("сентябре", 9), ("октября", 10), ("ноябрь", 11), ("декабря", 12), ("янв.", 1), ("сент.", 9),
])
def test_month_forms(form, month):
    d = parse_deadline(f"до 1 {form} 2020 г.")
    assert d.end == f"2020-{month:02d}-01"


def test_dates_of_a_period_span_the_whole_range():
    d = parse_deadline("Апрель-июль 2020 г.")
    assert (d.start_date, d.end_date) == (date(2020, 4, 1), date(2020, 7, 31))


@pytest.mark.parametrize("text, expected", [
    ("12 мес.", "P12M"),
    ("12 мес", "P12M"),
    ("12 месяцев", "P12M"),
    ("6 месяцев", "P6M"),
    ("3 месяца", "P3M"),
    ("1 месяц", "P1M"),
    ("1 год", "P1Y"),
    ("2 года", "P2Y"),
    ("5 лет", "P5Y"),
    ("в течение 12 месяцев", "P12M"),
    ("сроком на 1 год", "P1Y"),
    ("полгода", "P6M"),
    ("2 квартала", "P6M"),
    ("3 недели", "P3W"),
    ("10 дней", "P10D"),
    ("год", "P1Y"),
])
def test_duration(text, expected):
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "2020 год", "2021 г.", "до 1 июня 2020 г.", "НКО", "12", "0 месяцев", "много месяцев"])
def test_duration_not_recognised(text):
    assert parse_duration(text) is None
