"""What the report command reads: standard input, gzip, and files it cannot read."""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

import pytest

from sensupport import dump_lines
from sensupport.cli import main
from sensupport.synth import generate_cohort


@pytest.fixture(scope="module")
def cohort(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cohort") / "cohort.jsonl"
    path.write_text("".join(dump_lines(generate_cohort(pupils=40, seed=3))))
    return path


def _report(
    *argv: str, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "sensupport.cli", "report", *argv],
        input=stdin,
        capture_output=True,
        check=False,
    )


def test_a_pipe_gives_the_same_report_as_the_file(cohort: Path) -> None:
    from_file = _report(str(cohort))
    from_pipe = _report("-", stdin=cohort.read_bytes())
    assert from_file.returncode == from_pipe.returncode == 0
    assert b"Cohort: 40 records" in from_pipe.stdout
    assert from_pipe.stdout == from_file.stdout


def test_a_pipe_named_as_a_path_is_read_once(cohort: Path) -> None:
    # What a shell gives for process substitution or /dev/stdin: a pipe with a name.
    from_pipe = subprocess.run(
        f"cat {cohort} | {sys.executable} -m sensupport.cli report /dev/stdin",
        shell=True,
        capture_output=True,
        check=False,
    )
    assert from_pipe.returncode == 0, from_pipe.stderr
    assert from_pipe.stdout == _report(str(cohort)).stdout


def test_gzip_is_read_as_gzip(cohort: Path, tmp_path: Path) -> None:
    packed = tmp_path / "cohort.jsonl.gz"
    packed.write_bytes(gzip.compress(cohort.read_bytes()))
    assert _report(str(packed)).stdout == _report(str(cohort)).stdout


def test_a_binary_file_is_one_line_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(bytes(range(256)) * 8)
    assert main(["report", str(binary)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert str(binary) in err
    assert "not UTF-8" in err


def test_a_wrong_period_names_both_dates(
    cohort: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["report", str(cohort), "--from", "2026-09-01", "--to", "2025-09-01"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "2026-09-01" in err
    assert "2025-09-01" in err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    with pytest.raises(SystemExit) as exit:
        main(["--version"])
    assert exit.value.code == 0
    assert capsys.readouterr().out.strip() == f"sensupport {version('sensupport')}"


def test_an_html_output_file_chooses_html(cohort: Path, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    assert main(["report", str(cohort), "-o", str(page)]) == 0
    assert page.read_text().startswith("<!doctype html>")


def test_validate_reads_gzip_and_pipes(
    cohort: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    packed = tmp_path / "cohort.jsonl.gz"
    packed.write_bytes(gzip.compress(cohort.read_bytes()))
    assert main(["validate", str(packed)]) == 0
    assert "40 records, 0 invalid" in capsys.readouterr().err
    piped = subprocess.run(
        f"cat {cohort} | {sys.executable} -m sensupport.cli validate /dev/stdin",
        shell=True,
        capture_output=True,
        check=False,
    )
    assert piped.returncode == 0, piped.stderr
    assert b"40 records, 0 invalid" in piped.stderr
