"""School years, terms and half terms, and the cadences reviews are held at.

A school year runs from 1 September to 31 August. Terms and half terms differ by local
authority (each publishes its own dates), so a `SchoolCalendar` is built from the
terms a school gives; `SchoolCalendar.default_england` gives a plausible calendar for
when none is to hand, and is an approximation.

>>> import datetime as dt
>>> school_year_of(dt.date(2026, 3, 1))
2025
>>> calendar = SchoolCalendar.default_england(2025)
>>> [t.name for t in calendar.terms]
['autumn', 'spring', 'summer']
>>> str(Cadence.per_year(3)), str(Cadence.every_weeks(6))
('3 times a year', 'every 6 weeks')
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import math

import attrs
from dateutil import easter, rrule
from dateutil.relativedelta import MO, relativedelta

from ._validation import Checked, Checks, show

__all__ = [
    "Cadence",
    "CadenceKind",
    "SchoolCalendar",
    "Term",
    "school_year_bounds",
    "school_year_of",
]

DAYS_PER_YEAR = 365.25


def school_year_of(date: dt.date) -> int:
    """The calendar year in which ``date``'s school year began (on 1 September)."""
    return date.year if date.month >= 9 else date.year - 1


@functools.lru_cache(maxsize=512)  # asked on every event replayed, for a few years
def school_year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """The first day of school year ``year`` and the first day of the next."""
    return dt.date(year, 9, 1), dt.date(year + 1, 9, 1)


@attrs.frozen(kw_only=True)
class Term(Checked):
    """A school term, with its half-term break if it has one.

    Dates are inclusive. The first half term runs from ``starts_on`` to the day before
    ``half_term_starts_on``; the second from the day after ``half_term_ends_on`` to
    ``ends_on``.
    """

    name: str
    starts_on: dt.date
    ends_on: dt.date
    half_term_starts_on: dt.date | None = None
    half_term_ends_on: dt.date | None = None

    def _check(self, checks: Checks) -> None:
        if self.ends_on < self.starts_on:
            checks.add(
                "ends_on",
                "term.ends_before_start",
                f"term {self.name!r} ends on {show(self.ends_on)}, before it starts "
                f"on {show(self.starts_on)}",
            )
            return
        start, end = self.half_term_starts_on, self.half_term_ends_on
        if (start is None) != (end is None):
            checks.add(
                "half_term_starts_on",
                "term.half_term_incomplete",
                "give both ends of the half-term break, or neither",
            )
        elif (
            start is not None
            and end is not None
            and not (self.starts_on < start <= end < self.ends_on)
        ):
            checks.add(
                "half_term_starts_on",
                "term.half_term_outside",
                f"the half-term break {show(start)} to {show(end)} must fall inside "
                f"term {self.name!r}, {show(self.starts_on)} to {show(self.ends_on)}",
            )

    def half_terms(self) -> tuple[tuple[dt.date, dt.date], ...]:
        """The teaching halves of the term as (first day, last day) pairs."""
        if self.half_term_starts_on is None or self.half_term_ends_on is None:
            return ((self.starts_on, self.ends_on),)
        return (
            (self.starts_on, self.half_term_starts_on - dt.timedelta(days=1)),
            (self.half_term_ends_on + dt.timedelta(days=1), self.ends_on),
        )


@attrs.frozen(kw_only=True)
class SchoolCalendar(Checked):
    """The terms of one or more school years, in order and not overlapping."""

    terms: tuple[Term, ...]

    def _check(self, checks: Checks) -> None:
        for i, (before, after) in enumerate(
            zip(self.terms, self.terms[1:], strict=False)
        ):
            if after.starts_on <= before.ends_on:
                checks.add(
                    f"terms[{i + 1}].starts_on",
                    "calendar.terms_overlap",
                    f"term {after.name!r} starts on {show(after.starts_on)}, before "
                    f"term {before.name!r} ends on {show(before.ends_on)}",
                )

    @classmethod
    def default_england(cls, year: int, years: int = 1) -> SchoolCalendar:
        """A plausible English calendar for the school year(s) beginning in ``year``.

        An approximation, for when a school's own dates are not to hand: local
        authorities publish their own. Autumn from the first weekday after the first
        Monday of September to the Friday before Christmas, with the last full week
        of October off; spring from the first Monday after New Year to the Friday
        before the Easter holiday (the fortnight around Easter Sunday, from
        ``dateutil.easter``), with a week off in mid February; summer from the end of
        the Easter holiday to 21 July or the Friday before, with the week of the
        spring bank holiday (the last Monday of May) off.
        """
        terms: list[Term] = []
        for y in range(year, year + years):
            terms += _english_year(y)
        return cls(terms=tuple(terms))

    def terms_between(self, start: dt.date, end: dt.date) -> tuple[Term, ...]:
        """The terms that overlap [start, end)."""
        return tuple(t for t in self.terms if t.starts_on < end and t.ends_on >= start)

    def half_terms_between(
        self, start: dt.date, end: dt.date
    ) -> tuple[tuple[dt.date, dt.date], ...]:
        """The half terms (first day, last day) that overlap [start, end)."""
        return tuple(
            (a, b)
            for t in self.terms
            for a, b in t.half_terms()
            if a < end and b >= start
        )

    def term_of(self, date: dt.date) -> Term | None:
        """The term ``date`` falls in (breaks included), if any."""
        return next((t for t in self.terms if t.starts_on <= date <= t.ends_on), None)

    def is_school_day(self, date: dt.date) -> bool:
        """True for a weekday in a term and outside its half-term break."""
        if date.weekday() >= 5:
            return False
        return any(a <= date <= b for t in self.terms for a, b in t.half_terms())


def _english_year(year: int) -> list[Term]:
    first_monday = dt.date(year, 9, 1) + relativedelta(weekday=MO(+1))
    autumn_start = first_monday + dt.timedelta(days=1)
    october_half = dt.date(year, 10, 31) + relativedelta(weekday=MO(-1))
    christmas = dt.date(year, 12, 25)
    autumn_end = christmas - dt.timedelta(days=(christmas.weekday() - 4) % 7 or 7)
    spring_start = dt.date(year + 1, 1, 2) + relativedelta(weekday=MO(+1))
    february_half = dt.date(year + 1, 2, 12) + relativedelta(weekday=MO(+1))
    sunday = easter.easter(year + 1)
    easter_break = sunday - dt.timedelta(days=8)  # from the Saturday a week before
    spring_end = easter_break - dt.timedelta(days=1)
    summer_start = sunday + dt.timedelta(days=8)  # the Monday a week after
    bank_holiday = dt.date(year + 1, 5, 31) + relativedelta(weekday=MO(-1))
    july = dt.date(year + 1, 7, 21)
    summer_end = july - dt.timedelta(days=max(0, july.weekday() - 4))
    return [
        Term(
            name="autumn",
            starts_on=autumn_start,
            ends_on=autumn_end,
            half_term_starts_on=october_half,
            half_term_ends_on=october_half + dt.timedelta(days=4),
        ),
        Term(
            name="spring",
            starts_on=spring_start,
            ends_on=spring_end,
            half_term_starts_on=february_half,
            half_term_ends_on=february_half + dt.timedelta(days=4),
        ),
        Term(
            name="summer",
            starts_on=summer_start,
            ends_on=summer_end,
            half_term_starts_on=bank_holiday,
            half_term_ends_on=bank_holiday + dt.timedelta(days=4),
        ),
    ]


class CadenceKind(enum.StrEnum):
    """How a cadence spaces reviews."""

    PER_YEAR = "per_year"
    TERMLY = "termly"
    HALF_TERMLY = "half_termly"
    EVERY_WEEKS = "every_weeks"


@attrs.frozen(kw_only=True)
class Cadence(Checked):
    """How often reviews (or parent meetings) are due.

    Build one with `Cadence.per_year`, `Cadence.termly`, `Cadence.half_termly` or
    `Cadence.every_weeks`.
    """

    kind: CadenceKind
    every: int = 1

    def _check(self, checks: Checks) -> None:
        if self.every < 1:
            checks.add(
                "every", "cadence.every", f"every is at least 1, not {self.every}"
            )

    @classmethod
    def per_year(cls, times: int) -> Cadence:
        """``times`` a year, evenly spaced: ``per_year(3)`` is CoP 6.65's minimum."""
        return cls(kind=CadenceKind.PER_YEAR, every=times)

    @classmethod
    def termly(cls) -> Cadence:
        """By the end of every term."""
        return cls(kind=CadenceKind.TERMLY)

    @classmethod
    def half_termly(cls) -> Cadence:
        """By the end of every half term."""
        return cls(kind=CadenceKind.HALF_TERMLY)

    @classmethod
    def every_weeks(cls, weeks: int) -> Cadence:
        """Every ``weeks`` weeks from the start."""
        return cls(kind=CadenceKind.EVERY_WEEKS, every=weeks)

    def __str__(self) -> str:
        if self.kind is CadenceKind.PER_YEAR:
            return "once a year" if self.every == 1 else f"{self.every} times a year"
        if self.kind is CadenceKind.EVERY_WEEKS:
            return "every week" if self.every == 1 else f"every {self.every} weeks"
        return self.kind.value.replace("_", "-")

    def due_dates(
        self, start: dt.date, end: dt.date, calendar: SchoolCalendar | None = None
    ) -> tuple[dt.date, ...]:
        """The dates in [start, end) by which a review falls due, for support from
        ``start``.

        Every N weeks and N times a year count from ``start``: a review is due on the
        last day of each interval, so ``per_year(3)`` over a school year falls due on
        30 December, 1 May and 31 August. Termly and half-termly reviews fall due on
        the last day of each term or half term that ends in the period, and need a
        calendar.

        Raises:
            ValueError: A termly or half-termly cadence was given no calendar.
        """
        if end <= start:
            return ()
        if self.kind is CadenceKind.EVERY_WEEKS:
            # Due on the last day of each block of N weeks from the start.
            first = start + dt.timedelta(days=7 * self.every - 1)
            rule = rrule.rrule(rrule.WEEKLY, interval=self.every, dtstart=_at(first))
            return tuple(
                d.date() for d in rule.between(_at(start), _at(end), inc=False)
            )
        if self.kind is CadenceKind.PER_YEAR:
            # Due on the last day of each 1/N of a year from the start.
            step = DAYS_PER_YEAR / self.every
            dates = []
            n = 1
            while (due := start + dt.timedelta(days=math.floor(n * step) - 1)) < end:
                dates.append(due)
                n += 1
            return tuple(dates)
        if calendar is None:
            raise ValueError(f"a {self} cadence needs a SchoolCalendar")
        if self.kind is CadenceKind.TERMLY:
            ends = [t.ends_on for t in calendar.terms_between(start, end)]
        else:
            ends = [b for _, b in calendar.half_terms_between(start, end)]
        return tuple(d for d in ends if start <= d < end)

    def expected_reviews(
        self, start: dt.date, end: dt.date, calendar: SchoolCalendar | None = None
    ) -> float:
        """How many reviews the cadence asks for over [start, end), pro rata.

        For N times a year and every N weeks: the days in the period divided by the
        interval, so half a year at ``per_year(3)`` asks for 1.5. For termly and
        half-termly: the number of due dates in the period.
        """
        days = max(0, (end - start).days)
        if self.kind is CadenceKind.PER_YEAR:
            return days * self.every / DAYS_PER_YEAR
        if self.kind is CadenceKind.EVERY_WEEKS:
            return days / (7 * self.every)
        return float(len(self.due_dates(start, end, calendar)))

    def next_due(
        self, after: dt.date, calendar: SchoolCalendar | None = None
    ) -> dt.date:
        """The first due date after ``after``, counting from it: a plan agreed on
        ``after`` is reviewed by then.

        Raises:
            ValueError: The calendar has no term ending after ``after``.
        """
        horizon = after + dt.timedelta(days=800)
        dates = self.due_dates(after, horizon, calendar)
        later = [d for d in dates if d > after]
        if not later:
            raise ValueError(
                f"the calendar has no {self} due date after {after.isoformat()}"
            )
        return later[0]


def _at(date: dt.date) -> dt.datetime:
    return dt.datetime(date.year, date.month, date.day)
