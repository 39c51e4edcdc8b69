"""Write a synthetic cohort as JSON Lines partitions and as the flat CSV tables an MIS
export would give an analyst, from the same records.

Run: ``python benchmarks/cohort.py OUT --pupils N [--partitions K] [--workers W]``

``OUT/part-NNN.jsonl`` holds the records; ``OUT/csv/<table>-NNN.csv`` the same
documents flattened, one table per kind of row (pupils, events, earlier provision,
needs, plans, targets, provisions, reviews, outcomes, ratings): what an MIS or SEN
package export holds, and nothing sensupport works out by replaying the events.
Partitions are slices of one
cohort (`generate_cohort` with ``first``), so the first K partitions of a large cohort
are a smaller cohort in their own right. Three school years by default.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import multiprocessing
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from sensupport import dumps
from sensupport.needs import Need
from sensupport.plans import SupportPlan
from sensupport.process import (
    AssessmentCompleted,
    EHCNeedsAssessmentDecided,
    PlanAgreed,
    ReviewHeld,
    SENHistoryReceived,
    SpecialistAdviceReceived,
    SupportEnded,
    SupportRecord,
)
from sensupport.synth import generate_cohort

START = dt.date(2023, 9, 1)
END = dt.date(2026, 7, 22)

# Each table holds what the records' documents hold, event by event, and nothing
# worked out from them: no end date, no periods on support, no needs register in
# force, no cycle numbers. ``seq`` is an event's place in its record (from 0); a
# plan, target, provision, review, outcome or rating carries the ``seq`` of the event
# that holds it. A review does not name the plan it reviews, in the documents or
# here: whoever reads the tables pairs them, as the process does.
TABLES: dict[str, tuple[str, ...]] = {
    "pupils": ("pupil_id", "year_group"),
    "events": (
        "pupil_id",
        "seq",
        "event",
        "occurred_on",
        "outcome",  # an assessment's outcome, or the authority's EHC decision
        "decision",  # a review's decision
        "reason",  # why support ended
        "provision",  # SEN history: the census provision code in place
        "provision_started_on",  # SEN history: since when
    ),
    # SEN history: the earlier provision, oldest first.
    "earlier_provision": ("pupil_id", "seq", "started_on", "provision"),
    # The needs an assessment, specialist advice or SEN history names.
    "needs": ("pupil_id", "seq", "rank", "need_type", "area", "identified_on"),
    # Plans agreed, and the plan in force an SEN history gives (agreed_on empty
    # when it is known only by its review date).
    "plans": ("pupil_id", "seq", "agreed_on", "review_due_on"),
    "targets": (
        "pupil_id",
        "seq",
        "target_id",
        "area",
        "set_on",
        "due_on",
        "long_term",
    ),
    "provisions": (
        "pupil_id",
        "seq",
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
    "reviews": ("pupil_id", "seq", "held_on", "decision", "next_review_due_on"),
    "outcomes": ("pupil_id", "seq", "target_id", "attainment", "achieved_on"),
    "ratings": ("pupil_id", "seq", "provision_id", "effectiveness"),
}


def _iso(date: dt.date | None) -> str:
    return "" if date is None else date.isoformat()


def _blank(value: object) -> object:
    return "" if value is None else value


def _plan_rows(
    pid: str, seq: int, plan: SupportPlan
) -> Iterator[tuple[str, tuple[Any, ...]]]:
    yield "plans", (pid, seq, _iso(plan.agreed_on), _iso(plan.review_due_on))
    for t in plan.targets:
        area = t.area.value if t.area else ""
        yield (
            "targets",
            (pid, seq, t.target_id, area, _iso(t.set_on), _iso(t.due_on), t.long_term),
        )
    for p in plan.provisions:
        entry, exit_ = p.entry, p.exit
        yield (
            "provisions",
            (
                pid,
                seq,
                p.provision_id,
                p.name,
                _iso(p.starts_on),
                _iso(p.ends_on),
                _blank(p.sessions_per_week),
                _blank(p.minutes_per_session),
                entry.scale.value if entry else (exit_.scale.value if exit_ else ""),
                entry.value if entry else "",
                _iso(entry.taken_on) if entry else "",
                exit_.value if exit_ else "",
                _iso(exit_.taken_on) if exit_ else "",
            ),
        )


def _need_rows(
    pid: str, seq: int, needs: tuple[Need, ...]
) -> Iterator[tuple[str, tuple[Any, ...]]]:
    for need in needs:
        area = need.area.value if need.area else ""
        yield (
            "needs",
            (pid, seq, need.rank, need.need_type.value, area, _iso(need.identified_on)),
        )


def rows(record: SupportRecord) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """The rows of each table for one record: its documents, event by event."""
    pid = record.pupil.pupil_id
    yield "pupils", (pid, record.pupil.year_group.value)
    for seq, event in enumerate(record.events):
        outcome = decision = reason = provision = started = ""
        if isinstance(event, AssessmentCompleted):
            outcome = event.outcome.value
            yield from _need_rows(pid, seq, event.needs)
        elif isinstance(event, SpecialistAdviceReceived):
            yield from _need_rows(pid, seq, event.needs)
        elif isinstance(event, EHCNeedsAssessmentDecided):
            outcome = event.decision.value
        elif isinstance(event, SupportEnded):
            reason = event.reason.value
        elif isinstance(event, SENHistoryReceived):
            provision = event.provision.value
            started = _iso(event.provision_started_on)
            for earlier in event.earlier:
                yield (
                    "earlier_provision",
                    (pid, seq, _iso(earlier.started_on), earlier.provision.value),
                )
            yield from _need_rows(pid, seq, event.needs)
            if event.plan is not None:
                yield from _plan_rows(pid, seq, event.plan)
            elif event.review_due_on is not None:
                yield "plans", (pid, seq, "", _iso(event.review_due_on))
        elif isinstance(event, PlanAgreed):
            yield from _plan_rows(pid, seq, event.plan)
        elif isinstance(event, ReviewHeld):
            review = event.review
            decision = review.decision.value
            yield (
                "reviews",
                (
                    pid,
                    seq,
                    _iso(review.held_on),
                    decision,
                    _iso(review.next_review_due_on),
                ),
            )
            for o in review.outcomes:
                outcome_row = (
                    pid,
                    seq,
                    o.target_id,
                    o.attainment.value,
                    _iso(o.achieved_on),
                )
                yield "outcomes", outcome_row
            for r in review.ratings:
                yield "ratings", (pid, seq, r.provision_id, r.effectiveness.value)
        yield (
            "events",
            (
                pid,
                seq,
                type(event).__name__,
                _iso(event.occurred_on),
                outcome,
                decision,
                reason,
                provision,
                started,
            ),
        )


def write_records(out: Path, part: int, records: Iterable[SupportRecord]) -> int:
    """Write records as partition ``part`` of ``out``: JSON Lines and the CSV tables."""
    (out / "csv").mkdir(parents=True, exist_ok=True)
    files = {
        name: (out / "csv" / f"{name}-{part:03d}.csv").open("w", newline="")
        for name in TABLES
    }
    writers = {name: csv.writer(f) for name, f in files.items()}
    for name, header in TABLES.items():
        writers[name].writerow(header)
    written = 0
    with (out / f"part-{part:03d}.jsonl").open("w", encoding="utf-8") as lines:
        for record in records:
            lines.write(dumps(record) + "\n")
            for name, row in rows(record):
                writers[name].writerow(row)
            written += 1
    for f in files.values():
        f.close()
    return written


def write_partition(job: tuple[Path, int, int, int, int]) -> int:
    out, part, first, pupils, seed = job
    records = generate_cohort(
        pupils=pupils, seed=seed, start=START, end=END, first=first
    )
    return write_records(out, part, records)


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
