"""One notation for the catalogue's parameters (issue 12, item 7): types as `xsd:` names (`iri` and
`rdf:langString@LANG` besides), names in lowerCamelCase; the old spellings still work, with a warning
(a NotationWarning for a header, a note on stderr for the CLI, a `Warning` header over HTTP).

The sample build (tests/data/build-sample) holds grant item 1.1 of the grant plan, whose Batken
allocation is 1 054,9 thousand som: grants-by-region gives Batken with a minimum total of 1 000 000
and nothing with 1 100 000, whatever the minimum's parameter is called.
"""
from __future__ import annotations

import warnings

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from graph import queries
from graph.cli_query import query_command
from graph.paths import QUERIES
from graph.server import ServerConfig, create_app
from liveserver import SAMPLE

BATKEN = "https://w3id.org/policykg/place/KG-B"


def test_the_catalogue_writes_one_notation():
    with warnings.catch_warnings():
        warnings.simplefilter("error", queries.NotationWarning)  # a file written the old way fails here
        catalogue = queries.load_catalogue(QUERIES)
    params = [p for q in catalogue.values() for p in q.params]
    assert {p.type for p in params} == {"xsd:date", "xsd:decimal", "xsd:integer", "xsd:string", "iri",
                                        "rdf:langString@ru"}
    assert [p.name for p in params if not queries.is_lower_camel(p.name)] == []
    assert {"asOf", "minAmount", "minTotal", "minMeasures", "maxScore"} <= {p.name for p in params}


def test_old_types_read_as_the_new_ones():
    assert queries.param_type("date") is queries.param_type("xsd:date")
    assert queries.param_type("decimal").convert("1054.9", {}).datatype.endswith("#decimal")
    assert queries.canonical_type("ru") == queries.canonical_type("string@ru") == "rdf:langString@ru"
    assert queries.canonical_type("text") == "xsd:string" and not queries.is_deprecated_type("xsd:string")
    with pytest.raises(ValueError, match="use xsd:date, xsd:integer"):
        queries.canonical_type("colour")


def test_a_header_written_the_old_way_warns(tmp_path):
    (tmp_path / "old.rq").write_text("# title: Allocations above\n"
                                     "# param: min_amount (decimal, default 5) — the smallest amount\n"
                                     "SELECT ?min_amount WHERE { VALUES ?min_amount { 5.0 } }\n", encoding="utf-8")
    with pytest.warns(queries.NotationWarning) as caught:
        loaded = queries.load_catalogue(tmp_path)
    messages = [str(w.message) for w in caught]
    assert any("type 'decimal' is deprecated, write 'xsd:decimal'" in m for m in messages), messages
    assert any("lowerCamelCase ('minAmount')" in m for m in messages), messages
    assert loaded["old"].params[0].kind.name == "xsd:decimal"  # still read


def test_an_old_name_is_renamed_with_a_note():
    query = queries.load_catalogue(QUERIES)["grants-by-region"]
    assert query.rename_deprecated({"min_total": "5"}) == (
        {"minTotal": "5"}, ["parameter 'min_total' is deprecated: its name is now 'minTotal'"])
    assert query.rename_deprecated({"min_total": "5", "minTotal": "7"})[0] == {"minTotal": "7"}  # the new name wins
    with pytest.raises(queries.ParameterError, match="unknown parameter 'min_totals'"):
        query.bindings({"min_totals": "5"})


def _csv(args):
    result = CliRunner().invoke(query_command, ["grants-by-region", "--graph", str(SAMPLE), "--format", "csv", *args],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines(), result.stderr


def test_the_cli_takes_an_old_name_and_says_so():
    new, quiet = _csv(["--param", "minTotal=1000000"])
    old, noted = _csv(["--param", "min_total=1000000"])
    assert new == old and [line.split(",")[0] for line in new] == ["region", BATKEN]
    assert new[1].endswith(",1,1054900")
    assert quiet == "" and "warning: parameter 'min_total' is deprecated: its name is now 'minTotal'" in noted
    assert _csv(["--param", "min_total=1100000"])[0] == ["region,name,allocations,total"]


def test_the_server_takes_an_old_name_with_a_warning_header():
    with TestClient(create_app(ServerConfig(build_dir=SAMPLE, workers=1))) as client:
        new = client.get("/queries/grants-by-region.csv", params={"minTotal": "1000000"})
        old = client.get("/queries/grants-by-region.csv", params={"min_total": "1000000"})
    assert new.status_code == old.status_code == 200
    assert old.text == new.text and BATKEN in new.text
    assert "Warning" not in new.headers
    assert old.headers["Warning"] == ('299 policykg "parameter \'min_total\' is deprecated: '
                                      'its name is now \'minTotal\'"')
