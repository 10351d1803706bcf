"""The `policykg` command."""
from __future__ import annotations

import importlib
import sys
from pathlib import Path

import click

from .errors import PolicyKGError
from .namespaces import DEFAULT_BASE
from .paths import BUNDLED_CURATION, DEFAULT_OUT
from .sources import DEFAULT_MAX_SIZE


class InputError(click.ClickException):
    """Bad input: a document, curation file or option that cannot be used (exit code 2)."""

    exit_code = 2


# The other commands by name: imported only when run or listed (`build` need not wait for the SPARQL catalogue's
# modules, about 0.2 s), the lazy-loading pattern of click's documentation.
_LAZY_COMMANDS = {"queries": "cli_query:queries_command", "query": "cli_query:query_command",
                  "serve": "cli_query:serve_command", "view": "cli_view:view_command",
                  "stats": "cli_view:stats_command", "push": "cli_push:push_command"}


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *_LAZY_COMMANDS])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in _LAZY_COMMANDS and name not in self.commands:
            module, attribute = _LAZY_COMMANDS[name].split(":")
            self.add_command(getattr(importlib.import_module(f".{module}", __package__), attribute), name)
        return super().get_command(ctx, name)


@click.group(cls=_LazyGroup)
@click.version_option(package_name="policykg")
def cli() -> None:
    """policykg: a knowledge graph of government action plans."""


@cli.command()
@click.argument("documents", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True,
              help="Folder to write everything into (replaced as a whole, only when the build succeeds).")
@click.option("--curation", "curation_dir", type=click.Path(path_type=Path), default=BUNDLED_CURATION,
              show_default=True, help="Folder of reviewed curation files, <document id>.toml.")
@click.option("--base-iri", default=DEFAULT_BASE, show_default=True,
              help="Base under which the resources' IRIs are minted.")
@click.option("--no-docs", is_flag=True, help="Skip the ontology's HTML documentation (pyLODE).")
@click.option("--description", "description_config", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              default=None, help="TOML settings of the DCAT-AP description (default: graph/data/description.toml).")
@click.option("--max-size", type=click.FloatRange(min=0, min_open=True), default=DEFAULT_MAX_SIZE / 1e6,
              show_default=True, help="Largest document to read, in MB.")
def build(documents: tuple[Path, ...], out: Path, curation_dir: Path, base_iri: str, no_docs: bool,
          description_config: Path | None, max_size: float) -> None:
    """Read DOCUMENTS (default: the bundled ones), make the graph, and write everything into --out.

    Exit codes: 0 built; 1 the graph does not conform to the SHACL shapes; 2 bad input.
    """
    from .pipeline import ValidationFailed
    from .pipeline import build as run_build

    def progress(message: str) -> None:
        click.echo(message, err=True)

    try:
        result = run_build(list(documents), out, curation_dir=curation_dir, base=base_iri,
                           docs=not no_docs, progress=progress, description_config=description_config,
                           max_size=int(max_size * 1e6))
    except ValidationFailed as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(ValidationFailed.exit_code)
    except PolicyKGError as exc:
        raise InputError(str(exc)) from None
    _print_summary(result)


def _print_summary(result) -> None:
    summary = result.summary()
    for doc, info in summary["documents"].items():
        click.echo(f"document {doc}: {info['layout']} {info['plan']}: {info['records']}")
    click.echo("findings: " + (", ".join(f"{k} {n}" for k, n in summary["findings"].items()) or "none")
               + f" (see {result.out}/quality.md)")
    click.echo("triples: " + ", ".join(f"{k} {n}" for k, n in summary["triples"].items()))
    validation = summary["validation"]
    click.echo("validation: " + ("conforms" if validation["conforms"] else "does not conform")
               + "".join(f", {n} {k}" for k, n in validation["results"].items()))
    click.echo(f"files written: {len(result.files)} in {result.out}/")
    click.echo("time: " + ", ".join(f"{k} {v:.2f} s" for k, v in summary["seconds"].items()))


def main() -> None:  # pragma: no cover - thin wrapper for build_graph.py
    sys.exit(cli.main(args=["build", *sys.argv[1:]], prog_name="build_graph.py", standalone_mode=True))
