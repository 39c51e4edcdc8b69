"""The people who make SEN support work: their training against the needs on roll,
and the qualifications the law requires of them.

- `Workforce`: a school's record of its staff's training (`StaffTraining`,
  `Training`, tagged with the need types and areas each covers), its SENCO's post
  (`SencoPost`) and its teachers of classes of pupils with sensory impairment
  (`SensoryTeaching`). Staff themselves are the provision map's `StaffMember`.
- `cpd_needs_analysis`: the needs on roll on a date, which staff who teach or
  support those pupils are trained in them, the gaps ranked by pupils affected, and
  a proposed CPD plan (who, what, why).
- `workforce_compliance`: the SENCO qualification (reg. 49) and the sensory
  mandatory qualifications (SI 2003/1662) in one view: met / due / overdue, with
  dates.

>>> import datetime as dt
>>> from sensupport.synth import load_sample_provision_maps, load_sample_workforces
>>> maps, workforces = load_sample_provision_maps(), load_sample_workforces()
>>> view = workforce_compliance(maps[0], workforces[0], as_of=dt.date(2026, 7, 21))
>>> [row.rule for row in view.rows]
['senco', 'mq_hi']
"""

from __future__ import annotations

from ._compliance import ComplianceRow, WorkforceCompliance, workforce_compliance
from ._cpd import (
    DEFAULT_NEED_WEIGHTS,
    CpdAccumulator,
    CpdGap,
    CpdNeedsAnalysis,
    NeedOnRoll,
    check_staff,
    cpd_needs_analysis,
)
from ._synth import WORKFORCE_DISTRIBUTIONS, generate_workforces
from ._training import (
    SENSORY_NEEDS,
    SencoPost,
    SensoryTeaching,
    StaffTraining,
    Training,
    TrainingKind,
    Workforce,
)

__all__ = [
    "DEFAULT_NEED_WEIGHTS",
    "SENSORY_NEEDS",
    "WORKFORCE_DISTRIBUTIONS",
    "ComplianceRow",
    "CpdAccumulator",
    "CpdGap",
    "CpdNeedsAnalysis",
    "NeedOnRoll",
    "SencoPost",
    "SensoryTeaching",
    "StaffTraining",
    "Training",
    "TrainingKind",
    "Workforce",
    "WorkforceCompliance",
    "check_staff",
    "cpd_needs_analysis",
    "generate_workforces",
    "workforce_compliance",
]
