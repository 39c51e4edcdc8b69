"""Timing helpers shared by the benchmarks."""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Callable


def timed(job: Callable[[], object], repeat: int = 3) -> float:
    """The best of ``repeat`` runs, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        job()
        best = min(best, time.perf_counter() - start)
    return best


def peak_rss_mb() -> float:
    """This process's peak resident set so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_average() -> str:
    """The machine's load averages over 1, 5 and 15 minutes, as ``uptime`` gives them."""
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())
