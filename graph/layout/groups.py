"""Group rows and headings: «Задача N.», «II. …», «1. ОБЩИЕ МЕРЫ», «… мероприятия:».

A row is a group row when its only text is one cell across the table, or a bold, «Задача N.»,
Roman-numbered, upper-case or «…:» line in the number or measure column. Section numbers are
kept as printed; Roman numerals typed with Cyrillic letters that look Latin («І», «Х») are
read as Roman.
"""
from __future__ import annotations

import re

from ..normalize.text import clean
from ..tables.model import Cell
from .columns import Header

_ROMAN = r"[IVXLC]+"
_LOOKALIKE = str.maketrans({"І": "I", "Х": "X", "С": "C", "М": "M", "Ⅰ": "I", "Ⅱ": "II", "Ⅲ": "III"})
_TASK = re.compile(r"^Задача\s+(\d+)\s*[.:]?\s*(.*)$", re.I | re.S)
_SECTION = re.compile(rf"^(?:(?:Раздел|Глава|Направление)\s+)?((?:\d{{1,2}}|{_ROMAN})\.?)\s+(\S.*)$", re.S)


def is_group_row(new: list[Cell], slots, header: Header, width: int) -> bool:
    if len(new) != 1:
        return False
    cell = new[0]
    if cell.colspan >= max(2, width - 1):
        return True
    text = clean(cell.text)
    column = header.roles[cell.column] if cell.column < len(header.roles) else None
    if column not in ("number", "title"):
        return False
    return bool(cell.bold or _TASK.match(text) or text.endswith(":") or
                (re.match(rf"^(?:{_ROMAN})\.\s", text.translate(_LOOKALIKE))) or
                (len(text) > 3 and text.upper() == text and re.search(r"[А-ЯЁ]{3}", text)))


def group_parts(text: str) -> tuple[str | None, str, str]:
    """(printed number, label, kind) of a group row or heading."""
    task = _TASK.match(text)
    if task:
        return task.group(1), clean(task.group(2)), "task"
    section = _SECTION.match(text.translate(_LOOKALIKE))
    if section:
        printed = text[:len(section.group(1))]
        return printed, clean(text[len(section.group(1)):]), "section"
    return None, text, "heading"
