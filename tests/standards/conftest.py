"""One build of the bundled documents for the standards checks (tests/standards/)."""
from __future__ import annotations

import pytest

from graph.pipeline import build


@pytest.fixture(scope="session")
def standards_build(tmp_path_factory):
    """The build folder of the bundled documents (no ontology docs: not needed here)."""
    out = tmp_path_factory.mktemp("standards") / "build"
    build([], out, docs=False)
    return out


@pytest.fixture(scope="session")
def portable_build(tmp_path_factory):
    """The bundled documents and two real plans of measures (tests/data/real/): every catalogue query,
    the action-plan ones included, has data to answer from."""
    from pathlib import Path

    from graph.paths import bundled_documents

    real = Path(__file__).resolve().parent.parent / "data" / "real"
    out = tmp_path_factory.mktemp("portable") / "build"
    build([*bundled_documents(), real / "2019-perepis-naseleniia-2021.md", real / "1998-almaty-obl-sibirskaia-iazva.md"],
          out, docs=False)
    return out
