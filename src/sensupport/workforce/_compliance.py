"""The workforce's statutory qualifications in one view: the SENCO's (reg. 49) and
the mandatory qualifications of teachers of classes of pupils with sensory
impairment (SI 2003/1662).

Each requirement is a row: who, which rule, met / due / overdue (or exempt, or not
eligible, for the SENCO), the deadline and the days left or overdue. Rows needing
action come first: overdue, then due by deadline, then the rest.

The mandatory qualification (MQ): a teacher of a class of pupils who are hearing
impaired (reg. 6), visually impaired (reg. 7), or both (reg. 8) must hold the MQ
for it; reg. 9 lets a teacher obtaining it teach such classes for at most three
years in aggregate. So the deadline is three years from when they began, less the
months they taught such classes before; a teacher who has not begun the course is
``due`` with a reason that the exception covers only one obtaining it. The
Regulations apply to maintained schools and non-maintained special schools; for an
academy the same is expected by DfE guidance and the Code of Practice (6.61).
Whether an HI or VI qualification also counts for an MSI class is not settled
here: only the MSI qualification is accepted for one.

>>> import datetime as dt
>>> from sensupport import NeedType, StaffMember, StaffRole
>>> from sensupport.provision_groups import ProvisionMap
>>> teacher = StaffMember(staff_id="T1", role=StaffRole.TEACHER, hourly_cost_pence=3_000)
>>> record = Workforce(sensory_teaching=(SensoryTeaching(
...     staff_id="T1", need_type=NeedType.HI, since=dt.date(2024, 9, 2)),))
>>> row = workforce_compliance(ProvisionMap(staff=(teacher,)), record,
...                            as_of=dt.date(2026, 3, 2)).rows[0]
>>> row.rule, row.status, row.deadline, row.days_left
('mq_hi', <QualificationStatus.DUE: 'due'>, datetime.date(2027, 9, 2), 549)
"""

from __future__ import annotations

import datetime as dt

import attrs
from dateutil.relativedelta import relativedelta

from ..codes import NeedType
from ..provision_groups import ProvisionMap
from ..qualifications import (
    Qualification,
    QualificationKind,
    QualificationStatus,
    senco_qualification_status,
)
from ..staff import StaffRole
from ..statutory import SENSORY_MQ_YEARS
from ._cpd import check_staff
from ._training import SensoryTeaching, Workforce

__all__ = ["ComplianceRow", "WorkforceCompliance", "workforce_compliance"]

_MQ = {
    NeedType.HI: QualificationKind.MQ_HEARING_IMPAIRMENT,
    NeedType.VI: QualificationKind.MQ_VISUAL_IMPAIRMENT,
    NeedType.MSI: QualificationKind.MQ_MULTI_SENSORY_IMPAIRMENT,
}
_REGULATION = {NeedType.HI: "reg. 6", NeedType.VI: "reg. 7", NeedType.MSI: "reg. 8"}
_ACTION_FIRST = {
    QualificationStatus.OVERDUE: 0,
    QualificationStatus.NOT_ELIGIBLE: 0,
    QualificationStatus.DUE: 1,
    QualificationStatus.MET: 2,
    QualificationStatus.EXEMPT: 3,
}


@attrs.frozen(kw_only=True)
class ComplianceRow:
    """One person against one rule.

    ``rule`` is ``senco`` (reg. 49) or ``mq_hi``, ``mq_vi``, ``mq_msi``;
    ``held_on`` the date the qualification was awarded, if held.
    """

    staff_id: str
    role: StaffRole
    rule: str
    requirement: str
    status: QualificationStatus
    deadline: dt.date | None
    days_left: int | None
    days_overdue: int | None
    held_on: dt.date | None
    reasons: tuple[str, ...]

    def to_row(self) -> dict[str, object]:
        return {
            "who": self.staff_id,
            "role": self.role.value,
            "rule": self.rule,
            "status": self.status.value,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "days_left": self.days_left,
            "days_overdue": self.days_overdue,
            "held_on": self.held_on.isoformat() if self.held_on else None,
            "requirement": self.requirement,
            "reasons": "; ".join(self.reasons),
        }

    def __str__(self) -> str:
        when = ""
        if self.days_overdue is not None:
            when = f", {self.days_overdue} days overdue"
        elif self.days_left is not None:
            when = f", {self.days_left} days left"
        deadline = f" by {self.deadline.isoformat()}" if self.deadline else ""
        return (
            f"{self.staff_id} ({self.role.value}): {self.requirement}{deadline}: "
            f"{self.status.value}{when}"
        )


@attrs.frozen(kw_only=True)
class WorkforceCompliance:
    """The rows on a date, those needing action first."""

    as_of: dt.date
    rows: tuple[ComplianceRow, ...]

    def count(self, status: QualificationStatus) -> int:
        """How many rows have ``status``."""
        return sum(r.status is status for r in self.rows)

    def to_rows(self) -> list[dict[str, object]]:
        return [r.to_row() for r in self.rows]

    def __str__(self) -> str:
        lines = [f"Statutory qualifications on {self.as_of.isoformat()}:"]
        lines += [f"  {row}" for row in self.rows]
        if not self.rows:
            lines.append("  no SENCO or teacher of a sensory class recorded")
        return "\n".join(lines)


def workforce_compliance(
    provision_map: ProvisionMap, workforce: Workforce, *, as_of: dt.date
) -> WorkforceCompliance:
    """The SENCO's qualification and the sensory MQs of the workforce on ``as_of``.

    Raises:
        ValidationError: The workforce is another school's, or names staff the
            provision map does not hold.
    """
    check_staff(provision_map, workforce)
    rows = []
    if workforce.senco is not None:
        post = workforce.senco
        held = workforce.training_of(post.staff_id).qualifications
        status = senco_qualification_status(post.appointment, held, as_of)
        award = status.qualification
        rows.append(
            ComplianceRow(
                staff_id=post.staff_id,
                role=provision_map.staff_member(post.staff_id).role,
                rule="senco",
                requirement="SENCO qualification (SEND Regulations 2014, reg. 49)",
                status=status.status,
                deadline=status.deadline,
                days_left=status.days_left,
                days_overdue=status.days_overdue,
                held_on=award.awarded_on if award is not None else None,
                reasons=status.reasons,
            )
        )
    for teaching in workforce.sensory_teaching:
        held = workforce.training_of(teaching.staff_id).qualifications
        rows.append(
            _mq_row(
                teaching,
                provision_map.staff_member(teaching.staff_id).role,
                held,
                as_of,
            )
        )
    rows.sort(key=_order)
    return WorkforceCompliance(as_of=as_of, rows=tuple(rows))


def _mq_row(
    teaching: SensoryTeaching,
    role: StaffRole,
    held: tuple[Qualification, ...],
    as_of: dt.date,
) -> ComplianceRow:
    kind = _MQ[teaching.need_type]
    deadline = teaching.since + relativedelta(
        years=SENSORY_MQ_YEARS, months=-teaching.months_before
    )
    mine = [q for q in held if q.kind is kind]
    awarded = sorted(
        q.awarded_on for q in mine if q.awarded_on and q.awarded_on <= as_of
    )
    requirement = (
        f"{kind.description} (SI 2003/1662, {_REGULATION[teaching.need_type]})"
    )
    common = {
        "staff_id": teaching.staff_id,
        "role": role,
        "rule": kind.value,
        "requirement": requirement,
        "deadline": deadline,
    }
    if awarded:
        reasons = [f"awarded on {awarded[0].isoformat()}"]
        if awarded[0] > deadline:
            reasons.append(f"{(awarded[0] - deadline).days} days after the deadline")
        return ComplianceRow(
            **common,  # type: ignore[arg-type]
            status=QualificationStatus.MET,
            days_left=None,
            days_overdue=None,
            held_on=awarded[0],
            reasons=tuple(reasons),
        )
    studying = any(
        q.course_started_on is not None and q.course_started_on <= as_of for q in mine
    )
    reason = (
        "studying for it"
        if studying
        else "no course begun: reg. 9 lets only a teacher obtaining it teach the class"
    )
    if as_of <= deadline:
        return ComplianceRow(
            **common,  # type: ignore[arg-type]
            status=QualificationStatus.DUE,
            days_left=(deadline - as_of).days,
            days_overdue=None,
            held_on=None,
            reasons=(reason,),
        )
    return ComplianceRow(
        **common,  # type: ignore[arg-type]
        status=QualificationStatus.OVERDUE,
        days_left=None,
        days_overdue=(as_of - deadline).days,
        held_on=None,
        reasons=(reason,),
    )


def _order(row: ComplianceRow) -> tuple[object, ...]:
    return (
        _ACTION_FIRST[row.status],
        row.deadline or dt.date.max,
        row.staff_id,
        row.rule,
    )
