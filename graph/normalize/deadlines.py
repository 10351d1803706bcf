"""Deadlines («до 15 мая 2021 г.», «Апрель-июль 2020 г.», «ежемесячно») and durations («12 мес.»).

`parse_deadline` reads the text of a deadline cell into a `Deadline`. It never
raises: anything it does not recognise is kind 'unspecified', and `.text`
always keeps the cleaned cell text.

Grammar (after lower-casing, ё→е, dashes unified, white space collapsed):

    deadline  := recurring | [prefix] span
    prefix    := «до», «не позднее», «к», «по» (→ 'by'; an optional «конца» after it)
               | «с», «со», «начиная с» (→ 'from'; «с X по Y» → 'period')
               | «в», «во», «в течение/в течении», «в период», «на протяжении» (→ 'period')
    span      := point [«-» | «по» point] | quarter | half-year
    point     := day month [year] | month [year] | year | dd.mm.yyyy | «год(а)» (the document's year)
    year      := 19xx/20xx [«г.» «гг.» «г.г.» «год» «года» «годы» …]

Without a prefix, a single day is 'on' and anything longer is a 'period'.
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
      | (?:(?P<day>\d{{1,2}})(?:-?го)?\s*)?(?P<month>{_MONTH})(?:\s+(?P<year>{_YEAR}){_YEAR_WORD})?
      | (?P<yonly>{_YEAR}){_YEAR_WORD}
      | (?P<dayonly>\d{{1,2}})                                               # «с 1 по 15 марта»
      | (?P<thisyear>(?:текущ(?:его|ий|ем)\s+|этого\s+|всего\s+)?год[ау]?)   # «в течение года»
    )$""",
    re.X,
)

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
    if first is None or last is None or last.this_year or first.this_year:
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


# --------------------------------------------------------------------------- public


def parse_deadline(text: str, document_year: int | None = None) -> Deadline:
    """Read a deadline cell; see the module docstring for the forms. Never raises."""
    printed = clean(text or "")
    norm = _norm(printed)
    if not norm:
        return Deadline(printed, "unspecified")

    for pattern, recurrence in _RECURRENCE:
        m = pattern.search(norm)
        if m:
            # «с 1 марта 2020 г. ежемесячно»: keep the dates of what remains.
            rest = parse_deadline(norm[: m.start()] + " " + norm[m.end():], document_year)
            return Deadline(printed, "recurring", rest.start, rest.end, rest.precision if rest.start or rest.end else None,
                            recurrence, rest.year_from_document)

    m = _PREFIX.match(norm)
    prefix = m.lastgroup if m else None
    body = norm[m.end():] if m else norm
    span = _span(body)
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
