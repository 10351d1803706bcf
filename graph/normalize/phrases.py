"""Word-level phrase matching shared by the organisation and vocabulary normalisers.

Printed names differ from their curated forms in quotes («НАО «Госкорпорация …»
with a closing quote missing), case, Kazakh letters (Еңбек/Енбек), commas and
spaced hyphens («Дети - сироты»). Comparing sequences of folded words, with
quotes and edge punctuation removed, absorbs all of these while each word keeps
its span in the printed text, so unmatched fragments can be reported as printed.
"""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass
from typing import Generic, Iterator, TypeVar

from .text import fold

T = TypeVar("T")

# A word is anything between white space, commas, semicolons, colons and parentheses.
_WORD = re.compile(r"[^\s,;:()]+")
_QUOTES = re.compile(r"[«»\"“”„'`]")
_EDGE = re.compile(r"^[.!?…]+|[.!?…]+$")


@dataclass(frozen=True)
class Word:
    """A printed word, its comparison key and its span in the text it was read from."""

    text: str
    key: str
    start: int
    end: int


@lru_cache(maxsize=1 << 16)  # pure, and called on every word of every text a normaliser reads
def word_key(word: str) -> str:
    """The comparison key of one printed word: folded, without quotes and edge punctuation."""
    return _EDGE.sub("", _QUOTES.sub("", fold(word)))


def words(text: str, offset: int = 0) -> list[Word]:
    """The words of `text` with their keys; «X - Y» and «X -Y» become one word «X-Y»."""
    return list(_words(text, offset))  # a fresh list: callers may change it, the cached tuple stays


@lru_cache(maxsize=1 << 14)
def _words(text: str, offset: int) -> tuple[Word, ...]:
    found = [Word(m.group(), word_key(m.group()), m.start() + offset, m.end() + offset)
             for m in _WORD.finditer(text)]
    found = [w for w in found if w.key]
    return tuple(_join_hyphens(found, text, offset))


def _join_hyphens(found: list[Word], text: str, offset: int) -> list[Word]:
    # Extraction often spaces out hyphens in compounds («Дети - сироты»); a lone «-»
    # with no word on one side is punctuation and is dropped.
    out: list[Word] = []
    join_next = False
    for w in found:
        if w.key == "-":
            join_next = bool(out)
            continue
        if out and (join_next or w.key.startswith("-") or out[-1].key.endswith("-")):
            prev = out.pop()
            key = prev.key.rstrip("-") + "-" + w.key.lstrip("-")
            out.append(Word(text[prev.start - offset:w.end - offset], key, prev.start, w.end))
        else:
            out.append(w)
        join_next = False
    return out


def phrase_key(text: str) -> tuple[str, ...]:
    """The key of a whole phrase: the keys of its words."""
    return tuple(w.key for w in words(text))


class PhraseIndex(Generic[T]):
    """Phrases (as word-key tuples) → values; finds the longest phrase starting at a word.

    The first value added for a key wins, so callers add their preferred sources first.
    """

    def __init__(self) -> None:
        self._values: dict[tuple[str, ...], T] = {}
        self._longest = 0
        self._first: set[str] = set()  # first words of the phrases: most words start none, and are passed at once
        self._lengths: list[int] = []  # the phrase lengths there are, longest first

    def add(self, phrase: str | tuple[str, ...], value: T) -> None:
        key = phrase if isinstance(phrase, tuple) else phrase_key(phrase)
        if key and key not in self._values:
            self._values[key] = value
            self._longest = max(self._longest, len(key))
            self._first.add(key[0])
            if len(key) not in self._lengths:
                self._lengths = sorted(self._lengths + [len(key)], reverse=True)

    def get(self, phrase: str | tuple[str, ...]) -> T | None:
        key = phrase if isinstance(phrase, tuple) else phrase_key(phrase)
        return self._values.get(key)

    def match_at(self, found: list[Word], i: int) -> tuple[int, T] | None:
        """(number of words, value) of the longest phrase starting at word i, or None."""
        if found[i].key not in self._first:
            return None
        left = len(found) - i
        for n in self._lengths:
            if n <= left:
                value = self._values.get(tuple(w.key for w in found[i:i + n]))
                if value is not None:
                    return n, value
        return None

    def scan(self, found: list[Word]) -> Iterator[tuple[int, int, T | None]]:
        """Cover the words left to right: (start, end, value) for each longest match,
        and (start, end, None) for each run of words between matches."""
        i, gap = 0, None
        while i < len(found):
            hit = self.match_at(found, i)
            if hit is None:
                gap = i if gap is None else gap
                i += 1
                continue
            if gap is not None:
                yield gap, i, None
                gap = None
            yield i, i + hit[0], hit[1]
            i += hit[0]
        if gap is not None:
            yield gap, len(found), None
