"""How much one record may hold: bounds that turn a hostile input into an error.

A record's events are replayed one by one, and a JSON Lines file is read a line at a
time; a line of millions of events would take minutes and gigabytes to refuse. The
limits are far above any real pupil's record (sixteen years of half-termly reviews,
plans and meetings come to a few hundred events) and can be raised for a block of
code:

>>> current().events_per_record
5000
>>> with limited(events_per_record=20_000):
...     current().events_per_record
20000
>>> current().events_per_record
5000
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import attrs

__all__ = ["Limits", "current", "limited"]


@attrs.frozen(kw_only=True)
class Limits:
    """The bounds in force.

    Args:
        events_per_record: The most events a `SupportRecord` may hold.
        line_characters: The longest line `load_lines` reads (in characters).
    """

    events_per_record: int = 5_000
    line_characters: int = 8 * 1024 * 1024

    def __attrs_post_init__(self) -> None:
        for field in attrs.fields(Limits):
            value = getattr(self, field.name)
            if type(value) is not int or value < 1:
                raise ValueError(f"{field.name} must be a whole number of 1 or more")


_DEFAULT = Limits()
_LIMITS: ContextVar[Limits | None] = ContextVar("sensupport_limits", default=None)


def current() -> Limits:
    """The limits in force here (in this thread or task)."""
    return _LIMITS.get() or _DEFAULT


@contextmanager
def limited(**changes: int) -> Iterator[Limits]:
    """Within this block, the limits with ``changes`` (by field name).

    Raises:
        ValueError: A change is not a whole number of 1 or more.
        TypeError: A change names no limit.
    """
    limits = attrs.evolve(current(), **changes)
    token = _LIMITS.set(limits)
    try:
        yield limits
    finally:
        _LIMITS.reset(token)
