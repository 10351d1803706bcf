"""Rows per second of each input front end (graph/tables), against merely parsing the same file.

    .venv/bin/python bench/read.py            # every format, 5 runs each (well under a minute)
    .venv/bin/python bench/read.py --runs 9

Inputs, all from files in the repository or written here (no binary fixture):
- `html/markdown`: the three real plans with HTML tables (tests/data/real/), read by
  graph.tables.load; baseline lxml.html.fromstring of each file's text;
- `docx`, `pdf`: the same plans' tables written with python-docx / reportlab (the test
  writers, tests/tables/table_writers.py); baselines docx.Document(...) and
  pdfplumber.open(...) + extract_words() on every page;
- `pseudographic`: the 1998 plan written as an intact pseudographic table, repeated to
  about 1,000 rows; baseline lxml on the HTML rendering of the same plan — the cost of
  reading the same cells from HTML;
- `tsv`: the two bundled examples (data/sources/); baseline splitting every line at tabs.

Each figure is the median of `--runs` timed runs after one warm-up; the ratio is the front
end's time over the baseline's (how many times the bare parse the whole reading costs).

    .venv/bin/python bench/read.py --full     # the whole reading (graph.pipeline.read_one) by size

`--full` reads generated roadmaps (tests/hardening/bigdoc.py) of 0.1 and 1 MB in full — every cell
normalised, findings, accounting — with the normalisers' caches emptied before each run (a run
costs what a fresh build costs), and prints seconds, ms per measure and the ratio of the two sizes
(linear: about 10).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "tables"))

import docx  # noqa: E402
import lxml.html  # noqa: E402
import pdfplumber  # noqa: E402

from graph.paths import BUNDLED_SOURCES  # noqa: E402
from graph.sources import read_source  # noqa: E402
from graph.tables import load  # noqa: E402
from graph.tables.markdown import read_markdown  # noqa: E402
from table_writers import REAL, write_docx, write_pdf, write_pseudographic  # noqa: E402
from timing import median_seconds  # noqa: E402  (bench/timing.py, beside this script)

HTML_PLANS = ["1997-almaty-obl-okhrana-truda", "1998-almaty-obl-sibirskaia-iazva", "2019-perepis-naseleniia-2021"]




def _rows(documents) -> int:
    return sum(len(t.rows) for d in documents for t in d.tables)


def cases(work: Path):
    markdown = [REAL / f"{name}.md" for name in HTML_PLANS]
    texts = [p.read_text(encoding="utf-8") for p in markdown]
    yield ("html/markdown", lambda: [load(p) for p in markdown],
           "lxml.html.fromstring", lambda: [lxml.html.fromstring(t) for t in texts])

    tables = [load(p).tables[0] for p in markdown]
    docxs = [write_docx(work / f"{k}.docx", t) for k, t in enumerate(tables)]
    yield ("docx", lambda: [load(p) for p in docxs], "docx.Document", lambda: [docx.Document(str(p)) for p in docxs])

    pdfs = [write_pdf(work / f"{k}.pdf", t) for k, t in enumerate(tables)]

    def words():
        for p in pdfs:
            with pdfplumber.open(p) as pdf:
                for page in pdf.pages:
                    page.extract_words()
    yield ("pdf", lambda: [load(p) for p in pdfs], "pdfplumber open + extract_words", words)

    plan = tables[1]
    one = write_pseudographic(plan, [5, 40, 14, 30])[:-1]
    body = one[one.index(one[0], 1) + 1:]  # the lines after the header rule, repeated
    lines = one + body * (1000 // len(plan.rows)) + [one[0]]
    html = texts[1]
    copies = 1000 // len(plan.rows) + 1
    yield ("pseudographic", lambda: [read_markdown(lines)], f"lxml.html.fromstring (HTML of the same plan x{copies})",
           lambda: [lxml.html.fromstring(html) for _ in range(copies)])

    sources = [BUNDLED_SOURCES / n for n in ("000_d466afb8a09bde20.txt", "004_9c6dcb8432dd657d.txt")]
    read = [read_source(p) for p in sources]
    yield ("tsv", lambda: [load(s) for s in read], "str.split at tabs",
           lambda: [[line.split("\t") for line in s.lines] for s in read])


def full_read(work: Path, runs: int) -> None:
    sys.path.insert(0, str(ROOT / "tests" / "hardening"))
    from bigdoc import big_roadmap

    from graph.normalize import phrases, text
    from graph.normalize.places import Gazetteer
    from graph.pipeline import read_one

    Gazetteer.load()  # loaded once per build too

    def fresh(source):
        for cached in (text.clean, text.fold, phrases.word_key, phrases._words):
            cached.cache_clear()
        return read_one(source, curation_dir=None)

    print(f"{'document':10} {'measures':>8} {'seconds':>8} {'ms/measure':>10}")
    timings = {}
    for size in (100_000, 1_000_000):
        source = read_source(big_roadmap(size, work / f"{size}.txt"))
        measures = len(fresh(source)[0].measures)
        timings[size] = median_seconds(lambda: fresh(source), runs, warm_up=False)
        print(f"{size / 1e6:7.1f} MB {measures:8d} {timings[size]:8.2f} {timings[size] / measures * 1000:10.2f}")
    print(f"ratio 1 MB / 0.1 MB: {timings[1_000_000] / timings[100_000]:.1f} (linear: about 10)")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--full", action="store_true", help="the whole reading of generated roadmaps by size")
    args = parser.parse_args(argv)
    if args.full:
        with tempfile.TemporaryDirectory() as work:
            full_read(Path(work), args.runs)
        return
    print(f"{'format':15} {'rows':>6} {'front end':>11} {'rows/s':>9} {'baseline':>10}  {'ratio':>6}  baseline")
    with tempfile.TemporaryDirectory() as work:
        for name, front, base_name, base in cases(Path(work)):
            rows = _rows(front())
            ours = median_seconds(front, args.runs, warm_up=True)
            theirs = median_seconds(base, args.runs, warm_up=True)
            print(f"{name:15} {rows:6d} {ours * 1000:9.1f}ms {rows / ours:9.0f} {theirs * 1000:8.1f}ms  {ours / theirs:5.1f}x  {base_name}")


if __name__ == "__main__":
    main()
