"""Metrics end to end: from the cohort's data to the report's metric set, by three
routes, in one run.

Run, after writing cohorts with ``cohort.py``::

    python benchmarks/metrics.py COHORT_DIR:PARTS [COHORT_DIR:PARTS ...] --runs 5

``DIR:K`` takes the first K partitions of a cohort. The routes:

- ``object``: sensupport streams the JSON Lines (parse, validate, replay, count);
- ``pandas``: ``pandas_baseline.py`` on the CSV tables of the same records (the
  events and their documents, nothing replayed), read whole;
- ``polars``: ``polars_baseline.py``, the same computation as one lazy query plan.

All three count the same period at the same as-of date and data date, with the same
cadence, from ``figures.py`` (``--as-of`` and ``--data-date`` change them for all
three). Each run of each route is a fresh process, the routes taking turns run by
run, so that a change in the machine's load falls on all three alike; a route's time
is its own (from reading the data to the figures; starting Python and importing
the libraries is left out), and its peak resident set is the whole process's, from
the kernel (``wait4``), as ``/usr/bin/time`` gives it. The figures of every run must
agree exactly with the object path's, or the run stops.

A last process splits the object path's time into its phases, on the same records
held in memory: parsing JSON, structuring and validating the objects, replaying the
events through the rules, and the metric accumulators.

The load average is printed before and after: figures taken on a loaded machine say
little.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from figures import (
    AS_OF,
    CADENCE,
    DATA_DATE,
    END,
    START,
    differences,
    figures,
    summarise,
    summarise_lines,
)
from timing import load_average

ROUTES = ("object", "pandas", "polars")


def _lines(directory: Path, parts: int) -> Iterator[str]:
    for part in range(parts):
        with (directory / f"part-{part:03d}.jsonl").open(encoding="utf-8") as lines:
            yield from lines


def run_one(
    kind: str, directory: Path, parts: int, as_of: dt.date, data_date: dt.date
) -> dict[str, Any]:
    """Compute the metric set once in this process, timed."""
    started = time.perf_counter()
    if kind == "object":
        found = figures(
            summarise_lines(_lines(directory, parts), as_of=as_of, data_date=data_date)
        )
    elif kind == "pandas":
        from pandas_baseline import figures_from_csv

        found = figures_from_csv(
            directory / "csv", list(range(parts)), as_of=as_of, data_date=data_date
        )
    elif kind == "polars":
        from polars_baseline import figures_from_csv as polars_figures

        found = polars_figures(
            directory / "csv", list(range(parts)), as_of=as_of, data_date=data_date
        )
    else:
        raise SystemExit(f"no route {kind!r}")
    return {"seconds": time.perf_counter() - started, "figures": found}


def phases(
    directory: Path, parts: int, as_of: dt.date, data_date: dt.date
) -> dict[str, float]:
    """The object path's time by phase, each timed on its own over the same records."""
    import orjson

    from sensupport import load_lines
    from sensupport.process import SupportRecord
    from sensupport.process.fold import fold

    lines = list(_lines(directory, parts))
    started = time.perf_counter()
    for line in lines:
        orjson.loads(line)
    parse = time.perf_counter() - started

    started = time.perf_counter()
    records = list(load_lines(lines, SupportRecord))
    load = time.perf_counter() - started

    started = time.perf_counter()
    for record in records:
        fold(record.events)
    replay = time.perf_counter() - started

    started = time.perf_counter()
    summarise(records, as_of=as_of, data_date=data_date)
    count = time.perf_counter() - started
    return {
        "parse JSON": parse,
        "structure and validate": max(0.0, load - parse - replay),
        "replay the events": replay,
        "metric accumulators": count,
    }


def _child(args: list[str], env: dict[str, str] | None = None) -> tuple[Any, float]:
    """Run this script with ``args`` in a fresh process: its JSON output, and its
    peak resident set in MB as the kernel counted it."""
    script = Path(__file__).resolve()
    process = subprocess.Popen(
        [sys.executable, str(script), *args],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    out = process.stdout.read()
    process.stdout.close()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{' '.join(args[:2])} failed ({process.returncode})")
    return json.loads(out), usage.ru_maxrss / 1024


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next(
                line.split(":", 1)[1].strip()
                for line in info
                if line.startswith("model name")
            )
    except (OSError, StopIteration):
        pass
    memory = ""
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f", {pages / 2**30:.0f} GiB of memory"
    except (ValueError, OSError):
        pass
    versions = []
    for name in (
        "sensupport",
        "attrs",
        "cattrs",
        "orjson",
        "pandas",
        "pyarrow",
        "polars",
    ):
        try:
            from importlib.metadata import version

            versions.append(f"{name} {version(name)}")
        except Exception:
            continue
    return (
        f"{os.cpu_count()} cores ({cpu}){memory}, {platform.system()} "
        f"{platform.release()}; CPython {platform.python_version()}; "
        + ", ".join(versions)
    )


def _uptime() -> str:
    try:
        return subprocess.run(
            ["uptime"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return f"load average: {load_average()}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("cohorts", nargs="*", help="DIR:PARTS")
    parser.add_argument("--runs", type=int, default=5, help="runs of each route")
    parser.add_argument("--routes", default=",".join(ROUTES))
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=AS_OF)
    parser.add_argument("--data-date", type=dt.date.fromisoformat, default=DATA_DATE)
    parser.add_argument(
        "--polars-threads",
        type=int,
        help="POLARS_MAX_THREADS for the polars route (default: polars' own, every core)",
    )
    parser.add_argument("--one", nargs=3, metavar=("ROUTE", "DIR", "PARTS"))
    parser.add_argument("--phases", nargs=2, metavar=("DIR", "PARTS"))
    args = parser.parse_args()
    if args.one:
        kind, directory, parts = args.one
        found = run_one(kind, Path(directory), int(parts), args.as_of, args.data_date)
        print(json.dumps(found))
        return
    if args.phases:
        directory, parts = args.phases
        found = phases(Path(directory), int(parts), args.as_of, args.data_date)
        print(json.dumps(found))
        return

    routes = [r for r in args.routes.split(",") if r]
    if routes[0] != "object" or any(r not in ROUTES for r in routes):
        raise SystemExit(f"routes: object first, then any of {', '.join(ROUTES[1:])}")
    dates = [
        "--as-of",
        args.as_of.isoformat(),
        "--data-date",
        args.data_date.isoformat(),
    ]
    polars_env = None
    if args.polars_threads:
        polars_env = {**os.environ, "POLARS_MAX_THREADS": str(args.polars_threads)}
    print(f"machine: {_machine()}")
    print(
        f"period {START} to {END} (exclusive), as of {args.as_of}, data date "
        f"{args.data_date}, cadence {CADENCE}; {args.runs} runs of each route; "
        "polars on "
        + (f"{args.polars_threads} thread(s)" if args.polars_threads else "every core")
    )
    print(f"before: {_uptime()}", flush=True)
    for cohort in args.cohorts:
        directory, _, parts = cohort.rpartition(":")
        pupils = sum(1 for line in _lines(Path(directory), int(parts)) if line.strip())
        seconds: dict[str, list[float]] = {r: [] for r in routes}
        rss: dict[str, float] = dict.fromkeys(routes, 0.0)
        reference: dict[str, Any] | None = None
        for _ in range(args.runs):
            for route in routes:
                env = polars_env if route == "polars" else None
                found, peak = _child(["--one", route, directory, parts, *dates], env)
                seconds[route].append(found["seconds"])
                rss[route] = max(rss[route], peak)
                if reference is None:
                    reference = found["figures"]
                    continue
                # Both through JSON, so that keys and numbers have one form.
                wrong = differences(reference, found["figures"])
                if wrong:
                    print("\n".join([f"{route}: the figures differ:", *wrong[:20]]))
                    raise SystemExit(1)
        split: dict[str, float] = {}
        if "object" in routes:
            split, _ = _child(["--phases", directory, parts, *dates])
        print(
            f"\n{pupils:,} pupils ({cohort}); the figures of every run agreed exactly"
        )
        print(
            f"{'route':<8} {'min s':>8} {'median s':>9} {'us/pupil':>9} "
            f"{'peak RSS MB':>12} {'x object (median)':>18}"
        )
        base = statistics.median(seconds["object"])
        for route in routes:
            best, median = min(seconds[route]), statistics.median(seconds[route])
            print(
                f"{route:<8} {best:>8.2f} {median:>9.2f} "
                f"{median / pupils * 1e6:>9.0f} {rss[route]:>12.0f} "
                f"{base / median:>18.2f}"
            )
        if split:
            total = sum(split.values())
            print("object path by phase (records held in memory, one run):")
            for phase, spent in split.items():
                print(f"  {phase:<24} {spent:>7.2f} s {spent / total:>6.0%}")
        print(flush=True)
    print(f"after: {_uptime()}")
    print(
        "x object: the object path's median time / the route's (above 1: the route "
        "is faster)"
    )


if __name__ == "__main__":
    main()
