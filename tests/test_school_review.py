"""The whole-school SEND review: frameworks, self-reviews, progress and the LA view."""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction as F
from importlib import resources

import attrs
import pytest
from hypothesis import given

from sensupport import Role, School, ValidationError, dumps, loads
from sensupport.school_review import (
    SEND_REVIEW_GUIDE_PATH,
    ActionStatus,
    AreaProgress,
    AreaRanking,
    AreaRating,
    AreaTrend,
    Comparison,
    Disagreement,
    DisagreementKind,
    FigureDirection,
    LocalAuthorityView,
    OverdueAction,
    RatingScale,
    ReviewAction,
    ReviewArea,
    ReviewFramework,
    ReviewProgress,
    ReviewSource,
    ReviewStatement,
    ScaleLevel,
    SchoolRatings,
    SelfReview,
    StatementRating,
    area_ratings,
    check_self_review,
    load_review_framework,
    local_authority_view,
    review_progress,
    send_review_guide,
)
from sensupport.testing._school_review import review_frameworks, self_reviews

# --- a local authority's own framework, as it would write it ------------------------

LA_FRAMEWORK = json.dumps(
    {
        "schema_version": 1,
        "type": "ReviewFramework",
        "data": {
            "framework_id": "test-la-2026",
            "name": "Test LA whole-school SEND self-evaluation",
            "source_id": "test-la",
            "sources": [{"source_id": "test-la", "title": "Test LA guide"}],
            "areas": [
                {
                    "area_id": "leadership",
                    "title": "Leadership",
                    "statements": [
                        {"statement_id": "L1", "text": "Statement L1"},
                        {"statement_id": "L2", "text": "Statement L2"},
                        {"statement_id": "L3", "text": "Statement L3"},
                    ],
                },
                {
                    "area_id": "reviewing",
                    "title": "Reviewing",
                    "statements": [
                        {"statement_id": "R1", "text": "Statement R1"},
                        {"statement_id": "R2", "text": "Statement R2"},
                    ],
                },
                {"area_id": "vision", "title": "Vision"},
                {"area_id": "partnership", "title": "Partnership"},
            ],
        },
    }
)
FRAMEWORK = load_review_framework(LA_FRAMEWORK)

A = School(urn="900001", name="Ash Primary")
B = School(urn="900002", name="Beech Primary")
C = School(la="801", estab="2000", name="Cedar Academy")
AUTUMN = dt.date(2025, 10, 1)
AS_OF = dt.date(2026, 6, 1)


def rated(**levels: int) -> tuple[StatementRating, ...]:
    return tuple(StatementRating(item_id=k, level=v) for k, v in levels.items())


def action(
    action_id: str,
    due_on: dt.date,
    status: ActionStatus = ActionStatus.PLANNED,
    done_on: dt.date | None = None,
    area_id: str | None = None,
) -> ReviewAction:
    return ReviewAction(
        action_id=action_id,
        description=f"Action {action_id}",
        due_on=due_on,
        area_id=area_id,
        owner_role=Role.SENCO,
        status=status,
        done_on=done_on,
    )


def review(
    school: School,
    held_on: dt.date,
    ratings: tuple[StatementRating, ...],
    *actions: ReviewAction,
) -> SelfReview:
    return SelfReview(
        school=school,
        framework_id="test-la-2026",
        held_on=held_on,
        ratings=ratings,
        actions=actions,
    )


REVIEWS = [
    # Ash: rates itself up, a training action overdue and carried over.
    review(
        A,
        AUTUMN,
        rated(L1=5, L2=6, L3=7, R1=8, R2=8, vision=5),
        action("A-1", dt.date(2026, 3, 31), area_id="leadership"),
        action("A-3", dt.date(2026, 1, 31)),
    ),
    review(
        A,
        dt.date(2026, 5, 1),
        rated(L1=7, L2=7, L3=8, R1=9, R2=8, vision=5, partnership=7),
        action(
            "A-1", dt.date(2026, 3, 31), ActionStatus.IN_PROGRESS, area_id="leadership"
        ),
        action("A-2", dt.date(2026, 7, 31)),
        action("A-3", dt.date(2026, 1, 31), ActionStatus.DONE, dt.date(2026, 2, 1)),
    ),
    # Beech: rates itself low; leaves L3 unrated at its second review.
    review(B, AUTUMN, rated(L1=4, L2=4, L3=4, R1=3, R2=5, vision=6)),
    review(
        B,
        dt.date(2026, 5, 1),
        rated(L1=3, L2=5, R1=3, R2=4, vision=5),
        action("B-1", dt.date(2026, 1, 15)),
        action("B-2", dt.date(2025, 12, 1), ActionStatus.DROPPED),
    ),
    # Cedar: first rates no reviewing statement; a third review after the view's day.
    review(
        C,
        AUTUMN,
        rated(L1=6, L2=6, L3=6, vision=9),
        action("C-1", dt.date(2026, 5, 31)),
        action("C-4", dt.date(2026, 3, 1)),
    ),
    review(
        C,
        dt.date(2026, 4, 15),
        rated(L1=5, L2=5, L3=5, R1=9, R2=10, vision=8),
        action("C-1", dt.date(2026, 5, 31), ActionStatus.IN_PROGRESS),
        action("C-2", dt.date(2026, 5, 31)),
        action("C-3", dt.date(2026, 6, 1)),
        action("C-4", dt.date(2026, 3, 1), ActionStatus.DONE),
    ),
    review(C, dt.date(2026, 7, 1), rated(L1=1, L2=1, L3=1, vision=1)),
]

MEASURED = {
    "review_on_time": {
        "900001": F(1, 2),
        "900002": F(9, 10),
        "801/2000": F(4, 5),
        "900099": F(0),  # a school with no review: not in the view
    },
    "overdue_share": {"900001": F(3, 10), "801/2000": F(0)},
}
COMPARISONS = (
    Comparison(
        area_id="reviewing", figure="review_on_time", poor=F(3, 5), good=F(4, 5)
    ),
    Comparison(
        area_id="leadership",
        figure="overdue_share",
        poor=F(1, 4),
        good=F(1, 10),
        direction=FigureDirection.LOWER_IS_BETTER,
    ),
)


def ratings(*areas: tuple[str, F | None, int, int]) -> tuple[AreaRating, ...]:
    return tuple(
        AreaRating(area_id=a, mean=m, rated=r, items=n) for a, m, r, n in areas
    )


# --- the local authority's view, every number -------------------------------------


def test_three_schools_give_the_local_authority_view_exactly() -> None:
    view = local_authority_view(
        reversed(REVIEWS),
        FRAMEWORK,
        as_of=AS_OF,
        measured=MEASURED,
        comparisons=COMPARISONS,
    )
    assert view == LocalAuthorityView(
        framework_id="test-la-2026",
        as_of=AS_OF,
        schools=(
            SchoolRatings(
                school=C,
                held_on=dt.date(2026, 4, 15),
                areas=ratings(
                    ("leadership", F(5), 3, 3),
                    ("reviewing", F(19, 2), 2, 2),
                    ("vision", F(8), 1, 1),
                    ("partnership", None, 0, 1),
                ),
                open_actions=3,
                overdue_actions=2,
            ),
            SchoolRatings(
                school=A,
                held_on=dt.date(2026, 5, 1),
                areas=ratings(
                    ("leadership", F(22, 3), 3, 3),
                    ("reviewing", F(17, 2), 2, 2),
                    ("vision", F(5), 1, 1),
                    ("partnership", F(7), 1, 1),
                ),
                open_actions=2,
                overdue_actions=1,
            ),
            SchoolRatings(
                school=B,
                held_on=dt.date(2026, 5, 1),
                areas=ratings(
                    ("leadership", F(4), 2, 3),
                    ("reviewing", F(7, 2), 2, 2),
                    ("vision", F(5), 1, 1),
                    ("partnership", None, 0, 1),
                ),
                open_actions=1,
                overdue_actions=1,
            ),
        ),
        rankings=(
            AreaRanking(
                area_id="leadership",
                lowest_first=(
                    ("900002", F(4)),
                    ("801/2000", F(5)),
                    ("900001", F(22, 3)),
                ),
                unrated=(),
            ),
            AreaRanking(
                area_id="reviewing",
                lowest_first=(
                    ("900002", F(7, 2)),
                    ("900001", F(17, 2)),
                    ("801/2000", F(19, 2)),
                ),
                unrated=(),
            ),
            AreaRanking(  # a tie, broken by school key
                area_id="vision",
                lowest_first=(("900001", F(5)), ("900002", F(5)), ("801/2000", F(8))),
                unrated=(),
            ),
            AreaRanking(
                area_id="partnership",
                lowest_first=(("900001", F(7)),),
                unrated=("801/2000", "900002"),
            ),
        ),
        disagreements=(
            Disagreement(
                school_key="900001",
                area_id="reviewing",
                figure="review_on_time",
                rating=F(17, 2),
                measured=F(1, 2),
                kind=DisagreementKind.RATES_HIGH_MEASURED_POOR,
            ),
            Disagreement(
                school_key="900002",
                area_id="reviewing",
                figure="review_on_time",
                rating=F(7, 2),
                measured=F(9, 10),
                kind=DisagreementKind.RATES_LOW_MEASURED_GOOD,
            ),
            Disagreement(
                school_key="900001",
                area_id="leadership",
                figure="overdue_share",
                rating=F(22, 3),
                measured=F(3, 10),
                kind=DisagreementKind.RATES_HIGH_MEASURED_POOR,
            ),
        ),
        not_compared=(("900002", "leadership", "overdue_share"),),
    )
    assert view.school("900002").mean("leadership") == 4
    assert view.ranking("vision").lowest_first[0] == ("900001", 5)


def test_the_view_does_not_depend_on_the_order_of_the_reviews() -> None:
    first = local_authority_view(REVIEWS, FRAMEWORK, as_of=AS_OF)
    assert local_authority_view(REVIEWS[::-1], FRAMEWORK, as_of=AS_OF) == first
    assert first.disagreements == first.not_compared == ()


def test_an_earlier_day_sees_only_the_reviews_held_by_then() -> None:
    view = local_authority_view(REVIEWS, FRAMEWORK, as_of=dt.date(2026, 1, 1))
    assert [(s.school.key, s.held_on) for s in view.schools] == [
        ("801/2000", AUTUMN),
        ("900001", AUTUMN),
        ("900002", AUTUMN),
    ]
    # Ash's A-3 (due 31 January) is not yet overdue on 1 January.
    assert [s.overdue_actions for s in view.schools] == [0, 0, 0]
    assert view.ranking("reviewing") == AreaRanking(
        area_id="reviewing",
        lowest_first=(("900002", F(4)), ("900001", F(8))),
        unrated=("801/2000",),
    )


def test_thresholds_are_inclusive_where_documented() -> None:
    scale = FRAMEWORK.scale
    assert (scale.high_from, scale.low_to) == (7, 4)
    higher = COMPARISONS[0]
    assert (
        higher.judge(F(7), F(59, 100), scale)
        is DisagreementKind.RATES_HIGH_MEASURED_POOR
    )
    assert higher.judge(F(7), F(3, 5), scale) is None  # not below poor
    assert (
        higher.judge(F(4), F(4, 5), scale) is DisagreementKind.RATES_LOW_MEASURED_GOOD
    )
    assert higher.judge(F(41, 10), F(1), scale) is None  # above the bottom third
    lower = COMPARISONS[1]
    assert lower.judge(F(7), F(1, 4), scale) is None  # not above poor
    assert (
        lower.judge(F(1), F(1, 10), scale) is DisagreementKind.RATES_LOW_MEASURED_GOOD
    )


# --- one school over time -----------------------------------------------------------


def test_progress_of_a_school_that_rates_itself_up() -> None:
    progress = review_progress(REVIEWS[:2], FRAMEWORK, as_of=AS_OF)
    assert progress == ReviewProgress(
        school=A,
        as_of=AS_OF,
        held_on=(AUTUMN, dt.date(2026, 5, 1)),
        areas=(
            AreaProgress(
                area_id="leadership",
                means=(F(6), F(22, 3)),
                change=F(4, 3),
                trend=AreaTrend.IMPROVING,
            ),
            AreaProgress(
                area_id="reviewing",
                means=(F(8), F(17, 2)),
                change=F(1, 2),
                trend=AreaTrend.IMPROVING,
            ),
            AreaProgress(
                area_id="vision",
                means=(F(5), F(5)),
                change=F(0),
                trend=AreaTrend.STEADY,
            ),
            AreaProgress(
                area_id="partnership", means=(None, F(7)), change=None, trend=None
            ),
        ),
        overdue=(
            OverdueAction(
                action_id="A-1",
                area_id="leadership",
                owner_role=Role.SENCO,
                status=ActionStatus.IN_PROGRESS,
                due_on=dt.date(2026, 3, 31),
                days_overdue=62,
            ),
        ),
        carried_over=("A-1",),
    )


def test_progress_declining_with_the_later_review_left_out() -> None:
    progress = review_progress(REVIEWS[4:], FRAMEWORK, as_of=AS_OF)
    assert progress.held_on == (AUTUMN, dt.date(2026, 4, 15))
    assert [(a.means, a.change, a.trend) for a in progress.areas] == [
        ((F(6), F(5)), F(-1), AreaTrend.DECLINING),
        ((None, F(19, 2)), None, None),
        ((F(9), F(8)), F(-1), AreaTrend.DECLINING),
        ((None, None), None, None),
    ]
    # Due the day before: one day overdue, ties by id; due on the day: not yet.
    assert [(a.action_id, a.days_overdue) for a in progress.overdue] == [
        ("C-1", 1),
        ("C-2", 1),
    ]
    assert progress.carried_over == ("C-1",)  # C-4 was done, C-2 is new


def test_progress_of_a_single_review_and_of_beech() -> None:
    only = review_progress(REVIEWS[2:3], FRAMEWORK, as_of=AS_OF)
    assert only.carried_over == ()
    assert only.overdue == ()
    assert all(a.change is None and a.trend is None for a in only.areas)
    beech = review_progress(REVIEWS[2:4], FRAMEWORK, as_of=AS_OF)
    assert [a.trend for a in beech.areas] == [
        AreaTrend.STEADY,
        AreaTrend.DECLINING,
        AreaTrend.DECLINING,
        None,
    ]
    assert [(a.action_id, a.days_overdue) for a in beech.overdue] == [("B-1", 137)]
    assert beech.area("reviewing").change == F(-1, 2)


# --- what is refused, and with which code -----------------------------------------


def codes(error: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [p.code for p in error.value.problems]


def test_a_framework_refuses_repeated_ids_unknown_sources_and_no_areas() -> None:
    source = ReviewSource(source_id="s", title="S")
    area = ReviewArea(
        area_id="x",
        title="X",
        statements=(ReviewStatement(statement_id="x", text="T", source_id="nowhere"),),
    )
    with pytest.raises(ValidationError) as error:
        ReviewFramework(
            framework_id="f",
            name="F",
            source_id="t",
            sources=(source, source),
            areas=(area,),
        )
    assert codes(error) == [
        "framework.source.duplicate_id",
        "framework.duplicate_item",
        "framework.unknown_source",
        "framework.unknown_source",
    ]
    with pytest.raises(ValidationError) as error:
        ReviewFramework(
            framework_id=" ", name="F", source_id="s", sources=(source,), areas=()
        )
    assert codes(error) == ["framework.blank", "framework.no_areas"]
    with pytest.raises(ValidationError) as error:
        ReviewArea(
            area_id="a",
            title="",
            statements=(ReviewStatement(statement_id="s", text="T"),) * 2,
        )
    assert codes(error) == ["area.blank", "area.statement.duplicate_id"]


def test_a_scale_refuses_a_bad_range_and_labels() -> None:
    with pytest.raises(ValidationError) as error:
        RatingScale(
            lowest=1,
            highest=4,
            labels=(
                ScaleLevel(level=2, label="Developing"),
                ScaleLevel(level=2, label="Again"),
                ScaleLevel(level=5, label="Beyond"),
            ),
        )
    assert codes(error) == ["scale.label.duplicate_id", "scale.label_out_of_range"]
    with pytest.raises(ValidationError) as error:
        RatingScale(lowest=3, highest=2)
    assert codes(error) == ["scale.range"]
    with pytest.raises(ValidationError) as error:
        ScaleLevel(level=1, label=" ")
    assert codes(error) == ["scale_level.blank"]


def test_an_action_needs_an_owner_and_a_done_date_only_when_done() -> None:
    with pytest.raises(ValidationError) as error:
        ReviewAction(
            action_id="A",
            description="D",
            due_on=AUTUMN,
            owner=" ",
            done_on=AUTUMN,
        )
    assert codes(error) == ["action.no_owner", "action.done_on_not_done"]
    by_words = ReviewAction(
        action_id="A", description="D", due_on=AUTUMN, owner="SEND governor"
    )
    assert by_words.owner_role is None


def test_an_owners_words_are_never_shown() -> None:
    named = ReviewAction(
        action_id="A", description="D", due_on=AUTUMN, owner="Mrs Jane Example"
    )
    assert "Jane" not in repr(named)
    with pytest.raises(ValidationError) as error:
        ReviewAction(action_id="A", description="D", due_on=AUTUMN, owner=42)  # type: ignore[arg-type]
    assert "42" not in str(error.value)
    text = dumps(named).replace('"Mrs Jane Example"', '["Mrs Jane Example"]')
    with pytest.raises(ValidationError) as error:
        loads(text)
    assert "Jane" not in str(error.value)


def test_a_self_review_refuses_repeats_and_actions_done_after_it() -> None:
    with pytest.raises(ValidationError) as error:
        review(
            A,
            AUTUMN,
            rated(L1=5) * 2,
            action("A-1", AUTUMN, ActionStatus.DONE, AUTUMN + dt.timedelta(days=1)),
            action("A-1", AUTUMN),
        )
    assert codes(error) == [
        "self_review.rating.duplicate_id",
        "self_review.action.duplicate_id",
        "self_review.done_after_review",
    ]


def test_a_review_is_checked_against_its_framework() -> None:
    wrong = review(
        A,
        AUTUMN,
        rated(leadership=5, nowhere=5, L1=0, vision=11),
        action("A-1", AUTUMN, area_id="elsewhere"),
    )
    with pytest.raises(ValidationError) as error:
        check_self_review(wrong, FRAMEWORK)
    assert codes(error) == [
        "self_review.area_has_statements",
        "self_review.unknown_item",
        "self_review.level_out_of_scale",
        "self_review.level_out_of_scale",
        "self_review.unknown_area",
    ]
    assert [p.path for p in error.value.problems] == [
        "ratings[0].item_id",
        "ratings[1].item_id",
        "ratings[2].level",
        "ratings[3].level",
        "actions[0].area_id",
    ]
    other = attrs.evolve(REVIEWS[0], framework_id="another")
    with pytest.raises(ValidationError) as error:
        area_ratings(other, FRAMEWORK)
    assert codes(error) == ["self_review.other_framework"]
    with pytest.raises(ValidationError) as error:
        local_authority_view([REVIEWS[0], wrong], FRAMEWORK, as_of=AS_OF)
    assert error.value.problems[0].path == "reviews[1].ratings[0].item_id"


def test_progress_and_view_refuse_what_they_cannot_follow() -> None:
    with pytest.raises(ValidationError) as error:
        review_progress(REVIEWS[:3], FRAMEWORK, as_of=AS_OF)
    assert codes(error) == ["progress.other_school"]
    with pytest.raises(ValidationError) as error:
        review_progress(REVIEWS[:2], FRAMEWORK, as_of=dt.date(2025, 9, 30))
    assert codes(error) == ["progress.no_review"]
    twice = [REVIEWS[0], attrs.evolve(REVIEWS[0], ratings=())]
    with pytest.raises(ValidationError) as error:
        local_authority_view(twice, FRAMEWORK, as_of=AS_OF)
    assert codes(error) == ["progress.same_day"]
    assert error.value.problems[0].path == "reviews[1].held_on"
    with pytest.raises(ValidationError) as error:
        local_authority_view(
            REVIEWS,
            FRAMEWORK,
            as_of=AS_OF,
            comparisons=[
                Comparison(area_id="nowhere", figure="f", poor=F(0), good=F(1))
            ],
        )
    assert codes(error) == ["comparison.unknown_area", "comparison.unknown_figure"]


def test_a_comparison_refuses_thresholds_the_wrong_way_round() -> None:
    with pytest.raises(ValidationError) as error:
        Comparison(
            area_id="a",
            figure="f",
            poor=F(1, 10),
            good=F(1, 4),
            direction=FigureDirection.LOWER_IS_BETTER,
        )
    assert codes(error) == ["comparison.thresholds"]
    with pytest.raises(ValidationError) as error:
        Comparison(area_id="a", figure="f", poor=0.5, good=F(1))  # type: ignore[arg-type]
    assert codes(error) == ["type"]


def test_a_local_authoritys_bad_framework_names_field_value_and_rule() -> None:
    document = json.loads(LA_FRAMEWORK)
    document["data"]["scale"] = {"lowest": 1, "highest": "10"}
    document["data"]["areas"][0]["statements"][0]["source_id"] = "their-guide"
    with pytest.raises(ValidationError) as error:
        load_review_framework(json.dumps(document))
    assert [(p.path, p.code) for p in error.value.problems] == [
        ("data.scale.highest", "document.invalid_value")
    ]
    assert "'10'" in str(error.value)
    document["data"]["scale"] = {"lowest": 1, "highest": 4}
    with pytest.raises(ValidationError) as error:
        load_review_framework(json.dumps(document))
    [problem] = error.value.problems
    assert problem.code == "framework.unknown_source"
    assert problem.path.endswith("areas[0].statements[0].source_id")
    assert "'their-guide'" in problem.message
    with pytest.raises(ValidationError) as error:
        load_review_framework(dumps(REVIEWS[0]))
    assert codes(error) == ["document.type"]


# --- documents ---------------------------------------------------------------------


@given(review_frameworks())
def test_a_framework_survives_its_document(framework: ReviewFramework) -> None:
    assert loads(dumps(framework), ReviewFramework) == framework
    assert load_review_framework(dumps(framework, indent=2)) == framework


@given(self_reviews())
def test_a_self_review_survives_its_document(self_review: SelfReview) -> None:
    assert loads(dumps(self_review), SelfReview) == self_review
    for part in (*self_review.ratings, *self_review.actions):
        assert loads(dumps(part)) == part


@given(self_reviews(framework=FRAMEWORK))
def test_drawn_reviews_fit_their_framework(self_review: SelfReview) -> None:
    check_self_review(self_review, FRAMEWORK)
    view = local_authority_view([self_review], FRAMEWORK, as_of=self_review.held_on)
    assert len(view.schools) == 1
    for area in view.schools[0].areas:
        if area.mean is not None:
            assert FRAMEWORK.scale.lowest <= area.mean <= FRAMEWORK.scale.highest


# --- the shipped framework ---------------------------------------------------------


def test_the_shipped_framework_loads_and_every_part_names_a_source() -> None:
    guide = send_review_guide()
    assert guide.framework_id == "send-review-guide-2016"
    parts = [guide.scale, *guide.stages, *guide.areas]
    parts += [s for a in guide.areas for s in a.statements]
    for part in parts:
        assert part.source_id is not None, part  # named, not left to the default
        guide.source(part.source_id)  # and held by the framework
    for source in guide.sources:
        assert source.note.strip()
        assert source.url is not None or not source.confirmed
    # Nothing unconfirmed rests on a confirmed source's authority, and vice versa.
    for part in parts:
        if not part.confirmed:
            assert not guide.source(part.source_id).confirmed
    assert all(not a.statements for a in guide.areas)  # no wording could be read
    assert [s.number for s in guide.stages] == [1, 2, 3, 4, 5, 6]
    assert all(s.confirmed and s.source_id == "eef-send-review" for s in guide.stages)
    assert not guide.scale.confirmed
    assert (guide.scale.lowest, guide.scale.highest) == (1, 10)


def test_the_shipped_file_is_the_document_the_library_writes() -> None:
    text = (
        resources.files("sensupport")
        .joinpath(SEND_REVIEW_GUIDE_PATH)
        .read_text("utf-8")
    )
    guide = send_review_guide()
    assert json.loads(text) == json.loads(dumps(guide))
