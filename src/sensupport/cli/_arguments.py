"""The command line's grammar: each command and its arguments, and the types of their
values."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from .._types import DATE_AS_TEXT, DATE_IN_RANGE, is_date_in_range
from ..errors import ValidationError
from ..schools import School
from ._common import _Usage
from ._inputs import PARTS_PER_WORKER
from ._tiers import COLUMNAR_FROM, COLUMNAR_PART

# What a bare --provision-map stands for: the sample's maps, for the sample.
_SAMPLE_MAPS = Path("(the sample's provision maps)")
# And a bare --workforce: the sample's workforce records.
_SAMPLE_WORKFORCES = Path("(the sample's workforce records)")


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
    from .._report import RENDERERS
    from ..metrics import DIMENSIONS

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
        "and the report the same; auto takes the columnar tier for "
        f"{COLUMNAR_FROM // 1_000_000} MB or more of JSON Lines (a directory's files "
        "together, a gzip file's text) when the extra is installed, and says so "
        "(default: auto)",
    )
    _add_output(report)

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
    _add_output(bring_in)

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
    _add_output(sample)
    return parser


def _add_output(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "-o", "--output", type=Path, help="write here instead of standard output"
    )


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
