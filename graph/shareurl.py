"""The query page's URL for a query: what `policykg query --url` prints and the page's "copy link" makes.

A catalogue query is ``/?name=NAME&PARAM=VALUE…``; any other query is ``/?query=TEXT``. The page runs
either on load (graph/static/query.js).
"""
from __future__ import annotations

import os
from urllib.parse import urlencode

DEFAULT_ORIGIN = "http://127.0.0.1:8000"


def origin() -> str:
    """Where `policykg serve` runs: $POLICYKG_SERVER, else its default address."""
    return os.environ.get("POLICYKG_SERVER", DEFAULT_ORIGIN).rstrip("/")


def share_url(*, name: str | None = None, text: str | None = None, params: dict[str, str] | None = None,
              server: str | None = None) -> str:
    """The page URL that runs the catalogue query `name` with `params`, or the query `text`."""
    if name:
        pairs = [("name", name), *(params or {}).items()]
    else:
        pairs = [("query", text or ""), *(params or {}).items()]
    return f"{server or origin()}/?{urlencode(pairs)}"
