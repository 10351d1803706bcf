"""The act around a plan: its title, the act that approves it, its issuer, its footnotes.

Published plans are annexes of an act. Before the plan table stand the act's
title and text, its signature («**Аким Алматинской области**»), an approval
block («Утвержден / постановлением Правительства / Республики Казахстан / от 19
июня 2019 года / № 419», or «Приложение / к решению акима области / от …»), the
plan's own heading, and footnotes on amendments («Сноска. План в редакции
постановления Правительства РК от 16.09.2020 № 587 …»).

Rules:
- the plan's title is the last heading (or bold line) before the plan table,
  else the document's first heading;
- the approving act is the approval block nearest before the plan table that
  names a kind of act and a date; the plan's year is that date's year;
- the issuer is the body whose act it is, in the nominative («Правительства
  Республики Казахстан» → «Правительство Республики Казахстан»); a signature
  that names the same kind of body more precisely («Аким области» → «Аким
  Алматинской области») is preferred;
- every footnote is kept as an amendment, with its kind, the part it concerns,
  and the date and number of the amending act.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..normalize.deadlines import parse_deadline
from ..normalize.text import clean
from ..tables.model import Paragraph

# Kinds of act, by the stem of their name in any case («постановлением», «решению»).
_ACT_KINDS = {"постановлен": "постановление", "решени": "решение", "распоряжен": "распоряжение",
              "приказ": "приказ", "указ": "указ"}
_ACT = re.compile(r"\b(постановлен|решени|распоряжен|приказ|указ)\w*\s+(.*)", re.I | re.S)
# Head nouns of issuers: genitive → nominative (the rest of the phrase stays as printed).
_NOMINATIVE = {
    "правительства": "Правительство", "акима": "Аким", "акимата": "Акимат", "маслихата": "Маслихат",
    "министерства": "Министерство", "министра": "Министр", "президента": "Президент",
    "комитета": "Комитет", "агентства": "Агентство", "управления": "Управление",
    "департамента": "Департамент", "председателя": "Председатель", "главы": "Глава",
}
_DATE_WORDS = r"\d{1,2}\s+[а-яё]+\s+(?:19|20)\d\d(?:\s*(?:года|г\.?))?|\d{1,2}\.\d{1,2}\.(?:19|20)?\d\d"
_DATE = re.compile(_DATE_WORDS, re.I)
_NUMBER = re.compile(r"(?:№|\bN)\s*([\w./-]*\d[\w./-]*)")
_FOOTNOTE = re.compile(r"^\W*Сноска\.?\s*(.*)$", re.S)
_APPROVAL = re.compile(r"^\W*(утвержд|приложение\b)", re.I)
_AMENDMENT_KINDS = (("в редакции", "edition"), ("утратил", "repeal"), ("изменени", "change"),
                    ("дополнени", "change"), ("исключен", "change"))


@dataclass
class ApprovingAct:
    kind: str | None
    issuer: str | None
    date: str | None  # ISO
    number: str | None
    text: str
    lines: list[int] = field(default_factory=list)


@dataclass
class Footnote:
    text: str
    kind: str
    part: str | None
    date: str | None
    number: str | None
    lines: list[int]


def title_of(before: list[Paragraph], document: list[Paragraph]) -> Paragraph | None:
    """The plan's heading: the last heading or bold line before its table; where the format marks no
    headings (a PDF's text layer), the last line before the table that is neither a footnote nor part
    of an approval block."""
    def wordy(paragraph: Paragraph) -> bool:
        text = clean(paragraph.text)
        return bool(re.search(r"[А-Яа-яA-Za-z]{3}", text)) and not _FOOTNOTE.match(text)

    for paragraph in reversed(before):
        if (paragraph.heading or paragraph.bold) and wordy(paragraph):
            return paragraph
    if not any(p.heading for p in document):
        run: list[Paragraph] = []  # a title the page wrapped over lines: the lines just above the table
        for paragraph in reversed(before):
            text = clean(paragraph.text)
            if not text or _FOOTNOTE.match(text) or paragraph.italic or _APPROVAL.match(text) or len(run) == 4 \
                    or (run and re.search(r"[.;:]$", text)):
                break
            run.insert(0, paragraph)
        if run and len(" ".join(p.text for p in run).split()) >= 3 and wordy(run[0]):
            return Paragraph(" ".join(clean(p.text) for p in run), run[0].position,
                             lines=tuple(n for p in run for n in p.lines))
    return next((p for p in document if p.heading), None)


def approval_blocks(paragraphs: list[Paragraph]) -> list[tuple[str, list[int]]]:
    """Runs of quoted/italic lines that start «Утвержден…» or «Приложение…», joined."""
    blocks: list[tuple[str, list[int]]] = []
    current: list[Paragraph] | None = None
    for paragraph in paragraphs:
        text = clean(paragraph.text)
        if _APPROVAL.match(text) and not _FOOTNOTE.match(text):
            current = [paragraph]
            blocks.append(("", []))
        elif current is not None and paragraph.italic and not paragraph.heading and not _FOOTNOTE.match(text):
            current.append(paragraph)
        else:
            current = None
            continue
        blocks[-1] = (" ".join(clean(p.text) for p in current), [n for p in current for n in _lines(p)])
    return blocks


def approving_act(paragraphs: list[Paragraph]) -> ApprovingAct | None:
    """The act that approves the plan: the nearest approval block with a kind of act and a date."""
    for text, lines in reversed(approval_blocks(paragraphs)):
        act = _act(text, lines)
        if act.kind and act.date:
            return act
    return None


def _act(text: str, lines: list[int]) -> ApprovingAct:
    found = _ACT.search(text)
    kind = _ACT_KINDS[found.group(1).lower()] if found else None
    rest = found.group(2) if found else ""
    date = _DATE.search(rest)
    number = _NUMBER.search(rest)
    issuer_end = min([m.start() for m in (date, number) if m] + [len(rest)])
    issuer = re.sub(r"\s+от\s*$", "", rest[:issuer_end]).strip(" ,.")
    return ApprovingAct(kind, nominative(issuer) if issuer else None, _iso(date.group()) if date else None,
                        number.group(1).rstrip(".") if number else None, text, lines)


def nominative(genitive: str) -> str:
    """«Правительства Республики Казахстан» → «Правительство Республики Казахстан»."""
    head, _, rest = genitive.partition(" ")
    return " ".join(filter(None, [_NOMINATIVE.get(head.lower(), head), rest]))


def issuer(act: ApprovingAct | None, signatures: list[str]) -> str | None:
    """The act's issuer, or a signature that names the same kind of body more precisely."""
    stated = act.issuer if act else None
    if stated:
        head = stated.split()[0].lower()
        for signature in signatures:
            words = signature.split()
            if words and words[0].lower() == head and len(signature) > len(stated):
                return signature
    return stated


def signatures(paragraphs: list[Paragraph]) -> list[str]:
    """Bold lines that name a position: the act's signature block."""
    return [clean(p.text) for p in paragraphs if p.bold and not p.heading and len(clean(p.text).split()) >= 2
            and clean(p.text)[0].isupper()]


def footnotes(paragraphs: list[Paragraph]) -> list[Footnote]:
    out = []
    for paragraph in paragraphs:
        found = _FOOTNOTE.match(clean(paragraph.text))
        if not found:
            continue
        body = found.group(1)
        lowered = body.lower()
        kind = next((k for stem, k in _AMENDMENT_KINDS if stem in lowered), "note")
        part = re.match(r"^([А-ЯЁ][а-яё]+(?:\s+\d+[\w.)-]*)?)\s+(?:в редакции|с изменени|утратил|исключен|дополнен|-)", body)
        date = _DATE.search(body)
        number = _NUMBER.search(body)
        out.append(Footnote(clean(paragraph.text), kind, part.group(1) if part else None,
                            _iso(date.group()) if date else None, number.group(1).rstrip(".") if number else None,
                            _lines(paragraph)))
    return out


def _iso(text: str) -> str | None:
    numeric = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.((?:19|20)?\d\d)", text.strip())
    if numeric:
        day, month, year = (int(g) for g in numeric.groups())
        year = year if year > 99 else (2000 + year if year < 50 else 1900 + year)
        return f"{year:04d}-{month:02d}-{day:02d}"
    parsed = parse_deadline(text)
    return parsed.start if parsed.kind == "on" else None


def _lines(paragraph: Paragraph) -> list[int]:
    return list(paragraph.lines) or ([paragraph.position.line] if paragraph.position.line else [])
