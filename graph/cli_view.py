"""The `view` and `stats` commands; graph.cli registers them on the `policykg` group.

Exit codes, as for the other commands: 0 success, 2 a problem the user can act on (no such node to
focus on, an unknown type, an unreadable build), 1 anything unexpected.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import click

from .atomic import write_atomic
from .errors import PolicyKGError
from .network import NODE_TYPES
from .paths import DEFAULT_OUT
from .viz import LAYOUTS, SIZES


class ViewFailed(click.ClickException):
    """A view or statistics that cannot be made as asked (exit code 2)."""

    exit_code = 2


def _model(build_dir: Path):
    from .cli_query import ensure_dataset
    from .fragments import FOLDER
    from .network import network_model
    from .queries import load_graph

    ensure_dataset(build_dir)
    try:  # the build's kept fragments (graph/fragments.py) while the code is the one that built it
        return network_model(load_graph(build_dir), previous=Path(build_dir) / FOLDER)
    except PolicyKGError as exc:
        raise ViewFailed(str(exc)) from None


def _types(value: str | None) -> list[str] | None:
    if not value:
        return None
    types = [t.strip() for t in value.replace(";", ",").split(",") if t.strip()]
    unknown = [t for t in types if t not in NODE_TYPES]
    if unknown:
        raise ViewFailed(f"--types: unknown {', '.join(unknown)}; known: {', '.join(NODE_TYPES)}")
    return types


@click.command("view")
@click.option("--graph", "build_dir", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True,
              help="Build folder holding rdf/dataset.trig (built first if it has none).")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="The HTML file to write (one file; works offline from file://). Default: in the build "
                   "folder, network.html (as the build writes it), or network-FOCUS.html with --focus.")
@click.option("--focus", default=None, metavar="IRI|ID|LABEL",
              help="Show only the neighbourhood of this node: an IRI, an identifier (akimat-kz-71, "
                   "plan/…/measure/1.3) or a label (ДРПСУ).")
@click.option("--depth", type=click.IntRange(0, 20), default=2, show_default=True,
              help="With --focus: how many edges away from it to go.")
@click.option("--types", "types_text", default=None, metavar="TYPE,…",
              help=f"Only these node types: {', '.join(NODE_TYPES)}.")
@click.option("--layout", type=click.Choice(LAYOUTS), default="force", show_default=True,
              help="Start with a force-directed or a hierarchical (plan → task → measure) layout.")
@click.option("--size", type=click.Choice(SIZES), default="degree", show_default=True,
              help="Size nodes by their number of links or by grant money.")
@click.option("--link-base", default=None, metavar="URL",
              help="Where resource pages are served, e.g. http://127.0.0.1:8000/ for `policykg serve`: "
                   "a node's page is URL + its path under the base IRI. Default: no links.")
def view_command(build_dir: Path, out: Path | None, focus: str | None, depth: int, types_text: str | None,
                 layout: str, size: str, link_base: str | None) -> None:
    """Write the interactive network of a build (measures, organisations, programmes, regions,
    beneficiaries, grants) as one HTML file that works offline."""
    from .viz import PARTS_DIR, select, write_network_page, write_page

    if out is None:  # beside the build's own network.html, not in whatever folder this runs from
        slug = re.sub(r"[^\w.-]+", "-", focus.strip(), flags=re.UNICODE).strip("-.") if focus else ""
        out = Path(build_dir) / (f"network-{slug}.html" if slug else "network.html")

    model = _model(build_dir)
    try:
        chosen = select(model, focus=focus, depth=depth, types=_types(types_text))
    except (LookupError, ValueError) as exc:
        raise ViewFailed(exc.args[0] if exc.args else str(exc)) from None
    heading = "policykg network"
    if focus:
        heading += f" around {model.nodes[model.find(focus)].label} (depth {depth})"
    if focus or types_text:
        written = [write_page(chosen, out, size=size, layout=layout, link_base=link_base, heading=heading)]
    else:  # the whole network: a large one as the overview with its parts, as the build writes it
        parts_dir = PARTS_DIR if out.name == "network.html" else f"{out.stem}-parts"
        written = write_network_page(chosen, out, heading=heading, previous=Path(build_dir), parts_dir=parts_dir,
                                     size=size, layout=layout, link_base=link_base)
    counts = ", ".join(f"{n} {t}" for t, n in chosen.counts().items())
    click.echo(f"{written[0]}: {len(chosen.nodes)} nodes ({counts}), {len(chosen.edges)} edges"
               + (" (an overview of plans, organisations and regions; a click opens one)" if len(written) > 1 else ""))


@click.command("stats")
@click.option("--graph", "build_dir", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True,
              help="Build folder holding rdf/dataset.trig (built first if it has none).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None,
              help="Also write analytics.json, the CSV tables and timeline.png into this folder.")
@click.option("--top", type=click.IntRange(1, 10000), default=10, show_default=True,
              help="Rows to print per table.")
@click.option("--recompute", is_flag=True,
              help="Read the network from the dataset again instead of the build's analytics/analytics.json.")
def stats_command(build_dir: Path, out_dir: Path | None, top: int, recompute: bool) -> None:
    """Network analytics of a build: organisations by measures and betweenness, regions by measures
    and grant money, the longest chain of dependent deadlines, inconsistent deadlines, components.
    A build folder's own analytics (analytics/, written with its store) are printed as they are: reading
    the network of 1,000 documents again takes about a minute."""
    from .analytics import FOLDER, Analytics, analytics, write_analytics
    from .results import render_table as _render

    def render_table(header, rows, width):
        return _render(header, [[str(c) for c in row] for row in rows], width=width)

    saved = Path(build_dir) / FOLDER
    model = None
    if (saved / "analytics.json").is_file() and not recompute:
        click.echo(f"policykg: the build's analytics, {saved / 'analytics.json'} (--recompute: read the network again)",
                   err=True)
        result = Analytics(**json.loads((saved / "analytics.json").read_text(encoding="utf-8")))
    else:
        model = _model(build_dir)
        result = analytics(model)
    net = result.network
    click.echo(f"network: {net['nodes']} nodes, {net['edges']} edges, {net['components']} components")
    click.echo("\norganisations by measures (lead / co-executor / by agreement / consolidation and control):")
    click.echo(render_table(
        ["organisation", "measures", "lead", "co-exec.", "by agr.", "cons.&ctrl", "betweenness"],
        [[r["label"], r["measures"], r["lead"], r["co_executor"], r["by_agreement"], r["consolidation_control"],
          f"{r['betweenness']:.4f}"] for r in result.organisations[:top]], width=100), nl=False)
    by_centrality = sorted(result.organisations, key=lambda r: -r["betweenness"])[:min(top, 5)]
    click.echo("most between: " + ", ".join(f"{r['label']} {r['betweenness']:.4f}" for r in by_centrality))
    click.echo("\nregions by grant money (som) and measures:")
    click.echo(render_table(
        ["region", "measures", "named", "via akimat", "allocations", "grant (sole)", "grant (shared)"],
        [[r["label"], r["measures"], r["measures_named"], r["measures_via_akimat"], r["allocations"],
          _som(r["grant_sole"]), _som(r["grant_shared"])] for r in result.regions[:top]], width=100), nl=False)
    chain = result.longest_chain
    click.echo("\nlongest chain of dependent deadlines: " + (" → ".join(
        f"{s['number']} ({s['due'] or s['deadline'] or '?'})" for s in chain) if chain else "none"))
    ties = [c for c in result.chains[1:] if len(c) == len(chain)]
    if ties:
        click.echo("  as long: " + "; ".join(" → ".join(s["number"] for s in c) for c in ties))
    click.echo(f"dependencies: {len(result.dependencies)}; deadlines contradicting them: "
               + (", ".join(f"{r['later']} (due {r['later_due']}) depends on {r['earlier']} (due {r['earlier_due']})"
                            for r in result.inconsistencies) or "none"))
    click.echo("components: " + "; ".join(f"{c['size']} nodes ({', '.join(c['plans']) or 'no plan'})"
                                         for c in result.components))
    if out_dir is not None:
        if model is None:  # the build's files, as it wrote them
            Path(out_dir).mkdir(parents=True, exist_ok=True)
            files = [write_atomic(Path(out_dir) / f.name, f.read_bytes()) for f in sorted(saved.iterdir()) if f.is_file()]
        else:
            files = write_analytics(None, out_dir, model=model)
        click.echo(f"\nwritten: {', '.join(str(f) for f in files)}")


def _som(value) -> str:
    return f"{value:,.0f}".replace(",", " ") if value else "0"
