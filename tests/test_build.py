"""The build as a user runs it: outputs, bad input, and atomic replacement of the output folder."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from graph.cli import cli
from graph.paths import BUNDLED_SOURCES, PROJECT_ROOT

ROADMAP = BUNDLED_SOURCES / "000_d466afb8a09bde20.txt"
GRANT_PLAN = BUNDLED_SOURCES / "004_9c6dcb8432dd657d.txt"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("build") / "out"
    result = CliRunner().invoke(cli, ["build", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out, result


def test_build_writes_records_reports_and_graph(built):
    out, result = built
    assert "document 000_d466afb8a09bde20: roadmap kz-mtszn-2020-roadmap: 4 tasks, 26 measures, 43 sub-measures" in result.output
    assert "document 004_9c6dcb8432dd657d: grant-plan kg-mtsom-2022-grant-plan: 5 sections, 14 items" in result.output
    assert "validation: conforms" in result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert set(summary["seconds"]) == {"documents", "read", "map", "infer", "validate", "store", "records", "exports",
                                       "exports: jsonld", "exports: joined beside", "exports: waited", "description",
                                       "docs", "network", "write"}
    assert summary["documents made"] in (0, 2)  # 0 when an earlier test of the session built the seeds (cache)
    assert summary["triples"]["inferred"] > 0 and summary["triples"]["reference"] > 0
    for name in ("asserted.ttl", "inferred.nt", "all.jsonld", "dataset.trig", "context.jsonld", "description.ttl"):
        assert (out / "rdf" / name).stat().st_size > 0, name
    assert "GrantAllocation" in (out / "docs" / "ontology.html").read_text(encoding="utf-8")
    data = json.loads((out / "records" / "000_d466afb8a09bde20.json").read_text(encoding="utf-8"))
    assert len(data["measures"]) == 69 and data["plan"]["id"] == "kz-mtszn-2020-roadmap"
    assert (out / "records" / "004_9c6dcb8432dd657d" / "allocations.csv").exists()
    quality = json.loads((out / "quality.json").read_text(encoding="utf-8"))
    assert quality["summary"]["sum-mismatch"] == 3
    mismatch = next(f for f in quality["findings"] if f["kind"] == "sum-mismatch")
    assert (mismatch["subject"], mismatch["data"]) == (  # item 1.2's five regional amounts against its total
        "item 1.2", {"total": "3747.5", "sum": "3747.4", "difference": "-0.1", "regions": 5})  # exact, as strings
    assert sum(1 for line in (out / "quality.json").open(encoding="utf-8") if line.startswith('    {"kind": ')) \
        == len(quality["findings"]) > 3  # a finding a line
    report = (out / "quality.md").read_text(encoding="utf-8")
    assert "3747.4" in report and "ДРПС" in report


def test_findings_written_a_line_each_hold_what_the_records_writer_gives(tmp_path):
    from decimal import Decimal

    from graph.outputs import write_findings
    from graph.records import Finding, to_jsonable

    findings = [Finding("sum-mismatch", "«Всего» is 10.5", "d", [3, 4], "item 1", {"stated": Decimal("10.50"),
                                                                                "regions": [Decimal("1"), 2]}),
                Finding("no-deadline", "no date", "d")]
    write_findings(tmp_path / "q.json", {"sum-mismatch": 1, "no-deadline": 1}, findings)
    written = json.loads((tmp_path / "q.json").read_text(encoding="utf-8"))
    assert written == to_jsonable({"summary": {"sum-mismatch": 1, "no-deadline": 1}, "findings": findings})
    assert written["findings"][0]["data"] == {"stated": "10.50", "regions": ["1", 2]}
    write_findings(tmp_path / "none.json", {}, [])
    assert json.loads((tmp_path / "none.json").read_text(encoding="utf-8")) == {"summary": {}, "findings": []}


def test_csv_keeps_line_provenance(built):
    out, _ = built
    lines = (out / "records" / "000_d466afb8a09bde20" / "measures.csv").read_text(encoding="utf-8").splitlines()
    row = next(line for line in lines if line.startswith("18.3,"))
    assert row.endswith(",000_d466afb8a09bde20,83 85,")


def test_build_graph_script_is_the_same_command(tmp_path):
    out = tmp_path / "b"
    done = subprocess.run([sys.executable, str(PROJECT_ROOT / "build_graph.py"), str(ROADMAP), "--out", str(out), "--no-docs"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (out / "records").glob("*.json")) == ["000_d466afb8a09bde20.json"]


def _bad(tmp_path, name, content: bytes):
    path = tmp_path / name
    path.write_bytes(content)
    return path


ROADMAP_TEXT = ROADMAP.read_text(encoding="utf-8")
TRUNCATED = "\n".join(ROADMAP_TEXT.splitlines()[:30] + ["4.3\tОрганизация центров социальной адаптации"])


@pytest.mark.parametrize("name, content, message", [
    ("empty.txt", b"", "empty.txt: the document is empty"),
    ("blank.txt", b"\n \n\t\n", "blank.txt: the document is empty"),
    ("binary.txt", bytes(range(256)) * 8, "binary.txt: this is a binary file"),
    # a Cyrillic code page is now detected (tests/tables/test_sources_detect.py); a damaged UTF-8 file still stops
    ("damaged.txt", ROADMAP_TEXT.encode().replace(b"\n", b"\n\xff", 2).replace(b"\n\xff", b"\n", 1), "damaged.txt:3: not valid UTF-8 (byte 0xff)"),
    ("other.txt", "Протокол заседания\n\nПрисутствовали:\tИванов\tПетров\n".encode(), "other.txt: no plan table"),
    ("truncated.txt", TRUNCATED.encode(), "truncated.txt:31: truncated row: 2 of 4 columns"),
])
def test_bad_input_is_a_clear_error_and_writes_nothing(tmp_path, name, content, message):
    out = tmp_path / "out"
    bad = _bad(tmp_path, name, content)
    result = CliRunner().invoke(cli, ["build", str(GRANT_PLAN), str(bad), "--out", str(out)])
    assert result.exit_code == 2
    assert message in result.output
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_failed_build_leaves_previous_output_untouched(tmp_path):
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["build", str(GRANT_PLAN), "--out", str(out), "--no-docs"]).exit_code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    bad = _bad(tmp_path, "bad.txt", b"")
    assert CliRunner().invoke(cli, ["build", str(ROADMAP), str(bad), "--out", str(out)]).exit_code == 2
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_missing_document(tmp_path):
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "nope.txt: no such file" in result.output


def test_stale_curation_is_refused(tmp_path):
    curation = tmp_path / "curation"
    curation.mkdir()
    (curation / "004_9c6dcb8432dd657d.toml").write_text('document = "x"\nsha256 = "0000"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(GRANT_PLAN), "--curation", str(curation), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "review the entries again" in result.output


SHA = "717be3ca7d18e8705b4f44ab457c8a9d9c87b4b84fb49297c41c1c5e9a832b52"


@pytest.mark.parametrize("entries, message", [
    ('[[assign]]\nid = "x"\nlines = [27]\nto = "9.9"\nreason = "test"\n', "curation entry x assigns lines to '9.9'"),
    ('[[assign]]\nid = "x"\nlines = [27]\nto = "1.2"\nreason = ""\n', "every entry needs a reason"),
    ('[[assign]]\nid = "x"\nlines = [27]\nto = "1.2"\nreason = "r"\nwhy = "?"\n', "unknown ['why']"),
    ('[[skip]]\nid = "x"\nlines = [999]\nreason = "r"\n', "entries x matched nothing"),
])
def test_bad_curation_entry_is_refused(tmp_path, entries, message):
    curation = tmp_path / "curation"
    curation.mkdir()
    (curation / "004_9c6dcb8432dd657d.toml").write_text(f'document = "x"\nsha256 = "{SHA}"\n{entries}', encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(GRANT_PLAN), "--curation", str(curation), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and message in result.output, result.output


def test_two_documents_with_one_plan_id_are_refused(tmp_path):
    """The same plan under two file names would merge into one plan with every measure twice: an error."""
    from pathlib import Path

    real = Path(__file__).parent / "data" / "real" / "1998-almaty-obl-sibirskaia-iazva.md"
    copy = tmp_path / "copy-of-anthrax-plan.md"
    copy.write_bytes(real.read_bytes() + b"\n")  # not byte-identical (that is refused earlier), the same plan
    result = CliRunner().invoke(cli, ["build", str(real), str(copy), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert "both give plan id 'kz-aao-1998-2-58-plan'" in result.output
    assert not (tmp_path / "out").exists()

