"""Every rule of the graduated approach, named, with a stable code.

A rule is a pure function of the record and the next event that yields the problems
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
from ..codes import AssessmentOutcome, EHCDecision, Role
from ..errors import Severity
from .events import (
    AssessmentCompleted,
    EHCNeedsAssessmentDecided,
    EHCNeedsAssessmentRequested,
    EHCPlanDeclined,
    EHCPlanIssued,
    Event,
    PlanAgreed,
    ReviewHeld,
)
from .meetings import parent_meeting_shortfalls
from .record import SupportRecord
from .stages import Stage
from .transitions import allowed_events, next_stage

__all__ = ["RULES", "Rule"]

Found = Iterable[tuple[str, str]]
"""What a rule finds: (path into the event, message) for each problem."""

EHC_DECISION_WEEKS = 6
EHC_PLAN_WEEKS = 20


@attrs.frozen(kw_only=True)
class Rule:
    """One rule: its code, strength, the events it applies to, and its check."""

    code: str
    severity: Severity
    events: tuple[type, ...]
    summary: str
    source: str
    check: Callable[[SupportRecord, Event], Found] = attrs.field(repr=False)


_RULES: list[Rule] = []


def _rule(
    code: str,
    severity: Severity,
    *events: type,
    summary: str,
    source: str = "",
) -> Callable[[Callable[..., Found]], Callable[..., Found]]:
    def register(check: Callable[..., Found]) -> Callable[..., Found]:
        _RULES.append(
            Rule(
                code=code,
                severity=severity,
                events=events,
                summary=summary,
                source=source,
                check=check,
            )
        )
        return check

    return register


_E, _A = Severity.ERROR, Severity.ADVISORY


# --- rules for every event -------------------------------------------------------------


@_rule("record.closed", _E, summary="No event follows the end of a record.")
def _closed(record: SupportRecord, event: Event) -> Found:
    if record.is_closed:
        yield (
            "",
            (
                f"the record closed on {show(record.ended_on)} "
                f"({record.stage.description}); no {type(event).__name__} can follow"
            ),
        )


@_rule("stage.not_allowed", _E, summary="The event is one the stage accepts.")
def _not_allowed(record: SupportRecord, event: Event) -> Found:
    allowed = allowed_events(record)
    if not record.is_closed and type(event) not in allowed:
        names = ", ".join(sorted(t.__name__ for t in allowed))
        yield (
            "",
            (
                f"{type(event).__name__} cannot happen in stage {show(record.stage)}; "
                f"it accepts {names}"
            ),
        )


@_rule(
    "event.out_of_order", _E, summary="Events are dated no earlier than the one before."
)
def _out_of_order(record: SupportRecord, event: Event) -> Found:
    last = record.state.last_event_on
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
    _E,
    AssessmentCompleted,
    summary="SEN support is decided only for an identified need.",
    source="Census: a pupil on K has a primary need",
)
def _no_need(record: SupportRecord, event: AssessmentCompleted) -> Found:
    if event.outcome is AssessmentOutcome.SEN_SUPPORT and not (
        event.needs or record.needs
    ):
        yield "needs", "SEN support was decided but no need has been identified"


@_rule(
    "advice.parents_not_notified",
    _A,
    AssessmentCompleted,
    summary="Parents are told when SEN support begins.",
    source="CoP 6.46 (~)",
)
def _parents_not_notified(record: SupportRecord, event: AssessmentCompleted) -> Found:
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


@_rule("plan.no_targets", _E, PlanAgreed, summary="A plan sets at least one target.")
def _no_targets(record: SupportRecord, event: PlanAgreed) -> Found:
    if not event.plan.targets:
        yield "plan.targets", "a plan is agreed with at least one target"


@_rule(
    "plan.no_provisions", _E, PlanAgreed, summary="A plan makes at least one provision."
)
def _no_provisions(record: SupportRecord, event: PlanAgreed) -> Found:
    if not event.plan.provisions:
        yield "plan.provisions", "a plan is agreed with at least one provision"


@_rule(
    "plan.review_not_after_agreement",
    _E,
    PlanAgreed,
    summary="A plan's review falls after its agreement.",
)
def _review_not_after(record: SupportRecord, event: PlanAgreed) -> Found:
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
    _E,
    PlanAgreed,
    summary="A plan addresses only needs the pupil has been identified with.",
)
def _need_not_identified(record: SupportRecord, event: PlanAgreed) -> Found:
    register = {n.need_type for n in record.needs}
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
    _A,
    PlanAgreed,
    summary="Parents take part in agreeing the plan.",
    source="CoP 6.48 (~)",
)
def _plan_without_parent(record: SupportRecord, event: PlanAgreed) -> Found:
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
    _E,
    ReviewHeld,
    summary="A review follows the plan it reviews.",
)
def _before_plan(record: SupportRecord, event: ReviewHeld) -> Found:
    plan = record.current_plan
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
    _E,
    ReviewHeld,
    summary="A review records an outcome for every target of the plan.",
)
def _missing_outcome(record: SupportRecord, event: ReviewHeld) -> Found:
    plan = record.current_plan
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
    _E,
    ReviewHeld,
    summary="A review gives outcomes only for the plan's targets.",
)
def _unknown_target(record: SupportRecord, event: ReviewHeld) -> Found:
    plan = record.current_plan
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
    _E,
    ReviewHeld,
    summary="A review rates only the plan's provisions.",
)
def _unknown_provision(record: SupportRecord, event: ReviewHeld) -> Found:
    plan = record.current_plan
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
    _A,
    ReviewHeld,
    summary="A review records the parents' views.",
    source="CoP 6.55 (~)",
)
def _no_parent_views(record: SupportRecord, event: ReviewHeld) -> Found:
    if not event.review.parent_views_recorded:
        yield (
            "review.parent_views_recorded",
            (f"the review of {show(event.review.held_on)} records no parent views"),
        )


@_rule(
    "advice.review_no_pupil_views",
    _A,
    ReviewHeld,
    summary="A review records the pupil's views.",
    source="CoP 6.55 (~)",
)
def _no_pupil_views(record: SupportRecord, event: ReviewHeld) -> Found:
    if not event.review.pupil_views_recorded:
        yield (
            "review.pupil_views_recorded",
            (f"the review of {show(event.review.held_on)} records no pupil views"),
        )


@_rule(
    "advice.review_late",
    _A,
    ReviewHeld,
    summary="A review is held by the date the plan set for it.",
    source="CoP 6.52 (~)",
)
def _review_late(record: SupportRecord, event: ReviewHeld) -> Found:
    plan = record.current_plan
    if plan is not None and event.review.held_on > plan.review_due_on:
        days = (event.review.held_on - plan.review_due_on).days
        yield (
            "review.held_on",
            (
                f"review held {show(event.review.held_on)}, {days} days after it was "
                f"due on {show(plan.review_due_on)}"
            ),
        )


# --- parents met three times a year ------------------------------------------------------


@_rule(
    "advice.parent_meetings",
    _A,
    summary="Parents are met at least three times a school year (pro rata).",
    source="CoP 6.65",
)
def _parent_meetings(record: SupportRecord, event: Event) -> Found:
    closes = next_stage(record, event).is_closed
    return parent_meeting_shortfalls(record, event, closes)


# --- EHC needs assessment -------------------------------------------------------------


@_rule(
    "advice.ehc_before_cycle",
    _A,
    EHCNeedsAssessmentRequested,
    summary="An EHC needs assessment is sought after at least one complete cycle.",
    source="Local authority practice",
)
def _ehc_before_cycle(
    record: SupportRecord, event: EHCNeedsAssessmentRequested
) -> Found:
    if record.completed_cycles == 0:
        yield (
            "",
            (
                "an EHC needs assessment was requested before any assess-plan-do-review "
                "cycle was completed"
            ),
        )


@_rule(
    "ehc.already_requested",
    _E,
    EHCNeedsAssessmentRequested,
    summary="An EHC needs assessment is requested once per episode.",
)
def _already_requested(
    record: SupportRecord, event: EHCNeedsAssessmentRequested
) -> Found:
    if record.state.ehc_requested_on is not None:
        yield (
            "",
            (
                "an EHC needs assessment was already requested on "
                f"{show(record.state.ehc_requested_on)}"
            ),
        )


@_rule(
    "ehc.not_requested",
    _E,
    EHCNeedsAssessmentDecided,
    EHCPlanIssued,
    EHCPlanDeclined,
    summary="A decision or plan follows a request for an EHC needs assessment.",
)
def _not_requested(record: SupportRecord, event: Event) -> Found:
    if (
        record.stage is Stage.EHC_NEEDS_ASSESSMENT
        and record.state.ehc_requested_on is None
    ):
        yield "", f"{type(event).__name__} but no EHC needs assessment was requested"


@_rule(
    "ehc.already_decided",
    _E,
    EHCNeedsAssessmentDecided,
    summary="The local authority decides once whether to assess.",
)
def _already_decided(record: SupportRecord, event: EHCNeedsAssessmentDecided) -> Found:
    if record.state.ehc_decision is not None:
        yield (
            "decision",
            (f"the local authority already decided: {show(record.state.ehc_decision)}"),
        )


@_rule(
    "ehc.not_agreed",
    _E,
    EHCPlanIssued,
    EHCPlanDeclined,
    summary="A plan is issued or declined only after the authority agreed to assess.",
)
def _not_agreed(record: SupportRecord, event: Event) -> Found:
    requested = record.state.ehc_requested_on is not None
    if requested and record.state.ehc_decision is not EHCDecision.AGREED:
        yield (
            "",
            f"{type(event).__name__} but the local authority has not agreed to assess",
        )


def _ehc_clock(record: SupportRecord, event: Event, weeks: int, what: str) -> Found:
    requested = record.state.ehc_requested_on
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
    _A,
    EHCNeedsAssessmentDecided,
    summary="The decision to assess comes within 6 weeks of the request.",
    source="SEND Regulations 2014, reg. 5(1)",
)
def _ehc_decision_late(
    record: SupportRecord, event: EHCNeedsAssessmentDecided
) -> Found:
    return _ehc_clock(record, event, EHC_DECISION_WEEKS, "the decision came")


@_rule(
    "advice.ehc_plan_late",
    _A,
    EHCPlanIssued,
    summary="The final EHC plan is issued within 20 weeks of the request.",
    source="SEND Regulations 2014, reg. 13(2) (~)",
)
def _ehc_plan_late(record: SupportRecord, event: EHCPlanIssued) -> Found:
    return _ehc_clock(record, event, EHC_PLAN_WEEKS, "the plan was issued")


RULES: tuple[Rule, ...] = tuple(_RULES)
"""Every rule, in the order they are checked."""
