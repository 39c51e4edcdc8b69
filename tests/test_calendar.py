"""School years, the approximate English calendar and review cadences."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sensupport import ValidationError
from sensupport.calendar import (
    Cadence,
    SchoolCalendar,
    Term,
    school_year_bounds,
    school_year_of,
)

D = dt.date


@pytest.mark.parametrize(
    ("date", "year"),
    [(D(2025, 8, 31), 2024), (D(2025, 9, 1), 2025), (D(2026, 3, 1), 2025)],
)
def test_school_year_of(date: dt.date, year: int) -> None:
    assert school_year_of(date) == year
    start, end = school_year_bounds(year)
    assert start <= date < end


@pytest.mark.parametrize(
    ("year", "spring_ends", "summer_starts"),
    [
        (2025, D(2026, 3, 27), D(2026, 4, 13)),  # Easter Sunday 5 April 2026
        (2026, D(2027, 3, 19), D(2027, 4, 5)),  # Easter Sunday 28 March 2027
    ],
)
def test_default_england_breaks_for_easter(
    year: int, spring_ends: dt.date, summer_starts: dt.date
) -> None:
    autumn, spring, summer = SchoolCalendar.default_england(year).terms
    assert spring.ends_on == spring_ends
    assert summer.starts_on == summer_starts
    start, end = school_year_bounds(year)
    assert start <= autumn.starts_on < autumn.ends_on < spring.starts_on
    assert summer.ends_on < end
    assert {t.ends_on.weekday() for t in (autumn, spring, summer)} <= {0, 1, 2, 3, 4}


@given(st.integers(min_value=2014, max_value=2040))
def test_default_england_is_always_valid_and_ordered(year: int) -> None:
    calendar = SchoolCalendar.default_england(year, years=2)
    assert len(calendar.terms) == 6
    for before, after in itertools.pairwise(calendar.terms):
        assert before.ends_on < after.starts_on
    assert len(Cadence.termly().due_dates(*school_year_bounds(year), calendar)) == 3
    assert (
        len(Cadence.half_termly().due_dates(*school_year_bounds(year), calendar)) == 6
    )


def test_terms_must_not_overlap_or_run_backwards() -> None:
    autumn = Term(name="autumn", starts_on=D(2025, 9, 3), ends_on=D(2025, 12, 19))
    with pytest.raises(ValidationError, match=r"calendar\.terms_overlap"):
        SchoolCalendar(
            terms=(
                autumn,
                Term(name="x", starts_on=D(2025, 12, 1), ends_on=D(2026, 1, 9)),
            )
        )
    with pytest.raises(ValidationError, match=r"term\.ends_before_start"):
        Term(name="x", starts_on=D(2025, 9, 3), ends_on=D(2025, 9, 1))
    with pytest.raises(ValidationError, match=r"term\.half_term_outside"):
        Term(
            name="x",
            starts_on=D(2025, 9, 3),
            ends_on=D(2025, 12, 19),
            half_term_starts_on=D(2026, 1, 1),
            half_term_ends_on=D(2026, 1, 2),
        )
    with pytest.raises(ValidationError, match=r"term\.half_term_incomplete"):
        Term(
            name="x",
            starts_on=D(2025, 9, 3),
            ends_on=D(2025, 12, 19),
            half_term_starts_on=D(2025, 10, 27),
        )
    with pytest.raises(ValidationError, match=r"cadence\.every"):
        Cadence.every_weeks(0)


def test_calendar_lookups() -> None:
    calendar = SchoolCalendar.default_england(2025)
    assert calendar.term_of(D(2025, 10, 28)).name == "autumn"  # type: ignore[union-attr]
    assert calendar.term_of(D(2025, 12, 25)) is None
    assert not calendar.is_school_day(D(2025, 10, 28))  # half term
    assert calendar.is_school_day(D(2025, 11, 3))
    assert not calendar.is_school_day(D(2025, 11, 1))  # a Saturday
    assert [t.name for t in calendar.terms_between(D(2025, 12, 1), D(2026, 1, 6))] == [
        "autumn",
        "spring",
    ]


def test_termly_needs_a_calendar() -> None:
    with pytest.raises(ValueError, match="needs a SchoolCalendar"):
        Cadence.termly().due_dates(D(2025, 9, 1), D(2026, 9, 1))


def test_cadence_words() -> None:
    assert [
        str(c)
        for c in (
            Cadence.per_year(1),
            Cadence.per_year(3),
            Cadence.termly(),
            Cadence.half_termly(),
            Cadence.every_weeks(1),
            Cadence.every_weeks(6),
        )
    ] == [
        "once a year",
        "3 times a year",
        "termly",
        "half-termly",
        "every week",
        "every 6 weeks",
    ]


starts = st.dates(min_value=D(2015, 1, 1), max_value=D(2035, 1, 1))


@given(
    starts,
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=1, max_value=800),
)
def test_every_n_weeks_due_dates_are_n_weeks_apart(
    start: dt.date, weeks: int, days: int
) -> None:
    end = start + dt.timedelta(days=days)
    dates = Cadence.every_weeks(weeks).due_dates(start, end)
    assert all(start < d < end for d in dates)
    assert all((b - a).days == 7 * weeks for a, b in itertools.pairwise(dates))
    # Due on the last day of each whole block of N weeks inside the period.
    assert len(dates) == days // (7 * weeks)


@given(
    starts,
    st.integers(min_value=1, max_value=6),
    st.integers(1, 400),
    st.integers(1, 400),
)
def test_per_year_expected_reviews_add_up_over_adjacent_periods(
    start: dt.date, times: int, a: int, b: int
) -> None:
    cadence = Cadence.per_year(times)
    middle = start + dt.timedelta(days=a)
    end = middle + dt.timedelta(days=b)
    whole = cadence.expected_reviews(start, end)
    assert whole == pytest.approx(
        cadence.expected_reviews(start, middle) + cadence.expected_reviews(middle, end)
    )
    assert cadence.expected_reviews(start, middle) <= whole


@given(
    starts,
    st.sampled_from(
        [
            Cadence.per_year(3),
            Cadence.every_weeks(6),
            Cadence.termly(),
            Cadence.half_termly(),
        ]
    ),
)
def test_next_due_is_after(after: dt.date, cadence: Cadence) -> None:
    calendar = SchoolCalendar.default_england(school_year_of(after), years=3)
    due = cadence.next_due(after, calendar)
    assert due > after
    assert due in cadence.due_dates(after, due + dt.timedelta(days=1), calendar)
