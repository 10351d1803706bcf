"""The READMEs give the number of catalogue queries the catalogue has."""
from __future__ import annotations

import re
from pathlib import Path

from graph import queries

ROOT = Path(__file__).resolve().parents[2]


def test_readme_counts_the_catalogue():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    stated = re.search(r"(\d+) ready ones are in `queries/`", text)
    assert stated, "README.md no longer says how many queries the catalogue has"
    assert int(stated.group(1)) == len(queries.load_catalogue()) == len(list((ROOT / "queries").glob("*.rq")))


def test_catalogue_readme_counts_the_catalogue():
    first = (ROOT / "queries" / "README.md").read_text(encoding="utf-8").splitlines()[2]
    assert first.startswith(f"{len(queries.load_catalogue())} analyst questions")
