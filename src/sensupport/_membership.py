"""Who belongs to a class or a provision group, from when to when.

A member's ``joined_on`` and ``left_on`` are inclusive, as a provision's planned end
is; either may be None (from the start, to the end). One pupil may leave and come
back, so may be listed more than once, never in two spans that overlap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import ClassVar

import attrs

from ._validation import Checked, Checks, not_blank, show


@attrs.frozen(kw_only=True)
class Membership(Checked):
    """A pupil's days in a class or a group; ``_WHAT`` names it in rule codes."""

    _WHAT: ClassVar[str] = "member"

    pupil_id: str
    joined_on: dt.date | None = None
    left_on: dt.date | None = None

    def _check(self, checks: Checks) -> None:
        not_blank(checks, self.pupil_id, "pupil_id", self._WHAT)
        if (
            self.joined_on is not None
            and self.left_on is not None
            and self.left_on < self.joined_on
        ):
            checks.add(
                "left_on",
                f"{self._WHAT}.left_before_joining",
                f"left on {show(self.left_on)}, before joining on "
                f"{show(self.joined_on)}",
            )

    def belongs(self, first: dt.date, last: dt.date) -> bool:
        """True when the pupil belongs on any day from ``first`` to ``last``."""
        return (self.joined_on is None or self.joined_on <= last) and (
            self.left_on is None or self.left_on >= first
        )


def check_members(
    checks: Checks, members: Sequence[Membership], path: str, what: str
) -> None:
    """Each pupil listed in spans that do not overlap."""
    spans: dict[str, list[Membership]] = {}
    for i, member in enumerate(members):
        earlier = spans.setdefault(member.pupil_id, [])
        first = member.joined_on or dt.date.min
        last = member.left_on or dt.date.max
        if any(other.belongs(first, last) for other in earlier):
            checks.add(
                f"{path}[{i}].pupil_id",
                f"{what}.member_twice",
                f"pupil {member.pupil_id!r} is listed twice in {path} for the same "
                "days; list a pupil again only after they left",
            )
        earlier.append(member)
