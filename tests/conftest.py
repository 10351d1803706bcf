"""Shared fixtures: the bundled documents read once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

from graph.paths import BUNDLED_SOURCES
from graph.pipeline import read_documents

ROADMAP = BUNDLED_SOURCES / "000_d466afb8a09bde20.txt"
GRANT_PLAN = BUNDLED_SOURCES / "004_9c6dcb8432dd657d.txt"


@pytest.fixture(scope="session")
def roadmap_glossary() -> list[tuple[str, str]]:
    """The roadmap's glossary lines as printed, junk included: (abbreviation, expansion)."""
    lines = ROADMAP.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if "Расшифровка аббревиатур" in line)
    return [tuple(line.strip().split(" – ", 1)) for line in lines[start + 1:] if " – " in line]


@pytest.fixture(scope="session")
def seeds():
    documents, findings = read_documents([ROADMAP, GRANT_PLAN])
    return {"roadmap": documents[0], "grant_plan": documents[1], "findings": findings}


@pytest.fixture(scope="session")
def roadmap(seeds):
    return seeds["roadmap"]


@pytest.fixture(scope="session")
def grant_plan(seeds):
    return seeds["grant_plan"]


@pytest.fixture(scope="session")
def findings(seeds):
    return seeds["findings"]


@pytest.fixture(scope="session")
def seed_dataset(roadmap, grant_plan):
    """The bundled documents' dataset with its inferred graph, made once per session."""
    from graph.pipeline import make_graph

    return make_graph([roadmap, grant_plan])[0]


REAL_PLANS = Path(__file__).resolve().parent / "data" / "real"
REAL_HTML_PLANS = ("2019-perepis-naseleniia-2021", "1997-almaty-obl-okhrana-truda", "1998-almaty-obl-sibirskaia-iazva")


@pytest.fixture(scope="session")
def real_plans_dataset():
    """The dataset of the three real HTML plans (tests/data/real/), with its inferred graph."""
    from graph.pipeline import make_graph, read_documents

    documents, _ = read_documents([REAL_PLANS / f"{name}.md" for name in REAL_HTML_PLANS], curation_dir=None)
    return make_graph(documents)[0]


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Builds in tests use a fresh per-document cache of their own (graph/cache.py), never the user's."""
    import os

    saved = os.environ.get("POLICYKG_CACHE")
    os.environ["POLICYKG_CACHE"] = str(tmp_path_factory.mktemp("policykg-cache"))
    yield
    if saved is None:
        os.environ.pop("POLICYKG_CACHE", None)
    else:
        os.environ["POLICYKG_CACHE"] = saved
