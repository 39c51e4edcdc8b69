"""The classes' cross-field rules that compare columns, checked on the laid-out
tables with polars: the records whose targets, provisions, reviews, outcomes or
ratings break one.
"""

from __future__ import annotations

import polars as pl

from ._layout import _Flat
from ._machine import _ENDING, _MET


def _flagged_by_columns(flat: _Flat) -> set[int]:
    """The records a cross-field rule of their classes refuses, found column by column."""
    found: set[int] = set()

    def add(frame: pl.DataFrame) -> None:
        found.update(frame.get_column("_rec").to_list())

    targets = flat.frame("targets", _review_due=flat.plan_review_due)
    plans = flat.frame("plans").select("_rec", "seq", "agreed_on")
    targets = targets.join(plans, on=["_rec", "seq"], how="left")
    add(
        targets.filter(
            (pl.col("due_on") <= pl.col("set_on"))  # target.due_before_set
            | (~pl.col("long_term") & (pl.col("due_on") > pl.col("_review_due")))
            | (pl.col("set_on") > pl.col("agreed_on"))  # target_set_after_agreement
        )
    )
    add(_repeats(targets, "target_id"))  # plan.target.duplicate_id

    provisions = flat.frame(
        "provisions", _exit_scale=flat.exit_scale, _group_size=flat.group_size
    )
    sessions, minutes = pl.col("sessions_per_week"), pl.col("minutes_per_session")
    add(
        provisions.filter(
            (pl.col("ends_on") < pl.col("starts_on")).fill_null(False)
            | (pl.col("exit_on") < pl.col("entry_on")).fill_null(False)
            | (
                pl.col("entry_on").is_not_null()
                & pl.col("exit_on").is_not_null()
                & (pl.col("scale") != pl.col("_exit_scale"))
            )
            | (pl.col("_group_size") < 1)
            | (sessions < 1).fill_null(False)
            | (minutes < 1).fill_null(False)
            | (sessions.is_null() != minutes.is_null())
        )
    )
    add(_repeats(provisions, "provision_id"))  # plan.provision.duplicate_id

    reviews = flat.frame("reviews")
    nxt = pl.col("next_review_due_on")
    add(
        reviews.filter(
            (nxt <= pl.col("held_on")).fill_null(False)  # review.next_not_after
            | (nxt.is_not_null() & pl.col("decision").is_in(list(_ENDING)))
        )
    )
    outcomes = flat.frame("outcomes").join(
        reviews.select("_rec", "seq", "held_on"), on=["_rec", "seq"], how="left"
    )
    achieved = pl.col("achieved_on")
    add(
        outcomes.filter(
            (achieved.is_not_null() & ~pl.col("attainment").is_in(list(_MET)))
            | (achieved > pl.col("held_on")).fill_null(False)
        )
    )
    add(_repeats(outcomes, "target_id"))  # review.outcome.duplicate_id
    add(_repeats(flat.frame("ratings"), "provision_id"))  # review.rating.duplicate_id
    return found


def _repeats(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    return frame.filter(pl.len().over("_rec", "seq", column) > 1)
