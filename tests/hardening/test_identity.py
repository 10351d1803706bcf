"""Identical content under two names is refused, naming both files (issue 13, item 2)."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from graph.cli import cli

REAL = Path(__file__).resolve().parents[1] / "data" / "real" / "1998-almaty-obl-sibirskaia-iazva.md"


def test_identical_content_under_two_names_is_refused_naming_both(tmp_path):
    copy = tmp_path / "renamed.md"
    copy.write_bytes(REAL.read_bytes())
    result = CliRunner().invoke(cli, ["build", str(REAL), str(copy), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert "1998-almaty-obl-sibirskaia-iazva.md and renamed.md have identical content" in result.output
    assert not (tmp_path / "out").exists()
