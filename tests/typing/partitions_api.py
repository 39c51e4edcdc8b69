"""The types of `sensupport.partitions`, checked by mypy --strict and never run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from sensupport.partitions import (
    Partition,
    build_report,
    map_partitions,
    map_records,
    partitions,
)
from sensupport.process import SupportRecord


def parts_of(path: Path) -> list[Partition]:
    whole: list[Partition] = partitions(path)
    return whole + partitions(str(path), parts=4)


def read(part: Partition) -> tuple[Iterator[str], Iterator[SupportRecord]]:
    return part.lines(), part.records()


def first_line_length(part: Partition) -> int:
    return len(next(part.lines()))


def lengths(parts: list[Partition]) -> list[int]:
    return list(map_partitions(first_line_length, parts, workers=2))


def latest(parts: list[Partition]) -> list[dt.date | None]:
    def latest_on(records: Iterator[SupportRecord]) -> dt.date | None:
        return max((r.state.last_event_on for r in records), default=None)

    return list(map_records(latest_on, parts, workers=2))


def records_counted(parts: list[Partition]) -> int:
    report = build_report(parts, workers=2, as_of=dt.date(2026, 1, 5), by="sex")
    return report.records
