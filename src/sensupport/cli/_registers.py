"""``sensupport import`` and ``sensupport census-check``: a school's SEN register
(CSV) or Common Transfer File written as records, or a register checked against the
school census rules."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ._common import EXIT_INVALID, EXIT_OK, _output, _Progress, _Usage
from ._inputs import _kind_of, _records

if TYPE_CHECKING:
    from ..census import CensusEntry
    from ..process.record import SupportRecord


def _import(args: argparse.Namespace) -> int:
    kind = _kind_of(args.file)
    if kind is not None and kind.startswith("XML"):
        return _import_ctf(args)
    if args.mapping is None:
        raise _Usage("a CSV register needs --mapping MAPPING.toml")
    return _import_csv(args)


class _Outcome(Protocol):
    """What an importer made of one row or pupil: a record, a rejection, or neither."""

    @property
    def record(self) -> SupportRecord | None: ...

    @property
    def rejected(self) -> object | None: ...


def _write_outcomes(
    outcomes: Iterable[_Outcome], args: argparse.Namespace, what: str
) -> tuple[int, int, int]:
    """Write each record, print each rejection; counts imported, no SEN, rejected."""
    from ..serialization import dumps

    progress = _Progress(f"{what} read")
    imported = not_sen = rejected = 0
    with _output(args.output) as out:
        for outcome in outcomes:
            progress.tick()
            if outcome.record is not None:
                out.write(dumps(outcome.record) + "\n")
                imported += 1
            elif outcome.rejected is not None:
                rejected += 1
                print(f"{args.file}: {outcome.rejected}", file=sys.stderr)
            else:
                not_sen += 1
    progress.done()
    return imported, not_sen, rejected


def _import_ctf(args: argparse.Namespace) -> int:
    from .. import ctf

    reader = ctf.read_ctf(args.file, received_on=args.received_on, school=args.school)
    imported, not_sen, rejected = _write_outcomes(reader, args, "pupils")
    print(
        f"{imported + not_sen + rejected} pupils read: {imported} imported, {not_sen} "
        f"with no current SEN not imported, {rejected} rejected",
        file=sys.stderr,
    )
    for path, count in sorted(reader.unused.items()):
        print(f"not used: {path} ({count})", file=sys.stderr)
    return EXIT_INVALID if rejected else EXIT_OK


def _import_csv(args: argparse.Namespace) -> int:
    from ..register import RegisterMapping, read_register

    mapping = RegisterMapping.load(args.mapping)
    received_on = args.received_on or dt.date.fromtimestamp(args.file.stat().st_mtime)
    with args.file.open("r", encoding="utf-8-sig", newline="") as lines:
        rows = read_register(
            lines,
            mapping,
            received_on=received_on,
            received_from=args.received_from,
            file=args.file.name,
            school=args.school,
        )
        imported, not_sen, rejected = _write_outcomes(rows, args, "rows")
    print(
        f"{imported + not_sen + rejected} rows read: {imported} imported, {not_sen} "
        f"with no SEN (provision N) not imported, {rejected} rejected",
        file=sys.stderr,
    )
    return EXIT_INVALID if rejected else EXIT_OK


def _census_check(args: argparse.Namespace) -> int:
    from ..census import CensusEntry, check_register, render_lines

    on = args.census_date or dt.date.today()
    kind = _kind_of(args.file)

    def entries() -> Iterator[CensusEntry]:
        if kind is not None and kind.startswith("CSV"):
            from ..register import RegisterMapping, census_entries

            if args.mapping is None:
                raise _Usage("a CSV register needs --mapping MAPPING.toml")
            mapping = RegisterMapping.load(args.mapping)
            with args.file.open("r", encoding="utf-8-sig", newline="") as lines:
                yield from census_entries(lines, mapping)
            return
        if kind is not None and kind.startswith("XML"):
            yield from _ctf_census_entries(args.file)
            return
        if kind is not None:
            raise _Usage(f"{args.file}: census-check reads CSV, XML or JSON Lines")
        for number, record in enumerate(_records(args.file), start=1):
            yield CensusEntry.from_pupil(
                record.pupil, record.provision_on(on), record.needs, row=number
            )

    report = check_register(entries(), census_date=on)
    print("\n".join(render_lines(report)))
    return EXIT_INVALID if report.has_errors else EXIT_OK


def _ctf_census_entries(path: Path) -> Iterator[CensusEntry]:
    from .. import ctf

    for pupil in ctf.read_ctf(path):
        entry = pupil.census_entry()
        if entry is None:
            print(f"{path}: not checked: {pupil.rejected}", file=sys.stderr)
            continue
        yield entry
