"""Parameters given as people give them (issue 10, item 8): an IRI parameter accepts the full IRI, the
printed `id:` form, a path, a bare id and a label; a value that names nothing is a warning with the
nearest candidates; a misspelt query name gets "did you mean"; and a catalogue parameter must have
the VALUES block that binds it."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from graph import queries
from graph.cli import cli
from graph.parameters import resolve_iri

BASE = "https://w3id.org/policykg/"
ASTANA = BASE + "org/akimat-kz-71"  # «Акимат города Астана», the glossary's akimat of the city (KZ-71)


@pytest.fixture(scope="module")
def dataset(standards_build):
    return queries.load_graph(standards_build)


@pytest.mark.parametrize("text,how", [
    (ASTANA, "iri"), (f"<{ASTANA}>", "iri"), ("id:org/akimat-kz-71", "prefixed"), ("org/akimat-kz-71", "path"),
    ("akimat-kz-71", "id"), ("Акимат города Астана", "label"), ("акимат города астана", "label"),
    ("Akimat of Astana", "label"),
])
def test_every_form_names_the_same_organisation(dataset, text, how):
    found = resolve_iri(text, dataset, BASE)
    assert (found.iri, found.how, found.warning) == (ASTANA, how, None)


def test_a_value_that_names_nothing_warns_with_the_nearest(dataset):
    found = resolve_iri("akimat-kz-7", dataset, BASE)
    assert found.how == "unknown" and "names nothing" in found.warning
    assert "id:org/akimat-kz-71" in found.warning
    assert "id:org/kz-mtszn" in resolve_iri("id:org/kz-mtsz", dataset, BASE).warning


def test_an_ambiguous_label_lists_the_candidates(dataset):
    with pytest.raises(LookupError, match="resources: .*id:org/akimat-kz-71"):
        resolve_iri("города", dataset, BASE)  # part of the labels of several city akimats


def _csv(standards_build, *args):
    result = CliRunner().invoke(cli, ["query", *args, "--graph", str(standards_build), "--format", "csv"])
    return result


def test_the_printed_form_round_trips(standards_build):
    full = _csv(standards_build, "measures-of-organisation", "--param", f"organisation={ASTANA}")
    assert full.exit_code == 0, full.output
    rows = full.stdout.splitlines()
    assert len(rows) > 1  # the akimat of Astana is responsible for measures of the roadmap
    for form in ("id:org/akimat-kz-71", "akimat-kz-71", "Акимат города Астана"):
        again = _csv(standards_build, "measures-of-organisation", "--param", f"organisation={form}")
        assert again.exit_code == 0 and again.stdout.splitlines() == rows, form


def test_no_match_warns_on_the_command_line(standards_build):
    result = _csv(standards_build, "measures-of-organisation", "--param", "organisation=akimat-kz-7")
    assert result.exit_code == 0
    assert "warning: parameter 'organisation': 'akimat-kz-7' names nothing" in result.stderr
    assert "id:org/akimat-kz-71" in result.stderr


def test_a_misspelt_query_name_gets_did_you_mean(standards_build):
    result = CliRunner().invoke(cli, ["query", "measures-of-organisaton", "--graph", str(standards_build)])
    assert result.exit_code == 2
    assert "did you mean measures-of-organisation" in result.output


def test_the_plan_parameter_takes_an_id(standards_build):
    grant = _csv(standards_build, "deadline-kinds", "--param", "plan=kg-mtsom-2022-grant-plan")
    roadmap = _csv(standards_build, "deadline-kinds", "--param", "plan=id:plan/kz-mtszn-2020-roadmap")
    assert grant.stdout.splitlines() == ["plan,kind,measures"]  # a grant plan has no measures, and no phantom row
    assert len(roadmap.stdout.splitlines()) > 1


@pytest.mark.parametrize("body,message", [
    ("SELECT * WHERE { ?s ?p ?x }", r"needs exactly one 'VALUES \?x"),
    ("SELECT * WHERE { VALUES ?x { 2 } ?s ?p ?x }", "holds 2, but the header's default is"),
    ("SELECT * WHERE { VALUES ?x { UNDEF } ?s ?p ?x }", "holds UNDEF, but the header's default is"),
])
def test_a_catalogue_parameter_needs_its_values_block(body, message):
    with pytest.raises(queries.CatalogueError, match=message):
        queries.StoredQuery.from_text(f"# title: t\n# param: x (integer, default 1)\n{body}", "t", strict=True)


def test_the_runner_fills_the_block_with_an_escaped_term():
    query = queries.StoredQuery.from_text('# param: x (string, default a)\nSELECT ?x WHERE { VALUES ?x { "a" } }')
    text, rest = query.text_for(query.bindings({"x": 'b" } } INSERT DATA { <s> <p> <o> } #'}))
    assert rest == {}
    assert [str(r[0]) for r in queries.evaluate(queries.Dataset(), queries.prepare(text), {})] == [
        'b" } } INSERT DATA { <s> <p> <o> } #']
