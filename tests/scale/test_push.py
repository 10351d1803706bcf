"""`policykg push` into a real Oxigraph server (PyPI `oxigraph`) on 127.0.0.1: the same graphs, the same
catalogue answers over the SPARQL protocol, the same counts after a second push, and a push that
failed part-way goes on where it stopped."""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph import push as pushing
from graph import queries, results
from graph.cli import cli
from graph.pipeline import build
from graph.store import graph_sizes, open_store, to_ox

ROADMAP_PLAN = "https://w3id.org/policykg/plan/kz-mtszn-2020-roadmap"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


@pytest.fixture(scope="module")
def seeds_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("push") / "build"
    build([], out, docs=False)
    return out


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    binary = oxigraph_binary()
    if binary is None:
        if os.environ.get("CI") == "true":
            pytest.fail("the oxigraph server (PyPI package `oxigraph`) is not installed")
        pytest.skip("the oxigraph server (PyPI package `oxigraph`) is not installed")
    port = free_port()
    process = subprocess.Popen([binary, "serve", "--location", str(tmp_path_factory.mktemp("oxigraph")),
                                "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    origin = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            pytest.fail(f"oxigraph serve exited: {process.stderr.read().decode()[-2000:]}")
        try:
            urllib.request.urlopen(f"{origin}/query?query=ASK%7B%7D", timeout=2).read()
            break
        except OSError:
            if time.monotonic() > deadline:
                process.kill()
                pytest.fail("oxigraph serve did not answer within 60 s")
            time.sleep(0.2)
    yield origin
    process.terminate()
    process.wait(timeout=30)


def _push(build_dir: Path, origin: str):
    return CliRunner().invoke(cli, ["push", str(build_dir), "--endpoint", f"{origin}/query",
                                    "--graph-store", f"{origin}/store", "--no-progress", "--batch", "2000"])


@pytest.fixture(scope="module")
def pushed(seeds_build, server):
    result = _push(seeds_build, server)
    assert result.exit_code == 0, result.output
    return seeds_build, server, result.output


def _remote(origin: str, text: str) -> dict:
    request = urllib.request.Request(f"{origin}/query", data=urllib.parse.urlencode({"query": text}).encode(),
                                     headers={"Accept": "application/sparql-results+json",
                                              "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)


def _bound(text: str, bindings: dict) -> str:
    """The query with each parameter's variable replaced by its value (what SEP-0007 substitution does);
    where the variable is projected, a VALUES block opening the WHERE clause binds it instead."""
    for name, value in bindings.items():
        term = str(to_ox(value))
        body = "\n".join(line if line.lstrip().startswith("#") else re.sub(rf"[?$]{name}\b", term, line)
                         for line in text.splitlines())
        try:
            queries.prepare(body)
            text = body
        except queries.QueryError:
            where = re.search(r"\b(?:WHERE|ASK)\s*\{", text, re.I)
            text = text[:where.end()] + f"\n  VALUES ?{name} {{ {term} }}\n" + text[where.end():]
    return text


def _rows(document: dict):
    if "boolean" in document:
        return document["boolean"]
    return sorted(json.dumps(row, sort_keys=True, ensure_ascii=False) for row in document["results"]["bindings"])


def _example(param) -> str | None:
    found = re.search(r"e\.g\.\s*(\S+)", param.description or "")
    return found.group(1).rstrip(".,;") if found else None


def test_push_sends_every_graph_and_the_endpoint_counts_them(pushed):
    build_dir, origin, output = pushed
    local = graph_sizes(open_store(build_dir))
    remote = pushing.remote_counts(pushing.Target(f"{origin}/query"))
    assert set(remote) == set(local) and len(local) == 5  # two documents, reference, ontology, inferred
    assert sum(remote.values()) == sum(local.values()) > 10_000
    assert "the endpoint counts the same triples in every graph pushed" in output


def test_catalogue_over_the_protocol_gives_the_same_answers(pushed):
    build_dir, origin, _ = pushed
    dataset = queries.load_graph(build_dir)
    compared = 0
    for name, query in queries.load_catalogue().items():
        if query.form not in ("SELECT", "ASK"):
            continue
        params = {p.name: _example(p) for p in query.params if p.required}
        local = json.loads(results.serialize(queries.run(query, dataset, params), results.FORMATS["json"]))
        remote = _remote(origin, _bound(query.text, query.bindings(params)))
        assert _rows(remote) == _rows(local), name
        compared += 1
    assert compared >= 25
    plans = _remote(origin, f"SELECT ?p WHERE {{ ?p a <https://w3id.org/policykg/ontology#Plan> }}")
    assert ROADMAP_PLAN in {row["p"]["value"] for row in plans["results"]["bindings"]}


def test_a_second_push_replaces_and_leaves_the_same_counts(pushed):
    build_dir, origin, _ = pushed
    before = pushing.remote_counts(pushing.Target(f"{origin}/query"))
    result = _push(build_dir, origin)
    assert result.exit_code == 0, result.output
    assert pushing.remote_counts(pushing.Target(f"{origin}/query")) == before


def test_a_failed_push_goes_on_from_the_graph_it_stopped_at(pushed, monkeypatch):
    build_dir, origin, _ = pushed
    before = pushing.remote_counts(pushing.Target(f"{origin}/query"))
    target = pushing.Target(f"{origin}/query", f"{origin}/store")
    real_send, calls = pushing._send, []

    def failing(target, graph, triples, *, replace):
        calls.append(graph)
        if len(set(calls)) == 3:
            raise pushing.PushError("connection reset (simulated)")
        real_send(target, graph, triples, replace=replace)

    monkeypatch.setattr(pushing, "_send", failing)
    with pytest.raises(pushing.PushError):
        pushing.push(build_dir, target, batch=500)
    state = json.loads((build_dir / pushing.STATE_FILE).read_text(encoding="utf-8"))
    assert len(state["done"]) == 2
    monkeypatch.setattr(pushing, "_send", real_send)
    skipped = []
    sent = pushing.push(build_dir, target, batch=500, announce=skipped.append)
    assert len(skipped) == 2 and set(sent) == set(before) - set(state["done"])
    assert not (build_dir / pushing.STATE_FILE).exists()
    assert pushing.remote_counts(pushing.Target(f"{origin}/query")) == before
