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
    """A primitive type's test and the words a message uses for it."""

    accepts: Callable[[object], bool]
    description: str


def _is_string(value: object) -> bool:
    return isinstance(value, str)


def _is_whole_number(value: object) -> bool:
    # bool is a subclass of int, but True is not a count of anything.
    return isinstance(value, int) and not isinstance(value, bool)


def _is_finite_number(value: object) -> bool:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an int too large to be a float is not a finite one
        return False


def _is_true_or_false(value: object) -> bool:
    return isinstance(value, bool)


def _is_date(value: object) -> bool:
    # datetime is a subclass of date; a timestamp where a date belongs is a mistake.
    return type(value) is dt.date


PRIMITIVES: dict[type, Primitive] = {
    str: Primitive(_is_string, "a string"),
    int: Primitive(_is_whole_number, "a whole number"),
    float: Primitive(_is_finite_number, "a finite number"),
    bool: Primitive(_is_true_or_false, "true or false"),
    dt.date: Primitive(_is_date, "a date"),
}
"""Each primitive field type, exactly (a subclass has no entry of its own)."""

DATE_AS_TEXT = f"{PRIMITIVES[dt.date].description} as yyyy-mm-dd"
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
