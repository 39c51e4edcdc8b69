"""Provision impact and timeliness: exact values on two hand-built records, and the
properties every metric keeps."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builders import provision, reading_age, record_reaching_ehc_plan
from sensupport import Effectiveness, MeasureScale, Role
from sensupport.metrics import (
    brooks_band,
    impact_accumulator,
    provision_impact,
    ratio_gain,
    timeliness,
    timeliness_accumulator,
)
from sensupport.process import SupportRecord
from sensupport.testing import support_records

D = dt.date
START, END = D(2025, 9, 1), D(2026, 9, 1)
READING = MeasureScale.READING_AGE_MONTHS


# X: 6 months' reading gain in 39 days, EHC clocks met on the last day allowed.
X = record_reaching_ehc_plan(
    pupil_id="X",
    concern_on=D(2025, 9, 1),
    assessed_on=D(2025, 9, 15),
    plan_agreed_on=D(2025, 9, 22),
    provision=provision(
        provision_id="P1",
        name="Lexia",
        delivered_by=Role.TEACHING_ASSISTANT,
        starts_on=D(2025, 9, 22),
        ends_on=D(2025, 10, 31),
        sessions_per_week=3,
        minutes_per_session=20,
        entry=reading_age(months=84, taken_on=D(2025, 9, 22)),
        exit=reading_age(months=90, taken_on=D(2025, 10, 31)),
    ),
    review_due_on=D(2025, 12, 10),
    reviewed_on=D(2025, 12, 10),
    effectiveness=Effectiveness.EFFECTIVE,
    ehc_requested_on=D(2025, 12, 15),
    ehc_decided_on=D(2026, 1, 26),
    ehc_plan_issued_on=D(2026, 5, 4),
)
# Y: 2 months' gain in 60 days, no planned end, EHC clocks missed by a day.
Y = record_reaching_ehc_plan(
    pupil_id="Y",
    concern_on=D(2025, 9, 1),
    assessed_on=D(2025, 10, 1),
    plan_agreed_on=D(2025, 10, 6),
    provision=provision(
        provision_id="P1",
        name="Lexia",
        delivered_by=Role.TEACHING_ASSISTANT,
        starts_on=D(2025, 10, 6),
        ends_on=None,
        sessions_per_week=2,
        minutes_per_session=30,
        entry=reading_age(months=100, taken_on=D(2025, 10, 6)),
        exit=reading_age(months=102, taken_on=D(2025, 12, 5)),
    ),
    review_due_on=D(2025, 12, 12),
    reviewed_on=D(2025, 12, 12),
    effectiveness=Effectiveness.NO_CHANGE,
    ehc_requested_on=D(2025, 12, 15),
    ehc_decided_on=D(2026, 1, 27),
    ehc_plan_issued_on=D(2026, 5, 5),
)


def test_provision_impact_on_two_records() -> None:
    lexia_impact = provision_impact([X, Y], start=START, end=END)["Lexia"]
    assert lexia_impact.pupils == 2
    # X: 22 Sep to 31 Oct inclusive, 40 days, 6 weeks of 3; Y: 6 Oct to the review on
    # 12 Dec, 67 days, 10 weeks of 2.
    assert lexia_impact.sessions == 18 + 20
    assert lexia_impact.minutes == 18 * 20 + 20 * 30
    assert lexia_impact.mean_gain(READING) == 4.0
    assert lexia_impact.mean_gain() == 4.0
    ratios = [Fraction(6 * 1461, 48 * 39), Fraction(2 * 1461, 48 * 60)]
    assert lexia_impact.mean_ratio_gain == pytest.approx(float(sum(ratios) / 2))
    assert lexia_impact.brooks_bands == {
        "doubtful": 1,
        "modest": 0,
        "useful": 0,
        "substantial": 0,
        "remarkable": 1,
    }
    assert (lexia_impact.rated_effective, lexia_impact.rated_no_change) == (1, 1)
    assert "2 pupils, 38 sessions" in str(lexia_impact)


def test_gains_count_in_the_period_of_the_exit_measure() -> None:
    autumn = provision_impact([X, Y], start=D(2025, 11, 1), end=D(2025, 12, 6))["Lexia"]
    assert [gain for _, gain, _ in autumn.gains] == [2]  # only Y's exit, on 5 December
    assert autumn.pupils == 1  # X's block ended on 31 October


@pytest.mark.parametrize(
    ("ratio", "band"),
    [
        (Fraction(139, 100), "doubtful"),
        (Fraction(14, 10), "modest"),
        (Fraction(2), "useful"),
        (Fraction(3), "substantial"),
        (Fraction(4), "remarkable"),
    ],
)
def test_brooks_band_boundaries(ratio: Fraction, band: str) -> None:
    assert brooks_band(ratio) == band


def test_ratio_gain() -> None:
    # Months elapsed are days * 12 / 365.25, kept exact as days * 48 / 1461.
    assert ratio_gain(Fraction(12), 365) == Fraction(12 * 1461, 48 * 365)
    assert ratio_gain(Fraction(3), 0) is None


def test_timeliness_on_two_records() -> None:
    summary = timeliness([X, Y], start=START, end=END)
    assert dict(summary.concern_to_decision) == {14: 1, 30: 1}
    assert dict(summary.decision_to_plan) == {7: 1, 5: 1}
    assert dict(summary.plan_to_review) == {79: 1, 67: 1}
    assert dict(summary.ehc_request_to_decision) == {42: 1, 43: 1}
    assert dict(summary.ehc_request_to_plan) == {140: 1, 141: 1}
    assert summary.ehc_decisions_within_6_weeks == 1
    assert summary.ehc_plans_within_20_weeks == 1
    assert summary.ehc_decision_rate == 0.5
    assert summary.median("plan_to_review") == 73.0
    assert "EHC plans within 20 weeks: 1/2" in str(summary)


def test_timeliness_counts_an_interval_where_it_ends() -> None:
    before_the_plans = timeliness([X, Y], start=START, end=D(2026, 5, 1))
    assert before_the_plans.count("ehc_request_to_plan") == 0
    with pytest.raises(ValueError, match="no interval"):
        before_the_plans.median("tea_break")


cohorts = st.lists(support_records(max_events=10), max_size=5)
periods = st.tuples(
    st.dates(min_value=D(2014, 9, 1), max_value=D(2040, 1, 1)),
    st.integers(min_value=1, max_value=900),
).map(lambda p: (p[0], p[0] + dt.timedelta(days=p[1])))


@settings(max_examples=60)
@given(cohorts, periods, st.integers(min_value=0, max_value=5))
def test_merge_equals_whole(
    records: list[SupportRecord], period: tuple[dt.date, dt.date], cut: int
) -> None:
    start, end = period
    for make, by in (
        (impact_accumulator, "provision"),
        (impact_accumulator, None),
        (timeliness_accumulator, None),
        (timeliness_accumulator, "need_type"),
    ):
        whole = make(start=start, end=end, by=by).add_all(records).result()
        left = make(start=start, end=end, by=by).add_all(records[:cut]).result()
        right = make(start=start, end=end, by=by).add_all(records[cut:]).result()
        assert left.merge(right) == whole  # type: ignore[union-attr, arg-type]


@settings(max_examples=60)
@given(cohorts, periods)
def test_counts_are_never_negative_and_rates_are_shares(
    records: list[SupportRecord], period: tuple[dt.date, dt.date]
) -> None:
    start, end = period
    summary = timeliness(records, start=start, end=end)
    assert all(days >= 0 for _, days in summary.plan_to_review)
    for rate in (summary.ehc_decision_rate, summary.ehc_plan_rate):
        assert rate is None or 0 <= rate <= 1
    impact = provision_impact(records, start=start, end=end, by=None)
    assert min(impact.pupils, impact.sessions, impact.minutes, impact.ratings) >= 0
