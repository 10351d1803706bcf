"""The `queries`, `query` and `serve` commands; graph.cli registers them on the `policykg` group.

Exit codes, as for `build`: 0 success, 2 a problem the user can act on (no build, a syntax error at
FILE:LINE:COLUMN, a missing or ill-typed parameter named, an unknown query), 1 anything unexpected.
"""
from __future__ import annotations

import difflib
import sys
from pathlib import Path

import click

from . import parameters, queries
from .errors import PolicyKGError
from .paths import DEFAULT_OUT
from .results import FormatError, ResultTooLarge, format_for, render_table, serialize

FORMAT_NAMES = ["table", "csv", "tsv", "json", "xml", "turtle", "jsonld", "nt"]


class QueryFailed(click.ClickException):
    """A query that cannot be run as asked (exit code 2)."""

    exit_code = 2


def ensure_dataset(build_dir: Path, *, build_if_missing: bool = True) -> None:
    """Make sure a build folder holds a dataset (build/store, or rdf/dataset.* — gzipped in a large build);
    the bundled documents are built into a folder that has none (or, with build_if_missing=False, a clear
    error saying how to build it). A folder with a dataset is never built over."""
    from .store import has_dataset

    if has_dataset(build_dir):
        return
    path = queries.dataset_path(build_dir)
    if not build_if_missing:
        raise QueryFailed(f"no dataset in {build_dir}/ (expected {path} or {build_dir}/store); build it first: "
                          f"policykg build --out {build_dir}")
    from .pipeline import build

    click.echo(f"no dataset in {build_dir}/: building the bundled documents into it …", err=True)
    try:
        build([], build_dir, progress=lambda message: click.echo(message, err=True))
    except PolicyKGError as exc:
        raise QueryFailed(f"could not build {build_dir}/: {exc}") from None


def _catalogue(folder: Path) -> dict:
    try:
        return queries.load_catalogue(folder)
    except PolicyKGError as exc:
        raise QueryFailed(str(exc)) from None


@click.command("queries")
@click.option("--catalogue", "catalogue_dir", type=click.Path(path_type=Path), default=queries.CATALOGUE_DIR,
              show_default=True, help="Folder of .rq files.")
@click.option("--json", "as_json", is_flag=True, help="Print the catalogue as JSON (as the server's /queries).")
def queries_command(catalogue_dir: Path, as_json: bool) -> None:
    """List the query catalogue: name, title and parameters of each question."""
    catalogue = _catalogue(catalogue_dir)
    if as_json:
        import json
        click.echo(json.dumps([q.to_json() for q in catalogue.values()], ensure_ascii=False, indent=2))
        return
    rows = []
    for name, query in catalogue.items():
        params = ", ".join(_param_text(p) for p in query.params) or "—"
        rows.append([name, query.title, params])
    click.echo(render_table(["name", "title", "parameters"], rows, width=80), nl=False)
    click.echo("Run one: policykg query NAME [--param name=value ...]")


def _param_text(param: queries.Param) -> str:
    if param.required:
        return f"{param.name}:{param.type} (required)"
    if param.default is not None:
        return f"{param.name}:{param.type}={param.default}"
    return f"{param.name}:{param.type} (optional)"


def _resolve(query: str, catalogue_dir: Path) -> tuple[queries.StoredQuery, str]:
    """A catalogue name, a .rq file or '-' (stdin) as a StoredQuery, and how to name it in errors."""
    if query == "-":
        return queries.StoredQuery.from_text(sys.stdin.read(), "stdin"), "<stdin>"
    path = Path(query)
    if not path.suffix or not path.exists():
        catalogue = _catalogue(catalogue_dir) if Path(catalogue_dir).is_dir() else {}
        if query in catalogue:
            stored = catalogue[query]
            return stored, str(stored.path)
    if path.is_file():
        try:
            return queries.StoredQuery.from_file(path, strict=False), str(path)
        except PolicyKGError as exc:
            raise QueryFailed(str(exc)) from None
    catalogue = _catalogue(catalogue_dir) if Path(catalogue_dir).is_dir() else {}
    near = difflib.get_close_matches(query, list(catalogue), n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(near)}?" if near else ""
    raise QueryFailed(f"no query named {query!r} in the catalogue (see `policykg queries`) and no such file{hint}")


def _parse_params(values: tuple[str, ...]) -> dict[str, str]:
    params = {}
    for value in values:
        name, equals, text = value.partition("=")
        if not equals or not name.strip():
            raise QueryFailed(f"--param {value!r}: give it as NAME=VALUE")
        params[name.strip()] = text
    return params


@click.command("query")
@click.argument("query", metavar="NAME|FILE|-")
@click.option("--param", "-p", "param_values", multiple=True, metavar="NAME=VALUE",
              help="A parameter the query declares in its header (repeat for several).")
@click.option("--graph", "build_dir", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True,
              help="Build folder holding rdf/dataset.trig.")
@click.option("--format", "fmt", type=click.Choice(FORMAT_NAMES), default=None,
              help="Output format (default: from --output's extension, else table). For CONSTRUCT/DESCRIBE, "
                   "xml means RDF/XML and json JSON-LD.")
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None, help="Write to FILE, not stdout.")
@click.option("--no-inferred", is_flag=True, help="Leave the inferred graph out of the default graph.")
@click.option("--catalogue", "catalogue_dir", type=click.Path(path_type=Path), default=queries.CATALOGUE_DIR,
              show_default=True, help="Folder of .rq files.")
@click.option("--width", type=click.IntRange(8, None), default=60, show_default=True,
              help="Table format: the characters of a cell shown (longer text is cut with …).")
@click.option("--max-rows", "show_rows", type=click.IntRange(0, None), default=None,
              help="Table format: show the first N rows only (CSV, TSV and JSON always hold every row).")
@click.option("--url", "url_only", is_flag=True,
              help="Print the query page's URL that runs this query ($POLICYKG_SERVER, else http://127.0.0.1:8000) "
                   "instead of running it.")
def query_command(query: str, param_values: tuple[str, ...], build_dir: Path, fmt: str | None,
                  output: Path | None, no_inferred: bool, catalogue_dir: Path, width: int = 60,
                  show_rows: int | None = None, url_only: bool = False) -> None:
    """Run a catalogue query by NAME, a .rq FILE, or a query on stdin (-) against a build."""
    stored, source = _resolve(query, catalogue_dir)
    params = _parse_params(param_values)
    if url_only:
        from .shareurl import share_url

        in_catalogue = stored.path is not None and Path(catalogue_dir) in Path(stored.path).parents
        click.echo(share_url(name=stored.name if in_catalogue else None, text=stored.text, params=params))
        return
    try:
        stored.bindings(_placeholders(stored, params))  # parameter errors before loading anything
        form = stored.form
    except queries.ParameterError as exc:
        raise QueryFailed(f"{source}: {exc}") from None
    except queries.QueryError as exc:
        raise QueryFailed(_located(source, exc)) from None
    chosen = fmt or (output.suffix.lstrip(".") if output is not None and output.suffix else "table")
    target = format_for(chosen, form)
    if target is None:
        raise QueryFailed(f"format {chosen!r} cannot carry a {form} result")
    ensure_dataset(build_dir)
    try:
        dataset = queries.load_graph(build_dir, inferred=not no_inferred)
        params, warnings = parameters.resolve_params(stored, dataset, params, queries.detect_base(dataset))
        for warning in warnings:
            click.echo(f"warning: {warning}", err=True)
        result = queries.run(stored, dataset, params, base=queries.detect_base(dataset))
        body = serialize(result, target, prefixes=queries.display_prefixes(dataset, stored), width=width,
                         show=show_rows)
    except queries.ParameterError as exc:
        raise QueryFailed(f"{source}: {exc}") from None
    except queries.QueryError as exc:
        raise QueryFailed(_located(source, exc)) from None
    except (FormatError, ResultTooLarge, PolicyKGError, LookupError) as exc:
        raise QueryFailed(f"{source}: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - evaluation errors surface while writing
        raise QueryFailed(f"{source}: the query failed: {exc}") from None
    if output is None:
        stream = click.get_binary_stream("stdout")
        stream.write(body)
        stream.flush()
    else:
        output.write_bytes(body)
        click.echo(f"wrote {output}", err=True)


def _placeholders(stored: queries.StoredQuery, params: dict[str, str]) -> dict[str, str]:
    """The values with IRI parameters stood in for: ids and labels are resolved once the dataset is loaded."""
    iri = {p.name for p in stored.params if p.kind.name == "iri"}
    return {k: ("urn:x-policykg:resolved-later" if k in iri and v.strip() else v) for k, v in params.items()}


def _located(source: str, error: queries.QueryError) -> str:
    if error.line:
        return f"{source}:{error.line}:{error.column or 1}: {error.message}"
    return f"{source}: {error.message}"


@click.command("serve")
@click.option("--graph", "build_dir", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True,
              help="Build folder holding rdf/dataset.trig and rdf/description.ttl.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--timeout", default=10.0, show_default=True, type=float,
              help="Seconds a query may run before it is stopped (503).")
@click.option("--max-results", default=10_000, show_default=True, type=int,
              help="Rows (or triples) a query may return; more is refused (422).")
@click.option("--workers", default=2, show_default=True, type=int, help="Query worker processes.")
@click.option("--no-inferred", is_flag=True, help="Leave the inferred graph out of the default graph.")
@click.option("--base-iri", default=None,
              help="Base IRI of the dataset's resources, served at local paths (default: read from the dataset).")
@click.option("--catalogue", "catalogue_dir", type=click.Path(path_type=Path), default=queries.CATALOGUE_DIR,
              show_default=True, help="Folder of .rq files.")
@click.option("--public-url", default=None,
              help="The endpoint's URL as clients reach it (sd:endpoint), e.g. https://example.org/sparql behind a proxy.")
@click.option("--in-memory", is_flag=True,
              help="Each worker loads the build's dataset into memory at start: heavy joins run up to 7x "
                   "quicker, at the cost of the copy's memory per worker (2.3 GB at 1,000 documents) and a slower start.")
@click.option("--memory-mb", default=4096, show_default=True, type=int,
              help="Address-space limit of each query worker (0: none); --in-memory needs room for the copy.")
def serve_command(build_dir: Path, host: str, port: int, timeout: float, max_results: int, workers: int,
                  no_inferred: bool, base_iri: str | None, catalogue_dir: Path, public_url: str | None,
                  in_memory: bool, memory_mb: int) -> None:
    """Serve a build: SPARQL endpoint at /sparql, query page at /, resource pages at their paths."""
    from .server import ServerConfig, serve

    ensure_dataset(build_dir, build_if_missing=False)  # a server never builds behind the user's back
    if timeout <= 0 or max_results < 1 or workers < 1 or memory_mb < 0:
        raise QueryFailed("--timeout, --max-results and --workers must be positive, --memory-mb not negative")
    config = ServerConfig(build_dir=build_dir, catalogue_dir=catalogue_dir, timeout=timeout,
                          max_results=max_results, workers=workers, inferred=not no_inferred, base_iri=base_iri,
                          public_url=public_url, in_memory=in_memory, memory_mb=memory_mb or None)
    click.echo(f"policykg: serving {build_dir}/ at http://{host}:{port}/ (SPARQL endpoint /sparql)", err=True)
    serve(config, host=host, port=port)
