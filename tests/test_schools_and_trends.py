"""Comparing schools and following a figure over time: what each must hold."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sensupport import School
from sensupport._report import ReportAccumulator
from sensupport.metrics import (
    attainment_accumulator,
    target_attainment,
    timeliness,
    timeliness_accumulator,
)
from sensupport.metrics.compare import POSITIONS, control_limits, funnel
from sensupport.metrics.trend import TrendAccumulator, school_years, trend
from sensupport.synth import (
    SAMPLE_SCHOOLS,
    SyntheticSchool,
    generate_cohort,
    load_sample,
)

SAMPLE = list(load_sample())
DATA_DATE = dt.date(2026, 7, 21)
YEARS = school_years(2024, 2025)


@given(n=st.integers(1, 400), p=st.floats(0.0, 1.0))
def test_the_limits_widen_from_95_to_99_8_and_hold_the_overall_rate(
    n: int, p: float
) -> None:
    low, high, low_3, high_3 = control_limits(n, p)
    assert 0.0 <= low_3 <= low <= high <= high_3 <= 1.0
    # Interpolation between whole counts may put a limit a fraction of one count
    # past the rate itself, never more.
    assert low <= p + 1 / n
    assert p - 1 / n <= high


@pytest.mark.parametrize("p", [0.1, 0.45, 0.8])
def test_limits_of_a_large_group_approach_the_normal_ones(p: float) -> None:
    n = 20_000
    low, high, _, high_3 = control_limits(n, p)
    se = math.sqrt(p * (1 - p) / n)
    assert low == pytest.approx(p - 1.96 * se, abs=2e-4)
    assert high == pytest.approx(p + 1.96 * se, abs=2e-4)
    assert high_3 == pytest.approx(p + 3.09 * se, abs=3e-4)


def test_a_funnel_places_every_group_by_its_own_limits() -> None:
    table = funnel(
        target_attainment(
            SAMPLE, start=dt.date(2024, 9, 1), end=dt.date(2026, 7, 22), by="school"
        ),
        "met_rate",
    )
    assert table.k == sum(r.k for r in table.rows)
    for row in table.rows:
        assert row.position in POSITIONS
        inside = row.low_95 <= row.rate <= row.high_95
        assert inside == (row.position == "within")
        assert (row.position.endswith("99.8%")) == (
            not row.low_998 <= row.rate <= row.high_998
        )
    with pytest.raises(ValueError, match="no rate"):
        funnel(target_attainment(SAMPLE, **_year(), by="school"), "cadence_rate")


def _year() -> dict[str, dt.date]:
    return {"start": dt.date(2025, 9, 1), "end": dt.date(2026, 9, 1)}


@settings(max_examples=10, deadline=None)
@given(cut=st.integers(0, len(SAMPLE)))
def test_trend_parts_merge_to_the_whole(cut: int) -> None:
    options = {"periods": YEARS, "data_date": DATA_DATE, "by": "school"}
    whole = trend(SAMPLE, attainment_accumulator, **options)
    left = TrendAccumulator(attainment_accumulator, **options).add_all(SAMPLE[:cut])
    right = TrendAccumulator(attainment_accumulator, **options).add_all(SAMPLE[cut:])
    assert left.merge(right).result() == whole
    assert whole.merge(trend([], attainment_accumulator, **options)) == whole


@settings(max_examples=5, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    make=st.sampled_from([attainment_accumulator, timeliness_accumulator]),
)
def test_a_trend_by_school_year_equals_the_split_by_school_year(
    seed: int, make: object
) -> None:
    records = list(generate_cohort(pupils=25, seed=seed, schools=SAMPLE_SCHOOLS))
    by_period = trend(records, make, periods=YEARS, data_date=DATA_DATE)  # type: ignore[arg-type]
    split = (
        make(  # type: ignore[operator]
            start=dt.date(2024, 9, 1),
            end=dt.date(2026, 9, 1),
            data_date=DATA_DATE,
            by="school_year",
        )
        .add_all(records)
        .result()
    )
    for label, summary in by_period.items():
        if label in split:
            # The rates count events in the year they happen, so agree; a count
            # taken at a period's end (past due without outcome) need not.
            assert summary.rates() == split[label].rates()
        else:
            assert summary.rates() == dict.fromkeys(summary.rates(), (0, 0))


def test_a_period_after_the_data_date_is_refused_in_a_trend() -> None:
    from sensupport import ValidationError

    with pytest.raises(ValidationError, match="after the data date"):
        trend(
            SAMPLE,
            attainment_accumulator,
            periods=school_years(2026, 2027),
            data_date=DATA_DATE,
        )


def test_a_new_school_leaves_the_other_schools_figures_alone() -> None:
    settings_ = {
        "as_of": DATA_DATE,
        "start": dt.date(2025, 9, 1),
        "end": DATA_DATE + dt.timedelta(days=1),
        "by": "area_of_need",
        "data_date": DATA_DATE,
    }
    before = ReportAccumulator(**settings_).add_all(SAMPLE).result()  # type: ignore[arg-type]
    newcomer = SAMPLE[0]
    moved = attrs.evolve(
        newcomer,
        pupil=attrs.evolve(newcomer.pupil, school=School(urn="123456", name="New")),
    )
    after = ReportAccumulator(**settings_).add_all([*SAMPLE, moved]).result()  # type: ignore[arg-type]
    counts = {s.school: (s.records, s.on_support, s.overdue) for s in before.schools}
    counts_after = {
        s.school: (s.records, s.on_support, s.overdue) for s in after.schools
    }
    assert counts_after.pop("123456")[0] == 1
    assert counts_after == counts
    assert [s.name for s in after.schools if s.school == "123456"] == ["New"]


def test_the_sample_report_names_the_schools_built_to_stand_out() -> None:
    report = (
        ReportAccumulator(
            as_of=DATA_DATE,
            start=dt.date(2025, 9, 1),
            end=DATA_DATE + dt.timedelta(days=1),
            by="area_of_need",
            data_date=DATA_DATE,
        )
        .add_all(SAMPLE)
        .result()
    )
    assert [s.name for s in report.schools] == [s.school.name for s in SAMPLE_SCHOOLS]
    headline = report.headline()[-1]
    assert "Brook Academy (reviews by their agreed date" in headline
    assert "Castle Primary (targets met" in headline
    assert [y.school_year for y in report.trend] == ["2024/25", "2025/26"]


def test_each_synthetic_difference_shows_in_its_figure() -> None:
    plain = SyntheticSchool(school=School(urn="900010"))
    late = SyntheticSchool(school=School(urn="900011"), late_reviews=0.7)
    better = SyntheticSchool(school=School(urn="900012"), targets_met=0.8)
    records = list(generate_cohort(pupils=600, seed=11, schools=(plain, late, better)))
    assert set(Counter(r.pupil.school for r in records)) == {
        plain.school,
        late.school,
        better.school,
    }
    period = {"start": dt.date(2024, 9, 1), "end": dt.date(2026, 7, 22)}
    on_time = timeliness(records, **period, by="school")
    met = target_attainment(records, **period, by="school")
    late_rate, plain_rate = (
        on_time[k].review_on_time_rate for k in ("900011", "900010")
    )
    assert late_rate is not None
    assert plain_rate is not None
    assert late_rate < 0.6 < plain_rate
    better_rate, plain_met = (met[k].met_rate for k in ("900012", "900010"))
    assert better_rate is not None
    assert plain_met is not None
    assert better_rate > 0.7 > 0.6 > plain_met
