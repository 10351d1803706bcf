"""`policykg push`: load a build's named graphs into another triple store, unchanged.

The graphs are read from the build's `rdf/dataset.trig` (the exports keep every literal's lexical form
and datatype), one named graph at a time — one per document, then reference, ontology, inferred —
and sent in batches of `batch` triples:

- with `--graph-store URL`, by the SPARQL 1.1 Graph Store HTTP Protocol
  (https://www.w3.org/TR/sparql11-http-rdf-update/): the first batch of a graph is a PUT to
  `URL?graph=<iri>`, which replaces the graph, the others are POSTs, which add to it;
- otherwise by SPARQL 1.1 Update to `--endpoint`: `DROP SILENT GRAPH`, then `INSERT DATA` batches.

So a push replaces each graph it sends and never duplicates: pushing twice leaves the same triples.
A push that fails part-way records the graphs it finished in `BUILD/.push-state.json`; run again with
the same arguments, it goes on from the graph that failed (which it sends again from its first
batch, replacing what half-arrived). A push that ends well removes that file.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Callable, Iterator

import pyoxigraph as ox

from .errors import PolicyKGError

STATE_FILE = ".push-state.json"
DATASET = Path("rdf") / "dataset.trig"
BATCH = 50_000  # triples per request
NTRIPLES = "application/n-triples"


class PushError(PolicyKGError):
    """The target store refused a request, or could not be reached."""


@dataclass
class Target:
    endpoint: str
    graph_store: str | None = None
    user: str | None = None
    password: str | None = None
    timeout: float = 300.0

    def headers(self) -> dict[str, str]:
        if self.user is None:
            return {}
        token = base64.b64encode(f"{self.user}:{self.password or ''}".encode()).decode()
        return {"Authorization": f"Basic {token}"}

    def key(self) -> str:
        return hashlib.sha256(f"{self.endpoint}\n{self.graph_store}".encode()).hexdigest()[:16]


def graphs(build_dir: Path) -> Iterator[tuple[str, Iterator[ox.Triple]]]:
    """The build's named graphs in file order, each as (IRI, its triples), streaming."""
    path = Path(build_dir) / DATASET
    if not path.is_file():
        raise PolicyKGError(f"no dataset at {path}: build it first with `policykg build --out {build_dir}`")
    for name, quads in groupby(ox.parse(path=str(path), format=ox.RdfFormat.TRIG), key=lambda q: q.graph_name):
        if not isinstance(name, ox.NamedNode):
            raise PolicyKGError(f"{path}: triples outside any named graph")
        yield name.value, (q.triple for q in quads)


def batches(triples: Iterator[ox.Triple], size: int) -> Iterator[list[ox.Triple]]:
    batch = []
    for triple in triples:
        batch.append(triple)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def push(build_dir: Path, target: Target, *, batch: int = BATCH,
         progress: Callable[[int], None] = lambda n: None, announce: Callable[[str], None] = lambda m: None) -> dict:
    """Send every named graph of the build; returns {graph IRI: triples sent}."""
    build_dir = Path(build_dir)
    state_path = build_dir / STATE_FILE
    state = _read_state(state_path, target)
    sent: dict[str, int] = {}
    started: set[str] = set()  # a graph the file holds in two blocks is replaced once, then added to
    for name, triples in graphs(build_dir):
        if name in state["done"] and name not in started:
            announce(f"{name}: sent by the interrupted push, skipped")
            for _ in triples:
                pass
            continue
        count = 0
        for chunk in batches(triples, batch):
            _send(target, name, chunk, replace=name not in started)
            started.add(name)
            count += len(chunk)
            progress(len(chunk))
        sent[name] = sent.get(name, 0) + count
        if name not in state["done"]:
            state["done"].append(name)
        _write_state(state_path, state)
    state_path.unlink(missing_ok=True)
    return sent


def _send(target: Target, graph: str, triples: list[ox.Triple], *, replace: bool) -> None:
    body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) if triples else b""
    if target.graph_store:
        url = f"{target.graph_store}?{urllib.parse.urlencode({'graph': graph})}"
        _request(target, url, "PUT" if replace else "POST", body, NTRIPLES)
        return
    update = (f"DROP SILENT GRAPH <{graph}> ;\n" if replace else "").encode()
    if triples:
        update += f"INSERT DATA {{ GRAPH <{graph}> {{\n".encode() + body + b"}}"
    _request(target, target.endpoint, "POST", update, "application/sparql-update")


def _request(target: Target, url: str, method: str, body: bytes, content_type: str) -> None:
    request = urllib.request.Request(url, data=body, method=method,
                                     headers={"Content-Type": content_type, **target.headers()})
    try:
        with urllib.request.urlopen(request, timeout=target.timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace")[:500]
        raise PushError(f"{method} {url}: HTTP {exc.code} {exc.reason}: {detail}") from None
    except urllib.error.URLError as exc:
        raise PushError(f"{method} {url}: {exc.reason}") from None


def remote_counts(target: Target) -> dict[str, int]:
    """Triples per named graph, asked of the endpoint (SPARQL 1.1 Protocol, JSON results)."""
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    request = urllib.request.Request(target.endpoint, data=urllib.parse.urlencode({"query": query}).encode(),
                                     headers={"Content-Type": "application/x-www-form-urlencoded",
                                              "Accept": "application/sparql-results+json", **target.headers()})
    try:
        with urllib.request.urlopen(request, timeout=target.timeout) as response:
            rows = json.load(response)["results"]["bindings"]
    except (urllib.error.URLError, ValueError, KeyError) as exc:
        raise PushError(f"cannot count the graphs at {target.endpoint}: {exc}") from None
    return {row["g"]["value"]: int(row["n"]["value"]) for row in rows}


def _read_state(path: Path, target: Target) -> dict:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        state = None
    if not state or state.get("target") != target.key():
        return {"target": target.key(), "done": []}
    return state


def _write_state(path: Path, state: dict) -> None:
    temporary = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    temporary.write_text(json.dumps(state, indent=1), encoding="utf-8")
    os.replace(temporary, path)
