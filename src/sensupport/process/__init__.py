"""The graduated approach: events, stages, rules, the record and the machine.

A pupil's SEN support record is the ordered list of facts that happened to them. The
machine replays them, rejecting impossible steps (`TransitionError`) and keeping
advisories where practice falls short of the SEND Code of Practice.
"""

from __future__ import annotations

from .events import (
    EVENT_TYPES,
    AssessmentCompleted,
    ConcernRaised,
    EHCNeedsAssessmentDecided,
    EHCNeedsAssessmentRequested,
    EHCPlanDeclined,
    EHCPlanIssued,
    Event,
    ParentMeetingHeld,
    PlanAgreed,
    ProvisionPeriod,
    ReviewHeld,
    SENHistoryReceived,
    SpecialistAdviceReceived,
    SupportEnded,
)
from .machine import (
    allowed_events,
    apply,
    check,
    next_stage,
    open_record,
    propose_review_date,
    replay,
)
from .record import SupportRecord
from .rules import RULES, Rule
from .stages import Stage
from .state import Cycle, RecordState
from .transitions import TRANSITIONS, Guard, Transition, mermaid

__all__ = [
    "EVENT_TYPES",
    "RULES",
    "TRANSITIONS",
    "AssessmentCompleted",
    "ConcernRaised",
    "Cycle",
    "EHCNeedsAssessmentDecided",
    "EHCNeedsAssessmentRequested",
    "EHCPlanDeclined",
    "EHCPlanIssued",
    "Event",
    "Guard",
    "ParentMeetingHeld",
    "PlanAgreed",
    "ProvisionPeriod",
    "RecordState",
    "ReviewHeld",
    "Rule",
    "SENHistoryReceived",
    "SpecialistAdviceReceived",
    "Stage",
    "SupportEnded",
    "SupportRecord",
    "Transition",
    "allowed_events",
    "apply",
    "check",
    "mermaid",
    "next_stage",
    "open_record",
    "propose_review_date",
    "replay",
]
