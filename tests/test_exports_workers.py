"""Each document's export chunks are made where its build is made (graph/exports.py's document_chunks,
called by graph/pipeline.py after caching the build): the write step then only joins them, and what
it writes is what a build without any cache writes, byte for byte."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from graph import chunks, exports, pipeline
from graph.namespaces import DEFAULT_BASE, Iris
from graph.paths import PROJECT_ROOT

sys.path.insert(0, str(PROJECT_ROOT / "bench"))
from generate import generate  # noqa: E402

IRIS = Iris(DEFAULT_BASE)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Two synthetic documents (bench/generate.py) and their curation folder."""
    folder = tmp_path_factory.mktemp("corpus")
    return folder, generate(2, folder)


@pytest.fixture(scope="module")
def cold(corpus, tmp_path_factory):
    """The build with no cache at all: every chunk made by the write step, as before."""
    folder, synthetic = corpus
    out = tmp_path_factory.mktemp("cold") / "out"
    pipeline.build(synthetic, out, curation_dir=folder / "curation", docs=False, cache_folder=False, jobs=1)
    return out


def _recorded(monkeypatch) -> list[str]:
    """The graphs whose chunks are made from now on (any format), by graph name and chunk name."""
    made: list[str] = []
    make, jsonld_chunk = chunks.make, exports._jsonld_chunk

    def recording_make(folder, key, name, *rest):
        made.append(f"{name} {key}")
        return make(folder, key, name, *rest)

    def recording_jsonld(folder, key, *rest, **options):
        if not (options.get("reuse", True) and (folder / f"{key}-{rest[0][:32]}.jsonld").is_file()):
            made.append(f"jsonld {key}")
        return jsonld_chunk(folder, key, *rest, **options)

    monkeypatch.setattr(chunks, "make", recording_make)
    monkeypatch.setattr(exports, "_jsonld_chunk", recording_jsonld)
    return made


def _rdf_files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((out / "rdf").iterdir()) if p.name != "description.ttl"}


def test_the_write_step_joins_the_chunks_the_documents_builds_made(corpus, cold, tmp_path, monkeypatch):
    folder, synthetic = corpus
    cache = tmp_path / "cache"
    sources = [pipeline.read_source(p) for p in synthetic]
    builds, made_now = pipeline.process_documents(sources, curation_dir=folder / "curation", base=DEFAULT_BASE,
                                                  jobs=1, cache_folder=cache)
    assert made_now == [0, 1]
    keys = [pipeline._key(s, folder / "curation", DEFAULT_BASE) for s in sources]
    names = [str(IRIS.graph("document", b.records.document.id)) for b in builds]
    for name, key in zip(names, keys):  # made with the builds, every format
        found = chunks.load(cache / "parts", chunks.chunk_key("graph", name, key), name)
        assert found is not None and found.triples == len(builds[names.index(name)].graph.splitlines()) > 100
        assert list((cache / "parts").glob(f"{chunks.chunk_key('graph', name, key)}-*.jsonld"))
        assert chunks.load(cache / "parts", chunks.chunk_key("inferred", key), str(IRIS.graph("inferred")))

    made = _recorded(monkeypatch)
    result = pipeline.build(synthetic, tmp_path / "out", curation_dir=folder / "curation", docs=False,
                            cache_folder=cache, jobs=1)
    assert result.made == 0
    graphs = {m.split()[0] for m in made if not m.startswith("jsonld ")}
    assert graphs == {str(IRIS.graph(name)) for name in ("reference", "ontology", "inferred")}  # no document's graph
    whole = {chunks.chunk_key("inferred", key) for key in keys}  # the builds' inferred parts made by the workers
    assert not {m.split()[1] for m in made} & whole
    assert {m.split()[1] for m in made if m.startswith("jsonld ")} == {m.split()[1] for m in made if m not in
                                                                      [x for x in made if x.startswith("jsonld ")]}
    assert _rdf_files(tmp_path / "out") == _rdf_files(cold)


def test_without_the_workers_chunks_the_write_step_makes_them(corpus, cold, tmp_path):
    folder, synthetic = corpus
    cache = tmp_path / "cache"
    pipeline.build(synthetic, tmp_path / "first", curation_dir=folder / "curation", docs=False, cache_folder=cache)
    for path in (cache / "parts").iterdir():  # a cache from before the workers made chunks
        path.unlink()
    result = pipeline.build(synthetic, tmp_path / "out", curation_dir=folder / "curation", docs=False,
                            cache_folder=cache)
    assert result.made == 0
    assert _rdf_files(tmp_path / "out") == _rdf_files(tmp_path / "first") == _rdf_files(cold)


def test_a_cache_whose_parts_cannot_be_written_only_costs_time(corpus, tmp_path):
    folder, synthetic = corpus
    cache = tmp_path / "cache"
    (cache).mkdir()
    (cache / "parts").write_text("not a folder")  # every chunk write fails with an OSError
    source = pipeline.read_source(synthetic[0])
    build = pipeline._process_cached(source, folder / "curation", DEFAULT_BASE, cache)
    assert build.triples > 100
    assert (cache / f"{pipeline._key(source, folder / 'curation', DEFAULT_BASE)}.pickle").is_file()
