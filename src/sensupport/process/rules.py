"""Every rule of the graduated approach, named, with a stable code.

A rule is a pure function of the record's state and the next event that yields the problems
it finds, each as a path into the event and a message citing the values. Errors block
the event; advisories let it through and are kept on the record. The table `RULES`
drives the checks, and the documentation's table of rules is made from it.

>>> [r.code for r in RULES if r.severity is Severity.ADVISORY][:3]
['advice.parents_not_notified', 'advice.plan_without_parent', 'advice.review_no_parent_views']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import attrs

from .._validation import show
from ..codes import AssessmentOutcome, Role, SenProvision
from ..errors import Problem, Severity
from ..statutory import EHC_DECISION_WEEKS, EHC_PLAN_WEEKS
from . import events as ev
from . import transitions
from .meetings import parent_meeting_shortfalls
from .state import RecordState
from .transitions import TRANSITIONS, Guard, accepted, transition_for

__all__ = ["RULES", "Rule", "opening_problems", "problems"]

Found = Iterable[tuple[str, str]]
"""What a rule finds: (path into the event, message) for each problem."""


@attrs.frozen(kw_only=True)
class Rule:
    """One rule: its code, strength, the events it applies to, and its check.

    ``check`` reads the record's state and the next event.
    """

    code: str
    severity: Severity
    events: tuple[type, ...]
    summary: str
    source: str
    check: Callable[[RecordState, ev.Event], Found] = attrs.field(repr=False)


_GATE: list[Rule] = []
_EVENT_RULES: list[Rule] = []


def _rule(
    code: str,
    severity: Severity,
    *events: type,
    summary: str,
    source: str = "",
    gate: bool = False,
) -> Callable[[Callable[..., Found]], Callable[..., Found]]:
    def register(check: Callable[..., Found]) -> Callable[..., Found]:
        rule = Rule(
            code=code,
            severity=severity,
            events=events,
            summary=summary,
            source=source,
            check=check,
        )
        (_GATE if gate else _EVENT_RULES).append(rule)
        return check

    return register


ERROR, ADVISORY = Severity.ERROR, Severity.ADVISORY


# --- the gate: rules for every event ---------------------------------------------------


@_rule(
    "record.closed", ERROR, summary="No event follows the end of a record.", gate=True
)
def _closed(state: RecordState, event: ev.Event) -> Found:
    if state.is_closed:
        yield (
            "",
            (
                f"the record closed on {show(state.ended_on)} "
                f"({state.stage.description}); no {type(event).__name__} can follow"
            ),
        )


@_rule(
    "stage.not_allowed",
    ERROR,
    summary="The event is one the stage accepts.",
    gate=True,
)
def _not_allowed(state: RecordState, event: ev.Event) -> Found:
    if not state.is_closed and transition_for(state.stage, type(event)) is None:
        names = ", ".join(sorted(t.__name__ for t in accepted(state)))
        yield (
            "",
            (
                f"{type(event).__name__} cannot happen in stage {show(state.stage)}; "
                f"it accepts {names}"
            ),
        )


@_rule(
    "event.out_of_order",
    ERROR,
    summary="Events are dated no earlier than the one before.",
    gate=True,
)
def _out_of_order(state: RecordState, event: ev.Event) -> Found:
    last = state.last_event_on
    if event.occurred_on < last:
        yield (
            "occurred_on",
            (
                f"{type(event).__name__} dated {show(event.occurred_on)} is before the "
                f"previous event, {show(last)}"
            ),
        )


# --- assess ------------------------------------------------------------------------------


@_rule(
    "assessment.no_need",
    ERROR,
    ev.AssessmentCompleted,
    summary="SEN support is decided only for an identified need.",
    source="Census: a pupil on K has a primary need",
)
def _no_need(state: RecordState, event: ev.AssessmentCompleted) -> Found:
    if event.outcome is AssessmentOutcome.SEN_SUPPORT and not (
        event.needs or state.needs
    ):
        yield "needs", "SEN support was decided but no need has been identified"


@_rule(
    "advice.parents_not_notified",
    ADVISORY,
    ev.AssessmentCompleted,
    summary="Parents are told when SEN support begins.",
    source="CoP 6.46 (~)",
)
def _parents_not_notified(state: RecordState, event: ev.AssessmentCompleted) -> Found:
    if (
        event.outcome is AssessmentOutcome.SEN_SUPPORT
        and event.parents_notified_on is None
    ):
        yield (
            "parents_notified_on",
            (
                "SEN support was decided on "
                f"{show(event.occurred_on)} with no record of notifying the parents"
            ),
        )


# --- plan ----------------------------------------------------------------------------------


@_rule(
    "plan.no_targets", ERROR, ev.PlanAgreed, summary="A plan sets at least one target."
)
def _no_targets(state: RecordState, event: ev.PlanAgreed) -> Found:
    if not event.plan.targets:
        yield "plan.targets", "a plan is agreed with at least one target"


@_rule(
    "plan.no_provisions",
    ERROR,
    ev.PlanAgreed,
    summary="A plan makes at least one provision.",
)
def _no_provisions(state: RecordState, event: ev.PlanAgreed) -> Found:
    if not event.plan.provisions:
        yield "plan.provisions", "a plan is agreed with at least one provision"


@_rule(
    "plan.review_not_after_agreement",
    ERROR,
    ev.PlanAgreed,
    summary="A plan's review falls after its agreement.",
)
def _review_not_after(state: RecordState, event: ev.PlanAgreed) -> Found:
    plan = event.plan
    if plan.review_due_on <= plan.agreed_on:
        yield (
            "plan.review_due_on",
            (
                f"review due on {show(plan.review_due_on)} is not after the plan was "
                f"agreed, {show(plan.agreed_on)}"
            ),
        )


@_rule(
    "plan.need_not_identified",
    ERROR,
    ev.PlanAgreed,
    summary="A plan addresses only needs the pupil has been identified with.",
)
def _need_not_identified(state: RecordState, event: ev.PlanAgreed) -> Found:
    register = {n.need_type for n in state.needs}
    for i, need_type in enumerate(event.plan.needs):
        if need_type not in register:
            held = ", ".join(sorted(t.value for t in register)) or "none"
            yield (
                f"plan.needs[{i}]",
                (
                    f"the plan addresses {need_type.value}, which is not among the "
                    f"pupil's identified needs ({held})"
                ),
            )


@_rule(
    "advice.plan_without_parent",
    ADVISORY,
    ev.PlanAgreed,
    summary="Parents take part in agreeing the plan.",
    source="CoP 6.48 (~)",
)
def _plan_without_parent(state: RecordState, event: ev.PlanAgreed) -> Found:
    if Role.PARENT not in event.plan.contributors:
        yield (
            "plan.contributors",
            (
                f"the plan agreed on {show(event.plan.agreed_on)} lists no parent "
                "among its contributors"
            ),
        )


# --- review ----------------------------------------------------------------------------


@_rule(
    "review.before_plan",
    ERROR,
    ev.ReviewHeld,
    summary="A review follows the plan it reviews.",
)
def _before_plan(state: RecordState, event: ev.ReviewHeld) -> Found:
    plan = state.current_plan
    if plan is not None and event.review.held_on < plan.agreed_on:
        yield (
            "review.held_on",
            (
                f"review held {show(event.review.held_on)} is before the plan it "
                f"reviews was agreed, {show(plan.agreed_on)}"
            ),
        )


@_rule(
    "review.missing_outcome",
    ERROR,
    ev.ReviewHeld,
    summary="A review records an outcome for every target of the plan.",
)
def _missing_outcome(state: RecordState, event: ev.ReviewHeld) -> Found:
    plan = state.current_plan
    if plan is None:
        return
    given = {o.target_id for o in event.review.outcomes}
    for target in plan.targets:
        if target.target_id not in given:
            yield (
                "review.outcomes",
                (
                    f"no outcome for target {target.target_id!r} of the plan agreed "
                    f"on {show(plan.agreed_on)}"
                ),
            )


@_rule(
    "review.unknown_target",
    ERROR,
    ev.ReviewHeld,
    summary="A review gives outcomes only for the plan's targets.",
)
def _unknown_target(state: RecordState, event: ev.ReviewHeld) -> Found:
    plan = state.current_plan
    if plan is None:
        return
    known = {t.target_id for t in plan.targets}
    for i, outcome in enumerate(event.review.outcomes):
        if outcome.target_id not in known:
            yield (
                f"review.outcomes[{i}].target_id",
                (f"the plan has no target {outcome.target_id!r}"),
            )


@_rule(
    "review.unknown_provision",
    ERROR,
    ev.ReviewHeld,
    summary="A review rates only the plan's provisions.",
)
def _unknown_provision(state: RecordState, event: ev.ReviewHeld) -> Found:
    plan = state.current_plan
    if plan is None:
        return
    known = {p.provision_id for p in plan.provisions}
    for i, rating in enumerate(event.review.ratings):
        if rating.provision_id not in known:
            yield (
                f"review.ratings[{i}].provision_id",
                (f"the plan has no provision {rating.provision_id!r}"),
            )


@_rule(
    "advice.review_no_parent_views",
    ADVISORY,
    ev.ReviewHeld,
    summary="A review records the parents' views.",
    source="CoP 6.55 (~)",
)
def _no_parent_views(state: RecordState, event: ev.ReviewHeld) -> Found:
    if not event.review.parent_views_recorded:
        yield (
            "review.parent_views_recorded",
            (f"the review of {show(event.review.held_on)} records no parent views"),
        )


@_rule(
    "advice.review_no_pupil_views",
    ADVISORY,
    ev.ReviewHeld,
    summary="A review records the pupil's views.",
    source="CoP 6.55 (~)",
)
def _no_pupil_views(state: RecordState, event: ev.ReviewHeld) -> Found:
    if not event.review.pupil_views_recorded:
        yield (
            "review.pupil_views_recorded",
            (f"the review of {show(event.review.held_on)} records no pupil views"),
        )


@_rule(
    "advice.review_late",
    ADVISORY,
    ev.ReviewHeld,
    summary="A review is held by the date the plan set for it.",
    source="CoP 6.52 (~)",
)
def _review_late(state: RecordState, event: ev.ReviewHeld) -> Found:
    due = state.review_due_on
    if due is not None and event.review.held_on > due:
        days = (event.review.held_on - due).days
        yield (
            "review.held_on",
            (
                f"review held {show(event.review.held_on)}, {days} days after it was "
                f"due on {show(due)}"
            ),
        )


# --- parents met three times a year ------------------------------------------------------


@_rule(
    "advice.parent_meetings",
    ADVISORY,
    summary="Parents are met at least three times a school year (pro rata).",
    source="CoP 6.65",
)
def _parent_meetings(state: RecordState, event: ev.Event) -> Found:
    closes = transitions.target(state, event).is_closed
    return parent_meeting_shortfalls(state, event, closes)


# --- EHC needs assessment -------------------------------------------------------------


@_rule(
    "advice.ehc_before_cycle",
    ADVISORY,
    ev.EHCNeedsAssessmentRequested,
    summary="An EHC needs assessment is sought after at least one complete cycle.",
    source="Local authority practice",
)
def _ehc_before_cycle(
    state: RecordState, event: ev.EHCNeedsAssessmentRequested
) -> Found:
    if state.completed_cycles == 0:
        yield (
            "",
            (
                "an EHC needs assessment was requested before any assess-plan-do-review "
                "cycle was completed"
            ),
        )


def _ehc_clock(state: RecordState, event: ev.Event, weeks: int, what: str) -> Found:
    requested = state.ehc_requested_on
    if requested is None:
        return
    days = (event.occurred_on - requested).days
    if days > weeks * 7:
        yield (
            "occurred_on",
            (
                f"{what} {days} days after the request of {show(requested)}; the statutory "
                f"limit is {weeks} weeks ({weeks * 7} days)"
            ),
        )


@_rule(
    "advice.ehc_decision_late",
    ADVISORY,
    ev.EHCNeedsAssessmentDecided,
    summary="The decision to assess comes within 6 weeks of the request.",
    source="SEND Regulations 2014, reg. 5(1)",
)
def _ehc_decision_late(
    state: RecordState, event: ev.EHCNeedsAssessmentDecided
) -> Found:
    return _ehc_clock(state, event, EHC_DECISION_WEEKS, "the decision came")


@_rule(
    "advice.ehc_plan_late",
    ADVISORY,
    ev.EHCPlanIssued,
    summary="The final EHC plan is issued within 20 weeks of the request.",
    source="SEND Regulations 2014, reg. 13(2) (~)",
)
def _ehc_plan_late(state: RecordState, event: ev.EHCPlanIssued) -> Found:
    return _ehc_clock(state, event, EHC_PLAN_WEEKS, "the plan was issued")


# --- history received ------------------------------------------------------------------


@_rule(
    "advice.no_plan_in_force",
    ADVISORY,
    ev.SENHistoryReceived,
    summary="A pupil on SEN support has a plan in force with a review date.",
    source="CoP 6.48 (~)",
)
def _no_plan_in_force(state: RecordState, event: ev.SENHistoryReceived) -> Found:
    if event.provision is SenProvision.SEN_SUPPORT and event.plan_review_due_on is None:
        yield (
            "review_due_on",
            (
                f"on SEN support since {show(event.provision_started_on)} with no plan "
                "in force and no review date known"
            ),
        )


# --- guards: the transitions' conditions on the record, as rules ----------------------


def _guard_rule(guard: Guard) -> Rule:
    def check(state: RecordState, event: ev.Event) -> Found:
        if not guard.holds(state):
            yield guard.explain(state, event)

    kinds = tuple(dict.fromkeys(t.event for t in TRANSITIONS if guard in t.guards))
    return Rule(
        code=guard.code,
        severity=Severity.ERROR,
        events=kinds,
        summary=guard.summary,
        source=guard.source,
        check=check,
    )


_GUARDS = tuple(dict.fromkeys(g for t in TRANSITIONS for g in t.guards))

RULES: tuple[Rule, ...] = (*_GATE, *map(_guard_rule, _GUARDS), *_EVENT_RULES)
"""Every rule: the gate, the transitions' guards, then the rules that read the event."""

_RULES_FOR: dict[type, tuple[Rule, ...]] = {}
_OPENING_RULES: dict[type, tuple[Rule, ...]] = {}


def _rules_for(kind: type) -> tuple[Rule, ...]:
    # The rules that read an event of this type, worked out once a type.
    try:
        return _RULES_FOR[kind]
    except KeyError:
        rules = tuple(
            r for r in _EVENT_RULES if not r.events or issubclass(kind, r.events)
        )
        _RULES_FOR[kind] = rules
        return rules


def opening_problems(state: RecordState, event: ev.Event) -> list[Problem]:
    """The problems of an event that opens a record, read against the state it made.

    Only the rules that name the event's type apply: the rules for every event
    compare an event with the record before it, and an opening has none.
    """
    rules = _OPENING_RULES.get(type(event))
    if rules is None:
        kind = type(event)
        rules = tuple(
            r for r in _EVENT_RULES if r.events and issubclass(kind, r.events)
        )
        _OPENING_RULES[kind] = rules
    return _run(rules, state, event) if rules else []


def problems(state: RecordState, event: ev.Event) -> list[Problem]:
    """Every error and advisory ``event`` raises on a record in ``state``.

    Paths are relative to the event. When no row of the transition table takes the
    event (or the record is closed) only that and the date order are checked: the
    other rules assume a move the machine makes.
    """
    transition = transition_for(state.stage, type(event))
    found: list[Problem] = []
    if transition is None or event.occurred_on < state.last_event_on:
        found = _run(_GATE, state, event)
        if transition is None:
            return found
    for guard in transition.guards:
        if not guard.holds(state):
            path, message = guard.explain(state, event)
            found.append(Problem(code=guard.code, message=message, path=path))
    return found + _run(_rules_for(type(event)), state, event)


def _run(rules: Iterable[Rule], state: RecordState, event: ev.Event) -> list[Problem]:
    return [
        Problem(code=rule.code, message=message, path=path, severity=rule.severity)
        for rule in rules
        for path, message in rule.check(state, event)
    ]
