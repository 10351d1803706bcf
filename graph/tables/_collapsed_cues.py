"""Genre cues for rebuilding collapsed pseudographic tables: what a column holds, what a word looks like.

Two kinds of knowledge, both about the genre (plans of measures), none about one document:
the column kind a header label names, and word classes (deadline words, amounts, funding words,
organisation words, forms of completion) read from `graph/data/collapsed_cues.tsv`.
"""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

CUES_PATH = Path(__file__).resolve().parent.parent / "data" / "collapsed_cues.tsv"

# Column kinds, by what the header label says (first match wins; order matters:
# «Источник финансирования» is funding, «Объем финансирования» is cost).
_KIND_OF_LABEL = [
    ("number", re.compile(r"^\s*(n|№|#)\s*/?\s*(n|№|п/?п)?\s*$|^\s*п/?п\s*$|^\s*(n|№)\s", re.I)),
    ("funding", re.compile(r"источ", re.I)),
    ("cost", re.compile(r"расход|сумм|объ[её]м|стоимост|тенге|затрат", re.I)),
    ("deadline", re.compile(r"срок", re.I)),
    ("executor", re.compile(r"ответствен|исполнител|за\s+исполнение", re.I)),
    ("form", re.compile(r"форм", re.I)),
    ("title", re.compile(r"мероприят|наименован|содержан|действ|работ", re.I)),
]

KINDS = ("number", "title", "form", "executor", "deadline", "cost", "funding", "other")


def column_kinds(header: list[str]) -> list[str]:
    """The kind of each column, from its label; an unknown label is 'other'."""
    kinds = []
    for label in header:
        kinds.append(next((k for k, rx in _KIND_OF_LABEL if rx.search(label or "")), "other"))
    return kinds


# Quotes, brackets and list punctuation do not change what class a word is.
_STRIP = "\"'«»()[]{},;:!?“”„"


def fold(token: str) -> str:
    """A token as the cue patterns see it: lower case, ё→е, without surrounding quotes and punctuation."""
    return token.strip(_STRIP).lower().replace("ё", "е")


@lru_cache(maxsize=1)
def _cues() -> list[tuple[str, re.Pattern[str], float, bool]]:
    rows = []
    with CUES_PATH.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            pattern = row["pattern"]
            # a pattern with capitals is tested on the printed token (abbreviations), others on the folded one
            raw = any(ch.isupper() for ch in pattern)
            rows.append((row["kind"], re.compile(pattern), float(row["weight"]), raw))
    return rows


@lru_cache(maxsize=65536)
def word_classes(token: str) -> dict[str, float]:
    """Each class the token may belong to, with the cue's weight (the strongest cue per class)."""
    folded = fold(token)
    printed = token.strip(_STRIP)
    classes: dict[str, float] = {}
    if not folded:
        return classes
    for kind, rx, weight, raw in _cues():
        if rx.fullmatch(printed if raw else folded):
            classes[kind] = max(classes.get(kind, 0.0), weight)
    return classes


@lru_cache(maxsize=65536)
def shape(token: str) -> str:
    """A coarse key for the learned column statistics: a word's first letters, or the shape of a number."""
    folded = fold(token)
    if re.fullmatch(r"(19|20)\d\d\D*", folded):
        return "#year"
    if re.fullmatch(r"[\d.,\s-]+", folded) and any(ch.isdigit() for ch in folded):
        return "#num"
    printed = token.strip(_STRIP)
    if len(printed) >= 2 and printed.isupper():
        return "#abbr"
    if not folded:
        return "#punct"
    return folded.rstrip("-.")[:5] or "#punct"
