"""Developer aid for graph.tables.collapsed: find collapsed tables in a text file, rebuild them, and
measure the rebuilt cells against a hand reading (the `expected/*.json` files of the tests).

Finding tables here is deliberately simple (the format front ends do it properly): a header is the
run of lines holding `!` between a `___` rule and a `---` rule; its labels are the `!`-split pieces
of those lines joined column by column.
"""
from __future__ import annotations

import re

from graph.tables.model import Table

_TOP = re.compile(r"^\s*_{5,}\s*$")
_MID = re.compile(r"^\s*[-=]{5,}\s*$")
_NUM = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})*\.?(?=\s|[А-ЯЁA-Z«\"(]|$)\s*")


def join_broken(pieces: list[str]) -> str:
    """Printed line pieces of one cell as one text: a break hyphen before a lower-case start is dropped."""
    out = ""
    for piece in (p.strip() for p in pieces):
        if not piece:
            continue
        if out.endswith("-") and piece[:1].islower() and out[-2:-1].isalpha():
            out = out[:-1] + piece
        elif out:
            out += " " + piece
        else:
            out = piece
    return out


def find_tables(text: str) -> list[tuple[list[str], list[tuple[int, str]]]]:
    """(header labels, body lines) of each `___`/`!`/`---` table, body up to the next top rule."""
    lines = text.splitlines()
    found = []
    i = 0
    while i < len(lines):
        if _TOP.match(lines[i]):
            head, j = [], i + 1
            while j < len(lines) and not _MID.match(lines[j]):
                if lines[j].strip():
                    head.append(lines[j])
                j += 1
            if j < len(lines) and head and all("!" in h for h in head):
                split = [h.strip().split("!") for h in head]
                ncol = max(len(s) for s in split)
                labels = [join_broken([s[c] if c < len(s) else "" for s in split]) for c in range(ncol)]
                body, k = [], j + 1
                while k < len(lines) and not _TOP.match(lines[k]):
                    if lines[k].strip():
                        body.append((k + 1, lines[k]))
                    k += 1
                found.append((labels, body))
                i = k
                continue
        i += 1
    return found


def _key(text: str | None) -> str:
    """Compare texts regardless of line breaks, hyphens and spacing."""
    return re.sub(r"[\s\-‐–—]+", "", (text or "").lower().replace("ё", "е"))


EXPECTED_FIELD = {"title": "title", "deadline": "deadline", "executor": "executors",
                  "form": "completion_form", "cost": "cost", "funding": "funding"}


def shares(table: Table, kinds: list[str], expected: list[dict]) -> dict[str, tuple[int, int]]:
    """Per column kind: (cells matching the expected reading, measures compared). Measures are paired
    in order; a spanning cell matches nothing."""
    measure_rows = [r for r in table.rows[1:] if not (len(r.cells) == 1 and r.cells[0].bold)]
    result: dict[str, tuple[int, int]] = {}
    for c, kind in enumerate(kinds):
        field = EXPECTED_FIELD.get(kind)
        if field is None:
            continue
        good = 0
        for row, exp in zip(measure_rows, expected):
            cell = next((x for x in row.cells if x.column == c and x.colspan == 1), None)
            want = exp.get(field)
            if isinstance(want, list):
                want = " ".join(want)
            if cell is None:
                continue
            got = cell.text
            if kind == "title" and kinds[0] != "number":
                got = _NUM.sub("", got, count=1)
            if _key(got) == _key(want):
                good += 1
        result[kind] = (good, len(expected))
    return result
