"""The tables the columnar metrics read: the columns each needs and their types, read
once as lazy frames, and refused where a pupil has two records.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from ..errors import Problem, ValidationError

_KEY = ["pupil_id", "seq"]

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
