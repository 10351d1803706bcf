"""The per-document cache: what reading, mapping, inferring and validating one document produced,
kept under a key made of the document's SHA-256, its curation file, the base IRI and the code's version.

The code's version (`code_version`) is a SHA-256 over every file that can change a document's result:
the package's Python modules and reference data (graph/), the ontology and the shapes, and the
installed versions of rdflib, owlrl, pySHACL and pyoxigraph. Editing any of them changes every key, so a stale
entry is never used; adding a document adds one key, so a rebuild does the work of that one document.
A document's key (`document_key`) leaves out the modules that never touch a document's build: those only
the write step runs (`WRITE_ONLY`: exports, description, outputs, the network page) and those that only
read a finished build (`READ_ONLY`: query, serve, the resource pages, push), so changing how the outputs
are written or served does not redo every document; what the write step caches keys on `code_version`.

Entries are pickles written atomically into `cache_dir()` (`$POLICYKG_CACHE`, else
`$XDG_CACHE_HOME/policykg`, else `~/.cache/policykg`). A cache that cannot be read is ignored.
An entry's large attributes can be kept in files of their own beside its pickle (`store(apart=…)`,
`KEY.NAME`: byte strings as they are, anything else pickled), read only when first asked for (`Apart`):
a rebuild after one more document then loads a short digest of each other document, not its graphs
(92 % of the bytes: 724 MB at 1,000 documents) nor its records (1.3 s of unpickling at 1,000).
"""
from __future__ import annotations

import copy
import hashlib
import os
import pickle
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from .errors import PolicyKGError
from .paths import PROJECT_ROOT

_PACKAGE = Path(__file__).resolve().parent
_FORMAT = "2"  # bump when the pickled layout changes (2: attributes apart may be pickled)


def cache_dir() -> Path:
    if os.environ.get("POLICYKG_CACHE"):
        return Path(os.environ["POLICYKG_CACHE"])
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "policykg"


# Modules that read documents' builds but never make one (graph/pipeline.py's process_document does not import them).
# tests/test_cache.py proves it by processing a document in a fresh interpreter and listing what it imported.
WRITE_ONLY = frozenset({"analytics.py", "atomic.py", "chunks.py", "describe.py", "docs.py", "expansion.py",
                        "exports.py", "fragments.py", "jsonld.py", "network.py", "network_step.py", "outputs.py",
                        "triple_index.py", "viz.py", "write.py", "write_ahead.py"})
READ_ONLY = frozenset({"admission.py", "cli.py", "cli_push.py", "cli_query.py", "cli_view.py", "hub.py",
                       "interface.py", "linkeddata.py", "pages.py", "parameters.py", "push.py", "queries.py",
                       "results.py", "server.py", "shareurl.py", "workers.py"})


@lru_cache(maxsize=2)
def code_version(documents: bool = False) -> str:
    """The code's version; `documents=True`: of the code that makes a document's build (WRITE_ONLY and
    READ_ONLY left out)."""
    digest = hashlib.sha256(_FORMAT.encode())
    files = sorted(p for p in _PACKAGE.rglob("*") if p.is_file() and p.suffix in {".py", ".tsv", ".toml"}
                   and "__pycache__" not in p.parts
                   and not (documents and p.parent == _PACKAGE and p.name in WRITE_ONLY | READ_ONLY))
    files += sorted((PROJECT_ROOT / "ontology").glob("*.ttl"))
    for path in files:
        digest.update(str(path.relative_to(PROJECT_ROOT) if path.is_relative_to(PROJECT_ROOT) else path.name).encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for package in ("rdflib", "owlrl", "pyshacl", "pyoxigraph"):  # pyoxigraph answers SHACL's SPARQL constraints
        try:
            digest.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            pass
    return digest.hexdigest()


def document_key(sha256: str, name: str, curation: Path | None, base: str) -> str:
    """The cache key of one document's result."""
    digest = hashlib.sha256(f"{code_version(documents=True)}\n{sha256}\n{name}\n{base}\n".encode())
    if curation is not None and curation.is_file():
        digest.update(curation.read_bytes())
    return digest.hexdigest()


def has(key: str, folder: Path | None = None) -> bool:
    """Whether an entry is kept under `key` (it may still fail to load: `load` then gives None)."""
    return ((folder or cache_dir()) / f"{key}.pickle").is_file()


class Apart:
    """A mixin for what `store` keeps with some attributes apart: each is read from its file when first
    asked for (`__getattr__` runs only for an attribute the object does not hold)."""

    def __getattr__(self, name: str):
        files = self.__dict__.get("_apart_files")
        if files is None or name not in files:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        path, pickled = files[name]
        try:
            value = path.read_bytes()
            if pickled:
                value = pickle.loads(value)
        except OSError as exc:  # the cache lost it after `load` looked (another build pruned it, a full disk)
            raise PolicyKGError(f"the cache entry {path} went missing during the build ({exc.strerror}); "
                                "build again: the document will be made afresh") from exc
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError) as exc:
            raise PolicyKGError(f"the cache entry {path} cannot be read ({exc}); remove it and build again: "
                                "the document will be made afresh") from exc
        setattr(self, name, value)
        return value


def load(key: str, folder: Path | None = None):
    folder = folder or cache_dir()
    try:
        with (folder / f"{key}.pickle").open("rb") as handle:
            value = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None
    names = getattr(value, "__dict__", {}).pop("_apart", {})  # name -> pickled (else bytes as they are)
    if names:
        files = {name: (folder / f"{key}.{name}", pickled) for name, pickled in names.items()}
        if not all(path.is_file() for path, _ in files.values()):
            return None  # its parts are gone: as if it were not kept
        value._apart_files = files
    return value


def store(key: str, value, folder: Path | None = None, apart: tuple[str, ...] = ()) -> None:
    """Keep `value` under `key`; `apart`: names of its attributes written to files of their own (`KEY.NAME`:
    bytes as they are, anything else pickled), left unread by `load` until asked for (`value`'s class mixes
    in `Apart`)."""
    folder = folder or cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if apart:
            state, kinds = copy.copy(value), {}
            for name in apart:
                data = getattr(value, name)
                kinds[name] = not isinstance(data, bytes)
                _write(folder / f"{key}.{name}",
                       pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL) if kinds[name] else data)
                delattr(state, name)
            state._apart, value = kinds, state
        _write(folder / f"{key}.pickle", pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass  # a read-only or full cache only costs time


def _write(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)  # the parts are in place before the pickle: a pickle found has its parts
    finally:
        temporary.unlink(missing_ok=True)
