"""The process: events replayed per second, and the cost of loading a stored record.

Run: ``python benchmarks/process.py [--pupils N] [--seed S]``

A cohort from `sensupport.synth` over three school years is replayed record by record
(every event checked against every rule that applies), then loaded from its JSON text
(parsed, validated, replayed). Each figure is printed with a baseline measured in the
same run on the same data: replay against a bare walk over the same events, loading
against parsing the same text with ``json.loads`` alone. The aim for replay is 100,000
events a second on one core.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import time

from sensupport import dumps, loads
from sensupport.process import SupportRecord, replay
from sensupport.synth import generate_cohort
from timing import timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pupils", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    started = time.perf_counter()
    records = list(
        generate_cohort(
            pupils=args.pupils,
            seed=args.seed,
            start=dt.date(2023, 9, 1),
            end=dt.date(2026, 7, 22),
        )
    )
    generated = time.perf_counter() - started
    n = len(records)
    events = sum(len(r.events) for r in records)
    texts = [dumps(r) for r in records]

    def walk() -> None:
        total = 0
        for record in records:
            for event in record.events:
                total += event.occurred_on.toordinal()

    def replay_all() -> None:
        # Each record replayed and dropped, as when a stream of records is loaded.
        for record in records:
            replay(record.pupil, record.events)

    replayed = timed(replay_all)
    walked = timed(walk)
    loaded = timed(lambda: [loads(t, SupportRecord) for t in texts])
    parsed = timed(lambda: [json.loads(t) for t in texts])

    def load_paused() -> None:
        # The cyclic collector's full passes over the records held fall where the
        # heap's size puts them; paused, the figure is the code's alone.
        gc.disable()
        try:
            [loads(t, SupportRecord) for t in texts]
        finally:
            gc.enable()

    loaded_paused = timed(load_paused)

    print(
        f"{n} records, {events} events ({events / n:.1f} a record), "
        f"{sum(map(len, texts)) / n:.0f} bytes of JSON a record; "
        f"generated in {generated:.1f} s"
    )
    print(
        f"replay: {events / replayed:,.0f} events/s "
        f"({replayed / n * 1e6:.0f} us a record); "
        f"a bare walk over the events is {replayed / walked:.0f}x faster"
    )
    print(
        f"load (parse, validate, replay): {loaded / n * 1e6:.0f} us a record, "
        f"{n / loaded:,.0f} records/s; {loaded / parsed:.1f}x json.loads alone"
    )
    print(
        f"load, the cyclic collector paused: {loaded_paused / n * 1e6:.0f} us a record"
    )


if __name__ == "__main__":
    main()
