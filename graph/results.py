"""Query results in the W3C formats, and content negotiation between them.

SELECT and ASK results are written by hand, exactly per the specs, because rdflib's writers differ
from them in details: iterating an rdflib Result drops solutions that bind no variable (the spec
keeps them as rows), rdflib has no TSV writer, and its CSV writer materialises every row.

- JSON: SPARQL 1.1 Query Results JSON Format (application/sparql-results+json)
- XML:  SPARQL Query Results XML Format, Second Edition (application/sparql-results+xml)
- CSV and TSV: SPARQL 1.1 Query Results CSV and TSV Formats. CSV writes plain values (IRIs and
  lexical forms; blank nodes as ``_:label``), a header of variable names, CRLF line ends. TSV writes
  every term in N-Triples syntax (``<iri>``, ``"text"@ru``, ``"5"^^<…#integer>``), a header of
  ``?name``s, LF line ends; an unbound variable is an empty field in both.
- ASK in CSV/TSV is not defined by the spec; like Apache Jena we write one column ``_askResult``.

CONSTRUCT and DESCRIBE graphs are written with rdflib's serializers (Turtle, N-Triples, JSON-LD,
RDF/XML). ``table`` is a plain-text table for people, never for machines.
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from typing import Iterable, Iterator, Mapping, Sequence

from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.query import Result

from .errors import PolicyKGError


class ResultTooLarge(PolicyKGError):
    """The result has more rows (or triples) than the limit allows."""

    def __init__(self, limit: int, unit: str = "rows"):
        self.limit = limit
        super().__init__(f"the result has more than {limit} {unit}, the limit; "
                         "narrow the query or page through it with LIMIT and OFFSET")


class FormatError(PolicyKGError):
    """A result format that does not exist or does not fit the query form."""


@dataclass(frozen=True)
class Format:
    name: str          # our short name: json, xml, csv, tsv, table, turtle, nt, jsonld, rdfxml
    media_type: str    # the registered media type
    forms: frozenset   # query forms it can carry: SELECT/ASK or CONSTRUCT/DESCRIBE
    extension: str
    charset: bool = False  # text/* types get "; charset=utf-8"

    @property
    def content_type(self) -> str:
        return self.media_type + ("; charset=utf-8" if self.charset else "")


_TABULAR = frozenset({"SELECT", "ASK"})
_GRAPH = frozenset({"CONSTRUCT", "DESCRIBE"})

FORMATS: dict[str, Format] = {f.name: f for f in [
    Format("json", "application/sparql-results+json", _TABULAR, "json"),
    Format("xml", "application/sparql-results+xml", _TABULAR, "xml"),
    Format("csv", "text/csv", _TABULAR, "csv", True),
    Format("tsv", "text/tab-separated-values", _TABULAR, "tsv", True),
    Format("table", "text/plain", _TABULAR | _GRAPH, "txt", True),
    Format("turtle", "text/turtle", _GRAPH, "ttl", True),
    Format("nt", "application/n-triples", _GRAPH, "nt"),
    Format("jsonld", "application/ld+json", _GRAPH, "jsonld"),
    Format("rdfxml", "application/rdf+xml", _GRAPH, "rdf"),
]}

# Names people and clients use for formats (SPARQLWrapper sends format=json|xml|csv|tsv|turtle|n3|
# json-ld|rdf+xml, or a media type). "xml" and "json" depend on the query form.
_ALIASES = {
    "srj": "json", "sparql-results+json": "json", "application/json": "json",
    "srx": "xml", "sparql-results+xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv", "txt": "table", "text": "table",
    "ttl": "turtle", "n3": "turtle", "text/n3": "turtle", "application/turtle": "turtle",
    "application/x-turtle": "turtle",
    "ntriples": "nt", "n-triples": "nt", "text/plain": "nt",
    "json-ld": "jsonld", "application/x-json+ld": "jsonld",
    "rdf": "rdfxml", "rdf+xml": "rdfxml", "owl": "rdfxml",
}
_BY_MEDIA_TYPE = {f.media_type: f.name for f in FORMATS.values() if f.name != "table"}


def format_for(name: str, form: str) -> Format | None:
    """The format a name, extension or media type means for a query form, or None."""
    key = name.strip().lower().split(";")[0].strip()
    if key in ("xml", "application/xml", "text/xml"):
        key = "xml" if form in _TABULAR else "rdfxml"
    elif key == "json":
        key = "json" if form in _TABULAR else "jsonld"
    else:
        key = _BY_MEDIA_TYPE.get(key) or _ALIASES.get(key, key)
    fmt = FORMATS.get(key)
    return fmt if fmt is not None and form in fmt.forms else None


def formats_for(form: str, *, machine_only: bool = True) -> list[Format]:
    """Formats a query form can be written in, the default first."""
    return [f for f in FORMATS.values() if form in f.forms and not (machine_only and f.name == "table")]


# ---------------------------------------------------------------- content negotiation

def parse_accept(header: str | None) -> list[tuple[str, float, int]]:
    """An Accept header as (media range, q, position); malformed entries are skipped."""
    ranges = []
    for position, part in enumerate((header or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media or "/" not in media:
            continue
        q = 1.0
        for param in fields[1:]:
            if param.lower().startswith("q="):
                try:
                    q = max(0.0, min(1.0, float(param[2:])))
                except ValueError:
                    q = 0.0
        ranges.append((media, q, position))
    return ranges


def negotiate(header: str | None, offers: Sequence[str]) -> str | None:
    """The offered media type the Accept header prefers (RFC 9110 §12.5.1), or None.

    No header, or an empty one, accepts anything: the first offer. Among equal q values the more
    specific range wins, then the client's order, then the order of `offers`.
    """
    ranges = parse_accept(header)
    if not (header or "").strip():
        return offers[0] if offers else None
    best, best_key = None, None
    for rank, offer in enumerate(offers):
        main = offer.split("/")[0]
        match = None
        for media, q, position in ranges:
            if media == offer:
                specificity = 2
            elif media == main + "/*":
                specificity = 1
            elif media == "*/*":
                specificity = 0
            else:
                continue
            key = (specificity, -position)
            if match is None or key > match[0]:
                match = (key, q)
        if match is None or match[1] <= 0:
            continue
        key = (match[1], match[0][0], match[0][1], -rank)
        if best_key is None or key > best_key:
            best, best_key = offer, key
    return best


# ---------------------------------------------------------------- solutions

def solutions(result: Result) -> Iterator[Mapping[Variable, object]]:
    """Every solution of a SELECT result, lazily, including those that bind no variable.

    (Iterating an rdflib Result skips empty solutions; the SPARQL results formats keep them.)
    """
    pending = getattr(result, "_genbindings", None)
    if pending is not None:
        result._genbindings = None
        yield from pending
    else:
        yield from result.bindings


def limited(rows: Iterable, max_rows: int | None, unit: str = "rows") -> Iterator:
    for count, row in enumerate(rows, 1):
        if max_rows is not None and count > max_rows:
            raise ResultTooLarge(max_rows, unit)
        yield row


class _BNodeLabels:
    """Blank node labels scoped to one result document: b0, b1, …"""

    def __init__(self):
        self.labels: dict[BNode, str] = {}

    def __call__(self, node: BNode) -> str:
        return self.labels.setdefault(node, f"b{len(self.labels)}")


# ---------------------------------------------------------------- term syntax

_NT_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NT_SPECIAL = re.compile(r'[\\"\x00-\x1f\x7f]')
_IRI_SPECIAL = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def nt_string(text: str) -> str:
    """A quoted N-Triples string: ECHARs for the usual escapes, \\uXXXX for other controls."""
    return '"' + _NT_SPECIAL.sub(lambda m: _NT_ESCAPES.get(m.group(), f"\\u{ord(m.group()):04X}"), text) + '"'


def nt_iri(iri: str) -> str:
    return "<" + _IRI_SPECIAL.sub(lambda m: f"\\u{ord(m.group()):04X}", iri) + ">"


def nt_term(term, bnode_label=None) -> str:
    """A term in N-Triples syntax (the TSV results format writes terms this way)."""
    if isinstance(term, URIRef):
        return nt_iri(str(term))
    if isinstance(term, BNode):
        return "_:" + (bnode_label(term) if bnode_label else str(term))
    if isinstance(term, Literal):
        text = nt_string(str(term))
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{text}^^{nt_iri(str(term.datatype))}"
        return text
    raise FormatError(f"not an RDF term: {term!r}")


# ---------------------------------------------------------------- SELECT / ASK writers

def _var_names(result: Result) -> list[str]:
    return [str(v) for v in (result.vars or [])]


def write_json(result: Result, max_rows: int | None = None) -> bytes:
    if result.type == "ASK":
        return json.dumps({"head": {}, "boolean": bool(result.askAnswer)}).encode()
    names = _var_names(result)
    label = _BNodeLabels()
    bindings = []
    for row in limited(solutions(result), max_rows):
        out = {}
        for name in names:
            term = row.get(Variable(name))
            if term is None:
                continue
            if isinstance(term, URIRef):
                out[name] = {"type": "uri", "value": str(term)}
            elif isinstance(term, BNode):
                out[name] = {"type": "bnode", "value": label(term)}
            else:
                value = {"type": "literal", "value": str(term)}
                if term.language:
                    value["xml:lang"] = term.language
                elif term.datatype is not None:
                    value["datatype"] = str(term.datatype)
                out[name] = value
        bindings.append(out)
    document = {"head": {"vars": names}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


# XML 1.0 cannot carry most C0 controls, even as character references: they become U+FFFD.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    text = _XML_ILLEGAL.sub("\ufffd", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _xml_attr(text: str) -> str:
    return '"' + _xml_text(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;") + '"'


def write_xml(result: Result, max_rows: int | None = None) -> bytes:
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n']
    if result.type == "ASK":
        out.append("  <head/>\n  <boolean>%s</boolean>\n</sparql>\n" % ("true" if result.askAnswer else "false"))
        return "".join(out).encode("utf-8")
    names = _var_names(result)
    out.append("  <head>\n")
    out += [f"    <variable name={_xml_attr(n)}/>\n" for n in names]
    out.append("  </head>\n  <results>\n")
    label = _BNodeLabels()
    for row in limited(solutions(result), max_rows):
        out.append("    <result>\n")
        for name in names:
            term = row.get(Variable(name))
            if term is None:
                continue
            if isinstance(term, URIRef):
                value = f"<uri>{_xml_text(str(term))}</uri>"
            elif isinstance(term, BNode):
                value = f"<bnode>{label(term)}</bnode>"
            elif term.language:
                value = f'<literal xml:lang={_xml_attr(term.language)}>{_xml_text(str(term))}</literal>'
            elif term.datatype is not None:
                value = f"<literal datatype={_xml_attr(str(term.datatype))}>{_xml_text(str(term))}</literal>"
            else:
                value = f"<literal>{_xml_text(str(term))}</literal>"
            out.append(f"      <binding name={_xml_attr(name)}>{value}</binding>\n")
        out.append("    </result>\n")
    out.append("  </results>\n</sparql>\n")
    return "".join(out).encode("utf-8")


def write_csv(result: Result, max_rows: int | None = None) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if result.type == "ASK":
        writer.writerows([["_askResult"], ["true" if result.askAnswer else "false"]])
        return buffer.getvalue().encode("utf-8")
    names = _var_names(result)
    writer.writerow(names)
    label = _BNodeLabels()

    def plain(term) -> str:
        if term is None:
            return ""
        if isinstance(term, BNode):
            return "_:" + label(term)
        return str(term)

    for row in limited(solutions(result), max_rows):
        writer.writerow([plain(row.get(Variable(n))) for n in names])
    return buffer.getvalue().encode("utf-8")


def write_tsv(result: Result, max_rows: int | None = None) -> bytes:
    if result.type == "ASK":
        return ("?_askResult\n" + ("true" if result.askAnswer else "false") + "\n").encode("utf-8")
    names = _var_names(result)
    lines = ["\t".join("?" + n for n in names)]
    label = _BNodeLabels()
    for row in limited(solutions(result), max_rows):
        terms = (row.get(Variable(n)) for n in names)
        lines.append("\t".join("" if t is None else nt_term(t, label) for t in terms))
    return ("\n".join(lines) + "\n").encode("utf-8")


# ---------------------------------------------------------------- CONSTRUCT / DESCRIBE writers

_RDFLIB_FORMAT = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "rdfxml": "xml"}


def write_graph(graph: Graph, fmt: str, max_triples: int | None = None,
                prefixes: Mapping[str, str] | None = None) -> bytes:
    if max_triples is not None and len(graph) > max_triples:
        raise ResultTooLarge(max_triples, "triples")
    if fmt == "nt":
        # one triple a line, sorted so that output is stable
        lines = sorted(" ".join(nt_term(t) for t in triple) + " .\n" for triple in graph)
        return "".join(lines).encode("utf-8")
    out = Graph()
    for prefix, namespace in (prefixes or {}).items():
        out.bind(prefix, namespace, override=True)
    for triple in graph:
        out.add(triple)
    if fmt == "jsonld":
        context = {p: str(ns) for p, ns in (prefixes or {}).items()}
        data = out.serialize(format="json-ld", context=context, auto_compact=bool(context))
    else:
        data = out.serialize(format=_RDFLIB_FORMAT[fmt])
    return data.encode("utf-8") if isinstance(data, str) else data


# ---------------------------------------------------------------- plain text

def compact(term, prefixes: Mapping[str, str] | None = None) -> str:
    """A short human form of a term: prefixed name, or text of a literal."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        iri = str(term)
        best = None
        for prefix, namespace in (prefixes or {}).items():
            ns = str(namespace)
            if ns and iri.startswith(ns) and len(iri) > len(ns) and (best is None or len(ns) > len(best[1])):
                best = (prefix, ns)
        return f"{best[0]}:{iri[len(best[1]):]}" if best else f"<{iri}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def write_table(result: Result, max_rows: int | None = None, prefixes: Mapping[str, str] | None = None,
                width: int = 60, show: int | None = None) -> bytes:
    if result.type == "ASK":
        return (("yes" if result.askAnswer else "no") + "\n").encode("utf-8")
    if result.type in _GRAPH:
        header = ["subject", "predicate", "object"]
        rows = [[compact(t, prefixes) for t in triple] for triple in limited(sorted(result.graph), max_rows, "triples")]
    else:
        header = _var_names(result)
        rows = [[compact(row.get(Variable(n)), prefixes) for n in header]
                for row in limited(solutions(result), max_rows)]
    if show is not None and len(rows) > show:  # the first `show` rows, and how many were left out
        text = render_table(header, rows[:show], width=width)
        return (text + f"… {len(rows) - show} more rows of {len(rows)} (--max-rows; CSV, TSV and JSON "
                       f"hold them all)\n").encode("utf-8")
    return render_table(header, rows, width=width).encode("utf-8")


def render_table(header: list[str], rows: list[list[str]], width: int = 60) -> str:
    def cell(text: str) -> str:
        text = " ".join(text.split())
        return text if len(text) <= width else text[: width - 1] + "…"

    rows = [[cell(c) for c in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]
    line = lambda cells: " | ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    out = [line(header), "-+-".join("-" * w for w in widths)] + [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- entry point

def serialize(result: Result, fmt: str | Format, *, max_rows: int | None = None,
              prefixes: Mapping[str, str] | None = None, width: int = 60, show: int | None = None) -> bytes:
    """The result written in `fmt` (a Format or a name valid for the result's query form).

    Raises ResultTooLarge past `max_rows` rows (SELECT) or triples (CONSTRUCT/DESCRIBE), and
    FormatError for a format the query form cannot be written in.
    """
    form = result.type
    chosen = fmt if isinstance(fmt, Format) else format_for(fmt, form)
    if chosen is None or form not in chosen.forms:
        names = ", ".join(f.name for f in formats_for(form, machine_only=False))
        raise FormatError(f"format {getattr(fmt, 'name', fmt)!r} cannot carry a {form} result; use one of: {names}")
    if chosen.name == "table":  # (width: a cell's characters; show: rows shown — the table format only)
        return write_table(result, max_rows, prefixes, width=width, show=show)
    if form in _GRAPH:
        return write_graph(result.graph, chosen.name, max_rows, prefixes)
    writer = {"json": write_json, "xml": write_xml, "csv": write_csv, "tsv": write_tsv}[chosen.name]
    return writer(result, max_rows)


__all__ = ["FORMATS", "Format", "FormatError", "ResultTooLarge", "compact", "format_for", "formats_for",
           "negotiate", "nt_term", "parse_accept", "render_table", "serialize", "solutions"]
