"""The rules of one object over its own fields, read from a document's plain dicts:
whether the pupil, or an event with what it holds (needs, a plan, a review, a
history), breaks a rule the classes check on their own fields.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from ..codes import (
    AssessmentOutcome,
    EndReason,
    NeedType,
    Role,
    SenProvision,
)
from ._machine import _EHC_PLAN_CODE, _NSA

# Dates here are the documents' own text, yyyy-mm-dd, which sorts as the dates do.
_DIGITS = re.compile(r"\d+")
_SCHOOL_FORMATS = {"urn": 6, "la": 3, "estab": 4}
_SPECIALISTS = frozenset(r.value for r in Role if r.is_specialist)
_NO_SEN = SenProvision.NO_SEN.value
_NOT_SEN = AssessmentOutcome.NOT_SEN.value
_EHC_ISSUED = EndReason.EHC_PLAN_ISSUED.value
_AREAS = {t.value: (None if t.area is None else t.area.value) for t in NeedType}


def _repeat(values: list[Any]) -> bool:
    return len(set(values)) != len(values)


def _blank(value: str) -> bool:
    return not value.strip()


def _pupil_breaks(pupil: dict[str, Any]) -> bool:
    """Whether the pupil breaks a rule of its own or of its school."""
    if _blank(pupil["pupil_id"]):
        return True  # pupil.blank
    school = pupil["school"]
    if school is None:
        return False
    for field, length in _SCHOOL_FORMATS.items():
        value = school[field]
        if value is not None and (
            len(value) != length or _DIGITS.fullmatch(value) is None
        ):
            return True  # school.format
    if (school["la"] is None) != (school["estab"] is None):
        return True  # school.incomplete
    return school["urn"] is None and school["la"] is None  # school.unidentified


def _needs_break(needs: list[dict[str, Any]], on: str) -> bool:
    """Whether needs break a rule of a need, of the census on needs, or come late."""
    if not needs:
        return False
    types = [n["need_type"] for n in needs]
    ranks = [n["rank"] for n in needs]
    if any(r not in (1, 2) for r in ranks):
        return True  # need.rank
    if any(_repeat(n["evidence"]) for n in needs):
        return True  # need.evidence.duplicate
    if _repeat(types) or ranks.count(1) != 1 or ranks.count(2) > 1:
        return True  # needs.duplicate_type, needs.primary, needs.secondary
    if _NSA in types and len(types) > 1:
        return True  # needs.nsa_with_other
    # history.need_after_received, assessment.need_after_decision
    return any(
        n["identified_on"] is not None and n["identified_on"] > on for n in needs
    )


def _plan_breaks(plan: dict[str, Any]) -> bool:
    """Whether a plan breaks a rule of its own, of its targets or its provisions
    that the columns do not check."""
    needs = plan["needs"]
    if not needs or _repeat(needs) or _repeat(plan["contributors"]):
        return True  # plan.no_needs, plan.needs.duplicate, plan.contributors.duplicate
    areas = {_AREAS[n] for n in needs}
    for target in plan["targets"]:
        if _blank(target["target_id"]) or _blank(target["description"]):
            return True  # target.blank
        area = target["area"]
        if area is not None and None not in areas and area not in areas:
            return True  # plan.target_area
    return any(
        _blank(p["provision_id"]) or _blank(p["name"]) for p in plan["provisions"]
    )  # provision.blank


def _event_breaks(event: dict[str, Any]) -> bool:
    """Whether an event breaks a rule of its own (not the machine's)."""
    name = event["event"]
    if name == "PlanAgreed":
        return _plan_breaks(event["plan"])
    if name == "ReviewHeld":
        review = event["review"]
        return (
            _repeat(review["participants"])  # review.participants.duplicate
            or any(_blank(o["target_id"]) for o in review["outcomes"])
            or any(_blank(r["provision_id"]) for r in review["ratings"])
        )  # outcome.blank, rating.blank
    on = event["occurred_on"]
    if name == "ConcernRaised":
        return _repeat(event["evidence"])  # concern.evidence.duplicate
    if name == "AssessmentCompleted":
        notified = event["parents_notified_on"]
        return (
            _needs_break(event["needs"], on)
            or _repeat(event["evidence"])  # assessment.evidence.duplicate
            or (event["outcome"] == _NOT_SEN and bool(event["needs"]))
            or (notified is not None and notified < on)
        )  # assessment.needs_not_sen, assessment.notified_before_decision
    if name == "SpecialistAdviceReceived":
        return _needs_break(event["needs"], "9999-12-31") or (
            event["specialist"] not in _SPECIALISTS
        )  # advice.not_specialist
    if name == "SupportEnded":
        return bool(event["reason"] == _EHC_ISSUED)  # ended.ehc_plan_reason
    if name == "SENHistoryReceived":
        return _history_breaks(event)
    return False


def _history_breaks(event: dict[str, Any]) -> bool:
    on = event["occurred_on"]
    started = event["provision_started_on"]
    if _blank(event["received_from"]):
        return True  # history.blank
    starts = [p["started_on"] for p in event["earlier"]] + [started]
    if any(a >= b for a, b in itertools.pairwise(starts)):
        return True  # history.earlier_out_of_order
    if _needs_break(event["needs"], on):
        return True
    provision = event["provision"]
    if provision == _NO_SEN or started > on:
        return True  # history.no_sen, history.started_after_received
    plan, due = event["plan"], event["review_due_on"]
    if provision == _EHC_PLAN_CODE and (
        plan is not None
        or due is not None
        or any(n["need_type"] == _NSA for n in event["needs"])
    ):
        return True  # history.plan_with_ehc, history.nsa_with_ehc
    if plan is None:
        return False
    return (
        plan["agreed_on"] > on  # history.plan_after_received
        or (due is not None and due != plan["review_due_on"])  # review_date_mismatch
        or _plan_breaks(plan)
    )
