"""``sensupport report --tier``: the columnar tier gives the report the records give,
says it was used, and refuses what it cannot count with the reason."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from sensupport import cli
from sensupport.cli import _tiers, main
from sensupport.serialization import dump_lines
from sensupport.synth import generate_cohort, load_sample_provision_maps


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def cohort(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tiers") / "cohort.jsonl"
    path.write_text("".join(dump_lines(generate_cohort(pupils=400))))
    return path


@pytest.mark.parametrize("format", ["json", "csv"])
@pytest.mark.parametrize("asked", [(), ("--as-of", "2026-03-02", "--by", "need_type")])
def test_the_columnar_tier_gives_the_same_report(
    capsys: pytest.CaptureFixture[str],
    cohort: Path,
    format: str,
    asked: tuple[str, ...],
) -> None:
    args = ("report", str(cohort), "--format", format, *asked)
    code, by_records, quiet = run(capsys, *args, "--tier", "records")
    assert (code, quiet) == (0, "")
    code, on_tables, said = run(capsys, *args, "--tier", "columnar")
    assert code == 0
    assert on_tables == by_records
    assert "counted on the columnar tier" in said


def test_auto_takes_the_columnar_tier_for_a_large_file(
    capsys: pytest.CaptureFixture[str], cohort: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run(capsys, "report", str(cohort))
    assert (code, err) == (0, "")  # small: counted record by record, silently
    monkeypatch.setattr(_tiers, "COLUMNAR_FROM", cohort.stat().st_size)
    code, _, err = run(capsys, "report", str(cohort))
    assert code == 0
    assert "counted on the columnar tier" in err


def test_auto_weighs_a_directory_by_its_files_and_gzip_by_its_text(
    capsys: pytest.CaptureFixture[str],
    cohort: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    lines = cohort.read_text().splitlines(keepends=True)
    folder = tmp_path / "parts"
    folder.mkdir()
    (folder / "a.jsonl").write_text("".join(lines[:200]))
    (folder / "b.jsonl").write_text("".join(lines[200:]))
    packed = tmp_path / "cohort.jsonl.gz"
    packed.write_bytes(gzip.compress(cohort.read_bytes()))
    # Each part, and the packed file, is under the threshold; the text is not.
    monkeypatch.setattr(_tiers, "COLUMNAR_FROM", cohort.stat().st_size)
    assert packed.stat().st_size < cohort.stat().st_size
    for given in (folder, packed):
        code, _, err = run(capsys, "report", str(given))
        assert code == 0
        assert "counted on the columnar tier" in err, given
    monkeypatch.setattr(_tiers, "COLUMNAR_FROM", cohort.stat().st_size + 1)
    for given in (folder, packed):
        code, _, err = run(capsys, "report", str(given))
        assert (code, err) == (0, "")


def test_parts_of_the_file_are_counted_as_the_whole(
    capsys: pytest.CaptureFixture[str], cohort: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ("report", str(cohort), "--format", "json")
    _, whole, _ = run(capsys, *args, "--tier", "records")
    monkeypatch.setattr(_tiers, "COLUMNAR_PART", 70)
    code, parts, err = run(capsys, *args, "--tier", "columnar")
    assert code == 0
    assert parts == whole
    assert "70 records a part" in err


def test_an_invalid_record_is_reported_as_the_records_report_it(
    capsys: pytest.CaptureFixture[str], cohort: Path, tmp_path: Path
) -> None:
    lines = cohort.read_text().splitlines()
    lines[7] = lines[7].replace('"year_group":"', '"year_group":"Q', 1)
    broken = tmp_path / "broken.jsonl"
    broken.write_text("\n".join(lines) + "\n")
    code, _, by_records = run(capsys, "report", str(broken), "--tier", "records")
    assert code == cli.EXIT_INVALID
    code, _, on_tables = run(capsys, "report", str(broken), "--tier", "columnar")
    assert code == cli.EXIT_INVALID
    assert "line 8" in by_records
    assert on_tables.splitlines()[-1] == by_records.splitlines()[-1]


@pytest.fixture(scope="module")
def maps(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tiers") / "maps.jsonl"
    path.write_text("".join(dump_lines(load_sample_provision_maps())))
    return path


def test_what_the_columnar_tier_cannot_count_is_refused(
    capsys: pytest.CaptureFixture[str], cohort: Path, maps: Path
) -> None:
    for asked, reason in (
        ((str(cohort), "--by", "year_group"), "not year_group"),
        ((str(cohort), "--provision-map", str(maps)), "does not cost provision maps"),
        ((), "not the built-in sample"),
    ):
        code, _, err = run(capsys, "report", *asked, "--tier", "columnar")
        assert code == cli.EXIT_USAGE, asked
        assert reason in err


@pytest.mark.parametrize("tier", ["records", "columnar"])
def test_an_empty_file_has_nothing_to_report(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, tier: str
) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n")
    code, out, _ = run(capsys, "report", str(empty), "--tier", tier)
    assert code == 0
    assert "No records: nothing to report." in out


def test_a_directory_on_two_workers_gives_the_same_report(
    capsys: pytest.CaptureFixture[str], cohort: Path, tmp_path: Path
) -> None:
    lines = cohort.read_text().splitlines(keepends=True)
    folder = tmp_path / "extract"
    folder.mkdir()
    (folder / "a.jsonl").write_text("".join(lines[:150]))
    (folder / "b.jsonl").write_text("".join(lines[150:]))
    args = ("report", "--format", "json")
    _, whole, _ = run(capsys, *args, str(cohort), "--tier", "records")
    for source in (str(folder), str(cohort)):
        code, found, err = run(
            capsys, *args, source, "--tier", "columnar", "--workers", "2"
        )
        assert code == 0
        assert found == whole
        assert "columnar tier" in err


def test_a_pupil_with_two_records_is_counted_record_by_record(
    capsys: pytest.CaptureFixture[str], cohort: Path, tmp_path: Path
) -> None:
    lines = cohort.read_text().splitlines(keepends=True)
    twice = tmp_path / "twice.jsonl"
    twice.write_text("".join([*lines, lines[3]]))
    _, by_records, _ = run(capsys, "report", str(twice), "--tier", "records")
    code, found, err = run(capsys, "report", str(twice), "--tier", "columnar")
    assert code == 0
    assert found == by_records
    assert "counted record by record instead" in err


def test_a_line_that_is_not_utf8_is_the_error_it_is_record_by_record(
    capsys: pytest.CaptureFixture[str], cohort: Path, tmp_path: Path
) -> None:
    lines = cohort.read_bytes().splitlines(keepends=True)
    broken = tmp_path / "bytes.jsonl"
    broken.write_bytes(b"".join([*lines[:20], b'{"\xff"}\n', *lines[20:]]))
    code, _, by_records = run(capsys, "report", str(broken), "--tier", "records")
    assert code == cli.EXIT_INVALID
    code, _, on_tables = run(capsys, "report", str(broken), "--tier", "columnar")
    assert code == cli.EXIT_INVALID
    assert on_tables.splitlines()[-1] == by_records.splitlines()[-1]
    assert "line 21" in on_tables


def test_a_store_written_once_reports_as_its_lines(
    capsys: pytest.CaptureFixture[str], cohort: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    code, _, err = run(capsys, "store", str(cohort), str(store), "--part-size", "90")
    assert code == 0
    assert "400 records written" in err
    args = ("report", "--format", "json", "--as-of", "2026-02-02")
    _, from_lines, _ = run(capsys, *args, str(cohort), "--tier", "records")
    for tier in ("auto", "columnar", "records"):
        code, from_store, err = run(capsys, *args, str(store), "--tier", tier)
        assert code == 0
        assert from_store == from_lines
        assert ("columnar tier" in err) == (tier != "records")
    code, _, err = run(capsys, *args, str(store), "--by", "year_group")
    assert code == 0  # auto: counted record by record
    code, _, err = run(capsys, "store", str(cohort), str(store))
    assert code == cli.EXIT_USAGE
    assert "not an empty directory" in err


def test_an_invalid_record_leaves_no_store(
    capsys: pytest.CaptureFixture[str], cohort: Path, tmp_path: Path
) -> None:
    lines = cohort.read_text().splitlines(keepends=True)
    lines[200] = lines[200].replace('"year_group":"', '"year_group":"Q', 1)
    broken = tmp_path / "broken.jsonl"
    broken.write_text("".join(lines))
    code, _, err = run(capsys, "store", str(broken), str(tmp_path / "store"))
    assert code == cli.EXIT_INVALID
    assert "line 201" in err
    assert not (tmp_path / "store").exists()
