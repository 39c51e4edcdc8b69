"""The metric set counted on the columnar tables equals the one counted record by
record: object for object, at the cohort's last day and at earlier as-of dates, and
merged with a part of the cohort counted the other way.

The tables are the MIS export the benchmarks write (``benchmarks/cohort.py``), read
with their types: dates as dates, a blank as null.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sensupport import load_lines
from sensupport.calendar import Cadence
from sensupport.codes import NeedType, SenProvision
from sensupport.errors import ValidationError
from sensupport.metrics import attainment_accumulator
from sensupport.metrics._dimensions import needs_on
from sensupport.needs import Need
from sensupport.process import (
    PlanAgreed,
    ProvisionPeriod,
    SENHistoryReceived,
    SupportRecord,
)
from sensupport.synth import generate_cohort

pl = pytest.importorskip("polars")

from sensupport.columnar._metrics import (  # noqa: E402
    ColumnarSummaries,
    columnar_summaries,
)

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"

DATES = {
    "occurred_on",
    "provision_started_on",
    "started_on",
    "identified_on",
    "agreed_on",
    "review_due_on",
    "set_on",
    "due_on",
    "starts_on",
    "ends_on",
    "entry_on",
    "exit_on",
    "held_on",
    "next_review_due_on",
    "achieved_on",
}
INTEGERS = {"seq", "rank", "sessions_per_week", "minutes_per_session"}
FLOATS = {"entry_value", "exit_value"}


@pytest.fixture(scope="module")
def bench() -> Iterator[tuple[ModuleType, ModuleType]]:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import cohort
        import figures

        yield cohort, figures
    finally:
        sys.path.remove(str(BENCHMARKS))


def _type_of(column: str) -> Any:
    if column in DATES:
        return pl.Date
    if column in INTEGERS:
        return pl.Int64
    if column in FLOATS:
        return pl.Float64
    if column == "long_term":
        return pl.Boolean
    return pl.String


def read_tables(
    cohort: ModuleType, csv_dir: Path, parts: Iterable[int]
) -> dict[str, Any]:
    """The CSV tables of an export, typed: dates as dates, blanks as nulls."""
    tables = {}
    for name, header in cohort.TABLES.items():
        schema = {column: _type_of(column) for column in header}
        tables[name] = pl.concat(
            [
                pl.read_csv(csv_dir / f"{name}-{part:03d}.csv", schema=schema)
                for part in parts
            ]
        )
    return tables


def only(tables: dict[str, Any], pupils: Iterable[str]) -> dict[str, Any]:
    """The tables of some pupils: a partition of the cohort."""
    wanted = list(pupils)
    return {
        name: frame.filter(pl.col("pupil_id").is_in(wanted))
        for name, frame in tables.items()
    }


# Records with what the synthetic cohorts lack, as tests/test_scale.py makes them:
# targets without an area, measures in fractions of a month, records opened from SEN
# history (a plan known in full or by its review date only; an EHC plan in place).


def _varied(record: SupportRecord, number: int) -> SupportRecord:
    if number % 2:
        return record
    events = []
    for event in record.events:
        if isinstance(event, PlanAgreed):
            plan = event.plan
            targets = tuple(attrs.evolve(t, area=None) for t in plan.targets)
            provisions = tuple(
                attrs.evolve(p, entry=attrs.evolve(p.entry, value=p.entry.value + 0.5))
                if p.entry is not None and number % 4 == 0
                else p
                for p in plan.provisions
            )
            plan = attrs.evolve(plan, targets=targets, provisions=provisions)
            event = PlanAgreed(plan=plan)
        events.append(event)
    return SupportRecord(pupil=record.pupil, events=tuple(events))


def _from_history(record: SupportRecord, number: int) -> SupportRecord | None:
    events = record.events
    first = next((i for i, e in enumerate(events) if isinstance(e, PlanAgreed)), None)
    if first is None:
        return None
    agreed = events[first]
    assert isinstance(agreed, PlanAgreed)
    plan = agreed.plan
    opened = plan.agreed_on
    since = opened - dt.timedelta(days=100 + number % 50)
    earlier = (
        ProvisionPeriod(
            started_on=since - dt.timedelta(days=400),
            provision=SenProvision.SEN_SUPPORT,
        ),
        ProvisionPeriod(
            started_on=since - dt.timedelta(days=200),
            provision=SenProvision.SEN_SUPPORT
            if number % 4 == 1
            else SenProvision.NO_SEN,
        ),
    )
    history = SENHistoryReceived(
        occurred_on=opened,
        provision=SenProvision.SEN_SUPPORT,
        provision_started_on=since,
        received_from="MIS SEN register",
        needs=needs_on(record, opened),
        plan=plan if number % 3 else None,
        review_due_on=None if number % 3 else plan.review_due_on,
        earlier=earlier if number % 2 else (),
    )
    try:
        return SupportRecord(pupil=record.pupil, events=(history, *events[first + 1 :]))
    except ValidationError:
        return None


def _with_ehc_plan(record: SupportRecord) -> SupportRecord:
    history = SENHistoryReceived(
        occurred_on=record.opened_on,
        provision=SenProvision.EHC_PLAN,
        provision_started_on=record.opened_on - dt.timedelta(days=30),
        received_from="CTF",
        needs=(Need(need_type=NeedType.ASD, identified_on=None),),
        earlier=(
            ProvisionPeriod(
                started_on=record.opened_on - dt.timedelta(days=300),
                provision=SenProvision.SEN_SUPPORT,
            ),
        ),
    )
    return SupportRecord(pupil=record.pupil, events=(history,))


def varied_cohort(
    seed: int, pupils: int, first: int, end: dt.date
) -> Iterator[SupportRecord]:
    records = generate_cohort(
        pupils=pupils, seed=seed, start=dt.date(2023, 9, 1), end=end, first=first
    )
    for number, record in enumerate(records, first):
        kind = number % 10
        if kind in (1, 2, 3, 4):
            yield _varied(record, number)
        elif kind in (5, 6):
            yield _from_history(record, number) or record
        elif kind == 7 and number % 20 == 7:
            yield _with_ehc_plan(record)
        else:
            yield record


@attrs.frozen
class Cohort:
    records: tuple[SupportRecord, ...]
    tables: dict[str, Any]
    end: dt.date


# seed, the cohort's last day, pupils a partition
COHORTS = {
    "varied": (3, dt.date(2026, 7, 22), 90),
    "short": (11, dt.date(2025, 12, 1), 60),
}


@pytest.fixture(scope="module", params=sorted(COHORTS))
def varied(
    request: pytest.FixtureRequest,
    bench: tuple[ModuleType, ModuleType],
    tmp_path_factory: pytest.TempPathFactory,
) -> Cohort:
    cohort, _ = bench
    seed, end, size = COHORTS[request.param]
    out = tmp_path_factory.mktemp(request.param)
    records: list[SupportRecord] = []
    for part, first in enumerate((0, size)):
        written = list(varied_cohort(seed, size, first, end))
        records += written
        cohort.write_records(out, part, written)
    return Cohort(tuple(records), read_tables(cohort, out / "csv", [0, 1]), end)


@pytest.fixture(scope="module")
def plain(
    bench: tuple[ModuleType, ModuleType], tmp_path_factory: pytest.TempPathFactory
) -> Cohort:
    """A cohort as ``cohort.py`` writes it, in three partitions."""
    cohort, _ = bench
    out = tmp_path_factory.mktemp("plain")
    for part, first in enumerate((0, 50, 100)):
        cohort.write_partition((out, part, first, 50, 5))
    records = tuple(
        record
        for part in range(3)
        for record in load_lines(
            (out / f"part-{part:03d}.jsonl").read_text().splitlines(), SupportRecord
        )
    )
    return Cohort(records, read_tables(cohort, out / "csv", range(3)), cohort.END)


def ours(figures: ModuleType, tables: dict[str, Any], **dates: Any) -> Any:
    as_of = dates.get("as_of", figures.AS_OF)
    data_date = dates.get("data_date", figures.DATA_DATE)
    return columnar_summaries(
        tables,
        start=figures.START,
        end=figures.END,
        as_of=as_of,
        data_date=data_date,
        cadence=dates.get("cadence", figures.CADENCE),
    )


def assert_same(found: tuple[Any, ...], expected: tuple[Any, ...]) -> None:
    names = ("frequency", "overdue", "attainment", "impact", "timeliness")
    for name, a, b in zip(names, found, expected, strict=True):
        assert a == b, name
        assert type(a) is type(b), name


def test_the_columnar_summaries_equal_the_records(
    bench: tuple[ModuleType, ModuleType], varied: Cohort
) -> None:
    _, figures = bench
    data_date = min(varied.end, figures.DATA_DATE)
    dates = {"as_of": data_date, "data_date": data_date}
    expected = figures.summarise(varied.records, **dates)
    found = ours(figures, varied.tables, **dates)
    assert isinstance(found, ColumnarSummaries)
    assert_same(found, expected)
    assert found == expected
    assert figures.differences(figures.figures(found), figures.figures(expected)) == []
    # The cohorts hold what each figure counts.
    frequency, overdue, attainment, impact, timing = found
    assert frequency.reviews
    assert frequency.pupils_with_cadence_due
    assert overdue.items
    assert attainment
    assert any(s.gains for s in impact.values())
    assert any(s.rated_effective for s in impact.values())
    assert timing.opened_from_history
    assert timing.reviews_held


def latest(records: Iterable[SupportRecord]) -> dt.date:
    return max(r.state.last_event_on for r in records)


@given(data=st.data())
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_they_agree_at_any_as_of_and_data_date(
    bench: tuple[ModuleType, ModuleType], varied: Cohort, data: st.DataObject
) -> None:
    _, figures = bench
    last = latest(varied.records)
    data_date = data.draw(
        st.dates(last, last + dt.timedelta(days=60)), label="data_date"
    )
    as_of = data.draw(
        st.dates(figures.START - dt.timedelta(days=30), data_date + dt.timedelta(30)),
        label="as_of",
    )
    dates = {"as_of": as_of, "data_date": data_date}
    assert_same(
        ours(figures, varied.tables, **dates),
        figures.summarise(varied.records, **dates),
    )


@given(data=st.data())
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_a_part_counted_in_columns_merges_with_a_part_counted_by_record(
    bench: tuple[ModuleType, ModuleType], varied: Cohort, data: st.DataObject
) -> None:
    _, figures = bench
    records = varied.records
    split = data.draw(st.integers(0, len(records)), label="split")
    data_date = min(varied.end, figures.DATA_DATE)
    as_of = data.draw(st.dates(figures.START, data_date), label="as_of")
    dates = {"as_of": as_of, "data_date": data_date}
    columns = ours(
        figures,
        only(varied.tables, (r.pupil.pupil_id for r in records[:split])),
        **dates,
    )
    rest = figures.summarise(records[split:], **dates)
    whole = figures.summarise(records, **dates)
    assert_same(columns.merge(rest), whole)
    assert_same(figures.merge(rest, columns), whole)
    assert_same(figures.merge(columns, rest), whole)


@pytest.mark.parametrize(
    "as_of",
    [
        dt.date(2026, 7, 22),
        dt.date(2026, 3, 1),
        dt.date(2025, 2, 14),
        dt.date(2024, 12, 20),
        dt.date(2023, 10, 1),
    ],
)
def test_they_agree_on_the_export_as_written(
    bench: tuple[ModuleType, ModuleType], plain: Cohort, as_of: dt.date
) -> None:
    _, figures = bench
    found = ours(figures, plain.tables, as_of=as_of)
    assert_same(found, figures.summarise(plain.records, as_of=as_of))


def test_partitions_counted_in_columns_merge_to_the_whole(
    bench: tuple[ModuleType, ModuleType], plain: Cohort
) -> None:
    _, figures = bench
    ids = [r.pupil.pupil_id for r in plain.records]
    parts = [ours(figures, only(plain.tables, ids[i::3])) for i in range(3)]
    merged = parts[0].merge(parts[1]).merge(parts[2])
    assert_same(merged, figures.summarise(plain.records))
    assert_same(merged, ours(figures, plain.tables))


@pytest.mark.parametrize(
    "cadence",
    [Cadence.per_year(2), Cadence.per_year(6), Cadence.every_weeks(6), None],
    ids=str,
)
def test_any_cadence_without_a_calendar(
    bench: tuple[ModuleType, ModuleType], varied: Cohort, cadence: Cadence | None
) -> None:
    _, figures = bench
    data_date = min(varied.end, figures.DATA_DATE)
    dates = {"as_of": data_date, "data_date": data_date, "cadence": cadence}
    found = ours(figures, varied.tables, **dates)
    assert_same(found, figures.summarise(varied.records, **dates))
    if cadence is None:
        assert found.frequency.pupils_with_cadence_due == 0


def test_a_cadence_by_term_needs_a_calendar(
    bench: tuple[ModuleType, ModuleType], plain: Cohort
) -> None:
    _, figures = bench
    with pytest.raises(ValueError, match="calendar"):
        ours(figures, plain.tables, cadence=Cadence.termly())


def test_targets_split_by_need_type(
    bench: tuple[ModuleType, ModuleType], varied: Cohort
) -> None:
    _, figures = bench
    data_date = min(varied.end, figures.DATA_DATE)
    found = columnar_summaries(
        {name: frame.lazy() for name, frame in varied.tables.items()},
        start=figures.START,
        end=figures.END,
        as_of=data_date,
        data_date=data_date,
        cadence=figures.CADENCE,
        by="need_type",
    )
    expected = attainment_accumulator(
        start=figures.START, end=figures.END, by="need_type", data_date=data_date
    ).add_all(varied.records)
    assert found.attainment == expected.result()
    assert len(found.attainment) > 1


def test_without_a_data_date_the_latest_event_is_it(
    bench: tuple[ModuleType, ModuleType], varied: Cohort
) -> None:
    _, figures = bench
    dates = {"as_of": dt.date(2025, 6, 1), "data_date": None}
    found = ours(figures, varied.tables, **dates)
    assert_same(found, figures.summarise(varied.records, **dates))
    assert found.frequency.coverage is not None
    assert found.frequency.coverage.data_date == latest(varied.records)


def test_a_data_date_before_an_event_is_refused(
    bench: tuple[ModuleType, ModuleType], plain: Cohort
) -> None:
    _, figures = bench
    early = dt.date(2024, 1, 1)
    with pytest.raises(ValidationError) as raised:
        ours(figures, plain.tables, as_of=early, data_date=early)
    assert raised.value.problems[0].code == "data_date.before_event"


def test_no_records_count_nothing(
    bench: tuple[ModuleType, ModuleType], plain: Cohort
) -> None:
    _, figures = bench
    found = ours(figures, only(plain.tables, []))
    assert_same(found, figures.summarise([]))
    assert found.frequency.is_empty


def test_a_table_missing_is_named(
    bench: tuple[ModuleType, ModuleType], plain: Cohort
) -> None:
    _, figures = bench
    tables = {k: v for k, v in plain.tables.items() if k != "ratings"}
    with pytest.raises(ValueError, match="ratings"):
        ours(figures, tables)


def test_importing_the_library_leaves_polars_alone() -> None:
    code = "import sys, sensupport, sensupport.metrics; print('polars' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_a_review_held_late_on_the_as_of_date_is_not_overdue(
    bench: tuple[ModuleType, ModuleType], varied: Cohort
) -> None:
    _, figures = bench
    late = sorted(
        {
            cycle.review.held_on
            for record in varied.records
            for cycle in record.cycles
            if cycle.review is not None
            and cycle.review_due_on is not None
            and cycle.review.held_on > cycle.review_due_on
        }
    )
    assert late
    data_date = min(varied.end, figures.DATA_DATE)
    for held_on in late[:: max(1, len(late) // 4)]:
        for as_of in (held_on - dt.timedelta(days=1), held_on):
            dates = {"as_of": as_of, "data_date": data_date}
            found = ours(figures, varied.tables, **dates)
            assert found.overdue == figures.summarise(varied.records, **dates)[1]


def test_they_agree_on_a_store(
    bench: tuple[ModuleType, ModuleType], varied: Cohort, tmp_path: Path
) -> None:
    _, figures = bench
    columnar = pytest.importorskip("sensupport.columnar")
    columnar.write_store(varied.records, tmp_path / "store", part_size=40)
    tables = columnar.scan_store(tmp_path / "store")
    data_date = min(varied.end, figures.DATA_DATE)
    for as_of in (data_date, dt.date(2025, 3, 3)):
        dates = {"as_of": as_of, "data_date": data_date}
        assert_same(
            ours(figures, tables, **dates), figures.summarise(varied.records, **dates)
        )


@pytest.mark.parametrize("known", [True, False])
def test_a_store_counted_part_by_part_equals_the_whole(
    bench: tuple[ModuleType, ModuleType], varied: Cohort, tmp_path: Path, known: bool
) -> None:
    _, figures = bench
    from sensupport.columnar import scan_store_parts, store_summaries, write_store

    write_store(varied.records, tmp_path / "store", part_size=25)
    parts = scan_store_parts(tmp_path / "store")
    assert len(parts) == -(-len(varied.records) // 25) > 2
    data_date = min(varied.end, figures.DATA_DATE) if known else None
    dates = {"as_of": dt.date(2025, 3, 3), "data_date": data_date}
    found = store_summaries(
        tmp_path / "store",
        start=figures.START,
        end=figures.END,
        cadence=figures.CADENCE,
        **dates,
    )
    assert_same(found, figures.summarise(varied.records, **dates))
