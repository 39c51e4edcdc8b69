"""Rows of a CSV export gathered into the classes or groups they describe.

A class or a group spans several rows, one per pupil: its first row gives its own
columns, and a later row that disagrees is rejected. Whatever cannot be built is
rejected on every one of its rows, its problems at the column that gave them.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from .._columns import ColumnMapping, RowReader
from ..errors import Problem, ValidationError
from ..parsing import where
from ..register import RejectedRow


def rows(lines: Iterable[str], mapping: ColumnMapping) -> Iterable[RowReader]:
    reader = csv.DictReader(lines)
    mapping.check_headings(reader.fieldnames or [])
    for values in reader:
        # The line the row ends on, as a spreadsheet numbers it (headings row 1).
        yield RowReader(values, mapping, reader.line_num)


def rejected_row(r: RowReader) -> RejectedRow:
    return RejectedRow(row=r.row, problems=tuple(r.problems))


def problem_at(
    mapping: ColumnMapping, r: RowReader, field: str, code: str, message: str
) -> Problem:
    return Problem(
        code=code, message=message, path=where(mapping.columns[field], r.row)
    )


class Parts:
    """The rows of one class or group: its own columns from its first row, and its
    members."""

    def __init__(self, row: int, own: dict[str, Any]) -> None:
        self.row, self.own = row, own
        self.members: list[Any] = []
        self.rows: list[int] = [row]
        self.extra: dict[str, Any] = {}


def gather(
    lines: Iterable[str],
    mapping: ColumnMapping,
    key: str,
    own: Callable[[RowReader], dict[str, Any]],
    member: Callable[[RowReader], Any],
    fields: Mapping[str, str],
) -> tuple[dict[str, Parts], list[RejectedRow], int]:
    """Rows by the id in ``key``; a row that disagrees with its first is rejected.
    ``fields`` gives the mapping's name of a value ``own`` names otherwise."""
    found: dict[str, Parts] = {}
    rejected, read = [], 0
    for r in rows(lines, mapping):
        read += 1
        for field in mapping.REQUIRED:
            r.require(field)
        values = own(r)
        added = member(r)
        ident = r.text(key)
        parts = found.get(ident)
        if parts is not None and not r.problems:
            for name, value in values.items():
                if value != parts.own[name]:
                    # Only a column can differ: the rest are the defaults.
                    field = fields.get(name, name)
                    r.problems.append(
                        problem_at(
                            mapping,
                            r,
                            field,
                            f"{mapping.WHAT}.disagrees",
                            f"{mapping.WHAT} {ident!r}: {r.text(field)!r} here "
                            f"disagrees with its first row, row {parts.row}",
                        )
                    )
        if r.problems:
            rejected.append(rejected_row(r))
            continue
        if parts is None:
            parts = found[ident] = Parts(r.row, values)
        else:
            parts.rows.append(r.row)
        if added is not None:
            parts.members.append(added)
    return found, rejected, read


def drop_unknown_staff(
    parts: dict[str, Parts],
    staff_of: Callable[[Parts], tuple[str, ...]],
    column: str,
    what: str,
    rejected: list[RejectedRow],
    known: set[str],
) -> None:
    """Reject, on each of its rows, a class or group naming staff not listed."""
    for ident, found in list(parts.items()):
        unknown = [s for s in staff_of(found) if s not in known]
        if not unknown:
            continue
        problem = (
            f"{what} {ident!r} names staff {unknown[0]!r}, whom the staff file does "
            "not list"
        )
        rejected += [
            RejectedRow(
                row=row,
                problems=(
                    Problem(
                        code="provision_map.unknown_staff",
                        message=problem,
                        path=where(column, row),
                    ),
                ),
            )
            for row in found.rows
        ]
        del parts[ident]


def at_column(
    problem: Problem, row: int, mapping: ColumnMapping, fields: Mapping[str, str]
) -> Problem:
    """A problem of a built object, at the column of the row that gave its field."""
    name = problem.path.split(".")[0].split("[")[0]
    column = mapping.columns.get(fields.get(name, name))
    if column is None:
        return problem.at(f"rows[{row}]")
    return attrs.evolve(problem, path=where(column, row))


def build(
    parts: dict[str, Parts],
    make: Callable[[str, Parts], Any],
    rejected: list[RejectedRow],
    mapping: ColumnMapping,
    fields: Mapping[str, str],
) -> list[Any]:
    """Each class or group built from its rows; one that breaks a rule is rejected
    on every one of its rows, its problems at its first."""
    built = []
    for ident, found in parts.items():
        try:
            built.append(make(ident, found))
        except ValidationError as error:
            problems = tuple(
                at_column(p, found.row, mapping, fields) for p in error.problems
            )
            rejected.append(RejectedRow(row=found.row, problems=problems))
            rejected += [
                RejectedRow(
                    row=row,
                    problems=(
                        Problem(
                            code="provision_map.part_rejected",
                            message=f"{ident!r} is rejected at row {found.row}",
                            path=f"rows[{row}]",
                        ),
                    ),
                )
                for row in found.rows[1:]
            ]
    return built
