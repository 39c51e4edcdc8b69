"""``sensupport validate``: every line of a file of records checked, each problem
printed with its file and line."""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ValidationError
from ..process.record import SupportRecord
from ._arguments import _workers
from ._common import EXIT_INVALID, EXIT_OK, _Progress
from ._inputs import (
    _kind_of,
    _partitions,
    _read_errors,
    _readable_twice,
    _refuse_binary,
)

if TYPE_CHECKING:
    from ..partitions import Partition


def _validate(args: argparse.Namespace) -> int:
    from ..partitions import Partition, map_partitions

    workers = _workers(args)
    path = _readable_twice(args.file)  # looked at first, then read
    _refuse_binary(path)
    parts = _partitions(path, workers) or [Partition(path=path)]
    for file in dict.fromkeys(part.path for part in parts):
        kind = _kind_of(file)
        if kind is not None:
            print(
                f"{file}: this is not JSON Lines of SupportRecord documents; it looks "
                f"like {kind}",
                file=sys.stderr,
            )
            return EXIT_INVALID
    total = bad = 0
    before: dict[Path, int] = {}  # lines of each file in the partitions checked
    progress = _Progress("lines checked")

    def checked(part: Partition, counts: _Counts) -> None:
        nonlocal total, bad
        before[part.path] = before.get(part.path, 0) + counts[0]
        total, bad = total + counts[1], bad + counts[2]

    with _read_errors(path):
        if workers == 1:  # streamed: each problem printed as it is found
            for part in parts:
                show = functools.partial(_show, part.path, before.get(part.path, 0))
                checked(part, _check_lines(part, show, progress.tick))
        else:
            found = map_partitions(_problems_in, parts, workers=workers)
            for part, (counts, problems) in zip(parts, found, strict=True):
                for number, problem in problems:
                    _show(part.path, before.get(part.path, 0), number, problem)
                checked(part, counts)
    progress.done()
    print(f"{total} records, {bad} invalid", file=sys.stderr)
    return EXIT_INVALID if bad else EXIT_OK


def _show(path: Path, before: int, number: int, problem: str) -> None:
    """Print a problem found on line ``number`` of a partition that starts after
    line ``before`` of its file."""
    print(f"{path}:{before + number}: {problem}")


_Counts = tuple[int, int, int]
"""What a partition's check counted: lines, records, invalid records."""


def _check_lines(
    part: Partition,
    found: Callable[[int, str], None],
    tick: Callable[[], None] = lambda: None,
) -> _Counts:
    """Check every line of a partition; ``found(line, problem)`` for each problem,
    with the line's number in the partition."""
    from ..partitions._files import not_utf8
    from ..serialization import loads

    lines = records = invalid = 0
    # Bytes that are not UTF-8 spoil their line only: it is reported, and the
    # rest of the file checked.
    for lines, line in enumerate(part.lines(errors="surrogateescape"), start=1):
        tick()
        if not line.strip():
            continue
        records += 1
        wrong = not_utf8(line)
        if wrong is not None:
            invalid += 1
            found(lines, f"{wrong} [document.not_utf8]")
            continue
        try:
            loads(line, SupportRecord)
        except ValidationError as error:
            invalid += 1
            for problem in error.problems:
                found(lines, str(problem))
    return lines, records, invalid


def _problems_in(part: Partition) -> tuple[_Counts, list[tuple[int, str]]]:
    """A partition's check in a worker process: its counts, and its problems to print."""
    problems: list[tuple[int, str]] = []
    counts = _check_lines(
        part, lambda number, problem: problems.append((number, problem))
    )
    return counts, problems
