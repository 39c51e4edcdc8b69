"""The data date against the tables: the latest event of all, refused if it falls
after the data date.
"""

from __future__ import annotations

import datetime as dt
from typing import NoReturn

import polars as pl

from .._validation import show
from ..errors import Problem, ValidationError
from ._derived import _Derived


def _latest(d: _Derived) -> pl.LazyFrame:
    """The record whose latest event is the latest of all, with that event's date."""
    return (
        d.events.group_by("pupil_id")
        .agg(pl.col("occurred_on").max())
        .sort("occurred_on", "pupil_id", descending=[True, False])
        .head(1)
    )


def checked_latest(latest: pl.DataFrame, data_date: dt.date | None) -> dt.date | None:
    """The latest event's date (`_latest`'s row), refused if after ``data_date``."""
    if not latest.height:
        return None
    pupil_id, found = latest.row(0)
    if data_date is not None and found is not None and found > data_date:
        _refuse(data_date, found, pupil_id)
    return found  # type: ignore[no-any-return]


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
