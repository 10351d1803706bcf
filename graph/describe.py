"""A DCAT + VoID description of the dataset: what it is, where it comes from, its files and its figures.

`dataset_description(...)` returns a Graph about `iris.dataset()` ({base}dataset), a
dcat:Dataset and void:Dataset in a dcat:Catalog:

- title and description (@en), publisher, licence (CC BY 4.0), issued/modified (the
  build date, given by the caller so that builds are reproducible);
- dct:source and prov:wasDerivedFrom each source document (with its file name,
  identifier and SHA-256);
- one dcat:Distribution per export file: dcat:downloadURL `{base}download/<file>`,
  dcat:mediaType (IANA), dct:format, dcat:byteSize; void:dataDump for the dumps of
  everything (all.nt, dataset.trig, dataset.nq);
- VoID statistics over the union of the asserted graphs and the inferred graph (a
  triple present in two named graphs counts once): void:triples, void:entities
  (distinct IRI subjects), void:distinctSubjects, void:distinctObjects,
  void:properties, void:classes; void:vocabulary per namespace used by a predicate
  or class; three void:exampleResource (a measure, a grant item, an allocation);
  void:sparqlEndpoint `{base}sparql`, void:uriSpace `{base}`;
- void:subset per named graph (documents, reference, ontology, inferred), each with
  its own void:triples, and a void:Linkset of the skos:exactMatch links to Wikidata.

`write_description(graph, folder)` writes it as `dataset.ttl`.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import quote

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, VOID, XSD

from .exports import media_type, write_atomic
from .namespaces import PKG, PREFIXES, WD, Iris, bind_prefixes

LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
IANA = "https://www.iana.org/assignments/media-types/"
WIKIDATA = URIRef("http://www.wikidata.org/entity/Q2013")  # Wikidata, the item about itself
TITLE = "policykg: government action plans as a knowledge graph"
DESCRIPTION = ("Government action plans in social policy — their tasks, measures, deadlines, responsible "
               "organisations, grant items, territories and amounts — read from the published documents, "
               "each statement traceable to its document and lines; with the OWL 2 RL inferences kept in a "
               "separate named graph.")
EXAMPLE_CLASSES = (PKG.Measure, PKG.GrantItem, PKG.GrantAllocation)
DUMPS = ("all.nt", "dataset.trig", "dataset.nq")
FILE_CONTENTS = {
    "asserted": "the asserted triples (documents, reference data, ontology)",
    "inferred": "the OWL 2 RL inferences",
    "all": "the asserted and inferred triples",
    "dataset": "the named graphs, the inferred one included",
    "context": "the JSON-LD context of the .jsonld files",
}


def dataset_description(dataset: Dataset, inferred: Graph, *, base: str, documents: list[dict],
                        files: list[Path], issued: date, modified: date | None = None,
                        publisher: str = "policykg maintainers") -> Graph:
    """The DCAT + VoID description of `dataset` + `inferred` (see the module doc).

    documents: dicts with `id`, `file_name`, `sha256` and optionally `title`;
    files: the export files (as written by graph.exports.write_exports).
    """
    iris = Iris(base)
    g = bind_prefixes(Graph(), iris.base)
    g.bind("foaf", FOAF)
    me = iris.dataset()
    everything = _union(dataset, inferred)

    agent = _publisher(g, me, publisher)
    catalog = URIRef(iris.base + "catalog")
    g.add((catalog, RDF.type, DCAT.Catalog))
    g.add((catalog, DCTERMS.title, Literal("policykg catalogue", lang="en")))
    g.add((catalog, DCAT.dataset, me))
    g.add((catalog, DCTERMS.publisher, agent))

    for cls in (DCAT.Dataset, VOID.Dataset):
        g.add((me, RDF.type, cls))
    g.add((me, DCTERMS.title, Literal(TITLE, lang="en")))
    g.add((me, DCTERMS.description, Literal(DESCRIPTION, lang="en")))
    g.add((me, DCTERMS.publisher, agent))
    g.add((me, DCTERMS.license, LICENSE))
    g.add((me, DCTERMS.issued, Literal(issued.isoformat(), datatype=XSD.date)))
    g.add((me, DCTERMS.modified, Literal((modified or issued).isoformat(), datatype=XSD.date)))
    g.add((me, DCTERMS.conformsTo, URIRef(str(PKG._NS).rstrip("#"))))
    g.add((me, VOID.sparqlEndpoint, URIRef(iris.base + "sparql")))
    g.add((me, VOID.uriSpace, Literal(iris.base)))
    for plan in sorted(everything.subjects(RDF.type, PKG.Plan), key=str):  # the tops of the pkg:partOf trees
        g.add((me, VOID.rootResource, plan))

    _documents(g, me, iris, documents)
    _distributions(g, me, iris, files)
    _statistics(g, me, everything)
    _examples(g, me, everything)
    _subsets(g, me, iris, dataset, inferred)
    _wikidata_linkset(g, me, everything)
    return g


def write_description(description: Graph, folder: Path) -> Path:
    """`dataset.ttl` in `folder`."""
    return write_atomic(Path(folder) / "dataset.ttl", description.serialize(format="turtle", encoding="utf-8"))


def vocabularies(graph: Graph) -> set[URIRef]:
    """The namespaces of the predicates and classes used (namespaces.PREFIXES, else cut at the last # or /)."""
    known = sorted((str(ns) for ns in PREFIXES.values()), key=len, reverse=True)
    found = set()
    for term in set(graph.predicates()) | set(graph.objects(None, RDF.type)):
        if not isinstance(term, URIRef):
            continue
        text = str(term)
        namespace = next((ns for ns in known if text.startswith(ns)), None)
        if namespace is None:
            cut = max(text.rfind("#"), text.rfind("/"))
            namespace = text[:cut + 1]
        found.add(URIRef(namespace))
    return found


def statistics(graph: Graph) -> dict[str, int]:
    """The VoID figures of a graph."""
    subjects = set(graph.subjects())
    return {
        "triples": len(graph),
        "entities": sum(1 for s in subjects if isinstance(s, URIRef)),
        "distinctSubjects": len(subjects),
        "distinctObjects": len(set(graph.objects())),
        "properties": len(set(graph.predicates())),
        "classes": len(set(graph.objects(None, RDF.type))),
    }


def _publisher(g: Graph, me: URIRef, name: str) -> URIRef:
    publisher = URIRef(str(me) + "#publisher")
    g.add((publisher, RDF.type, FOAF.Organization))
    g.add((publisher, FOAF.name, Literal(name, lang="en")))
    return publisher


def _documents(g: Graph, me: URIRef, iris: Iris, documents: list[dict]) -> None:
    for doc in documents:
        node = iris.document(doc["id"])
        g.add((me, DCTERMS.source, node))
        g.add((me, PROV.wasDerivedFrom, node))
        g.add((node, RDF.type, PKG.SourceDocument))
        g.add((node, DCTERMS.identifier, Literal(doc["id"])))
        g.add((node, RDFS.label, Literal(doc["file_name"])))
        g.add((node, DCTERMS.title, Literal(doc.get("title") or doc["file_name"])))
        g.add((node, PKG.sha256, Literal(doc["sha256"])))


def _distributions(g: Graph, me: URIRef, iris: Iris, files: list[Path]) -> None:
    for path in files:
        path = Path(path)
        name = path.name
        download = URIRef(iris.base + "download/" + quote(name))
        distribution = URIRef(f"{me}/distribution/{quote(name)}")
        kind = media_type(path)
        g.add((me, DCAT.distribution, distribution))
        g.add((distribution, RDF.type, DCAT.Distribution))
        g.add((distribution, DCTERMS.title, Literal(name)))
        content = FILE_CONTENTS.get(path.stem)
        if content:
            g.add((distribution, DCTERMS.description, Literal(f"{content}, as {kind}", lang="en")))
        g.add((distribution, DCAT.downloadURL, download))
        g.add((distribution, DCAT.accessURL, download))
        g.add((distribution, DCAT.mediaType, URIRef(IANA + kind)))
        g.add((distribution, DCTERMS.format, Literal(kind)))
        g.add((distribution, DCTERMS.license, LICENSE))
        if path.exists():
            g.add((distribution, DCAT.byteSize, Literal(path.stat().st_size, datatype=XSD.nonNegativeInteger)))
        if name in DUMPS:
            g.add((me, VOID.dataDump, download))


def _statistics(g: Graph, me: URIRef, everything: Graph) -> None:
    for key, value in statistics(everything).items():
        g.add((me, VOID[key], Literal(value, datatype=XSD.integer)))
    for vocabulary in vocabularies(everything):
        g.add((me, VOID.vocabulary, vocabulary))


def _examples(g: Graph, me: URIRef, everything: Graph) -> None:
    for cls in EXAMPLE_CLASSES:
        found = sorted((s for s in everything.subjects(RDF.type, cls) if isinstance(s, URIRef)), key=str)
        if found:
            g.add((me, VOID.exampleResource, found[0]))


def _subsets(g: Graph, me: URIRef, iris: Iris, dataset: Dataset, inferred: Graph) -> None:
    graphs = [(graph.identifier, graph) for graph in dataset.graphs() if len(graph)]
    graphs.append((iris.graph("inferred"), inferred))
    for name, graph in graphs:
        if not isinstance(name, URIRef):
            continue
        g.add((me, VOID.subset, name))
        g.add((name, RDF.type, VOID.Dataset))
        g.add((name, VOID.triples, Literal(len(graph), datatype=XSD.integer)))


def _wikidata_linkset(g: Graph, me: URIRef, everything: Graph) -> None:
    links = sum(1 for _, o in everything.subject_objects(SKOS.exactMatch) if str(o).startswith(str(WD)))
    linkset = URIRef(f"{me}/linkset/wikidata")
    g.add((me, VOID.subset, linkset))
    g.add((linkset, RDF.type, VOID.Linkset))
    g.add((linkset, VOID.linkPredicate, SKOS.exactMatch))
    g.add((linkset, VOID.subjectsTarget, me))
    g.add((linkset, VOID.objectsTarget, WIKIDATA))
    g.add((linkset, VOID.triples, Literal(links, datatype=XSD.integer)))
    g.add((WIKIDATA, RDF.type, VOID.Dataset))
    g.add((WIKIDATA, DCTERMS.title, Literal("Wikidata", lang="en")))
    g.add((WIKIDATA, VOID.uriSpace, Literal(str(WD))))
    g.add((WIKIDATA, FOAF.homepage, URIRef("https://www.wikidata.org/")))
    g.add((WIKIDATA, VOID.sparqlEndpoint, URIRef("https://query.wikidata.org/sparql")))


def _union(dataset: Dataset, inferred: Graph) -> Graph:
    union = Graph()
    union.addN((s, p, o, union) for s, p, o, _ in dataset.quads((None, None, None, None)))
    union.addN((s, p, o, union) for s, p, o in inferred)
    return union

