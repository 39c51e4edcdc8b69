"""The SENCO's development in one view: coverage and change per domain, the weakest
items first, and the reg. 49 deadline.

`development_progress` reads a `DevelopmentRecord` against its framework on a date:

- each rated item's first and latest level, and the change between them;
- per domain: how many of its items are rated (coverage), and the mean of their
  first and of their latest levels, and the change. Both means are over the same
  items (those rated), so an item rated for the first time lately adds no change,
  rather than pulling the first mean down or the latest up;
- the rated items, weakest first: by latest level, lowest first, then in the
  framework's order; and the items not yet rated;
- where the SENCO stands against reg. 49 (`senco_qualification_status`).

Ratings made after ``as_of`` are not counted (``ratings_ignored`` says how many):
the view is what was known that day. Means and coverage are exact fractions.

>>> import datetime as dt
>>> from sensupport.qualifications import (Qualification, QualificationKind,
...                                        SencoAppointment)
>>> from sensupport.senco_development import nasenco_framework
>>> record = DevelopmentRecord(
...     framework_id="nasenco-2014",
...     appointment=SencoAppointment(appointed_on=dt.date(2023, 1, 9), school="URN 100000"),
...     qualifications=(Qualification(kind=QualificationKind.NASENCO,
...                                   course_started_on=dt.date(2023, 9, 1)),),
...     ratings=(SelfRating(item_id="pku", rated_on=dt.date(2024, 1, 8), level=2),
...              SelfRating(item_id="pku", rated_on=dt.date(2025, 6, 2), level=3),
...              SelfRating(item_id="lcp", rated_on=dt.date(2024, 1, 8), level=1)))
>>> view = development_progress(record, nasenco_framework(), as_of=dt.date(2025, 7, 14))
>>> [(d.domain_id, d.rated, d.change) for d in view.domains]
[('pku', 1, Fraction(1, 1)), ('lcp', 1, Fraction(0, 1)), ('ppq', 0, None)]
>>> [item.item_id for item in view.weakest]
['lcp', 'pku']
>>> view.qualification.required_award, view.qualification.days_left
(<QualificationKind.NASENCO: 'nasenco'>, 179)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from fractions import Fraction

import attrs

from .._validation import show
from ..errors import Problem, ValidationError
from ..qualifications import SencoQualificationStatus, senco_qualification_status
from ._framework import LEVELS, DevelopmentFramework, FrameworkItem
from ._ratings import DevelopmentRecord, SelfRating

__all__ = [
    "DevelopmentProgress",
    "DomainProgress",
    "ItemProgress",
    "development_progress",
]


@attrs.frozen(kw_only=True)
class ItemProgress:
    """One item's ratings up to the date of the view.

    Args:
        item: The aspect, or the domain rated whole.
        ratings: How many ratings of it count.
        first_level: Its earliest rating's level; None if not rated.
        first_on: When that was.
        latest_level: Its latest rating's level; None if not rated.
        latest_on: When that was.
    """

    item: FrameworkItem
    ratings: int = 0
    first_level: int | None = None
    first_on: dt.date | None = None
    latest_level: int | None = None
    latest_on: dt.date | None = None

    @property
    def item_id(self) -> str:
        return self.item.item_id

    @property
    def rated(self) -> bool:
        return self.ratings > 0

    @property
    def change(self) -> int | None:
        """Latest level less first; 0 after one rating, None before any."""
        if self.first_level is None or self.latest_level is None:
            return None
        return self.latest_level - self.first_level


@attrs.frozen(kw_only=True)
class DomainProgress:
    """A domain's items, and how far they are rated and have moved.

    Args:
        domain_id: The domain.
        title: Its heading.
        confirmed: Whether the heading was checked against the framework itself.
        items: Its rated items (its aspects, or itself), in the framework's order.
    """

    domain_id: str
    title: str
    confirmed: bool
    items: tuple[ItemProgress, ...]

    @property
    def rated(self) -> int:
        """How many of its items are rated."""
        return sum(1 for item in self.items if item.rated)

    @property
    def coverage(self) -> Fraction:
        """The share of its items rated, from 0 to 1."""
        return Fraction(self.rated, len(self.items)) if self.items else Fraction(0)

    @property
    def first_mean(self) -> Fraction | None:
        """The mean first level of its rated items; None if none is rated."""
        return _mean(item.first_level for item in self.items)

    @property
    def latest_mean(self) -> Fraction | None:
        """The mean latest level of the same items; None if none is rated."""
        return _mean(item.latest_level for item in self.items)

    @property
    def change(self) -> Fraction | None:
        """Latest mean less first mean; None if no item is rated."""
        first, latest = self.first_mean, self.latest_mean
        return None if first is None or latest is None else latest - first


@attrs.frozen(kw_only=True)
class DevelopmentProgress:
    """The SENCO's development on one date, with where they stand against reg. 49.

    ``str()`` gives the whole view as text.

    Args:
        framework_id: The framework rated against.
        framework_name: Its name.
        as_of: The date of the view.
        domains: Each domain's progress, in the framework's order.
        qualification: Where the SENCO stands against reg. 49 on ``as_of``.
        scale_labels: The framework's words for the four levels, if it has them.
        ratings_ignored: Ratings made after ``as_of``, not counted.
    """

    framework_id: str
    framework_name: str
    as_of: dt.date
    domains: tuple[DomainProgress, ...]
    qualification: SencoQualificationStatus
    scale_labels: tuple[str, ...] = ()
    ratings_ignored: int = 0

    @property
    def items(self) -> tuple[ItemProgress, ...]:
        """Every rated item of the framework, in its order."""
        return tuple(item for domain in self.domains for item in domain.items)

    @property
    def weakest(self) -> tuple[ItemProgress, ...]:
        """The rated items, by latest level lowest first, then in framework order."""
        rated = [item for item in self.items if item.rated]
        # sorted is stable: equal levels keep the framework's order.
        return tuple(sorted(rated, key=lambda item: item.latest_level or 0))

    @property
    def unrated(self) -> tuple[ItemProgress, ...]:
        """The items not yet rated, in the framework's order."""
        return tuple(item for item in self.items if not item.rated)

    @property
    def coverage(self) -> Fraction:
        """The share of all the framework's items rated, from 0 to 1."""
        items = self.items
        rated = sum(1 for item in items if item.rated)
        return Fraction(rated, len(items)) if items else Fraction(0)

    def level_label(self, level: int) -> str:
        """The framework's word for a level, or ``level N of 4`` where it has none."""
        if self.scale_labels:
            return self.scale_labels[level - 1]
        return f"level {level} of {len(LEVELS)}"

    def __str__(self) -> str:
        items = self.items
        rated = sum(1 for item in items if item.rated)
        lines = [
            f"{self.framework_name} ({self.framework_id}), on {self.as_of.isoformat()}",
            f"Qualification (reg. 49): {self.qualification}",
            f"Rated: {rated} of {len(items)} items",
        ]
        if self.ratings_ignored:
            lines.append(
                f"Not counted: {self.ratings_ignored} rating(s) after "
                f"{self.as_of.isoformat()}"
            )
        lines.append("Domains:")
        lines += [f"  {_domain_line(domain)}" for domain in self.domains]
        if self.weakest:
            lines.append("Weakest first:")
            lines += [
                f"  {self.level_label(item.latest_level or 0)}: {_title(item.item)}"
                f"{_change_text(item.change)}"
                for item in self.weakest
            ]
        if self.unrated:
            lines.append("Not yet rated:")
            lines += [f"  {_title(item.item)}" for item in self.unrated]
        return "\n".join(lines)


def development_progress(
    record: DevelopmentRecord, framework: DevelopmentFramework, *, as_of: dt.date
) -> DevelopmentProgress:
    """The SENCO's development on ``as_of`` against ``framework``.

    Raises:
        ValidationError: The record is for another framework
            (``development.framework_mismatch``), or rates an item the framework
            does not have (``development.unknown_item``); every such problem is
            listed, with its path in the record.
    """
    items = framework.items
    _check_fits(record, framework, {item.item_id for item in items})
    counted: dict[str, list[SelfRating]] = {item.item_id: [] for item in items}
    ignored = 0
    for rating in record.ratings:
        if rating.rated_on > as_of:
            ignored += 1
        else:
            counted[rating.item_id].append(rating)
    by_item = {
        item.item_id: _item_progress(item, counted[item.item_id]) for item in items
    }
    domains = tuple(
        DomainProgress(
            domain_id=domain.domain_id,
            title=domain.title,
            confirmed=domain.confirmed,
            items=tuple(
                by_item[item.item_id]
                for item in items
                if item.domain_id == domain.domain_id
            ),
        )
        for domain in framework.domains
    )
    return DevelopmentProgress(
        framework_id=framework.framework_id,
        framework_name=framework.name,
        as_of=as_of,
        domains=domains,
        qualification=senco_qualification_status(
            record.appointment, record.qualifications, as_of
        ),
        scale_labels=framework.scale_labels,
        ratings_ignored=ignored,
    )


def _check_fits(
    record: DevelopmentRecord, framework: DevelopmentFramework, known: set[str]
) -> None:
    problems = []
    if record.framework_id != framework.framework_id:
        problems.append(
            Problem(
                code="development.framework_mismatch",
                message=f"the record is against framework {show(record.framework_id)}, "
                f"not {show(framework.framework_id)}",
                path="framework_id",
            )
        )
    for i, rating in enumerate(record.ratings):
        if rating.item_id not in known:
            problems.append(
                Problem(
                    code="development.unknown_item",
                    message=f"item {show(rating.item_id)} is not an aspect, nor a "
                    f"domain rated whole, of framework {show(framework.framework_id)}",
                    path=f"ratings[{i}].item_id",
                )
            )
    if problems:
        raise ValidationError(
            problems, summary="the development record does not fit its framework"
        )


def _item_progress(item: FrameworkItem, ratings: list[SelfRating]) -> ItemProgress:
    if not ratings:
        return ItemProgress(item=item)
    # An item is rated at most once a day (DevelopmentRecord), so dates order them.
    ordered = sorted(ratings, key=lambda rating: rating.rated_on)
    first, latest = ordered[0], ordered[-1]
    return ItemProgress(
        item=item,
        ratings=len(ordered),
        first_level=first.level,
        first_on=first.rated_on,
        latest_level=latest.level,
        latest_on=latest.rated_on,
    )


def _mean(levels: Iterable[int | None]) -> Fraction | None:
    known = [level for level in levels if level is not None]
    return Fraction(sum(known), len(known)) if known else None


def _title(item: FrameworkItem) -> str:
    unconfirmed = "" if item.confirmed else " [heading not confirmed]"
    return f"{item.title} ({item.item_id}){unconfirmed}"


def _change_text(change: int | Fraction | None) -> str:
    if change is None:
        return ""
    return f", change {float(change):+.2f}"


def _domain_line(domain: DomainProgress) -> str:
    unconfirmed = "" if domain.confirmed else " [heading not confirmed]"
    head = f"{domain.title}{unconfirmed}: {domain.rated} of {len(domain.items)} rated"
    first, latest = domain.first_mean, domain.latest_mean
    if first is None or latest is None:
        return head
    return f"{head}; mean {float(first):.2f} -> {float(latest):.2f}" + _change_text(
        latest - first
    )
