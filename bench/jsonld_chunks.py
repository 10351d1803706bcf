"""The JSON-LD chunk of a graph (graph/exports.py's `_jsonld_chunk`): graph/jsonld.py's node_objects
beside rdflib's compaction (what made the chunks before), on the same documents' graphs and inferred
triples, against the same context; each the median of `--repeat` runs, and their ratio.

    python bench/jsonld_chunks.py                        # 5 synthetic documents (bench/generate.py)
    python bench/jsonld_chunks.py --cache /tmp/cacheJ --count 40   # documents' builds kept in a cache

With `--check`, pyld reads each chunk written by node_objects (inside a document with the context)
and the triples are compared with the N-Triples they were made from.
"""
from __future__ import annotations

import argparse
import json
import os
import pickle
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import pyoxigraph as ox  # noqa: E402
from rdflib import Graph  # noqa: E402

from graph import jsonld, store as oxstore  # noqa: E402
from graph.exports import jsonld_context  # noqa: E402
from graph.namespaces import DEFAULT_BASE  # noqa: E402


def builds(cache: Path | None, count: int) -> list:
    """`count` documents' builds: from the cache's pickles, or made from synthetic documents."""
    if cache is not None:
        found = []
        for path in sorted(cache.glob("*.pickle")):
            with path.open("rb") as handle:
                value = pickle.load(handle)
            if hasattr(value, "inferred"):
                found.append(value)
            if len(found) == count:
                break
        return found
    from generate import generate
    from graph.pipeline import process_document
    from graph.sources import read_source

    folder = Path(tempfile.mkdtemp(prefix="policykg-jsonld-"))
    return [process_document(read_source(p), folder / "curation", DEFAULT_BASE) for p in generate(count, folder)]


def triples(data: bytes):
    return (q.triple for q in ox.parse(data, ox.RdfFormat.N_TRIPLES)) if data else iter(())


def rdflib_chunk(data: bytes, context: dict) -> bytes:
    """The chunk as it was made before: an rdflib graph compacted by rdflib's JSON-LD serialiser."""
    graph = Graph()
    graph.addN((oxstore.to_rdflib(t.subject), oxstore.to_rdflib(t.predicate), oxstore.to_rdflib(t.object), graph)
               for t in triples(data))
    return jsonld.node_lines(jsonld.merged([jsonld.document(graph, context)], context)["@graph"] if len(graph) else [])


def direct_chunk(data: bytes, compactor) -> bytes:
    return jsonld.node_lines(jsonld.node_objects(triples(data), compactor))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=None, help="a folder of documents' builds (graph/cache.py)")
    parser.add_argument("--count", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--check", action="store_true", help="read every chunk back with pyld")
    args = parser.parse_args(argv)
    found = builds(args.cache, args.count)
    graphs = [data for b in found for data in (b.graph, b.inferred)]
    n = sum(len(data.splitlines()) for data in graphs)
    context = jsonld_context(DEFAULT_BASE)
    compactor = jsonld.Compactor(context)
    print(f"machine: {os.cpu_count()} CPUs, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{len(found)} documents' builds: {len(graphs)} chunks, {n} triples; context of {len(context)} entries")
    times = {}
    for name, make in (("rdflib compaction", lambda d: rdflib_chunk(d, context)),
                       ("jsonld.node_objects", lambda d: direct_chunk(d, compactor))):
        runs = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            for data in graphs:
                make(data)
            runs.append(time.perf_counter() - started)
        times[name] = statistics.median(runs)
        print(f"{name:22} {times[name]:7.3f} s (median of {args.repeat}), {n / times[name]:9.0f} triples/s")
    print(f"ratio: node_objects takes {times['jsonld.node_objects'] / times['rdflib compaction']:.2f}x "
          f"the time of rdflib's compaction")
    if args.check:
        from pyld import jsonld as pyld
        from rdflib.compare import isomorphic
        import rdflib

        rdflib.NORMALIZE_LITERALS = False  # compare lexical forms as written
        for data in graphs:
            document = json.loads(jsonld.head(context) + direct_chunk(data, compactor) + jsonld.foot())
            got = Graph().parse(data=pyld.to_rdf(document, {"format": "application/n-quads"}), format="nt")
            expected = Graph().parse(data=data, format="nt")
            assert len(got) == len(expected) and isomorphic(got, expected)
        print(f"pyld reads the {len(graphs)} chunks as the triples they were made from")
    return 0


if __name__ == "__main__":
    sys.exit(main())
