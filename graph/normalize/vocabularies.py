"""Controlled vocabularies read from graph/data: programmes, beneficiary and executor categories.

Labels are compared as folded words (see phrases.py), so «Еңбек»/«Енбек»,
«Дети - сироты»/«дети-сироты» and quotes do not matter; inflected forms must be
listed as labels in the TSV. Matching is longest-first and never overlaps:
«семьи, имеющие ЛСИ с особыми потребностями» is one category, not two.
Files are read on first use, not at import.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .phrases import PhraseIndex, Word, words
from .text import clean

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# Columns whose |-separated values are matched against text, per file.
_LABEL_COLUMNS = ("name_ru", "patterns", "pref_label_ru", "alt_labels", "hidden_labels")
_CONNECTORS = frozenset({"и", "а", "также"})


@dataclass(frozen=True)
class Concept:
    """One row of a vocabulary file; `row` keeps every column for the RDF mapping."""

    id: str
    country: str | None
    label_ru: str
    label_en: str
    labels: tuple[str, ...]
    broader: str | None
    close_match: tuple[str, ...]
    row: tuple[tuple[str, str], ...]

    @classmethod
    def from_row(cls, row: dict[str, str]) -> Concept:
        labels = tuple(v.strip() for col in _LABEL_COLUMNS for v in row.get(col, "").split("|") if v.strip())
        return cls(
            id=row["id"], country=row.get("country") or None,
            label_ru=row.get("pref_label_ru") or row.get("name_ru", ""),
            label_en=row.get("pref_label_en") or row.get("name_en", ""),
            labels=labels, broader=row.get("broader") or None,
            close_match=tuple(v for v in row.get("close_match", "").split("|") if v),
            row=tuple(row.items()),
        )


class Vocabulary:
    """The concepts of one file and a phrase index per country."""

    def __init__(self, concepts: list[Concept]):
        self.concepts = concepts
        self._by_id = {c.id: c for c in concepts}
        self._indexes: dict[str | None, PhraseIndex[Concept]] = {}

    @classmethod
    def read(cls, path: Path) -> Vocabulary:
        with open(path, encoding="utf-8", newline="") as f:
            return cls([Concept.from_row(r) for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)])

    def get(self, concept_id: str) -> Concept:
        return self._by_id[concept_id]

    def index(self, country: str | None = None) -> PhraseIndex[Concept]:
        """Labels of the country's concepts and of concepts with no country (international)."""
        key = country.upper() if country else None
        if key not in self._indexes:
            index: PhraseIndex[Concept] = PhraseIndex()
            for concept in self.concepts:
                if key is None or concept.country in (None, key):
                    for label in concept.labels:
                        index.add(label, concept)
            self._indexes[key] = index
        return self._indexes[key]

    def find(self, text: str, country: str | None = None) -> list[str]:
        """Ids of the concepts `text` mentions, in order of first mention."""
        found = words(clean(text))
        hits = (value.id for _, _, value in self.index(country).scan(found) if value is not None)
        return list(dict.fromkeys(hits))

    def split(self, cell: str, country: str | None = None) -> tuple[list[str], list[str]]:
        """A cell listing concepts → (ids, printed fragments that match none).

        A value is never widened: a concept followed by a qualifier the vocabulary does not
        list («НКО, работающие с …», «НКО для …»: a participle or a preposition) is not that
        concept but a narrower one nobody has reviewed, so the concept's id is not returned
        and the qualified phrase as printed is unresolved (the reader reports it).
        """
        text = clean(cell)
        found = words(text)
        ids: list[tuple[str, int]] = []  # (id, index of its first word)
        unresolved: list[str] = []
        previous_end = None
        for start, end, value in self.index(country).scan(found):
            if value is not None:
                ids.append((value.id, start))
                previous_end = end
                continue
            fragments = _fragments(text, found[start:end])
            if previous_end == start and ids and fragments and _qualifies(found[start]):
                concept_start = ids.pop()[1]
                first_end = text.index(fragments[0], found[start].start) + len(fragments[0])
                unresolved.append(text[found[concept_start].start:first_end])
                fragments = fragments[1:]
            unresolved += fragments
            previous_end = None
        return list(dict.fromkeys(i for i, _ in ids)), unresolved


def broader_of(name: str, fragment: str, country: str | None = None) -> Concept | None:
    """The concept a qualified fragment narrows («НКО, работающие с …» → НКО), or None when the
    fragment does not start with a known label followed by a qualifier (see `Vocabulary.split`)."""
    found = words(clean(fragment))
    hit = vocabulary(name).index(country).match_at(found, 0) if found else None
    if hit is None or hit[0] >= len(found) or not _qualifies(found[hit[0]]):
        return None
    return hit[1]


# A word that makes what comes before it narrower: a participle («работающие», «оказывающих»,
# «находящиеся», «прошедшие», «признанные») or a preposition («для», «с», «по» …).
_PARTICIPLE = re.compile(r"(?:[ую]щ|[ая]щ|вш|нн|емы|имы)(?:ие|их|им|ая|ий|ее|ую|ими)$")
_PREPOSITIONS = frozenset({"с", "со", "для", "по", "в", "во", "на", "из", "при", "без", "от"})


def _qualifies(word: Word) -> bool:
    return word.key in _PREPOSITIONS or bool(_PARTICIPLE.search(word.key))


def _fragments(text: str, run: list[Word]) -> list[str]:
    """Unmatched words → printed fragments, split at commas, without edge connectors («и»)."""
    pieces: list[list[Word]] = [[]]
    for i, word in enumerate(run):
        if i and "," in text[run[i - 1].end:word.start]:
            pieces.append([])
        pieces[-1].append(word)
    out = []
    for piece in pieces:
        while piece and piece[0].key in _CONNECTORS:
            piece = piece[1:]
        while piece and piece[-1].key in _CONNECTORS:
            piece = piece[:-1]
        if piece:
            out.append(text[piece[0].start:piece[-1].end])
    return out


@lru_cache(maxsize=None)
def vocabulary(name: str) -> Vocabulary:
    """'programs', 'beneficiaries' or 'executor_categories', read once from graph/data/<name>.tsv."""
    return Vocabulary.read(DATA_DIR / f"{name}.tsv")


def find_programs(text: str) -> list[str]:
    """Programme ids mentioned in `text` («в рамках государственной программы «Еңбек»» → enbek)."""
    return vocabulary("programs").find(text)


def find_beneficiaries(text: str, country: str | None) -> list[str]:
    """Beneficiary categories mentioned in free text such as a measure title («ЛСИ», «лиц с инвалидностью»)."""
    return vocabulary("beneficiaries").find(text, country)


def split_beneficiaries(cell: str, country: str | None) -> tuple[list[str], list[str]]:
    """A beneficiaries cell → (category ids, unresolved fragments).

    «ЛОВЗ, ДОВЗ пожилые граждане» → three ids. «Безработные женщины и молодежь»
    → two: unemployed women and youth (the «безработные» is not distributed over
    «молодежь»: the vocabulary only joins what a label prints together).
    """
    return vocabulary("beneficiaries").split(cell, country)


def split_executor_categories(cell: str, country: str | None = None) -> tuple[list[str], list[str]]:
    """An executor-categories cell → (category ids, unresolved fragments)."""
    return vocabulary("executor_categories").split(cell, country)
