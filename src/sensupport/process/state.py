"""What a record's events add up to, and the facts derived from it.

`RecordState` is a frozen value made by folding the events through their state
changes (`sensupport.process.changes`). The rules, the transitions' guards and the
parent-meeting count read it; nothing here knows the record or the machine.

>>> import datetime as dt
>>> state = RecordState(stage=Stage.ASSESS, opened_on=dt.date(2025, 9, 22),
...                     last_event_on=dt.date(2025, 9, 22))
>>> state.current_plan is None, state.completed_cycles, state.support_periods
(True, 0, ())
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from typing import Any

import attrs

from ..codes import EHCDecision, EndReason, SenProvision
from ..errors import Problem
from ..needs import Need
from ..plans import SupportPlan
from ..reviews import Review
from ._log import Log
from .stages import Stage

__all__ = ["Cycle", "RecordState"]


@attrs.frozen(kw_only=True)
class Cycle:
    """One turn of assess, plan, do, review: a plan and, once held, its review.

    A plan received as history may be known only by its review date: then ``plan``
    is None and ``known_review_due_on`` holds the date.
    """

    number: int
    plan: SupportPlan | None
    review: Review | None = None
    known_review_due_on: dt.date | None = None

    @property
    def is_complete(self) -> bool:
        """True once the plan has been reviewed."""
        return self.review is not None

    @property
    def review_due_on(self) -> dt.date | None:
        """When the plan is due its review."""
        if self.plan is not None:
            return self.plan.review_due_on
        return self.known_review_due_on


def _as_log(values: Iterable[Any]) -> Log[Any]:
    return Log.of(values)


@attrs.frozen(kw_only=True)
class RecordState:
    """What the events of a record add up to. Built only by the machine.

    Attributes:
        stage: Where the record waits.
        opened_on: The date of the event that opened the record.
        last_event_on: The date of the latest event.
        events_seen: How many events made this state.
        needs: The needs register: the needs as last identified.
        provision_changes: Each date the census SEN provision code changed, and to what.
        meetings_checked_to: Up to when parent meetings have been counted.
        ehc_requested_on: When the open request for an EHC needs assessment was made.
        ehc_decision: The local authority's decision on that request, once made.
        ended_on: When the record closed, if it has.
        end_reason: Why the record closed, if it has.
    """

    stage: Stage
    opened_on: dt.date
    last_event_on: dt.date
    events_seen: int = 1
    needs: tuple[Need, ...] = ()
    # Logs, not tuples: each event's state adds to the last one's in constant time.
    _cycles: Log[Cycle] = attrs.field(
        default=Log.of(()), converter=_as_log, alias="cycles"
    )
    _advisories: Log[Problem] = attrs.field(
        default=Log.of(()), converter=_as_log, alias="advisories"
    )
    provision_changes: tuple[tuple[dt.date, SenProvision], ...] = ()
    _parent_meetings: Log[dt.date] = attrs.field(
        default=Log.of(()), converter=_as_log, alias="parent_meetings"
    )
    meetings_checked_to: dt.date | None = None
    ehc_requested_on: dt.date | None = None
    ehc_decision: EHCDecision | None = None
    ended_on: dt.date | None = None
    end_reason: EndReason | None = None

    @property
    def is_closed(self) -> bool:
        """True once support has ended or an EHC plan was issued."""
        return self.stage.is_closed

    @property
    def cycles(self) -> tuple[Cycle, ...]:
        """Every plan agreed, in order, each with its review once held."""
        return self._cycles.items()

    @property
    def advisories(self) -> tuple[Problem, ...]:
        """Where practice fell short of the Code of Practice, each at its event."""
        return self._advisories.items()

    @property
    def parent_meetings(self) -> tuple[dt.date, ...]:
        """The dates the school met the parents."""
        return self._parent_meetings.items()

    @property
    def logs(self) -> tuple[Log[Cycle], Log[Problem], Log[dt.date]]:
        """The cycles, advisories and parent meetings as logs, for the next state to
        add to without copying."""
        return self._cycles, self._advisories, self._parent_meetings

    @property
    def last_cycle(self) -> Cycle | None:
        """The latest cycle, None before the first plan."""
        return self._cycles.last

    @property
    def plans(self) -> tuple[SupportPlan, ...]:
        """Every plan agreed, in order (a plan known only by its review date left out)."""
        return tuple(c.plan for c in self.cycles if c.plan is not None)

    @property
    def reviews(self) -> tuple[Review, ...]:
        """Every review held, in order."""
        return tuple(c.review for c in self.cycles if c.review is not None)

    @property
    def current_cycle(self) -> Cycle | None:
        """The cycle whose plan is in force: not yet reviewed (the record is in *do*)."""
        last = self._cycles.last
        if self.stage is Stage.DO and last is not None and last.review is None:
            return last
        return None

    @property
    def current_plan(self) -> SupportPlan | None:
        """The plan in force, where it is known in full."""
        cycle = self.current_cycle
        return None if cycle is None else cycle.plan

    @property
    def review_due_on(self) -> dt.date | None:
        """When the plan in force is due its review; None with no plan in force."""
        cycle = self.current_cycle
        return None if cycle is None else cycle.review_due_on

    @property
    def completed_cycles(self) -> int:
        """How many plans have been reviewed."""
        return sum(1 for c in self.cycles if c.is_complete)

    @property
    def support_started_on(self) -> dt.date | None:
        """The first day of SEN support (census K), if it began."""
        for on, code in self.provision_changes:
            if code is SenProvision.SEN_SUPPORT:
                return on
        return None

    @property
    def support_periods(self) -> tuple[tuple[dt.date, dt.date], ...]:
        """The half-open date ranges on SEN support (census K).

        The last range of a record still on support ends at `datetime.date.max`.
        """
        changes = [*self.provision_changes, (dt.date.max, SenProvision.NO_SEN)]
        return tuple(
            (on, until)
            for (on, code), (until, _) in itertools.pairwise(changes)
            if code is SenProvision.SEN_SUPPORT
        )

    def provision_on(self, date: dt.date) -> SenProvision:
        """The census SEN provision code on ``date``.

        N before SEN support begins and after it ends, K on SEN support (an EHC needs
        assessment under way included), E from the day an EHC plan is issued.
        """
        code = SenProvision.NO_SEN
        for on, changed_to in self.provision_changes:
            if on > date:
                break
            code = changed_to
        return code
