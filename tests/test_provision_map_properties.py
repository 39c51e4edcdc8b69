"""The provision map's invariants: documents round trip, only valid objects are built,
costs add up, and parts merge into the whole exactly."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sensupport import (
    GroupMember,
    ProvisionGroup,
    Pupil,
    School,
    StaffMember,
    StaffRole,
    ValidationError,
    YearGroup,
    dumps,
    from_dict,
    loads,
    to_dict,
)
from sensupport.process import SupportRecord
from sensupport.provision_map import (
    ClassNeedAccumulator,
    CostAccumulator,
    ProvisionMap,
    provision_costs,
)
from sensupport.synth import generate_cohort
from sensupport.testing import (
    class_members,
    group_members,
    material_costs,
    provision_groups,
    provision_maps,
    school_classes,
    staff_members,
)

START, END = dt.date(2025, 9, 1), dt.date(2026, 9, 1)
STARTS = st.dates(min_value=dt.date(2025, 6, 1), max_value=dt.date(2026, 7, 1))
IDS = [f"P{n}" for n in range(8)]
SCHOOLS = (School(urn="100001"), School(urn="100002"))
POOL = list(generate_cohort(pupils=30, seed=5, start=dt.date(2025, 3, 1)))

any_document = st.one_of(
    staff_members(),
    class_members(),
    school_classes(teacher_ids=("T1",)),
    material_costs(),
    group_members(),
    provision_groups(staff_ids=("T1", "TA1")),
    provision_maps(),
)


@given(any_document)
def test_every_document_round_trips(obj: object) -> None:
    assert loads(dumps(obj), type(obj)) == obj
    document = to_dict(obj)
    assert to_dict(from_dict(document)) == document


@given(
    st.integers(-5, 5),
    st.integers(-5, 5),
    st.dates(),
    st.dates(),
    st.lists(st.sampled_from(["A", "B", ""]), max_size=3),
)
def test_no_invalid_group_can_be_built(
    sessions: int, minutes: int, start: dt.date, end: dt.date, pupils: list[str]
) -> None:
    try:  # either refused, or built and valid
        group = ProvisionGroup(
            group_id="G",
            name="Lexia",
            staff_ids=(),
            starts_on=start,
            ends_on=end,
            sessions_per_week=sessions,
            minutes_per_session=minutes,
            members=tuple(GroupMember(pupil_id=p) for p in pupils),
        )
    except ValidationError:
        return
    else:
        assert group.sessions_per_week >= 1
        assert group.minutes_per_session >= 1
        assert group.ends_on is None or group.ends_on >= group.starts_on
        assert len(set(pupils)) == len(pupils)
        assert all(pupils)


def test_names_are_never_shown() -> None:
    member = StaffMember(
        staff_id="TA1",
        role=StaffRole.TEACHING_ASSISTANT,
        hourly_cost_pence=1700,
        given_name="Zebedee",
    )
    assert "Zebedee" not in repr(member)
    document = to_dict(member)
    document["data"]["given_name"] = 12345
    with pytest.raises(ValidationError) as caught:
        from_dict(document)
    assert "12345" not in str(caught.value)


@st.composite
def school_data(
    draw: st.DrawFn, school: School
) -> tuple[ProvisionMap, list[SupportRecord]]:
    """A school's map, and records for some of the pupils it names."""
    provision_map = draw(
        provision_maps(
            school=st.just(school), pupil_ids=st.sampled_from(IDS), starts_on=STARTS
        )
    )
    # Records drawn from a pool made once: making each by the machine would take
    # most of the time of every example.
    drawn = draw(st.lists(st.sampled_from(POOL), unique=True, max_size=len(IDS)))
    ids = draw(st.permutations(IDS))
    records = [
        SupportRecord(
            pupil=Pupil(pupil_id=pupil_id, year_group=YearGroup.Y4, school=school),
            events=record.events,
        )
        for pupil_id, record in zip(ids, drawn, strict=False)
    ]
    return provision_map, records


BY = st.sampled_from(
    [
        None,
        "pupil",
        "provision",
        "area_of_need",
        "year_group",
        "class",
        "sen_provision",
        ("provision_area", "in_class"),
    ]
)


@given(school_data(SCHOOLS[0]), BY, st.data())
def test_parts_of_a_school_merge_into_the_whole(
    data: tuple[ProvisionMap, list[SupportRecord]],
    by: str | tuple[str, ...] | None,
    draw: st.DataObject,
) -> None:
    provision_map, records = data
    parts = draw.draw(
        st.lists(st.integers(0, 2), min_size=len(records), max_size=len(records))
    )

    def part(n: int) -> CostAccumulator:
        accumulator = CostAccumulator(provision_map, start=START, end=END, by=by)
        return accumulator.add_all(
            r for r, p in zip(records, parts, strict=True) if p == n
        )

    whole = CostAccumulator(provision_map, start=START, end=END, by=by)
    merged = part(0).merge(part(1)).merge(part(2))
    assert merged.result() == whole.add_all(records).result()


@settings(max_examples=60)
@given(school_data(SCHOOLS[0]), school_data(SCHOOLS[1]))
def test_the_costs_of_two_schools_merge_into_both(
    first: tuple[ProvisionMap, list[SupportRecord]],
    second: tuple[ProvisionMap, list[SupportRecord]],
) -> None:
    both = provision_costs(
        [first[0], second[0]], first[1] + second[1], start=START, end=END, by="school"
    )
    one = provision_costs(first[0], first[1], start=START, end=END, by="school")
    two = provision_costs(second[0], second[1], start=START, end=END, by="school")
    assert one.merge(two) == both
    whole = provision_costs(
        [first[0], second[0]], first[1] + second[1], start=START, end=END
    )
    assert whole.cost == sum((c.cost for c in both.values()), Fraction(0))


@given(school_data(SCHOOLS[0]), BY)
def test_every_split_adds_up_to_the_whole(
    data: tuple[ProvisionMap, list[SupportRecord]], by: str | tuple[str, ...] | None
) -> None:
    provision_map, records = data
    whole = provision_costs(provision_map, records, start=START, end=END)
    assert (
        whole.cost
        == sum((c for _, c in whole.pupil_costs), Fraction(0)) + whole.unshared_cost
    )
    if by is None or by == "class":  # a pupil in two classes counts in both
        return
    split = provision_costs(provision_map, records, start=START, end=END, by=by)
    assert sum((s.cost for s in split.values()), Fraction(0)) == whole.cost
    assert sum(s.pupil_minutes for s in split.values()) == whole.pupil_minutes


@given(school_data(SCHOOLS[0]), st.dates(min_value=START, max_value=END))
def test_adjacent_periods_add_up_to_the_whole(
    data: tuple[ProvisionMap, list[SupportRecord]], cut: dt.date
) -> None:
    provision_map, records = data
    whole = provision_costs(provision_map, records, start=START, end=END)
    if START < cut < END:
        before = provision_costs(provision_map, records, start=START, end=cut)
        after = provision_costs(provision_map, records, start=cut, end=END)
        assert before.cost + after.cost == whole.cost
        for pupil, cost in whole.pupil_costs:
            assert (
                before.cost_of(pupil[1], pupil[0]) + after.cost_of(pupil[1], pupil[0])
                == cost
            )


@settings(max_examples=60)
@given(school_data(SCHOOLS[0]), st.integers(0, 8), STARTS)
def test_class_need_of_parts_merges_into_the_whole(
    data: tuple[ProvisionMap, list[SupportRecord]], cut: int, on: dt.date
) -> None:
    provision_map, records = data
    whole = ClassNeedAccumulator(provision_map, on=on).add_all(records).result()
    first = ClassNeedAccumulator(provision_map, on=on).add_all(records[:cut])
    second = ClassNeedAccumulator(provision_map, on=on).add_all(records[cut:])
    assert first.merge(second).result() == whole


def test_results_of_parts_of_one_school_refuse_to_merge() -> None:
    provision_map = ProvisionMap(
        school=SCHOOLS[0],
        groups=(
            ProvisionGroup(
                group_id="G1",
                name="Lexia",
                staff_ids=(),
                starts_on=START,
                sessions_per_week=1,
                minutes_per_session=20,
            ),
        ),
    )
    part = provision_costs(provision_map, start=START, end=END)
    with pytest.raises(ValueError, match="merge the accumulators"):
        part.merge(part)
