"""Which front end reads a source: decided by its content, the file name only breaking ties."""
from __future__ import annotations

import re

from ..sources import Source
from . import pseudographic

_HTML_PAGE = re.compile(r"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])",
                        re.IGNORECASE | re.DOTALL)
_TABLE_LINE = re.compile(r"^\s*<table[\s>]", re.IGNORECASE)
_MARKDOWN_LINE = re.compile(r"^\s*(#{1,6}\s|>|```|~~~|\*\*)")
_SAMPLE = 400  # lines looked at for the text kinds


def detect(source: Source) -> str:
    """'pdf', 'docx', 'html' (a page), 'markdown' (also text with pseudographic tables) or 'tsv'."""
    if source.kind in ("pdf", "docx"):
        return source.kind
    head = "\n".join(source.lines[:50])
    if _HTML_PAGE.match(head.lstrip("\ufeff")):
        return "html"
    sample = [line for line in source.lines[:_SAMPLE] if line.strip()]
    if any(_TABLE_LINE.match(line) for line in source.lines):
        return "markdown"
    tabbed = sum("\t" in line for line in sample)
    if sample and tabbed >= max(3, len(sample) // 4):
        return "tsv"
    if any(_MARKDOWN_LINE.match(line) for line in sample) or pseudographic.find_tables(source.lines):
        return "markdown"
    if source.path.suffix.lower() in (".htm", ".html", ".xhtml"):
        return "html"
    return "tsv" if tabbed else "markdown"
