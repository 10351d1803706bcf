"""The ontology is OWL 2 DL, as a real DL reasoner reads it: HermiT (bundled with owlready2, run on Java)
loads and classifies ontology/policykg.ttl — consistent, no unsatisfiable class — and the header states
the profile. Without Java the HermiT tests skip locally, saying why, and fail in CI (CI=true);
.ci/install-java installs Debian's default-jre-headless there.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, XSD

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY_PATH = ROOT / "ontology" / "policykg.ttl"
ONTOLOGY_IRI = URIRef("https://w3id.org/policykg/ontology")
OWL2_DL = URIRef("http://www.w3.org/ns/owl-profile/DL")
# The OWL 2 datatype map (OWL 2 Structural Specification, section 4): the xsd: datatypes a DL ontology may use.
OWL2_XSD = {"decimal", "integer", "nonNegativeInteger", "nonPositiveInteger", "positiveInteger", "negativeInteger",
            "long", "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
            "double", "float", "string", "normalizedString", "token", "language", "Name", "NCName", "NMTOKEN",
            "boolean", "hexBinary", "base64Binary", "anyURI", "dateTime", "dateTimeStamp"}
# rdf:langString is RDF 1.1's name for language-tagged strings, which OWL 2 tools (the OWL API, HermiT) accept.
OWL2_OTHER = {RDF.PlainLiteral, RDF.langString, RDF.XMLLiteral, RDFS.Literal, OWL.real, OWL.rational}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_PATH, format="turtle")


def test_header_states_the_dl_profile(ontology):
    assert (ONTOLOGY_IRI, DCTERMS.conformsTo, OWL2_DL) in ontology


def test_ranges_are_in_the_owl2_datatype_map(ontology):
    allowed = {XSD[name] for name in OWL2_XSD} | OWL2_OTHER
    outside = sorted(f"{p} {r}" for p, r in ontology.subject_objects(RDFS.range)
                     if (p, RDF.type, OWL.DatatypeProperty) in ontology and r not in allowed)
    assert outside == []


def _java() -> None:
    if shutil.which("java") is None:
        reason = "no Java runtime for HermiT (Debian: default-jre-headless; bash .ci/install-java)"
        if os.environ.get("CI"):
            pytest.fail(f"HermiT cannot run in CI: {reason}", pytrace=False)
        pytest.skip(reason)


def _classify(graph: Graph, folder: Path):
    """HermiT's classification of `graph`: (world, None) or (None, the inconsistency error)."""
    owlready2 = pytest.importorskip("owlready2")
    path = folder / "ontology.nt"
    path.write_text(graph.serialize(format="nt"), encoding="utf-8")
    world = owlready2.World()
    loaded = world.get_ontology(path.as_uri()).load()
    try:
        with loaded:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError as exc:
        return None, exc
    return world, None


def test_hermit_classifies_the_ontology(ontology, tmp_path):
    _java()
    world, error = _classify(ontology, tmp_path)
    assert error is None, f"HermiT: the ontology is inconsistent: {error}"
    assert [str(c.iri) for c in world.inconsistent_classes()] == []
    # it really read the ontology: every pkg: class is a class HermiT knows
    pkg_classes = {str(c) for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith(str(ONTOLOGY_IRI))}
    known = {c.iri for c in world.classes()}
    assert pkg_classes and pkg_classes <= known


def test_hermit_finds_an_unsatisfiable_class(ontology, tmp_path):
    """The check can fail: a class under two disjoint classes is reported unsatisfiable."""
    _java()
    pkg = Namespace(str(ONTOLOGY_IRI) + "#")
    broken = Graph() + ontology
    classes = sorted(c for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith(str(pkg)))
    first, second = classes[0], classes[1]
    odd = URIRef("https://example.org/test#Impossible")
    broken.add((first, OWL.disjointWith, second))
    broken.add((odd, RDF.type, OWL.Class))
    broken.add((odd, RDFS.label, Literal("impossible")))
    broken.add((odd, RDFS.subClassOf, first))
    broken.add((odd, RDFS.subClassOf, second))
    world, error = _classify(broken, tmp_path)
    assert error is None
    assert str(odd) in [c.iri for c in world.inconsistent_classes()]


def test_hermit_refuses_a_datatype_outside_the_map(ontology, tmp_path):
    """Why the ranges are rdfs:Literal: HermiT does not accept xsd:date as a range."""
    _java()
    broken = Graph() + ontology
    prop = next(p for p in ontology.subjects(RDF.type, OWL.DatatypeProperty) if str(p).endswith("#dueDate"))
    broken.remove((prop, RDFS.range, None))
    broken.add((prop, RDFS.range, XSD.date))
    with pytest.raises(Exception, match="(?i)datatype|xsd|date"):
        _classify(broken, tmp_path)
