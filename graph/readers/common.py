"""Pieces both readers use: the country, the plan's id, the skip list, places."""
from __future__ import annotations

import re
from datetime import date

from ..errors import CurationError
from ..normalize import akimats
from ..normalize.executors import parse_executors
from ..normalize.reporting import find_reporting_duties
from ..normalize.text import fold, slugify
from ..records import PlaceMatch

# How a document names its country (general knowledge, not document content).
_COUNTRY_MARKS = {
    "KZ": re.compile(r"казахстан|\bрк\b"),
    "KG": re.compile(r"кыргыз|киргиз|\bкр\b"),
}


def detect_country(lines) -> str | None:
    """The country the document speaks of most."""
    text = fold(" ".join(lines))
    counts = {code: len(mark.findall(text)) for code, mark in _COUNTRY_MARKS.items()}
    best = max(counts, key=counts.get)
    return best if counts[best] else None


def plan_id(country: str | None, issuer_abbreviation: str | None, year: int | None, layout: str, fallback: str) -> str:
    """A readable, stable id such as 'kz-mtszn-2020-roadmap'."""
    if not (country and issuer_abbreviation and year):
        return slugify(f"{fallback}-{layout}")
    return slugify(f"{country}-{issuer_abbreviation}-{year}-{layout}")


def report_places(context, places: list[PlaceMatch], lines, subject: str) -> None:
    """Put fuzzy, unlisted and unresolved place matches in the quality report."""
    for place in places:
        if place.method == "fuzzy":
            context.report("fuzzy-place", f"«{place.text}» read as {place.place} (score {place.score:.0f})",
                           lines, subject, text=place.text, place=place.place, score=round(place.score, 1))
        elif place.method == "unlisted":
            context.report("unlisted-place", f"«{place.text}» is not in the gazetteer; kept under {place.parent}",
                           lines, subject, text=place.text, parent=place.parent)
        elif place.method == "unresolved":
            context.report("unresolved-place", f"«{place.text}» matches no place closely enough",
                           lines, subject, text=place.text, score=place.score)


def curated_target(drafts, entry):
    """The draft a curation `[[assign]]` entry moves rows to; a CurationError if there is none."""
    for draft in drafts:
        if draft.number == entry.to:
            return draft
    raise CurationError(f"curation entry {entry.id} assigns lines to {entry.to!r}, which is not above them in the document")


def plan_day(plan) -> date:
    """The day the plan speaks for: its date, else 1 January of its year."""
    parts = (plan.date or str(plan.year or date.today().year)).split("-")
    return date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)


def akimat_expander(context, plan, *, title: str, lines, subject: str, registered: dict):
    """`expand_group` for parse_executors: the akimats a phrase names, each registered once in
    `registered` (id → Organisation) for the records; what it cannot resolve is reported."""
    def expand(phrase: str):
        if not plan.country:  # an akimat is of a country's region: nothing to expand to without one
            context.report("unresolved-organisation", f"«{phrase}»: the plan names no country", lines, subject,
                           text=phrase)
            return []
        try:
            places = akimats.expand_akimats(phrase, country=plan.country, on=plan_day(plan),
                                            gazetteer=context.gazetteer, context=title)
        except akimats.UnresolvedAkimats as exc:
            context.report("unresolved-organisation", str(exc), lines, subject, text=phrase)
            places = exc.places
        except ValueError:  # «акиматы, Департамент …»: the word without a place to expand it to
            context.report("unresolved-organisation", f"«{phrase}» names akimats but no place they are of",
                           lines, subject, text=phrase)
            return []
        orgs = [akimats.akimat_organisation(place) for place in places]
        registered.update((org.id, org) for org in orgs)
        return orgs
    return expand


def executors_and_mentions(context, plan, directory, *, title: str, executors_text: str, lines, subject: str,
                           registered: dict):
    """What both measure readers take from a measure's title and executors cell: the responsibilities
    (akimat phrases expanded, unknown names reported), the reporting duties the title states (their
    recipients resolved or reported) and the places it names (fuzzy and unknown ones reported)."""
    expand = akimat_expander(context, plan, title=title, lines=lines, subject=subject, registered=registered)
    responsibilities, unresolved = parse_executors(executors_text, directory, expand_group=expand) \
        if executors_text else ([], [])
    for name in unresolved:
        context.report("unresolved-organisation", f"«{name}» is in neither the document's glossary nor the registry",
                       lines, subject, text=name)
    reporting = find_reporting_duties(title)
    for duty in reporting:
        org = directory.lookup(duty.recipient_text)
        duty.recipient = org.id if org else None
        if org is None:
            context.report("unresolved-organisation", f"report recipient «{duty.recipient_text}» is unknown",
                           lines, subject, text=duty.recipient_text)
    places = context.gazetteer.find_places(title, country=plan.country)
    report_places(context, places, lines, subject)
    return responsibilities, reporting, places
