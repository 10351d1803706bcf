"""Read an executors cell («Ответственные исполнители») into responsibilities.

«ДРПСУ (составление БЗ) ДФ (внесение БЗ в МФ)» → ДРПСУ (lead, duty «составление
БЗ»), ДФ (co-executor, duty «внесение БЗ в МФ»).

Printed order is kept: every responsibility carries the position of its name
or group in the cell and, for a member of a group, its position in the group
(the order the expander returns: the order the phrase names them, or the
gazetteer's order for a collective phrase such as «Акиматы областей»).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from ..records import Organisation, Person, Responsibility
from .organisations import Directory, is_abbreviation
from .phrases import Word, words
from .text import clean

GroupExpander = Callable[[str], "list[Organisation]"]

_CONNECTORS = frozenset({"и"})
_BY_AGREEMENT = re.compile(r"по\s+согласовани[юи]", re.I)
_CONSOLIDATION = re.compile(r"свод\s+и\s+контрол[ья]", re.I)
_AKIMAT = "акимат"  # word-key prefix: Акимат, Акиматы, акиматов …

# Head nouns (folded) that start a body's name written out in full («Департамент …», «Главное управление …»):
# an akimat group phrase ends before one, and a name starting with one runs on over a comma into
# lower-case words («Департамент труда, занятости и социальной защиты населения»).
_ORG_HEADS = frozenset(
    "департамент департаменты управление управления министерство комитет агентство отдел служба центр "
    "институт аппарат главное фонд палата совет прокуратура дирекция инспекция ассоциация союз филиал".split()
)
_ADJECTIVE_PLURAL = ("ые", "ие", "ых", "их")  # «Районные акиматы», «местные акиматы»

# A person: a surname and initials, either way round («Иванов И.И.», «И. И. Иванов», «Иванова А.»).
_INITIALS = r"[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.)?"
_SURNAME = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
_PERSON = re.compile(
    # «г. Астаны А.М. Рахимжанов»: initials followed by a surname belong to it, not to the word before.
    rf"(?<![\w.])(?:(?P<surname>{_SURNAME})\s+(?P<initials>{_INITIALS})(?!\s?{_SURNAME})"
    rf"|(?P<initials2>{_INITIALS})\s?(?P<surname2>{_SURNAME}))(?![\w.])"
)


@dataclass
class _Item:
    """One printed name or group, with the qualifiers that follow it."""

    text: str
    organisation: str | None = None
    group: str | None = None
    members: list[str] = field(default_factory=list)
    by_agreement: bool = False
    consolidation_control: bool = False
    duties: list[str] = field(default_factory=list)
    person: Person | None = None


def parse_executors(text: str, directory: Directory, *,
                    expand_group: GroupExpander | None = None) -> tuple[list[Responsibility], list[str]]:
    """Split an executors cell into responsibilities; also return what could not be resolved.

    - Names are abbreviations separated by spaces or commas («ДЦ, ДРПСУ») or
      multi-word names the directory knows («НАО «Госкорпорация «Правительство
      для граждан»», «Пресс-служба МТСЗН»); the longest known name wins.
    - A phrase starting with «Акимат…» runs to the next parenthesis or known
      organisation; `expand_group(phrase)` turns it into organisations, one
      Responsibility each with `group` = the phrase. Without `expand_group` the
      phrase gives one Responsibility with organisation None (not reported).
    - A parenthesis qualifies the name or group just before it: «по согласованию»
      → by_agreement, «свод и контроль» → consolidation_control, anything else →
      duty.
    - Role: the first name or group printed is 'lead' (all members of a first
      group are: the group as a whole leads), every later one 'co-executor'.
      `position` numbers the printed names and groups 1, 2, …; `member_position`
      numbers the members of a group.
    - A surname with initials («Иванов И.И.», «И.И. Иванов») is a person, with
      the unknown words just before it (back to a comma or a known name) as its
      position («заместитель акима области»): a Responsibility with `person`
      and organisation None, not reported as unresolved.
    - Unknown abbreviations (never guessed from similar ones), other unknown
      text, a group the expander cannot resolve and a parenthesis with nothing
      before it are returned as unresolved; names among them still yield a
      Responsibility with organisation None and the printed text.

    Markup such as <i>…</i> may or may not have been removed already.
    """
    cleaned = clean(text)
    items: list[_Item] = []
    unresolved: list[str] = []
    for kind, start, end in _segments(cleaned):
        if kind == "paren":
            _qualify(items, cleaned[start:end], unresolved)
        else:
            items += _names(cleaned, words(cleaned[start:end], start), directory, unresolved)
    for item in items:
        if item.group is not None:
            _expand(item, expand_group, unresolved)
    return _responsibilities(items), unresolved


# --------------------------------------------------------------------------- tokens


def _segments(text: str) -> list[tuple[str, int, int]]:
    """('words' | 'paren', start, end) spans; a paren span is its content, nesting kept inside."""
    out: list[tuple[str, int, int]] = []
    depth, mark = 0, 0
    for pos, ch in enumerate(text):
        if ch == "(":
            if depth == 0:
                out.append(("words", mark, pos))
                mark = pos + 1
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                out.append(("paren", mark, pos))
                mark = pos + 1
    out.append(("paren" if depth else "words", mark, len(text)))  # an unclosed «(» runs to the end
    return [s for s in out if s[1] < s[2] and text[s[1]:s[2]].strip()]


# --------------------------------------------------------------------------- names


def _names(text: str, found: list[Word], directory: Directory, unresolved: list[str]) -> list[_Item]:
    """The names and groups in a run of words between parentheses."""
    items: list[_Item] = []
    run: list[Word] = []  # unknown words collected into one printed name
    people = [m for m in _PERSON.finditer(text) if m.start() >= found[0].start and m.end() <= found[-1].end] if found else []

    def person_at(word: Word):
        return next((m for m in people if m.start() <= word.start < m.end()), None)

    def flush() -> None:
        while run and run[-1].key in _CONNECTORS:
            run.pop()
        if run:
            printed = text[run[0].start:run[-1].end]
            items.append(_Item(printed))
            unresolved.append(printed)
            run.clear()

    i = 0
    while i < len(found):
        word = found[i]
        person = person_at(word)
        if person is not None:
            position = _position(text, run)
            flush()
            name = person.group(0)
            start = text.index(position, found[0].start) if position else person.start()
            items.append(_Item(text[start:person.end()], person=Person(name, position)))
            while i < len(found) and found[i].start < person.end():
                i += 1
            continue
        if word.key.startswith(_AKIMAT):
            start = word.start
            if run and run[-1].key.endswith(_ADJECTIVE_PLURAL) and "," not in text[run[-1].end:word.start]:
                start = run.pop().start  # «Районные акиматы»: the adjective belongs to the phrase
            flush()
            end = _group_end(text, found, i, directory)
            phrase = text[start:found[end - 1].end]
            items.append(_Item(phrase, group=phrase))
            i = end
            continue
        hit = directory.match(found, i)
        if hit is not None:
            flush()
            n, org = hit
            items.append(_Item(text[word.start:found[i + n - 1].end], organisation=org.id))
            i += n
            continue
        quoted = _quoted(word)
        following = found[i + 1] if i + 1 < len(found) else None
        inside_name = (run and "," not in text[run[-1].end:word.start] and following is not None
                       and following.text[:1].islower() and following.key not in _CONNECTORS)
        if (is_abbreviation(word.text) and not quoted and not (following and _quoted(following))
                and not inside_name):  # «… населения РК по г. Астане»: part of the name around it
            flush()
            items.append(_Item(word.text))
            unresolved.append(word.text)
        elif not (word.key in _CONNECTORS and not run):
            if run and not quoted and "," in text[run[-1].end:word.start] and not _continues(run, word):
                flush()  # a comma separates two unknown names
            run.append(word)
        i += 1
    flush()
    return items


def _continues(run: list[Word], word: Word) -> bool:
    """After a comma, does `word` go on with the name in `run`? Only a lower-case word after a
    name written out in full («Департамент труда, занятости …»)."""
    return word.text[:1].islower() and run[0].key in _ORG_HEADS


def _position(text: str, run: list[Word]) -> str | None:
    """The words of `run` after its last comma: the position printed before a person's name;
    they leave `run`, so that only the words before the comma remain an unknown name."""
    cut = 0
    for k in range(1, len(run)):
        if "," in text[run[k - 1].end:run[k].start]:
            cut = k
    tail = run[cut:]
    del run[cut:]
    while tail and tail[0].key in _CONNECTORS:
        tail = tail[1:]
    return text[tail[0].start:tail[-1].end] if tail else None


def _quoted(word: Word) -> bool:
    # «ОО «АРДИ»»: a legal form and a quoted name make one unknown name, not two abbreviations.
    return word.text[:1] in "«\"“„"


def _group_end(text: str, found: list[Word], i: int, directory: Directory) -> int:
    """Where an «Акимат…» phrase stops: before a known organisation, another «Акимат…»,
    or an unknown abbreviation that follows a place name with only a space between
    (after the head word, a comma or «и» an abbreviation is a place: «Акиматы ЗКО, ВКО»)."""
    j = i + 1
    while j < len(found):
        word, before = found[j], found[j - 1]
        if word.key.startswith(_AKIMAT) or directory.index.match_at(found, j):
            break
        if word.key in _ORG_HEADS and word.text[:1].isupper():
            break  # «акиматы Департамент культуры …»: a body written out in full starts here
        between = text[before.end:word.start]
        if is_abbreviation(word.text) and not (j == i + 1 or "," in between or before.key in _CONNECTORS):
            break
        j += 1
    while j - 1 > i and found[j - 1].key in _CONNECTORS:
        j -= 1
    return j


# --------------------------------------------------------------------------- qualifiers and groups


def _qualify(items: list[_Item], content: str, unresolved: list[str]) -> None:
    """Apply a parenthesis to the name or group just before it."""
    if not items:
        unresolved.append(f"({content})")
        return
    item = items[-1]
    if _BY_AGREEMENT.search(content):
        item.by_agreement = True
    if _CONSOLIDATION.search(content):
        item.consolidation_control = True
    rest = _CONSOLIDATION.sub(" ", _BY_AGREEMENT.sub(" ", content))
    rest = clean(rest).strip(" ,;.-")
    if rest:
        item.duties.append(rest)


def _expand(item: _Item, expand_group: GroupExpander | None, unresolved: list[str]) -> None:
    if expand_group is None:
        return
    item.members = [org.id for org in expand_group(item.group or "")]
    if not item.members:
        unresolved.append(item.group or "")


def _responsibilities(items: list[_Item]) -> list[Responsibility]:
    out: list[Responsibility] = []
    for n, item in enumerate(items):
        members = item.members or [item.organisation]
        for k, org in enumerate(members, 1):
            out.append(Responsibility(
                text=item.text, organisation=org, role="lead" if n == 0 else "co-executor",
                by_agreement=item.by_agreement, consolidation_control=item.consolidation_control,
                duty="; ".join(item.duties) or None, group=item.group,
                position=n + 1, member_position=k if item.group is not None and item.members else None,
                person=item.person,
            ))
    return out
