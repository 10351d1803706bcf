"""A rebuild after one more document (N + 1 over the N build, the N documents from the cache, the added one made in a
worker process while the cached load) writes what a cold build of the N + 1 documents writes: every output file
compared byte for byte, except the stores' binary files (build/union is compared by its triples), the network part's
(network.html, analytics/, .network-fragments) and the figures that say how the build went (summary.json's seconds and
documents made, the manifest's "store", the export files' times in their layouts)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from graph import pipeline
from graph.exports import LAYOUTS_FILE
from graph.paths import PROJECT_ROOT

SKIPPED = ("store", "union", ".network-fragments", "analytics", "network.html")


def _files(folder: Path) -> dict[str, Path]:
    return {str(p.relative_to(folder)): p for p in sorted(folder.rglob("*"))
            if p.is_file() and p.relative_to(folder).parts[0] not in SKIPPED}


def _without_timing(path: Path) -> bytes:
    data = json.loads(path.read_text(encoding="utf-8"))
    if path.name == "summary.json":
        data.pop("seconds"), data.pop("documents made")
    elif path.name == LAYOUTS_FILE:  # where each chunk lies in each file, the same; the files' times not
        for layout in data["files"].values():
            layout.pop("mtime_ns")
    else:
        data.pop("store")
    return json.dumps(data, sort_keys=True).encode()


def test_a_rebuild_after_one_more_document_writes_what_a_cold_build_writes(tmp_path):
    sys.path.insert(0, str(PROJECT_ROOT / "bench"))
    from generate import generate

    synthetic = generate(4, tmp_path / "corpus")
    curation, cache, out = tmp_path / "corpus" / "curation", tmp_path / "cache", tmp_path / "out"
    pipeline.build(synthetic[:3], out, curation_dir=curation, docs=False, cache_folder=cache)
    rebuilt = pipeline.build(synthetic, out, curation_dir=curation, docs=False, cache_folder=cache)
    assert rebuilt.made == 1
    # the cached documents' records were not unpickled: their records files are the last build's (hard links)
    assert [b.digest.document.id for b in rebuilt.builds if "records" in vars(b)] == [synthetic[3].stem]
    assert json.loads((out / ".build.json").read_text(encoding="utf-8"))["store"] == "added to the last build's"
    pipeline.build(synthetic, tmp_path / "cold", curation_dir=curation, docs=False, cache_folder=tmp_path / "cold-cache")
    warm, cold = _files(out), _files(tmp_path / "cold")
    assert sorted(warm) == sorted(cold)
    assert len(warm) > 20 and "rdf/description.ttl" in warm and "records/" + synthetic[3].stem + ".json" in warm
    differing = [name for name in warm if (
        _without_timing(warm[name]) != _without_timing(cold[name])
        if name in ("summary.json", ".build.json", LAYOUTS_FILE)
        else warm[name].read_bytes() != cold[name].read_bytes())]
    assert differing == []
    _languages_as_a_scan_finds_them(out)
    _examples_as_the_store_finds_them(out)
    _union_as_a_cold_build_holds_it(out, tmp_path / "cold")


def _union_as_a_cold_build_holds_it(out: Path, cold: Path) -> None:
    """build/union after the rebuild (the last build's union plus the added triples) holds the cold build's
    triples: those of every graph of the store, each once."""
    from graph.store import open_store, open_union

    def triples(store):
        return {(q.subject, q.predicate, q.object) for q in store}

    rebuilt, made = triples(open_union(out)), triples(open_union(cold))
    assert rebuilt == made == triples(open_store(cold)) and len(rebuilt) > 1000


def _languages_as_a_scan_finds_them(out: Path) -> None:
    """The description's languages, which the chunks counted, are those a scan of the store's labels finds."""
    from rdflib import Graph
    from rdflib.namespace import DCTERMS

    from graph import describe
    from graph.namespaces import DEFAULT_BASE, Iris
    from graph.store import as_dataset, open_store

    described = Graph().parse(out / "rdf" / "description.ttl").objects(Iris(DEFAULT_BASE).dataset(), DCTERMS.language)
    scanned = describe._languages(as_dataset(open_store(out), DEFAULT_BASE), Graph().parse(describe.VOCABULARIES))
    assert sorted(map(str, described)) == sorted(map(str, scanned)) and scanned


def _examples_as_the_store_finds_them(out: Path) -> None:
    """The description's example resources, which the chunks kept, are those the store's MIN query finds."""
    from rdflib import Graph
    from rdflib.namespace import VOID

    from graph import describe
    from graph.namespaces import DEFAULT_BASE, Iris
    from graph.store import as_dataset, open_store

    me = Iris(DEFAULT_BASE).dataset()
    described = set(Graph().parse(out / "rdf" / "description.ttl").objects(me, VOID.exampleResource))
    queried = Graph()
    describe._examples(queried, me, as_dataset(open_store(out), DEFAULT_BASE))
    assert described == set(queried.objects(me, VOID.exampleResource)) and len(described) == 3
