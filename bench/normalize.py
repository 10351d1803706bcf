"""Figures for the cell normalisers issue 10 and 8 extended: parse_deadline and parse_executors.

    .venv/bin/python bench/normalize.py            # 7 runs of each (a few seconds)
    .venv/bin/python bench/normalize.py --runs 3
    .venv/bin/python bench/normalize.py --code /tmp/main   # the same inputs through another checkout's graph/

Inputs are the forms of the tests (tests/normalize/test_deadline_forms.py, test_deadlines.py) and the
executors cells of the bundled roadmap, each parsed once per run. The baseline, side by side, is the
text clean-up every parse starts with (graph.normalize.text.clean, plus the lower-casing of
deadlines): what parsing costs beyond reading the cell at all. Medians of the runs, in cells per second.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# --code DIR: import graph/ from another checkout (e.g. main, for a before/after figure).
CODE = Path(sys.argv[sys.argv.index("--code") + 1]) if "--code" in sys.argv else ROOT
sys.path.insert(0, str(ROOT / "tests" / "normalize"))
sys.path.insert(0, str(CODE))

from graph.normalize.deadlines import parse_deadline  # noqa: E402
from graph.normalize.executors import parse_executors  # noqa: E402
from graph.normalize.organisations import Directory  # noqa: E402
from graph.normalize.text import clean  # noqa: E402
from graph.pipeline import read_documents  # noqa: E402


def deadline_cells() -> list[str]:
    import test_deadline_forms as forms
    import test_deadlines as seeds

    cells = [c[0] for c in forms.DATED + forms.RECURRING + forms.RELATIVE] + [c[0] for c in seeds.CASES]
    return cells * 20


def executor_cells():
    documents, _ = read_documents(sorted((ROOT / "data" / "sources").glob("*.txt")))
    roadmap = next(d for d in documents if d.plan.layout == "roadmap")
    directory = Directory.from_glossary(roadmap.glossary, roadmap.plan.country)
    return [m.executors_text for m in roadmap.measures if m.executors_text] * 20, directory


def rate(function, cells, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        for cell in cells:
            function(cell)
        times.append(time.perf_counter() - started)
    return len(cells) / statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose graph/ to import")
    runs = parser.parse_args().runs
    deadlines = deadline_cells()
    executors, directory = executor_cells()
    rows = [
        ("parse_deadline", len(deadlines), rate(lambda c: parse_deadline(c, 2021), deadlines, runs),
         rate(lambda c: clean(c).lower(), deadlines, runs)),
        ("parse_executors (no akimat expansion)", len(executors), rate(lambda c: parse_executors(c, directory), executors, runs),
         rate(clean, executors, runs)),
    ]
    print(f"graph/ from {CODE}; median of {runs} runs; cells per second")
    print(f"{'normaliser':40} {'cells':>6} {'parse/s':>10} {'clean/s':>11} {'ratio':>7}")
    for name, n, parsed, baseline in rows:
        print(f"{name:40} {n:>6} {parsed:>10.0f} {baseline:>11.0f} {baseline / parsed:>6.1f}x")


if __name__ == "__main__":
    main()
