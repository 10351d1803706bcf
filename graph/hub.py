"""The hub: one navigation over everything ``serve`` offers, and the pages behind it.

``/`` the query page, ``/network.html`` the build's network page, ``/docs/ontology.html`` the
ontology's documentation (pyLODE), ``/quality`` the quality report as a page whose findings link to
the resources they are about, ``/dataset`` the DCAT description, ``/downloads`` the export files.
Also ``/workbench/vocabulary``: the classes, properties and labelled resources of the graph, for the
editor's completion, and ``/static/vendor/vis-network.min.js`` (the copy pyvis ships) for its graph view.
"""
from __future__ import annotations

import html
from collections import Counter
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from .namespaces import PKG
from .results import compact

HUB = [("/", "Query", "query"), ("/network.html", "Network", "network"),
       ("/docs/ontology.html", "Ontology", "ontology"), ("/quality", "Quality report", "quality"),
       ("/dataset", "Dataset", "dataset"), ("/downloads", "Downloads", "downloads"),
       ("/sparql", "SPARQL endpoint", "sparql")]
MAX_LABELS = 5000
# The network page's panels are fixed to the window: served, they move down below the navigation.
NETWORK_NAV_STYLE = ("<style>nav.hub { position: fixed; top: 0; left: 0; right: 0; height: 34px; padding: 7px 14px; "
                     "font: 14px system-ui, sans-serif; background: #f4f6f8; border-bottom: 1px solid #d5dbe0; z-index: 5; } "
                     "nav.hub a { color: #0b5cad; text-decoration: none; } nav.hub .here { font-weight: 600; color: #1d2329; } "
                     "#sidebar, #network { top: 34px !important; }</style>\n")
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def nav(here: str = "") -> str:
    """The navigation bar of every page."""
    links = [f'<a href="{href}"{" class=here" if key == here else ""}>{label}</a>' for href, label, key in HUB]
    return '<nav class="hub"><strong>policykg</strong> · ' + " · ".join(links) + "</nav>"


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def page(title: str, body: str, here: str = "") -> str:
    return "\n".join(["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
                      '<meta name="viewport" content="width=device-width, initial-scale=1">',
                      f"<title>{_e(title)} — policykg</title>", '<link rel="icon" href="data:,">',
                      '<link rel="stylesheet" href="/static/style.css">',
                      '<link rel="stylesheet" href="/static/workbench.css">', "</head>", "<body>", nav(here),
                      "<main>", f"<h1>{_e(title)}</h1>", body, "</main>", "</body>", "</html>"])


def _html(text: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(text, status_code=status, headers={"Content-Security-Policy": PAGE_CSP,
                                                          "Referrer-Policy": "no-referrer"})


def _missing(what: str, path: str) -> HTMLResponse:
    return _html(page("Not built", f"<p>The build folder has no {_e(path)} ({_e(what)}): run "
                                   "<code>policykg build</code>.</p>"), 404)


# ---------------------------------------------------------------- the editor's vocabulary

def vocabulary(dataset, prefixes: dict[str, str]) -> dict:
    """Classes and properties (with how often they are used) and labelled resources, as prefixed names."""
    used_classes, used_properties = Counter(), Counter()
    for s, p, o in dataset.triples((None, None, None)):
        used_properties[p] += 1
        if p == RDF.type and isinstance(o, URIRef):
            used_classes[o] += 1
    declared = {s for s in dataset.subjects(RDF.type, OWL.Class)} | {s for s in dataset.subjects(RDF.type, RDFS.Class)}
    terms = []
    for cls in set(used_classes) | declared:
        name = compact(cls, prefixes)
        if name != str(cls):
            terms.append({"name": name, "kind": "class", "detail": f"class · {used_classes[cls]} instances"})
    for prop, count in used_properties.items():
        name = compact(prop, prefixes)
        if name != str(prop):
            terms.append({"name": name, "kind": "property", "detail": f"property · {count} uses"})
    labels = []
    for prop in (RDFS.label, SKOS.prefLabel):
        for s, label in dataset.subject_objects(prop):
            if isinstance(s, URIRef) and isinstance(label, Literal) and len(labels) < MAX_LABELS:
                name = compact(s, prefixes)
                labels.append({"label": str(label)[:120], "name": name if name != str(s) else f"<{s}>"})
    terms.sort(key=lambda t: t["name"])
    return {"prefixes": prefixes, "terms": terms, "labels": labels, "places": places(dataset)}


WIKIDATA = "http://www.wikidata.org/entity/"


def places(dataset) -> list[dict]:
    """Regions with their ISO 3166-2 code and Wikidata id: the region map joins its shapes by the id."""
    found = []
    for region in set(dataset.subjects(RDF.type, PKG.Region)):
        qids = [str(o)[len(WIKIDATA):] for o in dataset.objects(region, SKOS.exactMatch) if str(o).startswith(WIKIDATA)]
        iso = dataset.value(region, PKG.iso3166_2)
        if qids:
            found.append({"iri": str(region), "iso": str(iso) if iso is not None else None, "wikidata": qids[0]})
    return sorted(found, key=lambda p: p["iri"])


# ---------------------------------------------------------------- quality report

def quality_page(dataset, linked) -> str:
    """The findings of the graph (pkg:QualityFinding), by kind, each linked to what it is about."""
    rows = []
    for finding in set(dataset.subjects(RDF.type, PKG.QualityFinding)):
        kind = str(dataset.value(finding, PKG.findingKind) or "")
        about = dataset.value(finding, PKG.findingAbout)
        comment = dataset.value(finding, RDFS.comment)
        rows.append((kind, str(about or ""), finding, about, comment))
    rows.sort(key=lambda r: (r[0], r[1], str(r[2])))
    if not rows:
        return page("Quality report", "<p>The graph holds no quality findings.</p>", "quality")
    counts = Counter(r[0] for r in rows)
    out = ["<p>" + " · ".join(f"{_e(k)}: {n}" for k, n in sorted(counts.items())) + "</p>",
           '<table class="properties" id="findings"><thead><tr><th>kind</th><th>finding</th><th>about</th></tr></thead><tbody>']
    for kind, _, finding, about, comment in rows:
        finding_href = linked.href(finding) or ""
        about_cell = (f'<a href="{_e(linked.href(about))}">{_e(linked.label(about))}</a>'
                      if about is not None and linked.href(about) else "")
        out.append(f'<tr><td>{_e(kind)}</td><td><a href="{_e(finding_href)}">{_e(comment or linked.label(finding))}</a>'
                   f"</td><td>{about_cell}</td></tr>")
    out.append("</tbody></table>")
    return page("Quality report", "\n".join(out), "quality")


# ---------------------------------------------------------------- routes

def _build_dir(request: Request) -> Path:
    return Path(request.app.state.policykg.config.build_dir)


async def vocabulary_route(request: Request) -> Response:
    state = request.app.state.policykg
    if getattr(state, "vocabulary", None) is None:
        prefixes = {p: ns for p, ns in state.linked.prefixes.items()}
        state.vocabulary = vocabulary(state.dataset, prefixes)
    return JSONResponse(state.vocabulary)


async def network_route(request: Request) -> Response:
    path = _build_dir(request) / "network.html"
    if not path.is_file():
        return _missing("the network page", "network.html")
    text = path.read_text(encoding="utf-8")
    # The build's page stands alone (file://); served here it gets the hub's navigation. Its scripts
    # are inline, so it is served without the pages' script-src 'self' policy.
    at = text.find(">", text.find("<body")) + 1
    if at > 0:
        text = text[:at] + "\n" + NETWORK_NAV_STYLE + nav("network") + text[at:]
    if 'rel="icon"' not in text:  # (else the browser asks for /favicon.ico)
        text = text.replace("</head>", '<link rel="icon" href="data:,">\n</head>', 1)
    return HTMLResponse(text, headers={"Referrer-Policy": "no-referrer"})


async def ontology_route(request: Request) -> Response:
    path = _build_dir(request) / "docs" / "ontology.html"
    if not path.is_file():
        return _missing("the ontology documentation", "docs/ontology.html")
    return FileResponse(path, media_type="text/html; charset=utf-8")


async def quality_route(request: Request) -> Response:
    state = request.app.state.policykg
    return _html(quality_page(state.dataset, state.linked))


async def downloads_route(request: Request) -> Response:
    from .server import DOWNLOAD_FOLDERS

    items = []
    for folder in DOWNLOAD_FOLDERS:
        directory = _build_dir(request) / folder
        if directory.is_dir():
            for path in sorted(p for p in directory.iterdir() if p.is_file()):
                size = path.stat().st_size
                items.append(f'<li><a href="/download/{_e(path.name)}">{_e(path.name)}</a> '
                             f'<span class="compact">{size / 1e6:.2f} MB</span></li>')
    body = ('<p>The graph as files (the dataset description lists them as <code>dcat:Distribution</code>s: '
            '<a href="/dataset">/dataset</a>).</p><ul class="hub-list">' + "".join(items) + "</ul>")
    return _html(page("Downloads", body, "downloads"))


async def vis_route(request: Request) -> Response:
    from .viz import vis_assets

    return Response(vis_assets()[0], media_type="text/javascript; charset=utf-8")


ROUTES = [
    Route("/workbench/vocabulary", vocabulary_route, methods=["GET"]),
    Route("/network.html", network_route, methods=["GET"]),
    Route("/docs/ontology.html", ontology_route, methods=["GET"]),
    Route("/quality", quality_route, methods=["GET"]),
    Route("/downloads", downloads_route, methods=["GET"]),
    Route("/static/vendor/vis-network.min.js", vis_route, methods=["GET"]),
]
