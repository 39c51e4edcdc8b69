"""The report as tables: JSON of named tables, or one CSV with a section column."""

from __future__ import annotations

import csv
import io
import json

from ._model import Report

__all__ = ["render_csv", "render_json"]


def render_json(report: Report) -> str:
    """Every section as a named list of flat rows."""
    return json.dumps(report.sections(), indent=2, default=str) + "\n"


def render_csv(report: Report) -> str:
    """Every section's rows in one table, a ``section`` column naming each.

    Text that a spreadsheet would run as a formula (starting ``=``, ``+``, ``-``,
    ``@``, a tab or a carriage return) is written with a ``'`` before it, as OWASP
    advises: a pupil id or provision name cannot run as a formula. Numbers are
    written as they are.
    """
    return _csv(report.sections())


def _csv(sections: dict[str, list[dict[str, object]]]) -> str:
    columns: dict[str, None] = {"section": None}
    for rows in sections.values():
        for row in rows:
            columns.update(dict.fromkeys(row))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for name, rows in sections.items():
        for row in rows:
            writer.writerow({"section": name, **{k: _cell(v) for k, v in row.items()}})
    return buffer.getvalue()


# A text cell a spreadsheet would read as a formula (OWASP, "CSV Injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    """A text cell that starts like a formula, quoted so it stays text."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value
