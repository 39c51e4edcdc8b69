"""Overdue reviews from the tables: each pupil with a plan in force whose review date
has passed by the as-of date.
"""

from __future__ import annotations

import polars as pl

from ._derived import _days, _Derived
from ._inputs import _KEY
from ._machine import STAYING


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
