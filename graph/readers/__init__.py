"""Readers: one per document layout, chosen by looking at the content.

The two tab-separated layouts of the bundled examples (roadmap, grant plan) keep
their own readers; every other plan — HTML, markdown, DOCX, PDF, pseudographic
or tab-separated text in any column order — is read by the action-plan reader
over the document model of graph/tables/.
"""
from __future__ import annotations

from ..sources import Source
from . import actionplan, grantplan, roadmap
from .context import ReadContext

READERS = (roadmap, grantplan)


def detect_layout(source: Source):
    """The reader module whose layout the document has: a bundled layout, else the action-plan reader."""
    if source.lines:
        found = [reader for reader in READERS if reader.matches(source)]
        if found:
            return found[0]
    return actionplan


def read_document(source: Source, context: ReadContext):
    """Read a document with the reader of its layout."""
    return detect_layout(source).read(source, context)


__all__ = ["READERS", "ReadContext", "detect_layout", "read_document"]
