"""The report's metric set from the columnar tables, with polars.

`columnar_summaries` works out from flat tables (the events and what their documents
hold, one table per kind of row) what the process would work out by replaying each
record, and counts the figures over the whole cohort in one lazy query plan, which
polars runs on every core. It returns the summaries the accumulators of
`sensupport.metrics` return, built from the same tallies: the same counts, histograms
and exact fractions, the same coverage. So a part of a cohort counted here merges
with a part counted record by record, and the whole equals the record-by-record
figures exactly.

The tables (``pupil_id`` and ``seq``, the event's place in its record from 0, key
every row; a plan, target, provision, review, outcome or rating carries the ``seq``
of the event that holds it):

- ``pupils``: ``pupil_id``, one row a record;
- ``events``: ``event`` (the event's type name), ``occurred_on``, ``outcome`` (an
  assessment's outcome or the authority's decision), ``decision`` (a review's),
  ``provision`` and ``provision_started_on`` (SEN history);
- ``needs``: ``rank``, ``need_type``, ``area``;
- ``plans``: ``agreed_on`` (null for a plan known only by its review date),
  ``review_due_on``;
- ``targets``: ``target_id``, ``area``, ``set_on``, ``due_on``;
- ``provisions``: ``provision_id``, ``name``, ``starts_on``, ``ends_on``,
  ``sessions_per_week``, ``minutes_per_session``, ``scale``, ``entry_value``,
  ``entry_on``, ``exit_value``, ``exit_on``;
- ``reviews``: ``held_on``;
- ``outcomes``: ``target_id``, ``attainment``, ``achieved_on``;
- ``ratings``: ``provision_id``, ``effectiveness``.

Dates are `polars.Date`, a missing value is null; other columns are ignored.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections import Counter
from collections.abc import Callable, Hashable, Mapping
from fractions import Fraction
from typing import Any, Literal, NamedTuple, NoReturn, TypeVar

try:
    import polars as pl
except ImportError as error:  # pragma: no cover - polars is an optional extra
    raise ImportError(
        "the columnar metrics need polars: pip install 'sensupport[columnar]' "
        "(or install polars)"
    ) from error

from .._validation import show
from ..calendar import DAYS_PER_YEAR, Cadence, CadenceKind
from ..errors import Problem, ValidationError
from ..metrics import (
    Coverage,
    Grouped,
    OverdueReview,
    OverdueReviews,
    Period,
    ProvisionImpact,
    ReviewFrequency,
    TargetAttainment,
    Timeliness,
    counted_period,
)
from ..metrics._core import Summary, Tally
from ..statutory import EHC_DECISION_WEEKS, EHC_PLAN_WEEKS
from ._machine import STAYING

__all__ = ["ColumnarSummaries", "columnar_summaries", "store_summaries"]

Frame = pl.LazyFrame | pl.DataFrame
GroupBy = Literal["area_of_need", "need_type"]

_KEY = ["pupil_id", "seq"]
_DAY = pl.duration(days=1)

# The columns each table needs, and their types. Whatever else a table holds is left.
_COLUMNS: dict[str, dict[str, pl.DataType]] = {
    "pupils": {"pupil_id": pl.String()},
    "events": {
        "pupil_id": pl.String(),
        "seq": pl.Int64(),
        "event": pl.String(),
        "occurred_on": pl.Date(),
        "outcome": pl.String(),
        "decision": pl.String(),
        "provision": pl.String(),
        "provision_started_on": pl.Date(),
    },
    "needs": {
        "pupil_id": pl.String(),
        "seq": pl.Int64(),
        "rank": pl.Int64(),
        "need_type": pl.String(),
        "area": pl.String(),
    },
    "plans": {
        "pupil_id": pl.String(),
        "seq": pl.Int64(),
        "agreed_on": pl.Date(),
        "review_due_on": pl.Date(),
    },
    "targets": {
        "pupil_id": pl.String(),
        "seq": pl.Int64(),
        "target_id": pl.String(),
        "area": pl.String(),
        "set_on": pl.Date(),
        "due_on": pl.Date(),
    },
    "provisions": {
        "pupil_id": pl.String(),
        "seq": pl.Int64(),
        "provision_id": pl.String(),
        "name": pl.String(),
        "starts_on": pl.Date(),
        "ends_on": pl.Date(),
        "sessions_per_week": pl.Int64(),
        "minutes_per_session": pl.Int64(),
        "scale": pl.String(),
        "entry_value": pl.Float64(),
        "entry_on": pl.Date(),
        "exit_value": pl.Float64(),
        "exit_on": pl.Date(),
    },
    "reviews": {"pupil_id": pl.String(), "seq": pl.Int64(), "held_on": pl.Date()},
    "outcomes": {
        "pupil_id": pl.String(),
        "seq": pl.Int64(),
        "target_id": pl.String(),
        "attainment": pl.String(),
        "achieved_on": pl.Date(),
    },
    "ratings": {
        "pupil_id": pl.String(),
        "seq": pl.Int64(),
        "provision_id": pl.String(),
        "effectiveness": pl.String(),
    },
}

_RATING_FIELD = {
    "no_change": "rated_no_change",
    "some_impact": "rated_some_impact",
    "effective": "rated_effective",
}
_ATTAINMENT_FIELDS = ("not_met", "partly_met", "met", "exceeded")
_INTERVALS = (
    "concern_to_decision",
    "decision_to_plan",
    "plan_to_review",
    "ehc_request_to_decision",
    "ehc_request_to_plan",
)

S = TypeVar("S", bound=Summary)


class ColumnarSummaries(NamedTuple):
    """The report's metric set, in the order the benchmarks' ``summarise`` gives it.

    A tuple of the library's own summaries, so it equals, and merges with, the same
    figures counted record by record.
    """

    frequency: ReviewFrequency
    overdue: OverdueReviews
    attainment: Grouped[TargetAttainment]
    impact: Grouped[ProvisionImpact]
    timeliness: Timeliness

    def merge(
        self,
        other: tuple[
            ReviewFrequency,
            OverdueReviews,
            Grouped[TargetAttainment],
            Grouped[ProvisionImpact],
            Timeliness,
        ],
    ) -> ColumnarSummaries:
        """Both parts together, summary by summary; exact, in any order.

        Raises:
            ValueError: The parts counted different periods or dates.
        """
        frequency, overdue, attainment, impact, timing = other
        return ColumnarSummaries(
            self.frequency.merge(frequency),
            self.overdue.merge(overdue),
            self.attainment.merge(attainment),
            self.impact.merge(impact),
            self.timeliness.merge(timing),
        )


def as_lazy(frame: Any) -> pl.LazyFrame:
    """A polars frame, lazy or not, or a pyarrow table (as `to_tables` gives), lazy."""
    if isinstance(frame, pl.LazyFrame):
        return frame
    if isinstance(frame, pl.DataFrame):
        return frame.lazy()
    found = pl.from_arrow(frame)
    assert isinstance(found, pl.DataFrame)  # a table, not a single column
    return found.lazy()


def _typed(
    tables: Mapping[str, Any],
    wanted: Mapping[str, Mapping[str, pl.DataType]] = _COLUMNS,
    who: str = "the columnar metrics need",
) -> dict[str, pl.LazyFrame]:
    """The ``wanted`` columns of each table, cast to their types."""
    missing = [name for name in wanted if name not in tables]
    if missing:
        raise ValueError(f"{who} the tables {', '.join(missing)}")
    return {
        name: as_lazy(tables[name]).select(
            pl.col(column).cast(kind) for column, kind in columns.items()
        )
        for name, columns in wanted.items()
    }


def _days(later: pl.Expr, earlier: pl.Expr) -> pl.Expr:
    return (later - earlier).dt.total_days()


def _histogram(frame: pl.LazyFrame, days: pl.Expr) -> pl.LazyFrame:
    return frame.select(days.alias("days")).drop_nulls().group_by("days").len()


def _due_offsets(cadence: Cadence, longest: int) -> pl.LazyFrame:
    """Days from the start of a time on support, less one, on which reviews fall due
    (as `Cadence.due_dates` works them out), each with how many are due by then."""
    if cadence.kind is CadenceKind.PER_YEAR:
        step = DAYS_PER_YEAR / cadence.every
    elif cadence.kind is CadenceKind.EVERY_WEEKS:
        step = 7 * cadence.every
    else:
        raise ValueError(
            f"a {cadence} cadence needs a school calendar, which the columnar "
            "metrics do not take; count it record by record"
        )
    n = range(1, int(longest / step) + 3)
    return pl.LazyFrame(
        {"offset": [math.floor(k * step) - 1 for k in n], "due": list(n)},
        schema={"offset": pl.Int64, "due": pl.Int64},
    )


class _Derived:
    """What replaying each record would work out, as lazy frames."""

    def __init__(
        self, t: dict[str, pl.LazyFrame], period: Period, as_of: dt.date
    ) -> None:
        self.t = t
        self.start, self.end, self.as_of = period.start, period.end, as_of
        events = t["events"].sort(_KEY)
        self.events = events
        kind = pl.col("event")
        self.opened = events.filter(pl.col("seq") == 0).select(
            "pupil_id", opened="occurred_on", opening="event"
        )
        ends = (
            ((kind == "AssessmentCompleted") & (pl.col("outcome") == "not_sen"))
            | ((kind == "ReviewHeld") & (pl.col("decision") == "end_support"))
            | (kind == "SupportEnded")
        )
        history = kind == "SENHistoryReceived"
        history_ehc = history & (pl.col("provision") == "E")
        # A record closes once: support ends, or an EHC plan is issued, or it opens
        # from the history of an EHC plan in place (closed the day that began).
        self.ended_on = (
            events.filter(ends | (kind == "EHCPlanIssued") | history_ehc)
            .group_by("pupil_id")
            .agg(
                ended_on=pl.when(history_ehc)
                .then(pl.col("provision_started_on"))
                .otherwise(pl.col("occurred_on"))
                .min()
            )
        )
        # The census provision code's changes. SEN history gives the code in place
        # since a date on or before the record opens; earlier provision ends before
        # that, so counts for nothing here, as time before the record opened does not.
        changes = pl.concat(
            [
                events.filter(history).select(
                    "pupil_id", "seq", on="provision_started_on", code="provision"
                ),
                _coded(
                    events,
                    (kind == "AssessmentCompleted")
                    & (pl.col("outcome") == "sen_support"),
                    "K",
                ),
                _coded(events, ends, "N"),
                _coded(events, kind == "EHCPlanIssued", "E"),
            ]
        ).sort(_KEY)
        self.changes = changes
        before = pl.col("code").shift(1).over("pupil_id").fill_null("N")
        self.support = (
            changes.filter(pl.col("code") != before)
            .with_columns(b=pl.col("on").shift(-1).over("pupil_id"))
            .filter(pl.col("code") == "K")
            .select("pupil_id", a="on", b="b")
        )
        plans = t["plans"].rename({"seq": "plan_seq"})
        # A review reviews the latest plan before it.
        self.reviews = (
            t["reviews"]
            .rename({"seq": "review_seq"})
            .sort("review_seq")
            .join_asof(
                plans.select("pupil_id", "plan_seq").sort("plan_seq"),
                left_on="review_seq",
                right_on="plan_seq",
                by="pupil_id",
                check_sortedness=False,  # sorted on the key, so in each group
                strategy="backward",
                allow_exact_matches=False,
            )
        )
        self.cycles = plans.join(
            self.reviews.select("pupil_id", "plan_seq", "review_seq", "held_on"),
            on=["pupil_id", "plan_seq"],
            how="left",
        ).sort(["pupil_id", "plan_seq"])

    def in_period(self, column: str | pl.Expr) -> pl.Expr:
        date = pl.col(column) if isinstance(column, str) else column
        return (date >= self.start) & (date < self.end)

    def register(self) -> pl.LazyFrame:
        """Each change of the needs register, with its primary need's area and type:
        an assessment or advice naming needs, or SEN history, whatever it holds."""
        events = self.events
        primary = (
            self.t["needs"]
            .filter(pl.col("rank") == 1)
            .select(*_KEY, "area", "need_type")
        )
        history = events.filter(pl.col("event") == "SENHistoryReceived").select(
            *_KEY,
            area=pl.lit(None, pl.String),
            need_type=pl.lit(None, pl.String),
        )
        return (
            pl.concat([primary, history])
            .unique(_KEY, keep="first", maintain_order=True)
            .join(events.select(*_KEY, "occurred_on"), on=_KEY)
            .sort(_KEY)
            # Several changes in a day: the register at the end of the day.
            .unique(["pupil_id", "occurred_on"], keep="last", maintain_order=True)
            .select(
                "pupil_id",
                "occurred_on",
                register_area="area",
                register_type="need_type",
            )
            .sort("occurred_on")
        )


def _coded(events: pl.LazyFrame, where: pl.Expr, code: str) -> pl.LazyFrame:
    return events.filter(where).select(
        "pupil_id", "seq", on="occurred_on", code=pl.lit(code, pl.String)
    )


def _frequency(d: _Derived, cadence: Cadence | None) -> dict[str, pl.LazyFrame]:
    cycles = d.cycles.with_columns(
        previous=pl.coalesce(
            pl.col("held_on").shift(1).forward_fill().over("pupil_id"),
            pl.col("agreed_on").cum_min().forward_fill().over("pupil_id"),
        )
    )
    reviewed = cycles.filter(pl.col("held_on").is_not_null() & d.in_period("held_on"))
    # Time on support inside the period, from the day the record opened.
    windows = (
        d.support.join(d.opened, on="pupil_id")
        .select(
            "pupil_id",
            a=pl.max_horizontal("a", "opened", pl.lit(d.start)),
            b=pl.min_horizontal(pl.col("b").fill_null(d.end), pl.lit(d.end)),
        )
        .filter(pl.col("b") > pl.col("a"))
        .with_columns(length=_days(pl.col("b"), pl.col("a")))
    )
    if cadence is None:
        due = (
            windows.group_by("pupil_id")
            .agg(pl.col("length").sum())
            .with_columns(due=pl.lit(None, pl.Int64))
        )
    else:
        due = (
            windows.sort("length")
            .join_asof(
                _due_offsets(cadence, (d.end - d.start).days),
                left_on="length",
                right_on="offset",
                strategy="backward",
                allow_exact_matches=False,
            )
            .group_by("pupil_id")
            .agg(pl.col("due").fill_null(0).sum(), pl.col("length").sum())
        )
    held = (
        d.reviews.select("pupil_id", "held_on")
        .join(windows, on="pupil_id")
        .filter((pl.col("held_on") >= pl.col("a")) & (pl.col("held_on") < pl.col("b")))
        .group_by("pupil_id")
        .len("held")
    )
    pupils = (
        due.join(held, on="pupil_id", how="left")
        .with_columns(pl.col("held").fill_null(0))
        .select(
            pupils=pl.len(),
            support_days=pl.col("length").sum(),
            pupils_with_cadence_due=(pl.col("due") > 0).sum(),
            pupils_meeting_cadence=(
                (pl.col("due") > 0) & (pl.col("held") >= pl.col("due"))
            ).sum(),
            pupils_with_nothing_due=(pl.col("due") == 0).sum(),
        )
    )
    return {
        "frequency_reviews": reviewed.select(reviews=pl.len()),
        "frequency_pupils": pupils,
        "frequency_intervals": _histogram(
            reviewed, _days(pl.col("held_on"), pl.col("previous"))
        ),
    }


def _overdue(d: _Derived) -> dict[str, pl.LazyFrame]:
    # In "do" at the end of the as-of date: the last event by then that moves the
    # record agreed a plan, or opened it from history with a plan in force.
    last = (
        d.events.filter(
            (pl.col("occurred_on") <= d.as_of) & ~pl.col("event").is_in(STAYING)
        )
        .filter(pl.col("seq") == pl.col("seq").max().over("pupil_id"))
        .filter(
            (pl.col("event") == "PlanAgreed")
            | ((pl.col("event") == "SENHistoryReceived") & (pl.col("provision") != "E"))
        )
    )
    return {
        "overdue": last.select(_KEY)
        .join(d.t["plans"], on=_KEY)
        .filter(pl.col("review_due_on") < d.as_of)
        .select(
            "pupil_id",
            due_on="review_due_on",
            days=_days(pl.lit(d.as_of), pl.col("review_due_on")),
        )
    }


Keyed = Callable[[pl.LazyFrame, pl.Expr], pl.LazyFrame]
"""Gives a frame its ``group`` column, from the date of the event each row counts
(and whatever else the frame holds): how a summary is split."""


def whole(frame: pl.LazyFrame, on: pl.Expr) -> pl.LazyFrame:
    """No split: every row in the group None."""
    return frame.with_columns(group=pl.lit(None, pl.String))


def _by_need(by: GroupBy) -> Keyed:
    if by == "area_of_need":
        # A target's own area, else the primary need's.
        group = pl.coalesce("area", "register_area", pl.lit("none"))
    else:
        group = pl.coalesce("register_type", pl.lit("none"))
    return lambda frame, on: frame.with_columns(group=group)


def _attainment(d: _Derived, keyed: Keyed, name: str) -> dict[str, pl.LazyFrame]:
    targets = (
        d.t["targets"]
        .rename({"seq": "plan_seq"})
        .join(
            d.cycles.filter(pl.col("agreed_on").is_not_null()),
            on=["pupil_id", "plan_seq"],
        )
        .join(
            d.t["outcomes"].rename({"seq": "review_seq"}),
            on=["pupil_id", "review_seq", "target_id"],
            how="left",
        )
        .join(d.ended_on, on="pupil_id", how="left")
        .with_columns(
            reviewed=pl.col("held_on").is_not_null() & d.in_period("held_on"),
            past_due=~(pl.col("held_on") < d.end).fill_null(False)
            & (pl.col("due_on") < d.end)
            & (pl.col("agreed_on") < d.end)
            & ~(pl.col("ended_on") <= pl.col("due_on")).fill_null(False),
        )
        .filter(pl.col("reviewed") | pl.col("past_due"))
        # The needs register in force when the target was set.
        .sort("set_on")
        .join_asof(
            d.register(),
            left_on="set_on",
            right_on="occurred_on",
            by="pupil_id",
            check_sortedness=False,  # sorted on the key, so in each group
            strategy="backward",
        )
    )
    done_on = pl.coalesce("achieved_on", "held_on")
    met = pl.col("attainment").is_in(["met", "exceeded"])
    reviewed = pl.col("reviewed")
    # A target reviewed counts at its review, one past due at its due date.
    on = pl.when(reviewed).then(pl.col("held_on")).otherwise(pl.col("due_on"))
    return {
        name: keyed(targets, on)
        .group_by("group")
        .agg(
            *(
                (reviewed & (pl.col("attainment") == name)).sum().alias(name)
                for name in _ATTAINMENT_FIELDS
            ),
            met_in_time=(reviewed & met & (done_on <= pl.col("due_on"))).sum(),
            past_due_without_outcome=pl.col("past_due").sum(),
        )
    }


def _impact(d: _Derived) -> dict[str, pl.LazyFrame]:
    p = (
        d.t["provisions"]
        .rename({"seq": "plan_seq"})
        .join(
            d.cycles.select("pupil_id", "plan_seq", "held_on"),
            on=["pupil_id", "plan_seq"],
        )
        .join(d.ended_on, on="pupil_id", how="left")
    )
    # In place from its start to the day after its planned end, the plan's review or
    # the record's closing, whichever is first, inside the period.
    placed = (
        p.with_columns(
            end=pl.min_horizontal(
                pl.lit(d.end), pl.col("ends_on") + _DAY, "held_on", "ended_on"
            ),
            start=pl.max_horizontal("starts_on", pl.lit(d.start)),
        )
        .filter(pl.col("start") < pl.col("end"))
        .with_columns(days=_days(pl.col("end"), pl.col("start")))
    )
    timed = (pl.col("sessions_per_week").fill_null(0) != 0) & (
        pl.col("minutes_per_session").fill_null(0) != 0
    )
    sessions = ((pl.col("days") + 6) // 7) * pl.col("sessions_per_week")
    in_place = placed.group_by("name").agg(
        pupils=pl.col("pupil_id").n_unique(),
        sessions=sessions.filter(timed).sum(),
        minutes=(sessions * pl.col("minutes_per_session")).filter(timed).sum(),
    )
    gains = (
        p.filter(
            pl.col("entry_value").is_not_null()
            & pl.col("exit_value").is_not_null()
            & d.in_period("exit_on")
        )
        .select(
            "name",
            "scale",
            "entry_value",
            "exit_value",
            days=_days(pl.col("exit_on"), pl.col("entry_on")),
        )
        .group_by("name", "scale", "entry_value", "exit_value", "days")
        .len()
    )
    ratings = (
        d.t["ratings"]
        .rename({"seq": "review_seq"})
        .join(
            d.reviews.select("pupil_id", "review_seq", "plan_seq", "held_on"),
            on=["pupil_id", "review_seq"],
        )
        .filter(d.in_period("held_on"))
        .join(
            d.t["provisions"].select(
                "pupil_id", "provision_id", "name", plan_seq="seq"
            ),
            on=["pupil_id", "plan_seq", "provision_id"],
        )
        .group_by("name", "effectiveness")
        .len()
    )
    return {
        "impact_names": p.select(pl.col("name").unique()),
        "impact_in_place": in_place,
        "impact_gains": gains,
        "impact_ratings": ratings,
    }


def _timeliness(d: _Derived, keyed: Keyed, name: str) -> dict[str, pl.LazyFrame]:
    """Timeliness's counts and histograms, each by group, as ``name`` and
    ``name.<part>``."""
    kind = pl.col("event")
    events = d.events.join(d.opened, on="pupil_id")
    # Records opened by a concern (not from history): the concern to the first
    # decision, and the first decision for SEN support to the first plan.
    from_concern = events.filter(pl.col("opening") != "SENHistoryReceived")
    assessed = from_concern.filter(kind == "AssessmentCompleted")

    def first(frame: pl.LazyFrame, name: str) -> pl.LazyFrame:
        return frame.group_by("pupil_id").agg(
            pl.col("occurred_on").sort_by("seq").first().alias(name),
            pl.col("opened").first(),
        )

    decided = first(
        assessed.filter(pl.col("outcome") != "specialist_advice_needed"), "decided"
    ).filter(d.in_period("decided"))
    support = first(assessed.filter(pl.col("outcome") == "sen_support"), "support")
    plan = first(from_concern.filter(kind == "PlanAgreed"), "plan").drop("opened")
    both = support.join(plan, on="pupil_id").filter(d.in_period("plan"))
    reviewed = d.cycles.filter(pl.col("held_on").is_not_null() & d.in_period("held_on"))
    requests = (
        d.events.filter(kind == "EHCNeedsAssessmentRequested")
        .select("pupil_id", "seq", requested_on="occurred_on")
        .sort("seq")
    )

    def since_request(name: str) -> pl.LazyFrame:
        # Each decision or plan since the latest request before it.
        return (
            d.events.filter(kind == name)
            .sort("seq")
            .join_asof(
                requests,
                on="seq",
                by="pupil_id",
                check_sortedness=False,  # sorted on the key, so in each group
                strategy="backward",
                allow_exact_matches=False,
            )
            .filter(pl.col("requested_on").is_not_null() & d.in_period("occurred_on"))
            .select(
                "pupil_id",
                "occurred_on",
                days=_days(pl.col("occurred_on"), pl.col("requested_on")),
            )
        )

    decisions = since_request("EHCNeedsAssessmentDecided")
    ehc_plans = since_request("EHCPlanIssued")
    on = pl.col("on")

    def counts(frame: pl.LazyFrame, **fields: pl.Expr) -> pl.LazyFrame:
        return keyed(frame, on).group_by("group").agg(**fields)

    def histogram(frame: pl.LazyFrame, days: pl.Expr) -> pl.LazyFrame:
        # Each interval counts at the event that ends it.
        return keyed(frame.with_columns(days=days), on).group_by("group", "days").len()

    history = d.opened.filter(
        (pl.col("opening") == "SENHistoryReceived") & (pl.col("opened") < d.end)
    ).with_columns(on=pl.col("opened"))
    held = reviewed.filter(pl.col("review_due_on").is_not_null()).with_columns(
        on=pl.col("held_on")
    )
    decisions = decisions.with_columns(on=pl.col("occurred_on"))
    ehc_plans = ehc_plans.with_columns(on=pl.col("occurred_on"))
    return {
        f"{name}.opened": counts(history, opened_from_history=pl.len()),
        f"{name}.held": counts(
            held,
            reviews_held=pl.len(),
            reviews_by_due_date=(pl.col("held_on") <= pl.col("review_due_on")).sum(),
        ),
        f"{name}.decisions": counts(
            decisions,
            ehc_decisions_within_6_weeks=(
                pl.col("days") <= EHC_DECISION_WEEKS * 7
            ).sum(),
        ),
        f"{name}.ehc_plans": counts(
            ehc_plans,
            ehc_plans_within_20_weeks=(pl.col("days") <= EHC_PLAN_WEEKS * 7).sum(),
        ),
        f"{name}.concern_to_decision": histogram(
            decided.with_columns(on=pl.col("decided")),
            _days(pl.col("decided"), pl.col("opened")),
        ),
        f"{name}.decision_to_plan": histogram(
            both.with_columns(on=pl.col("plan")),
            _days(pl.col("plan"), pl.col("support")),
        ),
        # A plan known only by its review date has no agreement to count from.
        f"{name}.plan_to_review": histogram(
            reviewed.filter(pl.col("agreed_on").is_not_null()).with_columns(
                on=pl.col("held_on")
            ),
            _days(pl.col("held_on"), pl.col("agreed_on")),
        ),
        f"{name}.ehc_request_to_decision": histogram(decisions, pl.col("days")),
        f"{name}.ehc_request_to_plan": histogram(ehc_plans, pl.col("days")),
    }


def _timeliness_tallies(
    r: Mapping[str, pl.DataFrame], name: str
) -> dict[Hashable, Tally]:
    tallies: dict[Hashable, Tally] = {}
    for part in ("opened", "held", "decisions", "ehc_plans"):
        _count_groups(r[f"{name}.{part}"], tallies)
    for interval in _INTERVALS:
        for group, days, n in r[f"{name}.{interval}"].iter_rows():
            tallies.setdefault(group, Tally()).observe(interval, int(days), int(n))
    return tallies


def _latest(d: _Derived) -> pl.LazyFrame:
    """The record whose latest event is the latest of all, with that event's date."""
    return (
        d.events.group_by("pupil_id")
        .agg(pl.col("occurred_on").max())
        .sort("occurred_on", "pupil_id", descending=[True, False])
        .head(1)
    )


def _counts(row: Mapping[str, Any], tally: Tally) -> Tally:
    for name, value in row.items():
        tally.add(name, int(value or 0))
    return tally


def _observe(tally: Tally, name: str, frame: pl.DataFrame) -> None:
    for days, n in frame.iter_rows():
        tally.observe(name, int(days), int(n))


def _grouped(
    summary: type[S], by: str, tallies: Mapping[Hashable, Tally], coverage: Coverage
) -> Grouped[S]:
    return Grouped(
        by,
        {key: summary.from_tally(tally, coverage) for key, tally in tallies.items()},
        coverage,
    )


def _gain(entry: float, exit_: float) -> Fraction:
    return Fraction(exit_) - Fraction(entry)


def _impact_tallies(r: Mapping[str, pl.DataFrame]) -> dict[Hashable, Tally]:
    # Every provision of every plan makes its group, counted or not, as the
    # accumulator makes one for each provision it looks at.
    tallies: dict[Hashable, Tally] = {
        name: Tally() for name in r["impact_names"]["name"].to_list()
    }
    for row in r["impact_in_place"].iter_rows(named=True):
        _counts({k: v for k, v in row.items() if k != "name"}, tallies[row["name"]])
    for name, scale, entry, exit_, days, n in r["impact_gains"].iter_rows():
        item = (scale, _gain(entry, exit_), int(days))
        counter = tallies[name].items.setdefault("gains", Counter())
        counter[item] += int(n)
    for name, effectiveness, n in r["impact_ratings"].iter_rows():
        tallies[name].add(_RATING_FIELD[effectiveness], int(n))
    return tallies


def columnar_summaries(
    tables: Mapping[str, pl.LazyFrame | pl.DataFrame],
    *,
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
    data_date: dt.date | None,
    cadence: Cadence | None,
    by: GroupBy = "area_of_need",
) -> ColumnarSummaries:
    """The report's metric set over the columnar tables: the summaries the library's
    accumulators give for the same records, exactly.

    Review frequency (against ``cadence``), review timeliness and the EHC clocks,
    target attainment split ``by`` the area of need (or the primary need's type),
    and provision impact by provision name, over [start, end) counted to the end of
    the data date at most; and the reviews overdue at the end of ``as_of`` (at most
    the data date), one for each pupil overdue. The overdue reviews carry the
    period's coverage, as the report's metric set gives them, so that they merge with
    its other parts.

    Args:
        tables: The tables, lazy or not, by name (see the module's text).
        start: First day of the period.
        end: The day after the period.
        as_of: The date the overdue reviews are counted at.
        data_date: The last day the data knows (the extract date); None for the
            latest event in the tables.
        cadence: The cadence pupils should be reviewed at, every N weeks or N times
            a year; None to count no cadence.
        by: What target attainment is split by: ``"area_of_need"`` or
            ``"need_type"``.

    Raises:
        ValueError: A table is missing; ``by`` is not a split the tables give; or the
            cadence is termly or half-termly (it needs a school calendar).
        ValidationError: The period is empty or starts after ``data_date``, a
            record has an event after it (``data_date.before_event``), or a pupil
            has two records (``tables.repeated_pupil``).
    """
    if by not in ("area_of_need", "need_type"):
        raise ValueError(f"cannot split target attainment by {by!r} from the tables")
    if cadence is not None and cadence.kind not in (
        CadenceKind.PER_YEAR,
        CadenceKind.EVERY_WEEKS,
    ):
        _due_offsets(cadence, 0)  # raises: a calendar is needed
    period, asked = counted_period(start, end, data_date)
    typed = read_once(_typed(tables))
    refuse_repeated_pupils(typed["pupils"])
    overdue_on = as_of if data_date is None else min(as_of, data_date)
    d = _Derived(typed, period, overdue_on)
    plans: dict[str, pl.LazyFrame] = {
        "records": typed["pupils"].select(pl.len()),
        "latest": _latest(d),
        **_frequency(d, cadence),
        **_overdue(d),
        **_attainment(d, _by_need(by), "attainment"),
        **_impact(d),
        **_timeliness(d, whole, "timeliness"),
    }
    r = dict(zip(plans, pl.collect_all(list(plans.values())), strict=True))

    records = int(r["records"].item())
    latest = checked_latest(r["latest"], data_date)
    known = (data_date or latest) if records else None
    coverage = Coverage(records=records, data_date=known, period=period, asked=asked)

    frequency = _frequency_tally(r)

    overdue = OverdueReviews(
        items=tuple(
            sorted(
                OverdueReview(due_on=due_on, pupil_id=pupil_id, days_overdue=int(days))
                for pupil_id, due_on, days in r["overdue"].iter_rows()
            )
        ),
        coverage=coverage,
    )

    attainment = _attainment_tallies(r, "attainment")
    timing = _timeliness_tallies(r, "timeliness").get(None, Tally())

    return ColumnarSummaries(
        ReviewFrequency.from_tally(frequency, coverage),
        overdue,
        _grouped(TargetAttainment, by, attainment, coverage),
        _grouped(ProvisionImpact, "provision", _impact_tallies(r), coverage),
        Timeliness.from_tally(timing, coverage),
    )


def read_once(typed: dict[str, pl.LazyFrame]) -> dict[str, pl.LazyFrame]:
    """The tables read, each once, before the many plans that use them: scanning a
    part's files again for each plan cost more than the count itself on parts of a
    few hundred records."""
    read = pl.collect_all(list(typed.values()))
    return {name: frame.lazy() for name, frame in zip(typed, read, strict=True)}


def refuse_repeated_pupils(pupils: pl.LazyFrame) -> None:
    """Refuse tables in which a pupil has two records: every row is keyed by the
    pupil's id, so their rows would be taken for one record's.

    Raises:
        ValidationError: A pupil id is repeated (``tables.repeated_pupil``); the
            first by id is named.
    """
    repeated = (
        pupils.group_by("pupil_id")
        .len()
        .filter(pl.col("len") > 1)
        .sort("pupil_id")
        .head(1)
        .collect()
    )
    if repeated.height:
        pupil_id, n = repeated.row(0)
        raise ValidationError(
            [
                Problem(
                    code="tables.repeated_pupil",
                    message=f"pupil {pupil_id!r} has {n} records in one set of "
                    "tables, which key every row by the pupil's id: count them in "
                    "separate parts, or record by record",
                    path="pupils.pupil_id",
                )
            ],
            summary="a pupil with more than one record",
        )


def checked_latest(latest: pl.DataFrame, data_date: dt.date | None) -> dt.date | None:
    """The latest event's date (`_latest`'s row), refused if after ``data_date``."""
    if not latest.height:
        return None
    pupil_id, found = latest.row(0)
    if data_date is not None and found is not None and found > data_date:
        _refuse(data_date, found, pupil_id)
    return found  # type: ignore[no-any-return]


def _frequency_tally(r: Mapping[str, pl.DataFrame]) -> Tally:
    frequency = _counts(
        {
            "reviews": r["frequency_reviews"].item(),
            **r["frequency_pupils"].row(0, named=True),
        },
        Tally(),
    )
    _observe(frequency, "intervals", r["frequency_intervals"])
    return frequency


def _attainment_tallies(
    r: Mapping[str, pl.DataFrame], name: str
) -> dict[Hashable, Tally]:
    tallies: dict[Hashable, Tally] = {}
    _count_groups(r[name], tallies)
    return tallies


def _count_groups(frame: pl.DataFrame, tallies: dict[Hashable, Tally]) -> None:
    """Add each row's counts to its ``group``'s tally."""
    for row in frame.iter_rows(named=True):
        group = row.pop("group")
        _counts(row, tallies.setdefault(group, Tally()))


def _refuse(data_date: dt.date, event_on: dt.date, pupil_id: str) -> NoReturn:
    raise ValidationError(
        [
            Problem(
                code="data_date.before_event",
                message=f"data date {show(data_date)} is before the event on "
                f"{show(event_on)} of pupil {pupil_id!r}: the data date is the last "
                "day the data knows",
                path="data_date",
            )
        ],
        summary="data date before the data",
    )


def store_summaries(
    directory: str | os.PathLike[str],
    *,
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
    data_date: dt.date | None,
    cadence: Cadence | None,
    by: GroupBy = "area_of_need",
) -> ColumnarSummaries:
    """`columnar_summaries` of a store, counted part by part and merged: the same
    summaries as over the whole, in the memory of one part at a time.

    Raises:
        As `columnar_summaries` and `scan_store_parts`.
    """
    from ._store import scan_store_parts

    found: ColumnarSummaries | None = None
    for tables in scan_store_parts(directory):
        part = columnar_summaries(
            tables,
            start=start,
            end=end,
            as_of=as_of,
            data_date=data_date,
            cadence=cadence,
            by=by,
        )
        found = part if found is None else found.merge(part)
    assert found is not None  # a store has one part at least
    return found
