"""graph.reasoning's engine (owlrl's rules over an indexed graph, trigger triples only after the first
cycle, on the slice) gives stock owlrl's filtered closure of a document's whole inference input — the
document's graph plus the reference data it links to, and the ontology — for the test documents and
synthetic ones (the bundled documents: tests/test_reasoning.py)."""
from __future__ import annotations

import sys

import owlrl
import pytest
from rdflib import Graph

from graph import pipeline
from graph.mapping import document_graph
from graph.namespaces import DEFAULT_BASE, Iris
from graph.paths import BUNDLED_CURATION, PROJECT_ROOT
from graph.reasoning import infer, junk_rule
from graph.reference import reference_graph
from graph.sources import read_source

sys.path.insert(0, str(PROJECT_ROOT / "bench"))
from generate import generate  # noqa: E402

IRIS = Iris(DEFAULT_BASE)
TEST_DOCUMENTS = [PROJECT_ROOT / "tests/data/roadmap_kz_mz_2021.txt", PROJECT_ROOT / "tests/data/grantplan_kg_2023.txt"]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    return [(path, folder / "curation") for path in generate(3, folder)[1:]]  # a grant plan, the 2021 roadmap


def _input(path, curation) -> Graph:
    records, _ = pipeline.read_one(read_source(path), curation)
    return document_graph(records, IRIS) + reference_graph(IRIS, used_organisations=records.organisations)


def _stock(data: Graph, ontology: Graph) -> set:
    graph = data + ontology
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, improved_datatypes=False).expand(graph)
    return {t for t in graph if t not in data and t not in ontology and junk_rule(t) is None}


@pytest.mark.parametrize("index", range(4), ids=["roadmap-2021", "grantplan-2023", "synthetic-1", "synthetic-2"])
def test_a_documents_inference_equals_stock_owlrl(index, synthetic):
    path, curation = ([(p, BUNDLED_CURATION) for p in TEST_DOCUMENTS] + synthetic)[index]
    data, ontology = _input(path, curation), pipeline._ontology()
    result = infer(data, ontology)
    assert result.sizes["inferred"] > 300  # classes, inverses, super-properties of the document's resources
    assert set(result.inferred) == _stock(data, ontology)
    assert not result.errors
