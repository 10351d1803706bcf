"""Place names as printed → units of our gazetteer (graph/data/gazetteer.tsv).

The documents print regions, districts and towns in many shapes: inflected
(«Акмолинской области», «Шымкенте»), abbreviated («обл.», «р-н», «ЗКО»), run
together by the PDF extraction, and misspelt by it («Татаская» for «Таласская»).
Names are compared on a normalised key: folded, marker words («область»,
«р-н», «г.» …) removed and remembered as a level hint, hyphens and spaces
dropped, adjective endings cut back to the «-ск» stem and noun case endings
tried off. An exact key wins; otherwise rapidfuzz scores the key, and its
OCR-corrected variants (graph/data/ocr_confusions.tsv), against the candidate
units, and the best one is taken only when it is clearly good and clearly
better than the next unit — or, for a name whose level is printed («г.», «обл.»)
in a known country, when it is the unique unit one edit away (UNIQUE_EDITS). Nothing is resolved at import time: the tables are
read by `Gazetteer.load()`, which caches one instance per path.
"""
from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterable

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from graph.normalize.text import clean, fold, slugify
from graph.records import PlaceMatch

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
GAZETTEER_TSV = DATA_DIR / "gazetteer.tsv"
PLACE_NAMES_TSV = DATA_DIR / "place_names.tsv"
CONFUSIONS_TSV = DATA_DIR / "ocr_confusions.tsv"

# Fuzzy acceptance. Scores are rapidfuzz `fuzz.ratio` (0–100) between keys
# (stems such as «татаск» vs «таласск», so lower than ratios of whole words),
# minus CONFUSION_PENALTY per OCR substitution applied. Measured on the
# documents' misreadings and on names that are not our units (the tests hold
# both): the misreadings score 84–96 once their confusions are applied (raw
# 77–96: «Татаская» 77 → 88, «Джагалат - Абалская» 77 → 84, «пп» for «шк» 67 → 96);
# other regions' names stay ≤ 79 («Казахстанская» 79 to North Kazakhstan,
# «Алтайская» 77 to Abai, «Омская» 75 to Osh, «Лондонская» 60). 80 lies between.
FUZZY_THRESHOLD = 80.0
# Short keys («ош», «талас», «нарын») come within one edit of other names
# («Таласка», «Нарынка» 83), so they need more; a confusion-corrected
# misreading of one still scores 96 («Татас» → «Талас»).
SHORT_KEY = 6
FUZZY_THRESHOLD_SHORT = 88.0
# The best unit must also beat the runner-up by this much: a name that fits
# two units fits neither («Казахстанская»: North 79, West Kazakhstan 76).
# The real misreadings lead by ≥ 15 (Татаская: Talas 88 vs Jalal-Abad 59).
FUZZY_MARGIN = 8.0
# A substitution from the confusion table is a guess, so it costs a little:
# a name misread with пп for шк, scores 96, not the 100 of a clean «Бишкек».
CONFUSION_PENALTY = 4.0
# At most this many confusions are applied to one name (keeps variants few).
MAX_CONFUSIONS = 2
# The unique-best-match rule, for names whose level is printed («г. Бишкак», «Нарынская обл.»)
# in a known country: a short name one letter off scores below FUZZY_THRESHOLD_SHORT (six letters,
# one substituted: 83), yet is no guess when the marker and the country leave exactly one unit
# within UNIQUE_EDITS edits (Levenshtein) of it — and no other unit within RIVAL_EDITS. The match
# is 'fuzzy' with its score and runner-up recorded, like any other.
UNIQUE_EDITS = 1
RIVAL_EDITS = 2

OBLAST, CITY, DISTRICT, TOWN = "oblast", "city_republican", "district", "town"
LEVELS = (OBLAST, CITY, DISTRICT, TOWN)
SETTLEMENT_LEVELS = frozenset({CITY, TOWN})
ADJECTIVE_LEVELS = frozenset({OBLAST, DISTRICT})

# Marker words (folded, without the dot) and the levels they announce; `True`
# when the marker is plural and may stand for several names («Тонский, Тюпские р-ны»).
_MARKER_WORDS = [
    ("область области обл", {OBLAST}, False),
    ("областей областям областях областями", {OBLAST}, True),
    ("район района районе районом району р-н р-на р-не р-он", {DISTRICT}, False),
    ("районы районов районах районам р-ны р-нов р-нах", {DISTRICT}, True),
    ("город города городе городом г гор", SETTLEMENT_LEVELS, False),
    ("городов городах городам", SETTLEMENT_LEVELS, True),  # not «гг.»: that is «годы»
]
_MARKERS: dict[str, tuple[frozenset[str], bool]] = {
    word: (frozenset(levels), plural) for words, levels, plural in _MARKER_WORDS for word in words.split()
}

# Russian adjective endings after the «-ск»/«-цк» stem, with the gender they
# show: feminine names an oblast («-ская область»), masculine a district.
_ADJ = re.compile(r"^(?P<stem>.*[сц]к)(?P<end>ая|ой|ую|ою|ий|ого|ому|ом|ым|ие|их|им|ими|ое|ые|ых)$")
# Under a region/district marker other adjectives count too («Примерная область»);
# without one only «-ск-» does, or nouns such as «Шымкентом» would turn adjective.
_ANY_ADJ = re.compile(
    r"^(?P<stem>.*[бвгджзклмнпрстфхцчшщь])(?P<end>ая|яя|ой|ей|ую|юю|ий|ый|ого|его|ому|ему|ом|ем|ым|им|ие|ые|их|ых|ими|ыми|ое|ее)$"
)
_FEMININE = {"ая", "яя", "ой", "ую", "юю", "ою"}
_MASCULINE = {"ий", "ый", "ого", "его", "ому", "ему", "ом", "ым"}
# Noun case endings tried off a settlement name: «Шымкенте», «Нур-Султане», «Оша».
_NOUN_ENDINGS = ("е", "а", "у", "ом", "ем", "ой", "ы", "и", "ю", "я")

_WORD = re.compile(r"[а-яa-z0-9]+(?:-[а-яa-z0-9]+)*")
_SPACED_HYPHEN = re.compile(r"(?<=[А-Яа-яЁё])\s*-\s+(?=[А-ЯЁ])|(?<=[А-Яа-яЁё])\s+-\s*(?=[А-ЯЁ])")
_ABBREVIATION = re.compile(r"^[А-ЯЁ]{2,5}$")
_COUNTRY_WIDE = re.compile(r"^\s*(?:всего\s+)?по\s+(?:всей\s+)?республике\b", re.I)


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Place:
    """One row of the gazetteer."""

    id: str
    country: str
    level: str
    name_ru: str
    name_en: str
    alt_names: tuple[str, ...] = ()
    iso_3166_2: str | None = None
    wikidata: str | None = None
    parent: str | None = None  # a region id, or the country code for first-level units
    valid_from: date | None = None  # first day the unit existed (None: before any document)
    valid_to: date | None = None  # last day it existed (None: still exists)
    source: str = ""
    note: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name_ru, *self.alt_names)

    @property
    def first_level(self) -> bool:
        return self.level in (OBLAST, CITY)

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass
class PlaceMatchDetail(PlaceMatch):
    """A `PlaceMatch` that also says why: the closest units and their scores.

    For 'fuzzy' and 'unresolved' results `best`/`score` are the closest unit
    and `runner_up`/`runner_up_score` the next one, so a report can say
    «refused: Talas 79 vs Batken 75». `variant` is the key after the OCR
    confusions that gave the best score.
    """

    best: str | None = None
    runner_up: str | None = None
    runner_up_score: float | None = None
    variant: str | None = None
    reason: str | None = None


# --------------------------------------------------------------------------- name analysis


@dataclass(frozen=True)
class _Name:
    """A printed name reduced to what matching needs."""

    text: str
    form: str  # 'adj' | 'noun' | 'abbr' | 'empty'
    keys: tuple[str, ...]  # candidate keys, the most literal first
    marker_levels: frozenset[str] | None  # levels announced by «область», «р-н», «г.» …
    plural_marker: bool
    gender: str | None  # 'f' | 'm' | None, for adjectives
    words: tuple[str, ...]  # folded name words without markers (for proposed ids)

    @property
    def hint_levels(self) -> frozenset[str]:
        """Levels the name's own shape suggests, when no marker says so."""
        if self.form == "adj":
            return {"f": frozenset({OBLAST}), "m": frozenset({DISTRICT})}.get(self.gender, ADJECTIVE_LEVELS)
        if self.form == "noun":
            return SETTLEMENT_LEVELS
        return frozenset(LEVELS)


def _join_spaced_hyphens(text: str) -> str:
    """«Джагал - Абдская» → «Джагал-Абдская» (the extraction spaces some hyphens)."""
    return _SPACED_HYPHEN.sub("-", text)


def _analyse(text: str, inherited: tuple[frozenset[str], bool] | None = None) -> _Name:
    raw = _join_spaced_hyphens(clean(text)).strip(" .,;:()")
    words = _WORD.findall(fold(raw))
    marker_levels: frozenset[str] | None = None
    plural = False
    name_words = []
    for word in words:
        if word in _MARKERS:
            levels, is_plural = _MARKERS[word]
            marker_levels = levels if marker_levels is None else marker_levels | levels
            plural = plural or is_plural
        else:
            name_words.append(word)
    if marker_levels is None and inherited is not None:
        marker_levels, plural = inherited
    if not name_words:
        return _Name(raw, "empty", (), marker_levels, plural, None, ())
    compact = "".join(name_words).replace("-", "")
    core = " ".join(w for w in raw.split() if fold(w).strip(".") not in _MARKERS)
    if len(name_words) == 1 and _ABBREVIATION.match(core.strip(" .,")):
        return _Name(raw, "abbr", (compact,), marker_levels, plural, None, tuple(name_words))
    adjective = _ADJ.match(compact)
    if not adjective and marker_levels and marker_levels <= ADJECTIVE_LEVELS:
        adjective = _ANY_ADJ.match(compact)
    if adjective:
        end = adjective["end"]
        gender = "f" if end in _FEMININE else "m" if end in _MASCULINE else None
        return _Name(raw, "adj", (adjective["stem"],), marker_levels, plural, gender, tuple(name_words))
    if marker_levels and marker_levels <= ADJECTIVE_LEVELS:
        # «Нарынскя область»: a region's name with a garbled ending; compare it
        # whole with the adjective stems (fuzzy, so the misreading is reported).
        return _Name(raw, "adj", (compact,), marker_levels, plural, None, tuple(name_words))
    return _Name(raw, "noun", _noun_keys(compact), marker_levels, plural, None, tuple(name_words))


def _noun_keys(word: str) -> tuple[str, ...]:
    """The word and the word with a case ending tried off («шымкенте» → «шымкент»)."""
    keys = [word]
    for ending in _NOUN_ENDINGS:
        stem = word[: -len(ending)]
        if word.endswith(ending) and len(stem) >= 2:
            keys.append(stem)
            if ending in ("и", "ы", "е", "у", "ю", "ой"):  # «Кызыл-Кии» → «кызылкия», «Астаны»
                keys.extend((stem + "я", stem + "а"))
    return tuple(dict.fromkeys(keys))


# --------------------------------------------------------------------------- loading


def _date(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def _read_tsv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return [{k: (v or "").strip() for k, v in row.items()} for row in rows]


def _place(row: dict[str, str]) -> Place:
    return Place(
        id=row["id"],
        country=row["country"],
        level=row["level"],
        name_ru=row["name_ru"],
        name_en=row["name_en"],
        alt_names=tuple(n.strip() for n in row.get("alt_names", "").split("|") if n.strip()),
        iso_3166_2=row.get("iso_3166_2") or None,
        wikidata=row.get("wikidata") or None,
        parent=row.get("parent") or None,
        valid_from=_date(row.get("valid_from", "")),
        valid_to=_date(row.get("valid_to", "")),
        source=row.get("source", ""),
        note=row.get("note", ""),
    )


def _index_key(name: str) -> tuple[str, str]:
    """(form, key) under which a gazetteer name is found."""
    analysed = _analyse(name)
    return analysed.form, analysed.keys[0]


@dataclass(frozen=True)
class _Scored:
    place: Place
    score: float
    variant: str
    key: str  # the gazetteer key it was scored against

    @property
    def acceptable(self) -> bool:
        return self.score >= _threshold(self.key)


# --------------------------------------------------------------------------- the gazetteer


class Gazetteer:
    """The units of graph/data/gazetteer.tsv, indexed by id and by name key."""

    def __init__(self, places: Iterable[Place], confusions: Iterable[tuple[str, str]] = ()):
        self.places: tuple[Place, ...] = tuple(places)
        self._by_id = {p.id: p for p in self.places}
        self._confusions = tuple(confusions)
        # (form, key) → places, and per place the keys used for fuzzy scoring.
        self._index: dict[tuple[str, str], list[Place]] = {}
        self._keys: dict[str, list[tuple[str, str]]] = {}
        for place in self.places:
            for name in place.names:
                form_key = _index_key(name)
                self._keys.setdefault(place.id, []).append(form_key)
                bucket = self._index.setdefault(form_key, [])
                if place not in bucket:
                    bucket.append(place)

    @classmethod
    def load(cls, path: str | Path | None = None, confusions: str | Path | None = None) -> "Gazetteer":
        """The gazetteer read from `path` (default: the packaged TSV), cached per path."""
        return _load(Path(path or GAZETTEER_TSV).resolve(), Path(confusions or CONFUSIONS_TSV).resolve())

    # ------------------------------------------------------------------ lookups

    def unit(self, id: str) -> Place:
        try:
            return self._by_id[id]
        except KeyError:
            raise KeyError(f"no gazetteer unit {id!r}") from None

    def children(self, parent: str) -> list[Place]:
        return [p for p in self.places if p.parent == parent]

    def first_level_units(self, country: str, on: date) -> list[Place]:
        """Oblasts and cities of republican significance of `country` existing `on` that day."""
        return [p for p in self.places if p.country == country and p.first_level and p.valid_on(on)]

    # ------------------------------------------------------------------ matching one name

    def match(
        self,
        text: str,
        *,
        country: str | None = None,
        parent: str | None = None,
        levels: Iterable[str] | None = None,
    ) -> PlaceMatchDetail:
        """One place name as printed → the unit it names, or why not.

        `parent` restricts the candidates to that region's units (and the
        country's cities of republican significance, which texts list under
        the region around them); `levels` restricts the levels.
        """
        return self._match(text, _analyse(text), country=country, parent=parent, levels=levels)

    def _match(self, text, name: _Name, *, country, parent, levels) -> PlaceMatchDetail:
        if _COUNTRY_WIDE.match(text) and country:
            return PlaceMatchDetail(text, country, "exact", level="country")
        if name.form == "empty":
            return PlaceMatchDetail(text, None, "unresolved", parent=parent, reason="no name")
        hard = frozenset(levels) if levels is not None else frozenset(LEVELS)
        if name.marker_levels is not None:
            hard &= name.marker_levels
        candidates = [p for p in self.places if self._admissible(p, country, parent, hard)]
        soft = [p for p in candidates if p.level in name.hint_levels]

        exact = self._exact(name, soft) or self._exact(name, candidates)
        if len(exact) == 1:
            return self._resolved(text, exact[0], "exact", parent)
        if len(exact) > 1:
            first, second = exact[:2]
            return PlaceMatchDetail(
                text, None, "unresolved", parent=parent, best=first.id, runner_up=second.id,
                score=100.0, runner_up_score=100.0, reason="ambiguous: the name fits several units",
            )
        if name.form == "abbr":  # abbreviations are matched exactly or not at all
            return self._unresolved(text, name, parent, None, None, "unknown abbreviation")

        ranked = self._fuzzy(name, soft)
        best = ranked[0] if ranked else None
        second = ranked[1] if len(ranked) > 1 else None
        if best and ((best.acceptable and (second is None or best.score - second.score >= FUZZY_MARGIN))
                     or self._unique_near(name, best, soft, country)):
            result = self._resolved(text, best.place, "fuzzy", parent)
            result.score = round(best.score, 1)
            result.best, result.variant = best.place.id, best.variant
            if second:
                result.runner_up, result.runner_up_score = second.place.id, round(second.score, 1)
            return result
        if best is None or not best.acceptable:
            reason = "no unit close enough"
        else:
            reason = "runner-up too close"
        return self._unresolved(text, name, parent, best, second, reason)

    def _unique_near(self, name: _Name, best: _Scored, candidates: list[Place], country: str | None) -> bool:
        """The unique-best-match rule (see UNIQUE_EDITS): a printed level, a country, one unit
        within one edit of the name and no other within two."""
        if name.marker_levels is None or not country or name.form != "noun":
            return False
        key = name.keys[0]
        if Levenshtein.distance(key, best.key) > UNIQUE_EDITS or len(key) <= UNIQUE_EDITS + 2:
            return False
        rivals = {p.id for p in candidates if p.id != best.place.id
                  for form, other in self._keys[p.id] if form == name.form
                  and Levenshtein.distance(key, other) <= RIVAL_EDITS}
        return not rivals

    @staticmethod
    def _admissible(place: Place, country, parent, levels) -> bool:
        if country and place.country != country:
            return False
        if place.level not in levels:
            return False
        if parent and place.parent != parent and not (place.level == CITY and place.country == _country_of(parent)):
            return False
        return True

    def _exact(self, name: _Name, candidates: list[Place]) -> list[Place]:
        allowed = {p.id for p in candidates}
        found: list[Place] = []
        for key in name.keys:
            for place in self._index.get((name.form, key), ()):
                if place.id in allowed and place not in found:
                    found.append(place)
            if found:  # the most literal key that hits wins («алматы» before «алмат»)
                return found
        return found

    def _fuzzy(self, name: _Name, candidates: list[Place]) -> list[_Scored]:
        """Candidates scored against the name's keys and their OCR variants, best first."""
        # Only the literal key: a case ending tried off («нарынка» → «нарынк»)
        # would bring other short names within one edit of ours.
        variants = _variants(name.keys[0], self._confusions)
        best: dict[str, _Scored] = {}
        for place in candidates:
            for form, key in self._keys[place.id]:
                if form != name.form:
                    continue
                for variant, subs in variants:
                    score = fuzz.ratio(variant, key) - CONFUSION_PENALTY * subs
                    if place.id not in best or score > best[place.id].score:
                        best[place.id] = _Scored(place, score, variant, key)
        return sorted(best.values(), key=lambda s: -s.score)

    def _resolved(self, text: str, place: Place, method: str, parent: str | None) -> PlaceMatchDetail:
        return PlaceMatchDetail(
            text, place.id, method, score=100.0 if method == "exact" else None,
            parent=place.parent or parent, level=place.level,
        )

    def _unresolved(self, text, name: _Name, parent, best: _Scored | None, second: _Scored | None, reason):
        result = PlaceMatchDetail(
            text, None, "unresolved", parent=parent, reason=reason,
            score=round(best.score, 1) if best else None, best=best.place.id if best else None,
            variant=best.variant if best else None,
            runner_up=second.place.id if second else None,
            runner_up_score=round(second.score, 1) if second else None,
        )
        # A district or town printed as such under a named region is kept as
        # 'unlisted' when nothing is close: the gazetteer simply lacks it.
        level = _unlisted_level(name)
        if parent and level and reason == "no unit close enough" and parent in self._by_id:
            result.method, result.level = "unlisted", level
            result.proposed_id = _proposed_id(parent, name, level)
        return result

    # ------------------------------------------------------------------ lists and cells

    def match_many(
        self, items: list[str], *, country: str | None = None, parent: str | None = None
    ) -> list[PlaceMatchDetail]:
        """Names of one enumeration; a plural marker is shared with its neighbours.

        «Тонский, Тюпские р-ны»: «р-ны» closing the list applies to «Тонский»;
        «городов Нур-Султан, Шымкент»: «городов» opening it applies to «Шымкент».
        """
        names = [_analyse(item) for item in items]
        shared: list[tuple[frozenset[str], bool] | None] = [None] * len(names)
        carry = None
        for i, name in enumerate(names):  # a leading plural marker reaches forward
            if name.marker_levels is not None:
                carry = (name.marker_levels, True) if name.plural_marker else None
            else:
                shared[i] = carry
        carry = None
        for i in range(len(names) - 1, -1, -1):  # a closing plural marker reaches back
            name = names[i]
            if name.marker_levels is not None:
                carry = (name.marker_levels, True) if name.plural_marker else None
            elif carry is not None:
                shared[i] = carry
        results = []
        for item, name, inherited in zip(items, names, shared):
            if inherited is not None:
                name = _analyse(item, inherited)
            results.append(self._match(item, name, country=country, parent=parent, levels=None))
        return results

    def parse_territory(self, text: str, *, country: str) -> list[PlaceMatchDetail]:
        """A grant-plan territory cell → its places; districts in «(…)» or after
        «:» get the region before them as parent; «(Всего) по республике» is
        the country itself (place = the country code, level 'country')."""
        results: list[PlaceMatchDetail] = []
        for segment in self.split_territories(text, country=country):
            if _COUNTRY_WIDE.match(segment):
                results.append(PlaceMatchDetail(segment, country, "exact", level="country"))
                continue
            if _TOTAL_PREFIX.fullmatch(segment):  # a bare «из них:» names nothing
                continue
            for head, group in _items_with_groups(segment):
                heads = self.match_many(head, country=country) if head else []
                results.extend(heads)
                if group:
                    region = heads[-1].place if heads and heads[-1].level in (OBLAST, CITY) else None
                    results.extend(self.match_many(group, country=country, parent=region))
        return results

    def split_territories(self, text: str, *, country: str | None = None) -> list[str]:
        """A cell holding several territories run together → one string each.

        A new territory starts at a capitalised word or «г.» that follows a
        complete name (one closed by a marker word or «)», or a bare noun)
        with no delimiter between them; names joined by «и», «,» … stay together.
        """
        text = clean(text)  # spaced hyphens stay: «-» is a joiner, «Джагал - Абдская» one name
        segments: list[str] = []
        total = _TOTAL_PREFIX.match(text)
        if total and total.group(0).strip(" ,"):
            segments.append(total.group(0).strip())
            text = text[total.end():]
        current: list[str] = []
        depth = 0
        for token in text.split():
            if depth == 0 and current and self._starts_new(current, token, country):
                segments.append(" ".join(current))
                current = []
            current.append(token)
            depth = max(0, depth + token.count("(") - token.count(")"))
        if current:
            segments.append(" ".join(current))
        return [s for s in (seg.strip() for seg in segments) if s]

    def _starts_new(self, current: list[str], token: str, country: str | None) -> bool:
        starts_name = token[:1].isupper() or fold(token).rstrip(".") in ("г", "город")
        previous = current[-1]
        if not starts_name or previous[-1] in ",;:(" or fold(previous) in _JOINERS:
            return False
        last = fold(previous).strip(".,;:")
        if last in _MARKERS:
            return not _MARKERS[last][0] <= SETTLEMENT_LEVELS  # «г.» waits for its name
        if previous.endswith(")"):
            return True
        if not previous[:1].isupper() or _analyse(previous).form != "noun":
            return False
        # A bare noun ends a name, unless noun and token are one name («Кызыл Кия»).
        joined = _analyse(f"{previous}-{token}")
        return not self._exact(joined, [p for p in self.places if country in (None, p.country)])

    # ------------------------------------------------------------------ free text

    def find_places(self, text: str, *, country: str) -> list[PlaceMatchDetail]:
        """Places named in running text such as a measure title, once each.

        Settlement names count when capitalised and found exactly, or when «г.»
        / «городе» announces them; abbreviations (ЗКО) only exactly; capitalised
        «-ск-» adjectives exactly, or fuzzily when a marker word closes their
        list («Актубинской, Алматинской области»). Ordinary words are never
        scored, so they cannot turn into places. A name announced by a marker
        but not found («Лондонской области») is returned 'unresolved'.
        """
        tokens = _tokens(text)
        found: list[PlaceMatchDetail] = []
        seen: set[str] = set()
        i = 0
        while i < len(tokens):
            result, used = self._find_at(tokens, i, country)
            if result is not None and (result.place or result.text) not in seen:
                seen.add(result.place or result.text)
                found.append(result)
            i += used
        return found

    def _find_at(self, tokens: list[str], i: int, country: str) -> tuple[PlaceMatchDetail | None, int]:
        """The place starting at token i (or None) and how many tokens it took."""
        word = _bare(tokens[i])
        following = _bare(tokens[i + 1]) if i + 1 < len(tokens) else ""
        if _settlement_marker(word) and _title_case(following) and not _year_before(tokens, i):
            return self.match(f"{word} {following}", country=country), 2
        if not word[:1].isupper():
            return None, 1
        name = _analyse(word)
        if name.form == "abbr":
            result = self.match(word, country=country)
            return (result if result.place else None), 1
        if name.form == "noun":
            settlements = [p for p in self.places if p.country == country and p.level in SETTLEMENT_LEVELS]
            exact = self._exact(name, settlements)
            return (self._resolved(word, exact[0], "exact", None) if len(exact) == 1 else None), 1
        if name.form != "adj":
            return None, 1
        j = _closing_marker(tokens, i)
        if j is None:  # no marker: only an exact adjective counts
            result = self.match(word, country=country)
            return (result if result.method == "exact" else None), 1
        if j == i + 1:  # «Акмолинской области»: the printed pair
            return self.match(f"{word} {_bare(tokens[j])}", country=country), 2
        marker = _MARKERS[fold(_bare(tokens[j])).rstrip(".")]
        return self._match(word, _analyse(word, (marker[0], True)), country=country, parent=None, levels=None), 1


# --------------------------------------------------------------------------- dated names


@dataclass(frozen=True)
class DatedName:
    """A name a place bore from `valid_from` to `valid_to` (both inclusive; None: open)."""

    place: str
    name_ru: str
    name_en: str
    valid_from: date | None
    valid_to: date | None

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


@functools.cache
def dated_names(path: Path = PLACE_NAMES_TSV) -> dict[str, tuple[DatedName, ...]]:
    """Place id → its dated names (graph/data/place_names.tsv), oldest first."""
    if not path.exists():
        return {}
    found: dict[str, list[DatedName]] = {}
    for row in _read_tsv(path):
        found.setdefault(row["place"], []).append(
            DatedName(row["place"], row["name_ru"], row["name_en"], _date(row["valid_from"]), _date(row["valid_to"])))
    return {k: tuple(sorted(v, key=lambda n: n.valid_from or date.min)) for k, v in found.items()}


def name_on(place: Place, day: date | None) -> str:
    """The place's Russian name on `day`: its dated name then, else its gazetteer name."""
    if day is not None:
        for name in dated_names().get(place.id, ()):
            if name.valid_on(day):
                return name.name_ru
    return place.name_ru


# --------------------------------------------------------------------------- helpers


_JOINERS = {"и", "или", "а", "также", "в", "по", "из", "-"}
_TOTAL_PREFIX = re.compile(
    r"^\s*(?:(?:всего\s+)?по\s+(?:всей\s+)?республике\s*[,:]?\s*)?(?:из\s+них\s*:?)?", re.I
)
_SEPARATORS = re.compile(r"\s*[,;]\s*|\s+(?:и|или)(?:\s+|$)", re.I)


@functools.cache
def _load(path: Path, confusions_path: Path) -> Gazetteer:
    places = [_place(row) for row in _read_tsv(path)]
    confusions = []
    if confusions_path.exists():
        confusions = [(fold(r["printed"]), fold(r["intended"])) for r in _read_tsv(confusions_path)]
    return Gazetteer(places, confusions)


def _threshold(key: str) -> float:
    return FUZZY_THRESHOLD_SHORT if len(key) <= SHORT_KEY else FUZZY_THRESHOLD


def _country_of(place_id: str) -> str:
    return place_id.split("-", 1)[0]


def _variants(key: str, confusions: tuple[tuple[str, str], ...]) -> list[tuple[str, int]]:
    """The key and the keys with up to MAX_CONFUSIONS printed→intended substitutions."""
    seen = {key: 0}
    frontier = [key]
    for depth in range(1, MAX_CONFUSIONS + 1):
        following = []
        for current in frontier:
            for printed, intended in confusions:
                start = current.find(printed)
                while start != -1:
                    variant = current[:start] + intended + current[start + len(printed):]
                    if variant not in seen:
                        seen[variant] = depth
                        following.append(variant)
                    start = current.find(printed, start + 1)
        frontier = following
    return list(seen.items())


def _unlisted_level(name: _Name) -> str | None:
    """The level a marker gives a name that the gazetteer lacks («Ноокатский р-н»)."""
    if name.marker_levels == frozenset({DISTRICT}):
        return DISTRICT
    if name.marker_levels == SETTLEMENT_LEVELS and name.form == "noun":
        return TOWN
    return None


def _proposed_id(parent: str, name: _Name, level: str) -> str:
    """`<parent>-<stem>-district` / `<parent>-<name>`: the same for every inflection."""
    words = list(name.words)
    if name.form == "adj":  # «ноокатский» → «ноокат», «примерный» → «примерн»
        suffixed = _ADJ.match(words[-1]) or _ANY_ADJ.match(words[-1])
        if suffixed:
            words[-1] = suffixed["stem"][:-2] if suffixed.re is _ADJ else suffixed["stem"]
    slug = slugify(" ".join(words))
    return f"{parent}-{slug}-district" if level == DISTRICT else f"{parent}-{slug}"


def _items_with_groups(segment: str) -> list[tuple[list[str], list[str]]]:
    """«Нарынская обл. (Кочкорский и Ат-Башинский р-ны, г. Нарын)» →
    [(['Нарынская обл.'], ['Кочкорский', 'Ат-Башинский р-ны', 'г. Нарын'])].

    Names before «(…)» or «:» are heads; the names inside (or after the colon)
    are their group. An unclosed «(» runs to the end of the cell (cut cells).
    """
    segment = segment.strip()
    if ":" in segment and "(" not in segment.split(":", 1)[0]:
        head, rest = segment.split(":", 1)
        return [(_split_names(head), _split_names(rest))]
    result: list[tuple[list[str], list[str]]] = []
    depth, head, group = 0, [], []
    for char in segment:
        if char == "(":
            depth += 1
            if depth == 1:
                continue
        elif char == ")":
            if depth == 0:
                continue  # a «)» whose «(» is in the previous cell
            depth -= 1
            if depth == 0:
                result.append((_split_names("".join(head)), _split_names("".join(group))))
                head, group = [], []
                continue
        (group if depth else head).append(char)
    if head or group:
        result.append((_split_names("".join(head)), _split_names("".join(group))))
    return [(h, g) for h, g in result if h or g]


def _split_names(text: str) -> list[str]:
    parts = (part.strip(" ,;:") for part in _SEPARATORS.split(text))
    return [part for part in parts if part.strip(".")]


def _tokens(text: str) -> list[str]:
    return _join_spaced_hyphens(clean(text)).split()


def _bare(token: str) -> str:
    """A token without the punctuation around it; an abbreviation keeps its dot («г.»)."""
    token = token.strip(",;:()«»\"")
    return token if fold(token).rstrip(".") in _MARKERS else token.rstrip(".")


def _settlement_marker(word: str) -> bool:
    marker = _MARKERS.get(fold(word).rstrip("."))
    return marker is not None and marker[0] <= SETTLEMENT_LEVELS


def _title_case(word: str) -> bool:
    """«Алматы», «Нур-Султане» — not «ДРПСУ» (an organisation after «2020 г.»)."""
    return word[:1].isupper() and not _ABBREVIATION.match(word)


def _year_before(tokens: list[str], i: int) -> bool:
    """«до 15 мая 2021 г.»: this «г.» is «года»."""
    return i > 0 and bool(re.search(r"\d{4}\)?$", tokens[i - 1]))


def _closing_marker(tokens: list[str], i: int) -> int | None:
    """The index of the region/district marker closing the list token i is in.

    Walks right over «, Алматинской», «и Жамбылской», «ЗКО» … until a marker
    word (→ its index) or anything else, or the end of a clause (→ None).
    """
    for j in range(i + 1, len(tokens)):
        if tokens[j - 1].endswith((".", ";", ":", ")")):
            return None
        word = _bare(tokens[j])
        marker = _MARKERS.get(fold(word).rstrip("."))
        if marker is not None and not marker[0] <= SETTLEMENT_LEVELS:
            return j
        if word not in ("и", "или") and not (word[:1].isupper() and _analyse(word).form in ("adj", "abbr")):
            return None
    return None
