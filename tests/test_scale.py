"""What the library does to stay fast at scale, checked for correctness.

The benchmarks' pandas and polars baselines are independent implementations of the
report's metric set, from the flat tables of an MIS export (the events and what their
documents hold, nothing replayed): on small cohorts their figures must equal the
library's exactly, at the cohort's last day and at earlier as-of dates. So must the
end-to-end benchmark's columnar routes (from a store, and from JSON Lines).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable, Iterator
from fractions import Fraction
from pathlib import Path
from types import ModuleType

import attrs
import pytest

from sensupport import from_dict, loads
from sensupport.codes import NeedType, SenProvision
from sensupport.errors import ValidationError
from sensupport.metrics._core import Tally
from sensupport.metrics._dimensions import needs_on
from sensupport.metrics.impact import ProvisionImpact
from sensupport.needs import Need
from sensupport.process import (
    PlanAgreed,
    ProvisionPeriod,
    SENHistoryReceived,
    SupportRecord,
)
from sensupport.synth import generate_cohort

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.fixture(scope="module")
def bench() -> Iterator[tuple[ModuleType, ...]]:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import cohort
        import figures
        import pandas_baseline
        import polars_baseline

        yield cohort, figures, pandas_baseline, polars_baseline
    finally:
        sys.path.remove(str(BENCHMARKS))


@pytest.fixture(scope="module")
def bench_metrics(bench: tuple[ModuleType, ...]) -> ModuleType:
    """``benchmarks/metrics.py``, imported while the benchmarks are on the path."""
    import metrics

    return metrics


def _varied(record: SupportRecord, number: int) -> SupportRecord:
    """The record with what the synthetic cohorts lack: targets without an area (so
    the needs register is read), and measures in fractions of a month."""
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
    """The record as a school starting with it would hold it: opened by SEN history
    received with its first plan (known in full, or by its review date only), on
    support since well before the record opens."""
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
            started_on=since - dt.timedelta(days=200), provision=SenProvision.NO_SEN
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
    """A record opened from the history of an EHC plan in place: closed at once."""
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


def _cohort(
    seed: int, pupils: int, first: int, end: dt.date
) -> Iterable[SupportRecord]:
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


COHORTS = [
    # seed, end of the cohort, as-of date, data date
    (3, dt.date(2026, 7, 22), dt.date(2026, 7, 22), dt.date(2026, 7, 22)),
    (3, dt.date(2026, 7, 22), dt.date(2025, 2, 14), dt.date(2026, 7, 22)),
    (7, dt.date(2026, 7, 22), dt.date(2026, 3, 1), dt.date(2026, 8, 10)),
    (11, dt.date(2025, 12, 1), dt.date(2025, 11, 3), dt.date(2025, 11, 30)),
    (13, dt.date(2026, 7, 22), dt.date(2024, 12, 20), dt.date(2026, 7, 22)),
]


@pytest.mark.parametrize(("seed", "end", "as_of", "data_date"), COHORTS)
def test_the_baselines_agree_with_the_library(
    bench: tuple[ModuleType, ...],
    tmp_path: Path,
    seed: int,
    end: dt.date,
    as_of: dt.date,
    data_date: dt.date,
) -> None:
    cohort, figures, pandas_baseline, polars_baseline = bench
    records = []
    for part, first in enumerate((0, 120)):
        written = list(_cohort(seed, 120, first, end))
        records += written
        cohort.write_records(tmp_path, part, written)
    assert any(isinstance(r.events[0], SENHistoryReceived) for r in records)

    settings = {"as_of": as_of, "data_date": data_date}
    text = [
        line
        for part in (0, 1)
        for line in (tmp_path / f"part-{part:03d}.jsonl").read_text().splitlines()
    ]
    ours = figures.figures(figures.summarise_lines(text, **settings))
    assert ours["frequency"]["reviews"] > 0
    assert ours["impact"]
    assert ours["overdue"]["count"] > 0
    for baseline in (pandas_baseline, polars_baseline):
        theirs = baseline.figures_from_csv(tmp_path / "csv", [0, 1], **settings)
        assert figures.differences(ours, theirs) == [], baseline.__name__


@pytest.mark.parametrize(
    ("seed", "end", "as_of", "data_date"), [COHORTS[0], COHORTS[2], COHORTS[3]]
)
def test_the_columnar_routes_agree_with_the_object_path(
    bench: tuple[ModuleType, ...],
    bench_metrics: ModuleType,
    tmp_path: Path,
    seed: int,
    end: dt.date,
    as_of: dt.date,
    data_date: dt.date,
) -> None:
    cohort, figures, *_ = bench
    for part, first in enumerate((0, 120)):
        cohort.write_records(tmp_path, part, list(_cohort(seed, 120, first, end)))
    settings = {"as_of": as_of, "data_date": data_date}
    text = [
        line
        for part in (0, 1)
        for line in (tmp_path / f"part-{part:03d}.jsonl").read_text().splitlines()
    ]
    ours = figures.summarise_lines(text, **settings)
    assert ours[0].reviews > 0

    store, took = bench_metrics.ensure_store(tmp_path, 2)
    assert store == tmp_path / "store-2"
    assert took is not None
    from_store = bench_metrics.columnar_from_store(store, **settings)
    from_lines = bench_metrics.columnar_from_lines(text, **settings)
    for theirs in (from_store, from_lines):
        assert tuple(theirs) == ours
        assert figures.differences(figures.figures(ours), figures.figures(theirs)) == []
    for route in ("columnar-store", "columnar-lines"):
        found = bench_metrics.run_one(route, tmp_path, 2, as_of, data_date)
        assert figures.differences(figures.figures(ours), found["figures"]) == [], route


def test_the_store_is_written_once_and_again_when_incomplete(
    bench: tuple[ModuleType, ...], bench_metrics: ModuleType, tmp_path: Path
) -> None:
    cohort = bench[0]
    cohort.write_partition((tmp_path, 0, 0, 30, 5))
    store, took = bench_metrics.ensure_store(tmp_path, 1)
    assert took is not None
    assert bench_metrics.store_is_complete(store, 30)
    assert not bench_metrics.store_is_complete(store, 31)
    assert bench_metrics.ensure_store(tmp_path, 1) == (store, None)

    (store / "ratings" / "part-00000.parquet").unlink()
    assert not bench_metrics.store_is_complete(store, 30)
    store, took = bench_metrics.ensure_store(tmp_path, 1)
    assert took is not None
    assert bench_metrics.store_is_complete(store, 30)

    (store / "ratings" / "part-00000.parquet").unlink()
    (store / "notes.txt").write_text("not the script's", encoding="utf-8")
    with pytest.raises(SystemExit, match="not a store"):
        bench_metrics.ensure_store(tmp_path, 1)
    assert (store / "notes.txt").exists()


def test_the_columnar_targets_are_ratios_of_median_times(
    bench_metrics: ModuleType,
) -> None:
    lines = bench_metrics.target_lines(
        {"object": 4.0, "pandas": 2.0, "polars": 1.0, "columnar-store": 1.0}
    )
    assert lines == [
        "target: columnar-store / polars (median) = 1.000, not met (target < 1)"
    ]
    lines = bench_metrics.target_lines(
        {"object": 4.0, "pandas": 2.0, "polars": 1.0, "columnar-lines": 2.0}
    )
    assert lines == [
        "target: columnar-lines / pandas (median) = 1.000, met (target <= 1.0)"
    ]


def test_the_baselines_refuse_a_data_date_before_the_data(
    bench: tuple[ModuleType, ...], tmp_path: Path
) -> None:
    cohort, _, pandas_baseline, polars_baseline = bench
    cohort.write_partition((tmp_path, 0, 0, 30, 5))
    early = {"as_of": dt.date(2024, 1, 1), "data_date": dt.date(2024, 1, 1)}
    for baseline in (pandas_baseline, polars_baseline):
        with pytest.raises(ValueError, match="data date"):
            baseline.figures_from_csv(tmp_path / "csv", [0], **early)


def test_the_export_holds_no_replayed_values(bench: tuple[ModuleType, ...]) -> None:
    cohort = bench[0]
    columns = {c for header in cohort.TABLES.values() for c in header}
    assert not columns & {"ended_on", "cycle", "status", "start", "end", "stage"}


def test_partitions_merge_to_the_whole(bench: tuple, tmp_path: Path) -> None:
    cohort, figures, *_ = bench
    cohort.write_partition((tmp_path, 0, 0, 40, 5))
    text = (tmp_path / "part-000.jsonl").read_text(encoding="utf-8").splitlines()
    whole = figures.summarise_lines(text)
    parts = [figures.summarise_lines(text[i::3]) for i in range(3)]
    merged = figures.merge(figures.merge(parts[0], parts[1]), parts[2])
    assert figures.figures(merged) == figures.figures(whole)


def test_codes_hash_as_their_strings() -> None:
    assert hash(NeedType.SEMH) == hash("SEMH")
    assert {"K": 1}[SenProvision.SEN_SUPPORT] == 1
    assert {NeedType.SEMH: 1}["SEMH"] == 1


def test_historic_codes_are_read_through_documents() -> None:
    need = from_dict(
        {
            "schema_version": 1,
            "type": "Need",
            "data": {"need_type": "BESD", "identified_on": "2025-09-15"},
        }
    )
    assert need.need_type is NeedType.SEMH


@pytest.mark.parametrize("text", ["2025-02-30", "20250215", "2025-W07-1", "2025-2-15"])
def test_dates_are_strict_before_and_after_they_are_cached(text: str) -> None:
    good = '{"schema_version":1,"type":"Need","data":{"need_type":"MLD","identified_on":"2025-02-15"}}'
    for _ in range(2):
        assert loads(good).identified_on == dt.date(2025, 2, 15)
        with pytest.raises(ValidationError, match="yyyy-mm-dd"):
            loads(good.replace("2025-02-15", text))


def test_a_tally_holds_each_distinct_item_once() -> None:
    tally = Tally()
    for _ in range(1000):
        tally.append("gains", ("reading_age_months", Fraction(3), 42))
    tally.append("gains", ("reading_age_months", Fraction(5), 42))
    assert len(tally.items["gains"]) == 2
    summary = ProvisionImpact.from_tally(tally)
    assert len(summary.gains) == 1001
    assert summary.mean_gain() == pytest.approx((3 * 1000 + 5) / 1001)


def test_hooks_on_the_public_converter_leave_documents_alone() -> None:
    from sensupport.serialization import converter, to_dict

    need = from_dict(
        {
            "schema_version": 1,
            "type": "Need",
            "data": {"need_type": "MLD", "identified_on": "2025-02-15"},
        }
    )
    converter.register_unstructure_hook(dt.date, lambda d: "a day")
    converter.register_structure_hook(dt.date, lambda v, _: dt.date(2000, 1, 1))
    try:
        assert converter.unstructure(need)["identified_on"] == "a day"
        assert to_dict(need)["data"]["identified_on"] == "2025-02-15"
        assert from_dict(to_dict(need)) == need
        with pytest.raises(ValidationError):
            loads(
                '{"schema_version":1,"type":"Need","data":'
                '{"need_type":"MLD","identified_on":"15/02/2025"}}'
            )
    finally:
        converter.register_unstructure_hook(dt.date, dt.date.isoformat)
        from sensupport._converter import _structure_date

        converter.register_structure_hook(dt.date, _structure_date)
