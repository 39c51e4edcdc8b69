"""The school's secret keys: which are strong enough, and the pseudonyms made with them.

A pseudonym is only as safe as its key: with the key, anyone holding a list of ids
or UPNs can work every pseudonym out. So a key must be bytes (text has an encoding
that is easy to get wrong between two programs), at least 16 of them, and not a
pattern: a key of one byte repeated, or of fewer than 8 different byte values, is
refused. 16 random bytes take 8 or more values but about once in 10**12 draws, so
the rule never refuses a key made as it should be (``secrets.token_bytes(32)``).
"""

from __future__ import annotations

import hashlib
import hmac

from .schools import School
from .upn import UPN

MIN_KEY_BYTES = 16
MIN_KEY_VALUES = 8

# Each kind of pseudonym is the HMAC of its own message, so no pupil known one way
# can take the pseudonym of a pupil known another way. A school's key (digits and
# a slash) holds no NUL, so the NUL after it ends it whatever the id holds.
_PREFIX = b"sensupport pseudonym\x00"


def check_key(key: object, what: str) -> bytes:
    """``key`` as bytes, if it is strong enough for ``what`` ("a pseudonymisation key").

    Raises:
        TypeError: ``key`` is not bytes (or a bytearray).
        ValueError: ``key`` is shorter than 16 bytes, one byte repeated, or made of
            fewer than 8 different byte values.
    """
    if not isinstance(key, bytes | bytearray):
        raise TypeError(
            f"{what} is bytes, not {type(key).__name__}: use random bytes kept "
            "secret, such as secrets.token_bytes(32), stored as they are"
        )
    if len(key) < MIN_KEY_BYTES:
        raise ValueError(f"{what} needs at least 16 bytes (too easy to guess)")
    values = len(set(key))
    if values == 1:
        raise ValueError(f"{what} of one byte repeated is too easy to guess")
    if values < MIN_KEY_VALUES:
        raise ValueError(
            f"{what} needs at least 8 different byte values; this one has {values} "
            "(a pattern, not a secret: use secrets.token_bytes(32))"
        )
    return bytes(key)


def pseudonym(
    key: object, *, pupil_id: str, school: School | None, upn: UPN | None
) -> str:
    """``p-`` and 20 hex digits of an HMAC-SHA256 under ``key`` of who the pupil is.

    The UPN when known (the same pupil in every school, and in every CTF); else
    the school's key and the pupil's id (an MIS id is unique only in its school);
    else the id alone.
    """
    secret = check_key(key, "a pseudonymisation key")
    if upn is not None:
        message = b"upn\x00" + upn.value.encode()
    elif school is not None:
        message = b"school\x00" + school.key.encode() + b"\x00" + _encoded(pupil_id)
    else:
        message = b"pupil\x00" + _encoded(pupil_id)
    digest = hmac.new(secret, _PREFIX + message, hashlib.sha256).hexdigest()
    return f"p-{digest[:20]}"


def _encoded(text: str) -> bytes:
    # An id with a lone surrogate still has one pseudonym, not an encoding error.
    return text.encode("utf-8", "surrogatepass")
