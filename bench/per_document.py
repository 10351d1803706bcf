"""Per-document inference and validation, as graph/pipeline.process_document runs them: before vs now.

    .venv/bin/python bench/per_document.py              # the two bundled documents and the two test documents
    .venv/bin/python bench/per_document.py --repeat 7
    .venv/bin/python bench/per_document.py /tmp/c1000/sources/0000[0-5]* --curation /tmp/c1000/curation

Each document is read and mapped once; its inference input is its graph plus the reference data it
links to (and the ontology), its validation input that plus the ontology and the inferred triples —
as process_document makes them. Then, on the same inputs, in the same process:

- infer, before: owlrl's own closure loop (every rule on every triple, every cycle) over an rdflib
  Memory graph — what graph/reasoning.py shipped until now;
- infer, now: the same rules over graph/indexed_graph.py, trigger triples only after the first cycle;
- validate, before: pySHACL with each SPARQL constraint parsed once per document, checked and run on
  rdflib once per focus node, a qualified value shape validated on every value node of every focus node;
- validate, now: SPARQL constraints answered by Oxigraph (graph/shacl_sparql.py), parsed once per
  process, their text checked once per run; a qualified value shape validated once per value node.

Figures are medians of `--repeat` runs, CPU seconds (time.process_time: on a shared machine the
wall clock measures the neighbours too) with wall seconds beside; the load average is printed before
and after. Each document's results are compared: inferred triples, errors, and every validation
result (focus, path, value, shape, severity, message, location) must be equal.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from contextlib import contextmanager, nullcontext
from pathlib import Path

import owlrl
from rdflib import Graph

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph import pipeline, reasoning, shacl_sparql, validation  # noqa: E402
from graph.mapping import document_graph  # noqa: E402
from graph.namespaces import DEFAULT_BASE, Iris  # noqa: E402
from graph.paths import BUNDLED_CURATION, PROJECT_ROOT  # noqa: E402
from graph.reference import reference_graph  # noqa: E402
from graph.sources import read_source  # noqa: E402

DOCUMENTS = ["data/sources/000_d466afb8a09bde20.txt", "data/sources/004_9c6dcb8432dd657d.txt",
             "tests/data/roadmap_kz_mz_2021.txt", "tests/data/grantplan_kg_2023.txt"]


def _rdflib_graph(triples) -> Graph:
    graph = Graph()
    graph.addN((s, p, o, graph) for s, p, o in triples)
    return graph


def _store_triple_before(self, t):
    """graph/reasoning.py's _Semantics.store_triple as it was: junk first, then owlrl's own."""
    s, p, o = t
    if s == o and p in reasoning.REFLEXIVE_NOISE:
        return
    if o == reasoning.THING and not self.thing_is_term and (p == reasoning.TYPE or p == reasoning.SUBCLASS_OF):
        return
    owlrl.Closure.Core.store_triple(self, t)


@contextmanager
def before():
    """graph/reasoning.py and graph/validation.py as they were: rdflib's graph and owlrl's loop;
    every SPARQL constraint on rdflib, parsed once per document."""
    saved = (reasoning.IndexedGraph, reasoning._Semantics.closure, reasoning._Semantics.store_triple,
             shacl_sparql.NativeConstraints.answer, validation._query_checks_once, validation._qualified_shapes_once)
    reasoning.IndexedGraph = _rdflib_graph
    reasoning._Semantics.closure = owlrl.Closure.Core.closure
    reasoning._Semantics.store_triple = _store_triple_before
    shacl_sparql.NativeConstraints.answer = lambda *args: None
    validation._query_checks_once = nullcontext  # pySHACL checks each query text before every focus node
    validation._qualified_shapes_once = nullcontext  # and validates a qualified value shape on every value node
    try:
        yield
    finally:
        (reasoning.IndexedGraph, reasoning._Semantics.closure, reasoning._Semantics.store_triple,
         shacl_sparql.NativeConstraints.answer, validation._query_checks_once,
         validation._qualified_shapes_once) = saved


def timed(run, repeat: int, *, parse_per_document: bool = False):
    cpu, wall, result = [], [], None
    for _ in range(repeat):
        if parse_per_document:  # before; now the queries are parsed once per process (the first run)
            validation._translated.cache_clear()
        started, clock = time.process_time(), time.perf_counter()
        result = run()
        cpu.append(time.process_time() - started)
        wall.append(time.perf_counter() - clock)
    return statistics.median(cpu), statistics.median(wall), result


def _named(report) -> set:
    return {(v.focus, v.path, v.value, v.shape, v.severity, v.message_en, v.location) for v in report.violations}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("documents", nargs="*", type=Path, help="documents (default: the bundled and test ones)")
    parser.add_argument("--curation", type=Path, default=BUNDLED_CURATION, help="their curation folder")
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (the median is printed)")
    args = parser.parse_args(argv)
    iris, ontology, shapes = Iris(DEFAULT_BASE), pipeline._ontology(), pipeline._shapes()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; medians of {args.repeat} runs, "
          "CPU seconds (wall)")
    header = f"{'document':<28}{'triples':>8}  {'infer before':>14}{'infer now':>14}{'×':>6}  " \
             f"{'validate before':>16}{'validate now':>14}{'×':>6}  {'both now':>9}  same"
    print(header)
    totals = {"before": 0.0, "now": 0.0}
    for path in args.documents or [PROJECT_ROOT / name for name in DOCUMENTS]:
        records, _ = pipeline.read_one(read_source(path), args.curation)
        data = document_graph(records, iris) + reference_graph(iris, used_organisations=records.organisations)
        figures = {}
        for version in ("before", "now"):
            if version == "before":
                with before():
                    infer_cpu, infer_wall, inference = timed(lambda: reasoning.infer(data, ontology), args.repeat)
                    full = data + ontology + inference.inferred
                    check_cpu, check_wall, report = timed(
                        lambda: validation.validate(full, shapes, allow_warnings=True), args.repeat,
                        parse_per_document=True)
            else:
                infer_cpu, infer_wall, inference = timed(lambda: reasoning.infer(data, ontology), args.repeat)
                full = data + ontology + inference.inferred
                check_cpu, check_wall, report = timed(
                    lambda: validation.validate(full, shapes, allow_warnings=True), args.repeat)
            figures[version] = (infer_cpu, infer_wall, check_cpu, check_wall, set(inference.inferred),
                                inference.errors, _named(report), report.conforms)
            totals[version] += infer_cpu + check_cpu
        old, new = figures["before"], figures["now"]
        same = old[4:] == new[4:]
        print(f"{path.name:<28}{len(data):>8}  {old[0]:>7.3f} ({old[1]:.2f}){new[0]:>7.3f} ({new[1]:.2f})"
              f"{old[0] / new[0]:>6.1f}  {old[2]:>9.3f} ({old[3]:.2f}){new[2]:>7.3f} ({new[3]:.2f})"
              f"{old[2] / new[2]:>6.1f}  {new[0] + new[2]:>9.3f}  {same}")
    print(f"all documents: before {totals['before']:.3f} s CPU, now {totals['now']:.3f} s CPU, "
          f"{totals['before'] / totals['now']:.1f}× less")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
