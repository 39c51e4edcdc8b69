"""Which schools (or groups) stand out, allowing for their size: a funnel table.

A small school's rate swings by chance far more than a large one's, so ranking
schools by a rate flags the small ones. A funnel plot (Spiegelhalter, *Funnel plots for
comparing institutional performance*, Statistics in Medicine 24, 2005) compares each
group with the overall rate instead: around the overall rate lie control limits that
narrow as the group grows, at 95% (about two standard errors) and 99.8% (about three).
A group outside the 99.8% limits differs by more than chance would make one time in
five hundred; outside the 95% limits, one time in twenty, which among twenty schools
is expected once. The limits are the binomial distribution's exact quantiles at the
group's size, interpolated between whole counts as Spiegelhalter describes.

>>> import datetime as dt
>>> from sensupport.synth import load_sample
>>> from sensupport.metrics import target_attainment
>>> by_school = target_attainment(load_sample(), start=dt.date(2024, 9, 1),
...                               end=dt.date(2026, 7, 22), by="school")
>>> print(funnel(by_school, "met_rate"))
met_rate overall 791/1444 (55%); each group against the 95% and 99.8% limits for its size:
  900001: 302/615 (49%), limits 51%-59%: below 95%
  900002: 216/417 (52%), limits 50%-59%: within
  900003: 214/283 (76%), limits 49%-60%: above 99.8%
  900004: 59/129 (46%), limits 46%-63%: below 95%
"""

from __future__ import annotations

import math
from collections.abc import Hashable

import attrs

from ._core import Grouped, Summary
from ._stats import SMALL_GROUP, is_small

__all__ = ["POSITIONS", "Funnel", "FunnelRow", "control_limits", "funnel"]

POSITIONS = ("below 99.8%", "below 95%", "within", "above 95%", "above 99.8%")
"""Where a group sits against the funnel's limits, from lowest to highest."""

_LEVELS = (0.025, 0.975, 0.001, 0.999)


def _binomial_quantile(n: int, p: float, q: float) -> float:
    """The q-quantile of Binomial(n, p) as a proportion, interpolated between whole
    counts (Spiegelhalter 2005, appendix A.1.1)."""
    if p <= 0.0 or p >= 1.0:
        return p
    log_p, log_q = math.log(p), math.log1p(-p)
    log_n = math.lgamma(n + 1)
    cumulative = 0.0
    for r in range(n + 1):
        mass = math.exp(
            log_n
            - math.lgamma(r + 1)
            - math.lgamma(n - r + 1)
            + r * log_p
            + (n - r) * log_q
        )
        cumulative += mass
        if cumulative >= q:
            alpha = (cumulative - q) / mass if mass > 0 else 0.0
            return min(max((r - alpha) / n, 0.0), 1.0)
    return 1.0


def control_limits(n: int, p: float) -> tuple[float, float, float, float]:
    """The funnel's limits for a group of ``n`` around the overall rate ``p``:
    (95% low, 95% high, 99.8% low, 99.8% high), as proportions.

    >>> [round(x, 2) for x in control_limits(100, 0.5)]
    [0.4, 0.59, 0.34, 0.65]

    Raises:
        ValueError: ``n`` is below 1 or ``p`` is not a proportion.
    """
    if n < 1:
        raise ValueError(f"a group of {n} has no limits; it needs 1 or more")
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"the overall rate {p} is not a proportion")
    low, high, low_3, high_3 = (_binomial_quantile(n, p, q) for q in _LEVELS)
    return low, high, low_3, high_3


@attrs.frozen(kw_only=True)
class FunnelRow:
    """One group against the funnel: its counts, its rate, the limits at its size,
    and where it sits (one of `POSITIONS`)."""

    group: Hashable
    k: int
    n: int
    rate: float
    low_95: float
    high_95: float
    low_998: float
    high_998: float
    position: str

    @property
    def small(self) -> bool:
        """Fewer than `SMALL_GROUP` behind the rate: too few to read on its own."""
        return is_small(self.n)


@attrs.frozen(kw_only=True)
class Funnel:
    """Every group of a split against the overall rate, for one rate."""

    rate: str
    by: str | tuple[str, ...]
    k: int
    n: int
    rows: tuple[FunnelRow, ...]

    @property
    def overall(self) -> float | None:
        """The rate over every group together."""
        return self.k / self.n if self.n else None

    @property
    def outside(self) -> tuple[FunnelRow, ...]:
        """The groups outside the 95% limits, highest first."""
        found = [r for r in self.rows if r.position != "within"]
        return tuple(sorted(found, key=lambda r: -r.rate))

    def to_rows(self) -> list[dict[str, object]]:
        """One row per group, for a DataFrame."""
        by = self.by if isinstance(self.by, str) else "group"
        return [
            {
                by: r.group,
                "rate_name": self.rate,
                "k": r.k,
                "n": r.n,
                "rate": r.rate,
                "overall": self.overall,
                "low_95": r.low_95,
                "high_95": r.high_95,
                "low_998": r.low_998,
                "high_998": r.high_998,
                "position": r.position,
                "small_group": r.small,
            }
            for r in self.rows
        ]

    def __str__(self) -> str:
        if not self.n:
            return f"{self.rate}: nothing to compare."
        lines = [
            f"{self.rate} overall {self.k}/{self.n} ({self.k / self.n:.0%}); each "
            f"group against the 95% and 99.8% limits for its size:"
        ]
        for r in self.rows:
            flag = f" [fewer than {SMALL_GROUP}]" if r.small else ""
            lines.append(
                f"  {r.group}: {r.k}/{r.n} ({r.rate:.0%}), limits "
                f"{r.low_95:.0%}-{r.high_95:.0%}: {r.position}{flag}"
            )
        return "\n".join(lines)


def _position(rate: float, low: float, high: float, low_3: float, high_3: float) -> str:
    if rate < low_3:
        return POSITIONS[0]
    if rate < low:
        return POSITIONS[1]
    if rate > high_3:
        return POSITIONS[4]
    if rate > high:
        return POSITIONS[3]
    return POSITIONS[2]


def funnel(grouped: Grouped[Summary], rate: str) -> Funnel:
    """Each group's ``rate`` against the overall rate and the limits at its size.

    Groups with nothing behind the rate (a school with no targets reviewed) are left
    out of the table, as they are of the overall rate.

    Raises:
        ValueError: The summaries have no such rate.
    """
    counts: dict[Hashable, tuple[int, int]] = {}
    for key, summary in grouped.items():
        rates = summary.rates()
        if rate not in rates:
            raise ValueError(
                f"no rate {rate!r}; choose one of {', '.join(rates) or 'none'}"
            )
        counts[key] = rates[rate]
    k = sum(c[0] for c in counts.values())
    n = sum(c[1] for c in counts.values())
    rows = []
    for key, (k_i, n_i) in counts.items():
        if not n_i:
            continue
        limits = control_limits(n_i, k / n)
        rows.append(
            FunnelRow(
                group=key,
                k=k_i,
                n=n_i,
                rate=k_i / n_i,
                low_95=limits[0],
                high_95=limits[1],
                low_998=limits[2],
                high_998=limits[3],
                position=_position(k_i / n_i, *limits),
            )
        )
    return Funnel(rate=rate, by=grouped.by, k=k, n=n, rows=tuple(rows))
