"""School years."""

from __future__ import annotations

import datetime as dt


def school_year_of(date: dt.date) -> int:
    return date.year if date.month >= 9 else date.year - 1


def school_year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 9, 1), dt.date(year + 1, 9, 1)
