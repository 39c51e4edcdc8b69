"""Replay and loading of ever longer records: the cost an event must not grow.

Run: ``python benchmarks/long_records.py [--runs 3]``

Records of 1,000 to 4,999 events (the default limit is 5,000), every event a plan or
a review held with the parents, the case that adds to the state at every step. For
each length the script prints the time per event to build the record (replay) and to
load it from its JSON (parse, structure, replay), min and median of the runs. Linear
replay keeps the time per event flat as the records grow; the baseline is the
shortest record, measured in the same run.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))

from builders import long_record_events, pupil
from sensupport import dumps, loads
from sensupport.process import SupportRecord


def per_event(job: object, n: int, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        job()  # type: ignore[operator]
        times.append((time.perf_counter() - started) / n * 1e6)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    who = pupil()
    base: tuple[float, float] | None = None
    print("events  build us/event (min, median)  load us/event (min, median)  ratio")
    for cycles in (499, 999, 1999, 2498):
        log = long_record_events(cycles=cycles)
        record = SupportRecord(pupil=who, events=log)
        text = dumps(record)
        build = per_event(
            functools.partial(SupportRecord, pupil=who, events=log), len(log), args.runs
        )
        load = per_event(
            functools.partial(loads, text, SupportRecord), len(log), args.runs
        )
        base = base or load
        print(
            f"{len(log):>6}  {build[0]:>8.1f} {build[1]:>8.1f}"
            f"           {load[0]:>8.1f} {load[1]:>8.1f}"
            f"        load {load[1] / base[1]:.2f}x the shortest"
        )


if __name__ == "__main__":
    main()
