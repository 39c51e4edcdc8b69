"""How each event changes a record's state: one function an event type.

An opening event makes the first state (`opened`); every later event makes the next
one from the last (`changed`), once the machine has checked it and chosen the stage
it leads to. Each event type registers its change here, beside the others, so adding
an event is its class, its change, and its row in the transition table.

>>> import datetime as dt
>>> from sensupport import Role
>>> from sensupport.process import ConcernRaised, ParentMeetingHeld, Stage
>>> state = opened(ConcernRaised(occurred_on=dt.date(2025, 9, 22),
...                              raised_by=Role.TEACHER), Stage.ASSESS)
>>> met = changed(state, ParentMeetingHeld(occurred_on=dt.date(2025, 10, 1)),
...               Stage.ASSESS, ())
>>> met.parent_meetings, met.events_seen
((datetime.date(2025, 10, 1),), 2)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from ..calendar import school_year_bounds, school_year_of
from ..codes import AssessmentOutcome, EHCDecision, EndReason, SenProvision
from ..errors import Problem
from ..needs import Need
from . import events as ev
from ._log import Log
from .meetings import is_parent_meeting
from .stages import Stage
from .state import Cycle, RecordState

__all__ = ["changed", "opened"]

Advisories = tuple[Problem, ...]
_Change = Callable[[RecordState, Any, Stage, Advisories], RecordState]
_Open = Callable[[Any, Stage], RecordState]
F = TypeVar("F", bound=Callable[..., RecordState])

_CHANGES: dict[type, _Change] = {}
_OPENINGS: dict[type, _Open] = {}


def opened(event: ev.Event, stage: Stage) -> RecordState:
    """The state an opening event makes, waiting in ``stage``."""
    return _OPENINGS[type(event)](event, stage)


def changed(
    state: RecordState, event: ev.Event, stage: Stage, advisories: Advisories
) -> RecordState:
    """The state after ``event``, which the machine has checked, now in ``stage``."""
    return _CHANGES[type(event)](state, event, stage, advisories)


def _changes(kind: type) -> Callable[[F], F]:
    def register(change: F) -> F:
        _CHANGES[kind] = change
        return change

    return register


def _opens(kind: type) -> Callable[[F], F]:
    def register(change: F) -> F:
        _OPENINGS[kind] = change
        return change

    return register


Ehc = tuple[dt.date | None, EHCDecision | None]
"""An EHC needs assessment's request date and decision."""


def _moved(
    state: RecordState,
    event: ev.Event,
    stage: Stage,
    advisories: Advisories,
    *,
    needs: tuple[Need, ...] | None = None,
    cycles: Log[Cycle] | None = None,
    meets_parents: bool = False,
    starts_support: bool = False,
    ehc: Ehc | None = None,
    end_reason: EndReason = EndReason.NEEDS_MET,
) -> RecordState:
    """The next state: what every event changes, and what this one says it changes.

    ``ehc``, when given, is the request date and decision after the event.
    """
    on = event.occurred_on
    closed = stage.is_closed
    requested_on, decision = (
        (state.ehc_requested_on, state.ehc_decision) if ehc is None else ehc
    )
    # Built field by field, not with attrs.evolve: replay makes one state an event.
    cycle_log, advisory_log, meeting_log = state.logs
    for advisory in advisories:
        advisory_log = advisory_log.added(advisory)
    return RecordState(
        stage=stage,
        opened_on=state.opened_on,
        last_event_on=on,
        events_seen=state.events_seen + 1,
        needs=state.needs if needs is None else needs,
        cycles=cycle_log if cycles is None else cycles,
        advisories=advisory_log,
        provision_changes=_provision_changes(state, on, stage, starts_support),
        parent_meetings=meeting_log.added(on) if meets_parents else meeting_log,
        meetings_checked_to=_checked_to(state, on, stage),
        ehc_requested_on=requested_on,
        ehc_decision=decision,
        ended_on=on if closed else state.ended_on,
        end_reason=end_reason if closed else state.end_reason,
    )


def _provision_changes(
    state: RecordState, on: dt.date, stage: Stage, starts_support: bool
) -> tuple[tuple[dt.date, SenProvision], ...]:
    changes = state.provision_changes
    current = changes[-1][1] if changes else None
    code: SenProvision | None
    if stage is Stage.EHC_PLAN:
        code = SenProvision.EHC_PLAN
    elif stage is Stage.ENDED:
        code = SenProvision.NO_SEN if current is not None else None
    elif starts_support:
        code = SenProvision.SEN_SUPPORT
    else:
        code = None
    if code is None or code is current:
        return changes
    return (*changes, (on, code))


def _checked_to(state: RecordState, on: dt.date, stage: Stage) -> dt.date:
    # Parent meetings are counted a school year at a time, once the year has ended.
    if stage.is_closed:
        return on
    start, _ = school_year_bounds(school_year_of(on))
    return max(start, state.meetings_checked_to or state.opened_on)


# --- one change an event type ------------------------------------------------------


@_opens(ev.ConcernRaised)
def _concern_raised(event: ev.ConcernRaised, stage: Stage) -> RecordState:
    on = event.occurred_on
    return RecordState(stage=stage, opened_on=on, last_event_on=on)


@_opens(ev.SENHistoryReceived)
def _history_received(event: ev.SENHistoryReceived, stage: Stage) -> RecordState:
    on = event.occurred_on
    cycles: tuple[Cycle, ...] = ()
    if event.plan_review_due_on is not None:
        known = event.review_due_on if event.plan is None else None
        cycles = (Cycle(number=1, plan=event.plan, known_review_due_on=known),)
    closed = stage.is_closed
    return RecordState(
        stage=stage,
        opened_on=on,
        last_event_on=on,
        needs=event.needs,
        cycles=cycles,
        provision_changes=(
            *((p.started_on, p.provision) for p in event.earlier),
            (event.provision_started_on, event.provision),
        ),
        # An EHC plan in place ended SEN support on the day it began.
        ended_on=event.provision_started_on if closed else None,
        end_reason=EndReason.EHC_PLAN_ISSUED if closed else None,
    )


@_changes(ev.AssessmentCompleted)
def _assessment_completed(
    state: RecordState, event: ev.AssessmentCompleted, stage: Stage, a: Advisories
) -> RecordState:
    return _moved(
        state,
        event,
        stage,
        a,
        needs=event.needs or None,
        starts_support=event.outcome is AssessmentOutcome.SEN_SUPPORT,
        end_reason=EndReason.NOT_SEN,
    )


@_changes(ev.SpecialistAdviceReceived)
def _specialist_advice_received(
    state: RecordState, event: ev.SpecialistAdviceReceived, stage: Stage, a: Advisories
) -> RecordState:
    return _moved(state, event, stage, a, needs=event.needs or None)


@_changes(ev.PlanAgreed)
def _plan_agreed(
    state: RecordState, event: ev.PlanAgreed, stage: Stage, a: Advisories
) -> RecordState:
    cycles = state.logs[0]
    cycle = Cycle(number=len(cycles) + 1, plan=event.plan)
    return _moved(
        state,
        event,
        stage,
        a,
        cycles=cycles.added(cycle),
        meets_parents=is_parent_meeting(event),
    )


@_changes(ev.ReviewHeld)
def _review_held(
    state: RecordState, event: ev.ReviewHeld, stage: Stage, a: Advisories
) -> RecordState:
    cycles = state.logs[0]
    last = cycles.last
    if last is not None:
        reviewed = Cycle(
            number=last.number,
            plan=last.plan,
            review=event.review,
            known_review_due_on=last.known_review_due_on,
        )
        cycles = cycles.replaced_last(reviewed)
    return _moved(
        state, event, stage, a, cycles=cycles, meets_parents=is_parent_meeting(event)
    )


@_changes(ev.ParentMeetingHeld)
def _parent_meeting_held(
    state: RecordState, event: ev.ParentMeetingHeld, stage: Stage, a: Advisories
) -> RecordState:
    return _moved(state, event, stage, a, meets_parents=True)


@_changes(ev.EHCNeedsAssessmentRequested)
def _ehc_requested(
    state: RecordState,
    event: ev.EHCNeedsAssessmentRequested,
    stage: Stage,
    a: Advisories,
) -> RecordState:
    return _moved(state, event, stage, a, ehc=(event.occurred_on, state.ehc_decision))


@_changes(ev.EHCNeedsAssessmentDecided)
def _ehc_decided(
    state: RecordState, event: ev.EHCNeedsAssessmentDecided, stage: Stage, a: Advisories
) -> RecordState:
    # A refusal returns the record to planning and closes the request.
    refused = event.decision is EHCDecision.REFUSED
    ehc = (None, None) if refused else (state.ehc_requested_on, event.decision)
    return _moved(state, event, stage, a, ehc=ehc)


@_changes(ev.EHCPlanIssued)
def _ehc_plan_issued(
    state: RecordState, event: ev.EHCPlanIssued, stage: Stage, a: Advisories
) -> RecordState:
    return _moved(state, event, stage, a, end_reason=EndReason.EHC_PLAN_ISSUED)


@_changes(ev.EHCPlanDeclined)
def _ehc_plan_declined(
    state: RecordState, event: ev.EHCPlanDeclined, stage: Stage, a: Advisories
) -> RecordState:
    return _moved(state, event, stage, a, ehc=(None, None))


@_changes(ev.SupportEnded)
def _support_ended(
    state: RecordState, event: ev.SupportEnded, stage: Stage, a: Advisories
) -> RecordState:
    return _moved(state, event, stage, a, end_reason=event.reason)
