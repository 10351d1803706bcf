"""The Oxigraph store behind the project's API: parameters bound as rdflib binds them."""
from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Literal

from graph import queries
from graph.store import as_dataset, substitute, to_ox


def test_substitute_replaces_the_variable_only():
    text = ('# param: text — ?text\nSELECT ?r WHERE { ?r <http://x/?text> "?text", \'?text\' ; ?p ?texts .\n'
            '  FILTER(CONTAINS(?label, $text)) }')
    done = substitute(text, "text", to_ox(Literal('a "quoted" word', lang="ru")))
    assert done == ('# param: text — ?text\nSELECT ?r WHERE { ?r <http://x/?text> "?text", \'?text\' ; ?p ?texts .\n'
                    '  FILTER(CONTAINS(?label, "a \\"quoted\\" word"@ru)) }')


@pytest.fixture(scope="module")
def store_dataset(seed_dataset):
    store = ox.Store()
    store.bulk_extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.NamedNode(str(g)))
                      for s, p, o, g in seed_dataset.quads((None, None, None, None)) if str(g).startswith("http"))
    return as_dataset(store)


@pytest.mark.parametrize("name, params, columns", [
    ("search", {"text": "инвалид"}, None),  # ?text only in a FILTER
    ("region-activity", {}, None),  # the default «Чуйская», in a FILTER
    ("measures-due-before", {"before": "2020-03-31"}, ["measure", "due"]),  # ?lead is a SAMPLE: any of them
    ("grants-by-region", {"min_total": "3000"}, None),  # in HAVING
])
def test_parameters_outside_the_projection_mean_what_they_mean_on_rdflib(seed_dataset, store_dataset, name, params,
                                                                          columns):
    query = queries.load_catalogue()[name]

    def rows(result):
        return sorted(repr(sorted((str(k), v.toPython()) for k, v in row.items() if columns is None or str(k) in columns))
                      for row in result.bindings)

    on_rdflib = rows(queries.run(query, seed_dataset, params))
    assert on_rdflib, name  # the parameter selects something
    assert rows(queries.run(query, store_dataset, params)) == on_rdflib
