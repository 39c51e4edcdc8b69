"""Timing helpers shared by the benchmarks."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any


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


def in_child(
    script: str, args: list[str], env: dict[str, str] | None = None
) -> tuple[Any, float]:
    """Run ``script`` with ``args`` in a fresh Python: the JSON it prints, and its
    peak resident set in MB as the kernel counted it (``wait4``, as
    ``/usr/bin/time`` gives it)."""
    out, _, peak = command([sys.executable, script, *args], env=env)
    return json.loads(out), peak


def command(
    argv: list[str], env: dict[str, str] | None = None
) -> tuple[str, float, float]:
    """Run a command: what it prints, its wall time in seconds, and its peak
    resident set in MB as the kernel counted it (``wait4``)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    )
    assert process.stdout is not None
    out = process.stdout.read()
    process.stdout.close()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{' '.join(argv[:3])} failed ({process.returncode})")
    return out, seconds, usage.ru_maxrss / 1024
