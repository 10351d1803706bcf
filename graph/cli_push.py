"""The `policykg push` command (graph/push.py does the work)."""
from __future__ import annotations

import os
from pathlib import Path

import click

from .errors import PolicyKGError
from .paths import DEFAULT_OUT


class PushFailed(click.ClickException):
    exit_code = 2


@click.command("push")
@click.argument("build_dir", type=click.Path(path_type=Path, file_okay=False), default=DEFAULT_OUT)
@click.option("--endpoint", required=True,
              help="The store's SPARQL endpoint: its query endpoint with --graph-store (used to count the "
                   "graphs afterwards), else its SPARQL Update endpoint.")
@click.option("--graph-store", help="The store's SPARQL 1.1 Graph Store Protocol endpoint (e.g. Fuseki's /ds/data, "
                                     "Oxigraph's /store).")
@click.option("--user", help="User name for HTTP basic authentication.")
@click.option("--password-env", metavar="VAR", help="Environment variable that holds the password.")
@click.option("--batch", type=click.IntRange(min=1), default=50_000, show_default=True, help="Triples per request.")
@click.option("--no-progress", is_flag=True, help="No progress bar.")
def push_command(build_dir: Path, endpoint: str, graph_store: str | None, user: str | None,
                 password_env: str | None, batch: int, no_progress: bool) -> None:
    """Load BUILD_DIR's named graphs (one per document, reference, ontology, inferred) into a triple store.

    Each graph is replaced as a whole, so pushing again never duplicates; a push that failed goes on
    from the graph it stopped at. Exit codes: 0 pushed; 2 no build, or the store refused.
    """
    from tqdm import tqdm

    from . import push as pushing
    from .store import graph_sizes, open_store

    password = None
    if password_env:
        if password_env not in os.environ:
            raise click.UsageError(f"--password-env {password_env}: no such environment variable")
        password = os.environ[password_env]
    target = pushing.Target(endpoint, graph_store, user, password)
    try:
        total = sum(graph_sizes(open_store(build_dir)).values())
        with tqdm(total=total, unit="triples", disable=no_progress, file=click.get_text_stream("stderr")) as bar:
            sent = pushing.push(build_dir, target, batch=batch, progress=bar.update,
                                announce=lambda message: bar.write(message))
    except PolicyKGError as exc:
        raise PushFailed(str(exc)) from None
    click.echo(f"pushed {len(sent)} graphs, {sum(sent.values())} triples to {graph_store or endpoint}")
    if graph_store:
        try:
            counts = pushing.remote_counts(target)
        except PolicyKGError as exc:
            click.echo(f"(could not count the graphs at {endpoint}: {exc})", err=True)
            return
        missing = {g: n for g, n in sent.items() if counts.get(g) != n}
        if missing:
            raise PushFailed(f"the store holds other counts for {len(missing)} graphs: "
                                       + ", ".join(f"{g} {counts.get(g, 0)} (sent {n})" for g, n in list(missing.items())[:5]))
        click.echo(f"the endpoint counts the same triples in every graph pushed ({sum(counts[g] for g in sent)})")


