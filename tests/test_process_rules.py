"""Each rule and advisory of the graduated approach: one case that triggers it, one
that does not."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest

from builders import (
    assessment_completed,
    concern_raised,
    outcomes_met,
    plan_agreed,
    pupil,
    ratings_effective,
    record_after_concern,
    record_in_do,
    record_in_ehc_needs_assessment,
    record_with_ehc_requested,
    review_held,
)
from sensupport import (
    AssessmentOutcome,
    EHCDecision,
    EndReason,
    Need,
    NeedType,
    ReviewDecision,
    Role,
    SenProvision,
    Severity,
    TransitionError,
    ValidationError,
)
from sensupport.process import (
    RULES,
    EHCNeedsAssessmentDecided,
    EHCNeedsAssessmentRequested,
    EHCPlanDeclined,
    EHCPlanIssued,
    Event,
    ParentMeetingHeld,
    PlanAgreed,
    ReviewHeld,
    SpecialistAdviceReceived,
    Stage,
    SupportEnded,
    SupportRecord,
    apply,
    check,
    open_record,
    replay,
)

D = dt.date
PUPIL = pupil()


def codes(record: SupportRecord, event: Event) -> set[str]:
    return {p.code for p in check(record, event)}


# --- the gate: closed records, stages, dates ------------------------------------------


def test_record_closed() -> None:
    ended = record_after_concern(
        assessment_completed(outcome=AssessmentOutcome.NOT_SEN, needs=())
    )
    assert ended.stage is Stage.ENDED
    assert codes(ended, ParentMeetingHeld(occurred_on=D(2025, 11, 1))) == {
        "record.closed"
    }
    assert "record.closed" not in codes(
        record_in_do(), ParentMeetingHeld(occurred_on=D(2026, 1, 5))
    )


def test_stage_not_allowed() -> None:
    record = record_after_concern(assessment_completed())
    found = check(record, review_held())
    assert {p.code for p in found} == {"stage.not_allowed"}
    assert "PlanAgreed" in found[0].message
    assert codes(record, plan_agreed()) <= {"advice.plan_without_parent"}


def test_event_out_of_order() -> None:
    record = record_after_concern(assessment_completed())
    assert "event.out_of_order" in codes(record, plan_agreed(agreed_on=D(2025, 9, 30)))
    assert "event.out_of_order" not in codes(
        record, plan_agreed(agreed_on=D(2025, 10, 1))
    )


def test_first_event_must_be_a_concern() -> None:
    with pytest.raises(ValidationError) as error:
        replay(PUPIL, [assessment_completed()])
    assert error.value.codes == ("record.first_event",)
    with pytest.raises(ValidationError):
        replay(PUPIL, [])


# --- assess --------------------------------------------------------------------------


def test_assessment_no_need() -> None:
    record = record_after_concern()
    assert "assessment.no_need" in codes(record, assessment_completed(needs=()))
    assert "assessment.no_need" not in codes(record, assessment_completed())
    # A later decision can rest on the needs already on the register.
    again = record_after_concern(
        assessment_completed(),
        plan_agreed(),
        review_held(decision=ReviewDecision.SEEK_SPECIALIST_ADVICE),
    )
    assert "assessment.no_need" not in codes(
        again, assessment_completed(assessed_on=D(2026, 1, 5), needs=())
    )


def test_parents_not_notified() -> None:
    record = record_after_concern()
    assert "advice.parents_not_notified" in codes(
        record, assessment_completed(parents_notified=False)
    )
    assert "advice.parents_not_notified" not in codes(record, assessment_completed())


# --- plan ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event", "code"),
    [
        (plan_agreed(targets=()), "plan.no_targets"),
        (plan_agreed(provisions=()), "plan.no_provisions"),
        (plan_agreed(review_due_on=D(2025, 10, 8)), "plan.review_not_after_agreement"),
        (plan_agreed(needs=(NeedType.ASD,)), "plan.need_not_identified"),
        (plan_agreed(contributors=(Role.SENCO,)), "advice.plan_without_parent"),
    ],
)
def test_plan_rules(event: PlanAgreed, code: str) -> None:
    record = record_after_concern(assessment_completed())
    assert code in codes(record, event)
    assert code not in codes(record, plan_agreed())


def test_plan_errors_are_all_reported() -> None:
    record = record_after_concern(assessment_completed())
    with pytest.raises(TransitionError) as error:
        apply(record, plan_agreed(targets=(), provisions=(), needs=(NeedType.ASD,)))
    assert set(error.value.codes) == {
        "plan.no_targets",
        "plan.no_provisions",
        "plan.need_not_identified",
    }


# --- review ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event", "code"),
    [
        (review_held(held_on=D(2025, 10, 7)), "review.before_plan"),
        (review_held(outcomes=outcomes_met("T1")), "review.missing_outcome"),
        (review_held(outcomes=outcomes_met("T1", "T2", "T9")), "review.unknown_target"),
        (
            review_held(ratings=ratings_effective("P1", "P7")),
            "review.unknown_provision",
        ),
        (review_held(views_recorded=False), "advice.review_no_parent_views"),
        (review_held(views_recorded=False), "advice.review_no_pupil_views"),
        (review_held(held_on=D(2025, 12, 19)), "advice.review_late"),
    ],
)
def test_review_rules(event: ReviewHeld, code: str) -> None:
    record = record_in_do()
    assert code in codes(record, event)
    assert code not in codes(record, review_held())


def test_review_late_says_how_late() -> None:
    found = [
        p
        for p in check(record_in_do(), review_held(held_on=D(2025, 12, 19)))
        if p.code == "advice.review_late"
    ]
    assert "7 days after" in found[0].message


def test_review_before_plan_cites_both_dates() -> None:
    # The plan was agreed on the day of its assessment; the review is dated before.
    record = record_after_concern(
        assessment_completed(assessed_on=D(2025, 10, 1)),
        plan_agreed(agreed_on=D(2025, 10, 1)),
    )
    problems = {p.code: p for p in check(record, review_held(held_on=D(2025, 9, 30)))}
    message = problems["review.before_plan"].message
    assert "2025-09-30" in message
    assert "2025-10-01" in message


@pytest.mark.parametrize(
    ("decision", "stage"),
    [
        (ReviewDecision.CONTINUE, Stage.PLAN),
        (ReviewDecision.CHANGE_PROVISION, Stage.PLAN),
        (ReviewDecision.REDUCE_PROVISION, Stage.PLAN),
        (ReviewDecision.SEEK_SPECIALIST_ADVICE, Stage.ASSESS),
        (ReviewDecision.REQUEST_EHC_NEEDS_ASSESSMENT, Stage.EHC_NEEDS_ASSESSMENT),
        (ReviewDecision.END_SUPPORT, Stage.ENDED),
    ],
)
def test_review_decision_moves_the_record(
    decision: ReviewDecision, stage: Stage
) -> None:
    record = apply(record_in_do(), review_held(decision=decision))
    assert record.stage is stage
    assert record.completed_cycles == 1


# --- parents met three times a year ----------------------------------------------------


def test_parent_meetings_fewer_than_three_in_a_full_year() -> None:
    # On support from before 1 Sept 2025 to after 31 Aug 2026; met twice in that year.
    record = replay(
        PUPIL,
        [
            concern_raised(raised_on=D(2025, 6, 2)),
            assessment_completed(assessed_on=D(2025, 6, 20)),
            plan_agreed(agreed_on=D(2025, 9, 10), review_due_on=D(2026, 7, 1)),
            ParentMeetingHeld(occurred_on=D(2026, 2, 1)),
        ],
    )
    assert "advice.parent_meetings" in codes(
        record, ParentMeetingHeld(occurred_on=D(2026, 9, 7))
    )
    enough = apply(record, ParentMeetingHeld(occurred_on=D(2026, 5, 1)))
    assert "advice.parent_meetings" not in codes(
        enough, ParentMeetingHeld(occurred_on=D(2026, 9, 7))
    )


def test_parent_meetings_are_pro_rated() -> None:
    # On support for about four months of 2025/26, then the pupil leaves: 1 required.
    record = record_after_concern(
        assessment_completed(assessed_on=D(2025, 10, 1)),
        plan_agreed(contributors=(Role.SENCO,)),
    )
    leaving = SupportEnded(occurred_on=D(2026, 2, 2), reason=EndReason.LEFT_SCHOOL)
    found = [p for p in check(record, leaving) if p.code == "advice.parent_meetings"]
    assert found
    assert "1 pro rata" in found[0].message
    met = apply(record, ParentMeetingHeld(occurred_on=D(2025, 11, 3)))
    assert "advice.parent_meetings" not in codes(met, leaving)


# --- EHC needs assessment --------------------------------------------------------------


def test_ehc_before_cycle() -> None:
    request = EHCNeedsAssessmentRequested(
        occurred_on=D(2025, 11, 1), requested_by=Role.PARENT
    )
    assert "advice.ehc_before_cycle" in codes(record_in_do(), request)
    later = EHCNeedsAssessmentRequested(occurred_on=D(2026, 1, 5))
    assert "advice.ehc_before_cycle" not in codes(
        record_in_ehc_needs_assessment(), later
    )


def test_ehc_already_requested() -> None:
    record = apply(
        record_in_ehc_needs_assessment(),
        EHCNeedsAssessmentRequested(occurred_on=D(2026, 1, 5)),
    )
    assert "ehc.already_requested" in codes(
        record, EHCNeedsAssessmentRequested(occurred_on=D(2026, 1, 6))
    )
    assert "ehc.already_requested" not in codes(
        record_in_ehc_needs_assessment(),
        EHCNeedsAssessmentRequested(occurred_on=D(2026, 1, 6)),
    )


def test_ehc_not_requested() -> None:
    decided = EHCNeedsAssessmentDecided(
        occurred_on=D(2026, 1, 5), decision=EHCDecision.AGREED
    )
    assert "ehc.not_requested" in codes(record_in_ehc_needs_assessment(), decided)
    requested = apply(
        record_in_ehc_needs_assessment(),
        EHCNeedsAssessmentRequested(occurred_on=D(2026, 1, 2)),
    )
    assert "ehc.not_requested" not in codes(requested, decided)


def test_ehc_already_decided() -> None:
    decided = apply(
        record_with_ehc_requested(),
        EHCNeedsAssessmentDecided(
            occurred_on=D(2026, 2, 1), decision=EHCDecision.AGREED
        ),
    )
    again = EHCNeedsAssessmentDecided(
        occurred_on=D(2026, 2, 2), decision=EHCDecision.AGREED
    )
    assert "ehc.already_decided" in codes(decided, again)
    assert "ehc.already_decided" not in codes(record_with_ehc_requested(), again)


def test_ehc_not_agreed() -> None:
    issued = EHCPlanIssued(occurred_on=D(2026, 5, 1))
    assert "ehc.not_agreed" in codes(record_with_ehc_requested(), issued)
    agreed = apply(
        record_with_ehc_requested(),
        EHCNeedsAssessmentDecided(
            occurred_on=D(2026, 2, 1), decision=EHCDecision.AGREED
        ),
    )
    assert "ehc.not_agreed" not in codes(agreed, issued)
    assert "ehc.not_agreed" not in codes(
        agreed, EHCPlanDeclined(occurred_on=D(2026, 5, 1))
    )


def test_ehc_decision_late_at_six_weeks() -> None:
    on_time = EHCNeedsAssessmentDecided(
        occurred_on=D(2026, 2, 16), decision=EHCDecision.AGREED
    )
    late = EHCNeedsAssessmentDecided(
        occurred_on=D(2026, 2, 17), decision=EHCDecision.AGREED
    )
    assert "advice.ehc_decision_late" not in codes(
        record_with_ehc_requested(), on_time
    )  # day 42
    assert "advice.ehc_decision_late" in codes(
        record_with_ehc_requested(), late
    )  # day 43


def test_ehc_plan_late_at_twenty_weeks() -> None:
    agreed = apply(
        record_with_ehc_requested(),
        EHCNeedsAssessmentDecided(
            occurred_on=D(2026, 2, 1), decision=EHCDecision.AGREED
        ),
    )
    assert "advice.ehc_plan_late" not in codes(
        agreed, EHCPlanIssued(occurred_on=D(2026, 5, 25))
    )  # day 140
    assert "advice.ehc_plan_late" in codes(
        agreed, EHCPlanIssued(occurred_on=D(2026, 5, 26))
    )


def test_ehc_plan_issued_closes_and_changes_the_census_code() -> None:
    agreed = apply(
        record_with_ehc_requested(),
        EHCNeedsAssessmentDecided(
            occurred_on=D(2026, 2, 1), decision=EHCDecision.AGREED
        ),
    )
    closed = apply(agreed, EHCPlanIssued(occurred_on=D(2026, 5, 1)))
    assert closed.stage is Stage.EHC_PLAN
    assert closed.end_reason is EndReason.EHC_PLAN_ISSUED
    assert closed.provision_on(D(2026, 4, 30)) is SenProvision.SEN_SUPPORT
    assert closed.provision_on(D(2026, 5, 1)) is SenProvision.EHC_PLAN


def test_ehc_refusal_returns_to_plan_and_resets_the_request() -> None:
    refused = apply(
        record_with_ehc_requested(),
        EHCNeedsAssessmentDecided(
            occurred_on=D(2026, 2, 1), decision=EHCDecision.REFUSED
        ),
    )
    assert refused.stage is Stage.PLAN
    assert refused.state.ehc_requested_on is None
    assert "ehc.already_requested" not in codes(
        refused, EHCNeedsAssessmentRequested(occurred_on=D(2026, 6, 1))
    )


# --- the record ------------------------------------------------------------------------


def test_every_rule_has_a_test_here() -> None:
    source = Path(__file__).read_text(encoding="utf-8")
    untested = [r.code for r in RULES if f'"{r.code}"' not in source]
    assert untested == []


def test_stored_record_that_breaks_a_rule_names_the_event() -> None:
    with pytest.raises(ValidationError) as error:
        record_after_concern(
            assessment_completed(),
            plan_agreed(),
            review_held(outcomes=outcomes_met("T1")),
        )
    assert error.value.problems[0].path == "events[3].review.outcomes"
    assert error.value.codes == ("review.missing_outcome",)


def test_advisories_are_kept_with_the_event_index() -> None:
    record = record_after_concern(assessment_completed(parents_notified=False))
    assert [(p.path, p.severity) for p in record.advisories] == [
        ("events[1].parents_notified_on", Severity.ADVISORY)
    ]


def test_apply_leaves_the_input_record_unchanged() -> None:
    record = record_in_do()
    events = record.events
    apply(record, review_held())
    assert record.events == events
    assert record.stage is Stage.DO


def test_specialist_advice_can_revise_the_needs_register() -> None:
    advice = SpecialistAdviceReceived(
        occurred_on=D(2025, 11, 1),
        specialist=Role.SPEECH_AND_LANGUAGE_THERAPIST,
        needs=(Need(need_type=NeedType.ASD, identified_on=D(2025, 11, 1)),),
    )
    record = apply(record_in_do(), advice)
    assert record.stage is Stage.DO
    assert [n.need_type for n in record.needs] == [NeedType.ASD]
    unchanged = apply(record_in_do(), attrs.evolve(advice, needs=()))
    assert [n.need_type for n in unchanged.needs] == [NeedType.SLCN]


def test_leaving_school_ends_from_any_open_stage() -> None:
    for record in (
        record_after_concern(),
        record_after_concern(assessment_completed()),
        record_in_do(),
        record_in_ehc_needs_assessment(),
    ):
        left = apply(
            record,
            SupportEnded(occurred_on=D(2026, 3, 1), reason=EndReason.LEFT_SCHOOL),
        )
        assert left.stage is Stage.ENDED
        assert left.end_reason is EndReason.LEFT_SCHOOL
        assert left.ended_on == D(2026, 3, 1)


def test_open_record_opens_in_assess() -> None:
    record = open_record(PUPIL, concern_raised())
    assert record.stage is Stage.ASSESS
    assert record.provision_on(D(2025, 9, 20)) is SenProvision.NO_SEN


# --- guards on the transitions ---------------------------------------------------------


def test_a_plan_needs_an_identified_need() -> None:
    from sensupport.process import allowed_events

    requested = record_after_concern(
        EHCNeedsAssessmentRequested(occurred_on=D(2025, 9, 20))
    )
    refused = apply(
        requested,
        EHCNeedsAssessmentDecided(
            occurred_on=D(2025, 10, 20), decision=EHCDecision.REFUSED
        ),
    )
    assert refused.stage is Stage.PLAN
    assert refused.needs == ()
    agreed = plan_agreed(agreed_on=D(2025, 10, 22), review_due_on=D(2025, 12, 12))
    assert "plan.no_identified_need" in codes(refused, agreed)
    assert PlanAgreed not in allowed_events(refused)
    advised = apply(
        refused,
        SpecialistAdviceReceived(
            occurred_on=D(2025, 10, 21),
            specialist=Role.SPEECH_AND_LANGUAGE_THERAPIST,
            needs=(Need(need_type=NeedType.SLCN, identified_on=D(2025, 10, 21)),),
        ),
    )
    assert "plan.no_identified_need" not in codes(advised, agreed)
    assert PlanAgreed in allowed_events(advised)


def test_an_ehc_plan_is_not_issued_on_an_nsa_register() -> None:
    from sensupport.process import allowed_events

    agreed = apply(
        record_after_concern(
            assessment_completed(needs=(NeedType.NSA,)),
            plan_agreed(needs=(NeedType.NSA,)),
            review_held(decision=ReviewDecision.REQUEST_EHC_NEEDS_ASSESSMENT),
            EHCNeedsAssessmentRequested(occurred_on=D(2026, 1, 5)),
        ),
        EHCNeedsAssessmentDecided(
            occurred_on=D(2026, 2, 1), decision=EHCDecision.AGREED
        ),
    )
    issued = EHCPlanIssued(occurred_on=D(2026, 5, 1))
    assert "ehc.plan_with_nsa" in codes(agreed, issued)
    assert EHCPlanIssued not in allowed_events(agreed)
    assert EHCPlanDeclined in allowed_events(agreed)
    with pytest.raises(TransitionError) as error:
        apply(agreed, issued)
    assert error.value.codes == ("ehc.plan_with_nsa",)
    assessed_need = apply(
        agreed,
        SpecialistAdviceReceived(
            occurred_on=D(2026, 4, 1),
            specialist=Role.EDUCATIONAL_PSYCHOLOGIST,
            needs=(Need(need_type=NeedType.MLD, identified_on=D(2026, 4, 1)),),
        ),
    )
    assert "ehc.plan_with_nsa" not in codes(assessed_need, issued)
    assert apply(assessed_need, issued).stage is Stage.EHC_PLAN


def test_allowed_events_are_those_whose_guards_hold() -> None:
    from sensupport.process import allowed_events

    requested = record_with_ehc_requested()
    assert EHCNeedsAssessmentRequested not in allowed_events(requested)
    assert EHCNeedsAssessmentDecided in allowed_events(requested)
    assert EHCPlanIssued not in allowed_events(requested)
    assert allowed_events(requested) == allowed_events(requested.state)
    assert (
        allowed_events(
            apply(
                requested,
                SupportEnded(occurred_on=D(2026, 1, 6), reason=EndReason.LEFT_SCHOOL),
            )
        )
        == frozenset()
    )


# --- history received --------------------------------------------------------------------


def test_history_with_no_plan_in_force_is_an_advisory() -> None:
    from sensupport.process import SENHistoryReceived

    def history(**kwargs: object) -> SENHistoryReceived:
        return SENHistoryReceived(
            occurred_on=D(2025, 11, 3),
            provision=SenProvision.SEN_SUPPORT,
            provision_started_on=D(2024, 3, 4),
            needs=(Need(need_type=NeedType.SLCN, identified_on=None),),
            received_from="MIS SEN register",
            **kwargs,  # type: ignore[arg-type]
        )

    without = SupportRecord(pupil=PUPIL, events=(history(),))
    assert without.stage is Stage.PLAN
    assert [(p.code, p.path) for p in without.advisories] == [
        ("advice.no_plan_in_force", "events[0].review_due_on")
    ]
    known = SupportRecord(pupil=PUPIL, events=(history(review_due_on=D(2025, 12, 12)),))
    assert known.stage is Stage.DO
    assert "advice.no_plan_in_force" not in {p.code for p in known.advisories}
