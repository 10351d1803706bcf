"""Word's list numbering: the labels («1.», «2.1.», «а)») Word draws before numbered paragraphs.

They are not in a paragraph's text (python-docx gives the text only); a plan's «№» column is
often such a list. The labels are worked out from numbering.xml the way Word counts them:
one counter per list (numId) and level, deeper levels restarting when a higher one goes on.
"""
from __future__ import annotations

from docx.oxml.ns import qn

_RUSSIAN = "абвгдежзиклмнопрстуфхцчшщэюя"


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letters(n: int, alphabet: str) -> str:
    # Word repeats the letter past the alphabet's end: a … z, aa … zz
    return alphabet[(n - 1) % len(alphabet)] * ((n - 1) // len(alphabet) + 1)


_FORMATS = {
    "decimal": str, "decimalZero": lambda n: f"{n:02d}", "upperRoman": _roman, "lowerRoman": lambda n: _roman(n).lower(),
    "upperLetter": lambda n: _letters(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    "lowerLetter": lambda n: _letters(n, "abcdefghijklmnopqrstuvwxyz"),
    "russianLower": lambda n: _letters(n, _RUSSIAN), "russianUpper": lambda n: _letters(n, _RUSSIAN.upper()),
}


class Numbering:
    """Labels of numbered paragraphs, counted in the order the paragraphs are asked for."""

    def __init__(self, document):
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            root = None
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # abstractNumId → level → (format, text, start)
        self.lists: dict[str, str] = {}  # numId → abstractNumId
        self.counters: dict[str, list[int]] = {}
        self.styles: dict[str | None, tuple[str | None, int]] = {}  # style id → its list and level
        self.document = document
        if root is None:
            return
        for abstract in root.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in abstract.findall(qn("w:lvl")):
                levels[int(lvl.get(qn("w:ilvl"), "0"))] = (_val(lvl, "w:numFmt") or "decimal", _val(lvl, "w:lvlText") or "",
                                                            int(_val(lvl, "w:start") or 1))
            self.levels[abstract.get(qn("w:abstractNumId"))] = levels
        for num in root.findall(qn("w:num")):
            self.lists[num.get(qn("w:numId"))] = _val(num, "w:abstractNumId")

    def label(self, paragraph) -> str | None:
        """The label Word prints before the paragraph, or None (not numbered, a bullet)."""
        if not self.lists:
            return None
        num_id, level = self._num_pr(paragraph)
        if num_id is None or num_id == "0" or num_id not in self.lists:
            return None
        levels = self.levels.get(self.lists[num_id], {})
        if level not in levels:
            return None
        counters = self.counters.setdefault(num_id, [levels[k][2] - 1 if k in levels else 0 for k in range(9)])
        counters[level] += 1
        for deeper in range(level + 1, 9):
            counters[deeper] = levels[deeper][2] - 1 if deeper in levels else 0
        fmt, text, _ = levels[level]
        if fmt in ("bullet", "none") or not text:
            return None
        for k in range(level + 1):
            text = text.replace(f"%{k + 1}", _FORMATS.get(levels.get(k, ("decimal",))[0], str)(max(counters[k], 1)))
        return text


    def _num_pr(self, paragraph) -> tuple[str | None, int]:
        """The paragraph's list and level: its own numPr, else its style's (styles inherit along basedOn)."""
        p_pr = paragraph._p.pPr
        num_pr = p_pr.find(qn("w:numPr")) if p_pr is not None else None
        if num_pr is not None:
            return _val(num_pr, "w:numId"), int(_val(num_pr, "w:ilvl") or 0)
        style_id = paragraph._p.style
        if style_id not in self.styles:  # looking a style up is slow in python-docx: once per style
            self.styles[style_id] = _style_num_pr(paragraph.style)
        return self.styles[style_id]


def _style_num_pr(style) -> tuple[str | None, int]:
    while style is not None:
        style_pr = style.element.find(qn("w:pPr"))
        num_pr = style_pr.find(qn("w:numPr")) if style_pr is not None else None
        if num_pr is not None:
            return _val(num_pr, "w:numId"), int(_val(num_pr, "w:ilvl") or 0)
        style = style.base_style
    return None, 0


def _val(element, tag: str) -> str | None:
    child = element.find(qn(tag))
    return child.get(qn("w:val")) if child is not None else None


