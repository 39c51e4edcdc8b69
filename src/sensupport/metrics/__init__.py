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
from .impact import (
    BROOKS_BANDS,
    ProvisionImpact,
    brooks_band,
    impact_accumulator,
    provision_impact,
    ratio_gain,
)
from .timeliness import Timeliness, timeliness, timeliness_accumulator

__all__ = [
    "BROOKS_BANDS",
    "DIMENSIONS",
    "Accumulator",
    "Context",
    "Grouped",
    "OverdueReview",
    "OverdueReviews",
    "Period",
    "ProvisionImpact",
    "ReviewFrequency",
    "Summary",
    "TargetAttainment",
    "Timeliness",
    "attainment_accumulator",
    "brooks_band",
    "frequency_accumulator",
    "impact_accumulator",
    "overdue_reviews",
    "provision_impact",
    "quantile",
    "ratio_gain",
    "review_frequency",
    "timeliness",
    "timeliness_accumulator",
    "target_attainment",
    "wilson_interval",
]
