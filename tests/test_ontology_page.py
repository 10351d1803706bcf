"""The ontology's page is made in a background process while the documents are read, and kept in the cache."""
import pytest

from graph import docs, ontology_page


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYKG_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_made_in_the_background_then_copied_from_the_cache(cache, tmp_path):
    process = ontology_page.start()
    assert process is not None
    out = ontology_page.write(tmp_path / "build" / "ontology.html", process)
    assert process.exitcode == 0
    assert "GrantAllocation" in out.read_text(encoding="utf-8")
    assert ontology_page.cached_page().read_bytes() == out.read_bytes()
    assert ontology_page.start() is None  # cached: nothing to start


def test_an_error_in_the_background_is_raised_in_the_build(cache, tmp_path, monkeypatch):
    def broken(*_args):
        raise RuntimeError("pyLODE failed")

    monkeypatch.setattr(docs, "write_ontology_docs", broken)  # inherited by the forked process too
    process = ontology_page.start()
    with pytest.raises(RuntimeError, match="pyLODE failed"):
        ontology_page.write(tmp_path / "build" / "ontology.html", process)
    assert process.exitcode == 1
    assert not ontology_page.cached_page().exists()
