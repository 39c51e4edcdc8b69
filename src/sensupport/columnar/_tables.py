"""Records to typed Arrow tables, and back from the documents the tables keep.

`to_tables` lays records out in the tables of `SCHEMAS`, column by column; its
records are already valid objects, so nothing is checked again. `from_tables` reads
the records back from the ``records`` table's documents with `loads`, so a document
that is not valid fails exactly as `loads` fails.

>>> from sensupport.synth import load_sample
>>> records = list(load_sample())[:5]
>>> tables = to_tables(records)
>>> tables["pupils"].num_rows, tables["events"].column_names[:4]
(5, ['pupil_id', 'seq', 'event', 'occurred_on'])
>>> list(from_tables(tables)) == records
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

from ..errors import Problem, ValidationError
from ..needs import Need
from ..plans import SupportPlan
from ..process.events import (
    AssessmentCompleted,
    EHCNeedsAssessmentDecided,
    PlanAgreed,
    ReviewHeld,
    SENHistoryReceived,
    SpecialistAdviceReceived,
    SupportEnded,
)
from ..process.record import SupportRecord
from ..serialization import dumps, loads
from ._schema import SCHEMAS

__all__ = ["from_tables", "to_tables"]


class _Columns:
    """One table's columns as lists, filled a row at a time."""

    __slots__ = ("columns", "schema")

    def __init__(self, schema: Any) -> None:
        self.schema = schema
        self.columns: list[list[Any]] = [[] for _ in schema.names]

    def add(self, *row: object) -> None:
        for column, value in zip(self.columns, row, strict=True):
            column.append(value)

    def table(self) -> Any:
        arrays = [
            pa.array(values, type=field.type)
            for values, field in zip(self.columns, self.schema, strict=True)
        ]
        return pa.Table.from_arrays(arrays, schema=self.schema)


class _Builder:
    """Every table's columns, filled record by record."""

    def __init__(self) -> None:
        self.tables = {name: _Columns(schema) for name, schema in SCHEMAS.items()}
        t = self.tables
        self.pupils, self.records, self.events = t["pupils"], t["records"], t["events"]
        self.earlier, self.needs = t["earlier_provision"], t["needs"]
        self.plans, self.targets = t["plans"], t["targets"]
        self.provisions, self.reviews = t["provisions"], t["reviews"]
        self.outcomes, self.ratings = t["outcomes"], t["ratings"]
        self.advisories = t["advisories"]

    def add(self, record: SupportRecord) -> None:
        pupil = record.pupil
        pid = pupil.pupil_id
        school = pupil.school
        self.pupils.add(
            pid,
            pupil.year_group.value,
            None if pupil.sex is None else pupil.sex.value,
            None if school is None else school.urn,
            None if school is None else school.la,
            None if school is None else school.estab,
            None if school is None else school.name,
        )
        self.records.add(pid, dumps(record))
        for seq, advisory in record.advisories_by_event():
            self.advisories.add(pid, seq, advisory.code)
        for seq, event in enumerate(record.events):
            outcome = decision = reason = provision = None
            started: dt.date | None = None
            if isinstance(event, AssessmentCompleted):
                outcome = event.outcome.value
                self._needs(pid, seq, event.needs)
            elif isinstance(event, SpecialistAdviceReceived):
                self._needs(pid, seq, event.needs)
            elif isinstance(event, EHCNeedsAssessmentDecided):
                outcome = event.decision.value
            elif isinstance(event, SupportEnded):
                reason = event.reason.value
            elif isinstance(event, SENHistoryReceived):
                provision = event.provision.value
                started = event.provision_started_on
                for earlier in event.earlier:
                    self.earlier.add(
                        pid, seq, earlier.started_on, earlier.provision.value
                    )
                self._needs(pid, seq, event.needs)
                if event.plan is not None:
                    self._plan(pid, seq, event.plan)
                elif event.review_due_on is not None:
                    self.plans.add(pid, seq, None, event.review_due_on)
            elif isinstance(event, PlanAgreed):
                self._plan(pid, seq, event.plan)
            elif isinstance(event, ReviewHeld):
                review = event.review
                decision = review.decision.value
                self.reviews.add(
                    pid, seq, review.held_on, decision, review.next_review_due_on
                )
                for o in review.outcomes:
                    self.outcomes.add(
                        pid, seq, o.target_id, o.attainment.value, o.achieved_on
                    )
                for r in review.ratings:
                    self.ratings.add(pid, seq, r.provision_id, r.effectiveness.value)
            self.events.add(
                pid,
                seq,
                type(event).__name__,
                event.occurred_on,
                outcome,
                decision,
                reason,
                provision,
                started,
            )

    def _needs(self, pid: str, seq: int, needs: tuple[Need, ...]) -> None:
        for need in needs:
            self.needs.add(
                pid,
                seq,
                need.rank,
                need.need_type.value,
                None if need.area is None else need.area.value,
                need.identified_on,
            )

    def _plan(self, pid: str, seq: int, plan: SupportPlan) -> None:
        self.plans.add(pid, seq, plan.agreed_on, plan.review_due_on)
        for t in plan.targets:
            self.targets.add(
                pid,
                seq,
                t.target_id,
                None if t.area is None else t.area.value,
                t.set_on,
                t.due_on,
                t.long_term,
            )
        for p in plan.provisions:
            entry, exit_ = p.entry, p.exit
            measure = entry if entry is not None else exit_
            self.provisions.add(
                pid,
                seq,
                p.provision_id,
                p.name,
                p.starts_on,
                p.ends_on,
                p.sessions_per_week,
                p.minutes_per_session,
                None if measure is None else measure.scale.value,
                None if entry is None else float(entry.value),
                None if entry is None else entry.taken_on,
                None if exit_ is None else float(exit_.value),
                None if exit_ is None else exit_.taken_on,
            )

    def result(self) -> dict[str, Any]:
        return {name: columns.table() for name, columns in self.tables.items()}


def to_tables(records: Iterable[SupportRecord]) -> dict[str, Any]:
    """The records as typed Arrow tables, one per name of `SCHEMAS`, in its order.

    Each table's rows follow the records' order, and within a record its events'.
    The records are valid objects already: nothing is checked again.
    """
    builder = _Builder()
    for record in records:
        builder.add(record)
    return builder.result()


def from_tables(tables: Mapping[str, Any]) -> Iterator[SupportRecord]:
    """The records the ``records`` table's documents hold, read with `loads`, lazily.

    Only the documents are read; the typed tables are not needed.

    Raises:
        ValidationError: A document is not a valid `SupportRecord` document, with
            the problems `loads` finds (the summary names the row, from 0); or
            there is no ``records`` table with a ``document`` column
            (``store.missing_column``).
    """
    yield from _documents(tables.get("records"), "records")


def _documents(table: Any, where: str) -> Iterator[SupportRecord]:
    if table is None or "document" not in table.column_names:
        raise ValidationError(
            [
                Problem(
                    code="store.missing_column",
                    message="the records table has no document column",
                    path="records.document",
                )
            ],
            summary=f"not a sensupport store table: {where}",
        )
    row = 0
    for chunk in table.column("document").chunks:
        for document in chunk.to_pylist():
            try:
                record: SupportRecord = loads(document, SupportRecord)
            except ValidationError as error:
                raise ValidationError(
                    error.problems,
                    summary=f"invalid document in {where}, row {row}",
                ) from None
            yield record
            row += 1
