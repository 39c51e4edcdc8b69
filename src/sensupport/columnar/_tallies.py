"""The collected frames as the library's tallies and grouped summaries: the steps
every metric's counts share.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any, TypeVar

import polars as pl

from ..metrics import Coverage, Grouped
from ..metrics._core import Summary, Tally

S = TypeVar("S", bound=Summary)


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


def _count_groups(frame: pl.DataFrame, tallies: dict[Hashable, Tally]) -> None:
    """Add each row's counts to its ``group``'s tally."""
    for row in frame.iter_rows(named=True):
        group = row.pop("group")
        _counts(row, tallies.setdefault(group, Tally()))
