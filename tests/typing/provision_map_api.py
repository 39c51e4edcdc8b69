"""Type-checked, never run: the provision map's public API as a caller uses it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

from sensupport import (
    GroupMember,
    ProvisionGroup,
    ProvisionMap,
    StaffMember,
    StaffRole,
)
from sensupport.process import SupportRecord
from sensupport.provision_map import (
    MAINSTREAM,
    ClassNeedMap,
    CostAccumulator,
    CostEffectiveness,
    CostsBy,
    HighCostPupils,
    ProvisionCosts,
    class_need_map,
    cost_effectiveness,
    high_cost_pupils,
    pounds,
    provision_costs,
)

YEAR = {"start": dt.date(2025, 9, 1), "end": dt.date(2026, 9, 1)}


def build() -> ProvisionMap:
    staff = StaffMember(
        staff_id="TA1", role=StaffRole.TEACHING_ASSISTANT, hourly_cost_pence=1725
    )
    group = ProvisionGroup(
        group_id="G1",
        name="Lexia",
        staff_ids=("TA1",),
        starts_on=dt.date(2025, 9, 8),
        sessions_per_week=3,
        minutes_per_session=20,
        members=(GroupMember(pupil_id="1042"),),
    )
    return ProvisionMap(staff=(staff,), groups=(group,))


def costs(provision_map: ProvisionMap, records: list[SupportRecord]) -> Decimal:
    whole: ProvisionCosts = provision_costs(
        provision_map, records, start=YEAR["start"], end=YEAR["end"]
    )
    split: CostsBy = provision_costs(
        [provision_map], records, start=YEAR["start"], end=YEAR["end"], by="class"
    )
    per_pupil: Fraction | None = whole.cost_per_pupil
    flagged: HighCostPupils = high_cost_pupils(whole, threshold=MAINSTREAM)
    accumulator = CostAccumulator(
        provision_map, start=YEAR["start"], end=YEAR["end"], by=("school", "pupil")
    )
    accumulator.add_all(records).merge(accumulator)
    return pounds(per_pupil or whole.cost) + len(split) + len(flagged.over)


def deploy(provision_map: ProvisionMap, records: Iterable[SupportRecord]) -> int:
    need: ClassNeedMap = class_need_map(
        provision_map, records, on=dt.date(2026, 3, 2), weights={"K": 1, "E": 2}
    )
    found: CostEffectiveness = cost_effectiveness(
        provision_map, records, start=YEAR["start"], end=YEAR["end"]
    )
    return len(need.classes) + len(found.ranked)
