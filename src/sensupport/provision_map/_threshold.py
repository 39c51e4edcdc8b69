"""The high-needs cost threshold: what a school meets from its own budget per pupil.

In a mainstream school the first £6,000 a year of a pupil's additional support comes
from the school's notional SEN budget; the local authority's top-up funding (element
3) is for costs above it. A special school is funded £10,000 a place before top-up.
A period shorter or longer than a year gets the threshold pro rata by days: each day
counts as 1/365 of a year, or 1/366 in a school year (1 September to 31 August) that
holds 29 February, so a whole school year is exactly one year's threshold.

>>> import datetime as dt
>>> MAINSTREAM.pro_rata(dt.date(2025, 9, 1), dt.date(2026, 9, 1))
Fraction(600000, 1)
>>> float(MAINSTREAM.pro_rata(dt.date(2025, 9, 1), dt.date(2026, 1, 1)))
200547.94520547945
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import attrs

from ..calendar import school_year_bounds, school_year_of

__all__ = ["MAINSTREAM", "SPECIAL_SCHOOL", "CostThreshold"]


@attrs.frozen(kw_only=True)
class CostThreshold:
    """A yearly cost per pupil above which a school may seek top-up funding.

    Args:
        pence_per_year: The threshold for a whole year, in pence.
        setting: Which schools it applies to.
        source: Where the figure comes from.
    """

    pence_per_year: int
    setting: str
    source: str

    def pro_rata(self, start: dt.date, end: dt.date) -> Fraction:
        """The threshold for [start, end), in pence, exactly (see the module)."""
        share = Fraction(0)
        year = school_year_of(start)
        while True:
            first, after = school_year_bounds(year)
            if first >= end:
                break
            days = (min(after, end) - max(first, start)).days
            if days > 0:
                share += Fraction(days, (after - first).days)
            year += 1
        return self.pence_per_year * share


MAINSTREAM = CostThreshold(
    pence_per_year=600_000,
    setting="mainstream schools",
    source="DfE, The notional SEN budget for mainstream schools: operational guide "
    "(2024 to 2025): schools meet the costs of additional support for pupils with "
    "SEN up to £6,000 per pupil a year; local authority top-up funding (element 3) "
    "is for costs above it",
)
"""£6,000 a year per pupil: the default threshold."""

SPECIAL_SCHOOL = CostThreshold(
    pence_per_year=1_000_000,
    setting="special schools",
    source="DfE, High needs funding: operational guide (2024 to 2025): place "
    "funding of £10,000 a place in special schools, before top-up funding",
)
"""£10,000 a place a year, for special schools."""
