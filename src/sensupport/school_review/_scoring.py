"""A self-review against its framework: checked, then rated area by area.

An area's rating is the mean of the levels of its statements the review rates,
exactly (a `~fractions.Fraction`); a statement left unrated is left out, not counted
as the lowest level, and ``rated`` says how many stand behind the mean. An area
rated as a whole has its one level. An area the review does not rate has no mean.

>>> import datetime as dt
>>> from sensupport import School
>>> from sensupport.school_review import (ReviewArea, ReviewFramework, ReviewSource,
...                                       ReviewStatement, SelfReview, StatementRating)
>>> framework = ReviewFramework(
...     framework_id="la", name="LA self-evaluation", source_id="la",
...     sources=(ReviewSource(source_id="la", title="LA guide"),),
...     areas=(ReviewArea(area_id="lead", title="Leadership", statements=(
...                ReviewStatement(statement_id="L1", text="One"),
...                ReviewStatement(statement_id="L2", text="Two"),
...                ReviewStatement(statement_id="L3", text="Three"))),
...            ReviewArea(area_id="vision", title="Vision")))
>>> review = SelfReview(school=School(urn="900001"), framework_id="la",
...                     held_on=dt.date(2025, 10, 1),
...                     ratings=(StatementRating(item_id="L1", level=6),
...                              StatementRating(item_id="L2", level=7)))
>>> area_ratings(review, framework)
(AreaRating(area_id='lead', mean=Fraction(13, 2), rated=2, items=3), AreaRating(area_id='vision', mean=None, rated=0, items=1))
>>> check_self_review(attrs.evolve(review, ratings=(
...     StatementRating(item_id="lead", level=11),)), framework)
Traceback (most recent call last):
...
sensupport.errors.ValidationError: invalid SelfReview for framework 'la': 2 problems
  - ratings[0].item_id: 'lead' is an area with statements: rate its statements [self_review.area_has_statements]
  - ratings[0].level: level 11 is outside the framework's scale, 1 to 10 [self_review.level_out_of_scale]
"""

from __future__ import annotations

from fractions import Fraction

import attrs

from .._validation import show
from ..errors import Problem, ValidationError
from ._framework import ReviewFramework
from ._review import SelfReview

__all__ = ["AreaRating", "area_ratings", "check_self_review"]


@attrs.frozen(kw_only=True)
class AreaRating:
    """One area's rating in one self-review.

    ``mean`` is None when none of its items is rated; ``items`` counts what could be
    rated in it (its statements, or 1 for an area rated as a whole).
    """

    area_id: str
    mean: Fraction | None
    rated: int
    items: int


def _self_review_problems(
    review: SelfReview, framework: ReviewFramework, path: str = ""
) -> list[Problem]:
    """Every way ``review`` does not fit ``framework``, each with its path."""
    found: list[Problem] = []

    def add(where: str, code: str, message: str) -> None:
        found.append(Problem(code=code, message=message, path=where).at(path))

    if review.framework_id != framework.framework_id:
        add(
            "framework_id",
            "self_review.other_framework",
            f"the review rates framework {show(review.framework_id)}, not "
            f"{show(framework.framework_id)}",
        )
        return found  # nothing else can be judged against the wrong framework
    items = framework.rated_items()
    areas = {a.area_id for a in framework.areas}
    scale = framework.scale
    for i, rating in enumerate(review.ratings):
        if rating.item_id not in items:
            if rating.item_id in areas:
                add(
                    f"ratings[{i}].item_id",
                    "self_review.area_has_statements",
                    f"{show(rating.item_id)} is an area with statements: rate its "
                    "statements",
                )
            else:
                add(
                    f"ratings[{i}].item_id",
                    "self_review.unknown_item",
                    f"{show(rating.item_id)} is neither a statement of the framework "
                    "nor an area it rates as a whole",
                )
        if not scale.contains(rating.level):
            add(
                f"ratings[{i}].level",
                "self_review.level_out_of_scale",
                f"level {rating.level} is outside the framework's scale, "
                f"{scale.lowest} to {scale.highest}",
            )
    for i, action in enumerate(review.actions):
        if action.area_id is not None and action.area_id not in areas:
            add(
                f"actions[{i}].area_id",
                "self_review.unknown_area",
                f"action {show(action.action_id)} names area "
                f"{show(action.area_id)}, which the framework does not have",
            )
    return found


def check_self_review(review: SelfReview, framework: ReviewFramework) -> None:
    """Check that ``review`` rates ``framework``: its id, every item rated one of
    the framework's (a statement, or an area rated as a whole), every level on its
    scale, every action's area one of its areas.

    Raises:
        ValidationError: Listing every problem found.
    """
    problems = _self_review_problems(review, framework)
    if problems:
        raise ValidationError(
            problems,
            summary=f"invalid SelfReview for framework {framework.framework_id!r}",
        )


def area_ratings(
    review: SelfReview, framework: ReviewFramework
) -> tuple[AreaRating, ...]:
    """Each area's rating in ``review``, in the framework's order.

    Raises:
        ValidationError: The review does not fit the framework (`check_self_review`).
    """
    check_self_review(review, framework)
    return _area_ratings(review, framework)


def _area_ratings(
    review: SelfReview, framework: ReviewFramework
) -> tuple[AreaRating, ...]:
    """As `area_ratings`, for a review already checked."""
    levels: dict[str, list[int]] = {a.area_id: [] for a in framework.areas}
    items = framework.rated_items()
    for rating in review.ratings:
        levels[items[rating.item_id]].append(rating.level)
    return tuple(
        AreaRating(
            area_id=area.area_id,
            mean=Fraction(sum(found), len(found)) if found else None,
            rated=len(found),
            items=max(len(area.statements), 1),
        )
        for area in framework.areas
        for found in (levels[area.area_id],)
    )
