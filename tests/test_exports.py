"""graph.exports: every format re-parses to what was written (rdflib and pyoxigraph); sorted N-Triples are stable."""
from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from graph.exports import CONTEXT_FILE, jsonld_context, write_exports
from graph.namespaces import PKG, Iris

BASE = "https://example.org/kg/"
IRIS = Iris(BASE)
EX = Namespace(BASE)
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # a plain Namespace: pytest probes module attributes
WD = Namespace("http://www.wikidata.org/entity/")

OX_FORMATS = {
    "ttl": pyoxigraph.RdfFormat.TURTLE, "nt": pyoxigraph.RdfFormat.N_TRIPLES, "rdf": pyoxigraph.RdfFormat.RDF_XML,
    "jsonld": pyoxigraph.RdfFormat.JSON_LD, "trig": pyoxigraph.RdfFormat.TRIG, "nq": pyoxigraph.RdfFormat.N_QUADS,
}
RDFLIB_FORMATS = {"ttl": "turtle", "nt": "nt", "rdf": "xml", "jsonld": "json-ld", "trig": "trig", "nq": "nquads"}


@contextmanager
def lexical_forms_kept():
    """rdflib's parsers rewrite lexical forms ("P12M"^^xsd:duration → "P1Y") unless told not to."""
    saved, rdflib.NORMALIZE_LITERALS = rdflib.NORMALIZE_LITERALS, False
    try:
        yield
    finally:
        rdflib.NORMALIZE_LITERALS = saved


def parse(path: Path, extension: str, graph: Graph | None = None) -> Graph:
    graph = Graph() if graph is None else graph
    with lexical_forms_kept():
        return graph.parse(str(path), format=RDFLIB_FORMATS[extension])


def build_dataset() -> Dataset:
    """Two document graphs, a reference graph and an ontology graph with a blank-node restriction."""
    dataset = Dataset()
    doc = dataset.graph(IRIS.graph("document", "doc-1"))
    measure = EX["plan/p/measure/6.4"]
    doc.add((measure, RDF.type, PKG.Measure))
    doc.add((measure, RDFS.label, Literal('6.4 «Мероприятие»\nс "кавычками" и \\ обратной чертой', lang="ru")))
    doc.add((measure, PKG.sourceLine, Literal(12, datatype=XSD.positiveInteger)))
    doc.add((measure, PKG.sourceLine, Literal(13, datatype=XSD.positiveInteger)))
    doc.add((measure, PKG.dueDate, Literal("2020-12-31", datatype=XSD.date)))
    doc.add((measure, PKG.recurrence, Literal("P12M", datatype=XSD.duration, normalize=False)))
    doc.add((measure, PKG.directPartOf, EX["plan/p/task/6"]))
    doc.add((measure, PKG.concerns, EX["place/KG-C"]))
    doc.add((EX["plan/p/task/6"], RDF.type, PKG.Task))
    other = dataset.graph(IRIS.graph("document", "doc-2"))
    amount = EX["plan/q/item/1.1/allocation/1/amount"]
    other.add((amount, URIRef("https://schema.org/maxValue"), Literal("1054900", datatype=XSD.decimal)))
    other.add((EX["plan/q/item/1.1"], PKG.perRegion, Literal(True)))
    other.add((EX["plan/q/item/1.1"], RDFS.label, Literal("Item", lang="en")))
    other.add((EX["plan/q/item/1.1"], PKG.goal, Literal("plain string, no language")))
    reference = dataset.graph(IRIS.graph("reference"))
    reference.add((EX["place/KG-C"], SKOS.exactMatch, WD.Q2))
    reference.add((EX["place/KG-C"], SKOS.prefLabel, Literal("Чуйская область", lang="ru")))
    reference.add((EX["place/KG-C"], PKG.iso3166_2, Literal("KG-C")))
    ontology = dataset.graph(IRIS.graph("ontology"))
    restriction = BNode()
    ontology.add((PKG.Measure, RDFS.subClassOf, restriction))
    ontology.add((restriction, RDF.type, OWL.Restriction))
    ontology.add((restriction, OWL.onProperty, PKG.directPartOf))
    ontology.add((restriction, OWL.someValuesFrom, PKG.Task))
    ontology.add((PKG.Measure, RDFS.comment, Literal("A measure.", lang="en")))
    return dataset


def build_inferred() -> Graph:
    inferred = Graph()
    inferred.add((EX["plan/p/measure/6.4"], RDF.type, PKG.PlanComponent))
    inferred.add((EX["plan/p/measure/6.4"], PKG.partOf, EX["plan/p/task/6"]))
    inferred.add((EX["plan/p/task/6"], PKG.hasPart, EX["plan/p/measure/6.4"]))
    return inferred


def union(dataset: Dataset) -> Graph:
    graph = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    dataset, inferred = build_dataset(), build_inferred()
    folder = tmp_path_factory.mktemp("exports")
    files = write_exports(dataset, inferred, folder, base=BASE)
    everything = union(dataset)
    everything += inferred
    expected = {"asserted": union(dataset), "inferred": inferred, "all": everything}
    return folder, files, dataset, inferred, expected


def test_files(written):
    folder, files, *_ = written
    names = [f.name for f in files]
    assert names[0] == CONTEXT_FILE
    assert set(names) == {CONTEXT_FILE} | {f"{n}.{e}" for n in ("asserted", "inferred", "all")
                                           for e in ("ttl", "nt", "rdf", "jsonld")} | {
        "asserted.trig", "asserted.nq", "dataset.trig", "dataset.nq"}
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)  # no temporary files left


@pytest.mark.parametrize("name", ["asserted", "inferred", "all"])
@pytest.mark.parametrize("extension", ["ttl", "nt", "rdf", "jsonld"])
def test_triple_exports_reparse_isomorphic(written, name, extension):
    folder, _, _, _, expected = written
    path = folder / f"{name}.{extension}"
    parsed = parse(path, extension)
    assert isomorphic(parsed, expected[name])


@pytest.mark.parametrize("name", ["asserted", "dataset"])
@pytest.mark.parametrize("extension", ["trig", "nq"])
def test_quad_exports_reparse_isomorphic_per_graph(written, name, extension):
    folder, _, dataset, inferred, _ = written
    parsed = parse(folder / f"{name}.{extension}", extension, Dataset())
    expected = {g.identifier: g for g in dataset.graphs() if len(g)}
    if name == "dataset":
        expected[IRIS.graph("inferred")] = inferred
    got = {g.identifier: g for g in parsed.graphs() if len(g)}
    assert set(got) == set(expected)
    for identifier, graph in expected.items():
        assert isomorphic(got[identifier], graph), identifier


def oxigraph_quads(path: Path) -> list:
    extension = path.suffix.lstrip(".")
    return list(pyoxigraph.parse(path=str(path), format=OX_FORMATS[extension]))


def test_an_independent_parser_reads_the_same_number_of_triples(written):
    folder, files, dataset, inferred, expected = written
    quads = sum(len(g) for g in dataset.graphs())
    for path in files:
        if path.name == CONTEXT_FILE:
            continue
        name, extension = path.stem, path.suffix.lstrip(".")
        parsed = oxigraph_quads(path)
        if extension in ("trig", "nq"):
            assert len(set(parsed)) == quads + (len(inferred) if name == "dataset" else 0), path.name
            assert len({q.graph_name for q in parsed}) == len([g for g in dataset.graphs() if len(g)]) + (name == "dataset")
        else:
            assert len({q.triple for q in parsed}) == len(expected[name]), path.name


def test_sorted_ntriples_are_byte_identical_across_builds(written, tmp_path):
    folder = written[0]
    write_exports(build_dataset(), build_inferred(), tmp_path, base=BASE)  # new blank node ids, new objects
    for name in ("asserted.nt", "inferred.nt", "all.nt", "asserted.nq", "dataset.nq"):
        first, second = (folder / name).read_bytes(), (tmp_path / name).read_bytes()
        assert first == second, name
    assert b"_:cb" in (folder / "asserted.nt").read_bytes()  # the restriction's content-derived label


def test_ntriples_are_the_graphs_sorted_lines_graph_after_graph(written):
    """The files are joined from per-graph chunks (graph/chunks.py): N-Quads runs through the graphs
    in name order, each graph's lines sorted and distinct; N-Triples holds the same lines, graph by graph."""
    folder = written[0]
    runs: dict[str, list[str]] = {}
    for line in (folder / "dataset.nq").read_text(encoding="utf-8").splitlines():
        graph = line[line.rindex(" <", 0, len(line) - 2) + 2:-3]
        assert graph not in runs or graph == list(runs)[-1], "a graph's lines are split"
        runs.setdefault(graph, []).append(line)
    assert list(runs) == sorted(runs) and str(IRIS.graph("inferred")) in runs
    for lines in runs.values():
        assert lines == sorted(set(lines))
    asserted = [line[:line.rindex(" <", 0, len(line) - 2)] + " ." for graph, lines in runs.items()
                if graph != str(IRIS.graph("inferred")) for line in lines]
    assert (folder / "asserted.nt").read_text(encoding="utf-8").splitlines() == asserted
    inferred = [line[:line.rindex(" <", 0, len(line) - 2)] + " ." for line in runs[str(IRIS.graph("inferred"))]]
    assert (folder / "inferred.nt").read_text(encoding="utf-8").splitlines() == inferred
    assert (folder / "all.nt").read_text(encoding="utf-8").splitlines() == asserted + inferred


def test_context(written):
    folder = written[0]
    context = json.loads((folder / CONTEXT_FILE).read_text(encoding="utf-8"))["@context"]
    assert context["pkg"] == str(PKG._NS) and context["skos"] == str(SKOS) and context["id"] == BASE
    assert context["sourceLine"] == {"@id": str(PKG.sourceLine)}
    assert context["directPartOf"] == {"@id": str(PKG.directPartOf), "@type": "@id"}
    assert context["Measure"] == str(PKG.Measure)
    document = json.loads((folder / "all.jsonld").read_text(encoding="utf-8"))
    assert document["@context"] == context  # inline: the file stands alone
    assert '"sourceLine"' in (folder / "all.jsonld").read_text(encoding="utf-8")  # compacted with the context


def test_context_is_the_ontologys_terms_whatever_the_corpus(written):
    """Every pkg: class and property of the ontology gets a term, and nothing else does: the same context for any data."""
    from graph.namespaces import PREFIXES

    folder = written[0]
    context = json.loads((folder / CONTEXT_FILE).read_text(encoding="utf-8"))["@context"]
    assert context == jsonld_context(BASE) == jsonld_context(BASE)
    ontology = Graph().parse(Path(__file__).resolve().parents[1] / "ontology" / "policykg.ttl")
    declared = {s for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty) for s in ontology.subjects(RDF.type, kind)
                if str(s).startswith(str(PKG._NS))}
    terms = {k: v for k, v in context.items() if k not in PREFIXES and k != "id"}
    assert {(v if isinstance(v, str) else v["@id"]) for v in terms.values()} == {str(s) for s in declared}
    assert len(terms) == len(declared) > 100
    objects = {str(s) for s in ontology.subjects(RDF.type, OWL.ObjectProperty)}
    for name, definition in terms.items():
        assert str(PKG._NS) + name == (definition if isinstance(definition, str) else definition["@id"])
        if not isinstance(definition, str):
            assert (definition.get("@type") == "@id") == (definition["@id"] in objects), name
    assert all(not key.startswith("@") for key in context)
    assert list(terms) == sorted(terms)  # one order for every build


def test_empty_inferred_graph(tmp_path):
    files = write_exports(build_dataset(), Graph(), tmp_path, base=BASE)
    assert (tmp_path / "inferred.nt").read_bytes() == b""
    assert len(parse(tmp_path / "inferred.jsonld", "jsonld")) == 0
    assert len(files) == 17


# --------------------------------------------------------------------------- the bundled documents


def test_real_exports(seeds, tmp_path):
    mapping = pytest.importorskip("graph.mapping", reason="graph/mapping.py (records → Dataset) is not there yet")
    from graph.reasoning import infer
    ontology = mapping.load_ontology()
    if ontology is None:
        pytest.skip("ontology/policykg.ttl is not there yet")
    dataset = mapping.build_dataset([seeds["roadmap"], seeds["grant_plan"]])
    inferred = infer(dataset, ontology).inferred
    files = write_exports(dataset, inferred, tmp_path, base=Iris().base)
    everything = union(dataset)
    everything += inferred
    for extension in ("ttl", "nt", "rdf", "jsonld"):
        assert isomorphic(parse(tmp_path / f"all.{extension}", extension), everything), extension
    counts = {"asserted": len(union(dataset)), "inferred": len(inferred), "all": len(everything)}
    for path in files[1:]:
        parsed = oxigraph_quads(path)
        if path.suffix in (".trig", ".nq"):
            expected = sum(len(g) for g in dataset.graphs()) + (len(inferred) if path.stem == "dataset" else 0)
            assert len(set(parsed)) == expected, path.name
        else:
            assert len({q.triple for q in parsed}) == counts[path.stem], path.name


def test_a_graphs_json_ld_comes_from_the_cache_under_a_reordered_context(tmp_path, monkeypatch):
    """One more document may reorder the context's terms (they are ordered by use): each graph's
    JSON-LD chunk is still found under its key, and is what compacting it afresh gives."""
    import hashlib

    from graph import exports, jsonld

    dataset = build_dataset()
    everything = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        everything.add((s, p, o))
    context = jsonld_context(BASE)
    reordered = dict(reversed(list(context.items())))
    assert list(reordered) != list(context) and reordered == context
    nt = everything.serialize(format="nt", encoding="utf-8")

    def triples():
        return pyoxigraph.parse(nt, pyoxigraph.RdfFormat.N_TRIPLES)

    def key(c):
        return hashlib.sha256(json.dumps(c, sort_keys=True, ensure_ascii=False).encode()).hexdigest()

    first = exports._jsonld_chunk(tmp_path / "kept", "g", key(context), triples, context).read_bytes()
    fresh = exports._jsonld_chunk(tmp_path / "fresh", "g", key(reordered), triples, reordered).read_bytes()
    monkeypatch.setattr(jsonld, "node_objects", lambda *_: pytest.fail("compacted again"))
    cached = exports._jsonld_chunk(tmp_path / "kept", "g", key(reordered), triples, reordered).read_bytes()
    assert cached == fresh == first
    document = json.loads(jsonld.head(reordered) + cached + jsonld.foot())
    assert list(document["@context"]) == list(reordered)  # this build's order is written
    assert len(document["@graph"]) > 3
    (tmp_path / "g.jsonld").write_text(json.dumps(document), encoding="utf-8")
    assert isomorphic(parse(tmp_path / "g.jsonld", "jsonld"), everything)


def _triple_count(written) -> int:
    """The lines of all.nt: every graph's triples, asserted and inferred (what COMPRESS_ABOVE counts)."""
    folder = written[0]
    return len((folder / "all.nt").read_bytes().splitlines())


@pytest.fixture(scope="module")
def compressed(written, tmp_path_factory):
    """The same graphs written with the threshold one below their triples: every union file gzipped."""
    folder = tmp_path_factory.mktemp("compressed")
    files = write_exports(written[2], written[3], folder, base=BASE, compress_above=_triple_count(written) - 1)
    return folder, files


def test_at_the_threshold_nothing_is_compressed(written, tmp_path):
    files = write_exports(written[2], written[3], tmp_path, base=BASE, compress_above=_triple_count(written))
    assert [f.name for f in files] == [f.name for f in written[1]]
    assert not list(tmp_path.glob("*.gz"))


def test_above_the_threshold_every_union_file_is_multi_member_gzip_of_the_same_bytes(written, compressed):
    import gzip
    import subprocess

    folder, files = compressed
    plain = {f.name: f for f in written[1]}
    assert [f.name for f in files] == [CONTEXT_FILE] + [f"{f.name}.gz" for f in written[1][1:]]
    for path in files[1:]:
        subprocess.run(["gzip", "-t", str(path)], check=True)  # every member's CRC and length
        data = path.read_bytes()
        if path.name.startswith("all."):  # several graphs' chunks, each its own member
            assert data.count(b"\x1f\x8b\x08\x00\x00\x00\x00\x00") >= 2
        assert gzip.decompress(data) == plain[path.name[:-3]].read_bytes(), path.name


@pytest.mark.parametrize("name", ["all.nt", "all.ttl", "all.rdf", "all.jsonld", "dataset.trig", "dataset.nq"])
def test_parsers_read_the_compressed_files(written, compressed, name):
    """rdflib and Oxigraph read each gzip file as a stream; pyld expands the JSON-LD one to the same triples."""
    import gzip

    folder, _ = compressed
    extension = name.rsplit(".", 1)[1]
    expected = oxigraph_quads(written[0] / name)
    with gzip.open(folder / f"{name}.gz") as stream:
        assert sorted(map(str, pyoxigraph.parse(stream, format=OX_FORMATS[extension]))) == sorted(map(str, expected))
    graph = Dataset() if extension in ("trig", "nq") else Graph()
    with gzip.open(folder / f"{name}.gz") as stream, lexical_forms_kept():
        graph.parse(stream, format=RDFLIB_FORMATS[extension])
    assert len(graph) == len(parse(written[0] / name, extension, Dataset() if extension in ("trig", "nq") else None))
    if extension == "jsonld":
        from pyld import jsonld

        with gzip.open(folder / f"{name}.gz") as stream:
            document = json.load(stream)
        nquads = jsonld.to_rdf(document, {"format": "application/n-quads"})
        assert len(set(nquads.splitlines())) == len({str(q) for q in expected})


def test_files_joined_beside_the_caller_are_those_joined_in_line(written, tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    from graph import store as oxstore
    from graph.exports import Source, write_source_exports

    dataset, inferred = written[2], written[3]

    def source() -> Source:
        def triples(graph):
            return lambda: (pyoxigraph.Triple(*map(oxstore.to_ox, t)) for t in graph)
        graphs = [(str(g.identifier), triples(g)) for g in sorted(dataset.graphs(), key=lambda g: str(g.identifier))
                  if len(g)]
        return Source(graphs, BASE + "graph/inferred", triples(inferred))

    in_line, beside = {}, {}
    files = write_source_exports(source(), tmp_path / "in-line", base=BASE, checksums=in_line)
    seconds: dict = {}
    with ThreadPoolExecutor(1) as pool:
        future = write_source_exports(source(), tmp_path / "beside", base=BASE, checksums=beside, seconds=seconds,
                                      beside=pool)
        joined = future.result()
    assert [p.name for p in joined] == [p.name for p in files] and len(files) == 17
    assert beside == in_line and len(in_line) == 16  # every file but the context has its checksum
    for path in files:
        assert (tmp_path / "beside" / path.name).read_bytes() == path.read_bytes(), path.name
    assert seconds["joined"] > 0
    assert not list((tmp_path / "beside").glob(".chunks-*"))  # the scratch chunks are gone once joined
