"""Big documents: reading is linear in the input, long steps show progress, and a size limit is stated.

Roadmaps of a given size are made from the bundled one (tests/hardening/bigdoc.py). Times are compared
as ratios within one run, never as absolute figures: the whole reading of a 10× larger document — every
cell normalised — must take well under 25× as long (linear gives about 10, quadratic about 100).
The generated document repeats the bundled roadmap's 69 rows, so the normalisers' caches of distinct
texts (graph/normalize/text.py, phrases.py) serve most cells: the test bounds the growth of everything
else, which is where a per-row rescan or rebuilt index would show.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bigdoc import big_roadmap  # noqa: E402

from graph.cli import cli  # noqa: E402
from graph.pipeline import read_one  # noqa: E402
from graph.sources import read_source  # noqa: E402


def _read_seconds(path: Path) -> tuple[float, int]:
    source = read_source(path)
    started = time.perf_counter()
    records, _ = read_one(source, curation_dir=None)
    return time.perf_counter() - started, len(records.measures)


def test_a_10_mb_document_is_read_in_full_in_linear_time(tmp_path, monkeypatch, capsys):
    """The whole reading — table, every cell normalised, findings, accounting — of 10 MB against 1 MB in
    the same run: linear gives about 10, quadratic about 100; the bound, 25, fails quadratic by 4×.
    About 35 s on 2 cores at a load average of 9 (17 s of CPU: 1 MB 1.5 s, 10 MB 16 s)."""
    monkeypatch.setenv("POLICYKG_PROGRESS", "1")
    small_seconds, small = _read_seconds(big_roadmap(1_000_000, tmp_path / "1mb.txt"))
    big_seconds, big = _read_seconds(big_roadmap(10_000_000, tmp_path / "10mb.txt"))
    assert 9.5 * small <= big <= 10.5 * small  # ten times the measures
    assert big_seconds / small_seconds < 25, (small_seconds, big_seconds)
    shown = capsys.readouterr().err
    assert "10mb.txt: measures:" in shown and f"/{big} [" in shown  # a bar over the document's measures


def test_a_document_above_max_size_is_refused_before_reading(tmp_path):
    path = big_roadmap(1_500_000, tmp_path / "big.txt")
    result = CliRunner().invoke(cli, ["build", str(path), "--max-size", "1", "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert "the document is 1.5 MB, more than the 1 MB limit" in result.output
    assert not (tmp_path / "out").exists()
