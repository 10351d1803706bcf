"""The interactive network page: one HTML file (pyvis + vis-network) that works offline from file://.

`build_network(model, …)` returns a `pyvis.network.Network` whose node and edge
lists are filled in bulk (pyvis' add_node/add_edge scan every existing node and
edge on each call: minutes for 10,000 nodes). `render_html(net)` renders it with
graph/static/network.html, which inlines everything the page needs — vis-network's
JS and CSS read from the copy pyvis ships in its package (pyvis/lib/vis-9.*), and
the page's own network.js and network.css — so the file fetches nothing: no CDN,
no Bootstrap (pyvis' own template loads both from the internet even in its
'in_line' mode). `write_network(dataset, path, …)` does all of it for a build.

Document text is untrusted: it reaches the page only as JSON inside a
`<script type="application/json">` block (Jinja's `tojson` escapes `<`, `>`, `&`
and `'`), and the page's script writes it with `textContent`, never as HTML.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import re
import shutil
from collections import Counter, defaultdict
from operator import attrgetter
from pathlib import Path

from . import collector
from .network import EDGE_KINDS, NODE_TYPES, QUALIFIERS, NetworkModel, network_model

STATIC_DIR = Path(__file__).parent / "static"
TEMPLATE = "network.html"
SIZES = ("degree", "money")
LAYOUTS = ("force", "hierarchical")
FONT_SIZES = {"plan": 20, "task": 17, "measure": 17, "sub-measure": 15, "item": 16, "allocation": 12,
              "organisation": 15, "programme": 14, "region": 14, "beneficiary": 12}
LARGE = 400  # above this many nodes: fewer stabilisation iterations, edges hidden while dragging


def vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS from pyvis' package (the newest vis-9.* folder it ships)."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "lib"
    folders = sorted(lib.glob("vis-9*"), key=lambda p: tuple(int(x) for x in re.findall(r"\d+", p.name)))
    if not folders:
        raise FileNotFoundError(f"pyvis ships no vis-network 9.x under {lib}")
    js = (folders[-1] / "vis-network.min.js").read_text(encoding="utf-8")
    css = (folders[-1] / "vis-network.css").read_text(encoding="utf-8")
    for name, text, closing in (("js", js, "</script"), ("css", css, "</style")):
        if closing in text.lower():
            raise ValueError(f"vis-network {name} contains {closing!r}: it cannot be inlined as is")
    return js, css


def vis_options(*, layout: str = "force", nodes: int = 0) -> dict:
    """vis-network options: physics that stabilises and is then switched off (by the page), straight
    edges unless parallel (those curve, each its own way), hover for the page's own tooltips."""
    large = nodes > LARGE
    options = {
        "autoResize": True,
        "nodes": {
            "borderWidth": 1,
            "font": {"size": 12, "face": "system-ui, sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
            "scaling": {"min": 7, "max": 34, "label": {"enabled": False, "drawThreshold": 4, "maxVisible": 30}},
        },
        "edges": {
            "smooth": False,
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.45}},
            "font": {"size": 9, "color": "#555555", "strokeWidth": 3, "strokeColor": "#ffffff", "align": "middle"},
            "selectionWidth": 2,
            "hoverWidth": 0.6,
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": large, "hideEdgesOnZoom": large,
                        "navigationButtons": False,
                        "keyboard": False, "multiselect": False},
        # improvedLayout (Kamada–Kawai on clusters) gives up on these graphs and says so in the console
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -50, "centralGravity": 0.02, "springLength": 80,
                                 "springConstant": 0.05, "damping": 0.6, "avoidOverlap": 0.6},
            "maxVelocity": 60,
            "minVelocity": 1.0,
            "timestep": 0.5,
            "stabilization": {"enabled": True, "iterations": 400 if large else 700, "updateInterval": 25,
                              "fit": True},
        },
    }
    if layout == "hierarchical":
        options["layout"]["hierarchical"] = {"enabled": True, "direction": "UD", "sortMethod": "directed",
                                             "levelSeparation": 170, "nodeSpacing": 70, "treeSpacing": 90,
                                             "shakeTowards": "roots", "parentCentralization": True}
        options["physics"]["solver"] = "hierarchicalRepulsion"
        options["physics"]["hierarchicalRepulsion"] = {"nodeDistance": 90, "springLength": 120,
                                                       "avoidOverlap": 0.6, "damping": 0.5}
    return options


def build_network(model: NetworkModel, *, size: str = "degree", layout: str = "force",
                  link_base: str | None = None, heading: str = "policykg network"):
    """A pyvis Network holding the model's nodes and edges (filled in bulk) and the page's options."""
    from pyvis.network import Network

    if size not in SIZES:
        raise ValueError(f"size: one of {', '.join(SIZES)}, not {size!r}")
    if layout not in LAYOUTS:
        raise ValueError(f"layout: one of {', '.join(LAYOUTS)}, not {layout!r}")
    degree = _degrees(model)
    net = Network(height="100vh", width="100%", directed=True, heading=heading, cdn_resources="in_line")
    net.nodes = [_vis_node(model, node, degree[node.id]) for node in model.nodes.values()]
    net.node_ids = [n["id"] for n in net.nodes]
    net.node_map = {n["id"]: n for n in net.nodes}
    net.edges = _vis_edges(model)
    net.options = vis_options(layout=layout, nodes=len(model.nodes))
    net.policykg = {  # what the page needs besides nodes, edges and options
        "size": size, "layout": layout, "linkBase": link_base or "", "base": model.base,
        "nodeTypes": [{"key": t.key, "label": t.label, "labelRu": t.label_ru, "colour": t.colour, "shape": t.shape,
                       "component": t.component} for t in NODE_TYPES.values()],
        "edgeKinds": [{"key": k.key, "label": k.label, "colour": k.colour, "dashes": bool(k.dashes)}
                      for k in EDGE_KINDS.values()],
        "qualifiers": [{"key": key, "label": label, "style": style} for key, (label, style) in QUALIFIERS.items()],
        "documents": [{"id": d, "label": name} for d, name in model.documents.items()],
        "counts": {"nodes": len(model.nodes), "edges": len(model.edges)},
        "large": len(model.nodes) > LARGE,
        "options": {name: vis_options(layout=name, nodes=len(model.nodes)) for name in LAYOUTS},
    }
    return net


def render_html(net) -> str:
    """The page: pyvis renders graph/static/network.html with vis-network and the page's script inlined."""
    js, css = vis_assets()
    net.set_template_dir(str(STATIC_DIR) + "/", TEMPLATE)
    net.templateEnv.globals.update(
        vis_js=js, vis_css=css,
        page_js=(STATIC_DIR / "network.js").read_text(encoding="utf-8"),
        page_css=(STATIC_DIR / "network.css").read_text(encoding="utf-8"),
        policykg=net.policykg)
    return net.generate_html(name=TEMPLATE)


def write_page(model: NetworkModel, path: Path | str, *, parts: dict[str, str] | None = None, **options) -> Path:
    """Write the page; `parts` (node id → script path relative to the page) makes those nodes expandable."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    net = build_network(model, **options)
    if parts:
        net.policykg["parts"] = parts["scripts"]
        net.policykg["partContext"] = parts["context"]
    path.write_text(render_html(net), encoding="utf-8")
    return path


PARTS_DIR = "network-parts"
CONTEXT_SCRIPT = "context.js"


def write_network_page(model: NetworkModel, path: Path | str, *, heading: str = "policykg network",
                       overview_above: int | None = None, previous: Path | None = None, parts_dir: str = PARTS_DIR,
                       **options) -> list[Path]:
    """The build's network page: the whole network, or above `overview_above` nodes (OVERVIEW_NODES) the
    overview — plans, organisations, regions — whose nodes open on a click into their parts (graph/expansion.py).
    Returns the files written.

    The parts are scripts beside the page (a <script src> loads from file://, fetch would not), and every
    node and edge is written once: `network-parts/p<n>.js` holds one plan's components with every edge that
    touches them, `context.js` the organisations, programmes, regions and beneficiary categories with the
    edges among them, and `o<n>.js`, the part of an organisation or a region, only the ids it shows and the
    plans' files that hold them. At 100 documents this is 10 MB instead of 61 MB of parts that repeated each
    node nine times over. A plan's script is named by its document's fragment key (graph/fragments.py) when
    the model has one: `previous` (the folder of the build before) gives it back, hard-linked, when the
    document has not changed. `parts_dir`: the parts' folder beside the page (`policykg view` names it
    after its page, so that two pages in one folder keep theirs)."""
    from .network import OVERVIEW_NODES, overview

    path = Path(path)
    limit = OVERVIEW_NODES if overview_above is None else overview_above
    if len(model.nodes) <= limit:
        return [write_page(model, path, heading=heading, **options)]
    # all of it with the collector paused: the overview, the parts and even pyvis' import (IPython,
    # jinja2) make objects enough to start collections over the build's millions (1 s at 1,000 documents)
    with collector.paused():
        small = overview(model)
        folder = path.parent / parts_dir
        if folder.exists():
            import shutil

            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        files, scripts = write_parts(model, small.nodes, folder, reuse=previous / PARTS_DIR if previous else None)
        heading += " (overview: plans, organisations, regions; click one to open it)"
        page = write_page(small, path, heading=heading, parts={"scripts": scripts,
                                                                "context": f"{parts_dir}/{CONTEXT_SCRIPT}"}, **options)
    return [page, *files]


PARTS_FORMAT = 2  # the scripts' form (graph/static/network.js reads it): a change makes every plan's script again


def write_parts(model: NetworkModel, centers, folder: Path, *, reuse: Path | None = None) -> tuple[list[Path], dict[str, str]]:
    """Write the parts of `centers` (see write_network_page) into `folder`: the files written, and the
    script of each center (relative to the page). Each script carries the styles its nodes and edges name."""
    from .expansion import parts

    component = {k for k, n in model.nodes.items() if NODE_TYPES[n.type].component}
    degree = _degrees(model)
    vis_edges = None  # made on the first script written: none when every plan's script is reused
    touching = defaultdict(list)  # of the components in the plans' scripts made (below)
    written, scripts = [], {}

    def write(name: str, make) -> None:
        script = folder / name
        src = f"{folder.name}/{name}"  # the folder is beside the page
        old = reuse / name if reuse is not None and name.startswith("p-") else None
        if old is not None and old.is_file():
            try:
                os.link(old, script)
            except OSError:
                shutil.copyfile(old, script)
        else:
            styles: dict[str, dict] = {}
            data = make(styles)
            data["styles"] = {v["n"]: v["style"] for v in styles.values()}
            script.write_text(f"window.policykgData({json.dumps(src)}," + json.dumps(
                data, ensure_ascii=False, separators=(",", ":")) + ");\n", encoding="utf-8")
        written.append(script)

    def node(k, styles):
        return _compact(_vis_node(model, model.nodes[k], degree[k]), NODE_STYLE, styles, model.base)

    def edge(e, styles):
        nonlocal vis_edges
        if vis_edges is None:  # the edges of the plans' scripts not reused, once
            needed = {x.id for c, part in opened.items() if model.nodes[c].type == "plan"
                      for k in part.nodes if k in component for x in touching[k]}
            vis_edges = {x["id"]: x for x in _vis_edges(model, needed)}
        return _compact(vis_edges[e.id], EDGE_STYLE, styles, model.base)

    context = [k for k in model.nodes if k not in component]
    context_set = set(context)
    among = {e.id for e in model.edges if e.source in context_set and e.target in context_set}
    write(CONTEXT_SCRIPT, lambda styles: {
        "nodes": [node(k, styles) for k in context],
        "edges": [_compact(x, EDGE_STYLE, styles, model.base) for x in _vis_edges(model, among)]})
    plan_script: dict[str, str] = {}  # document → its plan's script
    names = {}
    for n, center in enumerate(c for c in centers if model.nodes[c].type == "plan"):
        key = model.fragments.get(model.nodes[center].document)
        names[center] = f"p-{hashlib.sha256(f'{PARTS_FORMAT} {key}'.encode()).hexdigest()[:20]}.js" if key else f"p{n}.js"
    kept = {c for c, name in names.items() if reuse is not None and name.startswith("p-") and (reuse / name).is_file()}
    opened = parts(model, [c for c in centers if c not in kept], edges=False)  # a kept plan's part is in its script;
    # the edges a script holds are its plans' components': found for the plans not kept only (a rebuild's one)
    members = {k for c in names if c not in kept for k in opened[c].nodes if k in component}
    for e in model.edges if members else ():
        if e.source in members:
            touching[e.source].append(e)
        if e.target in members and e.target != e.source:
            touching[e.target].append(e)
    for center, name in names.items():
        part = opened.get(center)

        def make(styles, part=part, center=center):
            members = [k for k in part.nodes if k in component]
            seen, edges = set(), []
            for k in members:
                for e in touching[k]:
                    if e.id not in seen:
                        seen.add(e.id)
                        edges.append(edge(e, styles))
            return {"center": _short(center, model.base), "nodes": [node(k, styles) for k in members], "edges": edges,
                    "context": [_short(k, model.base) for k in part.nodes if k not in component],
                    "selected": part.selected, "total": part.total}
        write(name, make)
        plan_script[model.nodes[center].document] = scripts[center] = f"{folder.name}/{name}"
    others = [c for c in opened if model.nodes[c].type != "plan"]
    for n, center in enumerate(others):
        part = opened[center]
        needed = list(dict.fromkeys(plan_script[model.nodes[k].document] for k in part.nodes
                                    if k in component and model.nodes[k].document in plan_script))
        write(f"o{n}.js", lambda styles, part=part, center=center, needed=needed: {
            "center": _short(center, model.base), "plans": needed,
            "ids": [_short(k, model.base) for k in part.nodes], "selected": part.selected, "total": part.total})
        scripts[center] = f"{folder.name}/o{n}.js"
    return written, scripts


def _degrees(model: NetworkModel) -> Counter:
    """Each node's edges (at either end), counted in C: a loop over the edges took 60 ms at 1,000 documents."""
    degree = Counter(map(attrgetter("source"), model.edges))
    degree.update(map(attrgetter("target"), model.edges))
    return degree


def _short(iri: str, base: str) -> str:
    return "~" + iri[len(base):] if base and iri.startswith(base) else iri


# Parts are written compactly: the fields nodes and edges of a kind share are one style in the page,
# IRIs under the base are written relative to it, and a node's path (its IRI under the base) is left
# for the page's script to restore.
NODE_STYLE = ("shape", "color", "level", "font")
EDGE_STYLE = ("color", "width", "dashes", "smooth")
_ID_FIELDS = ("id", "from", "to", "task")


def _compact(item: dict, style_keys: tuple[str, ...], styles: dict[str, dict], base: str) -> dict:
    style = {k: item[k] for k in style_keys if k in item}
    key = json.dumps(style, sort_keys=True, separators=(",", ":"))
    name = styles.setdefault(key, {"n": f"s{len(styles)}", "style": style})["n"]
    out = {k: v for k, v in item.items() if k not in style_keys and v not in ("", [])}
    out.pop("path", None)
    for k in _ID_FIELDS:
        if k in out:
            out[k] = _short(out[k], base)
    for k in ("regions", "orgs"):
        if k in out:
            out[k] = [_short(r, base) for r in out[k]]
    out["s"] = name
    return out


def select(model: NetworkModel, *, focus: str | None = None, depth: int = 2,
           types: list[str] | None = None) -> NetworkModel:
    """Restrict to node types first, then to the neighbourhood of `focus` (an IRI, identifier or label)."""
    if types:
        unknown = sorted(set(types) - set(NODE_TYPES))
        if unknown:
            raise ValueError(f"unknown node type(s) {', '.join(unknown)}; known: {', '.join(NODE_TYPES)}")
        model = model.view(types=types)
    if focus:
        model = model.focus(model.find(focus), depth)
    return model


def write_network(dataset, path: Path | str, *, focus: str | None = None, depth: int = 2,
                  types: list[str] | None = None, size: str = "degree", layout: str = "force",
                  link_base: str | None = None, heading: str | None = None) -> Path:
    """Write the network page of a dataset (a build's rdf/dataset.trig, loaded) to `path`."""
    model = select(network_model(dataset), focus=focus, depth=depth, types=types)
    if heading is None:
        heading = "policykg network" + (f" around {model.nodes[model.find(focus)].label}" if focus else "")
    return write_page(model, path, size=size, layout=layout, link_base=link_base, heading=heading)


# ---------------------------------------------------------------------------------------------- vis data


def _vis_node(model: NetworkModel, node, degree: int) -> dict:
    kind = NODE_TYPES[node.type]
    money = float(node.money) if node.money is not None else 0.0
    return {
        "id": node.id,
        "label": node.label,
        "shape": kind.shape,
        "color": {"background": kind.colour, "border": _darker(kind.colour),
                  "highlight": {"background": kind.colour, "border": "#000000"},
                  "hover": {"background": kind.colour, "border": "#000000"}},
        "value": round(math.sqrt(degree), 3),
        "level": kind.level,
        "font": {"size": 11 if node.minor else FONT_SIZES.get(node.type, 12)},
        # the page's own fields (vis ignores them)
        "t": node.type,
        "full": node.title,
        "info": [list(pair) for pair in node.details],
        "deg": degree,
        "money": money,
        "doc": node.document or "",
        "task": node.task or "",
        "regions": sorted(node.regions),
        "orgs": sorted(node.organisations),
        "path": model.path(node.id),
        "names": node.names,
    }


def _vis_edges(model: NetworkModel, only: set[str] | None = None) -> list[dict]:
    """Edges with ids (`only`: of these edge ids); edges sharing a pair of nodes curve apart (clockwise,
    counter-clockwise, wider …)."""
    groups = _pair_groups(model)
    result = []
    for k, e in enumerate(model.edges):
        if only is not None and e.id not in only:
            continue
        kind = EDGE_KINDS[e.kind]
        colour = "#7f2704" if "consolidation-control" in e.qualifiers else kind.colour
        dashes = [6, 4] if "by-agreement" in e.qualifiers else (list(kind.dashes) if kind.dashes else False)
        edge = {"id": e.id, "from": e.source, "to": e.target, "label": e.label, "k": e.kind,
                "q": list(e.qualifiers), "tip": e.title or e.label,
                "color": {"color": colour, "highlight": "#000000", "hover": "#000000",
                          "opacity": 0.45 if e.kind == "co-executor" or e.qualifiers else 0.9},
                "width": kind.width, "dashes": dashes}
        group = groups[_pair(e)]
        if len(group) > 1:
            rank = group.index(k)
            edge["smooth"] = {"enabled": True, "type": "curvedCW" if rank % 2 == 0 else "curvedCCW",
                              "roundness": round(0.15 + 0.15 * (rank // 2), 2)}
            # the same pair seen from the other end curves the other way: keep them apart
            if e.source > e.target:
                edge["smooth"]["type"] = "curvedCCW" if edge["smooth"]["type"] == "curvedCW" else "curvedCW"
        result.append(edge)
    return result


def _pair(e) -> tuple[str, str]:
    return (e.source, e.target) if e.source < e.target else (e.target, e.source)


def _pair_groups(model: NetworkModel) -> dict[tuple[str, str], list[int]]:
    """The edges' positions by their pair of nodes; made once per model (the build's page asks it for
    the context script and again for a new plan's script: each a pass over every edge)."""
    def group(model: NetworkModel) -> dict[tuple[str, str], list[int]]:
        groups: dict[tuple, list[int]] = defaultdict(list)
        for k, e in enumerate(model.edges):
            groups[_pair(e)].append(k)
        return groups

    return model.derived("_pair_groups", group)


def _darker(colour: str, factor: float = 0.7) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(int(r * factor), int(g * factor), int(b * factor))


def load_model(build_dir) -> NetworkModel:
    """The network of a build folder (rdf/dataset.trig)."""
    from .queries import load_graph

    return network_model(load_graph(build_dir))
