"""The facts of the graduated approach, each named in the past tense and dated.

A pupil's SEN support record is the ordered tuple of these events. Each has an
``occurred_on`` date; for `PlanAgreed` and `ReviewHeld` it is the date of the plan's
agreement or of the review.

>>> import datetime as dt
>>> from sensupport import Role, EvidenceSource
>>> concern = ConcernRaised(occurred_on=dt.date(2025, 9, 22), raised_by=Role.TEACHER,
...                         evidence=(EvidenceSource.TEACHER_OBSERVATION,))
>>> concern.occurred_on
datetime.date(2025, 9, 22)
"""

from __future__ import annotations

import datetime as dt
import typing

import attrs

from .._validation import Checked, Checks, distinct, show
from ..codes import (
    AssessmentOutcome,
    EHCDecision,
    EndReason,
    EvidenceSource,
    Role,
)
from ..needs import Need, check_needs
from ..plans import SupportPlan
from ..reviews import Review

__all__ = [
    "AssessmentCompleted",
    "ConcernRaised",
    "EHCNeedsAssessmentDecided",
    "EHCNeedsAssessmentRequested",
    "EHCPlanDeclined",
    "EHCPlanIssued",
    "Event",
    "EVENT_TYPES",
    "ParentMeetingHeld",
    "PlanAgreed",
    "ReviewHeld",
    "SpecialistAdviceReceived",
    "SupportEnded",
]


@attrs.frozen(kw_only=True)
class ConcernRaised(Checked):
    """Someone raised a concern that a pupil may have SEN; the record opens.

    Args:
        occurred_on: When the concern reached the SENCO.
        raised_by: Who raised it (a teacher, a parent, the previous setting ...).
        evidence: What prompted it, each source once.
        summary: The concern in a few words.
    """

    occurred_on: dt.date
    raised_by: Role
    evidence: tuple[EvidenceSource, ...] = ()
    summary: str = ""

    def _check(self, checks: Checks) -> None:
        distinct(checks, self.evidence, "evidence", "concern.evidence")


@attrs.frozen(kw_only=True)
class AssessmentCompleted(Checked):
    """The SENCO's assessment reached a decision.

    Args:
        occurred_on: When the decision was made.
        outcome: SEN support, not SEN, or specialist advice needed first.
        needs: The needs identified, ranked; they replace the needs register.
        evidence: What the assessment drew on.
        parents_notified_on: When parents were told of the decision to provide SEN
            support (CoP 6.46 says they must be), if they were.
    """

    occurred_on: dt.date
    outcome: AssessmentOutcome
    needs: tuple[Need, ...] = ()
    evidence: tuple[EvidenceSource, ...] = ()
    parents_notified_on: dt.date | None = None

    def _check(self, checks: Checks) -> None:
        checks.extend(check_needs(self.needs))
        distinct(checks, self.evidence, "evidence", "assessment.evidence")
        if self.outcome is AssessmentOutcome.NOT_SEN and self.needs:
            checks.add(
                "needs",
                "assessment.needs_not_sen",
                "an assessment that finds no SEN identifies no needs",
            )
        notified = self.parents_notified_on
        if notified is not None and notified < self.occurred_on:
            checks.add(
                "parents_notified_on",
                "assessment.notified_before_decision",
                f"parents notified on {show(notified)}, before the decision on "
                f"{show(self.occurred_on)}",
            )
        for i, need in enumerate(self.needs):
            if need.identified_on > self.occurred_on:
                checks.add(
                    f"needs[{i}].identified_on",
                    "assessment.need_after_decision",
                    f"need identified on {show(need.identified_on)}, after the "
                    f"assessment's decision on {show(self.occurred_on)}",
                )


@attrs.frozen(kw_only=True)
class SpecialistAdviceReceived(Checked):
    """Advice arrived from an external specialist.

    Args:
        occurred_on: When the advice arrived.
        specialist: Who gave it.
        needs: If the advice revises the needs, the needs as now identified; they
            replace the needs register. Empty leaves the register as it was.
        recommendations: What the specialist advised.
    """

    occurred_on: dt.date
    specialist: Role
    needs: tuple[Need, ...] = ()
    recommendations: str = ""

    def _check(self, checks: Checks) -> None:
        checks.extend(check_needs(self.needs))
        if not self.specialist.is_specialist:
            checks.add(
                "specialist",
                "advice.not_specialist",
                f"{show(self.specialist)} is not an external specialist",
            )


@attrs.frozen(kw_only=True)
class PlanAgreed(Checked):
    """A support plan was agreed; the *do* step begins."""

    plan: SupportPlan

    @property
    def occurred_on(self) -> dt.date:
        """The date the plan was agreed."""
        return self.plan.agreed_on


@attrs.frozen(kw_only=True)
class ReviewHeld(Checked):
    """The plan in force was reviewed; the review's decision says what comes next."""

    review: Review

    @property
    def occurred_on(self) -> dt.date:
        """The date the review was held."""
        return self.review.held_on


@attrs.frozen(kw_only=True)
class ParentMeetingHeld(Checked):
    """The school met the parents outside a plan or review meeting (CoP 6.65)."""

    occurred_on: dt.date
    summary: str = ""


@attrs.frozen(kw_only=True)
class EHCNeedsAssessmentRequested(Checked):
    """The local authority was asked for an EHC needs assessment; the clock starts."""

    occurred_on: dt.date
    requested_by: Role = Role.SENCO


@attrs.frozen(kw_only=True)
class EHCNeedsAssessmentDecided(Checked):
    """The local authority decided whether to assess (due within 6 weeks)."""

    occurred_on: dt.date
    decision: EHCDecision


@attrs.frozen(kw_only=True)
class EHCPlanIssued(Checked):
    """The final EHC plan was issued (due within 20 weeks of the request).

    The pupil leaves SEN support: census provision E from this date.
    """

    occurred_on: dt.date


@attrs.frozen(kw_only=True)
class EHCPlanDeclined(Checked):
    """After assessing, the local authority decided not to issue an EHC plan."""

    occurred_on: dt.date


@attrs.frozen(kw_only=True)
class SupportEnded(Checked):
    """SEN support ended outside a review: the pupil left, or needs were met."""

    occurred_on: dt.date
    reason: EndReason

    def _check(self, checks: Checks) -> None:
        if self.reason is EndReason.EHC_PLAN_ISSUED:
            checks.add(
                "reason",
                "ended.ehc_plan_reason",
                "an EHC plan ends SEN support through EHCPlanIssued, which starts "
                "the statutory record; SupportEnded does not take this reason",
            )


Event = (
    ConcernRaised
    | AssessmentCompleted
    | SpecialistAdviceReceived
    | PlanAgreed
    | ReviewHeld
    | ParentMeetingHeld
    | EHCNeedsAssessmentRequested
    | EHCNeedsAssessmentDecided
    | EHCPlanIssued
    | EHCPlanDeclined
    | SupportEnded
)
"""Any fact of the graduated approach."""

EVENT_TYPES: tuple[type[Event], ...] = typing.get_args(Event)
"""Every event type, in the order of the process."""
