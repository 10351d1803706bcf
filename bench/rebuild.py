"""A rebuild after one more document: from a saved N build and its warm cache, the build of N + 1, timed.

    .venv/bin/python bench/rebuild.py --snapshot SNAP --cache CACHE --corpus /tmp/c1001 [--repeat 3] [--checkout DIR]

SNAP: a copy of an N build's folder (`cp -a "$(readlink -f OUT)" SNAP`) made by the same code; CACHE: the cache
that build used. Each run starts from the same state: the output folder a hard-linked copy of SNAP and the cache a
hard-linked copy of CACHE (`cp -al`; the build replaces files, it never writes into one), so the added document is
made afresh every time and neither SNAP nor CACHE changes. Printed: each run's wall seconds, the network part's
seconds on the build's path (summary.json's "network", or "network: waited" where that part ran in its own process
beside the rest) and the rest, their medians, and the load average before and after.
`--checkout`: the checkout whose code builds (default: this one), its graph/ imported from there.
`--prefix`: a command the build runs under, e.g. a profiler: `--prefix "py-spy record -s -r 200 -f raw -o OUT --"`.
"""
from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
_CLI = "import sys; from graph.cli import cli; sys.argv[0] = 'policykg'; sys.exit(cli())"  # the checkout's graph/
# The cache entries of the documents the snapshot's manifest lacks (its build and its chunks): removed from the
# copy of the cache, as a cache that has never seen the added document holds none of them.
_ADDED = """
import json, sys
from pathlib import Path
from graph import pipeline
from graph.chunks import chunk_key
from graph.namespaces import DEFAULT_BASE, Iris
known = set(json.loads(Path(sys.argv[1]).read_text())["documents"])
curation = Path(sys.argv[2])
for source in pipeline._sources(sys.argv[3:]):
    if source.id not in known:
        key = pipeline._key(source, curation, DEFAULT_BASE)
        name = str(Iris(DEFAULT_BASE).graph("document", source.id))
        print(key, chunk_key("graph", name, key), chunk_key("inferred", key))
"""


def run(checkout: Path, snapshot: Path, cache: Path, corpus: Path, scratch: Path,
        prefix: list[str] = ()) -> tuple[float, float]:
    """One rebuild: (wall seconds, the network part's seconds on the build's path)."""
    folder = Path(tempfile.mkdtemp(dir=scratch))
    subprocess.run(["cp", "-al", str(cache), str(folder / "cache")], check=True)
    subprocess.run(["cp", "-al", str(snapshot), str(folder / "build.v")], check=True)
    (folder / "out").symlink_to(folder / "build.v")
    python, sources = str(HERE / ".venv" / "bin" / "python"), sorted(map(str, (corpus / "sources").iterdir()))
    added = subprocess.run([python, "-c", _ADDED, str(snapshot / ".build.json"), str(corpus / "curation"), *sources],
                           cwd=checkout, check=True, capture_output=True, text=True).stdout.split()
    for name in added:
        for path in [*(folder / "cache").glob(f"{name}.*"), *(folder / "cache" / "parts").glob(f"{name}*")]:
            path.unlink()
    command = [*prefix, python, "-c", _CLI, "build", *sources, "--curation", str(corpus / "curation"),
               "--out", str(folder / "out")]
    started = time.perf_counter()
    subprocess.run(command, cwd=checkout, env={**os.environ, "POLICYKG_CACHE": str(folder / "cache")}, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    summary = json.loads((folder / "out" / "summary.json").read_text(encoding="utf-8"))
    if summary.get("documents made") != 1:
        raise SystemExit(f"expected one document made, got {summary.get('documents made')}")
    store = json.loads((folder / "out" / ".build.json").read_text(encoding="utf-8")).get("store")
    if store != "added to the last build's":  # e.g. a snapshot made by other code: that times a cold build
        raise SystemExit(f"the rebuild did not start from the snapshot's store (its manifest says {store!r}); "
                         "is the snapshot made by this checkout's code?")
    seconds = summary["seconds"]
    network = seconds.get("network: waited", seconds.get("network", 0.0))
    print("  steps:", {k: v for k, v in summary["seconds"].items() if v >= 0.1}, flush=True)
    shutil.rmtree(folder, ignore_errors=True)
    return wall, network


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--snapshot", type=Path, required=True)
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--checkout", type=Path, default=HERE)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scratch", type=Path, default=Path(tempfile.gettempdir()))
    parser.add_argument("--prefix", type=shlex.split, default=[])
    args = parser.parse_args()
    print("load before:", Path("/proc/loadavg").read_text().strip())
    walls, rests = [], []
    for k in range(args.repeat):
        wall, network = run(args.checkout.resolve(), args.snapshot.resolve(), args.cache.resolve(),
                            args.corpus.resolve(), args.scratch, args.prefix)
        walls.append(wall)
        rests.append(wall - network)
        print(f"run {k + 1}: {wall:.2f} s wall, network {network:.2f} s, the rest {wall - network:.2f} s", flush=True)
    print(f"median: {statistics.median(walls):.2f} s wall, {statistics.median(rests):.2f} s without the network")
    print("load after:", Path("/proc/loadavg").read_text().strip())


if __name__ == "__main__":
    main()
