"""parse_deadline on the forms of published plans (issue 8) and day-of-period recurrences (issue 10).

Every case is written here, not copied from a document: the forms are those
real plans print, the figures are invented.
"""
import pytest

from graph.normalize.deadlines import parse_deadline

PLAN_YEAR = 2021

# text, kind, start, end, precision
DATED = [
    # quarters in Roman numerals, spans of quarters, Cyrillic «І»
    ("I – II кварталы 2022 года", "period", "2022-01", "2022-06", "month"),
    ("IV квартал 2019 года", "period", "2019-10", "2019-12", "month"),
    ("ІІІ квартал 2023 г.", "period", "2023-07", "2023-09", "month"),
    ("II-III кварталы 2024 года", "period", "2024-04", "2024-09", "month"),
    # two periods in one cell with no separator → one span
    ("IV квартал 2020 года I квартал 2021 года", "period", "2020-10", "2021-03", "month"),
    ("II полугодие 2022 года I полугодие 2023 года", "period", "2022-07", "2023-06", "month"),
    ("декабрь 2021 года январь 2022 года", "period", "2021-12", "2022-01", "month"),
    # a range of quarters with their years
    ("4 квартал 2003 г.- 3 квартал 2005 г.", "period", "2003-10", "2005-09", "month"),
    ("I квартал 2022 г. - IV квартал 2023 г.", "period", "2022-01", "2023-12", "month"),
    ("III квартал - IV квартал 2022 года", "period", "2022-07", "2022-12", "month"),
    # numeric dates, four- and two-digit years
    ("15.04.2022", "on", "2022-04-15", "2022-04-15", "day"),
    ("01.12.22", "on", "2022-12-01", "2022-12-01", "day"),
    ("до 30.06.23", "by", None, "2023-06-30", "day"),
    ("до 31.12.99", "by", None, "1999-12-31", "day"),
    ("25.05.2022 г.", "on", "2022-05-25", "2022-05-25", "day"),
    # years and year ranges of older plans
    ("1997-1998 гг.", "period", "1997", "1998", "year"),
    ("2004 - 2006 годы", "period", "2004", "2006", "year"),
]


@pytest.mark.parametrize("text, kind, start, end, precision", DATED)
def test_dated_forms_of_published_plans(text, kind, start, end, precision):
    d = parse_deadline(text, PLAN_YEAR)
    assert (d.kind, d.start, d.end, d.precision, d.recurrence) == (kind, start, end, precision, None)
    assert d.year_from_document is False


@pytest.mark.parametrize("text, start, end, precision", [
    ("Август", "2021-08", "2021-08", "month"),
    ("ноябрь", "2021-11", "2021-11", "month"),
    ("Сентябрь-октябрь", "2021-09", "2021-10", "month"),
    ("в течение года", "2021", "2021", "year"),
])
def test_bare_months_take_the_plans_year(text, start, end, precision):
    d = parse_deadline(text, PLAN_YEAR)
    assert (d.kind, d.start, d.end, d.precision, d.year_from_document) == ("period", start, end, precision, True)


def test_bare_month_without_a_plan_year_has_no_date():
    d = parse_deadline("Август")
    assert (d.kind, d.start, d.end, d.precision) == ("period", None, None, "month")


# text, recurrence, day, months, following_period, anchor
RECURRING = [
    ("Ежегодно", "P1Y", None, [], False, None),
    ("Ежеквартально", "P3M", None, [], False, None),
    ("Ежемесячно", "P1M", None, [], False, None),
    ("ежемесячно", "P1M", None, [], False, None),  # alone: no day
    ("до 5 числа месяца, следующего за отчетным", "P1M", 5, [], True, None),
    ("до 10-го числа месяца, следующего за отчетным месяцем", "P1M", 10, [], True, None),
    ("не позднее 25 числа месяца, следующего за отчетным", "P1M", 25, [], True, None),
    ("ежемесячно, до 15 числа", "P1M", 15, [], False, None),
    ("ежемесячно до 3 числа месяца, следующего за отчетным", "P1M", 3, [], True, None),
    ("ежеквартально, до 20 числа месяца, следующего за отчетным кварталом", "P3M", 20, [], True, None),
    ("до 15 числа месяца, следующего за отчетным кварталом", "P3M", 15, [], True, None),
    ("ежеполугодно, до 10 числа месяца, следующего за отчетным полугодием", "P6M", 10, [], True, None),
    ("раз в полугодие до 5 числа", "P6M", 5, [], False, None),
    ("ежегодно до 1 февраля", "P1Y", 1, [2], False, None),
    ("Ежегодно, до 15 марта", "P1Y", 15, [3], False, None),
    ("до 20 января года, следующего за отчетным", "P1Y", 20, [1], True, None),
    ("ежегодно, к 10 июля", "P1Y", 10, [7], False, None),
    ("Июнь, декабрь ежегодно", "P1Y", None, [6, 12], False, None),
    ("ежегодно, март и сентябрь", "P1Y", None, [3, 9], False, None),
    ("Ежегодно при формировании бюджета", "P1Y", None, [], False, "при формировании бюджета"),
    ("ежеквартально по итогам мониторинга", "P3M", None, [], False, "по итогам мониторинга"),
]


@pytest.mark.parametrize("text, recurrence, day, months, following, anchor", RECURRING)
def test_recurrences_with_their_day_of_period(text, recurrence, day, months, following, anchor):
    d = parse_deadline(text, PLAN_YEAR)
    assert (d.kind, d.recurrence, d.day, d.months, d.following_period, d.anchor) == (
        "recurring", recurrence, day, months, following, anchor)
    assert (d.start, d.end) == (None, None)  # never a date the text does not print


def test_a_recurrence_keeps_the_dates_it_prints():
    d = parse_deadline("с 1 апреля 2022 г. ежеквартально, до 5 числа", PLAN_YEAR)
    assert (d.kind, d.recurrence, d.day, d.start, d.end) == ("recurring", "P3M", 5, "2022-04-01", None)


# text, offset, anchor
RELATIVE = [
    ("в течение 10 дней после утверждения бюджета", "P10D", "после утверждения бюджета"),
    ("В течение 30 календарных дней со дня подписания", "P30D", "со дня подписания"),
    ("в течение 5 рабочих дней после получения запроса", "P5D", "после получения запроса"),
    ("в течение 2 месяцев после принятия закона", "P2M", "после принятия закона"),
    ("в течение одного года с момента вступления в силу", "P1Y", "с момента вступления в силу"),
    ("в течение срока реализации Программы", None, "срока реализации Программы"),
    ("В течение всего периода действия Плана", None, "всего периода действия Плана"),
]


@pytest.mark.parametrize("text, offset, anchor", RELATIVE)
def test_relative_deadlines_keep_their_anchor(text, offset, anchor):
    d = parse_deadline(text, PLAN_YEAR)
    assert (d.kind, d.offset, d.anchor, d.start, d.end, d.recurrence) == ("relative", offset, anchor, None, None, None)


@pytest.mark.parametrize("text, kind", [
    ("Постоянно", "continuous"),
    ("постоянно", "continuous"),
    ("На постоянной основе", "continuous"),
    ("по мере необходимости", "as-needed"),
    ("По мере поступления заявок", "as-needed"),
])
def test_open_forms(text, kind):
    d = parse_deadline(text, PLAN_YEAR)
    assert (d.kind, d.start, d.end, d.recurrence) == (kind, None, None, None)


@pytest.mark.parametrize("text, start, end, precision", [
    ("2004-2006 г.г. Постоянно", "2004", "2006", "year"),
    ("Постоянно, с 1 марта 2022 года", "2022-03-01", None, "day"),
    ("постоянно в течение 2023 года", "2023", "2023", "year"),
])
def test_continuous_within_a_printed_period(text, start, end, precision):
    d = parse_deadline(text, PLAN_YEAR)
    assert (d.kind, d.start, d.end, d.precision) == ("continuous", start, end, precision)


@pytest.mark.parametrize("text", [
    "после утверждения бюджета",  # an event without a period: nothing to parse, kept as printed
    "II квартал 2022 года IV квартал 2021 года",  # two periods out of order: not a span
    "32.01.22",
    "в сроки, установленные законодательством",
    "до 5 числа",  # a day with no period named: not guessed to be monthly
])
def test_unparsed_forms_stay_unspecified(text):
    d = parse_deadline(text, PLAN_YEAR)
    assert (d.kind, d.start, d.end, d.recurrence, d.day) == ("unspecified", None, None, None, None)
    assert d.text == text
