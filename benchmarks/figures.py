"""The metric set of the cohort report, computed by sensupport from JSON Lines.

Shared by the end-to-end and distributed benchmarks. `figures` turns the summaries
into plain data (numbers, histograms as dicts) so that they can be compared exactly
with the pandas and polars baselines'.

The period, the as-of date, the data date and the cadence are set here once; the
baselines import them from here. ``as_of`` and ``data_date`` may be given to
`summarise` (and to the baselines) to count at another date than the cohort's last
day; the data date may not be before the latest event of any record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from fractions import Fraction
from typing import Any

from sensupport import load_lines
from sensupport.calendar import Cadence
from sensupport.metrics import (
    Grouped,
    OverdueReview,
    OverdueReviews,
    ProvisionImpact,
    ReviewFrequency,
    TargetAttainment,
    Timeliness,
    attainment_accumulator,
    frequency_accumulator,
    impact_accumulator,
    overdue_reviews,
    timeliness_accumulator,
)
from sensupport.process import SupportRecord

START = dt.date(2023, 9, 1)  # three school years
END = dt.date(2026, 9, 1)
AS_OF = dt.date(2026, 7, 22)  # the day the synthetic cohorts stop
DATA_DATE = AS_OF  # the extract date: the period is counted to it, not to END
CADENCE = Cadence.per_year(3)


def counted(
    as_of: dt.date = AS_OF, data_date: dt.date = DATA_DATE
) -> tuple[dt.date, dt.date, dt.date]:
    """The first day counted, the day after the last, and the as-of date, as the
    library's metrics take them: the period runs to the end of the data date at
    most, and an as-of date after the data date is the data date."""
    end = min(END, data_date + dt.timedelta(days=1))
    return START, end, min(as_of, data_date)


Summaries = tuple[
    ReviewFrequency,
    OverdueReviews,
    Grouped[TargetAttainment],
    Grouped[ProvisionImpact],
    Timeliness,
]


def summarise(
    records: Iterable[SupportRecord],
    *,
    as_of: dt.date = AS_OF,
    data_date: dt.date = DATA_DATE,
    cadence: Cadence = CADENCE,
) -> Summaries:
    """One pass over the records, in constant memory: the report's metric set."""
    period = {"start": START, "end": END, "data_date": data_date}
    frequency = frequency_accumulator(**period, cadence=cadence)
    attainment = attainment_accumulator(**period, by="area_of_need")
    impact = impact_accumulator(**period)
    timing = timeliness_accumulator(**period)
    # Overdue reviews are listed, one per pupil overdue: the only part that grows.
    overdue: list[OverdueReview] = []
    for record in records:
        frequency.add(record)
        attainment.add(record)
        impact.add(record)
        timing.add(record)
        overdue += overdue_reviews([record], as_of=as_of, data_date=data_date).items
    return (
        frequency.result(),  # type: ignore[return-value]
        OverdueReviews(items=tuple(sorted(overdue)), coverage=frequency.coverage),
        attainment.result(),
        impact.result(),
        timing.result(),
    )


def summarise_lines(lines: Iterable[str], **settings: Any) -> Summaries:
    """`summarise` over JSON Lines; ``settings`` as `summarise` takes them."""
    return summarise(load_lines(lines, SupportRecord), **settings)


def merge(a: Summaries, b: Summaries) -> Summaries:
    """Two partitions' summaries together; exact, in any order."""
    return tuple(x.merge(y) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def _histogram(pairs: tuple[tuple[int, int], ...]) -> dict[int, int]:
    return dict(pairs)


def figures(summaries: Summaries) -> dict[str, Any]:
    """The summaries as plain data, the shape the baselines give."""
    frequency, overdue, attainment, impact, timing = summaries
    days = [i.days_overdue for i in overdue.items]
    gains: dict[str, dict[str, list[Any]]] = {}
    for name, summary in impact.items():
        by_scale: dict[str, list[Any]] = {}
        for scale, gain, elapsed in summary.gains:
            entry = by_scale.setdefault(scale, [0, Fraction(0), 0])
            entry[0] += 1
            entry[1] += gain
            entry[2] += elapsed
        gains[str(name)] = {s: [n, str(g), d] for s, (n, g, d) in by_scale.items()}
    return {
        "frequency": {
            "reviews": frequency.reviews,
            "pupils": frequency.pupils,
            "support_days": frequency.support_days,
            "pupils_with_cadence_due": frequency.pupils_with_cadence_due,
            "pupils_meeting_cadence": frequency.pupils_meeting_cadence,
            "pupils_with_nothing_due": frequency.pupils_with_nothing_due,
            "intervals": _histogram(frequency.intervals),
        },
        "overdue": {
            "count": len(days),
            "days_total": sum(days),
            "days_max": max(days, default=0),
        },
        "attainment": {
            str(area): {
                "not_met": s.not_met,
                "partly_met": s.partly_met,
                "met": s.met,
                "exceeded": s.exceeded,
                "met_in_time": s.met_in_time,
                "past_due_without_outcome": s.past_due_without_outcome,
            }
            for area, s in attainment.items()
        },
        "impact": {
            str(name): {
                "pupils": s.pupils,
                "sessions": s.sessions,
                "minutes": s.minutes,
                "rated_no_change": s.rated_no_change,
                "rated_some_impact": s.rated_some_impact,
                "rated_effective": s.rated_effective,
                "gains": gains[str(name)],
            }
            for name, s in impact.items()
        },
        "timeliness": {
            "ehc_decisions_within_6_weeks": timing.ehc_decisions_within_6_weeks,
            "ehc_plans_within_20_weeks": timing.ehc_plans_within_20_weeks,
            **{
                name: _histogram(getattr(timing, name))
                for name in (
                    "concern_to_decision",
                    "decision_to_plan",
                    "plan_to_review",
                    "ehc_request_to_decision",
                    "ehc_request_to_plan",
                )
            },
        },
    }


def differences(a: Any, b: Any, path: str = "") -> list[str]:
    """Where two figure sets disagree, as paths; empty when they agree exactly."""
    if isinstance(a, dict) and isinstance(b, dict):
        found = []
        for key in sorted(set(a) | set(b), key=str):
            if key not in a or key not in b:
                found.append(
                    f"{path}/{key}: only in {'second' if key in b else 'first'}"
                )
            else:
                found += differences(a[key], b[key], f"{path}/{key}")
        return found
    return [] if a == b else [f"{path}: {a!r} != {b!r}"]
