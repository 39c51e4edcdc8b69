"""What every metric shares: periods, tallies, mergeable summaries, grouping.

A metric walks each record once and counts into a `Tally`: whole numbers, integer
histograms and lists. A summary is a frozen snapshot of a tally. Tallies and summaries
merge by adding their counts, so a summary computed over partitions and merged equals
the summary computed over the whole, exactly, in any order.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from typing import Any, Generic, Self, TypeVar

import attrs

from .._validation import Checked, Checks, show
from ..codes import KeyStage
from ..needs import primary_need
from ..plans import Provision, Target
from ..process.record import Cycle, SupportRecord

__all__ = [
    "DIMENSIONS",
    "Accumulator",
    "Context",
    "Grouped",
    "Period",
    "Summary",
    "Tally",
]

HISTOGRAM = {"sensupport.merge": "histogram"}
"""Field metadata: a histogram, stored as sorted (value, count) pairs."""
ITEMS = {"sensupport.merge": "items"}
"""Field metadata: a list of (hashable) items, stored sorted."""


@attrs.frozen(kw_only=True)
class Period(Checked):
    """A half-open period of dates: ``start`` counts, ``end`` does not."""

    start: dt.date
    end: dt.date

    def _check(self, checks: Checks) -> None:
        if self.end <= self.start:
            checks.add(
                "end",
                "period.empty",
                f"period ends on {show(self.end)}, not after it starts on "
                f"{show(self.start)}",
            )

    def __contains__(self, date: object) -> bool:
        return isinstance(date, dt.date) and self.start <= date < self.end

    def overlap_days(self, start: dt.date, end: dt.date) -> int:
        """Days of [start, end) that fall inside the period."""
        return max(0, (min(end, self.end) - max(start, self.start)).days)

    def __str__(self) -> str:
        return f"{self.start.isoformat()} to {self.end.isoformat()} (exclusive)"


class Tally:
    """Mutable counts for one summary: whole numbers, histograms and item lists.

    Items are counted, not listed: a tally holds each distinct item once, so its size
    follows the variety of the data, not the number of records.
    """

    __slots__ = ("counts", "histograms", "items")

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.histograms: dict[str, Counter[int]] = {}
        self.items: dict[str, Counter[Any]] = {}

    def add(self, field: str, n: int = 1) -> None:
        self.counts[field] += n

    def observe(self, field: str, value: int, n: int = 1) -> None:
        self.histograms.setdefault(field, Counter())[value] += n

    def append(self, field: str, item: Any) -> None:
        self.items.setdefault(field, Counter())[item] += 1

    def merge(self, other: Tally) -> None:
        self.counts.update(other.counts)
        for field, histogram in other.histograms.items():
            self.histograms.setdefault(field, Counter()).update(histogram)
        for field, items in other.items.items():
            self.items.setdefault(field, Counter()).update(items)


S = TypeVar("S", bound="Summary")


@attrs.frozen(kw_only=True)
class Summary:
    """Base of the metric summaries: frozen, mergeable, and turned into rows."""

    @classmethod
    def from_tally(cls, tally: Tally) -> Self:
        values: dict[str, Any] = {}
        for field in attrs.fields(cls):
            how = field.metadata.get("sensupport.merge")
            if how == "histogram":
                histogram = tally.histograms.get(field.name, Counter())
                values[field.name] = tuple(
                    sorted((v, c) for v, c in histogram.items() if c)
                )
            elif how == "items":
                counted = sorted(tally.items.get(field.name, Counter()).items())
                values[field.name] = tuple(i for i, n in counted for _ in range(n))
            else:
                values[field.name] = tally.counts[field.name]
        return cls(**values)

    def to_tally(self) -> Tally:
        tally = Tally()
        for field in attrs.fields(type(self)):
            value = getattr(self, field.name)
            how = field.metadata.get("sensupport.merge")
            if how == "histogram":
                for v, c in value:
                    tally.observe(field.name, v, c)
            elif how == "items":
                for item in value:
                    tally.append(field.name, item)
            else:
                tally.add(field.name, value)
        return tally

    def merge(self, other: Self) -> Self:
        """The summary of both parts together, exactly."""
        if type(other) is not type(self):
            raise TypeError(
                f"cannot merge {type(other).__name__} into {type(self).__name__}"
            )
        tally = self.to_tally()
        tally.merge(other.to_tally())
        return type(self).from_tally(tally)

    def to_row(self) -> dict[str, object]:
        """One flat dict of the counts; summaries add their rates to it."""
        return {
            f.name: getattr(self, f.name)
            for f in attrs.fields(type(self))
            if "sensupport.merge" not in f.metadata
        }

    def to_rows(self) -> list[dict[str, object]]:
        """Rows for a DataFrame: ``pandas.DataFrame(summary.to_rows())``."""
        return [self.to_row()]


@attrs.frozen(kw_only=True)
class Context:
    """What a dimension may look at: a record, and the cycle, target or provision."""

    record: SupportRecord
    cycle: Cycle | None = None
    target: Target | None = None
    provision: Provision | None = None


Dimension = Callable[[Context], Iterable[Hashable]]
"""Gives the groups an item belongs to; most give one, a target may have several."""


def _year_group(ctx: Context) -> Iterable[Hashable]:
    return (ctx.record.pupil.year_group.value,)


def _key_stage(ctx: Context) -> Iterable[Hashable]:
    stage: KeyStage | None = ctx.record.pupil.year_group.key_stage
    return (stage.value if stage else "none",)


def _need_type(ctx: Context) -> Iterable[Hashable]:
    need = primary_need(ctx.record.needs)
    return (need.need_type.value if need else "none",)


def _area_of_need(ctx: Context) -> Iterable[Hashable]:
    # A target's own area where it has one; otherwise the primary need's.
    if ctx.target is not None and ctx.target.area is not None:
        return (ctx.target.area.value,)
    need = primary_need(ctx.record.needs)
    area = need.area if need else None
    return (area.value if area else "none",)


def _provision(ctx: Context) -> Iterable[Hashable]:
    if ctx.provision is not None:
        return (ctx.provision.name,)
    cycles = (ctx.cycle,) if ctx.cycle is not None else ctx.record.cycles
    names = {p.name for c in cycles if c.plan is not None for p in c.plan.provisions}
    return sorted(names) or ("none",)


def _cycle(ctx: Context) -> Iterable[Hashable]:
    if ctx.cycle is not None:
        return (ctx.cycle.number,)
    return (len(ctx.record.cycles),)


DIMENSIONS: Mapping[str, Dimension] = {
    "area_of_need": _area_of_need,
    "need_type": _need_type,
    "year_group": _year_group,
    "key_stage": _key_stage,
    "provision": _provision,
    "cycle": _cycle,
}
"""The named dimensions a summary can be split by.

- ``area_of_need``: a target's broad area, else the primary need's;
- ``need_type``: the primary need's census type;
- ``year_group`` and ``key_stage``: the pupil's;
- ``provision``: a provision's name; a target or review belongs to every provision of
  its plan;
- ``cycle``: the number of the cycle (1 for the first plan); for a whole record, the
  number of plans agreed.
"""

By = str | Callable[[SupportRecord], Hashable] | None


def dimension(by: By) -> Dimension | None:
    """The dimension for a name, or one made from a key function of the record.

    Raises:
        ValueError: ``by`` names no dimension.
    """
    if by is None:
        return None
    if isinstance(by, str):
        try:
            return DIMENSIONS[by]
        except KeyError:
            names = ", ".join(DIMENSIONS)
            raise ValueError(f"no dimension {by!r}; choose one of {names}") from None
    key = by
    return lambda ctx: (key(ctx.record),)


def _order(key: Hashable) -> tuple[int, float, str]:
    # Numbers in numeric order (cycle 2 before cycle 10), then everything else by text.
    if isinstance(key, int | float):
        return (0, float(key), "")
    return (1, 0.0, str(key))


class Grouped(Mapping[Hashable, S], Generic[S]):
    """Summaries by group: a read-only mapping from each key to its summary."""

    def __init__(self, by: str, summaries: Mapping[Hashable, S]) -> None:
        self.by = by
        self._summaries = dict(sorted(summaries.items(), key=lambda kv: _order(kv[0])))

    def __getitem__(self, key: Hashable) -> S:
        return self._summaries[key]

    def __iter__(self) -> Iterator[Hashable]:
        return iter(self._summaries)

    def __len__(self) -> int:
        return len(self._summaries)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Grouped):
            return self.by == other.by and self._summaries == other._summaries
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def merge(self, other: Grouped[S]) -> Grouped[S]:
        """Both groupings together, group by group."""
        merged = dict(self._summaries)
        for key, summary in other.items():
            merged[key] = merged[key].merge(summary) if key in merged else summary
        return Grouped(self.by, merged)

    def to_rows(self) -> list[dict[str, object]]:
        """One row per group, with the group's key in a column named after ``by``."""
        return [{self.by: key, **s.to_row()} for key, s in self._summaries.items()]

    def __str__(self) -> str:
        return "\n\n".join(
            f"{self.by} = {key}\n{s}" for key, s in self._summaries.items()
        )

    def __repr__(self) -> str:
        return f"Grouped(by={self.by!r}, groups={list(self._summaries)!r})"


CountFn = Callable[[SupportRecord, Callable[[Context], Tally]], None]
"""Counts one record; asks for the tally of the group each item belongs to."""


class Accumulator(Generic[S]):
    """Adds records one at a time; partial accumulators merge exactly.

    Use the metric functions for one pass over a cohort; use an accumulator to count
    records as they stream in, or in several workers whose accumulators merge.
    """

    def __init__(self, summary: type[S], count: CountFn, by: By = None) -> None:
        self._summary = summary
        self._count = count
        self._by_name = by if isinstance(by, str) else "group"
        self._dimension = dimension(by)
        self._tallies: dict[Hashable, Tally] = {}

    def _tally_for(self, ctx: Context) -> Tally:
        if self._dimension is None:
            return self._tally(None)
        keys = list(self._dimension(ctx))
        if len(keys) == 1:
            return self._tally(keys[0])
        return _Fanout([self._tally(k) for k in keys])

    def _tally(self, key: Hashable) -> Tally:
        # Not setdefault: that would build a Tally for every item counted.
        tally = self._tallies.get(key)
        if tally is None:
            tally = self._tallies[key] = Tally()
        return tally

    def add(self, record: SupportRecord) -> Self:
        """Count one record; returns the accumulator, so calls can chain."""
        self._count(record, self._tally_for)
        return self

    def add_all(self, records: Iterable[SupportRecord]) -> Self:
        """Count every record of an iterable, consuming it once."""
        for record in records:
            self._count(record, self._tally_for)
        return self

    def merge(self, other: Accumulator[S]) -> Self:
        """Add another accumulator's counts to this one."""
        for key, tally in other._tallies.items():
            self._tallies.setdefault(key, Tally()).merge(tally)
        return self

    def result(self) -> S | Grouped[S]:
        """The summary, or summaries by group when the accumulator groups."""
        if self._dimension is None:
            return self._summary.from_tally(self._tallies.get(None, Tally()))
        return Grouped(
            self._by_name,
            {k: self._summary.from_tally(t) for k, t in self._tallies.items()},
        )


class _Fanout(Tally):
    """Counts into several groups' tallies at once (a target of two provisions)."""

    __slots__ = ("_targets",)

    def __init__(self, targets: list[Tally]) -> None:
        super().__init__()
        self._targets = targets

    def add(self, field: str, n: int = 1) -> None:
        for t in self._targets:
            t.add(field, n)

    def observe(self, field: str, value: int, n: int = 1) -> None:
        for t in self._targets:
            t.observe(field, value, n)

    def append(self, field: str, item: Any) -> None:
        for t in self._targets:
            t.append(field, item)
