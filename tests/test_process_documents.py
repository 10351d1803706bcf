"""graph/pipeline.py's process_documents with worker processes: the build's own process makes the smallest
document and hands `while_waiting` its records; the builds are those one process makes, and a document that
cannot be read raises its own error whichever process read it."""
from __future__ import annotations

import shutil

import pytest

from graph import pipeline
from graph.errors import SourceError
from graph.namespaces import DEFAULT_BASE
from graph.paths import BUNDLED_CURATION, BUNDLED_SOURCES

ROADMAP = BUNDLED_SOURCES / "000_d466afb8a09bde20.txt"
GRANT_PLAN = BUNDLED_SOURCES / "004_9c6dcb8432dd657d.txt"


def _process(paths, **options):
    return pipeline.process_documents(pipeline._sources(paths), curation_dir=BUNDLED_CURATION, base=DEFAULT_BASE,
                                      cache_folder=False, **options)


def test_two_processes_make_what_one_makes_and_the_smaller_is_made_here():
    handed = []
    builds, made = _process([ROADMAP, GRANT_PLAN], jobs=2, while_waiting=handed.append)
    alone, _ = _process([ROADMAP, GRANT_PLAN], jobs=1)
    assert made == [0, 1]
    # the grant plan (14 items) is the smaller: made in this process, its records handed over before the roadmap's
    assert [[r.document.id for r in records] for records in handed] == [["004_9c6dcb8432dd657d"]]
    for two, one in zip(builds, alone):
        assert (two.records.document, two.records.plan) == (one.records.document, one.records.plan)
        assert sorted(two.graph.splitlines()) == sorted(one.graph.splitlines())
        assert sorted(two.inferred.splitlines()) == sorted(one.inferred.splitlines())
        assert (two.conforms, two.violations, two.triples) == (one.conforms, one.violations, one.triples)


@pytest.mark.parametrize("bad_is_smaller", [True, False])
def test_a_document_that_cannot_be_read_raises_its_own_error(tmp_path, bad_is_smaller):
    bad = tmp_path / "zz_bad.txt"
    lines = ["no table here"] * (1 if bad_is_smaller else 20_000)  # made here, or in the worker
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    shutil.copy(GRANT_PLAN, tmp_path / GRANT_PLAN.name)
    with pytest.raises(SourceError, match="zz_bad.txt: no table"):  # a worker's error is raised again here
        _process([tmp_path / GRANT_PLAN.name, bad], jobs=2)


def test_a_rebuild_makes_the_added_document_in_a_worker_while_this_process_loads_the_cached(tmp_path, monkeypatch):
    import os

    cache = tmp_path / "cache"
    pipeline.process_documents(pipeline._sources([GRANT_PLAN]), curation_dir=BUNDLED_CURATION, base=DEFAULT_BASE,
                               cache_folder=cache, jobs=1)
    made_by = tmp_path / "made_by"
    process_cached = pipeline._process_cached

    def recorded(source, *args):  # which process made which document (the workers are forked: they run this too)
        with made_by.open("a", encoding="utf-8") as handle:
            handle.write(f"{source.id} {os.getpid()}\n")
        return process_cached(source, *args)

    monkeypatch.setattr(pipeline, "_process_cached", recorded)
    handed = []
    builds, made = pipeline.process_documents(pipeline._sources([ROADMAP, GRANT_PLAN]), curation_dir=BUNDLED_CURATION,
                                              base=DEFAULT_BASE, cache_folder=cache, while_waiting=handed.append)
    assert made == [0]
    (document, pid), = (line.split() for line in made_by.read_text(encoding="utf-8").splitlines())
    assert document == ROADMAP.stem and int(pid) != os.getpid()
    assert [[r.document.id for r in records] for records in handed] == [[GRANT_PLAN.stem]]  # the cached, at once
    alone, _ = _process([ROADMAP, GRANT_PLAN], jobs=1)
    for two, one in zip(builds, alone):
        assert (two.records.document, two.records.plan) == (one.records.document, one.records.plan)
        assert sorted(two.graph.splitlines()) == sorted(one.graph.splitlines())
        assert sorted(two.inferred.splitlines()) == sorted(one.inferred.splitlines())
        assert (two.conforms, two.violations, two.triples) == (one.conforms, one.violations, one.triples)


def test_a_cached_build_that_cannot_be_loaded_is_made_again_beside_the_added_one(tmp_path):
    cache = tmp_path / "cache"
    sources = pipeline._sources([GRANT_PLAN])
    pipeline.process_documents(sources, curation_dir=BUNDLED_CURATION, base=DEFAULT_BASE, cache_folder=cache, jobs=1)
    (cache / f"{pipeline._key(sources[0], BUNDLED_CURATION, DEFAULT_BASE)}.pickle").write_bytes(b"not a pickle")
    builds, made = pipeline.process_documents(pipeline._sources([ROADMAP, GRANT_PLAN]), curation_dir=BUNDLED_CURATION,
                                              base=DEFAULT_BASE, cache_folder=cache)
    assert made == [0, 1]
    assert [b.records.document.id for b in builds] == [ROADMAP.stem, GRANT_PLAN.stem]
    assert builds[1].triples == _process([GRANT_PLAN], jobs=1)[0][0].triples > 0


def test_the_write_step_reads_a_validation_report_without_pyshacl():
    import subprocess
    import sys

    code = ("import sys; from graph import pipeline; pipeline._merged_report([]); "
            "print(sorted(m for m in sys.modules if m.startswith(('pyshacl', 'rdflib.plugins.sparql'))))")
    assert subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                          text=True).stdout.strip() == "[]"


def test_a_cached_build_keeps_its_graphs_and_records_apart_and_reads_them_when_asked(tmp_path):
    cache = tmp_path / "cache"
    sources = pipeline._sources([GRANT_PLAN])
    (fresh,), _ = pipeline.process_documents(sources, curation_dir=BUNDLED_CURATION, base=DEFAULT_BASE,
                                             cache_folder=cache, jobs=1)
    key = pipeline._key(sources[0], BUNDLED_CURATION, DEFAULT_BASE)
    assert (cache / f"{key}.graph").read_bytes() == fresh.graph
    assert (cache / f"{key}.inferred").read_bytes() == fresh.inferred
    assert len(fresh.graph) > 5 * len((cache / f"{key}.pickle").read_bytes())  # the pickle holds no graph
    (cached,), made = pipeline.process_documents(sources, curation_dir=BUNDLED_CURATION, base=DEFAULT_BASE,
                                                 cache_folder=cache, jobs=1)
    assert made == []
    assert {"graph", "inferred", "records"}.isdisjoint(vars(cached))  # not read by loading
    assert cached.digest == fresh.digest  # what the whole-corpus steps read, held by the pickle
    assert cached.digest.plan.id == "kg-mtsom-2022-grant-plan" and cached.digest.counts == "5 sections, 14 items, 46 territories"
    assert cached.digest.document.file_name == GRANT_PLAN.name and len(cached.digest.organisations) == len(fresh.records.organisations) > 0
    assert "records" not in vars(cached)
    assert cached.records == fresh.records and cached.findings == fresh.findings  # the records, unpickled when asked
    assert cached.graph == fresh.graph and cached.inferred == fresh.inferred
    assert "graph" in vars(cached)  # read once, then held
    assert cached == fresh
    from graph import cache as kept
    from graph.errors import PolicyKGError

    loaded = kept.load(key, cache)
    (cache / f"{key}.graph").rename(cache / "elsewhere")  # lost after loading: a clear error, not a wrong graph
    with pytest.raises(PolicyKGError, match=f"{key}.graph went missing during the build"):
        loaded.graph
    (cache / "elsewhere").rename(cache / f"{key}.graph")
    damaged = kept.load(key, cache)
    (cache / f"{key}.records").write_bytes(b"not a pickle")  # damaged: an error that names the file
    with pytest.raises(PolicyKGError, match=f"{key}.records cannot be read"):
        damaged.records
    kept.store(key, fresh, cache, apart=pipeline.APART)
    (cache / f"{key}.inferred").unlink()  # a part lost before loading: the entry is made again, not used without it
    (remade,), made = pipeline.process_documents(sources, curation_dir=BUNDLED_CURATION, base=DEFAULT_BASE,
                                                 cache_folder=cache, jobs=1)
    assert made == [0] and remade.inferred == fresh.inferred
