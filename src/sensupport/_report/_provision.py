"""The report's provision map section, counted with the report's records.

Given the schools' provision maps, the report costs the period's provision (the
holidays left out by an approximate English calendar, `SchoolCalendar.default_
england`), splits the cost by area of need, sets each pupil against the £6,000
threshold pro rata, sets each provision's cost beside its effect, and ranks each
school's classes by need per TA hour on the report's date. Its counts merge as the
rest of the report's do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Self

import attrs

from ..calendar import SchoolCalendar, school_year_of
from ..metrics import Grouped, ProvisionImpact, attainment_accumulator
from ..process.record import SupportRecord
from ..provision_groups import ProvisionMap
from ..provision_map import (
    ClassNeedAccumulator,
    ClassNeedMap,
    CostAccumulator,
    CostEffectiveness,
    CostsBy,
    HighCostPupils,
    ProvisionCosts,
    high_cost_pupils,
)

__all__ = ["ProvisionMapCounts", "ProvisionMapFigures"]

CALENDAR_NOTE = (
    "Costed as timetabled, the holidays of an approximate English calendar left out; "
    "each pupil's cost against £6,000 a year pro rata (the notional SEN budget "
    "threshold)."
)


@attrs.frozen(kw_only=True)
class ProvisionMapFigures:
    """The provision map's figures in the report."""

    costs: ProvisionCosts
    by_area: CostsBy
    high_cost: HighCostPupils
    effect: CostEffectiveness
    classes: ClassNeedMap

    def sections(self) -> dict[str, list[dict[str, object]]]:
        """Named tables of flat rows, as `Report.sections` gives them."""
        return {
            "provision_costs": self.costs.to_rows(),
            "provision_costs_by_area_of_need": self.by_area.to_rows(),
            "high_cost_pupils": [
                p.to_row() for p in self.high_cost.pupils if p.status != "under"
            ],
            "cost_effectiveness": self.effect.to_rows(),
            "classes_by_need_per_ta_hour": self.classes.to_rows(),
        }


class ProvisionMapCounts:
    """The section's accumulators, fed the report's records; parts merge."""

    def __init__(
        self,
        maps: Sequence[ProvisionMap],
        *,
        start: dt.date,
        end: dt.date,
        as_of: dt.date,
        data_date: dt.date | None,
    ) -> None:
        first = school_year_of(start)
        years = school_year_of(end - dt.timedelta(days=1)) - first + 1
        calendar = SchoolCalendar.default_england(first, years=max(years, 1))
        common: dict[str, Any] = {
            "start": start,
            "end": end,
            "data_date": data_date,
            "calendar": calendar,
        }
        self._whole = CostAccumulator(maps, **common)
        self._by_area = CostAccumulator(maps, **common, by="area_of_need")
        self._by_provision = CostAccumulator(maps, **common, by="provision")
        self._targets = attainment_accumulator(
            start=start, end=end, by="provision", data_date=data_date
        )
        self._classes = ClassNeedAccumulator(maps, on=as_of)

    def _parts(self) -> tuple[Any, ...]:
        return (
            self._whole,
            self._by_area,
            self._by_provision,
            self._targets,
            self._classes,
        )

    def add(self, record: SupportRecord) -> None:
        for part in self._parts():
            part.add(record)

    def merge(self, other: ProvisionMapCounts) -> Self:
        for mine, theirs in zip(self._parts(), other._parts(), strict=True):
            mine.merge(theirs)
        return self

    def result(self, impact: Grouped[ProvisionImpact]) -> ProvisionMapFigures:
        """The figures, the provision impact of the report beside the costs."""
        costs = self._whole.result()
        by_area, by_provision = self._by_area.result(), self._by_provision.result()
        targets = self._targets.result()
        assert isinstance(costs, ProvisionCosts)  # no split
        assert isinstance(by_area, CostsBy)
        assert isinstance(by_provision, CostsBy)
        assert isinstance(targets, Grouped)
        return ProvisionMapFigures(
            costs=costs,
            by_area=by_area,
            high_cost=high_cost_pupils(costs),
            effect=CostEffectiveness.of(by_provision, impact, targets),
            classes=self._classes.result(),
        )
