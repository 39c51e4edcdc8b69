"""Need by class, for deploying staff: which classes have most need per TA hour.

For each class on a date: its pupils, those on SEN support (K) and with EHC plans
(E) as their records stand that day, their primary needs by area and type, the
provision its pupils receive in class and out of it (minutes a week of the groups
running that day), and the TA time allocated to it. Each school's classes are
ranked by need per TA hour, most first, since a school deploys its own staff; a
class with need and no TA time comes first of all.

*Need* is a weighted count of the pupils with SEN: by default each pupil on SEN
support or with an EHC plan counts 1. A school that judges otherwise sets the
weights (``{"K": 1, "E": 2}`` counts an EHC plan twice).

>>> import datetime as dt
>>> from sensupport.synth import load_sample, load_sample_provision_maps
>>> need = class_need_map(load_sample_provision_maps(), load_sample(),
...                       on=dt.date(2026, 3, 2))
>>> first = need.classes[0]
>>> first.need_per_ta_hour is None or first.need_per_ta_hour >= need.classes[1].need_per_ta_hour
True
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Self

import attrs

from ..codes import SenProvision
from ..metrics._dimensions import needs_on
from ..needs import primary_need
from ..process.record import SupportRecord
from ..provision_groups import ProvisionMap
from ._costs import _maps

__all__ = ["ClassNeed", "ClassNeedAccumulator", "ClassNeedMap", "class_need_map"]

_SEN = (SenProvision.SEN_SUPPORT, SenProvision.EHC_PLAN)
DEFAULT_WEIGHTS: Mapping[str, int] = {"K": 1, "E": 1}
"""Each pupil on SEN support (K) or with an EHC plan (E) counts 1."""


@attrs.frozen(kw_only=True)
class ClassNeed:
    """One class's need on a date, its provision and its TA time.

    ``areas`` and ``need_types`` count the primary needs of its pupils with SEN
    (``none`` where no need is recorded); minutes are a week's.
    """

    school: str
    class_id: str
    name: str
    year_group: str | None
    teacher_id: str | None
    pupils: int
    sen_support: int
    ehc_plan: int
    areas: tuple[tuple[str, int], ...]
    need_types: tuple[tuple[str, int], ...]
    in_class_minutes: int
    out_of_class_minutes: int
    ta_minutes_per_week: int
    need: int

    @property
    def need_per_ta_hour(self) -> Fraction | None:
        """Need for each hour a week of TA time; None for a class with no TA time."""
        if not self.ta_minutes_per_week:
            return None
        return Fraction(self.need * 60, self.ta_minutes_per_week)

    def to_row(self) -> dict[str, object]:
        per_hour = self.need_per_ta_hour
        # What a deployment decision reads first, first.
        return {
            "school": self.school,
            "class_id": self.class_id,
            "need": self.need,
            "ta_hours_per_week": self.ta_minutes_per_week / 60,
            "need_per_ta_hour": float(per_hour) if per_hour is not None else None,
            "pupils": self.pupils,
            "sen_support": self.sen_support,
            "ehc_plan": self.ehc_plan,
            "in_class_hours": self.in_class_minutes / 60,
            "out_of_class_hours": self.out_of_class_minutes / 60,
            "areas": "; ".join(f"{a} {n}" for a, n in self.areas),
            "name": self.name,
            "year_group": self.year_group,
        }

    def __str__(self) -> str:
        per_hour = self.need_per_ta_hour
        rate = (
            "no TA time"
            if per_hour is None
            else f"{float(per_hour):.2f} need a TA hour"
        )
        label = self.class_id + (f" {self.name}" if self.name else "")
        return (
            f"{label}: need {self.need} ({self.sen_support} K, {self.ehc_plan} E of "
            f"{self.pupils} pupils); TA {self.ta_minutes_per_week / 60:.1f} hours a "
            f"week, {rate}; provision {self.in_class_minutes} min in class, "
            f"{self.out_of_class_minutes} min out of class a week"
        )


def _rank(c: ClassNeed) -> tuple[object, ...]:
    per_hour = c.need_per_ta_hour
    if per_hour is None:
        band = 0 if c.need else 2
        return (c.school, band, 0, -c.need, c.class_id)
    return (c.school, 1, -per_hour, -c.need, c.class_id)


@attrs.frozen(kw_only=True)
class ClassNeedMap:
    """The classes of one or more schools on a date, each school's ranked by need
    per TA hour (schools in order of their key).

    ``unplaced`` counts pupils with SEN in a mapped school who are in no class on
    the date: their need is not in any class's figure.
    """

    on: dt.date
    weights: tuple[tuple[str, int], ...]
    classes: tuple[ClassNeed, ...]
    unplaced: int
    records: int

    def ranks(self) -> list[int]:
        """Each class's rank within its school, in the order of `classes`."""
        found, seen = [], Counter[str]()
        for c in self.classes:
            seen[c.school] += 1
            found.append(seen[c.school])
        return found

    def to_rows(self) -> list[dict[str, object]]:
        """A row per class, ranked within its school, with its rank."""
        return [
            {"rank": rank, **c.to_row()}
            for rank, c in zip(self.ranks(), self.classes, strict=True)
        ]

    def __str__(self) -> str:
        lines = [f"Classes by need per TA hour on {self.on.isoformat()}:"]
        several = len({c.school for c in self.classes}) > 1
        for rank, c in zip(self.ranks(), self.classes, strict=True):
            if several and rank == 1:
                lines.append(f" School {c.school or '(none)'}:")
            lines.append(f"  {rank}. {c}")
        if not self.classes:
            lines.append("  no classes in the map")
        if self.unplaced:
            lines.append(
                f"  {self.unplaced} pupils with SEN are in no class on the date."
            )
        return "\n".join(lines)


class ClassNeedAccumulator:
    """Counts pupils' need into their classes, record by record; parts merge.

    Raises:
        ValueError: Two different maps name one school, or a weight is not for K
            or E.
    """

    def __init__(
        self,
        maps: ProvisionMap | Iterable[ProvisionMap],
        *,
        on: dt.date,
        weights: Mapping[str, int] = DEFAULT_WEIGHTS,
    ) -> None:
        unknown = set(weights) - {"K", "E"}
        if unknown:
            raise ValueError(f"weights are for K and E, not {sorted(unknown)}")
        self._maps = _maps(maps)
        self.on = on
        self._weights = tuple(sorted(weights.items()))
        self._counts: dict[tuple[str, str], Counter[str]] = {}
        self._unplaced = 0
        self._records = 0

    @property
    def settings(self) -> tuple[object, ...]:
        return (self.on, self._weights)

    def add(self, record: SupportRecord) -> Self:
        """Count one record's pupil into their classes on the date."""
        self._records += 1
        school = record.pupil.school
        key = school.key if school is not None else ""
        provision_map = self._maps.get(key)
        if provision_map is None:
            return self
        sen = record.provision_on(self.on)
        if sen not in _SEN:
            return self
        need = primary_need(needs_on(record, self.on))
        area = need.area.value if need is not None and need.area else "none"
        need_type = need.need_type.value if need is not None else "none"
        classes = provision_map.classes_of(record.pupil.pupil_id, self.on)
        if not classes:
            self._unplaced += 1
        for school_class in classes:
            counts = self._counts.setdefault((key, school_class.class_id), Counter())
            counts[sen.value] += 1
            counts[f"area:{area}"] += 1
            counts[f"type:{need_type}"] += 1
        return self

    def add_all(self, records: Iterable[SupportRecord]) -> Self:
        """Count every record of an iterable, consuming it once."""
        for record in records:
            self.add(record)
        return self

    def merge(self, other: ClassNeedAccumulator) -> Self:
        """Add another part's counts to this one.

        Raises:
            ValueError: The parts count another date or weights, or hold different
                maps for one school.
        """
        if other.settings != self.settings:
            raise ValueError(
                f"cannot merge class need counted with other settings: "
                f"{self.settings} and {other.settings}"
            )
        self._maps = _maps([*self._maps.values(), *other._maps.values()])
        for key, counts in other._counts.items():
            self._counts.setdefault(key, Counter()).update(counts)
        self._unplaced += other._unplaced
        self._records += other._records
        return self

    def result(self) -> ClassNeedMap:
        """Every class of the maps, ranked."""
        weights = dict(self._weights)
        found = []
        for key, provision_map in self._maps.items():
            minutes = _provision_minutes(provision_map, self.on)
            for c in provision_map.classes:
                counts = self._counts.get((key, c.class_id), Counter())
                members = c.members_on(self.on)
                found.append(
                    ClassNeed(
                        school=key,
                        class_id=c.class_id,
                        name=c.name,
                        year_group=c.year_group.value if c.year_group else None,
                        teacher_id=c.teacher_id,
                        pupils=len(members),
                        sen_support=counts["K"],
                        ehc_plan=counts["E"],
                        areas=_split(counts, "area:"),
                        need_types=_split(counts, "type:"),
                        in_class_minutes=sum(minutes[p][0] for p in members),
                        out_of_class_minutes=sum(minutes[p][1] for p in members),
                        ta_minutes_per_week=c.ta_minutes_per_week,
                        need=weights.get("K", 0) * counts["K"]
                        + weights.get("E", 0) * counts["E"],
                    )
                )
        return ClassNeedMap(
            on=self.on,
            weights=self._weights,
            classes=tuple(sorted(found, key=_rank)),
            unplaced=self._unplaced,
            records=self._records,
        )


def _split(counts: Counter[str], prefix: str) -> tuple[tuple[str, int], ...]:
    return tuple(
        sorted(
            (
                (k.removeprefix(prefix), n)
                for k, n in counts.items()
                if k.startswith(prefix)
            ),
            key=lambda kv: (-kv[1], kv[0]),
        )
    )


def _provision_minutes(
    provision_map: ProvisionMap, on: dt.date
) -> dict[str, tuple[int, int]]:
    """Each pupil's minutes a week in groups running on ``on``: (in class, out);
    (0, 0) for a pupil in none."""
    found: dict[str, list[int]] = {}
    for group in provision_map.groups:
        if not group.runs_on(on):
            continue
        for pupil_id in {m.pupil_id for m in group.members if m.belongs(on, on)}:
            minutes = found.setdefault(pupil_id, [0, 0])
            minutes[0 if group.in_class else 1] += group.minutes_per_week
    return _Minutes({p: (m[0], m[1]) for p, m in found.items()})


class _Minutes(dict[str, tuple[int, int]]):
    """Minutes by pupil; a pupil in no group has none."""

    def __missing__(self, key: str) -> tuple[int, int]:
        return (0, 0)


def class_need_map(
    maps: ProvisionMap | Iterable[ProvisionMap],
    records: Iterable[SupportRecord],
    *,
    on: dt.date,
    weights: Mapping[str, int] = DEFAULT_WEIGHTS,
) -> ClassNeedMap:
    """Every class of the maps on ``on``, ranked by need per TA hour.

    Args:
        maps: One school's map or several schools'.
        records: The schools' records, consumed once: they say who is on SEN
            support or has an EHC plan on the date, and their primary need.
        on: The date.
        weights: What a pupil on SEN support (``K``) and with an EHC plan (``E``)
            each count towards need.

    Raises:
        ValueError: Two maps name one school, or a weight is not for K or E.
    """
    accumulator = ClassNeedAccumulator(maps, on=on, weights=weights)
    return accumulator.add_all(records).result()
