"""The write step's network part — the model (graph/fragments.py), the network page (graph/viz.py) and the
analytics (graph/analytics.py) — in a process of its own, beside the records, the exports and the description.

At 1,000 documents the network part is 4 s of pure Python, the longest part of a rebuild's write step, and it
ran in the one process that writes the rest. Nothing else in the write step reads what it makes, and it reads
only the store and the last build's folder, so it can run on the other core. Its process is started as the
build begins (a fresh interpreter: "fork" would copy the store's RocksDB threads), so that its imports and its
reading of the last build's fragments overlap the making of the documents and the store, which leave the second
core idle part of the time. Once the store is complete it is given the staging folder and a checkpoint of the
store (hard links, so a compaction in the build's process cannot take a file from under it), which it opens
read-only.

With few documents the network part costs less than starting a process and importing its modules, and it runs
in the build's process (`BESIDE_FROM`). Either way it is `draw`, so the files are the same bytes.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from .errors import PolicyKGError

BESIDE_FROM = 50  # documents: from here on the network part runs in a process of its own
CHECKPOINT = ".network.store"  # in the staging folder, while the network part reads it
ANSWER = ".network.json"  # in the staging folder: the files the process wrote, and its seconds


def draw(dataset, staging: Path, base: str, previous: Path, read_ahead=None) -> list[Path]:
    """The network page and the analytics into `staging`; the last build's fragments and page parts (in
    `previous`, the output folder) are taken again where their documents have not changed (`read_ahead`:
    graph/fragments.py's ReadAhead of its fragments, where they were read already)."""
    from .analytics import FOLDER as ANALYTICS, write_analytics
    from .fragments import FOLDER
    from .network import network_model
    from .viz import write_network_page

    model = network_model(dataset, base=base, previous=read_ahead or previous / FOLDER, keep=staging / FOLDER)
    written = write_network_page(model, staging / "network.html", previous=previous)  # large: an overview
    return written + write_analytics(dataset, staging / ANALYTICS, model=model)


class NetworkPart:
    """Made as the build begins; `start` once the store is complete (with the staging folder to write into);
    `finish` for the files written and the part's own seconds."""

    def __init__(self, base: str, previous: Path, beside: bool):
        self._base, self._previous = base, Path(previous).absolute()
        self._given = self._staging = None
        self._store, self._process = None, None
        if beside:
            package_root = str(Path(__file__).resolve().parents[1])  # the child imports this very package
            paths = [package_root, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
            self._process = subprocess.Popen(
                [sys.executable, "-m", "graph.network_step", base, str(self._previous)],
                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                env={**os.environ, "PYTHONPATH": os.pathsep.join(paths)})

    @property
    def beside(self) -> bool:
        return self._process is not None

    def start(self, store, staging: Path) -> None:
        self._given, self._staging = Path(staging), Path(staging).absolute()  # files named as the caller names it
        if self._process is None:
            self._store = store  # until `finish`, which lets go of it: the caller releases the store after
            return
        store.backup(str(self._staging / CHECKPOINT))
        self._process.stdin.write(f"{self._staging}\n{self._staging / CHECKPOINT}\n".encode())
        self._process.stdin.close()

    def finish(self) -> tuple[list[Path], float]:
        if self._process is None:
            from .store import as_dataset

            started = time.perf_counter()
            store, self._store = self._store, None
            written = draw(as_dataset(store, self._base), self._given, self._base, self._previous)
            return written, time.perf_counter() - started
        try:
            errors = self._process.stderr.read()  # to its end: the process has then ended, or is ending
            if self._process.wait() != 0:
                raise PolicyKGError("drawing the network failed (in its own process):\n"
                                    + errors.decode("utf-8", errors="replace").rstrip())
            answer = json.loads((self._staging / ANSWER).read_text(encoding="utf-8"))
            return [self._given / p for p in answer["written"]], answer["seconds"]
        finally:
            self._clean()

    def close(self) -> None:
        """Stop the process if the build ended before it finished (an error elsewhere)."""
        if self._process is not None:
            if self._process.poll() is None:
                self._process.kill()
                self._process.wait()
            for pipe in (self._process.stdin, self._process.stderr):
                pipe.close()
        self._clean()

    def _clean(self) -> None:
        if self._staging is not None:
            shutil.rmtree(self._staging / CHECKPOINT, ignore_errors=True)
            (self._staging / ANSWER).unlink(missing_ok=True)


@contextmanager
def network_part(base: str, previous: Path, documents: int):
    """A `NetworkPart` for a build of `documents` into `previous` (the output folder); its process, if any,
    ends with the block."""
    part = NetworkPart(base, previous, beside=documents >= BESIDE_FROM)
    try:
        yield part
    finally:
        part.close()


def _main(base: str, previous: str) -> None:
    import gc

    import pyoxigraph as ox

    from . import analytics, collector, fragments, network, store, viz  # noqa: F401 - imported while the documents are made

    # As in the build's process (graph/collector.py): the steps that make many objects pause the collector
    # and freeze what they made, which they do only where something is frozen already. Without this, the
    # first collection after such a step scanned its millions of objects (0.7 s at 1,000 documents).
    gc.freeze()
    # The last build's fragments, read while the build makes its documents and store (1 s at 1,000 documents);
    # which of them still hold is known once the store is (their keys come from it).
    read_ahead = fragments.ReadAhead(Path(previous) / fragments.FOLDER)
    with collector.paused():  # and what the page and the analytics import (0.4 s), while the store is made
        import networkx  # noqa: F401
        import PIL.ImageDraw  # noqa: F401
        import pyvis.network  # noqa: F401
    staging, checkpoint = sys.stdin.readline().strip(), sys.stdin.readline().strip()
    if not checkpoint:  # the build stopped before its store was complete
        return
    started = time.perf_counter()
    written = draw(store.as_dataset(ox.Store.read_only(checkpoint), base), Path(staging), base, Path(previous),
                   read_ahead)
    (Path(staging) / ANSWER).write_text(json.dumps({"written": [str(p.relative_to(staging)) for p in written],
                                                    "seconds": time.perf_counter() - started}), encoding="utf-8")


if __name__ == "__main__":
    _main(*sys.argv[1:])
