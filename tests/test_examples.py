"""The scripts in examples/ run, and say what they should."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parent.parent / "examples"


@pytest.mark.parametrize("script", sorted(EXAMPLES.glob("*.py")), ids=lambda p: p.name)
def test_example_runs(script: Path, capsys: pytest.CaptureFixture[str]) -> None:
    runpy.run_path(str(script), run_name="__main__")
    assert capsys.readouterr().out.strip()


def test_one_pupil_walks_through_two_cycles(capsys: pytest.CaptureFixture[str]) -> None:
    runpy.run_path(str(EXAMPLES / "one_pupil.py"), run_name="__main__")
    out = capsys.readouterr().out
    stages = [line.split("-> ")[1] for line in out.splitlines() if "-> " in line]
    assert stages == ["assess", "plan", "do", "assess", "assess", "plan", "do", "ended"]
    assert "Completed cycles: 2" in out
    assert "[advice.review_late]" in out
