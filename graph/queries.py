"""The query catalogue: analyst questions kept as data (queries/*.rq), run with typed parameters.

Each catalogue file is an ordinary SPARQL query, runnable as it is in any SPARQL tool (it declares its
own PREFIXes), that starts with a header of comments:

    # title: Мероприятия со сроком до даты
    # description: Measures due on or before a date, the soonest first.
    #   (an indented comment line continues the previous field)
    # param: before (xsd:date, default 2020-06-30) — the last due date to include
    # param: organisation (iri, optional) — only measures of this organisation
    # columns: measure, label, due, deadline
    # tags: deadlines

A parameter is a variable of the query (``?before``), bound the standard way: by a ``VALUES`` block
in the query, one per parameter, that holds its default (``VALUES ?before { "2020-06-30"^^xsd:date }``;
``UNDEF`` for an optional one, the example for a required one), so that the file runs as it is in
any SPARQL 1.1 engine. The runner fills that block with the value given, written as a typed RDF term
by rdflib (escaped, never the raw text), so a value cannot change what the query means. A query
from outside the catalogue may declare a parameter without a block; its value is then handed to the
engine as an initial binding. Types, written as the value's RDF datatype: ``xsd:date`` (2020-12-31),
``xsd:integer``, ``xsd:decimal`` (a dot, not a comma), ``xsd:string``, ``rdf:langString@ru`` (any
``@LANG``), and ``iri`` (absolute, ``<…>`` or a prefixed name the query declares); names are
lowerCamelCase. The older spellings (``date``, ``ru``, ``min_amount``) are read with a NotationWarning
(a header) or a note (a value's name: ``rename_deprecated``). A parameter is ``required``,
``optional`` (left unbound: the variable then matches anything, as in another SPARQL tool) or has a
``default``.

Queries see the RDF dataset of a build (rdf/dataset.trig): the default graph is the union of all named
graphs — documents, reference data, the ontology and the inferred graph — unless the inferred graph
is left out (``load_graph(…, inferred=False)``). SERVICE is refused; FROM/FROM NAMED may only name
graphs of the dataset (nothing is ever fetched); SPARQL Update is refused.
"""
from __future__ import annotations

import datetime as _dt
import re
import warnings
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Callable, Iterator, Mapping

from pyparsing import ParseBaseException
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result
from rdflib.term import Identifier

from .errors import PolicyKGError
from .namespaces import DEFAULT_BASE, PREFIXES, bind_prefixes
from .paths import DEFAULT_OUT, PROJECT_ROOT
from .results import FormatError, ResultTooLarge, serialize  # noqa: F401  (re-exported)

CATALOGUE_DIR = PROJECT_ROOT / "queries"
DATASET_FILE = Path("rdf") / "dataset.trig"
DESCRIPTION_FILE = Path("rdf") / "description.ttl"
INFERRED_GRAPH = "graph/inferred"  # under the base: {base}graph/inferred
RESERVED_NAMES = frozenset({"query", "format"})  # used by the protocol, so not parameter names


# ---------------------------------------------------------------- errors

class QueryError(PolicyKGError):
    """A query that cannot be run. `kind`: syntax, update, service, dataset, parameter, invalid, runtime."""

    def __init__(self, message: str, *, kind: str = "invalid", line: int | None = None,
                 column: int | None = None):
        self.kind, self.line, self.column, self.message = kind, line, column, message
        super().__init__(message)


class ParameterError(QueryError):
    """A parameter value that is missing, unknown or not of its declared type."""

    def __init__(self, name: str, message: str, expected: str | None = None):
        self.name, self.expected = name, expected
        super().__init__(message, kind="parameter")


class CatalogueError(PolicyKGError):
    """A catalogue file whose header is malformed, naming the file and line."""


class NotationWarning(DeprecationWarning):
    """A catalogue file or a caller still writing a parameter the old way (`date`, `min_amount`)."""


class DatasetMissing(PolicyKGError):
    """No built dataset in the build folder."""


# ---------------------------------------------------------------- parameter types

@dataclass(frozen=True)
class ParamType:
    name: str
    expected: str  # what a value must look like, for error messages
    convert: Callable[[str, Mapping[str, str]], Identifier]  # raises ValueError

    @property
    def is_text(self) -> bool:
        """Text (a string, tagged or not): its spaces are kept and an empty value is a value."""
        return self.name == "xsd:string" or self.name.startswith("rdf:langString@")


def _date(text: str, _prefixes) -> Literal:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError
    _dt.date.fromisoformat(text)
    return Literal(text, datatype=XSD.date)


def _integer(text: str, _prefixes) -> Literal:
    if not re.fullmatch(r"[+-]?\d+", text):
        raise ValueError
    return Literal(int(text))


def _decimal(text: str, _prefixes) -> Literal:
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
        raise ValueError
    return Literal(Decimal(text))


_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*")


def _iri(text: str, prefixes: Mapping[str, str]) -> URIRef:
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    prefix, colon, local = text.partition(":")
    if colon and prefix in prefixes and not local.startswith("//"):
        text = str(prefixes[prefix]) + local
    if not _IRI.fullmatch(text):
        raise ValueError
    return URIRef(text)


def _string(text: str, _prefixes) -> Literal:
    return Literal(text)


def _tagged(lang: str) -> Callable:
    def convert(text: str, _prefixes) -> Literal:
        return Literal(text, lang=lang)
    return convert


# The notation: an XSD datatype's prefixed name, `iri` (an IRI, not a literal: there is no datatype for
# it), and `rdf:langString@LANG` (text in that language, RDF 1.1's datatype of language-tagged strings).
_TYPES = {
    "xsd:date": ParamType("xsd:date", "a date YYYY-MM-DD (xsd:date), e.g. 2020-12-31", _date),
    "xsd:integer": ParamType("xsd:integer", "an integer (xsd:integer), e.g. 5", _integer),
    "xsd:decimal": ParamType("xsd:decimal", "a decimal number with a dot (xsd:decimal), e.g. 1054.9", _decimal),
    "iri": ParamType("iri", "an absolute IRI, <IRI> or a prefixed name the query declares, "
                            "e.g. https://w3id.org/policykg/org/kz-mtszn", _iri),
    "xsd:string": ParamType("xsd:string", "text (xsd:string)", _string),
}
# Spellings of earlier catalogues, still read, with a deprecation warning naming the one to write.
_DEPRECATED_TYPES = {"date": "xsd:date", "integer": "xsd:integer", "int": "xsd:integer", "decimal": "xsd:decimal",
                     "uri": "iri", "string": "xsd:string", "text": "xsd:string", "ru": "rdf:langString@ru"}
_LANG_TYPE = re.compile(r"(?P<old>string|text|langstring|rdf:langstring)@(?P<lang>[a-z]{2,3}(?:-[a-z0-9]+)*)")
TYPE_NOTATION = "xsd:date, xsd:integer, xsd:decimal, xsd:string, iri or rdf:langString@LANG"


def canonical_type(spec: str) -> str:
    """The type's name in the catalogue's notation (`date` -> `xsd:date`, `ru` -> `rdf:langString@ru`);
    ValueError for a type that is none."""
    name = spec.strip().lower()
    name = _DEPRECATED_TYPES.get(name, name).lower()
    match = _LANG_TYPE.fullmatch(name)
    if match:
        return f"rdf:langString@{match['lang']}"
    if name in _TYPES:
        return name
    raise ValueError(f"unknown parameter type {spec!r}: use {TYPE_NOTATION}")


def is_deprecated_type(spec: str) -> bool:
    return canonical_type(spec) != spec.strip()


@lru_cache(maxsize=256)
def param_type(spec: str) -> ParamType:
    """The type a header names (see TYPE_NOTATION; the deprecated spellings are read too)."""
    name = canonical_type(spec)
    if name in _TYPES:
        return _TYPES[name]
    lang = name.partition("@")[2]
    return ParamType(name, f"text in language '{lang}' (a string tagged @{lang})", _tagged(lang))


_CAMEL_PART = re.compile(r"_+([a-z0-9])")


def camel_case(name: str) -> str:
    """A parameter name in the catalogue's case, lowerCamelCase (`min_amount` -> `minAmount`)."""
    return _CAMEL_PART.sub(lambda m: m.group(1).upper(), name)


def is_lower_camel(name: str) -> bool:
    return bool(re.fullmatch(r"[a-z][A-Za-z0-9]*", name))


@dataclass(frozen=True)
class Param:
    name: str
    type: str = "xsd:string"
    default: str | None = None
    required: bool = False
    description: str = ""

    @property
    def kind(self) -> ParamType:
        return param_type(self.type)

    def to_term(self, value: str, prefixes: Mapping[str, str] | None = None) -> Identifier:
        """The value as an RDF term of the declared type; ParameterError if it is not one."""
        kind = self.kind
        try:
            return kind.convert(value if kind.is_text else value.strip(), prefixes or {})
        except (ValueError, ArithmeticError):
            raise ParameterError(self.name, f"parameter '{self.name}' expects {kind.expected}; got {value!r}",
                                 kind.expected) from None

    def to_json(self) -> dict:
        return {"name": self.name, "type": self.kind.name, "default": self.default, "required": self.required,
                "description": self.description, "expected": self.kind.expected}


# ---------------------------------------------------------------- header parsing

_KEY = re.compile(r"#\s?(?P<key>[A-Za-z][A-Za-z_-]*)\s*:\s?(?P<value>.*)$")
_CONTINUATION = re.compile(r"#\s{2,}(?P<more>\S.*)$")
_HEADER_KEYS = {"title", "description", "param", "params", "columns", "tags"}
_PARAM_HEAD = re.compile(r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\(\s*(?P<type>[A-Za-z:@_-]+)\s*")
_SEPARATOR = re.compile(r"\s*(—|–|--|-|:)\s*")


def parse_param(value: str) -> Param:
    """`name (type[, default VALUE | , required | , optional]) — text`; VALUE may be "quoted"."""
    match = _PARAM_HEAD.match(value.strip())
    if not match:
        raise ValueError(f"expected 'name (type, default VALUE|required|optional) — text', got {value!r}")
    rest, pos = value.strip(), match.end()
    default, required = None, False
    if rest[pos:pos + 1] == ",":
        pos = len(rest) - len(rest[pos + 1:].lstrip())
        if rest.startswith("required", pos):
            required, pos = True, pos + len("required")
        elif rest.startswith("optional", pos):
            pos += len("optional")
        elif rest.startswith("default", pos):
            pos = len(rest) - len(rest[pos + len("default"):].lstrip())
            if rest[pos:pos + 1] == '"':
                end = pos + 1
                chars = []
                while end < len(rest) and rest[end] != '"':
                    if rest[end] == "\\" and end + 1 < len(rest):
                        end += 1
                    chars.append(rest[end])
                    end += 1
                if end >= len(rest):
                    raise ValueError(f"unterminated quoted default in {value!r}")
                default, pos = "".join(chars), end + 1
            else:
                end = rest.find(")", pos)
                if end < 0:
                    raise ValueError(f"missing ')' in {value!r}")
                default, pos = rest[pos:end].strip(), end
        else:
            raise ValueError(f"after the type expected 'default VALUE', 'required' or 'optional' in {value!r}")
    pos = len(rest) - len(rest[pos:].lstrip())
    if rest[pos:pos + 1] != ")":
        raise ValueError(f"missing ')' in {value!r}")
    text = rest[pos + 1:].strip()
    separator = _SEPARATOR.match(text)
    if separator:
        text = text[separator.end():]
    param = Param(match["name"], match["type"], default, required, text.strip())
    param.kind  # noqa: B018 - raises ValueError for an unknown type
    if param.name in RESERVED_NAMES:
        raise ValueError(f"'{param.name}' is reserved by the SPARQL protocol; name the parameter otherwise")
    return param


def parse_header(text: str, *, strict: bool = False, source: str = "query") -> dict:
    """The header fields of a query text. Strict (catalogue files): unknown keys are errors."""
    fields: dict = {"title": "", "description": "", "params": [], "columns": [], "tags": []}
    last = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            if last is None:
                continue
            break
        if not line.startswith("#"):
            break
        continuation = _CONTINUATION.match(raw.lstrip()) if last in ("title", "description", "param") else None
        key_match = _KEY.match(line)
        if continuation and not (key_match and key_match["key"].lower() in _HEADER_KEYS):
            more = continuation["more"].strip()
            if last == "param":
                fields["params"][-1] += " " + more
            else:
                fields[last] = (fields[last] + " " + more).strip()
            continue
        if not key_match or key_match["key"].lower() not in _HEADER_KEYS:
            if strict and key_match:
                raise CatalogueError(f"{source}:{number}: unknown header field '{key_match['key']}' "
                                     f"(known: {', '.join(sorted(_HEADER_KEYS - {'params'}))})")
            last = None
            continue
        key, value = key_match["key"].lower(), key_match["value"].strip()
        if key in ("param", "params"):
            fields["params"].append(value)
            last = "param"
        elif key in ("columns", "tags"):
            fields[key] += [v.strip() for v in value.split(",") if v.strip()]
            last = key
        else:
            fields[key] = (fields[key] + " " + value).strip()
            last = key
    params = []
    for value in fields["params"]:
        try:
            params.append(parse_param(value))
        except ValueError as exc:
            if strict:
                raise CatalogueError(f"{source}: param: {exc}") from None
    fields["params"] = params
    return fields


_PREFIX_DECL = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE)


# ---------------------------------------------------------------- stored queries

@dataclass(frozen=True)
class StoredQuery:
    """A SPARQL query with its header: what it asks, its parameters and result columns."""

    name: str
    text: str
    title: str = ""
    description: str = ""
    params: tuple[Param, ...] = ()
    columns: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    path: Path | None = field(default=None, compare=False)

    @classmethod
    def from_text(cls, text: str, name: str = "query", path: Path | None = None, *,
                  strict: bool = False) -> "StoredQuery":
        if cls is StoredQuery:  # the server makes one per request: a frozen query can be shared
            return _stored_query(text, name, path, strict)
        return cls._from_text(text, name, path, strict=strict)

    @classmethod
    def _from_text(cls, text: str, name: str, path: Path | None, *, strict: bool) -> "StoredQuery":
        header = parse_header(text, strict=strict, source=str(path or name))
        query = cls(name, text, header["title"], header["description"], tuple(header["params"]),
                    tuple(header["columns"]), tuple(header["tags"]), path)
        if strict:
            query.check()
        return query

    @classmethod
    def from_file(cls, path: Path | str, *, strict: bool = True) -> "StoredQuery":
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CatalogueError(f"{path}: cannot read: {exc}") from None
        return cls.from_text(text, path.stem, path, strict=strict)

    def check(self) -> None:
        """What a catalogue file must satisfy: a title, parameters that are variables of the query
        with valid defaults, and a query that parses."""
        where = str(self.path or self.name)
        if not self.title:
            raise CatalogueError(f"{where}: the header has no '# title:'")
        for note in self.notation_notes():
            warnings.warn(f"{where}: {note}", NotationWarning, stacklevel=3)
        names = [p.name for p in self.params]
        if len(set(names)) != len(names):
            raise CatalogueError(f"{where}: a parameter is declared twice: {names}")
        for param in self.params:
            if not re.search(rf"[?$]{re.escape(param.name)}\b", self._body):
                raise CatalogueError(f"{where}: parameter '{param.name}' is not a variable of the query "
                                     f"(?{param.name})")
            if param.default is not None:
                try:
                    param.to_term(param.default, self.prefixes)
                except ParameterError as exc:
                    raise CatalogueError(f"{where}: default of {exc}") from None
            self._check_values_block(param, where)
        try:
            check_syntax(self.text)
        except QueryError as exc:
            raise CatalogueError(f"{where}:{exc.line or 1}:{exc.column or 1}: {exc}") from None

    def notation_notes(self) -> list[str]:
        """What the header writes the old way: a type not in TYPE_NOTATION's spelling, a name not in
        lowerCamelCase."""
        notes = []
        for param in self.params:
            if is_deprecated_type(param.type):
                notes.append(f"parameter '{param.name}': type '{param.type}' is deprecated, write "
                             f"'{canonical_type(param.type)}'")
            if not is_lower_camel(param.name):
                notes.append(f"parameter '{param.name}': write parameter names in lowerCamelCase "
                             f"('{camel_case(param.name)}')")
        return notes

    def rename_deprecated(self, values: Mapping[str, str] | None) -> tuple[dict[str, str], list[str]]:
        """`values` with each old spelling of a parameter's name (`min_amount` for `minAmount`) given its
        name, and a deprecation note for each; other names are left as they are."""
        known = {p.name for p in self.params}
        renamed, notes = {}, []
        for name, value in (values or {}).items():
            new = camel_case(name)
            if name not in known and new in known and new != name:
                notes.append(f"parameter '{name}' is deprecated: its name is now '{new}'")
                if new in (values or {}):
                    continue  # the new name, given too, wins
                name = new
            renamed[name] = value
        return renamed, notes

    def _check_values_block(self, param: Param, where: str) -> None:
        """A catalogue parameter has one VALUES block holding its default (UNDEF if optional)."""
        blocks = _values_blocks(self.text, param.name)
        if len(blocks) != 1:
            raise CatalogueError(f"{where}: parameter '{param.name}' needs exactly one 'VALUES ?{param.name} {{ … }}' "
                                 f"block holding its default, so that the query runs as it is (found {len(blocks)})")
        content = blocks[0].group("content").strip()
        if param.required:
            if content == "UNDEF" or not content:
                raise CatalogueError(f"{where}: the VALUES block of required '{param.name}' holds no example value")
            return
        if param.default is None:
            if content != "UNDEF":
                raise CatalogueError(f"{where}: the VALUES block of optional '{param.name}' must hold UNDEF, not {content}")
            return
        written = _values_term(self.text, content)
        expected = param.to_term(param.default, {**PREFIXES, **self.prefixes})
        same = written is not None and (written.eq(expected) if isinstance(written, Literal) else written == expected)
        if not same or getattr(written, "datatype", None) != getattr(expected, "datatype", None):
            raise CatalogueError(f"{where}: the VALUES block of '{param.name}' holds {content}, "
                                 f"but the header's default is {expected.n3()}")

    def text_for(self, bound: Mapping[str, Identifier]) -> tuple[str, dict[str, Identifier]]:
        """The query text with each parameter's VALUES block filled from `bound` (UNDEF when unbound),
        and the bindings of parameters that have no block (for the engine's initial bindings)."""
        text, rest, edits = self.text, {}, []
        for param in self.params:
            spans = self._value_spans[param.name]
            term = bound.get(param.name)
            if not spans:
                if term is not None:
                    rest[param.name] = term
                continue
            for start, end in spans:
                edits.append((start, end, f" {term.n3() if term is not None else 'UNDEF'} "))
        for start, end, content in sorted(edits, reverse=True):
            text = text[:start] + content + text[end:]
        return text, rest

    @cached_property
    def _value_spans(self) -> dict[str, list[tuple[int, int]]]:
        """Where each parameter's VALUES blocks hold their content (found once, filled on every run)."""
        return {p.name: [(b.start("content"), b.end("content")) for b in _values_blocks(self.text, p.name)]
                for p in self.params}

    @cached_property
    def checked(self) -> Query | None:
        """The query parsed by rdflib and checked (SERVICE, constant REGEX patterns) once, when its text
        names a keyword those checks look at; None when it names none (nothing to check: the
        Oxigraph engine then never needs rdflib's parse). Filling VALUES blocks changes neither."""
        if not _needs_algebra(self.text):
            return None
        check_regex_patterns(self.prepared)
        return self.prepared

    @cached_property
    def _body(self) -> str:
        return "\n".join(line for line in self.text.splitlines() if not line.lstrip().startswith("#"))

    @cached_property
    def prefixes(self) -> dict[str, str]:
        """PREFIXes the query declares (for prefixed-name IRI parameters and compact output)."""
        return {prefix or "": iri for prefix, iri in _PREFIX_DECL.findall(self._body)}

    @cached_property
    def prepared(self) -> Query:
        return prepare(self.text)

    @cached_property
    def form(self) -> str:
        """SELECT, ASK, CONSTRUCT or DESCRIBE (read from the text after its prologue, else from the parse)."""
        match = _FORM.match(_without_opaque(self.text))
        return match.group(1).upper() if match else query_form(self.prepared)

    def bindings(self, values: Mapping[str, str] | None = None) -> dict[str, Identifier]:
        """Typed terms for initBindings from text values; defaults fill in, optional ones stay unbound.
        An old spelling of a name is read as the name (the callers that can say so warn about it:
        rename_deprecated)."""
        values = self.rename_deprecated(values)[0]
        known = {p.name for p in self.params}
        unknown = sorted(set(values) - known)
        if unknown:
            takes = ", ".join(sorted(known)) or "no parameters"
            raise ParameterError(unknown[0], f"unknown parameter '{unknown[0]}': this query takes {takes}")
        bound: dict[str, Identifier] = {}
        prefixes = self._all_prefixes
        for param in self.params:
            value = values.get(param.name)
            if value is None or (value == "" and not param.kind.is_text):
                if param.default is not None:
                    value = param.default
                elif param.required:
                    raise ParameterError(param.name, f"parameter '{param.name}' is required: "
                                                     f"{param.kind.expected}", param.kind.expected)
                else:
                    continue
            bound[param.name] = param.to_term(value, prefixes)
        return bound

    @cached_property
    def _all_prefixes(self) -> dict[str, str]:
        return {**PREFIXES, **self.prefixes}

    def to_json(self) -> dict:
        return {"name": self.name, "title": self.title, "description": self.description,
                "params": [p.to_json() for p in self.params], "columns": list(self.columns),
                "tags": list(self.tags), "form": self.form, "query": self.text}


def load_catalogue(folder: Path | str = CATALOGUE_DIR) -> dict[str, StoredQuery]:
    """Every queries/*.rq as a StoredQuery, by name (the file name without .rq), sorted by name."""
    folder = Path(folder)
    if not folder.is_dir():
        raise CatalogueError(f"{folder}: no such catalogue folder")
    return {path.stem: StoredQuery.from_file(path) for path in sorted(folder.glob("*.rq"))}


def catalogue_markdown(catalogue: Mapping[str, StoredQuery]) -> str:
    """queries/README.md, generated from the headers (a test checks that it is up to date)."""
    lines = ["# Query catalogue", "",
             f"{len(catalogue)} analyst questions, one per file. Each file is a plain SPARQL query that runs as",
             "it is in any SPARQL 1.1 tool: a parameter is a `VALUES ?name { … }` block holding its default",
             "(`UNDEF` when optional, an example when required), which the runner fills with the value given.",
             "The header comments (title, description, parameters, columns, tags) are read by",
             "`policykg queries`, `policykg query NAME --param name=value` and the server's `/queries` API.",
             "This file is generated from those headers by `python -m graph.queries > queries/README.md`.",
             "", "| query | question | parameters | tags |", "|---|---|---|---|"]
    for name, query in catalogue.items():
        params = "<br>".join(_param_summary(p) for p in query.params) or "—"
        cells = [f"[`{name}`]({name}.rq)", f"**{query.title}** {query.description}".strip(), params,
                 ", ".join(query.tags)]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def _param_summary(param: Param) -> str:
    how = "required" if param.required else (f"default {param.default}" if param.default is not None else "optional")
    return f"`{param.name}` ({param.type}, {how})"


def _values_blocks(text: str, name: str) -> list[re.Match]:
    """The `VALUES ?name { … }` blocks of a query (outside comment lines)."""
    pattern = re.compile(rf"VALUES\s+[?$]{re.escape(name)}\s*\{{(?P<content>[^{{}}]*)\}}", re.IGNORECASE)
    found = []
    for match in pattern.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        if not text[line_start:match.start()].lstrip().startswith("#"):
            found.append(match)
    return found


def _values_term(text: str, content: str) -> Identifier | None:
    """The RDF term a VALUES block holds, read by a SPARQL parser (Oxigraph's, on an empty store) with the
    query's own prologue."""
    from . import store

    prologue = "\n".join(f"PREFIX {p}: <{iri}>" for p, iri in
                         {**{k: str(v) for k, v in PREFIXES.items()}, **dict(_PREFIX_DECL.findall(_strip_comment_lines(text)))}.items())
    try:
        rows = list(_empty_store().query(f"{prologue}\nSELECT ?v WHERE {{ VALUES ?v {{ {content} }} }}"))
    except SyntaxError:
        return None
    return store.to_rdflib(rows[0][0]) if len(rows) == 1 and rows[0][0] is not None else None


@lru_cache(maxsize=1)
def _empty_store():
    import pyoxigraph as ox

    return ox.Store()


@lru_cache(maxsize=1024)
def _stored_query(text: str, name: str, path: Path | None, strict: bool) -> "StoredQuery":
    return StoredQuery._from_text(text, name, path, strict=strict)


# ---------------------------------------------------------------- parsing and checking

_UPDATE_START = re.compile(
    r"^\s*(?:(?:BASE\s*<[^>]*>|PREFIX\s+[\w.-]*:\s*<[^>]*>)\s*)*"
    r"(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.IGNORECASE)


def _strip_comment_lines(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


# Strings, IRIs and comments: where a keyword is only text (graph/store.py writes terms around them too).
_OPAQUE_TOKEN = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
                           r'|<[^<>"{}|^`\\\s]*>|#[^\n]*')
_FORM = re.compile(r"\s*(?:(?:BASE\s*<>|PREFIX\s+[\w.-]*:\s*<>)\s*)*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
# What the algebra checks look at: SERVICE (refused), FROM (the dataset clause), REGEX (constant patterns).
_CHECKED_KEYWORDS = re.compile(r"\b(SERVICE|FROM|REGEX)\b", re.IGNORECASE)


def _without_opaque(text: str) -> str:
    """The text with strings, IRIs and comments emptied (IRIs as <>, strings as ""), so that a keyword
    found in what is left is one."""
    return _OPAQUE_TOKEN.sub(lambda m: "<>" if m.group(0).startswith("<") else ('""' if m.group(0)[0] in "\"'" else " "),
                             text)


def _needs_algebra(text: str) -> bool:
    return bool(_CHECKED_KEYWORDS.search(_without_opaque(text)))


def check_syntax(text: str) -> None:
    """QueryError unless the text parses as a SPARQL query. Oxigraph's parser (fast) decides; an error
    is reported with rdflib's located message when rdflib finds one too. A text naming SERVICE is parsed
    by prepare(), which refuses it, never handed to an engine."""
    if _needs_algebra(text):
        prepare(text)
        return
    try:
        _empty_store().query(text)
    except SyntaxError as exc:
        prepare(text)  # raises the located QueryError (an update, a syntax error at LINE, COLUMN)
        raise QueryError(f"syntax error: {exc}", kind="syntax") from None


def is_update(text: str) -> bool:
    """Whether the text is (or tries to be) a SPARQL Update request."""
    body = _strip_comment_lines(text)
    if not body.strip():
        return False
    if _UPDATE_START.match(body):
        return True
    try:
        parseUpdate(text)
    except Exception:  # noqa: BLE001 - any failure means: not an update
        return False
    return True


def prepare(text: str, base: str | None = None) -> Query:
    """Parse and translate a query; QueryError (with line and column for syntax errors) if it cannot
    be run here: a syntax error, an update, an unknown prefix, or a SERVICE clause."""
    if not _strip_comment_lines(text).strip():
        raise QueryError("the query is empty", kind="syntax", line=1, column=1)
    try:
        tree = parseQuery(text)
    except ParseBaseException as exc:
        if is_update(text):
            raise QueryError("SPARQL Update is not accepted: the dataset is read-only", kind="update") from None
        snippet = (exc.line or "").strip()
        raise QueryError(f"syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}"
                         + (f" — near: {snippet[:80]}" if snippet else ""),
                         kind="syntax", line=exc.lineno, column=exc.col) from None
    except Exception as exc:  # noqa: BLE001 - rdflib raises plain exceptions for some input
        raise QueryError(f"syntax error: {exc}", kind="syntax") from None
    if _DESCRIBE_ALL.search(_strip_comment_lines(text)):
        return prepare(_describe_variables(text), base)
    try:
        query = translateQuery(tree, base=base)
    except Exception as exc:  # noqa: BLE001
        message = str(exc)
        unknown = re.match(r"Unknown namespace prefix : (\S*)", message)
        if unknown:
            prefix = unknown.group(1)
            line, column = _locate(text, re.compile(rf"(?<![\w<#]){re.escape(prefix)}:"))
            raise QueryError(f"unknown prefix '{prefix}:' at line {line}, column {column}: declare it with "
                             f"PREFIX {prefix}: <…>", kind="syntax", line=line, column=column) from None
        raise QueryError(f"invalid query: {message}", kind="invalid") from None
    refuse_service(query)
    return query


_DESCRIBE_ALL = re.compile(r"\bDESCRIBE\s+\*", re.IGNORECASE)


def _describe_variables(text: str) -> str:
    """DESCRIBE * as DESCRIBE with every variable of the query (its meaning in SPARQL 1.1, 16.4),
    which rdflib cannot translate itself."""
    body = _strip_comment_lines(text)
    where = body[_DESCRIBE_ALL.search(body).end():]
    names = list(dict.fromkeys(re.findall(r"[?$]([A-Za-z_][A-Za-z0-9_]*)", where)))
    if not names:
        raise QueryError("DESCRIBE * names no variable: the query has no WHERE pattern with variables",
                         kind="invalid")
    return _DESCRIBE_ALL.sub("DESCRIBE " + " ".join(f"?{n}" for n in names), body, count=1)


def _locate(text: str, pattern: re.Pattern) -> tuple[int | None, int | None]:
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("#") or line.lstrip().upper().startswith("PREFIX"):
            continue
        match = pattern.search(line)
        if match:
            return number, match.start() + 1
    return None, None


def check_regex_patterns(query: Query) -> None:
    """A REGEX whose pattern is a constant that does not compile is the query's fault: a 400 on every
    engine (SPARQL would make it an error inside FILTER, silently false, so the query returns nothing)."""
    for node in _walk(query.algebra):
        if getattr(node, "name", None) == "Builtin_REGEX" and isinstance(node.get("pattern"), Literal):
            try:
                re.compile(str(node["pattern"]))
            except re.error as exc:
                raise QueryError(f"invalid regular expression «{node['pattern']}»: {exc}", kind="invalid") from None


def _walk(node) -> Iterator[CompValue]:
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, Mapping):
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from _walk(value)


def refuse_service(query: Query) -> None:
    """Refuse federated queries: any SERVICE clause in the algebra, EXISTS filters included."""
    for node in _walk(query.algebra):
        if node.name == "ServiceGraphPattern":
            target = node["term"] if "term" in node else ""
            raise QueryError(f"SERVICE is not allowed: this endpoint never calls other services (SERVICE {target})",
                             kind="service")


def query_form(query: Query) -> str:
    return {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT",
            "DescribeQuery": "DESCRIBE"}.get(query.algebra.name, query.algebra.name)


def with_dataset(query: Query, default_graphs=(), named_graphs=()) -> Query:
    """The query with the RDF dataset given by the protocol (default-graph-uri, named-graph-uri),
    which takes precedence over its FROM / FROM NAMED clauses."""
    if not default_graphs and not named_graphs:
        return query
    clause = [CompValue("DatasetClause", default=URIRef(g)) for g in default_graphs]
    clause += [CompValue("DatasetClause", named=URIRef(g)) for g in named_graphs]
    algebra = CompValue(query.algebra.name, **{**query.algebra, "datasetClause": clause})
    return Query(query.prologue, algebra)


def check_dataset_clause(query: Query, dataset: Dataset) -> None:
    """FROM / FROM NAMED may only name non-empty graphs of the dataset: rdflib would otherwise try
    to load the IRI from the web or the file system."""
    clause = query.algebra.get("datasetClause") or []
    if not clause:
        return
    known = graph_names(dataset)
    for item in clause:
        iri = item["default"] if "default" in item else item["named"]
        if str(iri) not in known:
            raise QueryError(f"the dataset has no graph <{iri}> (FROM, FROM NAMED, default-graph-uri and "
                             f"named-graph-uri may name only: {', '.join(sorted(known))})", kind="dataset")


# ---------------------------------------------------------------- the dataset

def dataset_path(build_dir: Path | str = DEFAULT_OUT) -> Path:
    return Path(build_dir) / DATASET_FILE


def description_path(build_dir: Path | str = DEFAULT_OUT) -> Path:
    """rdf/description.ttl (or rdf/dataset.ttl, the name graph.describe.write_description gives it)."""
    path = Path(build_dir) / DESCRIPTION_FILE
    fallback = Path(build_dir) / "rdf" / "dataset.ttl"
    return fallback if not path.is_file() and fallback.is_file() else path


def is_inferred_graph(name) -> bool:
    return str(name).endswith("/" + INFERRED_GRAPH)


def load_graph(build_dir: Path | str = DEFAULT_OUT, *, inferred: bool = True, in_memory: bool = False) -> Dataset:
    """The built dataset (build/store, or rdf/dataset.trig) as an rdflib Dataset over Oxigraph
    (graph/store.py); queries see the union of its named graphs, the inferred graph included unless
    `inferred` is False; `in_memory`: the store copied into memory."""
    from . import store

    if not store.has_dataset(build_dir):
        path = dataset_path(build_dir)
        raise DatasetMissing(f"no dataset at {path}: build it first with `policykg build --out {Path(build_dir)}`")
    dataset = store.open_dataset(build_dir, inferred=inferred, in_memory=in_memory)
    bind_prefixes(dataset, detect_base(dataset))
    return dataset


_RDFLIB_DEFAULT_GRAPH = "urn:x-rdflib:default"


def graph_names(dataset: Dataset) -> list[str]:
    """The names of the dataset's named graphs, sorted (empty graphs and rdflib's default graph left out).
    Each graph is asked for one triple, never counted: counting every graph of a 1,000-document store
    took 37 s, and every `policykg query` paid it."""
    from .store import native

    held = native(dataset)
    if held is not None:
        names = (g.value for g in held.named_graphs()
                 if next(held.quads_for_pattern(None, None, None, g), None) is not None)
    else:
        names = (str(g.identifier) for g in dataset.graphs()
                 if next(iter(g.triples((None, None, None))), None) is not None)
    return sorted(name for name in names if name != _RDFLIB_DEFAULT_GRAPH)


_GRAPH_NAME = re.compile(r"^(?P<base>.+/)graph/(?:inferred|reference|ontology|document/.+)$")


def detect_base(dataset: Dataset) -> str:
    """The base IRI the dataset was built with, read from its graph names ({base}graph/…)."""
    for name in graph_names(dataset):
        match = _GRAPH_NAME.match(name)
        if match:
            return match["base"]
    return DEFAULT_BASE


# ---------------------------------------------------------------- running

def run(query: StoredQuery | Query | str, dataset: Dataset, params: Mapping[str, str] | None = None, *,
        default_graphs=(), named_graphs=(), text: str | None = None, base: str | None = None) -> Result:
    """Run a query (a StoredQuery, query text — whose header may declare parameters — or a prepared
    Query) with its parameters bound (VALUES blocks, else initial bindings); relative IRIs in the text
    resolve against `base` (the endpoint and the CLI give the dataset's). Raises QueryError / ParameterError.

    SELECT results are evaluated lazily: iterate with `results.solutions()` or write them with
    `results.serialize()`, which turn evaluation errors into QueryError too.
    """
    if isinstance(query, Query):
        prepared, bindings = query, {}
        if params:
            raise ParameterError(next(iter(params)), "a prepared query takes no parameters")
    else:
        stored = query if isinstance(query, StoredQuery) else StoredQuery.from_text(query)
        text, bindings = stored.text_for(stored.bindings(params))  # a prepared query's text: the caller's
        fast = _run_native(stored, text, bindings, dataset, base) if not default_graphs and not named_graphs else None
        if fast is not None:
            return fast
        prepared = stored.prepared if text == stored.text and base is None else _prepare_filled(text, base)
    prepared = with_dataset(prepared, default_graphs, named_graphs)
    check_dataset_clause(prepared, dataset)
    check_regex_patterns(prepared)
    try:
        return _evaluate(dataset, prepared, text, bindings, default_graphs, named_graphs, base)
    except (QueryError, ResultTooLarge):
        raise
    except Exception as exc:  # noqa: BLE001 - rdflib raises many kinds
        raise engine_error(exc) from None


def _run_native(stored: StoredQuery, text: str, bindings, dataset, base) -> Result | None:
    """The stored query on Oxigraph without rdflib's parse of the filled-in text: the checks that need
    rdflib's algebra are made once per query (`StoredQuery.checked`), and filling VALUES blocks with
    terms changes none of them. None when this path does not apply (an rdflib dataset, FROM clauses)."""
    from . import store

    native = store.native(dataset)
    if native is None:
        return None
    checked = stored.checked
    if checked is not None and checked.algebra.get("datasetClause"):
        return None
    try:
        return store.query(native, text, bindings=bindings, base=base, union_store=store.union_of(dataset))
    except SyntaxError as exc:  # said with rdflib's line and column when it finds the error too
        prepare(text, base)
        raise QueryError(f"syntax error: {exc}", kind="syntax") from None
    except (QueryError, ResultTooLarge):
        raise
    except Exception as exc:  # noqa: BLE001 - the engine raises many kinds
        raise engine_error(exc) from None


@lru_cache(maxsize=512)
def _prepare_filled(text: str, base: str | None) -> Query:
    """prepare() of a filled-in catalogue text, kept: parsing costs more than most catalogue queries take."""
    return prepare(text, base)


def engine_error(exc: Exception) -> QueryError:
    """A short QueryError for an exception the engine raised while evaluating: a bad regular expression
    is the query's fault (400); anything else is a query this engine cannot evaluate (422), said
    without the engine's internals (rdflib's messages can dump its parse tree)."""
    if isinstance(exc, QueryError):
        return exc
    if isinstance(exc, re.error):
        return QueryError(f"invalid regular expression: {exc}", kind="invalid")
    return QueryError("the query engine (rdflib) cannot evaluate this query: a valid query may combine "
                      f"features it does not support (such as EXISTS inside an aggregate) [{type(exc).__name__}]",
                      kind="unsupported")


def evaluate(dataset: Dataset, prepared: Query, bindings: Mapping[str, Identifier]) -> Result:
    """The engine call, in one place: rdflib's evaluation of a prepared query over the dataset.
    `bindings`: values of parameters that have no VALUES block (queries outside the catalogue)."""
    result = dataset.query(prepared, initBindings=dict(bindings))
    if result.type == "SELECT" and _groups_explicitly(prepared):
        # rdflib makes one group, with nothing bound, of an empty input to GROUP BY; SPARQL makes none
        result.bindings = [row for row in result.bindings if any(v is not None for v in row.values())]
    return result


def _groups_explicitly(query: Query) -> bool:
    return any(node.name == "Group" and node.get("expr") for node in _walk(query.algebra))


def _evaluate(dataset, prepared: Query, text: str | None, bindings, default_graphs, named_graphs, base=None):
    """The engine: Oxigraph's when the dataset lives in an Oxigraph store (graph/store.py), rdflib's otherwise."""
    from . import store

    native = store.native(dataset)
    if native is not None and text is not None:
        return store.query(native, text, bindings=bindings, default_graphs=default_graphs,
                           named_graphs=named_graphs, union=not prepared.algebra.get("datasetClause"), base=base,
                           union_store=store.union_of(dataset))
    return evaluate(dataset, prepared, bindings)


def run_and_serialize(query, dataset: Dataset, fmt: str, params=None, *, max_rows: int | None = None,
                      prefixes: Mapping[str, str] | None = None, **dataset_options) -> bytes:
    """run() and write the result; evaluation errors surface as QueryError."""
    result = run(query, dataset, params, **dataset_options)
    try:
        return serialize(result, fmt, max_rows=max_rows, prefixes=prefixes)
    except (QueryError, ResultTooLarge, FormatError):
        raise
    except Exception as exc:  # noqa: BLE001
        raise engine_error(exc) from None


def display_prefixes(dataset: Dataset | None = None, query: StoredQuery | None = None) -> dict[str, str]:
    """Prefixes for compact output: the project's, the dataset's base as `id:`, and the query's own."""
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    if dataset is not None:
        prefixes["id"] = detect_base(dataset)
    if query is not None:
        prefixes.update(query.prefixes)
    return prefixes


if __name__ == "__main__":  # python -m graph.queries > queries/README.md
    print(catalogue_markdown(load_catalogue()), end="")
