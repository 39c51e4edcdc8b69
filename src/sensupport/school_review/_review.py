"""A school's self-review: its ratings, their evidence, and its action plan.

A `SelfReview` names its framework by id but does not hold it, as a support plan's
`Review` does not hold the plan: whether each rating names an item of the framework
at a level of its scale is checked against the framework (`check_self_review`), and
every analysis does so before it counts anything. An action keeps its ``action_id``
from one review to the next, so that a plan can be followed over time.

>>> import datetime as dt
>>> from sensupport import Role, School
>>> action = ReviewAction(action_id="A1", description="Audit the provision map",
...                       owner_role=Role.SENCO, owner="Ms Hill",
...                       due_on=dt.date(2026, 3, 31))
>>> action  # the owner's words may be a name: never shown
ReviewAction(action_id='A1', description='Audit the provision map', due_on=datetime.date(2026, 3, 31), area_id=None, owner_role=<Role.SENCO: 'senco'>, status=<ActionStatus.PLANNED: 'planned'>, done_on=None)
>>> action.is_overdue(dt.date(2026, 4, 1)), action.is_overdue(dt.date(2026, 3, 31))
(True, False)
>>> SelfReview(school=School(urn="900001"), framework_id="send-review-guide-2016",
...            held_on=dt.date(2025, 10, 1),
...            ratings=(StatementRating(item_id="vision", level=6),
...                     StatementRating(item_id="vision", level=7)))
Traceback (most recent call last):
...
sensupport.errors.ValidationError: invalid SelfReview: ratings[1].item_id: item_id 'vision' is used twice in ratings; ids must be unique [self_review.rating.duplicate_id]
"""

from __future__ import annotations

import datetime as dt

import attrs

from .._validation import PRIVATE, Checked, Checks, not_blank, show, unique
from ..codes import Role, _Code
from ..errors import NotFoundError
from ..schools import School

__all__ = ["ActionStatus", "ReviewAction", "SelfReview", "StatementRating"]


class ActionStatus(_Code):
    """Where an action of a self-review's plan stands."""

    PLANNED = "planned", "Planned, not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped: no longer pursued"

    @property
    def is_open(self) -> bool:
        """True while the action is still to be done (planned or in progress)."""
        return self in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)


@attrs.frozen(kw_only=True)
class StatementRating(Checked):
    """A school's rating of one item of the framework, and its evidence.

    Args:
        item_id: A statement of the framework, or an area it rates as a whole.
        level: A whole number on the framework's scale.
        evidence: What the school rests the rating on.
    """

    item_id: str
    level: int
    evidence: str = ""

    def _check(self, checks: Checks) -> None:
        not_blank(checks, self.item_id, "item_id", "rating")


@attrs.frozen(kw_only=True)
class ReviewAction(Checked):
    """One action of a self-review's plan.

    Args:
        action_id: Unique in the review; kept from one review to the next.
        description: What is to be done.
        due_on: When it is to be done by; overdue from the day after.
        area_id: The framework area it serves, if one.
        owner_role: Who owns it, as a role.
        owner: Who owns it, in the school's words (a team, a post, a name); never
            shown, since it may name a person. One of the two is needed.
        status: Where it stands at the review.
        done_on: When it was done, if done and known.

    Raises:
        ValidationError: An id or the description is blank, no owner is given, or
            ``done_on`` is given for an action not done.
    """

    action_id: str
    description: str
    due_on: dt.date
    area_id: str | None = None
    owner_role: Role | None = None
    owner: str = attrs.field(default="", repr=False, metadata=PRIVATE)
    status: ActionStatus = ActionStatus.PLANNED
    done_on: dt.date | None = None

    def _check(self, checks: Checks) -> None:
        not_blank(checks, self.action_id, "action_id", "action")
        not_blank(checks, self.description, "description", "action")
        if self.area_id is not None:
            not_blank(checks, self.area_id, "area_id", "action")
        if self.owner_role is None and not self.owner.strip():
            checks.add(
                "owner_role",
                "action.no_owner",
                "an action needs an owner: a role (owner_role) or words (owner)",
            )
        if self.done_on is not None and self.status is not ActionStatus.DONE:
            checks.add(
                "done_on",
                "action.done_on_not_done",
                f"done_on is given but the action is {show(self.status)}",
            )

    def is_overdue(self, on: dt.date) -> bool:
        """True when the action is still open on ``on`` and was due before it."""
        return self.status.is_open and self.due_on < on


@attrs.frozen(kw_only=True)
class SelfReview(Checked):
    """A school's self-review on one date, against one framework.

    Args:
        school: The school.
        framework_id: The `ReviewFramework` it rates.
        held_on: When the review was completed; its actions stand as on this day.
        ratings: Each item rated once; an item not rated is left out of every mean.
        actions: Its action plan; ids unique.

    Raises:
        ValidationError: The framework id is blank, an item is rated twice, an
            action id repeats, or an action was done after the review.
    """

    school: School
    framework_id: str
    held_on: dt.date
    ratings: tuple[StatementRating, ...] = ()
    actions: tuple[ReviewAction, ...] = ()

    def _check(self, checks: Checks) -> None:
        not_blank(checks, self.framework_id, "framework_id", "self_review")
        unique(checks, self.ratings, "item_id", "ratings", "self_review.rating")
        unique(checks, self.actions, "action_id", "actions", "self_review.action")
        for i, action in enumerate(self.actions):
            if action.done_on is not None and action.done_on > self.held_on:
                checks.add(
                    f"actions[{i}].done_on",
                    "self_review.done_after_review",
                    f"action {show(action.action_id)} done on {show(action.done_on)}, "
                    f"after the review on {show(self.held_on)}",
                )

    def rating(self, item_id: str) -> StatementRating:
        """The rating of an item.

        Raises:
            NotFoundError: The review does not rate it.
        """
        for rating in self.ratings:
            if rating.item_id == item_id:
                return rating
        raise NotFoundError(f"the self-review does not rate {item_id!r}")

    def action(self, action_id: str) -> ReviewAction:
        """The action with this id.

        Raises:
            NotFoundError: The review's plan has no such action.
        """
        for action in self.actions:
            if action.action_id == action_id:
                return action
        raise NotFoundError(f"the self-review has no action {action_id!r}")
