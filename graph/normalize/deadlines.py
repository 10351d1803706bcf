"""Deadlines («до 15 мая 2021 г.», «Апрель-июль 2020 г.», «ежемесячно») and durations («12 мес.»).

`parse_deadline` reads the text of a deadline cell into a `Deadline`. It never
raises: anything it does not recognise is kind 'unspecified', and `.text`
always keeps the cleaned cell text.

Grammar (after lower-casing, ё→е, dashes unified, white space collapsed):

    deadline  := fixed | relative | recurring | [prefix] span | span span
    fixed     := «постоянно», «на постоянной основе» (→ 'continuous'; with a span beside it,
                 «2003-2005 г.г. Постоянно», continuous within that span)
               | «по мере необходимости/поступления …» (→ 'as-needed')
    relative  := «в течение» N unit «после/со дня/с момента …» (→ 'relative', offset PnD/PnM, anchor)
               | «в течение (всего) срока/периода реализации/действия …» (→ 'relative', anchor only)
    recurring := [every] [day-of-period] [«следующего за отчетным» period] [months] [anchor] [dated rest]
    every     := «ежемесячно» P1M, «ежеквартально» P3M, «ежеполугодно» P6M, «ежегодно» P1Y, …
    day-of-period := «до N числа (месяца)» (→ day) | «до D месяца» of a yearly recurrence (→ day, months)
    prefix    := «до», «не позднее», «к», «по» (→ 'by'; an optional «конца» after it)
               | «с», «со», «начиная с» (→ 'from'; «с X по Y» → 'period')
               | «в», «во», «в течение/в течении», «в период», «на протяжении» (→ 'period')
    span      := point [«-» | «по» point] | quarter | half-year
    point     := day month [year] | month [year] | year | dd.mm.yyyy | dd.mm.yy | «год(а)» (the document's year)
    year      := 19xx/20xx [«г.» «гг.» «г.г.» «год» «года» «годы» …]

Without a prefix, a single day is 'on' and anything longer is a 'period'.
A range may join two quarters or half-years («4 квартал 2003 г.- 3 квартал
2005 г.»); two periods printed one after the other with no separator («IV
квартал 2020 года I квартал 2021 года») are read as ONE span, from the start
of the first to the end of the second (a 'period'), when the first ends with
its year and the second starts no earlier. A two-digit year («20.03.21») is
20yy up to 68 and 19yy from 69, the POSIX `%y` rule.

A recurrence needs no printed «ежемесячно» when the day-of-period phrase says
it: «до 5 числа месяца, следующего за отчетным» is monthly on day 5 of the
following month; «… следующего за отчетным кварталом» quarterly; «до 20
января года, следующего за отчетным» yearly. «ежемесячно» alone stays a
recurrence without a day. A recurrence never gets dates the text does not
print: «ежегодно до 1 февраля» is yearly on 1 February (day 1, months [2]),
not 1 February of the document's year.
In a range the left side borrows the year (and month) it leaves out from the
right side: «Апрель-июль 2020 г.», «с 1 по 15 марта 2020 г.».

When the text names no year («до 1 июня», «В течение года») the year comes
from `document_year` and `year_from_document` is True. When there is no
document year either, the kind and precision are still returned but
`start`/`end` are None (an ISO date needs a year).
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from ..records import Deadline
from .text import clean

# --------------------------------------------------------------------------- vocabulary

# Every printed form of a month: nominative, genitive, prepositional, abbreviations.
_MONTH_STEMS = {
    1: ("январ", "янв"), 2: ("феврал", "фев", "февр"), 3: ("март", "мар"), 4: ("апрел", "апр"),
    5: ("ма",), 6: ("июн",), 7: ("июл",), 8: ("август", "авг"), 9: ("сентябр", "сен", "сент"),
    10: ("октябр", "окт"), 11: ("ноябр", "ноя", "нояб"), 12: ("декабр", "дек"),
}


def _month_forms() -> dict[str, int]:
    forms: dict[str, int] = {}
    for number, (stem, *abbreviations) in _MONTH_STEMS.items():
        if number == 5:
            endings = ("й", "я", "е")  # май, мая, мае
        elif number in (3, 8):
            endings = ("", "а", "е")  # март, марта, марте
        else:
            endings = ("ь", "я", "е")  # январь, января, январе
        for ending in endings:
            forms[stem + ending] = number
        for abbreviation in abbreviations:
            forms[abbreviation + "."] = number
            forms.setdefault(abbreviation, number)
    return forms


_MONTH_FORMS = _month_forms()
_MONTH = "(?:" + "|".join(re.escape(f) for f in sorted(_MONTH_FORMS, key=len, reverse=True)) + r")(?![а-я])"

_YEAR = r"(?:19|20)\d\d(?!\d)"
# «г.», «гг.», «г.г.», «год», «года», «годы», «году», «годов»; never the start of a word («города»).
_YEAR_WORD = r"(?:\s*(?:год(?:а|у|ы|ов)?|г\.?\s?г\.?|гг?\.?)(?![а-я]))?"

_RECURRENCE = [
    (re.compile(r"ежемесячн\w*|(?:\d\s+)?раз\s+в\s+месяц|каждый\s+месяц"), "P1M"),
    (re.compile(r"ежеквартальн\w*|поквартальн\w*|(?:\d\s+)?раз\s+в\s+квартал|каждый\s+квартал"), "P3M"),
    (re.compile(r"ежеполугодн\w*|(?:\d\s+)?раз\s+в\s+(?:полугодие|полгода)"), "P6M"),
    (re.compile(r"ежегодн\w*|(?:\d\s+)?раз\s+в\s+год(?![а-я])|каждый\s+год"), "P1Y"),
    (re.compile(r"еженедельн\w*|(?:\d\s+)?раз\s+в\s+неделю|каждую\s+неделю"), "P1W"),
    (re.compile(r"ежедневн\w*|каждый\s+день"), "P1D"),
]

_PREFIX = re.compile(
    r"""^(?:
        (?P<by>(?:в\s+срок\s+)?(?:до|не\s+позднее|не\s+позже|к|по)(?:\s+(?:конца|окончания))?)
      | (?P<from>начиная\s+[сc]|[сc]о?)                      # Latin «c» from PDF text
      | (?P<period>в\s*течени[еяи](?:\s+всего)?|в\s+период|на\s+протяжении|в|во)
    )\s+""",
    re.X,
)
# Words that may trail a deadline without changing it.
_TRAILER = re.compile(r"[\s.,;:]*(?:включительно)?[\s.,;:]*$")

# One side of a range.
_POINT = re.compile(
    rf"""^(?:
        (?P<nd>\d{{1,2}})\.(?P<nm>\d{{1,2}})\.(?P<ny>{_YEAR})(?:\s*г\.?)?     # 28.01.2020
      | (?P<iy>{_YEAR})-(?P<im>\d\d)-(?P<id>\d\d)                            # 2020-01-28
      | (?P<sd>\d{{1,2}})\.(?P<sm>\d{{1,2}})\.(?P<sy>\d\d)(?!\d)(?:\s*г\.?)?         # 20.03.21
      | (?:(?P<day>\d{{1,2}})(?:-?го)?\s*)?(?P<month>{_MONTH})(?:\s+(?P<year>{_YEAR}){_YEAR_WORD})?
      | (?P<yonly>{_YEAR}){_YEAR_WORD}
      | (?P<dayonly>\d{{1,2}})                                               # «с 1 по 15 марта»
      | (?P<thisyear>(?:текущ(?:его|ий|ем)\s+|этого\s+|всего\s+)?год[ау]?)   # «в течение года»
    )$""",
    re.X,
)

# Two-digit years: 00–68 → 2000–2068, 69–99 → 1969–1999 (POSIX strptime %y).
_PIVOT = 68

_ORDINAL = r"(?:iv|i{1,3}|[1-4])(?:\s*-?\s*(?:й|ый|ой|ий|го|ого|ом|м|е|ое))?|перв\w*|втор\w*|трет\w*|четверт\w*"
_QUARTER = re.compile(
    rf"^(?P<a>{_ORDINAL})(?:\s*-\s*(?P<b>{_ORDINAL}))?\s+(?:квартал\w*|кв\.?)(?:\s+(?P<year>{_YEAR}){_YEAR_WORD})?$"
)
_HALF = re.compile(
    rf"^(?P<a>{_ORDINAL})\s+(?:полугоди\w*|полуг\.?)(?:\s+(?P<year>{_YEAR}){_YEAR_WORD})?$"
)
# Quotes and blanks of a form date: «___» январь 2020 года, « 4 » июля 2022 года.
_QUOTES = re.compile(r"[«»\"“”„_]")
_RANGE_SPLIT = re.compile(r"\s*-\s*|\s+по\s+")


def _norm(text: str) -> str:
    """Lower case, ё→е, Cyrillic і→Latin i (Roman numerals), hyphens without spaces."""
    text = clean(_QUOTES.sub(" ", text)).lower().replace("ё", "е").replace("і", "i")
    text = re.sub(r"(?<=\S)-\s+|\s+-(?=\S)", "-", text)  # «медиа- планами», «2020 -2021»
    return _TRAILER.sub("", text)


# --------------------------------------------------------------------------- points


@dataclass
class _Point:
    year: int | None
    month: int | None = None
    day: int | None = None
    this_year: bool = False  # «года»: the document's year

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str | None:
        if self.year is None:
            return None
        parts = [f"{self.year:04d}"] + [f"{p:02d}" for p in (self.month, self.day) if p]
        return "-".join(parts)

    def valid(self) -> bool:
        if self.month is not None and not 1 <= self.month <= 12:
            return False
        if self.day is not None:
            if self.month is None or self.day < 1:
                return False
            last = calendar.monthrange(self.year or 2000, self.month)[1]  # 2000: leap, allows 29.02
            return self.day <= last
        return True


def _ordinal(text: str) -> int:
    text = re.sub(r"[\s-].*$|(?<=\d)[а-я]+$", "", text.strip())
    words = {"перв": 1, "втор": 2, "трет": 3, "четверт": 4}
    for stem, value in words.items():
        if text.startswith(stem):
            return value
    return {"i": 1, "ii": 2, "iii": 3, "iv": 4}.get(text) or int(text)


def _point(text: str) -> _Point | None:
    m = _POINT.match(text)
    if not m:
        return None
    if m["nd"]:
        return _Point(int(m["ny"]), int(m["nm"]), int(m["nd"]))
    if m["iy"]:
        return _Point(int(m["iy"]), int(m["im"]), int(m["id"]))
    if m["sy"]:
        short = int(m["sy"])
        return _Point(2000 + short if short <= _PIVOT else 1900 + short, int(m["sm"]), int(m["sd"]))
    if m["month"]:
        return _Point(int(m["year"]) if m["year"] else None, _MONTH_FORMS[m["month"]],
                      int(m["day"]) if m["day"] else None)
    if m["yonly"]:
        return _Point(int(m["yonly"]))
    if m["dayonly"]:
        return _Point(None, None, int(m["dayonly"]))
    return _Point(None, this_year=True)


def _span(text: str) -> tuple[_Point, _Point] | None:
    """A point, a range of two points, a quarter or a half-year → (first, last)."""
    for pattern, size in ((_QUARTER, 3), (_HALF, 6)):
        m = pattern.match(text)
        if m:
            a = _ordinal(m["a"])
            b = _ordinal(m["b"]) if m.groupdict().get("b") else a
            if not (1 <= a <= b <= 12 // size):
                return None
            year = int(m["year"]) if m["year"] else None
            return _Point(year, (a - 1) * size + 1), _Point(year, b * size)
    single = _point(text)
    if single is not None:
        return (single, single) if single.day is None or single.month else None
    parts = _RANGE_SPLIT.split(text, maxsplit=1)
    if len(parts) != 2:
        return None
    first, last = _point(parts[0]), _point(parts[1])
    if first is None or last is None:
        return _period_range(parts[0], parts[1])
    if last.this_year or first.this_year:
        return None
    if last.month is None and last.day is not None:
        return None
    # The left side borrows what it leaves out: «Апрель-июль 2020», «с 1 по 15 марта».
    if first.day is not None and first.month is None:
        first.month = last.month
    if first.year is None and last.year is not None:
        first.year = last.year
        if first.month and last.month and first.month > last.month:
            first.year -= 1  # «декабрь-февраль 2021»: December 2020
    if first.year is not None and last.year is None:
        return None  # «2020-июнь»: not a form
    return first, last


def _period(text: str) -> tuple[_Point, _Point] | None:
    """A quarter or half-year alone («IV квартал 2021 г.»)."""
    for pattern in (_QUARTER, _HALF):
        if pattern.match(text):
            return _span(text)
    return None


def _period_range(left: str, right: str) -> tuple[_Point, _Point] | None:
    """«4 квартал 2003 г.- 3 квартал 2005 г.»: from the first quarter's start to the last's end."""
    a, b = _period(left), _period(right)
    if a is None or b is None or b[1].year is None:
        return None
    start = _Point(a[0].year if a[0].year is not None else b[1].year, a[0].month)
    end = b[1]
    return (start, end) if (start.year, start.month) <= (end.year, end.month) else None


_YEAR_END = re.compile(rf"{_YEAR}{_YEAR_WORD}")


def _two_periods(text: str) -> tuple[_Point, _Point] | None:
    """«IV квартал 2020 года I квартал 2021 года»: two spans one after the other → one span."""
    for m in _YEAR_END.finditer(text):
        left, right = text[: m.end()].strip(" ,.;"), text[m.end():].strip(" ,.;")
        if not right:
            continue
        a, b = _span(left), _span(right)
        if a is None or b is None or a[0].year is None or b[1].year is None:
            continue
        first, last = a[0], b[1]
        if (first.year, first.month or 0) <= (last.year, last.month or 0):
            return first, last
    return None


# --------------------------------------------------------------------------- fixed, relative and recurring forms

_CONTINUOUS = re.compile(r"(?:на\s+)?постоянн(?:о|ой\s+основе)|регулярно")
_AS_NEEDED = re.compile(r"по\s+мере\s+(?:необходимости|потребности|поступлени\w+(?:\s+\S+){0,4})")

_UNITS = {"д": "D", "н": "W", "м": "M", "г": "Y", "л": "Y"}
_COUNT_WORDS = {"одного": 1, "одной": 1, "двух": 2, "трех": 3, "пяти": 5, "десяти": 10, "пятнадцати": 15, "тридцати": 30}
_RELATIVE = re.compile(
    r"""^в\s*течени[еяи]\s+(?P<n>\d{1,3}|одного|одной|двух|трех|пяти|десяти|пятнадцати|тридцати)\s*
        (?:-?х\s+)?(?:рабочих\s+|календарных\s+)?
        (?P<unit>дн(?:я|ей)|день|недел[ьиюя]\w*|месяц(?:а|ев)?|мес\.?|год(?:а)?|лет)\s+
        (?P<anchor>(?:после|со?\s+дня|с\s+момента|с\s+даты|со\s+дня|от\s+даты|по\s+истечении)\s.+)$""",
    re.X | re.I,
)
_DURING = re.compile(
    r"^в\s*течени[еяи]\s+(?P<anchor>(?:всего\s+)?(?:срока|периода)\s+(?:реализации|действия)\s.+)$", re.I
)

_DAY_OF_PERIOD = re.compile(r"(?:не\s+позднее|не\s+позже|до|к)\s+(?P<day>\d{1,2})(?:-?го)?\s+числа(?:\s+месяц\w*)?")
_FOLLOWING = re.compile(
    r",?\s*следующ\w*\s+за\s+отчетн\w*(?:\s+(?P<period>месяц\w*|квартал\w*|полугоди\w*|год\w*|период\w*))?"
)
_DAY_MONTH = re.compile(rf"(?:не\s+позднее|не\s+позже|до|к)\s+(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH})(?!\s*(?:{_YEAR}|\d))"
                        r"(?:\s+год[а]?)?")
_MONTH_LIST = re.compile(rf"^(?:{_MONTH})(?:\s*(?:,|и|-)\s*(?:{_MONTH}))*$")
_ANCHOR = re.compile(r"(?:^|(?<=[\s,]))(?P<anchor>(?:при|по\s+итогам|после|в\s+период)\s.+)$", re.I)
_PERIOD_OF = {"к": "P3M", "п": "P6M", "г": "P1Y", "м": "P1M"}


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _COUNT_WORDS[word.lower()]


def _relative(printed: str) -> Deadline | None:
    """«в течение 10 дней после утверждения …», «в течение срока реализации Программы»: no dates."""
    text = printed.replace("ё", "е").replace("Ё", "Е")
    text = _TRAILER.sub("", text)
    m = _RELATIVE.match(text)
    if m:
        n = _number(m["n"])
        unit = _UNITS[m["unit"][0].lower()]
        return Deadline(printed, "relative", offset=f"P{n}{unit}" if n else None, anchor=m["anchor"].strip())
    m = _DURING.match(text)
    if m:
        return Deadline(printed, "relative", anchor=m["anchor"].strip())
    return None


def _recurring(printed: str, norm: str, document_year: int | None) -> Deadline | None:
    """A recurrence with its day of period, months and anchor; None when the text is no recurrence."""
    recurrence = None
    rest = norm
    for pattern, every in _RECURRENCE:
        m = pattern.search(rest)
        if m:
            recurrence, rest = every, rest[: m.start()] + " " + rest[m.end():]
            break
    following = _FOLLOWING.search(rest)
    implied = None
    if following:
        implied = _PERIOD_OF.get((following["period"] or "м")[0])
        rest = rest[: following.start()] + " " + rest[following.end():]
    day, months = None, []
    m = _DAY_OF_PERIOD.search(rest)
    if m:
        day, rest = int(m["day"]), rest[: m.start()] + " " + rest[m.end():]
    elif recurrence in (None, "P1Y"):
        m = _DAY_MONTH.search(rest)
        if m and (recurrence or following):
            day, months = int(m["day"]), [_MONTH_FORMS[m["month"]]]
            rest = rest[: m.start()] + " " + rest[m.end():]
            implied = "P1Y"
    if recurrence is None:
        if not (following and day):
            return None
        recurrence = implied
    anchor = None
    found = _ANCHOR.search(rest)
    if found:
        rest = rest[: found.start()]
        printed_anchor = _ANCHOR.search(printed.replace("ё", "е"))
        anchor = _TRAILER.sub("", printed_anchor["anchor"]) if printed_anchor else found["anchor"]
    rest = rest.strip(" ,.;:")
    if not months and rest and _MONTH_LIST.match(rest):
        months = [_MONTH_FORMS[f] for f in re.findall(_MONTH, rest)]
        rest = ""
    dated = parse_deadline(rest, document_year) if rest else None
    dated = dated if dated is not None and (dated.start or dated.end) else None
    return Deadline(
        printed, "recurring", dated.start if dated else None, dated.end if dated else None,
        dated.precision if dated else None, recurrence, dated.year_from_document if dated else False,
        day=day, months=months, following_period=bool(following), anchor=anchor,
    )


# --------------------------------------------------------------------------- public


def parse_deadline(text: str, document_year: int | None = None) -> Deadline:
    """Read a deadline cell; see the module docstring for the forms. Never raises."""
    printed = clean(text or "")
    norm = _norm(printed)
    if not norm:
        return Deadline(printed, "unspecified")

    if _CONTINUOUS.fullmatch(norm):
        return Deadline(printed, "continuous")
    continuous = _CONTINUOUS.search(norm)
    if continuous:  # «2003-2005 г.г. Постоянно»: continuous within the period printed with it
        rest = (norm[: continuous.start()] + " " + norm[continuous.end():]).strip(" ,;.")
        within = parse_deadline(rest, document_year)
        if within.kind in ("period", "from", "by"):
            return Deadline(printed, "continuous", within.start, within.end, within.precision,
                            year_from_document=within.year_from_document)
    if _AS_NEEDED.fullmatch(norm):
        return Deadline(printed, "as-needed")
    relative = _relative(printed)
    if relative is not None:
        return relative
    # «с 1 марта 2020 г. ежемесячно»: a recurrence keeps the dates of what remains.
    recurring = _recurring(printed, norm, document_year)
    if recurring is not None:
        return recurring

    m = _PREFIX.match(norm)
    prefix = m.lastgroup if m else None
    body = norm[m.end():] if m else norm
    span = _span(body) or _two_periods(body)
    if span is None:
        return Deadline(printed, "unspecified")
    first, last = span

    from_document = False
    for point in {id(p): p for p in (first, last)}.values():
        if point.year is None:
            point.year = document_year
            from_document = document_year is not None
    if not (first.valid() and last.valid()):
        return Deadline(printed, "unspecified")

    if prefix == "by":
        return Deadline(printed, "by", None, last.iso(), last.precision, year_from_document=from_document)
    if prefix == "from" and first is last:
        return Deadline(printed, "from", first.iso(), None, first.precision, year_from_document=from_document)
    if prefix is None and first is last and first.day is not None:
        return Deadline(printed, "on", first.iso(), first.iso(), "day", year_from_document=from_document)
    precision = max((first.precision, last.precision), key=("year", "month", "day").index)
    return Deadline(printed, "period", first.iso(), last.iso(), precision, year_from_document=from_document)


_DURATION = re.compile(
    r"""^(?:в\s*течени[еяи]\s+|сроком\s+на\s+|на\s+)?
    (?:
        (?P<n>\d{1,3})\s*(?P<unit>
            мес(?:яц(?:а|ев)?)?\.?     # мес., месяц, месяца, месяцев
          | кв(?:артал(?:а|ов)?)?\.?   # кварталов
          | год(?:а)?|лет|г\.?         # 1 год, 2 года, 5 лет
          | недел[ьяи]\w*|нед\.?       # недели, недель
          | д(?:ень|ня|ней)|дн\.?      # дней
        )
      | (?P<half>полгода|полугоди[ея])
      | (?P<one>(?:один\s+|одного\s+)?(?:год|года|месяц|месяца))
    )$""",
    re.X,
)


def parse_duration(text: str) -> str | None:
    """«12 мес.», «6 месяцев», «1 год», «2 года», «3 недели», «полгода» → ISO 8601 ('P12M'); else None."""
    norm = _norm(text or "")
    m = _DURATION.match(norm)
    if not m:
        return None
    if m["half"]:
        return "P6M"
    if m["one"]:
        return "P1Y" if "год" in m["one"] else "P1M"
    n, unit = int(m["n"]), m["unit"]
    if n == 0:
        return None
    if unit.startswith("м"):
        return f"P{n}M"
    if unit.startswith("к"):
        return f"P{3 * n}M"
    if unit.startswith(("г", "л")):
        return f"P{n}Y"
    if unit.startswith("н"):
        return f"P{n}W"
    return f"P{n}D"
