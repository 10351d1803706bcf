"""Characters XML 1.0 cannot carry, and the rule for them.

XML 1.0 (§2.2 Char) allows only tab, line feed, carriage return, U+0020–U+D7FF, U+E000–U+FFFD and
U+10000–U+10FFFF — not even as character references. N-Triples and Turtle could keep the others
(escaped), RDF/XML, the HTML pages and the endpoint's XML results could not. **The rule:** such a
character in a document's text is replaced by U+FFFD REPLACEMENT CHARACTER when the document is read,
and a finding names its line and code points (`xml-forbidden-character`); the records, every export and
the endpoint then hold the same text. Literals made by graph/rdfterms.py pass through `scrub` too, so
text that reaches the graph another way (a DOCX or PDF cell) is never ill-formed either.
"""
from __future__ import annotations

import re

REPLACEMENT = "\ufffd"
FORBIDDEN = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def scrub(text: str) -> str:
    """`text` with every character XML 1.0 forbids replaced by U+FFFD."""
    return FORBIDDEN.sub(REPLACEMENT, text)


def code_points(text: str) -> list[str]:
    """The forbidden characters of `text` as «U+XXXX», in order, each once."""
    return list(dict.fromkeys(f"U+{ord(c):04X}" for c in FORBIDDEN.findall(text)))
