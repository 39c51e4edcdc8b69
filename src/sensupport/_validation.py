"""Checks that run when a domain object is built.

Every domain class derives from `Checked`. After attrs has set the fields, the field
types are checked against the annotations (so a string where a date belongs is caught
at once, not three modules later), then the class's own ``_check`` adds the rules that
span fields. All problems are raised together as one `ValidationError`.

Fields holding personal data carry ``metadata=PRIVATE``: their values never appear in
a message. A class whose every value may be personal data (a pupil: a wrong value in
any of its fields may be a name or a date of birth in the wrong place) says so with
``_personal = True``, and none of its values appears either.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ClassVar

import attrs

from ._types import PRIMITIVES, describe
from .errors import Problem, Severity, ValidationError, _join_path

PRIVATE: dict[str, bool] = {"sensupport.private": True}
"""Field metadata marking personal data: never shown in repr or messages."""

WITHHELD = "(value withheld: personal data)"

# A compiled type test: yields (sub-path, what was expected) for each mismatch.
_Test = Callable[[object], Iterable[tuple[str, str]]]


def is_private(field: attrs.Attribute[Any]) -> bool:
    return bool(field.metadata.get("sensupport.private", False))


def is_personal(cls: type) -> bool:
    """Whether no value of ``cls``, in any field, is ever shown in a message."""
    return bool(getattr(cls, "_personal", False))


def kind(value: object) -> str:
    """What sort of value this is, in words that repeat nothing of it.

    >>> kind(["Ada", "Lovelace"]), kind("2014-05-02"), kind({"a": 1}), kind(None)
    ('a list of 2 items', 'a string', 'an object of 1 field', 'null')
    """
    if value is None or isinstance(value, bool):
        return "null" if value is None else "true or false"
    if isinstance(value, int | float):
        return "a whole number" if isinstance(value, int) else "a number"
    if isinstance(value, str | bytes):
        return "a string"
    if isinstance(value, list | tuple):
        return f"a list of {len(value):,} item{'' if len(value) == 1 else 's'}"
    if isinstance(value, Mapping):
        return f"an object of {len(value):,} field{'' if len(value) == 1 else 's'}"
    return f"a {type(value).__name__}"


_SHOWN = 60  # characters of a value a message quotes, at most (and its size)
_NESTED = 6  # levels of lists and objects a message opens


def show(value: object) -> str:
    """A short, quoted rendering of a value for a message.

    However long, large or deeply nested the value, the rendering is cut to about
    60 characters and says how long a long text or list was; building it reads no
    more of the value than it shows.

    >>> show("2025-13-01"), show(["DYS", 1]), show(dt.date(2025, 9, 1))
    ("'2025-13-01'", "['DYS', 1]", '2025-09-01')
    >>> show("x" * 1_000_000)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'... (1,000,000 characters)"
    >>> show([[["deep"] * 3] * 1000] * 1000)
    "[[['deep', 'deep', 'deep'], ['deep', 'deep', 'deep'], ['d... (a list of 1,000 items)"
    """
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        value = value.value
    parts: list[str] = []
    _render(value, parts, _SHOWN + 1, _NESTED)
    text = "".join(parts)
    if len(text) <= _SHOWN:
        return text
    if isinstance(value, str):
        return f"{value[: _SHOWN - 4]!r}... ({len(value):,} characters)"
    if isinstance(value, bytes):
        return f"{value[: _SHOWN - 5]!r}... ({len(value):,} bytes)"
    if isinstance(value, dict):
        return f"{text[: _SHOWN - 3]}... (an object of {len(value):,} fields)"
    if isinstance(value, list | tuple):
        kind = type(value).__name__
        return f"{text[: _SHOWN - 3]}... (a {kind} of {len(value):,} items)"
    return text[: _SHOWN - 3] + "..."


def _render(value: object, parts: list[str], budget: int, depth: int) -> int:
    """Append the start of ``value``'s repr to ``parts``; return the budget left.

    It stops once ``budget`` characters are written or ``depth`` levels are open, so
    neither a huge nor a deeply nested (or self-containing) value costs more than the
    message shows.
    """
    if budget <= 0:
        return 0
    if isinstance(value, list | tuple | dict) and depth > 0:
        return _render_items(value, parts, budget, depth)
    if isinstance(value, list | tuple | dict):
        text = "..."
    elif isinstance(value, str | bytes):
        text = repr(value[:budget])
    elif type(value) is int and value.bit_length() > 4 * budget:
        # repr would write every digit (and refuses to past 4,300 of them).
        text = f"(a whole number of {value.bit_length():,} bits)"
    else:
        try:
            text = repr(value)
        except Exception:  # a caller's object with a broken __repr__
            text = f"<{type(value).__name__}>"
    parts.append(text)
    return budget - len(text)


def _render_items(
    value: list[object] | tuple[object, ...] | dict[object, object],
    parts: list[str],
    budget: int,
    depth: int,
) -> int:
    closing = "}" if isinstance(value, dict) else "]"
    if isinstance(value, tuple):
        closing = ",)" if len(value) == 1 else ")"
    parts.append({"}": "{", "]": "["}.get(closing, "("))
    budget -= 1
    pairs = value.items() if isinstance(value, dict) else ((None, v) for v in value)
    for i, (key, item) in enumerate(pairs):
        if budget <= 0:
            return 0
        if i:
            parts.append(", ")
            budget -= 2
        if isinstance(value, dict):
            budget = _render(key, parts, budget, depth - 1) - 2
            parts.append(": ")
        budget = _render(item, parts, budget, depth - 1)
    parts.append(closing)
    return budget - len(closing)


class Checks:
    """Collects the problems found on one object."""

    __slots__ = ("problems",)

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(
        self,
        path: str,
        code: str,
        message: str,
        severity: Severity = Severity.ERROR,
    ) -> None:
        self.problems.append(
            Problem(code=code, message=message, path=path, severity=severity)
        )

    def extend(self, problems: Iterable[Problem], prefix: str = "") -> None:
        self.problems.extend(p.at(prefix) for p in problems)


# Set while the converter builds objects: its strict hooks have typed every field,
# so checking the types again would only repeat the work (about a third of loading).
_TYPES_CHECKED: ContextVar[bool] = ContextVar("sensupport_types_checked", default=False)


@contextmanager
def types_checked() -> Iterator[None]:
    """Within this block, objects trust their field types; cross-field rules still run.

    Only the converter uses it: its hooks check each value's type as they read it.
    """
    token = _TYPES_CHECKED.set(True)
    try:
        yield
    finally:
        _TYPES_CHECKED.reset(token)


def types_trusted() -> bool:
    return _TYPES_CHECKED.get()


class Checked:
    """Mixin for frozen attrs classes that validate themselves when built."""

    __slots__ = ()

    _personal: ClassVar[bool] = False
    """True when any value of the class may be personal data: none is ever shown."""

    def __attrs_post_init__(self) -> None:
        problems = [] if _TYPES_CHECKED.get() else type_problems(self)
        if not problems and type(self)._check is not Checked._check:
            checks = Checks()
            self._check(checks)
            problems = checks.problems
        if problems:
            raise ValidationError(problems, summary=f"invalid {type(self).__name__}")

    def _check(self, checks: Checks) -> None:
        """Add the rules that span fields; called only once every type is right."""


def type_problems(obj: object) -> list[Problem]:
    """Check each field of an attrs instance against its annotation."""
    tests = _field_tests(type(obj))
    # Almost every object is right: a quick yes first, the explanation only if not.
    if all(ok(getattr(obj, name)) for name, ok, _, _ in tests):
        return []
    problems: list[Problem] = []
    for name, _, test, private in tests:
        value = getattr(obj, name)
        for sub, expected in test(value):
            path = _join_path(name, sub)
            if private:
                message = f"expected {expected} {WITHHELD}"
            else:
                got = _value_at(value, sub)
                message = f"expected {expected}, got {type(got).__name__} {show(got)}"
            problems.append(Problem(code="type", message=message, path=path))
    return problems


def _value_at(value: object, sub: str) -> object:
    # sub is a chain of [i] indexes produced by the tuple test.
    for part in sub.strip("[]").split("]["):
        if part.isdigit() and isinstance(value, tuple):
            value = value[int(part)]
    return value


_Ok = Callable[[object], bool]
_FIELD_TESTS: dict[type, tuple[tuple[str, _Ok, _Test, bool], ...]] = {}


def _field_tests(cls: type) -> tuple[tuple[str, _Ok, _Test, bool], ...]:
    try:
        return _FIELD_TESTS[cls]
    except KeyError:
        hints = typing.get_type_hints(cls)
        tests = tuple(
            (f.name, *_compile(hints[f.name]), is_private(f) or is_personal(cls))
            for f in attrs.fields(cls)
            if f.init  # the rest are derived, not given
        )
        _FIELD_TESTS[cls] = tests
        return tests


def _compile(tp: Any) -> tuple[_Ok, _Test]:
    """Two tests of a value against ``tp`` that always agree.

    The first only says whether the value fits, as fast as it can, since it runs on
    every object built; the second, run only when the first says no, says where and
    what was expected.
    """
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        branches = [b for b in typing.get_args(tp) if b is not type(None)]
        optional = len(branches) < len(typing.get_args(tp))
        oks = [_compile(b)[0] for b in branches]
        expected = " or ".join(describe(b) for b in branches)
        if optional:
            expected += " or null"
        # A union is met by a whole branch or not at all: one message for it, and
        # the explaining test needs nothing more than the quick one.
        if optional and len(oks) == 1:
            only = oks[0]

            def optional_ok(value: object) -> bool:
                return value is None or only(value)

            primitive = PRIMITIVES.get(branches[0])
            if primitive is not None:
                say = primitive.expected

                def optional_test(value: object) -> Iterable[tuple[str, str]]:
                    if optional_ok(value):
                        return ()
                    return (("", f"{say(value)} or null"),)

                return optional_ok, optional_test
            return optional_ok, _simple(optional_ok, expected)

        def union_ok(value: object) -> bool:
            return (optional and value is None) or any(ok(value) for ok in oks)

        return union_ok, _simple(union_ok, expected)
    if origin is tuple:
        item_type = typing.get_args(tp)[0]
        item_ok, item_test = _compile(item_type)

        def tuple_ok(value: object) -> bool:
            return isinstance(value, tuple) and all(item_ok(x) for x in value)

        def tuple_test(value: object) -> Iterable[tuple[str, str]]:
            if not isinstance(value, tuple):
                return (("", f"a tuple of {describe(item_type)}"),)
            return [
                (f"[{i}]{sub}", expected)
                for i, v in enumerate(value)
                for sub, expected in item_test(v)
            ]

        return tuple_ok, tuple_test
    primitive = PRIMITIVES.get(tp)
    if primitive is not None:
        accepts, explain = primitive.accepts, primitive.expected

        def primitive_test(value: object) -> Iterable[tuple[str, str]]:
            return () if accepts(value) else (("", explain(value)),)

        return accepts, primitive_test
    if isinstance(tp, type):

        def instance_ok(value: object) -> bool:
            return isinstance(value, tp)

        return instance_ok, _simple(instance_ok, describe(tp))
    raise TypeError(f"no type test for {tp!r}")  # a programming error, not input


def _simple(ok: _Ok, expected: str) -> _Test:
    def test(value: object) -> Iterable[tuple[str, str]]:
        return () if ok(value) else (("", expected),)

    return test


def unique(
    checks: Checks, items: Iterable[object], key: str, path: str, what: str
) -> None:
    """Add a problem for each item whose ``key`` repeats an earlier one."""
    seen: set[object] = set()
    for i, item in enumerate(items):
        value = getattr(item, key)
        if value in seen:
            checks.add(
                f"{path}[{i}].{key}",
                f"{what}.duplicate_id",
                f"{key} {show(value)} is used twice in {path}; ids must be unique",
            )
        seen.add(value)


def distinct(checks: Checks, items: tuple[object, ...], path: str, what: str) -> None:
    """Add a problem for each value of ``items`` that repeats an earlier one."""
    seen: set[object] = set()
    for i, value in enumerate(items):
        if value in seen:
            checks.add(
                f"{path}[{i}]",
                f"{what}.duplicate",
                f"{show(value)} is listed twice in {path}",
            )
        seen.add(value)


def not_blank(checks: Checks, value: str, path: str, what: str) -> None:
    if not value.strip():
        checks.add(path, f"{what}.blank", f"{path} must not be blank")
