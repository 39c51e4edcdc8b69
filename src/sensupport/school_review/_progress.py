"""One school's self-reviews over time, followed as a support plan is.

`review_progress` takes a school's self-reviews and a date and gives, per area, the
rating at each review (`AreaRating.mean`), the change from the one before the latest
to the latest, and whether that is improving, steady or declining; the actions of
the latest review still open and past their due date on that day, with the days
overdue; and the actions open at both of the last two reviews (carried over).
Reviews held after ``as_of`` are left out: the view is what was known on that day.

>>> import datetime as dt
>>> from sensupport import Role, School
>>> from sensupport.school_review import (ReviewAction, SelfReview, StatementRating,
...                                       send_review_guide)
>>> guide = send_review_guide()
>>> school = School(urn="900001")
>>> plan = ReviewAction(action_id="A1", description="Map provision",
...                     owner_role=Role.SENCO, due_on=dt.date(2026, 1, 31))
>>> autumn = SelfReview(school=school, framework_id=guide.framework_id,
...                     held_on=dt.date(2025, 10, 1), actions=(plan,),
...                     ratings=(StatementRating(item_id="vision", level=4),))
>>> summer = SelfReview(school=school, framework_id=guide.framework_id,
...                     held_on=dt.date(2026, 6, 1), actions=(plan,),
...                     ratings=(StatementRating(item_id="vision", level=6),))
>>> progress = review_progress([summer, autumn], guide, as_of=dt.date(2026, 6, 10))
>>> vision = progress.area("vision")
>>> vision.means, vision.change, vision.trend
((Fraction(4, 1), Fraction(6, 1)), Fraction(2, 1), <AreaTrend.IMPROVING: 'improving'>)
>>> [(a.action_id, a.days_overdue) for a in progress.overdue], progress.carried_over
([('A1', 130)], ('A1',))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from fractions import Fraction

import attrs

from .._validation import show
from ..codes import Role, _Code
from ..errors import NotFoundError, Problem, ValidationError
from ..schools import School
from ._framework import ReviewFramework
from ._review import ActionStatus, ReviewAction, SelfReview
from ._scoring import _area_ratings, _self_review_problems

__all__ = [
    "AreaProgress",
    "AreaTrend",
    "OverdueAction",
    "ReviewProgress",
    "overdue_actions",
    "review_progress",
]


class AreaTrend(_Code):
    """How an area's rating moved from one self-review to the next."""

    IMPROVING = "improving", "Rated higher than at the review before"
    STEADY = "steady", "Rated the same as at the review before"
    DECLINING = "declining", "Rated lower than at the review before"


@attrs.frozen(kw_only=True)
class AreaProgress:
    """One area's rating at each review, oldest first.

    ``change`` is the latest review's mean less the one before's, and ``trend`` its
    sign; both None with fewer than two reviews or when either does not rate the
    area.
    """

    area_id: str
    means: tuple[Fraction | None, ...]
    change: Fraction | None
    trend: AreaTrend | None


@attrs.frozen(kw_only=True)
class OverdueAction:
    """An action still open and past its due date on a day."""

    action_id: str
    area_id: str | None
    owner_role: Role | None
    status: ActionStatus
    due_on: dt.date
    days_overdue: int


@attrs.frozen(kw_only=True)
class ReviewProgress:
    """A school's self-reviews followed over time, as on ``as_of``."""

    school: School
    as_of: dt.date
    held_on: tuple[dt.date, ...]
    """The dates of the reviews counted, oldest first."""
    areas: tuple[AreaProgress, ...]
    """One per area of the framework, in its order."""
    overdue: tuple[OverdueAction, ...]
    """The latest review's actions overdue on ``as_of``: most overdue first."""
    carried_over: tuple[str, ...]
    """Actions open at both of the last two reviews, by id."""

    def area(self, area_id: str) -> AreaProgress:
        """One area's progress.

        Raises:
            NotFoundError: The framework has no such area.
        """
        for area in self.areas:
            if area.area_id == area_id:
                return area
        raise NotFoundError(f"the framework has no area {area_id!r}")


def overdue_actions(
    actions: Iterable[ReviewAction], as_of: dt.date
) -> tuple[OverdueAction, ...]:
    """The actions still open (planned or in progress) and due before ``as_of``,
    most overdue first, then by id."""
    found = [
        OverdueAction(
            action_id=a.action_id,
            area_id=a.area_id,
            owner_role=a.owner_role,
            status=a.status,
            due_on=a.due_on,
            days_overdue=(as_of - a.due_on).days,
        )
        for a in actions
        if a.is_overdue(as_of)
    ]
    return tuple(sorted(found, key=lambda a: (-a.days_overdue, a.action_id)))


def review_progress(
    reviews: Iterable[SelfReview], framework: ReviewFramework, *, as_of: dt.date
) -> ReviewProgress:
    """A school's self-reviews over time, as on ``as_of``.

    Args:
        reviews: The school's self-reviews, in any order.
        framework: The framework they rate.
        as_of: The day to judge actions overdue on; later reviews are left out.

    Raises:
        ValidationError: No review was held on or before ``as_of``
            (``progress.no_review``); the reviews are of more than one school
            (``progress.other_school``) or two on one day (``progress.same_day``);
            or a review does not fit the framework (`check_self_review`).
    """
    held = _checked_reviews(reviews, framework, as_of=as_of)
    if not held:
        raise ValidationError(
            [
                Problem(
                    code="progress.no_review",
                    message=f"no self-review was held on or before {show(as_of)}",
                )
            ],
            summary="no progress to follow",
        )
    schools = {r.school.key for r in held}
    if len(schools) > 1:
        raise ValidationError(
            [
                Problem(
                    code="progress.other_school",
                    message=f"the reviews are of {len(schools)} schools "
                    f"({', '.join(sorted(schools))}); progress follows one",
                    path="reviews",
                )
            ],
            summary="invalid reviews",
        )
    ratings = [_area_ratings(r, framework) for r in held]
    areas: list[AreaProgress] = []
    for i, area in enumerate(framework.areas):
        means = tuple(found[i].mean for found in ratings)
        change = None
        if len(means) >= 2:
            previous, last = means[-2], means[-1]
            if previous is not None and last is not None:
                change = last - previous
        areas.append(
            AreaProgress(
                area_id=area.area_id, means=means, change=change, trend=_trend(change)
            )
        )
    latest = held[-1]
    carried: tuple[str, ...] = ()
    if len(held) >= 2:
        before = {a.action_id for a in held[-2].actions if a.status.is_open}
        carried = tuple(
            sorted(
                a.action_id
                for a in latest.actions
                if a.status.is_open and a.action_id in before
            )
        )
    return ReviewProgress(
        school=latest.school,
        as_of=as_of,
        held_on=tuple(r.held_on for r in held),
        areas=tuple(areas),
        overdue=overdue_actions(latest.actions, as_of),
        carried_over=carried,
    )


def _trend(change: Fraction | None) -> AreaTrend | None:
    if change is None:
        return None
    if change > 0:
        return AreaTrend.IMPROVING
    return AreaTrend.DECLINING if change < 0 else AreaTrend.STEADY


def _checked_reviews(
    reviews: Iterable[SelfReview], framework: ReviewFramework, *, as_of: dt.date
) -> list[SelfReview]:
    """The reviews held on or before ``as_of``, each checked against ``framework``,
    by school key and then date.

    Raises:
        ValidationError: A review does not fit the framework, or a school has two
            reviews on one day; every problem, with the review's place in the input.
    """
    problems: list[Problem] = []
    kept: dict[tuple[str, dt.date], int] = {}
    held: list[SelfReview] = []
    for i, review in enumerate(reviews):
        if review.held_on > as_of:
            continue
        problems += _self_review_problems(review, framework, f"reviews[{i}]")
        key = (review.school.key, review.held_on)
        if key in kept:
            problems.append(
                Problem(
                    code="progress.same_day",
                    message=f"school {review.school.key} has two self-reviews on "
                    f"{show(review.held_on)} (reviews[{kept[key]}] and this one); "
                    "which is the latest cannot be told",
                    path=f"reviews[{i}].held_on",
                )
            )
        kept[key] = i
        held.append(review)
    if problems:
        raise ValidationError(problems, summary="invalid self-reviews")
    return sorted(held, key=lambda r: (r.school.key, r.held_on))
