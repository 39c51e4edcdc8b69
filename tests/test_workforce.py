"""A hand-built school's workforce, every figure worked out by hand.

Eight staff, two classes, six provision groups (one ended before the date), ten
pupils with records (one in another school, one with no specialist assessment, one
who left their class), needs in all four areas. On 2 March 2026:

pupil  provision  needs (primary first)  served by
P1     K          SPLD                   T1, TA1 (G1)
P2     K          SLCN, SPLD             T1, TA1 (G1), TA2 (G2)
P3     E          ASD, SLCN              T1, TA2 (G2), SALT1 (G5)
P5     K          SEMH                   T2, HLTA1 (G3)
P6     K          SEMH, ASD              T2, HLTA1 (G3)
P7     K          HI                     T2, LSA1 (G4)
P8     K          PD, MLD                T2, LSA1 (G4); G6 ended 27 February
P9     K          MLD                    no one: left 5B on 13 February
P10    K          NSA                    T2

Current training: T1 SPLD; T2 SEMH (its sensory and physical course expired on
1 February); TA1 the cognition and learning area; TA2 SLCN; SALT1 SLCN; LSA1 HI;
HLTA1's ASD course is on 10 March, after the date.
"""

from __future__ import annotations

import datetime as dt
import itertools
from fractions import Fraction as F
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sensupport import (
    AreaOfNeed,
    Need,
    NeedType,
    Pupil,
    School,
    SenProvision,
    YearGroup,
)
from sensupport._report import Report
from sensupport.classes import ClassMember, SchoolClass
from sensupport.cli import main
from sensupport.errors import ValidationError
from sensupport.partitions import build_report, partitions
from sensupport.process import SENHistoryReceived, SupportRecord
from sensupport.provision_groups import GroupMember, ProvisionGroup, ProvisionMap
from sensupport.qualifications import (
    Qualification,
    QualificationKind,
    QualificationStatus,
    SencoAppointment,
)
from sensupport.serialization import dump_lines, dumps, loads
from sensupport.staff import StaffMember, StaffRole
from sensupport.synth import (
    SAMPLE_SEED,
    generate_workforces,
    load_sample,
    load_sample_provision_maps,
    load_sample_workforces,
)
from sensupport.testing import workforces
from sensupport.workforce import (
    CpdAccumulator,
    SencoPost,
    SensoryTeaching,
    StaffTraining,
    Training,
    TrainingKind,
    Workforce,
    cpd_needs_analysis,
    workforce_compliance,
)

D = dt.date
SAMPLE = Path(str(resources.files("sensupport").joinpath("data/sample.jsonl")))
ON = D(2026, 3, 2)
SCHOOL = School(urn="100001", name="Test Primary")
OTHER = School(urn="100002", name="Other Primary")

CL = AreaOfNeed.COGNITION_AND_LEARNING
CI = AreaOfNeed.COMMUNICATION_AND_INTERACTION
SEMH = AreaOfNeed.SOCIAL_EMOTIONAL_AND_MENTAL_HEALTH
SP = AreaOfNeed.SENSORY_AND_PHYSICAL

ROLES = {
    "SENCO": StaffRole.SENCO,
    "T1": StaffRole.TEACHER,
    "T2": StaffRole.TEACHER,
    "TA1": StaffRole.TEACHING_ASSISTANT,
    "TA2": StaffRole.TEACHING_ASSISTANT,
    "HLTA1": StaffRole.HLTA,
    "LSA1": StaffRole.LEARNING_SUPPORT_ASSISTANT,
    "SALT1": StaffRole.EXTERNAL_SPECIALIST,
}


def group(
    group_id: str, staff: str, *pupils: str, ends: D = D(2026, 3, 27)
) -> ProvisionGroup:
    return ProvisionGroup(
        group_id=group_id,
        name=group_id,
        staff_ids=(staff,),
        starts_on=D(2026, 1, 5),
        ends_on=ends,
        sessions_per_week=1,
        minutes_per_session=30,
        members=tuple(GroupMember(pupil_id=p) for p in pupils),
    )


MAP = ProvisionMap(
    school=SCHOOL,
    staff=tuple(
        StaffMember(staff_id=s, role=r, hourly_cost_pence=2_000)
        for s, r in ROLES.items()
    ),
    classes=(
        SchoolClass(
            class_id="3A",
            teacher_id="T1",
            members=tuple(ClassMember(pupil_id=p) for p in ("P1", "P2", "P3", "P4")),
        ),
        SchoolClass(
            class_id="5B",
            teacher_id="T2",
            members=(
                *(ClassMember(pupil_id=p) for p in ("P5", "P6", "P7", "P8", "P10")),
                ClassMember(pupil_id="P9", left_on=D(2026, 2, 13)),
            ),
        ),
    ),
    groups=(
        group("G1", "TA1", "P1", "P2"),
        group("G2", "TA2", "P2", "P3"),
        group("G3", "HLTA1", "P5", "P6"),
        group("G4", "LSA1", "P7", "P8"),
        group("G5", "SALT1", "P3"),
        group("G6", "TA1", "P8", ends=D(2026, 2, 27)),
    ),
)


def record(
    pupil_id: str,
    *needs: NeedType,
    provision: SenProvision = SenProvision.SEN_SUPPORT,
    school: School = SCHOOL,
) -> SupportRecord:
    history = SENHistoryReceived(
        occurred_on=D(2025, 9, 1),
        provision=provision,
        provision_started_on=D(2024, 9, 2),
        needs=tuple(
            Need(need_type=n, identified_on=None, rank=i)
            for i, n in enumerate(needs, start=1)
        ),
        received_from="MIS",
    )
    pupil = Pupil(pupil_id=pupil_id, year_group=YearGroup.Y4, school=school)
    return SupportRecord(pupil=pupil, events=(history,))


RECORDS = (
    record("P1", NeedType.SPLD),
    record("P2", NeedType.SLCN, NeedType.SPLD),
    record("P3", NeedType.ASD, NeedType.SLCN, provision=SenProvision.EHC_PLAN),
    record("P5", NeedType.SEMH),
    record("P6", NeedType.SEMH, NeedType.ASD),
    record("P7", NeedType.HI),
    record("P8", NeedType.PD, NeedType.MLD),
    record("P9", NeedType.MLD),
    record("P10", NeedType.NSA),
    record("P99", NeedType.SPLD, school=OTHER),
)


def course(
    training_id: str,
    completed: D,
    *topics: NeedType | AreaOfNeed,
    expires: D | None = None,
) -> Training:
    return Training(
        training_id=training_id,
        title=f"course {training_id}",
        completed_on=completed,
        need_types=tuple(t for t in topics if isinstance(t, NeedType)),
        areas=tuple(t for t in topics if isinstance(t, AreaOfNeed)),
        expires_on=expires,
        kind=TrainingKind.CERTIFICATE if expires else TrainingKind.COURSE,
    )


WORKFORCE = Workforce(
    school=SCHOOL,
    staff_training=(
        StaffTraining(
            staff_id="SENCO",
            trainings=(course("C1", D(2025, 1, 6), NeedType.ASD),),
            qualifications=(
                Qualification(
                    kind=QualificationKind.NASENCO, course_started_on=D(2023, 9, 1)
                ),
            ),
        ),
        StaffTraining(
            staff_id="T1",
            trainings=(course("C1", D(2024, 5, 1), NeedType.SPLD),),
            qualifications=(
                Qualification(
                    kind=QualificationKind.MQ_VISUAL_IMPAIRMENT,
                    course_started_on=D(2024, 1, 8),
                    awarded_on=D(2025, 12, 1),
                ),
            ),
        ),
        StaffTraining(
            staff_id="T2",
            trainings=(
                course("C1", D(2025, 6, 1), NeedType.SEMH),
                course("C2", D(2023, 2, 1), SP, expires=D(2026, 2, 1)),
            ),
        ),
        StaffTraining(staff_id="TA1", trainings=(course("C1", D(2025, 11, 3), CL),)),
        StaffTraining(
            staff_id="TA2", trainings=(course("C1", D(2024, 10, 1), NeedType.SLCN),)
        ),
        StaffTraining(
            staff_id="HLTA1", trainings=(course("C1", D(2026, 3, 10), NeedType.ASD),)
        ),
        StaffTraining(
            staff_id="LSA1", trainings=(course("C1", D(2025, 4, 2), NeedType.HI),)
        ),
        StaffTraining(
            staff_id="SALT1", trainings=(course("C1", D(2015, 7, 1), NeedType.SLCN),)
        ),
    ),
    senco=SencoPost(
        staff_id="SENCO",
        appointment=SencoAppointment(appointed_on=D(2023, 9, 4), school="Test Primary"),
    ),
    sensory_teaching=(
        SensoryTeaching(
            staff_id="T2", need_type=NeedType.HI, since=D(2022, 9, 1), months_before=6
        ),
        SensoryTeaching(staff_id="T1", need_type=NeedType.VI, since=D(2025, 9, 1)),
    ),
)


@pytest.fixture(scope="module")
def analysis():  # type: ignore[no-untyped-def]
    return cpd_needs_analysis(MAP, WORKFORCE, RECORDS, on=ON)


def test_the_needs_on_roll_by_type(analysis) -> None:  # type: ignore[no-untyped-def]
    rows = [
        (
            n.topic.value,
            n.pupils,
            n.primary,
            n.weighted,
            n.served_by,
            n.trained,
            n.untrained,
        )
        for n in analysis.need_types
    ]
    assert rows == [
        ("SEMH", 2, 2, F(2), ("HLTA1", "T2"), ("T2",), ("HLTA1",)),
        (
            "ASD",
            2,
            1,
            F(3, 2),
            ("HLTA1", "SALT1", "T1", "T2", "TA2"),
            (),
            ("HLTA1", "SALT1", "T1", "T2", "TA2"),
        ),
        ("MLD", 2, 1, F(3, 2), ("LSA1", "T2"), (), ("LSA1", "T2")),
        (
            "SLCN",
            2,
            1,
            F(3, 2),
            ("SALT1", "T1", "TA1", "TA2"),
            ("SALT1", "TA2"),
            ("T1", "TA1"),
        ),
        ("SPLD", 2, 1, F(3, 2), ("T1", "TA1", "TA2"), ("T1",), ("TA1", "TA2")),
        ("HI", 1, 1, F(1), ("LSA1", "T2"), ("LSA1",), ("T2",)),
        ("PD", 1, 1, F(1), ("LSA1", "T2"), (), ("LSA1", "T2")),
    ]


def test_the_needs_on_roll_by_area(analysis) -> None:  # type: ignore[no-untyped-def]
    rows = [
        (n.topic, n.pupils, n.primary, n.weighted, n.served_by, n.trained, n.untrained)
        for n in analysis.areas
    ]
    assert rows == [
        (
            CL,
            4,
            2,
            F(3),
            ("LSA1", "T1", "T2", "TA1", "TA2"),
            ("T1", "TA1"),
            ("LSA1", "T2", "TA2"),
        ),
        (
            CI,
            3,
            2,
            F(5, 2),
            ("HLTA1", "SALT1", "T1", "T2", "TA1", "TA2"),
            ("SALT1", "TA2"),
            ("HLTA1", "T1", "T2", "TA1"),
        ),
        (SP, 2, 2, F(2), ("LSA1", "T2"), ("LSA1",), ("T2",)),
        (SEMH, 2, 2, F(2), ("HLTA1", "T2"), ("T2",), ("HLTA1",)),
    ]
    assert (analysis.unassessed, analysis.unserved) == (1, 1)
    assert (analysis.records, analysis.elsewhere) == (9, 1)


def test_the_proposed_plan(analysis) -> None:  # type: ignore[no-untyped-def]
    plan = [(g.staff_id, g.topic.value, g.pupils, g.weighted) for g in analysis.plan]
    assert plan == [
        ("HLTA1", "SEMH", ("P5", "P6"), F(2)),
        ("T1", "SLCN", ("P2", "P3"), F(3, 2)),
        ("TA1", "SPLD", ("P1", "P2"), F(3, 2)),
        ("LSA1", "PD", ("P8",), F(1)),
        ("SALT1", "ASD", ("P3",), F(1)),
        ("T1", "ASD", ("P3",), F(1)),
        ("T2", "HI", ("P7",), F(1)),
        ("T2", "PD", ("P8",), F(1)),
        ("TA1", "SLCN", ("P2",), F(1)),
        ("TA2", "ASD", ("P3",), F(1)),
        ("HLTA1", "ASD", ("P6",), F(1, 2)),
        ("LSA1", "MLD", ("P8",), F(1, 2)),
        ("T2", "ASD", ("P6",), F(1, 2)),
        ("T2", "MLD", ("P8",), F(1, 2)),
        ("TA2", "SPLD", ("P2",), F(1, 2)),
    ]
    assert analysis.plan_rows()[0] == {
        "who": "HLTA1",
        "role": "hlta",
        "what": "Social, emotional and mental health (SEMH)",
        "why": "2 pupils: P5, P6",
        "weighted": 2.0,
    }
    area_gaps = [
        (g.staff_id, g.topic, g.pupils, g.weighted)
        for g in analysis.gaps
        if isinstance(g.topic, AreaOfNeed)
    ]
    assert area_gaps == [
        ("HLTA1", SEMH, ("P5", "P6"), F(2)),
        ("T1", CI, ("P2", "P3"), F(2)),
        ("T2", SP, ("P7", "P8"), F(2)),
        ("TA1", CI, ("P2",), F(1)),
        ("HLTA1", CI, ("P6",), F(1, 2)),
        ("LSA1", CL, ("P8",), F(1, 2)),
        ("T2", CL, ("P8",), F(1, 2)),  # ties in the order of the codes
        ("T2", CI, ("P6",), F(1, 2)),
        ("TA2", CL, ("P2",), F(1, 2)),
    ]
    assert "HLTA1 (hlta): Social, emotional and mental health, for 2 pupils" in str(
        analysis
    )


def test_weights_change_the_ranking_and_are_checked() -> None:
    flat = cpd_needs_analysis(
        MAP, WORKFORCE, RECORDS, on=ON, weights={"primary": 1, "secondary": 1}
    )
    assert [n.weighted for n in flat.areas] == [F(4), F(3), F(2), F(2)]
    with pytest.raises(ValueError, match="'primary' and a 'secondary'"):
        cpd_needs_analysis(MAP, WORKFORCE, RECORDS, on=ON, weights={"primary": 1})
    with pytest.raises(ValueError, match="0 or more"):
        cpd_needs_analysis(
            MAP, WORKFORCE, RECORDS, on=ON, weights={"primary": 1, "secondary": -1}
        )


def test_the_workforce_compliance_view() -> None:
    view = workforce_compliance(MAP, WORKFORCE, as_of=ON)
    rows = [
        (
            r.staff_id,
            r.rule,
            r.status,
            r.deadline,
            r.days_left,
            r.days_overdue,
            r.held_on,
        )
        for r in view.rows
    ]
    assert rows == [
        ("T2", "mq_hi", QualificationStatus.OVERDUE, D(2025, 3, 1), None, 366, None),
        ("SENCO", "senco", QualificationStatus.DUE, D(2026, 9, 4), 186, None, None),
        (
            "T1",
            "mq_vi",
            QualificationStatus.MET,
            D(2028, 9, 1),
            None,
            None,
            D(2025, 12, 1),
        ),
    ]
    assert view.rows[0].reasons == (
        "no course begun: reg. 9 lets only a teacher obtaining it teach the class",
    )
    assert view.count(QualificationStatus.OVERDUE) == 1


def test_a_mandatory_qualification_held_or_studied_for() -> None:
    held = Qualification(
        kind=QualificationKind.MQ_VISUAL_IMPAIRMENT,
        course_started_on=D(2024, 1, 8),
        awarded_on=D(2025, 12, 1),
    )
    studying = Qualification(
        kind=QualificationKind.MQ_HEARING_IMPAIRMENT, course_started_on=D(2024, 1, 8)
    )
    workforce = Workforce(
        school=SCHOOL,
        staff_training=(
            StaffTraining(staff_id="T1", qualifications=(held,)),
            StaffTraining(staff_id="T2", qualifications=(studying,)),
        ),
        sensory_teaching=WORKFORCE.sensory_teaching,
    )
    view = workforce_compliance(MAP, workforce, as_of=ON)
    met = next(r for r in view.rows if r.rule == "mq_vi")
    assert (met.status, met.held_on) == (QualificationStatus.MET, D(2025, 12, 1))
    late = next(r for r in view.rows if r.rule == "mq_hi")
    assert (late.status, late.reasons) == (
        QualificationStatus.OVERDUE,
        ("studying for it",),
    )
    # An HI qualification does not count for a class of pupils with MSI.
    msi = Workforce(
        school=SCHOOL,
        staff_training=(StaffTraining(staff_id="T1", qualifications=(held,)),),
        sensory_teaching=(
            SensoryTeaching(staff_id="T1", need_type=NeedType.MSI, since=D(2025, 9, 1)),
        ),
    )
    assert (
        workforce_compliance(MAP, msi, as_of=ON).rows[0].status
        is QualificationStatus.DUE
    )


def test_a_workforce_naming_unknown_staff_or_another_school_is_refused() -> None:
    stranger = Workforce(school=OTHER, staff_training=(StaffTraining(staff_id="X9"),))
    with pytest.raises(ValidationError) as error:
        cpd_needs_analysis(MAP, stranger, RECORDS, on=ON)
    assert error.value.codes == ("workforce.school", "workforce.unknown_staff")
    assert "'X9'" in str(error.value)
    with pytest.raises(ValidationError):
        workforce_compliance(MAP, stranger, as_of=ON)


def test_invalid_training_records_are_refused_with_their_rules() -> None:
    with pytest.raises(ValidationError) as error:
        Training(
            training_id=" ",
            title="First aid",
            completed_on=D(2025, 1, 1),
            expires_on=D(2025, 1, 1),
            need_types=(NeedType.HI, NeedType.HI),
        )
    assert error.value.codes == (
        "training.blank",
        "training.duplicate",
        "training.expires_before_completed",
    )
    with pytest.raises(ValidationError) as error:
        SensoryTeaching(
            staff_id="T1", need_type=NeedType.PD, since=ON, months_before=-1
        )
    assert error.value.codes == (
        "sensory_teaching.need_type",
        "sensory_teaching.months",
    )
    with pytest.raises(ValidationError) as error:
        Workforce(
            staff_training=(StaffTraining(staff_id="T1"), StaffTraining(staff_id="T1"))
        )
    assert error.value.codes == ("workforce.duplicate_id",)


def test_the_hand_built_workforce_round_trips() -> None:
    assert loads(dumps(WORKFORCE), Workforce) == WORKFORCE


@given(workforce=workforces())
def test_any_workforce_round_trips(workforce: Workforce) -> None:
    assert loads(dumps(workforce), Workforce) == workforce


def test_the_sample_workforce_is_generated_from_the_sample() -> None:
    maps = load_sample_provision_maps()
    again = generate_workforces(
        maps, load_sample(), on=D(2026, 7, 21), seed=SAMPLE_SEED
    )
    assert again == load_sample_workforces()
    analysis = cpd_needs_analysis(maps[0], again[0], load_sample(), on=D(2026, 3, 2))
    assert analysis.plan
    assert analysis.records > 0
    assert all(a.weighted >= b.weighted for a, b in itertools.pairwise(analysis.plan))


@given(cut=st.integers(min_value=0, max_value=len(RECORDS)), swap=st.booleans())
def test_parts_of_the_records_merge_to_the_analysis_of_the_whole(
    cut: int, swap: bool
) -> None:
    whole = cpd_needs_analysis(MAP, WORKFORCE, RECORDS, on=ON)
    first, second = (
        CpdAccumulator(MAP, WORKFORCE, on=ON).add_all(part)
        for part in (RECORDS[:cut], RECORDS[cut:])
    )
    merged = second.merge(first) if swap else first.merge(second)
    assert merged.result() == whole
    with pytest.raises(ValueError, match="another school, date or weights"):
        first.merge(CpdAccumulator(MAP, WORKFORCE, on=ON + dt.timedelta(days=1)))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_report_has_a_workforce_section_with_the_same_figures_in_parts(
    tmp_path: Path,
) -> None:
    maps, workforces = load_sample_provision_maps(), load_sample_workforces()
    settings = {
        "as_of": D(2026, 3, 2),
        "by": "area_of_need",
        "provision_maps": maps,
        "workforces": workforces,
    }
    whole = Report.build(load_sample, start=None, end=None, **settings)
    assert whole.workforce is not None
    assert [a.school for a in whole.workforce.analyses] == [
        "900001",
        "900002",
        "900003",
        "900004",
    ]
    first = whole.workforce.analyses[0]
    assert first == cpd_needs_analysis(
        maps[0], workforces[0], load_sample(), on=D(2026, 3, 2)
    )
    sections = whole.sections()
    assert sections["cpd_plan"][0] == {"school": "900001", **first.plan[0].to_row()}
    assert {r["school"] for r in sections["workforce_compliance"]} == {
        "900001",
        "900002",
        "900003",
        "900004",
    }
    path = tmp_path / "sample.jsonl"
    path.write_bytes(SAMPLE.read_bytes())
    parts = partitions(path, parts=3)
    assert build_report(parts, workers=2, **settings) == whole


def test_the_command_line_reports_the_workforce(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "report", "--provision-map", "--workforce")
    assert code == 0
    assert "Workforce:\n  School 900001:\n    Statutory qualifications on" in out
    code, out, _ = run(
        capsys, "report", "--provision-map", "--workforce", "--format", "json"
    )
    assert code == 0
    assert '"cpd_plan": [' in out
    code, out, _ = run(capsys, "report", "--provision-map", "--format", "json")
    assert '"cpd_plan"' not in out


def test_the_command_line_refuses_a_workforce_it_cannot_pair(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "report", "--workforce")
    assert (code, out) == (2, "")
    assert "--workforce needs --provision-map" in err
    maps = tmp_path / "maps.jsonl"
    maps.write_text("".join(dump_lines([MAP])), encoding="utf-8")
    stranger = tmp_path / "workforce.jsonl"
    stranger.write_text(
        "".join(dump_lines([Workforce(school=OTHER)])), encoding="utf-8"
    )
    code, out, err = run(
        capsys,
        "report",
        "--provision-map",
        str(maps),
        "--workforce",
        str(stranger),
    )
    assert (code, out) == (2, "")
    assert "the workforce record of school '100002' has no provision map" in err
    unknown = tmp_path / "unknown.jsonl"
    unknown.write_text(
        "".join(
            dump_lines(
                [
                    Workforce(
                        school=SCHOOL, staff_training=(StaffTraining(staff_id="X9"),)
                    )
                ]
            )
        ),
        encoding="utf-8",
    )
    code, out, err = run(
        capsys, "report", "--provision-map", str(maps), "--workforce", str(unknown)
    )
    assert (code, out) == (2, "")  # the two files do not belong together
    assert "names staff 'X9', whom the provision map's staff do not include" in err
