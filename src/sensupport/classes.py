"""Classes and teaching groups: who is in which on a date, who teaches it, and the
teaching-assistant time it has.

A school that maps SEN by class, and moves its teaching assistants to follow the
needs of classes, needs three facts per class: its pupils on a date, its teacher, and
the TA time allocated to it. TA time is whole minutes a week, so sums stay exact.

>>> import datetime as dt
>>> oak = SchoolClass(class_id="4O", name="Oak", year_group=YearGroup.Y4,
...                   teacher_id="T1", ta_minutes_per_week=900,
...                   members=(ClassMember(pupil_id="1042"),
...                            ClassMember(pupil_id="1043",
...                                        left_on=dt.date(2026, 2, 13))))
>>> oak.members_on(dt.date(2026, 3, 2))
('1042',)
>>> oak.ta_hours_per_week
Fraction(15, 1)
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import ClassVar

import attrs

from ._membership import Membership, check_members
from ._validation import Checked, Checks, not_blank, show
from .codes import YearGroup

__all__ = ["ClassMember", "SchoolClass"]


@attrs.frozen(kw_only=True)
class ClassMember(Membership):
    """A pupil in a class, from ``joined_on`` to ``left_on`` (both inclusive; None
    for from the class's start and to its end).

    Args:
        pupil_id: The pupil's id in the school's system.
        joined_on: The first day in the class, if not its first.
        left_on: The last day in the class, if not its last.
    """

    _WHAT: ClassVar[str] = "class_member"


@attrs.frozen(kw_only=True)
class SchoolClass(Checked):
    """A class or teaching group.

    Args:
        class_id: The id the school's system gives it; unique in a school.
        name: What the school calls it, if not the id.
        year_group: The national curriculum year it teaches, if one.
        teacher_id: The class teacher's staff id, if known.
        ta_minutes_per_week: Teaching-assistant time allocated to the class, in
            minutes a week.
        starts_on: The first day the class exists (a school year's classes from 1
            September), if it is not always.
        ends_on: The last day it exists, if it is not always.
        members: Its pupils, each with the days they belong within the class's.

    Raises:
        ValidationError: The id is blank, the TA time negative, the class ends
            before it starts, or a pupil is listed twice for the same days.
    """

    class_id: str
    name: str = ""
    year_group: YearGroup | None = None
    teacher_id: str | None = None
    ta_minutes_per_week: int = 0
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    members: tuple[ClassMember, ...] = ()

    def _check(self, checks: Checks) -> None:
        not_blank(checks, self.class_id, "class_id", "class")
        if self.ta_minutes_per_week < 0:
            checks.add(
                "ta_minutes_per_week",
                "class.negative_time",
                f"TA time is 0 or more minutes a week, not {self.ta_minutes_per_week}",
            )
        if (
            self.starts_on is not None
            and self.ends_on is not None
            and self.ends_on < self.starts_on
        ):
            checks.add(
                "ends_on",
                "class.ends_before_start",
                f"class ends on {show(self.ends_on)}, before it starts on "
                f"{show(self.starts_on)}",
            )
        check_members(checks, self.members, "members", "class")

    def runs_on(self, date: dt.date) -> bool:
        """True when the class exists on ``date``."""
        return (self.starts_on is None or self.starts_on <= date) and (
            self.ends_on is None or date <= self.ends_on
        )

    def members_on(self, date: dt.date) -> tuple[str, ...]:
        """The ids of the pupils in the class on ``date``, in the order listed."""
        if not self.runs_on(date):
            return ()
        return tuple(m.pupil_id for m in self.members if m.belongs(date, date))

    @property
    def ta_hours_per_week(self) -> Fraction:
        """The TA time allocated, in hours a week, exactly."""
        return Fraction(self.ta_minutes_per_week, 60)
