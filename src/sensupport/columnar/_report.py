"""The cohort report from the columnar tables: every figure `sensupport report`
gives, counted with polars, equal to the record-by-record report.

`report_counts` counts a set of tables (a cohort, or one part of a store) as a
`ReportCounts`, which a `ReportAccumulator` with the same settings adds to what it
holds; `columnar_report` and `store_report` make the whole report, as `Report.build`
makes it from records. Besides the tables the metrics read (see
`sensupport.columnar.columnar_summaries`), the report reads the pupils' year group
and school, and the ``advisories`` table.

The stage at the report's date is where the last event by then that moves the
record led, worked out from the same table of moves the machine steps through
(`sensupport.process.transitions.TRANSITIONS`); the census provision code is the last
change by then, as the record's own `provision_on` finds it.

>>> import datetime as dt
>>> from sensupport._report import Report
>>> from sensupport.columnar import to_tables
>>> from sensupport.synth import load_sample
>>> records = list(load_sample())
>>> settings = dict(as_of=dt.date(2026, 7, 1), start=None, end=None,
...                 by="area_of_need")
>>> columnar_report(to_tables(records), **settings) == Report.build(
...     lambda: records, **settings)
True
"""

from __future__ import annotations

import collections
import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import polars as pl

from .._report._model import (
    CADENCE,
    ListedPupil,
    Report,
    ReportAccumulator,
    ReportCounts,
    settle,
)
from ..codes import SenProvision
from ..metrics import counted_period
from ..process.stages import Stage
from ._attainment import _attainment, _attainment_tallies
from ._data_date import _latest, checked_latest
from ._derived import _Derived
from ._frequency import _frequency, _frequency_tally
from ._groups import GroupBy, Keyed, _by_need, whole
from ._impact import _impact, _impact_tallies
from ._inputs import _COLUMNS, _KEY, _typed, as_lazy, read_once, refuse_repeated_pupils
from ._lines import checked_parts
from ._machine import _EHC, _MOVES, _OUTCOMES, _REVIEWS, STAYING
from ._overdue import _overdue
from ._store import DEFAULT_PART_SIZE, scan_store_parts
from ._timeliness import _timeliness, _timeliness_tallies

__all__ = ["columnar_report", "lines_report", "report_counts", "store_report"]

# Beyond the metrics' columns: the pupils' year group and school, and the advisories.
_REPORT_COLUMNS: dict[str, dict[str, pl.DataType]] = {
    "pupils": {
        "pupil_id": pl.String(),
        "year_group": pl.String(),
        "school_urn": pl.String(),
        "school_la": pl.String(),
        "school_estab": pl.String(),
        "school_name": pl.String(),
    },
    "advisories": {"pupil_id": pl.String(), "seq": pl.Int64(), "code": pl.String()},
}
_K = SenProvision.SEN_SUPPORT.value

# --- the stage an event leads to, from the table of moves ----------------------------

_TARGETS: dict[str, set[tuple[Stage | None, tuple[Stage, ...]]]] = {}
for (_source, _name), _targets in _MOVES.items():
    _TARGETS.setdefault(_name, set()).add((_source, _targets))
_ONE_TARGET: dict[str, Stage] = {}
for _name, _moves in _TARGETS.items():
    _ends = {targets for _, targets in _moves}
    if _name not in STAYING and len(_ends) == 1 and len(min(_ends)) == 1:
        _ONE_TARGET[_name] = min(_ends)[0]
# The moves whose target the event decides, by the column that holds its decision.
_DECIDED = {
    "AssessmentCompleted": ("outcome", _OUTCOMES),
    "ReviewHeld": ("decision", _REVIEWS),
    "EHCNeedsAssessmentDecided": ("outcome", _EHC),
}
if set(_TARGETS) != {*STAYING, *_ONE_TARGET, *_DECIDED, "SENHistoryReceived"}:
    raise ImportError("a move of TRANSITIONS has no columnar stage")  # pragma: no cover


def _stage_after() -> pl.Expr:
    """The stage the event of a row leads to (rows of moving events only)."""
    event = pl.col("event")
    chain: Any = pl
    for name, target in _ONE_TARGET.items():
        chain = chain.when(event == name).then(pl.lit(target.value))
    for name, (column, targets) in _DECIDED.items():
        for value, decided in targets.items():
            chain = chain.when((event == name) & (pl.col(column) == value)).then(
                pl.lit(decided.value)
            )
    history = event == "SENHistoryReceived"
    stage: pl.Expr = (
        chain.when(history & (pl.col("provision") == SenProvision.EHC_PLAN.value))
        .then(pl.lit(Stage.EHC_PLAN.value))
        .when(history & pl.col("has_plan"))
        .then(pl.lit(Stage.DO.value))
        .when(history)
        .then(pl.lit(Stage.PLAN.value))
        .otherwise(None)
    )
    return stage


def _school_key() -> pl.Expr:
    """`School.key`: the URN if known, else ``LA/estab``; ``unknown`` with no school."""
    return pl.coalesce(
        "school_urn",
        pl.concat_str("school_la", pl.lit("/"), "school_estab"),
        pl.lit("unknown"),
    )


def _school_year(on: pl.Expr) -> pl.Expr:
    """The school year of a date as `year_label` writes it, ``2024/25``."""
    year = on.dt.year() - (on.dt.month() < 9).cast(pl.Int32)
    return pl.format("{}/{}", year, ((year + 1) % 100).cast(pl.String).str.zfill(2))


def _by_school(schools: pl.LazyFrame) -> Keyed:
    def keyed(frame: pl.LazyFrame, on: pl.Expr) -> pl.LazyFrame:
        return frame.join(schools, on="pupil_id", how="left").with_columns(
            group=pl.col("school")
        )

    return keyed


def _by_school_year(frame: pl.LazyFrame, on: pl.Expr) -> pl.LazyFrame:
    return frame.with_columns(group=_school_year(on))


# --- the report's own parts ------------------------------------------------------------


def _as_of_parts(d: _Derived, pupils: pl.LazyFrame) -> dict[str, pl.LazyFrame]:
    """Each record's stage and census code at the end of the report's date, the
    overdue reviews then and the pupils on K with no plan in force."""
    by_then = d.events.filter(pl.col("occurred_on") <= d.as_of)
    has_plan = d.t["plans"].select(*_KEY, has_plan=pl.lit(True))
    last_move = (
        by_then.filter(~pl.col("event").is_in(STAYING))
        .filter(pl.col("seq") == pl.col("seq").max().over("pupil_id"))
        .join(has_plan, on=_KEY, how="left")
        .with_columns(pl.col("has_plan").fill_null(False))
        .select("pupil_id", stage=_stage_after())
    )
    code = (
        d.changes.join(by_then.select(_KEY), on=_KEY)
        .filter(pl.col("seq") == pl.col("seq").max().over("pupil_id"))
        .select("pupil_id", "code")
    )
    then = (
        by_then.group_by("pupil_id")
        .agg(last_on=pl.col("occurred_on").max())
        .join(last_move, on="pupil_id")
        .join(code, on="pupil_id", how="left")
        .with_columns(pl.col("code").fill_null(SenProvision.NO_SEN.value))
        .join(pupils, on="pupil_id")
    )
    waiting = then.filter(
        (pl.col("code") == _K)
        & pl.col("stage").is_in([Stage.PLAN.value, Stage.ASSESS.value])
    )
    overdue = _overdue(d)["overdue"].join(
        then.select("pupil_id", "year_group", "stage", "school"), on="pupil_id"
    )
    return {
        "stages": then.group_by("stage").len(),
        "provision": then.group_by("code").len(),
        "on_support": then.filter(pl.col("code") == _K).group_by("school").len(),
        "waiting": waiting.select(
            "pupil_id",
            "year_group",
            "stage",
            on="last_on",
            days=(pl.lit(d.as_of) - pl.col("last_on")).dt.total_days(),
        ),
        "overdue_pupils": overdue.select(
            "pupil_id", "year_group", "stage", on="due_on", days="days"
        ),
        "overdue_by_school": overdue.group_by("school").len(),
    }


def _advisories(
    events: pl.LazyFrame, advisories: pl.LazyFrame, start: dt.date, end: dt.date
) -> pl.LazyFrame:
    """The advisories raised at events in [start, end), by code."""
    return (
        advisories.join(events.select(*_KEY, "occurred_on"), on=_KEY)
        .filter((pl.col("occurred_on") >= start) & (pl.col("occurred_on") < end))
        .group_by("code")
        .len()
    )


def _schools(pupils: pl.LazyFrame) -> dict[str, pl.LazyFrame]:
    named = pl.col("school_name").is_not_null() & (pl.col("school_name") != "")
    return {
        "school_records": pupils.group_by("school").len(),
        "school_names": pupils.filter(named)
        .group_by("school")
        .agg(pl.col("school_name").unique()),
    }


def _counted(frame: pl.DataFrame) -> dict[str, int]:
    return {str(key): int(n) for key, n in frame.iter_rows()}


def _listed(frame: pl.DataFrame) -> tuple[ListedPupil, ...]:
    return tuple(
        ListedPupil(**{**row, "days": int(row["days"])})
        for row in frame.iter_rows(named=True)
    )


def report_counts(
    tables: Mapping[str, Any],
    counts: ReportAccumulator,
) -> ReportCounts:
    """The report's counts over the tables, with the settings of ``counts`` (its
    date, period, split and data date), for `ReportAccumulator.add_counts`.

    Raises:
        ValueError: A table or column is missing; or the accumulator splits target
            attainment by something other than ``area_of_need`` or ``need_type``,
            or was made with provision maps or workforce records (count those
            records one by one).
        ValidationError: A record has an event after the data date
            (``data_date.before_event``), or a pupil has two records
            (``tables.repeated_pupil``).
    """
    as_of, start, end, by, data_date = counts.settings
    if by != "area_of_need" and by != "need_type":
        raise ValueError(f"cannot split target attainment by {by!r} from the tables")
    split: GroupBy = "area_of_need" if by == "area_of_need" else "need_type"
    if counts.costs_provision:
        raise ValueError(
            "the columnar report does not cost provision maps or analyse workforce "
            "records; count the records one by one"
        )
    wanted = {**_COLUMNS, **_REPORT_COLUMNS}
    typed = read_once(_typed(tables, wanted, "the columnar report needs"))
    refuse_repeated_pupils(typed["pupils"])
    pupils = typed["pupils"].with_columns(school=_school_key())
    schools = pupils.select("pupil_id", "school")

    period, _ = counted_period(start, end, data_date)
    trend, _ = counted_period(*counts.trend_period, data_date)
    d = _Derived(typed, period, as_of)
    years = _Derived(typed, trend, as_of)
    by_school = _by_school(schools)
    plans: dict[str, pl.LazyFrame] = {
        "records": typed["pupils"].select(pl.len()),
        "latest": _latest(d),
        **_frequency(d, CADENCE),
        **_attainment(d, whole, "attainment"),
        **_attainment(d, _by_need(split), "attainment_by"),
        **_impact(d),
        **_timeliness(d, whole, "timeliness"),
        **_attainment(d, by_school, "attainment_by_school"),
        **_timeliness(d, by_school, "timeliness_by_school"),
        **_attainment(years, _by_school_year, "attainment_by_school_year"),
        **_timeliness(years, _by_school_year, "timeliness_by_school_year"),
        **_as_of_parts(d, pupils.select("pupil_id", "year_group", "school")),
        "advisories": _advisories(d.events, typed["advisories"], start, end),
        **_schools(pupils),
    }
    r = dict(zip(plans, pl.collect_all(list(plans.values())), strict=True))
    return ReportCounts(
        records=int(r["records"].item()),
        latest=checked_latest(r["latest"], data_date),
        metrics={
            "frequency": {None: _frequency_tally(r)},
            "attainment": _attainment_tallies(r, "attainment"),
            "attainment_by": _attainment_tallies(r, "attainment_by"),
            "impact": _impact_tallies(r),
            **{
                name: _timeliness_tallies(r, name)
                for name in (
                    "timeliness",
                    "timeliness_by_school",
                    "timeliness_by_school_year",
                )
            },
            "attainment_by_school": _attainment_tallies(r, "attainment_by_school"),
            "attainment_by_school_year": _attainment_tallies(
                r, "attainment_by_school_year"
            ),
        },
        stages=_counted(r["stages"]),
        provision=_counted(r["provision"]),
        advisories=_counted(r["advisories"]),
        overdue_pupils=_listed(r["overdue_pupils"]),
        without_plan=_listed(r["waiting"]),
        school_names={
            key: frozenset(names) for key, names in r["school_names"].iter_rows()
        },
        school_records=_counted(r["school_records"]),
        school_on_support=_counted(r["on_support"]),
        school_overdue=_counted(r["overdue_by_school"]),
    )


def _latest_of(tables: Mapping[str, Any]) -> dt.date | None:
    found: dt.date | None = (
        as_lazy(tables["events"])
        .select(pl.col("occurred_on").cast(pl.Date).max())
        .collect()
        .item()
    )
    return found


def columnar_report(
    tables: Mapping[str, Any],
    *,
    as_of: dt.date | None,
    start: dt.date | None,
    end: dt.date | None,
    by: str,
    data_date: dt.date | None = None,
) -> Report:
    """The report over the tables: what `Report.build` gives for their records.

    The data date is the extract date given, or the latest event in the tables.

    Raises:
        As `Report.build` and `report_counts`.
    """
    return _report(
        lambda: [tables], as_of=as_of, start=start, end=end, by=by, data_date=data_date
    )


def store_report(
    directory: str | os.PathLike[str],
    *,
    as_of: dt.date | None,
    start: dt.date | None,
    end: dt.date | None,
    by: str,
    data_date: dt.date | None = None,
) -> Report:
    """The report over a store, counted part by part: the memory of one part.

    Raises:
        As `columnar_report` and `scan_store_parts`.
    """
    return _report(
        lambda: scan_store_parts(directory),
        as_of=as_of,
        start=start,
        end=end,
        by=by,
        data_date=data_date,
    )


def lines_report(
    lines: Iterable[str | bytes | bytearray | memoryview],
    *,
    as_of: dt.date | None,
    start: dt.date | None,
    end: dt.date | None,
    by: str,
    data_date: dt.date | None = None,
    part_size: int = DEFAULT_PART_SIZE,
) -> Report:
    """The report over JSON Lines of records, every record checked as `load_lines`
    checks it, counted on the tables a part of ``part_size`` records at a time: the
    memory of one part. What `Report.build` gives for the records.

    Without a data date, the lines are read twice (first for the latest event's
    date), so they must be a sequence, not a one-pass iterator.

    Raises:
        ValidationError: The first invalid line's error, as `load_lines` raises it;
            or as `columnar_report`.
        ValueError: As `report_counts`; or no data date with one-pass lines.
    """
    if data_date is None:
        if iter(lines) is lines:
            raise ValueError(
                "without a data date the lines are read twice: give a sequence, "
                "or the data date"
            )
        from ..partitions._dates import latest_event_on_lines

        data_date = latest_event_on_lines(_texts(lines))
        if data_date is None:  # no event anywhere: an invalid line, or none
            collections.deque(
                checked_parts(lines, part_size, documents=False), maxlen=0
            )
    return _report(
        lambda: checked_parts(lines, part_size, documents=False),
        as_of=as_of,
        start=start,
        end=end,
        by=by,
        data_date=data_date,
    )


def _texts(lines: Iterable[str | bytes | bytearray | memoryview]) -> Iterator[str]:
    for line in lines:
        yield line if isinstance(line, str) else bytes(line).decode(errors="replace")


def _report(
    parts: Callable[[], Iterable[Mapping[str, Any]]],
    *,
    as_of: dt.date | None,
    start: dt.date | None,
    end: dt.date | None,
    by: str,
    data_date: dt.date | None,
) -> Report:
    if data_date is None:
        found = [_latest_of(tables) for tables in parts()]
        data_date = max((f for f in found if f is not None), default=None)
    counts, as_of_asked = settle(data_date, as_of=as_of, start=start, end=end, by=by)
    if data_date is None:
        return counts.result()
    for tables in parts():
        counts.add_counts(report_counts(tables, counts))
    return counts.result(as_of_asked=as_of_asked)
