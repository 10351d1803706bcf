"""Progress bars on long steps (tqdm), on stderr, only where someone watches and the step is long."""
from __future__ import annotations

import os
import sys

from tqdm import tqdm

# Below this many items a step is short: no bar.
MIN_ITEMS = 500


def bar(iterable, *, total: int | None = None, desc: str, unit: str = "rows"):
    """`iterable` with a progress bar when stderr is a terminal and there are at least MIN_ITEMS items
    (POLICYKG_PROGRESS=1 forces it on, =0 off)."""
    total = total if total is not None else (len(iterable) if hasattr(iterable, "__len__") else None)
    wanted = os.environ.get("POLICYKG_PROGRESS")
    show = wanted == "1" or (wanted != "0" and sys.stderr.isatty() and (total or 0) >= MIN_ITEMS)
    return tqdm(iterable, total=total, desc=desc, unit=unit, disable=not show, file=sys.stderr, leave=False,
                mininterval=0.5)
