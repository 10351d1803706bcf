"""The seeds' cold build (the two bundled documents, an empty cache), this checkout against a baseline checkout.

    .venv/bin/python bench/cold_seeds.py --baseline /work/main            # 5 runs each, interleaved
    .venv/bin/python bench/cold_seeds.py --baseline /work/main --repeat 9

Each run is `POLICYKG_CACHE=<new empty folder> <checkout>/.venv/bin/python build_graph.py --out <folder>`, run from
the checkout, the baseline's and this one's in turn (a neighbour's load falls on both alike). Printed per
checkout: the median wall seconds and the median CPU seconds of the build and every process it started
(user + system, from os.wait4), each run's figures, the ratio of this checkout's medians to the baseline's, and
the load average before and after. Then the outputs of one run of each are compared (`--compare`, with
PYTHONHASHSEED=0 in both so that set orders agree): every file but the stores' binaries, the network
fragments (named by the code's version), the manifest, the joins' layouts and summary.json's seconds must be
byte-identical.
"""
from __future__ import annotations

import argparse
import filecmp
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
# the stores' binaries (RocksDB files, its LOG with times), the fragments (named by the code's version), the
# manifest and the joins' layouts (the files' times), and summary.json (compared without its seconds)
SKIP = {"store", "union", ".network-fragments", ".build.json", ".joined.json", "summary.json"}


def run(checkout: Path, scratch: Path, env: dict | None = None) -> tuple[float, float, Path]:
    """One cold build by `checkout`: (wall seconds, CPU seconds of it and its children, the output folder)."""
    cache, out = Path(tempfile.mkdtemp(dir=scratch)), Path(tempfile.mkdtemp(dir=scratch)) / "out"
    started = time.perf_counter()
    process = subprocess.Popen([str(checkout / ".venv" / "bin" / "python"), "build_graph.py", "--out", str(out)],
                               cwd=checkout, env={**os.environ, **(env or {}), "POLICYKG_CACHE": str(cache)},
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    stderr = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{checkout}: the build failed:\n{stderr[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, out


def differences(a: Path, b: Path) -> list[str]:
    """Files that differ or exist on one side only (SKIP left out), and summary.json without its seconds."""
    found = []

    def walk(comparison: filecmp.dircmp, prefix: str) -> None:
        found.extend(f"{prefix}{n} (one side only)" for n in comparison.left_only + comparison.right_only
                     if n not in SKIP)
        _, mismatch, errors = filecmp.cmpfiles(comparison.left, comparison.right,
                                               [n for n in comparison.common_files if n not in SKIP], shallow=False)
        found.extend(f"{prefix}{n}" for n in mismatch + errors)
        for name, sub in comparison.subdirs.items():
            if name not in SKIP:
                walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(a, b), "")
    summaries = [json.loads((d / "summary.json").read_text(encoding="utf-8")) for d in (a, b)]
    for summary in summaries:
        summary.pop("seconds")
    if summaries[0] != summaries[1]:
        found.append("summary.json (apart from its seconds)")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", type=Path, required=True, help="a checkout with its own .venv")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-compare", dest="compare", action="store_false", help="skip comparing the outputs")
    args = parser.parse_args()
    checkouts = {"baseline": args.baseline.resolve(), "this": HERE}
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    figures: dict[str, list[tuple[float, float]]] = {name: [] for name in checkouts}
    with tempfile.TemporaryDirectory(prefix="cold-seeds-") as scratch:
        for k in range(args.repeat):
            for name, checkout in checkouts.items():
                wall, cpu, out = run(checkout, Path(scratch))
                figures[name].append((wall, cpu))
                shutil.rmtree(out.parent)
                print(f"run {k + 1} {name:8s} wall {wall:5.2f} s  CPU {cpu:5.2f} s", flush=True)
        medians = {name: (statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs))
                   for name, runs in figures.items()}
        for name, (wall, cpu) in medians.items():
            print(f"{name:8s} median of {args.repeat}: wall {wall:.2f} s, CPU {cpu:.2f} s ({checkouts[name]})")
        (bw, bc), (tw, tc) = medians["baseline"], medians["this"]
        print(f"ratio this/baseline: wall {tw / bw:.2f}, CPU {tc / bc:.2f}")
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        if args.compare:
            outs = [run(checkout, Path(scratch), {"PYTHONHASHSEED": "0"})[2] for checkout in checkouts.values()]
            found = differences(*outs)
            print("outputs: identical" if not found else "outputs DIFFER: " + ", ".join(found))
            if found:
                sys.exit(1)


if __name__ == "__main__":
    main()
