"""Hypothesis strategies for events and whole records (requires hypothesis).

`support_records` drives the real state machine: each step draws an event the
record's stage accepts, dated on or after the last one, and applies it. So every
record drawn is one the library itself accepts.
"""

from __future__ import annotations

import datetime as dt
import functools

from hypothesis import assume, reject
from hypothesis import strategies as st

from ..codes import (
    AssessmentOutcome,
    EHCDecision,
    EndReason,
    EvidenceSource,
    ReviewDecision,
    Role,
    SenProvision,
)
from ..errors import ValidationError
from ..needs import Need
from ..process import events as ev
from ..process.machine import allowed_events, apply
from ..process.record import SupportRecord
from ..process.stages import Stage
from ..reviews import Review
from ._history import sen_histories
from ._model import _free_text, dates, need_sets, pupils, reviews_for, support_plans

__all__ = ["concerns", "events", "events_for", "invalid_events_for", "support_records"]

_SPECIALISTS = [r for r in Role if r.is_specialist]


def concerns(
    *, on: st.SearchStrategy[dt.date] | None = None
) -> st.SearchStrategy[ev.ConcernRaised]:
    """Concerns that open a record."""
    return st.builds(
        ev.ConcernRaised,
        occurred_on=dates(max_value=dt.date(2035, 8, 31)) if on is None else on,
        raised_by=st.sampled_from(Role),
        evidence=st.lists(st.sampled_from(EvidenceSource), unique=True, max_size=3).map(
            tuple
        ),
        summary=_free_text(),
    )


@functools.lru_cache(maxsize=256)
def _days(max_days: int) -> st.SearchStrategy[int]:
    return st.integers(min_value=0, max_value=max_days)


@st.composite
def _after_date(draw: st.DrawFn, last: dt.date, max_days: int) -> dt.date:
    return last + dt.timedelta(days=draw(_days(max_days)))


def _after(last: dt.date, max_days: int = 120) -> st.SearchStrategy[dt.date]:
    return _after_date(last, max_days)


@st.composite
def _event_for(
    draw: st.DrawFn, record: SupportRecord, kind: type[ev.Event], cycling: bool = False
) -> ev.Event:
    last = record.state.last_event_on
    on = last + dt.timedelta(days=draw(_days(120)))
    if kind is ev.AssessmentCompleted:
        outcome = (
            AssessmentOutcome.SEN_SUPPORT
            if cycling
            else draw(st.sampled_from(_OUTCOMES))
        )
        needs: tuple[Need, ...] = ()
        if outcome is AssessmentOutcome.SEN_SUPPORT and (
            not record.needs or draw(st.booleans())
        ):
            needs = draw(need_sets(identified_on=st.just(on)))
        return ev.AssessmentCompleted(
            occurred_on=on,
            outcome=outcome,
            needs=needs,
            parents_notified_on=draw(st.none() | st.just(on)),
        )
    if kind is ev.SpecialistAdviceReceived:
        return ev.SpecialistAdviceReceived(
            occurred_on=on,
            specialist=draw(st.sampled_from(_SPECIALISTS)),
            needs=draw(st.just(()) | need_sets(identified_on=st.just(on))),
            recommendations=draw(_free_text()),
        )
    if kind is ev.PlanAgreed:
        types = tuple(n.need_type for n in record.needs)
        return ev.PlanAgreed(
            plan=draw(support_plans(agreed_on=st.just(on), need_types=types))
        )
    if kind is ev.ReviewHeld:
        decisions = st.sampled_from(_DECISIONS[:2] if cycling else _DECISIONS)
        plan = record.current_plan
        if plan is None:
            # A plan received only by its review date: no targets to give outcomes.
            return ev.ReviewHeld(
                review=Review(
                    held_on=on,
                    decision=draw(decisions),
                    parent_views_recorded=draw(st.booleans()),
                    pupil_views_recorded=draw(st.booleans()),
                )
            )
        held = _after(
            max(last, plan.agreed_on), (plan.review_due_on - plan.agreed_on).days + 30
        )
        return ev.ReviewHeld(
            review=draw(reviews_for(plan, held_on=held, decisions=decisions))
        )
    if kind is ev.ParentMeetingHeld:
        return ev.ParentMeetingHeld(occurred_on=on, summary=draw(_free_text()))
    if kind is ev.EHCNeedsAssessmentRequested:
        return ev.EHCNeedsAssessmentRequested(
            occurred_on=on,
            requested_by=draw(st.sampled_from([Role.SENCO, Role.PARENT])),
        )
    if kind is ev.EHCNeedsAssessmentDecided:
        return ev.EHCNeedsAssessmentDecided(
            occurred_on=draw(_after(last, 60)),
            decision=draw(st.sampled_from(EHCDecision)),
        )
    if kind is ev.EHCPlanIssued:
        return ev.EHCPlanIssued(occurred_on=draw(_after(last, 120)))
    if kind is ev.EHCPlanDeclined:
        return ev.EHCPlanDeclined(occurred_on=on)
    if kind is ev.SupportEnded:
        reasons = [EndReason.NEEDS_MET, EndReason.NOT_SEN, EndReason.LEFT_SCHOOL]
        return ev.SupportEnded(occurred_on=on, reason=draw(st.sampled_from(reasons)))
    # An event type added to the process and not yet given a strategy here: built
    # from its annotations, dated now, and drawn again if it breaks its own checks.
    built: st.SearchStrategy[ev.Event] = st.builds(kind, occurred_on=st.just(on))
    try:
        return draw(built)
    except ValidationError:
        reject()


def _acceptable(record: SupportRecord) -> list[type[ev.Event]]:
    """Event types the record accepts now, in the order of the process."""
    allowed = allowed_events(record)
    return [kind for kind in ev.EVENT_TYPES if kind in allowed]


def events_for(record: SupportRecord) -> st.SearchStrategy[ev.Event]:
    """Events the record accepts now (it may still keep advisories for them)."""
    kinds = _acceptable(record)
    if not kinds:
        return st.nothing()
    # Repeat the steps of the cycle so that histories run through several cycles
    # instead of mostly ending at the first chance.
    weighted = [k for k in kinds for _ in range(_WEIGHTS.get(k, 1))]
    return st.sampled_from(weighted).flatmap(lambda kind: _event_for(record, kind))


_WEIGHTS: dict[type, int] = {
    ev.AssessmentCompleted: 6,
    ev.PlanAgreed: 8,
    ev.ReviewHeld: 8,
    ev.EHCNeedsAssessmentDecided: 4,
    ev.EHCPlanIssued: 2,
    ev.EHCPlanDeclined: 2,
}
_OUTCOMES = [AssessmentOutcome.SEN_SUPPORT] * 4 + list(AssessmentOutcome)
_CYCLE: dict[Stage, type[ev.Event]] = {
    Stage.ASSESS: ev.AssessmentCompleted,
    Stage.PLAN: ev.PlanAgreed,
    Stage.DO: ev.ReviewHeld,
}
_DECISIONS = [ReviewDecision.CONTINUE, ReviewDecision.CHANGE_PROVISION] * 3 + list(
    ReviewDecision
)


@st.composite
def _record(
    draw: st.DrawFn,
    max_events: int,
    stage: Stage | None,
    start: st.SearchStrategy[dt.date] | None,
    min_cycles: int,
    from_history: bool,
) -> SupportRecord:
    opening: ev.Event = (
        draw(sen_histories(on=start)) if from_history else draw(concerns(on=start))
    )
    record = SupportRecord(pupil=draw(pupils()), events=(opening,))
    # A history may open a closed record (an EHC plan): no cycle can follow it.
    assume(min_cycles == 0 or not record.is_closed)
    # Go round the cycle directly until enough cycles are complete, rather than hope
    # that random steps get there.
    while record.completed_cycles < min_cycles:
        kind = _CYCLE[record.stage]
        record = apply(record, draw(_event_for(record, kind, cycling=True)))
    steps = draw(
        st.integers(min_value=0, max_value=max(0, max_events - len(record.events)))
    )
    for _ in range(steps):
        if stage is not None and record.stage is stage:
            break
        if not _acceptable(record):
            break
        # events_for draws only events the machine accepts, so apply never raises
        # here; if it did, that would be a bug worth failing on.
        record = apply(record, draw(events_for(record)))
    assume(stage is None or record.stage is stage)
    assume(record.completed_cycles >= min_cycles)
    return record


def support_records(
    *,
    max_events: int = 12,
    stage: Stage | None = None,
    start: st.SearchStrategy[dt.date] | None = None,
    min_cycles: int = 0,
    from_history: bool = False,
) -> st.SearchStrategy[SupportRecord]:
    """Valid records built by the real machine, through cycles and every exit.

    Args:
        max_events: The most events a record holds.
        stage: Only records that wait in this stage (fewer examples satisfy this for
            the rarer stages, so expect hypothesis to work harder).
        start: Dates for the opening concern.
        min_cycles: Records with at least this many completed cycles; they may then
            hold more than ``max_events`` events.
        from_history: Records that open from received history (`sen_histories`)
            rather than from a concern.
    """
    return _record(max_events, stage, start, min_cycles, from_history)


def events() -> st.SearchStrategy[ev.Event]:
    """Any single valid event of any type, not tied to a record."""
    return support_records(max_events=8).flatmap(
        lambda record: st.sampled_from(record.events)
    )


def invalid_events_for(record: SupportRecord) -> st.SearchStrategy[ev.Event]:
    """Events the record rejects: a type its stage does not accept, or dated too early.

    For negative tests: `apply` raises `TransitionError` for every one.
    """
    last = record.state.last_event_on
    refused = [
        k
        for k in ev.EVENT_TYPES
        if k not in allowed_events(record)
        and k is not ev.PlanAgreed
        and k is not ev.ReviewHeld
    ]
    early = dt.date.fromordinal(last.toordinal() - 1)
    wrong_stage = (
        st.sampled_from(refused).flatmap(
            lambda kind: st.builds(_plain_event, st.just(kind), _after(last))
        )
        if refused
        else st.nothing()
    )
    too_early = st.builds(
        ev.ParentMeetingHeld,
        occurred_on=st.dates(min_value=early - dt.timedelta(days=400), max_value=early),
    )
    if record.is_closed:
        return (
            too_early
            | wrong_stage
            | st.builds(ev.ParentMeetingHeld, occurred_on=_after(last))
        )
    return wrong_stage | too_early


def _plain_event(kind: type[ev.Event], on: dt.date) -> ev.Event:
    """An event of a type that needs nothing but a date and a fixed choice."""
    if kind is ev.ConcernRaised:
        return ev.ConcernRaised(occurred_on=on, raised_by=Role.TEACHER)
    if kind is ev.SENHistoryReceived:
        return ev.SENHistoryReceived(
            occurred_on=on,
            provision=SenProvision.SEN_SUPPORT,
            provision_started_on=on,
            received_from="previous school",
        )
    if kind is ev.AssessmentCompleted:
        return ev.AssessmentCompleted(occurred_on=on, outcome=AssessmentOutcome.NOT_SEN)
    if kind is ev.SpecialistAdviceReceived:
        return ev.SpecialistAdviceReceived(
            occurred_on=on, specialist=Role.EDUCATIONAL_PSYCHOLOGIST
        )
    if kind is ev.EHCNeedsAssessmentDecided:
        return ev.EHCNeedsAssessmentDecided(occurred_on=on, decision=EHCDecision.AGREED)
    if kind is ev.SupportEnded:
        return ev.SupportEnded(occurred_on=on, reason=EndReason.LEFT_SCHOOL)
    if kind is ev.EHCNeedsAssessmentRequested:
        return ev.EHCNeedsAssessmentRequested(occurred_on=on)
    if kind is ev.EHCPlanIssued:
        return ev.EHCPlanIssued(occurred_on=on)
    if kind is ev.EHCPlanDeclined:
        return ev.EHCPlanDeclined(occurred_on=on)
    return ev.ParentMeetingHeld(occurred_on=on)
