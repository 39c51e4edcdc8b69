"""Provision impact from the tables, by provision name: the pupils, sessions and
minutes in place in the period, the gains from entry to exit, and the reviews'
ratings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from fractions import Fraction

import polars as pl

from ..metrics._core import Tally
from ._derived import _days, _Derived
from ._tallies import _counts

_DAY = pl.duration(days=1)

_RATING_FIELD = {
    "no_change": "rated_no_change",
    "some_impact": "rated_some_impact",
    "effective": "rated_effective",
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
