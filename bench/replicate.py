"""A bigger store for the catalogue benchmark without building it: K copies of a build's documents,
each copy under its own IRIs (`…/plan/ID` -> `…/plan/ID-rK`, the same for `document/` and the
document graphs), sharing the reference data (organisations, places, concepts) as real plans do.

    python bench/replicate.py BUILD K OUT     # OUT/store (Oxigraph) and OUT/rdf/dataset.nq

It stands in for a build of K × (BUILD's documents) when that cannot be made in time: the copies
have the same shape as the originals (no new issuers, years or forms), so it measures how queries
grow with the number of plans, not with their variety. bench/scale.py builds the real thing.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pyoxigraph as ox

_OWN = re.compile(r"<(https?://[^>]*?/(?:graph/document|plan|document)/)([^/>#]+)")


def replicate(build: Path, copies: int, out: Path) -> int:
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
    store.flush()
    return len(store)


if __name__ == "__main__":
    print(replicate(Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])), "quads")
