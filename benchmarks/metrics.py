"""Metrics end to end: from the cohort's data to the report's metric set, by five
routes, in one run.

Run, after writing cohorts with ``cohort.py``::

    python benchmarks/metrics.py COHORT_DIR:PARTS [COHORT_DIR:PARTS ...] --runs 5

``DIR:K`` takes the first K partitions of a cohort. The routes:

- ``object``: sensupport streams the JSON Lines (parse, validate, replay, count);
- ``pandas``: ``pandas_baseline.py`` on the CSV tables of the same records (the
  events and their documents, nothing replayed), read whole;
- ``polars``: ``polars_baseline.py``, the same computation as one lazy query plan;
- ``columnar-store``: sensupport's columnar tier from a validated Parquet store of the
  same records: ``store_summaries``, ``columnar_summaries`` (one lazy query plan in
  polars) over each part of the store (50,000 records), merged. The store is written before the runs, untimed, from the cohort's JSON
  Lines (each record validated by ``load_lines`` on the way in), to ``DIR/store-K``
  for ``DIR:K``; a store already there is reused when it is complete: every table in
  the same parts, every file with its table's schema and the marks this version of
  sensupport writes, one pupil a line of the JSON Lines, and newer than them;
- ``columnar-lines``: the columnar tier from JSON Lines with every record validated:
  ``load_lines`` (parse, validate, replay, as the object path), then ``to_tables``,
  then ``columnar_summaries``;
- ``columnar-checked``: the same from the JSON Lines read column by column
  (``sensupport.columnar.load_lines_columnar``: the documents laid out in the
  tables without building the records, checked column by column; while its checks
  do not cover every rule, each record is also read by ``loads``; the records'
  documents, which the metrics do not read, left out with ``documents=False``),
  then ``columnar_summaries``.

All five count the same period at the same as-of date and data date, with the same
cadence, from ``figures.py`` (``--as-of`` and ``--data-date`` change them for all
of them). Each run of each route is a fresh process, the routes taking turns run by
run, so that a change in the machine's load falls on all alike; a route's time is
its own (from reading the data to the figures; starting Python and importing the
libraries is left out), and its peak resident set is the whole process's, from the
kernel (``wait4``), as ``/usr/bin/time`` gives it. The figures of every run must
agree exactly with the object path's, or the run stops.

The columnar tier's two targets are printed after each cohort's table, as ratios of
median times: ``columnar-store`` over ``polars`` (the target: below 1, faster than
the polars script) and ``columnar-lines`` over ``pandas`` (the target: 1 or below,
no slower than the pandas script).

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
import shutil
import statistics
import subprocess
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from figures import (
    AS_OF,
    CADENCE,
    DATA_DATE,
    END,
    START,
    Summaries,
    differences,
    figures,
    summarise,
    summarise_lines,
)
from timing import in_child, load_average

ROUTES = (
    "object",
    "pandas",
    "polars",
    "columnar-store",
    "columnar-lines",
    "columnar-checked",
)
POLARS_ROUTES = ("polars", "columnar-store", "columnar-lines", "columnar-checked")
TARGETS = (
    # The route, its baseline, and whether the ratio of their median times must be
    # below 1 (faster), or may be 1 (no slower).
    ("columnar-store", "polars", True),
    ("columnar-lines", "pandas", False),
    ("columnar-checked", "pandas", False),
)


def _part_path(directory: Path, part: int) -> Path:
    return directory / f"part-{part:03d}.jsonl"


def _lines(directory: Path, parts: int) -> Iterator[str]:
    for part in range(parts):
        with _part_path(directory, part).open(encoding="utf-8") as lines:
            yield from lines


def _pupils(directory: Path, parts: int) -> int:
    return sum(1 for line in _lines(directory, parts) if line.strip())


# --- the columnar routes ----------------------------------------------------------


def store_path(directory: Path, parts: int) -> Path:
    """Where the store of the first ``parts`` partitions of a cohort is written."""
    return directory / f"store-{parts}"


def store_is_complete(store: Path, pupils: int, sources: Iterable[Path] = ()) -> bool:
    """Whether ``store`` is a whole store of ``pupils`` records that this version of
    sensupport wrote, newer than every file of ``sources``: every table in the same
    parts, every file with its table's schema and the marks this version writes (so
    `scan_store` reads it as it is, re-checking nothing). Only footers are read."""
    import pyarrow.parquet as pq

    from sensupport.columnar import SCHEMAS, TABLE_NAMES, store_metadata

    if not store.is_dir():
        return False
    written = store.stat().st_mtime
    if any(source.stat().st_mtime > written for source in sources):
        return False
    parts: list[str] | None = None
    rows = 0
    for name in TABLE_NAMES:
        folder = store / name
        files = (
            sorted(p.name for p in folder.glob("*.parquet")) if folder.is_dir() else []
        )
        if not files or (parts is not None and files != parts):
            return False
        parts = files
        for file in files:
            schema = pq.read_schema(folder / file)
            said = {
                key.decode("utf-8", "replace"): value.decode("utf-8", "replace")
                for key, value in (schema.metadata or {}).items()
            }
            if said != store_metadata(name) or not schema.equals(
                SCHEMAS[name], check_metadata=False
            ):
                return False
            if name == "pupils":
                rows += pq.ParquetFile(folder / file).metadata.num_rows
    return rows == pupils


def ensure_store(directory: Path, parts: int) -> tuple[Path, float | None]:
    """The store of the first ``parts`` partitions of the cohort in ``directory``,
    at `store_path`: reused when complete, else written from the JSON Lines, each
    record validated by ``load_lines``. Returns the store and the seconds writing it
    took (None when it was reused)."""
    from sensupport import load_lines
    from sensupport.columnar import TABLE_NAMES, write_store
    from sensupport.process import SupportRecord

    store = store_path(directory, parts)
    sources = [_part_path(directory, part) for part in range(parts)]
    if store_is_complete(store, _pupils(directory, parts), sources):
        return store, None
    if store.exists():
        # Only what this script writes there is replaced: a store, whole or not.
        if not store.is_dir() or any(
            p.name not in TABLE_NAMES for p in store.iterdir()
        ):
            raise SystemExit(f"{store} is not a store of this cohort: move it away")
        shutil.rmtree(store)
    started = time.perf_counter()
    write_store(load_lines(_lines(directory, parts), SupportRecord), store)
    return store, time.perf_counter() - started


def columnar_from_store(
    store: Path, *, as_of: dt.date = AS_OF, data_date: dt.date = DATA_DATE
) -> Summaries:
    """The metric set from a store, by the columnar tier, part by part and merged:
    `figures.summarise`'s."""
    from sensupport.columnar import store_summaries

    return store_summaries(
        store,
        start=START,
        end=END,
        as_of=as_of,
        data_date=data_date,
        cadence=CADENCE,
    )


def columnar_from_lines(
    lines: Iterable[str],
    *,
    as_of: dt.date = AS_OF,
    data_date: dt.date = DATA_DATE,
    checked: bool = False,
) -> Summaries:
    """The metric set from JSON Lines, every record validated by ``load_lines`` and
    laid out by ``to_tables`` (or, ``checked``, read column by column by
    ``load_lines_columnar``), by the columnar tier: `figures.summarise`'s."""
    import polars as pl

    from sensupport import load_lines
    from sensupport.columnar import columnar_summaries, load_lines_columnar, to_tables
    from sensupport.process import SupportRecord

    if checked:
        tables = load_lines_columnar(lines, documents=False)
    else:
        tables = to_tables(load_lines(lines, SupportRecord))
    frames: dict[str, pl.DataFrame] = {}
    for name, table in tables.items():
        if name == "records":
            continue  # the documents: the metrics do not read them
        frame = pl.from_arrow(table)
        assert isinstance(frame, pl.DataFrame)  # a table, not an array
        frames[name] = frame
    return columnar_summaries(
        frames,
        start=START,
        end=END,
        as_of=as_of,
        data_date=data_date,
        cadence=CADENCE,
    )


# --- one run ------------------------------------------------------------------------


def _route(
    kind: str, directory: Path, parts: int, as_of: dt.date, data_date: dt.date
) -> Callable[[], dict[str, Any]]:
    """The route's computation, its libraries imported: what is timed."""
    dates = {"as_of": as_of, "data_date": data_date}
    if kind == "object":
        return lambda: figures(summarise_lines(_lines(directory, parts), **dates))
    if kind == "pandas":
        from pandas_baseline import figures_from_csv

        return lambda: figures_from_csv(directory / "csv", list(range(parts)), **dates)
    if kind == "polars":
        from polars_baseline import figures_from_csv as polars_figures

        return lambda: polars_figures(directory / "csv", list(range(parts)), **dates)
    if kind in ("columnar-store", "columnar-lines", "columnar-checked"):
        import polars  # noqa: F401
        import pyarrow  # noqa: F401

        import sensupport.columnar  # noqa: F401

        if kind in ("columnar-lines", "columnar-checked"):
            checked = kind == "columnar-checked"
            return lambda: figures(
                columnar_from_lines(_lines(directory, parts), checked=checked, **dates)
            )
        store = store_path(directory, parts)
        if not store.is_dir():
            raise SystemExit(f"no store at {store}: the runs write it first")
        return lambda: figures(columnar_from_store(store, **dates))
    raise SystemExit(f"no route {kind!r}")


def run_one(
    kind: str, directory: Path, parts: int, as_of: dt.date, data_date: dt.date
) -> dict[str, Any]:
    """Compute the metric set once in this process, timed (imports left out)."""
    compute = _route(kind, directory, parts, as_of, data_date)
    started = time.perf_counter()
    found = compute()
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


def target_lines(medians: dict[str, float]) -> list[str]:
    """The columnar tier's targets, for the routes run: each route's median time over
    its baseline's, and whether the ratio meets the target."""
    found = []
    for route, baseline, faster in TARGETS:
        if route not in medians or baseline not in medians:
            continue
        ratio = medians[route] / medians[baseline]
        met = ratio < 1 if faster else ratio <= 1
        found.append(
            f"target: {route} / {baseline} (median) = {ratio:.3f}, "
            f"{'met' if met else 'not met'} (target {'< 1' if faster else '<= 1.0'})"
        )
    return found


def _child(args: list[str], env: dict[str, str] | None = None) -> tuple[Any, float]:
    """Run this script with ``args`` in a fresh process: its JSON output, and its
    peak resident set in MB as the kernel counted it."""
    return in_child(str(Path(__file__).resolve()), args, env)


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
        help="POLARS_MAX_THREADS for the routes that run polars (polars, "
        "columnar-store, columnar-lines; default: polars' own, every core)",
    )
    parser.add_argument("--one", nargs=3, metavar=("ROUTE", "DIR", "PARTS"))
    parser.add_argument("--phases", nargs=2, metavar=("DIR", "PARTS"))
    parser.add_argument("--write-store", nargs=2, metavar=("DIR", "PARTS"))
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
    if args.write_store:
        directory, parts = args.write_store
        store, took = ensure_store(Path(directory), int(parts))
        print(json.dumps({"store": str(store), "seconds": took}))
        return

    routes = [r for r in args.routes.split(",") if r]
    if (
        not routes
        or routes[0] != "object"
        or any(r not in ROUTES for r in routes)
        or len(set(routes)) < len(routes)
    ):
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
        "polars (in the polars and columnar routes) on "
        + (f"{args.polars_threads} thread(s)" if args.polars_threads else "every core")
    )
    print(f"before: {_uptime()}", flush=True)
    for cohort in args.cohorts:
        directory, _, parts = cohort.rpartition(":")
        pupils = _pupils(Path(directory), int(parts))
        if "columnar-store" in routes:
            # Written once, untimed, before the runs (or reused if complete).
            written, peak = _child(["--write-store", directory, parts])
            how = (
                "reused"
                if written["seconds"] is None
                else f"written in {written['seconds']:.2f} s, peak RSS {peak:.0f} MB"
            )
            print(f"store for {cohort}: {written['store']} ({how})", flush=True)
        seconds: dict[str, list[float]] = {r: [] for r in routes}
        rss: dict[str, float] = dict.fromkeys(routes, 0.0)
        reference: dict[str, Any] | None = None
        for _ in range(args.runs):
            for route in routes:
                env = polars_env if route in POLARS_ROUTES else None
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
            f"{'route':<14} {'min s':>8} {'median s':>9} {'us/pupil':>9} "
            f"{'peak RSS MB':>12} {'x object (median)':>18}"
        )
        medians = {r: statistics.median(seconds[r]) for r in routes}
        for route in routes:
            best, median = min(seconds[route]), medians[route]
            print(
                f"{route:<14} {best:>8.2f} {median:>9.2f} "
                f"{median / max(pupils, 1) * 1e6:>9.0f} {rss[route]:>12.0f} "
                f"{medians['object'] / median:>18.2f}"
            )
        for line in target_lines(medians):
            print(line)
        if split:
            total = sum(split.values())
            print("object path by phase (records held in memory, one run):")
            for phase, spent in split.items():
                print(f"  {phase:<24} {spent:>7.2f} s {spent / total:>6.0%}")
        print(flush=True)
    print(f"after: {_uptime()}")
    print(
        "x object: the object path's median time / the route's (above 1: the route "
        "is faster); target: the route's median time / its baseline's"
    )


if __name__ == "__main__":
    main()
