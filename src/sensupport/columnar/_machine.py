"""The stage machine over documents: a record's events as plain dicts, stepped
through the moves of `TRANSITIONS` without building an object.

`replay` answers whether the events pass the machine (its gate, the transitions'
guards and the process rules that make a record invalid); `advisories` gives, for a
record that passes, every advisory the process rules raise, event by event, in the
order the record's own replay raises them. Both read the same table of moves; the
advisories are held to `SupportRecord.advisories` by the suite.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

from .. import limits
from ..calendar import school_year_bounds, school_year_of
from ..codes import (
    AssessmentOutcome,
    Attainment,
    EHCDecision,
    NeedType,
    ReviewDecision,
    Role,
    SenProvision,
)
from ..errors import Severity
from ..process.rules import RULES
from ..process.stages import Stage
from ..process.transitions import (
    _AFTER_ASSESSMENT,
    _AFTER_EHC_DECISION,
    _AFTER_REVIEW,
    TRANSITIONS,
)
from ..statutory import EHC_DECISION_WEEKS, EHC_PLAN_WEEKS, PARENT_MEETINGS_PER_YEAR

__all__ = ["STAYING", "advisories", "replay"]

_MOVES: dict[tuple[Stage | None, str], tuple[Stage, ...]] = {}
_GUARDS: dict[tuple[Stage | None, str], tuple[str, ...]] = {}
for _t in TRANSITIONS:
    _MOVES[(_t.source, _t.event.__name__)] = _t.targets
    _GUARDS[(_t.source, _t.event.__name__)] = tuple(g.code for g in _t.guards)

# The events that leave every stage as it was (a meeting, advice): they move nothing.
STAYING = tuple(
    sorted(
        {name for _, name in _MOVES}
        - {name for (source, name), targets in _MOVES.items() if targets != (source,)}
    )
)

_KNOWN_GUARDS = frozenset(
    {
        "ehc.already_requested",
        "ehc.not_requested",
        "ehc.already_decided",
        "ehc.not_agreed",
        "ehc.plan_with_nsa",
        "plan.no_identified_need",
    }
)
if not {c for cs in _GUARDS.values() for c in cs} <= _KNOWN_GUARDS:  # pragma: no cover
    raise ImportError("a guard of TRANSITIONS has no columnar check")

_OUTCOMES = {k.value: v for k, v in _AFTER_ASSESSMENT.items()}
_REVIEWS = {k.value: v for k, v in _AFTER_REVIEW.items()}
_EHC = {k.value: v for k, v in _AFTER_EHC_DECISION.items()}
_EHC_PLAN_CODE = SenProvision.EHC_PLAN.value
_AGREED = EHCDecision.AGREED.value
_REFUSED = EHCDecision.REFUSED.value
_SEN_SUPPORT = AssessmentOutcome.SEN_SUPPORT.value
_NSA = NeedType.NSA.value
_ENDING = frozenset(
    {
        ReviewDecision.END_SUPPORT.value,
        ReviewDecision.REQUEST_EHC_NEEDS_ASSESSMENT.value,
    }
)
_MET = frozenset(a.value for a in Attainment if a.is_met)


def _after(targets: tuple[Stage, ...], name: str, event: dict[str, Any]) -> Stage:
    """Where a move the machine takes leads, as `transitions.target` decides it."""
    if len(targets) == 1:
        return targets[0]
    if name == "AssessmentCompleted":
        return _OUTCOMES[event["outcome"]]
    if name == "ReviewHeld":
        return _REVIEWS[event["review"]["decision"]]
    if name == "EHCNeedsAssessmentDecided":
        return _EHC[event["decision"]]
    if name == "SENHistoryReceived":
        if event["provision"] == _EHC_PLAN_CODE:
            return Stage.EHC_PLAN
        due = event["review_due_on"] if event["plan"] is None else 1
        return Stage.PLAN if due is None else Stage.DO
    raise AssertionError(name)  # pragma: no cover - every other move has one target


class _Plan:
    """The plan in force, as the machine's rules read it: ids and dates only."""

    __slots__ = ("agreed_on", "provisions", "reviewed", "targets")

    def __init__(
        self, agreed_on: dt.date, targets: list[str], provisions: list[str]
    ) -> None:
        self.agreed_on = agreed_on
        self.targets = targets
        self.provisions = provisions
        self.reviewed = False


def replay(events: list[dict[str, Any]], dates: list[dt.date]) -> bool:
    """Whether the record's events pass the machine: gate, guards, process rules.

    A tight loop over the events' types: the stage, the open EHC request and its
    decision, the needs register's types, and the plan in force.
    """
    if not events:
        return False
    if len(events) > limits.current().events_per_record:
        return False
    stage: Stage | None = None
    requested = False
    decision: str | None = None
    register: set[str] = set()
    plan: _Plan | None = None
    last = dates[0]
    for event, on in zip(events, dates, strict=True):
        name = event["event"]
        key = (stage, name)
        targets = _MOVES.get(key)
        if targets is None or on < last:
            return False  # record.first_event, record.closed, stage.not_allowed, order
        last = on
        for code in _GUARDS[key]:
            if code == "ehc.already_requested" and requested:
                return False
            if code == "ehc.not_requested" and not requested:
                return False
            if code == "ehc.already_decided" and decision is not None:
                return False
            if code == "ehc.not_agreed" and requested and decision != _AGREED:
                return False
            if code == "ehc.plan_with_nsa" and _NSA in register:
                return False
            if code == "plan.no_identified_need" and not register:
                return False
        # The event's rules against the record, then its move.
        after = _after(targets, name, event)
        if (
            name == "AssessmentCompleted"
            and event["outcome"] == _SEN_SUPPORT
            and not (event["needs"] or register)
        ):
            return False  # assessment.no_need
        current = plan if stage is Stage.DO and plan and not plan.reviewed else None
        if name == "PlanAgreed":
            p = event["plan"]
            if not p["targets"] or not p["provisions"]:
                return False  # plan.no_targets, plan.no_provisions
            if p["review_due_on"] <= p["agreed_on"]:  # same format: text order
                return False  # plan.review_not_after_agreement
            if any(n not in register for n in p["needs"]):
                return False  # plan.need_not_identified
            plan = _Plan(
                on,
                [t["target_id"] for t in p["targets"]],
                [q["provision_id"] for q in p["provisions"]],
            )
        elif name == "ReviewHeld":
            if current is not None:
                review = event["review"]
                if on < current.agreed_on:
                    return False  # review.before_plan
                given = [o["target_id"] for o in review["outcomes"]]
                if set(given) != set(current.targets):
                    return False  # review.missing_outcome, review.unknown_target
                if any(
                    r["provision_id"] not in current.provisions
                    for r in review["ratings"]
                ):
                    return False  # review.unknown_provision
            if plan is not None:
                plan.reviewed = True
        elif name == "SENHistoryReceived":
            register = {n["need_type"] for n in event["needs"]}
            p = event["plan"]
            plan = (
                None
                if p is None
                else _Plan(
                    dt.date.fromisoformat(p["agreed_on"]),
                    [t["target_id"] for t in p["targets"]],
                    [q["provision_id"] for q in p["provisions"]],
                )
            )
        elif name in ("AssessmentCompleted", "SpecialistAdviceReceived"):
            if event["needs"]:
                register = {n["need_type"] for n in event["needs"]}
        elif name == "EHCNeedsAssessmentRequested":
            requested = True
        elif name == "EHCNeedsAssessmentDecided":
            if event["decision"] == _REFUSED:
                requested, decision = False, None
            else:
                decision = event["decision"]
        elif name == "EHCPlanDeclined":
            requested, decision = False, None
        stage = after
    return True


# --- the advisories ----------------------------------------------------------------

_PARENT = Role.PARENT.value
_K, _E, _N = (SenProvision.SEN_SUPPORT.value, SenProvision.EHC_PLAN.value, "N")
_MEETS_PARENTS: dict[str, Callable[[dict[str, Any]], bool]] = {
    "ParentMeetingHeld": lambda event: True,
    "PlanAgreed": lambda event: _PARENT in event["plan"]["contributors"],
    "ReviewHeld": lambda event: _PARENT in event["review"]["participants"],
}


class _State:
    """What the advisory rules read of a record's state: its stage, the last plan's
    review date and whether it was reviewed, the plans reviewed, the open EHC
    request, the census code's changes and the parents' meetings."""

    __slots__ = (
        "changes",
        "checked_to",
        "completed",
        "cycles",
        "last_due",
        "last_reviewed",
        "meetings",
        "opened_on",
        "requested_on",
        "stage",
        "year_end",
    )

    def __init__(self, event: dict[str, Any], on: dt.date, stage: Stage) -> None:
        self.stage = stage
        self.opened_on = on
        self.checked_to: dt.date | None = None
        # The end of the school year parent meetings are next checked at.
        self.year_end = school_year_bounds(school_year_of(on))[1]
        self.meetings: list[dt.date] = []
        self.requested_on: dt.date | None = None
        self.cycles = self.completed = 0
        self.last_due: dt.date | None = None
        self.last_reviewed = False
        self.changes: list[tuple[dt.date, str]] = []
        if event["event"] == "SENHistoryReceived":
            plan = event["plan"]
            due = event["review_due_on"] if plan is None else plan["review_due_on"]
            if due is not None:
                self.cycles, self.last_due = 1, dt.date.fromisoformat(due)
            self.changes = [
                (dt.date.fromisoformat(p["started_on"]), p["provision"])
                for p in event["earlier"]
            ]
            started = dt.date.fromisoformat(event["provision_started_on"])
            self.changes.append((started, event["provision"]))

    def review_due_on(self) -> dt.date | None:
        """When the plan in force is due its review (None with no plan in force)."""
        if self.stage is Stage.DO and self.cycles and not self.last_reviewed:
            return self.last_due
        return None

    def support_days(self, start: dt.date, end: dt.date) -> int:
        bounds = [*self.changes, (dt.date.max, _N)]
        return sum(
            max(0, (min(until, end) - max(since, start)).days)
            for (since, code), (until, _) in itertools.pairwise(bounds)
            if code == _K
        )

    def move(self, event: dict[str, Any], name: str, on: dt.date, after: Stage) -> None:
        """The state after ``event``, as `sensupport.process.changes` makes it."""
        if name == "PlanAgreed":
            self.cycles += 1
            self.last_due = dt.date.fromisoformat(event["plan"]["review_due_on"])
            self.last_reviewed = False
        elif name == "ReviewHeld" and self.cycles:
            self.completed += not self.last_reviewed
            self.last_reviewed = True
        elif name == "EHCNeedsAssessmentRequested":
            self.requested_on = on
        elif name == "EHCPlanDeclined" or (
            name == "EHCNeedsAssessmentDecided" and event["decision"] == _REFUSED
        ):
            self.requested_on = None
        meets = _MEETS_PARENTS.get(name)
        if meets is not None and meets(event):
            self.meetings.append(on)
        current = self.changes[-1][1] if self.changes else None
        code: str | None = None
        if after is Stage.EHC_PLAN:
            code = _E
        elif after is Stage.ENDED:
            code = _N if current is not None else None
        elif name == "AssessmentCompleted" and event["outcome"] == _SEN_SUPPORT:
            code = _K
        if code is not None and code != current:
            self.changes.append((on, code))
        if after.is_closed:
            self.checked_to = on
        elif on >= self.year_end:  # else the school year checked to is the same
            start, _ = school_year_bounds(school_year_of(on))
            self.checked_to = max(start, self.checked_to or self.opened_on)
            self.year_end = school_year_bounds(school_year_of(self.checked_to))[1]
        elif self.checked_to is None:
            self.checked_to = self.opened_on
        self.stage = after


def _parent_meetings(
    s: _State, event: dict[str, Any], name: str, on: dt.date, after: Stage
) -> int:
    """How many school years (or the part-year a closing event ends) now checked
    had fewer parent meetings than the Code of Practice asks, pro rata."""
    if on < s.year_end and not after.is_closed:
        return 0  # as for nearly every event: no school year ended since the last
    checked = s.checked_to or s.opened_on
    year = school_year_of(checked)
    years: list[tuple[dt.date, dt.date]] = []
    while True:
        start, end = school_year_bounds(year)
        start = max(start, checked)
        if end <= on:
            years.append((start, end))
        elif after.is_closed:
            years.append((start, on))
            break
        else:
            break
        year += 1
    if not years:
        return 0
    meets = _MEETS_PARENTS.get(name)
    meetings = set(s.meetings)
    if meets is not None and meets(event):
        meetings.add(on)
    short = 0
    for start, end in years:
        year_start, year_end = school_year_bounds(school_year_of(start))
        required = (
            PARENT_MEETINGS_PER_YEAR
            * s.support_days(start, end)
            // (year_end - year_start).days
        )
        short += sum(1 for m in meetings if start <= m < end) < required
    return short


def _late(s: _State, on: dt.date, weeks: int) -> bool:
    return s.requested_on is not None and (on - s.requested_on).days > weeks * 7


# (state, event, its type, its date, the stage it leads to) -> times the rule is raised
_Check = Callable[[_State, dict[str, Any], str, dt.date, Stage], int]
_CHECKS: dict[str, _Check] = {
    "advice.parents_not_notified": lambda s, e, n, on, a: (
        e["outcome"] == _SEN_SUPPORT and e["parents_notified_on"] is None
    ),
    "advice.plan_without_parent": lambda s, e, n, on, a: (
        _PARENT not in e["plan"]["contributors"]
    ),
    "advice.review_no_parent_views": lambda s, e, n, on, a: (
        not e["review"]["parent_views_recorded"]
    ),
    "advice.review_no_pupil_views": lambda s, e, n, on, a: (
        not e["review"]["pupil_views_recorded"]
    ),
    "advice.review_late": lambda s, e, n, on, a: (
        (due := s.review_due_on()) is not None and on > due
    ),
    "advice.parent_meetings": _parent_meetings,
    "advice.ehc_before_cycle": lambda s, e, n, on, a: s.completed == 0,
    "advice.ehc_decision_late": lambda s, e, n, on, a: _late(s, on, EHC_DECISION_WEEKS),
    "advice.ehc_plan_late": lambda s, e, n, on, a: _late(s, on, EHC_PLAN_WEEKS),
    "advice.no_plan_in_force": lambda s, e, n, on, a: (
        e["provision"] == _K and e["plan"] is None and e["review_due_on"] is None
    ),
}

_ADVISORY = [r for r in RULES if r.severity is Severity.ADVISORY]
if {r.code for r in _ADVISORY} != set(_CHECKS):  # pragma: no cover
    raise ImportError("an advisory rule of RULES has no columnar check")
_EVENT_TYPES = {t.event.__name__: t.event for t in TRANSITIONS}
# The rules each event type raises, in the order of RULES: at the opening only those
# that name the type, later also those for every event.
_OPENING_RULES = {
    name: tuple(
        (r.code, _CHECKS[r.code])
        for r in _ADVISORY
        if r.events and issubclass(kind, r.events)
    )
    for name, kind in _EVENT_TYPES.items()
}
_LATER_RULES = {
    name: tuple(
        (r.code, _CHECKS[r.code])
        for r in _ADVISORY
        if not r.events or issubclass(kind, r.events)
    )
    for name, kind in _EVENT_TYPES.items()
}


def advisories(
    events: list[dict[str, Any]], dates: list[dt.date]
) -> list[tuple[int, str]]:
    """``(event's place, rule code)`` for each advisory a valid record's events
    raise, in the order its replay raises them (a rule may be raised more than once
    by one event).

    The events must pass `replay`.
    """
    found: list[tuple[int, str]] = []
    first = events[0]
    name = first["event"]
    on = dates[0]
    after = _after(_MOVES[(None, name)], name, first)
    state = _State(first, on, after)
    for code, check in _OPENING_RULES[name]:
        if times := check(state, first, name, on, after):
            found += [(0, code)] * times
    for seq in range(1, len(events)):
        event, on = events[seq], dates[seq]
        name = event["event"]
        after = _after(_MOVES[(state.stage, name)], name, event)
        for code, check in _LATER_RULES[name]:
            if times := check(state, event, name, on, after):
                found += [(seq, code)] * times
        state.move(event, name, on, after)
    return found
