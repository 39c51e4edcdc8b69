"""Which event each stage accepts, and where it leads: the machine's one table.

`TRANSITIONS` is read by `allowed_events`, by the checks, and by `mermaid`, which
draws the documentation's diagram, so none of them can drift from another.

>>> Stage.DO in {t.source for t in TRANSITIONS}
True
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from ..codes import AssessmentOutcome, EHCDecision, ReviewDecision
from .events import (
    AssessmentCompleted,
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
from .record import SupportRecord
from .stages import Stage

__all__ = ["TRANSITIONS", "Transition", "allowed_events", "mermaid", "next_stage"]


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
