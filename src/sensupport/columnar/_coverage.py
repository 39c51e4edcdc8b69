"""Which rules of `RECORD_RULES` the columnar checks flag: while they cover every
one, a record the checks pass is trusted without `loads`.
"""

from __future__ import annotations

from .._record_rules import RECORD_RULES
from ._machine import _KNOWN_GUARDS

COVERED_RULES: frozenset[str] = frozenset(
    {
        # The shape check: a document is only taken as `dumps` writes a valid one.
        "document.json",
        "document.duplicate_key",
        "document.not_object",
        "document.missing_field",
        "document.unknown_field",
        "document.schema_version",
        "document.type",
        "document.seal",
        "document.invalid_value",
        "upn.length",
        "upn.digits",
        "upn.last_character",
        "upn.check_letter",
        # The rules of one object over its own fields, as each document is laid out.
        "pupil.blank",
        "school.format",
        "school.incomplete",
        "school.unidentified",
        "need.rank",
        "need.evidence.duplicate",
        "needs.duplicate_type",
        "needs.primary",
        "needs.secondary",
        "needs.nsa_with_other",
        "concern.evidence.duplicate",
        "history.blank",
        "history.earlier_out_of_order",
        "history.no_sen",
        "history.started_after_received",
        "history.need_after_received",
        "history.plan_with_ehc",
        "history.nsa_with_ehc",
        "history.plan_after_received",
        "history.review_date_mismatch",
        "assessment.evidence.duplicate",
        "assessment.needs_not_sen",
        "assessment.notified_before_decision",
        "assessment.need_after_decision",
        "advice.not_specialist",
        "ended.ehc_plan_reason",
        "target.blank",
        "provision.blank",
        "plan.no_needs",
        "plan.needs.duplicate",
        "plan.contributors.duplicate",
        "plan.target_area",
        "outcome.blank",
        "rating.blank",
        "review.participants.duplicate",
        # The classes' cross-field rules, column by column.
        "target.due_before_set",
        "provision.group_size",
        "provision.timetable",
        "provision.timetable_incomplete",
        "provision.ends_before_start",
        "provision.measure_scale",
        "provision.exit_before_entry",
        "plan.target.duplicate_id",
        "plan.provision.duplicate_id",
        "plan.target_due_after_review",
        "plan.target_set_after_agreement",
        "outcome.achieved_not_met",
        "review.outcome.duplicate_id",
        "review.rating.duplicate_id",
        "review.achieved_after_review",
        "review.next_not_after",
        "review.next_after_end",
        # The record and the machine, replayed from TRANSITIONS.
        "record.first_event",
        "record.too_many_events",
        "record.closed",
        "stage.not_allowed",
        "event.out_of_order",
        *_KNOWN_GUARDS,  # the transitions' guards
        "assessment.no_need",
        "plan.no_targets",
        "plan.no_provisions",
        "plan.review_not_after_agreement",
        "plan.need_not_identified",
        "review.before_plan",
        "review.missing_outcome",
        "review.unknown_target",
        "review.unknown_provision",
    }
)
"""The codes of `RECORD_RULES` whose breach the columnar checks flag."""

_COMPLETE = frozenset(RECORD_RULES) <= COVERED_RULES
