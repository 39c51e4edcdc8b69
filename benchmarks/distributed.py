"""The metric set over a partitioned cohort: Dask on local processes against one process.

Run: ``python benchmarks/distributed.py COHORT_DIR [--parts K] [--workers W]``

Each JSON Lines partition is one partition of a ``dask.bag``; each is summarised on its
own and the summaries are merged, which is exact. The same is done in this process,
one partition after the other, and the figures must agree with Dask's, or the run
stops. On a cluster the same code runs with a
``distributed.Client`` in place of the local scheduler.
"""

from __future__ import annotations

import argparse
import functools
import time
from pathlib import Path

import dask.bag

from figures import Summaries, differences, figures, merge, summarise_lines


def summarise_file(path: str) -> Summaries:
    with open(path, encoding="utf-8") as lines:
        return summarise_lines(lines)


def with_dask(paths: list[str], workers: int) -> Summaries:
    bag = dask.bag.read_text(paths, blocksize=None)  # a partition per file
    total = bag.reduction(
        summarise_lines, lambda parts: functools.reduce(merge, parts), split_every=8
    )
    result: Summaries = total.compute(scheduler="processes", num_workers=workers)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("cohort", type=Path)
    parser.add_argument("--parts", type=int, default=None)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    paths = sorted(str(p) for p in args.cohort.glob("part-*.jsonl"))[: args.parts]

    started = time.perf_counter()
    one = functools.reduce(merge, map(summarise_file, paths))
    single = time.perf_counter() - started

    started = time.perf_counter()
    spread = with_dask(paths, args.workers)
    distributed = time.perf_counter() - started

    found = differences(figures(one), figures(spread))
    if found:
        print("\n".join(["Dask's figures differ:", *found[:20]]))
        raise SystemExit(1)
    pupils = one[0].pupils
    print(
        f"{len(paths)} partitions; one process {single:.1f} s, Dask on {args.workers} "
        f"local processes {distributed:.1f} s: {single / distributed:.2f}x faster; "
        f"the figures agree ({pupils:,} pupils on SEN support in the period)"
    )


if __name__ == "__main__":
    main()
