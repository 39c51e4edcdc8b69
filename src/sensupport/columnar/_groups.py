"""How a metric's counts are split: the ``group`` column a query gives its rows, one
group for all, or the area or type of need.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import polars as pl

GroupBy = Literal["area_of_need", "need_type"]

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
