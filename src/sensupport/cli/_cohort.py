"""``sensupport report`` and ``sensupport sample``: the report on a cohort, with the
provision maps and workforces it costs, and a synthetic cohort written."""

from __future__ import annotations

import argparse
import collections
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ValidationError
from ..provision_groups import ProvisionMap
from ._arguments import _SAMPLE_MAPS, _SAMPLE_WORKFORCES, _workers
from ._common import EXIT_OK, _output, _Progress, _Usage
from ._inputs import (
    _latest_event_on,
    _partitions,
    _read_errors,
    _readable_twice,
    _records,
    _refuse_binary,
    _text_lines,
)
from ._tiers import (
    _columnar_tier,
    _is_store,
    _report_on_store,
    _report_on_tables,
    _unless_repeated,
)

if TYPE_CHECKING:
    from .._report import Report
    from ..process.record import SupportRecord
    from ..workforce import Workforce


def _sample(args: argparse.Namespace) -> int:
    from ..serialization import dump_lines
    from ..synth import generate_cohort

    if args.pupils < 0:
        raise _Usage(f"--pupils must be 0 or more, not {args.pupils}")
    progress = _Progress("pupils written")
    with _output(args.output) as out:
        for line in dump_lines(
            generate_cohort(
                pupils=args.pupils, seed=args.seed, start=args.start, end=args.end
            )
        ):
            out.write(line)
            progress.tick()
    progress.done()
    return EXIT_OK


def _provision_maps(path: Path | None, records: Path | None) -> list[ProvisionMap]:
    """The maps ``--provision-map`` names: none, the sample's, or a file's."""
    from ..serialization import load_lines
    from ..synth import load_sample_provision_maps

    if path is None:
        return []
    if path == _SAMPLE_MAPS:
        if records is not None:
            raise _Usage("--provision-map needs the maps' FILE for a cohort's FILE")
        return list(load_sample_provision_maps())
    with _text_lines(path) as lines:
        return list(load_lines(lines, ProvisionMap))


def _workforces(
    path: Path | None, records: Path | None, maps: list[ProvisionMap]
) -> list[Workforce]:
    """The records ``--workforce`` names, each checked against its school's map."""
    from .._report._workforce import pair_workforces
    from ..serialization import load_lines
    from ..synth import load_sample_workforces
    from ..workforce import Workforce

    if path is None:
        return []
    if not maps:
        raise _Usage("--workforce needs --provision-map: the staff are the map's")
    if path == _SAMPLE_WORKFORCES:
        if records is not None:
            raise _Usage("--workforce needs the records' FILE for a cohort's FILE")
        found = list(load_sample_workforces())
    else:
        with _text_lines(path) as lines:
            found = list(load_lines(lines, Workforce))
    try:
        pair_workforces(maps, found)
    except ValueError as error:
        raise _Usage(str(error)) from None
    return found


def _report(args: argparse.Namespace) -> int:
    from .._report import Report, render

    workers = _workers(args)
    if (args.start is None) != (args.end is None):
        raise _Usage("give --from and --to together, or neither")
    if args.start is not None and args.end <= args.start:
        raise _Usage(
            f"the period must end after it starts: --from {args.start.isoformat()} "
            f"--to {args.end.isoformat()}"
        )
    if args.file is not None:
        args.file = _readable_twice(args.file)  # the report may need two passes
        _refuse_binary(args.file)
    if args.output is not None and args.output.suffix.lower() in (".html", ".htm"):
        args.format = "html"
    if args.format == "html":
        from .._report import require_plotting

        require_plotting()
    progress = _Progress("records read")

    def counted() -> Iterator[SupportRecord]:
        for record in _records(args.file):
            progress.tick()
            yield record

    maps = _provision_maps(args.provision_map, args.file)
    settings = {
        "as_of": args.as_of,
        "start": args.start,
        "end": args.end,
        "by": args.by,
        "data_date": args.data_date,
        "provision_maps": maps,
        "workforces": _workforces(args.workforce, args.file, maps),
    }
    file: Path | None = args.file
    store = file is not None and _is_store(file)
    parts = None if file is None or store else _partitions(file, workers)
    read_date = (
        file is not None and not store and parts is None and args.data_date is None
    )
    if file is not None and read_date:
        settings["data_date"] = _latest_event_on(file)
    columnar = _columnar_tier(args, file, maps)
    try:
        report: Report | None = None
        if columnar and file is not None:
            source = file
            report = _unless_repeated(
                lambda: (
                    _report_on_store(source, settings)
                    if store
                    else _report_on_tables(source, parts, workers, columnar, settings)
                )
            )
        if report is None:
            if store:
                from ..columnar import load_store

                assert file is not None
                stored = file
                report = Report.build(lambda: load_store(stored), **settings)
            elif file is None or parts is None:
                report = Report.build(counted, **settings)
            else:
                from ..partitions import build_report

                with _read_errors(file):
                    report = build_report(parts, workers=workers, **settings)
    except ValidationError as error:
        if error.problems[0].code.startswith("period."):
            if file is not None and read_date:  # a bad record is the first error
                collections.deque(_records(file), maxlen=0)
            raise _Usage(error.problems[0].message) from None
        raise
    progress.done()
    with _output(args.output) as out:
        out.write(render(report, args.format))
    return EXIT_OK
