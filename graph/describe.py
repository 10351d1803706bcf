"""A DCAT-AP 3 + VoID description of the dataset: what it is, where it comes from, its files and figures.

`dataset_description(...)` returns a Graph about `iris.dataset()` ({base}dataset), a dcat:Dataset and
void:Dataset in a dcat:Catalog, that conforms to the DCAT-AP 3.0.1 SHACL shapes (tests/standards/):

- what a person sets, in a small TOML file (graph/data/description.toml is the default, documented
  there): titles, description, homepage, publisher of the graph, contact point, licence, access rights,
  keywords and themes;
- what the data says: the languages of its labels and the countries of its plans (as concepts of the EU
  authority tables, graph/data/eu-vocabularies.ttl), the period its dates cover (dct:temporal), the
  source documents (prov:wasDerivedFrom, each with its file name, SHA-256 and the plan's issuer as its
  dct:publisher), three void:exampleResource and the plans as void:rootResource;
- one dcat:Distribution per export file, with its EU file type (dct:format), IANA media type, size,
  SHA-256 checksum (spdx:checksum) and licence; the JSON-LD context is no distribution (the .jsonld
  files carry it inline);
- dct:issued / dct:modified that do not move when nothing changed: given the previous description
  (`previous`), a distribution whose checksum is unchanged keeps its dates; the dataset's modified is
  its latest distribution's, its issued the first build's;
- VoID statistics over the union of the asserted and inferred graphs (a triple in two named graphs
  counts once), void:vocabulary per namespace used, void:subset per named graph with its size, and a
  void:Linkset per external target of skos:exactMatch / skos:closeMatch / owl:sameAs links.

`write_description(graph, folder)` writes it as `dataset.ttl`.
"""
from __future__ import annotations

import hashlib
import tomllib
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import Callable
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD

from .errors import PolicyKGError
from .atomic import write_atomic
from .store import native, to_ox, to_rdflib
from .exports import GZIP, compressed, format_extension, media_type
from .namespaces import PKG, PREFIXES, WD, Iris, bind_prefixes

DATA = Path(__file__).resolve().parent / "data"
DEFAULT_CONFIG = DATA / "description.toml"
VOCABULARIES = DATA / "eu-vocabularies.ttl"
IANA = "https://www.iana.org/assignments/media-types/"
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
ADMS = Namespace("http://www.w3.org/ns/adms#")
EU = "http://publications.europa.eu/resource/authority/"
FILE_TYPES, LANGUAGES, COUNTRIES = (URIRef(EU + s) for s in ("file-type", "language", "country"))
DATA_THEMES = URIRef(EU + "data-theme")
OWL2_DL = URIRef("http://www.w3.org/ns/owl-profile/DL")
EXAMPLE_CLASSES = (PKG.Measure, PKG.GrantItem, PKG.GrantAllocation)
DUMPS = ("all.nt", "dataset.trig", "dataset.nq")
NOT_DISTRIBUTED = ("context.jsonld",)  # inline in every .jsonld: not a dataset's distribution
LINK_PREDICATES = (SKOS.exactMatch, SKOS.closeMatch, OWL.sameAs)
# External datasets the graph may link to: namespace → (key, title, homepage, SPARQL endpoint).
LINK_TARGETS = {
    str(WD): ("wikidata", "Wikidata", "https://www.wikidata.org/", "https://query.wikidata.org/sparql"),
    "https://www.geonames.org/": ("geonames", "GeoNames", "https://www.geonames.org/", None),
    "https://sws.geonames.org/": ("geonames", "GeoNames", "https://www.geonames.org/", None),
}
WIKIDATA = URIRef("http://www.wikidata.org/entity/Q2013")  # Wikidata, the item about itself
FILE_CONTENTS = {
    "asserted": "the asserted triples (documents, reference data, ontology)",
    "inferred": "the OWL 2 RL inferences",
    "all": "the asserted and inferred triples",
    "dataset": "the named graphs, the inferred one included",
}


class DescriptionError(PolicyKGError):
    """A description settings file that cannot be used, naming the file and the setting."""


def load_config(path: Path | str | None = None) -> dict:
    """The description settings: the default file, with the keys of `path` (if given) over it."""
    with open(DEFAULT_CONFIG, "rb") as handle:
        config = tomllib.load(handle)
    if path is not None:
        try:
            with open(path, "rb") as handle:
                own = tomllib.load(handle)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise DescriptionError(f"{path}: cannot read the description settings: {exc}") from None
        unknown = sorted(set(own) - set(config))
        if unknown:
            raise DescriptionError(f"{path}: unknown description settings {unknown} (known: {sorted(config)})")
        for key, value in own.items():
            config[key] = {**config[key], **value} if isinstance(value, dict) and key != "keywords" else value
    return config


def dataset_description(dataset: Dataset, inferred: Graph, *, base: str, documents: list[dict],
                        files: list[Path] | Callable[[], list[Path]], issued: date, modified: date | None = None,
                        config: dict | None = None, previous: Graph | None = None,
                        checksums: dict[str, str] | None = None, graph_sizes: dict[str, int] | None = None,
                        statistics: dict | None = None) -> Graph:
    """The DCAT-AP + VoID description of `dataset` + `inferred` (see the module doc).

    documents: dicts with `id`, `file_name`, `sha256` and optionally `title`;
    files: the export files (as written by graph.exports.write_exports), or what gives them once written (called
    last, so that the rest of the description is made while they are written; `checksums` complete when it returns);
    checksums: their SHA-256 by file name where known (the exports compute them as they write), else read here;
    graph_sizes: the store's named graphs' triples by name where the caller counted them (graph/store.py's graph_sizes);
    statistics: the VoID figures, the predicates and classes used, the labels' languages and the example resources, where the
    exports merged them from their chunks (graph/exports.py's write_source_exports) — then no scan of the store counts them;
    issued / modified: the build's date, used where `previous` (the last description) has none.
    """
    config = config or load_config()
    iris = Iris(base)
    g = bind_prefixes(Graph(), iris.base)
    for prefix, namespace in (("foaf", FOAF), ("spdx", SPDX), ("vcard", VCARD), ("dcatap", DCATAP)):
        g.bind(prefix, namespace)
    vocabularies_graph = Graph().parse(VOCABULARIES, format="turtle")
    me = iris.dataset()
    everything = _everything(dataset, inferred)
    today = modified or issued
    dates = _Dates(previous, me, today)

    agent = _publisher(g, me, config, vocabularies_graph)
    licence = _licence(g, config, vocabularies_graph)
    languages = _languages(everything, vocabularies_graph, (statistics or {}).get("languages"))
    countries = _countries(everything, vocabularies_graph)
    _concepts(g, vocabularies_graph, languages + countries + [URIRef(t) for t in config["themes"]]
              + [URIRef(config["access_rights"]), URIRef(config["availability"])])

    for cls in (DCAT.Dataset, VOID.Dataset):
        g.add((me, RDF.type, cls))
    g.add((me, DCTERMS.title, Literal(config["title"], lang=config["metadata_language"])))
    g.add((me, DCTERMS.description, Literal(config["description"], lang=config["metadata_language"])))
    g.add((me, DCTERMS.identifier, Literal(str(me))))
    g.add((me, DCTERMS.publisher, agent))
    g.add((me, DCTERMS.license, licence))
    g.add((me, DCTERMS.accessRights, URIRef(config["access_rights"])))
    g.add((me, DCAT.contactPoint, _contact(g, me, config)))
    g.add((me, DCAT.landingPage, _page(g, config["homepage"])))
    for lang, words in sorted(config["keywords"].items()):
        for word in words:
            g.add((me, DCAT.keyword, Literal(word, lang=lang)))
    for theme in config["themes"]:
        g.add((me, DCAT.theme, URIRef(theme)))
    for term in languages:
        g.add((me, DCTERMS.language, term))
    for term in countries:
        g.add((me, DCTERMS.spatial, term))
    _temporal(g, me, everything)
    standard = URIRef(str(PKG._NS).rstrip("#"))
    g.add((me, DCTERMS.conformsTo, standard))
    g.add((standard, RDF.type, DCTERMS.Standard))
    g.add((standard, DCTERMS.title, Literal("policykg ontology", lang="en")))
    g.add((standard, DCTERMS.conformsTo, OWL2_DL))
    g.add((me, VOID.sparqlEndpoint, URIRef(iris.base + "sparql")))
    g.add((me, VOID.uriSpace, Literal(iris.base)))
    for plan in sorted(everything.subjects(RDF.type, PKG.Plan), key=str):  # the tops of the pkg:partOf trees
        g.add((me, VOID.rootResource, plan))

    _documents(g, me, iris, documents, everything, vocabularies_graph, config.get("source_publisher_types", {}))
    _statistics(g, me, everything, _native(dataset, inferred), statistics)
    _examples(g, me, everything, (statistics or {}).get("examples"))
    _subsets(g, me, iris, dataset, inferred, _native(dataset, inferred), graph_sizes)
    _linksets(g, me, everything, iris.base)
    # last, so that files still being written (`files` a callable) are waited for as late as can be
    files = files() if callable(files) else files
    newest = _distributions(g, me, iris, files, licence, config, dates, vocabularies_graph, checksums or {})
    g.add((me, DCTERMS.issued, Literal(dates.first_issued().isoformat(), datatype=XSD.date)))
    g.add((me, DCTERMS.modified, Literal((newest or today).isoformat(), datatype=XSD.date)))
    _catalogue(g, iris, me, agent, licence, config, languages, countries, dates.first_issued(), newest or today)
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


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def to_turtle(description: Graph) -> bytes:
    """The description as Turtle, by Oxigraph's writer (rdflib's took 0.5 s at 1,000 documents, this 0.13 s):
    its triples in one order (sorted; the description has no blank nodes), with the prefixes it uses."""
    triples = sorted((ox.Triple(*map(to_ox, triple)) for triple in description), key=str)
    text = "\n".join(map(str, triples))
    used = {prefix: str(namespace) for prefix, namespace in description.namespaces()
            if prefix and f"<{namespace}" in text}
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=used)


_DATED = (DCTERMS.issued, DCTERMS.modified, SPDX.checksum, SPDX.checksumValue)  # what _Dates reads


def previous_dates(path: Path) -> Graph | None:
    """Of the last build's description (Turtle) at `path`, what _Dates reads: the dates and checksums
    (parsed by Oxigraph: rdflib's parser took 0.4 s at 1,000 documents). None where there is none,
    or it cannot be read: an unreadable old description only loses its dates."""
    if not path.is_file():
        return None
    dated = {ox.NamedNode(str(p)) for p in _DATED}
    graph = Graph()
    try:
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            if quad.predicate in dated:
                graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    except (OSError, SyntaxError, ValueError):
        return None
    return graph


class _Dates:
    """Dates from the previous description: a distribution keeps its dates while its checksum holds."""

    def __init__(self, previous: Graph | None, me: URIRef, today: date):
        self.previous, self.me, self.today = previous, me, today

    def first_issued(self) -> date:
        found = self.previous.value(self.me, DCTERMS.issued) if self.previous is not None else None
        return date.fromisoformat(str(found)) if found is not None else self.today

    def of(self, distribution: URIRef, checksum: str) -> tuple[date, date]:
        if self.previous is None:
            return self.today, self.today
        issued = self.previous.value(distribution, DCTERMS.issued)
        issued = date.fromisoformat(str(issued)) if issued is not None else self.today
        node = self.previous.value(distribution, SPDX.checksum)
        same = node is not None and str(self.previous.value(node, SPDX.checksumValue)) == checksum
        modified = self.previous.value(distribution, DCTERMS.modified) if same else None
        return issued, date.fromisoformat(str(modified)) if modified is not None else self.today


def _concepts(g: Graph, vocabularies_graph: Graph, terms) -> None:
    """Copy what the EU tables say of each concept used (type, scheme, label) and of its scheme."""
    for term in terms:
        if (term, SKOS.inScheme, None) not in vocabularies_graph:
            raise DescriptionError(f"{term} is not a concept of {VOCABULARIES.name}: use one of its concepts")
        for triple in vocabularies_graph.triples((term, None, None)):
            if triple[1] != SKOS.notation:
                g.add(triple)
        for scheme in vocabularies_graph.objects(term, SKOS.inScheme):
            g.add((scheme, RDF.type, SKOS.ConceptScheme))
            g.add((scheme, DCTERMS.title, vocabularies_graph.value(scheme, DCTERMS.title)))


def _publisher(g: Graph, me: URIRef, config: dict, vocabularies_graph: Graph) -> URIRef:
    settings = config["publisher"]
    publisher = URIRef(str(me) + "#publisher")
    g.add((publisher, RDF.type, FOAF.Organization))
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal(settings["name"], lang=config["metadata_language"])))
    if settings.get("homepage"):
        g.add((publisher, FOAF.homepage, _page(g, settings["homepage"])))
    if settings.get("type"):
        g.add((publisher, DCTERMS.type, URIRef(settings["type"])))
        _concepts(g, vocabularies_graph, [URIRef(settings["type"])])
    return publisher


def _licence(g: Graph, config: dict, vocabularies_graph: Graph) -> URIRef:
    licence = URIRef(config["licence"])
    g.add((licence, RDF.type, DCTERMS.LicenseDocument))
    if config.get("licence_type"):
        g.add((licence, DCTERMS.type, URIRef(config["licence_type"])))
        _concepts(g, vocabularies_graph, [URIRef(config["licence_type"])])
    return licence


def _contact(g: Graph, me: URIRef, config: dict) -> URIRef:
    settings = config["contact"]
    contact = URIRef(str(me) + "#contact")
    g.add((contact, RDF.type, VCARD.Organization))
    g.add((contact, RDF.type, VCARD.Kind))
    g.add((contact, VCARD.fn, Literal(settings["name"], lang=config["metadata_language"])))
    if settings.get("url"):
        g.add((contact, VCARD.hasURL, URIRef(settings["url"])))
    if settings.get("email"):
        g.add((contact, VCARD.hasEmail, URIRef("mailto:" + settings["email"].removeprefix("mailto:"))))
    return contact


def _page(g: Graph, url: str) -> URIRef:
    page = URIRef(url)
    g.add((page, RDF.type, FOAF.Document))
    return page


def _by_notation(vocabularies_graph: Graph, scheme: URIRef) -> dict[str, URIRef]:
    return {str(vocabularies_graph.value(c, SKOS.notation)): c
            for c in vocabularies_graph.subjects(SKOS.inScheme, scheme)
            if vocabularies_graph.value(c, SKOS.notation) is not None}


def _languages(everything: Graph, vocabularies_graph: Graph, counted: list[str] | None = None) -> list[URIRef]:
    """The languages of the graph's labels and titles that the EU language table knows; `counted`: their
    primary tags where the exports' chunks counted them (graph/chunks.py's languages), else found here."""
    known = _by_notation(vocabularies_graph, LANGUAGES)
    store = native(everything)
    if counted is not None:  # a scan of every label took a second at 1,000 documents
        tags = set(counted)
    elif store is not None:  # Oxigraph finds the tags (rdflib terms for every label cost seconds at scale)
        tags = {row[0].value for row in store.query(
            "SELECT DISTINCT (LCASE(STRBEFORE(CONCAT(LANG(?o), '-'), '-')) AS ?t) WHERE { VALUES ?p { "
            + " ".join(f"<{p}>" for p in (RDFS.label, DCTERMS.title, SKOS.prefLabel))
            + " } ?s ?p ?o FILTER(LANG(?o) != '') }", use_default_graph_as_union=True)}
    else:
        tags = {o.language.split("-")[0].lower() for p in (RDFS.label, DCTERMS.title, SKOS.prefLabel)
                for o in everything.objects(None, p) if isinstance(o, Literal) and o.language}
    return sorted((known[t] for t in tags if t in known), key=str)


def _countries(everything: Graph, vocabularies_graph: Graph) -> list[URIRef]:
    """The countries the plans are of (dct:spatial of each plan, by its ISO 3166-1 alpha-2 identifier)."""
    known = _by_notation(vocabularies_graph, COUNTRIES)
    store = native(everything)
    if store is not None:  # each code once (Oxigraph), not every plan's place looked up through rdflib: 0.1-0.3 s
        codes = {row[0].value for row in store.query(
            f"SELECT DISTINCT ?code WHERE {{ ?plan a <{PKG.Plan}> ; <{DCTERMS.spatial}> ?place . "
            f"?place <{DCTERMS.identifier}> ?code }}", use_default_graph_as_union=True)}
    else:
        codes = {str(everything.value(place, DCTERMS.identifier)) for plan in everything.subjects(RDF.type, PKG.Plan)
                 for place in everything.objects(plan, DCTERMS.spatial)}
    return sorted((known[c] for c in codes if c in known), key=str)


def _temporal(g: Graph, me: URIRef, everything: Graph) -> None:
    """The period the plans' dates cover: from the earliest to the latest start or due date."""
    store = native(everything)
    if store is not None:  # each distinct date once (Oxigraph), not every plan's every date as an rdflib term
        found = (Literal(row[0].value, datatype=XSD.date) for row in store.query(
            f"SELECT DISTINCT ?o WHERE {{ VALUES ?p {{ <{PKG.startDate}> <{PKG.dueDate}> }} ?s ?p ?o "
            f"FILTER(DATATYPE(?o) = <{XSD.date}>) }}", use_default_graph_as_union=True))
    else:
        found = (o for p in (PKG.startDate, PKG.dueDate) for o in everything.objects(None, p)
                 if isinstance(o, Literal) and o.datatype == XSD.date)
    days = sorted(o.toPython() for o in found if isinstance(o.toPython(), date))
    if not days:
        return
    period = URIRef(str(me) + "#period")
    g.add((me, DCTERMS.temporal, period))
    g.add((period, RDF.type, DCTERMS.PeriodOfTime))
    g.add((period, DCAT.startDate, Literal(days[0].isoformat(), datatype=XSD.date)))
    g.add((period, DCAT.endDate, Literal(days[-1].isoformat(), datatype=XSD.date)))


def _documents(g: Graph, me: URIRef, iris: Iris, documents: list[dict], everything: Graph,
               vocabularies_graph: Graph, types: dict[str, str]) -> None:
    """The source documents, derived from (not DCAT datasets themselves), each published by its plan's issuer."""
    issuers = _issuers(everything)
    described: set[URIRef] = set()  # an issuer is described once (it issues many plans: 1,000 documents, a few issuers)
    for doc in documents:
        node = iris.document(doc["id"])
        g.add((me, PROV.wasDerivedFrom, node))
        g.add((node, RDF.type, PKG.SourceDocument))
        g.add((node, RDF.type, FOAF.Document))
        g.add((node, DCTERMS.identifier, Literal(doc["id"])))
        g.add((node, RDFS.label, Literal(doc["file_name"])))
        g.add((node, DCTERMS.title, Literal(doc.get("title") or doc["file_name"])))
        g.add((node, PKG.sha256, Literal(doc["sha256"])))
        for issuer in issuers.get(node, ()):
            g.add((node, DCTERMS.publisher, issuer))
            if issuer in described:
                continue
            described.add(issuer)
            g.add((issuer, RDF.type, FOAF.Agent))
            for label in everything.objects(issuer, RDFS.label):
                g.add((issuer, FOAF.name, label))
            for cls in sorted(everything.objects(issuer, RDF.type), key=str):
                kind = types.get(str(cls))
                if kind:
                    g.add((issuer, DCTERMS.type, URIRef(kind)))
                    _concepts(g, vocabularies_graph, [URIRef(kind)])
                    break


def _issuers(everything: Graph) -> dict[URIRef, set[URIRef]]:
    found = defaultdict(set)
    for plan in everything.subjects(RDF.type, PKG.Plan):
        for issuer in everything.objects(plan, DCTERMS.publisher):
            for document in everything.objects(plan, PROV.wasDerivedFrom):
                found[document].add(issuer)
    return found


def _distributions(g: Graph, me: URIRef, iris: Iris, files: list[Path], licence: URIRef, config: dict,
                   dates: _Dates, vocabularies_graph: Graph, checksums: dict[str, str]) -> date | None:
    """One distribution per export file; returns the latest modified date among them."""
    file_types = _by_notation(vocabularies_graph, FILE_TYPES)
    newest = None
    for path in files:
        path = Path(path)
        name = path.name
        if name in NOT_DISTRIBUTED:
            continue
        download = URIRef(iris.base + "download/" + quote(name))
        distribution = URIRef(f"{me}/distribution/{quote(name)}")
        kind = media_type(path)
        g.add((me, DCAT.distribution, distribution))
        g.add((distribution, RDF.type, DCAT.Distribution))
        g.add((distribution, DCTERMS.title, Literal(name)))
        content = FILE_CONTENTS.get(name.split(".", 1)[0])
        if content:
            g.add((distribution, DCTERMS.description, Literal(f"{content}, as {kind}", lang="en")))
        g.add((distribution, DCAT.downloadURL, download))
        g.add((distribution, DCAT.accessURL, download))
        g.add((distribution, DCAT.mediaType, URIRef(IANA + kind)))
        g.add((URIRef(IANA + kind), RDF.type, DCTERMS.MediaType))
        if compressed(path):  # DCAT 3 §6.8: the media type is the content's, the compression apart
            g.add((distribution, DCAT.compressFormat, URIRef(IANA + GZIP)))
            g.add((URIRef(IANA + GZIP), RDF.type, DCTERMS.MediaType))
        file_type = file_types.get(format_extension(path))
        if file_type is not None:
            g.add((distribution, DCTERMS.format, file_type))
            _concepts(g, vocabularies_graph, [file_type])
        g.add((distribution, DCTERMS.license, licence))
        g.add((distribution, DCATAP.availability, URIRef(config["availability"])))
        if path.exists():
            g.add((distribution, DCAT.byteSize, Literal(path.stat().st_size, datatype=XSD.nonNegativeInteger)))
            checksum = checksums.get(name) or sha256(path)
            node = URIRef(f"{distribution}#sha256")
            g.add((distribution, SPDX.checksum, node))
            g.add((node, RDF.type, SPDX.Checksum))
            g.add((node, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
            g.add((node, SPDX.checksumValue, Literal(checksum, datatype=XSD.hexBinary)))
            g.add((SPDX.checksumAlgorithm_sha256, RDF.type, SPDX.ChecksumAlgorithm))
            issued, modified = dates.of(distribution, checksum)
            g.add((distribution, DCTERMS.issued, Literal(issued.isoformat(), datatype=XSD.date)))
            g.add((distribution, DCTERMS.modified, Literal(modified.isoformat(), datatype=XSD.date)))
            newest = max(newest, modified) if newest else modified
        if name in DUMPS or compressed(path) and name[:-3] in DUMPS:
            g.add((me, VOID.dataDump, download))
    return newest


def _catalogue(g: Graph, iris: Iris, me: URIRef, agent: URIRef, licence: URIRef, config: dict,
               languages, countries, issued: date, modified: date) -> None:
    catalog = URIRef(iris.base + "catalog")
    language = config["metadata_language"]
    g.add((catalog, RDF.type, DCAT.Catalog))
    g.add((catalog, DCTERMS.title, Literal(config["catalogue_title"], lang=language)))
    g.add((catalog, DCTERMS.description, Literal(config["catalogue_description"], lang=language)))
    g.add((catalog, DCAT.dataset, me))
    g.add((catalog, DCTERMS.publisher, agent))
    g.add((catalog, DCTERMS.license, licence))
    g.add((catalog, FOAF.homepage, _page(g, config["homepage"])))
    g.add((catalog, DCAT.themeTaxonomy, DATA_THEMES))
    g.add((DATA_THEMES, RDF.type, SKOS.ConceptScheme))
    g.add((catalog, DCTERMS.issued, Literal(issued.isoformat(), datatype=XSD.date)))
    g.add((catalog, DCTERMS.modified, Literal(modified.isoformat(), datatype=XSD.date)))
    for term in languages:
        g.add((catalog, DCTERMS.language, term))
    for term in countries:
        g.add((catalog, DCTERMS.spatial, term))


def _statistics(g: Graph, me: URIRef, everything: Graph, store=None, counted: dict | None = None) -> None:
    if counted is not None:
        figures, terms = counted["figures"], _terms_graph(counted["predicates"], counted["classes"])
    elif store is None:
        figures, terms = statistics(everything), everything
    else:
        figures, terms = store_statistics(store), _used_terms(store)
    for key, value in figures.items():
        g.add((me, VOID[key], Literal(value, datatype=XSD.integer)))
    for vocabulary in vocabularies(terms):
        g.add((me, VOID.vocabulary, vocabulary))


def _terms_graph(predicates, classes) -> Graph:
    """A graph naming each predicate and class once (what vocabularies() reads)."""
    graph = Graph()
    for p in predicates:
        graph.add((RDF.type, URIRef(p), RDF.type))
    for c in classes:
        graph.add((RDF.type, RDF.type, URIRef(c)))
    return graph


# The VoID figures of the union of an Oxigraph store's graphs (a triple several graphs hold counts once),
# in one pass over the distinct triples (six queries scanned the store six times); entities: IRI subjects
# (an unbound ?none makes IF() an error for the others, which COUNT skips).
_STORE_COUNTS = """SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT IF(isIRI(?s), ?s, ?none)) AS ?entities)
  (COUNT(DISTINCT ?s) AS ?distinctSubjects) (COUNT(DISTINCT ?o) AS ?distinctObjects) (COUNT(DISTINCT ?p) AS ?properties)
WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"""
_STORE_CLASSES = "SELECT (COUNT(DISTINCT ?o) AS ?classes) WHERE { ?s a ?o }"


def store_statistics(store) -> dict[str, int]:
    """statistics() of the union of the store's graphs, counted by Oxigraph (no copy into rdflib)."""
    figures = {}
    for text in (_STORE_COUNTS, _STORE_CLASSES):
        answer = store.query(text, use_default_graph_as_union=True)
        names = [v.value for v in answer.variables]
        figures.update({name: int(term.value) for name, term in zip(names, next(iter(answer)))})
    return {key: figures[key] for key in ("triples", "entities", "distinctSubjects", "distinctObjects",
                                          "properties", "classes")}


def _used_terms(store) -> Graph:
    """A graph naming each predicate and class the store uses once (what vocabularies() reads)."""
    return _terms_graph(
        [row["p"].value for row in store.query("SELECT DISTINCT ?p WHERE { ?s ?p ?o }", use_default_graph_as_union=True)],
        [row["c"].value for row in store.query("SELECT DISTINCT ?c WHERE { ?s a ?c FILTER(isIRI(?c)) }",
                                               use_default_graph_as_union=True)])


def _examples(g: Graph, me: URIRef, everything: Graph, counted: dict[str, str] | None = None) -> None:
    """A void:exampleResource per class of EXAMPLE_CLASSES: its first IRI by code point; `counted`: each
    class's first where the exports' chunks kept them (graph/chunks.py's examples: the three queries over the
    store take 0.13-0.18 s at 1,000 documents), else found here."""
    store = native(everything)
    for cls in EXAMPLE_CLASSES:
        if counted is not None:
            found = [URIRef(counted[str(cls)])] if str(cls) in counted else []
        elif store is not None:  # the first IRI by code point (SPARQL's string order, as Python's), by Oxigraph
            rows = list(store.query(f"SELECT (MIN(STR(?s)) AS ?first) WHERE {{ ?s a <{cls}> FILTER(isIRI(?s)) }}",
                                    use_default_graph_as_union=True))
            found = [URIRef(rows[0][0].value)] if rows and rows[0][0] is not None else []
        else:
            found = sorted((s for s in everything.subjects(RDF.type, cls) if isinstance(s, URIRef)), key=str)
        if found:
            g.add((me, VOID.exampleResource, found[0]))


def _subsets(g: Graph, me: URIRef, iris: Iris, dataset: Dataset, inferred: Graph, store=None,
             counted: dict[str, int] | None = None) -> None:
    if store is None:
        sizes = [(graph.identifier, len(graph)) for graph in dataset.graphs() if len(graph)]
        sizes.append((iris.graph("inferred"), len(inferred)))
    else:  # one query, not a count per graph (the inferred graph is one of the store's)
        sizes = [(URIRef(name), n) for name, n in counted.items()] if counted is not None else [
            (URIRef(row["g"].value), int(row["n"].value)) for row in store.query(
                "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isIRI(?g)) } GROUP BY ?g")]
        default = sum(1 for _ in store.quads_for_pattern(None, None, None, _ox().DefaultGraph()))
        if default:  # as rdflib lists it among dataset.graphs()
            sizes.append((DATASET_DEFAULT_GRAPH_ID, default))
    for name, size in sizes:
        if not isinstance(name, URIRef):
            continue
        g.add((me, VOID.subset, name))
        g.add((name, RDF.type, VOID.Dataset))
        g.add((name, VOID.triples, Literal(size, datatype=XSD.integer)))


def _ox():
    import pyoxigraph

    return pyoxigraph


def _linksets(g: Graph, me: URIRef, everything: Graph, base: str) -> None:
    """A void:Linkset per (external target, link predicate), with the number of links."""
    counts = Counter()
    store = native(everything)
    for predicate in LINK_PREDICATES:
        if store is not None:  # each distinct link once (the union view repeats a triple per graph holding it)
            pairs = ((None, URIRef(row[0].value)) for row in store.query(
                f"SELECT ?o WHERE {{ SELECT DISTINCT ?s ?o WHERE {{ ?s <{predicate}> ?o FILTER(isIRI(?o)) }} }}",
                use_default_graph_as_union=True))
        else:
            pairs = everything.subject_objects(predicate)
        for subject, target in pairs:
            if not isinstance(target, URIRef) or str(target).startswith(base):
                continue
            namespace = next((ns for ns in LINK_TARGETS if str(target).startswith(ns)), None)
            if namespace is not None:
                counts[(namespace, predicate)] += 1
    for (namespace, predicate), links in sorted(counts.items(), key=lambda kv: (kv[0][0], str(kv[0][1]))):
        key, title, homepage, endpoint = LINK_TARGETS[namespace]
        target = WIKIDATA if key == "wikidata" else URIRef(homepage)
        suffix = "" if predicate == SKOS.exactMatch else "-" + str(predicate).rsplit("#", 1)[-1]
        linkset = URIRef(f"{me}/linkset/{key}{suffix}")
        g.add((me, VOID.subset, linkset))
        g.add((linkset, RDF.type, VOID.Linkset))
        g.add((linkset, VOID.linkPredicate, predicate))
        g.add((linkset, VOID.subjectsTarget, me))
        g.add((linkset, VOID.objectsTarget, target))
        g.add((linkset, VOID.triples, Literal(links, datatype=XSD.integer)))
        g.add((target, RDF.type, VOID.Dataset))
        g.add((target, DCTERMS.title, Literal(title, lang="en")))
        g.add((target, VOID.uriSpace, Literal(namespace)))
        g.add((target, FOAF.homepage, URIRef(homepage)))
        if endpoint:
            g.add((target, VOID.sparqlEndpoint, URIRef(endpoint)))


def _native(dataset: Dataset, inferred: Graph):
    """The Oxigraph store under `dataset` when `inferred` is one of its graphs (as build() gives them), else None."""
    store = native(dataset)
    return store if store is not None and getattr(inferred, "store", None) is dataset.store else None


def _everything(dataset: Dataset, inferred: Graph) -> Graph:
    """The union of the dataset's graphs and `inferred`: over an Oxigraph store, its union view (each
    triple once, graph/store.py) — copying millions of triples into rdflib cost a minute at 100 documents."""
    if _native(dataset, inferred) is not None:
        return dataset
    return _union(dataset, inferred)


def _union(dataset: Dataset, inferred: Graph) -> Graph:
    union = Graph()
    union.addN((s, p, o, union) for s, p, o, _ in dataset.quads((None, None, None, None)))
    union.addN((s, p, o, union) for s, p, o in inferred)
    return union
