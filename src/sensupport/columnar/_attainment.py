"""Target attainment from the tables: each target reviewed in the period, or past its
due date without an outcome, counted in its group.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

import polars as pl

from ..metrics._core import Tally
from ._derived import _Derived
from ._groups import Keyed
from ._tallies import _count_groups

_ATTAINMENT_FIELDS = ("not_met", "partly_met", "met", "exceeded")


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


def _attainment_tallies(
    r: Mapping[str, pl.DataFrame], name: str
) -> dict[Hashable, Tally]:
    tallies: dict[Hashable, Tally] = {}
    _count_groups(r[name], tallies)
    return tallies
