"""The SHACL shapes (ontology/shapes.ttl) against their examples, in both directions.

tests/shapes/valid/Snn-*.ttl must conform to all the shapes; tests/shapes/invalid/Snn-*.ttl must not,
and every result must come from a shape whose id starts with Snn- (the file's own shape). The first
line of each example says why it conforms or what it violates. pySHACL runs with inference="none"
(the examples carry their own types) and the ontology as ont_graph, as over the built graph.
"""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SH

from graph.namespaces import ONTOLOGY_IRI, PKG

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHAPES_PATH = ROOT / "ontology" / "shapes.ttl"
ONTOLOGY_PATH = ROOT / "ontology" / "policykg.ttl"
EXAMPLES = HERE / "shapes"
VALID = sorted((EXAMPLES / "valid").glob("*.ttl"))
INVALID = sorted((EXAMPLES / "invalid").glob("*.ttl"))

SHAPES_IRI = "https://w3id.org/policykg/shapes"
SHP = Namespace(SHAPES_IRI + "#")
SHAPE_ID = re.compile(r"^S\d\d-[a-z0-9]+(-[a-z0-9]+)*$")
SHAPE_KINDS = (SH.NodeShape, SH.PropertyShape)
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_PATH, format="turtle")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_PATH, format="turtle")


def _validate(data: Graph, shapes: Graph, ontology: Graph | None):
    conforms, results, text = validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none")
    sources = {results.value(r, SH.sourceShape) for r in results.subjects(RDF.type, SH.ValidationResult)}
    return conforms, sources, text


def _shape_id(path: Path) -> str:
    return path.name[:3]  # «S01» of S01-measure-title.ttl


def _shape_nodes(shapes: Graph) -> set:
    return {s for kind in SHAPE_KINDS for s in shapes.subjects(RDF.type, kind)}


# --------------------------------------------------------------------------- the examples


def test_examples_found():
    assert VALID and INVALID, f"no examples under {EXAMPLES}"
    for path in VALID + INVALID:
        assert re.match(r"^S\d\d-", path.name), path.name


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_example_conforms(path, shapes, ontology):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(f"# Conforms to {_shape_id(path)}"), first
    conforms, sources, text = _validate(Graph().parse(path, format="turtle"), shapes, ontology)
    assert conforms, text


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_example_fails_by_its_shape(path, shapes, ontology):
    shape_id = _shape_id(path)
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(f"# Violates {shape_id}"), first
    conforms, sources, text = _validate(Graph().parse(path, format="turtle"), shapes, ontology)
    assert not conforms
    assert sources, text
    others = sorted(str(s) for s in sources if not str(s).startswith(f"{SHP}{shape_id}-"))
    assert others == [], f"{path.name} should fail by {shape_id} only:\n{text}"


def test_every_shape_id_has_examples(shapes):
    ids = {str(s)[len(SHP):][:3] for s in _shape_nodes(shapes)}
    assert ids == {_shape_id(p) for p in VALID}, "a valid example per shape id, and no example without a shape"
    assert ids == {_shape_id(p) for p in INVALID}, "an invalid example per shape id, and no example without a shape"


def test_every_targeted_shape_is_exercised(shapes, ontology):
    """Each shape that selects focus nodes itself is the source of a result in some invalid example."""
    seen = set()
    for path in INVALID:
        seen |= _validate(Graph().parse(path, format="turtle"), shapes, ontology)[1]
    targeted = {s for s in _shape_nodes(shapes) if any(shapes.value(s, t) is not None for t in TARGETS)}
    assert sorted(str(s) for s in targeted - seen) == []


# --------------------------------------------------------------------------- the shapes themselves


def test_shapes_are_named_and_documented(shapes):
    nodes = _shape_nodes(shapes)
    assert len(nodes) >= 19
    for shape in nodes:
        assert isinstance(shape, URIRef) and str(shape).startswith(str(SHP)), shape
        assert SHAPE_ID.match(str(shape)[len(SHP):]), shape
        for predicate in (SH.message, RDFS.label):
            languages = sorted(o.language for o in shapes.objects(shape, predicate) if isinstance(o, Literal))
            assert languages == ["en", "ru"], (shape, predicate)
        assert shapes.value(shape, SH.severity) in (SH.Violation, SH.Warning, SH.Info), shape
        assert any(o.language == "en" for o in shapes.objects(shape, SH.description)), shape
        assert shapes.value(shape, RDFS.isDefinedBy) == URIRef(SHAPES_IRI), shape


def test_no_anonymous_shapes(shapes):
    """Property shapes and value shapes have ids too, so that every result names one."""
    for predicate in (SH.property, SH.node, SH.qualifiedValueShape, SH["not"]):
        for value in shapes.objects(None, predicate):
            assert isinstance(value, URIRef), (predicate, value)
    for subject in shapes.subjects(SH.path, None):
        assert isinstance(subject, URIRef), subject


def test_shapes_use_only_pkg_terms(shapes):
    ns = ONTOLOGY_IRI + "#"
    used = {str(t)[len(ns):] for triple in shapes for t in triple if isinstance(t, URIRef) and str(t).startswith(ns)}
    query_terms = {m for q in shapes.objects(None, SH.select) for m in re.findall(r"\bpkg:(\w+)", str(q))}
    assert sorted((used | query_terms) - set(PKG.__annotations__)) == []


def test_ontology_graph_raises_nothing(shapes, ontology):
    """The ontology sits in the dataset beside the data: the shapes find nothing to say about it."""
    conforms, sources, text = _validate(ontology, shapes, None)
    assert conforms, text


def test_ontology_as_ont_graph_stays_fast(shapes, ontology):
    """pySHACL deep-copies named individuals of ont_graph; links between them (skos:hasTopConcept back to
    the concepts) once made this take minutes. Guard against that coming back."""
    data = Graph().parse(VALID[0], format="turtle")
    started = time.perf_counter()
    _validate(data, shapes, ontology)
    assert time.perf_counter() - started < 20
