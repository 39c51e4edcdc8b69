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
import datetime as dt
import enum
import functools
import gc
import itertools
import re
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import attrs
import orjson
import polars as pl
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

from .. import limits
from .._converter import unstructure
from .._json_text import TEXT, _keys_counted, without_bom
from .._record_rules import RECORD_RULES
from .._types import LARGEST_WHOLE_NUMBER, is_date_in_range
from ..codes import (
    AssessmentOutcome,
    EndReason,
    NeedType,
    Role,
    SenProvision,
)
from ..errors import Problem, ValidationError
from ..process import events as ev
from ..process.record import SupportRecord
from ..serialization import SCHEMA_VERSION, loads
from ..upn import UPN
from ._machine import (
    _EHC_PLAN_CODE,
    _ENDING,
    _KNOWN_GUARDS,
    _MET,
    _NSA,
    advisories,
    replay,
)
from ._schema import SCHEMAS
from ._tables import _Builder

__all__ = [
    "COVERED_RULES",
    "LinesResult",
    "load_lines_columnar",
    "tables_from_lines",
]

# --- the document's shape, compiled once from the attrs classes -------------------

# A value's kind: a tag and its argument. Compiled from the classes' type hints, so
# a field added to a class is checked here without a word changed.
_Kind = tuple[Any, ...]


def _kind(tp: Any) -> _Kind:
    if tp is str:
        return ("str",)
    if tp is bool:
        return ("bool",)
    if tp is int:
        return ("int",)
    if tp is float:
        return ("float",)
    if tp is dt.date:
        return ("date",)
    if tp is UPN:
        return ("upn",)
    if isinstance(tp, type) and issubclass(tp, enum.StrEnum):
        # Only the codes as `dumps` writes them: a historic code reads as its
        # successor, so its document is not canonical, and goes to `loads`.
        return ("code", frozenset(m.value for m in tp))
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType) and type(None) in args:
        (inner,) = (a for a in args if a is not type(None))
        return ("optional", _kind(inner))
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return ("list", _kind(args[0]))
    if attrs.has(tp):
        return ("object", _fields(tp))
    raise TypeError(f"no columnar kind for {tp!r}")  # pragma: no cover


_FIELDS: dict[type, tuple[tuple[str, ...], tuple[_Kind, ...]]] = {}


def _fields(cls: type) -> tuple[tuple[str, ...], tuple[_Kind, ...]]:
    found = _FIELDS.get(cls)
    if found is None:
        hints = typing.get_type_hints(cls)
        names = tuple(f.alias or f.name for f in attrs.fields(cls) if f.init)
        _FIELDS[cls] = found = (names, ())  # a class that holds itself stops here
        kinds = tuple(_kind(hints[f.name]) for f in attrs.fields(cls) if f.init)
        _FIELDS[cls] = found = (names, kinds)
        _DEFAULTS[names] = tuple(
            _default(f, hints[f.name]) for f in attrs.fields(cls) if f.init
        )
    return found


# Each class's fields' defaults as `dumps` writes them, by its fields' names; _NONE
# for a field that has none. A document may leave a field at its default out.
_NONE: Any = object()
_DEFAULTS: dict[tuple[str, ...], tuple[Any, ...]] = {}


def _default(field: Any, hint: Any) -> Any:
    default = field.default
    if default is attrs.NOTHING:
        return _NONE
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        if default.takes_self:  # pragma: no cover - none of the record's classes
            return _NONE
        default = default.factory()
    return unstructure(default, hint)


_PUPIL_KIND = _kind(typing.get_type_hints(SupportRecord)["pupil"])
_EVENT_KINDS: dict[str, tuple[tuple[str, ...], tuple[_Kind, ...]]] = {}
for _cls in ev.EVENT_TYPES:
    _names, _kinds = _fields(_cls)
    _EVENT_KINDS[_cls.__name__] = (("event", *_names), (("str",), *_kinds))
    _DEFAULTS[("event", *_names)] = (_NONE, *_DEFAULTS[_names])

_DATES: dict[str, dt.date] = {}


def _date(value: object) -> dt.date | None:
    """The date ``value`` writes as yyyy-mm-dd, in range; None if it is not one."""
    if type(value) is not str:
        return None
    found = _DATES.get(value)
    if found is not None:
        return found
    if len(value) != 10 or value[4] != "-" or value[7] != "-":
        return None
    try:
        found = dt.date.fromisoformat(value)
    except ValueError:
        return None
    if not is_date_in_range(found):
        return None
    if len(_DATES) > 20_000:
        _DATES.clear()
    _DATES[value] = found
    return found


def _fits(value: object, kind: _Kind) -> bool:
    """Whether ``value`` is what `dumps` writes for a valid value of ``kind``."""
    tag = kind[0]
    if tag == "str":
        return type(value) is str
    if tag == "code":
        return type(value) is str and value in kind[1]
    if tag == "date":
        return _date(value) is not None
    if tag == "optional":
        return value is None or _fits(value, kind[1])
    if tag == "list":
        return type(value) is list and all(_fits(item, kind[1]) for item in value)
    if tag == "object":
        return _object_fits(value, kind[1])
    if tag == "int":
        return (
            type(value) is int
            and -LARGEST_WHOLE_NUMBER <= value <= LARGEST_WHOLE_NUMBER
        )
    if tag == "bool":
        return type(value) is bool
    if tag == "float":
        # `dumps` writes a float as a float: 3 is read as 3.0 but written 3.0.
        return type(value) is float and value == value and abs(value) != float("inf")
    if tag == "upn":
        if type(value) is not str:
            return False
        try:
            return str(UPN.parse(value)) == value
        except ValidationError:
            return False
    raise AssertionError(tag)  # pragma: no cover


def _object_fits(
    value: object, spec: tuple[tuple[str, ...], tuple[_Kind, ...]]
) -> bool:
    names, kinds = spec
    # Every field, in the order `dumps` writes them, and no other.
    if type(value) is not dict or tuple(value) != names:
        return False
    return all(_fits(v, k) for v, k in zip(value.values(), kinds, strict=True))


# The shape check compiled, once a class, to one function of plain tests: what the
# loop over a document's values costs most is dispatching on the kind of each.
_CHECKS: dict[Any, Callable[[Any], bool]] = {}
_ENV: dict[str, Any] = {"DATES": _DATES, "_date": _date, "L": LARGEST_WHOLE_NUMBER}


def _check(kind: _Kind) -> Callable[[Any], bool]:
    """A function that says whether a value fits ``kind`` (`_fits`, compiled)."""
    found = _CHECKS.get(kind)
    if found is None:
        body = _test(kind, "v")
        found = _define([f"    return {body}"])
        _CHECKS[kind] = found
    return found


def _define(lines: list[str]) -> Callable[[Any], bool]:
    source = "def check(v):\n" + "\n".join(lines)
    env = dict(_ENV)
    exec(source, env)  # the source is built here, from the classes
    check: Callable[[Any], bool] = env["check"]
    return check


def _name(value: Any) -> str:
    name = f"K{len(_ENV)}"
    _ENV[name] = value
    return name


def _test(kind: _Kind, x: str) -> str:
    """An expression that is true when the value ``x`` fits ``kind``."""
    tag = kind[0]
    if tag == "str":
        return f"type({x}) is str"
    if tag == "bool":
        return f"type({x}) is bool"
    if tag == "int":
        return f"(type({x}) is int and -L <= {x} <= L)"
    if tag == "code":
        return f"(type({x}) is str and {x} in {_name(kind[1])})"
    if tag == "date":
        return f"(type({x}) is str and ({x} in DATES or _date({x}) is not None))"
    if tag == "optional":
        return f"({x} is None or {_test(kind[1], x)})"
    if tag == "list":
        inner = _test(kind[1], "i")
        check = _define(
            [
                "    if type(v) is not list:",
                "        return False",
                "    for i in v:",
                f"        if not {inner}:",
                "            return False",
                "    return True",
            ]
        )
        return f"{_name(check)}({x})"
    if tag == "object":
        return f"{_name(_object_check(kind[1]))}({x})"
    return f"{_name(functools.partial(_fits, kind=kind))}({x})"  # float, UPN


def _object_check(
    spec: tuple[tuple[str, ...], tuple[_Kind, ...]],
) -> Callable[[Any], bool]:
    found = _CHECKS.get(spec)
    if found is None:
        names, kinds = spec
        lines = [
            f"    if type(v) is not dict or tuple(v) != {_name(names)}:",
            "        return False",
        ]
        for name, kind in zip(names, kinds, strict=True):
            lines += [f"    x = v[{name!r}]", f"    if not {_test(kind, 'x')}:"]
            lines.append("        return False")
        lines.append("    return True")
        found = _CHECKS[spec] = _define(lines)
    return found


def _document_fits(document: object) -> bool:
    """Whether ``document`` has the shape of a valid record's canonical document."""
    if type(document) is not dict or tuple(document) != (
        "schema_version",
        "type",
        "data",
    ):
        return False
    if type(document["schema_version"]) is not int:
        return False
    if document["schema_version"] != SCHEMA_VERSION:
        return False
    if document["type"] != "SupportRecord":
        return False
    data = document["data"]
    if type(data) is not dict or tuple(data) != ("pupil", "events"):
        return False
    if not _PUPIL_CHECK(data["pupil"]):
        return False
    events = data["events"]
    if type(events) is not list:
        return False
    for event in events:
        if type(event) is not dict:
            return False
        name = event.get("event")
        check = _EVENT_CHECKS.get(name) if type(name) is str else None
        if check is None or not check(event):
            return False
    return True


_PUPIL_CHECK = _check(_PUPIL_KIND)
_EVENT_CHECKS = {name: _object_check(spec) for name, spec in _EVENT_KINDS.items()}


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


# --- the rules of one object, over its fields --------------------------------------

# Dates here are the documents' own text, yyyy-mm-dd, which sorts as the dates do.
_DIGITS = re.compile(r"\d+")
_SCHOOL_FORMATS = {"urn": 6, "la": 3, "estab": 4}
_SPECIALISTS = frozenset(r.value for r in Role if r.is_specialist)
_NO_SEN = SenProvision.NO_SEN.value
_NOT_SEN = AssessmentOutcome.NOT_SEN.value
_EHC_ISSUED = EndReason.EHC_PLAN_ISSUED.value
_AREAS = {t.value: (None if t.area is None else t.area.value) for t in NeedType}


def _repeat(values: list[Any]) -> bool:
    return len(set(values)) != len(values)


def _blank(value: str) -> bool:
    return not value.strip()


def _pupil_breaks(pupil: dict[str, Any]) -> bool:
    """Whether the pupil breaks a rule of its own or of its school."""
    if _blank(pupil["pupil_id"]):
        return True  # pupil.blank
    school = pupil["school"]
    if school is None:
        return False
    for field, length in _SCHOOL_FORMATS.items():
        value = school[field]
        if value is not None and (
            len(value) != length or _DIGITS.fullmatch(value) is None
        ):
            return True  # school.format
    if (school["la"] is None) != (school["estab"] is None):
        return True  # school.incomplete
    return school["urn"] is None and school["la"] is None  # school.unidentified


def _needs_break(needs: list[dict[str, Any]], on: str) -> bool:
    """Whether needs break a rule of a need, of the census on needs, or come late."""
    if not needs:
        return False
    types = [n["need_type"] for n in needs]
    ranks = [n["rank"] for n in needs]
    if any(r not in (1, 2) for r in ranks):
        return True  # need.rank
    if any(_repeat(n["evidence"]) for n in needs):
        return True  # need.evidence.duplicate
    if _repeat(types) or ranks.count(1) != 1 or ranks.count(2) > 1:
        return True  # needs.duplicate_type, needs.primary, needs.secondary
    if _NSA in types and len(types) > 1:
        return True  # needs.nsa_with_other
    # history.need_after_received, assessment.need_after_decision
    return any(
        n["identified_on"] is not None and n["identified_on"] > on for n in needs
    )


def _plan_breaks(plan: dict[str, Any]) -> bool:
    """Whether a plan breaks a rule of its own, of its targets or its provisions
    that the columns do not check."""
    needs = plan["needs"]
    if not needs or _repeat(needs) or _repeat(plan["contributors"]):
        return True  # plan.no_needs, plan.needs.duplicate, plan.contributors.duplicate
    areas = {_AREAS[n] for n in needs}
    for target in plan["targets"]:
        if _blank(target["target_id"]) or _blank(target["description"]):
            return True  # target.blank
        area = target["area"]
        if area is not None and None not in areas and area not in areas:
            return True  # plan.target_area
    return any(
        _blank(p["provision_id"]) or _blank(p["name"]) for p in plan["provisions"]
    )  # provision.blank


def _event_breaks(event: dict[str, Any]) -> bool:
    """Whether an event breaks a rule of its own (not the machine's)."""
    name = event["event"]
    if name == "PlanAgreed":
        return _plan_breaks(event["plan"])
    if name == "ReviewHeld":
        review = event["review"]
        return (
            _repeat(review["participants"])  # review.participants.duplicate
            or any(_blank(o["target_id"]) for o in review["outcomes"])
            or any(_blank(r["provision_id"]) for r in review["ratings"])
        )  # outcome.blank, rating.blank
    on = event["occurred_on"]
    if name == "ConcernRaised":
        return _repeat(event["evidence"])  # concern.evidence.duplicate
    if name == "AssessmentCompleted":
        notified = event["parents_notified_on"]
        return (
            _needs_break(event["needs"], on)
            or _repeat(event["evidence"])  # assessment.evidence.duplicate
            or (event["outcome"] == _NOT_SEN and bool(event["needs"]))
            or (notified is not None and notified < on)
        )  # assessment.needs_not_sen, assessment.notified_before_decision
    if name == "SpecialistAdviceReceived":
        return _needs_break(event["needs"], "9999-12-31") or (
            event["specialist"] not in _SPECIALISTS
        )  # advice.not_specialist
    if name == "SupportEnded":
        return bool(event["reason"] == _EHC_ISSUED)  # ended.ehc_plan_reason
    if name == "SENHistoryReceived":
        return _history_breaks(event)
    return False


def _history_breaks(event: dict[str, Any]) -> bool:
    on = event["occurred_on"]
    started = event["provision_started_on"]
    if _blank(event["received_from"]):
        return True  # history.blank
    starts = [p["started_on"] for p in event["earlier"]] + [started]
    if any(a >= b for a, b in itertools.pairwise(starts)):
        return True  # history.earlier_out_of_order
    if _needs_break(event["needs"], on):
        return True
    provision = event["provision"]
    if provision == _NO_SEN or started > on:
        return True  # history.no_sen, history.started_after_received
    plan, due = event["plan"], event["review_due_on"]
    if provision == _EHC_PLAN_CODE and (
        plan is not None
        or due is not None
        or any(n["need_type"] == _NSA for n in event["needs"])
    ):
        return True  # history.plan_with_ehc, history.nsa_with_ehc
    if plan is None:
        return False
    return (
        plan["agreed_on"] > on  # history.plan_after_received
        or (due is not None and due != plan["review_due_on"])  # review_date_mismatch
        or _plan_breaks(plan)
    )


# --- the columns ----------------------------------------------------------------


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

    def add(self, rec: int, data: dict[str, Any], text: str) -> list[dt.date]:
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


# --- the checks, column by column --------------------------------------------------


def _flagged_by_columns(flat: _Flat) -> set[int]:
    """The records a cross-field rule of their classes refuses, found column by column."""
    found: set[int] = set()

    def add(frame: pl.DataFrame) -> None:
        found.update(frame.get_column("_rec").to_list())

    targets = flat.frame("targets", _review_due=flat.plan_review_due)
    plans = flat.frame("plans").select("_rec", "seq", "agreed_on")
    targets = targets.join(plans, on=["_rec", "seq"], how="left")
    add(
        targets.filter(
            (pl.col("due_on") <= pl.col("set_on"))  # target.due_before_set
            | (~pl.col("long_term") & (pl.col("due_on") > pl.col("_review_due")))
            | (pl.col("set_on") > pl.col("agreed_on"))  # target_set_after_agreement
        )
    )
    add(_repeats(targets, "target_id"))  # plan.target.duplicate_id

    provisions = flat.frame(
        "provisions", _exit_scale=flat.exit_scale, _group_size=flat.group_size
    )
    sessions, minutes = pl.col("sessions_per_week"), pl.col("minutes_per_session")
    add(
        provisions.filter(
            (pl.col("ends_on") < pl.col("starts_on")).fill_null(False)
            | (pl.col("exit_on") < pl.col("entry_on")).fill_null(False)
            | (
                pl.col("entry_on").is_not_null()
                & pl.col("exit_on").is_not_null()
                & (pl.col("scale") != pl.col("_exit_scale"))
            )
            | (pl.col("_group_size") < 1)
            | (sessions < 1).fill_null(False)
            | (minutes < 1).fill_null(False)
            | (sessions.is_null() != minutes.is_null())
        )
    )
    add(_repeats(provisions, "provision_id"))  # plan.provision.duplicate_id

    reviews = flat.frame("reviews")
    nxt = pl.col("next_review_due_on")
    add(
        reviews.filter(
            (nxt <= pl.col("held_on")).fill_null(False)  # review.next_not_after
            | (nxt.is_not_null() & pl.col("decision").is_in(list(_ENDING)))
        )
    )
    outcomes = flat.frame("outcomes").join(
        reviews.select("_rec", "seq", "held_on"), on=["_rec", "seq"], how="left"
    )
    achieved = pl.col("achieved_on")
    add(
        outcomes.filter(
            (achieved.is_not_null() & ~pl.col("attainment").is_in(list(_MET)))
            | (achieved > pl.col("held_on")).fill_null(False)
        )
    )
    add(_repeats(outcomes, "target_id"))  # review.outcome.duplicate_id
    add(_repeats(flat.frame("ratings"), "provision_id"))  # review.rating.duplicate_id
    return found


def _repeats(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    return frame.filter(pl.len().over("_rec", "seq", column) > 1)


# --- which rules the checks cover ------------------------------------------------

COVERED_RULES: frozenset[str] = frozenset(
    {
        # The shape check: a document is only taken as `dumps` writes a valid one.
        "document.json",
        "document.duplicate_key",
        "document.not_object",
        "document.missing_field",
        "document.unknown_field",
        "document.schema_version",
        "document.type",
        "document.seal",
        "document.invalid_value",
        "upn.length",
        "upn.digits",
        "upn.last_character",
        "upn.check_letter",
        # The rules of one object over its own fields, as each document is laid out.
        "pupil.blank",
        "school.format",
        "school.incomplete",
        "school.unidentified",
        "need.rank",
        "need.evidence.duplicate",
        "needs.duplicate_type",
        "needs.primary",
        "needs.secondary",
        "needs.nsa_with_other",
        "concern.evidence.duplicate",
        "history.blank",
        "history.earlier_out_of_order",
        "history.no_sen",
        "history.started_after_received",
        "history.need_after_received",
        "history.plan_with_ehc",
        "history.nsa_with_ehc",
        "history.plan_after_received",
        "history.review_date_mismatch",
        "assessment.evidence.duplicate",
        "assessment.needs_not_sen",
        "assessment.notified_before_decision",
        "assessment.need_after_decision",
        "advice.not_specialist",
        "ended.ehc_plan_reason",
        "target.blank",
        "provision.blank",
        "plan.no_needs",
        "plan.needs.duplicate",
        "plan.contributors.duplicate",
        "plan.target_area",
        "outcome.blank",
        "rating.blank",
        "review.participants.duplicate",
        # The classes' cross-field rules, column by column.
        "target.due_before_set",
        "provision.group_size",
        "provision.timetable",
        "provision.timetable_incomplete",
        "provision.ends_before_start",
        "provision.measure_scale",
        "provision.exit_before_entry",
        "plan.target.duplicate_id",
        "plan.provision.duplicate_id",
        "plan.target_due_after_review",
        "plan.target_set_after_agreement",
        "outcome.achieved_not_met",
        "review.outcome.duplicate_id",
        "review.rating.duplicate_id",
        "review.achieved_after_review",
        "review.next_not_after",
        "review.next_after_end",
        # The record and the machine, replayed from TRANSITIONS.
        "record.first_event",
        "record.too_many_events",
        "record.closed",
        "stage.not_allowed",
        "event.out_of_order",
        *_KNOWN_GUARDS,  # the transitions' guards
        "assessment.no_need",
        "plan.no_targets",
        "plan.no_provisions",
        "plan.review_not_after_agreement",
        "plan.need_not_identified",
        "review.before_plan",
        "review.missing_outcome",
        "review.unknown_target",
        "review.unknown_provision",
    }
)
"""The codes of `RECORD_RULES` whose breach the columnar checks flag."""

_COMPLETE = frozenset(RECORD_RULES) <= COVERED_RULES


# --- reading lines -----------------------------------------------------------------


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
    longest = limits.current().line_characters
    text = without_bom(line) if isinstance(line, TEXT) else line
    if isinstance(text, str) and len(text) > longest:
        return ValidationError(
            [
                Problem(
                    code="document.line_too_long",
                    message=f"the line has {len(text):,} characters; a line "
                    f"holds at most {longest:,} (sensupport.limits)",
                )
            ],
            summary=f"invalid document on line {number}",
            line=number,
        )
    try:
        record: SupportRecord = loads(text, SupportRecord)
    except ValidationError as error:
        return ValidationError(
            error.problems, summary=f"invalid document on line {number}", line=number
        )
    return record


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


def tables_from_lines(
    lines: Iterable[str | bytes | bytearray | memoryview],
    *,
    verify: bool | None = None,
) -> LinesResult:
    """The typed tables of the valid records of JSON Lines, each record checked.

    Blank lines are skipped and counted, as `load_lines` counts them. The tables are
    those `to_tables` gives for the valid records, in their order.

    Args:
        lines: JSON Lines of `SupportRecord` documents.
        verify: Whether a record the checks pass is read by `loads` too. By default
            only while `COVERED_RULES` does not cover every rule of `RECORD_RULES`.
    """
    with _collector_paused():
        return _tables_from_lines(lines, verify)


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
    lines: Iterable[str | bytes | bytearray | memoryview], part_size: int
) -> Iterator[dict[str, Any]]:
    """The typed tables of JSON Lines, a part of at most ``part_size`` records at a
    time, every record checked; the first part is given even when there are none.

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
            result = _tables_from_lines(chunk, None, first or 1)
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
        long = isinstance(text, str) and len(text) > longest
        found = None if long else _canonical(text)
        if found is None:
            fallback.append((rec, number, line))
        else:
            document, canonical = found
            data = document["data"]
            dates = flat.add(rec, data, canonical)
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
    tables = _merge(flat, flagged_recs, objects)
    flagged = tuple(
        sorted(lines_of[r] for r in ({r for r, _, _ in fallback} | refused))
    )
    return LinesResult(tables, flagged, tuple(errors), verified)


def _index(flat: _Flat, rec: int) -> int:
    recs = flat.tables["records"].rec
    return bisect.bisect_left(recs, rec)


def _merge(
    flat: _Flat, dropped: set[int], objects: Mapping[int, SupportRecord]
) -> dict[str, Any]:
    """The tables of the records kept, and of those read as objects, in line order."""
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
) -> dict[str, Any]:
    """The typed tables of JSON Lines of records, or the first invalid line's error.

    Raises:
        ValidationError: As `load_lines` raises it at the first invalid line: the
            same problems, summary and ``line``.
    """
    result = tables_from_lines(lines)
    if result.errors:
        raise result.errors[0][1]
    return result.tables
