"""Hypothesis strategies for the provision map's classes (requires hypothesis)."""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from hypothesis import strategies as st

from ..classes import ClassMember, SchoolClass
from ..codes import AreaOfNeed, YearGroup
from ..provision_groups import (
    CostBasis,
    GroupMember,
    MaterialCost,
    ProvisionGroup,
    ProvisionMap,
)
from ..schools import School
from ..staff import StaffMember, StaffRole
from ._model import MAX_DATE, _free_text, _ids, dates, schools

__all__ = [
    "class_members",
    "group_members",
    "material_costs",
    "provision_groups",
    "provision_maps",
    "school_classes",
    "staff_members",
]

M = TypeVar("M", ClassMember, GroupMember)

_LATEST_START = MAX_DATE - dt.timedelta(days=800)
# Up to £200 an hour, and materials up to £5,000: wide of any school's, in pence.
_HOURLY = st.integers(min_value=0, max_value=20_000)
_MATERIAL = st.integers(min_value=0, max_value=500_000)


def staff_members(
    *, staff_id: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[StaffMember]:
    """Valid staff, some named (names are never shown), at 0 to £200 an hour."""
    return st.builds(
        StaffMember,
        staff_id=_ids if staff_id is None else staff_id,
        role=st.sampled_from(StaffRole),
        hourly_cost_pence=_HOURLY,
        given_name=st.none() | _free_text(),
        family_name=st.none() | _free_text(),
    )


@st.composite
def _spans(draw: st.DrawFn, start: dt.date) -> tuple[dt.date | None, dt.date | None]:
    joined = draw(
        st.none() | dates(min_value=start, max_value=start + dt.timedelta(days=120))
    )
    first = joined or start
    left = draw(
        st.none() | dates(min_value=first, max_value=first + dt.timedelta(days=200))
    )
    return joined, left


def _members(
    draw: st.DrawFn,
    kind: type[M],
    pupil_ids: st.SearchStrategy[str],
    start: dt.date,
    max_size: int,
) -> tuple[M, ...]:
    """Pupils each listed once, for some or all of the days from ``start``."""
    ids = draw(st.lists(pupil_ids, unique=True, max_size=max_size))
    found = []
    for pupil_id in ids:
        joined, left = draw(_spans(start))
        found.append(kind(pupil_id=pupil_id, joined_on=joined, left_on=left))
    return tuple(found)


def class_members(
    *, pupil_ids: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[ClassMember]:
    """A valid member of a class, for some or all of its days."""
    ids = _ids if pupil_ids is None else pupil_ids
    return st.builds(
        lambda pupil_id, span: ClassMember(
            pupil_id=pupil_id, joined_on=span[0], left_on=span[1]
        ),
        ids,
        dates(max_value=_LATEST_START).flatmap(_spans),
    )


def group_members(
    *, pupil_ids: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[GroupMember]:
    """A valid member of a provision group, for some or all of its weeks."""
    ids = _ids if pupil_ids is None else pupil_ids
    return st.builds(
        lambda pupil_id, span, provision_id: GroupMember(
            pupil_id=pupil_id,
            joined_on=span[0],
            left_on=span[1],
            provision_id=provision_id,
        ),
        ids,
        dates(max_value=_LATEST_START).flatmap(_spans),
        st.none() | _ids,
    )


@st.composite
def _school_class(
    draw: st.DrawFn,
    class_id: str | None,
    teacher_ids: tuple[str, ...],
    pupil_ids: st.SearchStrategy[str],
) -> SchoolClass:
    start = draw(dates(max_value=_LATEST_START))
    ends = draw(st.none() | st.just(start + dt.timedelta(days=364)))
    members = _members(draw, ClassMember, pupil_ids, start, 12)
    return SchoolClass(
        class_id=class_id or draw(_ids),
        name=draw(_free_text()),
        year_group=draw(st.none() | st.sampled_from(YearGroup)),
        teacher_id=draw(st.none() | st.sampled_from(teacher_ids))
        if teacher_ids
        else None,
        ta_minutes_per_week=draw(st.integers(min_value=0, max_value=32 * 60)),
        starts_on=draw(st.none() | st.just(start)),
        ends_on=ends,
        members=members,
    )


def school_classes(
    *,
    class_id: str | None = None,
    teacher_ids: tuple[str, ...] = (),
    pupil_ids: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[SchoolClass]:
    """Valid classes of up to 12 pupils, taught by one of ``teacher_ids`` (or no
    one named), with 0 to 32 hours a week of TA time."""
    return _school_class(
        class_id, teacher_ids, _ids if pupil_ids is None else pupil_ids
    )


def material_costs() -> st.SearchStrategy[MaterialCost]:
    """Valid material costs, once or each term, up to £5,000."""
    return st.builds(
        MaterialCost,
        description=_free_text(blank=False),
        cost_pence=_MATERIAL,
        basis=st.sampled_from(CostBasis),
    )


@st.composite
def _group(
    draw: st.DrawFn,
    group_id: str | None,
    staff_ids: tuple[str, ...],
    pupil_ids: st.SearchStrategy[str],
    starts_on: st.SearchStrategy[dt.date],
) -> ProvisionGroup:
    start = draw(starts_on)
    weeks = draw(st.integers(min_value=1, max_value=40))
    ends = draw(st.none() | st.just(start + dt.timedelta(weeks=weeks, days=-3)))
    staff = draw(
        st.lists(st.sampled_from(staff_ids), unique=True, max_size=2)
        if staff_ids
        else st.just([])
    )
    return ProvisionGroup(
        group_id=group_id or draw(_ids),
        name=draw(st.sampled_from(_NAMES) | _free_text(blank=False)),
        staff_ids=tuple(staff),
        starts_on=start,
        ends_on=ends,
        sessions_per_week=draw(st.integers(min_value=1, max_value=10)),
        minutes_per_session=draw(st.integers(min_value=5, max_value=120)),
        area=draw(st.none() | st.sampled_from(AreaOfNeed)),
        in_class=draw(st.booleans()),
        members=_members(draw, GroupMember, pupil_ids, start, 8),
        materials=tuple(draw(st.lists(material_costs(), max_size=2))),
    )


_NAMES = ("Lexia", "Lego therapy", "Phonics catch-up", "In-class support")


def provision_groups(
    *,
    group_id: str | None = None,
    staff_ids: tuple[str, ...] = (),
    pupil_ids: st.SearchStrategy[str] | None = None,
    starts_on: st.SearchStrategy[dt.date] | None = None,
) -> st.SearchStrategy[ProvisionGroup]:
    """Valid provision groups of 0 to 8 pupils (from ``pupil_ids``), delivered by up
    to two of ``staff_ids``, for 1 to 40 weeks or open-ended."""
    return _group(
        group_id,
        staff_ids,
        _ids if pupil_ids is None else pupil_ids,
        dates(max_value=_LATEST_START) if starts_on is None else starts_on,
    )


@st.composite
def _provision_map(
    draw: st.DrawFn,
    school: st.SearchStrategy[School | None],
    pupil_ids: st.SearchStrategy[str],
    starts_on: st.SearchStrategy[dt.date] | None,
    max_groups: int,
) -> ProvisionMap:
    staff_ids = draw(st.lists(_ids, unique=True, min_size=1, max_size=5))
    staff = tuple(draw(staff_members(staff_id=st.just(i))) for i in staff_ids)
    class_ids = draw(st.lists(_ids, unique=True, max_size=3))
    classes = tuple(
        draw(
            school_classes(
                class_id=i, teacher_ids=tuple(staff_ids), pupil_ids=pupil_ids
            )
        )
        for i in class_ids
    )
    group_ids = draw(st.lists(_ids, unique=True, max_size=max_groups))
    groups = tuple(
        draw(
            provision_groups(
                group_id=i,
                staff_ids=tuple(staff_ids),
                pupil_ids=pupil_ids,
                starts_on=starts_on,
            )
        )
        for i in group_ids
    )
    return ProvisionMap(
        school=draw(school), staff=staff, classes=classes, groups=groups
    )


def provision_maps(
    *,
    school: st.SearchStrategy[School | None] | None = None,
    pupil_ids: st.SearchStrategy[str] | None = None,
    starts_on: st.SearchStrategy[dt.date] | None = None,
    max_groups: int = 6,
) -> st.SearchStrategy[ProvisionMap]:
    """Valid provision maps: up to five staff, three classes and ``max_groups``
    groups, every id they name held by the map.

    Args:
        school: The map's school; any school or none by default.
        pupil_ids: The pupils drawn into classes and groups; draw from the ids of
            records (``st.sampled_from(ids)``) to cost those records' pupils.
        starts_on: When groups start.
        max_groups: The most groups.
    """
    return _provision_map(
        st.none() | schools() if school is None else school,
        _ids if pupil_ids is None else pupil_ids,
        starts_on,
        max_groups,
    )
