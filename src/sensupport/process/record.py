"""A pupil's SEN support record: the event log, and the state derived from it.

The events are the only source of truth. Building a `SupportRecord` from a pupil and
events replays them through the graduated-approach machine, so a record that breaks
the rules cannot be built, or loaded, silently; `sensupport.process.apply` extends a
record by one event without replaying the rest.

>>> import datetime as dt
>>> from sensupport import Pupil, YearGroup, Role
>>> from sensupport.process import ConcernRaised, SupportRecord
>>> pupil = Pupil(pupil_id="MIS-7", year_group=YearGroup.Y2)
>>> record = SupportRecord(pupil=pupil, events=(
...     ConcernRaised(occurred_on=dt.date(2025, 9, 22), raised_by=Role.TEACHER),))
>>> record.stage, record.opened_on
(<Stage.ASSESS: 'assess'>, datetime.date(2025, 9, 22))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

import attrs

from .. import limits
from .._validation import type_problems, types_trusted
from ..codes import EndReason, SenProvision
from ..errors import Problem, ValidationError
from ..needs import Need
from ..plans import SupportPlan
from ..pupils import Pupil
from ..reviews import Review
from .events import Event
from .fold import event_index, fold
from .stages import Stage
from .state import Cycle, RecordState

__all__ = ["Cycle", "RecordState", "SupportRecord", "extended"]

E = TypeVar("E")

# The state of the events being handed to a new record by `extended`, already checked.
_FOLDED: ContextVar[RecordState | None] = ContextVar("sensupport_folded", default=None)


@contextmanager
def extended(state: RecordState) -> Iterator[None]:
    """Within this block, a record whose log ``state`` was folded from takes it as is.

    Only the machine uses it, to add one event to a record without replaying the
    rest: it has checked the event against the record's state already.
    """
    token = _FOLDED.set(state)
    try:
        yield
    finally:
        _FOLDED.reset(token)


def check_length(events: int) -> None:
    """Refuse a record of more events than `sensupport.limits` allows.

    Raises:
        ValidationError: ``record.too_many_events``.
    """
    most = limits.current().events_per_record
    if events > most:
        raise ValidationError(
            [
                Problem(
                    code="record.too_many_events",
                    message=f"a record holds at most {most} events "
                    f"(sensupport.limits); this one would have {events}",
                    path="events",
                )
            ],
            summary="invalid SupportRecord",
        )


@attrs.frozen(kw_only=True)
class SupportRecord:
    """A pupil's SEN support record.

    Args:
        pupil: Whom the record is about.
        events: What happened, in order; the first is a `ConcernRaised`.

    Raises:
        ValidationError: The events break a rule of the graduated approach; each
            problem's path names the event (``events[3]``); or there are more than
            `sensupport.limits` allows (``record.too_many_events``).
    """

    pupil: Pupil
    events: tuple[Event, ...]
    _state: RecordState = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        check_length(len(self.events))
        folded = _FOLDED.get()
        if folded is not None and folded.events_seen == len(self.events):
            # Handed over by the machine, which typed and checked the new event
            # against a record already valid.
            object.__setattr__(self, "_state", folded)
            return
        problems = [] if types_trusted() else type_problems(self)
        if problems:
            raise ValidationError(problems, summary="invalid SupportRecord")
        object.__setattr__(self, "_state", fold(self.events))

    @property
    def state(self) -> RecordState:
        """Everything derived from the events."""
        return self._state

    @property
    def stage(self) -> Stage:
        """Where the record waits now."""
        return self._state.stage

    @property
    def is_closed(self) -> bool:
        """True once support has ended or an EHC plan was issued."""
        return self._state.is_closed

    @property
    def needs(self) -> tuple[Need, ...]:
        """The needs register: the needs as last identified."""
        return self._state.needs

    @property
    def cycles(self) -> tuple[Cycle, ...]:
        """Every plan agreed, in order, each with its review once held."""
        return self._state.cycles

    @property
    def plans(self) -> tuple[SupportPlan, ...]:
        """Every plan agreed, in order."""
        return self._state.plans

    @property
    def reviews(self) -> tuple[Review, ...]:
        """Every review held, in order."""
        return self._state.reviews

    @property
    def current_plan(self) -> SupportPlan | None:
        """The plan in force: agreed and not yet reviewed (the record is in *do*)."""
        return self._state.current_plan

    @property
    def completed_cycles(self) -> int:
        """How many plans have been reviewed."""
        return self._state.completed_cycles

    @property
    def opened_on(self) -> dt.date:
        """The date of the concern that opened the record."""
        return self._state.opened_on

    @property
    def ended_on(self) -> dt.date | None:
        """When the record closed, if it has."""
        return self._state.ended_on

    @property
    def end_reason(self) -> EndReason | None:
        """Why the record closed, if it has."""
        return self._state.end_reason

    @property
    def advisories(self) -> tuple[Problem, ...]:
        """Where practice fell short of the Code of Practice, each at its event."""
        return self._state.advisories

    def advisories_by_event(self) -> tuple[tuple[int, Problem], ...]:
        """Each advisory with the index, in `events`, of the event that raised it.

        >>> from sensupport.synth import load_sample
        >>> record = next(r for r in load_sample() if r.advisories)
        >>> index, advisory = record.advisories_by_event()[0]
        >>> advisory.code, type(record.events[index]).__name__
        ('advice.plan_without_parent', 'PlanAgreed')
        """
        return tuple((event_index(a.path), a) for a in self._state.advisories)

    @property
    def support_started_on(self) -> dt.date | None:
        """The first day of SEN support (census K), if it began."""
        return self._state.support_started_on

    @property
    def support_periods(self) -> tuple[tuple[dt.date, dt.date], ...]:
        """The half-open date ranges the record was on SEN support (census K).

        The last range of a record still on support ends at `datetime.date.max`.
        """
        return self._state.support_periods

    def provision_on(self, date: dt.date) -> SenProvision:
        """The census SEN provision code the record implies on ``date``.

        N before SEN support begins and after it ends, K on SEN support (an EHC needs
        assessment under way included), E from the day an EHC plan is issued.
        """
        return self._state.provision_on(date)

    def as_of(self, date: dt.date) -> SupportRecord | None:
        """The record as it stood at the end of ``date``; None if not yet opened.

        >>> from sensupport import Pupil, YearGroup, Role
        >>> from sensupport.process import ConcernRaised, ParentMeetingHeld, replay
        >>> record = replay(Pupil(pupil_id="7", year_group=YearGroup.Y2), [
        ...     ConcernRaised(occurred_on=dt.date(2025, 9, 22), raised_by=Role.TEACHER),
        ...     ParentMeetingHeld(occurred_on=dt.date(2025, 10, 1))])
        >>> record.as_of(dt.date(2025, 9, 21)) is None
        True
        >>> len(record.as_of(dt.date(2025, 9, 30)).events)
        1
        """
        events = tuple(e for e in self.events if e.occurred_on <= date)
        if len(events) == len(self.events):
            return self
        if not events:
            return None
        return SupportRecord(pupil=self.pupil, events=events)

    def events_of(self, kind: type[E]) -> Iterator[E]:
        """The events of one type, in order."""
        return (e for e in self.events if isinstance(e, kind))
