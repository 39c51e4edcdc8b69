"""What each member of staff is trained in, and who teaches classes of pupils with
sensory impairment: a school's workforce record.

Staff themselves are the provision map's (`sensupport.staff.StaffMember`): this
record names them by ``staff_id`` and adds what the map does not hold. Training is
tagged with the census need types and the Code of Practice areas it covers, so it
can be set against the needs on roll (`cpd_needs_analysis`).

>>> import datetime as dt
>>> from sensupport import AreaOfNeed, NeedType
>>> course = Training(training_id="C1", title="Precision teaching for dyslexia",
...                   completed_on=dt.date(2025, 10, 1), need_types=(NeedType.SPLD,))
>>> course.covers(NeedType.SPLD, on=dt.date(2026, 3, 2))
True
>>> course.covers(AreaOfNeed.COGNITION_AND_LEARNING, on=dt.date(2026, 3, 2))
True
>>> course.covers(NeedType.MLD, on=dt.date(2026, 3, 2))
False
"""

from __future__ import annotations

import datetime as dt

import attrs

from .._validation import Checked, Checks, distinct, not_blank, show, unique
from ..codes import AreaOfNeed, NeedType, _Code
from ..qualifications import Qualification, SencoAppointment
from ..schools import School

__all__ = [
    "SENSORY_NEEDS",
    "SencoPost",
    "SensoryTeaching",
    "StaffTraining",
    "Training",
    "TrainingKind",
    "Workforce",
]

SENSORY_NEEDS = (NeedType.HI, NeedType.VI, NeedType.MSI)
"""The need types whose classes' teachers need a mandatory qualification."""


class TrainingKind(_Code):
    """What kind of training a record is."""

    COURSE = "course", "A course or session"
    ACCREDITED = "accredited", "An accredited course or qualification"
    CERTIFICATE = "certificate", "A certificate that must be renewed (e.g. first aid)"


@attrs.frozen(kw_only=True)
class Training(Checked):
    """A course or qualification a member of staff completed.

    Args:
        training_id: The school's id for this record; unique for the person.
        title: What the training was.
        completed_on: When it was completed.
        kind: Course, accredited course, or renewable certificate.
        need_types: The census need types it covers.
        areas: The Code of Practice areas it covers as a whole.
        expires_on: The first day it no longer counts, where it expires.
        provider: Who gave it.

    A training covers a need type it names; it covers an area it names, or whose
    need types it names one of. It counts from ``completed_on`` until the day
    before ``expires_on``.

    Raises:
        ValidationError: A blank id or title, a need type or area listed twice, or
            an expiry on or before completion.
    """

    training_id: str
    title: str
    completed_on: dt.date
    kind: TrainingKind = TrainingKind.COURSE
    need_types: tuple[NeedType, ...] = ()
    areas: tuple[AreaOfNeed, ...] = ()
    expires_on: dt.date | None = None
    provider: str = ""

    def _check(self, checks: Checks) -> None:
        not_blank(checks, self.training_id, "training_id", "training")
        not_blank(checks, self.title, "title", "training")
        distinct(checks, self.need_types, "need_types", "training")
        distinct(checks, self.areas, "areas", "training")
        if self.expires_on is not None and self.expires_on <= self.completed_on:
            checks.add(
                "expires_on",
                "training.expires_before_completed",
                f"expires on {show(self.expires_on)}, not after it was completed on "
                f"{show(self.completed_on)}",
            )

    def current_on(self, on: dt.date) -> bool:
        """True when the training counts on ``on``: completed and not expired."""
        return self.completed_on <= on and (
            self.expires_on is None or on < self.expires_on
        )

    def covers(self, topic: NeedType | AreaOfNeed, *, on: dt.date) -> bool:
        """True when, on ``on``, the training counts and covers the need type or area."""
        if not self.current_on(on):
            return False
        if isinstance(topic, NeedType):
            return topic in self.need_types
        return topic in self.areas or any(t.area is topic for t in self.need_types)


@attrs.frozen(kw_only=True)
class StaffTraining(Checked):
    """One member of staff's training and qualifications.

    Args:
        staff_id: Their id in the provision map's staff.
        trainings: Courses and certificates completed.
        qualifications: Qualifications held or being studied for (the SENCO award,
            a mandatory qualification for sensory impairment).
    """

    staff_id: str
    trainings: tuple[Training, ...] = ()
    qualifications: tuple[Qualification, ...] = ()

    def _check(self, checks: Checks) -> None:
        not_blank(checks, self.staff_id, "staff_id", "staff_training")
        unique(checks, self.trainings, "training_id", "trainings", "staff_training")


@attrs.frozen(kw_only=True)
class SensoryTeaching(Checked):
    """A teacher who teaches a class of pupils with a sensory impairment.

    The Education (School Teachers' Qualifications) (England) Regulations 2003
    (SI 2003/1662) require a teacher of such a class to hold the mandatory
    qualification for it (regs. 6, 7 and 8); reg. 9 lets a teacher who is obtaining
    it teach such a class for at most three years in aggregate.

    Args:
        staff_id: The teacher's id in the provision map's staff.
        need_type: HI, VI or MSI: the impairment of the class's pupils.
        since: When they began teaching such classes here.
        months_before: Months spent teaching such classes before, elsewhere or
            earlier, which count towards the three years.
    """

    staff_id: str
    need_type: NeedType
    since: dt.date
    months_before: int = 0

    def _check(self, checks: Checks) -> None:
        not_blank(checks, self.staff_id, "staff_id", "sensory_teaching")
        if self.need_type not in SENSORY_NEEDS:
            checks.add(
                "need_type",
                "sensory_teaching.need_type",
                f"a mandatory qualification is for HI, VI or MSI, not "
                f"{show(self.need_type.value)}",
            )
        if self.months_before < 0:
            checks.add(
                "months_before",
                "sensory_teaching.months",
                f"months_before is 0 or more, not {self.months_before}",
            )


@attrs.frozen(kw_only=True)
class SencoPost(Checked):
    """Who is SENCO, and their appointment (`senco_qualification_status`)."""

    staff_id: str
    appointment: SencoAppointment

    def _check(self, checks: Checks) -> None:
        not_blank(checks, self.staff_id, "staff_id", "senco_post")


@attrs.frozen(kw_only=True)
class Workforce(Checked):
    """A school's workforce record: training, the SENCO, teachers of sensory classes.

    Args:
        school: The school, as its provision map and its pupils' records name it.
        staff_training: Each member of staff's training; at most one entry each.
        senco: The SENCO's post, if the school records it here.
        sensory_teaching: Teachers of classes of pupils with sensory impairment.

    Every id it names must be in the school's provision map, which
    `cpd_needs_analysis` and `workforce_compliance` check.

    Raises:
        ValidationError: A member of staff has two training entries, or a teacher
            is listed twice for one impairment.
    """

    school: School | None = None
    staff_training: tuple[StaffTraining, ...] = ()
    senco: SencoPost | None = None
    sensory_teaching: tuple[SensoryTeaching, ...] = ()

    def _check(self, checks: Checks) -> None:
        unique(checks, self.staff_training, "staff_id", "staff_training", "workforce")
        distinct(
            checks,
            tuple((s.staff_id, s.need_type) for s in self.sensory_teaching),
            "sensory_teaching",
            "workforce",
        )

    @property
    def school_key(self) -> str:
        """The school's `School.key`, or ``""`` for a record that names no school."""
        return self.school.key if self.school is not None else ""

    def training_of(self, staff_id: str) -> StaffTraining:
        """The member of staff's training; none recorded is an empty record."""
        for entry in self.staff_training:
            if entry.staff_id == staff_id:
                return entry
        return StaffTraining(staff_id=staff_id)

    def staff_ids(self) -> list[tuple[str, str]]:
        """Every staff id named, with the path that names it."""
        named = [
            (f"staff_training[{i}].staff_id", s.staff_id)
            for i, s in enumerate(self.staff_training)
        ]
        if self.senco is not None:
            named.append(("senco.staff_id", self.senco.staff_id))
        named += [
            (f"sensory_teaching[{i}].staff_id", s.staff_id)
            for i, s in enumerate(self.sensory_teaching)
        ]
        return named
