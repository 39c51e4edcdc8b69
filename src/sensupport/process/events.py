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
import itertools
import typing

import attrs

from .._validation import Checked, Checks, distinct, not_blank, show
from ..codes import (
    AssessmentOutcome,
    EHCDecision,
    EndReason,
    EvidenceSource,
    NeedType,
    Role,
    SenProvision,
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
    "ProvisionPeriod",
    "ReviewHeld",
    "SENHistoryReceived",
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


def _needs_by(
    checks: Checks, needs: tuple[Need, ...], on: dt.date, code: str, what: str
) -> None:
    """A problem for each need identified after ``on``, the date of ``what``."""
    for i, need in enumerate(needs):
        if need.identified_on is not None and need.identified_on > on:
            checks.add(
                f"needs[{i}].identified_on",
                code,
                f"need identified on {show(need.identified_on)}, after {what} "
                f"{show(on)}",
            )


@attrs.frozen(kw_only=True)
class ProvisionPeriod(Checked):
    """A census SEN provision code and the day it began, as the CTF's ``SEN`` gives it.

    Args:
        started_on: The first day of the provision.
        provision: The census code: N, K or E.
    """

    started_on: dt.date
    provision: SenProvision


@attrs.frozen(kw_only=True)
class SENHistoryReceived(Checked):
    """What was already known of a pupil's SEN when their record began; it opens one.

    For a school that starts using sensupport with pupils already on its SEN
    register, or that receives a pupil's SEN history from another school (the CTF's
    ``SENhistory``): the provision in place and since when, the ranked needs, and the
    plan in force where known. Nothing before it is invented: there is no concern or
    assessment in the record, and figures that need them leave the record out.

    Args:
        occurred_on: When the history was received; the record opens on this date.
        provision: The census SEN provision code in place: K or E (historic codes
            are read as today's).
        provision_started_on: When that provision began (the CTF's ``StartDate``).
        needs: The needs as known, ranked; an identified date may be None.
        plan: The support plan in force, where it is known in full (K only).
        review_due_on: The review date of the plan in force, where the plan is known
            only by it (K only); with ``plan``, it is the plan's own review date.
        received_from: The system or school the history came from.
        file: The file it came in, if any.
        earlier: Earlier provision, oldest first, each before the one after it and
            before ``provision_started_on``: the rest of a CTF's ``SENhistory``.

    >>> import datetime as dt
    >>> from sensupport import Need, NeedType, SenProvision
    >>> history = SENHistoryReceived(
    ...     occurred_on=dt.date(2025, 11, 3), provision=SenProvision.SEN_SUPPORT,
    ...     provision_started_on=dt.date(2024, 3, 4),
    ...     needs=(Need(need_type=NeedType.SLCN, identified_on=None),),
    ...     review_due_on=dt.date(2025, 12, 12), received_from="SIMS SEN register")
    >>> history.review_due_on
    datetime.date(2025, 12, 12)
    """

    occurred_on: dt.date
    provision: SenProvision
    provision_started_on: dt.date
    received_from: str
    needs: tuple[Need, ...] = ()
    plan: SupportPlan | None = None
    review_due_on: dt.date | None = None
    file: str = ""
    earlier: tuple[ProvisionPeriod, ...] = ()

    def _check(self, checks: Checks) -> None:
        not_blank(checks, self.received_from, "received_from", "history")
        starts = [p.started_on for p in self.earlier] + [self.provision_started_on]
        for i, (before, after) in enumerate(itertools.pairwise(starts)):
            if before >= after:
                checks.add(
                    f"earlier[{i}].started_on",
                    "history.earlier_out_of_order",
                    f"earlier provision starting {show(before)} is not before the "
                    f"provision after it, {show(after)}",
                )
        checks.extend(check_needs(self.needs))
        if self.provision is SenProvision.NO_SEN:
            checks.add(
                "provision",
                "history.no_sen",
                "a record opens from history only for provision K or E, not N",
            )
        if self.provision_started_on > self.occurred_on:
            checks.add(
                "provision_started_on",
                "history.started_after_received",
                f"provision started on {show(self.provision_started_on)}, after the "
                f"history was received on {show(self.occurred_on)}",
            )
        _needs_by(
            checks,
            self.needs,
            self.occurred_on,
            "history.need_after_received",
            "the history was received on",
        )
        if self.provision is SenProvision.EHC_PLAN:
            if self.plan is not None or self.review_due_on is not None:
                checks.add(
                    "plan" if self.plan is not None else "review_due_on",
                    "history.plan_with_ehc",
                    "a pupil with an EHC plan (E) has no SEN support plan in force",
                )
            if any(n.need_type is NeedType.NSA for n in self.needs):
                checks.add(
                    "needs",
                    "history.nsa_with_ehc",
                    "NSA (no specialist assessment) is allowed only with provision K, "
                    "not E (school census rule 2175)",
                )
        plan = self.plan
        if plan is not None:
            if plan.agreed_on > self.occurred_on:
                checks.add(
                    "plan.agreed_on",
                    "history.plan_after_received",
                    f"the plan was agreed on {show(plan.agreed_on)}, after the history "
                    f"was received on {show(self.occurred_on)}",
                )
            due = self.review_due_on
            if due is not None and due != plan.review_due_on:
                checks.add(
                    "review_due_on",
                    "history.review_date_mismatch",
                    f"review due on {show(due)} differs from the plan's own review "
                    f"date, {show(plan.review_due_on)}",
                )

    @property
    def plan_review_due_on(self) -> dt.date | None:
        """The review date of the plan in force, from the plan or as given."""
        return self.plan.review_due_on if self.plan is not None else self.review_due_on


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
        _needs_by(
            checks,
            self.needs,
            self.occurred_on,
            "assessment.need_after_decision",
            "the assessment's decision on",
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
    | SENHistoryReceived
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
