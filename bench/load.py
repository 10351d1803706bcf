"""Load on the SPARQL endpoint: N clients × M mixed requests on 127.0.0.1, with and without runaways.

    .venv/bin/python bench/load.py                      # 16 clients × 500 requests (about a minute)
    .venv/bin/python bench/load.py --clients 4 --requests 100 --runaways 2

A real server (uvicorn, `--workers` query workers — 3 by default —, a 3 s limit) serves the sample build
(tests/data/build-sample/). Each client is one keep-alive connection sending, in turn: a simple
SELECT (LIMIT 5), an ASK, a CONSTRUCT (LIMIT 20), a catalogue query (/queries/deadline-kinds), the
service description (GET /sparql) and the dataset description (/dataset). Three runs, side by side:

1. `baseline`: one client, the same mix, nothing else running (what a request costs alone);
2. `load`: `--clients` clients at once;
3. `load + runaways`: the same while `--runaways` clients keep resubmitting a query that would run for
   hours (a COUNT over a four-way cross product), each stopped at the limit or refused.

Reported: requests, errors (any status but 200 from a normal client; connection failures), and the
p50/p95/p99 latency (ms, from the client) overall and of the simple SELECT. Bounded: each client
sends exactly `--requests` requests, each with a 30 s client timeout.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from liveserver import SAMPLE, live_server  # noqa: E402

JSON = {"Accept": "application/sparql-results+json"}
MIX = [
    ("select", "/sparql", {"query": "SELECT ?s WHERE { ?s a ?type } LIMIT 5"}, JSON),
    ("ask", "/sparql", {"query": "ASK { ?s ?p ?o }"}, JSON),
    ("construct", "/sparql", {"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 20"}, {"Accept": "text/turtle"}),
    ("catalogue", "/queries/deadline-kinds", {}, JSON),
    ("service", "/sparql", {}, {"Accept": "text/turtle"}),
    ("dataset", "/dataset", {}, {"Accept": "text/turtle"}),
]
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def client_run(origin: str, requests: int, seconds: dict, errors: Counter, offset: int) -> None:
    with httpx.Client(base_url=origin, timeout=30) as client:
        for k in range(requests):
            kind, path, params, headers = MIX[(k + offset) % len(MIX)]
            started = time.perf_counter()
            try:
                status = client.get(path, params=params, headers=headers).status_code
            except httpx.HTTPError as exc:
                status = type(exc).__name__
            seconds[kind].append(time.perf_counter() - started)
            if status != 200:
                errors[f"{kind} {status}"] += 1


def runaway_run(origin: str, stop: threading.Event, statuses: Counter) -> None:
    with httpx.Client(base_url=origin, timeout=30) as client:
        while not stop.is_set():
            statuses[client.get("/sparql", params={"query": RUNAWAY}).status_code] += 1


def run(origin: str, clients: int, requests: int, runaways: int) -> dict:
    seconds, errors, runaway_statuses, stop = defaultdict(list), Counter(), Counter(), threading.Event()
    hogs = [threading.Thread(target=runaway_run, args=(origin, stop, runaway_statuses)) for _ in range(runaways)]
    for thread in hogs:
        thread.start()
    if hogs:
        time.sleep(0.5)
    started = time.perf_counter()
    threads = [threading.Thread(target=client_run, args=(origin, requests, seconds, errors, k)) for k in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    stop.set()
    for thread in hogs:
        thread.join(timeout=60)
    return {"seconds": seconds, "errors": errors, "wall": wall, "runaways": runaway_statuses}


def percentiles(values: list[float]) -> str:
    values = sorted(values)
    pick = lambda q: values[min(len(values) - 1, int(q * len(values)))] * 1000  # noqa: E731
    return f"{statistics.median(values) * 1000:7.1f} {pick(0.95):7.1f} {pick(0.99):7.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=500, help="requests per client")
    parser.add_argument("--runaways", type=int, default=2)
    parser.add_argument("--workers", type=int, default=3, help="query worker processes (the server's default is 2)")
    args = parser.parse_args()
    with live_server(SAMPLE, timeout=3.0, workers=args.workers) as origin:
        runs = [("baseline", run(origin, 1, min(args.requests, 120), 0)),
                ("load", run(origin, args.clients, args.requests, 0)),
                ("load + runaways", run(origin, args.clients, args.requests, args.runaways))]
    print(f"{'run':18} {'requests':>8} {'errors':>6} {'req/s':>7}   all p50/p95/p99 ms      select p50/p95/p99 ms")
    for name, result in runs:
        every = [s for values in result["seconds"].values() for s in values]
        print(f"{name:18} {len(every):8d} {sum(result['errors'].values()):6d} {len(every) / result['wall']:7.0f}   "
              f"{percentiles(every)}   {percentiles(result['seconds']['select'])}")
        if result["errors"]:
            print("   errors:", dict(result["errors"]))
        if result["runaways"]:
            print("   runaway answers:", dict(result["runaways"]))


if __name__ == "__main__":
    main()
