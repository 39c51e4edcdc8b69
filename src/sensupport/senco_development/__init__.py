"""The SENCO's development: self-ratings against the NASENCO or NPQSENCO framework,
over time, beside the reg. 49 deadline.

A framework (`DevelopmentFramework`) is data: its domains, the aspects of each that
are known, and the source of every heading, with whether it was confirmed against
the framework itself. Two ship (`nasenco_framework`, `npqsenco_framework`), holding
only what could be traced to a source; a school or provider loads the full text
with `load_framework`. The SENCO rates themselves on each item (an aspect, or a
domain whose aspects are not loaded, rated whole) from 1 (lowest) to 4 (highest)
(`SelfRating`, kept in a `DevelopmentRecord`); `development_progress` shows
coverage and change per domain, the weakest items first, and the reg. 49 status.

>>> import datetime as dt
>>> from sensupport.qualifications import SencoAppointment
>>> framework = npqsenco_framework()
>>> record = DevelopmentRecord(
...     framework_id=framework.framework_id,
...     appointment=SencoAppointment(appointed_on=dt.date(2025, 9, 1), school="URN 100000"),
...     ratings=(SelfRating(item_id="teaching", rated_on=dt.date(2025, 10, 6), level=3),
...              SelfRating(item_id="behaviour", rated_on=dt.date(2025, 10, 6), level=2)))
>>> view = development_progress(record, framework, as_of=dt.date(2026, 1, 5))
>>> view.coverage, [item.item_id for item in view.weakest]
(Fraction(1, 4), ['behaviour', 'teaching'])
"""

from __future__ import annotations

from ._framework import (
    LEVELS,
    DevelopmentFramework,
    FrameworkAspect,
    FrameworkDomain,
    FrameworkItem,
    FrameworkSource,
)
from ._load import load_framework, nasenco_framework, npqsenco_framework
from ._progress import (
    DevelopmentProgress,
    DomainProgress,
    ItemProgress,
    development_progress,
)
from ._ratings import DevelopmentRecord, SelfRating

__all__ = [
    "LEVELS",
    "DevelopmentFramework",
    "DevelopmentProgress",
    "DevelopmentRecord",
    "DomainProgress",
    "FrameworkAspect",
    "FrameworkDomain",
    "FrameworkItem",
    "FrameworkSource",
    "ItemProgress",
    "SelfRating",
    "development_progress",
    "load_framework",
    "nasenco_framework",
    "npqsenco_framework",
]
