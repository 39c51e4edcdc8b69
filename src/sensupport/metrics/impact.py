"""Provision impact: which interventions help?

Per provision (split by its name by default), over a period [start, end):

- ``pupils``: records with the provision in place on at least one day of the period.
- ``sessions`` and ``minutes``: *timetabled*, not attended: for provision with a
  timetable, ``ceil(days in place inside the period / 7) * sessions_per_week``
  sessions of ``minutes_per_session``. A provision is in place from its start to the
  earliest of its planned end, its plan's review, the record's end and the period's
  end.
- ``gains``: each entry and exit measure pair whose exit was taken in the period, as
  (scale, exit - entry, days between). Gains are only averaged within one scale
  (`mean_gain`). They are kept as exact fractions, so merged summaries equal the whole.
- Brooks' **ratio gain** for ages in months: months gained / months elapsed, with
  months elapsed = days * 12 / 365.25. Greg Brooks' bands (*What works for children and
  young people with literacy difficulties?*): below 1.4 of doubtful significance,
  1.4 to 2 modest, 2 to 3 useful, 3 to 4 substantial, 4 and more remarkable.
- ``rated_no_change``, ``rated_some_impact``, ``rated_effective``: how reviews held in
  the period rated it.

A provision counts as of its last day in place in the period (else its review), for a
split by year group or need. A group of fewer than `SMALL_GROUP` pupils is flagged.

>>> import datetime as dt
>>> from sensupport.metrics import provision_impact
>>> from sensupport.synth import load_sample
>>> impact = provision_impact(load_sample(), start=dt.date(2025, 9, 1),
...                           end=dt.date(2026, 9, 1))
>>> impact["Lexia"].mean_gain("reading_age_months") is not None
True
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from fractions import Fraction
from typing import overload

import attrs

from ..codes import Effectiveness, MeasureScale
from ..plans import Provision
from ..process.record import Cycle, SupportRecord
from ._core import (
    ITEMS,
    Accumulator,
    Counting,
    Grouped,
    Period,
    Summary,
    Tally,
    counted_period,
)
from ._dimensions import By, Context
from ._stats import SMALL_GROUP, is_small

__all__ = [
    "BROOKS_BANDS",
    "ProvisionImpact",
    "brooks_band",
    "impact_accumulator",
    "provision_impact",
    "ratio_gain",
]

BROOKS_BANDS: tuple[tuple[Fraction, str], ...] = (
    (Fraction(14, 10), "doubtful"),
    (Fraction(2), "modest"),
    (Fraction(3), "useful"),
    (Fraction(4), "substantial"),
)
"""Upper bounds (exclusive) of Brooks' bands; 4 and more is ``remarkable``."""

_RATING_FIELD = {
    Effectiveness.NO_CHANGE: "rated_no_change",
    Effectiveness.SOME_IMPACT: "rated_some_impact",
    Effectiveness.EFFECTIVE: "rated_effective",
}


def ratio_gain(gain_months: Fraction, days: int) -> Fraction | None:
    """Brooks' ratio gain: months gained per month elapsed; None for no time.

    >>> ratio_gain(Fraction(6), 91)  # six months' gain in about three months
    Fraction(1461, 728)
    """
    if days <= 0:
        return None
    return gain_months * 1461 / (48 * days)  # months elapsed = days * 48 / 1461


def brooks_band(ratio: Fraction) -> str:
    """The name of Brooks' band a ratio gain falls in.

    >>> brooks_band(Fraction(2)), brooks_band(Fraction(399, 100)), brooks_band(Fraction(4))
    ('useful', 'substantial', 'remarkable')
    """
    for bound, name in BROOKS_BANDS:
        if ratio < bound:
            return name
    return "remarkable"


@attrs.frozen(kw_only=True)
class ProvisionImpact(Summary):
    """What one provision (or group of them) delivered, gained and was rated."""

    pupils: int = 0
    sessions: int = 0
    minutes: int = 0
    rated_no_change: int = 0
    rated_some_impact: int = 0
    rated_effective: int = 0
    gains: tuple[tuple[str, Fraction, int], ...] = attrs.field(
        default=(), metadata=ITEMS
    )

    @property
    def hours(self) -> float:
        """Timetabled hours."""
        return self.minutes / 60

    @property
    def scales(self) -> tuple[str, ...]:
        """The scales its measures were taken on."""
        return tuple(sorted({scale for scale, _, _ in self.gains}))

    def mean_gain(self, scale: str | MeasureScale | None = None) -> float | None:
        """The mean of exit - entry on one scale; None without measures on it.

        With no scale given, the one scale used, if only one was.
        """
        if scale is None:
            if len(self.scales) != 1:
                return None
            scale = self.scales[0]
        wanted = MeasureScale(scale).value
        gains = [g for s, g, _ in self.gains if s == wanted]
        return float(sum(gains, Fraction(0)) / len(gains)) if gains else None

    def _ratios(self) -> list[Fraction]:
        ratios = []
        for scale, gain, days in self.gains:
            ratio = ratio_gain(gain, days) if MeasureScale(scale).is_age else None
            if ratio is not None:
                ratios.append(ratio)
        return ratios

    @property
    def mean_ratio_gain(self) -> float | None:
        """The mean of Brooks' ratio gains, over measures of age in months."""
        ratios = self._ratios()
        return float(sum(ratios, Fraction(0)) / len(ratios)) if ratios else None

    @property
    def brooks_bands(self) -> dict[str, int]:
        """How many ratio gains fall in each of Brooks' bands."""
        counts = Counter(brooks_band(r) for r in self._ratios())
        names = [name for _, name in BROOKS_BANDS] + ["remarkable"]
        return {name: counts[name] for name in names}

    @property
    def small(self) -> tuple[str, ...]:
        """``("pupils",)`` when fewer than `SMALL_GROUP` pupils had it: its gains and
        ratings are too few to read."""
        return ("pupils",) if is_small(self.pupils) else ()

    @property
    def warnings(self) -> tuple[str, ...]:
        found = list(super().warnings)
        if self.small:
            found.insert(
                0,
                f"{self.pupils} pupils, fewer than {SMALL_GROUP}: too few to read",
            )
        return tuple(found)

    @property
    def ratings(self) -> int:
        """Review ratings given."""
        return self.rated_no_change + self.rated_some_impact + self.rated_effective

    def to_row(self) -> dict[str, object]:
        row: dict[str, object] = {
            **super().to_row(),
            "hours": self.hours,
            "measured": len(self.gains),
            "mean_gain": self.mean_gain(),
            "mean_ratio_gain": self.mean_ratio_gain,
        }
        row.update({f"brooks_{name}": n for name, n in self.brooks_bands.items()})
        row["small_group"] = bool(self.small)
        return row

    def _text(self) -> str:
        if self.is_empty:
            return "Provision: no records, nothing counted."
        text = (
            f"{self.pupils} pupils, {self.sessions} sessions ({self.hours:.0f} hours "
            f"timetabled); rated effective {self.rated_effective}, some impact "
            f"{self.rated_some_impact}, no change {self.rated_no_change}"
        )
        ratio = self.mean_ratio_gain
        if ratio is not None:
            text += f"; mean ratio gain {ratio:.1f} ({brooks_band(Fraction(ratio))})"
        if self.small:
            text += f"; fewer than {SMALL_GROUP} pupils, too few to read"
        return text + "."


def _in_place(
    record: SupportRecord, cycle: Cycle, provision: Provision, period: Period
) -> tuple[dt.date, dt.date] | None:
    end = period.end
    if provision.ends_on is not None:
        end = min(end, provision.ends_on + dt.timedelta(days=1))
    if cycle.review is not None:
        end = min(end, cycle.review.held_on)
    if record.ended_on is not None:
        end = min(end, record.ended_on)
    start = max(provision.starts_on, period.start)
    return (start, end) if start < end else None


def _counter(
    period: Period,
) -> Callable[[SupportRecord, Callable[[Context], Tally]], None]:
    def count(record: SupportRecord, tally_for: Callable[[Context], Tally]) -> None:
        counted: set[tuple[str, Tally]] = set()
        for cycle in record.cycles:
            ratings = {}
            if cycle.review is not None and cycle.review.held_on in period:
                ratings = {
                    r.provision_id: r.effectiveness for r in cycle.review.ratings
                }
            # A plan known only by its review date has no provisions to count.
            provisions = cycle.plan.provisions if cycle.plan is not None else ()
            for provision in provisions:
                in_place = _in_place(record, cycle, provision, period)
                if in_place is not None:
                    on = in_place[1] - dt.timedelta(days=1)
                elif cycle.review is not None:
                    on = cycle.review.held_on
                else:
                    on = provision.starts_on
                tally = tally_for(
                    Context(record=record, cycle=cycle, provision=provision, on=on)
                )
                if in_place is not None:
                    # A pupil counts once per provision name and group, however many
                    # plans repeat it.
                    # Held by the set, a tally cannot be freed and its identity
                    # reused while this record is counted.
                    if (provision.name, tally) not in counted:
                        counted.add((provision.name, tally))
                        tally.add("pupils")
                    if provision.sessions_per_week and provision.minutes_per_session:
                        weeks = math.ceil((in_place[1] - in_place[0]).days / 7)
                        sessions = weeks * provision.sessions_per_week
                        tally.add("sessions", sessions)
                        tally.add("minutes", sessions * provision.minutes_per_session)
                entry, exit_ = provision.entry, provision.exit
                if entry is not None and exit_ is not None and exit_.taken_on in period:
                    gain = Fraction(exit_.value) - Fraction(entry.value)
                    days = (exit_.taken_on - entry.taken_on).days
                    tally.append("gains", (entry.scale.value, gain, days))
                if provision.provision_id in ratings:
                    tally.add(_RATING_FIELD[ratings[provision.provision_id]])

    return count


def impact_accumulator(
    *,
    start: dt.date,
    end: dt.date,
    by: By = "provision",
    data_date: dt.date | None = None,
) -> Accumulator[ProvisionImpact]:
    """An accumulator of provision impact over [start, end), split by provision name.

    Raises:
        ValidationError: The period is empty or starts after ``data_date``.
    """
    period, asked = counted_period(start, end, data_date)
    return Accumulator(
        ProvisionImpact,
        Counting(_counter, period),
        by,
        period=period,
        asked=asked,
        data_date=data_date,
    )


@overload
def provision_impact(
    records: Iterable[SupportRecord],
    *,
    start: dt.date,
    end: dt.date,
    by: str | tuple[str, ...] | Callable[[SupportRecord], Hashable] = "provision",
    data_date: dt.date | None = None,
) -> Grouped[ProvisionImpact]: ...
@overload
def provision_impact(
    records: Iterable[SupportRecord],
    *,
    start: dt.date,
    end: dt.date,
    by: None,
    data_date: dt.date | None = None,
) -> ProvisionImpact: ...
def provision_impact(
    records: Iterable[SupportRecord],
    *,
    start: dt.date,
    end: dt.date,
    by: By = "provision",
    data_date: dt.date | None = None,
) -> ProvisionImpact | Grouped[ProvisionImpact]:
    """Provision impact over [start, end), by provision name unless ``by`` says.

    Args:
        records: Any iterable of records, consumed once.
        start: First day of the period.
        end: The day after the period.
        by: A dimension name, a tuple of names, a key function of the record, or None
            for one summary.
        data_date: The last day the data knows; see `review_frequency`.

    Raises:
        ValidationError: The period is empty or starts after ``data_date``, or a
            record has an event after it.
    """
    acc = impact_accumulator(start=start, end=end, by=by, data_date=data_date)
    return acc.add_all(records).result()
