"""JSON text to a document: a byte order mark skipped, a repeated key refused.

orjson reads JSON several times faster than the standard library, but of a key given
twice in an object it keeps the last without a word, so a document could say one thing
to a person reading it and another to the library. Checking costs little: counting the
colons of the text and of orjson's own text for the value it read proves, for nearly
every document, that no key was dropped. Any other text is read again by the standard
library, which sees every pair of an object; only a text that does repeat a key is
scanned to say where.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import orjson

from ._converter import field_name, spelt_as_field
from ._validation import show
from .errors import Problem, ValidationError, _join_path

Text = str | bytes | bytearray | memoryview
TEXT = (str, bytes, bytearray, memoryview)
"""The types a document's text may come as: what orjson reads."""

BOM = "\ufeff"
_BOM_BYTES = BOM.encode()

# Where a document's values are a pupil's, by the document's type: the parts of a
# path below which no key that is not a field name is named.
_PUPIL_AT = {"Pupil": "data", "SupportRecord": "data.pupil"}


def refuse(code: str, message: str, path: str = "") -> ValidationError:
    return ValidationError(
        [Problem(code=code, message=message, path=path)], summary="invalid document"
    )


def without_bom(text: Text) -> str | bytes | bytearray:
    """``text`` without the byte order mark some editors put at its start."""
    if isinstance(text, str):
        return text[1:] if text.startswith(BOM) else text
    if isinstance(text, memoryview):
        text = text.tobytes()
    return text[len(_BOM_BYTES) :] if text.startswith(_BOM_BYTES) else text


def parse(text: object) -> Any:
    """The JSON value of a document's text.

    Raises:
        ValidationError: The text is not text (``document.not_text``), not JSON
            (``document.json``), or gives a key twice in an object
            (``document.duplicate_key``, one problem for each such key).
    """
    if not isinstance(text, TEXT):
        raise refuse(
            "document.not_text",
            f"expected JSON text (str or bytes), got {type(text).__name__}",
        )
    body = without_bom(text)
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError as error:
        raise refuse("document.json", f"not valid JSON: {error}") from None
    if not _keys_counted(body, document) and _repeats_a_key(body):
        type_name = document.get("type") if isinstance(document, dict) else None
        pupil_at = _PUPIL_AT.get(type_name) if isinstance(type_name, str) else None
        decoded = body if isinstance(body, str) else bytes(body).decode()
        problems = list(_repeated_keys(decoded, pupil_at))
        if problems:
            raise ValidationError(problems, summary="invalid document")
    return document


def _keys_counted(text: str | bytes | bytearray, document: object) -> bool:
    """Whether ``text`` gives no key twice, as far as counting its colons can tell.

    Each key of the text is followed by a colon; other colons are inside strings.
    orjson writes the value it read with one colon for each key it kept, and every
    colon of its strings as a colon. So if the text escapes no colon (``\\u003a``),
    its strings hold at least as many colons as those orjson writes, and the same
    count of colons in both means no key was dropped: none was repeated. False says
    only that the text must be read again to know.
    """
    try:
        written = orjson.dumps(document)
    except orjson.JSONEncodeError:  # an integer orjson read as a float, for one
        return False
    raw = text.encode() if isinstance(text, str) else text
    # The text `dumps` writes is orjson's own, line ending aside: one comparison.
    if raw.startswith(written):
        rest = raw[len(written) :]
        if not rest or rest.isspace():
            return True
    if b"\\u003" in raw and (b"\\u003a" in raw or b"\\u003A" in raw):
        return False
    return raw.count(b":") == written.count(b":")


def _repeats_a_key(text: str | bytes | bytearray) -> bool:
    repeated = False

    def pairs(found: list[tuple[str, Any]]) -> None:
        nonlocal repeated
        if len(found) > 1 and len(dict(found)) != len(found):
            repeated = True
        # Nothing is kept: only whether a key repeats matters here.

    try:
        json.loads(text, object_pairs_hook=pairs)
    except (RecursionError, ValueError):
        # Nested past what the standard library's reader can follow (orjson reads
        # 1,024 levels), or read otherwise: the scan decides, with no recursion.
        return True
    return repeated


_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[{}\[\],]')


def _repeated_keys(text: str, pupil_at: str | None) -> Iterator[Problem]:
    """A problem for each key given more than once in an object of ``text``, which
    is valid JSON; iterative, so any depth orjson reads is scanned."""
    # Each open object or list: its path, the keys seen (None for a list), and the
    # key or index of the value being read.
    open_: list[tuple[str, set[str] | None, list[Any]]] = []
    expecting_key = False
    reported: set[tuple[str, str]] = set()
    for match in _TOKEN.finditer(text):
        token = match.group()
        first = token[0]
        if first == '"':
            if expecting_key:
                path, keys, at = open_[-1]
                key = json.loads(token) if "\\" in token else token[1:-1]
                assert keys is not None  # a key is expected only in an object
                if key in keys and (path, key) not in reported:
                    reported.add((path, key))
                    yield _repeated(key, path, _is_pupils(path, pupil_at))
                keys.add(key)
                at[0] = key
                expecting_key = False
        elif first in "{[":
            path = ""
            if open_:
                parent, keys, at = open_[-1]
                private = _is_pupils(parent, pupil_at)
                if keys is None:
                    path = f"{parent}[{at[0]}]"
                elif spelt_as_field(at[0]):
                    path = _join_path(parent, at[0])
                else:
                    # A key no field is spelt as: bounded, and withheld in a pupil.
                    path = _join_path(parent, "?" if private else show(at[0]))
            is_object = first == "{"
            open_.append((path, set() if is_object else None, [0]))
            expecting_key = is_object
        elif first == ",":
            _, keys, at = open_[-1]
            if keys is None:
                at[0] += 1
            expecting_key = keys is not None
        else:
            open_.pop()
            expecting_key = False


def _is_pupils(path: str, pupil_at: str | None) -> bool:
    if pupil_at is None:
        return False
    return path == pupil_at or path.startswith((f"{pupil_at}.", f"{pupil_at}["))


_PATH_SHOWN = 120  # characters of a path a problem gives, at most


def _repeated(key: str, path: str, private: bool) -> Problem:
    if len(path) > _PATH_SHOWN:  # nested deeper than any document of the schema
        half = _PATH_SHOWN // 2
        path = f"{path[:half]}...{path[-half:]}"
    name = field_name(key, private)
    if name is None:
        message = "a key is given more than once (its name withheld: personal data)"
    else:
        message = f"key {name} is given more than once"
    return Problem(code="document.duplicate_key", message=message, path=path)
