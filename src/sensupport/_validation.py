"""Checks that run when a domain object is built.

Every domain class derives from `Checked`. After attrs has set the fields, the field
types are checked against the annotations (so a string where a date belongs is caught
at once, not three modules later), then the class's own ``_check`` adds the rules that
span fields. All problems are raised together as one `ValidationError`.

Fields holding personal data carry ``metadata=PRIVATE``: their values never appear in
a message.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import attrs

from .errors import Problem, Severity, ValidationError, _join_path

PRIVATE: dict[str, bool] = {"sensupport.private": True}
"""Field metadata marking personal data: never shown in repr or messages."""

WITHHELD = "(value withheld: personal data)"

# A compiled type test: yields (sub-path, what was expected) for each mismatch.
_Test = Callable[[object], Iterable[tuple[str, str]]]


def is_private(field: attrs.Attribute[Any]) -> bool:
    return bool(field.metadata.get("sensupport.private", False))


def show(value: object) -> str:
    """A short, quoted rendering of a value for a message."""
    if isinstance(value, dt.date):
        text = value.isoformat()
    elif isinstance(value, enum.Enum):
        text = repr(value.value)
    else:
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


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
            (f.name, _ok(hints[f.name]), _compile(hints[f.name]), is_private(f))
            for f in attrs.fields(cls)
            if f.init  # the rest are derived, not given
        )
        _FIELD_TESTS[cls] = tests
        return tests


def _simple(check: Callable[[object], bool], expected: str) -> _Test:
    def test(value: object) -> Iterable[tuple[str, str]]:
        return () if check(value) else (("", expected),)

    return test


def _is_date(v: object) -> bool:
    # datetime is a subclass of date; a timestamp where a date belongs is a mistake.
    return type(v) is dt.date


def _is_int(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_float(v: object) -> bool:
    return (
        isinstance(v, int | float)
        and not isinstance(v, bool)
        and math.isfinite(float(v))
    )


def _describe(tp: Any) -> str:
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return f"a {tp.__name__} code"
    names = {
        str: "a string",
        int: "a whole number",
        float: "a finite number",
        bool: "true or false",
        dt.date: "a date",
    }
    if tp in names:
        return names[tp]
    return f"a {getattr(tp, '__name__', str(tp))}"


def _ok(tp: Any) -> _Ok:
    """A predicate that says only whether a value fits ``tp``."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        branches = typing.get_args(tp)
        preds = [_ok(b) for b in branches if b is not type(None)]
        optional = type(None) in branches
        if optional and len(preds) == 1:
            only = preds[0]
            return lambda v: v is None or only(v)
        return lambda v: (optional and v is None) or any(p(v) for p in preds)
    if origin is tuple:
        item = _ok(typing.get_args(tp)[0])
        return lambda v: isinstance(v, tuple) and all(item(x) for x in v)
    simple = {dt.date: _is_date, int: _is_int, float: _is_float, bool: _is_bool}
    if tp in simple:
        return simple[tp]
    if isinstance(tp, type):
        return lambda v: isinstance(v, tp)
    raise TypeError(f"no type test for {tp!r}")  # a programming error, not input


def _is_bool(v: object) -> bool:
    return isinstance(v, bool)


def _compile(tp: Any) -> _Test:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        branches = typing.get_args(tp)
        tests = [_compile(b) for b in branches if b is not type(None)]
        optional = type(None) in branches
        expected = " or ".join(_describe(b) for b in branches if b is not type(None))
        if optional:
            expected += " or null"

        def union(value: object) -> Iterable[tuple[str, str]]:
            if value is None and optional:
                return ()
            if any(not list(t(value)) for t in tests):
                return ()
            return (("", expected),)

        return union
    if origin is tuple:
        item_type, _ = typing.get_args(tp)
        item = _compile(item_type)

        def tuple_test(value: object) -> Iterable[tuple[str, str]]:
            if not isinstance(value, tuple):
                return (("", f"a tuple of {_describe(item_type)}"),)
            return [
                (f"[{i}]{sub}", expected)
                for i, v in enumerate(value)
                for sub, expected in item(v)
            ]

        return tuple_test
    if tp is dt.date:
        return _simple(_is_date, "a date")
    if tp is int:
        return _simple(_is_int, "a whole number")
    if tp is float:
        return _simple(_is_float, "a finite number")
    if tp is bool:
        return _simple(_is_bool, "true or false")
    if isinstance(tp, type):
        return _simple(lambda v: isinstance(v, tp), _describe(tp))
    raise TypeError(f"no type test for {tp!r}")  # a programming error, not input


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
