"""A cell's text from its printed pieces.

HTML, DOCX and markdown keep cells as their authors wrote them: only white space is
collapsed («В соответ- ствии» stays as published). Typeset formats — PDF, pseudographic
text tables, collapsed ones — broke lines (and words) where the page did, so a word broken
by a hyphen at a line end is rejoined, by the document's own words (`Words`).
"""
from __future__ import annotations

import bisect
import re

# Formats whose cells break lines (and words) where the page did, not where the author did.
TYPESET = ("pseudographic", "collapsed", "pdf")


class Words:
    """The document's own words, to tell a word broken at a line end from a compound.

    «укреп-/лению» is rejoined without the hyphen because the document prints words
    starting «укрепле…» elsewhere; «кресла-/ми-колясками» keeps it because the document
    prints a compound starting «кресла-» elsewhere. Otherwise the hyphen is taken for a
    line break (most are).
    """

    def __init__(self, texts):
        self.words = sorted({w.lower() for text in texts
                             for w in re.findall(r"[А-Яа-яЁё]{3,}(?:-(?!\n)[А-Яа-яЁё]+)*", text)})

    def has_prefix(self, prefix: str) -> bool:
        i = bisect.bisect_left(self.words, prefix)
        return i < len(self.words) and self.words[i].startswith(prefix)

    def rejoin(self, left: str, right: str) -> str:
        """The word a line-break hyphen split into `left`- and `right`."""
        if not right[:1].islower():
            return f"{left}-{right}"
        joined = (left + right).lower()
        if self.has_prefix(joined[: len(left) + min(3, len(right))]):
            return left + right
        if self.has_prefix(f"{left}-".lower()):
            return f"{left}-{right}"
        return left + right


NO_WORDS = Words(())


def cell_text(parts: list[str], fmt: str, words: Words = NO_WORDS) -> str:
    """A cell's text from its printed pieces; in typeset formats a word broken at a line end is rejoined."""
    text = "\n".join(p for p in parts if p and p.strip())
    if fmt in TYPESET:
        text = re.sub(r"(\w+)-[ \t]*\n[ \t]*(\w+)", lambda m: words.rejoin(m.group(1), m.group(2)), text)
    return " ".join(text.split())  # as printed: only white space is collapsed
