"""Figures for the network page (graph/viz.py) and analytics (graph/analytics.py) on a synthetic large graph.

    .venv/bin/python bench/network.py                 # about 2,000 nodes; Python and headless Chromium
    .venv/bin/python bench/network.py --nodes 500     # smaller
    .venv/bin/python bench/network.py --skip browser  # Python figures only
    .venv/bin/python bench/network.py --build /tmp/b100   # the build's network step, on its store

With --build, the network step of a build (`policykg build`, e.g. of `bench/generate.py N` documents)
is timed on the build's own Oxigraph store, as the build runs it: reading the model (one document at a
time, one scan per predicate, graph/fragments.py) beside the baseline of one look-up in the store per
value over the whole dataset, then the overview and the page, and the analytics — cold, and again after
one more document (the cold run's kept fragments and plan scripts, less the last document's); medians of
--repeat runs.

The synthetic graph is the bundled documents' records replicated under new plan and document ids
(`-c2`, `-c3`, …) until the network has at least --nodes nodes: every copy has its own plan, tasks,
measures, items and allocations, and shares the organisations, programmes, regions and beneficiary
categories with the others (as plans of one ministry do), so hubs grow with the copies.

Each figure has a baseline measured in the same run:
- building the pyvis Network: pyvis' add_node/add_edge (each call scans the nodes and edges already
  added) vs filling net.nodes/net.edges in bulk (graph.viz.build_network);
- betweenness: exact vs sampled (k pivots, as graph.analytics does above SAMPLE_ABOVE nodes);
- in headless Chromium, page loaded from file:// with every host unresolvable: the policykg page
  (forceAtlas2 with a bounded stabilisation, straight edges, physics switched off once stable) vs the
  same page with pyvis' default options (barnesHut, 1,000 stabilisation iterations, dynamic smooth
  edges, physics left on): time to stabilise, frames drawn in the 3 s after it (0 = idle), and the time
  to apply a filter and draw it.
"""
from __future__ import annotations

import argparse
import copy
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.mapping import build_dataset  # noqa: E402
from graph.network import network_model  # noqa: E402
from graph.paths import bundled_documents  # noqa: E402
from graph.pipeline import read_documents  # noqa: E402

FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--disable-background-networking", "--window-size=1400,1000", "--host-resolver-rules=MAP * ~NOTFOUND",
         "--proxy-server=http://127.0.0.1:9"]


def replicate(documents, copies: int):
    """The documents plus copies-1 renamed copies of each."""
    result = list(documents)
    for k in range(2, copies + 1):
        for records in documents:
            clone = copy.deepcopy(records)
            clone.plan.id = f"{records.plan.id}-c{k}"
            clone.document.id = f"{records.document.id}-c{k}"
            clone.document.file_name = f"{records.document.id}-c{k}.txt"
            result.append(clone)
    return result


def synthetic_model(nodes: int):
    documents, _ = read_documents(bundled_documents())
    one = network_model(build_dataset(documents))
    shared = sum(1 for n in one.nodes.values() if n.type in ("organisation", "programme", "region", "beneficiary"))
    per_copy = len(one.nodes) - shared
    copies = max(1, -(-(nodes - shared) // per_copy))
    started = time.perf_counter()
    dataset = build_dataset(replicate(documents, copies))
    mapped = time.perf_counter() - started
    started = time.perf_counter()
    model = network_model(dataset)
    read = time.perf_counter() - started
    return model, copies, {"map records to RDF (s)": mapped, "read the network from RDF (s)": read,
                           "triples": len(dataset)}


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - started


def python_figures(model) -> dict:
    from pyvis.network import Network

    from graph.analytics import SAMPLE_K, analytics, betweenness
    from graph.viz import build_network, render_html

    figures = {}
    net, figures["pyvis Network, bulk fill (s)"] = timed(build_network, model)
    html, figures["render the page (s)"] = timed(render_html, net)
    figures["page size (MB)"] = len(html.encode()) / 1e6

    def one_by_one(directed: bool):
        baseline = Network(directed=directed)
        for node in net.nodes:
            baseline.add_node(node["id"], label=node["label"], shape=node["shape"])
        for edge in net.edges:
            baseline.add_edge(edge["from"], edge["to"], id=edge["id"])
        return baseline
    # pyvis scans all nodes per add_node/add_edge, and (undirected, its default) all edges per add_edge
    _, figures["baseline: pyvis add_node/add_edge, directed (s)"] = timed(one_by_one, True)
    _, figures["baseline: pyvis add_node/add_edge, undirected (pyvis' default) (s)"] = timed(one_by_one, False)
    _, figures["betweenness, exact (s)"] = timed(betweenness, model, k=len(model.nodes))
    _, figures[f"betweenness, sampled k={SAMPLE_K} (s)"] = timed(betweenness, model, k=SAMPLE_K)
    _, figures["all analytics (s)"] = timed(analytics, model)
    return figures


def browser_figures(model, folder: Path, limit: float = 240) -> dict:
    from graph.viz import build_network, render_html

    ours = folder / "policykg.html"
    ours.write_text(render_html(build_network(model)), encoding="utf-8")
    base = build_network(model)
    from pyvis.network import Network
    defaults = json.loads(Network().options.to_json())
    base.options = defaults
    base.policykg["options"] = {"force": defaults, "hierarchical": defaults}
    base.policykg["freeze"] = False
    baseline = folder / "baseline.html"
    baseline.write_text(render_html(base), encoding="utf-8")

    figures = {}
    for name, page in (("policykg", ours), ("baseline (pyvis defaults)", baseline)):
        figures[name] = _measure_page(page, folder / f"profile-{len(figures)}", limit)
    return figures


def _measure_page(page: Path, profile: Path, limit: float) -> dict:
    """Load the page in a fresh headless Chromium; time the layout, count idle frames, time a filter."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or shutil.which("chromium-browser")
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.set_script_timeout(60)
    driver.set_page_load_timeout(120)
    try:
        started = time.perf_counter()
        driver.get(page.as_uri())
        loaded = time.perf_counter() - started
        while driver.execute_script("return document.body.dataset.stable") != "true":
            if time.perf_counter() - started > limit:
                progress = driver.execute_script("return document.getElementById('progress-bar').style.width")
                return {"load (s)": round(loaded, 2),
                        "load to stable, wall (s)": f"not stable after {limit:.0f} s (stabilisation at {progress})"}
            time.sleep(0.1)
        wall = time.perf_counter() - started
        in_page = driver.execute_script("return window.policykg.stabilisedMs")
        frames = driver.execute_async_script("""
            const done = arguments[arguments.length - 1];
            let frames = 0;
            const network = window.policykg.network;
            const count = () => { frames += 1; };
            network.on('afterDrawing', count);
            setTimeout(() => { network.off('afterDrawing', count); done(frames); }, 3000);""")
        frame_ms = driver.execute_script("""
            const network = window.policykg.network;
            const t0 = performance.now();
            for (let i = 0; i < 5; i++) network.renderer._redraw();
            return (performance.now() - t0) / 5;""")
        bare_ms = driver.execute_script("""
            const api = window.policykg;
            api.setFilter('kinds', []);
            const t0 = performance.now();
            for (let i = 0; i < 5; i++) api.network.renderer._redraw();
            const t = (performance.now() - t0) / 5;
            document.getElementById('reset').click();
            return t;""")
        filter_ms = driver.execute_script("""
            const api = window.policykg;
            const org = Object.keys(api.network.body.nodes).find((id) => id.endsWith('/org/kz-mtszn-dzn'));
            const t0 = performance.now();
            api.setFilter('org', org);
            api.network.renderer._redraw();
            const t = performance.now() - t0;
            api.setFilter('org', '');
            return t;""")
        requested = driver.execute_script(
            "return performance.getEntries().filter((e) => e.entryType === 'navigation' || e.entryType === 'resource')"
            ".map((e) => e.name)")
        outside = sorted({url for url in requested if not url.startswith(("file:", "data:", "blob:"))})
        return {"load (s)": round(loaded, 2), "load to stable, wall (s)": round(wall, 2),
                "stabilisation in page (s)": round(in_page / 1000, 2),
                "frames drawn in the 3 s after stable": frames,
                "one frame drawn (ms)": round(frame_ms, 1),
                "one frame without edges, as while dragging or zooming (ms)": round(bare_ms, 1),
                "filter by organisation, applied and drawn (ms)": round(filter_ms, 1),
                "requests other than file:/data:/blob:": outside or "none"}
    finally:
        driver.quit()


def build_figures(build: Path, repeat: int, browser: bool = True, baseline: bool = True) -> dict:
    """The network step on a build's store: model (indexed vs per-value look-ups), page, analytics —
    cold (nothing kept from a build before), and after one more document: the step run again with the
    fragments and plan scripts kept by the cold run, less one document's (as if it were new)."""
    import statistics

    from graph.analytics import write_analytics
    from graph.fragments import FOLDER
    from graph.network import network_model
    from graph.store import as_dataset, open_store
    from graph.viz import write_network_page

    dataset = as_dataset(open_store(build))
    runs: dict[str, list[float]] = {}

    def step(out: Path, previous: Path | None, label: str):
        model, seconds = timed(network_model, dataset, previous=previous / FOLDER if previous else None,
                               keep=out / FOLDER)
        runs.setdefault(f"{label}: model (s)", []).append(seconds)
        files, seconds = timed(write_network_page, model, out / "network.html", previous=previous)
        runs.setdefault(f"{label}: page (s)", []).append(seconds)
        runs.setdefault(f"{label}: page files", []).append(len(files))
        runs.setdefault(f"{label}: page files (MB)", []).append(sum(f.stat().st_size for f in files) / 1e6)
        _, seconds = timed(write_analytics, dataset, out / "analytics", model=model)
        runs.setdefault(f"{label}: analytics (s)", []).append(seconds)
        return model

    with tempfile.TemporaryDirectory() as tmp:
        for n in range(repeat):
            cold = Path(tmp) / f"cold{n}"
            model = step(cold, None, "cold")
            forget_last_document(cold, model)  # one more document
            again = step(Path(tmp) / f"again{n}", cold, "after one more document")
        if browser:
            figures_browser = _measure_overview(Path(tmp) / "cold0" / "network.html", Path(tmp) / "profile", model)
        if baseline:
            whole, seconds = timed(network_model, dataset, index=False)  # once: it is the slow one
            runs["baseline: model, one store look-up per value, whole dataset (s)"] = [seconds]
    same = baseline and (sorted(model.nodes) == sorted(whole.nodes)
                         and sorted((e.source, e.target, e.kind) for e in model.edges)
                         == sorted((e.source, e.target, e.kind) for e in whole.edges))
    same_again = (sorted(model.nodes) == sorted(again.nodes)
                  and sorted((e.id, e.source, e.target, e.kind) for e in model.edges)
                  == sorted((e.id, e.source, e.target, e.kind) for e in again.edges))
    figures = {k: statistics.median(v) for k, v in runs.items()}
    for label in ("cold", "after one more document"):
        figures[f"{label}: network step (s)"] = sum(figures[f"{label}: {k} (s)"] for k in ("model", "page", "analytics"))
    if baseline:
        figures["ratio: baseline model / cold model"] = (
            figures["baseline: model, one store look-up per value, whole dataset (s)"] / figures["cold: model (s)"])
    figures["ratio: cold step / after one more document"] = (figures["cold: network step (s)"]
                                                             / figures["after one more document: network step (s)"])
    result = {"nodes": len(model.nodes), "edges": len(model.edges), "documents": len(model.documents),
              "same nodes and edges as the baseline": same if baseline else "not measured (--skip baseline)",
              "after one more document: the same nodes and edges (ids too) as cold": same_again, **figures}
    if browser:
        result["browser (the build's page, file://, headless Chromium)"] = figures_browser
    return result


def forget_last_document(folder: Path, model) -> None:
    """Make `folder` (a build's network output) look like the build before its last document: that
    document's fragment and its plan's script are removed, so a rebuild over it redraws them."""
    from graph.fragments import FOLDER
    from graph.viz import PARTS_DIR

    last = sorted(model.fragments)[-1]
    (folder / FOLDER / f"{model.fragments[last]}.pickle").unlink()
    plan = next(k for k, node in model.nodes.items() if node.type == "plan" and node.document == last)
    for script in (folder / PARTS_DIR).glob("p-*.js"):
        if json.dumps(plan)[1:-1].replace(model.base, "~") in script.read_text(encoding="utf-8")[:400]:
            script.unlink()


def _measure_overview(page: Path, profile: Path, model, limit: float = 240) -> dict:
    """Time to stable of the build's page; if it is the overview, time to open the largest plan."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or shutil.which("chromium-browser")
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.set_script_timeout(limit)
    try:
        started = time.perf_counter()
        driver.get(page.as_uri())
        while driver.execute_script("return document.body.dataset.stable") != "true":
            if time.perf_counter() - started > limit:
                return {"load to stable (s)": f"not stable after {limit:.0f} s"}
            time.sleep(0.05)
        result = {"load to stable, wall (s)": round(time.perf_counter() - started, 2),
                  "nodes drawn": driver.execute_script("return window.policykg.visibleCounts().nodes")}
        frames = driver.execute_async_script("""
            const done = arguments[arguments.length - 1]; let frames = 0;
            const count = () => { frames += 1; };
            window.policykg.network.on('afterDrawing', count);
            setTimeout(() => { window.policykg.network.off('afterDrawing', count); done(frames); }, 2000);""")
        result["frames drawn in the 2 s after stable"] = frames
        sizes = {}
        for node in model.nodes.values():
            if node.document:
                sizes[node.document] = sizes.get(node.document, 0) + 1
        plan = max((n for n in model.nodes.values() if n.type == "plan"), key=lambda n: sizes.get(n.document, 0))
        t0 = time.perf_counter()
        opened = driver.execute_async_script("""
            const done = arguments[arguments.length - 1];
            window.policykg.expand(arguments[0]).then(done, (e) => done(String(e)));""", plan.id)
        if isinstance(opened, dict):
            result["open the largest plan, load + lay out (s)"] = round(time.perf_counter() - t0, 2)
            result["nodes it added"] = opened["added"]
        else:
            result["open a plan"] = "not an overview (the whole network is drawn)" if opened is None else opened
        return result
    finally:
        driver.quit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--skip", action="append", default=[], choices=["browser", "python", "baseline"])
    parser.add_argument("--limit", type=float, default=240, help="seconds to wait for a page to stabilise")
    parser.add_argument("--build", type=Path, help="time the network step on this build's store")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.build:
        _print(build_figures(args.build, args.repeat, browser="browser" not in args.skip,
                             baseline="baseline" not in args.skip))
        return
    model, copies, figures = synthetic_model(args.nodes)
    print(f"synthetic network: {len(model.nodes)} nodes, {len(model.edges)} edges "
          f"({copies} copies of the bundled documents)")
    report = {"nodes": len(model.nodes), "edges": len(model.edges), "copies": copies, **figures}
    if "python" not in args.skip:
        report.update(python_figures(model))
        _print({k: v for k, v in report.items()})
    if "browser" not in args.skip:
        with tempfile.TemporaryDirectory() as tmp:
            browser = browser_figures(model, Path(tmp), args.limit)
        _print({"browser": browser})


def _print(report: dict) -> None:
    for key, value in report.items():
        if isinstance(value, dict):
            print(f"{key}:")
            for k, v in value.items():
                print(f"  {k}: {v}")
        else:
            print(f"{key}: {round(value, 3) if isinstance(value, float) else value}")


if __name__ == "__main__":
    main()
