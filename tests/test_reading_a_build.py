"""Reading a build as it is: a folder whose dataset is build/store or a gzipped export (a large build) is read,
never built over; `serve --in-memory`: the store and union loaded into memory from the build's exports give
the same quads, catalogue answers and counts as build/store and build/union on disk, and its workers hold no
file of build/store open, where the disk workers do."""
from __future__ import annotations

import gzip
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph import queries, store
from graph.cli import cli
from graph.workers import WorkerPool

QUERIES = Path(__file__).resolve().parent.parent / "queries"
BASE = "https://w3id.org/policykg/"
# the required parameters of the catalogue, given values that have rows on the seeds
REQUIRED = {"measures-of-organisation": {"organisation": BASE + "org/kz-mtszn"},
            "plan-outline": {"plan": BASE + "plan/kz-mtszn-2020-roadmap"},
            "provenance": {"resource": BASE + "plan/kz-mtszn-2020-roadmap/measure/1.1"},
            "search": {"text": "акимат"}}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("in-memory") / "out"
    result = CliRunner().invoke(cli, ["build", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "store").is_dir() and (out / "union").is_dir()
    return out


def test_the_copy_in_memory_holds_the_stores_quads(built):
    disk, memory = store.open_dataset(built), store.open_dataset(built, in_memory=True)
    assert set(store.native(memory)) == set(store.native(disk))
    assert set(store.union_of(memory)) == set(store.union_of(disk))
    # the union: each triple once, fewer than the quads (an organisation is described in each plan naming it)
    assert len(store.union_of(memory)) < len(store.native(memory))
    without = store.open_store(built, inferred=False, in_memory=True)
    assert set(without) == {q for q in store.native(disk) if not q.graph_name.value.endswith("/graph/inferred")}


def test_the_catalogue_answers_alike_in_memory(built):
    disk = queries.load_graph(built)
    memory = queries.load_graph(built, in_memory=True)
    catalogue = queries.load_catalogue(QUERIES)
    answered = 0
    for name, query in sorted(catalogue.items()):
        params = REQUIRED.get(name, {})
        on_disk, in_memory = queries.run(query, disk, params), queries.run(query, memory, params)
        if on_disk.type == "SELECT":
            rows = sorted(map(repr, on_disk))  # rows that tie on the ORDER BY keys may come in either order
            assert rows == sorted(map(repr, in_memory)), name
            answered += bool(rows)
        elif on_disk.type == "ASK":
            assert on_disk.askAnswer == in_memory.askAnswer, name
        else:
            assert set(on_disk.graph) == set(in_memory.graph), name
    assert answered >= 25  # most of the catalogue has rows on the seeds
    # a count over the default graph sees each triple once in memory too (the union, not each graph's copy)
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    n = [row[0].toPython() for row in queries.run(count, memory)]
    assert n == [row[0].toPython() for row in queries.run(count, disk)] == [len(store.union_of(disk))]


def _open_store_files(pid: int, folder: Path) -> list[str]:
    names = []
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            names.append(os.readlink(fd))
        except OSError:
            continue
    return [n for n in names if n.startswith(str(folder.resolve()) + os.sep)]


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to see a worker's open files")
def test_in_memory_workers_leave_the_store_closed(built):
    job = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "formats": ["json"], "max_rows": 10}
    answers = {}
    for in_memory in (False, True):
        with WorkerPool(built, workers=1, timeout=60, in_memory=in_memory) as pool:
            pid = next(iter(pool._all)).process.pid
            status, _meta, body = pool.execute(job)
            assert status == "ok"
            answers[in_memory] = body
            held = _open_store_files(pid, built / "store")
            assert (held == []) if in_memory else held, held
    assert answers[True] == answers[False]


def test_a_large_builds_gzipped_dataset_is_queried_not_built_over(built, tmp_path):
    # a build above exports.COMPRESS_ABOVE triples has rdf/dataset.nq.gz and no rdf/dataset.trig
    large = tmp_path / "large"
    shutil.copytree(built, large, ignore=shutil.ignore_patterns("store", "union"))
    for name in ("dataset.nq", "dataset.trig"):
        plain = large / "rdf" / name
        if name.endswith(".nq"):
            (large / "rdf" / "dataset.nq.gz").write_bytes(gzip.compress(plain.read_bytes()))
        plain.unlink()
    before = sorted(p.relative_to(large) for p in large.rglob("*"))
    result = CliRunner().invoke(cli, ["query", "plans", "--graph", str(large), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "building the bundled documents" not in result.output
    assert result.output.count("https://w3id.org/policykg/plan/") == 2  # the two seed plans, read from the .gz
    assert sorted(p.relative_to(large) for p in large.rglob("*")) == before
    # and the same with build/store alone (no exports at all): the store is the dataset
    only_store = tmp_path / "only-store"
    shutil.copytree(built / "store", only_store / "store")
    answer = CliRunner().invoke(cli, ["query", "plans", "--graph", str(only_store), "--format", "csv"])
    assert answer.exit_code == 0 and answer.output.count("https://w3id.org/policykg/plan/") == 2, answer.output
    refused = CliRunner().invoke(cli, ["serve", "--graph", str(tmp_path / "empty")])
    assert refused.exit_code != 0 and "build it first" in refused.output


def test_serve_passes_in_memory_and_the_memory_limit_to_its_workers(built, monkeypatch):
    from graph import server

    seen = []
    monkeypatch.setattr(server, "serve", lambda config, **where: seen.append(config))
    for args, in_memory, limit in ((["--in-memory", "--memory-mb", "6000"], True, 6000), ([], False, 4096),
                                   (["--memory-mb", "0"], False, None)):
        result = CliRunner().invoke(cli, ["serve", "--graph", str(built), *args])
        assert result.exit_code == 0, result.output
        assert (seen[-1].in_memory, seen[-1].memory_mb) == (in_memory, limit)
    assert CliRunner().invoke(cli, ["serve", "--graph", str(built), "--memory-mb", "-1"]).exit_code != 0


def test_view_and_stats_read_the_builds_kept_network_fragments(built, monkeypatch):
    from graph import cli_view, network
    from graph.queries import load_graph

    fresh = network.network_model(load_graph(built))  # every document read again

    def no_reading(self):
        raise AssertionError("a document was read again although the build kept its fragment")

    monkeypatch.setattr(network._Reader, "read", no_reading)
    kept = cli_view._model(built)
    assert kept.nodes == fresh.nodes and kept.edges == fresh.edges and len(kept.nodes) == 227


def test_a_kept_fragment_that_names_other_code_is_refused(tmp_path):
    import pickle

    from graph import fragments

    marker = tmp_path / "ran"

    class Hostile:
        def __reduce__(self):
            return os.system, (f"touch {marker}",)

    (tmp_path / "k.pickle").write_bytes(pickle.dumps(Hostile()))
    assert fragments._load(tmp_path, None, "k") is None  # refused: read afresh instead
    assert not marker.exists()
    (tmp_path / "d.pickle").write_bytes(pickle.dumps({"a": 1}))  # plain data, but not a fragment
    assert fragments._load(tmp_path, None, "d") is None


def test_view_of_a_large_network_writes_the_overview_as_the_build_does(built, tmp_path, monkeypatch):
    from graph import network

    monkeypatch.setattr(network, "OVERVIEW_NODES", 100)  # the seeds' 227 nodes count as large
    page = tmp_path / "all.html"
    result = CliRunner().invoke(cli, ["view", "--graph", str(built), "--out", str(page)])
    assert result.exit_code == 0, result.output
    assert "227 nodes" in result.output and "an overview of plans, organisations and regions" in result.output
    parts = tmp_path / "all-parts"  # named after the page, beside it
    scripts = sorted(p.name for p in parts.iterdir())
    assert "context.js" in scripts and any(s.startswith("p-") for s in scripts)
    html = page.read_text(encoding="utf-8")
    assert "all-parts/context.js" in html and "network-parts/" not in html
    # with a focus the page is the neighbourhood itself, no parts
    focused = tmp_path / "focus.html"
    assert CliRunner().invoke(cli, ["view", "--graph", str(built), "--focus", "akimat-kz-71", "--depth", "1",
                                    "--out", str(focused)]).exit_code == 0
    assert not (tmp_path / "focus-parts").exists()


def test_an_organisations_summary_on_the_seeds(built):
    import re
    from collections import Counter

    from rdflib import URIRef

    from graph.linkeddata import LinkedData

    dataset = queries.load_graph(built)
    page = LinkedData(dataset, BASE).html_page(URIRef(BASE + "org/kz-mtszn-drpsu"), lambda name: name)
    summary = page.split('data-kind="organisation">', 1)[1].split("</section>", 1)[0]
    assert "Named in 32 measures of 1 plans." in summary  # ДРПСУ, as `policykg stats` counts it: 13 lead, 19 co-exec.
    roles = re.findall(r"<tr><td>.*?</td><td>(.*?)</td><td>", summary)
    assert Counter(roles) == {"lead executor": 13, "co-executor": 19}
    numbers = re.findall(r"id:plan/kz-mtszn-2020-roadmap/measure/([0-9.]+)<", summary)
    assert numbers[:3] == ["1.1", "1.2", "1.3"] and len(numbers) == 32  # in outline order
