"""The data date of a partition, read from the JSON alone.

The report's first pass needs one date: the latest event in the input. Loading
every record for it (structuring, checking, replaying) costs as much as counting,
so this pass parses each line and reads the events' dates without building
anything. It trusts nothing it reads: a line that does not parse, or a date that is
not one, is passed over, for the counting pass that follows loads every record and
refuses an invalid one there with its full error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import orjson

from .. import limits

__all__ = ["latest_event_on_lines"]

# Where an event keeps its date: on itself, or on the plan or review it carries.
_DATED = (("plan", "agreed_on"), ("review", "held_on"))


def latest_event_on_lines(lines: Iterable[str]) -> dt.date | None:
    """The latest event date in documents of support records, one a line; None
    when no line holds one. For valid records this is `latest_event_on` of them,
    since a record's events come in date order.

    >>> line = ('{"schema_version":1,"type":"SupportRecord","data":{"events":['
    ...         '{"event":"ConcernRaised","occurred_on":"2025-09-22"},'
    ...         '{"event":"PlanAgreed","plan":{"agreed_on":"2025-10-06"}}]}}')
    >>> latest_event_on_lines([line, "not JSON"])
    datetime.date(2025, 10, 6)
    """
    longest = limits.current().line_characters
    latest: dt.date | None = None
    for line in lines:
        if len(line) > longest:
            continue  # the counting pass refuses it
        try:
            events = orjson.loads(line)["data"]["events"]
            found = max(filter(None, map(_date_of, events)), default=None)
        except (orjson.JSONDecodeError, KeyError, TypeError):
            continue
        if found is not None and (latest is None or found > latest):
            latest = found
    return latest


def _date_of(event: object) -> dt.date | None:
    if not isinstance(event, dict):
        return None
    text = event.get("occurred_on")
    for key, field in _DATED:
        if text is None and isinstance(inner := event.get(key), dict):
            text = inner.get(field)
    if not isinstance(text, str) or len(text) != 10:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None
