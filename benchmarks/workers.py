"""``sensupport report --workers W`` against ``--workers 1`` on the same input.

Run: ``python benchmarks/workers.py INPUT [--workers W] [--runs R] [-- REPORT OPTIONS]``

INPUT is a JSON Lines file (cut into byte ranges, four a worker) or a directory of
``*.jsonl`` files. The two commands run in turn, ``--runs`` times each, as separate
processes timed from start to exit (start-up, both passes over the input, writing
the report); their outputs must be identical byte for byte, or the run stops.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from timing import load_average


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("input", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    args, options = parser.parse_known_args()  # the rest is for the report
    options = [o for o in options if o != "--"]
    command = shutil.which("sensupport") or sys.exit("no sensupport command on PATH")

    print(f"load average before: {load_average()}")
    times: dict[int, list[float]] = {1: [], args.workers: []}
    first: bytes | None = None
    for _ in range(args.runs):
        for workers in times:
            argv = [command, "report", str(args.input), "--workers", str(workers)]
            began = time.perf_counter()
            done = subprocess.run([*argv, *options], capture_output=True, check=True)
            times[workers].append(time.perf_counter() - began)
            first = done.stdout if first is None else first
            if done.stdout != first:
                sys.exit(f"--workers {workers} printed a different report")
    one, many = times[1], times[args.workers]
    print(
        f"sensupport report {args.input} {' '.join(options)}: {args.runs} runs each, "
        "identical output\n"
        f"--workers 1: best {min(one):.1f} s, median {statistics.median(one):.1f} s\n"
        f"--workers {args.workers}: best {min(many):.1f} s, median "
        f"{statistics.median(many):.1f} s\n"
        f"{min(one) / min(many):.2f}x faster (best), "
        f"{statistics.median(one) / statistics.median(many):.2f}x (median)"
    )
    print(f"load average after: {load_average()}")


if __name__ == "__main__":
    main()
