"""CPD planned from the needs on roll: who serves which needs, untrained.

Schools mostly plan SEND training from "the identified needs of children on roll"
(UCL IOE, 2019), but reactively and by hand. `cpd_needs_analysis` does it from the
data on a date:

1. the needs on roll: each pupil on SEN support (K) or with an EHC plan (E) on the
   date, with each need of their register (primary and secondary), by census need
   type and by Code of Practice area;
2. who teaches or supports them: the teachers of their classes that day, and the
   staff of the provision groups they are in that day (the provision map);
3. the gaps: a member of staff who serves pupils with a need type, or an area, and
   holds no current training that covers it (`Training.covers`);
4. a proposed plan: a row per member of staff and need type they lack, with the
   pupils it serves, ranked by the pupils affected.

Pupils are *weighted* by how their need ranks: by default a pupil whose primary
need it is counts 1 and one with it as a secondary need counts one half; a pupil
counts once per need type or area, at their highest weight in it. A pupil with no
specialist assessment of their need (NSA) has no need type to train for: they are
counted apart (``unassessed``).

>>> import datetime as dt
>>> from sensupport.synth import load_sample, load_sample_provision_maps
>>> from sensupport.synth import load_sample_workforces
>>> maps = load_sample_provision_maps()
>>> found = cpd_needs_analysis(maps[0], load_sample_workforces()[0], load_sample(),
...                            on=dt.date(2026, 3, 2))
>>> found.plan[0].weighted >= found.plan[-1].weighted
True
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Self

import attrs

from ..codes import AreaOfNeed, NeedType, SenProvision
from ..errors import Problem, ValidationError
from ..metrics._dimensions import needs_on
from ..process.record import SupportRecord
from ..provision_groups import ProvisionMap
from ..staff import StaffRole
from ._training import Workforce

__all__ = [
    "DEFAULT_NEED_WEIGHTS",
    "CpdAccumulator",
    "CpdGap",
    "CpdNeedsAnalysis",
    "NeedOnRoll",
    "check_staff",
    "cpd_needs_analysis",
]

Topic = NeedType | AreaOfNeed

DEFAULT_NEED_WEIGHTS: Mapping[str, Fraction] = {
    "primary": Fraction(1),
    "secondary": Fraction(1, 2),
}
"""A pupil counts 1 for their primary need, one half for each secondary need."""

_SEN = (SenProvision.SEN_SUPPORT, SenProvision.EHC_PLAN)


@attrs.frozen(kw_only=True)
class NeedOnRoll:
    """One need type or area on roll, and the staff who serve its pupils.

    ``pupils`` counts the pupils with it, ``primary`` those whose primary need it
    is, ``weighted`` the weighted count; ``served_by`` lists the staff who teach or
    support them, split into ``trained`` and ``untrained``.
    """

    topic: Topic
    pupils: int
    primary: int
    weighted: Fraction
    served_by: tuple[str, ...]
    trained: tuple[str, ...]
    untrained: tuple[str, ...]

    def to_row(self) -> dict[str, object]:
        return {
            "need": self.topic.value,
            "description": self.topic.description,
            "pupils": self.pupils,
            "primary": self.primary,
            "weighted": float(self.weighted),
            "staff": len(self.served_by),
            "trained": len(self.trained),
            "untrained": "; ".join(self.untrained),
        }


@attrs.frozen(kw_only=True)
class CpdGap:
    """A member of staff who serves pupils with a need, untrained in it: one row of
    the proposed CPD plan (who, what, why).

    ``pupils`` are the ids of the pupils they serve with the need (the why);
    ``weighted`` their weighted count.
    """

    staff_id: str
    role: StaffRole
    topic: Topic
    pupils: tuple[str, ...]
    weighted: Fraction

    def to_row(self) -> dict[str, object]:
        return {
            "who": self.staff_id,
            "role": self.role.value,
            "what": f"{self.topic.description} ({self.topic.value})",
            "why": f"{len(self.pupils)} pupils: " + ", ".join(self.pupils),
            "weighted": float(self.weighted),
        }


@attrs.frozen(kw_only=True)
class CpdNeedsAnalysis:
    """A school's CPD needs analysis on a date.

    Attributes:
        school: The school's `School.key` (``""`` for none).
        on: The date.
        need_types: Each need type on roll, most weighted first.
        areas: Each area on roll, most weighted first.
        gaps: Every untrained member of staff for a need type or an area they
            serve, most weighted first.
        plan: The proposed plan: the gaps by need type, a row each (who, what,
            why), most weighted first.
        unassessed: Pupils with SEN whose need is recorded as NSA, or not at all.
        unserved: Pupils with SEN whom no class teacher or group serves that day.
        records: Records of the school read; ``elsewhere`` those of other schools.
    """

    school: str
    on: dt.date
    need_types: tuple[NeedOnRoll, ...]
    areas: tuple[NeedOnRoll, ...]
    gaps: tuple[CpdGap, ...]
    plan: tuple[CpdGap, ...]
    unassessed: int
    unserved: int
    records: int
    elsewhere: int

    def plan_rows(self) -> list[dict[str, object]]:
        """The proposed plan as rows: who, what, why."""
        return [gap.to_row() for gap in self.plan]

    def __str__(self) -> str:
        lines = [f"CPD needs analysis on {self.on.isoformat()}:"]
        for need in (*self.areas, *self.need_types):
            lines.append(
                f"  {need.topic.description}: {need.pupils} pupils "
                f"({need.primary} primary), {len(need.trained)} of "
                f"{len(need.served_by)} staff serving them trained"
            )
        lines.append("Proposed CPD (who, what, why):")
        lines += [
            f"  {g.staff_id} ({g.role.value}): {g.topic.description}, for "
            f"{len(g.pupils)} pupils"
            for g in self.plan
        ]
        if not self.plan:
            lines.append("  none: every member of staff is trained in the needs served")
        return "\n".join(lines)


def cpd_needs_analysis(
    provision_map: ProvisionMap,
    workforce: Workforce,
    records: Iterable[SupportRecord],
    *,
    on: dt.date,
    weights: Mapping[str, Fraction | int] = DEFAULT_NEED_WEIGHTS,
) -> CpdNeedsAnalysis:
    """The needs on roll on ``on``, who serves them untrained, and a CPD plan.

    Args:
        provision_map: The school's map: its staff, classes and groups.
        workforce: The school's training records.
        records: Support records; those of other schools are counted apart.
        on: The date.
        weights: ``primary`` and ``secondary``: what a pupil counts for a need.

    Raises:
        ValidationError: The workforce is another school's, or names staff the
            provision map does not hold.
        ValueError: ``weights`` are not a ``primary`` and a ``secondary`` weight of
            0 or more.
    """
    counts = CpdAccumulator(provision_map, workforce, on=on, weights=weights)
    return counts.add_all(records).result()


class CpdAccumulator:
    """Counts the needs on roll record by record, for `cpd_needs_analysis`; parts
    merge, so a cohort counted in partitions gives the analysis of the whole.

    Raises:
        ValidationError: The workforce is another school's, or names staff the
            provision map does not hold.
        ValueError: The weights are not a ``primary`` and a ``secondary`` weight.
    """

    def __init__(
        self,
        provision_map: ProvisionMap,
        workforce: Workforce,
        *,
        on: dt.date,
        weights: Mapping[str, Fraction | int] = DEFAULT_NEED_WEIGHTS,
    ) -> None:
        self._weights = _weights(weights)
        check_staff(provision_map, workforce)
        self._map, self._workforce, self.on = provision_map, workforce, on
        self._serves = _served(provision_map, on)
        # topic -> pupil -> (weight, primary?)
        self._found: dict[Topic, dict[str, tuple[Fraction, bool]]] = {}
        self._unassessed = self._unserved = self._records = self._elsewhere = 0

    @property
    def settings(self) -> tuple[object, ...]:
        return (self._map, self._workforce, self.on, self._weights)

    def add(self, record: SupportRecord) -> Self:
        """Count one record's pupil, if of the school and with SEN on the date."""
        school = record.pupil.school
        if (school.key if school is not None else "") != self._map.school_key:
            self._elsewhere += 1
            return self
        self._records += 1
        if record.provision_on(self.on) not in _SEN:
            return self
        pupil = record.pupil.pupil_id
        self._unserved += pupil not in self._serves
        needs = [
            n for n in needs_on(record, self.on) if n.need_type is not NeedType.NSA
        ]
        self._unassessed += not needs
        for need in needs:
            primary = need.rank == 1
            weight = self._weights[0] if primary else self._weights[1]
            topics: list[Topic] = [need.need_type]
            if need.area is not None:
                topics.append(need.area)
            for topic in topics:
                _keep(self._found.setdefault(topic, {}), pupil, (weight, primary))
        return self

    def add_all(self, records: Iterable[SupportRecord]) -> Self:
        """Count every record of an iterable, consuming it once."""
        for record in records:
            self.add(record)
        return self

    def merge(self, other: CpdAccumulator) -> Self:
        """Add another part's counts to this one.

        Raises:
            ValueError: The parts count another school, date or weights.
        """
        if other.settings != self.settings:
            raise ValueError(
                "cannot merge CPD needs counted for another school, date or weights"
            )
        for topic, pupils in other._found.items():
            mine = self._found.setdefault(topic, {})
            for pupil, weight in pupils.items():
                _keep(mine, pupil, weight)
        self._unassessed += other._unassessed
        self._unserved += other._unserved
        self._records += other._records
        self._elsewhere += other._elsewhere
        return self

    def result(self) -> CpdNeedsAnalysis:
        """The analysis of everything counted so far."""
        rows: dict[Topic, NeedOnRoll] = {}
        gaps: list[CpdGap] = []
        for topic, pupils in self._found.items():
            by_staff: dict[str, list[str]] = defaultdict(list)
            for pupil in sorted(pupils):
                for staff_id in self._serves.get(pupil, ()):
                    by_staff[staff_id].append(pupil)
            served = sorted(by_staff)
            trained = [s for s in served if self._trained(s, topic)]
            untrained = [s for s in served if s not in trained]
            rows[topic] = NeedOnRoll(
                topic=topic,
                pupils=len(pupils),
                primary=sum(primary for _, primary in pupils.values()),
                weighted=sum((w for w, _ in pupils.values()), Fraction(0)),
                served_by=tuple(served),
                trained=tuple(trained),
                untrained=tuple(untrained),
            )
            gaps += [
                CpdGap(
                    staff_id=s,
                    role=self._map.staff_member(s).role,
                    topic=topic,
                    pupils=tuple(by_staff[s]),
                    weighted=sum((pupils[p][0] for p in by_staff[s]), Fraction(0)),
                )
                for s in untrained
            ]
        gaps.sort(key=_gap_order)
        return CpdNeedsAnalysis(
            school=self._map.school_key,
            on=self.on,
            need_types=_ranked(r for t, r in rows.items() if isinstance(t, NeedType)),
            areas=_ranked(r for t, r in rows.items() if isinstance(t, AreaOfNeed)),
            gaps=tuple(gaps),
            plan=tuple(g for g in gaps if isinstance(g.topic, NeedType)),
            unassessed=self._unassessed,
            unserved=self._unserved,
            records=self._records,
            elsewhere=self._elsewhere,
        )

    def _trained(self, staff_id: str, topic: Topic) -> bool:
        record = self._workforce.training_of(staff_id)
        return any(t.covers(topic, on=self.on) for t in record.trainings)


def _keep(
    pupils: dict[str, tuple[Fraction, bool]], pupil: str, weight: tuple[Fraction, bool]
) -> None:
    # A pupil counts once for a topic, at their highest weight in it.
    held = pupils.get(pupil)
    if held is None or weight > held:
        pupils[pupil] = weight


def check_staff(provision_map: ProvisionMap, workforce: Workforce) -> None:
    """Refuse a workforce record of another school, or naming unknown staff.

    Raises:
        ValidationError: ``workforce.school`` or ``workforce.unknown_staff``.
    """
    problems = []
    if workforce.school_key != provision_map.school_key:
        problems.append(
            Problem(
                code="workforce.school",
                path="school",
                message=f"the workforce record is for school "
                f"{workforce.school_key or '(none)'!r}, the provision map for "
                f"{provision_map.school_key or '(none)'!r}",
            )
        )
    known = {s.staff_id for s in provision_map.staff}
    problems += [
        Problem(
            code="workforce.unknown_staff",
            path=path,
            message=f"the workforce record names staff {staff_id!r}, whom the "
            "provision map's staff do not include",
        )
        for path, staff_id in workforce.staff_ids()
        if staff_id not in known
    ]
    if problems:
        raise ValidationError(problems, summary="invalid Workforce")


def _weights(weights: Mapping[str, Fraction | int]) -> tuple[Fraction, Fraction]:
    if set(weights) != {"primary", "secondary"} or any(
        not isinstance(w, int | Fraction) or w < 0 for w in weights.values()
    ):
        raise ValueError(
            "weights are a 'primary' and a 'secondary' weight, each a whole number "
            f"or Fraction of 0 or more, not {dict(weights)!r}"
        )
    return Fraction(weights["primary"]), Fraction(weights["secondary"])


def _served(provision_map: ProvisionMap, on: dt.date) -> dict[str, set[str]]:
    """Each pupil's staff on ``on``: class teachers and provision group staff."""
    found: dict[str, set[str]] = defaultdict(set)
    for school_class in provision_map.classes:
        if school_class.teacher_id is not None:
            for pupil in school_class.members_on(on):
                found[pupil].add(school_class.teacher_id)
    for group in provision_map.groups:
        if group.runs_on(on):
            for member in group.members:
                if member.belongs(on, on):
                    found[member.pupil_id].update(group.staff_ids)
    return found


def _ranked(rows: Iterable[NeedOnRoll]) -> tuple[NeedOnRoll, ...]:
    return tuple(sorted(rows, key=lambda r: (-r.weighted, -r.pupils, r.topic.value)))


def _gap_order(gap: CpdGap) -> tuple[object, ...]:
    return (-gap.weighted, -len(gap.pupils), gap.staff_id, gap.topic.value)
