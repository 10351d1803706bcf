"""Linked Data: what the server answers when a resource IRI is dereferenced.

A resource's description is every triple with it as subject (outgoing) or object (incoming) in the
union of the named graphs — and, for a "hash" IRI document such as {base}ontology, those of every
{base}ontology#term too. People get an HTML page (labels, types, links both ways, provenance: the
source document and lines, curation entries; inferred statements marked), machines get Turtle,
N-Triples, JSON-LD or RDF/XML by content negotiation.

IRIs and served paths: the dataset keeps its IRIs ({base}plan/…, default base https://w3id.org/policykg/).
The server answers {base}PATH at /PATH, whatever host it runs on, and links resources under the base
to those local paths; any IRI at all is also at /resource?iri=IRI. So a dataset built with the base
set to the served origin (e.g. http://127.0.0.1:8000/) has IRIs that dereference as they are, and one
with the public base (w3id.org redirects to wherever it is hosted) is browsable locally all the same.

Every value from the data is HTML-escaped, and only http(s) IRIs become external links.
"""
from __future__ import annotations

import html
from collections import defaultdict
from itertools import islice
from urllib.parse import quote

from rdflib import BNode, Dataset, Graph, Literal, URIRef, Variable
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from .namespaces import PKG, PREFIXES
from .queries import graph_names, is_inferred_graph
from .results import compact

LABELS = [RDFS.label, SKOS.prefLabel, DCTERMS.title]
PROVENANCE = {PROV.wasDerivedFrom, PKG.sourceLine, PKG.correctedBy}
MAX_INCOMING = 300  # statements pointing at a resource, on its page and in its RDF description
MAX_VALUES = 100  # values of one property on a page (the RDF description has them all)


class LinkedData:
    """Descriptions and pages of the resources of a dataset (and of its DCAT/VoID description)."""

    def __init__(self, dataset: Dataset, base: str, description: Graph | None = None):
        self.dataset, self.base = dataset, base
        self.description = description if description is not None else Graph()
        self.graphs = frozenset(graph_names(dataset))
        self.inferred = sorted(g for g in self.graphs if is_inferred_graph(g))
        self.prefixes = {p: str(ns) for p, ns in PREFIXES.items()} | {"id": base}
        self.hash_documents = _hash_terms(dataset, base)  # {base}ontology → its #terms, sorted

    # ------------------------------------------------------------ IRIs and paths

    def iri_for_path(self, raw_path: str) -> URIRef:
        """The IRI a local path stands for: /plan/x → {base}plan/x (percent-encoding kept as sent)."""
        return URIRef(self.base + raw_path.lstrip("/"))

    def href(self, iri) -> str | None:
        """Where a link to `iri` goes: a local path, /resource?iri=…, an external http(s) IRI, or None."""
        text = str(iri)
        if text.startswith(self.base) and len(text) > len(self.base):
            return "/" + text[len(self.base):]
        if self.known(iri):
            return "/resource?iri=" + quote(text, safe="")
        if text.startswith(("http://", "https://")):
            return text
        return None

    # ------------------------------------------------------------ lookup

    def _graphs(self):
        return [self.dataset, self.description]

    def known(self, iri) -> bool:
        iri = URIRef(str(iri))
        return any((iri, None, None) in g or (None, None, iri) in g for g in self._graphs()) \
            or str(iri) in self.graphs or str(iri) in self.hash_documents

    def subjects_of_page(self, iri: URIRef) -> list[URIRef]:
        """The resource and, for a hash document, its #terms."""
        return [iri, *self.hash_documents.get(str(iri), ())]

    def describe(self, iri: URIRef) -> Graph:
        """The triples of the page, over the dataset and its description: every outgoing one, and the first
        MAX_INCOMING incoming ones of each graph (a class of the ontology has 50,000 instances at 1,000
        plans; the endpoint gives them all)."""
        out = Graph()
        for prefix, namespace in self.prefixes.items():
            out.bind(prefix, namespace, override=True)
        for subject in self.subjects_of_page(iri):
            for graph in self._graphs():
                for triple in graph.triples((subject, None, None)):
                    out.add(triple)
                for triple in islice(graph.triples((None, None, subject)), MAX_INCOMING):
                    out.add(triple)
        return out

    def label(self, node) -> str:
        if isinstance(node, Literal):
            return str(node)
        candidates = []
        # Terms of the ontology and of other vocabularies speak the page's language; the documents'
        # own resources keep the documents' language.
        term = str(node).startswith(str(PKG)) or not str(node).startswith(self.base)
        wanted = getattr(self, "page_lang", "ru") if term else "ru"
        for graph in self._graphs():
            for rank, prop in enumerate(LABELS):
                for value in graph.objects(node, prop):
                    if isinstance(value, Literal):
                        language = 0 if value.language == wanted else (1 if not value.language else 2)
                        candidates.append((language, rank, str(value)))
        if candidates:
            return min(candidates)[2]
        return compact(node, self.prefixes)

    def is_inferred_only(self, triple) -> bool:
        if not self.inferred:
            return False
        contexts = {str(getattr(q[3], "identifier", q[3])) for q in self.dataset.quads((*triple, None))}
        return bool(contexts) and contexts <= set(self.inferred)

    # ------------------------------------------------------------ HTML

    def html_page(self, iri: URIRef, formats_href, lang: str = "en") -> str:
        """The HTML page of `iri`; `formats_href(name)` gives the link to another format of it;
        `lang` the language of the ontology's labels (en or ru)."""
        self.page_lang = lang if lang in ("en", "ru") else "en"
        subjects = self.subjects_of_page(iri)
        title = self.label(iri)
        parts = [
            "<!DOCTYPE html>", f'<html lang="{self.page_lang}">', "<head>", '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_e(title)} — policykg</title>", '<link rel="icon" href="data:,">',
            '<link rel="stylesheet" href="/static/style.css">', '<link rel="stylesheet" href="/static/workbench.css">',
        ]
        for name, media in [("ttl", "text/turtle"), ("jsonld", "application/ld+json"), ("nt", "application/n-triples")]:
            parts.append(f'<link rel="alternate" type="{media}" href="{_a(formats_href(name))}">')
        parts += ["</head>", '<body class="resource">', _nav(),
                  "<main>", f'<h1 id="title">{_e(title)}</h1>', f'<p class="iri"><code>{_e(str(iri))}</code></p>']
        links = " · ".join(f'<a href="{_a(formats_href(n))}">{label}</a>'
                           for n, label in [("ttl", "Turtle"), ("jsonld", "JSON-LD"), ("nt", "N-Triples"), ("rdfxml", "RDF/XML")])
        other = "ru" if self.page_lang == "en" else "en"
        switch = formats_href("LANG").replace("format=LANG", f"lang={other}")
        parts.append(f'<p class="formats">Also as: {links} · <a class="lang-switch" href="{_a(switch)}" '
                     f'hreflang="{other}">{"по-русски" if other == "ru" else "in English"}</a></p>')
        from .pages import Summaries  # the summary per type (graph/pages.py), above the property table

        parts.append(Summaries(self).summary(iri))
        if str(iri) in self.graphs:
            parts.append(self._graph_section(iri))
        for subject in subjects:
            parts.append(self._subject_section(subject, main=subject == iri))
        parts.append(self._incoming_section(subjects))
        parts += ["</main>", "</body>", "</html>"]
        return "\n".join(p for p in parts if p)

    def _link(self, node) -> str:
        if isinstance(node, Literal):
            text = f'<span class="literal">{_e(str(node))}</span>'
            if node.language:
                text += f' <span class="lang">@{_e(node.language)}</span>'
            elif node.datatype is not None:
                text += f' <span class="datatype">{_e(compact(node.datatype, self.prefixes))}</span>'
            return text
        if isinstance(node, BNode):
            return f"<code>_:{_e(str(node))}</code>"
        href = self.href(node)
        label = self.label(node)
        shown = _e(label)
        if label != compact(node, self.prefixes):
            shown += f' <span class="compact">{_e(compact(node, self.prefixes))}</span>'
        if href is None:
            return f'<span class="iri">{shown}</span>'
        return f'<a href="{_a(href)}" title="{_a(str(node))}">{shown}</a>'

    def _subject_section(self, subject: URIRef, main: bool) -> str:
        values: dict = defaultdict(dict)  # predicate → {object: from the dataset (not the description)}
        for graph in self._graphs():
            for _, predicate, obj in graph.triples((subject, None, None)):
                values[predicate].setdefault(obj, graph is self.dataset)
        by_predicate, hidden = {}, {}
        for predicate, objects in values.items():  # the first MAX_VALUES in order; an organisation has thousands
            kept = sorted(objects, key=str)[:MAX_VALUES]
            by_predicate[predicate] = [(o, objects[o] and self.is_inferred_only((subject, predicate, o))) for o in kept]
            hidden[predicate] = len(objects) - len(kept)
        anchor = str(subject).split("#", 1)[1] if "#" in str(subject) else ""
        out = [f'<section class="subject"{f" id={_q(anchor)}" if anchor else ""}>']
        if not main:
            out.append(f"<h2>{_e(self.label(subject))} <code>{_e(compact(subject, self.prefixes))}</code></h2>")
        types = by_predicate.pop(RDF.type, [])
        if types:
            out.append('<p class="types">' + " ".join(self._value(o, inf) for o, inf in types) + "</p>")
        provenance = {p: by_predicate.pop(p) for p in list(by_predicate) if p in PROVENANCE}
        if by_predicate:
            out.append('<table class="properties"><thead><tr><th>property</th><th>value</th></tr></thead><tbody>')
            for predicate in sorted(by_predicate, key=lambda p: compact(p, self.prefixes)):
                cells = "<br>".join(self._value(o, inf) for o, inf in by_predicate[predicate])
                if hidden[predicate]:
                    cells += f'<br><span class="more">… and {hidden[predicate]} more</span>'
                out.append(f"<tr><th>{self._link(predicate)}</th><td>{cells}</td></tr>")
            out.append("</tbody></table>")
        if provenance:
            out.append(self._provenance(provenance))
        out.append("</section>")
        return "\n".join(out)

    def _value(self, obj, inferred: bool) -> str:
        shown = self._link(obj)
        return f'<span class="inferred" title="inferred by OWL 2 RL reasoning">{shown}</span>' if inferred else shown

    def _provenance(self, provenance: dict) -> str:
        out = ['<div class="provenance"><h3>Provenance</h3><ul>']
        for document, _ in provenance.get(PROV.wasDerivedFrom, []):
            out.append(f"<li>read from {self._link(document)}</li>")
        lines = sorted((int(o) for o, _ in provenance.get(PKG.sourceLine, []) if str(o).isdigit()))
        if lines:
            out.append(f'<li>source lines <span class="lines">{_e(", ".join(map(str, lines)))}</span></li>')
        for entry, _ in provenance.get(PKG.correctedBy, []):
            reasons = [str(r) for g in self._graphs() for r in g.objects(entry, PKG.reason)]
            reason = f": {_e(reasons[0])}" if reasons else ""
            out.append(f"<li>corrected by {self._link(entry)}{reason}</li>")
        out.append("</ul></div>")
        return "\n".join(out)

    def _incoming_section(self, subjects) -> str:
        rows, total = [], 0
        for subject in subjects:
            for graph in self._graphs():
                total += self._count_incoming(graph, subject)
                for s, p, _ in islice(graph.triples((None, None, subject)), max(MAX_INCOMING - len(rows), 0)):
                    rows.append((s, p, self.is_inferred_only((s, p, subject)) if graph is self.dataset else False))
        if not rows:
            return ""
        rows.sort(key=lambda r: (compact(r[1], self.prefixes), str(r[0])))
        out = [f'<details class="incoming"><summary>Referenced by {total} statements</summary><section class="incoming">',
               '<table class="properties"><thead><tr><th>resource</th><th>property</th></tr></thead><tbody>']
        for s, p, inferred in rows:
            out.append(f"<tr><td>{self._value(s, inferred)}</td><td>{self._link(p)}</td></tr>")
        out.append("</tbody></table>")
        if total > len(rows):
            out.append(f"<p>… and {total - len(rows)} more; query them at the SPARQL endpoint.</p>")
        out.append("</section></details>")
        return "\n".join(out)

    def _count_incoming(self, graph, subject) -> int:
        """The statements of `graph` with `subject` as object, each once: counted by Oxigraph when it holds
        the dataset (a class of the ontology is the object of 50,000 rdf:type statements at 1,000 plans)."""
        from . import store

        held = store.native(graph) if graph is self.dataset else None
        if held is not None and isinstance(subject, URIRef):
            try:
                answer = store.query(held, _COUNT_INCOMING, bindings={"o": subject}, union_store=store.union_of(graph))
                return int(answer.bindings[0][Variable("n")])
            except ValueError:  # not an IRI Oxigraph takes (from a request): counted as rdflib sees it
                pass
        return sum(1 for _ in graph.triples((None, None, subject)))

    def _graph_section(self, iri: URIRef) -> str:
        size = len(self.dataset.graph(iri))
        query = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }} LIMIT 100"
        kind = "the inferred graph (OWL 2 RL closure)" if is_inferred_graph(iri) else "a named graph"
        return (f'<p class="graph">This is {kind} of the dataset: {size} triples. '
                f'<a href="/?query={_a(quote(query, safe=""))}">Query it</a>.</p>')


def _hash_terms(dataset: Dataset, base: str) -> dict[str, list[URIRef]]:
    """The hash documents under `base` with the #terms that are subjects, sorted. On Oxigraph the distinct
    subjects come from one query and are filtered here: 3 s at 1,000 documents, where a FILTER on STR(?s)
    in the query took 15 s and rdflib's subjects() through oxrdflib longer still."""
    import pyoxigraph as ox

    from . import store

    held, union = store.native(dataset), store.union_of(dataset)
    if held is not None:
        rows = (union.query(_SUBJECTS) if union is not None else held.query(_SUBJECTS, use_default_graph_as_union=True))
        subjects = [URIRef(s.value) for (s,) in rows
                    if isinstance(s, ox.NamedNode) and "#" in s.value and s.value.startswith(base)]
    else:
        subjects = [s for s in dataset.subjects(unique=True)
                    if isinstance(s, URIRef) and "#" in s and str(s).startswith(base)]
    terms = defaultdict(set)
    for subject in subjects:
        terms[str(subject).split("#", 1)[0]].add(subject)
    return {document: sorted(found) for document, found in sorted(terms.items())}


_SUBJECTS = "SELECT DISTINCT ?s WHERE { ?s ?p ?o }"
_COUNT_INCOMING = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p WHERE { ?s ?p ?o } }"  # each triple once


def not_found_page(iri: str) -> str:
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="ru">', "<head>", '<meta charset="utf-8">',
        "<title>Not found — policykg</title>", '<link rel="icon" href="data:,">',
        '<link rel="stylesheet" href="/static/style.css">', '<link rel="stylesheet" href="/static/workbench.css">', "</head>",
        '<body class="resource">', _nav(), "<main>", "<h1>Not found</h1>",
        f"<p>The dataset says nothing about <code>{_e(iri)}</code>.</p>", "</main>", "</body>", "</html>"])


def _nav() -> str:
    from .hub import nav

    return nav()


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _a(text: str) -> str:
    return html.escape(text, quote=True)


def _q(text: str) -> str:
    return '"' + html.escape(text, quote=True) + '"'
