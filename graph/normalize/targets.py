"""Quantitative targets in free text («не менее 30 ЛСИ в месяц», «на 150 мест») and arithmetic checks.

A target is a number (or a range «3-4», «2-х», «15 тыс.») followed by a unit,
optionally preceded by a qualifier:

    не менее → 'at-least'   более/свыше/больше → 'more-than'
    около/порядка/примерно/приблизительно/предположительно → 'about'
    не более/не больше/до → 'at-most'   менее/меньше → 'less-than'
    на (+ a unit other than «%») → 'capacity'   none → 'exactly'

A number joined to the previous target by «и»/«или» only (period phrases such
as «в месяц» may stand between) inherits its qualifier: «не менее 1000
микрокредитов и 800 грантов» → two 'at-least' targets.

The unit is the printed words after the number, up to the first boundary: a
punctuation mark, a preposition («в», «по», «через», «за», «в рамках», «в том
числе» …), a period phrase, a verb-like word («получат», «повысят»), another
number, «и»/«или» before a number, or 8 words. Units are kept as printed.

The period is the first period phrase («в месяц», «в год», «за год», «в
сутки», «ежемесячно», «в течение года» …) between the unit and the next target
or the end of the sentence; failing that an adjective before the number in the
same sentence («Ежегодное трудоустройство не менее 15 тыс. ЛСИ»).
`per_region` is True for every target of a text that says «в каждом регионе»
(or «области», «районе», «городе»).

Not targets: years («2020 г.», «на 2021 год»), dates («от 19 июня 2018 года»),
numbers after «№», «колл-центр», «телефон», «пункт», «статья» …, measure
numbers («1.1»), numbers with time units («старше 18 лет», «12 месяцев»), and
the factors and result of arithmetic formulas (see `check_arithmetic`).
"""
from __future__ import annotations

import re
from decimal import Decimal

from ..records import Target
from .text import clean

# --------------------------------------------------------------------------- arithmetic

_NUM = r"\d+(?:[.,]\d+)?"
_OP = r"\s*(?:[×*]|(?<=\s)[xXхХ](?=\s)|(?<=\d)[xXхХ](?=\d))\s*"
# A unit word after a factor: starts with a letter, is not the operator «x»/«х» itself.
_UNIT_WORD = r"(?![xXхХ](?:\s|\d|$))[^\W\d_][\w.-]*"
_FORMULA = re.compile(
    rf"""(?<![\w.,])
    {_NUM}(?:\s+{_UNIT_WORD}){{0,3}}                # first factor: «10 человек»
    (?:{_OP}{_NUM}(?:\s+{_UNIT_WORD}){{0,3}})+      # × more factors: «x 9 районов x 12 месяцев»
    \s*=\s*{_NUM}(?:\s+{_UNIT_WORD})?               # = stated result: «= 120 человек»
    """,
    re.X,
)
_OP_SPLIT = re.compile(_OP)
_FIRST_NUM = re.compile(_NUM)


def _decimal(number: str) -> Decimal:
    return Decimal(number.replace(" ", "").replace(",", "."))


def check_arithmetic(text: str) -> list[dict]:
    """Formulas «A unit x B unit … = D unit» (x, х, ×, *) with their computed product.

    Each result: {'text', 'factors': [Decimal], 'stated': Decimal, 'computed': Decimal, 'holds': bool}.
    """
    results = []
    for m in _FORMULA.finditer(clean(text or "")):
        left, right = m.group().split("=", 1)
        factors = [_decimal(_FIRST_NUM.search(piece).group()) for piece in _OP_SPLIT.split(left)]
        stated = _decimal(_FIRST_NUM.search(right).group())
        computed = Decimal(1)
        for factor in factors:
            computed *= factor
        results.append({"text": m.group().strip(), "factors": factors, "stated": stated,
                        "computed": computed, "holds": computed == stated})
    return results


# --------------------------------------------------------------------------- targets

_QUALIFIERS = {
    "не менее": "at-least", "не меньше": "at-least",
    "не более": "at-most", "не больше": "at-most", "до": "at-most",
    "более": "more-than", "свыше": "more-than", "больше": "more-than",
    "менее": "less-than", "меньше": "less-than",
    "около": "about", "порядка": "about", "примерно": "about", "приблизительно": "about",
    "предположительно": "about", "ориентировочно": "about",
    "на": "capacity",
}
_QUALIFIER = "|".join(q.replace(" ", r"\s+") for q in sorted(_QUALIFIERS, key=len, reverse=True))
_SUFFIX = r"(?:-(?:х|и|ти|ми|ух|ех|ого|го|ой|ый|ий))?"  # «2-х», «5-и», «1-го»

_TARGET = re.compile(
    rf"""(?:(?<![\w-])(?P<qual>{_QUALIFIER})\s+)?
    (?<![\w.,/№-])
    (?P<num>\d{{1,3}}(?:\ \d{{3}})+|\d+)(?:,(?P<frac>\d+))?{_SUFFIX}   # 15, 1 000, 1,5, 2-х
    (?:\s*-\s*(?P<max>\d+(?:,\d+)?){_SUFFIX})?                      # range: 3-4, 15-20
    (?![\d\w]|[.,]\d)                                               # not «1.1», not «5G»
    (?:\s*(?P<mult>тыс\.|тысяч\w*|млн\.?|миллион\w*))?              # 15 тыс.
    """,
    re.X | re.I,
)
_MULTIPLIERS = {"т": 1000, "м": 1_000_000}

# A word just before the number that makes it a reference, not a quantity.
_REFERENCE_BEFORE = re.compile(
    r"(?<![\w-])(?:№|N|No|номер\w*|колл-центр\w*|call-центр\w*|контакт-центр\w*|телефон\w*|тел\.|линии|код\w*"
    r"|стать[яиею]|ст\.|пункт\w*|п\.|пп\.|подпункт\w*|глав[аеыу]|раздел\w*|приложени\w*|задач[аиу]"
    r"|мероприяти[ея]|форм[аеыу]|приказ\w*|закон\w*|постановлени\w*)\s*$",
    re.I,
)
_MONTHS = r"(?:январ|феврал|март|апрел|ма[йяе]|июн|июл|август|сентябр|октябр|ноябр|декабр)"
_DATE_AFTER = re.compile(rf"^\s*{_MONTHS}[а-я]*(?![а-я])", re.I)
_DATE_BEFORE = re.compile(rf"{_MONTHS}[а-я]*\s*$", re.I)
_YEAR_AFTER = re.compile(r"^\s*(?:год\w*|гг?\.|г\.?\s?г\.?|г(?![а-я]))", re.I)
_TIME_UNIT = re.compile(
    r"^(?:лет|год(?:а|ов|у)?|г\.?|гг\.?|месяц(?:а|ев)?|мес\.?|дн(?:я|ей|и)|день|недел[ьяи]|сут(?:ки|ок)"
    r"|час(?:а|ов)?|минут[аы]?|квартал(?:а|ов)?|кв\.?)$",
    re.I,
)

_PERIODS = [
    (r"в\s+месяц|за\s+месяц|ежемесячно|в\s+каждый\s+месяц|в\s+мес\.", "P1M"),
    (r"в\s+год|за\s+год|ежегодно|в\s+течени[еяи]\s+(?:одного\s+|всего\s+)?года", "P1Y"),
    (r"в\s+сутки|за\s+сутки|в\s+день|за\s+день|ежедневно", "P1D"),
    (r"в\s+неделю|за\s+неделю|еженедельно", "P1W"),
    (r"в\s+квартал|за\s+квартал|ежеквартально", "P3M"),
]
_PERIOD = re.compile("|".join(f"(?P<p{i}>(?<![а-я])(?:{p})(?![а-я]))" for i, (p, _) in enumerate(_PERIODS)), re.I)
_PERIOD_ADJECTIVE = re.compile(r"(?<![а-я])(ежемесячн|ежегодн|ежедневн|еженедельн|ежеквартальн)\w*", re.I)
_ADJECTIVE_PERIODS = {"ежемесячн": "P1M", "ежегодн": "P1Y", "ежедневн": "P1D", "еженедельн": "P1W", "ежеквартальн": "P3M"}
_PER_REGION = re.compile(r"кажд\w+\s+(?:регион|област|район|город)", re.I)

# Sentence ends: «;», or «.» before a capital letter or the end of the text.
_SENTENCE_END = re.compile(r";|\.(?=\)?\s+[A-ZА-ЯЁ]|\)?\s*$)")

# Unit boundaries: phrases first (checked on the remaining text), then single words.
_STOP_PHRASE = re.compile(
    r"^(?:в\s+том\s+числе|в\s+т\.\s?ч\.|в\s+рамках|а\s+также|т\.\s?е\.|и\s+т\.\s?д\.|и\s+др\.|из\s+них|из\s+числа)(?![а-я])",
    re.I,
)
_STOP_WORDS = {
    "в", "во", "на", "по", "через", "за", "для", "из", "с", "со", "к", "ко", "от", "до", "при", "под",
    "над", "о", "об", "у", "без", "как", "а", "но", "что", "чтобы", "не", "ни", "также", "это", "которые",
    "который", "которых", "будут", "будет", "было", "были", "является", "являются", "среди", "между",
    "ежемесячно", "ежегодно", "ежеквартально", "ежедневно", "еженедельно", "x", "х", "×", "*", "=", "-",
}
# Verb and participle endings that end a noun phrase: «получат», «повысят», «получили», «ищущих».
_VERB_LIKE = re.compile(
    r"(?:ют|ят|ются|ятся|ать|ять|ить|еть|ыть|ться|или|али|яли|ыли|вших|вшие|вшим|ющих|ющие|ющим|"
    r"ящих|ящие|ащих|ащие|ущих|ущие|ены|аны)$"
)
_WORD = re.compile(r"[^\s,;:()\[\]=«»\"]+")
_MAX_UNIT_WORDS = 8


def _unit(rest: str) -> tuple[str, int]:
    """The unit words at the start of `rest` and where they end."""
    words: list[tuple[str, int]] = []  # each word and where it ends in `rest`
    pos = 0
    while len(words) < _MAX_UNIT_WORDS:
        gap = re.match(r"[ \t]*", rest[pos:]).end()
        here = pos + gap
        if words and gap == 0:
            break
        if _STOP_PHRASE.match(rest[here:]):
            break
        m = _WORD.match(rest, here)
        if not m:
            break
        word = m.group()
        low = word.lower().rstrip(".")
        if (low in _STOP_WORDS or word[0].isdigit() or _PERIOD.match(rest, here)
                or (len(low) >= 5 and _VERB_LIKE.search(low) and not word.isupper())):
            break
        if low in ("и", "или"):
            after = rest[m.end():]
            if not after.strip() or re.match(rf"\s*(?:(?:{_QUALIFIER})\s+)?\d", after, re.I):
                break
        if word.endswith(".") and not (len(low) <= 4 and low.islower()):
            words.append((word[:-1], m.end() - 1))  # a sentence ends here
            break
        words.append((word, m.end()))
        pos = m.end()
        if word.endswith("."):
            break  # an abbreviation («чел.») ends the unit
    while words and words[-1][0].lower() in ("и", "или"):
        words.pop()
    return " ".join(w for w, _ in words), (words[-1][1] if words else 0)


def _sentence_bounds(text: str, at: int) -> tuple[int, int]:
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.end() <= at:
            start = m.end()
        else:
            return start, m.start()
    return start, len(text)


def _period_of(text: str) -> str | None:
    m = _PERIOD.search(text)
    return _PERIODS[int(m.lastgroup[1:])][1] if m else None


def find_targets(text: str) -> list[Target]:
    """Quantitative targets in `text`; see the module docstring for the forms and the exclusions."""
    text = clean(text or "")
    masked = [(m.start(), m.end()) for m in _FORMULA.finditer(text)]
    per_region = bool(_PER_REGION.search(text))
    found: list[tuple[Target, int, int]] = []  # target, start of its number, end of its unit

    for m in _TARGET.finditer(text):
        start = m.start("num")
        if any(a <= start < b for a, b in masked):
            continue
        before, after = text[:start], text[m.end():]
        qualifier_text = m["qual"]
        lead = text[: m.start()] if qualifier_text else before
        if _REFERENCE_BEFORE.search(lead) or _DATE_BEFORE.search(lead) or _DATE_AFTER.match(after):
            continue
        number = m["num"].replace(" ", "")
        if re.fullmatch(r"(?:19|20)\d\d", number) and not m["max"] and (
                _YEAR_AFTER.match(after) or not after.strip() or after.lstrip()[:1] in ".,;)-"):
            continue
        unit, unit_end = _unit(after)
        if not unit or _TIME_UNIT.match(unit.split(" ")[0]):
            continue

        factor = _MULTIPLIERS[m["mult"][0].lower()] if m["mult"] else 1
        value = _decimal(number + ("," + m["frac"] if m["frac"] else "")) * factor
        value_max = _decimal(m["max"]) * factor if m["max"] else None
        qualifier = _QUALIFIERS[re.sub(r"\s+", " ", qualifier_text.lower())] if qualifier_text else "exactly"
        if qualifier == "capacity" and unit.startswith("%"):
            qualifier = "exactly"  # «на 10 %» is a change, not a capacity
        if not qualifier_text and found:
            previous, _, previous_end = found[-1]
            gap = _PERIOD.sub(" ", text[previous_end:m.start()])
            if re.fullmatch(r"[\s,]*(?:и|или|а\s+также)\s*", gap, re.I):
                qualifier = previous.qualifier
        unit_end_abs = m.end() + unit_end
        target = Target(text=text[m.start():unit_end_abs].strip(), value=value, unit=unit, qualifier=qualifier,
                        value_max=value_max, per_region=per_region)
        found.append((target, m.start(), unit_end_abs))

    for i, (target, start, unit_end) in enumerate(found):
        sentence_start, sentence_end = _sentence_bounds(text, start)
        next_start = found[i + 1][1] if i + 1 < len(found) else len(text)
        target.period = _period_of(text[unit_end:min(next_start, sentence_end)])
        if target.period is None:
            previous_end = found[i - 1][2] if i and found[i - 1][2] > sentence_start else sentence_start
            adjective = _PERIOD_ADJECTIVE.search(text[previous_end:start])
            if adjective:
                target.period = _ADJECTIVE_PERIODS[adjective.group(1).lower()]
    return [target for target, _, _ in found]
