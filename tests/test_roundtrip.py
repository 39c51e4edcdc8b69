"""Every valid object survives a trip through its document, exactly."""

from __future__ import annotations

import io

from hypothesis import given
from hypothesis import strategies as st

from sensupport import (
    check_needs,
    dump_lines,
    dumps,
    from_dict,
    load_lines,
    loads,
    to_dict,
)
from sensupport.testing import (
    measures,
    need_sets,
    needs,
    provision_ratings,
    provisions,
    pupils,
    reviews,
    support_plans,
    targets,
    upns,
)

any_object = st.one_of(
    pupils(),
    needs(),
    measures(),
    targets(),
    provisions(),
    support_plans(),
    provision_ratings(provision_id="P1"),
    reviews(),
    reviews().flatmap(
        lambda r: st.sampled_from(r.outcomes) if r.outcomes else st.nothing()
    ),
)


@given(any_object)
def test_json_round_trip(obj: object) -> None:
    assert loads(dumps(obj)) == obj
    assert loads(dumps(obj), type(obj)) == obj


@given(any_object)
def test_dict_round_trip_is_stable(obj: object) -> None:
    document = to_dict(obj)
    assert from_dict(document) == obj
    assert to_dict(from_dict(document)) == document


@given(st.lists(st.one_of(pupils(), support_plans()), max_size=5))
def test_json_lines_round_trip(objects: list[object]) -> None:
    buffer = io.StringIO()
    buffer.writelines(dump_lines(iter(objects)))
    assert list(load_lines(io.StringIO(buffer.getvalue()))) == objects


@given(need_sets())
def test_generated_need_sets_are_valid(needs_: tuple[object, ...]) -> None:
    assert check_needs(needs_) == []  # type: ignore[arg-type]


@given(upns())
def test_upns_round_trip_through_their_text(upn: object) -> None:
    from sensupport import UPN

    assert UPN.parse(str(upn).lower()) == upn
