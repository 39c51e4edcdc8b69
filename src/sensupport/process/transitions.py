"""Which event each stage accepts, on what condition, and where it leads.

`TRANSITIONS` is the machine's one table. A row says that in stage ``source`` (None:
before the record exists) an event of type ``event`` leads to one of ``targets``, if
every one of its ``guards`` holds for the record's state. The same rows answer "which
events may happen now?" (`accepted`) and "may this event happen?" (the machine's
checks), and draw the documentation's diagram (`mermaid`), so none can drift.

>>> Stage.DO in {t.source for t in TRANSITIONS}
True
>>> [g.code for g in transition_for(Stage.EHC_NEEDS_ASSESSMENT, ev.EHCPlanIssued).guards]
['ehc.not_requested', 'ehc.not_agreed', 'ehc.plan_with_nsa']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs

from .._validation import show
from ..codes import (
    AssessmentOutcome,
    EHCDecision,
    NeedType,
    ReviewDecision,
    SenProvision,
)
from . import events as ev
from .stages import Stage
from .state import RecordState

__all__ = [
    "TRANSITIONS",
    "Guard",
    "Transition",
    "accepted",
    "mermaid",
    "target",
    "transition_for",
]


@attrs.frozen(kw_only=True)
class Guard:
    """A condition on the record's state for a move, with its rule code.

    Args:
        code: The stable code of the error raised when it does not hold.
        summary: The rule in a sentence, for the documentation's table.
        source: Where the rule comes from, if outside the process itself.
        holds: True when the state allows the move.
        explain: For a state where it does not hold, the path into the event and a
            message naming the values.
    """

    code: str
    summary: str
    source: str = ""
    holds: Callable[[RecordState], bool] = attrs.field(repr=False)
    explain: Callable[[RecordState, ev.Event], tuple[str, str]] = attrs.field(
        repr=False
    )


@attrs.frozen
class Transition:
    """In stage ``source``, an event of type ``event`` leads to one of ``targets``.

    ``decide`` picks the target from the event itself (a review's decision, an
    assessment's outcome). ``guards`` must all hold for the move to be allowed.
    A ``source`` of None marks an event that opens a record.
    """

    source: Stage | None
    event: type[ev.Event]
    targets: tuple[Stage, ...]
    decide: Callable[[ev.Event], Stage] = attrs.field(repr=False)
    guards: tuple[Guard, ...] = ()


# --- guards: conditions on the record alone --------------------------------------------

EHC_NOT_YET_REQUESTED = Guard(
    code="ehc.already_requested",
    summary="An EHC needs assessment is requested once per episode.",
    holds=lambda s: s.ehc_requested_on is None,
    explain=lambda s, e: (
        "",
        f"an EHC needs assessment was already requested on {show(s.ehc_requested_on)}",
    ),
)
EHC_REQUESTED = Guard(
    code="ehc.not_requested",
    summary="A decision or plan follows a request for an EHC needs assessment.",
    holds=lambda s: s.ehc_requested_on is not None,
    explain=lambda s, e: (
        "",
        f"{type(e).__name__} but no EHC needs assessment was requested",
    ),
)
EHC_NOT_YET_DECIDED = Guard(
    code="ehc.already_decided",
    summary="The local authority decides once whether to assess.",
    holds=lambda s: s.ehc_decision is None,
    explain=lambda s, e: (
        "decision",
        f"the local authority already decided: {show(s.ehc_decision)}",
    ),
)
EHC_AGREED = Guard(
    code="ehc.not_agreed",
    summary="A plan is issued or declined only after the authority agreed to assess.",
    # Without a request, EHC_REQUESTED already says what is wrong.
    holds=lambda s: s.ehc_requested_on is None or s.ehc_decision is EHCDecision.AGREED,
    explain=lambda s, e: (
        "",
        f"{type(e).__name__} but the local authority has not agreed to assess",
    ),
)
NEEDS_ASSESSED = Guard(
    code="ehc.plan_with_nsa",
    summary="An EHC plan is issued only once the need has been specialist-assessed.",
    source="School census rule 2175: NSA only with SEN provision K",
    holds=lambda s: all(n.need_type is not NeedType.NSA for n in s.needs),
    explain=lambda s, e: (
        "",
        "the needs register holds NSA (no specialist assessment of type of need), "
        "which the census allows only with SEN provision K, not E; record the "
        "assessed need before the EHC plan",
    ),
)
NEED_IDENTIFIED = Guard(
    code="plan.no_identified_need",
    summary="A plan is agreed only once a need has been identified.",
    source="Census: a pupil on K has a primary need",
    holds=lambda s: bool(s.needs),
    explain=lambda s, e: (
        "plan.needs",
        "no need has been identified, so no plan can address one; an assessment "
        "or a specialist's advice identifies it first",
    ),
)


# --- where events lead -----------------------------------------------------------------


def _stay(stage: Stage) -> Callable[[ev.Event], Stage]:
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


def _after_assessment(event: ev.Event) -> Stage:
    assert isinstance(event, ev.AssessmentCompleted)
    return _AFTER_ASSESSMENT[event.outcome]


def _after_review(event: ev.Event) -> Stage:
    assert isinstance(event, ev.ReviewHeld)
    return _AFTER_REVIEW[event.review.decision]


def _after_ehc_decision(event: ev.Event) -> Stage:
    assert isinstance(event, ev.EHCNeedsAssessmentDecided)
    return _AFTER_EHC_DECISION[event.decision]


def _after_history(event: ev.Event) -> Stage:
    assert isinstance(event, ev.SENHistoryReceived)
    if event.provision is SenProvision.EHC_PLAN:
        return Stage.EHC_PLAN
    # A plan in force, even one known only by its review date, awaits its review.
    return Stage.PLAN if event.plan_review_due_on is None else Stage.DO


def _targets(after: Mapping[Any, Stage]) -> tuple[Stage, ...]:
    return tuple(dict.fromkeys(after.values()))


def _open_stage_moves(stage: Stage) -> tuple[Transition, ...]:
    """Moves every open stage has: advice, meetings, a request, an ending."""
    ehc = Stage.EHC_NEEDS_ASSESSMENT
    return (
        Transition(stage, ev.SpecialistAdviceReceived, (stage,), _stay(stage)),
        Transition(stage, ev.ParentMeetingHeld, (stage,), _stay(stage)),
        Transition(
            stage,
            ev.EHCNeedsAssessmentRequested,
            (ehc,),
            _stay(ehc),
            (EHC_NOT_YET_REQUESTED,),
        ),
        Transition(stage, ev.SupportEnded, (Stage.ENDED,), _stay(Stage.ENDED)),
    )


TRANSITIONS: tuple[Transition, ...] = (
    Transition(None, ev.ConcernRaised, (Stage.ASSESS,), _stay(Stage.ASSESS)),
    Transition(
        None,
        ev.SENHistoryReceived,
        (Stage.PLAN, Stage.DO, Stage.EHC_PLAN),
        _after_history,
    ),
    Transition(
        Stage.ASSESS,
        ev.AssessmentCompleted,
        _targets(_AFTER_ASSESSMENT),
        _after_assessment,
    ),
    *_open_stage_moves(Stage.ASSESS),
    Transition(
        Stage.PLAN, ev.PlanAgreed, (Stage.DO,), _stay(Stage.DO), (NEED_IDENTIFIED,)
    ),
    *_open_stage_moves(Stage.PLAN),
    Transition(Stage.DO, ev.ReviewHeld, _targets(_AFTER_REVIEW), _after_review),
    *_open_stage_moves(Stage.DO),
    Transition(
        Stage.EHC_NEEDS_ASSESSMENT,
        ev.EHCNeedsAssessmentDecided,
        _targets(_AFTER_EHC_DECISION),
        _after_ehc_decision,
        (EHC_REQUESTED, EHC_NOT_YET_DECIDED),
    ),
    Transition(
        Stage.EHC_NEEDS_ASSESSMENT,
        ev.EHCPlanIssued,
        (Stage.EHC_PLAN,),
        _stay(Stage.EHC_PLAN),
        (EHC_REQUESTED, EHC_AGREED, NEEDS_ASSESSED),
    ),
    Transition(
        Stage.EHC_NEEDS_ASSESSMENT,
        ev.EHCPlanDeclined,
        (Stage.PLAN,),
        _stay(Stage.PLAN),
        (EHC_REQUESTED, EHC_AGREED),
    ),
    *_open_stage_moves(Stage.EHC_NEEDS_ASSESSMENT),
)
"""Every move of the graduated approach: the one table the machine reads."""

_TABLE: dict[tuple[Stage | None, type], Transition] = {
    (t.source, t.event): t for t in TRANSITIONS
}
_BY_STAGE: dict[Stage, tuple[Transition, ...]] = {
    stage: tuple(t for t in TRANSITIONS if t.source is stage) for stage in Stage
}
_UNGUARDED: dict[Stage, frozenset[type]] = {
    stage: frozenset(t.event for t in moves if not t.guards)
    for stage, moves in _BY_STAGE.items()
}


def transition_for(source: Stage | None, kind: type) -> Transition | None:
    """The row for an event type in a stage (None: opening a record), if any."""
    return _TABLE.get((source, kind))


def accepted(state: RecordState) -> frozenset[type]:
    """The event types the stage accepts whose guards hold (none once closed)."""
    guarded = [
        t.event
        for t in _BY_STAGE[state.stage]
        if t.guards and all(g.holds(state) for g in t.guards)
    ]
    return _UNGUARDED[state.stage] | frozenset(guarded)


def target(state: RecordState, event: ev.Event) -> Stage:
    """Where ``event`` would take the record; its stage if no row allows the move."""
    transition = _TABLE.get((state.stage, type(event)))
    return state.stage if transition is None else transition.decide(event)


def mermaid() -> str:
    """The stages and moves as a Mermaid state diagram, drawn from `TRANSITIONS`.

    >>> print(mermaid().splitlines()[1])
        [*] --> assess: ConcernRaised
    """
    lines = ["stateDiagram-v2"]
    edges: dict[tuple[str, Stage], list[str]] = {}
    for t in TRANSITIONS:
        source = "[*]" if t.source is None else t.source.value
        for stage in t.targets:
            if stage is not t.source:
                edges.setdefault((source, stage), []).append(t.event.__name__)
    for (source, stage), names in edges.items():
        lines.append(f"    {source} --> {stage.value}: {' / '.join(names)}")
    lines += [f"    {s.value} --> [*]" for s in Stage if s.is_closed]
    return "\n".join(lines)
