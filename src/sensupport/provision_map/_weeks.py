"""A group's cost week by week, and who shares it.

Each week the group runs in the period (with a calendar, each week holding a school
day: holidays cost nothing) costs its staff's time for the week's
sessions (every member of staff named, at their hourly cost) and any material that
falls due that week; the pupils who belong on any day of the week share the week's
cost equally. A week with no pupil is the group's *unshared* cost: paid for, on no
one. Shares are exact fractions of a penny.
"""

from __future__ import annotations

import datetime as dt
import functools
from fractions import Fraction
from typing import NamedTuple

from ..calendar import SchoolCalendar, school_year_of
from ..provision_groups import CostBasis, ProvisionGroup, ProvisionMap

_SIX_DAYS = dt.timedelta(days=6)
_WEEK = dt.timedelta(days=7)


class Week(NamedTuple):
    """One week of a group: its first day, its pupils, and its costs in pence."""

    starts_on: dt.date
    pupil_ids: tuple[str, ...]
    staff_cost: Fraction
    material_cost: Fraction


def term_of(date: dt.date) -> tuple[int, int]:
    """The fixed term window a date falls in: (school year, 0 autumn / 1 spring /
    2 summer), from 1 September, 1 January and 1 April."""
    month = date.month
    return (school_year_of(date), 0 if month >= 9 else 1 if month <= 3 else 2)


def _material_cost(group: ProvisionGroup, week: dt.date) -> Fraction:
    first = week == group.starts_on
    new_term = first or term_of(week) != term_of(week - _WEEK)
    return Fraction(
        sum(
            m.cost_pence
            for m in group.materials
            if (m.basis is CostBasis.ONE_OFF and first)
            or (m.basis is CostBasis.PER_TERM and new_term)
        )
    )


def weeks(
    provision_map: ProvisionMap,
    group: ProvisionGroup,
    start: dt.date,
    end: dt.date,
    calendar: SchoolCalendar | None = None,
) -> tuple[Week, ...]:
    """The group's weeks that begin in [start, end), each with its pupils and costs;
    with a calendar, only those with a school day."""
    rates = {s.staff_id: s for s in provision_map.staff}
    minutes = group.minutes_per_week
    staff_cost = sum(
        (rates[staff_id].cost_of(minutes=minutes) for staff_id in group.staff_ids),
        Fraction(0),
    )
    return tuple(
        Week(
            starts_on=week,
            # One entry per pupil, however many spans list them.
            pupil_ids=tuple(
                dict.fromkeys(
                    m.pupil_id for m in group.members_in(week, week + _SIX_DAYS)
                )
            ),
            staff_cost=staff_cost,
            material_cost=_material_cost(group, week),
        )
        for week in group.weeks(start, end)
        if calendar is None or _has_school_day(calendar, week)
    )


@functools.lru_cache(maxsize=4096)  # asked for every group's every week
def _has_school_day(calendar: SchoolCalendar, week: dt.date) -> bool:
    return any(calendar.is_school_day(week + dt.timedelta(days=i)) for i in range(7))
