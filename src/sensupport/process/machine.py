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

from ..calendar import Cadence, SchoolCalendar, school_year_bounds, school_year_of
from ..codes import AssessmentOutcome, EHCDecision, EndReason, SenProvision
from ..errors import Problem, Severity, TransitionError, ValidationError
from ..pupils import Pupil
from .events import (
    AssessmentCompleted,
    ConcernRaised,
    EHCNeedsAssessmentDecided,
    EHCNeedsAssessmentRequested,
    EHCPlanDeclined,
    EHCPlanIssued,
    Event,
    PlanAgreed,
    ReviewHeld,
    SpecialistAdviceReceived,
    SupportEnded,
)
from .meetings import is_parent_meeting
from .record import Cycle, RecordState, SupportRecord
from .rules import RULES, Rule
from .stages import Stage
from .transitions import allowed_events, next_stage

__all__ = [
    "allowed_events",
    "apply",
    "check",
    "open_record",
    "propose_review_date",
    "replay",
]

_GATE = ("record.closed", "stage.not_allowed", "event.out_of_order")
_GATE_RULES = tuple(r for r in RULES if r.code in _GATE)
_RULES_FOR: dict[type, tuple[Rule, ...]] = {}


def _rules_for(kind: type) -> tuple[Rule, ...]:
    # The rules after the gate that apply to an event type, worked out once a type.
    try:
        return _RULES_FOR[kind]
    except KeyError:
        rules = tuple(
            r
            for r in RULES
            if r.code not in _GATE and (not r.events or issubclass(kind, r.events))
        )
        _RULES_FOR[kind] = rules
        return rules


def check(record: SupportRecord, event: Event) -> tuple[Problem, ...]:
    """Every error and advisory ``event`` would raise on ``record``; never raises.

    Paths are relative to the event. When the stage does not accept the event (or
    the record is closed) only that and the date order are checked: the other rules
    assume a move the machine makes.
    """
    rules = _rules_for(type(event))
    # The gate's rules find nothing when the stage takes the event and its date is
    # in order, as nearly every event in a stored record: no need to run them.
    if (
        type(event) in allowed_events(record)
        and event.occurred_on >= record.state.last_event_on
    ):
        return tuple(_run(rules, record, event))
    problems = _run(_GATE_RULES, record, event)
    if any(p.code in _GATE[:2] for p in problems):
        return tuple(problems)
    return tuple(problems + _run(rules, record, event))


def _run(rules: tuple[Rule, ...], record: SupportRecord, event: Event) -> list[Problem]:
    return [
        Problem(code=rule.code, message=message, path=path, severity=rule.severity)
        for rule in rules
        for path, message in rule.check(record, event)
    ]


def apply(record: SupportRecord, event: Event) -> SupportRecord:
    """The record with ``event`` added, its advisories kept.

    Raises:
        TransitionError: Listing every error the event raises; ``record`` is as it was.
    """
    problems = check(record, event)
    advisories: tuple[Problem, ...] = ()
    if problems:
        errors = [p for p in problems if p.severity is Severity.ERROR]
        if errors:
            raise TransitionError(errors, summary=f"{type(event).__name__} rejected")
        index = len(record.events)
        advisories = tuple(p.at(f"events[{index}]") for p in problems)
    state = _advance(record.state, event, next_stage(record, event), advisories)
    return SupportRecord._make(record.pupil, (*record.events, event), state)


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


def _replay_state(pupil: Pupil, events: tuple[Event, ...]) -> RecordState:
    if not events or not isinstance(events[0], ConcernRaised):
        what = type(events[0]).__name__ if events else "nothing"
        raise ValidationError(
            [
                Problem(
                    code="record.first_event",
                    message=f"a record opens with a ConcernRaised, not {what}",
                    path="events[0]" if events else "events",
                )
            ],
            summary="invalid SupportRecord",
        )
    first = events[0]
    state = RecordState(
        stage=Stage.ASSESS, opened_on=first.occurred_on, last_event_on=first.occurred_on
    )
    # A scratch record lets the rules read the state as users would; the events
    # it holds are those replayed so far.
    record = SupportRecord._make(pupil, (first,), state)
    for index, event in enumerate(events[1:], start=1):
        try:
            record = apply(record, event)
        except TransitionError as error:
            raise ValidationError(
                [p.at(f"events[{index}]") for p in error.problems],
                summary="invalid SupportRecord",
            ) from None
    return record.state


def _advance(
    state: RecordState, event: Event, stage: Stage, advisories: tuple[Problem, ...]
) -> RecordState:
    on = event.occurred_on
    needs, cycles = state.needs, state.cycles
    if isinstance(event, _NEEDS_EVENTS) and event.needs:
        needs = event.needs
    elif isinstance(event, PlanAgreed):
        cycles = (*cycles, Cycle(number=len(cycles) + 1, plan=event.plan))
    elif isinstance(event, ReviewHeld) and cycles:
        last = cycles[-1]
        cycles = (
            *cycles[:-1],
            Cycle(number=last.number, plan=last.plan, review=event.review),
        )
    meetings = state.parent_meetings
    if is_parent_meeting(event):
        meetings = (*meetings, on)
    requested_on, decision = _ehc(state, event, stage)
    closed = stage.is_closed
    # Built field by field, not with attrs.evolve: replay makes one state an event.
    return RecordState(
        stage=stage,
        opened_on=state.opened_on,
        last_event_on=on,
        needs=needs,
        cycles=cycles,
        advisories=state.advisories + advisories if advisories else state.advisories,
        provision_changes=_provision_changes(state, event, stage),
        parent_meetings=meetings,
        meetings_checked_to=_checked_to(state, on, stage),
        ehc_requested_on=requested_on,
        ehc_decision=decision,
        ended_on=on if closed else state.ended_on,
        end_reason=_end_reason(event) if closed else state.end_reason,
    )


_NEEDS_EVENTS = (AssessmentCompleted, SpecialistAdviceReceived)


def _provision_changes(
    state: RecordState, event: Event, stage: Stage
) -> tuple[tuple[dt.date, SenProvision], ...]:
    changes = state.provision_changes
    current = changes[-1][1] if changes else None
    code: SenProvision | None
    if stage is Stage.EHC_PLAN:
        code = SenProvision.EHC_PLAN
    elif stage is Stage.ENDED:
        code = SenProvision.NO_SEN if current is not None else None
    elif (
        isinstance(event, AssessmentCompleted)
        and event.outcome is AssessmentOutcome.SEN_SUPPORT
    ):
        code = SenProvision.SEN_SUPPORT
    else:
        code = None
    if code is None or code is current:
        return changes
    return (*changes, (event.occurred_on, code))


def _ehc(
    state: RecordState, event: Event, stage: Stage
) -> tuple[dt.date | None, EHCDecision | None]:
    """The request date and decision of an EHC needs assessment after ``event``."""
    if isinstance(event, EHCNeedsAssessmentRequested):
        return event.occurred_on, state.ehc_decision
    if isinstance(event, EHCNeedsAssessmentDecided):
        if stage is Stage.PLAN:
            return None, None
        return state.ehc_requested_on, event.decision
    if isinstance(event, EHCPlanDeclined):
        return None, None
    return state.ehc_requested_on, state.ehc_decision


def _end_reason(event: Event) -> EndReason:
    if isinstance(event, SupportEnded):
        return event.reason
    if isinstance(event, EHCPlanIssued):
        return EndReason.EHC_PLAN_ISSUED
    if isinstance(event, AssessmentCompleted):
        return EndReason.NOT_SEN
    return EndReason.NEEDS_MET


def _checked_to(state: RecordState, on: dt.date, stage: Stage) -> dt.date:
    if stage.is_closed:
        return on
    start, _ = school_year_bounds(school_year_of(on))
    return max(start, state.meetings_checked_to or state.opened_on)


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
