"""`policykg queries`, `policykg query` (and the guards of the query workers)."""
from __future__ import annotations

import io
import json

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.query import Result

from graph import workers
from graph.cli_query import queries_command, query_command, serve_command
from liveserver import SAMPLE

SAMPLE_ARGS = ["--graph", str(SAMPLE)]


def invoke(command, args, input=None):
    return CliRunner().invoke(command, args, input=input, catch_exceptions=False)


def test_queries_lists_the_catalogue():
    result = invoke(queries_command, [])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split(" | ")[:2] == ["name                          ", "title"] or lines[0].startswith("name")
    assert any(line.startswith("measures-due-before") and "before:xsd:date=2020-06-30" in line for line in lines)
    assert any("organisation:iri (required)" in line for line in lines)
    as_json = json.loads(invoke(queries_command, ["--json"]).output)
    assert {q["name"] for q in as_json} >= {"plans", "measures-due-before", "search"}


def test_query_by_name_with_params_and_format():
    result = invoke(query_command, ["measures-due-before", *SAMPLE_ARGS, "--param", "before=2020-12-31",
                                    "--format", "json"])
    assert result.exit_code == 0, result.output
    parsed = Result.parse(io.BytesIO(result.stdout_bytes), format="json")
    assert len(parsed.bindings) == 2


def test_query_table_is_the_default():
    result = invoke(query_command, ["plans", *SAMPLE_ARGS])
    assert result.exit_code == 0
    assert result.output.splitlines()[0].startswith("plan ")
    assert "id:plan/kz-mtszn-2020-roadmap" in result.output and result.output.rstrip().endswith("(2 rows)")


def test_query_from_file_stdin_and_output(tmp_path):
    query = tmp_path / "mine.rq"
    query.write_text("# param: due (date, required)\nPREFIX pkg: <https://w3id.org/policykg/ontology#>\n"
                     "SELECT ?m WHERE { ?m pkg:dueDate ?due }\n", encoding="utf-8")
    out = tmp_path / "out.tsv"
    result = invoke(query_command, [str(query), *SAMPLE_ARGS, "-p", "due=2020-01-28", "--output", str(out)])
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8").splitlines() == [
        "?m", "<https://w3id.org/policykg/plan/kz-mtszn-2020-roadmap/measure/1.1>"]
    piped = invoke(query_command, ["-", *SAMPLE_ARGS, "--format", "csv", "--no-inferred"],
                   input="ASK { ?m <https://w3id.org/policykg/ontology#partOf> ?p }")
    assert piped.stdout_bytes == b"_askResult\r\nfalse\r\n"


def test_construct_to_turtle():
    result = invoke(query_command, ["plan-outline", *SAMPLE_ARGS, "-p",
                                    "plan=https://w3id.org/policykg/plan/kz-mtszn-2020-roadmap", "--format", "turtle"])
    assert result.exit_code == 0
    assert len(Graph().parse(data=result.stdout_bytes, format="turtle")) == 9


def test_syntax_error_exits_with_line_and_column(tmp_path):
    broken = tmp_path / "broken.rq"
    broken.write_text("# title: broken\nSELECT ?m\nWHERE {\n  ?m a\n}\n", encoding="utf-8")
    result = invoke(query_command, [str(broken), *SAMPLE_ARGS])
    assert result.exit_code == 2
    assert f"{broken}:4:3: syntax error at line 4, column 3" in result.output


@pytest.mark.parametrize("args, message", [
    (["measures-due-before", "-p", "before=31.12.2020"], "parameter 'before' expects a date YYYY-MM-DD"),
    (["measures-of-organisation"], "parameter 'organisation' is required"),
    (["measures-due-before", "-p", "colour=red"], "unknown parameter 'colour'"),
    (["measures-due-before", "-p", "before"], "give it as NAME=VALUE"),
    (["no-such-question"], "no query named 'no-such-question'"),
    (["plan-outline", "-p", "plan=https://w3id.org/policykg/plan/x", "--format", "csv"], "cannot carry a CONSTRUCT"),
])
def test_errors_exit_2_and_say_why(args, message):
    result = invoke(query_command, [*args, *SAMPLE_ARGS])
    assert result.exit_code == 2
    assert message in result.output


def test_missing_build_is_built_from_the_bundled_documents(tmp_path):
    result = invoke(query_command, ["plans", "--graph", str(tmp_path / "fresh"), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "building the bundled documents" in result.output
    assert "kz-mtszn-2020-roadmap" in result.output and (tmp_path / "fresh" / "rdf" / "dataset.trig").is_file()


def test_serve_without_a_build_says_how_to_build(tmp_path):
    result = invoke(serve_command, ["--graph", str(tmp_path / "nothing")])
    assert result.exit_code == 2 and "policykg build --out" in result.output


@pytest.mark.parametrize("event, args", [
    ("socket.connect", (None, ("127.0.0.1", 80))),
    ("socket.getaddrinfo", ("example.org", 80, 0, 0, 0)),
    ("urllib.Request", ("http://example.org/", None, {}, "GET")),
    ("subprocess.Popen", ("sh", ["sh"], None, None)),
    ("open", ("/tmp/x", "w", 0)),
    ("open", ("/tmp/x", None, 0o1101)),
])
def test_worker_guard_refuses_the_outside(event, args):
    with pytest.raises(PermissionError):
        workers._guard(event, args)


def test_worker_guard_allows_reading():
    workers._guard("open", ("/etc/hostname", "r", 0))
    workers._guard("open", ("/etc/hostname", None, 0))
