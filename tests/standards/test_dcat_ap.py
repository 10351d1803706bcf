"""The build's rdf/description.ttl against the official DCAT-AP 3.0.1 SHACL shapes (vendored in
tests/standards/dcat-ap/, see its README): no violation, and warnings only for what the data cannot
supply. The results left are named one by one, each with its reason:

- the publishers (this project, the governments) are not bodies of the EU corporate-body table
  (a warning of the controlled-vocabulary shapes for every dct:publisher outside the EU);
- the countries have no bounding box or centroid in the data (dcat:bbox, dcat:centroid: warnings);
- the controlled-vocabulary shape for spdx:algorithm requires an IRI starting «https://spdx.org/rdf/terms»,
  while SPDX's own term (the one DCAT-AP names) is http://spdx.org/rdf/terms#checksumAlgorithm_sha256:
  a known fault of those shapes (reported against them by DCAT-AP.de, GovDataOfficial/DCAT-AP.de-SHACL-
  Validation#4), so the description keeps SPDX's IRI, and the template (dcat-ap-SHACL.ttl), which has no
  such pattern, accepts it.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, SH, SKOS

from graph.describe import SPDX, load_config

SHAPES = Path(__file__).resolve().parent / "dcat-ap"
PROFILE = ("shapes.ttl", "range.ttl", "shapes_recommended.ttl", "mdr-vocabularies.shape.ttl", "deprecateduris.ttl")
EU = "http://publications.europa.eu/resource/authority/"


def _results(description: Graph, files) -> list[tuple[str, str, str, str]]:
    shapes = Graph()
    for name in files:
        shapes.parse(SHAPES / name, format="turtle")
    _, report, _ = validate(description, shacl_graph=shapes, inference="none", allow_warnings=True)
    details = set(report.objects(None, SH.detail))
    found = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        if result in details:  # a nested result, reported through its parent
            continue
        severity = str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]
        found.append((severity, str(report.value(result, SH.focusNode)), str(report.value(result, SH.resultPath)),
                      str(report.value(result, SH.sourceConstraintComponent)).rsplit("#", 1)[-1]))
    return sorted(found)


@pytest.fixture(scope="module")
def description(standards_build) -> Graph:
    return Graph().parse(standards_build / "rdf" / "description.ttl", format="turtle")


def _expected_leftovers(description: Graph) -> list[tuple[str, str, str, str]]:
    """The results named in the module doc, worked out from the description itself."""
    left = []
    for kind in (DCAT.Catalog, DCAT.Dataset):
        for node in description.subjects(RDF.type, kind):
            for publisher in description.objects(node, DCTERMS.publisher):
                left.append(("Warning", str(node), str(DCTERMS.publisher), "NodeConstraintComponent"))
    for place in description.subjects(RDF.type, DCTERMS.Location):
        for path in (DCAT.bbox, DCAT.centroid):
            left.append(("Warning", str(place), str(path), "MinCountConstraintComponent"))
    for checksum in description.subjects(RDF.type, SPDX.Checksum):
        left.append(("Violation", str(checksum), str(SPDX.algorithm), "NodeConstraintComponent"))
    return sorted(left)


def test_profile_shapes_leave_only_what_the_data_cannot_supply(description):
    results = _results(description, PROFILE)
    assert results == _expected_leftovers(description)
    assert not [r for r in results if r[0] == "Violation" and r[2] != str(SPDX.algorithm)]


def test_template_shapes_conform(description):
    assert _results(description, ["dcat-ap-SHACL.ttl"]) == []


def test_the_shapes_do_find_faults(description):
    """The check can fail: drop the catalogue's title and give a distribution a literal format."""
    broken = Graph() + description
    catalog = next(broken.subjects(RDF.type, DCAT.Catalog))
    broken.remove((catalog, DCTERMS.title, None))
    distribution = next(broken.subjects(RDF.type, DCAT.Distribution))
    broken.remove((distribution, DCTERMS.format, None))
    broken.add((distribution, DCTERMS.format, Literal("text/turtle")))
    faults = {(r[1], r[2]) for r in _results(broken, PROFILE) if r[0] == "Violation"}
    assert (str(catalog), str(DCTERMS.title)) in faults
    assert (str(distribution), str(DCTERMS.format)) in faults


def test_what_the_configuration_and_the_data_set(description, standards_build):
    config = load_config()
    dataset = next(description.subjects(RDF.type, DCAT.Dataset))
    assert {str(t) for t in description.objects(dataset, DCAT.theme)} == set(config["themes"])
    assert {str(k) for k in description.objects(dataset, DCAT.keyword)} == {
        w for words in config["keywords"].values() for w in words}
    assert description.value(dataset, DCTERMS.license) == URIRef(config["licence"])
    # the data: Russian and English labels; plans of Kazakhstan and Kyrgyzstan
    assert set(description.objects(dataset, DCTERMS.language)) == {URIRef(EU + "language/RUS"), URIRef(EU + "language/ENG")}
    assert set(description.objects(dataset, DCTERMS.spatial)) == {URIRef(EU + "country/KAZ"), URIRef(EU + "country/KGZ")}
    period = description.value(dataset, DCTERMS.temporal)
    start, end = str(description.value(period, DCAT.startDate)), str(description.value(period, DCAT.endDate))
    assert start <= end and start[:4] == "2020"
    # every export but the JSON-LD context is a distribution with a checksum that matches the file
    names = {str(description.value(d, DCTERMS.title)): d for d in description.objects(dataset, DCAT.distribution)}
    exported = {p.name for p in (standards_build / "rdf").iterdir()} - {"description.ttl", "context.jsonld"}
    assert set(names) == exported
    import hashlib
    for name, distribution in names.items():
        node = description.value(distribution, SPDX.checksum)
        digest = hashlib.sha256((standards_build / "rdf" / name).read_bytes()).hexdigest()
        assert str(description.value(node, SPDX.checksumValue)) == digest, name
        assert (description.value(distribution, DCTERMS.format), SKOS.inScheme, URIRef(EU + "file-type")) in description


def test_compressed_distributions_conform(standards_build, tmp_path):
    """The seeds' exports written as at scale (threshold 0: every union file gzipped) and described:
    each distribution names the content's media type and dcat:compressFormat gzip, and the shapes
    leave only what they leave for the uncompressed description."""
    from datetime import date

    from graph.describe import IANA, dataset_description
    from graph.exports import write_exports
    from graph.namespaces import Iris
    from rdflib import Dataset

    iris = Iris()
    dataset = Dataset()
    dataset.parse(standards_build / "rdf" / "dataset.nq", format="nquads")
    inferred = dataset.graph(iris.graph("inferred"))
    files = write_exports(dataset, inferred, tmp_path, base=iris.base, compress_above=0)
    compressed = dataset_description(dataset, inferred, base=iris.base, documents=[], files=files,
                                     issued=date(2026, 1, 1))
    distributions = set(compressed.subjects(RDF.type, DCAT.Distribution))
    assert len(distributions) == len(files) - 1  # all but context.jsonld
    gzip = URIRef(IANA + "application/gzip")  # the IRI space the description gives every media type
    for distribution in distributions:
        assert str(distribution).endswith(".gz")
        assert compressed.value(distribution, DCAT.compressFormat) == gzip
        assert compressed.value(distribution, DCAT.mediaType) != gzip
    nt = next(d for d in distributions if str(d).endswith("/all.nt.gz"))
    assert compressed.value(nt, DCAT.mediaType) == URIRef(IANA + "application/n-triples")
    assert URIRef(iris.base + "download/all.nt.gz") in set(compressed.objects(None, URIRef("http://rdfs.org/ns/void#dataDump")))
    assert _results(compressed, PROFILE) == _expected_leftovers(compressed)
    assert _results(compressed, ["dcat-ap-SHACL.ttl"]) == []
