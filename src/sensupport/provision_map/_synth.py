"""Staff, classes and provision groups for a synthetic cohort, deterministic for a
seed, so the bundled sample has a provision map without changing its records.

Every group is built from the records: the interventions their plans name, the
extra support of pupils on their way to (or with) an EHC plan, and the therapy that
follows a speech and language therapist's advice. Pupils not on the SEN register
fill classes and intervention groups, since schools teach them together. The
distributions are plausible, not exact; `PROVISION_DISTRIBUTIONS` states each.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import random
from collections.abc import Iterable

from ..calendar import school_year_bounds, school_year_of
from ..classes import ClassMember, SchoolClass
from ..codes import EndReason, Role, YearGroup
from ..plans import Provision
from ..process import events as ev
from ..process.record import SupportRecord
from ..provision_groups import (
    CostBasis,
    GroupMember,
    MaterialCost,
    ProvisionGroup,
    ProvisionMap,
)
from ..schools import School
from ..staff import StaffMember, StaffRole

__all__ = ["PROVISION_DISTRIBUTIONS", "generate_provision_maps"]

_DAY = dt.timedelta(days=1)
# Hourly costs in pence, pay and on-costs together: (lowest, highest).
_HOURLY = {
    StaffRole.TEACHER: (3_600, 5_200),
    StaffRole.SENCO: (4_400, 5_600),
    StaffRole.HLTA: (1_900, 2_300),
    StaffRole.TEACHING_ASSISTANT: (1_500, 2_000),
    StaffRole.LEARNING_SUPPORT_ASSISTANT: (1_500, 2_000),
    StaffRole.EXTERNAL_SPECIALIST: (6_000, 9_000),
}
_MATERIALS = {
    "Lexia": ("Lexia licence", 4_500, CostBasis.PER_TERM),
    "Accelerated Reader": ("Accelerated Reader licence", 3_000, CostBasis.PER_TERM),
    "Lego therapy": ("Lego sets", 6_000, CostBasis.ONE_OFF),
    "Sensory circuit": ("Circuit equipment", 9_000, CostBasis.ONE_OFF),
    "Fine motor skills": ("Fine motor kit", 2_500, CostBasis.ONE_OFF),
    "Talk Boost": ("Talk Boost pack", 4_000, CostBasis.ONE_OFF),
}
_YEARS: list[YearGroup] = [y for y in YearGroup if y is not YearGroup.X]
_SEN_PER_CLASS = 8
_MAX_GROUP = 8

PROVISION_DISTRIBUTIONS: dict[str, str] = {
    "staff": "per school: a SENCO, a teacher for each class, two teaching "
    "assistants and one more for every 15 records, an HLTA, a learning support "
    "assistant, and a bought-in speech and language therapist",
    "hourly costs": "whole pence, pay and on-costs together, drawn evenly: "
    "teachers £36-£52, SENCO £44-£56, HLTA £19-£23, teaching and learning support "
    "assistants £15-£20, the therapist £60-£90 (an assumption: support staff are "
    "paid on the NJC pay spine, whose lowest point paid £11.59 an hour from April "
    "2023, and employers add National Insurance and pension)",
    "classes": "for each school year of the records, a class in each year group for "
    "every 8 of its pupils on the register or part of 8, filled to 27-30 with pupils "
    "not on it; a pupil who left the school is in their class until the day before",
    "TA time": "0, 5, 10, 15, 20 or 25 hours a week per class, equally likely (an "
    "assumption)",
    "groups": "each intervention a plan names is delivered in a group: pupils of a "
    "school starting the same intervention, of the same session length, in the same "
    "week share one, up to the group size of the first plan; the group is filled to "
    "that size (1-8) with pupils of the same class not on the register; six-week "
    "blocks, as the plans say",
    "staff of a group": "a teaching assistant (an HLTA one time in five), a "
    "learning support assistant or a teacher, as the plan says who delivers it",
    "materials": ", ".join(
        f"{name}: £{pence / 100:.0f} {'a term' if basis is CostBasis.PER_TERM else 'once'}"
        for name, (_, pence, basis) in _MATERIALS.items()
    )
    + " (an assumption)",
    "in-class support": "one-to-one in class from a request for an EHC needs "
    "assessment: 1-2 hours a day while it is assessed, 3-5 hours a day once a plan "
    "is issued, to the end of the data (the record of SEN support ends with the plan)",
    "therapy": "after a speech and language therapist's advice, six weekly 30-minute "
    "one-to-one sessions with the therapist",
}
"""Each distribution `generate_provision_maps` draws from, and its source."""


def _rng(seed: int, key: str) -> random.Random:
    digest = hashlib.sha256(f"{seed}:{key}:provision-map".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _monday(date: dt.date) -> dt.date:
    return date - dt.timedelta(days=date.weekday())


class _School:
    """One school's map, built up from its records."""

    def __init__(self, school: School | None, records: list[SupportRecord], seed: int):
        self.key = school.key if school is not None else ""
        self.school = school
        self.records = records
        self.rng = _rng(seed, self.key)
        self.data_date = max(r.state.last_event_on for r in records)
        self.staff: list[StaffMember] = []
        self.classes: list[SchoolClass] = []
        self.groups: list[ProvisionGroup] = []
        # (school year, pupil id) -> class; and each class's pupils not on the register.
        self.class_of: dict[tuple[int, str], SchoolClass] = {}
        self.others: dict[str, list[str]] = {}

    def hire(self, role: StaffRole, staff_id: str) -> str:
        low, high = _HOURLY[role]
        cost = self.rng.randint(low, high)
        self.staff.append(
            StaffMember(staff_id=staff_id, role=role, hourly_cost_pence=cost)
        )
        return staff_id

    def build_classes(self) -> None:
        first = min(r.opened_on for r in self.records)
        for year in range(school_year_of(first), school_year_of(self.data_date) + 1):
            start, after = school_year_bounds(year)
            by_year: dict[YearGroup, list[tuple[str, dt.date]]] = {}
            back = school_year_of(self.data_date) - year
            for record in self.records:
                pupil = record.pupil
                index = _YEARS.index(pupil.year_group) - back
                gone = record.ended_on
                if record.end_reason is not EndReason.LEFT_SCHOOL:
                    gone = None
                if index < 0 or (gone is not None and gone <= start):
                    continue  # not yet at the school, or left before the year
                last = after - _DAY if gone is None else min(after, gone) - _DAY
                on = _YEARS[index]
                by_year.setdefault(on, []).append((pupil.pupil_id, last))
            for group in sorted(by_year, key=list(YearGroup).index):
                self._classes_for(year, start, group, by_year[group])

    def _classes_for(
        self,
        year: int,
        start: dt.date,
        year_group: YearGroup,
        pupils: list[tuple[str, dt.date]],
    ) -> None:
        count = math.ceil(len(pupils) / _SEN_PER_CLASS)
        for index in range(count):
            class_id = f"{year}-{year_group.value}{'ABCDEFGH'[index]}"
            mine = pupils[index::count]
            size = self.rng.randint(27, 30)
            others = [f"{class_id}-{n:02d}" for n in range(1, size - len(mine) + 1)]
            teacher = self.hire(StaffRole.TEACHER, f"T-{class_id}")
            last_day = school_year_bounds(year)[1] - _DAY
            members = [
                ClassMember(pupil_id=p, left_on=None if last == last_day else last)
                for p, last in mine
            ] + [ClassMember(pupil_id=p) for p in others]
            school_class = SchoolClass(
                class_id=class_id,
                name=f"{year_group.description} {'ABCDEFGH'[index]}",
                year_group=year_group,
                teacher_id=teacher,
                ta_minutes_per_week=self.rng.choice([0, 5, 10, 15, 20, 25]) * 60,
                starts_on=start,
                ends_on=last_day,
                members=tuple(members),
            )
            self.classes.append(school_class)
            self.others[class_id] = others
            for p, _ in mine:
                self.class_of[(year, p)] = school_class

    def hire_support_staff(self) -> None:
        self.senco = self.hire(StaffRole.SENCO, "SENCO")
        self.tas = [
            self.hire(StaffRole.TEACHING_ASSISTANT, f"TA{n}")
            for n in range(1, 3 + len(self.records) // 15)
        ]
        self.hlta = self.hire(StaffRole.HLTA, "HLTA1")
        self.lsa = self.hire(StaffRole.LEARNING_SUPPORT_ASSISTANT, "LSA1")
        self.therapist = self.hire(StaffRole.EXTERNAL_SPECIALIST, "SALT1")

    def deliverer(self, role: Role, on: dt.date, pupil_id: str) -> str:
        if role is Role.TEACHER:
            school_class = self.class_of.get((school_year_of(on), pupil_id))
            if school_class is not None and school_class.teacher_id is not None:
                return school_class.teacher_id
            return self.senco
        if role is Role.LEARNING_SUPPORT_ASSISTANT:
            return self.lsa
        return self.hlta if self.rng.random() < 0.2 else self.rng.choice(self.tas)

    def interventions(self) -> None:
        """Pupils starting one intervention in one week share groups."""
        starts: dict[tuple[str, int, int, dt.date], list[tuple[str, Provision]]] = {}
        for record in self.records:
            for plan in record.plans:
                for p in plan.provisions:
                    if p.ends_on is None or p.sessions_per_week is None:
                        continue
                    assert p.minutes_per_session is not None  # given together
                    key = (
                        p.name,
                        p.minutes_per_session,
                        p.sessions_per_week,
                        _monday(p.starts_on),
                    )
                    found = starts.setdefault(key, [])
                    # A plan changed at review may name the same start again.
                    if all(pupil_id != record.pupil.pupil_id for pupil_id, _ in found):
                        found.append((record.pupil.pupil_id, p))
        for (name, minutes, sessions, _), found in sorted(starts.items()):
            size = max(1, min(found[0][1].group_size, _MAX_GROUP))
            for i in range(0, len(found), size):
                self._group(name, minutes, sessions, found[i : i + size], size)

    def _group(
        self,
        name: str,
        minutes: int,
        sessions: int,
        pupils: list[tuple[str, Provision]],
        size: int,
    ) -> None:
        group_id = f"G{len(self.groups) + 1:04d}"
        first = min(p.starts_on for _, p in pupils)
        last = max(p.ends_on or p.starts_on for _, p in pupils)
        lead_id, lead = pupils[0]
        # Dates only where a pupil's differ from the group's.
        members = [
            GroupMember(
                pupil_id=pupil_id,
                provision_id=p.provision_id,
                joined_on=None if p.starts_on == first else p.starts_on,
                left_on=None if p.ends_on == last else p.ends_on,
            )
            for pupil_id, p in pupils
        ]
        school_class = self.class_of.get((school_year_of(first), lead_id))
        if school_class is not None:
            others = self.others[school_class.class_id]
            taken = self.rng.sample(others, min(len(others), size - len(members)))
            members += [GroupMember(pupil_id=p) for p in taken]
        material = _MATERIALS.get(name)
        self.groups.append(
            ProvisionGroup(
                group_id=group_id,
                name=name,
                staff_ids=(self.deliverer(lead.delivered_by, first, lead_id),),
                starts_on=first,
                ends_on=last,
                sessions_per_week=sessions,
                minutes_per_session=minutes,
                area=lead.area,
                members=tuple(members),
                materials=(
                    (
                        MaterialCost(
                            description=material[0],
                            cost_pence=material[1],
                            basis=material[2],
                        ),
                    )
                    if material is not None
                    else ()
                ),
            )
        )

    def high_needs(self) -> None:
        """In-class support towards and with an EHC plan; therapy after advice."""
        for record in self.records:
            pupil_id = record.pupil.pupil_id
            end = min(record.ended_on or self.data_date, self.data_date)
            requested = next(record.events_of(ev.EHCNeedsAssessmentRequested), None)
            issued = next(record.events_of(ev.EHCPlanIssued), None)
            phases = []
            if requested is not None:
                until = issued.occurred_on - _DAY if issued is not None else end
                phases.append((requested.occurred_on, until, self.rng.randint(60, 120)))
            if issued is not None:
                # The record of SEN support ends with the plan; the support goes on.
                until = self.data_date
                phases.append((issued.occurred_on, until, self.rng.randint(180, 300)))
            for start, until, minutes in phases:
                if until < start:
                    continue
                self._support(pupil_id, start, until, minutes)
            for advice in record.events_of(ev.SpecialistAdviceReceived):
                if advice.specialist is Role.SPEECH_AND_LANGUAGE_THERAPIST:
                    start = _monday(advice.occurred_on) + dt.timedelta(days=7)
                    if start <= self.data_date:
                        self._therapy(pupil_id, start)

    def _support(
        self, pupil_id: str, start: dt.date, until: dt.date, minutes: int
    ) -> None:
        self.groups.append(
            ProvisionGroup(
                group_id=f"G{len(self.groups) + 1:04d}",
                name="In-class support",
                staff_ids=(self.rng.choice(self.tas),),
                starts_on=start,
                ends_on=until,
                sessions_per_week=5,
                minutes_per_session=minutes,
                in_class=True,
                members=(GroupMember(pupil_id=pupil_id),),
            )
        )

    def _therapy(self, pupil_id: str, start: dt.date) -> None:
        self.groups.append(
            ProvisionGroup(
                group_id=f"G{len(self.groups) + 1:04d}",
                name="Speech and language therapy",
                staff_ids=(self.therapist,),
                starts_on=start,
                ends_on=start + dt.timedelta(days=39),
                sessions_per_week=1,
                minutes_per_session=30,
                members=(GroupMember(pupil_id=pupil_id),),
            )
        )

    def provision_map(self) -> ProvisionMap:
        return ProvisionMap(
            school=self.school,
            staff=tuple(self.staff),
            classes=tuple(self.classes),
            groups=tuple(self.groups),
        )


def generate_provision_maps(
    records: Iterable[SupportRecord], *, seed: int = 0
) -> tuple[ProvisionMap, ...]:
    """A provision map for each school of the records, in order of `School.key`
    (records naming no school make a map naming none).

    Deterministic: the same records and seed give the same maps. Consumes the
    records once, holding them until the maps are made.
    """
    by_school: dict[str, tuple[School | None, list[SupportRecord]]] = {}
    for record in records:
        school = record.pupil.school
        key = school.key if school is not None else ""
        by_school.setdefault(key, (school, []))[1].append(record)
    maps = []
    for key in sorted(by_school):
        school, mine = by_school[key]
        built = _School(school, mine, seed)
        built.hire_support_staff()
        built.build_classes()
        built.interventions()
        built.high_needs()
        maps.append(built.provision_map())
    return tuple(maps)
