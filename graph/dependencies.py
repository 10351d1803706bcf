"""Which measures of a roadmap depend on which: `dependencies(records)`.

The plans never say «depends on» in so many words; two things they print do say it:

1. **numbering** — the sub-measures of one measure are its steps, printed in the
   order they are to be done (1.1 technical specification → 1.2 ask UNDP to fund
   the services → 1.3 tender → 1.4 services delivered). So each sub-measure N.k
   depends on the sub-measure printed just before it (the previous one in
   numbering order: 1.9 before 1.10; gaps are skipped), **unless the deadlines
   contradict the order**: when the previous sub-measure is due *after* this one
   (its `pkg:dueDate`, the last day of its deadline, is later), the numbering
   is not a sequence there and no dependency is drawn (on the 2020 roadmap:
   2.3, due 1 June 2020, after 2.2, due in 2021 — three parallel projects, not
   steps). Equal due dates keep the dependency (6.2 «до 18 февраля» → 6.3
   «18 февраля»: done the same day, in order); so does an unknown due date on
   either side (a recurring, open-ended «с …» or unspecified deadline: the
   numbering is then the only evidence, 6.3 → 6.4 «ежемесячно»). Top-level
   measures of a task are *not* chained: they are parallel lines of work.
2. **defined-term** — a sub-measure that introduces a term «(далее – услуги)» is
   a prerequisite of every *later sub-measure of the same measure* whose title
   uses that term, in any grammatical form (1.4 «Оказание услуг поставщиком» →
   1.1, which defines «услуги»). The scope is the measure, not the document:
   elsewhere in the same roadmap «услуг» means other services (11, 18.1). The
   same deadline check applies.

Cross-references between different measures are left out: on the bundled
documents the only words two measures share are topics (колл-центр 1411 in 19
and 20, «Еңбек» in 6, 8 and 9), not one measure's product used by another, and
no rule tried (participles such as «заключенных меморандумов» or «выявленным
семьям» pointing back to «Заключение меморандумов», «Выявление семей») found a
reference that the numbering rule did not already give.

Grant items have no deadlines and are never chained. The mapping (graph/mapping.py)
writes each pair as `<later> pkg:dependsOn <earlier>`; SHACL shape
S20-dependency-order re-checks the deadline condition on the graph.
"""
from __future__ import annotations

import re
from datetime import date

from .records import DocumentRecords, Measure

NUMBERING = "numbering"
DEFINED_TERM = "defined-term"

Dependency = tuple[str, str, str]  # (later number, earlier number, rule)

# «(далее – услуги)», «(далее - Атлас)», «(далее—Портал)»: the term a measure introduces.
_DEFINED = re.compile(r"\(\s*далее\s*[–—-]\s*([^)]+?)\s*\)", re.IGNORECASE)
_WORD = re.compile(r"[0-9A-Za-zА-Яа-яЁёҚқҢңӘәҒғҮүҰұӨөҺһІі]+")
_ENDINGS = "аеёиоуыэюяйь"
_MIN_STEM = 4  # shorter stems match too much («дом» → «документ»)


def dependencies(records: DocumentRecords) -> list[Dependency]:
    """(later number, earlier number, rule) for every dependency the rules find, in print order;
    a pair two rules find is listed once, under the first rule (numbering)."""
    found: dict[tuple[str, str], str] = {}
    for siblings in _sub_measures_by_parent(records.measures).values():
        for previous, measure in zip(siblings, siblings[1:]):
            if not _due_after(previous, measure):
                found.setdefault((measure.number, previous.number), NUMBERING)
        for k, defining in enumerate(siblings):
            stems = [_stems(term) for term in _DEFINED.findall(defining.title or "")]
            for later in siblings[k + 1:]:
                if any(s and _uses(later.title or "", s) for s in stems) and not _due_after(defining, later):
                    found.setdefault((later.number, defining.number), DEFINED_TERM)
    order = {m.number: i for i, m in enumerate(sorted(records.measures, key=lambda m: _key(m.number)))}
    return sorted(((later, earlier, rule) for (later, earlier), rule in found.items()),
                  key=lambda d: (order[d[0]], order[d[1]]))


def prerequisites(records: DocumentRecords) -> dict[str, list[str]]:
    """measure number → the numbers it depends on (for the mapping)."""
    result: dict[str, list[str]] = {}
    for later, earlier, _ in dependencies(records):
        result.setdefault(later, []).append(earlier)
    return result


def _sub_measures_by_parent(measures: list[Measure]) -> dict[str, list[Measure]]:
    groups: dict[str, list[Measure]] = {}
    for measure in measures:
        if measure.level == "sub-measure" and measure.parent:
            groups.setdefault(measure.parent, []).append(measure)
    return {parent: sorted(group, key=lambda m: _key(m.number)) for parent, group in groups.items()}


def _key(number: str) -> tuple:
    """«1.10» after «1.9»: numeric parts compared as numbers, anything else as text after them."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in str(number).split("."))


def _due(measure: Measure) -> date | None:
    try:
        return measure.deadline.end_date if measure.deadline else None
    except ValueError:  # a malformed ISO string: treat as unknown
        return None


def _due_after(earlier: Measure, later: Measure) -> bool:
    """The earlier-numbered measure is due after the later one (both due dates known)."""
    first, second = _due(earlier), _due(later)
    return first is not None and second is not None and first > second


def _stem(word: str) -> str:
    word = word.lower().replace("ё", "е")
    while len(word) > _MIN_STEM and word[-1] in _ENDINGS:
        word = word[:-1]
    return word


def _stems(term: str) -> list[str]:
    stems = [_stem(w) for w in _WORD.findall(term)]
    return stems if stems and all(len(s) >= _MIN_STEM for s in stems) else []


def _uses(text: str, stems: list[str]) -> bool:
    """The words of `text` contain the term's stems as consecutive word prefixes."""
    words = [w.lower().replace("ё", "е") for w in _WORD.findall(_DEFINED.sub("", text))]
    n = len(stems)
    return any(all(words[i + j].startswith(stems[j]) for j in range(n)) for i in range(len(words) - n + 1))
