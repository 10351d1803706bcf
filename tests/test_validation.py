"""graph.validation: pySHACL without inference, results traced to document lines, a readable table."""
from __future__ import annotations

import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SH

from graph.validation import validate

EX = Namespace("https://example.org/kg/")
SHP = Namespace("https://example.org/shapes#")

PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix schema: <https://schema.org/> .
@prefix pkg: <https://w3id.org/policykg/ontology#> .
@prefix shp: <https://example.org/shapes#> .
@prefix ex: <https://example.org/kg/> .
"""

SHAPES = PREFIXES + """
shp:S01-measure-title a sh:PropertyShape ;
    sh:targetClass pkg:Measure ;
    sh:path rdfs:label ; sh:minCount 1 ;
    sh:message "A measure needs a label."@en, "У мероприятия должна быть метка."@ru .

shp:S02-amount a sh:NodeShape ;
    sh:targetClass schema:MonetaryAmount ;
    sh:property [ sh:path schema:maxValue ; sh:datatype xsd:decimal ;
                  sh:message "An amount is an xsd:decimal."@en, "Сумма — xsd:decimal."@ru ] .

shp:S03-deadline a sh:PropertyShape ;
    sh:targetClass pkg:Measure ;
    sh:path pkg:dueDate ; sh:minCount 1 ; sh:severity sh:Warning ;
    sh:message "A measure without a deadline."@en .
"""

GOOD = PREFIXES + """
ex:m1 a pkg:Measure ; rdfs:label "1.1 Мероприятие"@ru ; pkg:dueDate "2020-12-31"^^xsd:date ;
    pkg:sourceLine 12, 13 ; prov:wasDerivedFrom ex:document\\/doc-1 .
ex:a1 a pkg:GrantAllocation ; pkg:maximumGrant ex:a1\\/amount ; pkg:sourceLine 40 ;
    prov:wasDerivedFrom ex:document\\/doc-2 .
ex:a1\\/amount a schema:MonetaryAmount ; schema:maxValue 1054900.0 .
"""

BAD = PREFIXES + """
ex:m1 a pkg:Measure ; pkg:sourceLine 13, 12 ; prov:wasDerivedFrom ex:document\\/doc-1 .
ex:a1 a pkg:GrantAllocation ; pkg:maximumGrant ex:a1\\/amount ; pkg:sourceLine 40 ;
    prov:wasDerivedFrom ex:document\\/doc-2 .
ex:a1\\/amount a schema:MonetaryAmount ; schema:maxValue "1054,9" .
"""


def graph(text: str) -> Graph:
    return Graph().parse(data=text, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return graph(SHAPES)


@pytest.fixture(scope="module")
def bad(shapes):
    return validate(graph(BAD), shapes)


def test_conforming_data(shapes):
    report = validate(graph(GOOD), shapes)
    assert report.conforms and report.violations == []
    assert "conforms" in report.table()


def test_violations_name_focus_path_value_shape_and_messages(bad):
    assert not bad.conforms
    by_shape = {v.shape: v for v in bad.violations}
    assert set(by_shape) == {SHP["S01-measure-title"], SHP["S02-amount"], SHP["S03-deadline"]}
    title = by_shape[SHP["S01-measure-title"]]
    assert title.focus == EX.m1 and str(title.path) == "http://www.w3.org/2000/01/rdf-schema#label"
    assert title.value is None and title.severity == SH.Violation
    assert title.message_en == "A measure needs a label." and title.message_ru == "У мероприятия должна быть метка."
    amount = by_shape[SHP["S02-amount"]]  # an anonymous property shape is shown as its node shape
    assert amount.focus == EX["a1/amount"] and amount.value == Literal("1054,9")
    deadline = by_shape[SHP["S03-deadline"]]
    assert deadline.severity == SH.Warning
    assert deadline.message_ru == "A measure without a deadline."  # no Russian message: the English one


def test_source_lines_and_document(bad):
    by_shape = {v.shape: v for v in bad.violations}
    title = by_shape[SHP["S01-measure-title"]]
    assert title.source_lines == (12, 13) and title.documents == (EX["document/doc-1"],)
    assert title.location == "doc-1:12,13"
    amount = by_shape[SHP["S02-amount"]]  # no provenance of its own: that of the allocation pointing to it
    assert amount.source_lines == (40,) and amount.documents == (EX["document/doc-2"],)


def test_violations_come_before_warnings(bad):
    assert [v.severity for v in bad.violations][-1] == SH.Warning
    assert bad.counts() == {"Violation": 2, "Warning": 1}


def test_table(bad):
    table = bad.table().splitlines()
    assert table[0].split(" | ")[0].strip() == "focus node"
    assert set(table[1]) <= {"-", "+"}
    assert len(table) == 2 + len(bad.violations)
    row = next(line for line in table if "S01-measure-title" in line)
    assert "ex:m1" in row and "doc-1:12,13" in row and "A measure needs a label." in row
    assert "У мероприятия должна быть метка." in bad.table(language="ru")


def test_warnings_allowed(shapes):
    data = graph(GOOD)
    data.remove((EX.m1, URIRef("https://w3id.org/policykg/ontology#dueDate"), None))
    strict, lenient = validate(data, shapes), validate(data, shapes, allow_warnings=True)
    assert not strict.conforms and lenient.conforms
    assert [v.shape for v in lenient.violations] == [SHP["S03-deadline"]]


def test_no_inference_unless_the_ontology_is_given(shapes):
    data = graph(PREFIXES + "ex:s1 a pkg:SubMeasure .")
    ontology = graph(PREFIXES + "pkg:SubMeasure rdfs:subClassOf pkg:Measure .")
    size = len(data)
    assert validate(data, shapes).conforms  # pkg:Measure's shapes do not see a pkg:SubMeasure
    with_ontology = validate(data, shapes, ontology=ontology)
    assert not with_ontology.conforms and {v.focus for v in with_ontology.violations} == {EX.s1}
    assert len(data) == size  # the ontology went into a copy


def test_dataset_is_validated_as_one_union(shapes):
    dataset = Dataset()
    for k, t in enumerate(graph(BAD)):
        dataset.graph(EX[f"graph/{k % 2}"]).add(t)
    report = validate(dataset, shapes)
    assert len(report.violations) == 3
    assert {v.location for v in report.violations} == {"doc-1:12,13", "doc-2:40"}


# --------------------------------------------------------------------------- the bundled documents


def test_real_violation_points_to_its_document_lines(seeds):
    from pathlib import Path

    from rdflib.namespace import DCTERMS, RDF

    from graph.namespaces import PKG, Iris
    from graph.reasoning import infer
    mapping = pytest.importorskip("graph.mapping", reason="graph/mapping.py (records → Dataset) is not there yet")
    shapes_path = Path(__file__).resolve().parents[1] / "ontology" / "shapes.ttl"
    ontology = mapping.load_ontology()
    if ontology is None or not shapes_path.exists():
        pytest.skip("ontology/policykg.ttl or ontology/shapes.ttl is not there yet")
    dataset = mapping.build_dataset([seeds["roadmap"], seeds["grant_plan"]])
    data = Graph()
    for s, p, o, g in dataset.quads((None, None, None, None)):
        if g != Iris().graph("ontology"):
            data.add((s, p, o))
    data += infer(data, ontology).inferred
    shapes = Graph().parse(str(shapes_path), format="turtle")
    baseline = {(v.focus, v.shape) for v in validate(data, shapes).violations}

    measure = sorted(data.subjects(RDF.type, PKG.Measure), key=str)[0]
    data.remove((measure, DCTERMS.title, None))
    report = validate(data, shapes)
    new = [v for v in report.violations if (v.focus, v.shape) not in baseline]
    assert len(new) == 1 and not report.conforms
    violation = new[0]
    assert violation.focus == measure and violation.path == DCTERMS.title
    assert violation.message_en and violation.message_ru and violation.message_en != violation.message_ru
    assert violation.source_lines == tuple(sorted(int(n) for n in data.objects(measure, PKG.sourceLine)))
    assert violation.documents == (Iris().document(seeds["roadmap"].document.id),)
    assert violation.location.startswith(seeds["roadmap"].document.id + ":")


# ------------------------------------------------------------- prepared SPARQL constraints


def _results(results: Graph) -> set:
    """Every result pySHACL gives, by what it names (blank-node shapes by their parent and component)."""
    def named(node):
        return node if isinstance(node, URIRef) else results.value(None, SH.property, node) or type(node).__name__
    return {(r_focus, results.value(r, SH.resultPath), results.value(r, SH.value),
             named(results.value(r, SH.sourceShape)), results.value(r, SH.resultSeverity),
             results.value(r, SH.sourceConstraintComponent), frozenset(results.objects(r, SH.resultMessage)))
            for r in results.subjects(SH.focusNode, None) for r_focus in [results.value(r, SH.focusNode)]}


def _shape_examples():
    from pathlib import Path
    folder = Path(__file__).parent / "shapes"
    return sorted(folder.glob("*/*.ttl"))


@pytest.mark.parametrize("path", _shape_examples(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_prepared_sparql_constraints_give_pyshacls_own_results(path):
    """validate() parses each SPARQL constraint once; its results equal pySHACL's own (which parses them
    per focus node) on every valid and invalid example, SPARQL-based shapes included."""
    import pyshacl

    from graph.paths import ONTOLOGY_PATH, SHAPES_PATH

    shapes = Graph().parse(SHAPES_PATH)
    data = Graph().parse(path, format="turtle") + Graph().parse(ONTOLOGY_PATH)  # as the pipeline gives it
    conforms, plain, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", allow_warnings=True,
                                          advanced=False)
    report = validate(data, shapes, allow_warnings=True)
    assert report.conforms == conforms
    assert _results(report.results_graph) == _results(plain)
    assert report.violations or path.parent.name == "valid"  # an invalid example gives results to compare


def test_a_sparql_constraint_that_pyshacl_refuses_is_refused_every_time(shapes):
    """validate() checks each SPARQL constraint's text once per run; a text pySHACL refuses (MINUS)
    is still refused, on every focus node and every run, and pySHACL's own check is back afterwards."""
    import pyshacl
    from pyshacl.errors import ValidationFailure
    from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper

    from graph.validation import _query_checks_once

    check = SPARQLQueryHelper.check_invalid_sparql
    refused = graph(PREFIXES + """
shp:S09-minus a sh:NodeShape ; sh:targetClass pkg:Measure ;
    sh:sparql [ a sh:SPARQLConstraint ;
        sh:select "SELECT $this WHERE { $this a pkg:Measure . MINUS { $this rdfs:label ?l } }" ] .
""")
    data = graph(BAD + "ex:m2 a pkg:Measure .")  # two focus nodes
    for _ in range(2):
        with _query_checks_once():
            conforms, failure, _ = pyshacl.validate(data, shacl_graph=refused, inference="none")
        assert not conforms and isinstance(failure, ValidationFailure) and "MINUS" in str(failure)
    assert SPARQLQueryHelper.check_invalid_sparql is check
    assert validate(graph(GOOD), shapes).conforms


def test_a_documents_results_equal_plain_pyshacls_with_role_defects():
    """On a whole document (the 2021 test roadmap with its reference data, ontology and inferences),
    validate() — SPARQL constraints on Oxigraph, query texts checked once, each qualified value shape
    validated once per role — gives plain pySHACL's results; defects of S09's qualified counts
    (a second primary role, no primary role) are among them."""
    import pyshacl
    from rdflib.namespace import DCAT, RDF

    from graph import pipeline
    from graph.mapping import document_graph
    from graph.namespaces import DEFAULT_BASE, PKG, Iris
    from graph.paths import BUNDLED_CURATION, PROJECT_ROOT
    from graph.reasoning import infer
    from graph.reference import reference_graph
    from graph.sources import read_source

    iris = Iris(DEFAULT_BASE)
    records, _ = pipeline.read_one(read_source(PROJECT_ROOT / "tests/data/roadmap_kz_mz_2021.txt"), BUNDLED_CURATION)
    data = document_graph(records, iris) + reference_graph(iris, used_organisations=records.organisations)
    responsibilities = sorted(data.subjects(RDF.type, PKG.Responsibility), key=str)
    leads = [r for r in responsibilities if (r, DCAT.hadRole, PKG.Lead) in data]
    data.add((leads[0], DCAT.hadRole, PKG.CoExecutor))  # two primary roles
    data.remove((leads[1], DCAT.hadRole, None))  # none
    data.add((leads[1], DCAT.hadRole, PKG.ByAgreement))
    data = data + pipeline._ontology() + infer(data, pipeline._ontology()).inferred
    shapes = pipeline._shapes()
    conforms, plain, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", allow_warnings=True,
                                          advanced=False)
    report = validate(data, shapes, allow_warnings=True)
    assert report.conforms == conforms is False
    assert _results(report.results_graph) == _results(plain)
    components = {(v.focus, str(v.component).rsplit("#", 1)[-1]) for v in report.violations}
    assert {(leads[0], "QualifiedMaxCountConstraintComponent"),
            (leads[1], "QualifiedMinCountConstraintComponent")} <= components
