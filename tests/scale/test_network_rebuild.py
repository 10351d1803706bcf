"""The network stage of a rebuild after one more document (graph/write.py): network.html, network-parts/
and analytics/ are, file for file and byte for byte, what a cold build of the same documents writes — with
the previous build's fragments and plan scripts used again."""
from __future__ import annotations

import filecmp
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from generate import generate  # noqa: E402

from graph import network, pipeline  # noqa: E402
from graph.fragments import FOLDER  # noqa: E402

OUTPUTS = ("network.html", "network-parts", "analytics")


def _files(build: Path) -> dict[str, Path]:
    found = {}
    for name in OUTPUTS:
        root = build / name
        for path in ([root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())):
            found[str(path.relative_to(build))] = path
    return found


@pytest.mark.parametrize("overview", [True, False], ids=["overview and parts", "whole network"])
def test_rebuild_after_one_more_document_writes_what_a_cold_build_does(tmp_path, monkeypatch, overview):
    if overview:  # the overview and its parts at a few documents (a build draws them above 3,000 nodes)
        monkeypatch.setattr(network, "OVERVIEW_NODES", 50)
    paths = generate(4, tmp_path / "corpus")
    curation = tmp_path / "corpus" / "curation"
    cache = tmp_path / "cache"
    pipeline.build(paths[:3], tmp_path / "again", curation_dir=curation, cache_folder=cache, docs=False)
    before = {p.name for p in (tmp_path / "again" / FOLDER).iterdir()}
    pipeline.build(paths, tmp_path / "again", curation_dir=curation, cache_folder=cache, docs=False)
    pipeline.build(paths, tmp_path / "cold", curation_dir=curation, cache_folder=False, docs=False)
    again, cold = _files(tmp_path / "again"), _files(tmp_path / "cold")
    # the rebuild used the three documents' fragments of the build before, and kept four
    assert len(before) == 3 and before < {p.name for p in (tmp_path / "again" / FOLDER).iterdir()}
    assert len({p.name for p in (tmp_path / "again" / FOLDER).iterdir()}) == 4
    assert sorted(again) == sorted(cold) and "analytics/analytics.json" in again and "analytics/timeline.png" in again
    assert (len([k for k in again if k.startswith("network-parts/p-")]) == 4) is overview
    differ = [k for k in again if not filecmp.cmp(again[k], cold[k], shallow=False)]
    assert differ == []


def test_the_fragment_keys_read_from_all_graphs_at_once_are_made_of_what_is_read_graph_by_graph(tmp_path):
    from graph import fragments, queries, store

    paths = generate(3, tmp_path / "corpus")
    pipeline.build(paths, tmp_path / "out", curation_dir=tmp_path / "corpus" / "curation", cache_folder=False,
                   docs=False)
    dataset = queries.load_graph(tmp_path / "out")
    held = store.native(dataset)
    graphs = fragments.document_graphs(dataset, held)
    assert len(graphs) == 3 and any(held.quads_for_pattern(None, None, store.to_ox(fragments.PKG.CurationEntry)))
    at_once = fragments._key_lines_of_store(held, graphs)
    assert {g: sorted(v) for g, v in at_once.items()} == {g: sorted(fragments._key_lines(dataset, held, g)) for g in graphs}
    assert all(any(" title " in line for line in v) for v in at_once.values())
    assert len(set(fragments._fragment_keys(dataset, held, graphs, "shared").values())) == 3
