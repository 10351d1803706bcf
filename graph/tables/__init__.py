"""Input formats → one document model (graph/tables/model.py).

`load(source)` recognises the format by content (graph/tables/detect.py) and hands the
file to its front end: html.py, markdown.py (with pseudographic.py), docx.py, pdf.py or
tsv.py. Each front end is imported only when a file needs it.
"""
from __future__ import annotations

import dataclasses
import re

from pathlib import Path

from ..errors import SourceError
from ..sources import Source, read_source
from .model import Block, Cell, Document, Paragraph, Position, Row, Table

__all__ = ["load", "Block", "Cell", "Document", "Paragraph", "Position", "Row", "Table"]

_NAMES = {"pdf": "PDF", "docx": "DOCX", "html": "HTML page", "markdown": "markdown/text document", "tsv": "tab-separated text"}


def load(source: Source | str | Path, *, require_table: bool = True) -> Document:
    """The document's blocks, whatever its format; a SourceError naming the file when it holds no table
    (unless `require_table` is false)."""
    if not isinstance(source, Source):
        source = read_source(source)
    from .detect import detect

    kind = detect(source)
    path = str(source.path)
    try:
        document = _read(kind, source, path)
    except SourceError:
        raise
    except Exception as exc:  # a damaged file the library cannot read: say which and why
        raise SourceError(path, f"cannot read this {_NAMES[kind]}: {type(exc).__name__}: {exc}") from exc
    for k, paragraph in enumerate(document.paragraphs, 1):  # a position every format has (graph/accounting.py)
        paragraph.position = dataclasses.replace(paragraph.position, paragraph=k)
    if source.encoding_note:
        document.notes.insert(0, source.encoding_note)
    if require_table and not document.tables:
        spaced = _space_separated_rows(source) if source.kind == "text" else []
        if spaced:
            raise SourceError(path, f"the table has no tab-separated columns: {len(spaced)} lines separate their "
                                    "cells by runs of spaces (put one tab between cells)", spaced[0])
        raise SourceError(path, f"no table in this {_NAMES[kind]} ({len(document.paragraphs)} paragraphs of text, no table)")
    return document


_SPACE_RUN = re.compile(r"\S(?: {2,}|\u00a0{2,})\S")


def _space_separated_rows(source: Source) -> list[int]:
    """Lines that look like table rows whose tabs became spaces: three or more cells apart by runs of
    spaces, in at least three lines (a text table typed or copied without its tabs)."""
    found = [n for n, line in enumerate(source.lines, 1) if "\t" not in line and len(_SPACE_RUN.findall(line)) >= 2]
    return found if len(found) >= 3 else []


def _read(kind: str, source: Source, path: str) -> Document:
    if kind == "pdf":
        from .pdf import read_pdf
        return read_pdf(source.data, path=path)
    if kind == "docx":
        from .docx import read_docx
        return read_docx(source.data, path=path)
    if kind == "html":
        from .html import read_page
        return read_page(source.text, path=path)
    if kind == "tsv":
        from .tsv import read_tsv
        return read_tsv(source.lines, path=path)
    from .markdown import read_markdown
    return read_markdown(source.lines, path=path)
