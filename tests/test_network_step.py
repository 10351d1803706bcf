"""The write step's network part in a process of its own (graph/network_step.py): the same files as in the
build's process, a failure reported as the build's error, and no process left when the write step stops."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph import fragments, network_step, pipeline
from graph.errors import PolicyKGError
from graph.namespaces import DEFAULT_BASE
from graph.paths import BUNDLED_SOURCES

DRAWN = ("network.html", "network-parts", "analytics", ".network-fragments")


def _drawn(folder: Path) -> dict[str, object]:
    """Each file the network part writes: its bytes, or a kept fragment's content (a pickle's bytes follow
    the order of the sets it holds, which differs from process to process)."""
    paths = [p for top in DRAWN for p in ([folder / top] if (folder / top).is_file() else sorted((folder / top).rglob("*")))]
    return {str(p.relative_to(folder)): _content(p) if p.suffix == ".pickle" else p.read_bytes()
            for p in paths if p.is_file()}


def _content(path: Path):
    fragment = fragments._load(path.parent, None, path.stem)
    m = fragment.model
    return (fragment.key, fragment.graph, sorted(fragment.units), fragment.reference, m.base, m.documents,
            m.fragments, m.nodes, sorted((e.id, e.source, e.target, e.kind, e.label, e.title, str(e.amount), e.qualifiers)
                                  for e in m.edges))


def test_the_network_drawn_in_its_own_process_is_the_same_files(tmp_path, monkeypatch):
    sources = sorted(BUNDLED_SOURCES.glob("*.txt"))
    built = {}
    for name, beside_from in (("here", 10 ** 9), ("beside", 0)):
        monkeypatch.setattr(network_step, "BESIDE_FROM", beside_from)
        pipeline.build(sources[:1], tmp_path / name, docs=False, cache_folder=tmp_path / "cache")
        first = {p.name: p.stat().st_ino for p in (tmp_path / name / fragments.FOLDER).iterdir()}
        # again with one more: the process reads the last build's fragments ahead, and takes the first's
        result = pipeline.build(sources, tmp_path / name, docs=False, cache_folder=tmp_path / "cache")
        built[name] = _drawn(tmp_path / name)
        now = {p.name: p.stat().st_ino for p in (tmp_path / name / fragments.FOLDER).iterdir()}
        assert len(first) == 1 and len(now) == 2 and {n: now[n] for n in first} == first  # linked, not read again
        seconds = json.loads((tmp_path / name / "summary.json").read_text(encoding="utf-8"))["seconds"]
        assert ("network: waited" in seconds) == (name == "beside") and seconds["network"] > 0
        assert not [p for p in (tmp_path / name).iterdir() if p.name in (network_step.CHECKPOINT, network_step.ANSWER)]
        listed = {str(p.relative_to(tmp_path / name)) for p in result.files}
        assert {"network.html", "analytics/analytics.json"} <= listed
    assert len(built["here"]) >= 9 and {"network.html", "analytics/analytics.json"} <= built["here"].keys()
    assert built["beside"].keys() == built["here"].keys()
    assert [name for name in built["here"] if built["here"][name] != built["beside"][name]] == []


class _NoStore:
    def backup(self, path: str) -> None:  # makes no checkpoint: the process cannot open it
        pass


def test_a_failure_in_the_network_process_is_the_builds_error(tmp_path):
    with network_step.network_part(DEFAULT_BASE, tmp_path, documents=network_step.BESIDE_FROM) as part:
        assert part.beside
        part.start(_NoStore(), tmp_path)
        with pytest.raises(PolicyKGError, match="drawing the network failed") as failed:
            part.finish()
    assert network_step.CHECKPOINT in str(failed.value)  # the child's own error, which names what it could not open
    assert list(tmp_path.iterdir()) == []


def test_the_network_process_ends_with_the_write_step(tmp_path):
    with pytest.raises(RuntimeError, match="elsewhere"):
        with network_step.network_part(DEFAULT_BASE, tmp_path, documents=network_step.BESIDE_FROM) as part:
            process = part._process
            raise RuntimeError("an error elsewhere in the write step")
    assert process.returncode is not None
    assert list(tmp_path.iterdir()) == []
