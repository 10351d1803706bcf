"""Read a source document: text lines in a detected encoding, or the bytes of a DOCX or PDF file."""
from __future__ import annotations

import codecs
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .errors import SourceError

# Share of control characters above which a file is taken for binary.
_BINARY_CONTROL_SHARE = 0.05
# Bytes a text file may hold: everything but the C0 controls other than tab, newlines and form feed (NUL counted apart).
_TEXT_BYTES = bytes(b for b in range(256) if b >= 32 or b in (0, 9, 10, 12, 13))
# Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
# Single-byte encodings of Russian and Kazakh text that detection may pick for a file that is not UTF-8.
_CYRILLIC_ENCODINGS = {"cp1251", "koi8_r", "koi8_u", "cp866", "iso8859_5", "mac_cyrillic", "kz1048", "ptcp154"}
# charset-normalizer's measures (percentages) for a detection we accept without asking.
_MAX_CHAOS, _MIN_COHERENCE = 10.0, 10.0


@dataclass(frozen=True)
class Source:
    """A document. For text, `lines[0]` is line 1; a DOCX or PDF keeps its bytes in `data` and no lines.

    `kind` is 'text', 'docx' or 'pdf'. `encoding` is the codec the text was decoded with and
    `encoding_note` says why when it was not UTF-8 (an assumption a report should repeat).
    """

    path: Path
    id: str
    lines: tuple[str, ...]
    sha256: str
    kind: str = "text"
    encoding: str | None = "utf-8"
    encoding_note: str | None = None
    data: bytes = field(default=b"", repr=False, compare=False)

    def line(self, number: int) -> str:
        return self.lines[number - 1]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def error(self, message: str, line: int | None = None) -> SourceError:
        return SourceError(self.path, message, line)


def read_source(path: str | Path) -> Source:
    """Read a text document (UTF-8, a BOM'd Unicode file, or a confidently detected Cyrillic
    code page), or keep a DOCX or PDF file's bytes; a clear SourceError for anything else."""
    path = Path(path)
    if not path.is_file():
        raise SourceError(path, "no such file" if not path.exists() else "not a file")
    data = path.read_bytes()
    if not data.strip():
        raise SourceError(path, "the document is empty")
    sha256 = hashlib.sha256(data).hexdigest()
    binary = _binary_kind(path, data)
    if binary:
        return Source(path=path, id=path.stem, lines=(), sha256=sha256, kind=binary, encoding=None, data=data)
    text, encoding, note = decode_text(path, data)
    lines = tuple(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return Source(path=path, id=path.stem, lines=lines, sha256=sha256, encoding=encoding, encoding_note=note, data=data)


def _binary_kind(path: Path, data: bytes) -> str | None:
    """'pdf' or 'docx' when the bytes are one (by content, whatever the extension), else None."""
    if data.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile as exc:
            raise SourceError(path, f"a damaged zip archive, not a readable DOCX file ({exc})") from None
        if "word/document.xml" in names:
            return "docx"
        raise SourceError(path, "a zip archive without word/document.xml: not a DOCX file")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise SourceError(path, "an old binary Word (.doc) or Office file: save it as DOCX first")
    return None


def decode_text(path: Path, data: bytes) -> tuple[str, str, str | None]:
    """The text, the codec used, and a note when the codec was assumed rather than declared."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec, None
            except UnicodeDecodeError as exc:
                raise SourceError(path, f"not valid {codec.upper()} after its byte-order mark ({exc.reason})") from None
    if _control_share(data) > _BINARY_CONTROL_SHARE:
        raise SourceError(path, "this is a binary file, not a text document (expected text, HTML, markdown, DOCX or PDF)")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise SourceError(path, f"a NUL byte at offset {nul}: not a text document", data.count(b"\n", 0, nul) + 1)
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError as exc:
        detected = _declared(data) or _detect_cyrillic(data)
        if detected:
            return detected
        line = data.count(b"\n", 0, exc.start) + 1
        hint = ""
        if _looks_like_cp1251(data):
            hint = "; it looks like Windows-1251: convert it, e.g. `iconv -f cp1251 -t utf-8`"
        raise SourceError(path, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}){hint}", line) from None


def _declared(data: bytes) -> tuple[str, str, str] | None:
    """The charset an HTML page declares (`<meta charset=…>`, `http-equiv` content), when it decodes the page."""
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    try:
        codec = codecs.lookup(match.group(1).decode("ascii")).name
        return data.decode(codec), codec, f"not UTF-8: read as {codec}, the charset the page declares"
    except (LookupError, UnicodeDecodeError):
        return None


def _detect_cyrillic(data: bytes) -> tuple[str, str, str] | None:
    """A Cyrillic code page when charset-normalizer is confident and the bytes are not damaged UTF-8."""
    if _mostly_utf8(data):
        return None  # a UTF-8 file with a bad byte: say where, do not re-read it all in another code page
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding not in _CYRILLIC_ENCODINGS:
        return None
    if best.percent_chaos > _MAX_CHAOS or best.percent_coherence < _MIN_COHERENCE:
        return None
    note = (f"not UTF-8: read as {best.encoding} (detected by charset-normalizer, "
            f"{best.percent_chaos:.1f}% chaos, {best.percent_coherence:.0f}% coherence, language {best.language})")
    return str(best), best.encoding, note


def _mostly_utf8(data: bytes) -> bool:
    """True when most non-ASCII bytes form valid UTF-8 sequences."""
    high = len(data) - len(data.translate(None, bytes(range(128))))
    bad = data.decode("utf-8", errors="replace").count("\ufffd")
    return high > 0 and bad * 4 < high


def _control_share(data: bytes) -> float:
    sample = data[:65536]
    controls = len(sample.translate(None, _TEXT_BYTES))  # bytes left once text bytes are deleted
    nuls = sample.count(0)
    # A lone NUL is a damaged text file (reported with its line); many of them are a binary file.
    return (controls + (nuls if nuls > 1 else 0)) / len(sample)


def _looks_like_cp1251(data: bytes) -> bool:
    text = data.decode("cp1251", errors="replace")
    cyrillic = sum(1 for ch in text if "\u0400" <= ch <= "\u04ff")
    return cyrillic > len(text) / 4
