"""The interface's own words in English and Russian, in one place (data keeps its document's language).

`word(key, lang)` is the word for a field or a phrase of the resource pages' summaries
(graph/pages.py); a phrase with {n} or {total} is filled with `.format`. An unknown language
falls back to English, an unknown key fails (a missing translation is a bug, not a blank).
"""
from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {  # key: (English, Russian)
    "plan": ("plan", "план"),
    "group": ("group", "раздел"),
    "number": ("number", "номер"),
    "title": ("title", "наименование"),
    "deadline": ("deadline", "срок"),
    "executors": ("executors", "исполнители"),
    "form of completion": ("form of completion", "форма завершения"),
    "programmes": ("programmes", "программы"),
    "beneficiaries": ("beneficiaries", "получатели"),
    "targets": ("targets", "целевые показатели"),
    "reporting": ("reporting", "отчётность"),
    "source": ("source", "источник"),
    "quality findings": ("quality findings", "замечания проверки"),
    "measure": ("measure", "мероприятие"),
    "role": ("role", "роль"),
    "allocation": ("allocation", "распределение"),
    "maximum grant": ("maximum grant", "максимальный грант"),
    "outline": ("Outline", "Структура"),
    "no plan": ("(no plan)", "(без плана)"),
    "not resolved": ("(not resolved)", "(не распознано)"),
    "lines": ("lines", "строки"),
    "named in": ("Named in {n} measures of {plans} plans.", "Указана в {n} мероприятиях {plans} планов."),
    "allocations total": ("{n} grant allocations, maximum {total} in total",
                          "{n} распределений грантов, всего не более {total}"),
    "concern it": ("{n} resources concern it", "Касается ресурсов: {n}"),
    "more measures": ("… and {n} more measures; the query measures-of-organisation lists them all.",
                      "… и ещё {n} мероприятий; запрос measures-of-organisation перечисляет все."),
}
LANGUAGES = ("en", "ru")


def word(key: str, lang: str = "en") -> str:
    english, russian = STRINGS[key]
    return russian if lang == "ru" else english
