"""The whole catalogue on a build's store: through the project's API (graph.queries.run, results as
rdflib terms, as `query` and `serve` run it) beside the baseline — pyoxigraph alone running the same
filled-in text on the same store (opened the same way, read-only on disk), with nothing converted —
then both again on the store loaded into memory (the API as `serve --in-memory` runs it: store and
union from the build's exports; pyoxigraph on that in-memory store). Milliseconds per query, the
median of --repeat runs after one uncounted run; then the catalogue's median and maximum, and ratios.

    .venv/bin/python bench/catalogue.py --build build            # every query, 5 runs each
    .venv/bin/python bench/catalogue.py --build B --repeat 3 --only responsibility-matrix search
    .venv/bin/python bench/catalogue.py --build B --cold         # also: the first run in this process
    .venv/bin/python bench/catalogue.py --build B --no-memory    # a large store: no in-memory copy
    .venv/bin/python bench/catalogue.py --build B --plan https://w3id.org/policykg/plan/kz-mtszn-2020-roadmap

--cold also prints each query's first run (its header parsed, the query checked: what one
`policykg query` pays) and the catalogue's loading time. A required parameter gets the example its
VALUES block holds. Without --build the bundled documents are built into a temporary folder.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from timing import median_seconds  # noqa: E402  (bench/timing.py, beside this script)


def _consume(result):
    """Evaluate the whole answer (rdflib's Result or pyoxigraph's)."""
    import pyoxigraph as ox

    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, (ox.QuerySolutions, ox.QueryTriples)):
        return sum(1 for _ in result)
    if result.type == "ASK":
        return result.askAnswer
    return len(result.graph) if result.type in ("CONSTRUCT", "DESCRIBE") else len(list(result.bindings))


def examples(query) -> dict[str, str]:
    from graph import queries

    return {p.name: str(queries._values_term(query.text, queries._values_blocks(query.text, p.name)[0].group("content")))
            for p in query.params if p.required}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--build", type=Path, default=None, help="a build folder (default: build the bundled documents)")
    parser.add_argument("--only", nargs="*", default=None, help="query names")
    parser.add_argument("--cold", action="store_true", help="also time each query's first run in this process")
    parser.add_argument("--plan", default=None,
                        help="also run each query that takes a plan with this one (an IRI), as NAME[plan]")
    parser.add_argument("--no-memory", action="store_true", help="leave out the in-memory copy (its column shows nan)")
    args = parser.parse_args()
    started = time.perf_counter()
    import pyoxigraph as ox

    from graph import queries, store as oxstore
    imported = time.perf_counter() - started
    folder = args.build
    if folder is None:
        from graph.pipeline import build

        folder = Path(tempfile.mkdtemp()) / "build"
        build([], folder, docs=False)
    started = time.perf_counter()
    catalogue = queries.load_catalogue()
    loaded = time.perf_counter() - started
    dataset = queries.load_graph(folder)
    disk = oxstore.native(dataset)
    in_memory = None if args.no_memory else queries.load_graph(folder, in_memory=True)
    memory = None if in_memory is None else oxstore.native(in_memory)
    print(f"{folder}: {len(disk)} quads; imports {imported * 1000:.0f} ms, catalogue loaded in {loaded * 1000:.0f} ms")
    names = args.only or list(catalogue)
    print(f"{'query':34} {'rows':>6} {'API (ms)':>9} {'pyoxigraph (ms)':>16} {'ratio':>6} {'API mem (ms)':>13} "
          f"{'pyoxigraph mem (ms)':>20}"
          + (f" {'first (ms)':>11}" if args.cold else ""))
    figures = []
    runs = [(name, name, {}) for name in names]
    if args.plan:
        runs += [(f"{name}[plan]", name, {"plan": args.plan}) for name in names
                 if any(p.name == "plan" for p in catalogue[name].params)]
    for label, name, given in runs:
        query = catalogue[name]
        values = {**examples(query), **given}
        filled = query.text_for(query.bindings(values))[0]
        first = None
        if args.cold:
            fresh = queries.StoredQuery._from_text(query.text, name, query.path, strict=False)  # nothing cached
            begun = time.perf_counter()
            _consume(queries.run(fresh, dataset, values))
            first = time.perf_counter() - begun
        rows = _consume(queries.run(query, dataset, values))
        ours = median_seconds(lambda: _consume(queries.run(query, dataset, values)), args.repeat, warm_up=True)
        theirs = median_seconds(lambda: _consume(disk.query(filled, use_default_graph_as_union=True)), args.repeat,
                                warm_up=True)
        held = float("nan") if memory is None else median_seconds(
            lambda: _consume(memory.query(filled, use_default_graph_as_union=True)), args.repeat, warm_up=True)
        ours_held = float("nan") if in_memory is None else median_seconds(
            lambda: _consume(queries.run(query, in_memory, values)), args.repeat, warm_up=True)
        figures.append((ours, theirs, ours_held, held, first))
        print(f"{label:34} {rows!s:>6} {ours * 1000:9.2f} {theirs * 1000:16.2f} {ours / theirs:6.2f} "
              f"{ours_held * 1000:13.2f} {held * 1000:20.2f}"
              + (f" {first * 1000:11.2f}" if args.cold else ""))
    columns = list(zip(*figures))
    print(f"{len(runs)} runs; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for label, pick in (("median", statistics.median), ("max", max)):
        ours, theirs, ours_held, held = (pick(c) for c in columns[:4])
        print(f"{label:34} {'':>6} {ours * 1000:9.2f} {theirs * 1000:16.2f} {ours / theirs:6.2f} "
              f"{ours_held * 1000:13.2f} {held * 1000:20.2f}"
              + (f" {pick(columns[4]) * 1000:11.2f}" if args.cold else ""))


if __name__ == "__main__":
    main()
