"""What the provision map's costs can be split by.

Every cost is counted as *lines*: one pupil's share of one week of one group (or a
week's cost that no pupil shares). A dimension reads a line and names the groups it
belongs to, each as of the week's first day: the pupil's needs as the register stood
then, their year group and class then.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Hashable, Iterable, Mapping
from fractions import Fraction
from typing import NamedTuple

from ..calendar import school_year_of
from ..metrics._dimensions import _YearAt, needs_on
from ..needs import primary_need
from ..process.record import SupportRecord
from ..provision_groups import ProvisionGroup, ProvisionMap

__all__ = ["COST_DIMENSIONS"]

NO_PUPILS = "no pupils"
"""The group of the cost of weeks no pupil shared, in a split by pupil."""
NO_RECORD = "no record"
"""The group of pupils in the map with no SEN support record, in a split by need."""


class Line(NamedTuple):
    """One pupil's share of one week of one group, in pence (``weeks`` of them, from
    ``week``, once counted); ``pupil_id`` None for a week's cost that no pupil
    shares."""

    provision_map: ProvisionMap
    group: ProvisionGroup
    week: dt.date
    pupil_id: str | None
    record: SupportRecord | None
    staff_cost: Fraction
    material_cost: Fraction
    weeks: int = 1


Dimension = Callable[[Line], Iterable[Hashable]]


def _school(line: Line) -> Iterable[Hashable]:
    return (line.provision_map.school_key or "unknown",)


def _pupil(line: Line) -> Iterable[Hashable]:
    return (line.pupil_id if line.pupil_id is not None else NO_PUPILS,)


def _group(line: Line) -> Iterable[Hashable]:
    return (line.group.group_id,)


def _provision(line: Line) -> Iterable[Hashable]:
    return (line.group.name,)


def _provision_area(line: Line) -> Iterable[Hashable]:
    area = line.group.area
    return (area.value if area is not None else "none",)


def _in_class(line: Line) -> Iterable[Hashable]:
    return ("in class" if line.group.in_class else "out of class",)


def _no_need(line: Line) -> str | None:
    if line.pupil_id is None:
        return NO_PUPILS
    if line.record is None:
        return NO_RECORD
    return None


def _area_of_need(line: Line) -> Iterable[Hashable]:
    missing = _no_need(line)
    if missing is not None:
        return (missing,)
    assert line.record is not None  # a pupil with a record
    need = primary_need(needs_on(line.record, line.week))
    area = need.area if need is not None else None
    return (area.value if area is not None else "none",)


def _need_type(line: Line) -> Iterable[Hashable]:
    missing = _no_need(line)
    if missing is not None:
        return (missing,)
    assert line.record is not None  # a pupil with a record
    need = primary_need(needs_on(line.record, line.week))
    return (need.need_type.value if need is not None else "none",)


def _sen_provision(line: Line) -> Iterable[Hashable]:
    missing = _no_need(line)
    if missing is not None:
        return (missing,)
    assert line.record is not None  # a pupil with a record
    return (line.record.provision_on(line.week).value,)


def _classes(line: Line) -> list[str]:
    assert line.pupil_id is not None  # asked only for a pupil's line
    return [c.class_id for c in line.provision_map.classes_of(line.pupil_id, line.week)]


def _class(line: Line) -> Iterable[Hashable]:
    if line.pupil_id is None:
        return (NO_PUPILS,)
    return _classes(line) or ("no class",)


def _year_group(line: Line) -> Iterable[Hashable]:
    if line.pupil_id is None:
        return (NO_PUPILS,)
    if line.record is not None:
        # Settled on the data date, known once every record is read.
        now = line.record.pupil.year_group
        return (_YearAt(now, school_year_of(line.week), stage=False),)
    for school_class in line.provision_map.classes_of(line.pupil_id, line.week):
        if school_class.year_group is not None:
            return (school_class.year_group.value,)
    return ("unknown",)


COST_DIMENSIONS: Mapping[str, Dimension] = {
    "school": _school,
    "provision": _provision,
    "group": _group,
    "provision_area": _provision_area,
    "in_class": _in_class,
    "pupil": _pupil,
    "area_of_need": _area_of_need,
    "need_type": _need_type,
    "sen_provision": _sen_provision,
    "year_group": _year_group,
    "class": _class,
}
"""The named dimensions costs can be split by, each read on the week's first day.

- ``school``: the map's `School.key` (``unknown`` for a map naming no school);
- ``provision``: the group's name, as plans name provision; ``group``: its id;
- ``provision_area``: the broad area of need the group serves (``none`` if not one);
- ``in_class``: ``in class`` or ``out of class``;
- ``pupil``: the pupil's id;
- ``area_of_need`` and ``need_type``: the pupil's primary need in the needs register
  then (``none`` with no need recorded, ``no record`` for a pupil with no record);
- ``sen_provision``: the census code the pupil's record implies then (N, K, E);
- ``year_group``: from the pupil's record, worked out for the week as the metrics
  do; for a pupil with no record, their class's year group; else ``unknown``;
- ``class``: each class the pupil is in then (a pupil in two counts in both);
  ``no class`` for none.

In a split by a pupil's dimension, the cost of weeks no pupil shared is the group
``no pupils``.
"""


def cost_dimension(by: str | tuple[str, ...]) -> Dimension:
    """The dimension for a name, or for several (one key column each).

    Raises:
        ValueError: A name is not a dimension.
    """
    names = (by,) if isinstance(by, str) else by
    for name in names:
        if name not in COST_DIMENSIONS:
            choices = ", ".join(COST_DIMENSIONS)
            raise ValueError(f"no dimension {name!r}; choose one of {choices}")
    if isinstance(by, str):
        return COST_DIMENSIONS[by]
    parts = [COST_DIMENSIONS[name] for name in by]
    return lambda line: itertools.product(*(part(line) for part in parts))
