"""How often the school met a pupil's parents, school year by school year.

CoP 6.65: schools "should meet parents at least three times each year". When an event
is the first in a new school year, the year just ended is checked; when an event closes
the record, the part-year up to it. The meetings counted are plans agreed with a
parent, reviews a parent took part in, and `ParentMeetingHeld`, at most one a day; the
number required is pro rata for the days on SEN support in the year.
"""

from __future__ import annotations

import datetime as dt

from ..calendar import school_year_bounds, school_year_of
from ..codes import Role
from ..statutory import PARENT_MEETINGS_PER_YEAR
from .events import Event, ParentMeetingHeld, PlanAgreed, ReviewHeld
from .state import RecordState

__all__ = ["PARENT_MEETINGS_PER_YEAR", "is_parent_meeting", "parent_meeting_shortfalls"]


def is_parent_meeting(event: Event) -> bool:
    """True for events at which the school met the parents."""
    if isinstance(event, ParentMeetingHeld):
        return True
    if isinstance(event, PlanAgreed):
        return Role.PARENT in event.plan.contributors
    if isinstance(event, ReviewHeld):
        return Role.PARENT in event.review.participants
    return False


def years_to_check(
    state: RecordState, event: Event, closes: bool
) -> list[tuple[dt.date, dt.date]]:
    """The school years (start, end exclusive) whose meetings are now due a check.

    Every school year that has ended by the event's date and was not checked yet;
    and when the event closes the record, the year it closes in, up to its date.
    """
    checked_to = state.meetings_checked_to or state.opened_on
    periods = []
    year = school_year_of(checked_to)
    while True:
        start, end = school_year_bounds(year)
        start = max(start, checked_to)
        if end <= event.occurred_on:
            periods.append((start, end))
        elif closes:
            periods.append((start, event.occurred_on))
            break
        else:
            break
        year += 1
    return periods


def _days_on_support(state: RecordState, start: dt.date, end: dt.date) -> int:
    return sum(
        max(0, (min(until, end) - max(on, start)).days)
        for on, until in state.support_periods
    )


def parent_meeting_shortfalls(
    state: RecordState, event: Event, closes: bool
) -> list[tuple[str, str]]:
    """Messages for school years with fewer parent meetings than the CoP asks."""
    years = years_to_check(state, event, closes)
    if not years:  # as for nearly every event: no school year ended since the last
        return []
    found = []
    meetings = list(state.parent_meetings)
    if is_parent_meeting(event):
        meetings.append(event.occurred_on)
    for start, end in years:
        on_support = _days_on_support(state, start, end)
        year = school_year_of(start)
        year_start, year_end = school_year_bounds(year)
        required = PARENT_MEETINGS_PER_YEAR * on_support // (year_end - year_start).days
        held = len({m for m in meetings if start <= m < end})
        if held < required:
            found.append(
                (
                    "",
                    f"parents were met {held} times in school year {year}/{(year + 1) % 100:02d} "
                    f"over {on_support} days on SEN support; the Code of Practice asks for "
                    f"at least {PARENT_MEETINGS_PER_YEAR} a year, {required} pro rata",
                )
            )
    return found
