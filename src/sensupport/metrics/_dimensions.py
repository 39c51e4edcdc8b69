"""What a summary can be split by, each taken as of the event it counts.

A dimension reads a `Context`: the record, the cycle, target or provision counted, and
``on``, the date of the event counted (a review's date, a target's due date, the last
day on support in the period). The pupil's year group in a record is the year group
on the data date, so a split by year group works the year group out on ``on``
(`year_group_on`); a split by need reads the needs register as it stood then
(`needs_on`). Groups sort in curriculum order for year groups and key stages.

>>> import datetime as dt
>>> from sensupport import YearGroup
>>> year_group_on(YearGroup.Y4, dt.date(2023, 10, 1), data_date=dt.date(2026, 7, 22))
<YearGroup.Y2: '2'>
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any

import attrs

from ..calendar import school_year_of
from ..codes import KeyStage, YearGroup
from ..needs import Need, primary_need
from ..plans import Provision, Target
from ..process import events
from ..process.record import Cycle, SupportRecord

__all__ = ["DIMENSIONS", "Context", "needs_on", "year_group_on"]

_YEARS = [y for y in YearGroup if y is not YearGroup.X]
_YEAR_INDEX = {y: i for i, y in enumerate(_YEARS)}


def year_group_on(
    year_group: YearGroup, on: dt.date, *, data_date: dt.date
) -> YearGroup:
    """The year group on ``on`` of a pupil in ``year_group`` on ``data_date``.

    Pupils move up a year on 1 September, so the year group on an earlier date is
    the one a school year down for each 1 September between; never below N1 or above
    14. ``X`` (not following the national curriculum) stays ``X``.

    >>> year_group_on(YearGroup.R, dt.date(2023, 9, 1), data_date=dt.date(2026, 7, 22))
    <YearGroup.N1: 'N1'>
    >>> year_group_on(YearGroup.Y7, dt.date(2025, 8, 31), data_date=dt.date(2025, 9, 1))
    <YearGroup.Y6: '6'>
    """
    if year_group is YearGroup.X:
        return year_group
    shift = school_year_of(on) - school_year_of(data_date)
    index = _YEAR_INDEX[year_group] + shift
    return _YEARS[min(max(index, 0), len(_YEARS) - 1)]


_SETS_NEEDS = (
    events.SENHistoryReceived,
    events.AssessmentCompleted,
    events.SpecialistAdviceReceived,
)
# The records are counted one at a time, and each asks about its own needs several
# times (once per target): one slot holding the last record's history is enough.
_last_history: tuple[SupportRecord, tuple[tuple[dt.date, tuple[Need, ...]], ...]] | None
_last_history = None


def _needs_history(
    record: SupportRecord,
) -> tuple[tuple[dt.date, tuple[Need, ...]], ...]:
    global _last_history
    cached = _last_history
    if cached is not None and cached[0] is record:
        return cached[1]
    history = tuple(
        (e.occurred_on, e.needs)
        for e in record.events
        if isinstance(e, _SETS_NEEDS)
        # An assessment or advice that names no needs leaves the register as it was;
        # history received replaces it whatever it holds.
        and (e.needs or isinstance(e, events.SENHistoryReceived))
    )
    _last_history = (record, history)
    return history


def needs_on(record: SupportRecord, date: dt.date) -> tuple[Need, ...]:
    """The needs register as it stood at the end of ``date``.

    >>> from sensupport.synth import load_sample
    >>> record = next(iter(load_sample()))
    >>> needs_on(record, record.opened_on - dt.timedelta(days=1))
    ()
    >>> needs_on(record, record.state.last_event_on) == record.needs
    True
    """
    found: tuple[Need, ...] = ()
    for on, needs in _needs_history(record):
        if on > date:
            break
        found = needs
    return found


@attrs.frozen(kw_only=True)
class Context:
    """What a dimension may look at: a record, the cycle, target or provision
    counted, and ``on``, the date of the event counted (None: the data date)."""

    record: SupportRecord
    cycle: Cycle | None = None
    target: Target | None = None
    provision: Provision | None = None
    on: dt.date | None = None


Dimension = Callable[[Context], Iterable[Hashable]]
"""Gives the groups an item belongs to; most give one, a target may have several."""


@attrs.frozen
class _YearAt:
    """A year group not yet known: the pupil's year group now, and the school year
    of the event. The data date, known once every record is counted, settles it."""

    now: YearGroup
    school_year: int | None
    stage: bool

    def settle(self, data_date: dt.date) -> str:
        year = self.now
        if self.school_year is not None:
            year = year_group_on(
                year, dt.date(self.school_year, 9, 1), data_date=data_date
            )
        if not self.stage:
            return year.value
        key_stage = year.key_stage
        return key_stage.value if key_stage else "none"


def settle(key: Hashable, data_date: dt.date | None) -> Hashable:
    """A group's key with the year groups in it worked out on the data date."""
    if isinstance(key, _YearAt):
        return key.settle(data_date) if data_date is not None else key.now.value
    if isinstance(key, tuple):
        return tuple(settle(k, data_date) for k in key)
    return key


def _year_at(ctx: Context, *, stage: bool) -> Iterable[Hashable]:
    on = ctx.on
    return (
        _YearAt(
            ctx.record.pupil.year_group,
            school_year_of(on) if on is not None else None,
            stage,
        ),
    )


def _year_group(ctx: Context) -> Iterable[Hashable]:
    return _year_at(ctx, stage=False)


def _key_stage(ctx: Context) -> Iterable[Hashable]:
    return _year_at(ctx, stage=True)


def _register(ctx: Context) -> tuple[Need, ...]:
    # A target is split by the needs its plan was written for.
    if ctx.target is not None:
        return needs_on(ctx.record, ctx.target.set_on)
    if ctx.on is not None:
        return needs_on(ctx.record, ctx.on)
    return ctx.record.needs


def _need_type(ctx: Context) -> Iterable[Hashable]:
    need = primary_need(_register(ctx))
    return (need.need_type.value if need else "none",)


def _area_of_need(ctx: Context) -> Iterable[Hashable]:
    # A target's own area where it has one; otherwise the primary need's.
    if ctx.target is not None and ctx.target.area is not None:
        return (ctx.target.area.value,)
    need = primary_need(_register(ctx))
    area = need.area if need else None
    return (area.value if area else "none",)


def _sex(ctx: Context) -> Iterable[Hashable]:
    sex = ctx.record.pupil.sex
    return (sex.value if sex is not None else "unknown",)


def _school(ctx: Context) -> Iterable[Hashable]:
    school = ctx.record.pupil.school
    return (school.key if school is not None else "unknown",)


def year_label(year: int) -> str:
    """A school year as people write it: ``2024/25`` for the year from 1 September
    2024."""
    return f"{year}/{(year + 1) % 100:02d}"


def _school_year(ctx: Context) -> Iterable[Hashable]:
    if ctx.on is None:
        return ("unknown",)
    return (year_label(school_year_of(ctx.on)),)


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
    "sex": _sex,
    "school": _school,
    "school_year": _school_year,
    "provision": _provision,
    "cycle": _cycle,
}
"""The named dimensions a summary can be split by, each as of the event counted.

- ``area_of_need``: a target's broad area, else the primary need's in the needs
  register when the target was set (for other figures, on the date of the event);
- ``need_type``: the primary need's census type, read the same way;
- ``year_group`` and ``key_stage``: the pupil's on the date of the event, worked out
  from the year group on the data date (`year_group_on`);
- ``sex``: the census sex code, ``unknown`` where the record has none;
- ``school``: the school's `School.key` (its URN, else ``LA/estab``), ``unknown``
  where the record names none;
- ``school_year``: the school year (from 1 September) of the event counted, as
  ``2024/25``: a trend by year in one pass (`sensupport.metrics.trend` does the
  same for any periods, terms included);
- ``provision``: a provision's name; a target or review belongs to every provision of
  its plan;
- ``cycle``: the number of the cycle (1 for the first plan); for a whole record, the
  number of plans agreed.

Each metric's page says which event each of its figures is counted at.
"""

By = str | tuple[str, ...] | Callable[[SupportRecord], Hashable] | None
"""A dimension name, several names (one column each), or a key function of the record."""


def _named(name: str) -> Dimension:
    try:
        return DIMENSIONS[name]
    except KeyError:
        names = ", ".join(DIMENSIONS)
        raise ValueError(f"no dimension {name!r}; choose one of {names}") from None


def dimension(by: By) -> Dimension | None:
    """The dimension for a name or names, or one made from a key function.

    Raises:
        ValueError: ``by`` names no dimension.
    """
    if by is None:
        return None
    if isinstance(by, str):
        return _named(by)
    # Partials of module-level functions, not lambdas, so an accumulator pickles.
    if isinstance(by, tuple):
        return functools.partial(_product, tuple(_named(name) for name in by))
    return functools.partial(_keyed, by)


def _product(parts: tuple[Dimension, ...], ctx: Context) -> Iterable[Hashable]:
    return itertools.product(*(part(ctx) for part in parts))


def _keyed(
    key: Callable[[SupportRecord], Hashable], ctx: Context
) -> Iterable[Hashable]:
    return (key(ctx.record),)


def by_name(by: By) -> str | tuple[str, ...]:
    """The column name(s) a split's keys go in."""
    if isinstance(by, str | tuple):
        return by
    return "group"


_CURRICULUM: Mapping[str, Mapping[str, int]] = {
    "year_group": {y.value: i for i, y in enumerate(YearGroup)},
    "key_stage": {k.value: i for i, k in enumerate(KeyStage)},
}


def _order_one(name: str, key: Any) -> tuple[int, float, str]:
    rank = _CURRICULUM.get(name, {}).get(key) if isinstance(key, str) else None
    if rank is not None:
        return (0, float(rank), "")
    # Numbers in numeric order (cycle 2 before cycle 10), then everything else by text.
    if isinstance(key, int | float):
        return (1, float(key), "")
    return (2, 0.0, str(key))


def order(by: str | tuple[str, ...], key: Hashable) -> tuple[Any, ...]:
    """The sort key of a group: curriculum order for year groups and key stages."""
    if isinstance(by, tuple) and isinstance(key, tuple):
        return tuple(_order_one(name, k) for name, k in zip(by, key, strict=False))
    return (_order_one(by if isinstance(by, str) else "", key),)
