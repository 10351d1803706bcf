"""JSON-LD that stands alone: a document whose `@context` is written inline, so that any JSON-LD
processor (pyld, Oxigraph, a browser's jsonld.js) reads every triple from the file alone — a relative
context IRI such as "context.jsonld" cannot be resolved without a base, and a remote one needs the
network.

`serialize(graph, context)` compacts the graph against `context` (a dict: prefixes and terms, as
graph.exports.jsonld_context makes it) and writes that context into the document. `merged(documents)`
joins compacted documents that share one context into one (their node objects side by side in
`@graph`: a node that two of them describe appears twice, which JSON-LD reads as one node) —
so `all.jsonld` is asserted + inferred without compacting every triple a second time.
"""
from __future__ import annotations

import json

from rdflib import Graph


def document(graph: Graph, context: dict) -> dict:
    """The graph as a compacted JSON-LD document with `context` inline."""
    compacted = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    if isinstance(compacted, list):  # an empty graph serialises as []
        compacted = {"@graph": compacted}
    compacted["@context"] = context
    return compacted


def serialize(graph: Graph, context: dict) -> bytes:
    """document() as UTF-8 JSON, indented."""
    return dumps(document(graph, context))


def dumps(compacted: dict) -> bytes:
    """UTF-8 JSON: the context indented, then one node object a line — json's C encoder writes a line at
    a time, where `indent` over the whole document runs its pure-Python encoder (seconds at scale)."""
    if set(compacted) != {"@context", "@graph"}:
        return (json.dumps(compacted, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    nodes = compacted["@graph"]
    return head(compacted["@context"], not nodes) + node_lines(nodes) + foot(not nodes)


def head(context: dict, empty: bool = False) -> bytes:
    """What dumps() writes before the first node object (`empty`: a document with none)."""
    context = json.dumps(context, ensure_ascii=False, indent=2).replace("\n", "\n  ")
    return f'{{\n  "@context": {context},\n  "@graph": {"[]" if empty else "[" + chr(10) + "    "}'.encode("utf-8")


def foot(empty: bool = False) -> bytes:
    """What dumps() writes after the last node object."""
    return b"\n}\n" if empty else b"\n  ]\n}\n"


def node_lines(nodes: list) -> bytes:
    """Node objects as dumps() writes them between head() and foot(): one a line."""
    return ",\n    ".join(json.dumps(node, ensure_ascii=False) for node in nodes).encode("utf-8")


def merged(documents: list[dict], context: dict) -> dict:
    """One document holding every node object of `documents` (each compacted against `context`)."""
    return {"@context": context, "@graph": [node for d in documents for node in _nodes(d)]}


def _nodes(compacted: dict) -> list:
    """The top-level node objects of a compacted document (one node compacts to the document itself)."""
    if "@graph" in compacted:
        return list(compacted["@graph"])
    node = {k: v for k, v in compacted.items() if k != "@context"}
    return [node] if node else []
