"""The first difference between the record the library holds and the one stored.

`GraduatedApproachMachine` puts it in its failure message, so that a store that loses
data says what it lost: which event, which field, both values. Values of personal data
are never shown, as everywhere in sensupport.
"""

from __future__ import annotations

from typing import Any

import attrs

from .._validation import WITHHELD, is_private, show
from ..process.record import SupportRecord

__all__ = ["difference"]


def difference(expected: SupportRecord, stored: object) -> str | None:
    """Say where ``stored`` first differs from ``expected``, or None if it does not.

    >>> import datetime as dt
    >>> from sensupport import Pupil, Role, YearGroup
    >>> from sensupport.process import ConcernRaised, ParentMeetingHeld, replay
    >>> pupil = Pupil(pupil_id="7", year_group=YearGroup.Y2, given_name="Ada")
    >>> events = [
    ...     ConcernRaised(occurred_on=dt.date(2025, 9, 22), raised_by=Role.TEACHER),
    ...     ParentMeetingHeld(occurred_on=dt.date(2025, 10, 1), summary="a" * 300),
    ... ]
    >>> expected = replay(pupil, events)
    >>> print(difference(expected, replay(pupil, events[:1])))
    1 of 2 events stored: events[1] (ParentMeetingHeld) and after are missing
    >>> cut = ParentMeetingHeld(occurred_on=dt.date(2025, 10, 1), summary="a" * 255)
    >>> print(difference(expected, replay(pupil, [events[0], cut])))
    events[1] ParentMeetingHeld.summary: expected 300 characters, stored 255;
    from character 255 expected 'aaaaaaaaaaaaaaaaaaaa...', stored ''
    >>> renamed = replay(Pupil(pupil_id="7", year_group=YearGroup.Y2), events)
    >>> print(difference(expected, renamed))
    pupil.given_name differs (value withheld: personal data)
    """
    if not isinstance(stored, SupportRecord):
        return f"load returned {type(stored).__name__}, not a SupportRecord"
    found = _first(expected.pupil, stored.pupil, "pupil")
    if found is not None:
        return found
    for i, (want, got) in enumerate(zip(expected.events, stored.events, strict=False)):
        if type(want) is not type(got):
            return (
                f"events[{i}]: expected {type(want).__name__}, "
                f"stored {type(got).__name__}"
            )
        found = _first(want, got, f"events[{i}] {type(want).__name__}")
        if found is not None:
            return found
    have, need = len(stored.events), len(expected.events)
    if have < need:
        first = type(expected.events[have]).__name__
        return (
            f"{have} of {need} events stored: events[{have}] ({first}) and after "
            "are missing"
        )
    if have > need:
        extra = type(stored.events[need]).__name__
        return (
            f"{have} events stored, {need} expected: events[{need}] ({extra}) is extra"
        )
    # Equal records derive equal states, unless the loaded one was built some other
    # way than replaying its events.
    return _first(expected.state, stored.state, "state")


def _first(want: Any, got: Any, path: str) -> str | None:
    if want == got:
        return None
    if type(want) is type(got) and attrs.has(type(want)):
        for field in attrs.fields(type(want)):
            a, b = getattr(want, field.name), getattr(got, field.name)
            if a == b:
                continue
            if is_private(field):
                return f"{path}.{field.name} differs {WITHHELD}"
            return _first(a, b, f"{path}.{field.name}")
    if isinstance(want, tuple) and isinstance(got, tuple):
        for i, (a, b) in enumerate(zip(want, got, strict=False)):
            if a != b:
                return _first(a, b, f"{path}[{i}]")
        return f"{path}: expected {len(want)} items, stored {len(got)}"
    if isinstance(want, str) and isinstance(got, str):
        return _text(want, got, path)
    return f"{path}: expected {show(want)}, stored {show(got)}"


def _text(want: str, got: str, path: str) -> str:
    # Long texts often share their start; the place they part is what tells a
    # truncation or a changed line ending from other damage.
    at = next(
        (i for i, (a, b) in enumerate(zip(want, got, strict=False)) if a != b),
        min(len(want), len(got)),
    )
    if len(want) <= 40 and len(got) <= 40:
        return f"{path}: expected {show(want)}, stored {show(got)}"
    return (
        f"{path}: expected {len(want)} characters, stored {len(got)}; from character "
        f"{at} expected {_clip(want[at:])}, stored {_clip(got[at:])}"
    )


def _clip(text: str) -> str:
    if len(text) <= 20:
        return repr(text)
    shown = repr(text[:20])
    return shown[:-1] + "..." + shown[-1]
