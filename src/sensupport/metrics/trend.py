"""One metric period by period: is it getting better, and where?

`trend` counts a metric's accumulator once per period (school years from
`school_years`, terms from `terms`) in a single pass over the records, and gives one
row per period and group. Like every metric, partial trends over parts of a cohort
merge exactly.

>>> import datetime as dt
>>> from sensupport.synth import load_sample
>>> from sensupport.metrics import attainment_accumulator
>>> years = school_years(2024, 2025)
>>> list(years)
['2024/25', '2025/26']
>>> by_year = trend(load_sample(), attainment_accumulator, periods=years,
...                 data_date=dt.date(2026, 7, 21))
>>> [(row["period"], row["with_outcome"] > 0) for row in by_year.to_rows()]
[('2024/25', True), ('2025/26', True)]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Generic, Self

from ..calendar import SchoolCalendar, school_year_bounds
from ..process.record import SupportRecord
from ._core import Accumulator, Grouped, Period, S
from ._dimensions import year_label

__all__ = ["Trend", "TrendAccumulator", "school_years", "terms", "trend"]

Make = Callable[..., Accumulator[S]]
"""An accumulator factory taking ``start``, ``end`` and options, such as
`attainment_accumulator`."""


def school_years(first: int, last: int) -> dict[str, Period]:
    """The school years from ``first`` to ``last`` (the calendar years they begin
    in), each from 1 September to the next, labelled ``2024/25``.

    Raises:
        ValueError: ``last`` is before ``first``.
    """
    if last < first:
        raise ValueError(f"school years run from {first} to {last}: none")
    periods = {}
    for year in range(first, last + 1):
        start, end = school_year_bounds(year)
        periods[year_label(year)] = Period(start=start, end=end)
    return periods


def terms(calendar: SchoolCalendar) -> dict[str, Period]:
    """The calendar's terms, each from its first day to the next term's first day
    (so the holidays count with the term before them), labelled ``2025/26 autumn``.

    >>> list(terms(SchoolCalendar.default_england(2025)))
    ['2025/26 autumn', '2025/26 spring', '2025/26 summer']
    """
    periods = {}
    for term, after in zip(calendar.terms, (*calendar.terms[1:], None), strict=True):
        end = after.starts_on if after else term.ends_on + dt.timedelta(days=1)
        year = term.starts_on.year - (term.starts_on.month < 9)
        periods[f"{year_label(year)} {term.name}"] = Period(
            start=term.starts_on, end=end
        )
    return periods


class Trend(Mapping[str, "S | Grouped[S]"], Generic[S]):
    """A metric per period: a read-only mapping from each label to its summary (or
    its summaries by group), in the order the periods were given."""

    def __init__(self, results: Mapping[str, S | Grouped[S]]) -> None:
        self._results = dict(results)

    def __getitem__(self, label: str) -> S | Grouped[S]:
        return self._results[label]

    def __iter__(self) -> Iterator[str]:
        return iter(self._results)

    def __len__(self) -> int:
        return len(self._results)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Trend):
            return list(self._results.items()) == list(other._results.items())
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def merge(self, other: Trend[S]) -> Trend[S]:
        """Both parts together, period by period.

        Raises:
            ValueError: The trends cover different periods.
        """
        if list(self._results) != list(other._results):
            raise ValueError(
                f"cannot merge trends over different periods: {list(self._results)} "
                f"and {list(other._results)}"
            )
        return Trend(
            {
                label: _merge(result, other._results[label])
                for label, result in self._results.items()
            }
        )

    def to_rows(self) -> list[dict[str, object]]:
        """One row per period (and group), the period's label and dates first."""
        rows: list[dict[str, object]] = []
        for label, result in self._results.items():
            coverage = result.coverage
            period = coverage.period if coverage is not None else None
            first = {
                "period": label,
                "period_start": period.start if period else None,
                "period_end": period.end if period else None,
            }
            rows += [{**first, **row} for row in result.to_rows()]
        return rows

    def __str__(self) -> str:
        return "\n\n".join(
            f"{label}\n{result}" for label, result in self._results.items()
        )

    def __repr__(self) -> str:
        return f"Trend(periods={list(self._results)!r})"


def _merge(a: S | Grouped[S], b: S | Grouped[S]) -> S | Grouped[S]:
    if isinstance(a, Grouped):
        assert isinstance(b, Grouped)  # the same metric, split the same way
        return a.merge(b)
    assert not isinstance(b, Grouped)
    return a.merge(b)


class TrendAccumulator(Generic[S]):
    """One accumulator per period, fed the same records; parts merge exactly.

    A period that starts after the data date is refused, as each metric refuses it:
    ask only for periods the data cover.

    Raises:
        ValidationError: A period starts after ``data_date``.
    """

    def __init__(
        self, make: Make[S], *, periods: Mapping[str, Period], **options: Any
    ) -> None:
        self._accumulators = {
            label: make(start=p.start, end=p.end, **options)
            for label, p in periods.items()
        }

    def add(self, record: SupportRecord) -> Self:
        """Count one record in every period."""
        for accumulator in self._accumulators.values():
            accumulator.add(record)
        return self

    def add_all(self, records: Iterable[SupportRecord]) -> Self:
        """Count every record of an iterable, consuming it once."""
        for record in records:
            self.add(record)
        return self

    def merge(self, other: TrendAccumulator[S]) -> Self:
        """Add another part's counts, period by period.

        Raises:
            ValueError: The parts count different periods.
        """
        if list(self._accumulators) != list(other._accumulators):
            raise ValueError(
                f"cannot merge trends over different periods: "
                f"{list(self._accumulators)} and {list(other._accumulators)}"
            )
        for label, accumulator in self._accumulators.items():
            accumulator.merge(other._accumulators[label])
        return self

    def result(self) -> Trend[S]:
        """The trend of everything counted so far."""
        return Trend({k: a.result() for k, a in self._accumulators.items()})


def trend(
    records: Iterable[SupportRecord],
    make: Make[S],
    *,
    periods: Mapping[str, Period],
    **options: Any,
) -> Trend[S]:
    """A metric per period, in one pass over the records.

    Args:
        records: Any iterable of records, consumed once.
        make: The metric's accumulator factory, such as `attainment_accumulator`
            or `frequency_accumulator`.
        periods: Labelled periods, such as `school_years` or `terms` give.
        options: Passed to every accumulator: ``by=``, ``data_date=``, a cadence.

    Raises:
        ValidationError: A period starts after ``data_date``, or a record has an
            event after it.
    """
    return TrendAccumulator(make, periods=periods, **options).add_all(records).result()
