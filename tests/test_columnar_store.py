"""The columnar tier: typed tables in the MIS-export layout, and a validated store.

Records go into a store and come back equal; the typed tables hold, value for value,
what the benchmarks' CSV export of the same records holds; a store the library did
not write (or one edited by hand) is re-checked document by document, failing as
`loads` fails; a store of another schema version is refused.
"""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
pl = pytest.importorskip("polars")

from sensupport import dumps, loads  # noqa: E402
from sensupport.columnar import (  # noqa: E402
    METADATA_KEYS,
    SCHEMAS,
    TABLE_NAMES,
    from_tables,
    load_store,
    read_store,
    scan_store,
    store_metadata,
    to_tables,
    write_store,
    write_store_from_lines,
)
from sensupport.errors import ValidationError  # noqa: E402
from sensupport.process import PlanAgreed, SupportRecord  # noqa: E402
from sensupport.serialization import SCHEMA_VERSION, dump_lines, load_lines  # noqa: E402
from sensupport.synth import load_sample  # noqa: E402
from sensupport.testing import support_records  # noqa: E402

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"

cohorts = st.lists(
    st.one_of(
        support_records(max_events=8),
        support_records(max_events=6, from_history=True),
    ),
    max_size=5,
)


@pytest.fixture(scope="module")
def cohort() -> Iterator[ModuleType]:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import cohort

        yield cohort
    finally:
        sys.path.remove(str(BENCHMARKS))


@pytest.fixture(scope="module")
def sample() -> list[SupportRecord]:
    return list(load_sample())


@pytest.fixture
def store(tmp_path: Path, sample: list[SupportRecord]) -> Path:
    where = tmp_path / "store"
    write_store(sample[:40], where, part_size=16)
    return where


def _rows(table: Any) -> list[tuple[Any, ...]]:
    columns = [table.column(name).to_pylist() for name in table.column_names]
    return list(zip(*columns, strict=True))


def _as_exported(value: object) -> object:
    """A typed value as the benchmarks' ``rows`` gives it: empty for missing, ISO
    dates."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _exported_rows(
    cohort: ModuleType, records: list[SupportRecord]
) -> dict[str, list[tuple[Any, ...]]]:
    found: dict[str, list[tuple[Any, ...]]] = {name: [] for name in cohort.TABLES}
    for record in records:
        for name, row in cohort.rows(record):
            found[name].append(row)
    return found


def _rewrite(path: Path, table: Any, metadata: dict[str, str] | None) -> None:
    pq.write_table(table.replace_schema_metadata(metadata), path)


# --- round trips ------------------------------------------------------------------


# Each example writes a store of parts of two records: a few dozen Parquet files.
@settings(max_examples=60, deadline=None)
@given(cohorts)
def test_records_come_back_from_a_store_equal(records: list[SupportRecord]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        where = Path(folder) / "store"
        assert write_store(records, where, part_size=2) == len(records)
        assert list(load_store(where)) == records
        tables = read_store(where)
    expected = to_tables(records)
    assert tables.keys() == expected.keys() == set(TABLE_NAMES)
    for name, table in tables.items():
        assert table.schema.equals(SCHEMAS[name])
        assert table.equals(expected[name]), name
    assert list(from_tables(expected)) == records


@given(cohorts)
def test_the_tables_hold_what_the_benchmark_export_holds(
    cohort: ModuleType, records: list[SupportRecord]
) -> None:
    tables = to_tables(records)
    exported = _exported_rows(cohort, records)
    for name, columns in cohort.TABLES.items():
        table = tables[name].select(list(columns))
        rows = [tuple(_as_exported(v) for v in row) for row in _rows(table)]
        assert rows == exported[name], name


def test_the_sample_has_the_benchmark_layout(
    cohort: ModuleType, sample: list[SupportRecord]
) -> None:
    tables = to_tables(sample)
    for name, columns in cohort.TABLES.items():
        if name == "pupils":  # the pupils table holds more: sex and school
            assert tuple(tables[name].column_names[: len(columns)]) == columns
        else:
            assert tuple(tables[name].column_names) == columns, name
    # Beyond the export: the documents, and the advisories validation found.
    assert set(TABLE_NAMES) == {*cohort.TABLES, "records", "advisories"}


def _typed(text: str, kind: Any) -> object:
    if text == "":
        return None
    if pa.types.is_date(kind):
        return dt.date.fromisoformat(text)
    if pa.types.is_integer(kind):
        return int(text)
    if pa.types.is_floating(kind):
        return float(text)
    if pa.types.is_boolean(kind):
        assert text in ("True", "False")
        return text == "True"
    return text


def test_the_sample_tables_equal_the_csv_export(
    cohort: ModuleType, sample: list[SupportRecord], tmp_path: Path
) -> None:
    cohort.write_records(tmp_path, 0, sample)
    tables = to_tables(sample)
    for name, columns in cohort.TABLES.items():
        table = tables[name].select(list(columns))
        with (tmp_path / "csv" / f"{name}-000.csv").open(newline="") as file:
            header, *lines = list(csv.reader(file))
        assert tuple(header) == columns
        kinds = [field.type for field in table.schema]
        exported = [
            tuple(_typed(text, kind) for text, kind in zip(line, kinds, strict=True))
            for line in lines
        ]
        assert _rows(table) == exported, name
    assert tables["events"].num_rows == sum(len(r.events) for r in sample)
    # A missing value is null, never an empty string.
    for table in tables.values():
        for column in table.columns:
            if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
                assert "" not in column.to_pylist()


def test_the_typed_columns_are_typed(sample: list[SupportRecord]) -> None:
    events = to_tables(sample[:10])["events"]
    assert events.schema.field("occurred_on").type == pa.date32()
    assert events.schema.field("seq").type == pa.int32()
    assert not events.schema.field("occurred_on").nullable
    assert events.schema.field("reason").nullable
    provisions = SCHEMAS["provisions"]
    assert provisions.field("entry_value").type == pa.float64()
    assert provisions.field("sessions_per_week").type == pa.int64()
    assert SCHEMAS["targets"].field("long_term").type == pa.bool_()


def test_the_largest_whole_numbers_a_document_holds_fit(
    sample: list[SupportRecord],
) -> None:
    record = next(
        r
        for r in sample
        if any(isinstance(e, PlanAgreed) and e.plan.provisions for e in r.events)
    )
    most = 2**53 - 1  # the largest whole number a document holds
    events = []
    for event in record.events:
        if isinstance(event, PlanAgreed) and event.plan.provisions:
            first, *rest = event.plan.provisions
            first = attrs.evolve(
                first, sessions_per_week=most, minutes_per_session=most
            )
            event = attrs.evolve(
                event, plan=attrs.evolve(event.plan, provisions=(first, *rest))
            )
        events.append(event)
    big = SupportRecord(pupil=record.pupil, events=tuple(events))
    provisions = to_tables([big])["provisions"]
    assert most in provisions.column("sessions_per_week").to_pylist()
    assert most in provisions.column("minutes_per_session").to_pylist()
    assert list(from_tables(to_tables([big]))) == [big]


# --- the store's files ------------------------------------------------------------


def _files(where: Path) -> dict[str, list[str]]:
    return {
        table.name: sorted(part.name for part in table.iterdir())
        for table in sorted(where.iterdir())
    }


# Two stores written an example: fewer examples than the profile's, to keep the
# suite's time; the layout itself is searched by the round trip above.
@settings(max_examples=30)
@given(
    cohorts,
    st.integers(min_value=1, max_value=4),
    st.lists(st.integers(min_value=0, max_value=6), max_size=3),
)
def test_a_store_from_lines_is_the_store_from_records(
    records: list[SupportRecord], part_size: int, blanks: list[int]
) -> None:
    lines = list(dump_lines(records))
    for at in blanks:  # blank lines anywhere are skipped, as load_lines skips them
        lines.insert(min(at, len(lines)), "  \n")
    with tempfile.TemporaryDirectory() as folder:
        from_records, from_lines = Path(folder) / "a", Path(folder) / "b"
        write_store(records, from_records, part_size=part_size)
        assert write_store_from_lines(lines, from_lines, part_size=part_size) == len(
            records
        )
        assert _files(from_lines) == _files(from_records)
        for table in TABLE_NAMES:
            for part in _files(from_records)[table]:
                a = pq.read_table(from_records / table / part)
                b = pq.read_table(from_lines / table / part)
                assert b.equals(a), (table, part)
                assert b.schema.metadata == a.schema.metadata
        assert list(load_store(from_lines)) == records


def test_a_store_from_lines_fails_at_the_first_invalid_line_and_leaves_nothing(
    tmp_path: Path, sample: list[SupportRecord]
) -> None:
    lines = list(dump_lines(sample[:30]))
    lines.insert(3, "\n")
    lines[21] = lines[21].replace('"year_group":', '"year_grope":')
    lines[25] = "{}"
    with pytest.raises(ValidationError) as caught:
        list(load_lines(lines, SupportRecord))
    expected = caught.value
    where = tmp_path / "store"
    with pytest.raises(ValidationError) as found:
        write_store_from_lines(lines, where, part_size=8)
    assert found.value.line == expected.line == 22  # in the third part
    assert found.value.problems == expected.problems
    assert str(found.value) == str(expected)
    assert list(tmp_path.iterdir()) == []


def test_a_store_from_no_lines_has_one_empty_part(tmp_path: Path) -> None:
    assert write_store_from_lines(["\n", ""], tmp_path / "store") == 0
    write_store([], tmp_path / "empty")
    assert _files(tmp_path / "store") == _files(tmp_path / "empty")
    assert read_store(tmp_path / "store")["pupils"].num_rows == 0


def test_a_store_is_a_directory_a_table_of_parts_with_the_marks(
    store: Path,
) -> None:
    assert sorted(p.name for p in store.iterdir()) == sorted(TABLE_NAMES)
    for name in TABLE_NAMES:
        files = sorted(p.name for p in (store / name).iterdir())
        assert files == [
            "part-00000.parquet",
            "part-00001.parquet",
            "part-00002.parquet",
        ]
        for file in files:
            metadata = pq.read_schema(store / name / file).metadata
            said = {k.decode(): v.decode() for k, v in metadata.items()}
            assert said == store_metadata(name)
    said = store_metadata("records")
    assert set(said) == set(METADATA_KEYS)
    assert said["sensupport.schema_version"] == str(SCHEMA_VERSION)
    assert said["sensupport.version"] == __import__("sensupport").__version__
    records = pq.read_table(store / "records" / "part-00001.parquet")
    assert records.num_rows == 16
    assert not list(store.parent.glob(".store.*"))  # nothing left from building


def test_an_empty_store_has_one_empty_part(tmp_path: Path) -> None:
    assert write_store([], tmp_path / "empty") == 0
    tables = read_store(tmp_path / "empty")
    assert all(table.num_rows == 0 for table in tables.values())
    assert list(load_store(tmp_path / "empty")) == []


def test_writing_refuses_a_used_directory_and_wrong_arguments(
    tmp_path: Path, sample: list[SupportRecord]
) -> None:
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "notes.txt").write_text("keep me")
    with pytest.raises(FileExistsError):
        write_store(sample[:2], tmp_path / "used")
    assert (tmp_path / "used" / "notes.txt").read_text() == "keep me"
    with pytest.raises(ValueError, match="part_size"):
        write_store(sample[:2], tmp_path / "a", part_size=0)
    with pytest.raises(TypeError, match="SupportRecord"):
        write_store([*sample[:3], sample[3].pupil], tmp_path / "b", part_size=2)  # type: ignore[list-item]
    # A failed write leaves nothing behind, not even a part written before.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["used"]
    (tmp_path / "empty").mkdir()
    write_store(sample[:2], tmp_path / "empty")  # an empty directory will do
    assert len(list(load_store(tmp_path / "empty"))) == 2


def test_scan_store_gives_lazy_frames_of_the_tables(
    store: Path, sample: list[SupportRecord]
) -> None:
    frames = scan_store(store)
    expected = to_tables(sample[:40])
    assert frames.keys() == expected.keys()
    for name, frame in frames.items():
        assert isinstance(frame, pl.LazyFrame)
        assert frame.collect().equals(pl.from_arrow(expected[name])), name
    events = frames["events"].collect_schema()
    assert events["occurred_on"] == pl.Date
    assert events["outcome"] == pl.String


# --- re-checking --------------------------------------------------------------------


def _strip_metadata(store: Path) -> None:
    for path in store.glob("*/*.parquet"):
        _rewrite(path, pq.read_table(path), None)


def test_a_store_without_the_marks_is_rechecked_and_rebuilt(
    store: Path, sample: list[SupportRecord], monkeypatch: pytest.MonkeyPatch
) -> None:
    _strip_metadata(store)
    # Edit a typed table: re-checking builds it again from the documents.
    events = store / "events" / "part-00000.parquet"
    _rewrite(events, pq.read_table(events).slice(0, 3), None)
    reads: list[object] = []

    def counted(text: Any, cls: Any = None) -> Any:
        reads.append(text)
        return loads(text, cls)

    monkeypatch.setattr("sensupport.columnar._store.loads", counted)
    tables = read_store(store)
    assert len(reads) == 40  # every document read again
    expected = to_tables(sample[:40])
    for name in TABLE_NAMES:
        assert tables[name].equals(expected[name]), name
    frames = scan_store(store)
    assert frames["events"].collect().height == expected["events"].num_rows


def test_a_store_marked_as_this_version_wrote_it_is_read_as_it_is(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(text: Any, cls: Any = None) -> Any:
        raise AssertionError("a store this version wrote is not read again")

    monkeypatch.setattr("sensupport.columnar._store.loads", refuse)
    assert read_store(store)["pupils"].num_rows == 40
    scan_store(store)


@pytest.mark.parametrize(
    "change",
    ["another version", "missing table", "other columns", "extra part"],
)
def test_any_other_mark_or_layout_is_rechecked(
    store: Path, sample: list[SupportRecord], change: str
) -> None:
    part = store / "needs" / "part-00000.parquet"
    table = pq.read_table(part)
    if change == "another version":
        _rewrite(
            part, table, {**store_metadata("needs"), "sensupport.version": "0.0.1"}
        )
    elif change == "missing table":
        for path in (store / "needs").iterdir():
            path.unlink()
    elif change == "other columns":
        _rewrite(part, table.drop_columns(["area"]), store_metadata("needs"))
    else:
        _rewrite(store / "needs" / "part-00009.parquet", table, store_metadata("needs"))
    # The edited table is rebuilt from the documents.
    assert read_store(store)["needs"].equals(to_tables(sample[:40])["needs"])


def test_a_store_of_documents_only_is_read(
    tmp_path: Path, sample: list[SupportRecord]
) -> None:
    # Another tool's store: only the documents, as plain strings, no marks.
    (tmp_path / "other" / "records").mkdir(parents=True)
    documents = pa.table({"document": [dumps(r) for r in sample[:7]]})
    pq.write_table(documents, tmp_path / "other" / "records" / "anything.parquet")
    tables = read_store(tmp_path / "other")
    assert tables["pupils"].num_rows == 7
    assert tables["records"].equals(to_tables(sample[:7])["records"])
    assert list(load_store(tmp_path / "other")) == sample[:7]


def _bad_documents(sample: list[SupportRecord]) -> list[str]:
    text = dumps(sample[5])
    return [
        text.replace('"schema_version":1', '"schema_version":1,"colour":"red"'),
        text.replace('"occurred_on":"', '"occurred_on":"2025-13-01","x":"', 1),
        text[:-3],  # not JSON
        dumps(sample[5].pupil),  # another type of document
        text.replace('"type":"SupportRecord"', '"type":"SupportRecord","seal":"x"'),
    ]


@pytest.mark.parametrize("which", range(5))
def test_an_invalid_document_fails_as_loads_fails(
    store: Path, sample: list[SupportRecord], which: int
) -> None:
    bad = _bad_documents(sample)[which]
    with pytest.raises(ValidationError) as raised:
        loads(bad, SupportRecord)
    expected = raised.value.problems
    _strip_metadata(store)
    part = store / "records" / "part-00000.parquet"
    table = pq.read_table(part)
    documents = table.column("document").to_pylist()
    documents[5] = bad
    _rewrite(
        part,
        table.set_column(1, "document", pa.array(documents, pa.large_string())),
        None,
    )
    for read in (read_store, scan_store, lambda s: list(load_store(s))):
        with pytest.raises(ValidationError) as error:
            read(store)
        assert error.value.problems == expected
        assert error.value.codes == raised.value.codes
        assert "records/part-00000.parquet, row 5" in str(error.value)


def test_documents_are_read_again_by_load_store_even_when_marked(
    store: Path,
) -> None:
    part = store / "records" / "part-00000.parquet"
    table = pq.read_table(part)
    documents = table.column("document").to_pylist()
    documents[0] = documents[0].replace('"occurred_on":"', '"occurred_on":"x', 1)
    edited = table.set_column(1, "document", pa.array(documents, pa.large_string()))
    _rewrite(part, edited, store_metadata("records"))
    with pytest.raises(ValidationError) as error:
        list(load_store(store))
    assert error.value.codes == ("document.invalid_value",)


def test_a_missing_or_empty_document_fails_as_loads_fails(
    tmp_path: Path,
) -> None:
    (tmp_path / "s" / "records").mkdir(parents=True)
    pq.write_table(
        pa.table({"document": pa.array([None], pa.string())}),
        tmp_path / "s" / "records" / "part-00000.parquet",
    )
    with pytest.raises(ValidationError) as error:
        read_store(tmp_path / "s")
    assert error.value.codes == ("document.not_text",)


def test_a_store_without_documents_is_refused(tmp_path: Path) -> None:
    (tmp_path / "s" / "pupils").mkdir(parents=True)
    with pytest.raises(ValidationError) as error:
        read_store(tmp_path / "s")
    assert error.value.codes == ("store.missing_table",)
    with pytest.raises(ValidationError) as error:
        load_store(tmp_path / "s")  # at once, not at the first record
    assert error.value.codes == ("store.missing_table",)
    (tmp_path / "s" / "records").mkdir()
    pq.write_table(pa.table({"text": ["{}"]}), tmp_path / "s" / "records" / "p.parquet")
    with pytest.raises(ValidationError) as error:
        read_store(tmp_path / "s")
    assert error.value.codes == ("store.missing_column",)
    with pytest.raises(ValidationError) as error:
        list(from_tables({"pupils": pa.table({"pupil_id": ["1"]})}))
    assert error.value.codes == ("store.missing_column",)
    with pytest.raises(FileNotFoundError):
        read_store(tmp_path / "nowhere")


@pytest.mark.parametrize("table", ["records", "events"])
def test_another_schema_version_is_refused(store: Path, table: str) -> None:
    part = store / table / "part-00001.parquet"
    _rewrite(
        part,
        pq.read_table(part),
        {**store_metadata(table), "sensupport.schema_version": "2"},
    )
    for read in (read_store, scan_store, load_store):
        with pytest.raises(ValidationError) as error:
            read(store)
        (problem,) = error.value.problems
        assert problem.code == "store.schema_version"
        assert problem.path == "sensupport.schema_version"
        assert "'2'" in problem.message
        assert f"({SCHEMA_VERSION})" in problem.message
        assert f"{table}/part-00001.parquet" in str(error.value)


# --- packaging ----------------------------------------------------------------------


def test_import_sensupport_does_not_load_the_columnar_libraries() -> None:
    code = (
        "import sys, sensupport, sensupport.process, sensupport.metrics, "
        "sensupport.serialization; "
        "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('pyarrow', 'polars', 'pandas', 'numpy'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


@pytest.mark.parametrize("missing", ["pyarrow", "polars"])
def test_without_the_extra_the_error_says_what_to_install(missing: str) -> None:
    code = (
        f"import sys; sys.modules[{missing!r}] = None\n"
        "try:\n"
        "    import sensupport.columnar\n"
        "except ImportError as error:\n"
        "    print(error)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert "pip install 'sensupport[columnar]'" in result.stdout
