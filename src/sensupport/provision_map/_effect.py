"""Cost-effectiveness: what each provision cost beside what it achieved.

For each provision (by name, as plans and the map both name it): its cost per pupil
and per pupil-hour from the map, and its effect from the records over the same
period: how reviews rated it (the share rated effective, with its 95% Wilson
interval), Brooks' ratio gains, and the targets of the plans it was part of met.

Which provisions cost most for least effect? Each is ranked by its cost per pupil
rated effective *at best*: the cost per pupil over the top of the interval of the
share rated effective, the most the evidence lets one hope for. A provision rated
fewer than `SMALL_GROUP` times is not ranked: its verdict says the evidence is too
thin to say.

>>> import datetime as dt
>>> from sensupport.synth import load_sample, load_sample_provision_maps
>>> found = cost_effectiveness(load_sample_provision_maps(), load_sample(),
...                            start=dt.date(2024, 9, 1), end=dt.date(2026, 9, 1))
>>> found.rows[0].provision in {r.provision for r in found.ranked}
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from fractions import Fraction

import attrs

from ..calendar import SchoolCalendar
from ..metrics import (
    Grouped,
    ProvisionImpact,
    TargetAttainment,
    attainment_accumulator,
    impact_accumulator,
    wilson_interval,
)
from ..metrics._stats import SMALL_GROUP
from ..process.record import SupportRecord
from ..provision_groups import ProvisionMap
from ._costs import CostAccumulator
from ._money import pounds, show_pounds
from ._summary import CostsBy, ProvisionCosts

__all__ = ["CostEffect", "CostEffectiveness", "cost_effectiveness"]


@attrs.frozen(kw_only=True)
class CostEffect:
    """One provision's cost beside its effect; any part may be missing."""

    provision: str
    costs: ProvisionCosts | None = None
    impact: ProvisionImpact | None = None
    targets: TargetAttainment | None = None

    @property
    def ratings(self) -> int:
        """Review ratings of the provision in the period."""
        return self.impact.ratings if self.impact is not None else 0

    @property
    def rated_effective(self) -> int:
        """Ratings of effective."""
        return self.impact.rated_effective if self.impact is not None else 0

    @property
    def effective_interval(self) -> tuple[float, float]:
        """The 95% Wilson interval of the share rated effective."""
        return wilson_interval(self.rated_effective, self.ratings)

    @property
    def readable(self) -> bool:
        """True when it has a cost and at least `SMALL_GROUP` ratings."""
        return self.cost_per_pupil is not None and self.ratings >= SMALL_GROUP

    @property
    def cost_per_pupil(self) -> Fraction | None:
        """Pence a pupil, from the map; None where the map does not cost it."""
        return self.costs.cost_per_pupil if self.costs is not None else None

    def cost_per_effective(self) -> tuple[Fraction, Fraction | None] | None:
        """Pence a pupil rated effective, at best and at worst (None: no bound,
        when no rating was effective); None when there is no cost or rating."""
        per_pupil = self.cost_per_pupil
        if per_pupil is None or not self.ratings:
            return None
        low, high = self.effective_interval
        worst = per_pupil / Fraction(low) if low > 0 else None
        return per_pupil / Fraction(high), worst

    def verdict(self) -> str:
        """In words: what it cost for what effect, or why that cannot be said."""
        per_pupil = self.cost_per_pupil
        if per_pupil is None:
            return "not in the provision map: its cost is not known"
        cost = f"{show_pounds(per_pupil)} a pupil"
        if not self.ratings:
            return f"{cost}; no review rated it: its effect is not known"
        k, n = self.rated_effective, self.ratings
        low, high = self.effective_interval
        rated = f"rated effective {k}/{n} ({k / n:.0%}, 95% CI {low:.0%}-{high:.0%})"
        if n < SMALL_GROUP:
            return f"{cost}; {rated}: too few ratings to say, fewer than {SMALL_GROUP}"
        bounds = self.cost_per_effective()
        assert bounds is not None  # it has a cost and ratings
        best, worst = bounds
        upper = show_pounds(worst) if worst is not None else "no upper bound"
        return (
            f"{cost}; {rated}; {show_pounds(best)} to {upper} a pupil rated effective"
        )

    def to_row(self) -> dict[str, object]:
        costs, impact, targets = self.costs, self.impact, self.targets
        low, high = self.effective_interval
        bounds = self.cost_per_effective()
        per_pupil = self.cost_per_pupil
        per_hour = costs.cost_per_pupil_hour if costs is not None else None
        met = targets.rates()["met_rate"] if targets is not None else (0, 0)
        return {
            "provision": self.provision,
            "pupils_costed": costs.pupils if costs is not None else 0,
            "cost": pounds(costs.cost) if costs is not None else None,
            "cost_per_pupil": pounds(per_pupil) if per_pupil is not None else None,
            "cost_per_pupil_hour": pounds(per_hour) if per_hour is not None else None,
            "ratings": self.ratings,
            "rated_effective": self.rated_effective,
            "effective_low": low,
            "effective_high": high,
            "cost_per_effective_best": pounds(bounds[0]) if bounds else None,
            "cost_per_effective_worst": (
                pounds(bounds[1]) if bounds and bounds[1] is not None else None
            ),
            "measured": len(impact.gains) if impact is not None else 0,
            "mean_ratio_gain": impact.mean_ratio_gain if impact is not None else None,
            "targets_met": met[0],
            "targets_with_outcome": met[1],
            "readable": self.readable,
            "verdict": self.verdict(),
        }


def _at_best(effect: CostEffect) -> tuple[object, ...]:
    bounds = effect.cost_per_effective()
    assert bounds is not None  # only readable provisions are ranked
    return (-bounds[0], effect.provision)


@attrs.frozen(kw_only=True)
class CostEffectiveness:
    """Every provision's cost beside its effect: the ranked ones first (most cost
    for least effect at best), then those the evidence cannot rank, by name."""

    rows: tuple[CostEffect, ...]

    @classmethod
    def of(
        cls,
        costs: CostsBy,
        impact: Grouped[ProvisionImpact],
        targets: Grouped[TargetAttainment] | None = None,
    ) -> CostEffectiveness:
        """Join costs, impact and targets split by provision name."""
        names = {str(k) for k in costs} | {str(k) for k in impact}
        found = [
            CostEffect(
                provision=name,
                costs=costs.get(name),
                impact=impact.get(name),
                targets=targets.get(name) if targets is not None else None,
            )
            for name in names
            # The metrics group records with no provision as "none".
            if name != "none"
        ]
        ranked = sorted((e for e in found if e.readable), key=_at_best)
        rest = sorted((e for e in found if not e.readable), key=lambda e: e.provision)
        return cls(rows=(*ranked, *rest))

    @property
    def ranked(self) -> tuple[CostEffect, ...]:
        """The provisions with enough evidence to rank, most cost for least effect
        first."""
        return tuple(e for e in self.rows if e.readable)

    def to_rows(self) -> list[dict[str, object]]:
        """A row per provision, for a DataFrame."""
        return [e.to_row() for e in self.rows]

    def __str__(self) -> str:
        lines = ["Cost-effectiveness, most cost for least effect first:"]
        lines += [f"  {e.provision}: {e.verdict()}" for e in self.rows]
        return "\n".join(lines)


def cost_effectiveness(
    maps: ProvisionMap | Iterable[ProvisionMap],
    records: Iterable[SupportRecord],
    *,
    start: dt.date,
    end: dt.date,
    data_date: dt.date | None = None,
    calendar: SchoolCalendar | None = None,
) -> CostEffectiveness:
    """Each provision's cost over [start, end) beside its effect, in one pass;
    ``calendar`` leaves the holidays out of the costs (see `CostAccumulator`).

    Raises:
        ValueError: Two maps name one school, or a pupil's record is given twice.
        ValidationError: The period is empty or starts after ``data_date``, or a
            record has an event after it.
    """
    costs = CostAccumulator(
        maps,
        start=start,
        end=end,
        by="provision",
        data_date=data_date,
        calendar=calendar,
    )
    impact = impact_accumulator(start=start, end=end, data_date=data_date)
    targets = attainment_accumulator(
        start=start, end=end, by="provision", data_date=data_date
    )
    for record in records:
        costs.add(record)
        impact.add(record)
        targets.add(record)
    found_costs, found_impact, found_targets = (
        costs.result(),
        impact.result(),
        targets.result(),
    )
    assert isinstance(found_costs, CostsBy)
    assert isinstance(found_impact, Grouped)
    assert isinstance(found_targets, Grouped)
    return CostEffectiveness.of(found_costs, found_impact, found_targets)
