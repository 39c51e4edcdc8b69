"""Hypothesis strategies for the whole-school SEND review (requires hypothesis)."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from ..codes import Role
from ..school_review import (
    ActionStatus,
    RatingScale,
    ReviewAction,
    ReviewArea,
    ReviewFramework,
    ReviewSource,
    ReviewStage,
    ReviewStatement,
    ScaleLevel,
    SelfReview,
    StatementRating,
)
from ..schools import School
from ._model import _free_text, _ids, dates, schools

__all__ = ["review_frameworks", "self_reviews"]


@st.composite
def _scale(draw: st.DrawFn, source_ids: tuple[str, ...]) -> RatingScale:
    lowest = draw(st.integers(min_value=0, max_value=3))
    highest = lowest + draw(st.integers(min_value=1, max_value=10))
    levels = draw(
        st.lists(st.integers(min_value=lowest, max_value=highest), unique=True)
    )
    return RatingScale(
        lowest=lowest,
        highest=highest,
        labels=tuple(
            ScaleLevel(level=n, label=draw(_free_text(blank=False))) for n in levels
        ),
        confirmed=draw(st.booleans()),
        source_id=draw(st.none() | st.sampled_from(source_ids)),
        note=draw(_free_text()),
    )


@st.composite
def _framework(draw: st.DrawFn, max_areas: int) -> ReviewFramework:
    source_ids = tuple(draw(st.lists(_ids, unique=True, min_size=1, max_size=3)))
    sources = tuple(
        ReviewSource(
            source_id=i,
            title=draw(_free_text(blank=False)),
            publisher=draw(_free_text()),
            year=draw(st.none() | st.integers(min_value=1990, max_value=2040)),
            url=draw(st.none() | st.just(f"https://example.org/{n}")),
            confirmed=draw(st.booleans()),
            note=draw(_free_text()),
        )
        for n, i in enumerate(source_ids)
    )
    named = st.none() | st.sampled_from(source_ids)
    # Areas and statements share one set of ids: a rating names either.
    sizes = draw(
        st.lists(st.integers(min_value=0, max_value=3), min_size=1, max_size=max_areas)
    )
    item_ids = iter(
        draw(st.lists(_ids, unique=True, min_size=len(sizes) + sum(sizes)).map(tuple))
    )
    areas = tuple(
        ReviewArea(
            area_id=next(item_ids),
            title=draw(_free_text(blank=False)),
            statements=tuple(
                ReviewStatement(
                    statement_id=next(item_ids),
                    text=draw(_free_text(blank=False)),
                    confirmed=draw(st.booleans()),
                    source_id=draw(named),
                )
                for _ in range(size)
            ),
            confirmed=draw(st.booleans()),
            source_id=draw(named),
            note=draw(_free_text()),
        )
        for size in sizes
    )
    stages = tuple(
        ReviewStage(
            number=n,
            name=draw(_free_text(blank=False)),
            text=draw(_free_text()),
            confirmed=draw(st.booleans()),
            source_id=draw(named),
        )
        for n in range(1, draw(st.integers(min_value=0, max_value=3)) + 1)
    )
    return ReviewFramework(
        framework_id=draw(_ids),
        name=draw(_free_text(blank=False)),
        source_id=draw(st.sampled_from(source_ids)),
        sources=sources,
        areas=areas,
        scale=draw(_scale(source_ids)),
        stages=stages,
    )


def review_frameworks(*, max_areas: int = 4) -> st.SearchStrategy[ReviewFramework]:
    """Valid frameworks: one to three sources, one to ``max_areas`` areas of up to
    three statements each (some rated as a whole), a scale of 2 to 11 levels with
    some labelled, and up to three stages; every part names one of the sources or
    none."""
    return _framework(max_areas)


@st.composite
def _action(
    draw: st.DrawFn, action_id: str, area_ids: tuple[str, ...], held_on: dt.date
) -> ReviewAction:
    status = draw(st.sampled_from(ActionStatus))
    role = draw(st.none() | st.sampled_from(Role))
    done = status is ActionStatus.DONE and draw(st.booleans())
    return ReviewAction(
        action_id=action_id,
        description=draw(_free_text(blank=False)),
        due_on=draw(dates(min_value=held_on - dt.timedelta(days=365))),
        area_id=draw(st.none() | st.sampled_from(area_ids)),
        owner_role=role,
        owner=draw(_free_text(blank=role is not None)),
        status=status,
        done_on=draw(
            dates(max_value=held_on, min_value=held_on - dt.timedelta(days=365))
        )
        if done
        else None,
    )


@st.composite
def _self_review(
    draw: st.DrawFn,
    framework: st.SearchStrategy[ReviewFramework],
    school: st.SearchStrategy[School],
    held_on: st.SearchStrategy[dt.date],
) -> SelfReview:
    chosen = draw(framework)
    scale = chosen.scale
    on = draw(held_on)
    items = draw(st.lists(st.sampled_from(tuple(chosen.rated_items())), unique=True))
    ratings = tuple(
        StatementRating(
            item_id=item,
            level=draw(st.integers(min_value=scale.lowest, max_value=scale.highest)),
            evidence=draw(_free_text()),
        )
        for item in items
    )
    area_ids = tuple(a.area_id for a in chosen.areas)
    action_ids = draw(st.lists(_ids, unique=True, max_size=4))
    return SelfReview(
        school=draw(school),
        framework_id=chosen.framework_id,
        held_on=on,
        ratings=ratings,
        actions=tuple(draw(_action(i, area_ids, on)) for i in action_ids),
    )


def self_reviews(
    *,
    framework: ReviewFramework | None = None,
    school: st.SearchStrategy[School] | None = None,
    held_on: st.SearchStrategy[dt.date] | None = None,
) -> st.SearchStrategy[SelfReview]:
    """Valid self-reviews that fit ``framework`` (`check_self_review` passes): some
    of its items rated at levels of its scale, and up to four actions, some done,
    some dropped, some due before the review.

    Args:
        framework: The framework rated; a drawn one (`review_frameworks`) if None.
        school: The school; any school by default.
        held_on: When the review was held; a date from 2015 by default.
    """
    return _self_review(
        review_frameworks() if framework is None else st.just(framework),
        schools() if school is None else school,
        dates(min_value=dt.date(2015, 9, 1)) if held_on is None else held_on,
    )
