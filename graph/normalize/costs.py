"""Cost and funding cells of action plans.

A cost cell states amounts in the unit its column header names («(тыс. тенге)»):
one amount («2759,0», «500.0»), amounts per year («2003г.- 820,0 2004г.- 870,0»),
or text that is no figure («в пределах выделенных средств», «Сумма затрат будет
представлена до 01.07.03»). Amounts are read only when the cell holds nothing but
amounts, years and their labels; otherwise the text is kept and no amount guessed.

A funding cell names sources from a small SKOS vocabulary
(graph/data/funding_sources.tsv); what it does not know stays as printed.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from ..records import Cost, CostAmount, Money
from .text import clean
from .vocabularies import DATA_DIR

FUNDING_SOURCES = DATA_DIR / "funding_sources.tsv"

# «2003г.- 820,0», «2004 год: 870,0», «2005 г. - 920,0»
_PER_YEAR = re.compile(r"((?:19|20)\d\d)\s*(?:г\.?\s*г?\.?|год[аы]?)?\s*[-:–—]?\s*(\d[\d\s]*(?:[.,]\d+)?)(?=\s|;|,\s|$)")
_AMOUNT = re.compile(r"^\d{1,3}(?:[\s\u00a0]\d{3})*(?:[.,]\d+)?$|^\d+(?:[.,]\d+)?$")
# What may stand beside amounts in a cell that is only figures: units, «всего», punctuation.
_NOISE = re.compile(r"тыс\.?|млн\.?|млрд\.?|тенге|сом|руб\.?|всего:?|итого:?|(?<!\d)[;,.()]|[;,.()](?!\d)", re.I)
_NOTHING = {"-", "–", "—", "", "x", "х"}


def parse_cost(text: str, *, currency: str | None, multiplier: Decimal = Decimal(1)) -> Cost | None:
    """The cost a cell states, or None for an empty cell; a dash alone is kept as printed with no amount."""
    printed = clean(text)
    if not printed:
        return None
    if printed in _NOTHING or not currency:
        return Cost(printed)
    per_year = list(_PER_YEAR.finditer(printed))
    if per_year and not _NOISE.sub("", _PER_YEAR.sub("", printed)).strip():
        return Cost(printed, [CostAmount(_money(m.group(2), currency, multiplier), int(m.group(1))) for m in per_year])
    bare = _NOISE.sub(" ", printed).strip() if re.search(r"\d", printed) else ""
    bare = " ".join(bare.split())
    if bare and _AMOUNT.match(bare) and not re.fullmatch(r"(?:19|20)\d\d", bare):
        return Cost(printed, [CostAmount(_money(bare, currency, multiplier))])
    return Cost(printed)


def _money(figure: str, currency: str, multiplier: Decimal) -> Money:
    digits = re.sub(r"[\s\u00a0]", "", figure).replace(",", ".")
    return Money(text=figure.strip(), value=Decimal(digits), currency=currency, multiplier=int(multiplier))


@dataclass(frozen=True)
class FundingSource:
    id: str
    label_ru: str
    label_en: str
    pattern: re.Pattern
    broader: str | None
    note: str


@lru_cache(maxsize=1)
def funding_sources() -> tuple[FundingSource, ...]:
    with FUNDING_SOURCES.open(encoding="utf-8", newline="") as handle:
        return tuple(FundingSource(r["id"], r["pref_label_ru"], r["pref_label_en"], re.compile(r["patterns"], re.I),
                                   r["broader"] or None, r["note"])
                     for r in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def find_funding(text: str) -> tuple[list[str], str | None]:
    """Funding-source ids a cell names, in printed order, and what is left when none matches.

    The vocabulary is tried in file order and a matched span is not matched again,
    so «бюджет» alone counts only where no level («местный», «республиканский») is named.
    """
    printed = clean(text)
    taken: list[tuple[int, int, str]] = []
    for source in funding_sources():
        for m in source.pattern.finditer(printed):
            if not any(a < m.end() and m.start() < b for a, b, _ in taken) and \
                    not (source.id == "budget" and taken):
                taken.append((m.start(), m.end(), source.id))
    ids = list(dict.fromkeys(i for _, _, i in sorted(taken)))
    return ids, (None if ids else printed)
