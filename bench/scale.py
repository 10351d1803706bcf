"""How the build and the catalogue scale with the number of documents, beside a pyoxigraph baseline.

    python bench/scale.py                      # N = 1, 10, 100, 1000
    python bench/scale.py --sizes 1,10,100     # a shorter run
    python bench/scale.py --sizes 1000 --work /tmp/w --reuse   # rebuilds only, after a cold build kept in /tmp/w

For each N, on synthetic documents (bench/generate.py):

- a cold build of N documents (a fresh per-document cache) in its own process: wall time, CPU time
  (the process and its workers), peak memory (the largest process), and the seconds of every stage
  (read, map, infer and validate are summed over the documents, which run in parallel workers;
  store, exports, network are the main process's wall time), with triples per second;
- rebuilds after one more document, into the same folder (the cache holds the other documents, and
  the last build's folder its store, records and the exports' chunks: graph/write.py): `--rebuilds`
  of them, each adding one more document, with the median and every stage of each;
- the baseline, in this process: pyoxigraph bulk-loading the same quads (rdf/dataset.nq, unpacked if gzipped) into a
  new on-disk store, and writing the same five formats from it — beside the build's store and
  exports stages, as a ratio;
- the whole catalogue on the build's store through the project's API (graph.queries.run), each
  query's median of `--repeat` runs, beside the same query text run by pyoxigraph directly on the
  baseline store.

At the end, the growth exponent of CPU time (least squares of log CPU on log N).
"""
from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate  # noqa: E402

STAGES = ["read", "map", "infer", "validate", "store", "exports", "exports: jsonld", "exports: joined beside",
          "exports: waited", "description", "network", "write"]
_CHILD = """
import json, sys
from pathlib import Path
from graph.pipeline import build
paths = [Path(p) for p in json.loads(sys.argv[1])]
result = build(paths, Path(sys.argv[2]), curation_dir=Path(sys.argv[3]), docs=False)
print(json.dumps(result.summary()))
"""


def run_build(paths: list[Path], out: Path, curation: Path, cache: Path) -> dict:
    """One build in a fresh process: its summary, wall and CPU seconds (with its workers), and the
    peak RSS of its largest process (MiB)."""
    env = {**os.environ, "POLICYKG_CACHE": str(cache)}
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-c", _CHILD, json.dumps([str(p) for p in paths]), str(out),
                                    str(curation)], stdout=stdout, stderr=stderr, env=env, cwd=ROOT)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        stderr.seek(0)
        if process.returncode:
            raise SystemExit(f"build failed:\n{stderr.read().decode()[-3000:]}")
        summary = json.loads(stdout.read().decode().strip().splitlines()[-1])
    return {"summary": summary, "wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_mib": usage.ru_maxrss / 1024}


def baseline_store(out: Path, scratch: Path) -> tuple[object, dict]:
    """pyoxigraph alone: bulk-load rdf/dataset.nq into a new on-disk store, then write the same files
    (asserted, inferred, all in N-Triples, Turtle, RDF/XML, JSON-LD; asserted and dataset in N-Quads, TriG),
    gzip-compressed at the build's level when the build's are (graph/exports.py's COMPRESS_ABOVE)."""
    import pyoxigraph as ox

    from graph.chunks import GZIP_LEVEL

    seconds = {}
    folder = scratch / f"baseline-store-{out.name}"
    shutil.rmtree(folder, ignore_errors=True)
    quads = out / "rdf" / "dataset.nq"
    compressed = not quads.is_file()
    if compressed:  # unpacked first, outside the baseline's time
        quads = scratch / f"baseline-input-{out.name}.nq"
        with gzip.open(out / "rdf" / "dataset.nq.gz") as packed, quads.open("wb") as unpacked:
            shutil.copyfileobj(packed, unpacked, 1 << 20)

    def target(name: str):
        path = scratch / f"baseline-{name}"
        return gzip.open(f"{path}.gz", "wb", compresslevel=GZIP_LEVEL) if compressed else path.open("wb")

    started = time.perf_counter()
    store = ox.Store(str(folder))
    store.bulk_load(path=str(quads), format=ox.RdfFormat.N_QUADS)
    seconds["load"] = time.perf_counter() - started
    inferred = next(g for g in store.named_graphs() if g.value.endswith("/graph/inferred"))
    started = time.perf_counter()
    selections = {"asserted": lambda: (q.triple for q in store if q.graph_name != inferred),
                  "inferred": lambda: (q.triple for q in store.quads_for_pattern(None, None, None, inferred)),
                  "all": lambda: (q.triple for q in store)}
    for name, triples in selections.items():
        for extension, fmt in (("nt", ox.RdfFormat.N_TRIPLES), ("ttl", ox.RdfFormat.TURTLE),
                               ("rdf", ox.RdfFormat.RDF_XML)):
            with target(f"{name}.{extension}") as output:
                ox.serialize(triples(), output, fmt)
    for extension, fmt in (("nq", ox.RdfFormat.N_QUADS), ("trig", ox.RdfFormat.TRIG)):
        with target(f"asserted.{extension}") as output:
            ox.serialize((q for q in store if q.graph_name != inferred), output, fmt)
        with target(f"dataset.{extension}") as output:
            store.dump(output, fmt)
    seconds["exports"] = time.perf_counter() - started
    started = time.perf_counter()  # JSON-LD: Oxigraph's streaming writer (the build's is rdflib's, compacted)
    for name, triples in selections.items():
        with target(f"{name}.jsonld") as output:
            ox.serialize(triples(), output, ox.RdfFormat.JSON_LD)
    seconds["jsonld"] = time.perf_counter() - started
    seconds["compressed"] = compressed
    return store, seconds


def example_params(query) -> dict[str, str]:
    """Values for required parameters, from the «e.g.» in their descriptions."""
    values = {}
    for param in query.params:
        if param.required:
            found = re.search(r"e\.g\.\s*(\S+)", param.description or "")
            if found:
                values[param.name] = found.group(1).rstrip(".,;")
    return values


def catalogue(build_dir: Path, baseline, repeat: int) -> list[dict]:
    import pyoxigraph as ox

    from graph import queries, store as oxstore

    dataset = queries.load_graph(build_dir)
    rows = []
    for name, query in queries.load_catalogue().items():
        params = example_params(query)
        ours, theirs = [], []
        for _ in range(repeat):
            started = time.perf_counter()
            result = queries.run(query, dataset, params)
            count = _size(result)
            ours.append(time.perf_counter() - started)
            text, bindings = query.text_for(query.bindings(params))  # VALUES blocks filled as queries.run does
            started = time.perf_counter()
            # the same binding as graph/store.py (substitution, or the term in the text); no conversion to rdflib
            answer = oxstore._query(baseline, text, {
                "use_default_graph_as_union": True,
                "substitutions": {ox.Variable(k): oxstore.to_ox(v) for k, v in bindings.items()}})
            _drain(answer)
            theirs.append(time.perf_counter() - started)
        rows.append({"query": name, "rows": count, "ours": statistics.median(ours), "baseline": statistics.median(theirs)})
    return rows


def _size(result) -> int:
    if result.type == "ASK":
        return int(bool(result.askAnswer))
    if result.type == "SELECT":
        return len(list(result.bindings))
    return len(result.graph)


def _drain(answer) -> None:
    if hasattr(answer, "__iter__"):
        for _ in answer:
            pass


def fmt(x: float) -> str:
    return f"{x:.3f}" if x < 10 else f"{x:.1f}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,10,100,1000")
    parser.add_argument("--repeat", type=int, default=3, help="runs per catalogue query (median)")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temporary one)")
    parser.add_argument("--rebuilds", type=int, default=3, help="rebuilds after one more document, each adding one")
    parser.add_argument("--reuse", action="store_true",
                        help="keep a cold build already in --work (its build-N folder and cache-N): rebuilds only")
    args = parser.parse_args(argv)
    sizes = [int(n) for n in args.sizes.split(",")]
    work = args.work or Path(tempfile.mkdtemp(prefix="policykg-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / "corpus"
    documents = generate(max(sizes) + args.rebuilds, corpus)
    print(f"machine: {os.cpu_count()} CPUs, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"work folder: {work}")
    cpu = {}
    for n in sizes:
        cache = work / f"cache-{n}"
        out = work / f"build-{n}"
        if args.reuse and (out / ".build.json").is_file() and cache.is_dir():
            print(f"\n== N = {n}: reusing the cold build in {out}", flush=True)
            n_built = len(json.loads((out / ".build.json").read_text(encoding="utf-8"))["documents"])
            if len(documents) < n_built + args.rebuilds:
                documents = generate(n_built + args.rebuilds, corpus)
        else:
            shutil.rmtree(cache, ignore_errors=True)
            cold = run_build(documents[:n], out, corpus / "curation", cache)
            cold_cpu = cpu[n] = cold["cpu"]
            summary = cold["summary"]
            triples = sum(summary["triples"].values())
            print(f"\n== N = {n}: {triples} triples; cold build {fmt(cold['wall'])} s wall, {fmt(cold_cpu)} s CPU "
                  f"(with its workers), peak {cold['peak_mib']:.0f} MiB (largest process); load average "
                  f"{os.getloadavg()[0]:.2f}", flush=True)
            baseline, base_seconds = baseline_store(out, work)
            seconds = summary["seconds"]
            print("stages of the cold build (read, map, infer, validate: seconds summed over the documents' workers)")
            print(f"{'stage':<24} {'seconds':>9} {'triples/s':>11} {'baseline s':>11} {'ratio':>7}")
            for stage in STAGES:
                if stage not in seconds:
                    continue
                base = {"store": base_seconds["load"], "exports": base_seconds["exports"],
                        "exports: jsonld": base_seconds["jsonld"]}.get(stage)
                ratio = f"{seconds[stage] / base:.2f}" if base else "—"
                rate = f"{triples / seconds[stage]:.0f}" if seconds[stage] > 0 else "—"
                print(f"{stage:<24} {fmt(seconds[stage]):>9} {rate:>11} {fmt(base) if base else '—':>11} {ratio:>7}", flush=True)
            # the files' joining too, though it runs beside the network step (graph/write.py)
            ours = seconds["store"] + seconds["exports"] + seconds.get("exports: jsonld", 0.0) \
                + seconds.get("exports: joined beside", 0.0)
            theirs = base_seconds["load"] + base_seconds["exports"] + base_seconds["jsonld"]
            print(f"store + exports: {fmt(ours)} s, baseline {fmt(theirs)} s, ratio {ours / theirs:.2f}"
                  + (" (both write gzip-compressed files)" if base_seconds["compressed"] else ""), flush=True)
            rows = catalogue(out, baseline, args.repeat)
            ours = [r["ours"] for r in rows]
            theirs = [r["baseline"] for r in rows]
            print(f"catalogue ({len(rows)} queries, median of {args.repeat} runs each): median {statistics.median(ours) * 1000:.1f} ms, "
                  f"max {max(ours) * 1000:.1f} ms ({rows[ours.index(max(ours))]['query']}); "
                  f"baseline median {statistics.median(theirs) * 1000:.1f} ms, max {max(theirs) * 1000:.1f} ms; "
                  f"ratio of medians {statistics.median(ours) / max(statistics.median(theirs), 1e-9):.2f}")
            slow = sorted(rows, key=lambda r: -r["ours"])[:4]
            print("  slowest: " + ", ".join(f"{r['query']} {r['ours'] * 1000:.0f} ms (baseline "
                                            f"{r['baseline'] * 1000:.0f} ms)" for r in slow), flush=True)
            del baseline
            n_built = n
        walls = []
        for k in range(1, args.rebuilds + 1):  # each adds one more document to the same folder
            rebuild = run_build(documents[:n_built + k], out, corpus / "curation", cache)
            path = json.loads((out / ".build.json").read_text(encoding="utf-8")).get("store")
            if path == "added to the last build's":  # the first after a change of code loads it afresh
                walls.append(rebuild["wall"])
            print(f"rebuild after one more document ({n_built + k} documents; store {path}): "
                  f"{fmt(rebuild['wall'])} s wall, {fmt(rebuild['cpu'])} s CPU, peak {rebuild['peak_mib']:.0f} MiB "
                  f"({rebuild['summary']['documents made']} document made); stages: "
                  + ", ".join(f"{k} {v:.2f}" for k, v in rebuild["summary"]["seconds"].items() if v >= 0.05), flush=True)
        if walls:
            print(f"rebuild after one more document: median {fmt(statistics.median(walls))} s wall of the {len(walls)} "
                  "that added to the last build's store "
                  f"(load average {' '.join(f'{x:.2f}' for x in os.getloadavg())})", flush=True)
    if len(cpu) > 1:
        xs, ys = [math.log(n) for n in cpu], [math.log(c) for c in cpu.values()]
        mx, my = statistics.mean(xs), statistics.mean(ys)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
        print(f"\nCPU time ∝ N^{slope:.2f} (cold builds, N = {', '.join(map(str, cpu))}; includes ~2 s of imports per process)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
