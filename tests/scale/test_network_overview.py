"""The network page at scale: the overview keeps plans, organisations and regions, with counted edges."""
from __future__ import annotations

from collections import Counter

from graph.network import network_model, overview

ROADMAP = "https://w3id.org/policykg/plan/kz-mtszn-2020-roadmap"


def test_overview_counts_each_plans_duties_per_organisation(seed_dataset):
    model = network_model(seed_dataset)
    small = overview(model)
    assert {n.type for n in small.nodes.values()} == {"plan", "organisation", "region"}
    assert sorted(n.id for n in small.nodes.values() if n.type == "plan") == [
        "https://w3id.org/policykg/plan/kg-mtsom-2022-grant-plan", ROADMAP]
    # the roadmap's lead duties per organisation, counted on the full model
    roadmap_doc = model.nodes[ROADMAP].document
    expected = Counter()
    for e in model.edges:
        ends = [model.nodes[e.source], model.nodes[e.target]]
        component = [n for n in ends if n.document == roadmap_doc and n.type != "plan"]
        organisation = [n for n in ends if n.type == "organisation"]
        if e.kind == "lead" and component and organisation:
            expected[organisation[0].id] += 1
    got = {e.target: int(e.label) for e in small.edges if e.source == ROADMAP and e.kind == "lead"}
    assert got == dict(expected) and sum(got.values()) > 50
    assert len(small.nodes) < len(model.nodes) / 2
    assert all(e.source in small.nodes and e.target in small.nodes for e in small.edges)
