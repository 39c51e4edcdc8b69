"""What every metric shares: periods, the data date, tallies, mergeable summaries.

A metric walks each record once and counts into a `Tally`: whole numbers, integer
histograms and lists. A summary is a frozen snapshot of a tally, with its `Coverage`:
how many records were read, the data date, and the period counted. Tallies and
summaries merge by adding their counts, so a summary computed over partitions and
merged equals the summary computed over the whole, exactly, in any order, when every
part was given the same data date.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from typing import Any, ClassVar, Generic, NoReturn, Self, TypeVar

import attrs

from .._validation import Checks, show
from ..errors import Problem, ValidationError
from ..process.record import SupportRecord
from ._dimensions import By, Context, by_name, dimension, order, settle
from ._stats import SMALL_GROUP, is_small, wilson_interval

__all__ = [
    "Accumulator",
    "Coverage",
    "Grouped",
    "Period",
    "Summary",
    "Tally",
    "counted_period",
    "latest_event_on",
]

_DAY = dt.timedelta(days=1)

HISTOGRAM = {"sensupport.merge": "histogram"}
"""Field metadata: a histogram, stored as sorted (value, count) pairs."""
ITEMS = {"sensupport.merge": "items"}
"""Field metadata: a list of (hashable) items, stored sorted."""


@attrs.frozen(kw_only=True)
class Period:
    """A half-open period of dates: ``start`` counts, ``end`` does not.

    Unlike the dates of a record, a period's may fall outside the range records
    take: a school year begun before 1 January 1900, or the day after 31 December
    2199, bound periods the report works out.

    Raises:
        ValidationError: A bound is not a date (``type``), or the period does not
            end after it starts (``period.empty``).
    """

    start: dt.date
    end: dt.date

    def __attrs_post_init__(self) -> None:
        checks = Checks()
        for name in ("start", "end"):
            value = getattr(self, name)
            if type(value) is not dt.date:
                checks.add(name, "type", f"expected a date, got {show(value)}")
        if not checks.problems and self.end <= self.start:
            checks.add(
                "end",
                "period.empty",
                f"period ends on {show(self.end)}, not after it starts on "
                f"{show(self.start)}",
            )
        if checks.problems:
            raise ValidationError(checks.problems, summary="invalid Period")

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


def latest_event_on(records: Iterable[SupportRecord]) -> dt.date | None:
    """The date of the latest event in any record: the data date when no extract
    date is known; None for no records.

    >>> from sensupport.synth import load_sample
    >>> latest_event_on(load_sample())
    datetime.date(2026, 7, 21)
    """
    return max((r.state.last_event_on for r in records), default=None)


def counted_period(
    start: dt.date, end: dt.date, data_date: dt.date | None
) -> tuple[Period, dt.date | None]:
    """The period to count, clipped to the data date, and the end asked for if it was.

    The data date is the last day the data knows: a period that runs past it is
    counted to the end of the data date, since no one can know what happened after.

    >>> counted_period(dt.date(2025, 9, 1), dt.date(2026, 9, 1), dt.date(2026, 7, 22))
    (Period(start=datetime.date(2025, 9, 1), end=datetime.date(2026, 7, 23)), datetime.date(2026, 9, 1))

    Raises:
        ValidationError: The period is empty, or starts after the data date
            (``period.after_data_date``): there is nothing to count.
    """
    period = Period(start=start, end=end)
    if data_date is None or end <= data_date + _DAY:
        return period, None
    if start > data_date:
        raise ValidationError(
            [
                Problem(
                    code="period.after_data_date",
                    message=f"period starts on {show(start)}, after the data date "
                    f"{show(data_date)}: the data know nothing of it",
                    path="start",
                )
            ],
            summary="period after the data",
        )
    return Period(start=start, end=data_date + _DAY), end


@attrs.frozen(kw_only=True)
class Coverage:
    """What a summary covers: the records read, the data date, the period counted.

    Attributes:
        records: How many records were read; 0 means nothing was counted.
        data_date: The last day the data knows: the extract date when given, else the
            latest event seen; None when no records were read.
        period: The period counted, clipped to the data date (period metrics).
        as_of: The date counted at, clipped to the data date (as-of metrics).
        asked: The end (or ``as_of``) asked for, when it ran past the data date and
            was clipped; else None.
    """

    records: int = 0
    data_date: dt.date | None = None
    period: Period | None = None
    as_of: dt.date | None = None
    asked: dt.date | None = None

    @property
    def is_empty(self) -> bool:
        """True when no records were read: the summary reports nothing."""
        return self.records == 0

    @property
    def clipped(self) -> bool:
        """True when the period (or ``as_of``) asked for ran past the data date."""
        return self.asked is not None

    @property
    def past_data_date(self) -> bool:
        """True when the figures run past the data date: the records did not say it
        and the period (or ``as_of``) ran past the latest event, so was not clipped."""
        if self.data_date is None:
            return False
        if self.period is not None and self.period.end > self.data_date + _DAY:
            return True
        return self.as_of is not None and self.as_of > self.data_date

    def note(self) -> str | None:
        """A sentence on what was left out or doubtful, for the figures' text."""
        if self.is_empty:
            return "No records: nothing counted."
        assert self.data_date is not None  # records were read
        data_date = self.data_date.isoformat()
        if self.asked is not None:
            return (
                f"Counted to the data date, {data_date}; the "
                f"{'period' if self.period else 'date'} asked for ran to "
                f"{self.asked.isoformat()}."
            )
        if self.past_data_date:
            return (
                f"The latest event is on {data_date}, before the end counted to: "
                "figures after it are not known; give the data date to clip them."
            )
        return None

    def merge(self, other: Coverage) -> Coverage:
        """Both parts together; the data date is the later of the two.

        Raises:
            ValueError: The parts counted different periods or dates.
        """
        mine = (self.period, self.as_of, self.asked)
        if mine != (other.period, other.as_of, other.asked):
            raise ValueError(
                "cannot merge figures counted over different periods: "
                f"{_span(self)} and {_span(other)}"
            )
        dates = [d for d in (self.data_date, other.data_date) if d is not None]
        return attrs.evolve(
            self,
            records=self.records + other.records,
            data_date=max(dates, default=None),
        )


def _span(coverage: Coverage) -> str:
    if coverage.period is not None:
        return str(coverage.period)
    return f"as of {coverage.as_of.isoformat()}" if coverage.as_of else "no period"


def _merged(a: Coverage | None, b: Coverage | None) -> Coverage | None:
    if a is None or b is None:
        return a or b
    return a.merge(b)


S = TypeVar("S", bound="Summary")


@attrs.frozen(kw_only=True)
class Summary:
    """Base of the metric summaries: frozen, mergeable, and turned into rows.

    ``coverage`` says what the figures cover (None for a summary built by hand).
    Each rate a summary gives comes with its counts (`rates`) and a 95% Wilson
    interval (`interval`), and is flagged when fewer than `SMALL_GROUP` stand behind
    it (`small`).
    """

    coverage: Coverage | None = attrs.field(
        default=None, metadata={"sensupport.merge": "coverage"}
    )

    RATES: ClassVar[Mapping[str, str]] = {}
    """Each rate's name, and what its denominator counts (for the warnings)."""

    @classmethod
    def from_tally(cls, tally: Tally, coverage: Coverage | None = None) -> Self:
        values: dict[str, Any] = {}
        for field in attrs.fields(cls):
            how = field.metadata.get("sensupport.merge")
            if how == "coverage":
                values[field.name] = coverage
            elif how == "histogram":
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
            elif how is None:
                tally.add(field.name, value)
        return tally

    def merge(self, other: Self) -> Self:
        """The summary of both parts together, exactly.

        Raises:
            TypeError: The summaries are of different metrics.
            ValueError: They counted different periods.
        """
        if type(other) is not type(self):
            raise TypeError(
                f"cannot merge {type(other).__name__} into {type(self).__name__}"
            )
        values: dict[str, Any] = {}
        for field in attrs.fields(type(self)):
            mine, theirs = getattr(self, field.name), getattr(other, field.name)
            how = field.metadata.get("sensupport.merge")
            if how == "coverage":
                values[field.name] = _merged(mine, theirs)
            elif how == "histogram":
                histogram = Counter(dict(mine))
                histogram.update(dict(theirs))
                values[field.name] = tuple(sorted(histogram.items()))
            elif how == "items":
                # Both are sorted, so sorting their concatenation merges two runs
                # in linear time: a reduce over many partitions stays cheap.
                values[field.name] = tuple(sorted(mine + theirs))
            else:
                values[field.name] = mine + theirs
        return type(self)(**values)

    @property
    def is_empty(self) -> bool:
        """True when no records were read, so the summary reports nothing."""
        return self.coverage is not None and self.coverage.is_empty

    def rates(self) -> dict[str, tuple[int, int]]:
        """Each rate's numerator and denominator, by the rate's name."""
        return {}

    def interval(self, rate: str) -> tuple[float, float]:
        """The 95% Wilson score interval of a rate, such as ``"met_rate"``.

        Raises:
            ValueError: The summary has no such rate.
        """
        counts = self.rates()
        if rate not in counts:
            raise ValueError(
                f"no rate {rate!r}; choose one of {', '.join(counts) or 'none'}"
            )
        return wilson_interval(*counts[rate])

    @property
    def small(self) -> tuple[str, ...]:
        """The rates resting on fewer than `SMALL_GROUP`: too few to read."""
        return tuple(name for name, (_, n) in self.rates().items() if is_small(n))

    @property
    def warnings(self) -> tuple[str, ...]:
        """Sentences on what makes the figures hard to read: small groups, the period
        clipped to the data date or running past it."""
        found = []
        for name in self.small:
            _, n = self.rates()[name]
            low, high = self.interval(name)
            found.append(
                f"{name} rests on {n} {self.RATES[name]}, fewer than {SMALL_GROUP}: "
                f"too few to read (95% CI {low:.0%}-{high:.0%})"
            )
        note = self.coverage.note() if self.coverage is not None else None
        if note is not None and not self.is_empty:
            found.append(note)
        return tuple(found)

    def to_row(self) -> dict[str, object]:
        """One flat dict of the counts; summaries add their rates to it."""
        return {
            f.name: getattr(self, f.name)
            for f in attrs.fields(type(self))
            if "sensupport.merge" not in f.metadata
        }

    def _rate_columns(self) -> dict[str, object]:
        """Each rate, its interval, and whether it rests on a small group."""
        row: dict[str, object] = {}
        for name, (k, n) in self.rates().items():
            low, high = wilson_interval(k, n)
            row[name] = k / n if n else None
            row[f"{name}_low"] = low
            row[f"{name}_high"] = high
        row["small_group"] = bool(self.small)
        return row

    def _rate_text(self, name: str, words: str = "") -> str:
        """``k/n words (p%, 95% CI a%-b%)``, with a flag when n is small."""
        k, n = self.rates()[name]
        low, high = wilson_interval(k, n)
        text = f"{k}/{n}{words} ({k / n:.0%}, 95% CI {low:.0%}-{high:.0%})"
        return text + (" [too few to read]" if is_small(n) else "")

    def _text(self) -> str:
        """The figures in words, without the coverage note."""
        return repr(self)

    def __str__(self) -> str:
        note = self.coverage.note() if self.coverage is not None else None
        text = self._text()
        return text if note is None or self.is_empty else f"{text}\n  ({note})"

    def to_rows(self) -> list[dict[str, object]]:
        """Rows for a DataFrame: ``pandas.DataFrame(summary.to_rows())``."""
        return [self.to_row()]


class Grouped(Mapping[Hashable, S], Generic[S]):
    """Summaries by group: a read-only mapping from each key to its summary.

    Split by several dimensions (``by=("year_group", "sex")``), each key is a tuple
    and each dimension gets its own column in `to_rows`. Groups sort in curriculum
    order for year groups and key stages, numbers in numeric order, the rest by text.
    """

    def __init__(
        self,
        by: str | tuple[str, ...],
        summaries: Mapping[Hashable, S],
        coverage: Coverage | None = None,
    ) -> None:
        self.by = by
        self.coverage = coverage
        self._summaries = dict(
            sorted(summaries.items(), key=lambda kv: order(by, kv[0]))
        )

    def __getitem__(self, key: Hashable) -> S:
        return self._summaries[key]

    def __iter__(self) -> Iterator[Hashable]:
        return iter(self._summaries)

    def __len__(self) -> int:
        return len(self._summaries)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Grouped):
            return (
                self.by == other.by
                and self.coverage == other.coverage
                and self._summaries == other._summaries
            )
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    @property
    def is_empty(self) -> bool:
        """True when no records were read."""
        return self.coverage is not None and self.coverage.is_empty

    def merge(self, other: Grouped[S]) -> Grouped[S]:
        """Both groupings together, group by group.

        Raises:
            ValueError: They counted different periods.
        """
        coverage = _merged(self.coverage, other.coverage)
        merged = dict(self._summaries)
        for key, summary in other.items():
            merged[key] = merged[key].merge(summary) if key in merged else summary
        # Every group's summary says what the whole split covers.
        merged = {k: attrs.evolve(s, coverage=coverage) for k, s in merged.items()}
        return Grouped(self.by, merged, coverage)

    def _key_columns(self, key: Hashable) -> dict[str, object]:
        if isinstance(self.by, tuple):
            assert isinstance(key, tuple)  # keys of a split by several dimensions
            return dict(zip(self.by, key, strict=True))
        return {self.by: key}

    def to_rows(self) -> list[dict[str, object]]:
        """One row per group, with the group's key in a column named after ``by``
        (a column for each dimension when split by several)."""
        return [
            {**self._key_columns(key), **s.to_row()}
            for key, s in self._summaries.items()
        ]

    def __str__(self) -> str:
        if self.is_empty:
            return "No records: nothing counted."
        text = "\n\n".join(
            ", ".join(f"{k} = {v}" for k, v in self._key_columns(key).items())
            + f"\n{s._text()}"
            for key, s in self._summaries.items()
        )
        # The note is the same for every group: say it once.
        note = self.coverage.note() if self.coverage is not None else None
        return text if note is None else f"{text}\n\n({note})"

    def __repr__(self) -> str:
        return f"Grouped(by={self.by!r}, groups={list(self._summaries)!r})"


CountFn = Callable[[SupportRecord, Callable[[Context], Tally]], None]
"""Counts one record; asks for the tally of the group each item belongs to."""


class Counting:
    """A metric's `CountFn`, made by a module-level factory from the metric's settings.

    The function the factory makes is a closure, which cannot be pickled; this
    pickles as the factory and its settings instead, so an accumulator can be sent to
    another process and back.
    """

    __slots__ = ("_count", "_factory", "_settings")

    def __init__(self, factory: Callable[..., CountFn], *settings: object) -> None:
        self._factory = factory
        self._settings = settings
        self._count = factory(*settings)

    def __call__(
        self, record: SupportRecord, tally_for: Callable[[Context], Tally]
    ) -> None:
        self._count(record, tally_for)

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self._factory, *self._settings))


def raise_event_after(
    data_date: dt.date, event_on: dt.date, record: SupportRecord
) -> NoReturn:
    """Refuse a record that knows more than the data date says the data do.

    Raises:
        ValidationError: Always (``data_date.before_event``).
    """
    raise ValidationError(
        [
            Problem(
                code="data_date.before_event",
                message=f"data date {show(data_date)} is before the event on "
                f"{show(event_on)} of pupil {record.pupil.pupil_id!r}: the data date "
                "is the last day the data knows",
                path="data_date",
            )
        ],
        summary="data date before the data",
    )


class Accumulator(Generic[S]):
    """Adds records one at a time; partial accumulators merge exactly.

    Use the metric functions for one pass over a cohort; use an accumulator to count
    records as they stream in, or in several workers whose accumulators merge.

    Args:
        summary: The summary class the counts make.
        count: Counts one record into the tallies.
        by: How to split the counts, if at all.
        period: The period counted, already clipped to the data date.
        as_of: The date counted at, for as-of metrics.
        asked: The end or date asked for, where it was clipped.
        data_date: The data date given; None to take the latest event seen.

    Raises:
        ValidationError: A record added has an event after the data date given
            (``data_date.before_event``).
    """

    def __init__(
        self,
        summary: type[S],
        count: CountFn,
        by: By = None,
        *,
        period: Period | None = None,
        as_of: dt.date | None = None,
        asked: dt.date | None = None,
        data_date: dt.date | None = None,
    ) -> None:
        self._summary = summary
        self._count = count
        self._by_name = by_name(by)
        self._dimension = dimension(by)
        self._tallies: dict[Hashable, Tally] = {}
        self._coverage = Coverage(period=period, as_of=as_of, asked=asked)
        self._data_date = data_date
        self._records = 0
        self._latest: dt.date | None = None

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
        last = record.state.last_event_on
        if self._data_date is not None and last > self._data_date:
            raise_event_after(self._data_date, last, record)
        if self._latest is None or last > self._latest:
            self._latest = last
        self._records += 1
        self._count(record, self._tally_for)
        return self

    def add_all(self, records: Iterable[SupportRecord]) -> Self:
        """Count every record of an iterable, consuming it once."""
        for record in records:
            self.add(record)
        return self

    def add_tallies(
        self,
        tallies: Mapping[Hashable, Tally],
        *,
        records: int,
        latest: dt.date | None,
    ) -> Self:
        """Add counts made elsewhere, by group, of ``records`` records whose latest
        event was on ``latest``: what `merge` adds from another accumulator, made
        without one (the columnar tier counts whole tables at once).

        Each key must be one this accumulator's split gives; an accumulator that
        does not split takes the key None.
        """
        for key, tally in tallies.items():
            self._tally(key).merge(tally)
        self._records += records
        if latest is not None and (self._latest is None or latest > self._latest):
            self._latest = latest
        return self

    def merge(self, other: Accumulator[S]) -> Self:
        """Add another accumulator's counts to this one."""
        return self.add_tallies(
            other._tallies, records=other._records, latest=other._latest
        )

    @property
    def coverage(self) -> Coverage:
        """What the counts so far cover."""
        data_date = self._data_date if self._records else None
        return attrs.evolve(
            self._coverage, records=self._records, data_date=data_date or self._latest
        )

    def result(self) -> S | Grouped[S]:
        """The summary, or summaries by group when the accumulator groups."""
        coverage = self.coverage
        if self._dimension is None:
            tally = self._tallies.get(None, Tally())
            return self._summary.from_tally(tally, coverage)
        # Year groups are settled on the data date, known only now; two keys may
        # settle on one group, whose tallies then add up.
        settled: dict[Hashable, Tally] = {}
        for key, tally in self._tallies.items():
            group = settle(key, coverage.data_date)
            if group in settled:
                settled[group].merge(tally)
            else:
                settled[group] = Tally()
                settled[group].merge(tally)
        return Grouped(
            self._by_name,
            {k: self._summary.from_tally(t, coverage) for k, t in settled.items()},
            coverage,
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
