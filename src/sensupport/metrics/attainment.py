"""Target attainment: are pupils meeting their targets within the agreed time?

Every target of every plan is counted once, at the outcome its plan's review gave it,
if that review was held in the period. Targets with the same id in two plans are two
targets.

- ``not_met``, ``partly_met``, ``met``, ``exceeded``: targets by outcome.
- ``met_rate`` = (met + exceeded) / targets with an outcome, with a 95% Wilson score
  interval.
- ``met_in_time``: met or exceeded by the target's due date: ``achieved_on`` when the
  review records it, else the review's date.
- ``past_due_without_outcome``: targets due before the period's end (at most the
  end of the data date) whose plan had no review by then, on records still open when
  the target fell due.

A target counts at its review's date, or, past due, at its due date (for a split by
year group); a split by need reads the needs register on the day the target was set.

>>> import datetime as dt
>>> from sensupport.metrics import target_attainment
>>> summary = target_attainment([], start=dt.date(2025, 9, 1), end=dt.date(2026, 9, 1))
>>> summary.with_outcome, summary.met_rate
(0, None)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import ClassVar, overload

import attrs

from ..codes import Attainment
from ..process.record import SupportRecord
from ._core import (
    Accumulator,
    Counting,
    Grouped,
    Period,
    Summary,
    Tally,
    counted_period,
)
from ._dimensions import By, Context

__all__ = ["TargetAttainment", "target_attainment"]

_FIELD = {
    Attainment.NOT_MET: "not_met",
    Attainment.PARTLY_MET: "partly_met",
    Attainment.MET: "met",
    Attainment.EXCEEDED: "exceeded",
}


@attrs.frozen(kw_only=True)
class TargetAttainment(Summary):
    """How targets fared at the reviews held in a period."""

    not_met: int = 0
    partly_met: int = 0
    met: int = 0
    exceeded: int = 0
    met_in_time: int = 0
    past_due_without_outcome: int = 0

    RATES: ClassVar[Mapping[str, str]] = {
        "met_rate": "targets with an outcome",
        "in_time_rate": "targets with an outcome",
    }

    def rates(self) -> dict[str, tuple[int, int]]:
        return {
            "met_rate": (self.achieved, self.with_outcome),
            "in_time_rate": (self.met_in_time, self.with_outcome),
        }

    @property
    def with_outcome(self) -> int:
        """Targets given an outcome in the period."""
        return self.not_met + self.partly_met + self.met + self.exceeded

    @property
    def achieved(self) -> int:
        """Targets met or exceeded."""
        return self.met + self.exceeded

    @property
    def met_rate(self) -> float | None:
        """(met + exceeded) / targets with an outcome; None when there are none."""
        return self.achieved / self.with_outcome if self.with_outcome else None

    @property
    def met_rate_interval(self) -> tuple[float, float]:
        """The 95% Wilson score interval of the met rate."""
        return self.interval("met_rate")

    @property
    def in_time_rate(self) -> float | None:
        """Targets met by their due date / targets with an outcome."""
        return self.met_in_time / self.with_outcome if self.with_outcome else None

    @property
    def in_time_rate_interval(self) -> tuple[float, float]:
        """The 95% Wilson score interval of the in-time rate."""
        return self.interval("in_time_rate")

    def to_row(self) -> dict[str, object]:
        return {
            **super().to_row(),
            "with_outcome": self.with_outcome,
            **self._rate_columns(),
        }

    def _text(self) -> str:
        if self.is_empty:
            return "Targets: no records, nothing counted."
        if not self.with_outcome:
            rate = "no targets reviewed"
        else:
            rate = (
                f"{self._rate_text('met_rate', ' met or exceeded')}; "
                f"{self.met_in_time} by their due date"
            )
        return (
            f"Targets: {rate}. Not met {self.not_met}, partly met {self.partly_met}, "
            f"met {self.met}, exceeded {self.exceeded}; "
            f"{self.past_due_without_outcome} past due with no outcome."
        )


def _counter(
    period: Period,
) -> Callable[[SupportRecord, Callable[[Context], Tally]], None]:
    def count(record: SupportRecord, tally_for: Callable[[Context], Tally]) -> None:
        for cycle in record.cycles:
            plan = cycle.plan
            if plan is None:  # known only by its review date: no targets to count
                continue
            review = cycle.review
            reviewed_in_period = review is not None and review.held_on in period
            reviewed_by_end = review is not None and review.held_on < period.end
            for target in plan.targets:
                if reviewed_in_period:
                    assert review is not None
                    outcome = review.outcome(target.target_id)
                    tally = tally_for(
                        Context(
                            record=record, cycle=cycle, target=target, on=review.held_on
                        )
                    )
                    tally.add(_FIELD[outcome.attainment])
                    done_on = outcome.achieved_on or review.held_on
                    if outcome.attainment.is_met and done_on <= target.due_on:
                        tally.add("met_in_time")
                elif (
                    not reviewed_by_end
                    and target.due_on < period.end
                    and plan.agreed_on < period.end
                    and (record.ended_on is None or record.ended_on > target.due_on)
                ):
                    ctx = Context(
                        record=record, cycle=cycle, target=target, on=target.due_on
                    )
                    tally_for(ctx).add("past_due_without_outcome")

    return count


def attainment_accumulator(
    *, start: dt.date, end: dt.date, by: By = None, data_date: dt.date | None = None
) -> Accumulator[TargetAttainment]:
    """An accumulator of target attainment over [start, end), split ``by`` if given.

    Raises:
        ValidationError: The period is empty or starts after ``data_date``.
    """
    period, asked = counted_period(start, end, data_date)
    return Accumulator(
        TargetAttainment,
        Counting(_counter, period),
        by,
        period=period,
        asked=asked,
        data_date=data_date,
    )


@overload
def target_attainment(
    records: Iterable[SupportRecord],
    *,
    start: dt.date,
    end: dt.date,
    by: None = None,
    data_date: dt.date | None = None,
) -> TargetAttainment: ...
@overload
def target_attainment(
    records: Iterable[SupportRecord],
    *,
    start: dt.date,
    end: dt.date,
    by: str | tuple[str, ...] | Callable[[SupportRecord], Hashable],
    data_date: dt.date | None = None,
) -> Grouped[TargetAttainment]: ...
def target_attainment(
    records: Iterable[SupportRecord],
    *,
    start: dt.date,
    end: dt.date,
    by: By = None,
    data_date: dt.date | None = None,
) -> TargetAttainment | Grouped[TargetAttainment]:
    """Target attainment at the reviews held in [start, end).

    Args:
        records: Any iterable of records, consumed once.
        start: First day of the period.
        end: The day after the period.
        by: A dimension name (see `DIMENSIONS`), a tuple of names, or a key function
            of the record.
        data_date: The last day the data knows; see `review_frequency`.

    Raises:
        ValidationError: The period is empty or starts after ``data_date``, or a
            record has an event after it.
    """
    acc = attainment_accumulator(start=start, end=end, by=by, data_date=data_date)
    return acc.add_all(records).result()
