"""The provision map: what each pupil gets, what it costs, who delivers it, and
where the need sits.

A school's `ProvisionMap` holds its provision groups (each intervention with its
staff, sessions, pupils, dates and materials), the staff who deliver them with their
hourly cost, and its classes with their TA time. From it and the pupils' records:

- `provision_costs`: the cost of a period, per pupil, per provision, per need type
  and area of need, per year group and class (`COST_DIMENSIONS`), exact to a
  fraction of a penny and mergeable across parts of a cohort;
- `high_cost_pupils`: pupils whose support costs more than the £6,000 a year a
  mainstream school meets from its notional SEN budget, pro rata, or nearly;
- `cost_effectiveness`: each provision's cost beside its measured effect, with
  intervals, saying when the evidence is too thin;
- `class_need_map`: classes ranked by need per TA hour on a date, so that
  deployment can follow need;
- `import_provision_map`: a map from CSV exports through column mappings.

Money is whole pence in, exact fractions of a penny inside, and `decimal.Decimal`
pounds to the penny out; never a binary float.

>>> import datetime as dt
>>> from sensupport.synth import load_sample, load_sample_provision_maps
>>> costs = provision_costs(load_sample_provision_maps(), load_sample(),
...                         start=dt.date(2025, 9, 1), end=dt.date(2026, 9, 1),
...                         by="area_of_need")
>>> "cognition_and_learning" in costs
True
"""

from __future__ import annotations

from ..provision_groups import (
    CostBasis,
    GroupMember,
    MaterialCost,
    ProvisionGroup,
    ProvisionMap,
)
from ._class_need import (
    ClassNeed,
    ClassNeedAccumulator,
    ClassNeedMap,
    class_need_map,
)
from ._costs import CostAccumulator, provision_costs
from ._dimensions import COST_DIMENSIONS
from ._effect import CostEffect, CostEffectiveness, cost_effectiveness
from ._high_cost import HighCostPupils, PupilCost, high_cost_pupils
from ._import import ProvisionMapImport, import_provision_map
from ._mappings import (
    CLASS_COLUMNS,
    GROUP_COLUMNS,
    STAFF_COLUMNS,
    ClassMapping,
    GroupMapping,
    StaffMapping,
)
from ._money import parse_pence, pounds, show_pounds
from ._summary import CostsBy, ProvisionCosts
from ._threshold import MAINSTREAM, SPECIAL_SCHOOL, CostThreshold

__all__ = [
    "CLASS_COLUMNS",
    "COST_DIMENSIONS",
    "GROUP_COLUMNS",
    "MAINSTREAM",
    "SPECIAL_SCHOOL",
    "STAFF_COLUMNS",
    "ClassMapping",
    "ClassNeed",
    "ClassNeedAccumulator",
    "ClassNeedMap",
    "CostAccumulator",
    "CostBasis",
    "CostEffect",
    "CostEffectiveness",
    "CostThreshold",
    "CostsBy",
    "GroupMapping",
    "GroupMember",
    "HighCostPupils",
    "MaterialCost",
    "ProvisionCosts",
    "ProvisionGroup",
    "ProvisionMap",
    "ProvisionMapImport",
    "PupilCost",
    "StaffMapping",
    "class_need_map",
    "cost_effectiveness",
    "high_cost_pupils",
    "import_provision_map",
    "parse_pence",
    "pounds",
    "provision_costs",
    "show_pounds",
]
