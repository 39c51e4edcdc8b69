"""Every figure answers the question it names: the data date, cadences with nothing
due, splits as of the event counted, small groups, and splits by several dimensions."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builders import (
    assessment_completed,
    concern_raised,
    plan_agreed,
    review_held,
)
from metrics_cohort import COHORT
from sensupport import Need, NeedType, Pupil, SenProvision, Sex, YearGroup
from sensupport.calendar import Cadence
from sensupport.errors import ValidationError
from sensupport.metrics import (
    SMALL_GROUP,
    Grouped,
    ReviewFrequency,
    TargetAttainment,
    attainment_accumulator,
    frequency_accumulator,
    latest_event_on,
    needs_on,
    overdue_reviews,
    provision_impact,
    review_frequency,
    target_attainment,
    timeliness,
    year_group_on,
)
from sensupport.process import SENHistoryReceived, SupportRecord, replay
from sensupport.testing import support_records

D = dt.date
THREE = Cadence.per_year(3)


def reviewed(
    pupil_id: str,
    *,
    year_group: YearGroup = YearGroup.Y4,
    sex: Sex | None = None,
    concern_on: dt.date = D(2024, 9, 9),
    reviews: int = 1,
) -> SupportRecord:
    """On support from 10 days after the concern; a plan reviewed ``reviews`` times,
    each review 70 days after its plan, the next plan agreed the same day."""
    events: list[object] = [
        concern_raised(raised_on=concern_on),
        assessment_completed(assessed_on=concern_on + dt.timedelta(days=10)),
    ]
    agreed = concern_on + dt.timedelta(days=14)
    for _ in range(reviews):
        due = agreed + dt.timedelta(days=70)
        events += [
            plan_agreed(agreed_on=agreed, review_due_on=due),
            review_held(held_on=due),
        ]
        agreed = due
    pupil = Pupil(pupil_id=pupil_id, year_group=year_group, sex=sex)
    return replay(pupil, events)  # type: ignore[arg-type]


def imported(pupil_id: str, received_on: dt.date) -> SupportRecord:
    """A pupil on SEN support from a register: no review known."""
    history = SENHistoryReceived(
        occurred_on=received_on,
        provision=SenProvision.SEN_SUPPORT,
        provision_started_on=min(D(2024, 3, 4), received_on),
        needs=(Need(need_type=NeedType.SLCN, identified_on=None),),
        received_from="MIS SEN register",
    )
    pupil = Pupil(pupil_id=pupil_id, year_group=YearGroup.Y6)
    return SupportRecord(pupil=pupil, events=(history,))


# --- cadence with nothing due -------------------------------------------------------------


def test_autumn_term_cadence_has_nothing_due() -> None:
    # Three times a year from 1 September first falls due on 30 December.
    records = [reviewed(f"R{i}") for i in range(4)] + [
        imported(f"H{i}", D(2025, 9, 3)) for i in range(3)
    ]
    autumn = review_frequency(
        records,
        start=D(2025, 9, 1),
        end=D(2026, 12, 1),
        cadence=THREE,
        data_date=D(2025, 11, 30),
    )
    assert isinstance(autumn, ReviewFrequency)
    assert autumn.pupils == 7
    assert autumn.pupils_with_cadence_due == 0
    assert autumn.pupils_with_nothing_due == 7
    assert autumn.cadence_rate is None
    assert "7 pupils had no review due in the period" in str(autumn)
    assert "met the cadence" not in str(autumn)


def test_a_year_holds_pupils_to_what_fell_due() -> None:
    # R0 was reviewed once, in November 2024; from 1 September 2024 to the end of
    # the school year three reviews fell due. H0 opened in July: nothing due.
    records = [reviewed("R0"), imported("H0", D(2025, 7, 1))]
    year = review_frequency(
        records,
        start=D(2024, 9, 1),
        end=D(2025, 9, 1),
        cadence=THREE,
        data_date=D(2025, 8, 31),
    )
    assert isinstance(year, ReviewFrequency)
    assert (year.pupils_with_cadence_due, year.pupils_meeting_cadence) == (1, 0)
    assert year.pupils_with_nothing_due == 1
    assert year.cadence_rate == 0
    assert year.cadence_rate_interval == pytest.approx((0.0, 0.7935), abs=1e-4)


# --- the data date --------------------------------------------------------------------------


def test_a_period_past_the_data_date_is_clipped_to_it() -> None:
    data_date = latest_event_on(COHORT)
    assert data_date == D(2026, 7, 8)
    asked = {"start": D(2025, 9, 1), "end": D(2026, 9, 1)}
    clipped = target_attainment(COHORT, **asked, data_date=data_date)
    to_data = target_attainment(
        COHORT, start=D(2025, 9, 1), end=D(2026, 7, 9), data_date=data_date
    )
    assert isinstance(clipped, TargetAttainment)
    assert clipped.coverage is not None
    assert clipped.coverage.clipped
    assert clipped.coverage.asked == D(2026, 9, 1)
    assert clipped.coverage.period is not None
    assert clipped.coverage.period.end == D(2026, 7, 9)
    assert "Counted to the data date, 2026-07-08" in str(clipped)
    counts = [f for f in clipped.to_row() if f != "small_group"]
    assert {f: clipped.to_row()[f] for f in counts} == {
        f: to_data.to_row()[f] for f in counts
    }


def test_a_period_after_the_data_date_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        review_frequency(
            COHORT, start=D(2030, 9, 1), end=D(2031, 9, 1), data_date=D(2026, 7, 8)
        )
    (problem,) = caught.value.problems
    assert (problem.code, problem.path) == ("period.after_data_date", "start")
    assert "2030-09-01" in problem.message
    assert "2026-07-08" in problem.message


def test_without_a_data_date_a_period_past_the_data_is_flagged() -> None:
    summary = review_frequency(COHORT, start=D(2030, 9, 1), end=D(2031, 9, 1))
    assert summary.coverage is not None
    assert summary.coverage.data_date == D(2026, 7, 8)
    assert summary.coverage.past_data_date
    assert "figures after it are not known" in str(summary)
    assert summary.warnings[-1].startswith("The latest event is on 2026-07-08")


def test_a_record_after_the_data_date_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"data_date\.before_event"):
        target_attainment(
            COHORT, start=D(2025, 9, 1), end=D(2026, 9, 1), data_date=D(2026, 1, 1)
        )


def test_as_of_after_the_data_date_is_clipped() -> None:
    clipped = overdue_reviews(COHORT, as_of=D(2027, 1, 1), data_date=D(2026, 7, 8))
    assert clipped.coverage is not None
    assert clipped.coverage.as_of == D(2026, 7, 8)
    assert clipped.coverage.asked == D(2027, 1, 1)
    assert clipped.items == overdue_reviews(COHORT, as_of=D(2026, 7, 8)).items


def test_an_empty_input_says_so() -> None:
    period = {"start": D(1999, 9, 1), "end": D(2000, 1, 2)}
    for summary in (
        review_frequency([], **period, cadence=THREE),
        target_attainment([], **period),
        provision_impact([], **period, by=None),
        timeliness([], **period),
        overdue_reviews([], as_of=D(2000, 1, 1)),
    ):
        assert summary.is_empty
        assert summary.coverage is not None
        assert summary.coverage.records == 0
        assert summary.coverage.data_date is None
        assert "no records, nothing counted" in str(summary)
    grouped = target_attainment([], **period, by="year_group")
    assert isinstance(grouped, Grouped)
    assert grouped.is_empty
    assert len(grouped) == 0
    assert str(grouped) == "No records: nothing counted."


# --- splits as of the event ---------------------------------------------------------------


def test_year_group_on_an_earlier_date() -> None:
    data_date = D(2026, 7, 22)
    assert year_group_on(YearGroup.Y1, D(2025, 8, 31), data_date=data_date) is (
        YearGroup.R
    )
    assert year_group_on(YearGroup.Y1, D(2025, 9, 1), data_date=data_date) is (
        YearGroup.Y1
    )
    assert year_group_on(YearGroup.N2, D(2020, 1, 1), data_date=data_date) is (
        YearGroup.N1
    )
    assert year_group_on(YearGroup.X, D(2020, 1, 1), data_date=data_date) is (
        YearGroup.X
    )


def test_last_years_split_by_year_group() -> None:
    # In Year 4 on the data date: reviewed in November 2024, in Year 3.
    records = [reviewed("R0"), reviewed("R1", year_group=YearGroup.Y10)]
    last_year = target_attainment(
        records,
        start=D(2024, 9, 1),
        end=D(2025, 9, 1),
        by="year_group",
        data_date=D(2025, 10, 1),
    )
    assert list(last_year) == ["3", "9"]
    assert last_year["3"].met == 2
    by_stage = review_frequency(
        records,
        start=D(2024, 9, 1),
        end=D(2025, 9, 1),
        by="key_stage",
        data_date=D(2025, 10, 1),
    )
    assert list(by_stage) == ["KS2", "KS3"]


def test_year_groups_sort_in_curriculum_order() -> None:
    records = [
        reviewed(f"R{i}", year_group=year)
        for i, year in enumerate(
            [YearGroup.Y10, YearGroup.Y2, YearGroup.R, YearGroup.Y11, YearGroup.N1]
        )
    ]
    split = review_frequency(
        records, start=D(2024, 9, 1), end=D(2025, 1, 1), by="year_group"
    )
    # The data date is the latest event, in the same school year.
    assert [row["year_group"] for row in split.to_rows()] == [
        "N1",
        "R",
        "2",
        "10",
        "11",
    ]


def test_a_target_is_split_by_the_needs_it_was_set_for() -> None:
    record = reviewed("R0", reviews=2)
    # Before the assessment the register was empty; from it, speech and language.
    assert needs_on(record, D(2024, 9, 18)) == ()
    assert needs_on(record, D(2024, 9, 19))[0].need_type is NeedType.SLCN
    split = target_attainment(
        [record], start=D(2024, 9, 1), end=D(2025, 9, 1), by="need_type"
    )
    assert list(split) == ["SLCN"]


def test_a_split_by_several_dimensions_gives_a_column_each() -> None:
    records = [
        reviewed("R0", sex=Sex.FEMALE),
        reviewed("R1", sex=Sex.MALE, year_group=YearGroup.Y2),
        reviewed("R2"),
    ]
    split = target_attainment(
        records,
        start=D(2024, 9, 1),
        end=D(2025, 9, 1),
        by=("year_group", "sex"),
        data_date=D(2025, 8, 31),
    )
    assert list(split) == [("2", "M"), ("4", "F"), ("4", "unknown")]
    row = split.to_rows()[0]
    assert (row["year_group"], row["sex"], row["met"]) == ("2", "M", 2)
    assert "year_group = 2, sex = M" in str(split)


# --- small groups -----------------------------------------------------------------------------


def test_a_group_of_six_is_flagged() -> None:
    records = [reviewed(f"R{i}", year_group=YearGroup.Y5) for i in range(3)]
    summary = target_attainment(records, start=D(2024, 9, 1), end=D(2025, 9, 1))
    assert isinstance(summary, TargetAttainment)
    assert summary.with_outcome == 6
    assert summary.met_rate == 1
    assert summary.small == ("met_rate", "in_time_rate")
    low, high = summary.met_rate_interval
    assert (round(low, 2), high) == (0.61, 1.0)
    assert summary.warnings[0] == (
        f"met_rate rests on 6 targets with an outcome, fewer than {SMALL_GROUP}: "
        "too few to read (95% CI 61%-100%)"
    )
    row = summary.to_row()
    assert row["small_group"] is True
    assert (row["met_rate_low"], row["met_rate_high"]) == (low, high)
    assert "[too few to read]" in str(summary)
    frequency = review_frequency(
        records, start=D(2024, 9, 1), end=D(2025, 9, 1), cadence=THREE
    )
    assert frequency.small == ("cadence_rate",)
    impact = provision_impact(records, start=D(2024, 9, 1), end=D(2025, 9, 1))
    assert impact["Talk Boost"].small == ("pupils",)
    assert "too few to read" in str(impact["Talk Boost"])


def test_ten_is_enough_to_read() -> None:
    records = [reviewed(f"R{i}") for i in range(5)]
    summary = target_attainment(
        records, start=D(2024, 9, 1), end=D(2025, 9, 1), data_date=D(2025, 8, 31)
    )
    assert summary.with_outcome == 10
    assert summary.small == ()
    assert summary.warnings == ()


# --- properties --------------------------------------------------------------------------------

cohorts = st.lists(support_records(max_events=10), max_size=6)
starts = st.dates(min_value=D(2014, 9, 1), max_value=D(2030, 1, 1))


def _data_date(records: list[SupportRecord], at_least: dt.date) -> dt.date:
    return max(latest_event_on(records) or at_least, at_least)


@given(cohorts, starts, st.integers(min_value=1, max_value=900), st.integers(0, 900))
def test_a_period_past_the_data_date_never_counts_more_past_due(
    records: list[SupportRecord], start: dt.date, days: int, beyond: int
) -> None:
    data_date = _data_date(records, start)
    to_data = target_attainment(
        records, start=start, end=data_date + dt.timedelta(days=1), data_date=data_date
    )
    past = target_attainment(
        records,
        start=start,
        end=data_date + dt.timedelta(days=1 + beyond),
        data_date=data_date,
    )
    assert past.past_due_without_outcome <= to_data.past_due_without_outcome
    assert past.to_tally().counts == to_data.to_tally().counts


@settings(max_examples=60)
@given(cohorts, starts, st.integers(min_value=1, max_value=900), st.dates())
def test_a_pupil_with_nothing_due_never_changes_the_cadence_share(
    records: list[SupportRecord], start: dt.date, days: int, received: dt.date
) -> None:
    end = start + dt.timedelta(days=days)
    # Imported at the period's last day: on support one day, so nothing falls due.
    newcomer = imported("NEW", end - dt.timedelta(days=1))
    data_date = _data_date([*records, newcomer], end - dt.timedelta(days=1))
    period = {"start": start, "end": end, "cadence": THREE, "data_date": data_date}
    before = review_frequency(records, **period)
    after = review_frequency([*records, newcomer], **period)
    assert after.cadence_rate == before.cadence_rate
    assert after.pupils_with_cadence_due == before.pupils_with_cadence_due
    assert after.pupils_with_nothing_due == before.pupils_with_nothing_due + 1


@given(cohorts, starts, st.integers(min_value=1, max_value=900))
def test_every_pupil_has_something_due_or_nothing(
    records: list[SupportRecord], start: dt.date, days: int
) -> None:
    end = start + dt.timedelta(days=days)
    data_date = _data_date(records, end)
    summary = review_frequency(
        records, start=start, end=end, cadence=THREE, data_date=data_date
    )
    assert summary.pupils == (
        summary.pupils_with_cadence_due + summary.pupils_with_nothing_due
    )
    assert summary.pupils_meeting_cadence <= summary.pupils_with_cadence_due


@given(
    cohorts,
    starts,
    st.integers(min_value=1, max_value=900),
    st.integers(min_value=0, max_value=6),
    st.sampled_from(["year_group", "key_stage", ("year_group", "sex"), "area_of_need"]),
)
def test_splits_as_of_the_event_merge_exactly(
    records: list[SupportRecord],
    start: dt.date,
    days: int,
    cut: int,
    by: str | tuple[str, ...],
) -> None:
    end = start + dt.timedelta(days=days)
    data_date = _data_date(records, end)
    period = {"start": start, "end": end, "by": by, "data_date": data_date}
    for make in (attainment_accumulator, frequency_accumulator):
        whole = make(**period).add_all(records).result()  # type: ignore[arg-type]
        left = make(**period).add_all(records[:cut]).result()  # type: ignore[arg-type]
        right = make(**period).add_all(records[cut:]).result()  # type: ignore[arg-type]
        assert left.merge(right) == whole  # type: ignore[arg-type]


@given(
    st.sampled_from(list(YearGroup)),
    st.dates(min_value=D(2000, 1, 1), max_value=D(2040, 1, 1)),
    st.dates(min_value=D(2000, 1, 1), max_value=D(2040, 1, 1)),
)
def test_a_year_group_moves_with_the_school_year(
    year: YearGroup, earlier: dt.date, later: dt.date
) -> None:
    earlier, later = min(earlier, later), max(earlier, later)
    data_date = D(2040, 1, 1)
    then = year_group_on(year, earlier, data_date=data_date)
    now = year_group_on(year, later, data_date=data_date)
    order = list(YearGroup)
    assert order.index(then) <= order.index(now)
    assert year_group_on(year, data_date, data_date=data_date) is year
