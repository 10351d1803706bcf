"""Text clean-up shared by readers and normalisers."""
from __future__ import annotations

import re
from functools import lru_cache

_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_MD_ESCAPE = re.compile(r"\\([_*#\\\[\](){}.!-])")
_SPACE = re.compile(r"\s+")
_DASHES = str.maketrans({"–": "-", "—": "-", "‑": "-", "−": "-"})

# Kazakh letters that Russian-language documents spell either way («Еңбек»/«Енбек»).
_FOLD = str.maketrans({
    "ё": "е", "ң": "н", "ә": "а", "ғ": "г", "қ": "к", "ө": "о", "ұ": "у", "ү": "у",
    "һ": "х", "і": "и", "«": '"', "»": '"', "“": '"', "”": '"', "„": '"',
})

_TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "ә": "a", "ғ": "g", "қ": "q", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
}


def strip_markup(text: str) -> str:
    """Remove HTML tags and Markdown escapes/emphasis left by the PDF/Word extraction."""
    text = _TAG.sub("", text)
    text = text.replace("**", "")
    text = re.sub(r"^#+\s*", "", text)
    return _MD_ESCAPE.sub(r"\1", text)


# clean and fold are pure and called on every cell, name and word many times over (the same executors, places
# and words recur through a plan): a bounded cache makes a document's reading cost its distinct texts.
_CACHE = 1 << 16


@lru_cache(maxsize=_CACHE)
def clean(text: str) -> str:
    """Markup removed, dashes unified, white space collapsed and trimmed."""
    return _SPACE.sub(" ", strip_markup(text).translate(_DASHES)).strip()


@lru_cache(maxsize=_CACHE)
def fold(text: str) -> str:
    """A key for comparing names: lower case, ё→е, Kazakh letters → Russian, quotes unified."""
    return _SPACE.sub(" ", clean(text).lower().translate(_FOLD)).strip()


def slugify(text: str) -> str:
    """A readable ASCII identifier: Cyrillic transliterated, anything else → '-'."""
    out = "".join(_TRANSLIT.get(ch, ch) for ch in clean(text).lower())
    return re.sub(r"[^a-z0-9.]+", "-", out).strip("-")
