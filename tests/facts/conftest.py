"""Second documents of each layout, written here: new rows carrying the forms issue 10 is about.

Invented plans of invented bodies (a ministry of digital development, a ministry of youth), not
copies of any document's rows: two roadmaps of the same body two years apart (2021, 2023, so
that the capital's name differs), and a grant plan. Every expected value in the tests under
tests/facts/ is worked out by reading these texts.
"""
from __future__ import annotations

import pytest

from graph.pipeline import make_graph, read_documents

HEADER = "№\tМероприятие\tСрок исполнения\tОтветственные исполнители"
GLOSSARY = """\
#### Расшифровка аббревиатур:

ДЦР – Департамент цифрового развития МЦРИАП;
ДБП – Департамент бюджетного планирования МЦРИАП;
МЦРИАП – Министерство цифрового развития, инноваций и аэрокосмической промышленности Республики Казахстан;
"""


def roadmap(date_line: str, year: int) -> str:
    return f"""\
УТВЕРЖДАЮ
Министр цифрового развития, инноваций и аэрокосмической промышленности
Республики Казахстан

_____ Б. Мусин
{date_line}

**ДОРОЖНАЯ КАРТА**
**по цифровизации услуг для лиц с инвалидностью на {year} год**

{HEADER}
<b>Задача 1. Доступ к цифровым услугам</b>\t\t\t
1\tЗапуск мобильного приложения для ЛСИ в Шымкенте и Павлодарской области\tIV квартал {year} года I квартал {year + 1} года\tАкиматы городов Шымкент, Нур-Султан и Павлодарской области (по согласованию) ДЦР ДБП
2\tПредставление сведений о числе пользователей приложения\tдо 5 числа месяца, следующего за отчетным\tДЦР Акиматы областей (по согласованию)
3\tОбновление перечня цифровых услуг\tежегодно до 1 февраля\tзаместитель министра Сарсенов Е.К., ДЦР
4\tСогласование тарифов связи\tв течение 10 дней после утверждения бюджета\tДБП, Управление связи Приозерного района (по согласованию)
5\tСопровождение пользователей\tПостоянно\tДЦР
<b>Задача 2. Информирование</b>\t\t\t
6\tВыпуск обзоров доступности\tИюнь, декабрь ежегодно\tДЦР (свод и контроль) ДБП
7\tЗаседания рабочей группы\tпо мере необходимости\tДЦР

{GLOSSARY}"""


GRANT_PLAN = """\
Приложение 2
к приказу Министерства
по делам молодежи КР
от « 3 » февраля 2022 года № 15

План

реализации программы государственного социального заказа на 2022 год

Раздел: Форма государственного социального заказа - государственное финансирование общественно полезных проектов

№\tОбщественно полезные цели (краткое описание):\tПолучатели социальных услуг\tКатегории исполнителей\tСроки реализации\tТерритория реализации государственного социального заказа\tМакс. сумма гранта, (тыс. сом)\tОжидаемые результаты (индикаторы)
1. Поддержка молодежи\t\t\t\t\t\t\t
1.1\tНаставничество для выпускников интернатов\tДети-сироты\tНКО, работающие с выпускниками интернатов\t12 мес.\tВсего по республике, из них:\t900,0\tНаставники для 8 человек x 5 городов x 2 групп = 60 человек.
\t\t\t\t\tг. Бишкак\t400,0\t
\t\t\t\t\tг. Ош\t450,0\t
1.2\tКлубы для пожилых граждан\tПожилые граждане\tНКО\t6 месяцев\tг. Нарин\t300,0\tНе менее 40 человек в месяц.
"""


@pytest.fixture(scope="session")
def fact_documents(tmp_path_factory):
    folder = tmp_path_factory.mktemp("facts")
    paths = []
    for name, text in [("roadmap_kz_2021.txt", roadmap("«12» января 2021 года", 2021)),
                       ("roadmap_kz_2023.txt", roadmap("«20» января 2023 года", 2023)),
                       ("grantplan_kg_2022.txt", GRANT_PLAN)]:
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    documents, findings = read_documents(paths, curation_dir=None)
    return {"roadmap_2021": documents[0], "roadmap_2023": documents[1], "grant_plan": documents[2],
            "findings": findings, "paths": paths}


@pytest.fixture(scope="session")
def fact_dataset(fact_documents):
    docs = fact_documents
    return make_graph([docs["roadmap_2021"], docs["roadmap_2023"], docs["grant_plan"]])[0]
