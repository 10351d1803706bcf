"""Network analytics of a built graph (networkx): who is responsible for what, where the money goes,
how measures hang together.

Everything reads the `NetworkModel` of graph/network.py (typed nodes and edges read from the
RDF dataset) and returns plain lists and dicts; `analytics(model)` gathers them, `write_analytics`
writes them as JSON and CSV with a PNG timeline of deadlines by task, and `policykg stats`
prints them (graph/cli_view.py).

- organisations: measures (and sub-measures) each is responsible for — as lead, as co-executor,
  «по согласованию» (by agreement), «свод и контроль» (consolidation and control) — and its
  betweenness centrality (undirected, edges counted once per pair): exact on the whole network up to
  `SAMPLE_ABOVE` nodes; above, on the overview graph (plans, organisations and regions joined by their
  counted duties and targets, graph/network.py `overview`) estimated from `pivots` sources, seed fixed so
  that the figures repeat — a search from every node of a 1,000-plan network costs minutes, and the
  overview is the graph an organisation's role between plans shows in; analytics.json's network says which;
- regions: measures that name the region or that one of its akimats is responsible for; grant
  allocations naming it, with their maximum grants — `grant_sole` from allocations that name this
  region only, `grant_shared` from allocations that name it with others (not split: the plan does
  not say how);
- dependencies (pkg:dependsOn, derived by graph/dependencies.py): the longest chain of dependent
  deadlines (most steps; ties: the first in document and numbering order), and the pairs whose
  deadlines contradict it — a measure due before a measure it depends on;
- connected components, each with its size, types and documents.
"""
from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from . import collector
from .network import NODE_TYPES, NetworkModel, network_model

FOLDER = "analytics"  # in a build folder: the analytics graph/write.py writes with the store
SAMPLE_ABOVE = 1000  # nodes: above this, betweenness and diameter are figures of the overview graph
SAMPLE_K = 256
# Each pivot is one breadth-first search over every edge: past this many edge visits in all, fewer
# pivots (at least MIN_K), so that 1,000 documents cost a second, not minutes.
EDGE_VISITS = 600_000
MIN_K = 32
SEED = 7
TIMELINE_ROWS = 300  # rows drawn in timeline.png; more would be an image no one can read (its title says so)
MEASURE_TYPES = ("measure", "sub-measure")


# ---------------------------------------------------------------------------------------------- organisations


def betweenness(model: NetworkModel, *, k: int | None = None, seed: int = SEED,
                measured: NetworkModel | None = None) -> dict[str, float]:
    """Normalised betweenness centrality on the undirected simple graph of the network, or above
    SAMPLE_ABOVE nodes of its overview graph (see the module's docstring; `measured`: that graph, if made)."""
    import networkx as nx

    graph = _simple_graph(betweenness_graph(model) if measured is None else measured)
    if k is None and len(model.nodes) > SAMPLE_ABOVE:
        k = pivots(graph.number_of_edges())
    if k is not None and k >= graph.number_of_nodes():
        k = None
    return nx.betweenness_centrality(graph, k=k, seed=seed if k else None, normalized=True)


def betweenness_graph(model: NetworkModel) -> NetworkModel:
    """The network betweenness is measured on: the model itself, or above SAMPLE_ABOVE nodes its overview."""
    from .network import overview

    return model if len(model.nodes) <= SAMPLE_ABOVE else overview(model)


def _simple_graph(model: NetworkModel):
    """The model as an undirected simple graph (networkx), made once per model: the betweenness and the
    diameter are both measured on it."""
    def make(model: NetworkModel):
        import networkx as nx

        graph = nx.Graph()
        graph.add_nodes_from(model.nodes)
        graph.add_edges_from((e.source, e.target) for e in model.edges if e.source != e.target)
        return graph

    return model.derived("_simple_graph", make)


def _by_kind(model: NetworkModel) -> dict[str, list]:
    """The model's edges by kind, each kind's in the model's order and the kinds in the order they first
    appear; grouped once per model (each figure below looked at every edge for the few of its kinds)."""
    def group(model: NetworkModel) -> dict[str, list]:
        grouped: dict[str, list] = defaultdict(list)
        for e in model.edges:
            grouped[e.kind].append(e)
        return grouped

    return model.derived("_by_kind", group)


def _edges_of(model: NetworkModel, *kinds: str):
    """The edges of these kinds (a kind's in the model's order)."""
    grouped = _by_kind(model)
    return (e for kind in kinds for e in grouped.get(kind, ()))


def organisations(model: NetworkModel, *, centrality: dict[str, float] | None = None) -> list[dict]:
    """One row per organisation: measures it is responsible for, by role, and its betweenness;
    most measures first."""
    centrality = betweenness(model) if centrality is None else centrality
    roles: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for e in _edges_of(model, "lead", "co-executor"):
        if model.nodes[e.target].type in MEASURE_TYPES:
            for role in (e.kind, *e.qualifiers):
                roles[e.source][role].add(e.target)
            roles[e.source]["any"].add(e.target)
    rows = []
    for node in model.nodes.values():
        if node.type != "organisation":
            continue
        r = roles.get(node.id, {})
        rows.append({
            "id": node.id, "label": node.label, "name": node.title,
            "measures": len(r.get("any", ())), "lead": len(r.get("lead", ())),
            "co_executor": len(r.get("co-executor", ())), "by_agreement": len(r.get("by-agreement", ())),
            "consolidation_control": len(r.get("consolidation-control", ())),
            "betweenness": round(centrality.get(node.id, 0.0), 6),
        })
    rows.sort(key=lambda row: (-row["measures"], -row["lead"], row["label"]))
    return rows


# ---------------------------------------------------------------------------------------------- regions


def regions(model: NetworkModel) -> list[dict]:
    """One row per region: measures concerning it (named, or via a responsible akimat) and the
    grant allocations naming it with their money (som); most money, then most measures, first."""
    governs = defaultdict(set)  # akimat → regions
    for e in _edges_of(model, "governs"):
        governs[e.source].add(e.target)
    named, via_akimat = defaultdict(set), defaultdict(set)
    allocation_regions = defaultdict(set)
    for e in _edges_of(model, "targets"):
        source = model.nodes[e.source]
        if source.type in MEASURE_TYPES:
            named[e.target].add(e.source)
        elif source.type == "allocation":
            allocation_regions[e.source].add(e.target)
    for e in _edges_of(model, "lead", "co-executor"):
        if e.source in governs and model.nodes[e.target].type in MEASURE_TYPES:
            for region in governs[e.source]:
                via_akimat[region].add(e.target)
    sole, shared, count, unpriced = (defaultdict(Decimal), defaultdict(Decimal), Counter(), Counter())
    for allocation, places in allocation_regions.items():
        money = model.nodes[allocation].money
        for region in places:
            count[region] += 1
            if money is None:
                unpriced[region] += 1
            elif len(places) == 1:
                sole[region] += money
            else:
                shared[region] += money
    rows = []
    for node in model.nodes.values():
        if node.type != "region":
            continue
        code = next((v for k, v in node.details if k == "ISO 3166-2"), "")
        rows.append({
            "id": node.id, "label": node.title, "iso3166_2": code,
            "measures": len(named[node.id] | via_akimat[node.id]), "measures_named": len(named[node.id]),
            "measures_via_akimat": len(via_akimat[node.id]),
            "allocations": count[node.id], "allocations_without_amount": unpriced[node.id],
            "grant_sole": sole[node.id], "grant_shared": shared[node.id],
            "grant_total": sole[node.id] + shared[node.id],
        })
    rows.sort(key=lambda row: (-row["grant_total"], -row["measures"], row["label"]))
    return rows


# ---------------------------------------------------------------------------------------------- dependencies


def _order_key(model: NetworkModel, node_id: str) -> tuple:
    """A node's place in document and numbering order; made once per node (the dependencies, chains and
    timeline ask it again and again: 86,000 times at 1,000 documents)."""
    keys = model.derived("_order_keys", lambda _: {})
    if node_id not in keys:
        node = model.nodes[node_id]
        number = node.number or node.label
        parts = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in str(number).split("."))
        keys[node_id] = (node.document or "", parts)
    return keys[node_id]


def dependency_pairs(model: NetworkModel) -> list[dict]:
    """Every pkg:dependsOn pair with both deadlines and whether they agree (the earlier measure is
    not due after the later one; unknown due dates agree)."""
    rows = []
    for e in _edges_of(model, "depends-on"):
        later, earlier = model.nodes[e.source], model.nodes[e.target]
        consistent = not (later.due and earlier.due and later.due < earlier.due)
        rows.append({"later": later.number or later.label, "earlier": earlier.number or earlier.label,
                     "later_due": later.due or "", "earlier_due": earlier.due or "",
                     "document": later.document or "", "consistent": consistent,
                     "later_id": later.id, "earlier_id": earlier.id})
    rows.sort(key=lambda r: (_order_key(model, r["later_id"]), _order_key(model, r["earlier_id"])))
    return rows


def deadline_inconsistencies(model: NetworkModel) -> list[dict]:
    """Measures due before a measure they depend on."""
    return [r for r in dependency_pairs(model) if not r["consistent"]]


def longest_chain(model: NetworkModel) -> list[dict]:
    """The longest chain of dependent measures, earliest first (most steps; ties: the chain that
    starts first in document and numbering order, then ends first). [] when nothing depends on anything."""
    chains = dependency_chains(model)
    return chains[0] if chains else []


def dependency_chains(model: NetworkModel) -> list[list[dict]]:
    """Every maximal chain of dependent measures (from a measure nothing it depends on to one that
    nothing depends on, along the longest path), longest first; each step: number, due, deadline."""
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_edges_from((e.target, e.source) for e in _edges_of(model, "depends-on"))  # earlier → later
    if graph.number_of_nodes() == 0:
        return []
    if not nx.is_directed_acyclic_graph(graph):
        cycle = nx.find_cycle(graph)
        raise ValueError("pkg:dependsOn has a cycle: " + " → ".join(model.nodes[a].label for a, _ in cycle))
    key = lambda n: _order_key(model, n)  # noqa: E731
    best: dict[str, list[str]] = {}  # node → the longest chain ending at it (ties: earliest-starting)
    # any order that puts a measure after those it depends on gives the same chains: each node's is chosen
    # from its predecessors' by length, then by their keys (a lexicographical sort cost a fifth of the chains)
    for node in nx.topological_sort(graph):
        options = [best[p] + [node] for p in graph.predecessors(node)] or [[node]]
        best[node] = min(options, key=lambda chain: (-len(chain), [key(n) for n in chain]))
    ends = [n for n in graph.nodes if graph.out_degree(n) == 0]
    chains = sorted((best[n] for n in ends), key=lambda chain: (-len(chain), [key(n) for n in chain]))
    return [[_step(model, n) for n in chain] for chain in chains]


def _step(model: NetworkModel, node_id: str) -> dict:
    node = model.nodes[node_id]
    deadline = next((v for k, v in node.details if k == "deadline"), "")
    return {"number": node.number or node.label, "due": node.due or "", "deadline": deadline,
            "document": node.document or "", "id": node.id}


# ---------------------------------------------------------------------------------------------- components


def components(model: NetworkModel) -> list[dict]:
    """Connected components (edges in either direction), largest first (a union–find over the edges:
    networkx's graph of a 1,000-document network costs seconds to build)."""
    parent = {k: k for k in model.nodes}

    def root(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k
    for e in model.edges:
        a, b = root(e.source), root(e.target)
        if a != b:
            parent[a] = b
    groups: dict[str, list[str]] = defaultdict(list)
    for k in model.nodes:
        groups[root(k)].append(k)
    rows = []
    for members in groups.values():
        types = Counter(model.nodes[n].type for n in members)
        documents = sorted({model.nodes[n].document for n in members if model.nodes[n].document})
        plans = sorted(model.nodes[n].label for n in members if model.nodes[n].type == "plan")
        rows.append({"size": len(members), "plans": plans, "documents": documents,
                     "types": {t: types[t] for t in NODE_TYPES if types[t]}})
    rows.sort(key=lambda row: (-row["size"], row["documents"]))
    return rows


def pivots(edges: int) -> int:
    """Pivots for sampled betweenness on a graph with this many edges."""
    return min(SAMPLE_K, max(MIN_K, EDGE_VISITS // max(edges, 1)))


def describe(model: NetworkModel, *, parts: list[dict] | None = None, measured: NetworkModel | None = None) -> dict:
    """Size and shape of the network (`parts`: its components, when already counted); a figure that
    cannot be given is recorded with the reason."""
    import networkx as nx

    pairs = {(e.source, e.target) if e.source < e.target else (e.target, e.source) for e in model.edges
             if e.source != e.target}
    n = len(model.nodes)
    parts = components(model) if parts is None else parts
    result: dict = {"nodes": n, "edges": len(model.edges), "types": model.counts(),
                    "edge_kinds": {kind: len(edges) for kind, edges in _by_kind(model).items()},
                    "density": round(2 * len(pairs) / (n * (n - 1)), 6) if n > 1 else 0,
                    "components": len(parts)}
    measured = betweenness_graph(model) if measured is None else measured
    graph = _simple_graph(measured)
    try:
        result["diameter"] = _diameter(graph, exact=measured is model)
    except (nx.NetworkXError, ValueError) as exc:
        result["diameter"] = f"n/a: {exc}"
    if measured is model:
        result["betweenness"] = "exact"
    else:
        where = (f"the overview graph (plans, organisations, regions: {graph.number_of_nodes()} nodes, "
                 f"{graph.number_of_edges()} edges)")
        k = pivots(graph.number_of_edges())
        result["betweenness"] = (f"on {where}, estimated from {k} pivots (seed {SEED})"
                                 if k < graph.number_of_nodes() else f"on {where}, exact")
        result["diameter_method"] = f"on {where}: a lower bound (2-sweep, networkx.algorithms.approximation.diameter)"
    return result


def _diameter(graph, *, exact: bool) -> int:
    """Exact (a search from every node), or the 2-sweep lower bound."""
    import networkx as nx

    if not nx.is_connected(graph):
        raise nx.NetworkXError("Found infinite path length because the graph is not connected")
    if exact:
        return nx.diameter(graph)
    from networkx.algorithms.approximation import diameter

    return diameter(graph, seed=SEED)


# ---------------------------------------------------------------------------------------------- all of it


@dataclass
class Analytics:
    network: dict
    organisations: list[dict]
    regions: list[dict]
    longest_chain: list[dict]
    chains: list[list[dict]]
    dependencies: list[dict]
    inconsistencies: list[dict]
    components: list[dict]

    def to_json(self) -> dict:
        return _jsonable({k: getattr(self, k) for k in self.__dataclass_fields__})


def analytics(model: NetworkModel) -> Analytics:
    pairs = dependency_pairs(model)
    chains = dependency_chains(model)
    parts = components(model)
    measured = betweenness_graph(model)
    return Analytics(
        network=describe(model, parts=parts, measured=measured),
        organisations=organisations(model, centrality=betweenness(model, measured=measured)), regions=regions(model),
        longest_chain=chains[0] if chains else [], chains=chains, dependencies=pairs,
        inconsistencies=[p for p in pairs if not p["consistent"]], components=parts)


def _jsonable(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def write_analytics(dataset, folder: Path | str, *, model: NetworkModel | None = None) -> list[Path]:
    """Write analytics.json, organisations.csv, regions.csv, dependencies.csv, components.csv and
    timeline.png into `folder`; returns the files written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    model = network_model(dataset) if model is None else model
    with collector.paused():  # all of it: the writers and their imports (Pillow) make objects too
        result = analytics(model)
        written = [folder / "analytics.json"]
        written[0].write_text(_json_rows(result.to_json()), encoding="utf-8")
        written.append(_csv(folder / "organisations.csv", result.organisations))
        written.append(_csv(folder / "regions.csv", result.regions))
        written.append(_csv(folder / "dependencies.csv", result.dependencies,
                            ["document", "later", "earlier", "later_due", "earlier_due", "consistent", "later_id", "earlier_id"]))
        written.append(_csv(folder / "components.csv", [
            {"size": c["size"], "plans": "; ".join(c["plans"]), "documents": "; ".join(c["documents"]),
             **{t: c["types"].get(t, 0) for t in NODE_TYPES}} for c in result.components],
            ["size", "plans", "documents", *NODE_TYPES]))
        written.append(timeline_png(model, folder / "timeline.png"))
        return written


def _json_rows(figures: dict) -> str:
    """The figures as JSON, each figure on a line of its own and a list one item per line: as readable as
    indented JSON, and written by json's C encoder (which `indent` turns off: 0.19 s of a 5.6 MB file at 1,000
    documents, against 0.04 s)."""
    def dumps(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = []
    for name, value in figures.items():
        if isinstance(value, list) and value:
            value = "[\n" + ",\n".join(f"    {dumps(item)}" for item in value) + "\n  ]"
        else:
            value = dumps(value)
        lines.append(f"  {dumps(name)}: {value}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def _csv(path: Path, rows: list[dict], columns: list[str] | None = None) -> Path:
    columns = columns or (list(rows[0]) if rows else ["id"])
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: ("true" if v is True else "false" if v is False else v) for k, v in row.items()})
    return path


# ---------------------------------------------------------------------------------------------- timeline


def timeline_rows(model: NetworkModel) -> list[dict]:
    """Measures with a dated deadline, by task then number: start/due dates (ISO), kind of mark."""
    rows = []
    tasks = {n.id: n for n in model.nodes.values() if n.type == "task"}
    for node in model.nodes.values():
        if node.type not in MEASURE_TYPES or not (node.due or node.start):
            continue
        task = tasks.get(node.task or "")
        rows.append({"number": node.number or node.label, "task": task.label if task else "—",
                     "task_title": task.title if task else "", "document": node.document or "",
                     "start": node.start or "", "due": node.due or "", "id": node.id,
                     "_key": (node.document or "", _order_key(model, task.id) if task else (), _order_key(model, node.id))})
    rows.sort(key=lambda r: r.pop("_key"))
    return rows


def timeline_png(model: NetworkModel, path: Path | str, *, title: str = "Deadlines by task") -> Path:
    """A PNG: one row per dated measure, grouped by task — a bar from start to due date, a dot for a
    due date alone, an arrow for an open end («с 1 марта»). Drawn with Pillow (matplotlib's figure
    machinery cost most of the seeds' network step for a picture of bars and dots); the font is
    matplotlib's DejaVu Sans, which has the Cyrillic the task names need."""
    from PIL import Image, ImageDraw

    path = Path(path)
    rows = timeline_rows(model)
    if len(rows) > TIMELINE_ROWS:
        title += f" (the first {TIMELINE_ROWS} of {len(rows)} dated measures, in document order)"
        rows = rows[:TIMELINE_ROWS]
    font, small, bold = _font(13), _font(10), _font(12, bold=True)
    row_height, left, right, top, bottom = 22, 60, 130, 40, 40
    width = 1000
    height = max(275, top + bottom + row_height * len(rows))
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.text((width / 2, 16), title, fill="#000000", font=font, anchor="mm")
    if not rows:
        draw.text((width / 2, height / 2), "no dated deadlines", fill="#000000", font=font, anchor="mm")
        image.save(path, format="PNG", compress_level=1)  # mostly white: level 1 is small enough, and fast
        return path
    colours = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#7b5ea7"]
    groups = list(dict.fromkeys((r["document"], r["task"]) for r in rows))
    colour_of = {g: colours[k % len(colours)] for k, g in enumerate(groups)}
    dates = [date.fromisoformat(r[k]) for r in rows for k in ("start", "due") if r[k]]
    earliest, latest = min(dates), max(dates)
    span = max((latest - earliest).days, 1)
    x0, x1 = left, width - right

    def x(day: date) -> float:
        return x0 + (x1 - x0) * (day - earliest).days / span

    def y(k: int) -> float:
        return top + row_height * (k + 0.5)
    for k, group in enumerate(groups):  # a pale band per task, its name on the right
        ys = [i for i, r in enumerate(rows) if (r["document"], r["task"]) == group]
        draw.rectangle((x0, top + row_height * min(ys), x1, top + row_height * (max(ys) + 1)),
                       fill=_pale(colour_of[group]))
        draw.text((width - 8, (y(min(ys)) + y(max(ys))) / 2), group[1], fill=colour_of[group], font=bold, anchor="rm")
    for tick in _ticks(earliest, latest):  # vertical grid and dates
        draw.line((x(tick), top, x(tick), height - bottom), fill="#dddddd")
        draw.text((x(tick), height - bottom + 6), tick.strftime("%Y-%m"), fill="#333333", font=small, anchor="mt")
    for k, row in enumerate(rows):
        colour = colour_of[(row["document"], row["task"])]
        start = date.fromisoformat(row["start"]) if row["start"] else None
        due = date.fromisoformat(row["due"]) if row["due"] else None
        draw.text((left - 8, y(k)), row["number"], fill="#000000", font=small, anchor="rm")
        if start and due and start != due:
            draw.rectangle((x(start), y(k) - 6, x(due), y(k) + 6), fill=colour)
            draw.ellipse((x(due) - 4, y(k) - 4, x(due) + 4, y(k) + 4), fill=colour)
        elif due:
            draw.ellipse((x(due) - 5, y(k) - 5, x(due) + 5, y(k) + 5), fill=colour)
        elif start:  # open end: from `start` on
            draw.line((x(start), y(k) - 7, x(start), y(k) + 7), fill=colour, width=2)
            draw.line((x(start), y(k), x1, y(k)), fill=colour, width=2)
            draw.polygon(((x1, y(k)), (x1 - 9, y(k) - 5), (x1 - 9, y(k) + 5)), fill=colour)
    draw.rectangle((x0, top, x1, height - bottom), outline="#000000")
    image.save(path, format="PNG", compress_level=1)  # mostly white: level 1 is small enough, and fast
    return path


def _font(size: int, *, bold: bool = False):
    """DejaVu Sans from matplotlib's data (found without importing matplotlib), else Pillow's own."""
    from importlib.util import find_spec

    from PIL import ImageFont

    spec = find_spec("matplotlib")
    if spec is not None and spec.origin:
        name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
        font = Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf" / name
        if font.is_file():
            return ImageFont.truetype(str(font), size)
    return ImageFont.load_default(size)


def _pale(colour: str) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(round(255 - (255 - c) * 0.08) for c in (r, g, b)))


def _ticks(earliest: date, latest: date) -> list[date]:
    """Quarter starts for a plan's span; for spans of many years, January of every n-th year (4–12 ticks)."""
    if (latest - earliest).days <= 4 * 366:
        months = [(y, m) for y in range(earliest.year, latest.year + 1) for m in (1, 4, 7, 10)]
        return [date(y, m, 1) for y, m in months if earliest <= date(y, m, 1) <= latest]
    years = latest.year - earliest.year + 1
    step = max(1, -(-years // 10))
    return [date(y, 1, 1) for y in range(earliest.year, latest.year + 1, step) if earliest <= date(y, 1, 1) <= latest]
