"""Figures for graph/tables/collapsed.py on the two real collapsed plans: the share of cells that
match the hand reading (tests/data/real/expected/), per column, and the time to rebuild a table.

    .venv/bin/python bench/collapsed.py            # shares and timings (median of 3 runs)
    .venv/bin/python bench/collapsed.py --runs 1   # quicker

Shares: a cell matches when its text equals the hand reading's after line breaks are rejoined,
ignoring spaces and hyphens; measures are paired in order; a cell spanning several columns (text
that could not be separated) matches nothing. Timings: `rebuild` (all passes, margins, notes)
against a baseline of one decoding pass with no widths and no later passes — what the extra
passes and the doubt measurement cost.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.tables import collapsed  # noqa: E402
from graph.tables._collapsed_check import find_tables, shares  # noqa: E402
from graph.tables._collapsed_cues import column_kinds  # noqa: E402
from timing import median_seconds  # noqa: E402  (bench/timing.py, beside this script)

PLANS = ["2003-astana-borba-s-korruptsiei", "2003-astana-reabilitatsiia-invalidov"]


def plan_table(name: str):
    text = (ROOT / "tests" / "data" / "real" / f"{name}.md").read_text(encoding="utf-8")
    return next((h, b) for h, b in find_tables(text) if "title" in column_kinds(h))


def one_pass(header, body):
    kinds = column_kinds(header)
    items, _ = collapsed._split_rows(body)
    measures = [m for kind, m in items if kind == "measure"]
    return collapsed._decode(collapsed._Model(kinds), measures)




def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    for name in PLANS:
        header, body = plan_table(name)
        expected = json.loads((ROOT / "tests" / "data" / "real" / "expected" / f"{name}.json")
                              .read_text(encoding="utf-8"))["measures"]
        table, _ = collapsed.rebuild(header, body, table=1)
        rows = [r for r in table.rows[1:] if not (len(r.cells) == 1 and r.cells[0].bold)]
        spans = sum(1 for r in rows for c in r.cells if c.colspan > 1)
        noted = sum(1 for r in rows for c in r.cells if c.note)
        print(f"{name}: {len(rows)} measure rows (hand reading: {len(expected)}), {len(body)} lines, "
              f"{spans} spanning cells, {noted} cells with a note")
        for kind, (good, total) in shares(table, column_kinds(header), expected).items():
            print(f"  {kind:9s} {good:3d}/{total} = {good / total:4.0%}")
        full = median_seconds(lambda: collapsed.rebuild(header, body, table=1), args.runs)
        base = median_seconds(lambda: one_pass(header, body), args.runs)
        print(f"  rebuild   {full:6.2f} s  ({len(rows) / full:5.1f} rows/s)   baseline one pass "
              f"{base:6.2f} s   ratio {full / base:4.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
