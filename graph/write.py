"""The whole-corpus write step of a build: after every document's build is made or taken from the
cache (graph/pipeline.py), write the output folder — store, records and reports, exports, the
description, the ontology's page, the network page and the analytics — all at once (graph/atomic.py).
"""
from __future__ import annotations

import hashlib
import shutil
import time
from datetime import date
from pathlib import Path

from rdflib import Graph

from . import cache, outputs, quality
from . import store as oxstore
from .atomic import staged_directory
from .namespaces import Iris
from .paths import ONTOLOGY_PATH
from .reasoning import infer
from .reference import reference_graph


def write_outputs(result, builds: list, report, step, *, iris: Iris, docs: bool, cache_folder,
                  description_config: Path | None, keys: list[str]) -> None:
    """Write everything of `result` (a pipeline.BuildResult) into `result.out`; `step` times each part;
    `keys`: each build's cache key (graph/cache.py), which names what it was made from."""
    from .pipeline import validation_summary

    out, documents, findings, base = result.out, result.documents, result.findings, iris.base
    step.progress("writing outputs …")
    write_started = time.perf_counter()
    with staged_directory(out) as staging:
        written = []
        with step("store", "loading the store"):
            store = oxstore.new_store(staging / oxstore.STORE_DIR)
            loaded = _load_store(store, builds, iris, staging / ".load.nq")
        with step("records", "writing records and reports"):
            for records in documents:
                written += outputs.write_records(staging / "records", records)
            outputs.write_json(staging / "quality.json", {"summary": quality.summary(findings), "findings": findings})
            (staging / "quality.md").write_text(quality.render_markdown(
                findings, iri=lambda document, n: str(iris.finding(document, n))), encoding="utf-8")
            (staging / "validation.txt").write_text(report.table(), encoding="utf-8")
            written += [staging / "quality.json", staging / "quality.md", staging / "validation.txt"]
        with step("exports", "writing the exports"):
            from .exports import store_context, write_source_exports

            parts: dict = {}
            checksums: dict[str, str] = {}
            exports = write_source_exports(_export_source(store, builds, loaded, iris, keys), staging / "rdf",
                                           base=base, context=store_context(store, iris.base), seconds=parts,
                                           cache_folder=False if cache_folder is False else (cache_folder or None),
                                           checksums=checksums)
        step.seconds["exports"] -= parts["jsonld"]  # Oxigraph's writers, and apart from them rdflib's JSON-LD
        step.seconds["exports: jsonld"] = parts["jsonld"]
        dataset = oxstore.as_dataset(store, base)
        with step("description", "describing the dataset"):
            from .describe import dataset_description, load_config

            description = dataset_description(
                dataset, dataset.graph(iris.graph("inferred")), base=base, files=exports, checksums=checksums, issued=date.today(),
                config=load_config(description_config), previous=_previous_description(out),
                documents=[{"id": d.document.id, "file_name": d.document.file_name, "sha256": d.document.sha256,
                            "title": d.plan.title} for d in documents])
            (staging / "rdf" / "description.ttl").write_bytes(description.serialize(format="turtle", encoding="utf-8"))
            written += exports + [staging / "rdf" / "description.ttl"]
        if docs:
            with step("docs", "documenting the ontology"):
                written.append(_ontology_page(staging / "docs" / "ontology.html"))
        with step("network", "drawing the network"):
            from .analytics import write_analytics
            from .network import network_model
            from .viz import write_network_page

            model = network_model(dataset, base=base)
            written += write_network_page(model, staging / "network.html")  # large: an overview that opens
            written += write_analytics(dataset, staging / "analytics", model=model)
        result.triples = _triple_counts(oxstore.graph_sizes(store), iris, documents)
        result.validation = validation_summary(report)
        step.seconds["write"] = time.perf_counter() - write_started
        outputs.write_json(staging / "summary.json", result.summary(step.seconds))
        written.append(staging / "summary.json")
        result.files = [out / p.relative_to(staging) for p in written]
        del dataset, store, model
        oxstore.release()  # the store's files are closed before the folder is moved


def _load_store(store, builds: list, iris: Iris, scratch: Path) -> dict[str, bytes]:
    """Load the documents' graphs, the reference data, the ontology and the inferred triples, in one
    bulk load (each load of an on-disk store writes files: one per document would cost seconds); return
    the graphs made here as N-Triples (reference, ontology, the reference data's own inferences)."""
    inferred = str(iris.graph("inferred"))
    made = _shared_graphs(iris, [org for b in builds for org in b.records.organisations])
    parts = [(b.graph, str(iris.graph("document", b.records.document.id))) for b in builds]
    parts += [(b.inferred, inferred) for b in builds] + [(data, str(iris.graph(name))) for name, data in made.items()]
    with scratch.open("wb") as out:
        for data, graph in parts:
            out.write(oxstore.as_nquads(data, graph))
    oxstore.bulk_load_nquads(store, scratch)
    scratch.unlink()
    oxstore.remove_asserted_from(store, inferred)
    return made


def _shared_graphs(iris: Iris, used) -> dict[str, bytes]:
    """The reference data for the organisations the documents use, the ontology (blank nodes labelled
    by content) and what OWL 2 RL infers from those two alone — cached by code version and organisations."""
    from .exports import canonical_blank_nodes
    from .pipeline import _ntriples, _ontology

    organisations = sorted({repr(org) for org in used if org.source != "glossary"})
    key = hashlib.sha256("\n".join([cache.code_version(), iris.base, "shared", *organisations]).encode()).hexdigest()
    made = cache.load(key)
    if made is None:
        reference, ontology = reference_graph(iris, used_organisations=used), canonical_blank_nodes(_ontology())
        made = {"reference": _ntriples(reference), "ontology": _ntriples(ontology),
                "inferred": _ntriples(infer(reference, ontology).inferred)}
        cache.store(key, made)
    return made


def _ontology_page(out: Path) -> Path:
    """The ontology's pyLODE page, made once per version of the ontology, of pyLODE and of graph/docs.py."""
    from importlib import metadata

    from . import docs

    digest = hashlib.sha256(ONTOLOGY_PATH.read_bytes() + Path(docs.__file__).read_bytes())
    digest.update(metadata.version("pylode").encode())
    cached = cache.cache_dir() / f"ontology-{digest.hexdigest()[:32]}.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    if cached.is_file():
        shutil.copyfile(cached, out)
        return out
    docs.write_ontology_docs(ONTOLOGY_PATH, out)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(out, cached)
    except OSError:
        pass  # a read-only cache only costs time
    return out


def _export_source(store, builds: list, made: dict[str, bytes], iris: Iris, keys: list[str]):
    """The exports' triples as the mapping and the reasoner made them (the store normalises literals),
    each graph keyed by what it was made from (its document's cache key, or its content), and the
    inferred graph in parts: the reference data's, then each document's in the documents' order —
    what the store kept of it (nothing another graph asserts) and no triple an earlier part holds."""
    import pyoxigraph as ox

    from .chunks import chunk_key
    from .exports import Source

    def parsed(data: bytes):
        return lambda: (q.triple for q in ox.parse(data, ox.RdfFormat.N_TRIPLES)) if data else iter(())

    def digest(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()

    graphs, graph_keys = [], {}
    for b, key in zip(builds, keys):
        name = str(iris.graph("document", b.records.document.id))
        graphs.append((name, parsed(b.graph)))
        graph_keys[name] = chunk_key("graph", name, key)
    for shared in ("reference", "ontology"):
        name = str(iris.graph(shared))
        graphs.append((name, parsed(made[shared])))
        graph_keys[name] = chunk_key("graph", name, digest(made[shared]))
    target = ox.NamedNode(str(iris.graph("inferred")))
    parts, seen = [], set()
    for data, key in [(made["inferred"], digest(made["inferred"]))] + [(b.inferred, k) for b, k in zip(builds, keys)]:
        part, whole = [], True
        for t in parsed(data)():
            if t not in seen and ox.Quad(t.subject, t.predicate, t.object, target) in store:
                seen.add(t)
                part.append(t)
            else:
                whole = False
        # a part that is its build's whole inferred graph is named by the build; any other by its triples
        name = chunk_key("inferred", key) if whole else chunk_key(
            "inferred", key, digest("\n".join(map(str, part)).encode()))
        parts.append((name, lambda part=part: iter(part)))
    everything = [t for _, triples in parts for t in triples()]
    return Source(sorted(graphs), str(target.value), lambda: iter(everything), graph_keys, parts)


def _previous_description(out: Path) -> Graph | None:
    """The last build's rdf/description.ttl, whose dates hold for files that did not change."""
    path = Path(out) / "rdf" / "description.ttl"
    try:
        return Graph().parse(path, format="turtle") if path.is_file() else None
    except Exception:  # noqa: BLE001 - an unreadable old description only loses its dates
        return None


def _triple_counts(sizes: dict[str, int], iris: Iris, documents) -> dict[str, int]:
    counts = {f"document {d.document.id}": sizes.get(str(iris.graph("document", d.document.id)), 0)
              for d in documents}
    for name in ("reference", "ontology", "inferred"):
        counts[name] = sizes.get(str(iris.graph(name)), 0)
    return counts
