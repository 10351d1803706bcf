"""Readers: one per document layout, chosen by looking at the content."""
from __future__ import annotations

from ..errors import SourceError
from ..sources import Source
from . import grantplan, roadmap
from .context import ReadContext

READERS = (roadmap, grantplan)


def detect_layout(source: Source):
    """The reader module whose layout the document has; a SourceError if none fits."""
    found = [reader for reader in READERS if reader.matches(source)]
    if not found:
        raise SourceError(
            source.path,
            "unknown layout: expected a roadmap (a table «№ | Мероприятие | Срок исполнения | "
            "Ответственные исполнители») or a grant plan (a table with «Территория реализации» "
            "and «Макс. сумма гранта»)")
    return found[0]


def read_document(source: Source, context: ReadContext):
    """Read a document with the reader of its layout."""
    return detect_layout(source).read(source, context)


__all__ = ["READERS", "ReadContext", "detect_layout", "read_document"]
