"""``sensupport report`` on a file, record by record and on the columnar tier.

Runs the whole command (start-up, imports, reading, checking, counting, writing the
report) with ``--tier records`` and ``--tier columnar`` in turn, A B A B, and prints
each run's wall time and peak memory, the min and median of each, the ratio of each
pair and the machine's load before and after. With ``--store DIR`` (the same records
as a store, ``sensupport store FILE DIR``), ``sensupport report DIR`` takes its turn
too. The outputs must be identical.

    python benchmarks/report_tiers.py cohort.jsonl --runs 5 [--workers 2] [--store DIR]
"""

from __future__ import annotations

import argparse
import statistics
import sys

from timing import command, load_average


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--format", default="json")
    parser.add_argument("--workers", default="1")
    parser.add_argument("--store", help="the same records as a columnar store")
    args = parser.parse_args()
    print(f"load before: {load_average()}")
    sources = {"records": args.file, "columnar": args.file}
    if args.store:
        sources["store"] = args.store
    times: dict[str, list[float]] = {tier: [] for tier in sources}
    peaks: dict[str, list[float]] = {tier: [] for tier in sources}
    outputs: dict[str, set[str]] = {tier: set() for tier in sources}
    for run in range(args.runs):
        for tier, source in sources.items():
            out, seconds, peak = command(
                [
                    sys.executable,
                    "-m",
                    "sensupport.cli",
                    "report",
                    source,
                    "--format",
                    args.format,
                    "--tier",
                    "columnar" if tier == "store" else tier,
                    "--workers",
                    args.workers,
                ]
            )
            times[tier].append(seconds)
            peaks[tier].append(peak)
            outputs[tier].add(out)
        print(
            f"run {run + 1}: "
            + ", ".join(f"{tier} {found[-1]:.2f} s" for tier, found in times.items())
        )
    same = len(set().union(*outputs.values())) == 1
    for tier, found in times.items():
        print(
            f"{tier:9} min {min(found):.2f} s, median {statistics.median(found):.2f} s, "
            f"peak {max(peaks[tier]):.0f} MB"
        )
    for tier in sources:
        if tier == "records":
            continue
        ratios = [a / b for a, b in zip(times[tier], times["records"], strict=True)]
        print(
            f"{tier}/records: min {min(ratios):.3f}, median "
            f"{statistics.median(ratios):.3f}"
        )
    print(f"reports identical: {same}")
    print(f"load after: {load_average()}")
    if not same:
        raise SystemExit("the two tiers gave different reports")


if __name__ == "__main__":
    main()
