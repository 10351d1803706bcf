"""The query catalogue: headers, typed parameters, errors with positions, and the result formats
checked against the W3C specs (JSON and XML parsed back with rdflib's result parsers)."""
from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef, Variable
from rdflib.compare import isomorphic
from rdflib.namespace import XSD
from rdflib.query import Result

from graph import queries, results
from graph.queries import (CatalogueError, ParameterError, QueryError, StoredQuery, load_catalogue, load_graph,
                           parse_param, run)

SAMPLE = Path(__file__).parent / "data" / "build-sample"
BASE = "https://w3id.org/policykg/"
PKG = "https://w3id.org/policykg/ontology#"
M11 = URIRef(BASE + "plan/kz-mtszn-2020-roadmap/measure/1.1")
M13 = URIRef(BASE + "plan/kz-mtszn-2020-roadmap/measure/1.3")
DRPSU = BASE + "org/kz-mtszn-drpsu"
# values for the catalogue's required parameters, when run on the sample
REQUIRED = {"organisation": DRPSU, "text": "инвалид", "resource": str(M13),
            "plan": BASE + "plan/kz-mtszn-2020-roadmap"}


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_graph(SAMPLE)


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


# ---------------------------------------------------------------- headers

HEADER = """# title: Мероприятия со сроком до даты
# description: Measures due on or before a date,
#   the soonest first.
# param: before (date, default 2020-06-30) — the last due date
# param: org (iri, required) — an organisation
# param: label (ru, default "лица, с (запятой)") — a label with a comma and brackets
# param: note (string, optional)
# columns: measure, due
# tags: deadlines, test
PREFIX pkg: <https://w3id.org/policykg/ontology#>
SELECT ?measure ?due WHERE {
  VALUES ?before { "2020-06-30"^^<http://www.w3.org/2001/XMLSchema#date> }
  VALUES ?org { <https://w3id.org/policykg/org/kz-mtszn> }
  VALUES ?label { "лица, с (запятой)"@ru }
  VALUES ?note { UNDEF }
  ?measure pkg:dueDate ?due ; ?p ?org . OPTIONAL { ?measure ?q ?label } FILTER(?due <= ?before) BIND(?note AS ?n) }
"""


def test_header_fields():
    query = StoredQuery.from_text(HEADER, "due", strict=True)
    assert query.title == "Мероприятия со сроком до даты"
    assert query.description == "Measures due on or before a date, the soonest first."
    assert query.columns == ("measure", "due")
    assert query.tags == ("deadlines", "test")
    assert [p.name for p in query.params] == ["before", "org", "label", "note"]
    before, org, label, note = query.params
    assert (before.type, before.default, before.required, before.description) == ("date", "2020-06-30", False,
                                                                                  "the last due date")
    assert org.required and org.default is None
    assert label.default == "лица, с (запятой)" and label.type == "ru"
    assert not note.required and note.default is None and note.description == ""
    assert query.form == "SELECT"
    assert query.prefixes == {"pkg": PKG}


@pytest.mark.parametrize("text, expected", [
    ("n (integer, default 5) — five", ("n", "integer", "5", False, "five")),
    ("n (xsd:date, required) - a date", ("n", "xsd:date", None, True, "a date")),
    ("n(decimal,optional)", ("n", "decimal", None, False, "")),
    ('n (string@en, default "say \\"hi\\"") -- quoted', ("n", "string@en", 'say "hi"', False, "quoted")),
])
def test_param_syntax(text, expected):
    param = parse_param(text)
    assert (param.name, param.type, param.default, param.required, param.description) == expected


@pytest.mark.parametrize("text", ["n (colour, required)", "n (date, sometimes)", "n date", "query (string, optional)",
                                  'n (string, default "open'])
def test_param_syntax_errors(text):
    with pytest.raises(ValueError):
        parse_param(text)


def test_strict_header_rejects_unknown_fields_and_bad_params():
    with pytest.raises(CatalogueError, match="unknown header field 'titel'"):
        StoredQuery.from_text("# titel: typo\nSELECT * WHERE { ?s ?p ?o }", strict=True)
    with pytest.raises(CatalogueError, match="not a variable"):
        StoredQuery.from_text("# title: t\n# param: x (date, optional)\nSELECT * WHERE { ?s ?p ?o }", strict=True)
    with pytest.raises(CatalogueError, match="default of parameter 'x'"):
        StoredQuery.from_text("# title: t\n# param: x (date, default soon)\nSELECT * WHERE { ?s ?p ?x }", strict=True)
    with pytest.raises(CatalogueError, match="no '# title:'"):
        StoredQuery.from_text("SELECT * WHERE { ?s ?p ?o }", strict=True)
    with pytest.raises(CatalogueError, match=r":2:\d+: syntax error"):
        StoredQuery.from_text("# title: t\nSELECT * WHERE { ?s ?p }", strict=True)
    # ad-hoc text is read leniently: other comments are just comments
    lenient = StoredQuery.from_text("# note: mine\n# param: x (date, optional)\nSELECT * WHERE { ?s ?p ?o }")
    assert [p.name for p in lenient.params] == ["x"]


# ---------------------------------------------------------------- parameters

def test_parameter_types():
    query = StoredQuery.from_text(HEADER)
    bound = query.bindings({"org": "pkg:Lead", "note": "  spaced  ", "before": "2020-12-31"})
    assert bound["before"] == Literal("2020-12-31", datatype=XSD.date)
    assert bound["org"] == URIRef(PKG + "Lead")
    assert bound["label"] == Literal("лица, с (запятой)", lang="ru")
    assert bound["note"] == Literal("  spaced  ")
    assert query.bindings({"org": f"<{DRPSU}>"})["org"] == URIRef(DRPSU)
    assert query.bindings({"org": DRPSU})["before"] == Literal("2020-06-30", datatype=XSD.date)

    typed = StoredQuery.from_text("# param: n (integer, required)\n# param: d (decimal, required)\n"
                                  "SELECT * WHERE { ?s ?p ?n . ?s ?q ?d }")
    bound = typed.bindings({"n": "-42", "d": "1054.9"})
    assert bound["n"] == Literal(-42) and bound["n"].datatype == XSD.integer
    assert bound["d"] == Literal(Decimal("1054.9")) and bound["d"].datatype == XSD.decimal


@pytest.mark.parametrize("values, name, expected", [
    ({"org": DRPSU, "before": "31.12.2020"}, "before", "a date YYYY-MM-DD"),
    ({"org": DRPSU, "before": "2020-02-30"}, "before", "a date YYYY-MM-DD"),
    ({"org": "not an iri"}, "org", "an absolute IRI"),
    ({"org": "undeclared:x y"}, "org", "an absolute IRI"),
    ({}, "org", "required"),
    ({"org": DRPSU, "colour": "red"}, "colour", "unknown parameter"),
])
def test_parameter_errors_name_the_parameter(values, name, expected):
    with pytest.raises(ParameterError) as caught:
        StoredQuery.from_text(HEADER).bindings(values)
    assert caught.value.name == name
    assert f"'{name}'" in str(caught.value) and expected in str(caught.value)


def test_number_errors():
    typed = StoredQuery.from_text("# param: n (integer, required)\n# param: d (decimal, default 1)\n"
                                  "SELECT * WHERE { ?s ?p ?n . ?s ?q ?d }")
    with pytest.raises(ParameterError, match="'n' expects an integer"):
        typed.bindings({"n": "4.5"})
    with pytest.raises(ParameterError, match="'d' expects a decimal number with a dot"):
        typed.bindings({"n": "1", "d": "1054,9"})


def test_values_are_bound_not_spliced(dataset, catalogue):
    """A value that would change the query if spliced into its text is just a string."""
    hostile = 'x")) || true || ((" } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o'
    assert list(results.solutions(run(catalogue["search"], dataset, {"text": hostile}))) == []
    found = list(results.solutions(run(catalogue["search"], dataset, {"text": "ДИАГНОСТИК"})))
    assert {row[Variable("resource")] for row in found} == {M11}
    assert len(dataset) == 187  # nothing changed


def test_parameters_reach_filters_having_and_subqueries(dataset, catalogue):
    rows = lambda name, params: list(results.solutions(run(catalogue[name], dataset, params)))  # noqa: E731
    assert len(rows("measures-due-before", {"before": "2020-12-31"})) == 2
    assert len(rows("measures-due-before", {"before": "2020-02-01"})) == 1
    assert len(rows("measures-by-organisation", {})) == 1
    assert rows("measures-by-organisation", {"minMeasures": "3"}) == []  # HAVING
    assert rows("measures-by-organisation", {"plan": BASE + "plan/kg-mtsom-2022-grant-plan"}) == []
    assert len(rows("grants-by-region", {})) == 1
    assert rows("grants-by-region", {"minTotal": "2000000"}) == []  # over a subquery
    served = rows("serving-beneficiaries", {"category": "лица с инвалидностью"})  # @ru literal
    assert [row[Variable("subject")] for row in served] == [M11]
    assert run(catalogue["any-due-before"], dataset, {"before": "2019-12-31"}).askAnswer is False


# ---------------------------------------------------------------- errors

def test_syntax_error_has_line_and_column():
    text = "PREFIX pkg: <https://w3id.org/policykg/ontology#>\nSELECT ?m WHERE {\n  ?m pkg:dueDate \n}\n"
    with pytest.raises(QueryError) as caught:
        queries.prepare(text)
    assert caught.value.kind == "syntax"
    assert (caught.value.line, caught.value.column) == (3, 3)
    assert "line 3, column 3" in str(caught.value)


def test_unknown_prefix_is_located():
    with pytest.raises(QueryError) as caught:
        queries.prepare("SELECT ?m\nWHERE { ?m a pkg:Measure }")
    assert caught.value.kind == "syntax" and (caught.value.line, caught.value.column) == (2, 14)
    assert "unknown prefix 'pkg:'" in str(caught.value)


@pytest.mark.parametrize("text", [
    "INSERT DATA { <http://a> <http://b> <http://c> }",
    "PREFIX x: <http://x/>\nDELETE WHERE { ?s ?p ?o }",
    "LOAD <http://example.org/data.ttl>",
    "CLEAR ALL", "DROP GRAPH <http://a>", "CREATE GRAPH <http://a>",
    "delete { ?s ?p ?o } where { ?s ?p ?o",  # a broken update is still an update
])
def test_updates_are_refused(text):
    with pytest.raises(QueryError) as caught:
        queries.prepare(text)
    assert caught.value.kind == "update"


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?a ?b ?c OPTIONAL { SERVICE SILENT <http://127.0.0.1:9/> { ?a ?d ?e } } }",
    "SELECT * WHERE { ?a ?b ?c FILTER EXISTS { SERVICE <http://127.0.0.1:9/> { ?a ?d ?e } } }",
    "ASK { { SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } } } }",
])
def test_service_is_refused_from_the_algebra(text):
    with pytest.raises(QueryError) as caught:
        queries.prepare(text)
    assert caught.value.kind == "service"


def test_a_comment_mentioning_service_is_no_service():
    queries.prepare("# uses no SERVICE { }\nSELECT * WHERE { ?s ?p 'SERVICE <http://x/> {}' }")


def test_empty_query():
    with pytest.raises(QueryError, match="empty"):
        queries.prepare("# only a comment\n\n")


def test_from_may_name_only_graphs_of_the_dataset(dataset):
    with pytest.raises(QueryError) as caught:
        run("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", dataset)
    assert caught.value.kind == "dataset"
    reference = BASE + "graph/reference"
    rows = list(results.solutions(run(f"SELECT ?s WHERE {{ ?s a <{PKG}Country> }}", dataset)))
    assert len(rows) == 2
    only_documents = run(f"SELECT ?s FROM <{BASE}graph/document/000_d466afb8a09bde20> "
                         f"WHERE {{ ?s a <{PKG}Country> }}", dataset)
    assert list(results.solutions(only_documents)) == []
    # the protocol's default-graph-uri replaces the query's FROM
    overridden = run(f"SELECT ?s FROM <{BASE}graph/document/000_d466afb8a09bde20> WHERE {{ ?s a <{PKG}Country> }}",
                     dataset, default_graphs=[reference])
    assert len(list(results.solutions(overridden))) == 2
    named = run("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", dataset, named_graphs=[reference])
    assert [row[Variable("g")] for row in results.solutions(named)] == [URIRef(reference)]


def test_inferred_graph_can_be_left_out(dataset):
    query = f"ASK {{ <{M11}> <{PKG}partOf> <{BASE}plan/kz-mtszn-2020-roadmap> }}"
    assert run(query, dataset).askAnswer is True
    assert run(query, load_graph(SAMPLE, inferred=False)).askAnswer is False


def test_missing_build(tmp_path):
    with pytest.raises(queries.DatasetMissing, match="policykg build"):
        load_graph(tmp_path)


def test_detect_base(dataset):
    assert queries.detect_base(dataset) == BASE
    assert sorted(queries.graph_names(dataset)) == sorted(
        BASE + g for g in ["graph/document/000_d466afb8a09bde20", "graph/document/004_9c6dcb8432dd657d",
                           "graph/reference", "graph/ontology", "graph/inferred"])


# ---------------------------------------------------------------- the catalogue

def test_catalogue_loads_strictly_and_every_query_runs(dataset, catalogue):
    assert len(catalogue) >= 12
    for name, query in catalogue.items():
        params = {p.name: REQUIRED[p.name] for p in query.params if p.required}
        result = run(query, dataset, params)
        if query.form == "SELECT":
            rows = list(results.solutions(result))
            if query.columns:
                assert [str(v) for v in result.vars] == list(query.columns), name
        elif query.form in ("CONSTRUCT", "DESCRIBE"):
            assert len(result.graph) > 0, name
        assert query.title and query.description, name


def test_catalogue_readme_is_up_to_date(catalogue):
    readme = queries.CATALOGUE_DIR / "README.md"
    assert readme.read_text(encoding="utf-8") == queries.catalogue_markdown(catalogue), \
        "regenerate it: python -m graph.queries > queries/README.md"


# ---------------------------------------------------------------- result formats

TRICKY = """
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:text "tab\\there, \\"quoted\\", comma\\nnew line\\\\back" ;
     ex:name "Министерство «МТСЗН»"@ru ;
     ex:count 42 ;
     ex:when "2020-01-28"^^xsd:date ;
     ex:ref _:node .
ex:b ex:name "plain" .
"""
TRICKY_QUERY = """PREFIX ex: <http://example.org/>
SELECT ?s ?text ?name ?count ?when ?ref
WHERE { ?s ex:name ?name OPTIONAL { ?s ex:text ?text ; ex:count ?count ; ex:when ?when ; ex:ref ?ref } }
ORDER BY ?s"""


@pytest.fixture(scope="module")
def tricky() -> Graph:
    return Graph().parse(data=TRICKY, format="turtle")


def _select(graph, text=TRICKY_QUERY):
    return graph.query(text)


def _expected_rows(graph):
    return [{k: v for k, v in row.items()} for row in _select(graph).bindings]


def _same_rows(parsed: Result, expected, bnodes_equal=True):
    rows = [dict(row) for row in parsed.bindings]
    assert len(rows) == len(expected)
    for got, want in zip(rows, expected):
        assert set(got) == set(want)
        for var, term in want.items():
            if isinstance(term, BNode):
                assert isinstance(got[var], BNode)
            else:
                assert got[var] == term and type(got[var]) is type(term)
                if isinstance(term, Literal):
                    assert (got[var].language, got[var].datatype) == (term.language, term.datatype)


def test_json_results_follow_the_spec(tricky):
    body = results.serialize(_select(tricky), "json")
    document = json.loads(body)
    assert document["head"] == {"vars": ["s", "text", "name", "count", "when", "ref"]}
    first, second = document["results"]["bindings"]
    assert first["name"] == {"type": "literal", "value": "Министерство «МТСЗН»", "xml:lang": "ru"}
    assert first["count"] == {"type": "literal", "value": "42", "datatype": str(XSD.integer)}
    assert first["ref"] == {"type": "bnode", "value": "b0"}
    assert first["s"] == {"type": "uri", "value": "http://example.org/a"}
    assert set(second) == {"s", "name"}  # unbound variables are left out
    _same_rows(Result.parse(io.BytesIO(body), format="json"), _expected_rows(tricky))


def test_xml_results_follow_the_spec(tricky):
    body = results.serialize(_select(tricky), "xml")
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(body)
    assert root.tag == "{http://www.w3.org/2005/sparql-results#}sparql"
    assert [v.get("name") for v in root.findall("r:head/r:variable", ns)] == ["s", "text", "name", "count", "when", "ref"]
    literal = root.find("r:results/r:result/r:binding[@name='name']/r:literal", ns)
    assert literal.get("{http://www.w3.org/XML/1998/namespace}lang") == "ru"
    assert root.find("r:results/r:result/r:binding[@name='when']/r:literal", ns).get("datatype") == str(XSD.date)
    assert root.find("r:results/r:result/r:binding[@name='ref']/r:bnode", ns) is not None
    _same_rows(Result.parse(io.BytesIO(body), format="xml"), _expected_rows(tricky))


def test_csv_results_follow_the_spec(tricky):
    body = results.serialize(_select(tricky), "csv").decode("utf-8")
    assert body.startswith("s,text,name,count,when,ref\r\n")
    assert body.endswith("\r\n") and "\r\n" in body
    rows = list(csv.reader(io.StringIO(body, newline="")))
    assert rows[0] == ["s", "text", "name", "count", "when", "ref"]
    assert rows[1] == ["http://example.org/a", 'tab\there, "quoted", comma\nnew line\\back', "Министерство «МТСЗН»",
                       "42", "2020-01-28", "_:b0"]
    assert rows[2] == ["http://example.org/b", "", "plain", "", "", ""]  # unbound: empty fields


def test_tsv_results_follow_the_spec(tricky):
    body = results.serialize(_select(tricky), "tsv").decode("utf-8")
    lines = body.split("\n")
    assert lines[0] == "?s\t?text\t?name\t?count\t?when\t?ref"
    assert body.endswith("\n") and "\r" not in body
    fields = lines[1].split("\t")
    assert fields == ["<http://example.org/a>", '"tab\\there, \\"quoted\\", comma\\nnew line\\\\back"',
                      '"Министерство «МТСЗН»"@ru', f'"42"^^<{XSD.integer}>', f'"2020-01-28"^^<{XSD.date}>', "_:b0"]
    assert lines[2].split("\t") == ["<http://example.org/b>", "", '"plain"', "", "", ""]
    _same_rows(Result.parse(io.BytesIO(body.encode()), format="tsv"), _expected_rows(tricky))


def test_solutions_that_bind_nothing_are_rows(tricky):
    """rdflib's Result iteration drops them; the formats must not."""
    query = "SELECT ?nothing WHERE { ?s ?p ?o } LIMIT 3"
    assert list(_select(tricky, query)) == []  # rdflib's behaviour, which we do not follow
    # one empty field a row: Python's csv writes it quoted, so that the row is not a blank line
    assert results.serialize(_select(tricky, query), "csv") == b'nothing\r\n""\r\n""\r\n""\r\n'
    assert results.serialize(_select(tricky, query), "tsv") == b"?nothing\n\n\n\n"
    assert json.loads(results.serialize(_select(tricky, query), "json"))["results"]["bindings"] == [{}, {}, {}]


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("answer", [True, False])
def test_ask_results(tricky, fmt, answer):
    query = "ASK { ?s ?p 42 }" if answer else "ASK { ?s ?p 43 }"
    body = results.serialize(tricky.query(query), fmt)
    assert Result.parse(io.BytesIO(body), format=fmt).askAnswer is answer
    if fmt == "json":
        assert json.loads(body) == {"head": {}, "boolean": answer}


@pytest.mark.parametrize("fmt, rdflib_format", [("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"),
                                                ("rdfxml", "xml"), ("xml", "xml"), ("json", "json-ld")])
def test_graph_results_parse_back(tricky, fmt, rdflib_format):
    result = tricky.query("CONSTRUCT WHERE { ?s ?p ?o }")
    body = results.serialize(result, fmt, prefixes={"ex": "http://example.org/"})
    assert isomorphic(Graph().parse(data=body, format=rdflib_format), result.graph)


def test_ntriples_escapes():
    assert results.nt_term(Literal('a"b\\c\td\ne\rf\x01')) == '"a\\"b\\\\c\\td\\ne\\rf\\u0001"'
    assert results.nt_term(URIRef("http://x/a b")) == "<http://x/a\\u0020b>"
    assert results.nt_term(Literal("x", datatype=XSD.string)) == '"x"'


def test_xml_cannot_carry_control_characters():
    graph = Graph().parse(data='<http://x/a> <http://x/p> "form\\ffeed" .', format="nt")
    body = results.serialize(graph.query("SELECT ?o WHERE { ?s ?p ?o }"), "xml")
    parsed = Result.parse(io.BytesIO(body), format="xml")
    assert str(parsed.bindings[0][Variable("o")]) == "form\ufffdfeed"


def test_row_limit(tricky):
    with pytest.raises(results.ResultTooLarge, match="more than 1 rows"):
        results.serialize(_select(tricky), "json", max_rows=1)
    assert len(json.loads(results.serialize(_select(tricky), "json", max_rows=2))["results"]["bindings"]) == 2
    with pytest.raises(results.ResultTooLarge, match="triples"):
        results.serialize(tricky.query("CONSTRUCT WHERE { ?s ?p ?o }"), "turtle", max_rows=3)


def test_format_must_fit_the_query_form(tricky):
    with pytest.raises(results.FormatError, match="cannot carry a CONSTRUCT result"):
        results.serialize(tricky.query("CONSTRUCT WHERE { ?s ?p ?o }"), "csv")
    with pytest.raises(results.FormatError):
        results.serialize(_select(tricky), "turtle")


def test_table_for_people(dataset, catalogue):
    text = results.serialize(run(catalogue["measures-due-before"], dataset, {"before": "2020-12-31"}), "table",
                             prefixes=queries.display_prefixes(dataset)).decode()
    lines = text.splitlines()
    assert lines[0].split(" | ")[0].strip() == "measure"
    assert "id:plan/kz-mtszn-2020-roadmap/measure/1.1" in text and lines[-1] == "(2 rows)"


@pytest.mark.parametrize("accept, offers, expected", [
    (None, ["a/b", "c/d"], "a/b"),
    ("", ["a/b", "c/d"], "a/b"),
    ("c/d", ["a/b", "c/d"], "c/d"),
    ("c/*;q=0.5, a/b;q=0.4", ["a/b", "c/d"], "c/d"),
    ("*/*;q=0.1, a/b;q=0", ["a/b", "c/d"], "c/d"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", ["text/turtle", "text/html"], "text/html"),
    ("*/*", ["text/turtle", "text/html"], "text/turtle"),
    ("image/png", ["text/turtle"], None),
    ("application/sparql-results+json,application/json,text/javascript", ["application/sparql-results+xml",
                                                                         "application/sparql-results+json"],
     "application/sparql-results+json"),
])
def test_negotiate(accept, offers, expected):
    assert results.negotiate(accept, offers) == expected


def test_union_store_answers_as_the_union_of_the_named_graphs(tmp_path):
    """build/union (store.write_union) holds each triple of the named graphs once; `query` reads it for a
    query of the default graph only, and the build's store for GRAPH / FROM (the union has no named graphs)."""
    from rdflib import Variable

    from graph import store as oxstore

    n, g = Variable("n"), Variable("g")
    a = b'<http://x/s> <http://x/p> "1" .\n<http://x/s> <http://x/q> <http://x/o> .\n'
    b = b'<http://x/s> <http://x/p> "1" .\n<http://x/t> <http://x/p> "2" .\n'  # one triple also in a
    main = oxstore.new_store()
    oxstore.load_ntriples(main, a, "http://x/graph/a")
    oxstore.load_ntriples(main, b, "http://x/graph/b")
    oxstore.write_union(tmp_path / "union", [a, b], tmp_path / "union.nt")
    union = oxstore.open_union(tmp_path)
    assert len(union) == 3 and not list(union.named_graphs())
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert oxstore.names_graphs(count) is False
    # each triple once, as rdflib's union default graph has it (Oxigraph's union repeats one per graph: 4)
    assert oxstore.query(main, count, union_store=union).bindings[0][n].toPython() == len({q.triple for q in main}) == 3
    assert oxstore.query(main, count).bindings[0][n].toPython() == len(main) == 4
    graphs = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    assert oxstore.names_graphs(graphs) is True
    rows = [(str(r[g]), r[n].toPython()) for r in oxstore.query(main, graphs, union_store=union).bindings]
    assert rows == [("http://x/graph/a", 2), ("http://x/graph/b", 2)]


def test_names_graphs_sees_keywords_not_names():
    from graph.store import names_graphs

    assert names_graphs("SELECT * FROM <http://x/g> WHERE { ?s ?p ?o }")
    assert names_graphs("select * { graph ?g { ?s ?p ?o } }")
    assert not names_graphs('SELECT ?graph WHERE { ?graph <http://x/graph> "GRAPH" } # FROM here')
    assert not names_graphs("PREFIX pkg: <http://x/> SELECT * { ?s pkg:graph ?from }")
