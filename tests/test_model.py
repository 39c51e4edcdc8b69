"""The domain classes refuse bad values, naming the field, the value and the rule."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest

from builders import need, provision, review, support_plan, target
from sensupport import (
    AreaOfNeed,
    Attainment,
    Effectiveness,
    EvidenceSource,
    Measure,
    MeasureScale,
    Need,
    NeedType,
    NotFoundError,
    ProvisionRating,
    Pupil,
    ReviewDecision,
    Role,
    SenProvision,
    Sex,
    TargetOutcome,
    ValidationError,
    YearGroup,
    check_needs,
    primary_need,
)
from sensupport.codes import KeyStage

D = dt.date
CL = AreaOfNeed.COGNITION_AND_LEARNING


def codes_of(build: Any, **kw: Any) -> dict[str, str]:
    with pytest.raises(ValidationError) as error:
        build(**kw)
    return {p.path: p.code for p in error.value.problems}


@pytest.mark.parametrize(
    ("build", "kwargs", "path"),
    [
        (target, {"set_on": "2025-09-15"}, "set_on"),
        (target, {"due_on": dt.datetime(2025, 12, 12, 9, 0)}, "due_on"),
        (provision, {"group_size": True}, "group_size"),
        (provision, {"delivered_by": "teacher"}, "delivered_by"),
        (support_plan, {"needs": ["SPLD"]}, "needs"),
        (support_plan, {"targets": (target(), "T2")}, "targets[1]"),
        (
            review,
            {
                "outcomes": (
                    TargetOutcome(target_id="T1", attainment=Attainment.MET),
                    None,
                )
            },
            "outcomes[1]",
        ),
        (
            lambda **kw: Measure(
                scale=MeasureScale.RAW_SCORE, taken_on=D(2025, 1, 1), **kw
            ),
            {"value": float("nan")},
            "value",
        ),
        (
            lambda **kw: Need(need_type=NeedType.ASD, **kw),
            {"identified_on": "2025-10-01"},
            "identified_on",
        ),
    ],
)
def test_wrong_types_are_refused(build: Any, kwargs: dict[str, Any], path: str) -> None:
    assert codes_of(build, **kwargs)[path] == "type"


@pytest.mark.parametrize(
    ("build", "kwargs", "path", "code"),
    [
        (target, {"description": "  "}, "description", "target.blank"),
        (target, {"due_on": D(2025, 9, 15)}, "due_on", "target.due_before_set"),
        (provision, {"group_size": 0}, "group_size", "provision.group_size"),
        (
            provision,
            {"sessions_per_week": 3},
            "sessions_per_week",
            "provision.timetable_incomplete",
        ),
        (
            provision,
            {"sessions_per_week": 0, "minutes_per_session": 20},
            "sessions_per_week",
            "provision.timetable",
        ),
        (
            provision,
            {"ends_on": D(2025, 9, 1)},
            "ends_on",
            "provision.ends_before_start",
        ),
        (support_plan, {"needs": ()}, "needs", "plan.no_needs"),
        (
            support_plan,
            {"needs": (NeedType.SPLD, NeedType.SPLD)},
            "needs[1]",
            "plan.needs.duplicate",
        ),
        (
            support_plan,
            {"targets": (target(), target())},
            "targets[1].target_id",
            "plan.target.duplicate_id",
        ),
        (
            support_plan,
            {"provisions": (provision(), provision())},
            "provisions[1].provision_id",
            "plan.provision.duplicate_id",
        ),
        (
            support_plan,
            {"targets": (target(due_on=D(2026, 2, 1)),)},
            "targets[0].due_on",
            "plan.target_due_after_review",
        ),
        (
            support_plan,
            {"targets": (target(set_on=D(2025, 9, 16)),)},
            "targets[0].set_on",
            "plan.target_set_after_agreement",
        ),
        (
            support_plan,
            {"targets": (target(area=AreaOfNeed.SENSORY_AND_PHYSICAL),)},
            "targets[0].area",
            "plan.target_area",
        ),
        (
            support_plan,
            {"contributors": (Role.PARENT, Role.PARENT)},
            "contributors[1]",
            "plan.contributors.duplicate",
        ),
        (
            review,
            {"next_review_due_on": D(2025, 12, 10)},
            "next_review_due_on",
            "review.next_not_after",
        ),
        (
            review,
            {
                "decision": ReviewDecision.END_SUPPORT,
                "next_review_due_on": D(2026, 3, 1),
            },
            "next_review_due_on",
            "review.next_after_end",
        ),
        (
            review,
            {"participants": (Role.PUPIL, Role.PUPIL)},
            "participants[1]",
            "review.participants.duplicate",
        ),
        (
            review,
            {
                "outcomes": (
                    TargetOutcome(
                        target_id="T1",
                        attainment=Attainment.MET,
                        achieved_on=D(2025, 12, 11),
                    ),
                )
            },
            "outcomes[0].achieved_on",
            "review.achieved_after_review",
        ),
        (
            review,
            {
                "outcomes": (TargetOutcome(target_id="T1", attainment=Attainment.MET),)
                * 2
            },
            "outcomes[1].target_id",
            "review.outcome.duplicate_id",
        ),
        (
            review,
            {
                "ratings": (
                    ProvisionRating(
                        provision_id="P1", effectiveness=Effectiveness.EFFECTIVE
                    ),
                )
                * 2
            },
            "ratings[1].provision_id",
            "review.rating.duplicate_id",
        ),
    ],
)
def test_rules_fire(build: Any, kwargs: dict[str, Any], path: str, code: str) -> None:
    assert codes_of(build, **kwargs).get(path) == code
    build()  # and the valid object builds


def test_a_long_term_target_may_run_past_the_review() -> None:
    assert (
        support_plan(targets=(target(due_on=D(2026, 7, 1), long_term=True),))
        .targets[0]
        .long_term
    )


@pytest.mark.parametrize("need", [NeedType.OTH, NeedType.NSA])
def test_oth_and_nsa_cover_a_target_in_any_area(need: NeedType) -> None:
    support_plan(needs=(need,), targets=(target(area=AreaOfNeed.SENSORY_AND_PHYSICAL),))


def test_measures_must_share_a_scale_and_order() -> None:
    entry = Measure(
        scale=MeasureScale.READING_AGE_MONTHS, value=84, taken_on=D(2025, 9, 22)
    )
    exit_ = Measure(
        scale=MeasureScale.SPELLING_AGE_MONTHS, value=88, taken_on=D(2025, 9, 1)
    )
    found = codes_of(provision, entry=entry, exit=exit_)
    assert found == {
        "exit.scale": "provision.measure_scale",
        "exit.taken_on": "provision.exit_before_entry",
    }


def test_outcome_achieved_only_when_met() -> None:
    with pytest.raises(ValidationError, match=r"outcome\.achieved_not_met"):
        TargetOutcome(
            target_id="T1", attainment=Attainment.PARTLY_MET, achieved_on=D(2025, 11, 1)
        )
    with pytest.raises(ValidationError, match=r"rating\.blank"):
        ProvisionRating(provision_id=" ", effectiveness=Effectiveness.EFFECTIVE)


def test_lookups() -> None:
    assert support_plan().target("T1").area is CL
    with pytest.raises(NotFoundError):
        support_plan().target("T9")
    with pytest.raises(NotFoundError):
        review().outcome("T1")
    assert review(participants=(Role.PARENT,)).parent_took_part


def test_need_rules() -> None:
    assert codes_of(
        lambda **kw: Need(need_type=NeedType.ASD, identified_on=D(2025, 1, 1), **kw),
        rank=3,
    ) == {"rank": "need.rank"}
    assert codes_of(
        lambda **kw: Need(need_type=NeedType.ASD, identified_on=D(2025, 1, 1), **kw),
        evidence=(EvidenceSource.PARENT_INPUT,) * 2,
    ) == {"evidence[1]": "need.evidence.duplicate"}


@pytest.mark.parametrize(
    ("needs", "codes"),
    [
        ((need(need_type=NeedType.ASD),), []),
        ((need(need_type=NeedType.ASD), need(need_type=NeedType.SLCN, rank=2)), []),
        ((need(need_type=NeedType.NSA),), []),
        ((), []),
        (
            (need(need_type=NeedType.ASD), need(need_type=NeedType.ASD, rank=2)),
            ["needs.duplicate_type"],
        ),
        ((need(need_type=NeedType.ASD, rank=2),), ["needs.primary"]),
        (
            (need(need_type=NeedType.ASD), need(need_type=NeedType.SLCN)),
            ["needs.primary"],
        ),
        (
            (
                need(need_type=NeedType.ASD),
                need(need_type=NeedType.SLCN, rank=2),
                need(need_type=NeedType.MLD, rank=2),
            ),
            ["needs.secondary"],
        ),
        (
            (need(need_type=NeedType.NSA), need(need_type=NeedType.SLCN, rank=2)),
            ["needs.nsa_with_other"],
        ),
    ],
)
def test_check_needs(needs: tuple[Need, ...], codes: list[str]) -> None:
    assert [p.code for p in check_needs(needs)] == codes


def test_primary_need() -> None:
    assert primary_need(
        (need(need_type=NeedType.SLCN, rank=2), need(need_type=NeedType.ASD))
    ) == need(need_type=NeedType.ASD)
    assert primary_need(()) is None


# --- codes -------------------------------------------------------------------------------

AREAS = {
    "SPLD": CL,
    "MLD": CL,
    "SLD": CL,
    "PMLD": CL,
    "DS": CL,
    "SEMH": AreaOfNeed.SOCIAL_EMOTIONAL_AND_MENTAL_HEALTH,
    "SLCN": AreaOfNeed.COMMUNICATION_AND_INTERACTION,
    "ASD": AreaOfNeed.COMMUNICATION_AND_INTERACTION,
    "HI": AreaOfNeed.SENSORY_AND_PHYSICAL,
    "VI": AreaOfNeed.SENSORY_AND_PHYSICAL,
    "MSI": AreaOfNeed.SENSORY_AND_PHYSICAL,
    "PD": AreaOfNeed.SENSORY_AND_PHYSICAL,
    "OTH": None,
    "NSA": None,
}


def test_every_need_type_has_its_area() -> None:
    assert {t.value: t.area for t in NeedType} == AREAS


def test_historic_codes_are_read_as_their_successors() -> None:
    assert NeedType("BESD") is NeedType.SEMH
    assert SenProvision("S") is SenProvision.EHC_PLAN
    assert SenProvision("A") is SenProvision.SEN_SUPPORT
    assert SenProvision("P") is SenProvision.SEN_SUPPORT
    assert {p.value for p in SenProvision} == {"N", "K", "E"}
    with pytest.raises(ValidationError, match="'XYZ' is not a NeedType code"):
        NeedType("XYZ")


def test_key_stages() -> None:
    stages = {y.value: (y.key_stage.value if y.key_stage else None) for y in YearGroup}
    assert stages == {
        "N1": "EYFS",
        "N2": "EYFS",
        "R": "EYFS",
        "1": "KS1",
        "2": "KS1",
        "3": "KS2",
        "4": "KS2",
        "5": "KS2",
        "6": "KS2",
        "7": "KS3",
        "8": "KS3",
        "9": "KS3",
        "10": "KS4",
        "11": "KS4",
        "12": "KS5",
        "13": "KS5",
        "14": "KS5",
        "X": None,
    }
    assert KeyStage.KS5.description


# --- privacy --------------------------------------------------------------------------------


def test_personal_data_never_shows() -> None:
    from sensupport import UPN

    pupil = Pupil(
        pupil_id="MIS-1",
        year_group=YearGroup.Y1,
        sex=Sex.FEMALE,
        upn=UPN.parse("B801200005001"),
        date_of_birth=D(2019, 4, 30),
        given_name="Zelda",
        family_name="Quist",
    )
    text = repr(pupil) + str(pupil)
    for secret in ("Zelda", "Quist", "2019", "B801200005001"):
        assert secret not in text
    with pytest.raises(ValidationError) as error:
        attrs.evolve(pupil, given_name=12345, date_of_birth="2019-04-31")
    assert "12345" not in str(error.value)
    assert "2019-04-31" not in str(error.value)


def test_pseudonyms() -> None:
    pupil = Pupil(
        pupil_id="MIS-1",
        year_group=YearGroup.Y1,
        sex=Sex.FEMALE,
        date_of_birth=D(2019, 4, 30),
        given_name="Zelda",
    )
    key = b"0123456789abcdef"
    alias = pupil.pseudonymised(key=key)
    assert alias == pupil.pseudonymised(key=key)
    assert alias != pupil.pseudonymised(key=b"fedcba9876543210")
    assert (
        alias.year_group,
        alias.sex,
        alias.date_of_birth,
        alias.given_name,
        alias.upn,
    ) == (YearGroup.Y1, Sex.FEMALE, None, None, None)
    with pytest.raises(ValueError, match="16 bytes"):
        pupil.pseudonymised(key=b"short")
