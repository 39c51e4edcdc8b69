"""The graduated approach as a state machine over an event log.

Every function here is pure: a record is never changed, only a new one made. The
moves come from `sensupport.process.transitions.TRANSITIONS`, the rules from
`sensupport.process.rules.RULES`.

>>> import datetime as dt
>>> from sensupport import Pupil, YearGroup, Role
>>> from sensupport.process import ConcernRaised, PlanAgreed, open_record, allowed_events
>>> pupil = Pupil(pupil_id="MIS-7", year_group=YearGroup.Y2)
>>> record = open_record(pupil, ConcernRaised(occurred_on=dt.date(2025, 9, 22),
...                                          raised_by=Role.TEACHER))
>>> sorted(t.__name__ for t in allowed_events(record))
['AssessmentCompleted', 'EHCNeedsAssessmentRequested', 'ParentMeetingHeld', 'SpecialistAdviceReceived', 'SupportEnded']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ..calendar import Cadence, SchoolCalendar, school_year_of
from ..errors import Problem
from ..pupils import Pupil
from .events import ConcernRaised, Event
from .fold import step
from .record import SupportRecord, check_length, extended
from .rules import problems
from .stages import Stage
from .state import RecordState
from .transitions import accepted, target

__all__ = [
    "allowed_events",
    "apply",
    "check",
    "next_stage",
    "open_record",
    "propose_review_date",
    "replay",
]


def check(record: SupportRecord, event: Event) -> tuple[Problem, ...]:
    """Every error and advisory ``event`` would raise on ``record``; never raises.

    Paths are relative to the event. When the stage does not accept the event (or
    the record is closed) only that and the date order are checked: the other rules
    assume a move the machine makes.
    """
    return tuple(problems(record.state, event))


def apply(record: SupportRecord, event: Event) -> SupportRecord:
    """The record with ``event`` added, its advisories kept.

    Raises:
        TransitionError: Listing every error the event raises; ``record`` is as it was.
        ValidationError: The record already holds as many events as
            `sensupport.limits` allows.
    """
    check_length(len(record.events) + 1)
    state = step(record.state, event)
    with extended(state):
        return SupportRecord(pupil=record.pupil, events=(*record.events, event))


def allowed_events(record: SupportRecord | RecordState) -> frozenset[type]:
    """The event types the record accepts now: its stage takes them and their
    guards hold (none once it is closed).

    An event of an allowed type may still break a rule that reads the event itself
    (a plan with no target, a review dated before its plan).
    """
    return accepted(_state_of(record))


def next_stage(record: SupportRecord | RecordState, event: Event) -> Stage:
    """Where ``event`` would take the record; its stage if the move is not allowed."""
    return target(_state_of(record), event)


def _state_of(record: SupportRecord | RecordState) -> RecordState:
    return record.state if isinstance(record, SupportRecord) else record


def open_record(pupil: Pupil, first_event: ConcernRaised) -> SupportRecord:
    """A new record for ``pupil``, opened by a concern.

    Raises:
        ValidationError: ``first_event`` is not a `ConcernRaised`.
    """
    return SupportRecord(pupil=pupil, events=(first_event,))


def replay(pupil: Pupil, events: Iterable[Event]) -> SupportRecord:
    """The record ``events`` make, checked event by event.

    Raises:
        ValidationError: An event breaks a rule; the path names it (``events[4]``).
    """
    return SupportRecord(pupil=pupil, events=tuple(events))


def propose_review_date(
    agreed_on: dt.date,
    cadence: Cadence | None = None,
    calendar: SchoolCalendar | None = None,
) -> dt.date:
    """A review date for a plan agreed on ``agreed_on``: the cadence's next due date.

    The cadence defaults to termly, the most common in schools; a termly or
    half-termly cadence with no calendar uses `SchoolCalendar.default_england`, an
    approximation, for the school year of ``agreed_on`` and the next.

    >>> propose_review_date(dt.date(2025, 10, 8))
    datetime.date(2025, 12, 19)
    >>> propose_review_date(dt.date(2025, 10, 8), Cadence.every_weeks(6))
    datetime.date(2025, 11, 18)
    """
    chosen = cadence or Cadence.termly()
    if calendar is None:
        calendar = SchoolCalendar.default_england(school_year_of(agreed_on), years=2)
    return chosen.next_due(agreed_on, calendar)
