"""`tables_from_lines` against `load_lines` then `to_tables` on the same JSON Lines file.

    python benchmarks/columnar_lines.py data/c10k/part-000.jsonl 3

Runs each way R times, taking turns, after checking that both give equal tables;
prints min and median, and each median as a ratio of `load_lines` + `to_tables`'.
``verify`` is `tables_from_lines` reading every record with `loads` too.

Writing a store is timed both ways too: ``write_store`` of the records `load_lines`
reads, and ``write_store_from_lines`` (each part read by `tables_from_lines`), each
into a new temporary directory.

Two floors are timed beside them: ``pyarrow.json.read_json`` parsing the same file
into nested Arrow columns, natively, on one thread and on every core, with nothing
checked and nothing laid out in the tables. When the file is ``part-NNN.jsonl`` of a
cohort ``cohort.py`` wrote, the pandas script on the same records' CSV export
(``csv/`` beside it, the same partition) is timed too, as ``metrics.py`` times it:
what the columnar tier's target from JSON Lines is measured against.
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow.json

from sensupport import load_lines
from sensupport.columnar import (
    tables_from_lines,
    to_tables,
    write_store,
    write_store_from_lines,
)
from sensupport.process import SupportRecord


def _into_store(write: Callable[[Path], int]) -> int:
    with tempfile.TemporaryDirectory() as folder:
        return write(Path(folder) / "store")


def main(path: str, runs: int) -> None:
    with open(path, encoding="utf-8") as file:
        lines = file.readlines()

    def objects() -> dict[str, Any]:
        return to_tables(load_lines(lines, SupportRecord))

    def columnar() -> dict[str, Any]:
        result = tables_from_lines(lines)
        if result.errors or result.flagged:
            raise SystemExit(f"flagged lines: {result.flagged[:5]}")
        return result.tables

    def verified() -> dict[str, Any]:
        return tables_from_lines(lines, verify=True).tables

    expected, found = objects(), columnar()
    if any(not found[name].equals(table) for name, table in expected.items()):
        raise SystemExit("the tables differ")
    ways: dict[str, Callable[[], object]] = {
        "load_lines+to_tables": objects,
        "tables_from_lines": columnar,
        "tables_from_lines(verify)": verified,
        "write_store(load_lines)": lambda: _into_store(
            lambda where: write_store(load_lines(lines, SupportRecord), where)
        ),
        "write_store_from_lines": lambda: _into_store(
            lambda where: write_store_from_lines(lines, where)
        ),
        "pyarrow.json, 1 thread": lambda: pyarrow.json.read_json(
            path, read_options=pyarrow.json.ReadOptions(use_threads=False)
        ),
        "pyarrow.json, all cores": lambda: pyarrow.json.read_json(path),
    }
    part = re.fullmatch(r"part-(\d+)\.jsonl", Path(path).name)
    csv = Path(path).parent / "csv"
    if part and csv.is_dir():
        from pandas_baseline import figures_from_csv

        ways["pandas script (CSV)"] = lambda: figures_from_csv(csv, [int(part[1])])
    times: dict[str, list[float]] = {name: [] for name in ways}
    for _ in range(runs):
        for name, way in ways.items():
            started = time.perf_counter()
            way()
            times[name].append(time.perf_counter() - started)
    base = statistics.median(times["load_lines+to_tables"])
    print(f"{len(lines)} lines, {runs} runs each, taking turns")
    for name, taken in times.items():
        median = statistics.median(taken)
        print(
            f"{name:28s} min {min(taken):6.2f}s median {median:6.2f}s  "
            f"x{median / base:.2f} of load_lines+to_tables"
        )


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3)
