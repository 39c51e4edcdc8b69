"""Metrics end to end: from JSON Lines to the report's metric set, against pandas.

Run, after writing cohorts with ``cohort.py``::

    python benchmarks/metrics.py COHORT_DIR:PARTS [COHORT_DIR:PARTS ...]

``DIR:K`` takes the first K partitions of a cohort. For each, sensupport streams the
JSON Lines (parse, validate, replay, count) and the pandas baseline
(``pandas_baseline.py``) reads the same data from the CSV tables; each runs in a fresh
process, so that its wall time and peak resident set are its own. The figures of the
two must agree exactly, or the run stops. The table gives time per pupil, so that
growth with N shows as a flat column when it is linear.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from figures import differences, figures, summarise_lines
from timing import peak_rss_mb


def _lines(directory: Path, parts: int) -> Any:
    for part in range(parts):
        with (directory / f"part-{part:03d}.jsonl").open(encoding="utf-8") as lines:
            yield from lines


def run_one(kind: str, directory: Path, parts: int) -> dict[str, Any]:
    """Compute the metric set once in this process; time and memory included."""
    started = time.perf_counter()
    if kind == "sensupport":
        pupils = 0

        def counted() -> Any:
            nonlocal pupils
            for line in _lines(directory, parts):
                pupils += 1
                yield line

        found = figures(summarise_lines(counted()))
    else:
        from pandas_baseline import figures_from_csv

        found = figures_from_csv(directory / "csv", list(range(parts)))
        pupils = 0
    return {
        "seconds": time.perf_counter() - started,
        "peak_rss_mb": peak_rss_mb(),
        "pupils": pupils,
        "figures": found,
    }


def _in_fresh_process(kind: str, directory: Path, parts: int) -> dict[str, Any]:
    script = Path(__file__).resolve()
    out = subprocess.run(
        [sys.executable, str(script), "--one", kind, str(directory), str(parts)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, Any] = json.loads(out)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("cohorts", nargs="*", help="DIR:PARTS")
    parser.add_argument("--one", nargs=3, metavar=("KIND", "DIR", "PARTS"))
    args = parser.parse_args()
    if args.one:
        kind, directory, parts = args.one
        print(json.dumps(run_one(kind, Path(directory), int(parts))))
        return

    print(
        f"{'pupils':>9} {'sensupport s':>13} {'us/pupil':>9} {'RSS MB':>7} "
        f"{'pandas s':>9} {'us/pupil':>9} {'RSS MB':>7} {'ratio':>6}"
    )
    for cohort in args.cohorts:
        directory, _, parts = cohort.rpartition(":")
        ours = _in_fresh_process("sensupport", Path(directory), int(parts))
        theirs = _in_fresh_process("pandas", Path(directory), int(parts))
        # Both through JSON, so that keys and numbers have one form.
        found = differences(ours["figures"], theirs["figures"])
        if found:
            print("\n".join(["the figures differ:", *found[:20]]))
            raise SystemExit(1)
        n = ours["pupils"]
        print(
            f"{n:>9,} {ours['seconds']:>13.1f} {ours['seconds'] / n * 1e6:>9.0f} "
            f"{ours['peak_rss_mb']:>7.0f} {theirs['seconds']:>9.1f} "
            f"{theirs['seconds'] / n * 1e6:>9.0f} {theirs['peak_rss_mb']:>7.0f} "
            f"{ours['seconds'] / theirs['seconds']:>6.2f}",
            flush=True,
        )
    print("ratio: sensupport's time / pandas'; the figures agreed exactly each time")


if __name__ == "__main__":
    main()
