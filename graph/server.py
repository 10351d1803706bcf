"""A read-only SPARQL 1.1 endpoint over a build, with a query page and dereferenceable IRIs.

Routes (see docs/endpoint.md):

- ``/sparql``: the SPARQL 1.1 Protocol — GET ?query=, POST application/x-www-form-urlencoded, POST
  application/sparql-query; ``default-graph-uri`` / ``named-graph-uri`` (graphs of the dataset only);
  results by Accept or ``format`` (JSON, XML, CSV, TSV; Turtle, N-Triples, JSON-LD, RDF/XML). Without
  a query: the SPARQL 1.1 Service Description. Updates → 403, SERVICE → 400, malformed → 400,
  more than ``max_results`` rows → 422, slower than ``timeout`` → 503.
- ``/queries`` (GET: the catalogue as JSON; POST: run query text with its header's parameters) and
  ``/queries/NAME[.ext]?param=…``.
- ``/.well-known/void`` and ``/dataset``: the DCAT/VoID description of the dataset.
- ``/``: the offline query page; ``/static/…`` its script and style.
- ``/download/FILE``: an export file of the build (the description's dcat:downloadURL {base}download/FILE).
- ``/resource?iri=…`` and every other path ``/PATH``: the resource {base}PATH (see graph.linkeddata).

Queries run in worker processes with a time limit (graph.workers); the server process itself never
evaluates SPARQL from a client.
"""
from __future__ import annotations

import contextlib
import difflib
import functools
import json
import logging
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, quote

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, VOID, XSD
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from . import hub, queries, store
from .linkeddata import LinkedData, not_found_page
from .namespaces import PREFIXES, Iris
from .paths import DEFAULT_OUT
from .results import FORMATS, format_for, negotiate
from .admission import Admission
from .workers import PoolError, WorkerPool

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS_NS = Namespace("http://www.w3.org/ns/formats/")

ERROR_STATUS = {"syntax": 400, "invalid": 400, "parameter": 400, "dataset": 400, "service": 400,
                "update": 403, "not-acceptable": 406, "too-large": 422, "unsupported": 422, "memory": 503,
                "runtime": 500}
RDF_OFFERS = [("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "jsonld"),
              ("application/rdf+xml", "rdfxml"), ("application/turtle", "turtle"), ("text/plain", "nt")]
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
EXPOSED_HEADERS = ["X-Error-Kind", "X-Error-Line", "X-Error-Column", "X-Error-Parameter", "X-Query-Seconds"]


@dataclass
class ServerConfig:
    """How the server runs. `base_iri`: the dataset's base (None: read from its graph names)."""

    build_dir: Path = DEFAULT_OUT
    catalogue_dir: Path = queries.CATALOGUE_DIR
    timeout: float = 10.0
    max_results: int = 10_000
    workers: int = 2
    inferred: bool = True
    base_iri: str | None = None
    memory_mb: int | None = 4096
    max_query_length: int = 100_000
    per_client: int = 2  # queries one client may have running or waiting (graph/admission.py)
    queue_size: int = 64  # queries that may wait for a worker
    queue_wait: float = 5.0  # seconds a query may wait before a 503
    public_url: str | None = None  # the endpoint's URL as clients reach it (sd:endpoint), e.g. behind a proxy
    in_memory: bool = False  # each worker queries a copy of the store in memory (quicker, more memory)
    extra: dict = field(default_factory=dict)


class _State:
    def __init__(self, config: ServerConfig):
        self.config = config
        self.dataset = queries.load_graph(config.build_dir, inferred=config.inferred)
        self.base = config.base_iri or queries.detect_base(self.dataset)
        self.description = Graph()
        path = queries.description_path(config.build_dir)
        if path.is_file():
            self.description.parse(str(path), format="turtle")
        self.catalogue = queries.load_catalogue(config.catalogue_dir) if Path(config.catalogue_dir).is_dir() else {}
        self.linked = LinkedData(self.dataset, self.base, self.description)
        self.pool: WorkerPool | None = None

    @functools.cached_property
    def sizes(self) -> tuple[int, dict[str, int]]:
        """The default graph's triples and each named graph's, counted once (5 s at 1,000 documents)."""
        held = store.native(self.dataset)
        if held is None:
            return len(self.dataset), {g: len(self.dataset.graph(URIRef(g))) for g in sorted(self.linked.graphs)}
        union = store.union_of(self.dataset)
        return (len(union) if union is not None else len(self.dataset)), store.graph_sizes(held)

    def start(self) -> None:
        self.pool = WorkerPool(self.config.build_dir, workers=self.config.workers, timeout=self.config.timeout,
                               inferred=self.config.inferred, memory_mb=self.config.memory_mb,
                               in_memory=self.config.in_memory)
        self.pool.start()
        self.admission = Admission(self.pool, timeout=self.config.timeout, per_client=self.config.per_client,
                                   queue_size=self.config.queue_size, queue_wait=self.config.queue_wait)

    def stop(self) -> None:
        if self.pool is not None:
            self.pool.close()


# ---------------------------------------------------------------- helpers

def _error(status: int, message: str, **headers) -> PlainTextResponse:
    extra = {f"X-Error-{k.title()}": str(v) for k, v in headers.items() if v is not None}
    return PlainTextResponse(f"Error {status}: {message}\n", status_code=status, headers=extra)


def _pairs(request: Request, body: bytes | None = None) -> list[tuple[str, str]]:
    pairs = list(request.query_params.multi_items())
    if body is not None:
        try:
            pairs += parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
        except UnicodeDecodeError:
            raise _Refused(400, "the form body is not UTF-8") from None
    return pairs


class _Refused(Exception):
    def __init__(self, status: int, message: str, **headers):
        self.status, self.message, self.headers = status, message, headers
        super().__init__(message)


async def _run_job(state: _State, job: dict, request: Request) -> Response:
    job.setdefault("max_rows", state.config.max_results)
    try:  # per-client limits, lanes, queue and time limit: graph/admission.py
        reply = await state.admission.run(Admission.client_of(request.scope.get("client")), job)
    except PoolError as exc:
        headers = {"Retry-After": str(state.admission.retry_after)} if exc.status in (429, 503) else {}
        response = _error(exc.status, exc.message, kind=exc.kind)
        response.headers.update(headers)
        return response
    if reply[0] == "ok":
        meta, body = reply[1], reply[2]
        headers = {"X-Query-Seconds": str(meta["seconds"]), "Vary": "Accept"}
        if meta.get("warnings"):  # RFC 7234 warn-code 299 (a lasting warning), e.g. a deprecated parameter name
            headers["Warning"] = ", ".join('299 policykg "{}"'.format(
                w.encode("ascii", "backslashreplace").decode().replace("\\", "\\\\").replace('"', '\\"'))
                for w in meta["warnings"])
        return Response(body, media_type=meta["content_type"], headers=headers)
    meta = reply[1]
    status = ERROR_STATUS.get(meta.get("kind"), 500)
    return _error(status, meta["message"], kind=meta.get("kind"), line=meta.get("line"),
                  column=meta.get("column"), parameter=meta.get("param"))


def _format_values(pairs) -> list[str]:
    return [v for k, v in pairs if k in ("format", "output") and v]


# ---------------------------------------------------------------- /sparql

async def sparql(request: Request) -> Response:
    state: _State = request.app.state.policykg
    try:
        if request.method == "GET":
            pairs = _pairs(request)
            query = _single(pairs, "query")
            if "update" in dict(pairs):
                raise _Refused(403, "SPARQL Update is not accepted: this endpoint is read-only", kind="update")
            if query is None:
                return _service_description(request, state)
        else:
            media = request.headers.get("content-type", "").split(";")[0].strip().lower()
            body = await request.body()
            if media == "application/x-www-form-urlencoded":
                pairs = _pairs(request, body)
                if "update" in dict(pairs):
                    raise _Refused(403, "SPARQL Update is not accepted: this endpoint is read-only", kind="update")
                query = _single(pairs, "query")
                if query is None:
                    raise _Refused(400, "the form has no 'query' field")
            elif media == "application/sparql-query":
                pairs = _pairs(request)
                try:
                    query = body.decode("utf-8")
                except UnicodeDecodeError:
                    raise _Refused(400, "the query is not UTF-8") from None
            elif media == "application/sparql-update":
                raise _Refused(403, "SPARQL Update is not accepted: this endpoint is read-only", kind="update")
            else:
                raise _Refused(415, "POST a query as application/x-www-form-urlencoded (query=…) or "
                                    "application/sparql-query")
        if len(query) > state.config.max_query_length:
            raise _Refused(413, f"the query is longer than {state.config.max_query_length} characters")
        if not query.strip():
            raise _Refused(400, "the query is empty", kind="syntax")
    except _Refused as refused:
        return _error(refused.status, refused.message, **refused.headers)
    job = {"query": query, "params": None, "accept": request.headers.get("accept"), "base": state.base,
           "formats": _format_values(pairs),
           "default_graphs": [v for k, v in pairs if k == "default-graph-uri"],
           "named_graphs": [v for k, v in pairs if k == "named-graph-uri"]}
    return await _run_job(state, job, request)


def _single(pairs, name: str) -> str | None:
    values = [v for k, v in pairs if k == name]
    if len(values) > 1:
        raise _Refused(400, f"more than one '{name}' parameter")
    return values[0] if values else None


def service_description(endpoint: str, state: _State) -> Graph:
    """The SPARQL 1.1 Service Description of this endpoint and its default dataset."""
    graph = Graph()
    for prefix, namespace in [("sd", SD), ("formats", FORMATS_NS), ("void", VOID), ("dct", DCTERMS),
                              ("rdfs", RDFS), ("xsd", XSD)]:
        graph.bind(prefix, namespace)
    service = URIRef(endpoint + "#service")
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, URIRef(endpoint)))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for name in ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                 "Turtle", "N-Triples", "JSON-LD", "RDF_XML"]:
        graph.add((service, SD.resultFormat, FORMATS_NS[name]))
    graph.add((service, RDFS.comment, Literal(
        f"Read-only: SPARQL Update and SERVICE are refused, FROM/FROM NAMED and default-graph-uri/"
        f"named-graph-uri may name only the graphs listed here. Each query may run {state.config.timeout:g} s "
        f"and return {state.config.max_results} rows or triples at most.", lang="en")))
    dataset = Iris(state.base).dataset()
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    default = BNode()
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    graph.add((default, DCTERMS.description, Literal("The union of all named graphs"
                                                     + ("" if state.config.inferred else ", the inferred graph left out"),
                                                     lang="en")))
    total, sizes = state.sizes
    graph.add((default, VOID.triples, Literal(total)))
    for name, size in sizes.items():
        named, described = BNode(), BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(name)))
        graph.add((named, SD.graph, described))
        graph.add((described, RDF.type, SD.Graph))
        graph.add((described, VOID.triples, Literal(size)))
    return graph


def _service_description(request: Request, state: _State) -> Response:
    accept = request.headers.get("accept")
    media = negotiate(accept, [m for m, _ in RDF_OFFERS] + ["text/html"])
    if media == "text/html":
        return RedirectResponse("/", status_code=303)
    return _rdf_response(service_description(_endpoint_url(request, state), state), media, accept)


def _endpoint_url(request: Request, state: _State) -> str:
    """The configured public URL, else the address the server listens on — never the client's Host header."""
    if state.config.public_url:
        return state.config.public_url
    host, port = request.scope.get("server") or ("127.0.0.1", 8000)
    host = f"[{host}]" if ":" in host else host
    scheme = request.url.scheme
    default = (scheme, port) in (("http", 80), ("https", 443))
    return f"{scheme}://{host}{'' if default else f':{port}'}/sparql"


def _rdf_response(graph: Graph, media: str | None, accept: str | None, fmt_value: str | None = None) -> Response:
    name = None
    if fmt_value:
        chosen = format_for(fmt_value, "CONSTRUCT")
        name = chosen.name if chosen and chosen.name != "table" else None
        if name is None:
            return _error(406, f"unknown format {fmt_value!r}: use ttl, nt, jsonld or rdfxml")
    elif media is None:
        return _error(406, "available: " + ", ".join(m for m, _ in RDF_OFFERS[:4]))
    else:
        name = dict(RDF_OFFERS)[media]
    from .results import write_graph

    body = write_graph(graph, name, prefixes={p: str(ns) for p, ns in graph.namespaces()})
    return Response(body, media_type=FORMATS[name].content_type, headers={"Vary": "Accept"})


# ---------------------------------------------------------------- /queries

async def catalogue_list(request: Request) -> Response:
    state: _State = request.app.state.policykg
    if request.method == "POST":
        return await _run_ad_hoc(request, state)
    items = []
    for name, query in state.catalogue.items():
        item = query.to_json()
        item["url"] = f"/queries/{quote(name)}"
        items.append(item)
    return JSONResponse(items)


async def _run_ad_hoc(request: Request, state: _State) -> Response:
    """POST /queries: query text whose header declares parameters, with their values (the query page)."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media != "application/x-www-form-urlencoded":
        return _error(415, "POST a form: query=…&format=…&NAME=VALUE for each parameter")
    try:
        pairs = _pairs(request, await request.body())
        query = _single(pairs, "query")
    except _Refused as refused:
        return _error(refused.status, refused.message, **refused.headers)
    if not query:
        return _error(400, "the form has no 'query' field")
    if len(query) > state.config.max_query_length:
        return _error(413, f"the query is longer than {state.config.max_query_length} characters")
    params = {k: v for k, v in pairs if k not in ("query", "format", "output")}
    job = {"query": query, "params": params, "accept": request.headers.get("accept"), "base": state.base,
           "formats": _format_values(pairs)}
    return await _run_job(state, job, request)


async def catalogue_run(request: Request) -> Response:
    state: _State = request.app.state.policykg
    name = request.path_params["name"]
    formats = _format_values(request.query_params.multi_items())
    if name not in state.catalogue and "." in name:
        name, extension = name.rsplit(".", 1)
        formats = [extension] + formats
    query = state.catalogue.get(name)
    if query is None:
        near = difflib.get_close_matches(name, list(state.catalogue), n=3, cutoff=0.6)
        hint = f"; did you mean {' or '.join(near)}?" if near else ""
        return _error(404, f"no query named {name!r} in the catalogue; see /queries{hint}")
    params = {k: v for k, v in request.query_params.items() if k not in ("format", "output")}
    job = {"query": query.text, "name": name, "params": params, "accept": request.headers.get("accept"),
           "base": state.base,
           "formats": formats, "lane": "light"}  # the catalogue's own queries: their cost is known
    return await _run_job(state, job, request)


# ---------------------------------------------------------------- dataset description and resources

async def dataset_description(request: Request) -> Response:
    state: _State = request.app.state.policykg
    if not len(state.description):
        return _error(404, f"no dataset description ({queries.DESCRIPTION_FILE}) in the build folder")
    accept = request.headers.get("accept")
    fmt_value = request.query_params.get("format")
    media = negotiate(accept, [m for m, _ in RDF_OFFERS] + ["text/html"])
    if media == "text/html" and not fmt_value:
        iri = Iris(state.base).dataset()
        return _html_resource(state, iri, lambda n: f"{request.url.path}?format={n}")
    return _rdf_response(state.description, media, accept, fmt_value)


DOWNLOAD_FOLDERS = ("rdf", "exports", "download")
_DOWNLOAD_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
DOWNLOAD_TYPES = {".trig": "application/trig", ".nq": "application/n-quads", ".nt": "application/n-triples",
                  ".ttl": "text/turtle; charset=utf-8", ".jsonld": "application/ld+json", ".rdf": "application/rdf+xml",
                  ".csv": "text/csv; charset=utf-8", ".json": "application/json", ".gz": "application/gzip"}


async def download(request: Request) -> Response:
    """{base}download/FILE (the description's dcat:downloadURL): a file of the build's export folders."""
    state: _State = request.app.state.policykg
    name = request.path_params["name"]
    if _DOWNLOAD_NAME.fullmatch(name) and ".." not in name:
        for folder in DOWNLOAD_FOLDERS:
            path = Path(state.config.build_dir) / folder / name
            if path.is_file():
                media = DOWNLOAD_TYPES.get(path.suffix, "application/octet-stream")
                return FileResponse(path, media_type=media, filename=name)
    return await resource_by_path(request)


async def resource_by_query(request: Request) -> Response:
    state: _State = request.app.state.policykg
    iri = request.query_params.get("iri")
    if not iri:
        return _error(400, "give the resource as /resource?iri=IRI")
    return _resource(request, state, URIRef(iri),
                     lambda n: f"/resource?iri={quote(iri, safe='')}&format={n}")


async def resource_by_path(request: Request) -> Response:
    state: _State = request.app.state.policykg
    raw = request.scope.get("raw_path") or request.url.path.encode()
    path = raw.decode("latin-1").split("?", 1)[0]
    iri = state.linked.iri_for_path(path)
    return _resource(request, state, iri, lambda n: f"{path}?format={n}")


def _resource(request: Request, state: _State, iri: URIRef, formats_href) -> Response:
    accept = request.headers.get("accept")
    fmt_value = request.query_params.get("format")
    media = negotiate(accept, [m for m, _ in RDF_OFFERS[:4]] + ["text/html"] + [m for m, _ in RDF_OFFERS[4:]])
    if not state.linked.known(iri):
        if media == "text/html" and not fmt_value:
            return Response(not_found_page(str(iri)), status_code=404, media_type="text/html; charset=utf-8",
                            headers=_page_headers())
        return _error(404, f"the dataset says nothing about <{iri}>")
    if media == "text/html" and not fmt_value:
        return _html_resource(state, iri, formats_href, request.query_params.get("lang", "en"))
    return _rdf_response(state.linked.describe(iri), media, accept, fmt_value)


def _html_resource(state: _State, iri: URIRef, formats_href, lang: str = "en") -> Response:
    page = state.linked.html_page(iri, formats_href, lang=lang)
    return Response(page, media_type="text/html; charset=utf-8", headers={**_page_headers(), "Vary": "Accept"})


def _page_headers() -> dict:
    return {"Content-Security-Policy": PAGE_CSP, "Referrer-Policy": "no-referrer"}


# ---------------------------------------------------------------- the query page

DEFAULT_QUERY = """SELECT ?plan ?title ?year
WHERE {
  ?plan a pkg:Plan ;
        dct:title ?title .
  OPTIONAL { ?plan pkg:planYear ?year }
}
ORDER BY ?year
LIMIT 100
"""
PAGE_PREFIXES = ["pkg", "rdf", "rdfs", "xsd", "owl", "skos", "dct", "prov", "org", "dcat", "time", "schema"]


async def page(request: Request) -> Response:
    state: _State = request.app.state.policykg
    prefixes = {p: str(PREFIXES[p]) for p in PAGE_PREFIXES} | {"id": state.base}
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items() if p != "id")
    nonce = secrets.token_urlsafe(16)  # the editor's style elements (CodeMirror) carry it
    config = {"styleNonce": nonce, "base": state.base, "prefixes": prefixes, "defaultQuery": prologue + "\n" + DEFAULT_QUERY,
              "timeout": state.config.timeout, "maxResults": state.config.max_results,
              "inferred": state.config.inferred}
    data = json.dumps(config, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    from .hub import nav

    text = (STATIC_DIR / "index.html").read_text(encoding="utf-8").replace("{{CONFIG}}", data).replace("{{NAV}}", nav("query"))
    headers = _page_headers()
    headers["Content-Security-Policy"] = PAGE_CSP.replace("style-src 'self'", f"style-src 'self' 'nonce-{nonce}'")
    return Response(text, media_type="text/html; charset=utf-8", headers=headers)


# ---------------------------------------------------------------- the application

def create_app(config: ServerConfig | None = None) -> Starlette:
    """The ASGI application; its lifespan loads the dataset and starts the query workers."""
    config = config or ServerConfig()

    @contextlib.asynccontextmanager
    async def lifespan(app):
        state = _State(config)
        await run_in_threadpool(state.start)
        app.state.policykg = state
        try:
            yield
        finally:
            await run_in_threadpool(state.stop)

    routes = [
        Route("/", page, methods=["GET"]),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/queries", catalogue_list, methods=["GET", "POST"]),
        Route("/queries/{name}", catalogue_run, methods=["GET"]),
        Route("/.well-known/void", dataset_description, methods=["GET"]),
        Route("/dataset", dataset_description, methods=["GET"]),
        Route("/resource", resource_by_query, methods=["GET"]),
        Route("/download/{name}", download, methods=["GET"]),
        *hub.ROUTES,  # the hub's pages and the editor's vocabulary (graph/hub.py)
        Mount("/static", app=StaticFiles(directory=STATIC_DIR), name="static"),
        Route("/{path:path}", resource_by_path, methods=["GET"]),
    ]
    middleware = [
        Middleware(_VaryAccept),  # outermost: it sees the Vary: Origin that CORS adds
        Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "OPTIONS"],
                   allow_headers=["*"], expose_headers=EXPOSED_HEADERS, max_age=86400),
        Middleware(_NoSniff),
    ]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)


class _VaryAccept:
    """Vary: Accept on every response but static files: the endpoint, the catalogue and the resource
    pages choose their format by Accept, errors (406 included) too, so caches must key on it."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("path", "").startswith("/static/"):
            return await self.app(scope, receive, send)

        async def send_with_vary(message):
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])]
                vary = [v.decode("latin-1") for k, v in headers if k.lower() == b"vary"]
                fields = {f.strip().lower() for value in vary for f in value.split(",")}
                if "accept" not in fields and "*" not in fields:
                    others = [(k, v) for k, v in headers if k.lower() != b"vary"]
                    value = ", ".join([*(x for x in vary if x.strip()), "Accept"])
                    message["headers"] = others + [(b"vary", value.encode("latin-1"))]
            await send(message)

        return await self.app(scope, receive, send_with_vary)


class _NoSniff:
    """X-Content-Type-Options: nosniff on every response (data is served as what it is)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_header(message):
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + [(b"x-content-type-options", b"nosniff")]
            await send(message)

        return await self.app(scope, receive, send_with_header)


def serve(config: ServerConfig, host: str = "127.0.0.1", port: int = 8000, log_level: str = "info") -> None:
    """Run the server with uvicorn until interrupted."""
    import uvicorn

    uvicorn.run(create_app(config), host=host, port=port, log_level=log_level, proxy_headers=False)
