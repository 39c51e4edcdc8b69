"""The columnar layout: one typed Arrow table per kind of row, and the documents.

The analysis tables hold what the records' documents hold, event by event, and
nothing worked out from them (no end dates, no periods on support, no cycles): the
layout of an MIS export, as ``benchmarks/cohort.py`` writes it in CSV, typed. Every
table but ``pupils`` and ``records`` is keyed by ``pupil_id`` and ``seq``, the
event's place in its record (from 0); a plan, target, provision, review, outcome or
rating carries the ``seq`` of the event that holds it. A missing value is null,
never an empty string.

The ``records`` table keeps each record's canonical JSON document (`dumps`), from
which the record is read back exactly; the typed tables are for analysis.

>>> SCHEMAS["plans"].names
['pupil_id', 'seq', 'agreed_on', 'review_due_on']
>>> str(SCHEMAS["plans"].field("agreed_on").type), SCHEMAS["plans"].field("agreed_on").nullable
('date32[day]', True)
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

__all__ = ["LAYOUT_VERSION", "SCHEMAS", "TABLE_NAMES"]

LAYOUT_VERSION = 2
"""The version of this table layout; a store records it in its metadata."""

_TEXT = pa.string()
_DATE = pa.date32()
_SEQ = pa.int32()


def _required(name: str, kind: Any) -> Any:
    return pa.field(name, kind, nullable=False)


def _optional(name: str, kind: Any) -> Any:
    return pa.field(name, kind, nullable=True)


_KEY = (_required("pupil_id", _TEXT), _required("seq", _SEQ))

SCHEMAS: dict[str, Any] = {
    # One row a record. Beyond the benchmark layout: the census sex code and the
    # school the pupil's record names (its URN, or LA and establishment numbers, and name).
    "pupils": pa.schema(
        [
            _required("pupil_id", _TEXT),
            _required("year_group", _TEXT),
            _optional("sex", _TEXT),
            _optional("school_urn", _TEXT),
            _optional("school_la", _TEXT),
            _optional("school_estab", _TEXT),
            _optional("school_name", _TEXT),
        ]
    ),
    # One row an event, in the record's order.
    "events": pa.schema(
        [
            *_KEY,
            _required("event", _TEXT),  # the event's type name
            _required("occurred_on", _DATE),
            _optional("outcome", _TEXT),  # an assessment's, or the EHC decision
            _optional("decision", _TEXT),  # a review's decision
            _optional("reason", _TEXT),  # why support ended
            _optional("provision", _TEXT),  # SEN history: the census code in place
            _optional("provision_started_on", _DATE),  # SEN history: since when
        ]
    ),
    # SEN history: the earlier provision, oldest first.
    "earlier_provision": pa.schema(
        [*_KEY, _required("started_on", _DATE), _required("provision", _TEXT)]
    ),
    # The needs an assessment, specialist advice or SEN history names.
    "needs": pa.schema(
        [
            *_KEY,
            _required("rank", pa.int32()),
            _required("need_type", _TEXT),
            _optional("area", _TEXT),
            _optional("identified_on", _DATE),
        ]
    ),
    # Plans agreed, and the plan in force an SEN history gives (agreed_on null when
    # it is known only by its review date).
    "plans": pa.schema(
        [*_KEY, _optional("agreed_on", _DATE), _required("review_due_on", _DATE)]
    ),
    "targets": pa.schema(
        [
            *_KEY,
            _required("target_id", _TEXT),
            _optional("area", _TEXT),
            _required("set_on", _DATE),
            _required("due_on", _DATE),
            _required("long_term", pa.bool_()),
        ]
    ),
    "provisions": pa.schema(
        [
            *_KEY,
            _required("provision_id", _TEXT),
            _required("name", _TEXT),
            _required("starts_on", _DATE),
            _optional("ends_on", _DATE),
            _optional("sessions_per_week", pa.int64()),
            _optional("minutes_per_session", pa.int64()),
            _optional("scale", _TEXT),  # the entry measure's scale, else the exit's
            _optional("entry_value", pa.float64()),
            _optional("entry_on", _DATE),
            _optional("exit_value", pa.float64()),
            _optional("exit_on", _DATE),
        ]
    ),
    "reviews": pa.schema(
        [
            *_KEY,
            _required("held_on", _DATE),
            _required("decision", _TEXT),
            _optional("next_review_due_on", _DATE),
        ]
    ),
    "outcomes": pa.schema(
        [
            *_KEY,
            _required("target_id", _TEXT),
            _required("attainment", _TEXT),
            _optional("achieved_on", _DATE),
        ]
    ),
    "ratings": pa.schema(
        [*_KEY, _required("provision_id", _TEXT), _required("effectiveness", _TEXT)]
    ),
    # Each advisory the record's replay raised, at its event, in the order raised:
    # what validation found where practice fell short, kept with the record.
    "advisories": pa.schema([*_KEY, _required("code", _TEXT)]),
    # One row a record: its canonical JSON document, as `dumps` writes it.
    "records": pa.schema(
        [_required("pupil_id", _TEXT), _required("document", pa.large_string())]
    ),
}
"""Each table's Arrow schema, by table name."""

TABLE_NAMES: tuple[str, ...] = tuple(SCHEMAS)
"""The tables, in the order a store writes them."""
