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

# Largest document a build reads unless told otherwise (--max-size): a plan of 3,000 measures is about 1 MB,
# and reading costs some 10–20 ms a measure, so 20 MB is already an hour's work.
DEFAULT_MAX_SIZE = 20_000_000
# Decompression bombs: what a DOCX's zip members may inflate to, checked from the zip's index before any
# member is read (zipfile stops at the declared size and fails on a CRC mismatch, so a member cannot inflate past
# what it declares). A plan's document.xml is a few MB; images are a few MB each.
MAX_ZIP_MEMBER = 100_000_000
MAX_ZIP_TOTAL = 250_000_000
MAX_ZIP_MEMBERS = 5_000
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


def read_source(path: str | Path, max_size: int | None = None) -> Source:
    """Read a text document (UTF-8, a BOM'd Unicode file, or a confidently detected Cyrillic
    code page), or keep a DOCX or PDF file's bytes; a clear SourceError for anything else,
    and for a file larger than `max_size` bytes (None: no limit)."""
    path = Path(path)
    if not path.is_file():
        raise SourceError(path, "no such file" if not path.exists() else "not a file")
    size = path.stat().st_size
    if max_size is not None and size > max_size:
        raise SourceError(path, f"the document is {size / 1e6:.1f} MB, more than the {max_size / 1e6:g} MB limit; "
                                "a plan is rarely above 1 MB — check it is one, or raise the limit with --max-size")
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
            infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
        except zipfile.BadZipFile as exc:
            raise SourceError(path, f"a damaged zip archive, not a readable DOCX file ({exc})") from None
        if "word/document.xml" in {i.filename for i in infos}:
            check_zip_sizes(path, infos)
            return "docx"
        raise SourceError(path, "a zip archive without word/document.xml: not a DOCX file")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise SourceError(path, "an old binary Word (.doc) or Office file: save it as DOCX first")
    return None


def check_zip_sizes(path, infos: list[zipfile.ZipInfo]) -> None:
    """A SourceError naming the member when a zip's index says it inflates beyond the limits (a zip bomb)."""
    if len(infos) > MAX_ZIP_MEMBERS:
        raise SourceError(path, f"the DOCX archive has {len(infos):,} members, more than {MAX_ZIP_MEMBERS:,}: "
                                "refused before reading (not a Word document as Word writes one)")
    for info in infos:
        if info.file_size > MAX_ZIP_MEMBER:
            raise SourceError(path, f"DOCX member {info.filename} inflates to {info.file_size / 1e6:,.0f} MB "
                                    f"({info.compress_size:,} bytes compressed), more than the {MAX_ZIP_MEMBER / 1e6:g} MB "
                                    "limit: refused before parsing (a decompression bomb?)")
    total = sum(i.file_size for i in infos)
    if total > MAX_ZIP_TOTAL:
        raise SourceError(path, f"the DOCX archive inflates to {total / 1e6:,.0f} MB in all, more than the "
                                f"{MAX_ZIP_TOTAL / 1e6:g} MB limit: refused before parsing (a decompression bomb?)")


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
        raise SourceError(path, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}){_hint(data)}", line) from None


def _hint(data: bytes) -> str:
    """What to do about text that is not UTF-8 and whose code page detection could not confirm."""
    if _mostly_utf8(data):
        return "; the rest of the file is UTF-8, so this byte is damaged: correct or remove it"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding in _CYRILLIC_ENCODINGS:
        return (f"; it may be {best.encoding}, but detection is not confident ({best.percent_chaos:.0f}% chaos): "
                f"check, and convert it, e.g. `iconv -f {best.encoding} -t utf-8`")
    return "; convert it to UTF-8"


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
