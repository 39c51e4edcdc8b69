"""The graduated approach as a state machine over an event log.

`TRANSITIONS` is the one table of which event each stage accepts and where it may
lead; `allowed_events`, the checks and the documentation's diagram all read it. Every
function here is pure: a record is never changed, only a new one made.

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
from collections.abc import Callable, Iterable

import attrs

from ..codes import (
    AssessmentOutcome,
    EHCDecision,
    EndReason,
    ReviewDecision,
    SenProvision,
)
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
    ParentMeetingHeld,
    PlanAgreed,
    ReviewHeld,
    SpecialistAdviceReceived,
    SupportEnded,
)
from .record import Cycle, RecordState, SupportRecord
from .stages import Stage

__all__ = [
    "TRANSITIONS",
    "Transition",
    "allowed_events",
    "apply",
    "check",
    "mermaid",
    "next_stage",
    "open_record",
    "replay",
]


@attrs.frozen
class Transition:
    """In stage ``source``, an event of type ``event`` leads to one of ``targets``.

    ``decide`` picks the target from the event itself (a review's decision, an
    assessment's outcome).
    """

    source: Stage
    event: type[Event]
    targets: tuple[Stage, ...]
    decide: Callable[[Event], Stage] = attrs.field(repr=False)


def _stay(stage: Stage) -> Callable[[Event], Stage]:
    return lambda _: stage


_AFTER_ASSESSMENT = {
    AssessmentOutcome.SEN_SUPPORT: Stage.PLAN,
    AssessmentOutcome.NOT_SEN: Stage.ENDED,
    AssessmentOutcome.SPECIALIST_ADVICE_NEEDED: Stage.ASSESS,
}
_AFTER_REVIEW = {
    ReviewDecision.CONTINUE: Stage.PLAN,
    ReviewDecision.CHANGE_PROVISION: Stage.PLAN,
    ReviewDecision.REDUCE_PROVISION: Stage.PLAN,
    ReviewDecision.SEEK_SPECIALIST_ADVICE: Stage.ASSESS,
    ReviewDecision.REQUEST_EHC_NEEDS_ASSESSMENT: Stage.EHC_NEEDS_ASSESSMENT,
    ReviewDecision.END_SUPPORT: Stage.ENDED,
}
_AFTER_EHC_DECISION = {
    EHCDecision.AGREED: Stage.EHC_NEEDS_ASSESSMENT,
    EHCDecision.REFUSED: Stage.PLAN,
}


def _after_assessment(event: Event) -> Stage:
    assert isinstance(event, AssessmentCompleted)
    return _AFTER_ASSESSMENT[event.outcome]


def _after_review(event: Event) -> Stage:
    assert isinstance(event, ReviewHeld)
    return _AFTER_REVIEW[event.review.decision]


def _after_ehc_decision(event: Event) -> Stage:
    assert isinstance(event, EHCNeedsAssessmentDecided)
    return _AFTER_EHC_DECISION[event.decision]


def _open_stage_moves(stage: Stage) -> tuple[Transition, ...]:
    """Moves every open stage has: advice, meetings, a request, an ending."""
    ehc = Stage.EHC_NEEDS_ASSESSMENT
    return (
        Transition(stage, SpecialistAdviceReceived, (stage,), _stay(stage)),
        Transition(stage, ParentMeetingHeld, (stage,), _stay(stage)),
        Transition(stage, EHCNeedsAssessmentRequested, (ehc,), _stay(ehc)),
        Transition(stage, SupportEnded, (Stage.ENDED,), _stay(Stage.ENDED)),
    )


TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        Stage.ASSESS,
        AssessmentCompleted,
        tuple(dict.fromkeys(_AFTER_ASSESSMENT.values())),
        _after_assessment,
    ),
    *_open_stage_moves(Stage.ASSESS),
    Transition(Stage.PLAN, PlanAgreed, (Stage.DO,), _stay(Stage.DO)),
    *_open_stage_moves(Stage.PLAN),
    Transition(
        Stage.DO,
        ReviewHeld,
        tuple(dict.fromkeys(_AFTER_REVIEW.values())),
        _after_review,
    ),
    *_open_stage_moves(Stage.DO),
    Transition(
        Stage.EHC_NEEDS_ASSESSMENT,
        EHCNeedsAssessmentDecided,
        tuple(_AFTER_EHC_DECISION.values()),
        _after_ehc_decision,
    ),
    Transition(
        Stage.EHC_NEEDS_ASSESSMENT,
        EHCPlanIssued,
        (Stage.EHC_PLAN,),
        _stay(Stage.EHC_PLAN),
    ),
    Transition(
        Stage.EHC_NEEDS_ASSESSMENT, EHCPlanDeclined, (Stage.PLAN,), _stay(Stage.PLAN)
    ),
    *_open_stage_moves(Stage.EHC_NEEDS_ASSESSMENT),
)
"""Every move of the graduated approach: the one table the machine reads."""

_TABLE: dict[tuple[Stage, type], Transition] = {
    (t.source, t.event): t for t in TRANSITIONS
}
_ALLOWED: dict[Stage, frozenset[type]] = {
    stage: frozenset(t.event for t in TRANSITIONS if t.source is stage)
    for stage in Stage
}


def allowed_events(record: SupportRecord) -> frozenset[type]:
    """The event types the record's stage accepts (none once it is closed)."""
    return _ALLOWED[record.stage]


def next_stage(record: SupportRecord, event: Event) -> Stage:
    """Where ``event`` would take the record; its stage if the move is not allowed."""
    transition = _TABLE.get((record.stage, type(event)))
    return record.stage if transition is None else transition.decide(event)


def check(record: SupportRecord, event: Event) -> tuple[Problem, ...]:
    """Every error and advisory ``event`` would raise on ``record``; never raises.

    Paths are relative to the event. When the stage does not accept the event (or
    the record is closed) only that and the date order are checked: the other rules
    assume a move the machine makes.
    """
    from .rules import RULES

    problems: list[Problem] = []
    gate = ("record.closed", "stage.not_allowed", "event.out_of_order")
    for rule in RULES:
        if rule.code in gate:
            problems += _run(rule.code, rule.severity, rule.check(record, event))
    if any(p.code in gate[:2] for p in problems):
        return tuple(problems)
    for rule in RULES:
        if rule.code not in gate and (
            not rule.events or isinstance(event, rule.events)
        ):
            problems += _run(rule.code, rule.severity, rule.check(record, event))
    return tuple(problems)


def _run(
    code: str, severity: Severity, found: Iterable[tuple[str, str]]
) -> list[Problem]:
    return [Problem(code=code, message=m, path=p, severity=severity) for p, m in found]


def apply(record: SupportRecord, event: Event) -> SupportRecord:
    """The record with ``event`` added, its advisories kept.

    Raises:
        TransitionError: Listing every error the event raises; ``record`` is as it was.
    """
    problems = check(record, event)
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
    changes: dict[str, object] = {
        "stage": stage,
        "last_event_on": on,
        "advisories": state.advisories + advisories,
    }
    if (
        isinstance(event, AssessmentCompleted | SpecialistAdviceReceived)
        and event.needs
    ):
        changes["needs"] = event.needs
    if isinstance(event, PlanAgreed):
        changes["cycles"] = (
            *state.cycles,
            Cycle(number=len(state.cycles) + 1, plan=event.plan),
        )
    if isinstance(event, ReviewHeld) and state.cycles:
        changes["cycles"] = (
            *state.cycles[:-1],
            attrs.evolve(state.cycles[-1], review=event.review),
        )
    from .rules import is_parent_meeting

    if is_parent_meeting(event):
        changes["parent_meetings"] = (*state.parent_meetings, on)
    changes.update(_provision_changes(state, event, stage))
    changes.update(_ehc_changes(state, event, stage))
    if stage.is_closed:
        changes["ended_on"] = on
        changes["end_reason"] = _end_reason(event)
    changes["meetings_checked_to"] = _checked_to(state, on, stage)
    return attrs.evolve(state, **changes)  # type: ignore[arg-type]


def _provision_changes(
    state: RecordState, event: Event, stage: Stage
) -> dict[str, object]:
    current = state.provision_changes[-1][1] if state.provision_changes else None
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
        return {}
    return {"provision_changes": (*state.provision_changes, (event.occurred_on, code))}


def _ehc_changes(state: RecordState, event: Event, stage: Stage) -> dict[str, object]:
    if isinstance(event, EHCNeedsAssessmentRequested):
        return {"ehc_requested_on": event.occurred_on}
    if isinstance(event, EHCNeedsAssessmentDecided):
        if stage is Stage.PLAN:
            return {"ehc_requested_on": None, "ehc_decision": None}
        return {"ehc_decision": event.decision}
    if isinstance(event, EHCPlanDeclined):
        return {"ehc_requested_on": None, "ehc_decision": None}
    return {}


def _end_reason(event: Event) -> EndReason:
    if isinstance(event, SupportEnded):
        return event.reason
    if isinstance(event, EHCPlanIssued):
        return EndReason.EHC_PLAN_ISSUED
    if isinstance(event, AssessmentCompleted):
        return EndReason.NOT_SEN
    return EndReason.NEEDS_MET


def _checked_to(state: RecordState, on: dt.date, stage: Stage) -> dt.date:
    from ..calendar import school_year_bounds, school_year_of

    if stage.is_closed:
        return on
    start, _ = school_year_bounds(school_year_of(on))
    return max(start, state.meetings_checked_to or state.opened_on)


def mermaid() -> str:
    """The stages and moves as a Mermaid state diagram, drawn from `TRANSITIONS`.

    >>> print(mermaid().splitlines()[1])
        [*] --> assess: ConcernRaised
    """
    lines = ["stateDiagram-v2", "    [*] --> assess: ConcernRaised"]
    edges: dict[tuple[Stage, Stage], list[str]] = {}
    for t in TRANSITIONS:
        for target in t.targets:
            if target is not t.source:
                edges.setdefault((t.source, target), []).append(t.event.__name__)
    for (source, target), names in edges.items():
        lines.append(f"    {source.value} --> {target.value}: {' / '.join(names)}")
    lines += [f"    {s.value} --> [*]" for s in Stage if s.is_closed]
    return "\n".join(lines)
