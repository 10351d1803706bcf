"""A plan's glossary of abbreviations: a table or a list after «Расшифровка аббревиатур».

Plans print it as a table of «ABBR | – | expansion» rows (the census plan of 2019) or as
«ABBR – expansion» lines, on their own or in one «Примечание: расшифровка аббревиатур: …; …»
paragraph. The trailing «;» or «.» of an expansion is not part of the name.
"""
from __future__ import annotations

import re

from ..normalize.text import clean
from ..records import GlossaryEntry, Provenance
from ..tables.model import Document, Paragraph, Table

_GLOSSARY = re.compile(r"расшифровка\s+(аббревиатур|сокращений)|перечень\s+(аббревиатур|сокращений)", re.I)
_GLOSSARY_ENTRY = re.compile(r"^\s*([A-ZА-ЯЁӘҒҚҢӨҰҮІ][\wА-Яа-яЁё.\-«»\"]{0,15})\s+[-–—]\s+(.+?)[;.]?\s*$")


def read_glossary(document: Document, source) -> list[GlossaryEntry]:
    """Entries after a «Расшифровка аббревиатур» line: a table (ABBR | – | expansion) or «ABBR – expansion» lines."""
    entries: list[GlossaryEntry] = []
    blocks = document.blocks
    for i, block in enumerate(blocks):
        if not (isinstance(block, Paragraph) and _GLOSSARY.search(block.text)):
            continue
        tail = _GLOSSARY.split(block.text)[-1].lstrip(" :")
        for part in filter(None, re.split(r";\s*", tail)):
            entries += _glossary_line(part, block, source)
        for following in blocks[i + 1:]:
            if isinstance(following, Table):
                entries += _glossary_table(following, source)
                break
            found = _glossary_line(following.text, following, source)
            if not found:
                break
            entries += found
    return entries


def _glossary_line(text: str, block: Paragraph, source) -> list[GlossaryEntry]:
    found = _GLOSSARY_ENTRY.match(clean(text))
    if not found:
        return []
    return [GlossaryEntry(found.group(1), found.group(2).rstrip(";. "), Provenance(source.id, list(block.lines)))]


def _glossary_table(table: Table, source) -> list[GlossaryEntry]:
    out = []
    for r, row in enumerate(table.rows, 1):
        texts = [clean(c.text) for c in row.cells if clean(c.text) not in ("", "-", "–", "—")]
        if len(texts) >= 2:
            out.append(GlossaryEntry(texts[0], texts[-1].rstrip(";. "),
                                     Provenance(source.id, list(row.lines), table=table.position.table, rows=[r])))
    return out
