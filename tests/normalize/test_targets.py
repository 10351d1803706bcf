"""find_targets / check_arithmetic: forms of the two sample plans and invented ones of the same kinds."""
from decimal import Decimal

import pytest

from graph.normalize.targets import check_arithmetic, find_targets

D = Decimal


def _tuples(text):
    return [(t.value, t.value_max, t.unit, t.qualifier, t.period, t.per_region) for t in find_targets(text)]


# text, [(value, value_max, unit, qualifier, period, per_region), ...]
CASES = [
    ("Ежегодное трудоустройство не менее 15 тыс. ЛСИ по государственной программе «Еңбек»",
     [(D(15000), None, "ЛСИ", "at-least", "P1Y", False)]),
    ("Обучение в каждом регионе не менее 30 ЛСИ в месяц IT-навыкам в рамках государственной программы",
     [(D(30), None, "ЛСИ", "at-least", "P1M", True)]),
    ("Начало строительства центра социальной реабилитации на 150 мест за счет бюджетных средств",
     [(D(150), None, "мест", "capacity", None, False)]),
    ("Открытие не менее 1 частного центра реабилитации на 80 посещений в сутки на примере центров",
     [(D(1), None, "частного центра реабилитации", "at-least", None, False),
      (D(80), None, "посещений", "capacity", "P1D", False)]),
    ("Обеспечение присутствия не менее 5 НПО в каждом регионе за счет государственных социальных заказов",
     [(D(5), None, "НПО", "at-least", None, True)]),
    ("Выделение не менее 1000 микрокредитов и 800 грантов по государственной программе",
     [(D(1000), None, "микрокредитов", "at-least", None, False),
      (D(800), None, "грантов", "at-least", None, False)]),
    ("Трудоустройство не менее 2-х ЛСИ в колл-центр 1411 и не менее 1 ЛСИ в колл-центры каждого центра",
     [(D(2), None, "ЛСИ", "at-least", None, False), (D(1), None, "ЛСИ", "at-least", None, False)]),
    ("Более 1000 пожилых граждан или ЛОВЗ, в том числе дети с ОВЗ, получивших социальные услуги",
     [(D(1000), None, "пожилых граждан или ЛОВЗ", "more-than", None, False)]),
    ("Более 1000 пожилых граждан или ЛОВЗ, получат социальные услуги за год.",
     [(D(1000), None, "пожилых граждан или ЛОВЗ", "more-than", "P1Y", False)]),
    ("Около 900 беженцев и лиц, ищущих убежище получили услуги переводчика",
     [(D(900), None, "беженцев и лиц", "about", None, False)]),
    ("1020 детей в год получили знания по безопасности",
     [(D(1020), None, "детей", "exactly", "P1Y", False)]),
    ("20 детей в месяц", [(D(20), None, "детей", "exactly", "P1M", False)]),
    ("Поддержка 3-4 проектов по 15-20 человек. Охват 60 ПГ или ЛОВЗ в год.",
     [(D(3), D(4), "проектов", "exactly", None, False),
      (D(15), D(20), "человек", "exactly", None, False),
      (D(60), None, "ПГ или ЛОВЗ", "exactly", "P1Y", False)]),
    ("Предположительно 30 родителей в месяц или 360 родителей в год получат навыки",
     [(D(30), None, "родителей", "about", "P1M", False), (D(360), None, "родителей", "about", "P1Y", False)]),
    ("75 выпускников в течении года получают социальные услуги",
     [(D(75), None, "выпускников", "exactly", "P1Y", False)]),
    ("Около 300 ПА повысят потенциал для оказания социальной услуги",
     [(D(300), None, "ПА", "about", None, False)]),
    ("Внедрение Портала социальных услуг с оцифровкой 5-и процессов",
     [(D(5), None, "процессов", "exactly", None, False)]),
    # invented forms of the same kinds
    ("Трудоустройство не менее 2,5 тыс. молодых специалистов ежегодно",
     [(D(2500), None, "молодых специалистов", "at-least", "P1Y", False)]),
    ("Охват не менее 40 семей в каждой области в квартал",
     [(D(40), None, "семей", "at-least", "P3M", True)]),
    ("Открытие центра на 200 койко-мест в городе Караганда",
     [(D(200), None, "койко-мест", "capacity", None, False)]),
    ("Свыше 500 волонтеров через платформу", [(D(500), None, "волонтеров", "more-than", None, False)]),
    ("не более 25 человек в группе", [(D(25), None, "человек", "at-most", None, False)]),
    ("Порядка 1 200 человек по республике", [(D(1200), None, "человек", "about", None, False)]),
    ("Примерно 50 консультаций в неделю", [(D(50), None, "консультаций", "about", "P1W", False)]),
    ("не менее 10 мероприятий и 3 тренингов в каждом районе",
     [(D(10), None, "мероприятий", "at-least", None, True), (D(3), None, "тренингов", "at-least", None, True)]),
    ("Создание не менее 300 рабочих мест для ЛОВЗ", [(D(300), None, "рабочих мест", "at-least", None, False)]),
    ("с охватом 30 % существующих кризисных центров", [(D(30), None, "%", "exactly", None, False)]),
    ("12 человек в день получат горячее питание", [(D(12), None, "человек", "exactly", "P1D", False)]),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_find_targets(text, expected):
    assert _tuples(text) == expected


@pytest.mark.parametrize("text", [
    "Внесение изменений в приказ Министра от 19 июня 2018 года № 257 «Об утверждении методики»",
    "приказ Министра здравоохранения от 14 июня 2016 года №519",
    "Организация приема обращений в колл-центре 1411 через мессенджер",
    "Консультирование через колл-центры 1411, центры обслуживания населения",
    "Сбор заявок на 2021 год",
    "Реализация мер в 2020 году",
    "Начало строительства в течение 2020 г.",
    "Развитие сети центров для лиц старше 18 лет",
    "Проект длится 12 месяцев",
    "согласно пункту 5 статьи 3 Закона",
    "в соответствии с подпунктом 2 приказа",
    "Мероприятие 1.1 плана",
    "В указанных районах (10 человек x 9 районов x 12 месяцев = 120 человек) получают услуги",
    "Covid-19 и его последствия",
    "Задача 1. Подготовка лиц с инвалидностью",
    "",
])
def test_not_targets(text):
    assert find_targets(text) == []


def test_target_text_and_unit_are_printed_forms():
    [target] = find_targets("Выделение  не менее 15 тыс.  ЛСИ, в т.ч. женщин")
    assert target.text == "не менее 15 тыс. ЛСИ"
    assert target.unit == "ЛСИ"


def test_formula_is_skipped_but_other_targets_are_kept():
    text = "Более 1000 пожилых граждан (10 человек x 9 районов x 12 месяцев = 120 человек) получают услуги"
    assert [(t.value, t.unit) for t in find_targets(text)] == [(D(1000), "пожилых граждан")]


@pytest.mark.parametrize("text, factors, stated, computed, holds", [
    ("В указанных районах (10 человек x 9 районов x 12 месяцев = 120 человек) получают услуги",
     ["10", "9", "12"], "120", "1080", False),
    ("(10 человек x 7 районов x 12 месяцев = 840 человек)", ["10", "7", "12"], "840", "840", True),
    ("10 человек х 9 регионов х 12 месяцев = 120 человек", ["10", "9", "12"], "120", "1080", False),  # Cyrillic х
    ("5 групп × 12 человек = 60 человек", ["5", "12"], "60", "60", True),
    ("20 * 3 = 60", ["20", "3"], "60", "60", True),
    ("10х9=90", ["10", "9"], "90", "90", True),
    ("1,5 ставки x 4 района = 6 ставок", ["1.5", "4"], "6", "6.0", True),
    ("15 детей x 4 квартала = 50 детей", ["15", "4"], "50", "60", False),
])
def test_check_arithmetic(text, factors, stated, computed, holds):
    [result] = check_arithmetic(text)
    assert result["factors"] == [D(f) for f in factors]
    assert result["stated"] == D(stated)
    assert result["computed"] == D(computed)
    assert result["holds"] is holds
    assert "=" in result["text"] and result["text"] in text


def test_check_arithmetic_text_of_the_formula():
    [result] = check_arithmetic("районах (10 человек x 9 районов x 12 месяцев = 120 человек) получают")
    assert result["text"] == "10 человек x 9 районов x 12 месяцев = 120 человек"


def test_check_arithmetic_finds_several():
    text = "А: 10 человек x 2 района = 20 человек; Б: 5 человек x 3 района = 16 человек"
    assert [r["holds"] for r in check_arithmetic(text)] == [True, False]


@pytest.mark.parametrize("text", ["10 + 2 = 12", "x = 5", "120 человек", "10 человек x 9 районов", "", "Поддержка 3-4 проектов"])
def test_check_arithmetic_not_a_formula(text):
    assert check_arithmetic(text) == []
