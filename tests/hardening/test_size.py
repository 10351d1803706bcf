"""Big documents: reading is linear in the input, long steps show progress, and a size limit is stated.

Roadmaps of a given size are made from the bundled one (tests/hardening/bigdoc.py). Times are compared
as ratios within one run, never as absolute figures: a 10× larger table must take well under 25× as long
to assemble (linear gives about 10; the per-row duplicate scan this replaced gave about 100), and the
whole reading of a 4× larger document — every cell normalised — well under 8× (linear 4, quadratic 16).
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bigdoc import big_roadmap  # noqa: E402

from graph.cli import cli  # noqa: E402
from graph.normalize.places import Gazetteer  # noqa: E402
from graph.pipeline import read_one  # noqa: E402
from graph.readers import ReadContext, roadmap  # noqa: E402
from graph.readers.table import Row  # noqa: E402
from graph.records import DocumentRecords  # noqa: E402
from graph.sources import read_source  # noqa: E402


def _assemble_seconds(path: Path) -> tuple[float, int]:
    started = time.perf_counter()
    source = read_source(path)
    header = next(n for n, line in enumerate(source.lines, 1) if "\t" in line and roadmap._is_header(Row.of(n, line)))
    drafts = roadmap._assemble(source, ReadContext(source=source, gazetteer=Gazetteer.load()), DocumentRecords(plan=None),
                               header, None, Row.of(header, source.line(header)).width)
    return time.perf_counter() - started, len(drafts)


def test_a_10_mb_table_is_assembled_in_linear_time(tmp_path):
    small_seconds, small = _assemble_seconds(big_roadmap(1_000_000, tmp_path / "1mb.txt"))
    big_seconds, big = _assemble_seconds(big_roadmap(10_000_000, tmp_path / "10mb.txt"))
    assert 9 * small <= big <= 11 * small  # ten times the measures
    assert big_seconds / small_seconds < 25, (small_seconds, big_seconds)


def test_reading_a_document_four_times_as_large_takes_about_four_times_as_long(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("POLICYKG_PROGRESS", "1")
    timings = {}
    for size in (100_000, 400_000):
        source = read_source(big_roadmap(size, tmp_path / f"{size}.txt"))
        started = time.perf_counter()
        records, _ = read_one(source, curation_dir=None)
        timings[size] = (time.perf_counter() - started, len(records.measures))
    (small_seconds, small), (big_seconds, big) = timings[100_000], timings[400_000]
    assert 3.5 * small <= big <= 4.5 * small
    assert big_seconds / small_seconds < 8, timings
    shown = capsys.readouterr().err
    assert "400000.txt: measures:" in shown and f"/{big} [" in shown  # a bar over the document's measures


def test_a_document_above_max_size_is_refused_before_reading(tmp_path):
    path = big_roadmap(1_500_000, tmp_path / "big.txt")
    result = CliRunner().invoke(cli, ["build", str(path), "--max-size", "1", "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert "the document is 1.5 MB, more than the 1 MB limit" in result.output
    assert not (tmp_path / "out").exists()
