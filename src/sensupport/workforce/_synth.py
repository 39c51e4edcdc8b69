"""Training records for the sample's schools, deterministic for a seed, so the
bundled sample has a workforce beside its provision maps.

The distributions are plausible, not measured; `WORKFORCE_DISTRIBUTIONS` states each.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections import Counter
from collections.abc import Iterable

from ..codes import AreaOfNeed, NeedType
from ..metrics._dimensions import needs_on
from ..process.record import SupportRecord
from ..provision_groups import ProvisionMap
from ..qualifications import Qualification, QualificationKind, SencoAppointment
from ..staff import StaffRole
from ._training import (
    SencoPost,
    SensoryTeaching,
    StaffTraining,
    Training,
    TrainingKind,
    Workforce,
)

__all__ = ["WORKFORCE_DISTRIBUTIONS", "generate_workforces"]

_TRAINABLE = [t for t in NeedType if t not in (NeedType.NSA, NeedType.OTH)]

WORKFORCE_DISTRIBUTIONS: dict[str, str] = {
    "trainings": "each member of staff but bought-in specialists: 0-3 trainings, "
    "equally likely; a quarter cover a whole area of need, the rest one need type "
    "(any but NSA and OTH), equally likely",
    "dates": "completed 0-1,460 days before the data date, evenly; one training in "
    "five is a certificate that expires three years after",
    "SENCO": "the map's SENCO, appointed 100-2,000 days before the data date; "
    "appointed before September 2024: NASENCO awarded within three years two times "
    "in three, else not held; after: NPQSENCO begun the next September, if that "
    "is before the data date",
    "sensory teaching": "in the first school, the teacher of the class with most "
    "pupils with a hearing impairment, if any, is recorded as teaching a class of "
    "hearing-impaired pupils since that class began, studying for the MQ (an "
    "assumption, to show the check: a mainstream class with a deaf pupil is not such "
    "a class)",
}
"""Each distribution `generate_workforces` draws from."""


def _rng(seed: int, key: str) -> random.Random:
    digest = hashlib.sha256(f"{seed}:{key}:workforce".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def generate_workforces(
    maps: Iterable[ProvisionMap],
    records: Iterable[SupportRecord],
    *,
    on: dt.date,
    seed: int = 0,
) -> tuple[Workforce, ...]:
    """A workforce record for each provision map, as things stand on ``on``.

    Deterministic: the same maps, records, date and seed give the same records.
    """
    maps = tuple(maps)
    hearing: Counter[tuple[str, str]] = Counter()
    for record in records:
        school = record.pupil.school
        key = school.key if school is not None else ""
        if any(n.need_type is NeedType.HI for n in needs_on(record, on)):
            hearing[(key, record.pupil.pupil_id)] += 1
    found = []
    for index, provision_map in enumerate(maps):
        rng = _rng(seed, provision_map.school_key)
        trainings = [
            StaffTraining(staff_id=s.staff_id, trainings=_trainings(rng, on))
            for s in provision_map.staff
            if s.role is not StaffRole.EXTERNAL_SPECIALIST
        ]
        senco = next(
            (s for s in provision_map.staff if s.role is StaffRole.SENCO), None
        )
        post = None
        if senco is not None:
            post, held = _senco(rng, senco.staff_id, provision_map, on)
            trainings = [
                StaffTraining(
                    staff_id=t.staff_id, trainings=t.trainings, qualifications=held
                )
                if t.staff_id == senco.staff_id
                else t
                for t in trainings
            ]
        sensory: tuple[SensoryTeaching, ...] = ()
        if index == 0:
            sensory, held_by = _sensory(provision_map, hearing, on)
            trainings = [
                StaffTraining(
                    staff_id=t.staff_id,
                    trainings=t.trainings,
                    qualifications=t.qualifications + held_by.get(t.staff_id, ()),
                )
                for t in trainings
            ]
        found.append(
            Workforce(
                school=provision_map.school,
                staff_training=tuple(trainings),
                senco=post,
                sensory_teaching=sensory,
            )
        )
    return tuple(found)


def _trainings(rng: random.Random, on: dt.date) -> tuple[Training, ...]:
    found = []
    for i in range(rng.randint(0, 3)):
        completed = on - dt.timedelta(days=rng.randint(0, 1_460))
        expires = None
        kind = TrainingKind.COURSE
        if rng.random() < 0.2:
            kind = TrainingKind.CERTIFICATE
            expires = completed.replace(year=completed.year + 3, day=1)
        if rng.random() < 0.25:
            area = rng.choice(list(AreaOfNeed))
            found.append(
                Training(
                    training_id=f"TR{i + 1}",
                    title=f"{area.description}: whole-area course",
                    completed_on=completed,
                    kind=kind,
                    areas=(area,),
                    expires_on=expires,
                )
            )
        else:
            need = rng.choice(_TRAINABLE)
            found.append(
                Training(
                    training_id=f"TR{i + 1}",
                    title=f"{need.description}: course",
                    completed_on=completed,
                    kind=kind,
                    need_types=(need,),
                    expires_on=expires,
                )
            )
    return tuple(found)


def _senco(
    rng: random.Random, staff_id: str, provision_map: ProvisionMap, on: dt.date
) -> tuple[SencoPost, tuple[Qualification, ...]]:
    appointed = on - dt.timedelta(days=rng.randint(100, 2_000))
    school = provision_map.school.name if provision_map.school else "the school"
    post = SencoPost(
        staff_id=staff_id,
        appointment=SencoAppointment(appointed_on=appointed, school=school or "-"),
    )
    if appointed < dt.date(2024, 9, 1):
        if rng.random() < 2 / 3:
            begun = dt.date(appointed.year + (appointed.month >= 9), 9, 1)
            awarded = begun + dt.timedelta(days=rng.randint(300, 700))
            if awarded <= on:
                award = Qualification(
                    kind=QualificationKind.NASENCO,
                    course_started_on=begun,
                    awarded_on=awarded,
                )
                return post, (award,)
        return post, ()
    begun = dt.date(appointed.year + (appointed.month >= 9), 9, 1)
    if begun > on:
        return post, ()
    study = Qualification(kind=QualificationKind.NPQSENCO, course_started_on=begun)
    return post, (study,)


def _sensory(
    provision_map: ProvisionMap, hearing: Counter[tuple[str, str]], on: dt.date
) -> tuple[tuple[SensoryTeaching, ...], dict[str, tuple[Qualification, ...]]]:
    key = provision_map.school_key
    best, most = None, 0
    for school_class in provision_map.classes:
        if school_class.teacher_id is None:
            continue
        count = sum(hearing[(key, p)] for p in school_class.members_on(on))
        if count > most:
            best, most = school_class, count
    if best is None or best.teacher_id is None:
        return (), {}
    since = best.starts_on or on
    teaching = SensoryTeaching(
        staff_id=best.teacher_id, need_type=NeedType.HI, since=since
    )
    studying = Qualification(
        kind=QualificationKind.MQ_HEARING_IMPAIRMENT, course_started_on=since
    )
    return (teaching,), {best.teacher_id: (studying,)}
