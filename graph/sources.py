"""Read a source document as text lines, refusing what is not a text document."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .errors import SourceError

# Share of control characters above which a file is taken for binary.
_BINARY_CONTROL_SHARE = 0.05


@dataclass(frozen=True)
class Source:
    """A document's text: `lines[0]` is line 1."""

    path: Path
    id: str
    lines: tuple[str, ...]
    sha256: str

    def line(self, number: int) -> str:
        return self.lines[number - 1]

    def error(self, message: str, line: int | None = None) -> SourceError:
        return SourceError(self.path, message, line)


def read_source(path: str | Path) -> Source:
    """Read a UTF-8 text document; a clear SourceError for anything else."""
    path = Path(path)
    if not path.is_file():
        raise SourceError(path, "no such file" if not path.exists() else "not a file")
    data = path.read_bytes()
    if not data.strip():
        raise SourceError(path, "the document is empty")
    if b"\x00" in data or _control_share(data) > _BINARY_CONTROL_SHARE:
        raise SourceError(path, "this is a binary file, not a text document (expected UTF-8 text extracted from a PDF or Word file)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        hint = ""
        if _looks_like_cp1251(data):
            hint = "; it looks like Windows-1251: convert it, e.g. `iconv -f cp1251 -t utf-8`"
        raise SourceError(path, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}){hint}", line) from None
    lines = tuple(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return Source(path=path, id=path.stem, lines=lines, sha256=hashlib.sha256(data).hexdigest())


def _control_share(data: bytes) -> float:
    sample = data[:65536]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13, 12))
    return controls / len(sample)


def _looks_like_cp1251(data: bytes) -> bool:
    text = data.decode("cp1251", errors="replace")
    cyrillic = sum(1 for ch in text if "\u0400" <= ch <= "\u04ff")
    return cyrillic > len(text) / 4
