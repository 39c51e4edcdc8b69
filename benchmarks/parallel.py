"""The metric set over a partitioned cohort on every core: four routes against one
process.

Run: ``python benchmarks/parallel.py COHORT [--parts K ...] [--workers W] [--runs R]``

COHORT is a directory of ``part-*.jsonl`` files (``--parts K`` takes the first K) or
one JSON Lines file (cut into K byte ranges). For each K, every route counts the same
partitions, each partition read inside the worker that counts it; only partitions
(a path and two numbers) go out and only summaries come back:

- ``one``: one process, one partition after the other (the baseline);
- ``local``: `sensupport.partitions.map_partitions`, W local processes;
- ``dask``: a ``dask.bag`` of the partitions on Dask's processes scheduler with
  ``chunksize=1``, so each task goes to the next free worker, and a pool of W
  processes started once (``pool=``): without one, each ``compute`` spawns a new
  pool whose processes import everything again;
- ``dask-batched`` (only with ``--batched``): the same with Dask's default
  ``chunksize`` of 6, which hands a worker up to 6 tasks at once, so that with few
  partitions one worker takes them all;
- ``cluster``: the same bag on a ``distributed.LocalCluster`` of W single-threaded
  worker processes, started once before the runs (its start is printed apart).

Each run also times the machine's own ceiling: a bare CPU loop cut into W equal
pieces, in one process and then on the pool of W processes (``ceiling``). On a shared
virtual machine it is often well under W, and it moves from run to run; a route's
ratio is to be read against it.

Runs go round the routes in turn, so a change in the machine's load touches each
route alike. Every route's figures must equal one process's, or the run stops. The
ratios are one process's time over the route's (higher is faster), from the
medians and from the best runs. (Not ``distributed.py``: a script of that name
would shadow the ``distributed`` package it imports.)
"""

from __future__ import annotations

import argparse
import functools
import multiprocessing
import statistics
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import dask.bag
from distributed import Client, LocalCluster

from figures import Summaries, differences, figures, merge, summarise
from sensupport.partitions import Partition, map_partitions, partitions
from timing import load_average


def summarise_partition(partition: Partition) -> Summaries:
    """The metric set of one partition, read where it is counted."""
    return summarise(partition.records())


def spin(n: int) -> int:
    """A bare CPU loop: no memory, no I/O, nothing to share."""
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def ceiling(pool: Executor, workers: int, n: int = 15_000_000) -> tuple[float, float]:
    """The time of W pieces of `spin` one after the other, and on the pool."""
    began = time.perf_counter()
    for _ in range(workers):
        spin(n)
    alone = time.perf_counter() - began
    began = time.perf_counter()
    list(pool.map(spin, [n] * workers))
    return alone, time.perf_counter() - began


def one_process(parts: list[Partition], workers: int) -> Summaries:
    return functools.reduce(merge, map(summarise_partition, parts))


def local_processes(parts: list[Partition], workers: int) -> Summaries:
    return functools.reduce(
        merge, map_partitions(summarise_partition, parts, workers=workers)
    )


def bag(parts: list[Partition]) -> dask.bag.Bag:
    # A bag partition per partition: the bag holds paths, not records.
    return dask.bag.from_sequence(parts, npartitions=len(parts))


def dask_processes(pool: Executor) -> Callable[[list[Partition], int], Summaries]:
    def run(parts: list[Partition], workers: int) -> Summaries:
        total = bag(parts).map(summarise_partition).fold(merge)
        result: Summaries = total.compute(
            scheduler="processes", pool=pool, num_workers=workers, chunksize=1
        )
        return result

    return run


def dask_batched(parts: list[Partition], workers: int) -> Summaries:
    total = bag(parts).map(summarise_partition).fold(merge)
    result: Summaries = total.compute(scheduler="processes", num_workers=workers)
    return result


def on_cluster(client: Client) -> Callable[[list[Partition], int], Summaries]:
    def run(parts: list[Partition], workers: int) -> Summaries:
        total = bag(parts).map(summarise_partition).fold(merge)
        result: Summaries = client.compute(total).result()
        return result

    return run


def the_partitions(cohort: Path, k: int) -> list[Partition]:
    if cohort.is_dir():
        return partitions(cohort)[:k]
    return partitions(cohort, parts=k)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("cohort", type=Path)
    parser.add_argument("--parts", type=int, nargs="+", default=[4, 24])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--batched", action="store_true")
    args = parser.parse_args()

    print(f"load average before: {load_average()}")
    # The fork server starts with what a worker needs imported, so that each pool
    # `map_partitions` starts (the cluster's threads rule out fork here) forks
    # workers ready to count, as the command line's do.
    multiprocessing.set_forkserver_preload(
        ["__main__", "figures", "sensupport.serialization", "sensupport.partitions"]
    )
    started = time.perf_counter()
    with (
        LocalCluster(
            n_workers=args.workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,
        # Not fork: the cluster's client runs threads in this process.
        ProcessPoolExecutor(args.workers, mp_context=get_context("forkserver")) as pool,
    ):
        print(
            f"LocalCluster of {args.workers} started in {time.perf_counter() - started:.1f} s"
        )
        # The pool's processes start on its first task, not in the first timing.
        list(pool.map(spin, [1] * args.workers))
        routes: dict[str, Callable[[list[Partition], int], Summaries]] = {
            "one": one_process,
            "local": local_processes,
            "dask": dask_processes(pool),
            **({"dask-batched": dask_batched} if args.batched else {}),
            "cluster": on_cluster(client),
        }
        for k in args.parts:
            parts = the_partitions(args.cohort, k)
            times: dict[str, list[float]] = {name: [] for name in routes}
            loops: list[tuple[float, float]] = []
            expected = None
            for _ in range(args.runs):
                loops.append(ceiling(pool, args.workers))
                for name, route in routes.items():
                    began = time.perf_counter()
                    result = route(parts, args.workers)
                    times[name].append(time.perf_counter() - began)
                    found = figures(result)
                    if expected is None:
                        expected = found
                    elif problems := differences(expected, found):
                        raise SystemExit(
                            "\n".join([f"{name}'s figures differ:", *problems[:20]])
                        )
            assert expected is not None
            pupils = expected["frequency"]["pupils"]
            print(
                f"\n{len(parts)} partitions, {args.workers} workers, {args.runs} runs "
                f"({pupils:,} pupils on SEN support in the period); the figures agree"
            )
            print(
                f"{'route':<13}{'best':>8}{'median':>9}{'x (best)':>10}{'x (median)':>12}"
            )
            base = times["one"]
            for name, spent in times.items():
                print(
                    f"{name:<13}{min(spent):>7.1f}s{statistics.median(spent):>8.1f}s"
                    f"{min(base) / min(spent):>10.2f}"
                    f"{statistics.median(base) / statistics.median(spent):>12.2f}"
                )
            alone, pooled = zip(*loops, strict=True)
            print(
                f"{'ceiling':<13}{min(pooled):>7.1f}s{statistics.median(pooled):>8.1f}s"
                f"{min(alone) / min(pooled):>10.2f}"
                f"{statistics.median(alone) / statistics.median(pooled):>12.2f}"
                f"   (a bare CPU loop; runs: "
                f"{', '.join(f'{a / b:.2f}' for a, b in loops)})"
            )
    print(f"\nload average after: {load_average()}")


if __name__ == "__main__":
    main()
