"""The command line with hostile or unlucky input and output: one bad line spoils
itself only, and an output file is written whole or not at all."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sensupport.cli import main

SENSUPPORT = [sys.executable, "-c", "from sensupport.cli import main_exit; main_exit()"]


@pytest.fixture
def cohort(tmp_path: Path) -> Path:
    path = tmp_path / "cohort.jsonl"
    assert main(["sample", "--pupils", "4", "-o", str(path)]) == 0
    return path


def test_a_byte_that_is_not_utf8_spoils_its_line_only(
    cohort: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = cohort.read_bytes().splitlines(keepends=True)
    broken = cohort.with_name("broken.jsonl")
    broken.write_bytes(b"\xef\xbb\xbf{\xff}\n" + b"".join(lines))
    capsys.readouterr()
    assert main(["validate", str(broken)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{broken}:1: not UTF-8 text: byte 0xff at character 2 [document.not_utf8]"
    ]
    assert "5 records, 1 invalid" in err  # the byte order mark spoils nothing
    assert main(["report", str(broken)]) == 1
    assert "line 1: not UTF-8 text" in capsys.readouterr().err


def test_the_output_is_never_the_input(
    cohort: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = cohort.read_bytes()
    assert main(["report", str(cohort), "-o", str(cohort)]) == 2
    assert "is the input" in capsys.readouterr().err
    assert cohort.read_bytes() == before


def test_an_output_that_cannot_be_written_is_refused_before_the_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    started = time.perf_counter()
    missing = tmp_path / "no" / "such" / "out.jsonl"
    assert main(["sample", "--pupils", "100000", "-o", str(missing)]) == 2
    assert time.perf_counter() - started < 5  # 100,000 pupils take far longer
    assert "there is no directory" in capsys.readouterr().err


def test_replacing_a_file_says_so(
    cohort: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = cohort.with_name("report.txt")
    assert main(["report", str(cohort), "-o", str(out)]) == 0
    assert "replaced" not in capsys.readouterr().err
    assert main(["report", str(cohort), "-o", str(out)]) == 0
    assert f"replaced {out}" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8").startswith("SEN support report")


def test_an_interrupted_sample_leaves_no_file(tmp_path: Path) -> None:
    out = tmp_path / "big.jsonl"
    with subprocess.Popen(
        [*SENSUPPORT, "sample", "--pupils", "1000000", "-o", str(out)],
        stderr=subprocess.DEVNULL,
    ) as run:
        deadline = time.monotonic() + 30
        # Wait until it is writing (its part file exists), then interrupt it.
        while not list(tmp_path.glob(".big.jsonl.*.part")):
            assert time.monotonic() < deadline
            time.sleep(0.05)
        run.send_signal(signal.SIGINT)
        assert run.wait(timeout=30) == 130
    assert list(tmp_path.iterdir()) == []


def test_a_reader_that_stops_early_stops_the_command_quietly() -> None:
    with subprocess.Popen(
        [*SENSUPPORT, "sample", "--pupils", "5000"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as run:
        assert run.stdout is not None
        assert run.stderr is not None
        run.stdout.readline()
        run.stdout.close()
        assert run.wait(timeout=60) == 0
        assert run.stderr.read() == b""
