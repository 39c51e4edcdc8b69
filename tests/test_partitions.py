"""Partitions of a cohort and the counts over them: every line read once, the same
figures and the same output in several processes (and on a Dask cluster) as in one."""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import pickle
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import dask.bag
import distributed
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sensupport import limits
from sensupport._report import Report, ReportAccumulator
from sensupport.cli import main
from sensupport.errors import ValidationError
from sensupport.metrics import (
    Grouped,
    TargetAttainment,
    latest_event_on,
    target_attainment,
)
from sensupport.partitions import (
    Partition,
    build_report,
    latest_event_on_lines,
    map_partitions,
    map_records,
    partitions,
)
from sensupport.process import SupportRecord
from sensupport.serialization import dump_lines, loads
from sensupport.synth import load_sample
from sensupport.testing import support_records

SAMPLE = Path(str(resources.files("sensupport").joinpath("data/sample.jsonl")))
PERIOD = {"start": dt.date(2025, 9, 1), "end": dt.date(2026, 9, 1)}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("partitions")


@pytest.fixture(scope="module")
def sample_lines() -> list[str]:
    return SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)


@pytest.fixture(scope="module")
def split_sample(folder: Path, sample_lines: list[str]) -> Path:
    """The sample as three files of unequal size in a directory."""
    directory = folder / "split"
    directory.mkdir()
    for name, lines in (("a", sample_lines[:40]), ("b", sample_lines[40:250])):
        (directory / f"part-{name}.jsonl").write_text("".join(lines), encoding="utf-8")
    (directory / "part-c.jsonl").write_text(
        "".join(sample_lines[250:]), encoding="utf-8"
    )
    (directory / "notes.txt").write_text("not a partition", encoding="utf-8")
    return directory


LINE_ENDS = st.sampled_from(["\n", "\r\n", "\r", ""])
TEXTS = st.lists(
    st.tuples(st.text(alphabet="ab{}é\r", max_size=12), LINE_ENDS).map("".join),
    max_size=12,
).map("".join)


@given(text=TEXTS, parts=st.integers(min_value=1, max_value=9))
def test_byte_ranges_cover_every_line_exactly_once(
    folder: Path, text: str, parts: int
) -> None:
    path = folder / "ranges.jsonl"
    data = text.encode("utf-8")
    path.write_bytes(data)
    found = partitions(path, parts=parts)

    assert len(found) <= parts
    cuts = [p.start for p in found] + [len(data)]
    assert cuts[0] == 0
    for part, following in zip(found, cuts[1:], strict=True):
        assert part.end == following > part.start  # contiguous, none empty
        assert part.start == 0 or data[part.start - 1 : part.start] == b"\n"
        assert part.end == len(data) or data[part.end - 1 : part.end] == b"\n"
    with path.open(encoding="utf-8") as whole:
        assert [line for p in found for line in p.lines()] == whole.readlines()


def test_an_empty_file_has_no_ranges_and_a_gzip_file_is_one(folder: Path) -> None:
    empty = folder / "empty.jsonl"
    empty.write_bytes(b"")
    assert partitions(empty, parts=4) == []
    packed = folder / "sample.jsonl.gz"
    packed.write_bytes(gzip.compress(SAMPLE.read_bytes()))
    assert partitions(packed, parts=4) == [Partition(path=packed)]
    assert sum(1 for _ in partitions(packed, parts=4)[0].records()) == 300
    with pytest.raises(ValueError, match="read whole, not from byte 10"):
        next(Partition(path=packed, start=10).lines())


def test_a_directory_is_a_partition_per_file_in_order_of_name(
    split_sample: Path,
) -> None:
    found = partitions(split_sample, parts=5)
    assert [p.path.name for p in found] == [
        "part-a.jsonl",
        "part-b.jsonl",
        "part-c.jsonl",
    ]
    assert all(p.whole for p in found)
    nothing = split_sample.parent / "nothing"
    nothing.mkdir()
    with pytest.raises(ValueError, match=r"holds \.jsonl or \.jsonl\.gz files"):
        partitions(nothing)


def test_bad_arguments_are_refused_with_the_value(folder: Path) -> None:
    with pytest.raises(ValueError, match="parts must be 1 or more, not 0"):
        partitions(SAMPLE, parts=0)
    with pytest.raises(ValidationError, match="before it starts at 5") as error:
        Partition(path=SAMPLE, start=5, end=2)
    assert error.value.codes == ("partition.end",)
    with pytest.raises(ValueError, match=r"workers must be .* not 0"):
        map_partitions(len, [], workers=0)


def test_an_error_names_the_line_in_the_file_not_in_the_partition(
    folder: Path, sample_lines: list[str]
) -> None:
    lines = list(sample_lines)
    lines[250] = "{not json\n"
    path = folder / "late-error.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    found = partitions(path, parts=4)
    assert found[-1].start > 0
    with pytest.raises(ValidationError) as error:
        list(found[-1].records())
    assert error.value.line == 251
    assert f"line 251 of {path}" in str(error.value)
    with pytest.raises(ValidationError) as error:
        build_report(found, workers=2)
    assert error.value.line == 251


def test_a_report_accumulator_pickles_with_its_counts() -> None:
    empty, _ = _settled()
    counts = pickle.loads(pickle.dumps(empty)).add_all(load_sample())
    again = pickle.loads(pickle.dumps(counts))
    assert again.result() == counts.result()
    assert again.result().records == 300


def _settled() -> tuple[ReportAccumulator, dt.date | None]:
    from sensupport._report._model import settle

    return settle(
        dt.date(2026, 7, 21), as_of=None, start=None, end=None, by="year_group"
    )


def test_the_report_over_partitions_is_the_report_over_the_whole(
    split_sample: Path,
) -> None:
    whole = Report.build(
        load_sample, as_of=dt.date(2026, 1, 5), start=None, end=None, by="need_type"
    )
    over = build_report(
        partitions(split_sample), workers=1, as_of=dt.date(2026, 1, 5), by="need_type"
    )
    assert over == whole
    assert over.records == 300


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("where", ["one file", "a directory"])
def test_report_with_workers_prints_what_one_process_prints(
    capsys: pytest.CaptureFixture[str], split_sample: Path, where: str
) -> None:
    source = str(SAMPLE if where == "one file" else split_sample)
    options = ("--format", "json", "--as-of", "2026-03-02", "--by", "year_group")
    one = run(capsys, "report", str(SAMPLE), *options)
    assert one[0] == 0
    assert '"records": 300' in one[1]
    assert run(capsys, "report", source, "--workers", "2", *options) == one


def test_validate_with_workers_prints_the_same_problems_in_the_same_order(
    capsys: pytest.CaptureFixture[str], folder: Path, sample_lines: list[str]
) -> None:
    lines = list(sample_lines)
    lines[3] = lines[3].replace('"pupil_id"', '"pupil_idx"', 1)
    lines[150] = "\n"
    lines[160] = "{not json\n"
    lines[299] = "[]\n"
    path = folder / "bad-lines.jsonl"
    path.write_text("".join(lines), encoding="utf-8")

    one = run(capsys, "validate", str(path))
    assert one[0] == 1
    assert [line.split(": ")[0] for line in one[1].splitlines()] == [
        f"{path}:4",
        f"{path}:4",
        f"{path}:161",
        f"{path}:300",
    ]
    assert one[2] == "299 records, 3 invalid\n"
    assert run(capsys, "validate", str(path), "--workers", "2") == one


def test_workers_must_be_at_least_one(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("report", "validate"):
        code, out, err = run(capsys, command, str(SAMPLE), "--workers", "0")
        assert (code, out) == (2, "")
        assert err == "sensupport: error: --workers must be 1 or more, not 0\n"


Attainment = Grouped[TargetAttainment]


def summarise(partition: Partition) -> Attainment:
    """One partition's target attainment (run by a Dask worker)."""
    return target_attainment(partition.records(), **PERIOD, by="area_of_need")


def merge(a: Attainment, b: Attainment) -> Attainment:
    return a.merge(b)


@pytest.fixture
def cluster() -> Iterator[distributed.Client]:
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as local,
        distributed.Client(local) as client,
    ):
        yield client


def test_dask_on_local_processes_gives_the_figures_of_one_process(
    cluster: distributed.Client, split_sample: Path
) -> None:
    parts = partitions(split_sample)
    bag = dask.bag.from_sequence(parts, npartitions=len(parts))
    total = bag.map(summarise).fold(merge).compute()  # on the cluster's client
    whole = target_attainment(load_sample(), **PERIOD, by="area_of_need")
    assert total == whole
    assert sum(s.with_outcome for s in total.values()) > 0
    assert functools.reduce(merge, map(summarise, parts)) == whole


@given(records=st.lists(support_records(), max_size=4))
def test_the_date_read_from_the_json_is_the_latest_event_of_the_records(
    records: list[SupportRecord],
) -> None:
    lines = list(dump_lines(records))
    assert latest_event_on_lines(lines) == latest_event_on(records)
    noise = ["{not json", "[]", '{"data": {"events": [{"occurred_on": "2099-13-01"}]}}']
    assert latest_event_on_lines(noise + lines) == latest_event_on(records)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_bad_record_is_the_first_error_before_a_period_after_the_data_date(
    capsys: pytest.CaptureFixture[str],
    folder: Path,
    sample_lines: list[str],
    workers: str,
) -> None:
    lines = list(sample_lines)
    lines[200] = lines[200].replace('"pupil_id"', '"pupil_idx"', 1)
    path = folder / f"bad-and-late-{workers}.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    late = ("--from", "2027-01-01", "--to", "2027-06-01", "--workers", workers)
    code, out, err = run(capsys, "report", str(path), *late)
    assert (code, out) == (1, "")
    assert "invalid record: line 201: data.pupil.pupil_id" in err
    assert "data date" not in err
    # Without the bad record, the period is the first error.
    code, out, err = run(capsys, "report", str(SAMPLE), *late)
    assert (code, out) == (2, "")
    assert "after the data date" in err


def test_workers_count_under_the_limits_in_force_where_they_were_asked_for(
    split_sample: Path,
) -> None:
    parts = partitions(split_sample)
    longest = max(len(line) for p in parts for line in p.lines())
    with limits.limited(line_characters=longest - 1):
        for workers in (1, 2):
            with pytest.raises(ValidationError) as error:
                build_report(parts, workers=workers, as_of=dt.date(2026, 1, 5))
            assert error.value.codes == ("document.line_too_long",)
            with pytest.raises(ValidationError) as error:
                list(map_records(latest_event_on, parts, workers=workers))
            assert error.value.codes == ("document.line_too_long",)
    assert build_report(parts, workers=2, as_of=dt.date(2026, 1, 5)).records == 300


def test_a_loading_error_crosses_processes_as_distributed_pickles_exceptions() -> None:
    # Importing distributed installs tblib's reducers, which send an exception's
    # cause and context along; cattrs' own errors do not unpickle.
    import tblib.pickling_support

    tblib.pickling_support.install()
    text = '{"schema_version":1,"type":"SupportRecord","data":{"pupil":{}}}'
    with pytest.raises(ValidationError) as error:
        loads(text, SupportRecord)
    again = pickle.loads(pickle.dumps(error.value))
    assert again.problems == error.value.problems
    assert error.value.__context__ is None
