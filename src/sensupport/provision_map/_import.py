"""A provision map from CSV exports: staff, classes and provision groups.

Each row is read through its file's column mapping; a row that cannot be read is
rejected with its row number, column and reason, and the rest are imported. A group
or class is built from all its rows: the first row gives its own columns, and a
later row that disagrees with it is rejected; a group naming staff the staff file
does not list is rejected whole. Nothing is guessed and nothing dropped without a
word.

>>> staff = ["Id,Post,Rate", "TA1,TA,£17.25"]
>>> groups = ["Group,Intervention,Start,Per week,Minutes,Staff,Pupil",
...           "G1,Lexia,08/09/2025,3,20,TA1,1042",
...           "G1,Lexia,08/09/2025,3,20,TA1,1043",
...           "G2,Lego therapy,03/11/2025,1,45,TA9,1042"]
>>> found = import_provision_map(
...     groups=groups,
...     group_mapping=GroupMapping.from_dict({"columns": {
...         "group_id": "Group", "provision": "Intervention", "starts_on": "Start",
...         "sessions_per_week": "Per week", "minutes_per_session": "Minutes",
...         "staff_ids": "Staff", "pupil_id": "Pupil"}}),
...     staff=staff,
...     staff_mapping=StaffMapping.from_dict({"columns": {
...         "staff_id": "Id", "role": "Post", "hourly_cost": "Rate"}}))
>>> print(found)
Staff: 1 read, 0 rejected; groups: 3 rows read, 1 group of 2 pupils imported, 1 row rejected.
>>> print(found.rejected_groups[0])
row 4: rows[4].Staff: group 'G2' names staff 'TA9', whom the staff file does not list [provision_map.unknown_staff]
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from .._columns import RowReader
from ..classes import ClassMember, SchoolClass
from ..parsing import parse_year_group
from ..provision_groups import GroupMember, MaterialCost, ProvisionGroup, ProvisionMap
from ..register import RejectedRow
from ..schools import School
from ..staff import StaffMember
from ._gather import (
    Parts,
    build,
    drop_unknown_staff,
    gather,
    problem_at,
    rejected_row,
    rows,
)
from ._mappings import (
    ClassMapping,
    GroupMapping,
    StaffMapping,
    parse_area,
    parse_basis,
    parse_count,
    parse_hours,
    parse_money,
    parse_role,
    parse_yes_no,
    split_ids,
)

__all__ = ["ProvisionMapImport", "import_provision_map"]


@attrs.frozen(kw_only=True)
class ProvisionMapImport:
    """The map the files gave, and the rows of each file it rejected."""

    provision_map: ProvisionMap
    staff_rows: int
    class_rows: int
    group_rows: int
    rejected_staff: tuple[RejectedRow, ...] = ()
    rejected_classes: tuple[RejectedRow, ...] = ()
    rejected_groups: tuple[RejectedRow, ...] = ()

    def __str__(self) -> str:
        m = self.provision_map
        pupils = sum(len(g.members) for g in m.groups)
        text = f"Staff: {self.staff_rows} read, {len(self.rejected_staff)} rejected; "
        if self.class_rows:
            text += (
                f"classes: {self.class_rows} rows read, {len(m.classes)} classes "
                f"imported, {len(self.rejected_classes)} rows rejected; "
            )
        groups = "group" if len(m.groups) == 1 else "groups"
        rows = "row" if len(self.rejected_groups) == 1 else "rows"
        return text + (
            f"groups: {self.group_rows} rows read, {len(m.groups)} {groups} of "
            f"{pupils} pupils imported, {len(self.rejected_groups)} {rows} rejected."
        )


def _read_staff(
    lines: Iterable[str], mapping: StaffMapping
) -> tuple[list[StaffMember], list[RejectedRow], int]:
    found, rejected, seen, read = [], [], set(), 0
    for r in rows(lines, mapping):
        read += 1
        for field in mapping.REQUIRED:
            r.require(field)
        role = r.read("role", parse_role)
        cost = r.read("hourly_cost", parse_money)
        staff_id = r.text("staff_id")
        if staff_id in seen:
            r.problems.append(
                problem_at(
                    mapping,
                    r,
                    "staff_id",
                    "staff.duplicate_id",
                    f"staff {staff_id!r} is listed twice",
                )
            )
        if r.problems or role is None or cost is None:
            rejected.append(rejected_row(r))
            continue
        seen.add(staff_id)
        found.append(
            StaffMember(
                staff_id=staff_id,
                role=role,
                hourly_cost_pence=cost,
                given_name=r.text("given_name") or None,
                family_name=r.text("family_name") or None,
            )
        )
    return found, rejected, read


# The constructors' names for values a mapping names otherwise.
_CLASS_FIELDS = {"ta_minutes_per_week": "ta_hours"}
_GROUP_FIELDS = {"name": "provision"}


def _class_own(r: RowReader) -> dict[str, Any]:
    return {
        "name": r.text("name"),
        "year_group": r.read("year_group", parse_year_group),
        "teacher_id": r.text("teacher_id") or None,
        "ta_minutes_per_week": r.read("ta_hours", parse_hours) or 0,
        "starts_on": r.date("starts_on"),
        "ends_on": r.date("ends_on"),
    }


def _class_member(r: RowReader) -> ClassMember | None:
    pupil_id = r.text("pupil_id")
    joined, left = r.date("joined_on"), r.date("left_on")
    if not pupil_id:
        return None
    return ClassMember(pupil_id=pupil_id, joined_on=joined, left_on=left)


def _group_own(r: RowReader) -> dict[str, Any]:
    return {
        "name": r.text("provision"),
        "staff_ids": split_ids(r.text("staff_ids")),
        "starts_on": r.date("starts_on"),
        "ends_on": r.date("ends_on"),
        "sessions_per_week": r.read("sessions_per_week", parse_count),
        "minutes_per_session": r.read("minutes_per_session", parse_count),
        "area": r.read("area", parse_area),
        "in_class": bool(r.read("in_class", parse_yes_no)),
    }


def _group_member(r: RowReader) -> tuple[GroupMember | None, MaterialCost | None]:
    joined, left = r.date("joined_on"), r.date("left_on")
    cost = r.read("material_cost", parse_money)
    basis = r.read("material_basis", parse_basis)
    pupil_id = r.text("pupil_id")
    member = None
    if pupil_id:
        member = GroupMember(
            pupil_id=pupil_id,
            provision_id=r.text("provision_id") or None,
            joined_on=joined,
            left_on=left,
        )
    material = None
    if r.text("material") and cost is not None:
        kind = {} if basis is None else {"basis": basis}
        material = MaterialCost(description=r.text("material"), cost_pence=cost, **kind)
    return member, material


def import_provision_map(
    *,
    groups: Iterable[str],
    group_mapping: GroupMapping,
    staff: Iterable[str],
    staff_mapping: StaffMapping,
    classes: Iterable[str] | None = None,
    class_mapping: ClassMapping | None = None,
    school: School | None = None,
) -> ProvisionMapImport:
    """A school's provision map from its CSV exports, and the rows rejected.

    Args:
        groups: The provision groups' CSV, a line at a time, headings first; one
            row per pupil in a group (or one row for a group with none).
        group_mapping: Which column holds what in it.
        staff: The staff CSV, one row per member.
        staff_mapping: Which column holds what in it.
        classes: The class lists' CSV, one row per pupil in a class, if given.
        class_mapping: Which column holds what in it; needed with ``classes``.
        school: The school the map is for.

    Raises:
        ValidationError: A mapping names a column a file does not have.
        ValueError: ``classes`` is given without ``class_mapping``.
    """
    staff_list, rejected_staff, staff_read = _read_staff(staff, staff_mapping)
    known = {s.staff_id for s in staff_list}
    class_list: list[SchoolClass] = []
    rejected_classes: list[RejectedRow] = []
    class_read = 0
    if classes is not None:
        if class_mapping is None:
            raise ValueError("classes need a class_mapping")
        class_parts, rejected_classes, class_read = gather(
            classes,
            class_mapping,
            "class_id",
            _class_own,
            _class_member,
            _CLASS_FIELDS,
        )
        drop_unknown_staff(
            class_parts,
            lambda f: () if f.own["teacher_id"] is None else (f.own["teacher_id"],),
            class_mapping.columns.get("teacher_id", ""),
            "class",
            rejected_classes,
            known,
        )
        class_list = build(
            class_parts,
            lambda ident, f: SchoolClass(
                class_id=ident, members=tuple(f.members), **f.own
            ),
            rejected_classes,
            class_mapping,
            _CLASS_FIELDS,
        )
    group_parts, rejected_groups, group_read = gather(
        groups,
        group_mapping,
        "group_id",
        _group_own,
        _group_member,
        _GROUP_FIELDS,
    )
    drop_unknown_staff(
        group_parts,
        lambda f: f.own["staff_ids"],
        group_mapping.columns.get("staff_ids", ""),
        "group",
        rejected_groups,
        known,
    )

    def group(ident: str, found: Parts) -> ProvisionGroup:
        pupils = [m for m, _ in found.members if m is not None]
        materials = dict.fromkeys(m for _, m in found.members if m is not None)
        return ProvisionGroup(
            group_id=ident,
            members=tuple(pupils),
            materials=tuple(materials),
            **found.own,
        )

    built = build(group_parts, group, rejected_groups, group_mapping, _GROUP_FIELDS)
    return ProvisionMapImport(
        provision_map=ProvisionMap(
            school=school,
            staff=tuple(staff_list),
            classes=tuple(class_list),
            groups=tuple(built),
        ),
        staff_rows=staff_read,
        class_rows=class_read,
        group_rows=group_read,
        rejected_staff=tuple(rejected_staff),
        rejected_classes=tuple(sorted(rejected_classes, key=lambda r: r.row)),
        rejected_groups=tuple(sorted(rejected_groups, key=lambda r: r.row)),
    )
