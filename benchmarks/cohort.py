"""Write a synthetic cohort as JSON Lines partitions and as the flat CSV tables an MIS
export would give an analyst, from the same records.

Run: ``python benchmarks/cohort.py OUT --pupils N [--partitions K] [--workers W]``

``OUT/part-NNN.jsonl`` holds the records; ``OUT/csv/<table>-NNN.csv`` the same data
flattened, one table per kind of row (pupils, needs, SEN status history, plans,
targets, provisions, reviews, outcomes, ratings, events). Partitions are slices of one
cohort (`generate_cohort` with ``first``), so the first K partitions of a large cohort
are a smaller cohort in their own right. Three school years by default.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import multiprocessing
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sensupport import dumps
from sensupport.process import (
    AssessmentCompleted,
    EHCNeedsAssessmentDecided,
    SupportRecord,
)
from sensupport.synth import generate_cohort

START = dt.date(2023, 9, 1)
END = dt.date(2026, 7, 22)

TABLES: dict[str, tuple[str, ...]] = {
    "pupils": ("pupil_id", "year_group", "ended_on"),
    "needs": ("pupil_id", "rank", "need_type", "area"),
    "sen_status": ("pupil_id", "status", "start", "end"),
    "plans": ("pupil_id", "cycle", "agreed_on", "review_due_on"),
    "targets": ("pupil_id", "cycle", "target_id", "area", "due_on"),
    "provisions": (
        "pupil_id",
        "cycle",
        "provision_id",
        "name",
        "starts_on",
        "ends_on",
        "sessions_per_week",
        "minutes_per_session",
        "scale",
        "entry_value",
        "entry_on",
        "exit_value",
        "exit_on",
    ),
    "reviews": ("pupil_id", "cycle", "held_on"),
    "outcomes": ("pupil_id", "cycle", "target_id", "attainment", "achieved_on"),
    "ratings": ("pupil_id", "cycle", "provision_id", "effectiveness"),
    "events": ("pupil_id", "seq", "event", "occurred_on", "outcome"),
}


def _iso(date: dt.date | None) -> str:
    return "" if date is None or date == dt.date.max else date.isoformat()


def rows(record: SupportRecord) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """The rows of each table for one record."""
    pid = record.pupil.pupil_id
    yield "pupils", (pid, record.pupil.year_group.value, _iso(record.ended_on))
    for need in record.needs:
        area = need.area.value if need.area else ""
        yield "needs", (pid, need.rank, need.need_type.value, area)
    for start, end in record.support_periods:
        yield "sen_status", (pid, "K", _iso(start), _iso(end))
    for cycle in record.cycles:
        plan, n = cycle.plan, cycle.number
        yield "plans", (pid, n, _iso(plan.agreed_on), _iso(plan.review_due_on))
        for t in plan.targets:
            area = t.area.value if t.area else ""
            yield "targets", (pid, n, t.target_id, area, _iso(t.due_on))
        for p in plan.provisions:
            entry, exit_ = p.entry, p.exit
            yield (
                "provisions",
                (
                    pid,
                    n,
                    p.provision_id,
                    p.name,
                    _iso(p.starts_on),
                    _iso(p.ends_on),
                    "" if p.sessions_per_week is None else p.sessions_per_week,
                    "" if p.minutes_per_session is None else p.minutes_per_session,
                    entry.scale.value if entry else "",
                    entry.value if entry else "",
                    _iso(entry.taken_on) if entry else "",
                    exit_.value if exit_ else "",
                    _iso(exit_.taken_on) if exit_ else "",
                ),
            )
        review = cycle.review
        if review is not None:
            yield "reviews", (pid, n, _iso(review.held_on))
            for o in review.outcomes:
                outcome = (pid, n, o.target_id, o.attainment.value, _iso(o.achieved_on))
                yield "outcomes", outcome
            for r in review.ratings:
                yield "ratings", (pid, n, r.provision_id, r.effectiveness.value)
    for seq, event in enumerate(record.events):
        outcome = ""
        if isinstance(event, AssessmentCompleted):
            outcome = event.outcome.value
        elif isinstance(event, EHCNeedsAssessmentDecided):
            outcome = event.decision.value
        yield (
            "events",
            (pid, seq, type(event).__name__, _iso(event.occurred_on), outcome),
        )


def write_partition(job: tuple[Path, int, int, int, int]) -> int:
    out, part, first, pupils, seed = job
    (out / "csv").mkdir(parents=True, exist_ok=True)
    files = {
        name: (out / "csv" / f"{name}-{part:03d}.csv").open("w", newline="")
        for name in TABLES
    }
    writers = {name: csv.writer(f) for name, f in files.items()}
    for name, header in TABLES.items():
        writers[name].writerow(header)
    with (out / f"part-{part:03d}.jsonl").open("w", encoding="utf-8") as lines:
        for record in generate_cohort(
            pupils=pupils, seed=seed, start=START, end=END, first=first
        ):
            lines.write(dumps(record) + "\n")
            for name, row in rows(record):
                writers[name].writerow(row)
    for f in files.values():
        f.close()
    return pupils


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--pupils", type=int, required=True)
    parser.add_argument("--partitions", type=int, default=1)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    size = -(-args.pupils // args.partitions)
    jobs = [
        (args.out, part, first, min(size, args.pupils - first), args.seed)
        for part, first in enumerate(range(0, args.pupils, size))
    ]
    started = time.perf_counter()
    with multiprocessing.Pool(args.workers) as pool:
        for done, _ in enumerate(pool.imap_unordered(write_partition, jobs), 1):
            elapsed = time.perf_counter() - started
            print(f"{done}/{len(jobs)} partitions in {elapsed:.0f} s", flush=True)


if __name__ == "__main__":
    main()
