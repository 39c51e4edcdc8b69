"""A cohort built by hand, whose metrics are known, for the school year 2025/26.

- A joins mid-period: on support from 2026-01-05, reviewed twice, targets met in time.
- B leaves: on support from 2025-06-20, reviewed once, leaves 2026-01-16.
- C has no review yet: plan due for review 2025-12-12, never reviewed.
- D is reviewed late: due 2025-09-19, reviewed 2025-10-10, support ends.
"""

from __future__ import annotations

import datetime as dt

from sensupport import (
    AreaOfNeed,
    AssessmentOutcome,
    Attainment,
    Effectiveness,
    EndReason,
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
    SupportEnded,
    SupportRecord,
    replay,
)

D = dt.date
START, END = D(2025, 9, 1), D(2026, 9, 1)
EVERYONE = (Role.SENCO, Role.TEACHER, Role.PARENT, Role.PUPIL)


def opening(concern: dt.date, decided: dt.date, need: NeedType) -> list[Event]:
    return [
        ConcernRaised(occurred_on=concern, raised_by=Role.TEACHER),
        AssessmentCompleted(
            occurred_on=decided,
            outcome=AssessmentOutcome.SEN_SUPPORT,
            needs=(Need(need_type=need, identified_on=decided),),
            parents_notified_on=decided,
        ),
    ]


def plan(
    agreed: dt.date,
    review_due: dt.date,
    need: NeedType,
    targets: dict[str, dt.date],
    provision: str = "Talk Boost",
) -> PlanAgreed:
    return PlanAgreed(
        plan=SupportPlan(
            agreed_on=agreed,
            needs=(need,),
            review_due_on=review_due,
            targets=tuple(
                Target(
                    target_id=t,
                    description="A target",
                    set_on=agreed,
                    due_on=due,
                    area=need.area,
                )
                for t, due in targets.items()
            ),
            provisions=(
                Provision(
                    provision_id="P1",
                    name=provision,
                    delivered_by=Role.TEACHING_ASSISTANT,
                    starts_on=agreed,
                ),
            ),
            contributors=EVERYONE,
        )
    )


def review(
    held: dt.date,
    outcomes: dict[str, tuple[Attainment, dt.date | None]],
    decision: ReviewDecision,
) -> ReviewHeld:
    return ReviewHeld(
        review=Review(
            held_on=held,
            decision=decision,
            participants=EVERYONE,
            outcomes=tuple(
                TargetOutcome(target_id=t, attainment=a, achieved_on=on)
                for t, (a, on) in outcomes.items()
            ),
            ratings=(
                ProvisionRating(
                    provision_id="P1", effectiveness=Effectiveness.EFFECTIVE
                ),
            ),
            parent_views_recorded=True,
            pupil_views_recorded=True,
        )
    )


def pupil(pupil_id: str, year: YearGroup) -> Pupil:
    return Pupil(pupil_id=pupil_id, year_group=year)


SLCN, SPLD, SEMH = NeedType.SLCN, NeedType.SPLD, NeedType.SEMH
MET, PARTLY, NOT_MET, EXCEEDED = (
    Attainment.MET,
    Attainment.PARTLY_MET,
    Attainment.NOT_MET,
    Attainment.EXCEEDED,
)
CONTINUE, CHANGE, END_SUPPORT = (
    ReviewDecision.CONTINUE,
    ReviewDecision.CHANGE_PROVISION,
    ReviewDecision.END_SUPPORT,
)

A = replay(
    pupil("A", YearGroup.Y2),
    [
        *opening(D(2025, 12, 1), D(2026, 1, 5), SLCN),
        plan(
            D(2026, 1, 12),
            D(2026, 3, 27),
            SLCN,
            {"T1": D(2026, 3, 27), "T2": D(2026, 3, 27)},
        ),
        review(
            D(2026, 3, 25), {"T1": (MET, D(2026, 3, 1)), "T2": (PARTLY, None)}, CONTINUE
        ),
        plan(D(2026, 4, 20), D(2026, 7, 10), SLCN, {"T1": D(2026, 7, 10)}),
        review(D(2026, 7, 8), {"T1": (EXCEEDED, None)}, CONTINUE),
    ],
)
B = replay(
    pupil("B", YearGroup.Y5),
    [
        *opening(D(2025, 6, 2), D(2025, 6, 20), SPLD),
        plan(D(2025, 6, 25), D(2025, 10, 17), SPLD, {"T1": D(2025, 10, 17)}, "Lexia"),
        review(D(2025, 10, 15), {"T1": (NOT_MET, None)}, CHANGE),
        plan(
            D(2025, 11, 3),
            D(2026, 2, 6),
            SPLD,
            {"T1": D(2026, 2, 6), "T2": D(2026, 2, 6)},
            "Precision teaching",
        ),
        SupportEnded(occurred_on=D(2026, 1, 16), reason=EndReason.LEFT_SCHOOL),
    ],
)
C = replay(
    pupil("C", YearGroup.Y8),
    [
        *opening(D(2025, 9, 10), D(2025, 10, 1), SEMH),
        plan(D(2025, 10, 6), D(2025, 12, 12), SEMH, {"T1": D(2025, 12, 12)}),
    ],
)
LATE = replay(
    pupil("D", YearGroup.Y5),
    [
        *opening(D(2025, 3, 3), D(2025, 3, 20), SPLD),
        plan(
            D(2025, 4, 1),
            D(2025, 9, 19),
            SPLD,
            {"T1": D(2025, 7, 18), "T2": D(2025, 9, 19)},
            "Lexia",
        ),
        review(
            D(2025, 10, 10),
            {"T1": (MET, None), "T2": (MET, D(2025, 9, 15))},
            END_SUPPORT,
        ),
    ],
)

COHORT: tuple[SupportRecord, ...] = (A, B, C, LATE)
AREAS = {r.pupil.pupil_id: r.needs[0].area for r in COHORT}
assert AREAS["C"] is AreaOfNeed.SOCIAL_EMOTIONAL_AND_MENTAL_HEALTH
