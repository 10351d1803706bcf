"""A bigger store for the catalogue benchmark without building it: K copies of a build's documents,
each copy under its own IRIs (`…/plan/ID` -> `…/plan/ID-rK`, the same for `document/` and the
document graphs), sharing the reference data (organisations, places, concepts) as real plans do.

    python bench/replicate.py BUILD K OUT              # OUT/store (Oxigraph) and OUT/rdf/dataset.nq
    python bench/replicate.py BUILD K OUT --optimize   # the store compacted after loading

It stands in for a build of K × (BUILD's documents) when that cannot be made in time: the copies
have the same shape as the originals (no new issuers, years or forms), so it measures how queries
grow with the number of plans, not with their variety. bench/scale.py builds the real thing.
--optimize compacts the store (pyoxigraph's Store.optimize) as a build could after writing it: the
bulk loader leaves many overlapping files, and reading them costs a read-only store several times
more per lookup (at 1,000 documents, raw pyoxigraph in bench/catalogue.py: `beneficiary-categories`
1.4 s before, 0.36 s after; `allocations-above` 4.2 s, 1.4 s; a scan of everything, `graphs`, 2.8 s both).
"""
from __future__ import annotations

import argparse
import re
from pathlib import Path

import pyoxigraph as ox

_OWN = re.compile(r"<(https?://[^>]*?/(?:graph/document|plan|document)/)([^/>#]+)")


def replicate(build: Path, copies: int, out: Path, *, optimize: bool = False) -> int:
    lines = (build / "rdf" / "dataset.nq").read_text(encoding="utf-8").splitlines()
    (out / "rdf").mkdir(parents=True, exist_ok=True)
    target = out / "rdf" / "dataset.nq"
    with target.open("w", encoding="utf-8") as stream:
        for copy in range(copies):
            suffix = f"-r{copy}" if copy else ""
            for line in lines:
                stream.write((_OWN.sub(lambda m: f"<{m.group(1)}{m.group(2)}{suffix}", line) if suffix else line) + "\n")
    store = ox.Store(str(out / "store"))
    store.bulk_load(path=str(target), format=ox.RdfFormat.N_QUADS)
    if optimize:
        store.optimize()
    store.flush()
    return len(store)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build", type=Path)
    parser.add_argument("copies", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--optimize", action="store_true", help="compact the store after loading it")
    args = parser.parse_args()
    print(replicate(args.build, args.copies, args.out, optimize=args.optimize), "quads")
