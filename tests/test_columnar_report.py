"""The cohort report on the columnar tables equals the record-by-record report:
every figure, list and advisory count, whatever the date, period and split."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sensupport import School, ValidationError
from sensupport._report import Report
from sensupport._report._model import settle
from sensupport.columnar import (
    columnar_report,
    lines_report,
    load_lines_columnar,
    report_counts,
    store_report,
    to_tables,
    write_store,
)
from sensupport.errors import Problem
from sensupport.process import SupportRecord
from sensupport.provision_groups import ProvisionMap
from sensupport.serialization import dump_lines
from sensupport.synth import load_sample
from sensupport.testing import support_records
from test_columnar_metrics import varied_cohort

FAST = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SPLITS = ("area_of_need", "need_type")


def ID(record: SupportRecord) -> str:
    return record.pupil.pupil_id


SCHOOLS = (
    School(urn="100001", name="Oak Primary"),
    School(la="330", estab="2001"),
    School(urn="100002", la="330", estab="2002", name="Elm Academy"),
    None,
)


def at_school(record: SupportRecord, number: int) -> SupportRecord:
    pupil = attrs.evolve(record.pupil, school=SCHOOLS[number % len(SCHOOLS)])
    return SupportRecord(pupil=pupil, events=record.events)


VARIED = tuple(
    at_school(record, number)
    for number, record in enumerate(varied_cohort(5, 160, 0, dt.date(2026, 7, 22)))
)


def record_report(
    records: list[SupportRecord] | tuple[SupportRecord, ...], **asked: object
) -> Report:
    return Report.build(lambda: records, **asked)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "as_of",
    [None, dt.date(2024, 2, 29), dt.date(2025, 9, 1), dt.date(2026, 3, 15)],
)
@pytest.mark.parametrize("by", SPLITS)
def test_a_varied_cohort_reports_the_same_figures(
    as_of: dt.date | None, by: str
) -> None:
    asked = {"as_of": as_of, "start": None, "end": None, "by": by}
    found = columnar_report(to_tables(VARIED), **asked)  # type: ignore[arg-type]
    expected = record_report(VARIED, **asked)
    assert found == expected
    # Not an empty agreement: the report counts stages and schools.
    assert expected.stages
    assert len(expected.schools) == len(SCHOOLS)
    if as_of is None:
        assert expected.advisories
        assert expected.overdue_pupils
        assert expected.without_plan
        assert expected.trend


def test_a_period_and_a_data_date_are_counted_as_asked() -> None:
    asked = {
        "as_of": dt.date(2026, 9, 30),  # after the data date: moved back to it
        "start": dt.date(2024, 1, 1),
        "end": dt.date(2025, 6, 1),
        "by": "area_of_need",
        "data_date": dt.date(2026, 7, 31),
    }
    found = columnar_report(to_tables(VARIED), **asked)  # type: ignore[arg-type]
    assert found == record_report(VARIED, **asked)
    assert found.as_of_asked == dt.date(2026, 9, 30)


@settings(FAST, max_examples=30)
@given(
    st.lists(support_records(max_events=25), min_size=1, max_size=4, unique_by=ID)
    | st.lists(
        support_records(max_events=12, from_history=True), max_size=4, unique_by=ID
    ),
    st.none() | st.dates(dt.date(2023, 1, 1), dt.date(2027, 12, 31)),
    st.none()
    | st.tuples(
        st.dates(dt.date(2021, 1, 1), dt.date(2027, 12, 31)), st.integers(1, 900)
    ),
    st.sampled_from(SPLITS),
)
def test_generated_cohorts_report_the_same_figures(
    records: list[SupportRecord],
    as_of: dt.date | None,
    period: tuple[dt.date, int] | None,
    by: str,
) -> None:
    start = end = None
    if period is not None:
        start, end = period[0], period[0] + dt.timedelta(days=period[1])
    asked = {"as_of": as_of, "start": start, "end": end, "by": by}
    tables = load_lines_columnar(dump_lines(records))
    assert verdict(lambda: columnar_report(tables, **asked)) == verdict(  # type: ignore[arg-type]
        lambda: record_report(records, **asked)
    )


def verdict(build: Callable[[], Report]) -> Report | tuple[Problem, ...]:
    """The report, or the problems of the error that refused it (a period starting
    after the data date)."""
    try:
        return build()
    except ValidationError as error:
        return error.problems


def test_a_store_reports_part_by_part_as_the_whole() -> None:
    asked = {"as_of": None, "start": None, "end": None, "by": "need_type"}
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "store"
        write_store(VARIED, store, part_size=37)
        found = store_report(store, **asked)  # type: ignore[arg-type]
    assert found == record_report(VARIED, **asked)


def test_counts_on_tables_merge_with_counts_of_records() -> None:
    records = list(load_sample())
    counts, _ = settle(
        dt.date(2026, 7, 21),
        as_of=None,
        start=None,
        end=None,
        by="area_of_need",
    )
    whole = record_report(records, as_of=None, start=None, end=None, by="area_of_need")
    counts.add_counts(report_counts(to_tables(records[:120]), counts))
    counts.add_all(records[120:])
    assert counts.result() == whole


def test_an_event_after_the_data_date_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        columnar_report(
            to_tables(VARIED),
            as_of=None,
            start=None,
            end=None,
            by="area_of_need",
            data_date=dt.date(2025, 1, 1),
        )
    assert [p.code for p in caught.value.problems] == ["data_date.before_event"]


def test_what_the_tables_cannot_give_is_refused_with_the_reason() -> None:
    tables = to_tables(VARIED[:10])
    with pytest.raises(ValueError, match="cannot split target attainment by 'sex'"):
        columnar_report(tables, as_of=None, start=None, end=None, by="sex")
    counts, _ = settle(
        dt.date(2026, 7, 22),
        as_of=None,
        start=None,
        end=None,
        by="area_of_need",
        provision_maps=[ProvisionMap()],
    )
    with pytest.raises(ValueError, match="does not cost provision maps"):
        report_counts(tables, counts)
    without = {k: v for k, v in tables.items() if k != "advisories"}
    counts, _ = settle(
        dt.date(2026, 7, 22), as_of=None, start=None, end=None, by="area_of_need"
    )
    with pytest.raises(ValueError, match="needs the tables advisories"):
        report_counts(without, counts)


def test_a_pupil_with_two_records_is_refused() -> None:
    twice = [VARIED[0], VARIED[5], VARIED[0]]
    with pytest.raises(ValidationError) as caught:
        columnar_report(
            to_tables(twice), as_of=None, start=None, end=None, by="area_of_need"
        )
    (problem,) = caught.value.problems
    assert problem.code == "tables.repeated_pupil"
    assert repr(VARIED[0].pupil.pupil_id) in problem.message


def test_lines_read_once_need_the_data_date() -> None:
    records = list(load_sample())[:40]
    asked = {"as_of": None, "start": None, "end": None, "by": "area_of_need"}
    with pytest.raises(ValueError, match="the lines are read twice"):
        lines_report(iter(dump_lines(records)), **asked)  # type: ignore[arg-type]
    given = lines_report(
        iter(dump_lines(records)),
        data_date=dt.date(2026, 7, 21),
        part_size=7,
        **asked,  # type: ignore[arg-type]
    )
    assert given == record_report(records, data_date=dt.date(2026, 7, 21), **asked)
