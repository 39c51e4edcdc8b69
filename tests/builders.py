"""Builders for the objects the tests need: keyword-only, and with no arguments each
builds a valid object.

There are two sets of defaults. The domain values (`target`, `provision`,
`support_plan`, `review`) default to a plan for specific learning difficulties: one
reading target in cognition and learning, met with Lexia. The events and records default
to the speech and language record the process rules are tested on, whose dates the
rules' expected messages count from:

    concern raised 2025-09-15, assessed 2025-10-01, plan agreed 2025-10-08 and due for
    review 2025-12-12, reviewed 2025-12-10.

>>> record_in_do().stage
<Stage.DO: 'do'>
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sensupport import (
    AreaOfNeed,
    AssessmentOutcome,
    Attainment,
    Effectiveness,
    EHCDecision,
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
    SencoAppointment,
    SupportPlan,
    Target,
    TargetOutcome,
    YearGroup,
    to_dict,
)
from sensupport.process import (
    AssessmentCompleted,
    ConcernRaised,
    EHCNeedsAssessmentDecided,
    EHCNeedsAssessmentRequested,
    EHCPlanIssued,
    Event,
    PlanAgreed,
    ReviewHeld,
    SupportRecord,
    apply,
    replay,
)

EVERYONE = (Role.SENCO, Role.TEACHER, Role.PARENT, Role.PUPIL)


# --- domain values ---------------------------------------------------------------------


def pupil(*, pupil_id: str = "P-1", year_group: YearGroup = YearGroup.Y5) -> Pupil:
    """A pupil with no personal data."""
    return Pupil(pupil_id=pupil_id, year_group=year_group)


def need(
    *,
    need_type: NeedType = NeedType.SLCN,
    rank: int = 1,
    identified_on: dt.date = dt.date(2025, 1, 1),
) -> Need:
    """One need on the register; rank 1 is the primary need."""
    return Need(need_type=need_type, rank=rank, identified_on=identified_on)


def target(
    *,
    target_id: str = "T1",
    description: str = "Reads",
    set_on: dt.date = dt.date(2025, 9, 15),
    due_on: dt.date = dt.date(2025, 12, 12),
    area: AreaOfNeed | None = AreaOfNeed.COGNITION_AND_LEARNING,
    long_term: bool = False,
) -> Target:
    """A reading target, set on the day `support_plan` is agreed, due on its review."""
    return Target(
        target_id=target_id,
        description=description,
        set_on=set_on,
        due_on=due_on,
        area=area,
        long_term=long_term,
    )


def reading_age(
    *, months: float = 84, taken_on: dt.date = dt.date(2025, 9, 22)
) -> Measure:
    """A reading age in months, as an entry or exit measure of a provision."""
    return Measure(
        scale=MeasureScale.READING_AGE_MONTHS, value=months, taken_on=taken_on
    )


def provision(
    *,
    provision_id: str = "P1",
    name: str = "Lexia",
    delivered_by: Role = Role.TEACHER,
    starts_on: dt.date = dt.date(2025, 9, 22),
    ends_on: dt.date | None = None,
    group_size: int = 1,
    sessions_per_week: int | None = None,
    minutes_per_session: int | None = None,
    entry: Measure | None = None,
    exit: Measure | None = None,
) -> Provision:
    """A provision with no end date, timetable or measures unless given."""
    return Provision(
        provision_id=provision_id,
        name=name,
        delivered_by=delivered_by,
        starts_on=starts_on,
        ends_on=ends_on,
        group_size=group_size,
        sessions_per_week=sessions_per_week,
        minutes_per_session=minutes_per_session,
        entry=entry,
        exit=exit,
    )


def support_plan(
    *,
    agreed_on: dt.date = dt.date(2025, 9, 15),
    needs: tuple[NeedType, ...] = (NeedType.SPLD,),
    review_due_on: dt.date = dt.date(2025, 12, 12),
    targets: tuple[Target, ...] = (target(),),
    provisions: tuple[Provision, ...] = (provision(),),
    contributors: tuple[Role, ...] = (),
) -> SupportPlan:
    """An SpLD plan with one reading target, T1, and one provision, P1 (Lexia)."""
    return SupportPlan(
        agreed_on=agreed_on,
        needs=needs,
        review_due_on=review_due_on,
        targets=targets,
        provisions=provisions,
        contributors=contributors,
    )


def support_plan_document() -> dict[str, Any]:
    """A fresh `to_dict` document, for a test to spoil, of `support_plan()` due for
    review on 2025-12-12 with three targets, T0 to T2, in no area."""
    return to_dict(
        support_plan(
            targets=tuple(target(target_id=f"T{i}", area=None) for i in range(3))
        )
    )


def review(
    *,
    held_on: dt.date = dt.date(2025, 12, 10),
    decision: ReviewDecision = ReviewDecision.CONTINUE,
    participants: tuple[Role, ...] = (),
    outcomes: tuple[TargetOutcome, ...] = (),
    ratings: tuple[ProvisionRating, ...] = (),
    parent_views_recorded: bool = False,
    pupil_views_recorded: bool = False,
    next_review_due_on: dt.date | None = None,
) -> Review:
    """A review that decides to continue, with nothing recorded unless given."""
    return Review(
        held_on=held_on,
        decision=decision,
        participants=participants,
        outcomes=outcomes,
        ratings=ratings,
        parent_views_recorded=parent_views_recorded,
        pupil_views_recorded=pupil_views_recorded,
        next_review_due_on=next_review_due_on,
    )


def senco_appointment(
    *,
    appointed_on: dt.date = dt.date(2024, 1, 8),
    school: str = "URN 100000",
    months_previously_senco: int = 0,
    holds_qts: bool = True,
    induction_completed: bool = True,
    is_head_teacher: bool = False,
) -> SencoAppointment:
    """A first appointment as SENCO of a qualified teacher who has completed induction."""
    return SencoAppointment(
        appointed_on=appointed_on,
        school=school,
        months_previously_senco=months_previously_senco,
        holds_qts=holds_qts,
        induction_completed=induction_completed,
        is_head_teacher=is_head_teacher,
    )


# --- events ----------------------------------------------------------------------------


def concern_raised(
    *, raised_on: dt.date = dt.date(2025, 9, 15), raised_by: Role = Role.TEACHER
) -> ConcernRaised:
    """A teacher's concern, the event every record opens with."""
    return ConcernRaised(occurred_on=raised_on, raised_by=raised_by)


def assessment_completed(
    *,
    assessed_on: dt.date = dt.date(2025, 10, 1),
    outcome: AssessmentOutcome = AssessmentOutcome.SEN_SUPPORT,
    needs: tuple[NeedType, ...] = (NeedType.SLCN,),
    parents_notified: bool = True,
) -> AssessmentCompleted:
    """An assessment for SEN support; the needs are identified that day, ranked in the
    order given, and parents are told that day unless `parents_notified` is false."""
    return AssessmentCompleted(
        occurred_on=assessed_on,
        outcome=outcome,
        needs=tuple(
            need(need_type=need_type, rank=rank, identified_on=assessed_on)
            for rank, need_type in enumerate(needs, 1)
        ),
        parents_notified_on=assessed_on if parents_notified else None,
    )


def plan_agreed(
    *,
    agreed_on: dt.date = dt.date(2025, 10, 8),
    review_due_on: dt.date = dt.date(2025, 12, 12),
    needs: tuple[NeedType, ...] = (NeedType.SLCN,),
    targets: tuple[Target, ...] | None = None,
    provisions: tuple[Provision, ...] | None = None,
    contributors: tuple[Role, ...] = EVERYONE,
) -> PlanAgreed:
    """A plan for speech and language, agreed with everyone unless `contributors` says
    otherwise. Unless given, the targets are T1 and T2, set that day and due eight weeks
    later or on the review, whichever comes first; the provision is P1, Talk Boost, run
    by a teaching assistant from that day."""
    if targets is None:
        # The targets bend to the dates, so that a test which moves the review to or
        # before the agreement still builds a plan, and only the rule under test fires.
        if review_due_on > agreed_on:
            due_on = min(review_due_on, agreed_on + dt.timedelta(days=56))
        else:
            due_on = agreed_on + dt.timedelta(days=1)
        targets = tuple(
            target(
                target_id=target_id,
                description="Uses 3-word sentences",
                set_on=agreed_on,
                due_on=due_on,
                area=None,
                long_term=review_due_on <= agreed_on,
            )
            for target_id in ("T1", "T2")
        )
    if provisions is None:
        provisions = (
            provision(
                name="Talk Boost",
                delivered_by=Role.TEACHING_ASSISTANT,
                starts_on=agreed_on,
            ),
        )
    return PlanAgreed(
        plan=support_plan(
            agreed_on=agreed_on,
            needs=needs,
            review_due_on=review_due_on,
            targets=targets,
            provisions=provisions,
            contributors=contributors,
        )
    )


def outcomes_met(*target_ids: str) -> tuple[TargetOutcome, ...]:
    """An outcome of met for each target named."""
    return tuple(
        TargetOutcome(target_id=target_id, attainment=Attainment.MET)
        for target_id in target_ids
    )


def ratings_effective(*provision_ids: str) -> tuple[ProvisionRating, ...]:
    """A rating of effective for each provision named."""
    return tuple(
        ProvisionRating(
            provision_id=provision_id, effectiveness=Effectiveness.EFFECTIVE
        )
        for provision_id in provision_ids
    )


def review_held(
    *,
    held_on: dt.date = dt.date(2025, 12, 10),
    decision: ReviewDecision = ReviewDecision.CONTINUE,
    outcomes: tuple[TargetOutcome, ...] = outcomes_met("T1", "T2"),
    ratings: tuple[ProvisionRating, ...] = ratings_effective("P1"),
    participants: tuple[Role, ...] = EVERYONE,
    views_recorded: bool = True,
) -> ReviewHeld:
    """A review of `plan_agreed`'s plan with everyone: both targets met, the provision
    effective, and the parents' and pupil's views recorded unless `views_recorded` is
    false."""
    return ReviewHeld(
        review=review(
            held_on=held_on,
            decision=decision,
            participants=participants,
            outcomes=outcomes,
            ratings=ratings,
            parent_views_recorded=views_recorded,
            pupil_views_recorded=views_recorded,
        )
    )


# --- records ---------------------------------------------------------------------------


def record_after_concern(*events: Event) -> SupportRecord:
    """The record of `pupil()` replayed from `concern_raised()` through the events."""
    return replay(pupil(), (concern_raised(), *events))


def record_in_do() -> SupportRecord:
    """A record assessed and planned with the default events, in the do stage."""
    return record_after_concern(assessment_completed(), plan_agreed())


def record_in_ehc_needs_assessment() -> SupportRecord:
    """A record whose first review decided to ask for an EHC needs assessment; the
    request itself is not yet made."""
    return record_after_concern(
        assessment_completed(),
        plan_agreed(),
        review_held(decision=ReviewDecision.REQUEST_EHC_NEEDS_ASSESSMENT),
    )


def record_with_ehc_requested(
    *, requested_on: dt.date = dt.date(2026, 1, 5)
) -> SupportRecord:
    """`record_in_ehc_needs_assessment()` with the request made, by the SENCO."""
    return apply(
        record_in_ehc_needs_assessment(),
        EHCNeedsAssessmentRequested(occurred_on=requested_on),
    )


def record_reaching_ehc_plan(
    *,
    pupil_id: str = "P-1",
    concern_on: dt.date = dt.date(2025, 9, 1),
    assessed_on: dt.date = dt.date(2025, 9, 15),
    plan_agreed_on: dt.date = dt.date(2025, 9, 22),
    provision: Provision = provision(),
    review_due_on: dt.date = dt.date(2025, 12, 10),
    reviewed_on: dt.date = dt.date(2025, 12, 10),
    effectiveness: Effectiveness = Effectiveness.EFFECTIVE,
    ehc_requested_on: dt.date = dt.date(2025, 12, 15),
    ehc_decided_on: dt.date = dt.date(2026, 1, 26),
    ehc_plan_issued_on: dt.date = dt.date(2026, 5, 4),
) -> SupportRecord:
    """A year 4 pupil's record from concern to EHC plan, through one cycle of SpLD
    support: one target, T1, due on the review and partly met; one provision, rated
    with `effectiveness` at the review, which asks for an EHC needs assessment; the
    assessment agreed and the plan issued."""
    return replay(
        pupil(pupil_id=pupil_id, year_group=YearGroup.Y4),
        [
            concern_raised(raised_on=concern_on),
            assessment_completed(assessed_on=assessed_on, needs=(NeedType.SPLD,)),
            plan_agreed(
                agreed_on=plan_agreed_on,
                review_due_on=review_due_on,
                needs=(NeedType.SPLD,),
                targets=(
                    target(set_on=plan_agreed_on, due_on=review_due_on, area=None),
                ),
                provisions=(provision,),
                contributors=(Role.PARENT,),
            ),
            review_held(
                held_on=reviewed_on,
                decision=ReviewDecision.REQUEST_EHC_NEEDS_ASSESSMENT,
                outcomes=(
                    TargetOutcome(target_id="T1", attainment=Attainment.PARTLY_MET),
                ),
                ratings=(
                    ProvisionRating(
                        provision_id=provision.provision_id,
                        effectiveness=effectiveness,
                    ),
                ),
                participants=(Role.PARENT, Role.PUPIL),
            ),
            EHCNeedsAssessmentRequested(occurred_on=ehc_requested_on),
            EHCNeedsAssessmentDecided(
                occurred_on=ehc_decided_on, decision=EHCDecision.AGREED
            ),
            EHCPlanIssued(occurred_on=ehc_plan_issued_on),
        ],
    )


def long_record_events(
    *, cycles: int, first: dt.date = dt.date(1990, 9, 3)
) -> tuple[Event, ...]:
    """A concern, an assessment, then ``cycles`` plans each reviewed the next day with
    the parents: the log that adds to a record's state at every event."""
    found: list[Event] = [
        concern_raised(raised_on=first),
        assessment_completed(assessed_on=first + dt.timedelta(days=1)),
    ]
    on = first + dt.timedelta(days=2)
    for _ in range(cycles):
        found.append(plan_agreed(agreed_on=on, review_due_on=on + dt.timedelta(days=1)))
        found.append(review_held(held_on=on + dt.timedelta(days=1)))
        on += dt.timedelta(days=2)
    return tuple(found)
