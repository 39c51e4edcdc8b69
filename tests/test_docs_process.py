"""The process page shows the machine as it is: its diagram and every rule."""

from __future__ import annotations

from pathlib import Path

from sensupport.process import RULES, mermaid

PAGE = (Path(__file__).parent.parent / "docs" / "process.md").read_text(
    encoding="utf-8"
)


def test_diagram_is_the_one_the_table_draws() -> None:
    assert f"```{{mermaid}}\n{mermaid()}\n```" in PAGE


def test_every_rule_is_in_the_table_with_its_strength_and_summary() -> None:
    for rule in RULES:
        row = next(
            line for line in PAGE.splitlines() if line.startswith(f"| `{rule.code}` |")
        )
        assert f"| {rule.severity.value} |" in row
        assert rule.summary in row
