"""Metrics over SEN support records: plain functions with explicit periods.

Each function takes any iterable of `SupportRecord` (consumed once) and a period or
date; none reads a clock. Each returns a small frozen summary that keeps the counts
behind every rate, prints readably, turns into rows for a DataFrame, and merges
exactly with the summary of another part of the cohort.
"""

from __future__ import annotations

from ._core import DIMENSIONS, Accumulator, Context, Grouped, Period, Summary
from ._stats import quantile, wilson_interval
from .attainment import TargetAttainment, attainment_accumulator, target_attainment
from .frequency import (
    OverdueReview,
    OverdueReviews,
    ReviewFrequency,
    frequency_accumulator,
    overdue_reviews,
    review_frequency,
)

__all__ = [
    "DIMENSIONS",
    "Accumulator",
    "Context",
    "Grouped",
    "OverdueReview",
    "OverdueReviews",
    "Period",
    "ReviewFrequency",
    "Summary",
    "TargetAttainment",
    "attainment_accumulator",
    "frequency_accumulator",
    "overdue_reviews",
    "quantile",
    "review_frequency",
    "target_attainment",
    "wilson_interval",
]
