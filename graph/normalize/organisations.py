"""The organisations one document names: its own glossary first, the curated registry for the gaps.

Ids (stable across documents, so the same body gets the same id whether a
glossary or the registry supplied it):

- `<country>-<slug of the abbreviation>` («МТСЗН» → `kz-mtszn`); a legal-form
  prefix and quotes are dropped first («АО «ЦРТР»» → `kz-tsrtr`);
- a glossary unit whose expansion ends with its parent's abbreviation
  («ДЗН – Департамент занятости населения МТСЗН») is named within the parent:
  `kz-mtszn-dzn`, because every ministry has its own «ДФ» or «ДЮС»;
- international bodies: `int-<slug>` (`int-proon`);
- registry rows without an abbreviation carry a curated id from a short English
  name (`kz-government-for-citizens`).

A glossary entry that matches a registry row (by abbreviation, alias or full
name) takes the registry row's id, kind and English name; the printed name and
a parent read from the glossary win.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from ..records import Organisation
from .phrases import PhraseIndex, Word, phrase_key, words
from .text import clean, slugify

REGISTRY_PATH = Path(__file__).resolve().parent.parent / "data" / "organisations.tsv"

# Legal-form prefixes that are not part of an abbreviation («АО «ЦРТР»» is ЦРТР).
_LEGAL_FORMS = frozenset({"ао", "нао", "ак", "тоо", "ргп", "ргкп", "гу", "кгу", "ку", "оо", "оф", "чу"})

# The first words of an expansion that make it an organisation, and the kind they give.
_KIND_HEADS: tuple[tuple[str, str], ...] = (
    ("министерство", "ministry"),
    ("департамент", "department"),
    ("управление", "department"),
    ("отдел", "department"),
    ("комитет", "committee"),
    ("агентство", "agency"),
    ("акционерное общество", "state-company"),
    ("некоммерческое акционерное общество", "state-company"),
    ("ао", "state-company"),
    ("нао", "state-company"),
    ("государственная корпорация", "state-company"),
    ("госкорпорация", "state-company"),
    ("республиканское государственное предприятие", "state-company"),
    ("ргп", "state-company"),
    ("холдинг", "holding"),
    ("национальный управляющий холдинг", "holding"),
    ("национальная палата", "chamber"),
    ("палата", "chamber"),
    ("палаты", "chamber"),
    ("администрация", "office"),
    ("аппарат", "office"),
    ("канцелярия", "office"),
    ("служба", "office"),
    ("пресс-служба", "office"),
    ("офис", "office"),
    ("проектный офис", "office"),
    ("местные исполнительные органы", "local-executive"),
    ("местный исполнительный орган", "local-executive"),
    ("акимат", "local-executive"),
    ("акиматы", "local-executive"),
    ("общественное объединение", "ngo"),
    ("общественный фонд", "ngo"),
    ("некоммерческая организация", "ngo"),
    ("неправительственная организация", "ngo"),
    ("неправительственные организации", "ngo"),
    ("организация объединенных наций", "international"),
    ("международная организация", "international"),
    ("международная ассоциация", "international"),
    ("центр", "other"),
    ("центры", "other"),
    ("фонд", "other"),
    ("институт", "other"),
    ("университет", "other"),
    ("корпорация", "other"),
    ("тоо", "other"),
    ("товарищество с ограниченной ответственностью", "other"),
)

# How documents name the two countries inside organisation names; either form matches.
_COUNTRY_FORMS: tuple[tuple[tuple[str, ...], ...], ...] = (
    (("республики", "казахстан"), ("республика", "казахстан"), ("рк",)),
    (("кыргызской", "республики"), ("кыргызская", "республика"), ("кр",)),
)

_UPPER = re.compile(r"[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]")
_LOWER = re.compile(r"[a-zа-яёәғқңөұүһі]")
_ABBR_CHARS = re.compile(r"^[\wА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі-]+$")


# --------------------------------------------------------------------------- registry


@dataclass(frozen=True)
class RegistryEntry:
    """One row of organisations.tsv."""

    organisation: Organisation
    aliases: tuple[str, ...]
    note: str = ""


@lru_cache(maxsize=None)
def load_registry(path: Path = REGISTRY_PATH) -> tuple[RegistryEntry, ...]:
    """The curated registry, read once on first use."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return tuple(_registry_entry(row) for row in rows)


def _registry_entry(row: dict[str, str]) -> RegistryEntry:
    org = Organisation(
        id=row["id"], name=row["name_ru"], abbreviation=row["abbreviation"] or None,
        kind=row["kind"] or None, parent=row["parent"] or None, country=row["country"] or None,
        source="registry", name_en=row["name_en"] or None, wikidata=row["wikidata"] or None,
    )
    aliases = tuple(a.strip() for a in row["aliases"].split("|") if a.strip())
    return RegistryEntry(org, aliases, row.get("note", ""))


# --------------------------------------------------------------------------- small helpers


def is_abbreviation(word: str) -> bool:
    """«ДРПСУ», «МТиСЗН», «1411»? – an upper-case token (at most one lower-case letter)."""
    bare = re.sub(r"[«»\"“”„.,;:]", "", word)
    return (bool(_ABBR_CHARS.match(bare)) and len(_UPPER.findall(bare)) >= 2
            and len(_LOWER.findall(bare)) <= 1)


def abbreviation_key(abbreviation: str) -> str:
    """The abbreviation without quotes and legal-form prefix: «АО «ЦРТР»» → «ЦРТР»."""
    parts = re.sub(r"[«»\"“”„]", " ", clean(abbreviation)).split()
    if len(parts) > 1 and parts[0].lower() in _LEGAL_FORMS:
        parts = parts[1:]
    return " ".join(parts)


def organisation_id(country: str | None, abbreviation: str) -> str:
    """`<country>-<slug of the abbreviation>`, `int-…` without a country; see the module docstring."""
    prefix = country.lower() if country else "int"
    return f"{prefix}-{slugify(abbreviation_key(abbreviation))}"


def first_clause(expansion: str) -> str:
    """The expansion up to the first «;» (the extraction appends junk after it)."""
    return clean(expansion).split(";")[0].strip().rstrip(".").strip()


def infer_kind(expansion: str) -> str | None:
    """The kind the expansion's first words give, or None (then it names a term)."""
    key = phrase_key(expansion)
    best: tuple[int, str | None] = (0, None)
    for head, kind in _KIND_HEADS:
        head_key = phrase_key(head)
        if key[:len(head_key)] == head_key and len(head_key) > best[0]:
            best = (len(head_key), kind)
    return best[1]


def _trailing_abbreviation(name: str, own: str) -> str | None:
    """«Департамент занятости населения МТСЗН» → «МТСЗН» (the parent's abbreviation)."""
    parts = name.split()
    last = parts[-1].strip(".,;") if len(parts) > 1 else ""
    return last if is_abbreviation(last) and last != own else None


def _variants(key: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The key with the country named either way, or not at all («… Республики Казахстан» / «… РК» / «…»)."""
    out = [key]
    for forms in _COUNTRY_FORMS:
        for form in forms:
            n = len(form)
            if len(key) > n and key[-n:] == form:
                out += [key[:-n] + other for other in forms if other != form] + [key[:-n]]
    return out


# --------------------------------------------------------------------------- the directory


class Directory:
    """Organisations known to one document: its glossary, then the registry for its country.

    `lookup()` finds an organisation by abbreviation, alias or full name (folded
    comparison); `terms` keeps the glossary entries that are not organisations.
    """

    def __init__(self, country: str | None, registry: Iterable[RegistryEntry] | None = None):
        self.country = country.upper() if country else None
        self.terms: dict[str, str] = {}
        self._glossary: list[Organisation] = []
        self._registry = [e for e in (load_registry() if registry is None else registry)
                          if self.country is None or e.organisation.country in (None, self.country)]
        self._by_id: dict[str, Organisation] = {}
        self._index: PhraseIndex[Organisation] | None = None
        self._used: dict[str, Organisation] = {}

    # ---- building

    @classmethod
    def from_glossary(cls, entries: Iterable, country: str | None, *,
                      registry: Iterable[RegistryEntry] | None = None) -> Directory:
        """A directory from (abbreviation, expansion) pairs (or GlossaryEntry records)."""
        directory = cls(country, registry)
        drafts = []
        for entry in entries:
            abbr, expansion = _pair(entry)
            name = first_clause(expansion)
            match = directory._registry_match(abbr, name)
            kind = (match.organisation.kind if match else None) or infer_kind(name)
            if match is None and kind is None:
                directory.terms[abbr] = name
                continue
            drafts.append(_Draft(abbr, name, kind, match, _trailing_abbreviation(name, abbr)))
        directory._glossary = _resolve(drafts, directory)
        directory._by_id = {org.id: org for org in directory._glossary}
        return directory

    def _registry_match(self, abbreviation: str, name: str) -> RegistryEntry | None:
        """The registry row a glossary entry names: by abbreviation or alias, then by full name."""
        wanted = phrase_key(abbreviation_key(abbreviation))
        for entry in self._registry:
            org = entry.organisation
            forms = [org.abbreviation or "", *entry.aliases]
            if wanted and any(phrase_key(abbreviation_key(f)) == wanted for f in forms if f):
                return entry
        names = set(_variants(phrase_key(name))) if name else set()
        for entry in self._registry if names else ():
            forms = [entry.organisation.name, *entry.aliases]
            if any(names.intersection(_variants(phrase_key(f))) for f in forms):
                return entry
        return None

    def _build_index(self) -> PhraseIndex[Organisation]:
        # Glossary forms first: a document's own meaning of an abbreviation wins.
        index: PhraseIndex[Organisation] = PhraseIndex()
        for org in self._glossary:
            for form in self._forms(org):
                for key in _variants(phrase_key(form)):
                    index.add(key, org)
        for entry in self._registry:
            org = self._by_id.get(entry.organisation.id, entry.organisation)
            for form in [entry.organisation.abbreviation or "", entry.organisation.name, *entry.aliases]:
                for key in _variants(phrase_key(form)) + [phrase_key(abbreviation_key(form))]:
                    index.add(key, org)
        return index

    def _forms(self, org: Organisation) -> list[str]:
        forms = [org.abbreviation or "", abbreviation_key(org.abbreviation or ""), org.name]
        for entry in self._registry:
            if entry.organisation.id == org.id:
                forms += [entry.organisation.abbreviation or "", entry.organisation.name, *entry.aliases]
        return [f for f in forms if f]

    @property
    def index(self) -> PhraseIndex[Organisation]:
        if self._index is None:
            self._index = self._build_index()
        return self._index

    # ---- queries

    def lookup(self, text: str) -> Organisation | None:
        """The organisation `text` names in full (abbreviation, alias or name), or None."""
        key = phrase_key(text)
        for candidate in [key, phrase_key(abbreviation_key(text))]:
            org = self.index.get(candidate)
            if org is not None:
                return self._use(org)
        return None

    def match(self, found: list[Word], i: int) -> tuple[int, Organisation] | None:
        """The longest organisation name starting at word i: (number of words, organisation)."""
        hit = self.index.match_at(found, i)
        return (hit[0], self._use(hit[1])) if hit else None

    def get(self, org_id: str) -> Organisation:
        """The organisation with this id (glossary or registry); KeyError if unknown."""
        if org_id in self._by_id:
            return self._by_id[org_id]
        return self._use(self._registry_org(org_id))

    def organisations(self) -> list[Organisation]:
        """The glossary's organisations, then the registry's ones looked up so far, then
        the registry parents they point at (so every `parent` id resolves)."""
        out = {org.id: org for org in self._glossary}
        out.update(self._used)
        pending = [org.parent for org in out.values() if org.parent]
        while pending:
            parent = pending.pop()
            if parent not in out:
                try:
                    out[parent] = self._registry_org(parent)
                except KeyError:
                    continue
                if out[parent].parent:
                    pending.append(out[parent].parent)
        return list(out.values())

    def _registry_org(self, org_id: str) -> Organisation:
        for entry in self._registry:
            if entry.organisation.id == org_id:
                return entry.organisation
        raise KeyError(org_id)

    def _use(self, org: Organisation) -> Organisation:
        if org.source == "registry":
            self._used.setdefault(org.id, org)
        return org


# --------------------------------------------------------------------------- glossary resolution


@dataclass
class _Draft:
    abbreviation: str
    name: str
    kind: str | None
    match: RegistryEntry | None
    parent_abbreviation: str | None


def _pair(entry) -> tuple[str, str]:
    if isinstance(entry, tuple):
        return clean(entry[0]), entry[1]
    return clean(entry.abbreviation), entry.expansion


def _resolve(drafts: list[_Draft], directory: Directory) -> list[Organisation]:
    """Glossary drafts → organisations; parents may be defined later in the glossary."""
    by_abbr = {abbreviation_key(d.abbreviation).lower(): d for d in drafts}
    done: dict[int, Organisation] = {}

    def parent_of(draft: _Draft, seen: set[int]) -> str | None:
        if draft.parent_abbreviation:
            other = by_abbr.get(abbreviation_key(draft.parent_abbreviation).lower())
            if other is not None and id(other) not in seen:
                return build(other, seen).id
            match = directory._registry_match(draft.parent_abbreviation, "")
            if match is not None:
                return match.organisation.id
        return draft.match.organisation.parent if draft.match else None

    def build(draft: _Draft, seen: set[int]) -> Organisation:
        if id(draft) not in done:
            parent = parent_of(draft, seen | {id(draft)})
            match = draft.match.organisation if draft.match else None
            # A unit is named within its parent («ДФ» of one ministry is not another's «ДФ»).
            own_id = f"{parent}-{slugify(abbreviation_key(draft.abbreviation))}" if parent else organisation_id(directory.country, draft.abbreviation)
            done[id(draft)] = Organisation(
                id=match.id if match else own_id,
                name=draft.name, abbreviation=draft.abbreviation, kind=draft.kind, parent=parent,
                country=match.country if match else directory.country, source="glossary",
                name_en=match.name_en if match else None, wikidata=match.wikidata if match else None,
            )
        return done[id(draft)]

    return [build(d, set()) for d in drafts]

