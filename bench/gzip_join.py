"""The union files of a kept build joined plain (chunks.join) beside gzip-compressed (chunks.join_gzip):
first with the chunks' gzip members made, then again with them cached (a rebuild's case); sizes,
seconds and ratios; checks the gzip file decompresses to the plain one.

    python bench/gzip_join.py CACHE/parts OUT_FOLDER   # e.g. after bench/scale.py --work /tmp/w
"""
from __future__ import annotations

import argparse
import gzip
import time
from pathlib import Path

from graph import chunks



def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("parts", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    from void_counts import last_build_chunks  # noqa: PLC0415 - the sibling bench script

    args.out.mkdir(parents=True, exist_ok=True)
    found = sorted(last_build_chunks(args.parts), key=lambda c: c.name)
    for extension in ("nt", "ttl", "nq"):
        parts = [c.paths[extension] for c in found]
        figures = {}
        for label, join, suffix in (("plain", chunks.join, ""), ("gzip, members made", chunks.join_gzip, ".gz"),
                                    ("gzip, members cached", chunks.join_gzip, ".gz")):
            path = args.out / f"all.{extension}{suffix}"
            started = time.perf_counter()
            join(path, parts)
            figures[label] = (time.perf_counter() - started, path.stat().st_size)
        plain = args.out / f"all.{extension}"
        same = gzip.decompress((args.out / f"all.{extension}.gz").read_bytes()) == plain.read_bytes()
        print(f"all.{extension}: " + "; ".join(f"{k} {s:.2f} s {n / 1e6:.1f} MB" for k, (s, n) in figures.items())
              + f"; size ratio {figures['plain'][1] / figures['gzip, members cached'][1]:.1f}x; same bytes: {same}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
