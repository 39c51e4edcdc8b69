"""Review frequency: are pupils on SEN support reviewed often enough?

Over a period [start, end):

- ``reviews``: reviews held in the period.
- ``intervals``: for each of those reviews, the days since the record's previous
  review, or for a record's first review, since its first plan was agreed; kept as an
  integer histogram, so the median and quartiles are exact and merge exactly.
- ``support_days``: days on SEN support (census K) inside the period, over all
  records; ``pupil_years`` = support_days / 365.25, and ``reviews_per_pupil_year`` =
  reviews / pupil_years.
- ``pupils``: records on SEN support for at least one day of the period.
- With a `~sensupport.calendar.Cadence`: ``pupils_with_cadence_due`` counts the pupils
  for whom at least one review fell due while they were on support in the period;
  ``pupils_meeting_cadence`` those of them who had at least as many reviews in that
  time as the cadence had due dates, so a pupil on support for part of the period is
  held to a pro-rated number. Pupils with nothing due (``pupils_with_nothing_due``,
  such as everyone in an autumn term at three times a year) are left out of the
  share and counted on their own.

Reviews count at their date; a pupil's time on support as of their last day on
support in the period (for a split by year group or need).

`overdue_reviews` lists the reviews overdue on a date: records in *do* whose plan's
review date has passed.

>>> import datetime as dt
>>> from sensupport.metrics import review_frequency
>>> review_frequency([], start=dt.date(2025, 9, 1), end=dt.date(2026, 9, 1)).reviews
0
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import ClassVar, overload

import attrs

from ..calendar import DAYS_PER_YEAR, Cadence, SchoolCalendar
from ..process.record import SupportRecord
from ._core import (
    HISTOGRAM,
    ITEMS,
    Accumulator,
    Counting,
    Coverage,
    Grouped,
    Period,
    Summary,
    Tally,
    counted_period,
    raise_event_after,
)
from ._dimensions import By, Context
from ._stats import quantile

__all__ = [
    "OverdueReview",
    "OverdueReviews",
    "ReviewFrequency",
    "frequency_accumulator",
    "overdue_reviews",
    "review_frequency",
]


@attrs.frozen(kw_only=True)
class ReviewFrequency(Summary):
    """How often records were reviewed in a period."""

    reviews: int = 0
    pupils: int = 0
    support_days: int = 0
    pupils_meeting_cadence: int = 0
    pupils_with_cadence_due: int = 0
    pupils_with_nothing_due: int = 0
    intervals: tuple[tuple[int, int], ...] = attrs.field(default=(), metadata=HISTOGRAM)

    @property
    def pupil_years(self) -> float:
        """Years on SEN support inside the period, over all pupils."""
        return self.support_days / DAYS_PER_YEAR

    @property
    def reviews_per_pupil_year(self) -> float | None:
        """Reviews held per pupil-year on SEN support; None without support days."""
        return self.reviews / self.pupil_years if self.support_days else None

    def interval_quantile(self, q: float) -> float | None:
        """A quantile of the days between reviews (0.5 for the median)."""
        return quantile(dict(self.intervals), q)

    @property
    def median_interval(self) -> float | None:
        """The median days between consecutive reviews."""
        return self.interval_quantile(0.5)

    RATES: ClassVar[Mapping[str, str]] = {"cadence_rate": "pupils with a review due"}

    def rates(self) -> dict[str, tuple[int, int]]:
        return {
            "cadence_rate": (self.pupils_meeting_cadence, self.pupils_with_cadence_due)
        }

    @property
    def cadence_rate(self) -> float | None:
        """Pupils meeting the cadence / pupils with a review due; None when none was
        due (or no cadence was given)."""
        if not self.pupils_with_cadence_due:
            return None
        return self.pupils_meeting_cadence / self.pupils_with_cadence_due

    @property
    def cadence_rate_interval(self) -> tuple[float, float]:
        """The 95% Wilson score interval of the cadence rate."""
        return self.interval("cadence_rate")

    def to_row(self) -> dict[str, object]:
        return {
            **super().to_row(),
            "pupil_years": self.pupil_years,
            "reviews_per_pupil_year": self.reviews_per_pupil_year,
            "interval_q1": self.interval_quantile(0.25),
            "interval_median": self.median_interval,
            "interval_q3": self.interval_quantile(0.75),
            **self._rate_columns(),
        }

    def _text(self) -> str:
        if self.is_empty:
            return "Reviews: no records, nothing counted."
        rate = self.reviews_per_pupil_year
        per_year = (
            f"{rate:.2f} per pupil-year" if rate is not None else "no time on support"
        )
        text = (
            f"Reviews: {self.reviews} for {self.pupils} pupils over "
            f"{self.pupil_years:.1f} pupil-years on SEN support ({per_year})"
        )
        if self.intervals:
            q1, q3 = self.interval_quantile(0.25), self.interval_quantile(0.75)
            text += f"; median interval {self.median_interval:.0f} days (IQR {q1:.0f}-{q3:.0f})"
        if self.pupils_with_cadence_due:
            text += f"; {self._rate_text('cadence_rate', ' pupils met the cadence')}"
        if self.pupils_with_nothing_due:
            text += (
                f"; {self.pupils_with_nothing_due} pupils had no review due in the "
                "period, so are not in the share"
            )
        return text + "."


def _counter(
    period: Period, cadence: Cadence | None, calendar: SchoolCalendar | None
) -> Callable[[SupportRecord, Callable[[Context], Tally]], None]:
    def count(record: SupportRecord, tally_for: Callable[[Context], Tally]) -> None:
        previous: dt.date | None = None
        for cycle in record.cycles:
            review = cycle.review
            if previous is None and cycle.plan is not None:
                previous = cycle.plan.agreed_on
            if review is None:
                continue
            if review.held_on in period:
                ctx = Context(record=record, cycle=cycle, on=review.held_on)
                tally = tally_for(ctx)
                tally.add("reviews")
                # A plan received as history has no agreement date to count from.
                if previous is not None:
                    tally.observe("intervals", (review.held_on - previous).days)
            previous = review.held_on
        # Time on support before the record opened (history received from another
        # system) holds reviews the record cannot know: it is not counted.
        opened = record.opened_on
        windows = [
            (max(a, period.start, opened), min(b, period.end))
            for a, b in record.support_periods
            if period.overlap_days(max(a, opened), b)
        ]
        if not windows:
            return
        last_day = windows[-1][1] - dt.timedelta(days=1)
        tally = tally_for(Context(record=record, on=last_day))
        tally.add("pupils")
        tally.add("support_days", sum((b - a).days for a, b in windows))
        if cadence is not None:
            due = sum(len(cadence.due_dates(a, b, calendar)) for a, b in windows)
            if not due:
                # Nothing fell due, so nothing was missed or met: a share over such
                # pupils would read 100% all autumn.
                tally.add("pupils_with_nothing_due")
                return
            held = sum(
                1 for r in record.reviews if any(a <= r.held_on < b for a, b in windows)
            )
            tally.add("pupils_with_cadence_due")
            if held >= due:
                tally.add("pupils_meeting_cadence")

    return count


def frequency_accumulator(
    *,
    start: dt.date,
    end: dt.date,
    cadence: Cadence | None = None,
    calendar: SchoolCalendar | None = None,
    by: By = None,
    data_date: dt.date | None = None,
) -> Accumulator[ReviewFrequency]:
    """An accumulator of review frequency over [start, end), clipped to the data date.

    Raises:
        ValidationError: The period is empty or starts after ``data_date``.
    """
    period, asked = counted_period(start, end, data_date)
    return Accumulator(
        ReviewFrequency,
        Counting(_counter, period, cadence, calendar),
        by,
        period=period,
        asked=asked,
        data_date=data_date,
    )


@overload
def review_frequency(
    records: Iterable[SupportRecord],
    *,
    start: dt.date,
    end: dt.date,
    cadence: Cadence | None = None,
    calendar: SchoolCalendar | None = None,
    by: None = None,
    data_date: dt.date | None = None,
) -> ReviewFrequency: ...
@overload
def review_frequency(
    records: Iterable[SupportRecord],
    *,
    start: dt.date,
    end: dt.date,
    cadence: Cadence | None = None,
    calendar: SchoolCalendar | None = None,
    by: str | tuple[str, ...] | Callable[[SupportRecord], Hashable],
    data_date: dt.date | None = None,
) -> Grouped[ReviewFrequency]: ...
def review_frequency(
    records: Iterable[SupportRecord],
    *,
    start: dt.date,
    end: dt.date,
    cadence: Cadence | None = None,
    calendar: SchoolCalendar | None = None,
    by: By = None,
    data_date: dt.date | None = None,
) -> ReviewFrequency | Grouped[ReviewFrequency]:
    """Review frequency over [start, end), counted to the data date at most.

    Args:
        records: Any iterable of records, consumed once.
        start: First day of the period.
        end: The day after the period.
        cadence: The cadence pupils should be reviewed at, such as
            ``Cadence.per_year(3)`` for the Code of Practice's three meetings a year.
        calendar: The school calendar, for termly and half-termly cadences.
        by: A dimension name, a tuple of names, or a key function of the record.
        data_date: The last day the data knows (the extract date). A period ending
            after it is counted to it; one starting after it is refused. Without it,
            the latest event seen is the data date, and a period running past it is
            counted as asked and flagged (`Coverage.past_data_date`).

    Raises:
        ValidationError: The period is empty or starts after ``data_date``, or a
            record has an event after it.
    """
    acc = frequency_accumulator(
        start=start,
        end=end,
        cadence=cadence,
        calendar=calendar,
        by=by,
        data_date=data_date,
    )
    return acc.add_all(records).result()


@attrs.frozen(kw_only=True, order=True)
class OverdueReview:
    """A review past its due date: whose, due when, and by how many days."""

    due_on: dt.date
    pupil_id: str
    days_overdue: int


@attrs.frozen(kw_only=True)
class OverdueReviews(Summary):
    """The reviews overdue on a date, oldest first."""

    items: tuple[OverdueReview, ...] = attrs.field(default=(), metadata=ITEMS)

    @property
    def count(self) -> int:
        """How many reviews are overdue."""
        return len(self.items)

    def to_row(self) -> dict[str, object]:
        days = [i.days_overdue for i in self.items]
        return {"overdue": self.count, "max_days_overdue": max(days, default=None)}

    def to_rows(self) -> list[dict[str, object]]:
        """One row per overdue review."""
        return [attrs.asdict(item) for item in self.items]

    def _text(self) -> str:
        if self.is_empty:
            return "Overdue reviews: no records, nothing counted."
        if not self.items:
            return "No reviews overdue."
        lines = [f"{self.count} reviews overdue (oldest first):"]
        lines += [
            f"  {i.pupil_id}: due {i.due_on.isoformat()}, {i.days_overdue} days overdue"
            for i in self.items
        ]
        return "\n".join(lines)


def overdue_reviews(
    records: Iterable[SupportRecord],
    *,
    as_of: dt.date,
    data_date: dt.date | None = None,
) -> OverdueReviews:
    """The reviews overdue on ``as_of``: plan in force, review date before ``as_of``.

    Args:
        records: Any iterable of records, consumed once.
        as_of: The date asked about; counted to the end of it.
        data_date: The last day the data knows. An ``as_of`` after it is clipped to
            it, since a review may have been held since; without it, the latest event
            seen is the data date, and an ``as_of`` after it is flagged.

    Raises:
        ValidationError: A record has an event after ``data_date``.

    >>> overdue_reviews([], as_of=dt.date(2026, 1, 5)).count
    0
    """
    asked = None
    if data_date is not None and as_of > data_date:
        as_of, asked = data_date, as_of
    items = []
    records_read = 0
    latest: dt.date | None = None
    for record in records:
        # Not an Accumulator: this is asked of one record at a time, and stays cheap.
        last = record.state.last_event_on
        if data_date is not None and last > data_date:
            raise_event_after(data_date, last, record)
        if latest is None or last > latest:
            latest = last
        records_read += 1
        then = record.as_of(as_of)
        due = then.state.review_due_on if then is not None else None
        if due is not None and due < as_of:
            items.append(
                OverdueReview(
                    due_on=due,
                    pupil_id=record.pupil.pupil_id,
                    days_overdue=(as_of - due).days,
                )
            )
    coverage = Coverage(
        records=records_read,
        data_date=(data_date or latest) if records_read else None,
        as_of=as_of,
        asked=asked,
    )
    return OverdueReviews(items=tuple(sorted(items)), coverage=coverage)
