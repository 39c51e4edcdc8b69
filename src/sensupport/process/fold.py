"""Replaying events into a state: check each event, then apply its state change.

`step` is one move of the machine on a state; `fold` replays a whole log. Neither
builds a record: a record is made once, from its events and the state they fold to,
so replaying a log costs one state an event and nothing more.

>>> import datetime as dt
>>> from sensupport import Role
>>> from sensupport.process import ConcernRaised, ParentMeetingHeld
>>> state = fold((ConcernRaised(occurred_on=dt.date(2025, 9, 22), raised_by=Role.TEACHER),
...               ParentMeetingHeld(occurred_on=dt.date(2025, 10, 1))))
>>> state.stage, state.events_seen
(<Stage.ASSESS: 'assess'>, 2)
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from ..errors import Problem, Severity, TransitionError, ValidationError
from . import events as ev
from .changes import changed, opened
from .rules import opening_problems, problems
from .state import RecordState
from .transitions import TRANSITIONS, target, transition_for

__all__ = ["event_index", "event_path", "fold", "open_state", "step"]

_OPENING_NAMES = " or ".join(t.event.__name__ for t in TRANSITIONS if t.source is None)


def open_state(event: ev.Event) -> RecordState:
    """The state an opening event makes.

    Raises:
        ValidationError: ``event`` cannot open a record.
    """
    transition = transition_for(None, type(event))
    if transition is None:
        raise _cannot_open(type(event).__name__, event_path(0))
    state = opened(event, transition.decide(event))
    found = opening_problems(state, event)
    if not found:
        return state
    errors = [p.at(event_path(0)) for p in found if p.severity is Severity.ERROR]
    if errors:
        raise ValidationError(errors, summary="invalid SupportRecord")
    advisories = tuple(p.at(event_path(0)) for p in found)
    return attrs.evolve(state, advisories=advisories)


def step(state: RecordState, event: ev.Event) -> RecordState:
    """The state after ``event``, its advisories kept.

    Raises:
        TransitionError: Listing every error the event raises.
    """
    found = problems(state, event)
    advisories: tuple[Problem, ...] = ()
    if found:
        errors = [p for p in found if p.severity is Severity.ERROR]
        if errors:
            raise TransitionError(errors, summary=f"{type(event).__name__} rejected")
        index = state.events_seen
        advisories = tuple(p.at(event_path(index)) for p in found)
    return changed(state, event, target(state, event), advisories)


def fold(events: Sequence[ev.Event]) -> RecordState:
    """The state a whole log makes, checked event by event.

    Raises:
        ValidationError: An event breaks a rule; the path names it (``events[4]``).
    """
    if not events:
        raise _cannot_open("nothing", "events")
    state = open_state(events[0])
    for index in range(1, len(events)):
        try:
            state = step(state, events[index])
        except TransitionError as error:
            raise ValidationError(
                [p.at(event_path(index)) for p in error.problems],
                summary="invalid SupportRecord",
            ) from None
    return state


def event_path(index: int) -> str:
    """The path of a record's event at ``index``, where its problems are placed.

    >>> event_path(4), event_index("events[4].plan.targets[0].due_on")
    ('events[4]', 4)
    """
    return f"events[{index}]"


def event_index(path: str) -> int:
    """The index of the event at the start of ``path``, a path `event_path` began.

    Raises:
        ValueError: ``path`` does not start at an event.
    """
    if not path.startswith("events["):
        raise ValueError(f"{path!r} does not start at an event")
    return int(path[7 : path.index("]")])


def _cannot_open(what: str, path: str) -> ValidationError:
    return ValidationError(
        [
            Problem(
                code="record.first_event",
                message=f"a record opens with a {_OPENING_NAMES}, not {what}",
                path=path,
            )
        ],
        summary="invalid SupportRecord",
    )
