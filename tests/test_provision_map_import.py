"""A provision map from CSV exports, through column mappings as the register's."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from sensupport import (
    AreaOfNeed,
    CostBasis,
    GroupMember,
    MaterialCost,
    StaffRole,
    ValidationError,
)
from sensupport.provision_map import (
    ClassMapping,
    GroupMapping,
    StaffMapping,
    import_provision_map,
)

DATA = Path(__file__).parent / "data" / "provision"
MAPPINGS = tomllib.loads((DATA / "mapping.toml").read_text(encoding="utf-8"))


def lines(name: str) -> list[str]:
    return (DATA / name).read_text(encoding="utf-8").splitlines()


FOUND = import_provision_map(
    groups=lines("groups.csv"),
    group_mapping=GroupMapping.from_dict(MAPPINGS["groups"]),
    staff=lines("staff.csv"),
    staff_mapping=StaffMapping.from_dict(MAPPINGS["staff"]),
    classes=lines("classes.csv"),
    class_mapping=ClassMapping.from_dict(MAPPINGS["classes"]),
)


def test_staff_are_read_and_bad_rows_rejected() -> None:
    staff = FOUND.provision_map.staff
    assert [(s.staff_id, s.role, s.hourly_cost_pence) for s in staff] == [
        ("TA1", StaffRole.TEACHING_ASSISTANT, 1725),
        ("TA2", StaffRole.HLTA, 2100),
        ("SALT", StaffRole.EXTERNAL_SPECIALIST, 7500),
    ]
    assert staff[0].given_name == "Sam"
    assert [(r.row, r.problems[0].code) for r in FOUND.rejected_staff] == [
        (4, "parse.money"),
        (6, "staff.duplicate_id"),
    ]
    assert "Pat" not in str(FOUND.rejected_staff[0])


def test_classes_are_built_from_their_rows() -> None:
    (oak,) = FOUND.provision_map.classes
    assert (oak.class_id, oak.name, oak.ta_minutes_per_week) == ("3O", "Oak", 750)
    assert oak.members_on(dt.date(2026, 3, 2)) == ("1042",)
    assert [(r.row, r.problems[0].code) for r in FOUND.rejected_classes] == [
        (4, "class.disagrees"),  # 10 TA hours, where the first row says 12.5
        (5, "provision_map.unknown_staff"),
    ]


def test_groups_are_built_from_their_rows() -> None:
    groups = {g.group_id: g for g in FOUND.provision_map.groups}
    assert sorted(groups) == ["G1", "G2", "G3"]
    phonics = groups["G1"]
    assert phonics.area is AreaOfNeed.COGNITION_AND_LEARNING
    assert phonics.members == (
        GroupMember(pupil_id="1042", provision_id="P1"),
        GroupMember(pupil_id="1043", provision_id="P2"),
    )
    assert phonics.materials == (
        MaterialCost(description="Phonics cards", cost_pence=3000),
    )
    assert groups["G2"].staff_ids == ("TA2", "SALT")
    assert groups["G2"].materials[0].basis is CostBasis.ONE_OFF
    assert groups["G3"].in_class
    assert [(r.row, r.problems[0].code) for r in FOUND.rejected_groups] == [
        (5, "group.disagrees"),  # 2 sessions a week, where the first row says 1
        (7, "group.ends_before_start"),
        (8, "provision_map.part_rejected"),
        (9, "provision_map.unknown_staff"),  # T1's row was rejected
    ]
    assert FOUND.rejected_groups[1].problems[0].path == "rows[7].End"
    assert str(FOUND) == (
        "Staff: 5 read, 2 rejected; classes: 4 rows read, 1 classes imported, 2 rows "
        "rejected; groups: 8 rows read, 3 groups of 4 pupils imported, 4 rows "
        "rejected."
    )


def test_a_mapping_must_fit_its_file() -> None:
    mapping = GroupMapping.from_dict(
        {"columns": {**MAPPINGS["groups"]["columns"], "group_id": "Grp"}}
    )
    with pytest.raises(ValidationError) as caught:
        import_provision_map(
            groups=lines("groups.csv"),
            group_mapping=mapping,
            staff=lines("staff.csv"),
            staff_mapping=StaffMapping.from_dict(MAPPINGS["staff"]),
        )
    assert caught.value.codes == ("mapping.column_not_found",)
    with pytest.raises(ValidationError, match="invalid staff mapping"):
        StaffMapping.from_dict({"columns": {"staff_id": "Id"}})
