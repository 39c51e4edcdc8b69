"""What replaying each record would work out, from the tables: when it opened and
closed, the census provision code's changes and the time on SEN support, the plan
each review reviews, and the needs register.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from ..metrics import Period
from ._inputs import _KEY


def _days(later: pl.Expr, earlier: pl.Expr) -> pl.Expr:
    return (later - earlier).dt.total_days()


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
