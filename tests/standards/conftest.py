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
