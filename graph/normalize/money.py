"""Amounts of money as the plans print them: «3 226,1», «1054,9», «510,0», «1 000».

Values are exact `Decimal`s (never floats). Both «,» and «.» are read as the
decimal mark; thousands are grouped by white space (ordinary, non-breaking or
thin spaces all count).

The splitting rule, for a cell that holds several amounts («1261,1 459,5 406,2»):
a number is a first group of 1–3 digits *without* a decimal part, followed by
any number of groups of exactly 3 digits, the last of which may carry the
decimal part. So «3 226,1» and «1 000 000» are one amount each, while
«1261,1 459,5» (the first token has a decimal part), «1054 200» (the first
token has 4 digits) and «483,6 642,1» are two. The one case this reads as a
single amount although a person might mean two is a short integer followed by
a 3-digit group («100 200» → 100200); the plans print decimals («100,0 200,0»).
"""
from __future__ import annotations

import re
from decimal import Decimal

from ..records import Money
from .text import clean

_TOKEN = re.compile(r"-?\d+(?:[.,]\d+)?")
_LEADING_GROUP = re.compile(r"-?\d{1,3}")  # may open a number with thousands groups
_THOUSANDS_GROUP = re.compile(r"\d{3}(?:[.,]\d+)?")  # continues it; a decimal part closes it
_AMOUNT = re.compile(r"-?(?:\d{1,3}(?: \d{3})+|\d+)(?:[.,]\d+)?")
# Punctuation that may wrap an amount token without being part of it: «(1054,9)», «510,0;».
_WRAP = "()[];:"


def _tokens(text: str) -> list[str]:
    return [t.strip(_WRAP) for t in clean(text).split(" ") if t.strip(_WRAP)]


def _group(tokens: list[str]) -> list[list[str]] | None:
    """Join tokens into numbers by the rule in the module docstring; None if a token is not numeric."""
    numbers: list[list[str]] = []
    open_number = False  # the last number may still take a thousands group
    for token in tokens:
        if not _TOKEN.fullmatch(token):
            return None
        if open_number and _THOUSANDS_GROUP.fullmatch(token):
            numbers[-1].append(token)
        else:
            numbers.append([token])
        # «3» or «226» (no decimal part) may be followed by a group; «226,1» or «1261» may not.
        open_number = bool(_LEADING_GROUP.fullmatch(token))
    return numbers


def _money(parts: list[str], currency: str, multiplier: int) -> Money:
    printed = " ".join(parts)
    value = Decimal("".join(parts).replace(",", "."))
    return Money(printed, value, currency, multiplier)


def parse_amount(text: str, *, currency: str = "KGS", multiplier: int = 1000) -> Money:
    """One amount: «3 226,1» → Money(value=Decimal('3226.1')). Raises ValueError otherwise."""
    printed = clean(text or "")
    if not _AMOUNT.fullmatch(printed):
        raise ValueError(f"not an amount: {text!r}")
    return _money(printed.split(" "), currency, multiplier)


def find_amounts(text: str, *, currency: str = "KGS", multiplier: int = 1000) -> list[Money]:
    """Every amount of a cell made of amounts («1261,1 459,5 406,2» → three); [] if a token is not a number."""
    numbers = _group(_tokens(text or ""))
    return [_money(parts, currency, multiplier) for parts in numbers or []]


def is_amount_cell(text: str) -> bool:
    """True when the whole cell is one or more amounts (and nothing else)."""
    return bool(_group(_tokens(text or "")))
