"""Export chunks: each named graph written once in every export format, and the union files made by
joining chunks, as dump publishers do (Wikidata's and DBpedia's dumps are per-part files joined).

A chunk is one graph in one format without the file's header and footer:

| format | chunk | the union file |
|---|---|---|
| N-Triples, N-Quads | the graph's lines, sorted, without duplicates | the chunks, graph after graph (in graph-name order) |
| Turtle, TriG | Oxigraph's output after its `@prefix` block (the same prefixes for every chunk) | one `@prefix` block, then the chunks |
| RDF/XML | the `rdf:Description` elements (Oxigraph writes full IRIs, so its header never varies) | the header, the chunks, `</rdf:RDF>` |
| JSON-LD | the graph's node objects compacted against the context, one a line | the context, then the chunks' lines in one `@graph` |

Each is a valid document of its format: a subject described in two chunks gets two Turtle blocks,
two RDF/XML descriptions or two JSON-LD node objects, which every parser reads as one node; a triple
two graphs hold appears twice in `asserted.nt`, which N-Triples reads as one triple (an RDF graph is
a set). Lines are sorted within each graph, so a build's files are byte-identical to any other
build's of the same documents, in whichever order their chunks were made.

Chunks are files named by their content's key (a document's cache key and the code's version,
`chunk_key`) in a folder (the per-document cache's `parts/`, graph/cache.py), so a rebuild after one
more document writes that document's chunks only and joins the others as they are; a document's
chunks are made by the worker process that built it, right after it (graph/exports.py's
`document_chunks`), so the write step mostly joins; joining is a
copy at disk speed, and the SHA-256 the description gives each file is computed while it is copied.
Above `exports.COMPRESS_ABOVE` triples the union files are written gzip-compressed (`all.nt.gz`, …):
each chunk is compressed once into a gzip member kept beside it (`gzipped`), and a file is the
members joined (`join_gzip`; RFC 1952 multi-member, read as one stream by gzip and by the parsers'
gzip readers), so a rebuild after one more document compresses that document's chunks only and
copies a tenth of the bytes. Each build marks the chunks it used; chunks no build used for `KEEP_UNUSED_DAYS` are removed (`prune`).

The description's VoID figures (graph/describe.py) are counted from the chunks, not by a scan of the
store: each chunk keeps (`{key}.stats.npz`) the sorted 64-bit hashes (BLAKE2b of the N-Triples form)
of its distinct triples, subjects, IRI subjects, objects and classes (objects of rdf:type), and
`statistics` merges them (numpy: concatenate, unique), so the union's distinct counts cost a merge of
arrays (~40 MB at 5M triples) instead of a DISTINCT over the whole store. The counts are exact unless
two of the n distinct terms of one kind share a hash: at most n(n-1)/2^65 in all, below 10^-6 at
n = 5M (a collision can only lower a count by one per pair). Terms are counted as the exports write
them (each literal's lexical form as made), which is what the dumps the description describes hold.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import shutil
import time
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import numpy as np
import pyoxigraph as ox

from .atomic import write_atomic

CHUNK_FORMATS = ("nt", "nq", "ttl", "trig", "rdf")
_OX = {"nt": ox.RdfFormat.N_TRIPLES, "ttl": ox.RdfFormat.TURTLE, "rdf": ox.RdfFormat.RDF_XML,
       "trig": ox.RdfFormat.TRIG}
JSONLD_SEPARATOR = b",\n    "  # between two node objects in `@graph` (graph/jsonld.py's layout)
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_RDF_XML_FOOTER = b"</rdf:RDF>"  # Oxigraph ends the file there, no newline


def chunk_key(*parts: str) -> str:
    """A chunk's name: a SHA-256 over what its content is a function of (code version, graph, source key)."""
    from . import cache

    return hashlib.sha256("\n".join((cache.code_version(), "chunk", *parts)).encode()).hexdigest()


@dataclass
class Chunk:
    """One graph's chunks: `paths[format]`, its number of distinct triples, and `counts`: per predicate
    its triples and those whose object is not an IRI, per class its typed subjects (graph/exports.py's
    JSON-LD context ranks terms by them), and `languages`: its labels' primary language tags; `stats`: the file of its distinct terms' hashes (`statistics`)."""

    name: str
    paths: dict[str, Path]
    triples: int
    counts: dict
    stats: Path | None = None


def headers(prefixes: dict[str, str]) -> dict[str, tuple[bytes, bytes]]:
    """Each format's file header and footer, as Oxigraph writes them around one triple."""
    probe = ox.Triple(ox.NamedNode("urn:x"), ox.NamedNode("urn:x"), ox.NamedNode("urn:x"))
    found = {"nt": (b"", b""), "nq": (b"", b""),
             "rdf": (_rdf_xml_head(ox.serialize([probe], format=ox.RdfFormat.RDF_XML)), _RDF_XML_FOOTER)}
    for extension, item in (("ttl", probe), ("trig", ox.Quad(*probe, ox.NamedNode("urn:x")))):
        data = ox.serialize([item], format=_OX[extension], prefixes=prefixes)
        lines = data.splitlines(keepends=True)
        found[extension] = (b"".join(line for line in lines if line.startswith(b"@prefix ")), b"")
    return found


def _rdf_xml_head(data: bytes) -> bytes:
    """The XML declaration and the rdf:RDF start tag: up to the end of the line holding that tag."""
    start = data.index(b"<rdf:RDF")
    return data[:data.index(b"\n", start) + 1]


def load(folder: Path, key: str, name: str) -> Chunk | None:
    """The chunks written before under `key`, or None when any is missing."""
    paths = {extension: folder / f"{key}.{extension}" for extension in CHUNK_FORMATS}
    meta, stats = folder / f"{key}.json", folder / f"{key}.stats.npz"
    if not meta.is_file() or not stats.is_file() or not all(p.is_file() for p in paths.values()):
        return None
    try:
        found = json.loads(meta.read_text(encoding="utf-8"))
        return Chunk(name, paths, found["triples"], found["counts"], stats)
    except (OSError, ValueError, KeyError):
        return None


def make(folder: Path, key: str, name: str, triples: Iterable[ox.Triple], prefixes: dict[str, str],
         heads: dict[str, tuple[bytes, bytes]]) -> Chunk:
    """Write the graph `name`'s chunks (every format but JSON-LD) into `folder` under `key`."""
    lines = sorted(set(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).splitlines()))
    nt = b"".join(line + b"\n" for line in lines)
    # every format from the triples in the sorted lines' order, not in the order made (which can follow
    # a process's hash seed): Turtle, TriG and RDF/XML are then the same bytes whichever process made them
    items = [q.triple for q in ox.parse(nt, ox.RdfFormat.N_TRIPLES)]
    suffix = f" <{name}> .".encode()
    graph = ox.NamedNode(name)
    content = {
        "nt": nt,
        "nq": b"".join(line[:-2].rstrip() + suffix + b"\n" for line in lines),
        "ttl": _body(ox.serialize(items, format=_OX["ttl"], prefixes=prefixes), heads["ttl"][0]) if items else b"",
        "trig": _body(ox.serialize((ox.Quad(t.subject, t.predicate, t.object, graph) for t in items),
                                   format=_OX["trig"], prefixes=prefixes), heads["trig"][0]) if items else b"",
        "rdf": _rdf_xml_body(ox.serialize(items, format=_OX["rdf"])) if items else b"",
    }
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for extension, data in content.items():
        paths[extension] = write_atomic(folder / f"{key}.{extension}", data)
    counts = _counts(items)
    stats = write_atomic(folder / f"{key}.stats.npz", _hashes(lines, items))
    write_atomic(folder / f"{key}.json", json.dumps({"graph": name, "triples": len(lines), "counts": counts},
                                              ensure_ascii=False).encode())  # last: marks the chunks whole
    return Chunk(name, paths, len(lines), counts, stats)


STATISTICS = ("triples", "entities", "distinctSubjects", "distinctObjects", "properties", "classes")
_HASHED = ("triples", "entities", "distinctSubjects", "distinctObjects", "classes")


def _hash(values: Iterable[bytes]) -> np.ndarray:
    found = np.fromiter((int.from_bytes(hashlib.blake2b(v, digest_size=8).digest(), "little") for v in values),
                        dtype=np.uint64)
    return np.unique(found)  # sorted, each once


def _hashes(lines: list[bytes], items: list[ox.Triple]) -> bytes:
    """The npz file of the chunk's distinct terms' hashes, one sorted array per kind (see the module doc)."""
    term = lambda t: str(t).encode()  # noqa: E731 - the N-Triples form
    arrays = {
        "triples": _hash(lines),
        "entities": _hash(term(t.subject) for t in items if isinstance(t.subject, ox.NamedNode)),
        "distinctSubjects": _hash(term(t.subject) for t in items),
        "distinctObjects": _hash(term(t.object) for t in items),
        "classes": _hash(term(t.object) for t in items if t.predicate.value == _RDF_TYPE),
    }
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def statistics(found: list[Chunk]) -> dict[str, int]:
    """The VoID figures of the union of the chunks' graphs (a triple several graphs hold counts once):
    the merge of their hashes (exact but for the collision bound in the module doc); properties from
    the predicates each chunk counts."""
    merged = merged_hashes(found)
    figures = {kind: int(merged[kind].size) for kind in _HASHED}
    figures["properties"] = len(used_terms(found)[0])
    return {kind: figures[kind] for kind in STATISTICS}


MERGED = "merged.stats.npz"  # beside the chunks: the last merge, and the chunks it merged


def merged_hashes(found: list[Chunk]) -> dict[str, np.ndarray]:
    """Each kind's hashes of the chunks' union, sorted, each once. When the chunks are all in one
    folder, the last merge is kept there (`MERGED`, with the names of the chunks it merged): if this
    set of chunks holds all of those, only the others' hashes are merged into it (one more document's
    chunks into the whole corpus's, instead of every chunk's again); else every chunk's are."""
    folders = {c.stats.parent for c in found if c.stats is not None}
    names = sorted({c.stats.name for c in found if c.stats is not None})
    kept = folders.pop() / MERGED if len(folders) == 1 and len(names) == len(found) else None
    base, merged_names = _last_merge(kept, names)
    arrays: dict[str, list[np.ndarray]] = {kind: [] for kind in _HASHED}
    for chunk in found:
        if chunk.stats.name in merged_names:
            continue
        with np.load(chunk.stats) as stats:
            for kind in _HASHED:
                arrays[kind].append(stats[kind])
    merged = {}
    for kind in _HASHED:
        new = np.unique(np.concatenate(arrays[kind])) if arrays[kind] else np.zeros(0, np.uint64)
        old = base.get(kind, np.zeros(0, np.uint64))
        at = np.searchsorted(old, new)
        missing = new[(at >= old.size) | (old[np.minimum(at, max(old.size - 1, 0))] != new)] if old.size else new
        merged[kind] = np.insert(old, np.searchsorted(old, missing), missing) if old.size else new
    if kept is not None and merged_names != set(names):
        buffer = io.BytesIO()
        np.savez(buffer, names=np.array(names), **merged)
        write_atomic(kept, buffer.getvalue())
    return merged


def _last_merge(path: Path | None, names: list[str]) -> tuple[dict, set]:
    """The merge kept at `path` and the chunks it merged, when they are among `names`; else nothing."""
    if path is None:
        return {}, set()
    try:
        with np.load(path) as last:
            merged_names = set(last["names"].tolist())
            if not merged_names <= set(names):
                return {}, set()
            return {kind: last[kind] for kind in _HASHED}, merged_names
    except (OSError, ValueError, KeyError):
        return {}, set()


def used_terms(found: list[Chunk]) -> tuple[list[str], list[str]]:
    """The predicates and the IRI classes the chunks use, sorted."""
    predicates = sorted({p for c in found for p in c.counts["predicates"]})
    return predicates, sorted({k for c in found for k in c.counts["classes"]})


# The labels and titles whose language tags the description names (graph/describe.py's dct:language)
LABELS = frozenset({"http://www.w3.org/2000/01/rdf-schema#label", "http://purl.org/dc/terms/title",
                    "http://www.w3.org/2004/02/skos/core#prefLabel"})


def languages(found: list[Chunk]) -> list[str] | None:
    """The primary language tags (lower case) of the chunks' labels and titles (`LABELS`), sorted;
    None when a chunk did not count them."""
    if any("languages" not in c.counts for c in found):
        return None
    return sorted({tag for c in found for tag in c.counts["languages"]})


def examples(found: list[Chunk]) -> dict[str, str] | None:
    """Each IRI class's first IRI subject (by code point, as SPARQL's MIN orders strings) over the chunks;
    None when a chunk did not keep them."""
    if any("examples" not in c.counts for c in found):
        return None
    first: dict[str, str] = {}
    for chunk in found:
        for cls, subject in chunk.counts["examples"].items():
            if cls not in first or subject < first[cls]:
                first[cls] = subject
    return dict(sorted(first.items()))


def _counts(items: list[ox.Triple]) -> dict:
    predicates: dict[str, list[int]] = {}
    classes: dict[str, int] = {}
    first: dict[str, str] = {}  # per class, its first IRI subject (the description's void:exampleResource)
    tags: set[str] = set()
    for t in items:
        if t.predicate.value in LABELS and isinstance(t.object, ox.Literal) and t.object.language:
            tags.add(t.object.language.split("-")[0].lower())
        found = predicates.setdefault(t.predicate.value, [0, 0])
        found[0] += 1
        found[1] += not isinstance(t.object, ox.NamedNode)
        if t.predicate.value == _RDF_TYPE and isinstance(t.object, ox.NamedNode):
            cls = t.object.value
            classes[cls] = classes.get(cls, 0) + 1
            if isinstance(t.subject, ox.NamedNode) and (cls not in first or t.subject.value < first[cls]):
                first[cls] = t.subject.value
    return {"predicates": dict(sorted(predicates.items())), "classes": dict(sorted(classes.items())),
            "languages": sorted(tags), "examples": dict(sorted(first.items()))}


def _body(data: bytes, head: bytes) -> bytes:
    if not data.startswith(head):  # Oxigraph writes the prefixes it is given, every time
        raise ValueError("a chunk's prefix block differs from the file's")
    return data[len(head):]


def _rdf_xml_body(data: bytes) -> bytes:
    head = _rdf_xml_head(data)
    if not data.endswith(_RDF_XML_FOOTER):
        raise ValueError("unexpected end of Oxigraph's RDF/XML")
    return data[len(head):-len(_RDF_XML_FOOTER)]


def join(path: Path, parts: list[Path], head: bytes = b"", foot: bytes = b"", separator: bytes = b"", *,
         layouts: Layouts | None = None, keyed: Callable[[Path], bool] = lambda _: False) -> str:
    """Write `head`, the files `parts` (with `separator` between two non-empty ones) and `foot` into
    `path` (through a temporary name); return the file's SHA-256, computed on the way. `layouts`: the
    last build's joined files (`Layouts`), whose byte ranges are copied where they hold the same parts in
    a row, and which gets this file's layout; `keyed(part)`: whether the part is named by its content
    (a chunk key: the same name, the same bytes), which only such parts may be copied as."""
    last = layouts.members(path.name) if layouts is not None else {}
    members = []
    for part in parts:
        name = part.name if keyed(part) else None
        if name in last or part.stat().st_size:  # a part the last file held is not empty: no stat needed
            members.append((name, part))
    return _concatenate(path, members, head, foot, separator, layouts)


def _concatenate(path: Path, members: list[tuple[str | None, Path | Callable[[], Path]]], head: bytes,
                 foot: bytes, separator: bytes, layouts: Layouts | None = None) -> str:
    """`head`, each member (`separator` between two) and `foot` into `path` through a temporary name; the
    SHA-256. A member is (its name, or None when not named by its content; its file, or what makes it):
    members that the same file of the last build (`layouts`) held in the same order are copied from it as
    one byte range, without their files being opened (or made)."""
    digest = hashlib.sha256()
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    last = layouts.last(path.name, separator) if layouts is not None else None
    at = last.members if last is not None else {}
    placed: list[tuple[str, int, int]] = []  # this file's named members: (name, offset, length)
    try:
        with temporary.open("wb") as out, (last.path.open("rb") if last is not None else nullcontext()) as previous:
            written = 0

            def put(data: bytes) -> None:
                nonlocal written
                digest.update(data)
                out.write(data)
                written += len(data)

            def copy(handle, length: int) -> int:
                """Up to `length` bytes of `handle` into the file; what was left of `length` at its end."""
                while length > 0 and (block := handle.read(min(length, _BLOCK))):
                    put(block)
                    length -= len(block)
                return length

            put(head)
            k = 0
            while k < len(members):
                if k:
                    put(separator)
                name, member = members[k]
                if name in at:  # a run of members in the last file's order: one range of it
                    end = k
                    while end + 1 < len(members) and at.get(members[end + 1][0], (-1,))[0] == at[name][0] + end + 1 - k:
                        end += 1
                    start, stop = at[name][1], at[members[end][0]][1] + at[members[end][0]][2]
                    moved = written - start
                    placed += [(n, at[n][1] + moved, at[n][2]) for n, _ in members[k:end + 1]]
                    previous.seek(start)
                    if copy(previous, stop - start):  # shorter than it was when its layout was recorded
                        raise OSError(f"{last.path} changed while it was copied from")
                    k = end + 1
                    continue
                before = written
                with (member if isinstance(member, Path) else member()).open("rb") as handle:
                    copy(handle, 1 << 62)
                if name is not None:
                    placed.append((name, before, written - before))
                k += 1
            put(foot)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    if layouts is not None:
        layouts.add(path, separator, placed)
    return digest.hexdigest()


_BLOCK = 1 << 23  # bytes read at a time: few enough calls that a join in a thread is not held up by the GIL


@dataclass(frozen=True)
class Layout:
    """The last build's joined file at `path` (as it was written: `Layouts.last` checks its size and time)
    and where its named members lie in it: name → (position, offset, length)."""

    path: Path
    members: dict[str, tuple[int, int, int]]


class Layouts:
    """The layouts of a folder's joined files: those of the last build's (`last_folder`, its layouts in the
    file `recorded`), which a join copies from (`last`), and those of this build's joins (`add`), written
    with its files (`write`, into a file of their own: graph/exports.py's LAYOUTS_FILE).

    At 1,000 documents a union file is ~2,000 members (a chunk or its gzip member per graph), and joining the
    17 files opened 34,000 small files: 1.4 s of a rebuild's path. A rebuild after one more document holds the
    last build's members in the same order with one more among them, so each file is a few byte ranges of
    the last one's. What is copied is what was written: the last file's size and time are those recorded
    with it (else nothing is copied from it), and only members named by their content are recorded."""

    def __init__(self, last_folder: Path | None = None, recorded: Path | None = None):
        self._last_folder, self._recorded = last_folder, recorded
        self._last: dict | None = None
        self.made: dict[str, dict] = {}

    def _read(self) -> dict:
        if self._last is None:
            self._last = {}
            if self._last_folder is not None and self._recorded is not None:
                try:
                    found = json.loads(self._recorded.read_text(encoding="utf-8"))
                    if found.get("format") == _LAYOUTS_FORMAT:
                        self._last = found["files"]
                except (OSError, ValueError, KeyError, AttributeError):
                    pass  # none, or unreadable: every member is read from its file
        return self._last

    def members(self, name: str) -> dict:
        """The names of the members the last build's file `name` held (nothing when it cannot be copied from)."""
        found = self.last(name)
        return found.members if found is not None else {}

    def last(self, name: str, separator: bytes | None = None) -> Layout | None:
        entry = self._read().get(name)
        if entry is None or separator is not None and entry["separator"] != separator.hex():
            return None
        path = self._last_folder / name
        try:
            stat = os.stat(path)
        except OSError:
            return None
        if (stat.st_size, stat.st_mtime_ns) != (entry["size"], entry["mtime_ns"]):
            return None  # not the file the layout was recorded with (a build writes new files, never into one)
        if "_index" not in entry:
            entry["_index"] = {n: (k, offset, length) for k, (n, offset, length) in enumerate(entry["members"])}
        return Layout(path, entry["_index"])

    def add(self, path: Path, separator: bytes, members: list[tuple[str, int, int]]) -> None:
        stat = os.stat(path)
        self.made[path.name] = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "separator": separator.hex(),
                                "members": members}

    def write(self, path: Path) -> Path | None:
        """The layouts into the file `path` (none when no file had a member named by its content: nothing to copy)."""
        if not any(entry["members"] for entry in self.made.values()):
            return None
        return write_atomic(Path(path), json.dumps(
            {"format": _LAYOUTS_FORMAT, "files": dict(sorted(self.made.items()))}, separators=(",", ":")).encode())


_LAYOUTS_FORMAT = 1


GZIP_LEVEL = 6  # zlib's default: each chunk is compressed once, when a build first needs it


def gzipped(part: Path, level: int = GZIP_LEVEL, part_stat: os.stat_result | None = None) -> Path:
    """`part` as one gzip member (RFC 1952), kept beside it as `part`.gz; no time stamp in the header,
    so a member, and a file joined from members, is byte-identical whichever build made it.
    `part_stat`: `part`'s os.stat, where the caller has it (a join of 1,000 documents stats 20,000 parts)."""
    target = part.with_name(part.name + ".gz")
    try:
        fresh = os.stat(target).st_mtime >= (part_stat or part.stat()).st_mtime
    except FileNotFoundError:
        fresh = False
    if not fresh:
        with part.open("rb") as handle:
            write_atomic(target, gzip.compress(handle.read(), compresslevel=level, mtime=0))
    return target


def join_gzip(path: Path, parts: list[Path], head: bytes = b"", foot: bytes = b"", separator: bytes = b"", *,
              layouts: Layouts | None = None, keyed: Callable[[Path], bool] = lambda _: False) -> str:
    """`join` compressed: the file is the gzip members of `head`, of each non-empty part (its cached
    member, `gzipped`) with a member of `separator` between two, and of `foot` — a multi-member gzip
    file (RFC 1952 2.2), which gzip, zcat and Python's gzip module read as the one joined stream.
    Returns the SHA-256 of the compressed file (what is downloaded). A part's member is made (or its
    freshness checked) only when it is not copied from the last build's file (`layouts`, as in `join`)."""
    def member(data: bytes) -> bytes:
        return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0) if data else b""

    last = layouts.members(path.name) if layouts is not None else {}
    members = []
    for part in parts:
        name = part.name + ".gz" if keyed(part) else None
        if name in last:
            members.append((name, lambda part=part: gzipped(part)))
        elif (stat := part.stat()).st_size:
            members.append((name, gzipped(part, part_stat=stat)))
    ending = member(foot) if members or head or foot else gzip.compress(b"", mtime=0)  # empty: still a gzip file
    return _concatenate(path, members, member(head), ending, member(separator), layouts)


RENEW_AFTER = 86400  # seconds: how often prune() renews a used file's time and scans for unused ones
PRUNED = ".pruned"  # in the chunks' folder: its time says when prune() last scanned it
KEEP_UNUSED_DAYS = 30  # chunks no build has used for this long are removed (each code version makes new ones)


def prune(folder: Path, used: list[Chunk], *, days: float = KEEP_UNUSED_DAYS) -> int:
    """Mark the chunks this build used and, at most once every `RENEW_AFTER` seconds, remove those no build
    used for `days`; return how many files went. A used chunk's files are renewed only when its `.json` is
    older than `RENEW_AFTER`: at 1,000 documents a build uses some 30,000 files, and touching each took
    seconds, a stat of each 0.5 s. The `.json` is the oldest of a chunk's files but for microseconds (`make`
    writes it last; a gzip member or a JSON-LD chunk comes later) and they are renewed together."""
    now = time.time()
    keep = set()
    for chunk in used:
        nt = chunk.paths["nt"]
        where, stem = str(nt.parent), nt.name[:-len(".nt")]
        names = [p.name for p in chunk.paths.values()]
        names += [stem + ".json", stem + ".stats.npz"] + [name + ".gz" for name in names]
        keep.update(names)
        try:
            stale = now - os.stat(os.path.join(where, stem + ".json")).st_mtime > RENEW_AFTER
        except OSError:
            stale = True
        for name in names if stale else ():
            try:
                os.utime(os.path.join(where, name), (now, now))
            except OSError:
                pass
    marker = folder / PRUNED
    try:
        if now - marker.stat().st_mtime < RENEW_AFTER:
            return 0  # scanned lately: a file unused for `days` can wait a day more
    except OSError:
        pass
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        try:
            if entry.name not in keep and entry.name != PRUNED and entry.is_file() \
                    and now - entry.stat().st_mtime > days * 86400:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            pass  # another build's, or gone already
    try:
        marker.touch()
    except OSError:
        pass
    return removed


def remove_folder(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
