"""Figures for graph/reasoning.py: stock owlrl on the whole graph vs policykg's slice, with `reasonable` as a baseline.

    .venv/bin/python bench/inference.py                  # about 10k and 100k triples (a few minutes)
    .venv/bin/python bench/inference.py --sizes 10000    # quicker
    .venv/bin/python bench/inference.py --skip stock     # leave out the slowest engine

The data is the bundled documents' dataset (graph.mapping.build_dataset, without
its ontology graph), replicated as many times as a size needs, each copy with its
resource IRIs renamed (`{base}c2/plan/…`), so the copies share the ontology and
the external vocabularies but no resource. Every engine runs in the same process
on the same triples; the results are compared after the same subtraction and
junk filter (graph.reasoning.junk_rule), plain literals and xsd:string being one
(reasonable types every plain literal as xsd:string).

Engines:
- `stock`: owlrl.DeductiveClosure(OWLRL_Semantics) over data + ontology (no axiomatic triples);
- `whole`: graph.reasoning.infer(..., whole=True): our owlrl rules over everything;
- `slice`: graph.reasoning.infer(...): the shipped path;
- `reasonable`: the Rust OWL 2 RL reasoner, if installed (pip install reasonable).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.mapping import build_dataset, load_ontology  # noqa: E402
from graph.namespaces import ONTOLOGY_IRI, Iris  # noqa: E402
from graph.paths import bundled_documents  # noqa: E402
from graph.pipeline import read_documents  # noqa: E402
from graph.reasoning import infer, junk_rule  # noqa: E402

ENGINES = ("stock", "whole", "slice", "reasonable")


def seed_graph() -> tuple[Graph, Graph]:
    documents, _ = read_documents(bundled_documents())
    dataset = build_dataset(documents)
    ontology = load_ontology()
    if ontology is None:
        sys.exit("ontology/policykg.ttl is missing")
    ontology_graph = Iris().graph("ontology")
    data = Graph()
    data.addN((s, p, o, data) for s, p, o, g in dataset.quads((None, None, None, None)) if g != ontology_graph)
    return data, ontology


def replicate(data: Graph, copies: int, base: str) -> Graph:
    """`copies` copies of `data`; copy k > 1 has its resource IRIs under {base}c{k}/."""
    out = Graph()
    for k in range(1, copies + 1):
        def rename(term, k=k):
            if k > 1 and isinstance(term, URIRef) and term.startswith(base) and not term.startswith(ONTOLOGY_IRI):
                return URIRef(f"{base}c{k}/{term[len(base):]}")
            return term
        out.addN((rename(s), rename(p), rename(o), out) for s, p, o in data)
    return out


def plain(triple):
    """Plain literals and xsd:string literals as one (RDF 1.1), for comparing engines."""
    return tuple(Literal(str(t)) if isinstance(t, Literal) and t.datatype == XSD.string and not t.language else t
                 for t in triple)


def run_stock(data: Graph, ontology: Graph) -> tuple[float, int, set]:
    import owlrl
    graph = Graph()
    graph += data
    graph += ontology
    started = time.perf_counter()
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, improved_datatypes=False, axiomatic_triples=False,
                           datatype_axioms=False).expand(graph)
    seconds = time.perf_counter() - started
    return seconds, len(graph), _filtered(graph, data, ontology)


def run_reasonable(data: Graph, ontology: Graph) -> tuple[float, int, set]:
    import reasonable
    graph = Graph()
    graph += data
    graph += ontology
    started = time.perf_counter()
    reasoner = reasonable.PyReasoner()
    reasoner.from_graph(graph)
    closure = reasoner.reason()
    seconds = time.perf_counter() - started
    return seconds, len(closure), _filtered(closure, data, ontology)


def _filtered(closure, data: Graph, ontology: Graph) -> set:
    given = {plain(t) for t in data} | {plain(t) for t in ontology}
    return {plain(t) for t in closure if junk_rule(t) is None and plain(t) not in given}


def measure(size: int, data: Graph, ontology: Graph, engines: list[str]) -> None:
    copies = max(1, round(size / len(data)))
    graph = replicate(data, copies, Iris().base)
    print(f"\n## {len(graph):,} data triples ({copies} × the bundled documents) + {len(ontology):,} ontology triples")
    rows, results = [], {}
    for engine in engines:
        if engine == "reasonable":
            try:
                import reasonable  # noqa: F401
            except ImportError:
                print("reasonable: not installed (pip install reasonable), skipped")
                continue
            seconds, closure, inferred = run_reasonable(graph, ontology)
            rows.append((engine, len(graph) + len(ontology), closure, len(inferred), seconds, ""))
        elif engine == "stock":
            seconds, closure, inferred = run_stock(graph, ontology)
            rows.append((engine, len(graph) + len(ontology), closure, len(inferred), seconds, ""))
        else:
            result = infer(graph, ontology, whole=(engine == "whole"))
            inferred = {plain(t) for t in result.inferred}
            steps = ", ".join(f"{k} {v:.2f}s" for k, v in result.steps.items())
            rows.append((engine, result.sizes["slice"], result.sizes["closure"], len(inferred), result.seconds, steps))
        results[engine] = inferred
    reference = rows[0][4] if rows else None
    print(f"{'engine':<11}{'input':>10}{'closure':>10}{'inferred':>10}{'seconds':>10}{'× faster':>10}  steps")
    for engine, given, closure, inferred, seconds, steps in rows:
        ratio = f"{reference / seconds:.1f}" if reference else ""
        print(f"{engine:<11}{given:>10,}{closure:>10,}{inferred:>10,}{seconds:>10.2f}{ratio:>10}  {steps}")
    if "slice" in results:
        for engine, inferred in results.items():
            if engine != "slice":
                same = inferred == results["slice"]
                detail = "" if same else (f" ({len(inferred - results['slice'])} only in {engine}, "
                                          f"{len(results['slice'] - inferred)} only in slice)")
                print(f"slice = {engine}: {same}{detail}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="data sizes in triples, comma-separated")
    parser.add_argument("--skip", default="", help=f"engines to leave out, comma-separated ({', '.join(ENGINES)})")
    args = parser.parse_args(argv)
    skip = {e for e in args.skip.split(",") if e}
    engines = [e for e in ENGINES if e not in skip]
    started = time.perf_counter()
    data, ontology = seed_graph()
    print(f"seed: {len(data):,} data triples from the bundled documents, ontology {len(ontology):,} triples")
    for size in (int(s) for s in args.sizes.split(",") if s):
        measure(size, data, ontology, engines)
    print(f"\ntotal {time.perf_counter() - started:.0f}s")


if __name__ == "__main__":
    main()
