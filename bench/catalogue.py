"""Figures for the catalogue's parameter binding: the VALUES blocks the runner fills (graph.queries.run,
the shipped path) against the baseline — the catalogue as it was at --baseline (a git revision, default
4ce403a^, before the VALUES blocks), run the old way with rdflib's initBindings — and Oxigraph
(pyoxigraph) on the same filled text. Seconds per query (defaults), median of --repeat runs.

    .venv/bin/python bench/catalogue.py                 # every catalogue query, defaults, 5 runs each
    .venv/bin/python bench/catalogue.py --repeat 3 --only measures-due-before grants-by-region

The dataset is a build of the bundled documents (built into a temporary folder unless --build names one).
The baseline binds the old header's defaults (and the required parameters' example values) with
initBindings on the old text; a query the baseline revision does not have is shown with «-».
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph import queries  # noqa: E402
from graph.pipeline import build  # noqa: E402
from timing import median_seconds  # noqa: E402  (bench/timing.py, beside this script)




def _consume(result):
    """Evaluate the whole answer (rdflib evaluates SELECT lazily)."""
    if result.type == "ASK":
        return result.askAnswer
    return len(result.graph) if result.type in ("CONSTRUCT", "DESCRIBE") else len(list(result.bindings))


def _example(query, name):
    return queries._values_term(query.text, queries._values_blocks(query.text, name)[0].group("content"))


def _old_query(revision: str, name: str):
    root = Path(__file__).resolve().parents[1]
    shown = subprocess.run(["git", "-C", str(root), "show", f"{revision}:queries/{name}.rq"], capture_output=True,
                           text=True)
    return queries.StoredQuery.from_text(shown.stdout, name) if shown.returncode == 0 else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--build", type=Path, default=None, help="a build folder (default: build the bundled documents)")
    parser.add_argument("--only", nargs="*", default=None, help="query names")
    parser.add_argument("--baseline", default="4ce403a^", help="git revision of the baseline catalogue")
    args = parser.parse_args()
    folder = args.build
    if folder is None:
        folder = Path(tempfile.mkdtemp()) / "build"
        build([], folder, docs=False)
    dataset = queries.load_graph(folder)
    import pyoxigraph as ox
    store = ox.Store()
    store.load(path=str(folder / "rdf" / "dataset.trig"), format=ox.RdfFormat.TRIG)
    catalogue = queries.load_catalogue()
    names = args.only or [n for n, q in catalogue.items() if q.params]
    print(f"{'query':34} {'VALUES (s)':>11} {'initBindings (s)':>17} {'oxigraph (s)':>13}")
    totals = [0.0, 0.0, 0.0]  # over the queries the baseline has too
    for name in names:
        query = catalogue[name]
        values = {p.name: str(_example(query, p.name)) for p in query.params if p.required}  # the file's examples
        bound = query.bindings(values)
        filled = query.text_for(bound)[0]

        def shipped():
            return _consume(queries.run(query, dataset, values))

        old = _old_query(args.baseline, name)

        def baseline():
            old_values = {k: v for k, v in values.items() if any(p.name == k for p in old.params)}
            return _consume(dataset.query(old.prepared, initBindings=old.bindings(old_values)))

        def oxigraph():
            result = store.query(filled, use_default_graph_as_union=True)
            return bool(result) if query.form == "ASK" else len(list(result))

        figures = [median_seconds(f, args.repeat) if f is not baseline or old is not None else float("nan")
                   for f in (shipped, baseline, oxigraph)]
        if figures[1] == figures[1]:  # not NaN
            totals = [t + f for t, f in zip(totals, figures)]
        print(f"{name:34} {figures[0]:11.4f} {figures[1]:17.4f} {figures[2]:13.4f}")
    print(f"{'total':34} {totals[0]:11.4f} {totals[1]:17.4f} {totals[2]:13.4f}")


if __name__ == "__main__":
    main()
