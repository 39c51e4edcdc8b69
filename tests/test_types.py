"""One vocabulary of types: objects and documents judge a value alike, in the same words."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sensupport import (
    Measure,
    MeasureScale,
    NeedType,
    ValidationError,
    from_dict,
    to_dict,
)
from sensupport._types import PRIMITIVES
from sensupport._validation import _compile

ANNOTATIONS: list[Any] = [
    str,
    int,
    float,
    bool,
    dt.date,
    NeedType,
    int | None,
    str | int,
    tuple[int, ...],
    tuple[dt.date | None, ...],
    tuple[tuple[bool, ...], ...],
]

LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=2**1024),  # too large to be a float
    st.floats(),
    st.text(max_size=3),
    st.dates(),
    st.datetimes(),
    st.sampled_from(NeedType),
)
VALUES = st.recursive(LEAVES, lambda inner: st.tuples(inner, inner) | st.tuples(inner))


@given(annotation=st.sampled_from(ANNOTATIONS), value=VALUES)
def test_the_quick_test_and_the_explaining_test_agree(
    annotation: Any, value: object
) -> None:
    ok, explain = _compile(annotation)
    assert ok(value) == (not list(explain(value)))


def measure(value: object) -> Measure:
    return Measure(
        scale=MeasureScale.STANDARDISED_SCORE,
        value=value,
        taken_on=dt.date(2025, 9, 15),
    )  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [10**400, True, float("nan"), "3.5"])
def test_a_number_that_is_no_finite_float_is_refused_alike(value: object) -> None:
    expected = f"expected {PRIMITIVES[float].description}"
    with pytest.raises(ValidationError) as built:
        measure(value)
    document = to_dict(measure(3.5))
    document["data"]["value"] = value
    with pytest.raises(ValidationError) as loaded:
        from_dict(document)
    assert [p.message.startswith(expected) for p in built.value.problems] == [True]
    assert [p.message.startswith(expected) for p in loaded.value.problems] == [True]


@pytest.mark.parametrize(
    ("annotation", "wrong"),
    [
        (str, 1),
        (int, True),
        (float, "1"),
        (bool, 1),
        (dt.date, dt.datetime(2025, 1, 1)),
    ],
)
def test_a_primitive_is_named_by_the_table(annotation: type, wrong: object) -> None:
    _, explain = _compile(annotation)
    assert list(explain(wrong)) == [("", PRIMITIVES[annotation].description)]
