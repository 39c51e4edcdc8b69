"""The ``sensupport`` command: report on a cohort, validate a file, make a sample.

Exit codes: 0 success; 1 the input holds invalid records (``validate``, or ``report``
on a file that does not load); 2 the command line is wrong, a file cannot be read, or
an optional extra is missing. Errors are one line on standard error, never a
traceback.
"""

from __future__ import annotations

import argparse
import atexit
import collections
import contextlib
import datetime as dt
import functools
import gzip
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol, TextIO

from ._types import DATE_AS_TEXT, DATE_IN_RANGE, is_date_in_range
from .errors import SenSupportError, ValidationError
from .process.record import SupportRecord
from .provision_groups import ProvisionMap
from .schools import School

if TYPE_CHECKING:
    from ._report import Report
    from .census import CensusEntry
    from .partitions import Partition
    from .workforce import Workforce

__all__ = ["main", "main_exit"]

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
# What a bare --provision-map stands for: the sample's maps, for the sample.
_SAMPLE_MAPS = Path("(the sample's provision maps)")
# And a bare --workforce: the sample's workforce records.
_SAMPLE_WORKFORCES = Path("(the sample's workforce records)")


class _Usage(Exception):
    """A problem with how the command was called."""


def _date(text: str) -> dt.date:
    try:
        date = dt.date.fromisoformat(text)
    except ValueError:
        date = None
    if date is None or not is_date_in_range(date):
        expected = DATE_AS_TEXT if date is None else DATE_IN_RANGE
        raise argparse.ArgumentTypeError(f"expected {expected}, got {text!r}")
    return date


def _school(text: str) -> School:
    try:
        return School.parse(text)
    except ValidationError as error:
        raise argparse.ArgumentTypeError(error.problems[0].message) from None


def _version() -> str:
    from importlib.metadata import version

    return version("sensupport")


def _parser() -> argparse.ArgumentParser:
    from ._report import RENDERERS
    from .metrics import DIMENSIONS

    parser = argparse.ArgumentParser(
        prog="sensupport",
        description="Report on SEN support records: reviews, targets, provision, timeliness.",
        epilog="Exit codes: 0 success, 1 invalid records, 2 usage or input error.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    report = commands.add_parser(
        "report",
        help="report on a cohort (the built-in sample if no FILE)",
        description="Report on a cohort of SEN support records in JSON Lines. With no "
        "FILE, reports on the sample cohort that ships with sensupport. The period "
        "defaults to the school year up to --as-of; --as-of defaults to the day after "
        "the cohort's last event, so the same file always gives the same report.",
    )
    report.add_argument(
        "file",
        nargs="?",
        type=Path,
        help="JSON Lines of SupportRecord documents (- for standard input; .gz read "
        "as gzip), a directory of *.jsonl and *.jsonl.gz files, or a columnar store "
        "(sensupport store)",
    )
    report.add_argument(
        "--data-date",
        type=_date,
        metavar="DATE",
        help="the day the data were extracted, if later than the last event: "
        "figures run to it and no further (default: the last event)",
    )
    report.add_argument(
        "--as-of",
        type=_date,
        metavar="DATE",
        help="the date overdue reviews are counted on",
    )
    report.add_argument(
        "--from",
        dest="start",
        type=_date,
        metavar="DATE",
        help="first day of the period",
    )
    report.add_argument(
        "--to", dest="end", type=_date, metavar="DATE", help="the day after the period"
    )
    report.add_argument(
        "--by",
        choices=sorted(DIMENSIONS),
        default="area_of_need",
        help="split target attainment by (default: area_of_need)",
    )
    report.add_argument(
        "--provision-map",
        nargs="?",
        const=_SAMPLE_MAPS,
        type=Path,
        metavar="FILE",
        help="JSON Lines of the schools' ProvisionMap documents: cost their provision "
        "and rank their classes by need (with no FILE, the sample's maps, for the "
        "sample)",
    )
    report.add_argument(
        "--workforce",
        nargs="?",
        const=_SAMPLE_WORKFORCES,
        type=Path,
        metavar="FILE",
        help="JSON Lines of the schools' Workforce documents (with --provision-map): "
        "their CPD needs against the needs on roll, and the SENCO and sensory "
        "qualifications due (with no FILE, the sample's, for the sample)",
    )
    report.add_argument("--format", choices=list(RENDERERS), default="text")
    _add_workers(report)
    report.add_argument(
        "--tier",
        choices=["auto", "records", "columnar"],
        default="auto",
        help="count record by record, or on typed tables with polars (the columnar "
        "extra: pip install 'sensupport[columnar]'), every record checked either way "
        "and the report the same; auto takes the columnar tier for a file of "
        f"{COLUMNAR_FROM // 1_000_000} MB or more when the extra is installed, and "
        "says so (default: auto)",
    )
    report.add_argument(
        "-o", "--output", type=Path, help="write here instead of standard output"
    )

    validate = commands.add_parser(
        "validate",
        help="check every record of a JSON Lines file",
        description="Check every line of a JSON Lines file of SupportRecord documents; "
        "print each problem with its line and path; exit 1 if any.",
    )
    validate.add_argument(
        "file",
        type=Path,
        help="JSON Lines (- for standard input; .gz read as gzip), or a directory of "
        "*.jsonl and *.jsonl.gz files",
    )
    _add_workers(validate)

    bring_in = commands.add_parser(
        "import",
        help="import a SEN register (CSV) or a Common Transfer File (XML) as records",
        description="Read a SEN register exported from an MIS as CSV, through a column "
        "mapping (a TOML file: see the docs page 'Bringing your data in'), or a Common "
        "Transfer File, and write a record for each pupil on SEN support as JSON "
        "Lines. Each record opens from the known history; nothing is invented. "
        "Rejected rows or pupils are listed with their place and reason; exit 1 if "
        "any was rejected.",
    )
    bring_in.add_argument("file", type=Path, help="the CSV export or the CTF")
    bring_in.add_argument(
        "--mapping", type=Path, help="TOML: which column holds what (CSV only)"
    )
    bring_in.add_argument(
        "--received-on",
        type=_date,
        metavar="DATE",
        help="when the file was exported (default: a CTF's header date, or the "
        "file's modification date)",
    )
    bring_in.add_argument(
        "--received-from",
        metavar="TEXT",
        default="MIS SEN register",
        help="the system or school it came from (default: 'MIS SEN register')",
    )
    bring_in.add_argument(
        "--school",
        type=_school,
        metavar="NUMBER",
        help="the school the pupils belong to: its URN, or its DfE number (8012000 or "
        "801/2000); a CSV row's school columns and a CTF's DestSchool come first",
    )
    bring_in.add_argument(
        "-o", "--output", type=Path, help="write here instead of standard output"
    )

    census = commands.add_parser(
        "census-check",
        help="check a register against the school census SEN and UPN rules",
        description="Check every pupil of a register against the DfE school census "
        "SEN and UPN rules: a CSV export through --mapping, a Common Transfer File, or "
        "JSON Lines of records (their provision and needs on --census-date). Prints "
        "the failures by rule "
        "with the DfE's rule numbers and messages; exit 1 if any is an error.",
    )
    census.add_argument("file", type=Path)
    census.add_argument(
        "--mapping", type=Path, help="TOML: which column holds what (for CSV)"
    )
    census.add_argument(
        "--census-date",
        type=_date,
        metavar="DATE",
        help="the census date (default: today)",
    )

    store = commands.add_parser(
        "store",
        help="write checked JSON Lines of records as a columnar store",
        description="Write JSON Lines of SupportRecord documents as a columnar store "
        "(typed Parquet tables in parts, the columnar extra: pip install "
        "'sensupport[columnar]'), every record checked as on the way into a report; "
        "`sensupport report DIRECTORY` then counts it on the tables. Nothing is "
        "written if a record is invalid (exit 1).",
    )
    store.add_argument("file", type=Path, help="JSON Lines (.gz read as gzip)")
    store.add_argument("directory", type=Path, help="a new or empty directory")
    store.add_argument(
        "--part-size",
        type=int,
        default=COLUMNAR_PART,
        metavar="N",
        help=f"records a part (default: {COLUMNAR_PART:,})",
    )

    sample = commands.add_parser(
        "sample",
        help="write a synthetic cohort as JSON Lines",
        description="Write a synthetic, deterministic cohort as JSON Lines, streaming.",
    )
    sample.add_argument(
        "--pupils", type=int, default=300, help="how many pupils (default 300)"
    )
    sample.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    sample.add_argument(
        "--from", dest="start", type=_date, default=dt.date(2024, 9, 1), metavar="DATE"
    )
    sample.add_argument(
        "--to", dest="end", type=_date, default=dt.date(2026, 7, 22), metavar="DATE"
    )
    sample.add_argument(
        "-o", "--output", type=Path, help="write here instead of standard output"
    )
    return parser


COLUMNAR_FROM = 20_000_000
"""The size of a records file, in bytes (about 3,000 records), from which
``sensupport report --tier auto`` counts on the columnar tier: below it, importing
polars and pyarrow costs more than the tier saves."""

COLUMNAR_PART = 5_000
"""Records counted on the columnar tier at a time: about 510 MB at the peak and the
same time as parts of 10,000 (690 MB); parts of 2,500 took 370 MB and a fifth longer."""

PARTS_PER_WORKER = 4
"""Byte ranges a plain file is cut into for each worker: a worker that finishes
early takes the next range, so the workers end together."""


def _add_workers(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="count in N local processes, each reading its own partitions of the "
        "input: a directory's files, or a plain file (or standard input, once "
        f"copied) cut into {PARTS_PER_WORKER} byte ranges a worker at line ends. A "
        "gzip file is read by one process. Same output as 1 (default: 1)",
    )


def _workers(args: argparse.Namespace) -> int:
    if args.workers < 1:
        raise _Usage(f"--workers must be 1 or more, not {args.workers}")
    return int(args.workers)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        if getattr(args, "output", None) is not None:
            _check_output(args.output, getattr(args, "file", None))
        if args.command == "report":
            return _report(args)
        if args.command == "validate":
            return _validate(args)
        if args.command == "import":
            return _import(args)
        if args.command == "census-check":
            return _census_check(args)
        if args.command == "store":
            return _store(args)
        return _sample(args)
    except ValidationError as error:
        where = f"line {error.line}: " if error.line else ""
        first = error.problems[0]
        more = (
            f" (and {len(error.problems) - 1} more)" if len(error.problems) > 1 else ""
        )
        print(f"sensupport: invalid record: {where}{first}{more}", file=sys.stderr)
        return EXIT_INVALID
    except (_Usage, SenSupportError, ValueError, ImportError) as error:
        print(f"sensupport: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader stopped reading (`| head`): stop quietly. Standard output is
        # pointed at nothing, so Python's own flush at exit finds no pipe to break.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except OSError as error:
        print(
            f"sensupport: error: {error.strerror or error}: {error.filename or ''}".rstrip(
                ": "
            ),
            file=sys.stderr,
        )
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


class _Progress:
    """Counts records on a terminal's standard error; silent when it is not one."""

    def __init__(self, what: str, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty()
        self.what = what
        self.count = 0

    def tick(self) -> None:
        self.count += 1
        if self.live and self.count % 1000 == 0:
            self.stream.write(f"\r{self.what}: {self.count:,}")
            self.stream.flush()

    def done(self) -> None:
        if self.live and self.count >= 1000:
            self.stream.write(f"\r{self.what}: {self.count:,}\n")


def _check_output(path: Path, input: Path | None) -> None:
    """Refuse, before any work, an output that cannot be written or is the input."""
    if not path.parent.is_dir():
        raise _Usage(f"-o {path}: there is no directory {path.parent}")
    if path.is_dir():
        raise _Usage(f"-o {path}: a directory, not a file")
    if input is not None and str(input) != "-" and path.exists():
        with contextlib.suppress(OSError):
            if path.samefile(input):
                raise _Usage(f"-o {path} is the input; write the output elsewhere")


@contextlib.contextmanager
def _output(path: Path | None) -> Iterator[IO[str]]:
    """Standard output, or a file written whole or not at all: into a temporary file
    beside it, renamed over it only once everything is written, so an interrupted
    run never leaves a file that looks complete. Says when a file was replaced."""
    if path is None:
        yield sys.stdout
        return
    replaced = path.exists()
    with tempfile.NamedTemporaryFile(
        "w",
        encoding="utf-8",
        newline="",
        dir=path.parent,
        prefix=f".{path.name}.",
        suffix=".part",
        delete=False,
    ) as part:
        try:
            yield part
        except BaseException:
            part.close()
            os.unlink(part.name)
            raise
    os.replace(part.name, path)
    if replaced:
        print(f"sensupport: replaced {path}", file=sys.stderr)


def _sample(args: argparse.Namespace) -> int:
    from .serialization import dump_lines
    from .synth import generate_cohort

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


def _refuse_binary(path: Path) -> None:
    """A file whose start is no text at all is the wrong file: one line naming it.
    (A text file with a bad byte further on is read, and the line named.)"""
    from .partitions._files import _is_gzip

    if path.is_dir() or _is_gzip(path):
        return  # each file of a directory, and gzip's contents, are judged as read
    try:
        with path.open("rb") as file:
            head = file.read(4096)
    except OSError:
        return  # reading it properly will say what is wrong
    # Text has no NUL byte, and a stray byte that is not UTF-8 is rare in it.
    text = head.decode("utf-8", errors="replace")
    binary = b"\x00" in head or text.count("\ufffd") > len(text) // 20
    if binary:
        raise _Usage(
            f"{path}: not UTF-8 text; is it a binary file, or compressed other "
            "than with gzip?"
        )


def _kind_of(path: Path) -> str | None:
    """What a file that is not JSON Lines looks like, from its first characters."""
    from .partitions._files import _is_gzip

    compressed = _is_gzip(path)
    try:
        if compressed:
            with gzip.open(path, "rb") as packed:
                head = packed.read(4096)
        else:
            with path.open("rb") as plain:
                head = plain.read(4096)
    except (OSError, EOFError):
        return None  # reading it properly will say what is wrong
    start = head.decode("utf-8", errors="replace")
    start = start.lstrip("\ufeff \t\r\n")
    if not start or start.startswith("{"):
        return None
    if start.startswith("<"):
        return "XML (a Common Transfer File?): import it with `sensupport import FILE`"
    if "," in start.split("\n", 1)[0]:
        return "CSV (a register exported from an MIS?): import it with `sensupport import FILE --mapping MAPPING.toml`"
    return None


def _validate(args: argparse.Namespace) -> int:
    from .partitions import Partition, map_partitions

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
    from .partitions._files import not_utf8
    from .serialization import loads

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
    from .serialization import dumps

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
    from . import ctf

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
    from .register import RegisterMapping, read_register

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
    from .census import CensusEntry, check_register, render_lines

    on = args.census_date or dt.date.today()
    kind = _kind_of(args.file)

    def entries() -> Iterator[CensusEntry]:
        if kind is not None and kind.startswith("CSV"):
            from .register import RegisterMapping, census_entries

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
    from . import ctf

    for pupil in ctf.read_ctf(path):
        entry = pupil.census_entry()
        if entry is None:
            print(f"{path}: not checked: {pupil.rejected}", file=sys.stderr)
            continue
        yield entry


@contextlib.contextmanager
def _text_lines(path: Path) -> Iterator[Iterator[str]]:
    """The lines of a UTF-8 text file, gzip-compressed or not, as one clear error if
    the file is neither."""
    from .partitions import Partition

    with _read_errors(path):
        yield Partition(path=path).lines()


@contextlib.contextmanager
def _read_errors(path: Path) -> Iterator[None]:
    """A file that is not UTF-8 text, or not whole gzip, as one clear error, however
    many processes read it."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        yield
    except UnicodeDecodeError:
        raise _Usage(
            f"{path}: not UTF-8 text; is it a binary file, or compressed other "
            "than with gzip?"
        ) from None
    except (gzip.BadGzipFile, EOFError) as error:
        raise _Usage(f"{path}: not a whole gzip file ({error})") from None
    except BrokenProcessPool:
        raise _Usage(
            "a worker process stopped before it finished (out of memory?); try "
            "fewer --workers"
        ) from None


def _partitions(path: Path, workers: int) -> list[Partition] | None:
    """The partitions to count a file or directory in, or None to read a file in
    one pass in this process, as ``--workers 1`` always has."""
    from .partitions import partitions

    if path.is_dir():
        return partitions(path)
    if workers == 1:
        return None
    return partitions(path, parts=workers * PARTS_PER_WORKER)


def _readable_twice(path: Path) -> Path:
    """``path``, or for standard input (``-``), a pipe or a FIFO, which can be read
    only once, a temporary copy of it."""
    return _spooled(path) if str(path) == "-" or _is_stream(path) else path


def _spooled(path: Path) -> Path:
    """Standard input (``-``), a pipe or a FIFO copied to a temporary file, so it can
    be read more than once."""
    with tempfile.NamedTemporaryFile(prefix="sensupport-", delete=False) as spool:
        if str(path) == "-":
            shutil.copyfileobj(sys.stdin.buffer, spool)
        else:
            with path.open("rb") as stream:
                shutil.copyfileobj(stream, spool)
    atexit.register(os.unlink, spool.name)
    return Path(spool.name)


def _is_stream(path: Path) -> bool:
    """True for what can be read only once: a pipe, a FIFO, /dev/stdin."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False  # opening it will say why
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _latest_event_on(path: Path) -> dt.date | None:
    """The data date of a file, read from its JSON without loading the records."""
    from .partitions import Partition, latest_event_on_lines

    with _read_errors(path):
        return latest_event_on_lines(Partition(path=path).lines("surrogateescape"))


def _records(path: Path | None) -> Iterator[SupportRecord]:
    from .partitions import Partition
    from .synth import load_sample

    if path is None:
        yield from load_sample()
        return
    with _read_errors(path):
        yield from Partition(path=path).records()


def _provision_maps(path: Path | None, records: Path | None) -> list[ProvisionMap]:
    """The maps ``--provision-map`` names: none, the sample's, or a file's."""
    from .serialization import load_lines
    from .synth import load_sample_provision_maps

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
    from ._report._workforce import pair_workforces
    from .serialization import load_lines
    from .synth import load_sample_workforces
    from .workforce import Workforce

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
    from ._report import Report, render

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
        from ._report import require_plotting

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
                from .columnar import load_store

                assert file is not None
                stored = file
                report = Report.build(lambda: load_store(stored), **settings)
            elif file is None or parts is None:
                report = Report.build(counted, **settings)
            else:
                from .partitions import build_report

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


def _is_store(path: Path) -> bool:
    """Whether ``path`` is a columnar store (`sensupport store` writes them)."""
    return path.is_dir() and (path / "records").is_dir()


def _store(args: argparse.Namespace) -> int:
    from .columnar import write_store_from_lines
    from .partitions import Partition

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
    from .columnar import store_report

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
    from .partitions import Partition, build_report

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
    if not asked and not _is_store(file) and file.stat().st_size < COLUMNAR_FROM:
        return 0
    try:
        import sensupport.columnar  # noqa: F401
    except ImportError:
        if asked:
            raise
        return 0
    return COLUMNAR_PART


def main_exit() -> None:
    """The console script: run `main` and exit with its code."""
    sys.exit(main())


if __name__ == "__main__":
    main_exit()
