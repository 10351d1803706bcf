"""The cyclic garbage collector paused while a build makes or loads many objects it keeps.

A build holds millions of small objects (every document's records and graphs); each full pass of the
collector scans all of them and finds nothing to free. graph/pipeline.py's build freezes what it holds
(gc.freeze) and unfreezes it at its end; `paused` keeps the collector off while a step makes more, and
freezes that too, so that the next full pass does not scan it (at 1,000 documents: the write step's
imports after the cached builds were loaded took 1.7 s with a full pass, 0.5 s without).
"""
from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def paused():
    """The collector off for a while (as it was after); inside a build (something frozen), what was made
    meanwhile is frozen too: outside one, freezing would keep cyclic garbage for the life of the process."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count():
            gc.freeze()
        if enabled:
            gc.enable()
