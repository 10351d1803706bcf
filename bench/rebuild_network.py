"""The build's network part (graph/network_step.py's `draw`) at a rebuild after one more document, on a build's store.

    .venv/bin/python bench/rebuild_network.py /tmp/b1000 [--repeat 3] [--keep DIR]

First the stage runs cold into a scratch folder («the build before»), less the last document: its kept
fragment and plan script are removed, as if it were new. Then the stage runs again --repeat times as a
rebuild does — `previous` is the build before, `keep` a fresh staging folder — timing its parts, and every
file of network.html, network-parts/ and analytics/ is compared with the cold run's (they must be the same:
the rebuild's outputs are what a cold build writes). Medians in seconds, with the load average.
"""
from __future__ import annotations

import argparse
import filecmp
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def stage(dataset, base, staging: Path, out: Path | None, times: dict):
    """graph/network_step.py's `draw` (what the build's network part runs), timed part by part."""
    from graph.analytics import FOLDER as ANALYTICS, write_analytics
    from graph.fragments import FOLDER
    from graph.network import network_model
    from graph.viz import write_network_page

    started, cpu = time.perf_counter(), time.process_time()
    model = network_model(dataset, base=base, previous=out / FOLDER if out else None, keep=staging / FOLDER)
    t1 = time.perf_counter()
    write_network_page(model, staging / "network.html", previous=out)
    t2 = time.perf_counter()
    write_analytics(dataset, staging / ANALYTICS, model=model)
    t3 = time.perf_counter()
    times.setdefault("stage CPU", []).append(time.process_time() - cpu)
    for name, seconds in (("model", t1 - started), ("page", t2 - t1), ("analytics", t3 - t2), ("stage", t3 - started)):
        times.setdefault(name, []).append(seconds)
    return model


def compared(a: Path, b: Path) -> list[str]:
    """Files of network.html, network-parts/ and analytics/ that differ or are missing on one side."""
    names = lambda root: {p.relative_to(root) for d in ("network-parts", "analytics") if (root / d).is_dir()  # noqa: E731
                          for p in (root / d).rglob("*") if p.is_file()} | {Path("network.html")}
    left, right = names(a), names(b)
    return sorted(str(p) for p in left ^ right) + sorted(
        str(p) for p in left & right if not filecmp.cmp(a / p, b / p, shallow=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("build", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="a folder to leave the runs in (else a temporary one)")
    args = parser.parse_args()
    from graph.store import as_dataset, open_store
    from network import forget_last_document  # bench/network.py

    dataset = as_dataset(open_store(args.build))
    manifest = args.build / ".build.json"  # the base the build was made with, as graph/write.py passes it
    base = json.loads(manifest.read_text(encoding="utf-8")).get("base") if manifest.is_file() else None
    with tempfile.TemporaryDirectory() as scratch:
        tmp = args.keep or scratch
        before, cold_times = Path(tmp) / "before", {}
        model = stage(dataset, base, before, None, cold_times)
        cold = Path(tmp) / "cold"  # what the rebuilds are compared with: all of it
        cold.mkdir()
        for name in ("network.html", "network-parts", "analytics"):  # a small corpus's page has no parts
            if (before / name).exists():
                (shutil.copytree if (before / name).is_dir() else shutil.copy2)(before / name, cold / name)
        forget_last_document(before, model)
        times, differ = {}, []
        for n in range(args.repeat):
            again = Path(tmp) / f"again{n}"
            stage(dataset, base, again, before, times)
            differ += compared(cold, again)
            if n < args.repeat - 1:
                shutil.rmtree(again)
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").is_file() else []
    print(json.dumps({"documents": len(model.documents), "nodes": len(model.nodes), "edges": len(model.edges),
                      "cold stage (s)": round(cold_times["stage"][0], 3),
                      **{f"rebuild: {k} (s, median of {len(v)})": round(statistics.median(v), 3) for k, v in times.items()},
                      "rebuild runs: stage (s)": [round(x, 3) for x in times["stage"]],
                      "files differing from the cold run": sorted(set(differ)), "load average": load}, indent=2))


if __name__ == "__main__":
    main()
