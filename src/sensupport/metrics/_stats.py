"""Statistics the metrics share: the Wilson score interval and histogram quantiles.

Schools' groups are small, so a rate comes with the Wilson score interval, which
stays inside [0, 1] and behaves at 0/n and n/n where the normal approximation does
not. Intervals between reviews are kept as integer histograms, so quantiles are exact
and histograms from several workers merge without loss.

>>> low, high = wilson_interval(8, 10)
>>> round(low, 4), round(high, 4)
(0.4902, 0.9433)
>>> quantile({10: 1, 20: 1, 30: 1, 40: 1}, 0.5)
25.0
"""

from __future__ import annotations

import math
from collections.abc import Mapping

__all__ = ["SMALL_GROUP", "Z_95", "is_small", "quantile", "wilson_interval"]

Z_95 = 1.959963984540054
"""The standard normal quantile for a two-sided 95% interval."""

SMALL_GROUP = 10
"""Fewer than this many in a rate's denominator, and the rate is flagged as too small
to read.

Below 10 the 95% Wilson interval is at least 30 percentage points wide even at 100%
(6 of 6 is 61% to 100%), and over 50 points near a half. Groups this small are also
where single pupils can be recognised; the figures are flagged, not dropped, since a
school reads its own pupils' data.
"""


def is_small(n: int) -> bool:
    """True when a rate over ``n`` is too small to read: 0 < n < `SMALL_GROUP`.

    >>> is_small(6), is_small(10), is_small(0)
    (True, False, False)
    """
    return 0 < n < SMALL_GROUP


def wilson_interval(
    successes: int, trials: int, z: float = Z_95
) -> tuple[float, float]:
    """The Wilson score interval for ``successes`` out of ``trials``.

    Returns (0.0, 1.0) when there are no trials: nothing is known.

    Raises:
        ValueError: The counts are negative or successes exceed trials.
    """
    if trials < 0 or successes < 0 or successes > trials:
        raise ValueError(f"need 0 <= successes <= trials, got {successes}/{trials}")
    if trials == 0:
        return 0.0, 1.0
    p = successes / trials
    z2 = z * z
    centre = (p + z2 / (2 * trials)) / (1 + z2 / trials)
    half = (z / (1 + z2 / trials)) * math.sqrt(
        p * (1 - p) / trials + z2 / (4 * trials**2)
    )
    # Clamp rounding noise so that 0/n starts at 0 and n/n ends at 1.
    return max(0.0, centre - half), min(1.0, centre + half)


def quantile(histogram: Mapping[int, int], q: float) -> float | None:
    """The ``q`` quantile of the values a histogram counts; None if it is empty.

    Uses linear interpolation between order statistics (numpy's default, "type 7"),
    so the median of an even count is the mean of the middle two.

    Raises:
        ValueError: ``q`` is outside [0, 1] or a count is negative.
    """
    if not 0 <= q <= 1:
        raise ValueError(f"a quantile lies in [0, 1], not {q}")
    items = sorted((v, c) for v, c in histogram.items() if c)
    if any(c < 0 for _, c in items):
        raise ValueError("histogram counts cannot be negative")
    total = sum(c for _, c in items)
    if total == 0:
        return None
    position = q * (total - 1)
    lower_rank = math.floor(position)
    fraction = position - lower_rank
    lower = _value_at_rank(items, lower_rank)
    if fraction == 0:
        return float(lower)
    upper = _value_at_rank(items, lower_rank + 1)
    return lower + (upper - lower) * fraction


def _value_at_rank(items: list[tuple[int, int]], rank: int) -> int:
    seen = 0
    for value, count in items:
        seen += count
        if rank < seen:
            return value
    return items[-1][0]
