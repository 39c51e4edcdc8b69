"""The SENCO qualification rule (SEND Regulations 2014, reg. 49) at every boundary."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from builders import senco_appointment
from sensupport import (
    Qualification,
    QualificationKind,
    QualificationStatus,
    SencoAppointment,
    ValidationError,
    dumps,
    loads,
    senco_qualification_status,
)

D = dt.date
NASENCO, NPQ = QualificationKind.NASENCO, QualificationKind.NPQSENCO


def status(
    appointment: SencoAppointment, *held: Qualification, as_of: dt.date = D(2025, 1, 1)
) -> QualificationStatus:
    return senco_qualification_status(appointment, held, as_of=as_of).status


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (D(2009, 9, 1), QualificationStatus.EXEMPT),
        (D(2009, 9, 2), QualificationStatus.OVERDUE),
    ],
)
def test_the_rule_applies_to_those_appointed_after_1_september_2009(
    on: dt.date, expected: QualificationStatus
) -> None:
    assert status(senco_appointment(appointed_on=on), as_of=D(2020, 1, 1)) is expected


@pytest.mark.parametrize(
    ("months", "expected"),
    [(12, QualificationStatus.DUE), (13, QualificationStatus.EXEMPT)],
)
def test_more_than_twelve_months_as_senco_exempts(
    months: int, expected: QualificationStatus
) -> None:
    assert status(senco_appointment(months_previously_senco=months)) is expected


def test_deadline_is_the_third_anniversary_inclusive() -> None:
    appointment = senco_appointment(appointed_on=D(2024, 1, 8))
    on_the_day = senco_qualification_status(appointment, [], as_of=D(2027, 1, 8))
    assert (on_the_day.status, on_the_day.days_left) == (QualificationStatus.DUE, 0)
    next_day = senco_qualification_status(appointment, [], as_of=D(2027, 1, 9))
    assert (next_day.status, next_day.days_overdue) == (QualificationStatus.OVERDUE, 1)


def test_29_february_falls_due_on_28_february() -> None:
    assert senco_appointment(appointed_on=D(2024, 2, 29)).deadline == D(2027, 2, 28)
    result = senco_qualification_status(
        senco_appointment(appointed_on=D(2024, 2, 29)), [], as_of=D(2027, 3, 1)
    )
    assert result.days_overdue == 1


@pytest.mark.parametrize(
    ("started", "counts"), [(D(2024, 8, 31), True), (D(2024, 9, 1), False)]
)
def test_nasenco_counts_only_for_courses_begun_before_september_2024(
    started: dt.date, counts: bool
) -> None:
    award = Qualification(
        kind=NASENCO, course_started_on=started, awarded_on=D(2025, 7, 1)
    )
    expected = QualificationStatus.MET if counts else QualificationStatus.DUE
    assert (
        status(
            senco_appointment(appointed_on=D(2024, 1, 8)), award, as_of=D(2025, 8, 1)
        )
        is expected
    )


@pytest.mark.parametrize(
    ("awarded", "counts"), [(D(2027, 8, 31), True), (D(2027, 9, 1), False)]
)
def test_nasenco_counts_only_if_completed_before_september_2027(
    awarded: dt.date, counts: bool
) -> None:
    award = Qualification(
        kind=NASENCO, course_started_on=D(2024, 1, 15), awarded_on=awarded
    )
    result = senco_qualification_status(
        senco_appointment(appointed_on=D(2025, 1, 6)), [award], as_of=D(2027, 10, 1)
    )
    assert (result.status is QualificationStatus.MET) is counts


@pytest.mark.parametrize(
    ("started", "counts"), [(D(2024, 8, 31), False), (D(2024, 9, 1), True)]
)
def test_npqsenco_counts_for_courses_begun_from_september_2024(
    started: dt.date, counts: bool
) -> None:
    award = Qualification(kind=NPQ, course_started_on=started, awarded_on=D(2025, 7, 1))
    assert (
        status(senco_appointment(), award, as_of=D(2025, 8, 1))
        is QualificationStatus.MET
    ) is counts


def test_required_award() -> None:
    in_progress = Qualification(kind=NASENCO, course_started_on=D(2024, 3, 1))
    before = senco_qualification_status(
        senco_appointment(), [in_progress], as_of=D(2025, 1, 1)
    )
    assert before.required_award is NASENCO
    # Once a NASENCO can no longer be completed in time, only the NPQ will do.
    too_late = senco_qualification_status(
        senco_appointment(appointed_on=D(2025, 1, 6)),
        [in_progress],
        as_of=D(2027, 9, 1),
    )
    assert too_late.required_award is NPQ
    assert (
        senco_qualification_status(
            senco_appointment(), [], as_of=D(2025, 1, 1)
        ).required_award
        is NPQ
    )


def test_an_award_not_yet_made_does_not_count() -> None:
    award = Qualification(
        kind=NPQ, course_started_on=D(2024, 10, 1), awarded_on=D(2025, 7, 1)
    )
    assert (
        status(senco_appointment(), award, as_of=D(2025, 6, 30))
        is QualificationStatus.DUE
    )


def test_a_late_award_is_met_and_says_so() -> None:
    award = Qualification(
        kind=NPQ, course_started_on=D(2025, 10, 1), awarded_on=D(2027, 7, 1)
    )
    result = senco_qualification_status(
        senco_appointment(appointed_on=D(2024, 1, 8)), [award], as_of=D(2027, 8, 1)
    )
    assert result.status is QualificationStatus.MET
    assert any("after the deadline" in reason for reason in result.reasons)


@pytest.mark.parametrize(
    ("qts", "induction", "head", "expected"),
    [
        (False, False, False, QualificationStatus.NOT_ELIGIBLE),
        (True, False, False, QualificationStatus.NOT_ELIGIBLE),
        (False, False, True, QualificationStatus.DUE),
        (True, True, False, QualificationStatus.DUE),
    ],
)
def test_eligibility(
    qts: bool, induction: bool, head: bool, expected: QualificationStatus
) -> None:
    appointment = senco_appointment(
        holds_qts=qts, induction_completed=induction, is_head_teacher=head
    )
    assert status(appointment) is expected


def test_bad_values_name_the_field() -> None:
    with pytest.raises(ValidationError) as error:
        SencoAppointment(
            appointed_on=D(2024, 1, 8), school=" ", months_previously_senco=-1
        )
    assert {p.path for p in error.value.problems} == {
        "school",
        "months_previously_senco",
    }
    with pytest.raises(ValidationError) as error:
        Qualification(
            kind=NPQ, course_started_on=D(2025, 1, 1), awarded_on=D(2024, 1, 1)
        )
    assert error.value.problems[0].path == "awarded_on"


def test_round_trip() -> None:
    appointment = senco_appointment(months_previously_senco=3)
    award = Qualification(
        kind=NPQ, course_started_on=D(2024, 10, 1), provider="A university"
    )
    assert loads(dumps(appointment)) == appointment
    assert loads(dumps(award)) == award


@given(
    st.dates(min_value=D(2009, 9, 2), max_value=D(2035, 1, 1)),
    st.dates(min_value=D(2009, 9, 2), max_value=D(2040, 1, 1)),
)
def test_due_and_overdue_agree_with_the_deadline(
    appointed_on: dt.date, as_of: dt.date
) -> None:
    result = senco_qualification_status(
        senco_appointment(appointed_on=appointed_on), [], as_of=as_of
    )
    assert result.deadline is not None
    if result.status is QualificationStatus.DUE:
        assert as_of <= result.deadline
        assert result.days_left == (result.deadline - as_of).days
    else:
        assert result.status is QualificationStatus.OVERDUE
        assert result.days_overdue == (as_of - result.deadline).days > 0
