"""The whole-corpus write step of a build: after every document's build is made or taken from the
cache (graph/pipeline.py), write the output folder — store, records and reports, exports, the
description, the ontology's page, the network page and the analytics — all at once (graph/atomic.py).

A build after documents were added to the last one (same code, base and other documents) starts from
what that build left in the folder's manifest (`.build.json`): its store (a checkpoint, plus the
added graphs), each graph's size (no scan of the store), the inferred graph's parts by name, with
`.inferred.npz` saying which part holds each inferred triple (`_added_parts`: only the added
documents' inferred triples are read, and any part that lost a triple to them); the VoID hashes
are merged into the last merge (graph/chunks.py's merged_hashes). Anything else loads afresh.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pyoxigraph as ox

from . import cache, ontology_page, outputs, quality
from . import store as oxstore
from .atomic import staged_directory
from .namespaces import Iris
from .network_step import NetworkPart
from .reasoning import infer
from .reference import reference_graph


def write_outputs(result, builds: list, report, step, *, iris: Iris, docs: bool, cache_folder,
                  description_config: Path | None, keys: list[str], network: NetworkPart,
                  ontology_page_process=None) -> None:
    """Write everything of `result` (a pipeline.BuildResult) into `result.out`; `step` times each part;
    `keys`: each build's cache key (graph/cache.py), which names what it was made from;
    `network`: graph/network_step.py's part, which the build started as it began (its process, if any, reads
    ahead meanwhile); `ontology_page_process`: graph/ontology_page.start()'s process, if the build started one."""
    from .pipeline import validation_summary

    out, documents, findings, base = result.out, result.digests, result.findings, iris.base
    step.progress("writing outputs …")
    write_started = time.perf_counter()
    with staged_directory(out) as staging:
        written = []
        previous = _previous_build(out, iris)
        with step("store", "loading the store"):
            loaded = _shared_graphs(iris, [org for b in builds for org in b.digest.organisations])
            graphs = _graph_keys(builds, keys, loaded, iris)
            removed: list = []  # what the added graphs took out of the inferred graph
            sizes: dict[str, int] = {}  # each graph's triples, when the last build's figures give them
            store = _added_to_previous(previous, graphs, builds, loaded, iris, staging / oxstore.STORE_DIR, removed,
                                       sizes)
            _write_shared(staging, loaded)
            path = "added to the last build's" if store is not None else "loaded afresh"
            if store is None:  # the cold path: anything but added documents (see the module doc)
                store = oxstore.new_store(staging / oxstore.STORE_DIR)
                _load_store(store, builds, loaded, iris, staging / ".load.nq")
        network.start(store, staging)  # with many documents in a process of its own, beside the rest (graph/network_step.py)
        with step("records", "writing records and reports"):
            for b, key in zip(builds, keys):  # a document's records are read only where its files are written
                written += _linked_records(previous, b.digest.document.id, key, staging) \
                    or outputs.write_records(staging / "records", b.records)
            outputs.write_findings(staging / "quality.json", quality.summary(findings), findings)
            (staging / "quality.md").write_text(quality.render_markdown(
                findings, iri=lambda document, n: str(iris.finding(document, n))), encoding="utf-8")
            (staging / "validation.txt").write_text(report.table(), encoding="utf-8")
            written += [staging / "quality.json", staging / "quality.md", staging / "validation.txt"]
        # The export files are joined from their chunks in a thread beside the description: that is reading,
        # hashing and writing, in few calls (graph/chunks.py's Layouts), which release the GIL. Not beside the
        # records: their ~8,000 links and folders went slower beside its writes (1,000 documents: 1.0-1.7 s, 0.8-0.9 before).
        with ThreadPoolExecutor(1, thread_name_prefix="exports") as beside:
            with step("exports", "writing the exports"):
                from .exports import write_source_exports

                parts: dict = {}
                checksums: dict[str, str] = {}
                counted: dict = {}
                kept = None if cache_folder is False else Path(cache_folder or cache.cache_dir()) / "parts"
                inferred = _inferred_parts(store, builds, loaded, iris, keys,
                                           previous if path.startswith("added") else None, removed, kept)
                joined = write_source_exports(_export_source(builds, loaded, iris, keys, inferred), staging / "rdf",
                                              base=base, seconds=parts,
                                              cache_folder=False if cache_folder is False else (cache_folder or None),
                                              checksums=checksums, statistics=counted, beside=beside,
                                              last=_last_exports(out))
            step.seconds["exports"] -= parts["jsonld"]  # Oxigraph's writers, and apart from them rdflib's JSON-LD
            step.seconds["exports: jsonld"] = parts["jsonld"]
            dataset = oxstore.as_dataset(store, base)
            sizes = sizes or oxstore.graph_sizes(store)  # once, for the description and summary.json
            waited = [0.0]

            def exports_written() -> list[Path]:
                """The export files, once joined (their checksums then in `checksums`)."""
                waiting = time.perf_counter()
                files = joined.result()
                waited[0] += time.perf_counter() - waiting
                return files

            with step("description", "describing the dataset"):
                from .describe import dataset_description, load_config, previous_dates, to_turtle

                description = dataset_description(  # the export files are described last: joined meanwhile
                    dataset, dataset.graph(iris.graph("inferred")), base=base, files=exports_written,
                    checksums=checksums, graph_sizes=sizes, statistics=counted, issued=date.today(),
                    config=load_config(description_config), previous=previous_dates(out / "rdf" / "description.ttl"),
                    documents=[{"id": d.document.id, "file_name": d.document.file_name, "sha256": d.document.sha256,
                                "title": d.plan.title} for d in documents])
                (staging / "rdf" / "description.ttl").write_bytes(to_turtle(description))
                written += exports_written() + [staging / "rdf" / "description.ttl"]
            step.seconds["description"] -= waited[0]  # its own time; the wait is the exports'
            step.seconds["exports: joined beside"] = parts["joined"]  # beside the rest: not on the path
            step.seconds["exports: waited"] = waited[0]
        if docs:
            with step("docs", "documenting the ontology"):
                written.append(ontology_page.write(staging / "docs" / "ontology.html", ontology_page_process))
        with step("network: waited" if network.beside else "network", "drawing the network"):
            drawn, seconds = network.finish()
            written += drawn
        step.seconds["network"] = seconds  # the part's own, in whichever process it ran
        result.triples = _triple_counts(sizes, iris, documents)
        result.validation = validation_summary(report)
        step.seconds["write"] = time.perf_counter() - write_started
        outputs.write_json(staging / "summary.json", result.summary(step.seconds))
        written.append(staging / "summary.json")
        _write_manifest(staging, iris, graphs, {d.document.id: k for d, k in zip(documents, keys)}, path,
                        inferred.manifest, sizes)
        inferred.write_index(staging / INFERRED_INDEX)
        result.files = _moved(written, staging, out)
        del dataset, store
        oxstore.release()  # the store's files are closed before the folder is moved


def _last_exports(out: Path) -> Path | None:
    """The export folder of the build in `out` now (the last build), which this one's joins copy ranges of."""
    folder = Path(out).resolve() / "rdf"
    return folder if folder.is_dir() else None


def _moved(paths: list[Path], staging: Path, out: Path) -> list[Path]:
    """The paths under `staging` as they are under `out` (Path.relative_to for each took 0.4 s at 1,000 documents)."""
    prefix = os.path.join(str(staging), "")
    return [out / text[len(prefix):] if (text := str(p)).startswith(prefix) else out / p.relative_to(staging)
            for p in paths]


def _load_store(store, builds: list, made: dict[str, bytes], iris: Iris, scratch: Path) -> None:
    """Load the documents' graphs, the reference data, the ontology and the inferred triples, in one
    bulk load (each load of an on-disk store writes files: one per document would cost seconds)."""
    inferred = str(iris.graph("inferred"))
    parts = [(b.graph, str(iris.graph("document", b.digest.document.id))) for b in builds]
    parts += [(b.inferred, inferred) for b in builds] + [(data, str(iris.graph(name))) for name, data in made.items()]
    with scratch.open("wb") as out:
        for data, graph in parts:
            out.write(oxstore.as_nquads(data, graph))
    oxstore.bulk_load_nquads(store, scratch)
    scratch.unlink()
    oxstore.write_union(scratch.parent / oxstore.UNION_DIR, (data for data, _ in parts), scratch.with_suffix(".nt"))
    oxstore.remove_asserted_from(store, inferred)
    store.flush()  # the removals too in the store's files, which the next rebuild's checkpoint takes


# ---------------------------------------------------------------- what a rebuild takes from the last build

MANIFEST = ".build.json"  # in the output folder: what each graph and record was made from
_MANIFEST_FORMAT = 1


def _graph_keys(builds: list, keys: list[str], made: dict[str, bytes], iris: Iris) -> dict[str, str]:
    """Each graph the store holds (the inferred graph by the reference data's inferences) by what it was made from."""
    graphs = {str(iris.graph("document", b.digest.document.id)): key for b, key in zip(builds, keys)}
    for name, data in made.items():
        graphs[str(iris.graph(name))] = hashlib.sha256(data).hexdigest()
    return graphs


def _previous_build(out: Path, iris: Iris) -> tuple[Path, dict] | None:
    """The last build's folder and manifest, when this code and this base made it."""
    folder = Path(out).resolve() if Path(out).is_symlink() else Path(out)
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if manifest.get("format") != _MANIFEST_FORMAT or manifest.get("code") != cache.code_version() \
            or manifest.get("base") != iris.base or not (folder / oxstore.STORE_DIR).is_dir():
        return None
    return folder, manifest


def _write_manifest(staging: Path, iris: Iris, graphs: dict[str, str], documents: dict[str, str],
                    store: str, inferred: list, sizes: dict[str, int]) -> None:
    (staging / MANIFEST).write_text(json.dumps({
        "format": _MANIFEST_FORMAT, "code": cache.code_version(), "base": iris.base, "graphs": graphs,
        "documents": documents, "store": store, "inferred": inferred,
        "sizes": sizes}, indent=1, sort_keys=True) + "\n",
        encoding="utf-8")


SHARED = ".shared"  # in the output folder: the graphs made for the whole corpus, as N-Triples


def _added_to_previous(previous, graphs: dict[str, str], builds: list, made: dict[str, bytes], iris: Iris,
                       path: Path, removed: list | None = None, sizes: dict | None = None):
    """The last build's store (a RocksDB checkpoint: hard links) plus what the documents added since
    bring; None when anything else changed (a document removed or changed, the ontology, reference
    data or its inferences that lost a triple, the code), and the store is then loaded afresh.

    Added: the new documents' graphs, and the triples the reference data gained (the organisations
    they name). The inferred graph gains the new documents' inferred triples and the reference
    data's new ones that no graph asserts, and loses those the added triples assert — which, the
    graphs only growing, is what the cold path's `remove_asserted_from` gives. `removed` gets the
    added triples that the inferred graph held (as asserted); `sizes` each graph's triples (no scan
    of the store: the last build's figures, the added graphs counted, the inferred graph's changes)."""
    removed = [] if removed is None else removed
    if previous is None:
        return None
    folder, manifest = previous
    before = manifest.get("graphs", {})
    documents = {str(iris.graph("document", b.digest.document.id)): b for b in builds}
    if any(graphs.get(name) != key for name, key in before.items() if name in documents or name not in graphs):
        return None  # a document removed or changed
    if before.get(str(iris.graph("ontology"))) != graphs.get(str(iris.graph("ontology"))):
        return None
    gained = {}
    for name in ("reference", "inferred"):
        old, new = _triples(_read(folder / SHARED / f"{name}.nt")), _triples(made[name])
        if old is None or not old <= new:
            return None
        gained[name] = [t for t in dict.fromkeys(_parse(made[name])) if t not in old]
    old_store = ox.Store.read_only(str(folder / oxstore.STORE_DIR))
    old_store.backup(str(path))
    del old_store
    store = ox.Store(str(path))
    inferred = ox.NamedNode(str(iris.graph("inferred")))
    asserted = [(ox.NamedNode(name), list(_parse(b.graph))) for name, b in documents.items() if name not in before]
    asserted.append((ox.NamedNode(str(iris.graph("reference"))), gained["reference"]))
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, graph) for graph, triples in asserted for t in triples)
    for _, triples in asserted:  # what is asserted now is no longer inferred
        for t in triples:
            quad = ox.Quad(t.subject, t.predicate, t.object, inferred)
            if quad in store:
                store.remove(quad)
                removed.append(t)
    candidates = gained["inferred"] + [t for name, b in documents.items() if name not in before
                                       for t in _parse(b.inferred)]
    added = 0
    for t in candidates:  # one at a time: a quad the store already holds (in any lexical form) is not counted
        quad = ox.Quad(t.subject, t.predicate, t.object, inferred)
        if quad not in store and not any(q.graph_name != inferred
                                         for q in store.quads_for_pattern(t.subject, t.predicate, t.object)):
            store.add(quad)
            added += 1
    if sizes is not None:  # the graphs' sizes: the last build's, the changed graphs' counted
        found = dict(manifest.get("sizes") or {})
        for graph, _ in asserted:
            found[graph.value] = _count(store, graph)
        found[inferred.value] = found.get(inferred.value, 0) - len(removed) + added
        if manifest.get("sizes"):  # as graph_sizes gives them: the graphs holding triples, by name
            sizes.update(sorted((name, n) for name, n in found.items() if n))
    # The single additions and removals are in RocksDB's write-ahead log until flushed: the next
    # rebuild's checkpoint of this store, opened read-only, would not hold them (a second rebuild
    # lost them: the inferred graph got back triples removed and lost those added).
    store.flush()
    oxstore.add_to_union(folder / oxstore.UNION_DIR, path.parent / oxstore.UNION_DIR, store,
                         [t for _, triples in asserted for t in triples] + candidates)
    return store


def _count(store, graph) -> int:
    rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
    return int(next(iter(rows))["n"].value)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _parse(data: bytes):
    return (q.triple for q in ox.parse(data, ox.RdfFormat.N_TRIPLES)) if data else iter(())


def _triples(data: bytes | None) -> set | None:
    return None if data is None else set(_parse(data))


def _write_shared(staging: Path, made: dict[str, bytes]) -> None:
    (staging / SHARED).mkdir()
    for name, data in made.items():
        (staging / SHARED / f"{name}.nt").write_bytes(data)


def _linked_records(previous, document: str, key: str, staging: Path) -> list[Path]:
    """The document's records files, hard links to the last build's when it was made from the same build."""
    if previous is None or previous[1].get("documents", {}).get(document) != key:
        return []
    folder = previous[0] / "records"
    if not (folder / f"{document}.json").is_file():
        return []
    tables = sorted((folder / document).glob("*.csv"))
    records = staging / "records"
    (records / document if tables else records).mkdir(parents=True, exist_ok=True)  # once, not once per file
    linked = []
    for path, target in [(folder / f"{document}.json", records / f"{document}.json"),
                         *((t, records / document / t.name) for t in tables)]:
        try:
            os.link(path, target)
        except OSError:
            shutil.copyfile(path, target)
        linked.append(target)
    return linked


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
        made = {"reference": _sorted(_ntriples(reference)), "ontology": _sorted(_ntriples(ontology)),
                "inferred": _sorted(_ntriples(infer(reference, ontology).inferred))}
        cache.store(key, made)
    return made


def _sorted(data: bytes) -> bytes:
    """N-Triples lines sorted: rdflib writes a graph in its sets' order, which differs from process to
    process (str hashes), and the exports' Turtle and RDF/XML follow the order given."""
    return b"".join(line + b"\n" for line in sorted(set(data.splitlines())) if line.strip())


def _export_source(builds: list, made: dict[str, bytes], iris: Iris, keys: list[str], inferred):
    """The exports' triples as the mapping and the reasoner made them (the store normalises literals),
    each graph keyed by what it was made from (its document's cache key, or its content), and the
    inferred graph in `inferred`'s parts (graph/inferred_parts: `InferredParts`)."""
    from .chunks import chunk_key
    from .exports import Source

    graphs, graph_keys = [], {}
    for b, key in zip(builds, keys):
        name = str(iris.graph("document", b.digest.document.id))
        graphs.append((name, lambda b=b: _parsed(b.graph)()))  # read when a chunk is made: the cache keeps it apart
        graph_keys[name] = chunk_key("graph", name, key)
    for shared in ("reference", "ontology"):
        name = str(iris.graph(shared))
        graphs.append((name, _parsed(made[shared])))
        graph_keys[name] = chunk_key("graph", name, _digest(made[shared]))
    parts = inferred.parts
    return Source(sorted(graphs), str(iris.graph("inferred")), lambda: (t for _, triples in parts for t in triples()),
                  graph_keys, parts)


def _parsed(data: bytes):
    return lambda: (q.triple for q in ox.parse(data, ox.RdfFormat.N_TRIPLES)) if data else iter(())


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _triple_counts(sizes: dict[str, int], iris: Iris, documents) -> dict[str, int]:
    counts = {f"document {d.document.id}": sizes.get(str(iris.graph("document", d.document.id)), 0)
              for d in documents}
    for name in ("reference", "ontology", "inferred"):
        counts[name] = sizes.get(str(iris.graph(name)), 0)
    return counts


# ---------------------------------------------------------------- the inferred graph's parts

_KEPT_AS_WRITTEN = {"http://www.w3.org/2001/XMLSchema#string",  # literals the store does not normalise
                    "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}
INFERRED_INDEX = ".inferred.npz"  # in the output folder: which inferred part holds each triple (by hash)


class _Cold(Exception):
    """The last build's parts cannot be taken as they are: make them all afresh."""


@dataclass
class InferredParts:
    """The inferred graph in parts: the reference data's, then each document's, in the documents'
    order — what the store kept of the source's inferred triples (nothing another graph asserts) and
    no triple an earlier part holds. `parts`: (chunk name, triples function) each; `manifest`:
    [source key, chunk name] each (kept in the manifest); `hashes`, `owners`: each part's triples'
    64-bit BLAKE2b hashes (of the N-Triples form) sorted, beside the position of the part holding it."""

    parts: list
    manifest: list
    hashes: np.ndarray
    owners: np.ndarray

    def write_index(self, path: Path) -> None:
        with path.open("wb") as handle:
            np.savez(handle, hashes=self.hashes, owners=self.owners)


def _triple_hash(triple) -> int:
    return int.from_bytes(hashlib.blake2b(str(triple).encode(), digest_size=8).digest(), "little")


def _index(hashes: list[int], owners: list[int]) -> tuple[np.ndarray, np.ndarray]:
    found, held = np.array(hashes, dtype=np.uint64), np.array(owners, dtype=np.int32)
    order = np.argsort(found, kind="stable")
    return found[order], held[order]


def _part(key: str, part: list, whole: bool):
    """A part's chunk name: a build's whole inferred graph is named by the build, any other part by its triples."""
    from .chunks import chunk_key

    name = chunk_key("inferred", key) if whole else chunk_key(
        "inferred", key, _digest("\n".join(map(str, part)).encode()))
    return name, lambda: iter(part)


def _inferred_parts(store, builds: list, made: dict[str, bytes], iris: Iris, keys: list[str], previous,
                    removed: list, kept: Path | None) -> InferredParts:
    """The inferred graph's parts (`InferredParts`). After documents added to the last build's store
    (`previous`, `removed`: what the added graphs took out of the inferred graph), from the last
    build's parts: a document's part is the same unless it lost a triple — to the removed ones, or
    to a new part before it — and only the new documents' inferred triples are read (`_added_parts`)."""
    target = ox.NamedNode(str(iris.graph("inferred")))
    # each source's N-Triples when asked for: a cached build reads its inferred graph then (graph/cache.py's Apart)
    sources = [(lambda: made["inferred"], _digest(made["inferred"]))]
    sources += [(lambda b=b: b.inferred, key) for b, key in zip(builds, keys)]
    if previous is not None and kept is not None:
        try:
            return _added_parts(store, sources, target, previous, removed, kept)
        except _Cold:
            pass
    parts, seen, hashes, owners = [], set(), [], []
    for k, (data, key) in enumerate(sources):
        part, whole = [], True
        for t in _parsed(data())():
            if t not in seen and ox.Quad(t.subject, t.predicate, t.object, target) in store:
                seen.add(t)
                part.append(t)
            else:
                whole = False
        hashes += map(_triple_hash, part)
        owners += [k] * len(part)
        parts.append(_part(key, part, whole))
    return InferredParts(parts, [[key, name] for (_, key), (name, _) in zip(sources, parts)], *_index(hashes, owners))


def _added_parts(store, sources: list, target, previous, removed: list, kept: Path) -> InferredParts:
    """`_inferred_parts` from the last build's parts (the module doc of each step is inline); raises
    `_Cold` when they cannot be used. A part of the last build loses exactly the removed triples and
    those a new part before it now holds: each is found by the index of hashes, and checked against
    the part's N-Triples chunk (kept in `kept`), so a hash collision costs time, never a triple."""
    folder, manifest = previous
    old = manifest.get("inferred")
    try:
        with np.load(folder / INFERRED_INDEX) as index:
            old_hashes, old_owners = index["hashes"], index["owners"]
    except (OSError, ValueError, KeyError):
        raise _Cold from None
    if not isinstance(old, list):
        raise _Cold
    by_key = {key: j for j, (key, _) in enumerate(old)}
    position = {by_key[key]: k for k, (_, key) in enumerate(sources) if key in by_key}  # old part -> its place now
    if [k for _, k in sorted(position.items())] != sorted(position.values()):
        raise _Cold  # the documents' order changed
    texts: dict[int, set] = {}

    def held(j: int) -> set:  # the last build's part j, as its chunk holds it
        if j not in texts:
            try:
                texts[j] = set(_parsed((kept / f"{old[j][1]}.nt").read_bytes())())
            except OSError:
                raise _Cold from None
        return texts[j]

    def owners(t) -> list[int]:
        h = np.uint64(_triple_hash(t))
        first, last = np.searchsorted(old_hashes, h, "left"), np.searchsorted(old_hashes, h, "right")
        return [int(j) for j in old_owners[first:last] if t in held(int(j))]

    lost: dict[int, set] = {}
    for t in removed:  # each was in the inferred graph, so in one part, in this lexical form (else: afresh)
        if isinstance(t.object, ox.Literal) and t.object.datatype.value not in _KEPT_AS_WRITTEN:
            raise _Cold  # the store may have matched another lexical form of it (graph/store.py)
        found = owners(t)
        if not found:
            raise _Cold
        for j in found:
            lost.setdefault(j, set()).add(t)
    parts, manifest_parts, hashes, owners_now, made = [], [], [], [], set()
    remap = np.full(len(old) + 1, -1, dtype=np.int64)
    for k, (data, key) in enumerate(sources):
        j = by_key.get(key)
        if j is not None and not lost.get(j):  # as the last build had it
            name = old[j][1]
            if not (kept / f"{name}.json").is_file():
                raise _Cold
            parts.append((name, lambda data=data, j=j: _in_order(data(), held(j))))
            manifest_parts.append([key, name])
            remap[j] = k
            continue
        part, chosen, count = [], set(), 0
        if j is not None:  # the last build's part less what it lost
            keep = held(j) - lost[j]
            for t in _parsed(data())():
                count += 1
                if t in keep and t not in chosen:
                    chosen.add(t)
                    part.append(t)
        else:  # a new document's (or the reference data's new) inferred triples
            for t in _parsed(data())():
                count += 1
                if t in chosen or t in made or ox.Quad(t.subject, t.predicate, t.object, target) not in store:
                    continue
                holders = owners(t)
                if any(position.get(h, k) < k and t not in lost.get(h, ()) for h in holders):
                    continue  # an earlier part of the last build holds it still
                chosen.add(t)
                part.append(t)
                for h in holders:  # a later part of the last build loses it to this one
                    if position.get(h, -1) > k:
                        lost.setdefault(h, set()).add(t)
            made |= chosen
        hashes += map(_triple_hash, part)
        owners_now += [k] * len(part)
        parts.append(_part(key, part, len(part) == count))
        manifest_parts.append([key, parts[-1][0]])
    taken = remap[old_owners] >= 0
    found, held_by = _index(hashes, owners_now)
    all_hashes = np.concatenate([old_hashes[taken], found])
    order = np.argsort(all_hashes, kind="stable")
    return InferredParts(parts, manifest_parts, all_hashes[order],
                         np.concatenate([remap[old_owners][taken].astype(np.int32), held_by])[order])


def _in_order(data: bytes, part: set):
    """The part's triples in the order its build made them (the chunks' Turtle and RDF/XML follow it)."""
    chosen = set()
    for t in _parsed(data)():
        if t in part and t not in chosen:
            chosen.add(t)
            yield t
