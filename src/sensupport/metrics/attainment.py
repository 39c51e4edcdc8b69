"""Target attainment: are pupils meeting their targets within the agreed time?

Every target of every plan is counted once, at the outcome its plan's review gave it,
if that review was held in the period. Targets with the same id in two plans are two
targets.

- ``not_met``, ``partly_met``, ``met``, ``exceeded``: targets by outcome.
- ``met_rate`` = (met + exceeded) / targets with an outcome, with a 95% Wilson score
  interval.
- ``met_in_time``: met or exceeded by the target's due date: ``achieved_on`` when the
  review records it, else the review's date.
- ``past_due_without_outcome``: targets due before the period's end whose plan had no
  review by then, on records still open when the target fell due.

>>> import datetime as dt
>>> from sensupport.metrics import target_attainment
>>> summary = target_attainment([], start=dt.date(2025, 9, 1), end=dt.date(2026, 9, 1))
>>> summary.with_outcome, summary.met_rate
(0, None)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable
from typing import overload

import attrs

from ..codes import Attainment
from ..process.record import SupportRecord
from ._core import Accumulator, By, Context, Grouped, Period, Summary, Tally
from ._stats import wilson_interval

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
        return wilson_interval(self.achieved, self.with_outcome)

    @property
    def in_time_rate(self) -> float | None:
        """Targets met by their due date / targets with an outcome."""
        return self.met_in_time / self.with_outcome if self.with_outcome else None

    def to_row(self) -> dict[str, object]:
        low, high = self.met_rate_interval
        return {
            **super().to_row(),
            "with_outcome": self.with_outcome,
            "met_rate": self.met_rate,
            "met_rate_low": low,
            "met_rate_high": high,
            "in_time_rate": self.in_time_rate,
        }

    def __str__(self) -> str:
        if not self.with_outcome:
            rate = "no targets reviewed"
        else:
            low, high = self.met_rate_interval
            rate = (
                f"{self.achieved}/{self.with_outcome} met or exceeded "
                f"({self.met_rate:.0%}, 95% CI {low:.0%}-{high:.0%}); "
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
                ctx = Context(record=record, cycle=cycle, target=target)
                if reviewed_in_period:
                    assert review is not None
                    outcome = review.outcome(target.target_id)
                    tally = tally_for(ctx)
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
                    tally_for(ctx).add("past_due_without_outcome")

    return count


def attainment_accumulator(
    *, start: dt.date, end: dt.date, by: By = None
) -> Accumulator[TargetAttainment]:
    """An accumulator of target attainment over [start, end), split ``by`` if given."""
    return Accumulator(TargetAttainment, _counter(Period(start=start, end=end)), by)


@overload
def target_attainment(
    records: Iterable[SupportRecord], *, start: dt.date, end: dt.date, by: None = None
) -> TargetAttainment: ...
@overload
def target_attainment(
    records: Iterable[SupportRecord],
    *,
    start: dt.date,
    end: dt.date,
    by: str | Callable[[SupportRecord], Hashable],
) -> Grouped[TargetAttainment]: ...
def target_attainment(
    records: Iterable[SupportRecord], *, start: dt.date, end: dt.date, by: By = None
) -> TargetAttainment | Grouped[TargetAttainment]:
    """Target attainment at the reviews held in [start, end).

    Args:
        records: Any iterable of records, consumed once.
        start: First day of the period.
        end: The day after the period.
        by: A dimension name (see `DIMENSIONS`) or a key function of the record.
    """
    return attainment_accumulator(start=start, end=end, by=by).add_all(records).result()
