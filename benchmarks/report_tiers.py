"""``sensupport report`` on a file, record by record and on the columnar tier.

Runs the whole command (start-up, imports, reading, checking, counting, writing the
report) with ``--tier records`` and ``--tier columnar`` in turn, A B A B, and prints
each run's wall time and peak memory, the min and median of each, the ratio of each
pair and the machine's load before and after. The two outputs must be identical.

    python benchmarks/report_tiers.py cohort.jsonl --runs 5 [--workers 2]
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
    args = parser.parse_args()
    print(f"load before: {load_average()}")
    times: dict[str, list[float]] = {"records": [], "columnar": []}
    peaks: dict[str, list[float]] = {"records": [], "columnar": []}
    outputs: dict[str, set[str]] = {"records": set(), "columnar": set()}
    for run in range(args.runs):
        for tier in times:
            out, seconds, peak = command(
                [
                    sys.executable,
                    "-m",
                    "sensupport.cli",
                    "report",
                    args.file,
                    "--format",
                    args.format,
                    "--tier",
                    tier,
                    "--workers",
                    args.workers,
                ]
            )
            times[tier].append(seconds)
            peaks[tier].append(peak)
            outputs[tier].add(out)
        ratio = times["columnar"][-1] / times["records"][-1]
        print(
            f"run {run + 1}: records {times['records'][-1]:.2f} s, "
            f"columnar {times['columnar'][-1]:.2f} s, ratio {ratio:.3f}"
        )
    same = outputs["records"] == outputs["columnar"] and len(outputs["records"]) == 1
    for tier, found in times.items():
        print(
            f"{tier:9} min {min(found):.2f} s, median {statistics.median(found):.2f} s, "
            f"peak {max(peaks[tier]):.0f} MB"
        )
    ratios = [c / r for c, r in zip(times["columnar"], times["records"], strict=True)]
    print(
        f"columnar/records: min {min(ratios):.3f}, median "
        f"{statistics.median(ratios):.3f}; reports identical: {same}"
    )
    print(f"load after: {load_average()}")
    if not same:
        raise SystemExit("the two tiers gave different reports")


if __name__ == "__main__":
    main()
