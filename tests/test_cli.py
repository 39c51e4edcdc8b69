"""The sensupport command: report, validate and sample, their exit codes and errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sensupport.cli import main

Run = tuple[int, str, str]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> Run:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_report_on_the_sample(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "report")
    assert code == 0
    assert out.startswith("SEN support report")
    for heading in (
        "Cohort: 300 records",
        "Reviews:",
        "Overdue reviews:",
        "Targets:",
        "Advisories",
    ):
        assert heading in out


def test_report_formats(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "report", "--format", "json", "--as-of", "2026-01-05")
    assert code == 0
    sections = json.loads(out)
    assert sections["cohort"][0]["as_of"] == "2026-01-05"
    assert sections["cohort"][0]["period_start"] == "2025-09-01"
    code, out, _ = run(capsys, "report", "--format", "csv", "--by", "year_group")
    assert code == 0
    assert out.splitlines()[0].startswith("section,")
    assert "target_attainment_by_year_group" in out
    page = tmp_path / "report.html"
    assert run(capsys, "report", "--format", "html", "-o", str(page))[0] == 0
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!doctype html>")
    assert text.count("<svg") == 5


def test_sample_then_validate(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cohort = tmp_path / "cohort.jsonl"
    assert (
        run(capsys, "sample", "--pupils", "25", "--seed", "4", "-o", str(cohort))[0]
        == 0
    )
    assert len(cohort.read_text(encoding="utf-8").splitlines()) == 25
    code, _, err = run(capsys, "validate", str(cohort))
    assert code == 0
    assert "25 records, 0 invalid" in err
    code, out, _ = run(
        capsys, "report", str(cohort), "--from", "2024-09-01", "--to", "2026-09-01"
    )
    assert code == 0
    assert "Cohort: 25 records" in out


def test_validate_reports_each_broken_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cohort = tmp_path / "cohort.jsonl"
    run(capsys, "sample", "--pupils", "3", "-o", str(cohort))
    good = cohort.read_text(encoding="utf-8").splitlines()
    document = json.loads(good[1])
    document["data"]["events"] = document["data"]["events"][1:]  # lose the concern
    broken = [
        good[0],
        "{not json",
        json.dumps(document),
        good[2].replace('"pupil_id"', '"pupil_ref"'),
    ]
    cohort.write_text("\n".join(broken) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "validate", str(cohort))
    assert code == 1
    lines = out.splitlines()
    assert any(
        line.startswith(f"{cohort}:2: ") and "document.json" in line for line in lines
    )
    assert any(
        line.startswith(f"{cohort}:3: ") and "record.first_event" in line
        for line in lines
    )
    assert any(
        line.startswith(f"{cohort}:4: ") and "unknown field 'pupil_ref'" in line
        for line in lines
    )
    assert not any(f"{cohort}:1:" in line for line in lines)
    assert "4 records, 3 invalid" in err


def test_report_on_a_broken_file_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text("{not json\n", encoding="utf-8")
    code, out, err = run(capsys, "report", str(cohort))
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1
    assert "line 1" in err


@pytest.mark.parametrize(
    "argv",
    [
        ("report", "missing.jsonl"),
        ("report", "--from", "2025-09-01"),
        ("sample", "--pupils", "-3"),
    ],
)
def test_usage_errors_are_one_line(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert err.startswith("sensupport: error:")
    assert err.count("\n") == 1


def test_bad_date_is_an_argparse_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["report", "--as-of", "2026-13-01"])
    assert exit_.value.code == 2
    assert "expected a date as yyyy-mm-dd" in capsys.readouterr().err


def test_help_for_every_command() -> None:
    for command in ((), ("report",), ("validate",), ("sample",)):
        result = subprocess.run(
            [sys.executable, "-m", "sensupport.cli", *command, "--help"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0
        assert result.stdout.startswith("usage: sensupport")


def test_piped_output_shows_no_progress(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sensupport.cli", "sample", "--pupils", "1500"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stderr == ""
    assert len(result.stdout.splitlines()) == 1500


def test_html_without_the_plot_extra_says_how_to_install_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if not installed
    code, out, err = run(capsys, "report", "--format", "html")
    assert code == 2
    assert out == ""
    assert "pip install 'sensupport[plot]'" in err
    assert err.count("\n") == 1


def test_progress_counts_on_a_terminal_only() -> None:
    import io

    from sensupport.cli import _Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    shown, hidden = Terminal(), io.StringIO()
    for stream in (shown, hidden):
        progress = _Progress("records read", stream)
        for _ in range(2500):
            progress.tick()
        progress.done()
    assert shown.getvalue().endswith("\rrecords read: 2,500\n")
    assert "records read: 2,000" in shown.getvalue()
    assert hidden.getvalue() == ""
