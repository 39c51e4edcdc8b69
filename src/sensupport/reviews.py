"""The review: how far each target was met and how well each provision worked.

A `Review` is the step that closes a cycle of the graduated approach. It records an
outcome for each target of the plan it reviews, a rating of each provision, who took
part, whether the parents' and the pupil's views were recorded, and the decision that
says where the record goes next. That its outcomes match the plan's targets is a rule
of the process (`sensupport.process`), since a review alone does not hold the plan.

>>> import datetime as dt
>>> review = Review(
...     held_on=dt.date(2025, 12, 10),
...     participants=(Role.SENCO, Role.TEACHER, Role.PARENT, Role.PUPIL),
...     outcomes=(TargetOutcome(target_id="T1", attainment=Attainment.MET,
...                             achieved_on=dt.date(2025, 11, 28)),),
...     ratings=(ProvisionRating(provision_id="P1",
...                              effectiveness=Effectiveness.EFFECTIVE),),
...     parent_views_recorded=True, pupil_views_recorded=True,
...     decision=ReviewDecision.CONTINUE, next_review_due_on=dt.date(2026, 3, 20))
>>> review.outcome("T1").attainment.is_met
True
"""

from __future__ import annotations

import datetime as dt

import attrs

from ._validation import Checked, Checks, distinct, not_blank, show, unique
from .codes import Attainment, Effectiveness, ReviewDecision, Role
from .errors import NotFoundError

__all__ = ["ProvisionRating", "Review", "TargetOutcome"]


@attrs.frozen(kw_only=True)
class TargetOutcome(Checked):
    """How far one target was achieved.

    Args:
        target_id: The target of the reviewed plan.
        attainment: Not met, partly met, met or exceeded.
        achieved_on: For a met or exceeded target, when it was achieved, if known;
            otherwise the review's date stands for it.
        comment: Evidence or notes.
    """

    target_id: str
    attainment: Attainment
    achieved_on: dt.date | None = None
    comment: str = ""

    def _check(self, checks: Checks) -> None:
        not_blank(checks, self.target_id, "target_id", "outcome")
        if self.achieved_on is not None and not self.attainment.is_met:
            checks.add(
                "achieved_on",
                "outcome.achieved_not_met",
                f"achieved_on is given but the target was {show(self.attainment)}",
            )


@attrs.frozen(kw_only=True)
class ProvisionRating(Checked):
    """A review's judgement of how well one provision worked."""

    provision_id: str
    effectiveness: Effectiveness
    comment: str = ""

    def _check(self, checks: Checks) -> None:
        not_blank(checks, self.provision_id, "provision_id", "rating")


_ENDS = (ReviewDecision.END_SUPPORT, ReviewDecision.REQUEST_EHC_NEEDS_ASSESSMENT)


@attrs.frozen(kw_only=True)
class Review(Checked):
    """A review of a support plan.

    Args:
        held_on: When the review meeting took place.
        decision: What happens next.
        participants: Who took part.
        outcomes: One per target of the plan, each target once.
        ratings: One per provision rated, each provision once.
        parent_views_recorded: The parents' views are on record.
        pupil_views_recorded: The pupil's views are on record.
        next_review_due_on: When the plan, continued, will next be reviewed; after
            ``held_on``. None when support ends or an EHC needs assessment is sought.
    """

    held_on: dt.date
    decision: ReviewDecision
    participants: tuple[Role, ...] = ()
    outcomes: tuple[TargetOutcome, ...] = ()
    ratings: tuple[ProvisionRating, ...] = ()
    parent_views_recorded: bool = False
    pupil_views_recorded: bool = False
    next_review_due_on: dt.date | None = None

    def _check(self, checks: Checks) -> None:
        distinct(checks, self.participants, "participants", "review.participants")
        unique(checks, self.outcomes, "target_id", "outcomes", "review.outcome")
        unique(checks, self.ratings, "provision_id", "ratings", "review.rating")
        for i, outcome in enumerate(self.outcomes):
            if outcome.achieved_on is not None and outcome.achieved_on > self.held_on:
                checks.add(
                    f"outcomes[{i}].achieved_on",
                    "review.achieved_after_review",
                    f"target {outcome.target_id!r} achieved on "
                    f"{show(outcome.achieved_on)}, after the review on "
                    f"{show(self.held_on)}",
                )
        due = self.next_review_due_on
        if due is not None and due <= self.held_on:
            checks.add(
                "next_review_due_on",
                "review.next_not_after",
                f"next review due on {show(due)} is not after this review, "
                f"{show(self.held_on)}",
            )
        if due is not None and self.decision in _ENDS:
            checks.add(
                "next_review_due_on",
                "review.next_after_end",
                f"a review that decides {show(self.decision)} sets no next review",
            )

    def outcome(self, target_id: str) -> TargetOutcome:
        """The outcome recorded for a target.

        Raises:
            NotFoundError: The review records no outcome for that target.
        """
        for outcome in self.outcomes:
            if outcome.target_id == target_id:
                return outcome
        raise NotFoundError(f"the review records no outcome for {target_id!r}")

    @property
    def parent_took_part(self) -> bool:
        """True when a parent or carer was among the participants."""
        return Role.PARENT in self.participants
