"""Typed literals and small building blocks shared by the RDF mapping (mapping.py, reference.py).

Every literal the graph holds is made here, so that datatypes are uniform:
exact `xsd:decimal`s from `Decimal` (never float), dates at the precision
printed (`xsd:date` / `xsd:gYearMonth` / `xsd:gYear`), durations kept as
written («P12M» stays «P12M»), document text tagged @ru, English names @en.
Functions return None for a missing value, and `describe` skips None, so a
mapping can list a resource's properties without an `if` per optional field.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Iterable
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from .xmlchars import scrub

# A property and its value(s): one term, None (skipped) or an iterable of terms.
Property = tuple[URIRef, object]


def describe(graph: Graph, subject: URIRef, properties: Iterable[Property]) -> URIRef:
    """Add `subject property value` for every value that is not None; returns the subject."""
    for predicate, value in properties:
        if value is None:
            continue
        if isinstance(value, (URIRef, Literal)):
            graph.add((subject, predicate, value))
        else:
            for each in value:
                if each is not None:
                    graph.add((subject, predicate, each))
    return subject


def child(parent: URIRef, *parts) -> URIRef:
    """An IRI below `parent`: <…/measure/6.4> + ('responsibility', 2) → <…/measure/6.4/responsibility/2>."""
    return URIRef(str(parent) + "".join("/" + quote(str(p), safe="-._~") for p in parts))


# --------------------------------------------------------------------------- text


def _text(value: str | None) -> str | None:
    """The text with its white space collapsed (records hold cleaned text already)."""
    text = " ".join(scrub(value).split()) if value else ""  # XML-forbidden characters: graph/xmlchars.py
    return text or None


def ru(value: str | None) -> Literal | None:
    """Document text (Russian), white space collapsed; None when empty."""
    text = _text(value)
    return Literal(text, lang="ru") if text else None


def en(value: str | None) -> Literal | None:
    text = _text(value)
    return Literal(text, lang="en") if text else None


def plain(value) -> Literal | None:
    """A plain string (identifiers, codes, printed figures)."""
    if value is None:
        return None
    text = scrub(str(value)).strip()
    return Literal(text) if text else None


def each(function, values) -> list:
    """`function` over `values`, for a multi-valued property."""
    return [function(v) for v in values or ()]


# --------------------------------------------------------------------------- numbers


def decimal_lexical(value: Decimal | int | float | str) -> str:
    """An exact, readable xsd:decimal lexical form: 3226100.0 → '3226100', 84.30 → '84.3'.

    Floats (matching scores) go through their shortest repr, so 84.3 stays 84.3.
    """
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise ValueError(f"not a finite decimal: {value!r}")
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def decimal(value) -> Literal | None:
    if value is None:
        return None
    return Literal(decimal_lexical(value), datatype=XSD.decimal, normalize=False)


def positive_integer(value: int) -> Literal:
    if int(value) < 1:
        raise ValueError(f"not a positive integer: {value!r}")
    return Literal(str(int(value)), datatype=XSD.positiveInteger, normalize=False)


def boolean(value: bool | None) -> Literal | None:
    if value is None:
        return None
    return Literal("true" if value else "false", datatype=XSD.boolean, normalize=False)


# --------------------------------------------------------------------------- time


def date_datatype(iso: str) -> URIRef:
    """The datatype of an ISO date at the precision written: '2020' gYear, '2020-04' gYearMonth, else date."""
    parts = iso.split("-")
    return {1: XSD.gYear, 2: XSD.gYearMonth}.get(len(parts), XSD.date)


def iso_date(iso: str | None) -> Literal | None:
    """'2020-01-28' → xsd:date, '2020-01' → xsd:gYearMonth, '2020' → xsd:gYear."""
    if not iso:
        return None
    return Literal(iso, datatype=date_datatype(iso), normalize=False)


def day(value) -> Literal | None:
    """A `datetime.date` → xsd:date."""
    if value is None:
        return None
    return Literal(value.isoformat(), datatype=XSD.date, normalize=False)


def year(value: int | None) -> Literal | None:
    if value is None:
        return None
    return Literal(f"{int(value):04d}", datatype=XSD.gYear, normalize=False)


def duration(iso: str | None) -> Literal | None:
    """An ISO 8601 duration as written: rdflib would rewrite 'P12M' as 'P1Y' unless told not to."""
    if not iso:
        return None
    return Literal(iso, datatype=XSD.duration, normalize=False)
