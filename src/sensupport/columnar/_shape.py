"""The shape of a valid record's document, compiled once from the attrs classes.

Each class's fields become a kind to check a value against (`_kind`, `_fields`), and
the kinds become plain functions (`_check`, `_object_check`): `_document_fits` says
whether a document is, to the letter, what `dumps` writes for a valid record, every
object's fields present and in their order, every value of its type, every code
known and every date a date in range.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import types
import typing
from collections.abc import Callable
from typing import Any

import attrs

from .._converter import unstructure
from .._types import LARGEST_WHOLE_NUMBER, is_date_in_range
from ..errors import ValidationError
from ..process import events as ev
from ..process.record import SupportRecord
from ..serialization import SCHEMA_VERSION
from ..upn import UPN

# A value's kind: a tag and its argument. Compiled from the classes' type hints, so
# a field added to a class is checked here without a word changed.
_Kind = tuple[Any, ...]


def _kind(tp: Any) -> _Kind:
    if tp is str:
        return ("str",)
    if tp is bool:
        return ("bool",)
    if tp is int:
        return ("int",)
    if tp is float:
        return ("float",)
    if tp is dt.date:
        return ("date",)
    if tp is UPN:
        return ("upn",)
    if isinstance(tp, type) and issubclass(tp, enum.StrEnum):
        # Only the codes as `dumps` writes them: a historic code reads as its
        # successor, so its document is not canonical, and goes to `loads`.
        return ("code", frozenset(m.value for m in tp))
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType) and type(None) in args:
        (inner,) = (a for a in args if a is not type(None))
        return ("optional", _kind(inner))
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return ("list", _kind(args[0]))
    if attrs.has(tp):
        return ("object", _fields(tp))
    raise TypeError(f"no columnar kind for {tp!r}")  # pragma: no cover


_FIELDS: dict[type, tuple[tuple[str, ...], tuple[_Kind, ...]]] = {}


def _fields(cls: type) -> tuple[tuple[str, ...], tuple[_Kind, ...]]:
    found = _FIELDS.get(cls)
    if found is None:
        hints = typing.get_type_hints(cls)
        names = tuple(f.alias or f.name for f in attrs.fields(cls) if f.init)
        _FIELDS[cls] = found = (names, ())  # a class that holds itself stops here
        kinds = tuple(_kind(hints[f.name]) for f in attrs.fields(cls) if f.init)
        _FIELDS[cls] = found = (names, kinds)
        _DEFAULTS[names] = tuple(
            _default(f, hints[f.name]) for f in attrs.fields(cls) if f.init
        )
    return found


# Each class's fields' defaults as `dumps` writes them, by its fields' names; _NONE
# for a field that has none. A document may leave a field at its default out.
_NONE: Any = object()
_DEFAULTS: dict[tuple[str, ...], tuple[Any, ...]] = {}


def _default(field: Any, hint: Any) -> Any:
    default = field.default
    if default is attrs.NOTHING:
        return _NONE
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        if default.takes_self:  # pragma: no cover - none of the record's classes
            return _NONE
        default = default.factory()
    return unstructure(default, hint)


_PUPIL_KIND = _kind(typing.get_type_hints(SupportRecord)["pupil"])
_EVENT_KINDS: dict[str, tuple[tuple[str, ...], tuple[_Kind, ...]]] = {}
for _cls in ev.EVENT_TYPES:
    _names, _kinds = _fields(_cls)
    _EVENT_KINDS[_cls.__name__] = (("event", *_names), (("str",), *_kinds))
    _DEFAULTS[("event", *_names)] = (_NONE, *_DEFAULTS[_names])

_DATES: dict[str, dt.date] = {}


def _date(value: object) -> dt.date | None:
    """The date ``value`` writes as yyyy-mm-dd, in range; None if it is not one."""
    if type(value) is not str:
        return None
    found = _DATES.get(value)
    if found is not None:
        return found
    if len(value) != 10 or value[4] != "-" or value[7] != "-":
        return None
    try:
        found = dt.date.fromisoformat(value)
    except ValueError:
        return None
    if not is_date_in_range(found):
        return None
    if len(_DATES) > 20_000:
        _DATES.clear()
    _DATES[value] = found
    return found


def _fits(value: object, kind: _Kind) -> bool:
    """Whether ``value`` is what `dumps` writes for a valid value of ``kind``."""
    tag = kind[0]
    if tag == "str":
        return type(value) is str
    if tag == "code":
        return type(value) is str and value in kind[1]
    if tag == "date":
        return _date(value) is not None
    if tag == "optional":
        return value is None or _fits(value, kind[1])
    if tag == "list":
        return type(value) is list and all(_fits(item, kind[1]) for item in value)
    if tag == "object":
        return _object_fits(value, kind[1])
    if tag == "int":
        return (
            type(value) is int
            and -LARGEST_WHOLE_NUMBER <= value <= LARGEST_WHOLE_NUMBER
        )
    if tag == "bool":
        return type(value) is bool
    if tag == "float":
        # `dumps` writes a float as a float: 3 is read as 3.0 but written 3.0.
        return type(value) is float and value == value and abs(value) != float("inf")
    if tag == "upn":
        if type(value) is not str:
            return False
        try:
            return str(UPN.parse(value)) == value
        except ValidationError:
            return False
    raise AssertionError(tag)  # pragma: no cover


def _object_fits(
    value: object, spec: tuple[tuple[str, ...], tuple[_Kind, ...]]
) -> bool:
    names, kinds = spec
    # Every field, in the order `dumps` writes them, and no other.
    if type(value) is not dict or tuple(value) != names:
        return False
    return all(_fits(v, k) for v, k in zip(value.values(), kinds, strict=True))


# The shape check compiled, once a class, to one function of plain tests: what the
# loop over a document's values costs most is dispatching on the kind of each.
_CHECKS: dict[Any, Callable[[Any], bool]] = {}
_ENV: dict[str, Any] = {"DATES": _DATES, "_date": _date, "L": LARGEST_WHOLE_NUMBER}


def _check(kind: _Kind) -> Callable[[Any], bool]:
    """A function that says whether a value fits ``kind`` (`_fits`, compiled)."""
    found = _CHECKS.get(kind)
    if found is None:
        body = _test(kind, "v")
        found = _define([f"    return {body}"])
        _CHECKS[kind] = found
    return found


def _define(lines: list[str]) -> Callable[[Any], bool]:
    source = "def check(v):\n" + "\n".join(lines)
    env = dict(_ENV)
    exec(source, env)  # the source is built here, from the classes
    check: Callable[[Any], bool] = env["check"]
    return check


def _name(value: Any) -> str:
    name = f"K{len(_ENV)}"
    _ENV[name] = value
    return name


def _test(kind: _Kind, x: str) -> str:
    """An expression that is true when the value ``x`` fits ``kind``."""
    tag = kind[0]
    if tag == "str":
        return f"type({x}) is str"
    if tag == "bool":
        return f"type({x}) is bool"
    if tag == "int":
        return f"(type({x}) is int and -L <= {x} <= L)"
    if tag == "code":
        return f"(type({x}) is str and {x} in {_name(kind[1])})"
    if tag == "date":
        return f"(type({x}) is str and ({x} in DATES or _date({x}) is not None))"
    if tag == "optional":
        return f"({x} is None or {_test(kind[1], x)})"
    if tag == "list":
        inner = _test(kind[1], "i")
        check = _define(
            [
                "    if type(v) is not list:",
                "        return False",
                "    for i in v:",
                f"        if not {inner}:",
                "            return False",
                "    return True",
            ]
        )
        return f"{_name(check)}({x})"
    if tag == "object":
        return f"{_name(_object_check(kind[1]))}({x})"
    return f"{_name(functools.partial(_fits, kind=kind))}({x})"  # float, UPN


def _object_check(
    spec: tuple[tuple[str, ...], tuple[_Kind, ...]],
) -> Callable[[Any], bool]:
    found = _CHECKS.get(spec)
    if found is None:
        names, kinds = spec
        lines = [
            f"    if type(v) is not dict or tuple(v) != {_name(names)}:",
            "        return False",
        ]
        for name, kind in zip(names, kinds, strict=True):
            lines += [f"    x = v[{name!r}]", f"    if not {_test(kind, 'x')}:"]
            lines.append("        return False")
        lines.append("    return True")
        found = _CHECKS[spec] = _define(lines)
    return found


def _document_fits(document: object) -> bool:
    """Whether ``document`` has the shape of a valid record's canonical document."""
    if type(document) is not dict or tuple(document) != (
        "schema_version",
        "type",
        "data",
    ):
        return False
    if type(document["schema_version"]) is not int:
        return False
    if document["schema_version"] != SCHEMA_VERSION:
        return False
    if document["type"] != "SupportRecord":
        return False
    data = document["data"]
    if type(data) is not dict or tuple(data) != ("pupil", "events"):
        return False
    if not _PUPIL_CHECK(data["pupil"]):
        return False
    events = data["events"]
    if type(events) is not list:
        return False
    for event in events:
        if type(event) is not dict:
            return False
        name = event.get("event")
        check = _EVENT_CHECKS.get(name) if type(name) is str else None
        if check is None or not check(event):
            return False
    return True


_PUPIL_CHECK = _check(_PUPIL_KIND)
_EVENT_CHECKS = {name: _object_check(spec) for name, spec in _EVENT_KINDS.items()}
