"""The whole catalogue gives the same answers on rdflib and on Oxigraph (pyoxigraph), run as it is
(the defaults in each file's VALUES blocks) and with parameters that the runner writes into those
blocks. Numbers are compared by value (engines write 5.0 and 5 differently), everything else by term."""
from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.namespace import XSD

from graph import queries

BASE = "https://w3id.org/policykg/"
KZ, KG = BASE + "plan/kz-mtszn-2020-roadmap", BASE + "plan/kg-mtsom-2022-grant-plan"
# two real plans of measures in the same build (tests/standards/conftest.py: portable_build)
CENSUS, ANTHRAX = BASE + "plan/kz-prk-2019-419-plan", BASE + "plan/kz-aao-1998-2-58-plan"
CATALOGUE = queries.load_catalogue()
NUMERIC = {str(XSD[t]) for t in ("integer", "decimal", "double", "float", "nonNegativeInteger", "positiveInteger",
                                 "long", "int")}
# Values other than the defaults, chosen to give rows on the bundled documents.
PARAMETERS = {
    "allocations-above": [{"minAmount": "1500000"}],
    "any-due-before": [{"before": "1990-01-01"}],
    "grants-by-region": [{"minTotal": "3000000"}],
    "measures-by-organisation": [{"minMeasures": "5"}],
    "measures-due-before": [{"before": "2020-02-29"}],
    "measures-mentioning-programme": [{"spelling": "цифровой"}],
    "measures-of-organisation": [{"organisation": BASE + "org/kz-mtszn"}],
    "measures-overdue": [{"asOf": "2020-03-01"}],
    "place-matches": [{"maxScore": "90"}],
    "plan-outline": [{"plan": KG}],
    "provenance": [{"resource": KG + "/item/1.5"}],
    "region-activity": [{"region": "KG-T"}, {"region": "Актюбинская"}],
    "responsibility-matrix": [{"organisationKind": "Akimat"}],
    "search": [{"text": "грант"}],
    "serving-beneficiaries": [{"category": "лица с ограниченными возможностями здоровья"}],
}
# defaults through the runner (a query with a required parameter runs its example in the as-is test)
CASES = [(name, {}) for name, q in CATALOGUE.items() if not any(p.required for p in q.params)]
CASES += [(name, values) for name, cases in PARAMETERS.items() for values in cases]
CASES += [(name, {**PARAMETERS.get(name, [{}])[0], "plan": plan}) for name, q in CATALOGUE.items()
          for plan in (KZ, KG) if any(p.name == "plan" for p in q.params) and name != "plan-outline"]


@pytest.fixture(scope="module")
def engines(portable_build):
    store = ox.Store()
    store.load(path=str(portable_build / "rdf" / "dataset.trig"), format=ox.RdfFormat.TRIG)
    # rdflib's own engine on rdflib's own store (load_graph would open the build's Oxigraph store)
    dataset = Dataset(default_union=True)
    dataset.parse(portable_build / "rdf" / "dataset.trig", format="trig")
    return dataset, store


def _rdflib_term(term):
    if term is None:
        return None
    if isinstance(term, URIRef):
        return ("iri", str(term))
    if isinstance(term, BNode):
        return ("blank",)
    datatype = str(term.datatype) if term.datatype else (None if term.language else str(XSD.string))
    if datatype in NUMERIC:
        return ("number", Decimal(str(term)).normalize())
    return ("literal", str(term), datatype, term.language)


def _oxigraph_term(term):
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return ("blank",)
    datatype = None if term.language else term.datatype.value
    if datatype in NUMERIC:
        return ("number", Decimal(term.value).normalize())
    return ("literal", term.value, datatype, term.language)


_ANSWERS: dict = {}  # rdflib's answers, computed once: several tests compare against the same one


def _rdflib_answer(query, dataset, params):
    key = (query.name, tuple(sorted(params.items())))
    if key not in _ANSWERS:
        _ANSWERS[key] = _rdflib_evaluate(query, dataset, params)
    return _ANSWERS[key]


def _rdflib_evaluate(query, dataset, params):
    result = queries.run(query, dataset, params)
    if query.form == "ASK":
        return bool(result.askAnswer)
    if query.form in ("CONSTRUCT", "DESCRIBE"):
        return sorted(tuple(_rdflib_term(t) for t in triple) for triple in result.graph)
    return sorted((tuple(_rdflib_term(row.get(v)) for v in result.vars) for row in result.bindings), key=repr)


def _oxigraph_answer(query, store, text):
    result = store.query(text, use_default_graph_as_union=True)
    if query.form == "ASK":
        return bool(result)
    if query.form in ("CONSTRUCT", "DESCRIBE"):
        return sorted((_oxigraph_term(t.subject), _oxigraph_term(t.predicate), _oxigraph_term(t.object))
                      for t in result)
    names = [v.value for v in result.variables]
    return sorted((tuple(_oxigraph_term(row[n]) for n in names) for row in result), key=repr)


def _plain_rdflib_answer(query, dataset):
    """rdflib on the file's text as it is, without the runner."""
    key = (query.name, "as it is")
    if key not in _ANSWERS:
        _ANSWERS[key] = _plain_rdflib_evaluate(query, dataset)
    return _ANSWERS[key]


def _plain_rdflib_evaluate(query, dataset):
    result = queries.evaluate(dataset, queries.prepare(query.text), {})
    if query.form == "ASK":
        return bool(result.askAnswer)
    if query.form in ("CONSTRUCT", "DESCRIBE"):
        return sorted(tuple(_rdflib_term(t) for t in triple) for triple in result.graph)
    return sorted((tuple(_rdflib_term(row.get(v)) for v in result.vars) for row in result.bindings), key=repr)


@pytest.mark.parametrize("name", list(CATALOGUE))
def test_each_file_runs_as_it_is_on_both_engines(engines, name):
    dataset, store = engines
    query = CATALOGUE[name]
    assert _oxigraph_answer(query, store, query.text) == _plain_rdflib_answer(query, dataset)


@pytest.mark.parametrize("name,params", CASES, ids=lambda v: v if isinstance(v, str) else ",".join(v) or "defaults")
def test_same_answer_on_rdflib_and_oxigraph(engines, name, params):
    dataset, store = engines
    query = CATALOGUE[name]
    text, rest = query.text_for(query.bindings(params))
    assert rest == {}  # every parameter is bound by its VALUES block
    expected = _rdflib_answer(query, dataset, params)
    assert _oxigraph_answer(query, store, text) == expected
    if params and "plan" not in params:  # the value changes the answer: it is really bound
        assert expected != _plain_rdflib_answer(query, dataset), f"{name}: {params} gives the default answer"


@pytest.mark.parametrize("name", [n for n, q in CATALOGUE.items() if any(p.name == "plan" for p in q.params)])
def test_the_plan_parameter_scopes_the_answer(engines, name):
    dataset, store = engines
    query = CATALOGUE[name]
    given = {p.name: str(_example(query, p.name)) for p in query.params if p.required}
    plans = (CENSUS, ANTHRAX) if "action plans" in query.tags else (KZ, KG)
    first, second = (_rdflib_answer(query, dataset, {**given, "plan": plan}) for plan in plans)
    assert first != second  # a bound plan filters


def _example(query, name):
    return queries._values_term(query.text, queries._values_blocks(query.text, name)[0].group("content"))


def test_the_catalogue_answers_something(engines):
    dataset, _ = engines
    empty = [name for name, q in CATALOGUE.items() if q.form == "SELECT" and not _plain_rdflib_answer(q, dataset)]
    assert empty == []
