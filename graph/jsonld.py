"""JSON-LD that stands alone: a document whose `@context` is written inline, so that any JSON-LD
processor (pyld, Oxigraph, a browser's jsonld.js) reads every triple from the file alone — a relative
context IRI such as "context.jsonld" cannot be resolved without a base, and a remote one needs the
network.

`serialize(graph, context)` compacts the graph against `context` (a dict: prefixes and terms, as
graph.exports.jsonld_context makes it) and writes that context into the document.
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
    return (json.dumps(document(graph, context), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
