"""The description's VoID figures of a kept build: the DISTINCT scan of its store (the old way) beside
the merge of its export chunks' hashes (graph/chunks.py's statistics), median of --repeat runs, with
both figures printed (they must be equal) and the ratio.

    python bench/void_counts.py BUILD_FOLDER CACHE/parts   # e.g. after bench/scale.py --work /tmp/w
"""
from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import pyoxigraph as ox

from graph import chunks
from graph.describe import _used_terms, store_statistics


def last_build_chunks(parts: Path) -> list[chunks.Chunk]:
    """The chunks the newest build used: each build marks its chunks' times (chunks.prune)."""
    metas = list(parts.glob("*.json"))
    newest = max(m.stat().st_mtime for m in metas)
    found = [chunks.load(parts, m.stem, json.loads(m.read_text(encoding="utf-8"))["graph"])
             for m in metas if m.stat().st_mtime > newest - 30]
    return [c for c in found if c is not None]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("build", type=Path)
    parser.add_argument("parts", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    store = ox.Store.read_only(str(args.build / "store"))
    found = last_build_chunks(args.parts)
    old, new = [], []
    for _ in range(args.repeat):
        started = time.perf_counter()
        scanned = store_statistics(store)
        _used_terms(store)
        old.append(time.perf_counter() - started)
        started = time.perf_counter()
        merged = chunks.statistics(found)
        chunks.used_terms(found)
        new.append(time.perf_counter() - started)
    print(f"store scan:  {scanned}  median {statistics.median(old):.3f} s")
    print(f"chunk merge: {merged}  median {statistics.median(new):.3f} s ({len(found)} chunks)")
    print(f"equal: {scanned == merged}; ratio {statistics.median(old) / statistics.median(new):.1f}x")
    return 0 if scanned == merged else 1


if __name__ == "__main__":
    raise SystemExit(main())
