"""Metrics over SEN support records: plain functions with explicit periods.

Each function takes any iterable of `SupportRecord` (consumed once), a period or
date, and the data date (the extract date; else the latest event seen); none reads a
clock. Each returns a small frozen summary that keeps the counts behind every rate,
says what it covers, prints readably, turns into rows for a DataFrame, and merges
exactly with the summary of another part of the cohort.
"""

from __future__ import annotations

from ._core import (
    Accumulator,
    Coverage,
    Grouped,
    Period,
    Summary,
    counted_period,
    latest_event_on,
)
from ._dimensions import DIMENSIONS, Context, needs_on, year_group_on
from ._stats import SMALL_GROUP, is_small, quantile, wilson_interval
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
    "SMALL_GROUP",
    "Accumulator",
    "Context",
    "Coverage",
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
    "counted_period",
    "frequency_accumulator",
    "impact_accumulator",
    "is_small",
    "latest_event_on",
    "needs_on",
    "overdue_reviews",
    "provision_impact",
    "quantile",
    "ratio_gain",
    "review_frequency",
    "timeliness",
    "timeliness_accumulator",
    "target_attainment",
    "wilson_interval",
    "year_group_on",
]
