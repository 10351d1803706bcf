"""Validating each document on its own graph (plus the reference data, the ontology and what OWL 2 RL
infers from them) gives exactly the results of validating the whole graph at once — on the seeds and
the test documents, with defects put into two of them (a seed and a test roadmap) so that there are results to compare."""
from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, RDFS, SH

from graph import pipeline
from graph.namespaces import DEFAULT_BASE, PKG, Iris
from graph.paths import BUNDLED_CURATION, PROJECT_ROOT
from graph.sources import read_source
from graph.validation import validate

IRIS = Iris(DEFAULT_BASE)
PATHS = [PROJECT_ROOT / "data/sources/000_d466afb8a09bde20.txt", PROJECT_ROOT / "data/sources/004_9c6dcb8432dd657d.txt",
         PROJECT_ROOT / "tests/data/roadmap_kz_mz_2021.txt", PROJECT_ROOT / "tests/data/grantplan_kg_2023.txt"]


def _damaged(graph: Graph) -> Graph:
    """The graph with the first two measures' labels removed (S01 asks every measure for one)."""
    measures = sorted(graph.subjects(RDF.type, PKG.Measure), key=str)[:2]
    for measure in measures:
        graph.remove((measure, RDFS.label, None))
    return graph


@pytest.fixture(scope="module")
def both(monkeypatch_module):
    """(per-document results, whole-graph results), each a set of what a result names."""
    mapped = pipeline.document_graph
    damage = {PATHS[0].stem, PATHS[2].stem}
    monkeypatch_module.setattr(pipeline, "document_graph", lambda records, iris, **options: (
        _damaged(mapped(records, iris, **options)) if records.document.id in damage else mapped(records, iris, **options)))
    sources = [read_source(p) for p in PATHS]
    builds = [pipeline.process_document(s, BUNDLED_CURATION, DEFAULT_BASE) for s in sources]
    per_document = pipeline._merged_report(builds)

    asserted = Graph()
    for b in builds:
        asserted.parse(data=b.graph, format="nt")
    asserted += pipeline.reference_graph(IRIS, used_organisations=[o for b in builds for o in b.records.organisations])
    whole = asserted + pipeline._ontology() + pipeline.infer(asserted, pipeline._ontology()).inferred
    return _named(per_document.violations), _named(validate(whole, pipeline._shapes(), allow_warnings=True).violations)


@pytest.fixture(scope="module")
def monkeypatch_module():
    patch = pytest.MonkeyPatch()
    yield patch
    patch.undo()


def _named(violations) -> set:
    return {(v.focus, v.path, v.value, v.shape, v.severity, v.message_en, v.location) for v in violations}


def test_per_document_validation_equals_whole_graph_validation(both):
    per_document, whole = both
    assert per_document == whole


def test_the_defects_are_found_where_they_were_made(both):
    per_document, _ = both
    violations = [r for r in per_document if r[4] == SH.Violation]
    documents = {r[6].split(":", 1)[0] for r in violations}
    assert len(violations) >= 4  # two measures in each of two documents, at least one shape each
    assert documents == {PATHS[0].stem, PATHS[2].stem}
