"""The columnar tier: when ``sensupport report`` counts on typed tables and how, and
``sensupport store``, which writes the tables as a store."""

from __future__ import annotations

import argparse
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ValidationError
from ._common import EXIT_OK, _Usage
from ._inputs import _read_errors, _readable_twice, _refuse_binary

if TYPE_CHECKING:
    from .._report import Report
    from ..partitions import Partition
    from ..provision_groups import ProvisionMap

COLUMNAR_FROM = 20_000_000
"""The size of a cohort's JSON Lines, in bytes (about 3,000 records), from which
``sensupport report --tier auto`` counts on the columnar tier: below it, importing
polars and pyarrow costs more than the tier saves. A directory's size is its
partitions' together, a gzip file's its text's."""

COLUMNAR_PART = 5_000
"""Records counted on the columnar tier at a time. ``sensupport report`` of 10,000
pupils peaked at 380-390 MB in 5.5-5.7 s with parts of 5,000, 490 MB in the same
time with parts of 10,000, and 306 MB in 5.8-5.9 s with parts of 2,500."""


def _text_size(path: Path) -> int:
    """About how many bytes of JSON Lines ``path`` holds: a file's size, a gzip
    file's text's (from its trailer, which counts modulo 4 GiB: never less than the
    file's own size), a directory's partitions' together; 0 for a pipe."""
    from ..partitions import partitions
    from ..partitions._files import _is_gzip

    if path.is_dir():
        try:
            found = partitions(path)
        except ValueError:
            return 0  # no JSON Lines: the report says so when it reads them
        return sum(_text_size(part.path) for part in found)
    status = path.stat()
    # The shortest gzip file, an empty one, is 20 bytes: a shorter one is not whole.
    if not stat.S_ISREG(status.st_mode) or status.st_size < 20 or not _is_gzip(path):
        return status.st_size
    with path.open("rb") as packed:
        packed.seek(-4, os.SEEK_END)
        unpacked = int.from_bytes(packed.read(4), "little")
    return max(unpacked, status.st_size)


def _is_store(path: Path) -> bool:
    """Whether ``path`` is a columnar store (`sensupport store` writes them)."""
    return path.is_dir() and (path / "records").is_dir()


def _store(args: argparse.Namespace) -> int:
    from ..columnar import write_store_from_lines
    from ..partitions import Partition

    path = _readable_twice(args.file)
    _refuse_binary(path)
    if path.is_dir():
        raise _Usage(f"{path}: a directory; give one JSON Lines file")
    source = Partition(path=path)
    try:
        with _read_errors(path), source.located():
            written = write_store_from_lines(
                source.checked_lines(), args.directory, part_size=args.part_size
            )
    except FileExistsError as error:
        raise _Usage(str(error)) from None
    print(
        f"sensupport: {written:,} records written to {args.directory}", file=sys.stderr
    )
    return EXIT_OK


def _report_on_store(store: Path, settings: dict[str, Any]) -> Report:
    """The report of a store, counted on its tables part by part."""
    from ..columnar import store_report

    print(
        "sensupport: counted on the columnar tier (polars), the store's parts",
        file=sys.stderr,
    )
    asked = {key: settings[key] for key in ("as_of", "start", "end", "by")}
    return store_report(store, data_date=settings["data_date"], **asked)


def _unless_repeated(count: Callable[[], Report]) -> Report | None:
    """``count()``, or None, with a note, when a pupil has two records in a part,
    which the tables cannot tell apart: the caller counts record by record."""
    try:
        return count()
    except ValidationError as error:
        if error.problems[0].code != "tables.repeated_pupil":
            raise
    print(
        "sensupport: a pupil has more than one record in a part, which the columnar "
        "tier cannot tell apart; counted record by record instead",
        file=sys.stderr,
    )
    return None


def _cannot_count_on_tables(
    args: argparse.Namespace, maps: list[ProvisionMap]
) -> str | None:
    """Why the columnar tier cannot give this report, if it cannot."""
    if maps:
        return "it does not cost provision maps"
    if args.by not in ("area_of_need", "need_type"):
        return (
            f"it splits target attainment by area_of_need or need_type, not {args.by}"
        )
    return None


def _report_on_tables(
    file: Path,
    parts: list[Partition] | None,
    workers: int,
    size: int,
    settings: dict[str, Any],
) -> Report:
    """The report counted on the columnar tier, ``size`` records a part."""
    from ..partitions import Partition, build_report

    print(
        f"sensupport: counted on the columnar tier (polars), {size:,} records a part",
        file=sys.stderr,
    )
    with _read_errors(file):
        return build_report(
            parts or [Partition(path=file)],
            workers=workers,
            columnar_part=size,
            **settings,
        )


def _columnar_tier(
    args: argparse.Namespace, file: Path | None, maps: list[ProvisionMap]
) -> int:
    """The part size to count on the columnar tier with, or 0 to count record by
    record: ``--tier columnar``, or ``auto`` for a store or a large file when the
    tier can give this report."""
    if args.tier == "records":
        return 0
    asked = args.tier == "columnar"
    why = (
        "it reads a records file, not the built-in sample"
        if file is None
        else _cannot_count_on_tables(args, maps)
    )
    if why is not None:
        if asked:
            raise _Usage(f"--tier columnar: {why}")
        return 0
    assert file is not None
    if not asked and not _is_store(file) and _text_size(file) < COLUMNAR_FROM:
        return 0
    try:
        import sensupport.columnar  # noqa: F401
    except ImportError:
        if asked:
            raise
        return 0
    return COLUMNAR_PART
