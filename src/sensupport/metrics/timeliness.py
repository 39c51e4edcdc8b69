"""Timeliness: how long each step of the graduated approach takes.

Each interval is counted in days, in an integer histogram, in the period that holds
the event that ends it:

- ``concern_to_decision``: the concern to the first assessment that decided (SEN
  support or not SEN);
- ``decision_to_plan``: the first decision for SEN support to the first plan;
- ``plan_to_review``: each plan's agreement to its review;
- ``reviews_by_due_date``: of the reviews held in the period (``reviews_held``), those
  held on or before the review date the plan agreed: the "met within the agreed time"
  the DfE's research found few schools could report;
- ``ehc_request_to_decision``: a request for an EHC needs assessment to the local
  authority's decision, with ``ehc_decisions_within_6_weeks`` (42 days or fewer);
- ``ehc_request_to_plan``: the request to the final EHC plan, with
  ``ehc_plans_within_20_weeks`` (140 days or fewer).

A record opened from known history (`SENHistoryReceived`) has no concern or first
decision in it: it is left out of the first two intervals, and counted in
``opened_from_history`` (records opened before the period's end) so that the figures
say how many they leave out. A plan received only by its review date has no agreement
date, so its review is left out of ``plan_to_review``.

Each interval counts at the event that ends it (for a split by year group or need);
the two EHC rates come with their Wilson intervals.

The 6 and 20 week limits are the SEND Regulations 2014's: reg. 5(1) for the decision
and reg. 13(2) (approximate numbering) for the final plan.

>>> import datetime as dt
>>> from sensupport.metrics import timeliness
>>> from sensupport.synth import load_sample
>>> summary = timeliness(load_sample(), start=dt.date(2024, 9, 1),
...                      end=dt.date(2026, 9, 1))
>>> summary.median("plan_to_review") is not None
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import ClassVar, overload

import attrs

from ..codes import AssessmentOutcome
from ..process import events
from ..process.record import SupportRecord
from ..statutory import EHC_DECISION_WEEKS, EHC_PLAN_WEEKS
from ._core import (
    HISTOGRAM,
    Accumulator,
    Counting,
    Grouped,
    Period,
    Summary,
    Tally,
    counted_period,
)
from ._dimensions import By, Context
from ._stats import quantile

__all__ = ["Timeliness", "timeliness", "timeliness_accumulator"]

EHC_DECISION_DAYS = EHC_DECISION_WEEKS * 7
EHC_PLAN_DAYS = EHC_PLAN_WEEKS * 7
_INTERVALS = (
    "concern_to_decision",
    "decision_to_plan",
    "plan_to_review",
    "ehc_request_to_decision",
    "ehc_request_to_plan",
)


@attrs.frozen(kw_only=True)
class Timeliness(Summary):
    """Days taken by each step, as histograms, and the statutory clocks met."""

    opened_from_history: int = 0
    reviews_held: int = 0
    reviews_by_due_date: int = 0
    ehc_decisions_within_6_weeks: int = 0
    ehc_plans_within_20_weeks: int = 0
    concern_to_decision: tuple[tuple[int, int], ...] = attrs.field(
        default=(), metadata=HISTOGRAM
    )
    decision_to_plan: tuple[tuple[int, int], ...] = attrs.field(
        default=(), metadata=HISTOGRAM
    )
    plan_to_review: tuple[tuple[int, int], ...] = attrs.field(
        default=(), metadata=HISTOGRAM
    )
    ehc_request_to_decision: tuple[tuple[int, int], ...] = attrs.field(
        default=(), metadata=HISTOGRAM
    )
    ehc_request_to_plan: tuple[tuple[int, int], ...] = attrs.field(
        default=(), metadata=HISTOGRAM
    )

    RATES: ClassVar[Mapping[str, str]] = {
        "review_on_time_rate": "reviews held",
        "ehc_decision_rate": "EHC needs assessment decisions",
        "ehc_plan_rate": "final EHC plans",
    }

    def rates(self) -> dict[str, tuple[int, int]]:
        return {
            "review_on_time_rate": (self.reviews_by_due_date, self.reviews_held),
            "ehc_decision_rate": (
                self.ehc_decisions_within_6_weeks,
                self.count("ehc_request_to_decision"),
            ),
            "ehc_plan_rate": (
                self.ehc_plans_within_20_weeks,
                self.count("ehc_request_to_plan"),
            ),
        }

    def count(self, interval: str) -> int:
        """How many of an interval were counted."""
        return sum(c for _, c in self._histogram(interval))

    def median(self, interval: str) -> float | None:
        """The median days of an interval, such as ``"plan_to_review"``."""
        return quantile(dict(self._histogram(interval)), 0.5)

    def quantile(self, interval: str, q: float) -> float | None:
        """A quantile of the days of an interval."""
        return quantile(dict(self._histogram(interval)), q)

    def _histogram(self, interval: str) -> tuple[tuple[int, int], ...]:
        if interval not in _INTERVALS:
            raise ValueError(
                f"no interval {interval!r}; choose one of {', '.join(_INTERVALS)}"
            )
        histogram: tuple[tuple[int, int], ...] = getattr(self, interval)
        return histogram

    @property
    def review_on_time_rate(self) -> float | None:
        """Share of reviews held by the date their plan agreed."""
        held = self.reviews_held
        return self.reviews_by_due_date / held if held else None

    @property
    def ehc_decision_rate(self) -> float | None:
        """Share of EHC needs assessment decisions made within 6 weeks."""
        n = self.count("ehc_request_to_decision")
        return self.ehc_decisions_within_6_weeks / n if n else None

    @property
    def ehc_plan_rate(self) -> float | None:
        """Share of final EHC plans issued within 20 weeks of the request."""
        n = self.count("ehc_request_to_plan")
        return self.ehc_plans_within_20_weeks / n if n else None

    def to_row(self) -> dict[str, object]:
        row: dict[str, object] = dict(super().to_row())
        for interval in _INTERVALS:
            row[f"{interval}_n"] = self.count(interval)
            row[f"{interval}_median"] = self.median(interval)
        row.update(self._rate_columns())
        return row

    def _text(self) -> str:
        if self.is_empty:
            return "Timeliness: no records, nothing counted."
        parts = []
        for interval in _INTERVALS:
            n = self.count(interval)
            if n:
                words = interval.replace("_", " ").replace("ehc", "EHC")
                parts.append(
                    f"{words}: median {self.median(interval):.0f} days (n={n})"
                )
        if self.reviews_held:
            parts.append(
                "reviews held by their agreed date: "
                + self._rate_text("review_on_time_rate")
            )
        if self.count("ehc_request_to_decision"):
            parts.append(
                f"EHC decisions within 6 weeks: {self._rate_text('ehc_decision_rate')}"
            )
        if self.count("ehc_request_to_plan"):
            parts.append(
                f"EHC plans within 20 weeks: {self._rate_text('ehc_plan_rate')}"
            )
        if self.opened_from_history:
            parts.append(
                f"{self.opened_from_history} records opened from known history left "
                "out of concern to decision and decision to plan"
            )
        return "Timeliness: " + ("; ".join(parts) if parts else "nothing to time") + "."


def _counter(
    period: Period,
) -> Callable[[SupportRecord, Callable[[Context], Tally]], None]:
    def count(record: SupportRecord, tally_for: Callable[[Context], Tally]) -> None:
        def observe(interval: str, start: dt.date, end: dt.date) -> Tally | None:
            # Each interval is split by what held at the event that ends it.
            if end not in period:
                return None
            tally = tally_for(Context(record=record, on=end))
            tally.observe(interval, (end - start).days)
            return tally

        opening = record.events[0]
        if isinstance(opening, events.SENHistoryReceived):
            if opening.occurred_on < period.end:
                ctx = Context(record=record, on=opening.occurred_on)
                tally_for(ctx).add("opened_from_history")
        else:
            _opening_intervals(record, opening.occurred_on, observe)
        for cycle in record.cycles:
            review = cycle.review
            if review is None:
                continue
            if cycle.plan is not None:
                observe("plan_to_review", cycle.plan.agreed_on, review.held_on)
            due = cycle.review_due_on
            if due is not None and review.held_on in period:
                held = tally_for(Context(record=record, cycle=cycle, on=review.held_on))
                held.add("reviews_held")
                if review.held_on <= due:
                    held.add("reviews_by_due_date")
        requested: dt.date | None = None
        for event in record.events:
            if isinstance(event, events.EHCNeedsAssessmentRequested):
                requested = event.occurred_on
            elif (
                isinstance(event, events.EHCNeedsAssessmentDecided)
                and requested is not None
            ):
                tally = observe("ehc_request_to_decision", requested, event.occurred_on)
                days = (event.occurred_on - requested).days
                if tally is not None and days <= EHC_DECISION_DAYS:
                    tally.add("ehc_decisions_within_6_weeks")
            elif isinstance(event, events.EHCPlanIssued) and requested is not None:
                tally = observe("ehc_request_to_plan", requested, event.occurred_on)
                days = (event.occurred_on - requested).days
                if tally is not None and days <= EHC_PLAN_DAYS:
                    tally.add("ehc_plans_within_20_weeks")

    return count


def _opening_intervals(
    record: SupportRecord,
    concern: dt.date,
    observe: Callable[[str, dt.date, dt.date], Tally | None],
) -> None:
    """Concern to decision and decision to plan, for a record opened by a concern."""
    decisions = [
        e
        for e in record.events_of(events.AssessmentCompleted)
        if e.outcome is not AssessmentOutcome.SPECIALIST_ADVICE_NEEDED
    ]
    if decisions:
        observe("concern_to_decision", concern, decisions[0].occurred_on)
    support = [d for d in decisions if d.outcome is AssessmentOutcome.SEN_SUPPORT]
    plans = list(record.events_of(events.PlanAgreed))
    if support and plans:
        observe("decision_to_plan", support[0].occurred_on, plans[0].occurred_on)


def timeliness_accumulator(
    *, start: dt.date, end: dt.date, by: By = None, data_date: dt.date | None = None
) -> Accumulator[Timeliness]:
    """An accumulator of timeliness over [start, end).

    Raises:
        ValidationError: The period is empty or starts after ``data_date``.
    """
    period, asked = counted_period(start, end, data_date)
    return Accumulator(
        Timeliness,
        Counting(_counter, period),
        by,
        period=period,
        asked=asked,
        data_date=data_date,
    )


@overload
def timeliness(
    records: Iterable[SupportRecord],
    *,
    start: dt.date,
    end: dt.date,
    by: None = None,
    data_date: dt.date | None = None,
) -> Timeliness: ...
@overload
def timeliness(
    records: Iterable[SupportRecord],
    *,
    start: dt.date,
    end: dt.date,
    by: str | tuple[str, ...] | Callable[[SupportRecord], Hashable],
    data_date: dt.date | None = None,
) -> Grouped[Timeliness]: ...
def timeliness(
    records: Iterable[SupportRecord],
    *,
    start: dt.date,
    end: dt.date,
    by: By = None,
    data_date: dt.date | None = None,
) -> Timeliness | Grouped[Timeliness]:
    """Timeliness of the steps that ended in [start, end).

    Args:
        records: Any iterable of records, consumed once.
        start: First day of the period.
        end: The day after the period.
        by: A dimension name, a tuple of names, or a key function of the record.
        data_date: The last day the data knows; see `review_frequency`.

    Raises:
        ValidationError: The period is empty or starts after ``data_date``, or a
            record has an event after it.
    """
    acc = timeliness_accumulator(start=start, end=end, by=by, data_date=data_date)
    return acc.add_all(records).result()
