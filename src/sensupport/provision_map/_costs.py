"""What provision costs: per pupil, per provision, per need, per class, exactly.

`provision_costs` costs every group of a school's map over [start, end), week by
week (`ProvisionGroup.weeks`), and shares each week's cost among the pupils in the
group that week. The school's records say, for a split, what each pupil's need and
year group were; pupils in the map with no record are costed all the same.

A `CostAccumulator` costs the pupils of the records it is given as they come, and
the rest of the map (pupils with no record, weeks with no pupil) once, when its
result is asked for. So accumulators over parts of a cohort, merged, give the costs
of the whole, exactly.

>>> import datetime as dt
>>> from sensupport.synth import load_sample, load_sample_provision_maps
>>> costs = provision_costs(load_sample_provision_maps(), load_sample(),
...                         start=dt.date(2025, 9, 1), end=dt.date(2026, 9, 1),
...                         by="school")
>>> sorted(costs)
['900001', '900002', '900003', '900004']
>>> costs["900001"].cost == sum(costs["900001"].cost_of(p, "900001")
...     for (_, p), _ in costs["900001"].pupil_costs) + costs["900001"].unshared_cost
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable
from fractions import Fraction
from typing import Self, overload

from ..calendar import SchoolCalendar
from ..metrics._core import Coverage, counted_period, raise_event_after
from ..metrics._dimensions import settle
from ..process.record import SupportRecord
from ..provision_groups import ProvisionGroup, ProvisionMap
from ._dimensions import Dimension, Line, cost_dimension
from ._summary import CostsBy, ProvisionCosts, PupilKey, _Tally
from ._weeks import Week, weeks

__all__ = ["CostAccumulator", "provision_costs"]

By = str | tuple[str, ...] | None


def _maps(maps: ProvisionMap | Iterable[ProvisionMap]) -> dict[str, ProvisionMap]:
    found: dict[str, ProvisionMap] = {}
    for provision_map in (maps,) if isinstance(maps, ProvisionMap) else maps:
        key = provision_map.school_key
        if key in found and found[key] != provision_map:
            raise ValueError(
                f"two different provision maps for school {key or '(none)'!r}: give "
                "one map per school"
            )
        found[key] = provision_map
    return found


class CostAccumulator:
    """Costs the provision maps' groups pupil by pupil, as records are added.

    Args:
        maps: One school's map, or several schools' (one map per school).
        start: The first day of the period.
        end: The day after the period.
        by: A dimension name (see `COST_DIMENSIONS`), a tuple of names, or None.
        data_date: The last day the data know, if given: the period is clipped to
            it, and a record with a later event is refused. Without it the period is
            costed as asked, the future included (a map is also a plan).
        calendar: The school's terms, if given: weeks with no school day (the
            holidays) cost nothing. Without it every week from a group's start to
            its end is costed.

    Raises:
        ValueError: Two different maps name one school, or ``by`` names no
            dimension.
        ValidationError: The period is empty, or starts after ``data_date``.
    """

    def __init__(
        self,
        maps: ProvisionMap | Iterable[ProvisionMap],
        *,
        start: dt.date,
        end: dt.date,
        by: By = None,
        data_date: dt.date | None = None,
        calendar: SchoolCalendar | None = None,
    ) -> None:
        self._period, self._asked = counted_period(start, end, data_date)
        self._calendar = calendar
        self._maps = _maps(maps)
        self._by = by
        self._dimension: Dimension | None = None if by is None else cost_dimension(by)
        self._data_date = data_date
        self._tallies: dict[Hashable, _Tally] = {}
        self._seen: set[PupilKey] = set()
        self._records = 0
        self._latest: dt.date | None = None
        self._weeks: dict[tuple[str, str], tuple[Week, ...]] = {}
        self._groups_of: dict[PupilKey, list[tuple[ProvisionMap, ProvisionGroup]]] = {}
        for key, provision_map in self._maps.items():
            for group in provision_map.groups:
                for pupil_id in dict.fromkeys(m.pupil_id for m in group.members):
                    pairs = self._groups_of.setdefault((key, pupil_id), [])
                    pairs.append((provision_map, group))

    def _group_weeks(
        self, provision_map: ProvisionMap, group: ProvisionGroup
    ) -> tuple[Week, ...]:
        key = (provision_map.school_key, group.group_id)
        found = self._weeks.get(key)
        if found is None:
            period = self._period
            found = self._weeks[key] = weeks(
                provision_map, group, period.start, period.end, self._calendar
            )
        return found

    def _count_weeks(
        self,
        provision_map: ProvisionMap,
        group: ProvisionGroup,
        pupil_id: str | None,
        record: SupportRecord | None,
        tallies: dict[Hashable, _Tally],
    ) -> None:
        """Count a pupil's share of each week of a group they are in, or (pupil
        None) each week no pupil shared."""
        # Weeks that fall in the same groups, shared as many ways, are counted as
        # one run: a sum of exact fractions week by week would cost many times more.
        runs: dict[tuple[tuple[Hashable, ...], int], tuple[Line, int, Fraction]] = {}
        for week in self._group_weeks(provision_map, group):
            if pupil_id is None:
                if week.pupil_ids:
                    continue
                n = 1
            elif pupil_id in week.pupil_ids:
                n = len(week.pupil_ids)
            else:
                continue
            line = Line(
                provision_map=provision_map,
                group=group,
                week=week.starts_on,
                pupil_id=pupil_id,
                record=record,
                staff_cost=week.staff_cost,
                material_cost=week.material_cost,
            )
            keys = (None,) if self._dimension is None else tuple(self._dimension(line))
            run = runs.get((keys, n))
            if run is None:
                runs[(keys, n)] = (line, 1, week.material_cost)
            else:
                first, count, material = run
                if week.material_cost:
                    material += week.material_cost
                runs[(keys, n)] = (first, count + 1, material)
        for (keys, n), (first, count, material) in runs.items():
            line = first._replace(
                staff_cost=first.staff_cost * count / n,
                material_cost=material / n,
                weeks=count,
            )
            for key in keys:
                tally = tallies.get(key)
                if tally is None:
                    tally = tallies[key] = _Tally()
                tally.add(line)

    def _count_pupil(
        self,
        pupil: PupilKey,
        record: SupportRecord | None,
        tallies: dict[Hashable, _Tally],
    ) -> None:
        for provision_map, group in self._groups_of.get(pupil, ()):
            self._count_weeks(provision_map, group, pupil[1], record, tallies)

    def add(self, record: SupportRecord) -> Self:
        """Cost the pupil of one record; returns the accumulator, so calls chain.

        Raises:
            ValueError: The accumulator has read a record of this pupil already.
            ValidationError: The record has an event after ``data_date``.
        """
        last = record.state.last_event_on
        if self._data_date is not None and last > self._data_date:
            raise_event_after(self._data_date, last, record)
        school = record.pupil.school
        pupil = (school.key if school is not None else "", record.pupil.pupil_id)
        if pupil in self._seen:
            raise ValueError(
                f"pupil {pupil[1]!r} of school {pupil[0] or '(none)'!r} is read "
                "twice: give one record per pupil"
            )
        self._seen.add(pupil)
        self._records += 1
        if self._latest is None or last > self._latest:
            self._latest = last
        self._count_pupil(pupil, record, self._tallies)
        return self

    def add_all(self, records: Iterable[SupportRecord]) -> Self:
        """Cost the pupil of every record of an iterable, consuming it once."""
        for record in records:
            self.add(record)
        return self

    @property
    def settings(self) -> tuple[object, ...]:
        """What every part of one costing shares."""
        return (self._period, self._asked, self._by, self._data_date, self._calendar)

    def merge(self, other: CostAccumulator) -> Self:
        """Add another part's costs to this one.

        Raises:
            ValueError: The parts were made with other settings, hold different maps
                for one school, or both read a record of the same pupil.
        """
        if other.settings != self.settings:
            raise ValueError(
                "cannot merge costs made with different settings: "
                f"{self.settings} and {other.settings}"
            )
        maps = _maps([*self._maps.values(), *other._maps.values()])
        twice = self._seen & other._seen
        if twice:
            school, pupil_id = min(twice)
            raise ValueError(
                f"both parts read pupil {pupil_id!r} of school {school or '(none)'!r}"
            )
        for key, provision_map in maps.items():
            if key not in self._maps:
                self._maps[key] = provision_map
                for pupil, pairs in other._groups_of.items():
                    if pupil[0] == key:
                        self._groups_of[pupil] = pairs
        for group, tally in other._tallies.items():
            self._tallies.setdefault(group, _Tally()).merge(tally)
        self._seen |= other._seen
        self._records += other._records
        if other._latest is not None and (
            self._latest is None or other._latest > self._latest
        ):
            self._latest = other._latest
        return self

    @property
    def coverage(self) -> Coverage:
        """The records read, the data date and the period costed."""
        data_date = self._data_date if self._records else None
        return Coverage(
            records=self._records,
            data_date=data_date or self._latest,
            period=self._period,
            asked=self._asked,
        )

    def result(self) -> ProvisionCosts | CostsBy:
        """The costs, or the costs by group of the split when ``by`` was given.

        Pupils of the maps with no record, and weeks with no pupil, are costed now;
        the accumulator can go on reading records afterwards.
        """
        tallies = {key: tally.copy() for key, tally in self._tallies.items()}
        for pupil in self._groups_of:
            if pupil not in self._seen:
                self._count_pupil(pupil, None, tallies)
        for provision_map in self._maps.values():
            for group in provision_map.groups:
                self._count_weeks(provision_map, group, None, None, tallies)
        coverage = self.coverage
        if self._by is None:
            return tallies.get(None, _Tally()).summary(coverage, ProvisionCosts)
        settled: dict[Hashable, _Tally] = {}
        for key, tally in tallies.items():
            settled.setdefault(settle(key, coverage.data_date), _Tally()).merge(tally)
        return CostsBy(
            self._by,
            {
                key: tally.summary(coverage, ProvisionCosts)
                for key, tally in settled.items()
            },
            coverage,
        )


@overload
def provision_costs(
    maps: ProvisionMap | Iterable[ProvisionMap],
    records: Iterable[SupportRecord] = (),
    *,
    start: dt.date,
    end: dt.date,
    by: None = None,
    data_date: dt.date | None = None,
    calendar: SchoolCalendar | None = None,
) -> ProvisionCosts: ...
@overload
def provision_costs(
    maps: ProvisionMap | Iterable[ProvisionMap],
    records: Iterable[SupportRecord] = (),
    *,
    start: dt.date,
    end: dt.date,
    by: str | tuple[str, ...],
    data_date: dt.date | None = None,
    calendar: SchoolCalendar | None = None,
) -> CostsBy: ...
def provision_costs(
    maps: ProvisionMap | Iterable[ProvisionMap],
    records: Iterable[SupportRecord] = (),
    *,
    start: dt.date,
    end: dt.date,
    by: By = None,
    data_date: dt.date | None = None,
    calendar: SchoolCalendar | None = None,
) -> ProvisionCosts | CostsBy:
    """The costs of the maps' provision over [start, end), split by ``by`` if given.

    Args:
        maps: One school's map, or several schools' (one map per school).
        records: The schools' records, each pupil's once, consumed once; they say
            each pupil's need and year group. A record of a school with no map costs
            nothing.
        start: The first day of the period.
        end: The day after the period.
        by: A dimension name (see `COST_DIMENSIONS`) or a tuple of names; None for
            one summary.
        data_date: The last day the data know; see `CostAccumulator`.
        calendar: The school's terms, to leave the holidays out; see
            `CostAccumulator`.

    Raises:
        ValueError: Two maps name one school, a pupil's record is given twice, or
            ``by`` names no dimension.
        ValidationError: The period is empty or starts after ``data_date``, or a
            record has an event after it.
    """
    accumulator = CostAccumulator(
        maps, start=start, end=end, by=by, data_date=data_date, calendar=calendar
    )
    return accumulator.add_all(records).result()
