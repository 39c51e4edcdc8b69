"""Peak memory of the columnar tier counting a store part by part, as the store grows.

Run: ``python benchmarks/store_memory.py STORE [--copies 1 4 24] [--runs 3]``

STORE is a store ``write_store`` wrote (``metrics.py`` leaves one in ``DIR/store-K``).
For each N of ``--copies``, a store of N times its parts is laid out beside it, in
``STORE-xN``: hard links to the same files, the parts numbered on, every file with
the marks the library wrote. A 50,000-pupil store of one part gives 1.2 million
pupils' rows at 24 copies. The pupils repeat from copy to copy, which changes the
figures but not the work a part takes nor the memory it needs.

``store_summaries`` counts each store in a fresh process (``columnar_summaries``, one
lazy polars plan, over one part after the other, the summaries merged); the time
and the process's peak resident set, as the kernel counted it, are printed, min and
median over the runs, with the load average. The memory is bounded by a part when
the peak stays flat as the copies grow.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

from figures import CADENCE, counted
from timing import in_child, load_average


def laid_out(store: Path, copies: int) -> Path:
    """``store``'s parts ``copies`` times over, as hard links, in a store of its own."""
    if copies == 1:
        return store
    target = store.with_name(f"{store.name}-x{copies}")
    tables = sorted(p for p in store.iterdir() if p.is_dir())
    parts = sorted(p.name for p in tables[0].iterdir())
    if target.exists() and all(
        len(list((target / t.name).iterdir())) == copies * len(parts) for t in tables
    ):
        return target
    for table in tables:
        (target / table.name).mkdir(parents=True, exist_ok=True)
        for copy in range(copies):
            for k, name in enumerate(parts):
                linked = (
                    target / table.name / f"part-{copy * len(parts) + k:05d}.parquet"
                )
                if not linked.exists():
                    os.link(table / name, linked)
    return target


def count(store: Path) -> None:
    """In the child: count the store, print the seconds it took and the pupils."""
    from sensupport.columnar import store_summaries

    start, end, as_of = counted()
    began = time.perf_counter()
    found = store_summaries(
        store, start=start, end=end, as_of=as_of, data_date=as_of, cadence=CADENCE
    )
    seconds = time.perf_counter() - began
    print(json.dumps({"seconds": seconds, "pupils": found.frequency.pupils}))


def measured(store: Path) -> tuple[float, int, float]:
    """Seconds, pupils counted and peak resident set (MB) of counting ``store``."""
    found, peak = in_child(str(Path(__file__).resolve()), ["--count", str(store)])
    return found["seconds"], found["pupils"], peak


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("store", type=Path)
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 4, 24])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--count", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.count:
        count(args.store)
        return
    stores = {n: laid_out(args.store, n) for n in args.copies}
    print(f"load average before: {load_average()}")
    runs: dict[int, list[tuple[float, int, float]]] = {n: [] for n in args.copies}
    for _ in range(args.runs):
        for n, store in stores.items():
            runs[n].append(measured(store))
    print(
        f"{'copies':>6} {'pupils counted':>15} {'best':>8} {'median':>8} "
        f"{'peak MB (min)':>14} {'peak MB (median)':>17}"
    )
    for n, found in runs.items():
        seconds = [s for s, _, _ in found]
        peaks = [m for _, _, m in found]
        pupils = found[0][1]
        print(
            f"{n:>6} {pupils:>15,} {min(seconds):>7.1f}s "
            f"{statistics.median(seconds):>7.1f}s {min(peaks):>14.0f} "
            f"{statistics.median(peaks):>17.0f}"
        )
    print(f"load average after: {load_average()}")


if __name__ == "__main__":
    main()
