"""The public API's types, checked by mypy --strict and never run as tests.

Each function uses the API as a user's code would; mypy fails the build if a public
signature stops accepting or returning what these uses expect.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sensupport import (
    UPN,
    NeedType,
    Pupil,
    SupportPlan,
    ValidationError,
    YearGroup,
    dumps,
    load_lines,
    loads,
    seal,
    seal_lines,
)
from sensupport.metrics import (
    Grouped,
    TargetAttainment,
    review_frequency,
    target_attainment,
)
from sensupport.process import (
    ConcernRaised,
    Stage,
    SupportRecord,
    apply,
    check,
    open_record,
)


def build_and_load(text: str) -> SupportPlan:
    plan: SupportPlan = loads(text, SupportPlan)
    return plan


def sealed(plan: SupportPlan, key: bytes) -> list[SupportPlan]:
    text: str = seal(plan, key=key, indent=2)
    again: SupportPlan = loads(text, SupportPlan, seal_key=key)
    lines: Iterable[str] = seal_lines([plan, again], key=key)
    return list(load_lines(lines, SupportPlan, seal_key=key))


def codes() -> str:
    need: NeedType = NeedType("SLCN")
    return need.description


def process(pupil: Pupil, concern: ConcernRaised) -> Stage:
    record = open_record(pupil, concern)
    problems = check(record, concern)
    record = apply(record, concern) if not problems else record
    return record.stage


def metrics(records: Iterable[SupportRecord]) -> float | None:
    overall: TargetAttainment = target_attainment(
        records, start=dt.date(2025, 9, 1), end=dt.date(2026, 9, 1)
    )
    grouped: Grouped[TargetAttainment] = target_attainment(
        records, start=dt.date(2025, 9, 1), end=dt.date(2026, 9, 1), by="cycle"
    )
    frequency = review_frequency(
        records, start=dt.date(2025, 9, 1), end=dt.date(2026, 9, 1)
    )
    return overall.met_rate or frequency.median_interval or len(grouped)


def errors(text: str) -> list[str]:
    try:
        UPN.parse(text)
    except ValidationError as error:
        return [p.code for p in error.problems]
    return [dumps(Pupil(pupil_id="1", year_group=YearGroup.R))]
