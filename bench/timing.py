"""The one timing rule the bench scripts share: the median of several runs (the machine is noisy)."""
from __future__ import annotations

import statistics
import time


def median_seconds(function, runs: int, *, warm_up: bool = False) -> float:
    """Median wall time of `runs` calls of `function`; `warm_up` makes one uncounted call first."""
    if warm_up:
        function()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)
