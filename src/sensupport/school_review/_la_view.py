"""A local authority's view of its schools' self-reviews.

`local_authority_view` takes the self-reviews of several schools against one
framework and a date, and gives:

- each school's latest review on or before that date, its rating of each area (the
  mean of the statements it rated, exactly) and its actions open and overdue;
- for each area, the schools that rate it, lowest first (ties by school key), and
  those that do not;
- with ``measured`` figures and ``comparisons``, the schools whose self-rating and
  measured practice disagree (`Comparison` says when they do), and those that could
  not be compared for want of a rating or a figure.

Everything is exact (fractions and whole numbers) and ordered by school key, so the
same reviews always give the same view.

>>> import datetime as dt
>>> from sensupport import School
>>> from sensupport.school_review import (SelfReview, StatementRating,
...                                       send_review_guide)
>>> guide = send_review_guide()
>>> reviews = [SelfReview(school=School(urn=urn), framework_id=guide.framework_id,
...                       held_on=dt.date(2026, 5, 1),
...                       ratings=(StatementRating(item_id="vision", level=level),))
...            for urn, level in (("900001", 8), ("900002", 3))]
>>> view = local_authority_view(reviews, guide, as_of=dt.date(2026, 6, 1),
...     measured={"review_on_time": {"900001": Fraction(1, 2),
...                                  "900002": Fraction(9, 10)}},
...     comparisons=[Comparison(area_id="vision", figure="review_on_time",
...                             poor=Fraction(3, 5), good=Fraction(4, 5))])
>>> view.ranking("vision").lowest_first
(('900002', Fraction(3, 1)), ('900001', Fraction(8, 1)))
>>> [(d.school_key, d.kind.value) for d in view.disagreements]
[('900001', 'rates_high_measured_poor'), ('900002', 'rates_low_measured_good')]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from fractions import Fraction

import attrs

from .._validation import show
from ..errors import NotFoundError, Problem, ValidationError
from ..schools import School
from ._comparison import Comparison, Disagreement
from ._framework import ReviewFramework
from ._progress import _checked_reviews, overdue_actions
from ._review import SelfReview
from ._scoring import AreaRating, _area_ratings

__all__ = ["AreaRanking", "LocalAuthorityView", "SchoolRatings", "local_authority_view"]


@attrs.frozen(kw_only=True)
class SchoolRatings:
    """A school's latest self-review: its ratings by area, and its action plan."""

    school: School
    held_on: dt.date
    areas: tuple[AreaRating, ...]
    """One per area of the framework, in its order."""
    open_actions: int
    """Actions planned or in progress at the review."""
    overdue_actions: int
    """Of those, the ones past their due date on the view's ``as_of``."""

    def mean(self, area_id: str) -> Fraction | None:
        """The school's mean rating of an area; None when it rates none of it.

        Raises:
            NotFoundError: The framework has no such area.
        """
        for area in self.areas:
            if area.area_id == area_id:
                return area.mean
        raise NotFoundError(f"the framework has no area {area_id!r}")


@attrs.frozen(kw_only=True)
class AreaRanking:
    """The schools' ratings of one area, lowest first."""

    area_id: str
    lowest_first: tuple[tuple[str, Fraction], ...]
    """Each rating school's key and mean; ties in school key order."""
    unrated: tuple[str, ...]
    """The schools whose latest review rates nothing in the area."""


@attrs.frozen(kw_only=True)
class LocalAuthorityView:
    """Schools' self-reviews side by side, and against measured practice."""

    framework_id: str
    as_of: dt.date
    schools: tuple[SchoolRatings, ...]
    """Each school's latest review on or before ``as_of``, by school key."""
    rankings: tuple[AreaRanking, ...]
    """One per area of the framework, in its order."""
    disagreements: tuple[Disagreement, ...]
    """By comparison, in the order given, then by school key."""
    not_compared: tuple[tuple[str, str, str], ...]
    """(school key, area id, figure) for each school a comparison could not judge:
    the school rates nothing in the area, or has no such figure."""

    def school(self, key: str) -> SchoolRatings:
        """A school's ratings, by its `School.key`.

        Raises:
            NotFoundError: No review of that school is in the view.
        """
        for ratings in self.schools:
            if ratings.school.key == key:
                return ratings
        raise NotFoundError(f"the view holds no review of school {key!r}")

    def ranking(self, area_id: str) -> AreaRanking:
        """One area's ranking.

        Raises:
            NotFoundError: The framework has no such area.
        """
        for ranking in self.rankings:
            if ranking.area_id == area_id:
                return ranking
        raise NotFoundError(f"the framework has no area {area_id!r}")


def local_authority_view(
    reviews: Iterable[SelfReview],
    framework: ReviewFramework,
    *,
    as_of: dt.date,
    measured: Mapping[str, Mapping[str, Fraction]] | None = None,
    comparisons: Iterable[Comparison] = (),
) -> LocalAuthorityView:
    """Several schools' self-reviews against one framework, as on ``as_of``.

    Args:
        reviews: The schools' self-reviews, any number each, in any order; those
            held after ``as_of`` are left out, and of the rest each school's latest
            counts. Its earlier ones are for `review_progress`.
        framework: The framework they rate.
        as_of: The day the view is taken; actions past due before it are overdue.
        measured: sensupport's own figures for the same schools: by figure name, a
            value for each school key (`measured_shares` makes one from a metric
            split by school).
        comparisons: Which areas to set against which figures, and where a figure
            turns poor and good.

    Raises:
        ValidationError: A review does not fit the framework, a school has two on
            one day, or a comparison names an area the framework does not have
            (``comparison.unknown_area``) or a figure not in ``measured``
            (``comparison.unknown_figure``).
    """
    held = _checked_reviews(reviews, framework, as_of=as_of)
    wanted = tuple(comparisons)
    figures = {} if measured is None else measured
    _check_comparisons(wanted, framework, figures)
    latest: dict[str, SelfReview] = {r.school.key: r for r in held}  # sorted by date
    schools = tuple(
        SchoolRatings(
            school=review.school,
            held_on=review.held_on,
            areas=_area_ratings(review, framework),
            open_actions=sum(a.status.is_open for a in review.actions),
            overdue_actions=len(overdue_actions(review.actions, as_of)),
        )
        for _, review in sorted(latest.items())
    )
    rankings = tuple(
        _ranking(schools, i, area.area_id) for i, area in enumerate(framework.areas)
    )
    disagreements: list[Disagreement] = []
    not_compared: list[tuple[str, str, str]] = []
    for comparison in wanted:
        values = figures[comparison.figure]
        for ratings in schools:
            key = ratings.school.key
            rating = ratings.mean(comparison.area_id)
            value = values.get(key)
            if rating is None or value is None:
                not_compared.append((key, comparison.area_id, comparison.figure))
                continue
            kind = comparison.judge(rating, value, framework.scale)
            if kind is not None:
                disagreements.append(
                    Disagreement(
                        school_key=key,
                        area_id=comparison.area_id,
                        figure=comparison.figure,
                        rating=rating,
                        measured=value,
                        kind=kind,
                    )
                )
    return LocalAuthorityView(
        framework_id=framework.framework_id,
        as_of=as_of,
        schools=schools,
        rankings=rankings,
        disagreements=tuple(disagreements),
        not_compared=tuple(not_compared),
    )


def _ranking(
    schools: tuple[SchoolRatings, ...], index: int, area_id: str
) -> AreaRanking:
    rated = [
        (s.school.key, mean)
        for s in schools
        if (mean := s.areas[index].mean) is not None
    ]
    return AreaRanking(
        area_id=area_id,
        lowest_first=tuple(sorted(rated, key=lambda pair: (pair[1], pair[0]))),
        unrated=tuple(s.school.key for s in schools if s.areas[index].mean is None),
    )


def _check_comparisons(
    comparisons: tuple[Comparison, ...],
    framework: ReviewFramework,
    measured: Mapping[str, Mapping[str, Fraction]],
) -> None:
    areas = {a.area_id for a in framework.areas}
    problems: list[Problem] = []
    for i, comparison in enumerate(comparisons):
        if comparison.area_id not in areas:
            problems.append(
                Problem(
                    code="comparison.unknown_area",
                    message=f"area {show(comparison.area_id)} is not one of the "
                    "framework's",
                    path=f"comparisons[{i}].area_id",
                )
            )
        if comparison.figure not in measured:
            problems.append(
                Problem(
                    code="comparison.unknown_figure",
                    message=f"figure {show(comparison.figure)} is not among the "
                    "measured figures given",
                    path=f"comparisons[{i}].figure",
                )
            )
    if problems:
        raise ValidationError(problems, summary="invalid comparisons")
