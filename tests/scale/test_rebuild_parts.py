"""A rebuild after added documents (graph/write.py): the inferred graph's parts taken from the last
build's manifest and index equal the parts a cold build makes — also when an added document takes
triples from the last build's parts — and the VoID hashes merged into the last merge equal a merge of
every chunk (graph/chunks.py's merged_hashes)."""
from __future__ import annotations

import io
from types import SimpleNamespace

import numpy as np
import pyoxigraph as ox

from graph import chunks, write
from graph.namespaces import DEFAULT_BASE, Iris

IRIS = Iris(DEFAULT_BASE)
EX = "http://example.org/"
INFERRED = ox.NamedNode(str(IRIS.graph("inferred")))
PREFIXES = {"ex": EX}


def _t(s: str, p: str, o: str) -> ox.Triple:
    return ox.Triple(ox.NamedNode(EX + s), ox.NamedNode(EX + p), ox.NamedNode(EX + o))


def _nt(*triples) -> bytes:
    return ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES)


def _store(triples) -> ox.Store:
    store = ox.Store()
    store.extend(ox.Quad(*t, INFERRED) for t in triples)
    return store


class _Counted:
    """A store that counts the triples looked up in it."""

    def __init__(self, store):
        self.store, self.looked_up = store, 0

    def __contains__(self, quad):
        self.looked_up += 1
        return quad in self.store


def _parts(store, sources, previous=None, removed=(), kept=None):
    """write._inferred_parts of documents whose inferred N-Triples are `sources` (key -> triples)."""
    builds = [SimpleNamespace(inferred=_nt(*triples)) for triples in sources.values()]
    made = {"inferred": _nt(_t("r", "p", "r1"))}
    return write._inferred_parts(store, builds, made, IRIS, list(sources), previous, list(removed), kept)


def _listed(found) -> list:
    return [(name, list(triples())) for name, triples in found.parts]


def _kept(tmp_path, found) -> None:
    """The parts' chunks, as a build's exports keep them in the cache's parts/ (graph/exports.py)."""
    heads = chunks.headers(PREFIXES)
    for name, triples in found.parts:
        chunks.make(tmp_path, name, INFERRED.value, triples(), PREFIXES, heads)


def _previous(tmp_path, found):
    folder = tmp_path / "last"
    folder.mkdir()
    found.write_index(folder / write.INFERRED_INDEX)
    return folder, {"inferred": found.manifest}


def test_parts_after_an_added_document_equal_the_cold_ones(tmp_path):
    """B's part loses `y` to C, added before it; A's loses `a2`, which C asserts (the store drops it
    from the inferred graph); B's `x` stays A's. The index says which part holds each triple."""
    a1, a2, x, y, b1, c1 = (_t("a", "p", "1"), _t("a", "p", "2"), _t("x", "p", "x"), _t("y", "p", "y"),
                            _t("b", "p", "1"), _t("c", "p", "1"))
    r1 = _t("r", "p", "r1")
    before = {"A": [a1, a2, x], "B": [b1, x, y]}
    last = _parts(_store([r1, a1, a2, x, y, b1]), before)
    assert [t for _, t in _listed(last)] == [[r1], [a1, a2, x], [b1, y]]
    _kept(tmp_path, last)
    after = {"A": [a1, a2, x], "C": [y, c1, a2], "B": [b1, x, y]}
    store = _store([r1, a1, x, y, b1, c1])  # a2 asserted by C: no longer inferred
    cold = _parts(store, after)
    counted = _Counted(store)
    added = _parts(counted, after, _previous(tmp_path, last), removed=[a2], kept=tmp_path)
    assert counted.looked_up == 3  # only the added document's triples: the others' parts come from the last build
    assert _listed(cold) == [(cold.parts[0][0], [r1]), (cold.parts[1][0], [a1, x]),
                             (cold.parts[2][0], [y, c1]), (cold.parts[3][0], [b1])]
    assert _listed(added) == _listed(cold)
    assert added.manifest == cold.manifest
    assert cold.parts[0][0] == last.parts[0][0] and cold.parts[1][0] != last.parts[1][0]  # A lost a2
    assert np.array_equal(added.hashes, cold.hashes) and np.array_equal(added.owners, cold.owners)
    assert sorted(zip(cold.hashes.tolist(), cold.owners.tolist())) == sorted(
        (write._triple_hash(t), k) for k, (_, triples) in enumerate(_listed(cold)) for t in triples)


def test_parts_of_the_last_build_without_their_chunks_are_made_afresh(tmp_path):
    a1, b1 = _t("a", "p", "1"), _t("b", "p", "1")
    before = {"A": [a1]}
    last = _parts(_store([_t("r", "p", "r1"), a1]), before)  # no chunks kept
    store = _store([_t("r", "p", "r1"), a1, b1])
    added = _parts(store, {"A": [a1], "B": [b1]}, _previous(tmp_path, last), kept=tmp_path)
    assert _listed(added) == _listed(_parts(store, {"A": [a1], "B": [b1]}))


def _stats(path, **arrays) -> chunks.Chunk:
    buffer = io.BytesIO()
    np.savez(buffer, **{kind: np.unique(np.array(arrays.get(kind, []), dtype=np.uint64)) for kind in chunks._HASHED})
    path.write_bytes(buffer.getvalue())
    return chunks.Chunk(path.stem, {}, 0, {"predicates": {}, "classes": {}}, path)


def test_merged_hashes_add_the_new_chunks_to_the_last_merge(tmp_path):
    one = _stats(tmp_path / "one.stats.npz", triples=[5, 1, 9], classes=[2])
    two = _stats(tmp_path / "two.stats.npz", triples=[9, 3], classes=[2, 7])
    three = _stats(tmp_path / "three.stats.npz", triples=[4, 1, 12], distinctObjects=[8])
    assert chunks.merged_hashes([one, two])["triples"].tolist() == [1, 3, 5, 9]
    assert (tmp_path / chunks.MERGED).is_file()
    merged = chunks.merged_hashes([one, two, three])  # the last merge plus three's
    assert merged["triples"].tolist() == [1, 3, 4, 5, 9, 12]
    assert merged["classes"].tolist() == [2, 7] and merged["distinctObjects"].tolist() == [8]
    assert chunks.merged_hashes([two, three])["triples"].tolist() == [1, 3, 4, 9, 12]  # one left out: afresh


def test_two_rebuilds_into_the_same_folder_keep_every_change(tmp_path):
    """A rebuild's single additions and removals in the store (the inferred graph's) are in the store
    the next rebuild starts from: after two rebuilds the store, its graphs' sizes and the dump are a
    cold build's."""
    import json

    from graph import pipeline
    from graph.paths import PROJECT_ROOT
    from graph.store import graph_sizes, open_store
    import sys

    sys.path.insert(0, str(PROJECT_ROOT / "bench"))
    from generate import generate

    synthetic = generate(3, tmp_path / "corpus")
    curation, cache, out = tmp_path / "corpus" / "curation", tmp_path / "cache", tmp_path / "out"
    for n in (1, 2, 3):
        pipeline.build(synthetic[:n], out, curation_dir=curation, docs=False, cache_folder=cache)
    manifest = json.loads((out / ".build.json").read_text(encoding="utf-8"))
    assert manifest["store"] == "added to the last build's"
    cold = pipeline.build(synthetic, tmp_path / "cold", curation_dir=curation, docs=False, cache_folder=False, jobs=1)
    assert set(open_store(out)) == set(open_store(tmp_path / "cold"))
    assert manifest["sizes"] == graph_sizes(open_store(out)) == graph_sizes(open_store(tmp_path / "cold"))
    assert sum(manifest["sizes"].values()) == sum(cold.triples.values())
    assert (out / "rdf" / "dataset.nq").read_bytes() == (tmp_path / "cold" / "rdf" / "dataset.nq").read_bytes()
