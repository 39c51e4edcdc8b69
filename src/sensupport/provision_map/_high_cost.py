"""Pupils whose additional support costs more than the school is funded to meet.

Each pupil's cost over the period is set against the threshold pro rata for the
period (`CostThreshold.pro_rata`): *over* when it costs more, *near* when it costs at
least ``near`` of it (four fifths unless said), *under* otherwise.

>>> import datetime as dt
>>> from sensupport.synth import load_sample, load_sample_provision_maps
>>> from sensupport.provision_map import provision_costs
>>> costs = provision_costs(load_sample_provision_maps(), load_sample(),
...                         start=dt.date(2025, 9, 1), end=dt.date(2026, 9, 1))
>>> flagged = high_cost_pupils(costs)
>>> str(flagged).splitlines()[0]
'Threshold £6,000.00 a year (mainstream schools), £6,000.00 pro rata for 2025-09-01 to 2026-09-01 (exclusive): ... over, ... near (at least 80%).'
"""

from __future__ import annotations

from fractions import Fraction

import attrs

from ..metrics._core import Period
from ._money import pounds, show_pounds
from ._summary import ProvisionCosts
from ._threshold import MAINSTREAM, CostThreshold

__all__ = ["HighCostPupils", "PupilCost", "high_cost_pupils"]

OVER = "over"
NEAR = "near"
UNDER = "under"


@attrs.frozen(kw_only=True)
class PupilCost:
    """One pupil's cost against the threshold, in pence.

    ``status`` is ``over``, ``near`` or ``under``.
    """

    school: str
    pupil_id: str
    cost: Fraction
    threshold: Fraction
    status: str

    @property
    def share(self) -> Fraction:
        """The cost as a share of the threshold (1 is the threshold)."""
        return self.cost / self.threshold if self.threshold else Fraction(0)

    def to_row(self) -> dict[str, object]:
        """Money as `decimal.Decimal` pounds to the penny."""
        return {
            "school": self.school,
            "pupil_id": self.pupil_id,
            "cost": pounds(self.cost),
            "threshold": pounds(self.threshold),
            "share_of_threshold": float(self.share),
            "status": self.status,
        }


@attrs.frozen(kw_only=True)
class HighCostPupils:
    """Every costed pupil against the threshold, the costliest first."""

    threshold: CostThreshold
    period: Period
    pro_rata: Fraction
    near: Fraction
    pupils: tuple[PupilCost, ...]

    @property
    def over(self) -> tuple[PupilCost, ...]:
        """The pupils whose cost is over the threshold."""
        return tuple(p for p in self.pupils if p.status == OVER)

    @property
    def near_threshold(self) -> tuple[PupilCost, ...]:
        """The pupils at least ``near`` of the way to it, not over it."""
        return tuple(p for p in self.pupils if p.status == NEAR)

    def to_rows(self) -> list[dict[str, object]]:
        """A row per pupil, for a DataFrame."""
        return [p.to_row() for p in self.pupils]

    def __str__(self) -> str:
        lines = [
            f"Threshold {show_pounds(self.threshold.pence_per_year)} a year "
            f"({self.threshold.setting}), {show_pounds(self.pro_rata)} pro rata for "
            f"{self.period}: {len(self.over)} over, {len(self.near_threshold)} near "
            f"(at least {float(self.near):.0%})."
        ]
        lines += [
            f"  {p.status}: pupil {p.pupil_id}"
            + (f" ({p.school})" if p.school else "")
            + f" {show_pounds(p.cost)} ({float(p.share):.0%})"
            for p in self.pupils
            if p.status != UNDER
        ]
        return "\n".join(lines)


def high_cost_pupils(
    costs: ProvisionCosts,
    *,
    threshold: CostThreshold = MAINSTREAM,
    near: Fraction = Fraction(4, 5),
) -> HighCostPupils:
    """Each pupil's cost against ``threshold`` pro rata for the period costed.

    Args:
        costs: Costs over a period, not split (`provision_costs` with no ``by``).
        threshold: £6,000 a year (`MAINSTREAM`) unless given; `SPECIAL_SCHOOL` for
            special schools.
        near: The share of the threshold from which a pupil is *near* it.

    Raises:
        ValueError: ``near`` is not in (0, 1], or the costs say no period.
    """
    if not 0 < near <= 1:
        raise ValueError(f"near is a share of the threshold in (0, 1], not {near}")
    if costs.coverage is None or costs.coverage.period is None:
        raise ValueError("the costs say no period: cost them with provision_costs")
    period = costs.coverage.period
    pro_rata = threshold.pro_rata(period.start, period.end)

    def status(cost: Fraction) -> str:
        if cost > pro_rata:
            return OVER
        return NEAR if cost >= near * pro_rata else UNDER

    pupils = sorted(
        (
            PupilCost(
                school=school,
                pupil_id=pupil_id,
                cost=cost,
                threshold=pro_rata,
                status=status(cost),
            )
            for (school, pupil_id), cost in costs.pupil_costs
        ),
        key=lambda p: (-p.cost, p.school, p.pupil_id),
    )
    return HighCostPupils(
        threshold=threshold,
        period=period,
        pro_rata=pro_rata,
        near=near,
        pupils=tuple(pupils),
    )
