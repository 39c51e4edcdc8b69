"""A line's document and its canonical text: the line as read when it is what
`dumps` writes, or put as `dumps` writes it when it is surely a valid document
written otherwise; None for any other line, which `loads` reads instead.
"""

from __future__ import annotations

from typing import Any

import orjson

from .._json_text import _keys_counted
from .._types import LARGEST_WHOLE_NUMBER
from ..serialization import SCHEMA_VERSION
from ._shape import (
    _DEFAULTS,
    _EVENT_KINDS,
    _NONE,
    _PUPIL_KIND,
    _document_fits,
    _fits,
    _Kind,
)

_LINE_BREAKS = str.maketrans(
    {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def _canonical(line: object) -> tuple[dict[str, Any], str] | None:
    """The document of ``line`` and its text, if the line is what `dumps` writes."""
    if isinstance(line, bytes | bytearray | memoryview):
        try:
            line = bytes(line).decode()
        except UnicodeDecodeError:
            return None
    if not isinstance(line, str):
        return None
    text = line.rstrip("\r\n")
    try:
        document = orjson.loads(text)
        written = orjson.dumps(document).decode()
    except (orjson.JSONDecodeError, orjson.JSONEncodeError):
        return None
    if not written.isascii():
        written = written.translate(_LINE_BREAKS)
    # The text orjson writes for what it read: no key repeated, and the document
    # spelt as `dumps` spells it.
    if written == text and _document_fits(document):
        return document, text
    # Otherwise, only a text that surely repeats no key, and a document that is
    # surely a valid one's written otherwise (a field left at its default, keys in
    # another order, blanks, a whole number for a float), put as `dumps` puts it.
    if not _keys_counted(text, document):
        return None
    normal = _normal_document(document)
    if normal is _BAD:
        return None
    canonical = orjson.dumps(normal).decode()
    if not canonical.isascii():
        canonical = canonical.translate(_LINE_BREAKS)
    return normal, canonical


# --- a valid document written otherwise, put as `dumps` writes it -------------------

_BAD: Any = object()


def _normal(value: Any, kind: _Kind) -> Any:
    """``value`` as `dumps` writes a valid value of ``kind``; _BAD if it is not one
    that is surely read so (`loads` decides the rest)."""
    tag = kind[0]
    if tag == "float" and type(value) is int:
        if -LARGEST_WHOLE_NUMBER <= value <= LARGEST_WHOLE_NUMBER:
            return float(value)  # read as its float, and written so
        return _BAD
    if tag == "optional":
        return None if value is None else _normal(value, kind[1])
    if tag == "list":
        if type(value) is not list:
            return _BAD
        items = [_normal(item, kind[1]) for item in value]
        return _BAD if any(item is _BAD for item in items) else items
    if tag == "object":
        return _normal_object(value, kind[1])
    return value if _fits(value, kind) else _BAD


def _normal_object(value: Any, spec: tuple[tuple[str, ...], tuple[_Kind, ...]]) -> Any:
    names, kinds = spec
    if type(value) is not dict or not set(value) <= set(names):
        return _BAD  # an unknown field, or not an object
    found: dict[str, Any] = {}
    for name, kind, default in zip(names, kinds, _DEFAULTS[names], strict=True):
        item = _normal(value[name], kind) if name in value else default
        if item is _BAD or item is _NONE:
            return _BAD  # a required field missing, or a value not surely valid
        found[name] = item
    return found


def _normal_document(document: Any) -> Any:
    """``document`` as `dumps` writes it, if it surely is a valid one's shape."""
    if type(document) is not dict or set(document) != {
        "schema_version",
        "type",
        "data",
    }:
        return _BAD
    version = document["schema_version"]
    if type(version) is not int or version != SCHEMA_VERSION:
        return _BAD
    if document["type"] != "SupportRecord":
        return _BAD
    data = document["data"]
    if type(data) is not dict or set(data) != {"pupil", "events"}:
        return _BAD
    pupil = _normal(data["pupil"], _PUPIL_KIND)
    events = data["events"]
    if pupil is _BAD or type(events) is not list:
        return _BAD
    written = []
    for event in events:
        name = event.get("event") if type(event) is dict else None
        spec = _EVENT_KINDS.get(name) if type(name) is str else None
        if spec is None:
            return _BAD
        found = _normal_object(event, spec)
        if found is _BAD:
            return _BAD
        written.append(found)
    return {
        "schema_version": version,
        "type": "SupportRecord",
        "data": {"pupil": pupil, "events": written},
    }
