"""How much of each real plan the reader gets right: its records against the hand reading.

    python bench/real_plans.py [FOLDER]

For every plan in FOLDER (default tests/data/real/) that has expected/<name>.json, prints the measures
found against the expected count and, per column (number, group, title, deadline, executors, form of
completion, cost, funding), how many cells equal the hand reading — exactly (white space collapsed) and
leniently (white space and hyphens ignored, ditto marks allowed to stand for the value they repeat). The
HTML plans are read cell for cell; the pseudographic plans whose spacing was collapsed are rebuilt from
interleaved fragments (graph/tables/collapsed.py), so their shares are the figure to watch.
"""
from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.normalize.places import Gazetteer  # noqa: E402
from graph.readers import ReadContext, read_document  # noqa: E402
from graph.sources import read_source  # noqa: E402

COLUMNS = {
    "number": lambda m, g: m.printed_number, "group": lambda m, g: g.get(m.task), "title": lambda m, g: m.title,
    "deadline": lambda m, g: m.deadline.text, "executors": lambda m, g: m.executors_text,
    "completion_form": lambda m, g: m.completion_form, "cost": lambda m, g: m.cost.text if m.cost else None,
    "funding": lambda m, g: m.funding_text,
}


def exact(value) -> str | None:
    return " ".join(str(value).split()) if value is not None else None


def lenient(value) -> str | None:
    return re.sub(r"[\s\-‐–—]", "", str(value)).lower() if value is not None else None


def matches(got, expected: dict, column: str, norm) -> bool:
    wanted = [expected.get(column), expected.get(f"{column}_resolved")]
    if isinstance(wanted[0], list):
        wanted.append(" ".join(wanted[0]))
    return any(norm(got) == norm(w) for w in wanted if w is not None) or (got is None and wanted[0] is None)


def main(folder: Path) -> None:
    gazetteer = Gazetteer.load()
    for path in sorted(folder.glob("*.md")):
        expected_path = folder / "expected" / f"{path.stem}.json"
        if not expected_path.exists():
            continue
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        source = read_source(path)
        started = time.perf_counter()
        records = read_document(source, ReadContext(source=source, gazetteer=gazetteer))
        seconds = time.perf_counter() - started
        groups = {t.number: t.title for t in records.tasks}
        pairs = list(zip(records.measures, expected["measures"]))
        print(f"{path.name}: {len(records.measures)} of {len(expected['measures'])} measures, read in {seconds:.2f} s")
        for column, value in COLUMNS.items():
            strict = sum(matches(value(m, groups), e, column, exact) for m, e in pairs)
            loose = sum(matches(value(m, groups), e, column, lenient) for m, e in pairs)
            print(f"  {column:16} exact {strict:3}/{len(pairs)} ({strict / len(pairs):4.0%})   "
                  f"lenient {loose:3}/{len(pairs)} ({loose / len(pairs):4.0%})")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "data" / "real")
