"""`policykg view` and `policykg stats` (graph/cli_view.py), run with click's CliRunner on a build folder
holding the bundled documents' dataset."""
from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from graph.cli_view import stats_command, view_command
from graph.pipeline import make_graph

pytestmark = pytest.mark.filterwarnings("ignore:Dataset.*deprecated:DeprecationWarning")


@pytest.fixture(scope="module")
def build_dir(roadmap, grant_plan, tmp_path_factory):
    folder = tmp_path_factory.mktemp("build")
    (folder / "rdf").mkdir()
    dataset, _ = make_graph([roadmap, grant_plan])
    dataset.serialize(str(folder / "rdf" / "dataset.trig"), format="trig")
    return folder


def _data(path) -> dict:
    html = path.read_text(encoding="utf-8")
    return json.loads(re.search(r'id="network-data">(.*?)</script>', html, re.DOTALL).group(1))


def test_view_writes_the_page(build_dir, tmp_path):
    out = tmp_path / "network.html"
    result = CliRunner().invoke(view_command, ["--graph", str(build_dir), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{out}: 227 nodes (2 plan, 9 task, 26 measure, 43 sub-measure, 14 item, 46 allocation")
    assert len(_data(out)["nodes"]) == 227


def test_view_focus_depth_types_and_links(build_dir, tmp_path):
    out = tmp_path / "akimat.html"
    result = CliRunner().invoke(view_command, [
        "--graph", str(build_dir), "--out", str(out), "--focus", "akimat-kz-71", "--depth", "1",
        "--types", "organisation,measure,sub-measure,region", "--layout", "hierarchical", "--size", "money",
        "--link-base", "http://127.0.0.1:8000/"])
    assert result.exit_code == 0, result.output
    # the 26 rows naming it: 9 measures (3, 7, 16, 17, 20, 23–26) and 17 sub-measures; its region. Edges: 26
    # responsibilities, governs, 2.1 names Astana, and 5.1→5.2, 6.2→6.3→6.4, 10.1→10.2, 18.1→18.2→18.3 (6)
    assert "28 nodes (9 measure, 17 sub-measure, 1 organisation, 1 region), 34 edges" in result.output
    page = _data(out)["page"]
    assert (page["layout"], page["size"], page["linkBase"]) == ("hierarchical", "money", "http://127.0.0.1:8000/")
    assert "around Акимат г. Астана (depth 1)" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("args, message", [
    (["--focus", "Акимат"], "'Акимат' names 17 nodes"),
    (["--focus", "no such thing"], "no node is named"),
    (["--types", "measures"], "--types: unknown measures"),
])
def test_view_says_what_is_wrong(build_dir, tmp_path, args, message):
    result = CliRunner().invoke(view_command, ["--graph", str(build_dir), "--out", str(tmp_path / "x.html"), *args])
    assert result.exit_code == 2
    assert message in result.output


def test_stats_prints_and_writes(build_dir, tmp_path):
    result = CliRunner().invoke(stats_command, ["--graph", str(build_dir), "--out", str(tmp_path / "a"), "--top", "3"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "network: 227 nodes, 853 edges, 2 components" in out
    assert re.search(r"^ДРПСУ\s+\| 32\s+\| 13\s+\| 19 ", out, re.MULTILINE)
    assert "longest chain of dependent deadlines: 1.1 (2020-01-28) → 1.2 (2020-01-30) → 1.3 (2020-07-31) → 1.4 (2020-12-20)" in out
    assert "as long: 6.1 → 6.2 → 6.3 → 6.4; 10.1 → 10.2 → 10.3 → 10.4; 15.1 → 15.2 → 15.3 → 15.4" in out
    assert "dependencies: 28; deadlines contradicting them: none" in out
    assert re.search(r"^Бишкек\s+\| 0 .*\| 4 607 800\s+\| 1 076 600$", out, re.MULTILINE)
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == [
        "analytics.json", "components.csv", "dependencies.csv", "organisations.csv", "regions.csv", "timeline.png"]


def test_stats_of_a_build_prints_its_own_analytics(tmp_path):
    from graph.cli import cli

    out = tmp_path / "build"
    assert CliRunner().invoke(cli, ["build", "--out", str(out)]).exit_code == 0
    saved = CliRunner().invoke(stats_command, ["--graph", str(out), "--top", "5", "--out", str(tmp_path / "a")])
    again = CliRunner().invoke(stats_command, ["--graph", str(out), "--top", "5", "--recompute"])
    assert saved.exit_code == 0 and again.exit_code == 0, saved.output + again.output
    assert "the build's analytics" in saved.stderr and "the build's analytics" not in again.stderr
    assert "network: 227 nodes, 853 edges, 2 components" in saved.stdout
    assert saved.stdout.split("\nwritten: ")[0] == again.stdout  # the same tables either way
    for name in ("analytics.json", "organisations.csv", "timeline.png"):  # the build's files, as written
        assert (tmp_path / "a" / name).read_bytes() == (out / "analytics" / name).read_bytes()
