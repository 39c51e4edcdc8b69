"""The library's own cattrs converter, and its failures as problems with paths.

Strict hooks refuse what cattrs would otherwise coerce ("1" as 1, "abc" as a list of
letters, a datetime as a date). A `SupportRecord` is written as its pupil and events,
each event tagged with its type; the public converter tags an event written on its
own too. `structure` turns every failure, however deep, into one `ValidationError`
whose problems carry paths such as ``targets[2].due_on``, and never repeats a value
from inside a pupil, nor any value or key at more than about 60 characters.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from ._types import (
    DATE_AS_TEXT,
    DATE_IN_RANGE,
    LARGEST_WHOLE_NUMBER,
    PRIMITIVES,
    describe,
    is_date_in_range,
)
from ._validation import WITHHELD, is_personal, is_private, kind, show, types_checked
from .errors import Problem, ValidationError, _join_path
from .process.events import EVENT_TYPES, Event
from .process.record import SupportRecord
from .pupils import Pupil
from .upn import UPN

T = TypeVar("T")


class _BadValue(ValueError):
    """A leaf value that cannot be read; the walk adds where it is.

    ``private`` when the value stood where a whole object of personal data belongs
    (a pupil), so that nothing of it is shown even though no field says so.
    """

    def __init__(self, expected: str, value: object, private: bool = False) -> None:
        super().__init__(expected)
        self.expected = expected
        self.value = value
        self.private = private


# How a document writes a UPN, which is not one of JSON's own values.
_UPN_EXPECTED = f"{describe(UPN)} as a string"

# Documents repeat the same few hundred days: parsing each once is a fifth of loading.
_DATES: dict[str, dt.date] = {}
_DATES_KEPT = 20_000


def _structure_date(value: object, _: type) -> dt.date:
    date = _DATES.get(value) if type(value) is str else None
    if date is not None:
        return date
    # Only yyyy-mm-dd: fromisoformat alone would also take 20250915 or 2025-W38-1.
    # It reads ASCII digits only, and refuses impossible dates such as 2025-02-30.
    if type(value) is str and len(value) == 10 and value[4] == value[7] == "-":
        try:
            date = dt.date.fromisoformat(value)
        except ValueError:
            pass
        else:
            if not is_date_in_range(date):
                raise _BadValue(DATE_IN_RANGE, value)
            if len(_DATES) >= _DATES_KEPT:
                _DATES.clear()
            _DATES[value] = date
            return date
    raise _BadValue(DATE_AS_TEXT, value)


def _strict(tp: type) -> Callable[[object, type], Any]:
    """For str, int or bool: a hook that passes a value through as it is, or refuses it."""
    primitive = PRIMITIVES[tp]
    accepts = primitive.accepts

    def structure(value: object, _: type) -> Any:
        # The common cases inline: ASCII text, a whole number in range.
        if type(value) is tp and (
            tp is bool
            or (tp is str and value.isascii())  # type: ignore[attr-defined]
            or (tp is int and -LARGEST_WHOLE_NUMBER <= value <= LARGEST_WHOLE_NUMBER)  # type: ignore[operator]
        ):
            return value
        if accepts(value):
            return value
        raise _BadValue(primitive.expected(value), value)

    return structure


_FLOAT = PRIMITIVES[float]


def _structure_float(value: object, _: type) -> float:
    # Unlike the other primitives, read as its own type: 3 in a document is 3.0.
    if _FLOAT.accepts(value):
        return float(value)  # type: ignore[arg-type]  # an int or a float, as tested
    raise _BadValue(_FLOAT.expected(value), value)


def _structure_upn(value: object, _: type) -> UPN:
    if not isinstance(value, str):
        raise _BadValue(_UPN_EXPECTED, value)
    try:
        return UPN.parse(value)
    except ValidationError as error:
        # The problems name the rule; the path is added where the UPN sits.
        problems = [attrs.evolve(p, path="") for p in error.problems]
        raise ValidationError(problems) from None


_MEMBERS: dict[type, dict[str, enum.StrEnum]] = {}


def _structure_code(value: object, cls: type[enum.StrEnum]) -> enum.StrEnum:
    # A dict lookup: calling the enum class costs several times more.
    members = _MEMBERS.get(cls)
    if members is None:
        members = _MEMBERS.setdefault(cls, {m.value: m for m in cls})
    if type(value) is str:
        member = members.get(value)
        if member is not None:
            return member
        with contextlib.suppress(ValueError):
            return cls(value)  # a historic code, read as its successor
    codes = ", ".join(member.value for member in cls)
    raise _BadValue(f"{describe(cls)} (one of {codes})", value)


def _is_homogeneous_tuple(tp: Any) -> bool:
    args = typing.get_args(tp)
    return typing.get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis


def _is_optional(tp: Any) -> bool:
    args = typing.get_args(tp)
    return (
        typing.get_origin(tp) in (typing.Union, types.UnionType)
        and len(args) == 2
        and type(None) in args
    )


def _tuple_hook(
    conv: cattrs.Converter, tp: Any, detailed: bool
) -> Callable[[object, type], tuple[Any, ...]]:
    item_type = typing.get_args(tp)[0]
    structure_item = conv.get_structure_hook(item_type)

    def structure(value: object, _: type) -> tuple[Any, ...]:
        # A string is iterable too; reading "abc" as ('a', 'b', 'c') would be wrong.
        if type(value) is not list and not isinstance(value, list | tuple):
            raise _BadValue("a list", value)
        if not detailed:
            return tuple([structure_item(item, item_type) for item in value])
        items, errors = [], []
        for i, item in enumerate(value):
            try:
                items.append(structure_item(item, item_type))
            except Exception as error:
                error.__notes__ = [
                    IterableValidationNote(f"at index {i}", i, item_type)
                ]
                errors.append(error)
        if errors:
            raise IterableValidationError("invalid items", errors, tp)
        return tuple(items)

    return structure


def _optional_hook(conv: cattrs.Converter, tp: Any) -> Callable[[object, type], Any]:
    # cattrs' own looks the inner hook up on every call; this finds it once.
    inner = next(a for a in typing.get_args(tp) if a is not type(None))
    structure_inner = conv.get_structure_hook(inner)

    def structure(value: object, _: type) -> Any:
        return None if value is None else structure_inner(value, inner)

    return structure


def _class_hook(
    conv: cattrs.Converter, cls: type, detailed: bool
) -> Callable[[object, type], Any]:
    generated: Callable[[Mapping[str, Any], type], Any]
    generated = cattrs.gen.make_dict_structure_fn(
        cls, conv, _cattrs_detailed_validation=detailed
    )

    expected = f"an object with the fields of {cls.__name__}"
    private = is_personal(cls)

    def structure(value: object, _: type) -> Any:
        if type(value) is not dict and not isinstance(value, Mapping):
            raise _BadValue(expected, value, private)
        return generated(value, cls)

    return structure


def _tuple_unstructure_hook(
    conv: cattrs.Converter, tp: Any
) -> Callable[[tuple[Any, ...]], list[Any]]:
    item_type = typing.get_args(tp)[0]
    unstructure_item = conv.get_unstructure_hook(item_type)
    return lambda value: [unstructure_item(v) for v in value]


def _optional_unstructure_hook(
    conv: cattrs.Converter, tp: Any
) -> Callable[[object], Any]:
    inner = next(a for a in typing.get_args(tp) if a is not type(None))
    unstructure_inner = conv.get_unstructure_hook(inner)
    return lambda value: None if value is None else unstructure_inner(value)


def _make_converter(*, detailed: bool, tag_events: bool = False) -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=detailed)
    conv.register_unstructure_hook(dt.date, dt.date.isoformat)
    conv.register_unstructure_hook(UPN, str)
    # Plain strings out, not the enum members (which are str subclasses). _value_
    # is enum's documented attribute; the value property costs four times as much.
    conv.register_unstructure_hook(enum.StrEnum, lambda member: member._value_)
    conv.register_unstructure_hook_factory(
        _is_optional, lambda tp: _optional_unstructure_hook(conv, tp)
    )
    conv.register_unstructure_hook_factory(
        _is_homogeneous_tuple, lambda tp: _tuple_unstructure_hook(conv, tp)
    )
    # Class hooks replace cattrs' own, which would read "1" as 1 or 1.7 as 1. More
    # specific classes win: bool over int, StrEnum (every code) over str.
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_structure_hook(str, _strict(str))
    conv.register_structure_hook(int, _strict(int))
    conv.register_structure_hook(bool, _strict(bool))
    conv.register_structure_hook(float, _structure_float)
    conv.register_structure_hook(UPN, _structure_upn)
    # StrEnum comes before str in every code's MRO, so this wins over cattrs' str.
    conv.register_structure_hook(enum.StrEnum, _structure_code)
    conv.register_structure_hook_factory(
        _is_homogeneous_tuple, lambda tp: _tuple_hook(conv, tp, detailed)
    )
    conv.register_structure_hook_factory(
        lambda t: attrs.has(t) and t is not UPN,
        lambda cls: _class_hook(conv, cls, detailed),
    )
    conv.register_structure_hook_factory(
        _is_optional, lambda tp: _optional_hook(conv, tp)
    )
    _register_records(conv)
    if tag_events:
        _tag_events(conv, detailed)
    return conv


_EVENT_KEY = "event"
_EVENTS_BY_NAME = {cls.__name__: cls for cls in EVENT_TYPES}
_EVENTS = frozenset(EVENT_TYPES)


def _register_records(conv: cattrs.Converter) -> None:
    """Events in a record as objects tagged with their type; a record as its pupil
    and events. An event document on its own needs no tag: its envelope says."""

    # Hooks found once per event type, not dispatched again for every event.
    unstructure_hooks = {cls: conv.get_unstructure_hook(cls) for cls in EVENT_TYPES}
    structure_hooks: dict[type, Callable[[object, type], Any]] = {}

    def unstructure_event(event: Event) -> dict[str, Any]:
        fields = unstructure_hooks[type(event)](event)
        return {_EVENT_KEY: type(event).__name__, **fields}

    def structure_event(value: object, _: type) -> Event:
        if type(value) is not dict and not isinstance(value, Mapping):
            raise _BadValue("an event object", value)
        name = value.get(_EVENT_KEY)
        cls = _EVENTS_BY_NAME.get(name) if isinstance(name, str) else None
        if cls is None:
            names = ", ".join(_EVENTS_BY_NAME)
            raise _BadValue(f"an object whose 'event' is one of {names}", name)
        hook = structure_hooks.get(cls)
        if hook is None:
            hook = structure_hooks.setdefault(cls, conv.get_structure_hook(cls))
        fields = dict(value)
        del fields[_EVENT_KEY]
        event: Event = hook(fields, cls)
        return event

    def unstructure_record(record: SupportRecord) -> dict[str, Any]:
        return {
            "pupil": conv.unstructure(record.pupil, Pupil),
            "events": [unstructure_event(e) for e in record.events],
        }

    def structure_record(value: object, _: type) -> SupportRecord:
        # Replaying the events inside the constructor re-checks every rule.
        fields = conv.structure(value, _RecordDocument)
        return SupportRecord(pupil=fields.pupil, events=fields.events)

    conv.register_unstructure_hook_func(lambda t: t == Event, unstructure_event)
    conv.register_structure_hook_func(lambda t: t == Event, structure_event)
    conv.register_unstructure_hook(SupportRecord, unstructure_record)
    conv.register_structure_hook(SupportRecord, structure_record)


def _tag_events(conv: cattrs.Converter, detailed: bool) -> None:
    """Each event, given as its own type, tagged too; read with or without its tag.

    So an event written on its own (``conv.unstructure(event)``) says what it is, as
    it does inside a record, and reads back as an `Event` or as its own type.
    """
    unstructure_event = conv.get_unstructure_hook(Event)
    for cls in EVENT_TYPES:
        conv.register_unstructure_hook(cls, unstructure_event)

    def structure_hook(cls: type) -> Callable[[object, type], Any]:
        structure_fields = _class_hook(conv, cls, detailed)
        name = cls.__name__

        def structure(value: object, _: type) -> Any:
            if isinstance(value, Mapping) and _EVENT_KEY in value:
                if value[_EVENT_KEY] != name:
                    raise _BadValue(
                        f"an object whose 'event' is {name}", value[_EVENT_KEY]
                    )
                value = {k: v for k, v in value.items() if k != _EVENT_KEY}
            return structure_fields(value, cls)

        return structure

    conv.register_structure_hook_factory(lambda t: t in _EVENTS, structure_hook)


@attrs.frozen
class _RecordDocument:
    pupil: Pupil
    events: tuple[Event, ...]


converter = _make_converter(detailed=True, tag_events=True)
"""The library's own cattrs converter, for sensupport's types inside your documents.

The global converter is never touched. `from_dict` and `loads` read through private
copies of it, so hooks registered here do not change what they accept.
"""

_checking_converter = _make_converter(detailed=True)

# Valid documents, nearly all of them, go through a converter that does not collect
# errors as it goes (a third faster); a document it refuses is read again by
# `converter`, which finds every problem.
_fast_converter = _make_converter(detailed=False)


def _problems(error: BaseException, path: str, private: bool) -> list[Problem]:
    if isinstance(error, ValidationError):
        # Messages the library builds never cite personal data, so they pass as is.
        return [p.at(path) for p in error.problems]
    if isinstance(error, ClassValidationError):
        found = []
        # Below a pupil, any value may be a name or a date of birth out of place.
        private = private or is_personal(error.cl)
        with_notes, without = error.group_exceptions()
        fields = {f.name: f for f in attrs.fields(error.cl)}
        for sub, note in with_notes:
            field = fields.get(note.name)
            hidden = private or (field is not None and is_private(field))
            found += _problems(sub, _join_path(path, note.name), hidden)
        for sub in without:
            found += _problems(sub, path, private)
        return found
    if isinstance(error, IterableValidationError):
        found = []
        with_index, without = error.group_exceptions()
        for sub, index_note in with_index:
            found += _problems(sub, f"{path}[{index_note.index}]", private)
        for sub in without:
            found += _problems(sub, path, private)
        return found
    return [_leaf(error, path, private)]


def _leaf(error: BaseException, path: str, private: bool) -> Problem:
    if isinstance(error, _BadValue):
        if private or error.private:
            got = f"{kind(error.value)} {WITHHELD}"
        else:
            got = show(error.value)
        message = f"expected {error.expected}, got {got}"
        return Problem(code="document.invalid_value", message=message, path=path)
    if isinstance(error, ForbiddenExtraKeysError):
        return Problem(
            code="document.unknown_field",
            message=unknown_fields(error.extra_fields, private),
            path=path,
        )
    if isinstance(error, KeyError):
        return Problem(
            code="document.missing_field", message="required field missing", path=path
        )
    # An error no hook expected: its text may hold the value, so it is cut too.
    text = WITHHELD if private else f"({error!s})"
    if len(text) > _SHOWN_ERROR:
        text = text[: _SHOWN_ERROR - 4] + "...)"
    return Problem(code="document.invalid", message=f"invalid {text}", path=path)


# How the schema spells a field. Below a pupil, only a key written so is named in a
# message (a typo of a field); any other may be a name, a date or a UPN out of place.
_FIELD_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")
_NAMES_LISTED = 5
_SHOWN_ERROR = 100
_PERSONAL_DATA = "personal data"


def spelt_as_field(key: object) -> bool:
    """Whether ``key`` is spelt as the schema spells its fields (``review_due_on``)."""
    return isinstance(key, str) and _FIELD_NAME.fullmatch(key) is not None


def field_name(key: object, private: bool) -> str | None:
    """How a message names a key of a document: bounded, or None if withheld."""
    if private and not spelt_as_field(key):
        return None
    return show(key)


def unknown_fields(keys: Iterable[object], private: bool) -> str:
    """The message for fields a document should not have: the first few named.

    >>> unknown_fields(["colour"], private=False)
    "unknown field 'colour'"
    >>> unknown_fields([f"f{n}" for n in range(9)] + ["Ada"], private=True)
    "unknown fields 'f0', 'f1', 'f2', 'f3', 'f4' and 5 more (names withheld: personal data)"
    """
    named = [field_name(key, private) for key in keys]
    shown = sorted(name for name in named if name is not None)
    if not shown:
        if len(named) == 1:
            return f"unknown field (name withheld: {_PERSONAL_DATA})"
        return f"{len(named):,} unknown fields (names withheld: {_PERSONAL_DATA})"
    listed = shown[:_NAMES_LISTED]
    text = "unknown field" + ("s " if len(named) > 1 else " ") + ", ".join(listed)
    if len(named) > len(listed):
        text += f" and {len(named) - len(listed):,} more"
    if len(shown) < len(named):
        text += f" (names withheld: {_PERSONAL_DATA})"
    return text


def unstructure(obj: object, cls: type) -> Any:
    """``obj`` as plain data, by the library's own hooks only."""
    return _fast_converter.unstructure(obj, cls)


def structure(data: object, cls: type[T], path: str) -> T:
    """``data`` as a ``cls``, or a `ValidationError` with every problem under ``path``."""
    # Only the private fast converter, whose hooks type every value, is trusted with
    # skipping the objects' own type checks; a document it refuses is read again,
    # with every check, to list every problem.
    with types_checked(), contextlib.suppress(Exception):
        return _fast_converter.structure(data, cls)
    try:
        return _checking_converter.structure(data, cls)
    except ValidationError as error:
        problems = [p.at(path) for p in error.problems]
    except Exception as error:  # every cattrs failure becomes a ValidationError
        problems = _problems(error, path, private=False)
    # Raised outside the handler, so cattrs' errors are not its context: some
    # picklers send an exception's context along (distributed installs tblib's), and
    # cattrs' errors do not unpickle.
    raise ValidationError(problems, summary="invalid document")
