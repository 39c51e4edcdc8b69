"""One pupil through the graduated approach, from concern to needs met.

A Year 3 teacher raises a concern about a pupil's reading. The SENCO assesses and
decides on SEN support; two assess-plan-do-review cycles follow, the second with
changed provision after a specialist's advice; at the third review the targets are
met and SEN support ends. The stage after each step is printed, then the advisories
the record kept.

Run it: ``python examples/one_pupil.py``
"""

from __future__ import annotations

import datetime as dt

from sensupport import (
    AreaOfNeed,
    AssessmentOutcome,
    Attainment,
    Effectiveness,
    EvidenceSource,
    Measure,
    MeasureScale,
    Need,
    NeedType,
    Provision,
    ProvisionRating,
    Pupil,
    Review,
    ReviewDecision,
    Role,
    SupportPlan,
    Target,
    TargetOutcome,
    YearGroup,
)
from sensupport.process import (
    AssessmentCompleted,
    ConcernRaised,
    Event,
    PlanAgreed,
    ReviewHeld,
    SpecialistAdviceReceived,
    SupportRecord,
    apply,
    open_record,
)

D = dt.date
CL = AreaOfNeed.COGNITION_AND_LEARNING


def reading_target(target_id: str, text: str, set_on: dt.date, due: dt.date) -> Target:
    return Target(
        target_id=target_id,
        description=text,
        success_criteria="Checked by the class teacher with an unseen text",
        area=CL,
        set_on=set_on,
        due_on=due,
    )


def intervention(
    provision_id: str,
    name: str,
    start: dt.date,
    end: dt.date,
    entry_age: float,
    exit_age: float,
) -> Provision:
    return Provision(
        provision_id=provision_id,
        name=name,
        delivered_by=Role.TEACHING_ASSISTANT,
        group_size=3,
        sessions_per_week=3,
        minutes_per_session=20,
        starts_on=start,
        ends_on=end,
        area=CL,
        entry=Measure(
            scale=MeasureScale.READING_AGE_MONTHS, value=entry_age, taken_on=start
        ),
        exit=Measure(
            scale=MeasureScale.READING_AGE_MONTHS, value=exit_age, taken_on=end
        ),
    )


def review(
    held_on: dt.date,
    outcomes: dict[str, Attainment],
    ratings: dict[str, Effectiveness],
    decision: ReviewDecision,
    next_due: dt.date | None,
) -> ReviewHeld:
    return ReviewHeld(
        review=Review(
            held_on=held_on,
            participants=(Role.SENCO, Role.TEACHER, Role.PARENT, Role.PUPIL),
            outcomes=tuple(
                TargetOutcome(target_id=t, attainment=a) for t, a in outcomes.items()
            ),
            ratings=tuple(
                ProvisionRating(provision_id=p, effectiveness=e)
                for p, e in ratings.items()
            ),
            parent_views_recorded=True,
            pupil_views_recorded=True,
            decision=decision,
            next_review_due_on=next_due,
        )
    )


def story() -> tuple[Pupil, list[Event]]:
    """The pupil and what happened, in order."""
    pupil = Pupil(pupil_id="MIS-3107", year_group=YearGroup.Y3)
    spld = Need(
        need_type=NeedType.SPLD,
        identified_on=D(2025, 10, 3),
        evidence=(EvidenceSource.SCREENING_TEST, EvidenceSource.PARENT_INPUT),
    )
    first_plan = SupportPlan(
        agreed_on=D(2025, 10, 8),
        needs=(NeedType.SPLD,),
        targets=(
            reading_target("T1", "Blends CVC words", D(2025, 10, 8), D(2025, 12, 12)),
            reading_target(
                "T2", "Reads 30 common exception words", D(2025, 10, 8), D(2025, 12, 12)
            ),
        ),
        provisions=(
            intervention(
                "P1", "Phonics catch-up", D(2025, 10, 13), D(2025, 11, 21), 78, 81
            ),
        ),
        review_due_on=D(2025, 12, 12),
        contributors=(Role.SENCO, Role.TEACHER, Role.PARENT, Role.PUPIL),
    )
    second_plan = SupportPlan(
        agreed_on=D(2026, 1, 14),
        needs=(NeedType.SPLD,),
        targets=(
            reading_target(
                "T1", "Reads 30 common exception words", D(2026, 1, 14), D(2026, 3, 27)
            ),
            reading_target(
                "T2", "Reads a book band 6 text", D(2026, 1, 14), D(2026, 3, 27)
            ),
        ),
        provisions=(
            intervention(
                "P1", "Precision teaching", D(2026, 1, 19), D(2026, 2, 27), 81, 90
            ),
        ),
        review_due_on=D(2026, 3, 27),
        contributors=(Role.SENCO, Role.PARENT, Role.EDUCATIONAL_PSYCHOLOGIST),
    )
    met = Attainment.MET
    events: list[Event] = [
        ConcernRaised(
            occurred_on=D(2025, 9, 15),
            raised_by=Role.TEACHER,
            evidence=(EvidenceSource.TEACHER_OBSERVATION, EvidenceSource.BASELINE_TEST),
            summary="Reading well behind the class",
        ),
        AssessmentCompleted(
            occurred_on=D(2025, 10, 3),
            outcome=AssessmentOutcome.SEN_SUPPORT,
            needs=(spld,),
            evidence=(EvidenceSource.SCREENING_TEST, EvidenceSource.PARENT_INPUT),
            parents_notified_on=D(2025, 10, 3),
        ),
        PlanAgreed(plan=first_plan),
        review(
            D(2025, 12, 12),
            {"T1": met, "T2": Attainment.NOT_MET},
            {"P1": Effectiveness.SOME_IMPACT},
            ReviewDecision.SEEK_SPECIALIST_ADVICE,
            None,
        ),
        SpecialistAdviceReceived(
            occurred_on=D(2026, 1, 9),
            specialist=Role.EDUCATIONAL_PSYCHOLOGIST,
            recommendations="Precision teaching of exception words, daily",
        ),
        AssessmentCompleted(
            occurred_on=D(2026, 1, 12),
            outcome=AssessmentOutcome.SEN_SUPPORT,
            parents_notified_on=D(2026, 1, 12),
        ),
        PlanAgreed(plan=second_plan),
        review(
            D(2026, 3, 30),
            {"T1": met, "T2": Attainment.EXCEEDED},
            {"P1": Effectiveness.EFFECTIVE},
            ReviewDecision.END_SUPPORT,
            None,
        ),
    ]
    return pupil, events


def main() -> SupportRecord:
    pupil, events = story()
    record = open_record(pupil, events[0])  # type: ignore[arg-type]
    print(f"{type(events[0]).__name__:<26} -> {record.stage.value}")
    for event in events[1:]:
        record = apply(record, event)
        print(f"{type(event).__name__:<26} -> {record.stage.value}")
    print(
        f"\nCompleted cycles: {record.completed_cycles}; ended {record.ended_on} "
        f"({record.end_reason.description if record.end_reason else 'open'})"
    )
    print(
        f"Census provision on 2026-01-20: {record.provision_on(D(2026, 1, 20)).value}"
    )
    print(f"Census provision on 2026-04-01: {record.provision_on(D(2026, 4, 1)).value}")
    print("Advisories:")
    for advisory in record.advisories or ():
        print(f"  {advisory}")
    if not record.advisories:
        print("  none")
    return record


if __name__ == "__main__":
    main()
