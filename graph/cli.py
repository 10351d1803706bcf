"""The `policykg` command."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import PolicyKGError
from .paths import BUNDLED_CURATION, DEFAULT_OUT


class InputError(click.ClickException):
    """Bad input: a document, curation file or option that cannot be used (exit code 2)."""

    exit_code = 2


@click.group()
@click.version_option(package_name="policykg")
def cli() -> None:
    """policykg: a knowledge graph of government action plans."""


@cli.command()
@click.argument("documents", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True,
              help="Folder to write everything into (replaced as a whole, only when the build succeeds).")
@click.option("--curation", "curation_dir", type=click.Path(path_type=Path), default=BUNDLED_CURATION,
              show_default=True, help="Folder of reviewed curation files, <document id>.toml.")
def build(documents: tuple[Path, ...], out: Path, curation_dir: Path) -> None:
    """Read DOCUMENTS (default: the bundled ones) and write records and reports into --out."""
    from .pipeline import build as run_build

    def progress(message: str) -> None:
        click.echo(message, err=True)

    try:
        result = run_build(list(documents), out, curation_dir=curation_dir, progress=progress)
    except PolicyKGError as exc:
        raise InputError(str(exc)) from None
    from .quality import summary
    click.echo(f"documents: {len(result.documents)}")
    click.echo("findings: " + (", ".join(f"{k} {n}" for k, n in summary(result.findings).items()) or "none"))
    click.echo(f"files written: {len(result.files)} in {result.out}/")
    click.echo("time: " + ", ".join(f"{k} {v:.2f} s" for k, v in result.seconds.items()))


def main() -> None:  # pragma: no cover - thin wrapper for build_graph.py
    sys.exit(cli.main(args=["build", *sys.argv[1:]], prog_name="build_graph.py", standalone_mode=True))
