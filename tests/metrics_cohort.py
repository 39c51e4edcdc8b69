"""A cohort built by hand, whose metrics are known, for the school year 2025/26.

- A joins mid-period: on support from 2026-01-05, reviewed twice, targets met in time.
- B leaves: on support from 2025-06-20, reviewed once, leaves 2026-01-16.
- C has no review yet: plan due for review 2025-12-12, never reviewed.
- D is reviewed late: due 2025-09-19, reviewed 2025-10-10, support ends.
"""

from __future__ import annotations

import datetime as dt

from builders import (
    assessment_completed,
    concern_raised,
    plan_agreed,
    provision,
    pupil,
    review_held,
    target,
)
from sensupport import (
    AreaOfNeed,
    Attainment,
    EndReason,
    NeedType,
    ReviewDecision,
    Role,
    TargetOutcome,
    YearGroup,
)
from sensupport.process import SupportEnded, SupportRecord, replay

D = dt.date
START, END = D(2025, 9, 1), D(2026, 9, 1)

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
    pupil(pupil_id="A", year_group=YearGroup.Y2),
    [
        concern_raised(raised_on=D(2025, 12, 1)),
        assessment_completed(assessed_on=D(2026, 1, 5), needs=(SLCN,)),
        plan_agreed(
            agreed_on=D(2026, 1, 12),
            review_due_on=D(2026, 3, 27),
            needs=(SLCN,),
            targets=(
                target(
                    target_id="T1",
                    set_on=D(2026, 1, 12),
                    due_on=D(2026, 3, 27),
                    area=SLCN.area,
                ),
                target(
                    target_id="T2",
                    set_on=D(2026, 1, 12),
                    due_on=D(2026, 3, 27),
                    area=SLCN.area,
                ),
            ),
        ),
        review_held(
            held_on=D(2026, 3, 25),
            outcomes=(
                TargetOutcome(
                    target_id="T1", attainment=MET, achieved_on=D(2026, 3, 1)
                ),
                TargetOutcome(target_id="T2", attainment=PARTLY),
            ),
            decision=CONTINUE,
        ),
        plan_agreed(
            agreed_on=D(2026, 4, 20),
            review_due_on=D(2026, 7, 10),
            needs=(SLCN,),
            targets=(
                target(
                    target_id="T1",
                    set_on=D(2026, 4, 20),
                    due_on=D(2026, 7, 10),
                    area=SLCN.area,
                ),
            ),
        ),
        review_held(
            held_on=D(2026, 7, 8),
            outcomes=(TargetOutcome(target_id="T1", attainment=EXCEEDED),),
            decision=CONTINUE,
        ),
    ],
)
B = replay(
    pupil(pupil_id="B", year_group=YearGroup.Y5),
    [
        concern_raised(raised_on=D(2025, 6, 2)),
        assessment_completed(assessed_on=D(2025, 6, 20), needs=(SPLD,)),
        plan_agreed(
            agreed_on=D(2025, 6, 25),
            review_due_on=D(2025, 10, 17),
            needs=(SPLD,),
            targets=(
                target(
                    target_id="T1",
                    set_on=D(2025, 6, 25),
                    due_on=D(2025, 10, 17),
                    area=SPLD.area,
                ),
            ),
            provisions=(
                provision(
                    name="Lexia",
                    delivered_by=Role.TEACHING_ASSISTANT,
                    starts_on=D(2025, 6, 25),
                ),
            ),
        ),
        review_held(
            held_on=D(2025, 10, 15),
            outcomes=(TargetOutcome(target_id="T1", attainment=NOT_MET),),
            decision=CHANGE,
        ),
        plan_agreed(
            agreed_on=D(2025, 11, 3),
            review_due_on=D(2026, 2, 6),
            needs=(SPLD,),
            targets=(
                target(
                    target_id="T1",
                    set_on=D(2025, 11, 3),
                    due_on=D(2026, 2, 6),
                    area=SPLD.area,
                ),
                target(
                    target_id="T2",
                    set_on=D(2025, 11, 3),
                    due_on=D(2026, 2, 6),
                    area=SPLD.area,
                ),
            ),
            provisions=(
                provision(
                    name="Precision teaching",
                    delivered_by=Role.TEACHING_ASSISTANT,
                    starts_on=D(2025, 11, 3),
                ),
            ),
        ),
        SupportEnded(occurred_on=D(2026, 1, 16), reason=EndReason.LEFT_SCHOOL),
    ],
)
C = replay(
    pupil(pupil_id="C", year_group=YearGroup.Y8),
    [
        concern_raised(raised_on=D(2025, 9, 10)),
        assessment_completed(assessed_on=D(2025, 10, 1), needs=(SEMH,)),
        plan_agreed(
            agreed_on=D(2025, 10, 6),
            review_due_on=D(2025, 12, 12),
            needs=(SEMH,),
            targets=(
                target(
                    target_id="T1",
                    set_on=D(2025, 10, 6),
                    due_on=D(2025, 12, 12),
                    area=SEMH.area,
                ),
            ),
        ),
    ],
)
LATE = replay(
    pupil(pupil_id="D", year_group=YearGroup.Y5),
    [
        concern_raised(raised_on=D(2025, 3, 3)),
        assessment_completed(assessed_on=D(2025, 3, 20), needs=(SPLD,)),
        plan_agreed(
            agreed_on=D(2025, 4, 1),
            review_due_on=D(2025, 9, 19),
            needs=(SPLD,),
            targets=(
                target(
                    target_id="T1",
                    set_on=D(2025, 4, 1),
                    due_on=D(2025, 7, 18),
                    area=SPLD.area,
                ),
                target(
                    target_id="T2",
                    set_on=D(2025, 4, 1),
                    due_on=D(2025, 9, 19),
                    area=SPLD.area,
                ),
            ),
            provisions=(
                provision(
                    name="Lexia",
                    delivered_by=Role.TEACHING_ASSISTANT,
                    starts_on=D(2025, 4, 1),
                ),
            ),
        ),
        review_held(
            held_on=D(2025, 10, 10),
            outcomes=(
                TargetOutcome(target_id="T1", attainment=MET),
                TargetOutcome(
                    target_id="T2", attainment=MET, achieved_on=D(2025, 9, 15)
                ),
            ),
            decision=END_SUPPORT,
        ),
    ],
)

COHORT: tuple[SupportRecord, ...] = (A, B, C, LATE)
AREAS = {r.pupil.pupil_id: r.needs[0].area for r in COHORT}
assert AREAS["C"] is AreaOfNeed.SOCIAL_EMOTIONAL_AND_MENTAL_HEALTH
