"""IRI parameters given the way people give them: the full IRI, the printed `id:` form, a path under the
base, a bare id, or a label — resolved against the dataset, as `policykg view --focus` does.

`resolve_params(query, dataset, values)` returns the values with every `iri` parameter replaced by the
IRI it names, and warnings for values that name nothing in the dataset (each with the nearest
candidates), so that a query that would silently return no rows says why. A label that names several
resources is an error listing them: the user has to choose.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Mapping

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

from .namespaces import PREFIXES

LABELS = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, DCTERMS.title)
CANDIDATES = 5


@dataclass(frozen=True)
class Resolved:
    iri: str
    how: str  # "iri", "prefixed", "path", "id", "label", "unknown"
    warning: str | None = None


class _Index:
    """The dataset's IRI subjects by IRI, by their last path segment and by their labels."""

    def __init__(self, dataset: Dataset):
        self.subjects: set[str] = set()
        self.by_tail: dict[str, set[str]] = {}
        self.by_label: dict[str, set[str]] = {}
        for subject in set(dataset.subjects()):
            if isinstance(subject, URIRef):
                text = str(subject)
                self.subjects.add(text)
                self.by_tail.setdefault(_tail(text), set()).add(text)
        for predicate in LABELS:
            for subject, label in dataset.subject_objects(predicate):
                if isinstance(subject, URIRef) and isinstance(label, Literal):
                    self.by_label.setdefault(str(label).casefold().strip(), set()).add(str(subject))


def _tail(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


_INDEXES: dict[int, _Index] = {}


def _index(dataset: Dataset) -> _Index:
    key = id(dataset)
    if key not in _INDEXES:  # a server or a session keeps one dataset: index it once
        _INDEXES.clear()
        _INDEXES[key] = _Index(dataset)
    return _INDEXES[key]


def resolve_iri(text: str, dataset: Dataset, base: str, prefixes: Mapping[str, str] | None = None) -> Resolved:
    """The IRI that `text` names in `dataset` (see the module doc); LookupError if a label is ambiguous."""
    index = _index(dataset)
    value = text.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    known = {"id": base, **{p: str(ns) for p, ns in PREFIXES.items()}, **(prefixes or {})}
    prefix, colon, local = value.partition(":")
    if colon and prefix in known and not local.startswith("//"):
        iri = known[prefix] + local
        return Resolved(iri, "prefixed", None if iri in index.subjects else _nothing(text, index, base))
    if "://" in value or value.startswith("urn:"):
        return Resolved(value, "iri", None if value in index.subjects else _nothing(text, index, base))
    if base + value.lstrip("/") in index.subjects:
        return Resolved(base + value.lstrip("/"), "path")
    tails = index.by_tail.get(value, set())
    if len(tails) == 1:
        return Resolved(next(iter(tails)), "id")
    labelled = index.by_label.get(value.casefold(), set())
    if len(labelled) == 1:
        return Resolved(next(iter(labelled)), "label")
    several = sorted(tails or labelled)
    if several:
        raise LookupError(f"{text!r} names {len(several)} resources: "
                          + ", ".join(_short(i, base) for i in several[:8]) + (" …" if len(several) > 8 else "")
                          + "; give one of them")
    partial = sorted({i for label, iris in index.by_label.items() if value.casefold() in label for i in iris})
    if len(partial) == 1:
        return Resolved(partial[0], "label")
    if partial:
        raise LookupError(f"{text!r} is part of the labels of {len(partial)} resources: "
                          + ", ".join(_short(i, base) for i in partial[:8]) + (" …" if len(partial) > 8 else "")
                          + "; give one of them")
    return Resolved(value if ":" in value else base + value, "unknown", _nothing(text, index, base))


def _nothing(text: str, index: _Index, base: str) -> str:
    """The warning for a value that names nothing, with the nearest ids and labels."""
    value = text.strip().strip("<>")
    tail = _tail(value.split(":", 1)[-1]) if ":" in value else _tail(value)
    near = difflib.get_close_matches(tail, list(index.by_tail), n=CANDIDATES, cutoff=0.6)
    iris = sorted({i for t in near for i in index.by_tail[t]})
    labels = difflib.get_close_matches(value.casefold(), list(index.by_label), n=CANDIDATES, cutoff=0.6)
    iris += sorted({i for label in labels for i in index.by_label[label]} - set(iris))
    hint = ("; nearest: " + ", ".join(_short(i, base) for i in iris[:CANDIDATES])) if iris else ""
    return f"{text!r} names nothing in the dataset{hint}"


def _short(iri: str, base: str) -> str:
    return "id:" + iri[len(base):] if iri.startswith(base) else f"<{iri}>"


def resolve_params(query, dataset: Dataset, values: Mapping[str, str], base: str) -> tuple[dict[str, str], list[str]]:
    """`values` with each `iri` parameter's value resolved to a full IRI, and the warnings (one line each,
    naming the parameter): a value that names nothing, an old spelling of a parameter's name (`min_amount`
    for `minAmount`, given its name). LookupError, naming the parameter, when a value is ambiguous."""
    values, warnings = query.rename_deprecated(values)
    resolved = dict(values)
    for param in query.params:
        if param.kind.name != "iri" or not (values.get(param.name) or "").strip():
            continue
        try:
            found = resolve_iri(values[param.name], dataset, base, query.prefixes)
        except LookupError as exc:
            raise LookupError(f"parameter '{param.name}': {exc}") from None
        resolved[param.name] = found.iri
        if found.warning:
            warnings.append(f"parameter '{param.name}': {found.warning}")
    return resolved, warnings
