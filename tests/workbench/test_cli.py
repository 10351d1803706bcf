"""The CLI's side of the workbench: `view` writes into the build folder; `query --width/--max-rows`."""
from __future__ import annotations

from click.testing import CliRunner

from graph.cli import cli


def test_view_writes_into_the_build_folder_by_default(built, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # not into the folder it runs from
    result = CliRunner().invoke(cli, ["view", "--graph", str(built), "--focus", "akimat-kz-71", "--depth", "1"])
    assert result.exit_code == 0, result.output
    written = built / "network-akimat-kz-71.html"
    assert written.is_file() and str(written) in result.output
    assert not list(tmp_path.iterdir())


def test_query_table_width_and_max_rows(built):
    import csv
    import io

    runner = CliRunner()
    everything = runner.invoke(cli, ["query", "responsibility-matrix", "--graph", str(built), "--format", "csv"])
    assert everything.exit_code == 0, everything.output
    rows = list(csv.DictReader(io.StringIO(everything.output)))
    longest = max(rows, key=lambda r: len(r["name"]))["name"]
    assert len(longest) > 60  # an organisation's printed name the default width cuts

    wide = runner.invoke(cli, ["query", "responsibility-matrix", "--graph", str(built), "--width", "200",
                               "--max-rows", "5"])
    assert wide.exit_code == 0, wide.output
    lines = wide.output.splitlines()
    assert len([line for line in lines if " | " in line]) == 1 + 5  # the header and five rows
    assert lines[-1].startswith(f"… {len(rows) - 5} more rows of {len(rows)}")
    narrow = runner.invoke(cli, ["query", "responsibility-matrix", "--graph", str(built)])
    assert longest not in narrow.output
    full = runner.invoke(cli, ["query", "responsibility-matrix", "--graph", str(built), "--width", "300"])
    assert longest in full.output
