"""Review frequency from the tables: the reviews held in the period and the intervals
between them, and each pupil's reviews due by the cadence against those held while
on SEN support.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import polars as pl

from ..calendar import DAYS_PER_YEAR, Cadence, CadenceKind
from ..metrics._core import Tally
from ._derived import _days, _Derived
from ._tallies import _counts, _observe


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
