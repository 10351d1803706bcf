"""The per-document pipeline: inference per document equals OWL 2 RL over the whole graph, and the
cache makes a rebuild after one more document do the work of that one document."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from rdflib import Graph

from graph import pipeline
from graph.namespaces import DEFAULT_BASE, Iris
from graph.paths import BUNDLED_CURATION, PROJECT_ROOT
from graph.sources import read_source
from graph.store import graph_sizes, open_store

sys.path.insert(0, str(PROJECT_ROOT / "bench"))
from generate import generate  # noqa: E402

IRIS = Iris(DEFAULT_BASE)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The two bundled documents and three synthetic ones (the 2020 roadmap, the 2022 grant plan with
    its curation, the 2021 roadmap as templates)."""
    folder = tmp_path_factory.mktemp("corpus")
    synthetic = generate(3, folder)
    return folder, synthetic


def _per_document_inferred(sources, curation) -> tuple[set, set]:
    """What build() puts in the inferred graph, and everything asserted (as rdflib triples)."""
    builds = [pipeline.process_document(s, c, DEFAULT_BASE) for s, c in zip(sources, curation)]
    used = [org for b in builds for org in b.records.organisations]
    reference = pipeline.reference_graph(IRIS, used_organisations=used)
    asserted = set(reference) | set(pipeline._ontology())
    inferred = set(pipeline.infer(reference, pipeline._ontology()).inferred)
    for b in builds:
        asserted |= set(Graph().parse(data=b.graph, format="nt"))
        inferred |= set(Graph().parse(data=b.inferred, format="nt"))
    return inferred - asserted, asserted


def test_per_document_inference_equals_whole_graph_inference(corpus):
    folder, synthetic = corpus
    seeds = [PROJECT_ROOT / "data/sources/000_d466afb8a09bde20.txt", PROJECT_ROOT / "data/sources/004_9c6dcb8432dd657d.txt"]
    paths = seeds + synthetic
    sources = [read_source(p) for p in paths]
    curation = [BUNDLED_CURATION] * 2 + [folder / "curation"] * 3
    per_document, asserted = _per_document_inferred(sources, curation)

    documents = [pipeline.read_one(s, c)[0] for s, c in zip(sources, curation)]
    dataset, whole = pipeline.make_graph(documents)
    whole_inferred = set(whole.inferred)
    assert per_document == whole_inferred
    # the kinds of axiom the ontology uses all fire on this corpus: sub-class and domain/range typing
    # (rdf:type), inverses (responsibleFor, hasPart, hasAllocation), super-properties (partOf,
    # isPartOf, spatial, audience, identifier, references) and the ontology's own entailments
    fired = {str(p).rsplit("#", 1)[-1].rsplit("/", 1)[-1] for _, p, _ in whole_inferred}
    assert fired >= {"type", "responsibleFor", "hasPart", "isPartOf", "partOf", "hasAllocation", "spatial",
                     "audience", "identifier", "references", "subClassOf"}
    assert len(whole_inferred) > 3_000


def test_a_rebuild_after_one_more_document_processes_only_that_one(corpus, tmp_path):
    folder, synthetic = corpus
    cache = tmp_path / "cache"
    first = pipeline.build(synthetic[:2], tmp_path / "a", curation_dir=folder / "curation", docs=False,
                           cache_folder=cache)
    assert first.made == 2
    second = pipeline.build(synthetic, tmp_path / "b", curation_dir=folder / "curation", docs=False,
                            cache_folder=cache)
    assert second.made == 1
    again = pipeline.build(synthetic, tmp_path / "c", curation_dir=folder / "curation", docs=False,
                           cache_folder=cache)
    assert again.made == 0
    fresh = pipeline.build(synthetic, tmp_path / "d", curation_dir=folder / "curation", docs=False,
                           cache_folder=False, jobs=1)
    assert fresh.made == 3
    exports = sorted(p.name for p in (tmp_path / "d" / "rdf").iterdir())
    assert {"dataset.nq", "all.nt", "all.jsonld", "asserted.jsonld", "description.ttl"} <= set(exports)
    for name in exports:  # the cache (documents, JSON-LD graphs) changes nothing in what is written
        for build in ("b", "c"):  # one document made and two from the cache; all three from the cache
            assert (tmp_path / build / "rdf" / name).read_bytes() == (tmp_path / "d" / "rdf" / name).read_bytes(), \
                (build, name)
    assert second.triples == fresh.triples
    store = open_store(tmp_path / "c")
    assert len(store) == sum(fresh.triples.values())


def test_a_changed_document_is_processed_again(corpus, tmp_path):
    folder, synthetic = corpus
    cache = tmp_path / "cache"
    copy = tmp_path / synthetic[0].name
    copy.write_bytes(synthetic[0].read_bytes())
    assert pipeline.build([copy], tmp_path / "a", curation_dir=folder / "curation", docs=False,
                          cache_folder=cache).made == 1
    text = copy.read_text(encoding="utf-8")
    changed = text.replace("\t", " (изменено)\t", 1)  # a title gains two words
    assert changed != text
    copy.write_text(changed, encoding="utf-8")
    assert pipeline.build([copy], tmp_path / "b", curation_dir=folder / "curation", docs=False,
                          cache_folder=cache).made == 1


def _quads(folder) -> set:
    return set(open_store(folder))


def test_a_rebuild_into_the_same_folder_adds_to_the_last_build(corpus, tmp_path):
    """One more document built into the same folder: the store is the last one's plus that document
    (graph/write.py), the records of the others are the last build's files, and everything written
    is what a cold build of the same documents writes, byte for byte."""
    import json

    folder, synthetic = corpus
    cache, out = tmp_path / "cache", tmp_path / "out"
    pipeline.build(synthetic[:2], out, curation_dir=folder / "curation", docs=False, cache_folder=cache)
    first = json.loads((out / ".build.json").read_text(encoding="utf-8"))
    assert first["store"] == "loaded afresh"
    kept = synthetic[0].stem
    inode = (out / "records" / f"{kept}.json").stat().st_ino
    pipeline.build(synthetic, out, curation_dir=folder / "curation", docs=False, cache_folder=cache)
    assert json.loads((out / ".build.json").read_text(encoding="utf-8"))["store"] == "added to the last build's"
    assert (out / "records" / f"{kept}.json").stat().st_ino == inode  # the same file, linked
    cold = pipeline.build(synthetic, tmp_path / "cold", curation_dir=folder / "curation", docs=False,
                          cache_folder=False, jobs=1)
    names = sorted(p.relative_to(tmp_path / "cold") for p in (tmp_path / "cold").rglob("*")
                   if p.is_file() and "store" not in p.parts and p.name != ".build.json")
    assert {Path("rdf/dataset.nq"), Path("rdf/all.jsonld"), Path(f"records/{kept}.json")} <= set(names)
    for name in names:
        if name.parts[0] in ("rdf", "records", ".shared"):
            assert (out / name).read_bytes() == (tmp_path / "cold" / name).read_bytes(), name
    assert _quads(out) == _quads(tmp_path / "cold")
    assert len(_quads(out)) == sum(cold.triples.values())
    # the graphs' sizes kept from the last build and updated (no scan) are the store's, and the cold build's
    rebuilt, made = (json.loads((folder / ".build.json").read_text(encoding="utf-8")) for folder in (out, tmp_path / "cold"))
    assert rebuilt["sizes"] == graph_sizes(open_store(out)) == made["sizes"]
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["triples"] == cold.triples
    # the inferred graph's parts, taken from the last build's, are the cold build's, and so is their index
    assert rebuilt["inferred"] == made["inferred"] and len(made["inferred"]) == 4  # the reference data's, 3 documents'
    with np.load(out / ".inferred.npz") as index, np.load(tmp_path / "cold" / ".inferred.npz") as expected:
        assert all(np.array_equal(index[name], expected[name]) for name in ("hashes", "owners"))
        assert index["hashes"].size == cold.triples["inferred"]


def test_a_rebuild_with_a_document_left_out_is_a_cold_one(corpus, tmp_path):
    folder, synthetic = corpus
    cache, out = tmp_path / "cache", tmp_path / "out"
    pipeline.build(synthetic, out, curation_dir=folder / "curation", docs=False, cache_folder=cache)
    pipeline.build(synthetic[:2], out, curation_dir=folder / "curation", docs=False, cache_folder=cache)
    import json

    assert json.loads((out / ".build.json").read_text(encoding="utf-8"))["store"] == "loaded afresh"
    cold = tmp_path / "cold"
    pipeline.build(synthetic[:2], cold, curation_dir=folder / "curation", docs=False, cache_folder=False, jobs=1)
    assert _quads(out) == _quads(cold)
    assert (out / "rdf" / "dataset.nq").read_bytes() == (cold / "rdf" / "dataset.nq").read_bytes()


def test_a_changed_document_rebuilt_into_the_same_folder(corpus, tmp_path):
    """A changed document loads the store afresh; the unchanged document's records are still the last
    build's files (linked, never rewritten in place), the changed one's are new, and everything equals
    a cold build of the documents as they are now."""
    import json

    folder, synthetic = corpus
    cache, out = tmp_path / "cache", tmp_path / "out"
    copies = []
    for path in synthetic[:2]:
        copies.append(tmp_path / path.name)
        copies[-1].write_bytes(path.read_bytes())
    pipeline.build(copies, out, curation_dir=folder / "curation", docs=False, cache_folder=cache)
    changed, kept = (out / "records" / f"{p.stem}.json" for p in copies)  # the roadmap changes (no curation)
    kept_inode, changed_inode, before = kept.stat().st_ino, changed.stat().st_ino, changed.read_bytes()
    text = copies[0].read_text(encoding="utf-8")
    copies[0].write_text(text.replace("\t", " (изменено)\t", 1), encoding="utf-8")
    assert copies[0].read_text(encoding="utf-8") != text
    pipeline.build(copies, out, curation_dir=folder / "curation", docs=False, cache_folder=cache)
    assert json.loads((out / ".build.json").read_text(encoding="utf-8"))["store"] == "loaded afresh"
    assert kept.stat().st_ino == kept_inode
    assert changed.stat().st_ino != changed_inode and changed.read_bytes() != before
    cold = tmp_path / "cold"
    pipeline.build(copies, cold, curation_dir=folder / "curation", docs=False, cache_folder=False, jobs=1)
    assert _quads(out) == _quads(cold)
    for name in ("dataset.nq", "all.jsonld", "all.ttl", "asserted.rdf"):
        assert (out / "rdf" / name).read_bytes() == (cold / "rdf" / name).read_bytes(), name
    for path in (kept, changed):
        assert path.read_bytes() == (cold / "records" / path.name).read_bytes()
