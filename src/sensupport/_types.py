"""What each primitive field type accepts, and how a message names it.

One table serves both places a value's type is judged: the check that runs when a
domain object is built, and the converter's hooks that read a document. So "a whole
number" means the same thing, and is spelt the same way, in both.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Callable
from typing import Any, NamedTuple


class Primitive(NamedTuple):
    """A primitive type's test and the words a message uses for it; ``bounded`` are
    the words for a value of the right ``kind`` that the test still refuses (a
    number out of range, a date outside the years taken)."""

    accepts: Callable[[object], bool]
    description: str
    kinds: tuple[type, ...]
    bounded: str

    def expected(self, value: object) -> str:
        """What a message says was expected instead of ``value``."""
        # Exact types: a datetime is not a date out of range, True not a number.
        return self.bounded if type(value) in self.kinds else self.description


LARGEST_WHOLE_NUMBER = 2**53 - 1
"""The largest whole number (either way) a field takes: the largest JSON keeps exactly
in every reader (RFC 8259, section 6), so whatever is built can be saved and read
back equal."""
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2199, 12, 31)
"""The dates a field takes: far wider than any pupil's schooling, and narrow enough
that a school year, a term or a review cadence after any of them is still a date."""


def _is_string(value: object) -> bool:
    # A lone surrogate cannot be written as UTF-8, so a string holding one could be
    # built but never saved.
    if not isinstance(value, str):
        return False
    if value.isascii():
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _is_whole_number(value: object) -> bool:
    # bool is a subclass of int, but True is not a count of anything.
    return (
        isinstance(value, int)
        and not isinstance(value, bool)
        and -LARGEST_WHOLE_NUMBER <= value <= LARGEST_WHOLE_NUMBER
    )


def _is_finite_number(value: object) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    # A whole number beyond 2**53 would come back from a document rounded.
    return _is_whole_number(value)


def is_date_in_range(value: dt.date) -> bool:
    """True for a date from `EARLIEST_DATE` to `LATEST_DATE`."""
    return EARLIEST_DATE <= value <= LATEST_DATE


def _is_true_or_false(value: object) -> bool:
    return isinstance(value, bool)


def _is_date(value: object) -> bool:
    # datetime is a subclass of date; a timestamp where a date belongs is a mistake.
    return type(value) is dt.date and is_date_in_range(value)


PRIMITIVES: dict[type, Primitive] = {
    str: Primitive(
        _is_string, "a string", (str,), "a string of Unicode text (no lone surrogate)"
    ),
    int: Primitive(
        _is_whole_number,
        "a whole number",
        (int,),
        "a whole number within 2**53 - 1 either way",
    ),
    float: Primitive(
        _is_finite_number,
        "a finite number",
        (int, float),
        "a finite number (a whole number within 2**53 - 1 either way)",
    ),
    bool: Primitive(_is_true_or_false, "true or false", (bool,), "true or false"),
    dt.date: Primitive(
        _is_date, "a date", (dt.date,), "a date from 1900-01-01 to 2199-12-31"
    ),
}
"""Each primitive field type, exactly (a subclass has no entry of its own)."""

DATE_AS_TEXT = f"{PRIMITIVES[dt.date].description} as yyyy-mm-dd"
"""A date written as text, as documents and the command line take it."""
DATE_IN_RANGE = f"{PRIMITIVES[dt.date].bounded} as yyyy-mm-dd"
"""A date written as text, as documents and the command line take it."""


def describe(tp: Any) -> str:
    """The words a message uses for a value of type ``tp``.

    >>> from sensupport.codes import NeedType
    >>> describe(int), describe(NeedType), describe(dt.datetime)
    ('a whole number', 'a NeedType code', 'a datetime')
    """
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return f"a {tp.__name__} code"
    primitive = PRIMITIVES.get(tp)
    if primitive is not None:
        return primitive.description
    return f"a {getattr(tp, '__name__', str(tp))}"
