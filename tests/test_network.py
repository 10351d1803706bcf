"""The network model (graph/network.py) and the page it becomes (graph/viz.py), without a browser.

Counts come from the printed documents: the roadmap has 4 tasks, 26 measures and 43 sub-measures;
the grant plan 5 sections, 14 items and 46 territories (allocations).
"""
from __future__ import annotations

import re
from decimal import Decimal

import pytest

from graph.network import EDGE_KINDS, NODE_TYPES, Edge, NetworkModel, Node, network_model, to_networkx
from graph.viz import build_network, render_html, select, vis_assets, write_network, write_page

pytestmark = pytest.mark.filterwarnings("ignore:Dataset.*deprecated:DeprecationWarning")

BASE = "https://w3id.org/policykg/"
ROADMAP = BASE + "plan/kz-mtszn-2020-roadmap"
GRANTS = BASE + "plan/kg-mtsom-2022-grant-plan"
AKIMAT_ASTANA = BASE + "org/akimat-kz-71"
DRPSU = BASE + "org/kz-mtszn-drpsu"


@pytest.fixture(scope="module")
def dataset(seed_dataset):
    return seed_dataset


@pytest.fixture(scope="module")
def model(dataset):
    return network_model(dataset)


def test_components_of_the_plans(model):
    counts = model.counts()
    assert counts["plan"] == 2
    assert counts["task"] == 4 + 5  # tasks and sections
    assert counts["measure"] == 26 and counts["sub-measure"] == 43
    assert counts["item"] == 14 and counts["allocation"] == 46


def test_labels_and_tooltips(model):
    m13 = model.nodes[ROADMAP + "/measure/1.3"]
    assert m13.label == "1.3" and m13.type == "sub-measure"
    assert m13.title.startswith("1.3 Проведение конкурсных процедур")
    info = dict(m13.details)
    assert info["deadline"] == "Апрель-июль 2020 г. (due 2020-07-31)"
    assert info["responsible"] == "ДРПСУ (lead); ДЗН (co-executor); ДФ (co-executor)"
    assert info["source"] == "000_d466afb8a09bde20.txt, line 19"
    assert model.nodes[DRPSU].label == "ДРПСУ"
    assert model.nodes[BASE + "programme/enbek"].label == "«Еңбек»"
    allocation = model.nodes[GRANTS + "/item/1.1/allocation/1"]
    assert allocation.money == Decimal("1054900")  # «1054,9» thousand som
    assert dict(allocation.details)["maximum grant"] == "1\u202f054\u202f900 сом (1\u202f054,9 тыс.)"


def test_edges_are_typed(model):
    def edges(source, target):
        return [(e.kind, e.qualifiers) for e in model.edges if e.source == source and e.target == target]
    m = lambda n: ROADMAP + "/measure/" + n  # noqa: E731
    assert edges(DRPSU, m("1.1")) == [("lead", ())]
    assert edges(BASE + "org/kz-mtszn-dzn", m("1.1")) == [("co-executor", ())]
    assert edges(AKIMAT_ASTANA, m("2.1")) == [("lead", ("by-agreement",))]  # «Акиматы городов Нур-Султан … (по согласованию)»
    assert edges(m("1.4"), m("1.3")) == [("depends-on", ())] and edges(m("1.4"), m("1.1")) == [("depends-on", ())]
    assert edges(m("1.1"), m("1")) == [("part-of", ())]
    assert edges(m("2.1"), BASE + "place/KZ-71") == [("targets", ())]  # «… в Нур-Султане, Шымкенте …»
    assert edges(m("6.2"), BASE + "programme/enbek") == [("mentions", ())]
    assert edges(AKIMAT_ASTANA, BASE + "place/KZ-71") == [("governs", ())]
    funds = [e for e in model.edges if e.source == GRANTS + "/item/1.1/allocation/1"]
    assert [(e.kind, e.target, e.amount, e.label) for e in funds if e.kind == "funds"] == [
        ("funds", GRANTS + "/item/1.1", Decimal("1054900"), "1\u202f054,9 тыс.")]
    assert {e.target for e in funds if e.kind == "targets"} == {BASE + "place/KG-B"}  # region + 3 of its districts
    assert {e.kind for e in model.edges} <= set(EDGE_KINDS)
    assert len({e.id for e in model.edges}) == len(model.edges)


def test_filters_follow_the_rule(model):
    everything = model.view()
    assert len(everything.nodes) == len(model.nodes) and len(everything.edges) == len(model.edges)
    grants = model.view(document="004_9c6dcb8432dd657d")
    assert {n.document for n in grants.nodes.values()} == {"004_9c6dcb8432dd657d", None}
    assert grants.counts()["allocation"] == 46 and "measure" not in grants.counts()
    by_akimat = model.view(organisation=AKIMAT_ASTANA)
    measures = {n.label for n in by_akimat.nodes.values() if n.type in ("measure", "sub-measure")}
    # the 26 rows naming the akimats of Nur-Sultan (all akimats, or «Акиматы городов Нур-Султан …»),
    # and the parent measures of the sub-measures among them
    assert {"2.1", "2.3", "3", "23", "26", "2", "6"} <= measures and "1.1" not in measures and "2.2" not in measures
    assert AKIMAT_ASTANA in by_akimat.nodes and ROADMAP in by_akimat.nodes
    only = model.view(types=["measure", "sub-measure"], edge_kinds=["depends-on"])
    assert len(only.nodes) == 69 and len(only.edges) == 28
    task1 = model.view(task=ROADMAP + "/task/1")
    assert {n.label for n in task1.nodes.values() if n.type == "measure"} == {str(k) for k in range(1, 8)}
    batken = model.view(region=BASE + "place/KG-B")
    # Batken region: allocations 1.1/1, 1.2/1, 5.3/5 (items 1.1, 1.2, 5.3)
    assert {n.label for n in batken.nodes.values() if n.type == "item"} == {"1.1", "1.2", "5.3"}


def test_focus_on_one_akimat(model):
    center = model.find("akimat-kz-71")
    assert center == AKIMAT_ASTANA
    near = model.focus(center, 1)
    # the 26 measures it is responsible for, and the region it governs
    assert len(near.nodes) == 1 + 26 + 1
    assert model.find("ДРПСУ") == DRPSU and model.find(DRPSU) == DRPSU and model.find("org/kz-mtszn-drpsu") == DRPSU
    with pytest.raises(LookupError, match="names 17 nodes"):
        model.find("Акимат")
    with pytest.raises(LookupError, match="no node"):
        model.find("nothing like this")


def test_to_networkx_keeps_parallel_edges():
    a, b = Node("a", "organisation", "A", "A"), Node("b", "measure", "1", "1")
    model = NetworkModel({"a": a, "b": b}, [Edge("e0", "a", "b", "lead", "lead"), Edge("e1", "a", "b", "co-executor", "x"),
                                            Edge("e2", "b", "a", "depends-on", "y")])
    graph = to_networkx(model)
    assert graph.number_of_edges() == 3 and set(graph["a"]["b"]) == {"e0", "e1"}
    net = build_network(model)
    smooth = {e["id"]: e.get("smooth") for e in net.edges}
    assert all(s and s["enabled"] for s in smooth.values())  # three edges between two nodes: all curved
    kinds = {(s["type"], s["roundness"]) for s in smooth.values()}
    # e0 and e1 bend to opposite sides; e2 runs the other way and bends its own way with a wider curve
    assert len(kinds) == 3 or len({(e["from"], e["to"], e["smooth"]["type"]) for e in net.edges}) == 3
    assert [e["id"] for e in net.edges] == ["e0", "e1", "e2"]


def test_the_page_is_one_offline_file(model, tmp_path):
    path = write_page(model, tmp_path / "network.html", link_base="http://127.0.0.1:8000/")
    html = path.read_text(encoding="utf-8")
    # nothing to fetch: no http(s) URL in a src or href attribute, no <link>, no external script
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.IGNORECASE)
    assert "<link" not in html.lower() and "<script src" not in html.lower()
    assert "bootstrap" not in html.lower()
    js, css = vis_assets()
    assert js[:2000] in html and css[:2000] in html  # vis-network from pyvis' package, inlined
    # the data, the options, vis-network, the page's own script
    assert len(re.findall(r"^<script", html, re.MULTILINE)) == 4
    data = _data(html)
    assert len(data["nodes"]) == len(model.nodes) and len(data["edges"]) == len(model.edges)
    assert data["page"]["linkBase"] == "http://127.0.0.1:8000/"
    node = next(n for n in data["nodes"] if n["id"] == ROADMAP + "/measure/1.3")
    assert node["path"] == "plan/kz-mtszn-2020-roadmap/measure/1.3" and node["t"] == "sub-measure"


def test_the_page_is_built_with_pyvis_in_bulk(model):
    from pyvis.network import Network

    net = build_network(model)
    assert isinstance(net, Network)
    assert len(net.nodes) == len(model.nodes) and len(net.edges) == len(model.edges)
    assert net.options["physics"]["stabilization"]["enabled"] is True


def test_untrusted_text_stays_text(tmp_path):
    hostile = '</script><script>alert(1)</script><img src=x onerror=alert(2)> & «ok»'
    model = NetworkModel({"x": Node("x", "measure", hostile, hostile, [("deadline", hostile)])}, [])
    html = render_html(build_network(model, heading=hostile))
    assert "</script><script>alert(1)" not in html and "<img src=x" not in html
    assert _data(html)["nodes"][0]["label"] == hostile  # and it is all there, as data
    assert "<title>&lt;/script&gt;" in html


def test_write_network_with_focus_and_types(dataset, tmp_path):
    path = write_network(dataset, tmp_path / "akimat.html", focus="akimat-kz-71", depth=1,
                         types=["organisation", "measure", "sub-measure", "region"])
    data = _data(path.read_text(encoding="utf-8"))
    assert len(data["nodes"]) == 28
    assert "around Акимат г. Астана" in path.read_text(encoding="utf-8")
    with pytest.raises(ValueError, match="unknown node type"):
        select(network_model(dataset), types=["measures"])


def test_hierarchical_layout_levels(model):
    net = build_network(model, layout="hierarchical", size="money")
    assert net.options["layout"]["hierarchical"]["enabled"] is True
    levels = {n["t"]: n["level"] for n in net.nodes}
    assert levels["plan"] < levels["task"] < levels["measure"] < levels["sub-measure"]
    assert all(t.level >= 0 for t in NODE_TYPES.values())


def _data(html: str) -> dict:
    import json

    match = re.search(r'<script type="application/json" id="network-data">(.*?)</script>', html, re.DOTALL)
    return json.loads(match.group(1))


def test_plan_labels_tell_the_plans_apart(model):
    """Issuer's abbreviation and year (the plan's IRI is made of them), then kind and topic from the title."""
    roadmap, grants = model.nodes[ROADMAP].label, model.nodes[GRANTS].label
    assert roadmap != grants
    assert roadmap.splitlines() == ["МТСЗН 2020", "Дорожная карта: Создание возможностей для эко…"]
    assert grants.splitlines()[0] == "МТСОМ 2022"
    assert grants.splitlines()[1].startswith("План реализации: программы государственного")


def test_former_names_are_kept_for_search(model):
    """Астана was Нур-Султан from 2019-03-23 to 2022-09-16 (graph/data/place_names.tsv); its akimat too."""
    assert model.nodes[BASE + "place/KZ-71"].names == ["Нур-Султан (2019-03-23 – 2022-09-16)"]
    assert model.nodes[AKIMAT_ASTANA].names == ["Акимат города Нур-Султан (2019-03-23 – 2022-09-16)"]
    assert ("other names", "Акимат города Нур-Султан (2019-03-23 – 2022-09-16)") in model.nodes[AKIMAT_ASTANA].details


def test_overview_parts_are_what_the_filters_show(model):
    """Each plan, organisation and region of the overview opens into the nodes and edges the full page
    shows when filtered by its document, organisation or region (graph/expansion.py)."""
    from graph.expansion import parts
    from graph.network import overview

    small = overview(model)
    opened = parts(model, small.nodes)
    assert set(opened) == set(small.nodes)
    for center, part in opened.items():
        node = model.nodes[center]
        expected = model.view(**{"plan": {"document": node.document}, "organisation": {"organisation": center},
                                 "region": {"region": center}}[node.type])
        if node.type == "plan":  # the page's document filter, context included
            assert set(part.nodes) == set(expected.nodes), node.label
            assert {e.id for e in part.edges} == {e.id for e in expected.edges}, node.label
        else:  # the filter's selection and ancestors, without the other context nodes
            facet = "organisations" if node.type == "organisation" else "regions"
            selected = {k for k, n in model.nodes.items() if center in getattr(n, facet)}
            assert selected <= set(part.nodes) <= set(expected.nodes) | {center}, node.label
            assert {model.nodes[k].type for k in set(part.nodes) - selected - {center}} <= {"plan", "task", "measure", "item"}
            kept = set(part.nodes)
            assert {e.id for e in part.edges} == {e.id for e in model.edges if e.source in kept and e.target in kept}
        assert part.left_out == 0  # the seeds: no organisation has more than PART_COMPONENTS components
    roadmap = opened[ROADMAP]
    assert sum(model.nodes[k].type in ("measure", "sub-measure") for k in roadmap.nodes) == 26 + 43


def test_large_parts_say_what_they_leave_out(model, monkeypatch):
    from graph import expansion

    monkeypatch.setattr(expansion, "PART_COMPONENTS", 5)
    part = expansion.parts(model, [AKIMAT_ASTANA])[AKIMAT_ASTANA]
    led = [k for k, n in model.nodes.items() if AKIMAT_ASTANA in n.organisations]
    assert (part.selected, part.total, part.left_out) == (5, len(led), len(led) - 5)
    assert len(led) > 5


def _read_parts(folder) -> dict[str, dict]:
    """Each script of network-parts/ by its src, decoded as the page's script decodes it."""
    import json

    result = {}
    for script in folder.glob("*.js"):
        text = script.read_text(encoding="utf-8")
        src, _, data = text[len("window.policykgData("):].rstrip().removesuffix(");").partition(",")
        result[json.loads(src)] = json.loads(data)
    return result


def test_the_written_parts_hold_each_node_once_and_open_into_the_parts(model, tmp_path):
    """The page's files (graph/viz.py write_parts) rebuild every part of graph/expansion.py — the same
    nodes and edges — while each node is written once: in its plan's script or in context.js."""
    from graph.expansion import parts
    from graph.network import overview
    from graph.viz import write_network_page

    files = write_network_page(model, tmp_path / "network.html", overview_above=0)
    scripts = _read_parts(tmp_path / "network-parts")
    assert {f"network-parts/{f.name}" for f in files[1:]} == set(scripts)
    full = lambda k: BASE + k[1:] if k.startswith("~") else k  # noqa: E731
    written = [full(n["id"]) for data in scripts.values() for n in data.get("nodes", [])]
    assert sorted(written) == sorted(model.nodes)  # every node, once
    page = _page_data(files[0])["page"]["parts"]
    expected = parts(model, overview(model).nodes)
    context = scripts["network-parts/context.js"]
    for center, part in expected.items():
        own = scripts[page[center]]
        plans = [scripts[p] for p in own["plans"]] if "plans" in own else [own]
        ids = {full(k) for k in own["ids"]} if "plans" in own else \
            {full(n["id"]) for n in own["nodes"]} | {full(k) for k in own["context"]}
        ids.add(full(own["center"]))
        edges = {e["id"] for data in [context, *plans] for e in data["edges"] if full(e["from"]) in ids and full(e["to"]) in ids}
        assert ids == set(part.nodes), center
        assert edges == {e.id for e in part.edges}, center
        assert (own["selected"], own["total"]) == (part.selected, part.total)
    roadmap = scripts[page[ROADMAP]]
    assert sum(n["t"] in ("measure", "sub-measure") for n in roadmap["nodes"]) == 26 + 43


def _page_data(page) -> dict:
    import json

    text = page.read_text(encoding="utf-8")
    return json.loads(re.search(r'<script type="application/json" id="network-data">(.*?)</script>', text, re.S).group(1))


def _same(a, b) -> bool:
    node = lambda n: (n.type, n.label, n.title, n.details, n.document, n.task, n.regions, n.organisations,  # noqa: E731
                      n.money, n.due, n.number, n.names)
    return ({k: node(n) for k, n in a.nodes.items()} == {k: node(n) for k, n in b.nodes.items()}
            and sorted((e.id, e.source, e.target, e.kind, e.label, e.title) for e in a.edges)
            == sorted((e.id, e.source, e.target, e.kind, e.label, e.title) for e in b.edges))


def test_read_per_document_as_the_whole_dataset(dataset):
    """The fragments joined (graph/fragments.py) are the network read from the whole dataset at once."""
    from graph.network import _Reader

    whole, joined = _Reader(dataset, None).read(), network_model(dataset)
    assert sorted(whole.nodes) == sorted(joined.nodes)
    assert sorted((e.source, e.target, e.kind, e.title) for e in whole.edges) == \
        sorted((e.source, e.target, e.kind, e.title) for e in joined.edges)
    assert all(whole.nodes[k].details == n.details and whole.nodes[k].money == n.money for k, n in joined.nodes.items())


def test_a_build_after_one_more_document_reads_that_document_only(roadmap, grant_plan, tmp_path, monkeypatch):
    from graph import fragments
    from graph.pipeline import make_graph
    from graph.viz import write_network_page

    one, both = make_graph([roadmap])[0], make_graph([roadmap, grant_plan])[0]
    first = network_model(one, keep=tmp_path / "1")
    write_network_page(first, tmp_path / "1" / "network.html", overview_above=0)
    read = []
    real = fragments._Reader.read
    monkeypatch.setattr(fragments._Reader, "read", lambda self: read.append(self.g.layers[0].graphs[0]) or real(self))
    second = network_model(both, previous=tmp_path / "1", keep=tmp_path / "2")
    assert read == [BASE + "graph/document/" + grant_plan.document.id]  # the reference data grew: not read again
    monkeypatch.undo()
    assert _same(second, network_model(both))  # as a build without kept fragments reads it
    files = write_network_page(second, tmp_path / "2" / "network.html", overview_above=0, previous=tmp_path / "1")
    kept = {f.name: f for f in (tmp_path / "1" / "network-parts").glob("p-*.js")}
    again = [f for f in files if f.name in kept]
    assert len(again) == 1 and again[0].stat().st_ino == kept[again[0].name].stat().st_ino  # the roadmap's, linked
    assert len([f for f in files if f.name.startswith("p-")]) == 2
    read.clear()
    monkeypatch.setattr(fragments._Reader, "read", lambda self: read.append(self.g.layers[0].graphs[0]) or real(self))
    assert _same(network_model(both, previous=tmp_path / "2", keep=tmp_path / "3"), second) and read == []
    read.clear()  # the last build's fragments read ahead (graph/network_step.py's process does): the same model
    ahead = fragments.ReadAhead(tmp_path / "1")
    assert len(ahead.found) == 1
    assert _same(network_model(both, previous=ahead, keep=tmp_path / "2b"), second)
    assert read == [BASE + "graph/document/" + grant_plan.document.id]
    roadmap_fragment = next(iter(ahead.found))
    assert (tmp_path / "2b" / f"{roadmap_fragment}.pickle").stat().st_ino == \
        (tmp_path / "1" / f"{roadmap_fragment}.pickle").stat().st_ino  # linked into the new build's
