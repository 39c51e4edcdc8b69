"""The costs of provision over a period, as a frozen summary that merges exactly.

Costs are exact fractions of a penny and each pupil's cost is kept by pupil, so the
summaries of two parts merge into the summary of both, to the penny and beyond.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Self, TypeVar

import attrs

from ..metrics._core import Coverage, Grouped, Summary
from ._dimensions import Line
from ._money import pounds, show_pounds

__all__ = ["CostsBy", "PupilKey", "ProvisionCosts"]

C = TypeVar("C", bound="ProvisionCosts")

PupilKey = tuple[str, str]
"""A pupil across schools: the school's key (``""`` for none) and the pupil's id."""


@attrs.frozen(kw_only=True)
class ProvisionCosts(Summary):
    """What provision cost over a period, and on whom, in pence, exactly.

    Attributes:
        staff_cost: Staff time, at each member's hourly cost.
        material_cost: Materials due in the period.
        unshared_cost: The part of both spent in weeks when no pupil was in the group.
        pupil_sessions: Sessions the pupils were timetabled for, one per pupil.
        pupil_minutes: Minutes the pupils were timetabled for, summed over pupils.
        pupil_costs: Each pupil's share, by (school key, pupil id), sorted.
        groups: The groups costed, by (school key, group id), sorted.
    """

    staff_cost: Fraction = Fraction(0)
    material_cost: Fraction = Fraction(0)
    unshared_cost: Fraction = Fraction(0)
    pupil_sessions: int = 0
    pupil_minutes: int = 0
    pupil_costs: tuple[tuple[PupilKey, Fraction], ...] = ()
    groups: tuple[tuple[str, str], ...] = ()

    @property
    def cost(self) -> Fraction:
        """Everything the provision cost, in pence."""
        return self.staff_cost + self.material_cost

    @property
    def shared_cost(self) -> Fraction:
        """The cost the pupils shared: all of it but the unshared weeks'."""
        return self.cost - self.unshared_cost

    @property
    def pupils(self) -> int:
        """Pupils with a share of the cost."""
        return len(self.pupil_costs)

    @property
    def pupil_hours(self) -> Fraction:
        """Hours the pupils were timetabled for, summed over pupils."""
        return Fraction(self.pupil_minutes, 60)

    @property
    def cost_per_pupil(self) -> Fraction | None:
        """The shared cost per pupil, in pence; None with no pupils."""
        return self.shared_cost / self.pupils if self.pupils else None

    @property
    def cost_per_pupil_hour(self) -> Fraction | None:
        """The shared cost of an hour of one pupil's provision, in pence; None when
        the pupils had no timetabled time (materials only)."""
        return self.shared_cost / self.pupil_hours if self.pupil_minutes else None

    def cost_of(self, pupil_id: str, school: str = "") -> Fraction:
        """One pupil's cost in pence (0 for a pupil with none); ``school`` is the
        school's key, needed only where pupils of several schools are costed."""
        return dict(self.pupil_costs).get((school, pupil_id), Fraction(0))

    @property
    def is_empty(self) -> bool:
        """True when no group ran in the period: nothing was costed."""
        return not self.groups

    def merge(self, other: Self) -> Self:
        """The costs of two schools' maps together, exactly.

        Each result costs its whole map, pupils with no record included, so the
        results of two parts of one school's records would count that twice: merge
        their accumulators instead (`CostAccumulator.merge`).

        Raises:
            TypeError: ``other`` is not a `ProvisionCosts`.
            ValueError: The parts costed different periods, or both costed one group.
        """
        if type(other) is not type(self):
            raise TypeError(
                f"cannot merge {type(other).__name__} into {type(self).__name__}"
            )
        both = set(self.groups) & set(other.groups)
        if both:
            school, group_id = min(both)
            raise ValueError(
                f"both parts cost group {group_id!r} of school {school or '(none)'!r}: "
                "merge the accumulators of parts of one school"
            )
        tally = _Tally.of(self)
        tally.merge(_Tally.of(other))
        coverage = self.coverage
        if coverage is None or other.coverage is None:
            coverage = coverage or other.coverage
        else:
            coverage = coverage.merge(other.coverage)
        return tally.summary(coverage, type(self))

    def to_row(self) -> dict[str, object]:
        """Money as `decimal.Decimal` pounds to the penny; hours as a float."""
        per_pupil, per_hour = self.cost_per_pupil, self.cost_per_pupil_hour
        return {
            "groups": len(self.groups),
            "pupils": self.pupils,
            "cost": pounds(self.cost),
            "staff_cost": pounds(self.staff_cost),
            "material_cost": pounds(self.material_cost),
            "unshared_cost": pounds(self.unshared_cost),
            "pupil_sessions": self.pupil_sessions,
            "pupil_hours": float(self.pupil_hours),
            "cost_per_pupil": pounds(per_pupil) if per_pupil is not None else None,
            "cost_per_pupil_hour": pounds(per_hour) if per_hour is not None else None,
        }

    def _text(self) -> str:
        if self.is_empty:
            return "Provision: no group ran in the period; nothing costed."
        text = f"{show_pounds(self.cost)} on {len(self.groups)} groups"
        if self.pupils:
            assert self.cost_per_pupil is not None  # there are pupils
            text += (
                f" for {self.pupils} pupils ({show_pounds(self.cost_per_pupil)} "
                f"each, {float(self.pupil_hours):.0f} pupil-hours"
            )
            per_hour = self.cost_per_pupil_hour
            if per_hour is not None:
                text += f", {show_pounds(per_hour)} an hour"
            text += ")"
        if self.unshared_cost:
            text += f"; {show_pounds(self.unshared_cost)} in weeks with no pupil"
        return text + "."

    def __str__(self) -> str:
        note = _note(self.coverage)
        text = self._text()
        return text if note is None or self.is_empty else f"{text}\n  ({note})"


def _note(coverage: Coverage | None) -> str | None:
    if coverage is None:
        return None
    if coverage.records == 0:
        return "No records read: pupils' needs and year groups are not known."
    if coverage.past_data_date and coverage.asked is None:
        assert coverage.data_date is not None  # records were read
        # A map is also a plan: costed to the end asked for, unless told to stop.
        return (
            "Costed as timetabled to the end of the period, past the latest event "
            f"in the records, {coverage.data_date.isoformat()}; give the data date "
            "to stop there."
        )
    return coverage.note()


class CostsBy(Grouped[ProvisionCosts]):
    """Costs by group of a split: a read-only mapping from each key to its costs."""

    @property
    def is_empty(self) -> bool:
        """True when no group of the map ran in the period."""
        return all(costs.is_empty for costs in self.values())

    def merge(self, other: Grouped[ProvisionCosts]) -> CostsBy:
        merged = super().merge(other)
        return CostsBy(merged.by, dict(merged), merged.coverage)

    def __str__(self) -> str:
        if self.is_empty:
            return "Provision: no group ran in the period; nothing costed."
        text = "\n\n".join(
            ", ".join(f"{k} = {v}" for k, v in self._key_columns(key).items())
            + f"\n{costs._text()}"
            for key, costs in self.items()
        )
        note = _note(self.coverage)
        return text if note is None else f"{text}\n\n({note})"


class _Tally:
    """Mutable sums for one group of a split."""

    __slots__ = (
        "groups",
        "material",
        "minutes",
        "pupils",
        "sessions",
        "staff",
        "unshared",
    )

    def __init__(self) -> None:
        self.staff = self.material = self.unshared = Fraction(0)
        self.sessions = self.minutes = 0
        self.pupils: dict[PupilKey, Fraction] = {}
        self.groups: set[tuple[str, str]] = set()

    @classmethod
    def of(cls, costs: ProvisionCosts) -> _Tally:
        tally = cls()
        tally.staff, tally.material = costs.staff_cost, costs.material_cost
        tally.unshared = costs.unshared_cost
        tally.sessions, tally.minutes = costs.pupil_sessions, costs.pupil_minutes
        tally.pupils.update(costs.pupil_costs)
        tally.groups.update(costs.groups)
        return tally

    def add(self, line: Line) -> None:
        group, school = line.group, line.provision_map.school_key
        self.staff += line.staff_cost
        self.material += line.material_cost
        self.groups.add((school, group.group_id))
        if line.pupil_id is None:
            self.unshared += line.staff_cost + line.material_cost
            return
        self.sessions += group.sessions_per_week * line.weeks
        self.minutes += group.minutes_per_week * line.weeks
        key = (school, line.pupil_id)
        share = line.staff_cost + line.material_cost
        self.pupils[key] = self.pupils.get(key, Fraction(0)) + share

    def merge(self, other: _Tally) -> None:
        self.staff += other.staff
        self.material += other.material
        self.unshared += other.unshared
        self.sessions += other.sessions
        self.minutes += other.minutes
        for key, cost in other.pupils.items():
            self.pupils[key] = self.pupils.get(key, Fraction(0)) + cost
        self.groups |= other.groups

    def copy(self) -> _Tally:
        tally = _Tally()
        tally.merge(self)
        return tally

    def summary(self, coverage: Coverage | None, cls: type[C]) -> C:
        return cls(
            coverage=coverage,
            staff_cost=self.staff,
            material_cost=self.material,
            unshared_cost=self.unshared,
            pupil_sessions=self.sessions,
            pupil_minutes=self.minutes,
            # Pupils of provision that costs nothing are kept, at 0: they had it.
            pupil_costs=tuple(sorted(self.pupils.items())),
            groups=tuple(sorted(self.groups)),
        )
