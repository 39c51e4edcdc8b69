"""Documents laid out in the columns of the tables of `SCHEMAS`, record by record,
with what the column checks read beside them and the records that break a rule of an
object's own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import polars as pl
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

from .._json_text import Text
from ._object_rules import _AREAS, _event_breaks, _pupil_breaks
from ._schema import SCHEMAS
from ._shape import _DATES


class _Columns:
    """One table's columns as lists, with the record each row belongs to."""

    __slots__ = ("add", "columns", "rec", "schema")

    def __init__(self, schema: Any) -> None:
        self.schema = schema
        self.columns: list[list[Any]] = [[] for _ in schema.names]
        self.rec: list[int] = []
        # A row added by one call of plain appends, compiled for the table's width.
        names = [f"c{i}" for i in range(len(self.columns))]
        source = f"def add(rec, {', '.join(names)}):\n    R(rec)\n" + "".join(
            f"    A{i}({name})\n" for i, name in enumerate(names)
        )
        env: dict[str, Any] = {"R": self.rec.append}
        env.update({f"A{i}": c.append for i, c in enumerate(self.columns)})
        exec(source, env)  # the source is built here, from the schema
        self.add: Callable[..., None] = env["add"]


class _Flat:
    """Every table's columns, filled from documents, record by record."""

    def __init__(self) -> None:
        self.tables = {name: _Columns(schema) for name, schema in SCHEMAS.items()}
        # Beside the tables, what the checks read and the tables do not hold.
        self.exit_scale: list[str | None] = []
        self.group_size: list[int] = []
        self.plan_review_due: list[dt.date] = []
        self.broken: set[int] = set()  # records breaking a rule of an object's own
        self._arrow: dict[str, Any] = {}

    def table(self, name: str) -> Any:
        """A table's columns as Arrow, converted once for the checks and the result."""
        found = self._arrow.get(name)
        if found is None:
            found = self._arrow[name] = _table(self.tables[name])
        return found

    def add(self, rec: int, data: dict[str, Any], text: Text) -> list[dt.date]:
        t = self.tables
        pupil = data["pupil"]
        pid = pupil["pupil_id"]
        school = pupil["school"]
        t["pupils"].add(
            rec,
            pid,
            pupil["year_group"],
            pupil["sex"],
            None if school is None else school["urn"],
            None if school is None else school["la"],
            None if school is None else school["estab"],
            None if school is None else school["name"],
        )
        t["records"].add(rec, pid, text)
        dates: list[dt.date] = []
        d = _DATES.__getitem__  # every date was read by the shape check
        if _pupil_breaks(pupil):
            self.broken.add(rec)
        for seq, event in enumerate(data["events"]):
            name = event["event"]
            if _event_breaks(event):
                self.broken.add(rec)
            outcome = decision = reason = provision = None
            started: dt.date | None = None
            if name == "PlanAgreed":
                on = d(event["plan"]["agreed_on"])
                self._plan(rec, pid, seq, event["plan"])
            elif name == "ReviewHeld":
                review = event["review"]
                on = d(review["held_on"])
                decision = review["decision"]
                nxt = review["next_review_due_on"]
                t["reviews"].add(
                    rec,
                    pid,
                    seq,
                    on,
                    decision,
                    None if nxt is None else d(nxt),
                )
                for o in review["outcomes"]:
                    a = o["achieved_on"]
                    t["outcomes"].add(
                        rec,
                        pid,
                        seq,
                        o["target_id"],
                        o["attainment"],
                        None if a is None else d(a),
                    )
                for r in review["ratings"]:
                    t["ratings"].add(
                        rec,
                        pid,
                        seq,
                        r["provision_id"],
                        r["effectiveness"],
                    )
            else:
                on = d(event["occurred_on"])
                if name == "AssessmentCompleted":
                    outcome = event["outcome"]
                    self._needs(rec, pid, seq, event["needs"])
                elif name == "SpecialistAdviceReceived":
                    self._needs(rec, pid, seq, event["needs"])
                elif name == "EHCNeedsAssessmentDecided":
                    outcome = event["decision"]
                elif name == "SupportEnded":
                    reason = event["reason"]
                elif name == "SENHistoryReceived":
                    provision = event["provision"]
                    started = d(event["provision_started_on"])
                    for earlier in event["earlier"]:
                        t["earlier_provision"].add(
                            rec,
                            pid,
                            seq,
                            d(earlier["started_on"]),
                            earlier["provision"],
                        )
                    self._needs(rec, pid, seq, event["needs"])
                    if event["plan"] is not None:
                        self._plan(rec, pid, seq, event["plan"])
                    elif event["review_due_on"] is not None:
                        due = d(event["review_due_on"])
                        t["plans"].add(rec, pid, seq, None, due)
            dates.append(on)
            t["events"].add(
                rec,
                pid,
                seq,
                name,
                on,
                outcome,
                decision,
                reason,
                provision,
                started,
            )
        return dates

    def _needs(self, rec: int, pid: str, seq: int, needs: list[dict[str, Any]]) -> None:
        for need in needs:
            on = need["identified_on"]
            area = _AREAS[need["need_type"]]
            self.tables["needs"].add(
                rec,
                pid,
                seq,
                need["rank"],
                need["need_type"],
                area,
                None if on is None else _DATES[on],
            )

    def _plan(self, rec: int, pid: str, seq: int, plan: dict[str, Any]) -> None:
        d = _DATES.__getitem__
        due = d(plan["review_due_on"])
        self.tables["plans"].add(rec, pid, seq, d(plan["agreed_on"]), due)
        for t in plan["targets"]:
            self.tables["targets"].add(
                rec,
                pid,
                seq,
                t["target_id"],
                t["area"],
                d(t["set_on"]),
                d(t["due_on"]),
                t["long_term"],
            )
            self.plan_review_due.append(due)
        for p in plan["provisions"]:
            entry, exit_ = p["entry"], p["exit"]
            measure = entry if entry is not None else exit_
            ends = p["ends_on"]
            self.tables["provisions"].add(
                rec,
                pid,
                seq,
                p["provision_id"],
                p["name"],
                d(p["starts_on"]),
                None if ends is None else d(ends),
                p["sessions_per_week"],
                p["minutes_per_session"],
                None if measure is None else measure["scale"],
                None if entry is None else entry["value"],
                None if entry is None else d(entry["taken_on"]),
                None if exit_ is None else exit_["value"],
                None if exit_ is None else d(exit_["taken_on"]),
            )
            self.exit_scale.append(None if exit_ is None else exit_["scale"])
            self.group_size.append(p["group_size"])

    def frame(self, name: str, **extra: list[Any]) -> pl.DataFrame:
        """A table's columns and its rows' records, as polars, for the checks."""
        columns = self.tables[name]
        frame = pl.from_arrow(self.table(name))
        assert isinstance(frame, pl.DataFrame)
        return frame.with_columns(
            pl.Series("_rec", columns.rec, dtype=pl.Int64),
            *(pl.Series(k, v) for k, v in extra.items()),
        )


def _table(columns: _Columns) -> Any:
    arrays = [
        pa.array(values, type=field.type)
        for values, field in zip(columns.columns, columns.schema, strict=True)
    ]
    return pa.Table.from_arrays(arrays, schema=columns.schema)
