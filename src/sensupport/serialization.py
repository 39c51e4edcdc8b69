"""Documents in and out: dicts, JSON and JSON Lines, through the library's own converter.

Every document is an envelope that says what it holds and in which version of the
schema, so a reader years from now knows how to read it::

    {"schema_version":1,"type":"Target","data":{...}}

Codes are written as their census strings and dates as ``yyyy-mm-dd``. Loading is
strict: a wrong type, an unknown code, a missing or an unknown field, a key given twice,
and every rule a domain class checks, each come back as one `ValidationError` that
lists all the problems found, with their paths. No value from inside a pupil (names,
date of birth, UPN, or anything in their place) is repeated in a message, and every
message is bounded. `seal` adds an HMAC under the school's key that ``loads(...,
seal_key=)`` checks, so an edit made without the key is refused.

>>> import datetime as dt
>>> from sensupport import Target
>>> target = Target(target_id="T1", description="Counts to 20",
...                 set_on=dt.date(2025, 9, 15), due_on=dt.date(2025, 12, 12))
>>> text = dumps(target)
>>> text
'{"schema_version":1,"type":"Target","data":{"target_id":"T1",...}}'
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

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, TypeVar, overload

import orjson

from . import limits
from ._converter import converter, structure, unknown_fields, unstructure
from ._json_text import TEXT, parse, without_bom
from ._seal import SEAL_FIELD, seal_problems, sealed_text, sealing_key
from ._validation import show
from .classes import ClassMember, SchoolClass
from .errors import Problem, ValidationError
from .needs import Need
from .plans import Measure, Provision, SupportPlan, Target
from .process.events import EVENT_TYPES
from .process.record import SupportRecord
from .provision_groups import GroupMember, MaterialCost, ProvisionGroup, ProvisionMap
from .pupils import Pupil
from .qualifications import Qualification, SencoAppointment
from .reviews import ProvisionRating, Review, TargetOutcome
from .school_review._framework import (
    RatingScale,
    ReviewArea,
    ReviewFramework,
    ReviewSource,
    ReviewStage,
    ReviewStatement,
    ScaleLevel,
)
from .school_review._review import ReviewAction, SelfReview, StatementRating
from .senco_development._framework import DevelopmentFramework
from .senco_development._ratings import DevelopmentRecord, SelfRating
from .staff import StaffMember
from .workforce import SencoPost, SensoryTeaching, StaffTraining, Training, Workforce

__all__ = [
    "SCHEMA_VERSION",
    "converter",
    "dump_lines",
    "dumps",
    "from_dict",
    "load_lines",
    "loads",
    "seal",
    "seal_lines",
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
        # The provision map: staff, classes and groups.
        StaffMember,
        ClassMember,
        SchoolClass,
        MaterialCost,
        GroupMember,
        ProvisionGroup,
        ProvisionMap,
        # The SENCO's development: a framework, and self-ratings against it.
        DevelopmentFramework,
        DevelopmentRecord,
        SelfRating,
        # The workforce: training, the SENCO's post, teachers of sensory classes.
        Training,
        StaffTraining,
        SencoPost,
        SensoryTeaching,
        Workforce,
        # The whole-school SEND review: frameworks and schools' self-reviews.
        ReviewSource,
        ReviewStatement,
        ReviewArea,
        ReviewStage,
        ScaleLevel,
        RatingScale,
        ReviewFramework,
        StatementRating,
        ReviewAction,
        SelfReview,
    )
}
_ENVELOPE_KEYS = ("schema_version", "type", "data")


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
        "data": unstructure(obj, type(obj)),
    }


@overload
def from_dict(
    document: object, cls: type[T], *, seal_key: bytes | None = None
) -> T: ...
@overload
def from_dict(
    document: object, cls: None = None, *, seal_key: bytes | None = None
) -> Any: ...
def from_dict(
    document: object, cls: type[T] | None = None, *, seal_key: bytes | None = None
) -> T | Any:
    """Read an object back from its document.

    Args:
        document: A dict as `to_dict` makes it.
        cls: The type expected; if given, a document of another type is an error.
        seal_key: The key the document was sealed with (see `seal`). Given, the
            document must carry a seal that matches what it says. Without it, a
            seal is not checked.

    Raises:
        ValidationError: Listing every problem found, each with its path; with
            ``seal_key``, a missing seal (``document.seal_missing``) or one that
            does not match (``document.seal_mismatch``).
        TypeError: ``seal_key`` is not bytes.
        ValueError: ``seal_key`` is too weak to be a key (see `seal`).
    """
    secret = None if seal_key is None else sealing_key(seal_key)
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
    extra = [k for k in document if k not in _ENVELOPE_KEYS and k != SEAL_FIELD]
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
                message=unknown_fields(extra, private=False),
            )
        )
    version = document.get("schema_version", SCHEMA_VERSION)
    # 1.0 == 1 in Python, but a float is not a whole number anywhere in a document.
    if type(version) is not int or version != SCHEMA_VERSION:
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
    # An edited document is not read further: what it says cannot be trusted.
    problems += seal_problems(document, secret)
    if problems:
        raise ValidationError(problems, summary="invalid document")
    assert target is not None  # every missing or unknown type was reported above
    return structure(document["data"], target, "data")


# Characters JSON lets a string hold as they are, but that `str.splitlines` and some
# line-oriented tools take for line breaks: written escaped, so a line stays a line.
# (JSON writers already escape the control characters below U+0020.)
_LINE_BREAKS = str.maketrans(
    {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def dumps(obj: object, *, indent: int | None = None) -> str:
    """The JSON text of ``obj``'s document: compact, UTF-8 characters as they are,
    except those a line-oriented reader would break a line at (NEL, U+2028, U+2029),
    which are escaped.

    Raises:
        TypeError: ``obj`` is not one of the library's document types.
    """
    if indent is None:
        # orjson writes the same compact JSON as json.dumps, four times faster.
        text = orjson.dumps(to_dict(obj)).decode()
    else:
        text = json.dumps(to_dict(obj), indent=indent, ensure_ascii=False)
    return text if text.isascii() else text.translate(_LINE_BREAKS)


@overload
def loads(
    text: str | bytes | bytearray | memoryview,
    cls: type[T],
    *,
    seal_key: bytes | None = None,
) -> T: ...
@overload
def loads(
    text: str | bytes | bytearray | memoryview,
    cls: None = None,
    *,
    seal_key: bytes | None = None,
) -> Any: ...
def loads(
    text: str | bytes | bytearray | memoryview,
    cls: type[T] | None = None,
    *,
    seal_key: bytes | None = None,
) -> T | Any:
    """Read an object from the JSON text of its document.

    A byte order mark at the start of the text is skipped. With ``seal_key``, the
    document's seal is checked, as `from_dict` does.

    Raises:
        ValidationError: The text is not text (``document.not_text``), not JSON
            (``document.json``) or gives a key twice in an object
            (``document.duplicate_key``), or the document is invalid.
        TypeError, ValueError: ``seal_key`` is not bytes, or too weak.
    """
    secret = None if seal_key is None else sealing_key(seal_key)
    return from_dict(parse(text), cls, seal_key=secret)


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


def seal(obj: object, *, key: bytes, indent: int | None = None) -> str:
    """The JSON text of ``obj``'s document, as `dumps` writes it, sealed with ``key``.

    The seal is an HMAC-SHA256 under ``key`` of the document's canonical JSON, kept
    in the envelope as ``"seal"``. ``loads(text, seal_key=key)`` refuses the text
    if anything it says has changed since, or if it has no seal. The serialization
    guide says what a seal does and does not protect.

    >>> from sensupport import Need, NeedType
    >>> key = b"the school's sealing key, kept apart"
    >>> text = seal(Need(need_type=NeedType.ASD, identified_on=None), key=key)
    >>> text
    '{"schema_version":1,"type":"Need","data":{...},"seal":"hmac-sha256:..."}'
    >>> loads(text.replace("ASD", "SLCN"), seal_key=key)
    Traceback (most recent call last):
    ...
    sensupport.errors.ValidationError: invalid document: seal: the seal does not match: the document was changed after it was sealed, or sealed with another key [document.seal_mismatch]

    Args:
        obj: A document type's object.
        key: The school's sealing key: bytes, at least 16 of them, not a pattern;
            best ``secrets.token_bytes(32)``, kept apart from pseudonym keys.
        indent: As for `dumps`.

    Raises:
        TypeError: ``obj`` is not a document type's, or ``key`` is not bytes.
        ValueError: ``key`` is shorter than 16 bytes, one byte repeated, or of fewer
            than 8 different byte values.
    """
    secret = sealing_key(key)
    return sealed_text(dumps(obj, indent=indent), secret, indent)


def seal_lines(objects: Iterable[object], *, key: bytes) -> Iterator[str]:
    """One sealed JSON Lines line (ending in a newline) per object, lazily.

    Raises:
        TypeError, ValueError: At once, as `seal` does for a bad key.
    """
    secret = sealing_key(key)
    return (sealed_text(dumps(obj), secret, None) + "\n" for obj in objects)


@overload
def load_lines(
    lines: Iterable[str | bytes | bytearray | memoryview],
    cls: type[T],
    *,
    seal_key: bytes | None = None,
) -> Iterator[T]: ...
@overload
def load_lines(
    lines: Iterable[str | bytes | bytearray | memoryview],
    cls: None = None,
    *,
    seal_key: bytes | None = None,
) -> Iterator[Any]: ...
def load_lines(
    lines: Iterable[str | bytes | bytearray | memoryview],
    cls: type[T] | None = None,
    *,
    seal_key: bytes | None = None,
) -> Iterator[Any]:
    """Read objects from JSON Lines, lazily: an open file streams in constant memory.

    Blank lines are skipped; they still count in line numbers. A byte order mark at
    the start of a line is skipped (a file's first line, or any line of files joined
    together).

    With ``seal_key``, every line's seal is checked, as `from_dict` does.

    Raises:
        ValidationError: At the first invalid line, the first item that is not
            text (``document.not_text``), or a line longer than `sensupport.limits`
            allows (``document.line_too_long``); ``error.line`` is its number (from 1) and
            the summary names it.
        TypeError, ValueError: At once, ``seal_key`` is not bytes, or too weak.
    """
    # Checked now, not when the first line is asked for.
    secret = None if seal_key is None else sealing_key(seal_key)
    return _load_lines(lines, cls, secret)


def _load_lines(
    lines: Iterable[str | bytes | bytearray | memoryview],
    cls: type[T] | None,
    secret: bytes | None,
) -> Iterator[Any]:
    longest = limits.current().line_characters
    for number, line in enumerate(lines, start=1):
        # Anything else is refused by loads, with the line's number.
        text = without_bom(line) if isinstance(line, TEXT) else line
        if isinstance(text, TEXT) and not text.strip():
            continue
        too_long = _line_too_long(text, number, longest)
        if too_long is not None:
            raise too_long
        try:
            yield loads(text, cls, seal_key=secret)
        except ValidationError as error:
            raise _at_line(error, number) from None


def _line_too_long(text: object, number: int, longest: int) -> ValidationError | None:
    """The error for line ``number`` if its text is longer than ``longest``.

    A line is refused before it is parsed, so a hostile line costs its reading only.
    """
    if not isinstance(text, TEXT) or len(text) <= longest:
        return None
    return ValidationError(
        [
            Problem(
                code="document.line_too_long",
                message=f"the line has {len(text):,} characters; a line "
                f"holds at most {longest:,} (sensupport.limits)",
            )
        ],
        summary=f"invalid document on line {number}",
        line=number,
    )


def _at_line(error: ValidationError, number: int) -> ValidationError:
    """``error``, as raised for the document on line ``number`` of JSON Lines."""
    return ValidationError(
        error.problems, summary=f"invalid document on line {number}", line=number
    )
