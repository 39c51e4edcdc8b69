"""Provision as the school runs it: groups, their staff and pupils, and the map.

A pupil's plan says what provision they get (`Provision`); the school delivers it
in *provision groups*. A `ProvisionGroup` is one intervention as the school
timetables it: its staff, its sessions, its pupils (several sharing each session, or
one for one-to-one), its dates and its materials. A `ProvisionMap` holds a school's
groups with the staff and classes they name, and checks that every id it names is
there. `sensupport.provision_map` costs it.

Costs are whole pence; see `sensupport.staff` for why.

>>> import datetime as dt
>>> from sensupport import StaffMember, StaffRole
>>> lego = ProvisionGroup(group_id="G1", name="Lego therapy", staff_ids=("TA1",),
...                       starts_on=dt.date(2025, 11, 3), ends_on=dt.date(2025, 12, 12),
...                       sessions_per_week=1, minutes_per_session=45,
...                       members=(GroupMember(pupil_id="1042"),
...                                GroupMember(pupil_id="1043")))
>>> len(list(lego.weeks(dt.date(2025, 9, 1), dt.date(2026, 9, 1))))
6
>>> ProvisionMap(groups=(lego,))
Traceback (most recent call last):
...
sensupport.errors.ValidationError: invalid ProvisionMap: groups[0].staff_ids[0]: group 'G1' names staff 'TA1', whom the map's staff do not include [provision_map.unknown_staff]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import ClassVar

import attrs

from ._membership import Membership, check_members
from ._validation import Checked, Checks, distinct, not_blank, show, unique
from .classes import SchoolClass
from .codes import AreaOfNeed, _Code
from .errors import NotFoundError
from .schools import School
from .staff import StaffMember

__all__ = [
    "CostBasis",
    "GroupMember",
    "MaterialCost",
    "ProvisionGroup",
    "ProvisionMap",
]

_DAY = dt.timedelta(days=1)
_WEEK = dt.timedelta(days=7)


class CostBasis(_Code):
    """How often a material cost falls."""

    ONE_OFF = "one_off", "Once, in the group's first week"
    PER_TERM = "per_term", "Once in each term the group runs"


@attrs.frozen(kw_only=True)
class MaterialCost(Checked):
    """Materials, licences or equipment a group uses, in whole pence.

    Terms, for a cost per term, are fixed windows so that a cost never depends on a
    calendar: autumn from 1 September, spring from 1 January, summer from 1 April.
    """

    description: str
    cost_pence: int
    basis: CostBasis = CostBasis.ONE_OFF

    def _check(self, checks: Checks) -> None:
        not_blank(checks, self.description, "description", "material")
        if self.cost_pence < 0:
            checks.add(
                "cost_pence",
                "material.negative_cost",
                f"a cost is 0 or more pence, not {self.cost_pence}",
            )


@attrs.frozen(kw_only=True)
class GroupMember(Membership):
    """A pupil in a provision group, from ``joined_on`` to ``left_on`` (inclusive;
    None for from the group's start and to its end).

    Args:
        pupil_id: The pupil's id in the school's system.
        joined_on: The first day in the group, if not its first.
        left_on: The last day in the group, if not its last.
        provision_id: The provision of the pupil's plan that the group delivers,
            where the school records it.
    """

    _WHAT: ClassVar[str] = "group_member"

    provision_id: str | None = None


@attrs.frozen(kw_only=True)
class ProvisionGroup(Checked):
    """One intervention as the school runs it: who delivers it, when, to whom.

    Sessions are timetabled, not attended: the group runs ``sessions_per_week``
    sessions of ``minutes_per_session`` in each week from ``starts_on``, every staff
    member named taking part in each. Weeks count from the group's first day, so a
    six-week block from a Monday to the Friday five weeks later has six weeks.

    Args:
        group_id: Unique in the school's map.
        name: The intervention's name as the pupils' plans give it (``Lexia``);
            impact and cost meet by name.
        staff_ids: Who delivers it, by staff id; none for provision that needs no
            staff time (a software licence).
        starts_on: The first day.
        ends_on: The last day (inclusive); None while it runs on.
        sessions_per_week: At least 1.
        minutes_per_session: At least 1.
        area: The broad area of need it serves, if one.
        in_class: True for support given in the pupil's class, False for a group
            taken out of class.
        members: Its pupils and the days each belongs.
        materials: What else it costs.

    Raises:
        ValidationError: An id is blank or repeated, the timetable is not positive,
            the group ends before it starts, or a pupil is listed twice for the same
            days.
    """

    group_id: str
    name: str
    staff_ids: tuple[str, ...]
    starts_on: dt.date
    sessions_per_week: int
    minutes_per_session: int
    ends_on: dt.date | None = None
    area: AreaOfNeed | None = None
    in_class: bool = False
    members: tuple[GroupMember, ...] = ()
    materials: tuple[MaterialCost, ...] = ()

    def _check(self, checks: Checks) -> None:
        not_blank(checks, self.group_id, "group_id", "group")
        not_blank(checks, self.name, "name", "group")
        distinct(checks, self.staff_ids, "staff_ids", "group.staff")
        for field in ("sessions_per_week", "minutes_per_session"):
            value = getattr(self, field)
            if value < 1:
                checks.add(
                    field, "group.timetable", f"{field} is at least 1, not {value}"
                )
        if self.ends_on is not None and self.ends_on < self.starts_on:
            checks.add(
                "ends_on",
                "group.ends_before_start",
                f"group ends on {show(self.ends_on)}, before it starts on "
                f"{show(self.starts_on)}",
            )
        check_members(checks, self.members, "members", "group")

    @property
    def minutes_per_week(self) -> int:
        """Timetabled minutes a week, for each pupil and each member of staff."""
        return self.sessions_per_week * self.minutes_per_session

    def weeks(self, start: dt.date, end: dt.date) -> Iterator[dt.date]:
        """The first day of each of the group's weeks that begins in [start, end).

        A week belongs to the period its first day falls in, so the weeks of
        adjacent periods never overlap and add up to the whole run.
        """
        first = self.starts_on
        if start > first:
            first += _WEEK * -(-(start - first).days // 7)
        last = end if self.ends_on is None else min(end, self.ends_on + _DAY)
        while first < last:
            yield first
            first += _WEEK

    def members_in(self, first: dt.date, last: dt.date) -> tuple[GroupMember, ...]:
        """The members who belong on any day from ``first`` to ``last``."""
        return tuple(m for m in self.members if m.belongs(first, last))

    def runs_on(self, date: dt.date) -> bool:
        """True when ``date`` falls from the group's first to its last day."""
        return self.starts_on <= date and (self.ends_on is None or date <= self.ends_on)


@attrs.frozen(kw_only=True)
class ProvisionMap(Checked):
    """A school's provision map: its provision groups, the staff who deliver them,
    and its classes.

    Args:
        school: The school, as its pupils' records name it; None to match records
            that name no school.
        staff: Everyone a group or class names; ids unique.
        classes: Its classes; ids unique.
        groups: Its provision groups; ids unique.

    Raises:
        ValidationError: An id is repeated, or a group or class names a member of
            staff the map does not hold.
    """

    school: School | None = None
    staff: tuple[StaffMember, ...] = ()
    classes: tuple[SchoolClass, ...] = ()
    groups: tuple[ProvisionGroup, ...] = ()

    def _check(self, checks: Checks) -> None:
        unique(checks, self.staff, "staff_id", "staff", "provision_map.staff")
        unique(checks, self.classes, "class_id", "classes", "provision_map.class")
        unique(checks, self.groups, "group_id", "groups", "provision_map.group")
        known = {s.staff_id for s in self.staff}
        for i, group in enumerate(self.groups):
            for j, staff_id in enumerate(group.staff_ids):
                if staff_id not in known:
                    checks.add(
                        f"groups[{i}].staff_ids[{j}]",
                        "provision_map.unknown_staff",
                        f"group {group.group_id!r} names staff {staff_id!r}, whom "
                        "the map's staff do not include",
                    )
        for i, school_class in enumerate(self.classes):
            teacher = school_class.teacher_id
            if teacher is not None and teacher not in known:
                checks.add(
                    f"classes[{i}].teacher_id",
                    "provision_map.unknown_staff",
                    f"class {school_class.class_id!r} names teacher {teacher!r}, "
                    "whom the map's staff do not include",
                )

    @property
    def school_key(self) -> str:
        """The school's `School.key`, or ``""`` for a map that names no school."""
        return self.school.key if self.school is not None else ""

    def staff_member(self, staff_id: str) -> StaffMember:
        """The member of staff with this id.

        Raises:
            NotFoundError: The map holds no such member of staff.
        """
        for member in self.staff:
            if member.staff_id == staff_id:
                return member
        raise NotFoundError(f"the provision map has no staff {staff_id!r}")

    def classes_of(self, pupil_id: str, on: dt.date) -> tuple[SchoolClass, ...]:
        """The classes the pupil is in on ``on``."""
        return tuple(c for c in self.classes if pupil_id in c.members_on(on))
