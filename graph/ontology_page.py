"""The ontology's HTML page (pyLODE, graph/docs.py), made once per version of the ontology, of pyLODE and of
graph/docs.py and kept in the cache (graph/cache.py).

pyLODE takes most of a second and needs only the ontology, so when the page is not cached `start()` makes it in
a background process while the build goes on (graph/pipeline.py starts it once the documents' processes are done
with their share of the cores, so that it runs beside the write step's single process);
`write(out, started)` waits for it and copies the page into the build. If the background process could not
leave the page in the cache (a read-only cache, an error), the page is made here, in the build's own process, so
an error is raised where the build can report it.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from importlib import metadata
from multiprocessing import get_context
from pathlib import Path

from . import cache
from .paths import ONTOLOGY_PATH

_DOCS = Path(__file__).with_name("docs.py")


def cached_page() -> Path:
    digest = hashlib.sha256(ONTOLOGY_PATH.read_bytes() + _DOCS.read_bytes())
    digest.update(metadata.version("pylode").encode())
    return cache.cache_dir() / f"ontology-{digest.hexdigest()[:32]}.html"


def start():
    """A process making the page into the cache, or None when it is there already (or cannot fork)."""
    if cached_page().is_file() or os.name != "posix":
        return None
    process = get_context("fork").Process(target=_make, args=(cached_page(),), daemon=True, name="policykg-ontology-page")
    process.start()
    return process


def write(out: Path, started=None) -> Path:
    """The page at `out`: from the cache, after the background process `started` (if any) has finished."""
    if started is not None:
        started.join()
    cached = cached_page()
    out.parent.mkdir(parents=True, exist_ok=True)
    if cached.is_file():
        shutil.copyfile(cached, out)
        return out
    from . import docs

    docs.write_ontology_docs(ONTOLOGY_PATH, out)
    try:
        _keep(out, cached)
    except OSError:
        pass  # a read-only cache only costs time
    return out


def _make(cached: Path) -> None:  # in the background process
    from . import docs

    try:
        with tempfile.TemporaryDirectory() as scratch:
            page = Path(scratch) / "ontology.html"
            docs.write_ontology_docs(ONTOLOGY_PATH, page)
            _keep(page, cached)
    except Exception:  # noqa: BLE001 - write() makes the page again in the build's process and reports there
        os._exit(1)


def _keep(page: Path, cached: Path) -> None:
    """Copy into the cache under a temporary name, then rename: a reader never sees half a page."""
    cached.parent.mkdir(parents=True, exist_ok=True)
    partial = cached.with_name(f".{cached.name}.{os.getpid()}")
    shutil.copyfile(page, partial)
    os.replace(partial, cached)
