"""JSON Lines of `SupportRecord` documents straight to the typed tables, checked.

`tables_from_lines` reads each line with orjson into plain dicts and lays them out
in the columns of `SCHEMAS` without building a record object, then checks the rules
of a record column by column: the document's shape (every object's fields, present,
in their order, each value of its type, every code known, every date a date in
range), the classes' cross-field rules that compare columns (`COVERED_RULES`), and
the stage machine replayed per record from `TRANSITIONS` over the event-type column.

A record any check flags is read again by `loads`, so its `ValidationError` is
exactly the one `load_lines` raises (the same problems, codes, paths and messages,
and the same line number); a flagged record `loads` accepts after all (a valid
document not written as `dumps` writes it) is laid out from its object. A record the
checks pass is trusted without `loads` only while `COVERED_RULES` holds every code of
`RECORD_RULES`; otherwise it is read by `loads` too (``verified``), so no record the
object path refuses is ever accepted. The tests hold the checks to the object
path's verdicts and codes, rule by rule.

>>> from sensupport.synth import load_sample
>>> from sensupport.serialization import dump_lines
>>> from sensupport.columnar import to_tables
>>> records = list(load_sample())[:20]
>>> result = tables_from_lines(dump_lines(records))
>>> result.flagged, result.errors
((), ())
>>> result.tables == to_tables(records)
True
"""

from __future__ import annotations

import bisect
import contextlib
import gc
import itertools
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

from .. import limits
from .._json_text import TEXT, without_bom
from ..errors import ValidationError
from ..process.record import SupportRecord
from ..serialization import _at_line, _line_too_long, loads
from ._canonical import _canonical
from ._column_rules import _flagged_by_columns
from ._coverage import _COMPLETE, COVERED_RULES
from ._layout import _Flat
from ._machine import advisories, replay
from ._schema import SCHEMAS
from ._tables import _Builder

__all__ = [
    "COVERED_RULES",
    "LinesResult",
    "load_lines_columnar",
    "tables_from_lines",
]


@attrs.frozen
class LinesResult:
    """What `tables_from_lines` found.

    Attributes:
        tables: The typed tables of the valid records, as `to_tables` lays them out.
        flagged: The line numbers (from 1) of the records the columnar checks
            flagged, each then read by `loads`.
        errors: ``(line, error)`` for each invalid line, in order: the
            `ValidationError` `load_lines` raises there.
        verified: How many records the checks passed that `loads` read again,
            because the checks do not yet cover every rule.
    """

    tables: dict[str, Any]
    flagged: tuple[int, ...]
    errors: tuple[tuple[int, ValidationError], ...]
    verified: int


def _read(number: int, line: Any) -> SupportRecord | ValidationError:
    """The record `load_lines` reads at ``line``, number ``number``, or its error."""
    text = without_bom(line) if isinstance(line, TEXT) else line
    too_long = _line_too_long(text, number, limits.current().line_characters)
    if too_long is not None:
        return too_long
    try:
        record: SupportRecord = loads(text, SupportRecord)
    except ValidationError as error:
        return _at_line(error, number)
    return record


def tables_from_lines(
    lines: Iterable[str | bytes | bytearray | memoryview],
    *,
    verify: bool | None = None,
    documents: bool = True,
) -> LinesResult:
    """The typed tables of the valid records of JSON Lines, each record checked.

    Blank lines are skipped and counted, as `load_lines` counts them. The tables are
    those `to_tables` gives for the valid records, in their order.

    Args:
        lines: JSON Lines of `SupportRecord` documents.
        verify: Whether a record the checks pass is read by `loads` too. By default
            only while `COVERED_RULES` does not cover every rule of `RECORD_RULES`.
        documents: Whether the tables include ``records``, each record's document.
            The metrics and the report do not read it; without it the tables take
            about the text's size less memory, and no time to copy it.
    """
    with _collector_paused():
        return _tables_from_lines(lines, verify, documents=documents)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    # The documents are plain, acyclic data, millions of small objects: the cyclic
    # collector, run again and again as they are made, would find nothing to free
    # and take nearly half the time. It is paused while they are read.
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _is_blank_line(line: object) -> bool:
    """Whether ``line`` is one `load_lines` skips."""
    return isinstance(line, TEXT) and not without_bom(line).strip()


def checked_parts(
    lines: Iterable[str | bytes | bytearray | memoryview],
    part_size: int,
    *,
    documents: bool = True,
) -> Iterator[dict[str, Any]]:
    """The typed tables of JSON Lines, a part of at most ``part_size`` records at a
    time, every record checked; the first part is given even when there are none.
    Without ``documents``, the tables leave out ``records`` (as `tables_from_lines`).

    An error raised while a line is read (a line that is not UTF-8, refused by the
    iterable) is raised once the lines before it are checked, so the first error is
    the one a line-by-line reader meets first.

    Raises:
        ValidationError: The first invalid line's error, as `load_lines` raises it
            (the same problems, summary and ``line``), once the parts before it
            are given.
    """
    numbered = enumerate(lines, start=1)
    unread: ValidationError | None = None
    for part in itertools.count():
        chunk: list[Any] = []
        first = None
        records = 0
        while True:
            try:
                number, line = next(numbered)
            except StopIteration:
                break
            except ValidationError as error:
                unread = error
                break
            first = number if first is None else first
            chunk.append(line)
            if not _is_blank_line(line):
                records += 1
                if records == part_size:
                    break
        if part > 0 and not records and unread is None:  # nothing but blank lines
            return
        with _collector_paused():
            result = _tables_from_lines(chunk, None, first or 1, documents=documents)
        if result.errors:
            raise result.errors[0][1]
        if unread is not None:
            raise unread
        yield result.tables
        if records < part_size:
            return


def _tables_from_lines(
    lines: Iterable[str | bytes | bytearray | memoryview],
    verify: bool | None,
    first: int = 1,
    *,
    documents: bool = True,
) -> LinesResult:
    """`tables_from_lines`, the lines numbered from ``first``."""
    again = not _COMPLETE if verify is None else verify
    flat = _Flat()
    fallback: list[tuple[int, int, Any]] = []  # (record, line, text)
    lines_of: list[int] = []
    replayed: set[int] = set()  # records the machine refuses
    longest = limits.current().line_characters
    rec = 0
    for number, line in enumerate(lines, start=first):
        text = without_bom(line) if isinstance(line, TEXT) else line
        if isinstance(text, TEXT) and not text.strip():
            continue
        # Over the limit as `load_lines` counts it: `_read` refuses it.
        long = _line_too_long(text, number, longest) is not None
        found = None if long else _canonical(text)
        if found is None:
            fallback.append((rec, number, line))
        else:
            document, canonical = found
            data = document["data"]
            # Without the documents, the line as given is kept (the caller's, not
            # a copy) for `loads` to read again should a column check flag it.
            dates = flat.add(rec, data, canonical if documents else line)
            # The machine over the record's events, as it is laid out: its
            # document is then dropped, and memory holds the columns only.
            events = data["events"]
            if replay(events, dates):
                found_advice = flat.tables["advisories"].add
                pid = data["pupil"]["pupil_id"]
                for seq, code in advisories(events, dates):
                    found_advice(rec, pid, seq, code)
            else:
                replayed.add(rec)
        lines_of.append(number)
        rec += 1
    # The classes' cross-field rules, column by column.
    refused = _flagged_by_columns(flat) | flat.broken | replayed
    flagged_recs = {r for r, _, _ in fallback} | refused
    # Every flagged record is read by `loads`; until the checks cover every rule,
    # so is every other one.
    errors: list[tuple[int, ValidationError]] = []
    objects: dict[int, SupportRecord] = {}
    texts: dict[int, Any] = {r: line for r, _, line in fallback}
    documents_text = flat.tables["records"].columns[1]
    verified = 0
    for r in range(rec):
        if r not in flagged_recs and not again:
            continue
        given: Any = texts.get(r)
        if given is None:
            given = documents_text[_index(flat, r)]
            if r not in flagged_recs:
                verified += 1
        number = lines_of[r]
        read = _read(number, given)
        if isinstance(read, ValidationError):
            errors.append((number, read))
            flagged_recs.add(r)
        elif r in flagged_recs:
            objects[r] = read
    tables = _merge(flat, flagged_recs, objects, documents)
    flagged = tuple(
        sorted(lines_of[r] for r in ({r for r, _, _ in fallback} | refused))
    )
    return LinesResult(tables, flagged, tuple(errors), verified)


def _index(flat: _Flat, rec: int) -> int:
    recs = flat.tables["records"].rec
    return bisect.bisect_left(recs, rec)


def _merge(
    flat: _Flat,
    dropped: set[int],
    objects: Mapping[int, SupportRecord],
    documents: bool,
) -> dict[str, Any]:
    """The tables of the records kept, and of those read as objects, in line order;
    ``records`` only with ``documents``."""
    builder = _Builder()
    object_recs: dict[str, list[int]] = {name: [] for name in SCHEMAS}
    for r in sorted(objects):
        before = {name: len(c.columns[0]) for name, c in builder.tables.items()}
        builder.add(objects[r])
        for name, c in builder.tables.items():
            object_recs[name] += [r] * (len(c.columns[0]) - before[name])
    built = builder.result()
    tables: dict[str, Any] = {}
    for name, columns in flat.tables.items():
        if name == "records" and not documents:
            continue  # the texts stay in Python for `loads` only; no Arrow copy
        table = flat.table(name)
        recs = columns.rec
        if dropped:
            keep = [i for i, r in enumerate(recs) if r not in dropped]
            if len(keep) < len(recs):
                table = table.take(pa.array(keep, type=pa.int64()))
                recs = [recs[i] for i in keep]
        if objects:
            extra = object_recs[name]
            both = pa.concat_tables([table, built[name]])
            order = sorted(
                range(len(recs) + len(extra)), key=(recs + extra).__getitem__
            )
            table = both.take(pa.array(order, type=pa.int64()))
        tables[name] = table.combine_chunks()
    return tables


def load_lines_columnar(
    lines: Iterable[str | bytes | bytearray | memoryview],
    *,
    documents: bool = True,
) -> dict[str, Any]:
    """The typed tables of JSON Lines of records, or the first invalid line's error;
    without ``documents``, all but ``records`` (as `tables_from_lines`).

    Raises:
        ValidationError: As `load_lines` raises it at the first invalid line: the
            same problems, summary and ``line``.
    """
    result = tables_from_lines(lines, documents=documents)
    if result.errors:
        raise result.errors[0][1]
    return result.tables
