"""Hypothesis strategies for the workforce: training, qualifications, the SENCO's
post and teachers of sensory classes (requires hypothesis)."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from ..codes import AreaOfNeed, NeedType
from ..qualifications import Qualification, QualificationKind, SencoAppointment
from ..workforce import (
    SENSORY_NEEDS,
    SencoPost,
    SensoryTeaching,
    StaffTraining,
    Training,
    TrainingKind,
    Workforce,
)
from ._model import MAX_DATE, MIN_DATE, _free_text, _ids, dates, schools

__all__ = [
    "qualifications",
    "senco_appointments",
    "staff_trainings",
    "trainings",
    "workforces",
]

_BEFORE_MAX = MAX_DATE - dt.timedelta(days=1)


@st.composite
def _training(draw: st.DrawFn, training_id: str) -> Training:
    completed = draw(dates(max_value=_BEFORE_MAX))
    expires = draw(st.none() | dates(min_value=completed + dt.timedelta(days=1)))
    return Training(
        training_id=training_id,
        title=draw(_free_text(blank=False)),
        completed_on=completed,
        kind=draw(st.sampled_from(TrainingKind)),
        need_types=tuple(
            draw(st.lists(st.sampled_from(NeedType), unique=True, max_size=3))
        ),
        areas=tuple(
            draw(st.lists(st.sampled_from(AreaOfNeed), unique=True, max_size=2))
        ),
        expires_on=expires,
        provider=draw(_free_text()),
    )


def trainings(
    *, training_id: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[Training]:
    """Valid training records: need types and areas covered, some expiring."""
    return (_ids if training_id is None else training_id).flatmap(_training)


@st.composite
def _qualification(draw: st.DrawFn) -> Qualification:
    started = draw(st.none() | dates())
    awarded = draw(st.none() | dates(min_value=started or MIN_DATE))
    return Qualification(
        kind=draw(st.sampled_from(QualificationKind)),
        course_started_on=started,
        awarded_on=awarded,
        provider=draw(_free_text()),
    )


def qualifications() -> st.SearchStrategy[Qualification]:
    """Valid qualifications, held or being studied for, of every kind."""
    return _qualification()


def senco_appointments() -> st.SearchStrategy[SencoAppointment]:
    """Valid SENCO appointments."""
    return st.builds(
        SencoAppointment,
        appointed_on=dates(),
        school=_free_text(blank=False),
        months_previously_senco=st.integers(min_value=0, max_value=240),
        holds_qts=st.booleans(),
        induction_completed=st.booleans(),
        is_head_teacher=st.booleans(),
    )


@st.composite
def _staff_training(draw: st.DrawFn, staff_id: str) -> StaffTraining:
    ids = draw(st.lists(_ids, unique=True, max_size=3))
    return StaffTraining(
        staff_id=staff_id,
        trainings=tuple(draw(_training(i)) for i in ids),
        qualifications=tuple(draw(st.lists(qualifications(), max_size=2))),
    )


def staff_trainings(
    *, staff_id: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[StaffTraining]:
    """One member of staff's valid training and qualifications."""
    return (_ids if staff_id is None else staff_id).flatmap(_staff_training)


@st.composite
def _workforce(draw: st.DrawFn, staff_ids: list[str]) -> Workforce:
    teaching = draw(
        st.lists(
            st.tuples(st.sampled_from(staff_ids), st.sampled_from(SENSORY_NEEDS)),
            unique=True,
            max_size=3,
        )
        if staff_ids
        else st.just([])
    )
    senco = None
    if staff_ids != [] and draw(st.booleans()):
        senco = SencoPost(staff_id=staff_ids[0], appointment=draw(senco_appointments()))
    return Workforce(
        school=draw(st.none() | schools()),
        staff_training=tuple(draw(_staff_training(s)) for s in staff_ids),
        senco=senco,
        sensory_teaching=tuple(
            SensoryTeaching(
                staff_id=s,
                need_type=n,
                since=draw(dates()),
                months_before=draw(st.integers(min_value=0, max_value=60)),
            )
            for s, n in teaching
        ),
    )


def workforces(
    *, staff_ids: st.SearchStrategy[list[str]] | None = None
) -> st.SearchStrategy[Workforce]:
    """Valid workforce records: the staff's training, perhaps a SENCO's post, and
    teachers of sensory classes, each naming one of ``staff_ids`` (distinct ids)."""
    ids = st.lists(_ids, unique=True, max_size=4) if staff_ids is None else staff_ids
    return ids.flatmap(_workforce)
