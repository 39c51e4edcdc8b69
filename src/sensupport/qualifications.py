"""The SENCO and the qualification the law requires: SEND Regulations 2014, reg. 49.

Regulation 49 (as amended by the SEND (Amendment) Regulations 2024, SI 2024/535):

- the SENCO is a qualified teacher who has completed induction and works as a teacher
  at the school, or is the head teacher or acting head (49(2), 49(3));
- a person who becomes SENCO after 1 September 2009, and has not previously been a
  SENCO for more than twelve months in total, must hold the relevant SENCO
  qualification if they are SENCO at any time after the third anniversary of becoming
  one (49(4));
- the relevant qualification is the National Award for SEN Co-ordination (NASENCO)
  where the course began before 1 September 2024 and was completed before
  1 September 2027, and the National Professional Qualification for SENCOs (NPQSENCO)
  where the course began on or after 1 September 2024 (49(7)).

>>> import datetime as dt
>>> appointment = SencoAppointment(appointed_on=dt.date(2025, 1, 6), school="URN 100000")
>>> status = senco_qualification_status(appointment, [], as_of=dt.date(2026, 1, 6))
>>> status.status, status.deadline, status.days_left, status.required_award
(<QualificationStatus.DUE: 'due'>, datetime.date(2028, 1, 6), 730, <QualificationKind.NPQSENCO: 'npqsenco'>)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs
from dateutil.relativedelta import relativedelta

from ._validation import Checked, Checks, not_blank, show
from .codes import _Code
from .statutory import (
    NASENCO_COMPLETED_BEFORE,
    NPQ_COURSES_FROM,
    SENCO_EXPERIENCE_MONTHS,
    SENCO_QUALIFICATION_YEARS,
    SENCO_RULE_FROM,
)

__all__ = [
    "NASENCO_COMPLETED_BEFORE",
    "NPQ_COURSES_FROM",
    "RULE_FROM",
    "QualificationKind",
    "QualificationStatus",
    "Qualification",
    "SencoAppointment",
    "SencoQualificationStatus",
    "senco_qualification_status",
]

RULE_FROM = SENCO_RULE_FROM
"""SENCOs who took the role after this date need the qualification (reg. 49(4))."""


class QualificationKind(_Code):
    """Qualifications that bear on the SENCO role and on specialist teaching."""

    NASENCO = "nasenco", "National Award for SEN Co-ordination"
    NPQSENCO = "npqsenco", "National Professional Qualification for SENCOs"
    QTS = "qts", "Qualified teacher status"
    MQ_VISUAL_IMPAIRMENT = "mq_vi", "Mandatory qualification: vision impairment"
    MQ_HEARING_IMPAIRMENT = "mq_hi", "Mandatory qualification: hearing impairment"
    MQ_MULTI_SENSORY_IMPAIRMENT = (
        "mq_msi",
        "Mandatory qualification: multi-sensory impairment",
    )


class QualificationStatus(_Code):
    """Where a SENCO stands against reg. 49."""

    EXEMPT = "exempt", "Not required: SENCO by 1 September 2009 or experienced"
    MET = "met", "Holds the relevant SENCO qualification"
    DUE = "due", "Not yet held; the deadline has not passed"
    OVERDUE = "overdue", "Not held and the deadline has passed"
    NOT_ELIGIBLE = (
        "not_eligible",
        "Cannot be SENCO: neither a qualified teacher nor the head",
    )


@attrs.frozen(kw_only=True)
class SencoAppointment(Checked):
    """A person's appointment as SENCO at a school.

    Args:
        appointed_on: When they became SENCO at this school.
        school: The school, as its URN or name.
        months_previously_senco: Months served as SENCO before, at this school or
            another, in total.
        holds_qts: Holds qualified teacher status.
        induction_completed: Has completed induction, where it is required.
        is_head_teacher: Is the head teacher or acting head teacher.
    """

    appointed_on: dt.date
    school: str
    months_previously_senco: int = 0
    holds_qts: bool = True
    induction_completed: bool = True
    is_head_teacher: bool = False

    def _check(self, checks: Checks) -> None:
        not_blank(checks, self.school, "school", "appointment")
        if self.months_previously_senco < 0:
            checks.add(
                "months_previously_senco",
                "appointment.months",
                f"months_previously_senco is 0 or more, not {self.months_previously_senco}",
            )

    @property
    def deadline(self) -> dt.date:
        """The third anniversary of appointment (29 February falls due on 28)."""
        return self.appointed_on + relativedelta(years=SENCO_QUALIFICATION_YEARS)


@attrs.frozen(kw_only=True)
class Qualification(Checked):
    """A qualification held or being studied for.

    Args:
        kind: Which qualification.
        course_started_on: When its course began, if known.
        awarded_on: When it was awarded (the course completed); None while studying.
        provider: Who awards it.
    """

    kind: QualificationKind
    course_started_on: dt.date | None = None
    awarded_on: dt.date | None = None
    provider: str = ""

    def _check(self, checks: Checks) -> None:
        started, awarded = self.course_started_on, self.awarded_on
        if started is not None and awarded is not None and awarded < started:
            checks.add(
                "awarded_on",
                "qualification.awarded_before_start",
                f"awarded on {show(awarded)}, before its course began on {show(started)}",
            )

    def counts_as_senco_award(self) -> bool:
        """True if, once awarded, this is the relevant SENCO qualification (49(7))."""
        started = self.course_started_on
        if self.kind is QualificationKind.NASENCO:
            if started is not None and started >= NPQ_COURSES_FROM:
                return False
            return self.awarded_on is None or self.awarded_on < NASENCO_COMPLETED_BEFORE
        if self.kind is QualificationKind.NPQSENCO:
            return started is None or started >= NPQ_COURSES_FROM
        return False


@attrs.frozen(kw_only=True)
class SencoQualificationStatus:
    """The answer: status, which award, by when, and why."""

    status: QualificationStatus
    required_award: QualificationKind | None
    deadline: dt.date | None
    days_left: int | None = None
    days_overdue: int | None = None
    qualification: Qualification | None = None
    reasons: tuple[str, ...] = ()

    def __str__(self) -> str:
        parts = [self.status.description]
        if self.required_award is not None:
            parts.append(f"award: {self.required_award.description}")
        if self.deadline is not None:
            parts.append(f"deadline {self.deadline.isoformat()}")
        if self.days_left is not None:
            parts.append(f"{self.days_left} days left")
        if self.days_overdue is not None:
            parts.append(f"{self.days_overdue} days overdue")
        return "; ".join(parts)


def _required_award(held: list[Qualification], as_of: dt.date) -> QualificationKind:
    # A NASENCO course begun in time can still count while it can still be completed
    # before 1 September 2027; anyone else needs the NPQ.
    for q in held:
        if (
            q.kind is QualificationKind.NASENCO
            and q.counts_as_senco_award()
            and (q.awarded_on is not None or as_of < NASENCO_COMPLETED_BEFORE)
        ):
            return QualificationKind.NASENCO
    return QualificationKind.NPQSENCO


def senco_qualification_status(
    appointment: SencoAppointment,
    qualifications: Iterable[Qualification],
    as_of: dt.date,
) -> SencoQualificationStatus:
    """Where the SENCO stands against reg. 49 on ``as_of``.

    A qualification counts once awarded on or before ``as_of``. One awarded after the
    deadline still makes the status MET (the SENCO now holds it); the reasons say it
    came late.
    """
    held = list(qualifications)
    if not (appointment.holds_qts and appointment.induction_completed) and not (
        appointment.is_head_teacher
    ):
        return SencoQualificationStatus(
            status=QualificationStatus.NOT_ELIGIBLE,
            required_award=None,
            deadline=None,
            reasons=(
                "reg. 49(2)-(3): the SENCO must be a qualified teacher who has completed "
                "induction, or the head teacher or acting head",
            ),
        )
    if appointment.appointed_on <= RULE_FROM:
        reason = f"became SENCO on {appointment.appointed_on.isoformat()}, not after 1 September 2009"
        return _exempt(reason)
    if appointment.months_previously_senco > SENCO_EXPERIENCE_MONTHS:
        reason = (
            f"previously SENCO for {appointment.months_previously_senco} months, more "
            f"than {SENCO_EXPERIENCE_MONTHS}"
        )
        return _exempt(reason)
    deadline = appointment.deadline
    required = _required_award(held, as_of)
    awarded = sorted(
        (
            q
            for q in held
            if q.counts_as_senco_award() and q.awarded_on and q.awarded_on <= as_of
        ),
        key=lambda q: q.awarded_on or as_of,
    )
    if awarded:
        first = awarded[0]
        assert first.awarded_on is not None  # filtered above
        reasons = [
            f"{first.kind.description} awarded on {first.awarded_on.isoformat()}"
        ]
        if first.awarded_on > deadline:
            late = (first.awarded_on - deadline).days
            reasons.append(
                f"awarded {late} days after the deadline of {deadline.isoformat()}"
            )
        return SencoQualificationStatus(
            status=QualificationStatus.MET,
            required_award=first.kind,
            deadline=deadline,
            qualification=first,
            reasons=tuple(reasons),
        )
    if as_of <= deadline:
        return SencoQualificationStatus(
            status=QualificationStatus.DUE,
            required_award=required,
            deadline=deadline,
            days_left=(deadline - as_of).days,
            reasons=(
                f"{required.description} due by the third anniversary of appointment",
            ),
        )
    return SencoQualificationStatus(
        status=QualificationStatus.OVERDUE,
        required_award=required,
        deadline=deadline,
        days_overdue=(as_of - deadline).days,
        reasons=(f"{required.description} was due by {deadline.isoformat()}",),
    )


def _exempt(reason: str) -> SencoQualificationStatus:
    return SencoQualificationStatus(
        status=QualificationStatus.EXEMPT,
        required_award=None,
        deadline=None,
        reasons=(f"reg. 49(4) does not apply: {reason}",),
    )
