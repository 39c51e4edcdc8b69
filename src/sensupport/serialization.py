"""Documents in and out: dicts, JSON and JSON Lines, through one cattrs converter.

Every document is an envelope that says what it holds and in which version of the
schema, so a reader years from now knows how to read it::

    {"schema_version": 1, "type": "Target", "data": {...}}

Codes are written as their census strings and dates as ``yyyy-mm-dd``. Loading is
strict: a wrong type, an unknown code, a missing or an unknown field, and every rule a
domain class checks, each come back as one `ValidationError` that lists all the
problems found, with their paths. Values of personal-data fields (names, date of birth,
UPN) are never repeated in a message.

>>> import datetime as dt
>>> from sensupport import Target
>>> target = Target(target_id="T1", description="Counts to 20",
...                 set_on=dt.date(2025, 9, 15), due_on=dt.date(2025, 12, 12))
>>> text = dumps(target)
>>> text
'{"schema_version": 1, "type": "Target", "data": {"target_id": "T1", ...}}'
>>> loads(text) == target
True
>>> loads('{"schema_version": 1, "type": "Target", "data": {"target_id": "T1",'
...       ' "description": "", "set_on": "2025-09-31", "due_on": "2025-12-12",'
...       ' "colour": "red"}}')
Traceback (most recent call last):
...
sensupport.errors.ValidationError: invalid document: 2 problems
  - data.set_on: expected a date as yyyy-mm-dd, got '2025-09-31' [document.invalid_value]
  - data: unknown field 'colour' [document.unknown_field]
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import json
import math
import re
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TypeVar, overload

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from ._validation import WITHHELD, is_private, show
from .errors import Problem, ValidationError, _join_path
from .needs import Need
from .plans import Measure, Provision, SupportPlan, Target
from .process.events import EVENT_TYPES, Event
from .process.record import SupportRecord
from .pupils import Pupil
from .qualifications import Qualification, SencoAppointment
from .reviews import ProvisionRating, Review, TargetOutcome
from .upn import UPN

__all__ = [
    "SCHEMA_VERSION",
    "converter",
    "dump_lines",
    "dumps",
    "from_dict",
    "load_lines",
    "loads",
    "to_dict",
]

T = TypeVar("T")

SCHEMA_VERSION = 1
"""The version of the document schema this library writes and reads."""

_DOCUMENT_TYPES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        Pupil,
        Need,
        Measure,
        Target,
        Provision,
        SupportPlan,
        TargetOutcome,
        ProvisionRating,
        Review,
        SupportRecord,
        SencoAppointment,
        Qualification,
        *EVENT_TYPES,
    )
}
_ENVELOPE_KEYS = ("schema_version", "type", "data")


def register_document_type(cls: type) -> None:
    """Let documents of ``cls`` be written and read, under its class name."""
    _DOCUMENT_TYPES[cls.__name__] = cls


class _BadValue(ValueError):
    """A leaf value that cannot be read; the walk adds where it is."""

    def __init__(self, expected: str, value: object) -> None:
        super().__init__(expected)
        self.expected = expected
        self.value = value


# --- the converter ---------------------------------------------------------------

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _structure_date(value: object, _: type) -> dt.date:
    if isinstance(value, str) and _DATE.fullmatch(value):
        # Well formed but impossible dates, such as 2025-02-30, fall through.
        with contextlib.suppress(ValueError):
            return dt.date.fromisoformat(value)
    raise _BadValue("a date as yyyy-mm-dd", value)


def _strict(tp: type, expected: str) -> Callable[[object, type], Any]:
    def structure(value: object, _: type) -> Any:
        if isinstance(value, tp) and not (tp is int and isinstance(value, bool)):
            return value
        raise _BadValue(expected, value)

    return structure


def _structure_float(value: object, _: type) -> float:
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
    ):
        return float(value)
    raise _BadValue("a finite number", value)


def _structure_upn(value: object, _: type) -> UPN:
    if not isinstance(value, str):
        raise _BadValue("a UPN as a string", value)
    try:
        return UPN.parse(value)
    except ValidationError as error:
        # The problems name the rule; the path is added where the UPN sits.
        problems = [attrs.evolve(p, path="") for p in error.problems]
        raise ValidationError(problems) from None


def _structure_code(value: object, cls: type[enum.StrEnum]) -> enum.StrEnum:
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return cls(value)
    codes = ", ".join(member.value for member in cls)
    raise _BadValue(f"a {cls.__name__} code (one of {codes})", value)


def _is_homogeneous_tuple(tp: Any) -> bool:
    args = typing.get_args(tp)
    return typing.get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis


def _tuple_hook(
    conv: cattrs.Converter, tp: Any
) -> Callable[[object, type], tuple[Any]]:
    item_type = typing.get_args(tp)[0]
    structure_item = conv.get_structure_hook(item_type)

    def structure(value: object, _: type) -> tuple[Any, ...]:
        # A string is iterable too; reading "abc" as ('a', 'b', 'c') would be wrong.
        if not isinstance(value, list | tuple):
            raise _BadValue("a list", value)
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


def _class_hook(conv: cattrs.Converter, cls: type) -> Callable[[object, type], Any]:
    generated: Callable[[Mapping[str, Any], type], Any]
    generated = cattrs.gen.make_dict_structure_fn(cls, conv)

    def structure(value: object, _: type) -> Any:
        if not isinstance(value, Mapping):
            raise _BadValue(f"an object with the fields of {cls.__name__}", value)
        return generated(value, cls)

    return structure


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_unstructure_hook(dt.date, dt.date.isoformat)
    conv.register_unstructure_hook(UPN, str)
    # Plain strings out, not the enum members (which are str subclasses).
    conv.register_unstructure_hook(enum.StrEnum, lambda member: member.value)
    conv.register_unstructure_hook_factory(
        _is_homogeneous_tuple,
        lambda tp: (
            lambda value: [conv.unstructure(v, typing.get_args(tp)[0]) for v in value]
        ),
    )
    # Class hooks replace cattrs' own, which would read "1" as 1 or 1.7 as 1. More
    # specific classes win: bool over int, StrEnum (every code) over str.
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_structure_hook(str, _strict(str, "a string"))
    conv.register_structure_hook(int, _strict(int, "a whole number"))
    conv.register_structure_hook(bool, _strict(bool, "true or false"))
    conv.register_structure_hook(float, _structure_float)
    conv.register_structure_hook(UPN, _structure_upn)
    # StrEnum comes before str in every code's MRO, so this wins over cattrs' str.
    conv.register_structure_hook(enum.StrEnum, _structure_code)
    conv.register_structure_hook_factory(
        _is_homogeneous_tuple, lambda tp: _tuple_hook(conv, tp)
    )
    conv.register_structure_hook_factory(
        lambda t: attrs.has(t) and t is not UPN, lambda cls: _class_hook(conv, cls)
    )
    _register_records(conv)
    return conv


_EVENT_KEY = "event"
_EVENTS_BY_NAME = {cls.__name__: cls for cls in EVENT_TYPES}


def _register_records(conv: cattrs.Converter) -> None:
    """Events in a record as objects tagged with their type; a record as its pupil
    and events. An event document on its own needs no tag: its envelope says."""

    def unstructure_event(event: Event) -> dict[str, Any]:
        fields = conv.unstructure(event, type(event))
        return {_EVENT_KEY: type(event).__name__, **fields}

    def structure_event(value: object, _: type) -> Event:
        if not isinstance(value, Mapping):
            raise _BadValue("an event object", value)
        name = value.get(_EVENT_KEY)
        cls = _EVENTS_BY_NAME.get(name) if isinstance(name, str) else None
        if cls is None:
            names = ", ".join(_EVENTS_BY_NAME)
            raise _BadValue(f"an object whose 'event' is one of {names}", name)
        fields = {k: v for k, v in value.items() if k != _EVENT_KEY}
        event: Event = conv.structure(fields, cls)
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


@attrs.frozen
class _RecordDocument:
    pupil: Pupil
    events: tuple[Event, ...]


converter = _make_converter()
"""The library's own cattrs converter; the global one is never touched."""


# --- errors from the converter, as problems with paths ----------------------------


def _problems(error: BaseException, path: str, private: bool) -> list[Problem]:
    if isinstance(error, ValidationError):
        # Messages the library builds never cite personal data, so they pass as is.
        return [p.at(path) for p in error.problems]
    if isinstance(error, ClassValidationError):
        found = []
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
        shown = f" {WITHHELD}" if private else f", got {show(error.value)}"
        message = f"expected {error.expected}{shown}"
        return Problem(code="document.invalid_value", message=message, path=path)
    if isinstance(error, ForbiddenExtraKeysError):
        names = ", ".join(repr(name) for name in sorted(error.extra_fields))
        plural = "s" if len(error.extra_fields) > 1 else ""
        return Problem(
            code="document.unknown_field",
            message=f"unknown field{plural} {names}",
            path=path,
        )
    if isinstance(error, KeyError):
        return Problem(
            code="document.missing_field", message="required field missing", path=path
        )
    return Problem(code="document.invalid", message=f"invalid ({error})", path=path)


def _structure(data: object, cls: type[T], path: str) -> T:
    try:
        return converter.structure(data, cls)
    except ValidationError as error:
        raise ValidationError(
            [p.at(path) for p in error.problems], summary="invalid document"
        ) from None
    except Exception as error:  # every cattrs failure becomes a ValidationError
        problems = _problems(error, path, private=False)
        raise ValidationError(problems, summary="invalid document") from None


# --- the public functions -------------------------------------------------------


def to_dict(obj: object) -> dict[str, Any]:
    """The document for ``obj``: an envelope around its fields, ready for JSON.

    Raises:
        TypeError: ``obj`` is not one of the library's document types.
    """
    name = type(obj).__name__
    if _DOCUMENT_TYPES.get(name) is not type(obj):
        raise TypeError(f"{name} is not a sensupport document type")
    return {
        "schema_version": SCHEMA_VERSION,
        "type": name,
        "data": converter.unstructure(obj, type(obj)),
    }


@overload
def from_dict(document: object, cls: type[T]) -> T: ...
@overload
def from_dict(document: object, cls: None = None) -> Any: ...
def from_dict(document: object, cls: type[T] | None = None) -> T | Any:
    """Read an object back from its document.

    Args:
        document: A dict as `to_dict` makes it.
        cls: The type expected; if given, a document of another type is an error.

    Raises:
        ValidationError: Listing every problem found, each with its path.
    """
    if not isinstance(document, Mapping):
        raise ValidationError(
            [
                Problem(
                    code="document.not_object", message="a document is a JSON object"
                )
            ],
            summary="invalid document",
        )
    problems = []
    missing = [key for key in _ENVELOPE_KEYS if key not in document]
    extra = sorted(str(key) for key in document if key not in _ENVELOPE_KEYS)
    for key in missing:
        problems.append(
            Problem(
                code="document.missing_field",
                message="required field missing",
                path=key,
            )
        )
    if extra:
        problems.append(
            Problem(
                code="document.unknown_field",
                message=f"unknown field {', '.join(map(repr, extra))}",
            )
        )
    version = document.get("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION or isinstance(version, bool):
        problems.append(
            Problem(
                code="document.schema_version",
                message=f"schema version {show(version)} is not one this version of "
                f"sensupport reads ({SCHEMA_VERSION})",
                path="schema_version",
            )
        )
    name = document.get("type")
    target = _DOCUMENT_TYPES.get(name) if isinstance(name, str) else None
    if "type" in document and target is None:
        problems.append(
            Problem(
                code="document.type",
                message=f"unknown document type {show(name)}",
                path="type",
            )
        )
    elif cls is not None and target is not None and target is not cls:
        problems.append(
            Problem(
                code="document.type",
                message=f"expected a {cls.__name__} document, got {show(name)}",
                path="type",
            )
        )
    if problems:
        raise ValidationError(problems, summary="invalid document")
    assert target is not None  # every missing or unknown type was reported above
    return _structure(document["data"], target, "data")


def dumps(obj: object, *, indent: int | None = None) -> str:
    """The JSON text of ``obj``'s document.

    Raises:
        TypeError: ``obj`` is not one of the library's document types.
    """
    return json.dumps(to_dict(obj), indent=indent, ensure_ascii=False)


@overload
def loads(text: str | bytes, cls: type[T]) -> T: ...
@overload
def loads(text: str | bytes, cls: None = None) -> Any: ...
def loads(text: str | bytes, cls: type[T] | None = None) -> T | Any:
    """Read an object from the JSON text of its document.

    Raises:
        ValidationError: The text is not JSON, or the document is invalid.
    """
    try:
        document = json.loads(text)
    except (ValueError, TypeError) as error:
        raise ValidationError(
            [Problem(code="document.json", message=f"not valid JSON: {error}")],
            summary="invalid document",
        ) from None
    return from_dict(document, cls)


def dump_lines(objects: Iterable[object]) -> Iterator[str]:
    """One JSON Lines line (ending in a newline) per object, lazily.

    >>> import io
    >>> from sensupport import Pupil, YearGroup
    >>> pupils = (Pupil(pupil_id=str(n), year_group=YearGroup.R) for n in range(3))
    >>> buffer = io.StringIO()
    >>> buffer.writelines(dump_lines(pupils))
    >>> [p.pupil_id for p in load_lines(buffer.getvalue().splitlines())]
    ['0', '1', '2']
    """
    for obj in objects:
        yield dumps(obj) + "\n"


@overload
def load_lines(lines: Iterable[str | bytes], cls: type[T]) -> Iterator[T]: ...
@overload
def load_lines(lines: Iterable[str | bytes], cls: None = None) -> Iterator[Any]: ...
def load_lines(
    lines: Iterable[str | bytes], cls: type[T] | None = None
) -> Iterator[Any]:
    """Read objects from JSON Lines, lazily: an open file streams in constant memory.

    Blank lines are skipped; they still count in line numbers.

    Raises:
        ValidationError: At the first invalid line; ``error.line`` is its number
            (from 1) and the summary names it.
    """
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield loads(line, cls)
        except ValidationError as error:
            raise ValidationError(
                error.problems,
                summary=f"invalid document on line {number}",
                line=number,
            ) from None
