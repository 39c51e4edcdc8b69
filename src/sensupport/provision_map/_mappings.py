"""The columns of a provision map's CSV exports, and the readers of their values.

Three files make a map, each through its own column mapping (a dict or a small TOML
file, as for the register import): the staff, one row per member; the classes, one
row per pupil in a class; the provision groups, one row per pupil in a group (a
group's own columns repeated on each of its rows).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import ClassVar

import attrs

from .._columns import ColumnMapping
from ..codes import AreaOfNeed
from ..parsing import _lookup, _refuse, _shown
from ..provision_groups import CostBasis
from ..staff import StaffRole
from ._money import parse_pence

__all__ = [
    "CLASS_COLUMNS",
    "GROUP_COLUMNS",
    "STAFF_COLUMNS",
    "ClassMapping",
    "GroupMapping",
    "StaffMapping",
]

STAFF_COLUMNS: dict[str, str] = {
    "staff_id": "the id of the member of staff (required)",
    "role": "their post: teacher, SENCO, HLTA, TA, LSA or external specialist "
    "(required)",
    "hourly_cost": "what an hour of their time costs, in pounds, pay and on-costs "
    "together (required)",
    "given_name": "the given name (personal data)",
    "family_name": "the family name (personal data)",
}
"""Every field a staff mapping can name a column for, and what it holds."""

CLASS_COLUMNS: dict[str, str] = {
    "class_id": "the id of the class (required)",
    "pupil_id": "the id of a pupil in it (required)",
    "name": "the class's name",
    "year_group": "the national curriculum year it teaches",
    "teacher_id": "the staff id of its teacher",
    "ta_hours": "teaching-assistant hours a week allocated to it",
    "starts_on": "the first day the class exists",
    "ends_on": "the last day it exists",
    "joined_on": "the pupil's first day in it, if not the class's",
    "left_on": "the pupil's last day in it, if not the class's",
}
"""Every field a class mapping can name a column for, and what it holds."""

GROUP_COLUMNS: dict[str, str] = {
    "group_id": "the id of the provision group (required)",
    "provision": "the intervention's name, as plans name it (required)",
    "starts_on": "the group's first day (required)",
    "sessions_per_week": "sessions a week (required)",
    "minutes_per_session": "minutes a session (required)",
    "staff_ids": "the staff ids of who delivers it, separated by ; or ,",
    "ends_on": "the group's last day",
    "area": "the broad area of need it serves",
    "in_class": "yes for support in class, no for a group out of class",
    "pupil_id": "the id of a pupil in the group",
    "provision_id": "the provision of the pupil's plan it delivers",
    "joined_on": "the pupil's first day in the group, if not the group's",
    "left_on": "the pupil's last day in the group, if not the group's",
    "material": "what a material cost is for",
    "material_cost": "the material's cost, in pounds",
    "material_basis": "one-off or per term (one-off if not given)",
}
"""Every field a group mapping can name a column for, and what it holds."""


@attrs.frozen(kw_only=True)
class StaffMapping(ColumnMapping):
    """Which column of a staff export holds each field (see `STAFF_COLUMNS`)."""

    FIELDS: ClassVar[dict[str, str]] = STAFF_COLUMNS
    REQUIRED: ClassVar[tuple[str, ...]] = ("staff_id", "role", "hourly_cost")
    PRIVATE: ClassVar[frozenset[str]] = frozenset({"given_name", "family_name"})
    WHAT: ClassVar[str] = "staff"


@attrs.frozen(kw_only=True)
class ClassMapping(ColumnMapping):
    """Which column of a class list holds each field (see `CLASS_COLUMNS`)."""

    FIELDS: ClassVar[dict[str, str]] = CLASS_COLUMNS
    REQUIRED: ClassVar[tuple[str, ...]] = ("class_id", "pupil_id")
    WHAT: ClassVar[str] = "class"


@attrs.frozen(kw_only=True)
class GroupMapping(ColumnMapping):
    """Which column of a provision groups export holds each field (see
    `GROUP_COLUMNS`)."""

    FIELDS: ClassVar[dict[str, str]] = GROUP_COLUMNS
    REQUIRED: ClassVar[tuple[str, ...]] = (
        "group_id",
        "provision",
        "starts_on",
        "sessions_per_week",
        "minutes_per_session",
    )
    WHAT: ClassVar[str] = "group"


def parse_role(value: str, *, column: str = "", row: int | None = None) -> StaffRole:
    """A staff role from its code, its name or a common abbreviation."""
    extra = {
        "ta": StaffRole.TEACHING_ASSISTANT,
        "lsa": StaffRole.LEARNING_SUPPORT_ASSISTANT,
        "higher level teaching assistant": StaffRole.HLTA,
        "specialist": StaffRole.EXTERNAL_SPECIALIST,
        "external": StaffRole.EXTERNAL_SPECIALIST,
    }
    return _lookup(StaffRole, value, extra, "a staff role", "parse.role", column, row)


def parse_area(value: str, *, column: str = "", row: int | None = None) -> AreaOfNeed:
    """A broad area of need from its code or its name."""
    return _lookup(
        AreaOfNeed, value, {}, "a broad area of need", "parse.area", column, row
    )


def parse_basis(value: str, *, column: str = "", row: int | None = None) -> CostBasis:
    """How often a material cost falls: ``one-off``, ``once``, ``per term``."""
    extra = {"once": CostBasis.ONE_OFF, "termly": CostBasis.PER_TERM}
    return _lookup(
        CostBasis, value, extra, "a cost basis", "parse.cost_basis", column, row
    )


def parse_money(value: str, *, column: str = "", row: int | None = None) -> int:
    """Pence from pounds (``£1,234.50``), never a fraction of a penny."""
    pence = parse_pence(value)
    if pence is None:
        raise _refuse(
            "parse.money",
            f"{_shown(value)} is not an amount in pounds and pence, such as 17.25",
            column,
            row,
        )
    return pence


def parse_count(value: str, *, column: str = "", row: int | None = None) -> int:
    """A whole number of 1 or more."""
    if value.strip().isdigit() and int(value) >= 1:
        return int(value)
    raise _refuse(
        "parse.count",
        f"{_shown(value)} is not a whole number of 1 or more",
        column,
        row,
    )


def parse_hours(value: str, *, column: str = "", row: int | None = None) -> int:
    """Whole minutes from hours (``12.5``), never a fraction of a minute."""
    try:
        minutes = Decimal(value.strip()) * 60
    except InvalidOperation:
        minutes = Decimal(-1)
    if minutes.is_finite() and minutes >= 0 and minutes == minutes.to_integral_value():
        return int(minutes)
    raise _refuse(
        "parse.hours",
        f"{_shown(value)} is not a number of hours in whole minutes, such as 12.5",
        column,
        row,
    )


_YES = {"yes", "y", "true", "1", "in", "in class"}
_NO = {"no", "n", "false", "0", "out", "out of class", ""}


def parse_yes_no(value: str, *, column: str = "", row: int | None = None) -> bool:
    """True for yes (``yes``, ``y``, ``true``, ``in``), False for no."""
    words = re.sub(r"\s+", " ", value.strip()).casefold()
    if words in _YES:
        return True
    if words in _NO:
        return False
    raise _refuse("parse.yes_no", f"{_shown(value)} is neither yes nor no", column, row)


def split_ids(text: str) -> tuple[str, ...]:
    """Ids separated by ``;`` or ``,``, each once, in order."""
    return tuple(dict.fromkeys(p.strip() for p in re.split(r"[;,]", text) if p.strip()))
