"""A hand-built school whose every figure is worked out by hand.

Three classes, five staff, six provision groups (group and one-to-one, in class and
out, with materials, a pupil joining late and a week with no pupil), eight pupils
of whom six have records. The period is the school year 2025/26, so the threshold
pro rata is exactly £6,000. All money is in pence.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from sensupport import (
    Need,
    NeedType,
    Pupil,
    School,
    SenProvision,
    YearGroup,
)
from sensupport.calendar import SchoolCalendar
from sensupport.classes import ClassMember, SchoolClass
from sensupport.errors import ValidationError
from sensupport.process import SENHistoryReceived, SupportRecord
from sensupport.provision_map import (
    CostBasis,
    GroupMember,
    MaterialCost,
    ProvisionGroup,
    ProvisionMap,
    class_need_map,
    high_cost_pupils,
    provision_costs,
)
from sensupport.staff import StaffMember, StaffRole

D = dt.date
SCHOOL = School(urn="123456", name="Test Primary")
START, END = D(2025, 9, 1), D(2026, 9, 1)

STAFF = (
    StaffMember(staff_id="T1", role=StaffRole.TEACHER, hourly_cost_pence=4000),
    StaffMember(staff_id="T2", role=StaffRole.TEACHER, hourly_cost_pence=4000),
    StaffMember(
        staff_id="TA1", role=StaffRole.TEACHING_ASSISTANT, hourly_cost_pence=1800
    ),
    StaffMember(staff_id="TA2", role=StaffRole.HLTA, hourly_cost_pence=2100),
    StaffMember(
        staff_id="SALT", role=StaffRole.EXTERNAL_SPECIALIST, hourly_cost_pence=6000
    ),
)


def members(
    *ids: str, **spans: tuple[dt.date | None, dt.date | None]
) -> tuple[GroupMember, ...]:
    return tuple(
        GroupMember(
            pupil_id=p,
            joined_on=spans.get(p, (None, None))[0],
            left_on=spans.get(p, (None, None))[1],
        )
        for p in ids
    )


GROUPS = (
    # 6 weeks at £18 a week; everyone leaves after week 5, so week 6 is unshared.
    ProvisionGroup(
        group_id="G1",
        name="Phonics catch-up",
        staff_ids=("TA1",),
        starts_on=D(2025, 9, 8),
        ends_on=D(2025, 10, 17),
        sessions_per_week=3,
        minutes_per_session=20,
        members=tuple(
            GroupMember(pupil_id=p, left_on=D(2025, 10, 10)) for p in ("P1", "P2", "P4")
        ),
        materials=(MaterialCost(description="Phonics cards", cost_pence=3000),),
    ),
    # 6 weeks at £15.75 a week; P6 joins in week 3.
    ProvisionGroup(
        group_id="G2",
        name="Lego therapy",
        staff_ids=("TA2",),
        starts_on=D(2025, 11, 3),
        ends_on=D(2025, 12, 12),
        sessions_per_week=1,
        minutes_per_session=45,
        members=(
            GroupMember(pupil_id="P2"),
            GroupMember(pupil_id="P3"),
            GroupMember(pupil_id="P5"),
            GroupMember(pupil_id="P6", joined_on=D(2025, 11, 17)),
        ),
    ),
    # One-to-one: 6 weeks at £30 a week, and £15 a term of materials.
    ProvisionGroup(
        group_id="G3",
        name="Speech and language therapy",
        staff_ids=("SALT",),
        starts_on=D(2026, 1, 5),
        ends_on=D(2026, 2, 13),
        sessions_per_week=1,
        minutes_per_session=30,
        members=(GroupMember(pupil_id="P2"),),
        materials=(
            MaterialCost(
                description="Therapy resources",
                cost_pence=1500,
                basis=CostBasis.PER_TERM,
            ),
        ),
    ),
    # In class, one-to-one, all year: 46 weeks at £135 a week.
    ProvisionGroup(
        group_id="G4",
        name="In-class 1:1 support",
        staff_ids=("TA1",),
        starts_on=D(2025, 9, 1),
        ends_on=D(2026, 7, 17),
        sessions_per_week=5,
        minutes_per_session=90,
        in_class=True,
        members=(GroupMember(pupil_id="P3"),),
    ),
    # In class, one-to-one, all year: 46 weeks at £105 a week, and equipment.
    ProvisionGroup(
        group_id="G5",
        name="In-class 1:1 support",
        staff_ids=("TA2",),
        starts_on=D(2025, 9, 1),
        ends_on=D(2026, 7, 17),
        sessions_per_week=5,
        minutes_per_session=60,
        in_class=True,
        members=(GroupMember(pupil_id="P7"),),
        materials=(
            MaterialCost(description="Writing slope and laptop", cost_pence=104_999),
        ),
    ),
    # A pair with a teacher: 6 weeks at £40 a week.
    ProvisionGroup(
        group_id="G6",
        name="Precision teaching",
        staff_ids=("T2",),
        starts_on=D(2026, 3, 2),
        ends_on=D(2026, 4, 10),
        sessions_per_week=2,
        minutes_per_session=30,
        members=members("P7", "P8"),
    ),
)

CLASSES = (
    SchoolClass(
        class_id="C3",
        name="Year 3",
        year_group=YearGroup.Y3,
        teacher_id="T1",
        ta_minutes_per_week=600,
        members=tuple(ClassMember(pupil_id=p) for p in ("P1", "P2", "P3", "P4")),
    ),
    SchoolClass(
        class_id="C4",
        name="Year 4",
        year_group=YearGroup.Y4,
        teacher_id="T2",
        ta_minutes_per_week=300,
        members=tuple(ClassMember(pupil_id=p) for p in ("P5", "P6")),
    ),
    SchoolClass(
        class_id="C5",
        name="Year 5",
        year_group=YearGroup.Y5,
        teacher_id="T2",
        members=tuple(ClassMember(pupil_id=p) for p in ("P7", "P8")),
    ),
)

MAP = ProvisionMap(school=SCHOOL, staff=STAFF, classes=CLASSES, groups=GROUPS)


def record(
    pupil_id: str, year: YearGroup, need: NeedType, code: SenProvision
) -> SupportRecord:
    history = SENHistoryReceived(
        occurred_on=D(2025, 9, 1),
        provision=code,
        provision_started_on=D(2024, 9, 2),
        needs=(Need(need_type=need, identified_on=None),),
        received_from="MIS",
    )
    pupil = Pupil(pupil_id=pupil_id, year_group=year, school=SCHOOL)
    return SupportRecord(pupil=pupil, events=(history,))


RECORDS = (
    record("P1", YearGroup.Y3, NeedType.SPLD, SenProvision.SEN_SUPPORT),
    record("P2", YearGroup.Y3, NeedType.SLCN, SenProvision.SEN_SUPPORT),
    record("P3", YearGroup.Y3, NeedType.ASD, SenProvision.EHC_PLAN),
    record("P5", YearGroup.Y4, NeedType.SEMH, SenProvision.SEN_SUPPORT),
    record("P7", YearGroup.Y5, NeedType.MLD, SenProvision.SEN_SUPPORT),
    record("P8", YearGroup.Y5, NeedType.PD, SenProvision.SEN_SUPPORT),
)

PUPIL_COSTS = {
    "P1": 4000,  # G1: 5 weeks of 1800 / 3, and a third of 3000
    "P2": 26_125,  # G1 4000; G2 2 * 525 + 4 * 393.75 = 2625; G3 6 * 3000 + 1500
    "P3": 623_625,  # G2 2625; G4 46 * 13_500
    "P4": 4000,  # G1, no record
    "P5": 2625,  # G2
    "P6": 1575,  # G2 from week 3: 4 * 393.75, no record
    "P7": 599_999,  # G5 46 * 10_500 + 104_999; G6 6 * 4000 / 2
    "P8": 12_000,  # G6
}


def costs(by: str) -> dict[object, Fraction]:
    split = provision_costs(MAP, RECORDS, start=START, end=END, by=by)
    return {key: summary.cost for key, summary in split.items()}


def test_cost_per_pupil() -> None:
    whole = provision_costs(MAP, RECORDS, start=START, end=END)
    assert dict(whole.pupil_costs) == {("123456", p): c for p, c in PUPIL_COSTS.items()}
    assert whole.staff_cost == 10_800 + 9450 + 18_000 + 621_000 + 483_000 + 24_000
    assert whole.material_cost == 3000 + 1500 + 104_999
    assert whole.cost == 1_275_749
    assert whole.unshared_cost == 1800  # G1's sixth week
    assert whole.pupils == 8
    assert whole.cost_per_pupil == Fraction(1_273_949, 8)
    assert whole.to_row()["cost_per_pupil"] == Decimal("1592.44")
    # Sessions a pupil was timetabled for: G1 5 weeks * 3 for three pupils, ...
    assert whole.pupil_sessions == 45 + (3 * 6 + 4) + 6 + 46 * 5 * 2 + 6 * 2 * 2
    assert whole.cost_of("P2", "123456") == 26_125


def test_cost_per_provision_and_group() -> None:
    assert costs("provision") == {
        "Phonics catch-up": 13_800,
        "Lego therapy": 9450,
        "Speech and language therapy": 19_500,
        "In-class 1:1 support": 621_000 + 587_999,
        "Precision teaching": 24_000,
    }
    assert costs("group")["G5"] == 587_999
    assert costs("in_class") == {"in class": 1_208_999, "out of class": 66_750}


def test_cost_per_area_and_type_of_need() -> None:
    assert costs("area_of_need") == {
        "cognition_and_learning": 4000 + 599_999,
        "communication_and_interaction": 26_125 + 623_625,
        "social_emotional_and_mental_health": 2625,
        "sensory_and_physical": 12_000,
        "no record": 4000 + 1575,
        "no pupils": 1800,
    }
    assert costs("need_type")["ASD"] == 623_625
    assert costs("sen_provision") == {
        "K": 4000 + 26_125 + 2625 + 599_999 + 12_000,
        "E": 623_625,
        "no record": 5575,
        "no pupils": 1800,
    }


def test_cost_per_year_group_and_class() -> None:
    assert costs("year_group") == {
        "3": 4000 + 26_125 + 623_625 + 4000,  # P4 by its class's year
        "4": 2625 + 1575,
        "5": 599_999 + 12_000,
        "no pupils": 1800,
    }
    assert costs("class") == {
        "C3": 4000 + 26_125 + 623_625 + 4000,
        "C4": 2625 + 1575,
        "C5": 599_999 + 12_000,
        "no pupils": 1800,
    }


def test_a_pupil_over_the_threshold_is_flagged_and_one_just_under_is_not() -> None:
    flagged = high_cost_pupils(provision_costs(MAP, RECORDS, start=START, end=END))
    assert flagged.pro_rata == 600_000
    assert [(p.pupil_id, p.status) for p in flagged.pupils[:3]] == [
        ("P3", "over"),
        ("P7", "near"),  # £5,999.99: just under
        ("P2", "under"),
    ]
    assert [p.pupil_id for p in flagged.over] == ["P3"]
    assert flagged.pupils[1].to_row()["cost"] == Decimal("5999.99")


def test_the_threshold_is_pro_rata_for_a_term() -> None:
    autumn = provision_costs(MAP, RECORDS, start=START, end=D(2026, 1, 1))
    flagged = high_cost_pupils(autumn)
    assert flagged.pro_rata == Fraction(600_000 * 122, 365)
    # P3: G4's weeks beginning 1 September to 29 December (holidays included:
    # no calendar was given), and G2.
    assert autumn.cost_of("P3", "123456") == 18 * 13_500 + 2625


def test_a_calendar_leaves_out_the_weeks_with_no_school_day() -> None:
    calendar = SchoolCalendar.default_england(2025)
    whole = provision_costs(MAP, RECORDS, start=START, end=END, calendar=calendar)
    # G4 runs 46 weeks, of which October half term, two at Christmas, February
    # half term, two at Easter and the spring bank holiday have no school day.
    assert whole.cost_of("P3", "123456") == 39 * 13_500 + 2625


def test_the_classes_rank_by_need_per_ta_hour() -> None:
    need = class_need_map(MAP, RECORDS, on=D(2026, 3, 2))
    assert [(c.class_id, c.need, c.need_per_ta_hour) for c in need.classes] == [
        ("C5", 2, None),  # need and no TA time: first
        ("C3", 3, Fraction(3, 10)),
        ("C4", 1, Fraction(1, 5)),
    ]
    c3, c5 = need.classes[1], need.classes[0]
    assert (c3.sen_support, c3.ehc_plan, c3.pupils) == (2, 1, 4)
    assert c3.areas == (
        ("communication_and_interaction", 2),
        ("cognition_and_learning", 1),
    )
    assert (c3.in_class_minutes, c3.out_of_class_minutes) == (450, 0)
    assert (c5.in_class_minutes, c5.out_of_class_minutes) == (300, 120)
    weighted = class_need_map(MAP, RECORDS, on=D(2026, 3, 2), weights={"K": 1, "E": 3})
    assert weighted.classes[1].need == 5


def test_a_map_names_only_staff_it_holds() -> None:
    with pytest.raises(ValidationError) as caught:
        ProvisionMap(school=SCHOOL, staff=STAFF[:2], classes=CLASSES, groups=GROUPS[:1])
    assert caught.value.codes == ("provision_map.unknown_staff",)
    assert caught.value.problems[0].path == "groups[0].staff_ids[0]"
