"""Seals: an HMAC over a stored document, so an edit by anyone without the key shows.

A record that is edited but still tells a valid history (an outcome flipped to met,
the last event dropped, the record moved to another pupil) loads like any other: the
rules cannot know. A seal is an HMAC-SHA256, under a key the school holds, of the
document's canonical JSON: every field of the envelope but the seal, keys sorted, no
whitespace, numbers and strings as orjson writes them. So it does not depend on how
the text was spaced, ordered or escaped, only on what it says.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping
from typing import Any

import orjson

from ._keys import check_key
from ._validation import show
from .errors import Problem

SEAL_FIELD = "seal"
_SCHEME = "hmac-sha256:"
_SEAL = re.compile(r"hmac-sha256:[0-9a-f]{64}")
# Separates a seal's HMAC from a pseudonym's, should one key serve both.
_PREFIX = b"sensupport seal\x00"


def sealing_key(key: object) -> bytes:
    """``key`` as bytes, if strong enough; see `sensupport._keys.check_key`."""
    return check_key(key, "a sealing key")


def mark(secret: bytes, document: Mapping[str, Any]) -> str | None:
    """The seal of ``document`` (without its seal field), or None if it is not JSON
    data that has a canonical text (a key that is not a string, for one)."""
    unsealed = {k: v for k, v in document.items() if k != SEAL_FIELD}
    try:
        canonical = orjson.dumps(unsealed, option=orjson.OPT_SORT_KEYS)
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return None
    return _SCHEME + hmac.new(secret, _PREFIX + canonical, hashlib.sha256).hexdigest()


def sealed_text(text: str, secret: bytes, indent: int | None) -> str:
    """``text``, a document as `dumps` writes it, with its seal as a last field.

    The seal is of the document read back from the text, so it covers exactly what
    a reader will read; the text is kept as written, escapes and all.
    """
    seal = mark(secret, orjson.loads(text))
    assert seal is not None  # dumps writes JSON, whose keys are strings
    body = text.rstrip()
    assert body.endswith("}")  # a document is a JSON object
    body = body[:-1].rstrip()
    if indent is None:
        return f'{body},"{SEAL_FIELD}":"{seal}"}}'
    return f'{body},\n{" " * indent}"{SEAL_FIELD}": "{seal}"\n}}'


def seal_problems(document: Mapping[Any, Any], secret: bytes | None) -> list[Problem]:
    """What is wrong with ``document``'s seal: a seal that is not one, always; with
    the key, a missing seal or one that does not match."""
    given = document.get(SEAL_FIELD)
    if SEAL_FIELD in document and not (
        isinstance(given, str) and _SEAL.fullmatch(given)
    ):
        return [
            _problem(
                "document.seal",
                f"a seal is {_SCHEME!r} and 64 hex digits, not {show(given)}",
            )
        ]
    if secret is None:
        return []
    if given is None:
        return [
            _problem(
                "document.seal_missing",
                "the document has no seal: it was never sealed, or its seal was "
                "removed",
            )
        ]
    expected = mark(secret, document)
    if expected is None or not hmac.compare_digest(expected, given):
        return [
            _problem(
                "document.seal_mismatch",
                "the seal does not match: the document was changed after it was "
                "sealed, or sealed with another key",
            )
        ]
    return []


def _problem(code: str, message: str) -> Problem:
    return Problem(code=code, message=message, path=SEAL_FIELD)
