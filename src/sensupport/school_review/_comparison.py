"""Self-ratings set against measured practice: where a school's view and its figures
disagree.

A `Comparison` pairs an area of the framework with a figure sensupport measures for
each school (a share such as reviews held by their agreed date), says which way the
figure is better, and where it turns poor and good. A school disagrees with its
figure when it **rates highly** (an area mean in the top third of the scale,
`RatingScale.high_from`: 7 or more on 1 to 10) while the figure is **poor**, or
**rates low** (the bottom third, `RatingScale.low_to`: 4 or less) while the figure
is **good**. Between the thresholds, nothing is said.

For a figure where higher is better, it is poor below ``poor`` and good from
``good`` up; where lower is better (a share overdue), poor above ``poor`` and good
at ``good`` or below.

`measured_shares` turns any of sensupport's split summaries into a figure by school:

>>> import datetime as dt
>>> from sensupport.metrics import timeliness
>>> by_school = timeliness([], start=dt.date(2025, 9, 1), end=dt.date(2026, 9, 1),
...                        by="school")
>>> measured_shares(by_school, "review_on_time_rate")
{}
>>> Comparison(area_id="vision", figure="review_on_time",
...            poor=Fraction(3, 4), good=Fraction(1, 2))
Traceback (most recent call last):
...
sensupport.errors.ValidationError: invalid Comparison: good: where higher is better, good (1/2) cannot be below poor (3/4) [comparison.thresholds]
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING

import attrs

from .._validation import Checked, Checks, not_blank
from ..codes import _Code
from ._framework import RatingScale

if TYPE_CHECKING:  # only its type: a review need not load the metrics
    from ..metrics import Summary

__all__ = [
    "Comparison",
    "Disagreement",
    "DisagreementKind",
    "FigureDirection",
    "measured_shares",
]


class FigureDirection(_Code):
    """Which way a measured figure is better."""

    HIGHER_IS_BETTER = "higher_is_better", "A higher figure is better practice"
    LOWER_IS_BETTER = "lower_is_better", "A lower figure is better practice"


class DisagreementKind(_Code):
    """How a school's self-rating and its measured figure disagree."""

    RATES_HIGH_MEASURED_POOR = (
        "rates_high_measured_poor",
        "Rates itself highly; the measured figure is poor",
    )
    RATES_LOW_MEASURED_GOOD = (
        "rates_low_measured_good",
        "Rates itself low; the measured figure is good",
    )


@attrs.frozen(kw_only=True)
class Comparison(Checked):
    """An area of the framework set against a measured figure.

    Args:
        area_id: The area whose mean rating is compared.
        figure: The name of the figure in the measured figures given.
        poor: Where the figure turns poor (below it, or above it where lower is
            better).
        good: Where the figure counts as good (from it up, or from it down where
            lower is better).
        direction: Which way the figure is better.

    Raises:
        ValidationError: A name is blank, or ``good`` lies on the poor side of
            ``poor``.
    """

    area_id: str
    figure: str
    poor: Fraction
    good: Fraction
    direction: FigureDirection = FigureDirection.HIGHER_IS_BETTER

    def _check(self, checks: Checks) -> None:
        not_blank(checks, self.area_id, "area_id", "comparison")
        not_blank(checks, self.figure, "figure", "comparison")
        higher = self.direction is FigureDirection.HIGHER_IS_BETTER
        if (self.good < self.poor) if higher else (self.good > self.poor):
            side = "below" if higher else "above"
            checks.add(
                "good",
                "comparison.thresholds",
                f"where {'higher' if higher else 'lower'} is better, good "
                f"({self.good}) cannot be {side} poor ({self.poor})",
            )

    def is_poor(self, value: Fraction) -> bool:
        """True when the figure counts as poor practice."""
        if self.direction is FigureDirection.HIGHER_IS_BETTER:
            return value < self.poor
        return value > self.poor

    def is_good(self, value: Fraction) -> bool:
        """True when the figure counts as good practice."""
        if self.direction is FigureDirection.HIGHER_IS_BETTER:
            return value >= self.good
        return value <= self.good

    def judge(
        self, rating: Fraction, value: Fraction, scale: RatingScale
    ) -> DisagreementKind | None:
        """How a mean rating on ``scale`` and a figure disagree, if they do."""
        if rating >= scale.high_from and self.is_poor(value):
            return DisagreementKind.RATES_HIGH_MEASURED_POOR
        if rating <= scale.low_to and self.is_good(value):
            return DisagreementKind.RATES_LOW_MEASURED_GOOD
        return None


@attrs.frozen(kw_only=True)
class Disagreement:
    """A school whose self-rating of an area and measured figure disagree."""

    school_key: str
    area_id: str
    figure: str
    rating: Fraction
    measured: Fraction
    kind: DisagreementKind


def measured_shares(
    grouped: Mapping[Hashable, Summary], rate: str
) -> dict[str, Fraction]:
    """One rate of a summary split ``by="school"``, exactly, by school key.

    A school with nothing behind the rate (a denominator of 0), and records that
    name no school (``unknown``), are left out.

    Args:
        grouped: A metric split by school, such as
            ``timeliness(records, ..., by="school")``.
        rate: One of its summaries' rates (`Summary.rates`), such as
            ``"review_on_time_rate"``.

    Raises:
        KeyError: The summaries have no such rate.
    """
    shares: dict[str, Fraction] = {}
    for key, summary in grouped.items():
        k, n = summary.rates()[rate]
        if isinstance(key, str) and key != "unknown" and n:
            shares[key] = Fraction(k, n)
    return shares
