"""Executor phrases naming akimats → the regions whose akimats they mean.

A roadmap lists akimats collectively: «Акиматы областей, городов Нур-Султан,
Алматы, Шымкент» is the akimat of every oblast plus the three named cities —
that is, every first-level unit the country had on the plan's date;
«Акиматы соответствующих регионов» are those of the places the measure names.
`expand_akimats` returns gazetteer `Place`s (not ids: callers need the level
and names too; `place.id` gives the id); `akimat_organisation` turns one into
the `Organisation` record.

A name that cannot be resolved is not dropped silently: `expand_akimats`
raises `UnresolvedAkimats` (a `ValueError`) that carries both what could not be
resolved and the places that could, so a caller can report and go on.
"""
from __future__ import annotations

import re
from datetime import date

from graph.normalize.places import CITY, OBLAST, Gazetteer, Place, PlaceMatchDetail, name_on
from graph.normalize.text import clean, fold
from graph.records import Organisation

# «Акиматы …», also after a plural adjective («Районные акиматы города»: not resolvable, reported).
_HEAD = re.compile(r"^\s*(?:[а-яё]+(?:ые|ие|ых|их)\s+)?акимат(?:ы|а|ов|ам|ами|ах)?(?=\s|$)", re.I)
_PARENTHESES = re.compile(r"\([^()]*\)")
_SEPARATORS = re.compile(r"\s*[,;]\s*|\s+и\s+")

# Collective phrases (folded) → the levels of ALL the country's units they mean.
_ALL_OF = [
    (re.compile(r"(?:всех\s+)?областей"), {OBLAST}),
    (re.compile(r"(?:всех\s+)?(?:регионов|областей\s+и\s+городов\s+республиканского\s+значения)"), {OBLAST, CITY}),
    (re.compile(r"(?:всех\s+)?городов\s+республиканского\s+значения(?:\s+и\s+столицы)?"), {CITY}),
]
_JOINED = re.compile(
    r"областей\s+и\s+городов\s+республиканского\s+значения|городов\s+республиканского\s+значения\s+и\s+столицы",
    re.I,
)
# «соответствующих регионов/областей/городов»: the places named in the measure.
_RESPECTIVE = re.compile(r"соответствующих\s+(?:регионов|областей|городов|районов|местных\s+исполнительных\s+органов)")


class UnresolvedAkimats(ValueError):
    """Some names of an akimat phrase could not be resolved.

    `unresolved` holds the printed names (with the match that failed, if
    any), `places` the units that were resolved from the same phrase.
    """

    def __init__(self, phrase: str, unresolved: list[tuple[str, PlaceMatchDetail | None]], places: list[Place]):
        self.phrase = phrase
        self.unresolved = unresolved
        self.places = places
        names = ", ".join(f"«{text}»" + (f" ({m.reason})" if m and m.reason else "") for text, m in unresolved)
        super().__init__(f"akimat phrase «{phrase}»: cannot resolve {names}")


def expand_akimats(
    phrase: str,
    *,
    country: str,
    on: date,
    gazetteer: Gazetteer | None = None,
    context: str | None = None,
) -> list[Place]:
    """The units whose akimats `phrase` names, as of the day `on`, in printed order, once each
    (a collective phrase's units in the gazetteer's order, at its place in the phrase).

    «Акиматы областей, городов Нур-Султан, Алматы, Шымкент» → every oblast
    existing `on` that day and the cities named; «Акиматы соответствующих
    регионов» → the places `context` (the measure's title) names; «Акимат
    Карагандинской области» → that one. Raises `UnresolvedAkimats` when a name
    is unknown, names a unit not existing `on` that day, or a «соответствующих»
    phrase finds no place in `context`; ValueError when `phrase` is not an
    akimat phrase.
    """
    gazetteer = gazetteer or Gazetteer.load()
    text = _PARENTHESES.sub(" ", clean(phrase))  # «(по согласованию)»
    head = _HEAD.match(text)
    if not head:
        raise ValueError(f"not an akimat phrase: «{phrase}»")
    # One slot per printed item, filled in printed order; names are matched together (match_many
    # shares a plural marker such as «городов» with its neighbours) and put back in their slots.
    slots: list[list[Place]] = []
    unresolved: list[tuple[str, PlaceMatchDetail | None]] = []
    names: list[tuple[int, str]] = []
    for item in _items(text[head.end():]):
        slots.append([])
        levels = _collective_levels(item)
        if levels:
            slots[-1].extend(p for p in gazetteer.first_level_units(country, on) if p.level in levels)
        elif _RESPECTIVE.fullmatch(fold(item)):
            found = _from_context(gazetteer, context, country)
            if found:
                slots[-1].extend(found)
            else:
                unresolved.append((item, None))
        else:
            names.append((len(slots) - 1, item))
    matches = gazetteer.match_many([n for _, n in names], country=country) if names else []
    for (slot, _), match in zip(names, matches):
        place = gazetteer.unit(match.place) if match.place and match.level != "country" else None
        if place is None:
            unresolved.append((match.text, match))
        elif not place.valid_on(on):
            match.reason = f"{place.id} did not exist on {on.isoformat()}"
            unresolved.append((match.text, match))
        else:
            slots[slot].append(place)
    places = list(dict.fromkeys(p for slot in slots for p in slot))
    if not places and not unresolved:
        unresolved.append((phrase, None))  # «Акиматы» alone names no one
    if unresolved:
        raise UnresolvedAkimats(phrase, unresolved, places)
    return places


def akimat_name(place: Place, on: date | None = None) -> str:
    """«Акимат города Нур-Султан» on a day in 2020, «Акимат города Астана» today (None: the current name)."""
    return f"Акимат {_genitive(place, name_on(place, on))}"


def akimat_organisation(place: Place) -> Organisation:
    """The akimat of a gazetteer unit as an Organisation record (named by the unit's current name)."""
    return Organisation(
        id=f"akimat-{place.id.lower()}",
        name=akimat_name(place),
        kind="akimat",
        country=place.country,
        place=place.id,
        source="akimat",
        name_en=f"Akimat of {place.name_en}",
    )


def _items(text: str) -> list[str]:
    """«областей, городов Нур-Султан, Алматы и Шымкент» → its names and phrases;
    a collective phrase containing «и» stays whole."""
    protected = _JOINED.sub(lambda m: m.group(0).replace(" и ", " \0 "), text)
    parts = (part.replace(" \0 ", " и ").strip(" .") for part in _SEPARATORS.split(protected))
    return [part for part in parts if part]


def _collective_levels(item: str) -> set[str] | None:
    folded = fold(item)
    for pattern, levels in _ALL_OF:
        if pattern.fullmatch(folded):
            return levels
    return None


def _from_context(gazetteer: Gazetteer, context: str | None, country: str) -> list[Place]:
    if not context:
        return []
    return [gazetteer.unit(m.place) for m in gazetteer.find_places(context, country=country) if m.place]


def _genitive(place: Place, name: str | None = None) -> str:
    """«Акмолинская область» → «Акмолинской области», «Алматы» → «города Алматы»."""
    name = name or place.name_ru
    if name.endswith("ая область"):
        return name[: -len("ая область")] + "ой области"
    if name.endswith("ий район"):
        return name[: -len("ий район")] + "ого района"
    if place.level in (CITY, "town"):
        return f"города {name}"
    return name
