"""Throughput of the main paths, as ratios against plain-Python baselines run alongside.

Run: ``python benchmarks/throughput.py [--pupils N] [--seed S]``

Each figure is the time sensupport takes for a job divided by the time a minimal
baseline takes for the nearest job that skips sensupport's work (the same JSON parsed
with ``json.loads``, the same events merely iterated), measured in the same run on the
same data, so the ratios mean the same on a fast or a slow machine. Absolute times are
printed too, for a feel of scale.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from collections.abc import Callable

from sensupport import dumps, loads, to_dict
from sensupport.calendar import Cadence
from sensupport.metrics import (
    attainment_accumulator,
    frequency_accumulator,
    impact_accumulator,
    timeliness_accumulator,
)
from sensupport.process import SupportRecord, replay
from sensupport.synth import generate_cohort


def timed(job: Callable[[], object], repeat: int = 3) -> float:
    """The best of ``repeat`` runs, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        job()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pupils", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    start = time.perf_counter()
    records = list(generate_cohort(pupils=args.pupils, seed=args.seed))
    generated = time.perf_counter() - start
    events = sum(len(r.events) for r in records)
    texts = [dumps(r) for r in records]
    documents = [to_dict(r) for r in records]
    period = {"start": dt.date(2025, 9, 1), "end": dt.date(2026, 9, 1)}

    def all_metrics() -> None:
        accumulators = [
            frequency_accumulator(**period, cadence=Cadence.per_year(3)),
            attainment_accumulator(**period, by="area_of_need"),
            impact_accumulator(**period),
            timeliness_accumulator(**period),
        ]
        for record in records:
            for acc in accumulators:
                acc.add(record)
        for acc in accumulators:
            acc.result()

    def baseline_walk() -> None:
        total = 0
        for record in records:
            for event in record.events:
                total += event.occurred_on.toordinal()

    rows = [
        (
            "load (JSON to checked record)",
            lambda: [loads(t, SupportRecord) for t in texts],
            "json.loads",
            lambda: [json.loads(t) for t in texts],
        ),
        (
            "dump (record to JSON)",
            lambda: [dumps(r) for r in records],
            "json.dumps of the dict",
            lambda: [json.dumps(d) for d in documents],
        ),
        (
            "replay (re-check every event)",
            lambda: [replay(r.pupil, r.events) for r in records],
            "walk the events",
            baseline_walk,
        ),
        ("four metrics, one pass", all_metrics, "walk the events", baseline_walk),
    ]
    print(
        f"{args.pupils} records, {events} events; generated in {generated:.2f} s "
        f"({generated / args.pupils * 1e3:.2f} ms a pupil)"
    )
    print(
        f"{'job':<32} {'seconds':>8} {'per record':>11} {'baseline':>24} {'ratio':>7}"
    )
    for name, job, base_name, base in rows:
        seconds, base_seconds = timed(job), timed(base)
        print(
            f"{name:<32} {seconds:>8.3f} {seconds / args.pupils * 1e6:>9.0f}us "
            f"{base_name:>24} {seconds / base_seconds:>7.1f}"
        )


if __name__ == "__main__":
    main()
