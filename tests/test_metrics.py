"""Target attainment, review frequency and overdue reviews: exact values on a cohort
built by hand, and the properties every metric keeps."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from metrics_cohort import COHORT, END, START, A, B, C
from sensupport.metrics import (
    Period,
    ReviewFrequency,
    TargetAttainment,
    attainment_accumulator,
    frequency_accumulator,
    overdue_reviews,
    review_frequency,
    target_attainment,
    wilson_interval,
)
from sensupport.process import SupportRecord
from sensupport.testing import support_records

D = dt.date


# --- target attainment ------------------------------------------------------------------


def test_attainment_on_the_cohort() -> None:
    summary = target_attainment(COHORT, start=START, end=END)
    assert (summary.not_met, summary.partly_met, summary.met, summary.exceeded) == (
        1,
        1,
        3,
        1,
    )
    assert summary.with_outcome == 6
    assert summary.met_rate == pytest.approx(4 / 6)
    low, high = summary.met_rate_interval
    assert (round(low, 3), round(high, 3)) == (0.3, 0.903)
    # A's first T1 (achieved 1 March, due 27 March), A's second T1 (review 8 July, due
    # 10 July) and D's T2 (achieved 15 September, due 19 September); D's T1 was due in
    # July and judged at the late review in October.
    assert summary.met_in_time == 3
    # C's target fell due on 12 December with no review; B's second plan's targets fell
    # due after B left.
    assert summary.past_due_without_outcome == 1


def test_attainment_period_is_half_open() -> None:
    # D's review on 10 October 2025 counts in a period ending the 11th, not the 10th.
    assert target_attainment(COHORT, start=D(2025, 10, 1), end=D(2025, 10, 11)).met == 2
    assert target_attainment(COHORT, start=D(2025, 10, 1), end=D(2025, 10, 10)).met == 0


def test_attainment_by_area_and_cycle() -> None:
    by_area = target_attainment(COHORT, start=START, end=END, by="area_of_need")
    assert set(by_area) == {
        "communication_and_interaction",
        "cognition_and_learning",
        "social_emotional_and_mental_health",
    }
    assert by_area["communication_and_interaction"].with_outcome == 3
    assert by_area["social_emotional_and_mental_health"].past_due_without_outcome == 1
    by_cycle = target_attainment(COHORT, start=START, end=END, by="cycle")
    assert by_cycle[2].exceeded == 1
    rows = by_cycle.to_rows()
    assert [row["cycle"] for row in rows] == [1, 2]


def test_attainment_by_a_key_function() -> None:
    by_pupil = target_attainment(
        COHORT, start=START, end=END, by=lambda r: r.pupil.pupil_id
    )
    assert by_pupil["A"].with_outcome == 3
    assert "C" in by_pupil
    assert by_pupil["C"].with_outcome == 0


def test_unknown_dimension_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="no dimension 'colour'"):
        target_attainment(COHORT, start=START, end=END, by="colour")


def test_attainment_str_and_rows() -> None:
    summary = target_attainment(COHORT, start=START, end=END)
    assert "4/6 met or exceeded (67%" in str(summary)
    (row,) = summary.to_rows()
    assert row["met"] == 3
    assert row["met_rate"] == pytest.approx(4 / 6)


# --- review frequency ---------------------------------------------------------------------


def test_frequency_on_the_cohort() -> None:
    summary = review_frequency(COHORT, start=START, end=END)
    assert summary.reviews == 4
    assert summary.pupils == 4
    # A 239 days (from 5 January), B 137 (until 16 January), C 335 (from 1 October),
    # D 39 (until 10 October).
    assert summary.support_days == 239 + 137 + 335 + 39
    assert summary.pupil_years == pytest.approx(750 / 365.25)
    assert summary.reviews_per_pupil_year == pytest.approx(4 / (750 / 365.25))
    # A: 72 days from plan to first review, then 105; B: 112; D: 192.
    assert dict(summary.intervals) == {72: 1, 105: 1, 112: 1, 192: 1}
    assert summary.median_interval == 108.5
    assert summary.interval_quantile(0.25) == 96.75


def test_frequency_counts_only_time_on_support() -> None:
    before_a_joins = review_frequency([A], start=START, end=D(2026, 1, 5))
    assert before_a_joins.pupils == 0
    assert before_a_joins.reviews_per_pupil_year is None


def test_overdue_reviews() -> None:
    overdue = overdue_reviews(COHORT, as_of=D(2026, 1, 5))
    assert [(i.pupil_id, i.days_overdue) for i in overdue.items] == [("C", 24)]
    # On its due date a review is not yet overdue; B's plan lapses when B leaves.
    assert overdue_reviews(COHORT, as_of=D(2025, 12, 12)).count == 0
    assert overdue_reviews([B], as_of=D(2026, 3, 1)).count == 0
    assert "C: due 2025-12-12, 24 days overdue" in str(overdue)


def test_overdue_reviews_oldest_first() -> None:
    later = overdue_reviews([C, A], as_of=D(2026, 4, 1))
    assert [i.pupil_id for i in later.items] == ["C"]
    both = overdue_reviews([A, C], as_of=D(2026, 7, 20))
    assert [i.due_on for i in both.items] == sorted(i.due_on for i in both.items)


# --- statistics --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("successes", "trials", "expected"),
    [(0, 10, (0.0, 0.2775)), (10, 10, (0.7225, 1.0)), (5, 10, (0.2366, 0.7634))],
)
def test_wilson_known_values(
    successes: int, trials: int, expected: tuple[float, float]
) -> None:
    low, high = wilson_interval(successes, trials)
    assert (round(low, 4), round(high, 4)) == expected


def test_period_must_not_be_empty() -> None:
    from sensupport import ValidationError

    with pytest.raises(ValidationError, match=r"period\.empty"):
        Period(start=END, end=START)


# --- properties ---------------------------------------------------------------------------

cohorts = st.lists(support_records(max_events=10), max_size=6)
periods = st.tuples(
    st.dates(min_value=D(2014, 9, 1), max_value=D(2040, 1, 1)),
    st.integers(min_value=1, max_value=900),
).map(lambda p: (p[0], p[0] + dt.timedelta(days=p[1])))


def _both(
    records: list[SupportRecord], period: tuple[dt.date, dt.date], by: str | None
) -> tuple[object, object]:
    start, end = period
    return (
        target_attainment(records, start=start, end=end, by=by),
        review_frequency(records, start=start, end=end, by=by),
    )


@settings(max_examples=60)
@given(
    cohorts,
    periods,
    st.integers(min_value=0, max_value=6),
    st.sampled_from([None, "cycle", "need_type", "provision"]),
)
def test_merge_equals_whole(
    records: list[SupportRecord],
    period: tuple[dt.date, dt.date],
    cut: int,
    by: str | None,
) -> None:
    whole = _both(records, period, by)
    left = _both(records[:cut], period, by)
    right = _both(records[cut:], period, by)
    for w, a, b in zip(whole, left, right, strict=True):
        assert a.merge(b) == w  # type: ignore[attr-defined]


@given(cohorts, periods, st.integers(min_value=0, max_value=6))
def test_accumulators_merge_like_the_whole(
    records: list[SupportRecord], period: tuple[dt.date, dt.date], cut: int
) -> None:
    start, end = period
    for make in (attainment_accumulator, frequency_accumulator):
        whole = make(start=start, end=end).add_all(records).result()
        part = make(start=start, end=end).add_all(records[:cut])
        part.merge(make(start=start, end=end).add_all(records[cut:]))
        assert part.result() == whole


@given(cohorts, periods, st.randoms(use_true_random=False))
def test_order_of_records_does_not_matter(
    records: list[SupportRecord], period: tuple[dt.date, dt.date], random: object
) -> None:
    shuffled = list(records)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    assert _both(records, period, "year_group") == _both(shuffled, period, "year_group")


@settings(max_examples=60)
@given(cohorts, periods)
def test_met_rate_lies_in_its_interval(
    records: list[SupportRecord], period: tuple[dt.date, dt.date]
) -> None:
    summary = target_attainment(records, start=period[0], end=period[1])
    assert isinstance(summary, TargetAttainment)
    if summary.met_rate is not None:
        low, high = summary.met_rate_interval
        assert low <= summary.met_rate <= high
    assert summary.met_in_time <= summary.achieved


@given(support_records(max_events=14), periods)
def test_adding_a_review_never_lowers_the_count(
    record: SupportRecord, period: tuple[dt.date, dt.date]
) -> None:
    # Each prefix of a record's log is the record before its later events.
    start, end = period
    counts = [
        review_frequency(
            [record.as_of(e.occurred_on) or record], start=start, end=end
        ).reviews
        for e in record.events
    ]
    assert counts == sorted(counts)


@settings(max_examples=60)
@given(cohorts, periods)
def test_frequency_counts_are_consistent(
    records: list[SupportRecord], period: tuple[dt.date, dt.date]
) -> None:
    summary = review_frequency(records, start=period[0], end=period[1])
    assert isinstance(summary, ReviewFrequency)
    assert sum(c for _, c in summary.intervals) == summary.reviews
    assert summary.support_days <= summary.pupils * (period[1] - period[0]).days
