"""The census check's public types, checked by mypy --strict and never run as tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from sensupport import CensusEntry, CensusNeed, CensusReport, check_register
from sensupport.census import (
    RULES,
    CensusFailure,
    CensusSeverity,
    check_entry,
    iter_failures,
    la_codes,
    render_lines,
)


def entries() -> Iterator[CensusEntry]:
    yield CensusEntry(
        upn="B801200005001",
        sen_provision="K",
        needs=(CensusNeed(sen_type="SLCN", rank="1"),),
        row=2,
    )


def check() -> tuple[bool, list[str], list[dict[str, object]]]:
    report: CensusReport = check_register(
        entries(),
        census_date=dt.date(2026, 1, 15),
        la_codes=la_codes() | {"944"},
        school_phase="PS",
    )
    counts: dict[int, int] = report.counts()
    first: CensusFailure | None = next(iter_failures(entries()), None)
    one: list[CensusFailure] = check_entry(next(entries()))
    severity: CensusSeverity = RULES[1500].severity
    del counts, first, one, severity
    return report.has_errors, render_lines(report, upn=False), report.to_rows()
