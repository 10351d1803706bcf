"""Where the project's bundled documents and curation files are."""
from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_SOURCES = PROJECT_ROOT / "data" / "sources"
BUNDLED_CURATION = PROJECT_ROOT / "data" / "curation"
ONTOLOGY_PATH = PROJECT_ROOT / "ontology" / "policykg.ttl"
SHAPES_PATH = PROJECT_ROOT / "ontology" / "shapes.ttl"
QUERIES = PROJECT_ROOT / "queries"
DEFAULT_OUT = Path("build")


def bundled_documents() -> list[Path]:
    return sorted(BUNDLED_SOURCES.glob("*.txt"))
