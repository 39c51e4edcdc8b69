"""No invalid object can be built: any input either builds an object whose invariants
hold, or raises ValidationError, never another exception."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from sensupport import (
    AreaOfNeed,
    MeasureScale,
    NeedType,
    Provision,
    Role,
    SupportPlan,
    Target,
    ValidationError,
    check_needs,
    from_dict,
)
from sensupport.testing import need_sets, provisions, targets

anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(),
    st.text(max_size=5),
    st.dates(),
    st.datetimes(),
    st.lists(st.integers(), max_size=2),
)
dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2022, 1, 1))


def builds_or_refuses(cls: type, **kwargs: Any) -> Any:
    try:
        return cls(**kwargs)
    except ValidationError as error:
        problems = error.problems
    assert problems
    return None


@given(
    target_id=st.text(max_size=3) | anything,
    description=st.text(max_size=3),
    set_on=dates | anything,
    due_on=dates,
    area=st.none() | st.sampled_from(AreaOfNeed) | anything,
)
def test_targets(**kwargs: Any) -> None:
    target = builds_or_refuses(Target, **kwargs)
    if target is not None:
        assert target.due_on > target.set_on
        assert target.target_id.strip()
        assert target.description.strip()


@given(
    starts_on=dates,
    ends_on=st.none() | dates,
    group_size=st.integers(-2, 4) | anything,
    sessions_per_week=st.none() | st.integers(-1, 3),
    minutes_per_session=st.none() | st.integers(-1, 30),
)
def test_provisions(**kwargs: Any) -> None:
    provision = builds_or_refuses(
        Provision, provision_id="P1", name="Lexia", delivered_by=Role.TEACHER, **kwargs
    )
    if provision is not None:
        assert provision.group_size >= 1
        assert (provision.sessions_per_week is None) == (
            provision.minutes_per_session is None
        )
        assert provision.ends_on is None or provision.ends_on >= provision.starts_on


@given(
    st.lists(st.sampled_from(NeedType), max_size=3).map(tuple),
    st.lists(targets(set_on=dt.date(2020, 3, 1)), max_size=3).map(tuple),
    st.lists(provisions(), max_size=2).map(tuple),
    dates,
)
def test_plans(
    needs: tuple[NeedType, ...],
    plan_targets: tuple[Target, ...],
    plan_provisions: tuple[Provision, ...],
    review_due_on: dt.date,
) -> None:
    plan = builds_or_refuses(
        SupportPlan,
        agreed_on=dt.date(2020, 3, 1),
        needs=needs,
        targets=plan_targets,
        provisions=plan_provisions,
        review_due_on=review_due_on,
    )
    if plan is not None:
        assert plan.needs
        assert len({t.target_id for t in plan.targets}) == len(plan.targets)
        assert all(t.long_term or t.due_on <= plan.review_due_on for t in plan.targets)


@given(need_sets())
def test_need_sets_keep_the_census_rules(needs: Any) -> None:
    assert check_needs(needs) == []
    assert sum(n.rank == 1 for n in needs) == 1


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=12,
)


@given(
    st.sampled_from(
        [
            "Pupil",
            "Target",
            "Provision",
            "SupportPlan",
            "Review",
            "SupportRecord",
            "Measure",
        ]
    ),
    st.dictionaries(
        st.sampled_from(
            [
                "pupil_id",
                "year_group",
                "target_id",
                "events",
                "scale",
                "value",
                "taken_on",
                "needs",
                "targets",
                "pupil",
                "held_on",
                "decision",
            ]
        ),
        json_values,
        max_size=6,
    ),
)
def test_any_document_loads_or_is_refused_with_a_validation_error(
    kind: str, data: dict[str, Any]
) -> None:
    try:
        from_dict({"schema_version": 1, "type": kind, "data": data})
    except ValidationError as error:
        problems = error.problems
    else:
        return
    assert all(p.code and p.message for p in problems)


def test_measure_scales_cover_ages() -> None:
    assert {s for s in MeasureScale if s.is_age} == {
        MeasureScale.READING_AGE_MONTHS,
        MeasureScale.SPELLING_AGE_MONTHS,
    }
