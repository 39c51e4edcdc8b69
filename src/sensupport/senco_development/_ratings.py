"""The SENCO's self-ratings against a framework, over time.

A `SelfRating` is how the SENCO rated themselves on one item of a framework (an
aspect, or a domain rated whole) on one day, on a four-point scale: 1 is the lowest,
4 the highest. A `DevelopmentRecord` holds a SENCO's appointment, the qualifications
they hold or are studying for, and every rating they have made.

Ratings made before the appointment are allowed: a SENCO may take a baseline, or
begin the course, before taking up the post. An item may be rated once a day.

The record names its framework by id; which items exist is checked against the
framework when progress is worked out (`development_progress`), so a record can be
read and stored without the framework at hand.

>>> import datetime as dt
>>> from sensupport.qualifications import SencoAppointment
>>> appointment = SencoAppointment(appointed_on=dt.date(2025, 9, 1), school="URN 100000")
>>> record = DevelopmentRecord(framework_id="nasenco-2014", appointment=appointment,
...     ratings=(SelfRating(item_id="lcp", rated_on=dt.date(2025, 9, 8), level=2),
...              SelfRating(item_id="lcp", rated_on=dt.date(2025, 9, 8), level=3)))
Traceback (most recent call last):
...
sensupport.errors.ValidationError: invalid DevelopmentRecord: ratings[1]: item 'lcp' is rated twice on 2025-09-08; an item is rated once a day [development_record.duplicate_rating]
>>> SelfRating(item_id="lcp", rated_on=dt.date(2025, 9, 8), level=5)
Traceback (most recent call last):
...
sensupport.errors.ValidationError: invalid SelfRating: level: a level is 1, 2, 3 or 4 (1 the lowest), not 5 [self_rating.level]
"""

from __future__ import annotations

import datetime as dt

import attrs

from .._validation import PRIVATE, Checked, Checks, not_blank, show
from ..qualifications import Qualification, SencoAppointment
from ._framework import LEVELS

__all__ = ["DevelopmentRecord", "SelfRating"]


@attrs.frozen(kw_only=True)
class SelfRating(Checked):
    """How the SENCO rated themselves on one item of a framework, on one day.

    Args:
        item_id: The aspect, or the domain rated whole (`DevelopmentFramework.items`).
        rated_on: When.
        level: 1 (lowest) to 4 (highest).
        note: The SENCO's evidence or reflection, if any. It is free text that may
            name pupils or colleagues, so it is never shown in a repr or message.

    Raises:
        ValidationError: The item id is blank or the level is not 1 to 4.
    """

    item_id: str
    rated_on: dt.date
    level: int
    note: str = attrs.field(default="", repr=False, metadata=PRIVATE)

    def _check(self, checks: Checks) -> None:
        not_blank(checks, self.item_id, "item_id", "self_rating")
        if self.level not in LEVELS:
            checks.add(
                "level",
                "self_rating.level",
                f"a level is 1, 2, 3 or 4 (1 the lowest), not {self.level}",
            )


@attrs.frozen(kw_only=True)
class DevelopmentRecord(Checked):
    """A SENCO's development against a framework.

    Args:
        framework_id: The `DevelopmentFramework` the ratings are against.
        appointment: Their appointment as SENCO, for the reg. 49 deadline.
        qualifications: The SENCO qualifications they hold or are studying for.
        ratings: Their self-ratings, in any order.

    Raises:
        ValidationError: The framework id is blank, or an item is rated twice on
            one day.
    """

    framework_id: str
    appointment: SencoAppointment
    qualifications: tuple[Qualification, ...] = ()
    ratings: tuple[SelfRating, ...] = ()

    def _check(self, checks: Checks) -> None:
        not_blank(checks, self.framework_id, "framework_id", "development_record")
        seen: set[tuple[str, dt.date]] = set()
        for i, rating in enumerate(self.ratings):
            key = (rating.item_id, rating.rated_on)
            if key in seen:
                checks.add(
                    f"ratings[{i}]",
                    "development_record.duplicate_rating",
                    f"item {show(rating.item_id)} is rated twice on "
                    f"{show(rating.rated_on)}; an item is rated once a day",
                )
            seen.add(key)
