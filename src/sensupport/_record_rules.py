"""The rules a `SupportRecord` document can break, by code: what a second validator
of records (the columnar tier's checks) must cover, and the mutations of
`sensupport.testing.invalid_record_documents` break one at a time.

Kept apart from the strategies, so that it is read without hypothesis installed.
"""

from __future__ import annotations

__all__ = ["RECORD_RULES"]

RECORD_RULES: tuple[str, ...] = (
    # The document: its text, its envelope and the type of every value
    # (sensupport.serialization, its converter and JSON reader).
    "document.json",
    "document.duplicate_key",
    "document.not_object",
    "document.missing_field",
    "document.unknown_field",
    "document.schema_version",
    "document.type",
    "document.seal",
    "document.invalid_value",
    # The pupil, its UPN and its school.
    "pupil.blank",
    "upn.length",
    "upn.digits",
    "upn.last_character",
    "upn.check_letter",
    "school.format",
    "school.incomplete",
    "school.unidentified",
    # Needs, as an assessment, a specialist or a history identifies them.
    "need.rank",
    "need.evidence.duplicate",
    "needs.duplicate_type",
    "needs.primary",
    "needs.secondary",
    "needs.nsa_with_other",
    # Each event's own rules.
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
    # A plan: its targets, its provisions and their measures, the plan itself.
    "target.blank",
    "target.due_before_set",
    "provision.blank",
    "provision.group_size",
    "provision.timetable",
    "provision.timetable_incomplete",
    "provision.ends_before_start",
    "provision.measure_scale",
    "provision.exit_before_entry",
    "plan.no_needs",
    "plan.needs.duplicate",
    "plan.contributors.duplicate",
    "plan.target.duplicate_id",
    "plan.provision.duplicate_id",
    "plan.target_due_after_review",
    "plan.target_set_after_agreement",
    "plan.target_area",
    # A review: its outcomes, its ratings, the review itself.
    "outcome.blank",
    "outcome.achieved_not_met",
    "rating.blank",
    "review.participants.duplicate",
    "review.outcome.duplicate_id",
    "review.rating.duplicate_id",
    "review.achieved_after_review",
    "review.next_not_after",
    "review.next_after_end",
    # The record: how it opens and how long it is (sensupport.process.record, fold).
    "record.first_event",
    "record.too_many_events",
    # The machine's gate, for every event (sensupport.process.rules).
    "record.closed",
    "stage.not_allowed",
    "event.out_of_order",
    # The transitions' guards (sensupport.process.transitions).
    "ehc.already_requested",
    "ehc.not_requested",
    "ehc.already_decided",
    "ehc.not_agreed",
    "ehc.plan_with_nsa",
    "plan.no_identified_need",
    # The process rules that read the event (errors; advisories never refuse).
    "assessment.no_need",
    "plan.no_targets",
    "plan.no_provisions",
    "plan.review_not_after_agreement",
    "plan.need_not_identified",
    "review.before_plan",
    "review.missing_outcome",
    "review.unknown_target",
    "review.unknown_provision",
)
"""Every code that makes a `SupportRecord` document invalid when loaded with
``loads(text, SupportRecord)``, grouped by where the rule lives."""
