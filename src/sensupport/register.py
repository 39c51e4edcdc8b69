"""A school's SEN register, exported from its MIS as CSV, brought in as records.

Each row becomes a pupil and a record that opens from known history
(`SENHistoryReceived`): the provision and its start date, the ranked needs, and the
review date of the plan in force where the export has one. Nothing is invented, and
nothing is dropped without a word: a row with provision N is read but not imported
(the pupil is not on the register), a row that cannot be read is rejected with its
row number, column and reason, and the summary counts all three.

Which column holds what, and how dates are written, is a `RegisterMapping`: a dict or
a small TOML file, so an export of any shape maps without code.

>>> import datetime as dt
>>> mapping = RegisterMapping.from_dict({"columns": {
...     "pupil_id": "Adno", "year_group": "Year", "sen_provision": "SEN",
...     "primary_need": "Need", "sen_start_date": "Since", "plan_review_date": "Review"}})
>>> export = '''Adno,Year,SEN,Need,Since,Review
... 1042,Y5,K,slcn,04/03/2024,12/12/2025
... 1043,Year 2,N,,,
... 1044,R,K,dyslexia,01/09/2025,
... '''
>>> result = import_register(export.splitlines(), mapping,
...                          received_on=dt.date(2025, 11, 3), received_from="MIS")
>>> print(result)
3 rows read: 1 imported, 1 with no SEN (provision N) not imported, 1 rejected.
>>> result.records[0].stage, result.records[0].state.review_due_on
(<Stage.DO: 'do'>, datetime.date(2025, 12, 12))
>>> print(result.rejected[0])
row 4: rows[4].Need: 'dyslexia' is not a census type of need: use one of SPLD, MLD, SLD, PMLD, SEMH, SLCN, ASD, HI, VI, MSI, PD, DS, OTH, NSA (or its name) [parse.need_type]
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, ClassVar

import attrs

from ._columns import ColumnMapping, RowReader
from .census import CensusEntry, CensusNeed
from .codes import SenProvision
from .errors import Problem, ValidationError
from .needs import Need
from .parsing import (
    parse_need_type,
    parse_provision,
    parse_sex,
    parse_year_group,
    where,
)
from .process.events import SENHistoryReceived
from .process.record import SupportRecord
from .pupils import Pupil
from .schools import School
from .upn import UPN

__all__ = [
    "COLUMNS",
    "RegisterImport",
    "RegisterMapping",
    "RegisterRow",
    "RejectedRow",
    "census_entries",
    "import_register",
    "read_register",
]

COLUMNS: dict[str, str] = {
    "pupil_id": "the pupil's id in the school's system (required)",
    "year_group": "the national curriculum year (required)",
    "sen_provision": "the SEN provision code, N, K or E (required)",
    "sen_start_date": "when that provision began (required for K and E)",
    "upn": "the Unique Pupil Number",
    "primary_need": "the primary type of need (rank 1)",
    "secondary_need": "the secondary type of need (rank 2)",
    "plan_review_date": "the review date of the support plan in force",
    "sex": "the census sex code",
    "school_urn": "the school's URN (for an export of several schools)",
    "school_laestab": "the school's LA and establishment numbers, as 8012000 or "
    "801/2000 (for an export of several schools)",
    "date_of_birth": "the date of birth (personal data)",
    "given_name": "the given name (personal data)",
    "family_name": "the family name (personal data)",
}
"""Every field a mapping can name a column for, and what it holds."""
_REQUIRED = ("pupil_id", "year_group", "sen_provision", "sen_start_date")
# The pupil's own fields: a message quotes none of their values, as a document's
# pupil quotes none (a shifted column can put a name in the year group).
_PRIVATE = frozenset(
    {"date_of_birth", "given_name", "family_name", "year_group", "sex"}
)


@attrs.frozen(kw_only=True)
class RegisterMapping(ColumnMapping):
    """Which column of a register export holds each field (see `COLUMNS`), and how
    its dates are written; `from_dict`, `from_toml` and `load` make one.

    Args:
        columns: Field name (see `COLUMNS`) to the column's heading in the file.
        date_formats: ``strptime`` formats tried in order; dd/mm/yyyy and ISO by
            default.

    Raises:
        ValidationError: A required field has no column, or a field is unknown.
    """

    FIELDS: ClassVar[Mapping[str, str]] = COLUMNS
    REQUIRED: ClassVar[tuple[str, ...]] = _REQUIRED
    PRIVATE: ClassVar[frozenset[str]] = _PRIVATE
    WHAT: ClassVar[str] = "register"


@attrs.frozen(kw_only=True)
class RejectedRow:
    """A row that could not be read, with every reason, each at its column."""

    row: int
    problems: tuple[Problem, ...]

    def __str__(self) -> str:
        return "\n".join(f"row {self.row}: {p}" for p in self.problems)


@attrs.frozen(kw_only=True)
class RegisterRow:
    """What one row of the export became.

    Exactly one holds: ``record`` (imported), ``not_sen`` (provision N: read, not
    imported), or ``rejected``. ``row`` counts as a spreadsheet does: the heading is
    row 1.
    """

    row: int
    record: SupportRecord | None = None
    not_sen: bool = False
    rejected: RejectedRow | None = None


@attrs.frozen(kw_only=True)
class RegisterImport:
    """The records a register gave, the rows it rejected, and the rows with no SEN."""

    records: tuple[SupportRecord, ...]
    rejected: tuple[RejectedRow, ...]
    not_sen_rows: tuple[int, ...]

    @property
    def read(self) -> int:
        """How many rows were read."""
        return len(self.records) + len(self.rejected) + len(self.not_sen_rows)

    def __str__(self) -> str:
        return (
            f"{self.read} rows read: {len(self.records)} imported, "
            f"{len(self.not_sen_rows)} with no SEN (provision N) not imported, "
            f"{len(self.rejected)} rejected."
        )


def _upn(text: str, *, column: str, row: int) -> UPN:
    try:
        return UPN.parse(text)
    except ValidationError as error:
        raise ValidationError(
            [attrs.evolve(p, path=where(column, row)) for p in error.problems]
        ) from None


def _row_school(r: RowReader, default: School | None) -> School | None:
    urn, laestab = r.text("school_urn"), r.text("school_laestab")
    if not (urn or laestab):
        return default
    digits = laestab.replace("/", "").replace("-", "")
    try:
        return School(urn=urn or None, la=digits[:3] or None, estab=digits[3:] or None)
    except ValidationError as error:
        for problem in error.problems:
            field = "school_urn" if problem.path == "urn" else "school_laestab"
            column = r.mapping.columns[field]
            r.problems.append(attrs.evolve(problem, path=where(column, r.row)))
        return None


def _read_row(
    values: Mapping[str, str],
    mapping: RegisterMapping,
    row: int,
    history: Callable[..., SENHistoryReceived],
    school: School | None = None,
) -> RegisterRow:
    r = RowReader(values, mapping, row)
    for field in ("pupil_id", "year_group", "sen_provision"):
        r.require(field)
    year_group = r.read("year_group", parse_year_group)
    provision = r.read("sen_provision", parse_provision)
    upn = r.read("upn", _upn)
    sex = r.read("sex", parse_sex)
    school = _row_school(r, school)
    born = r.date("date_of_birth")
    if provision is SenProvision.NO_SEN and not r.problems:
        return RegisterRow(row=row, not_sen=True)
    r.require("sen_start_date")
    started = r.date("sen_start_date")
    review_due = r.date("plan_review_date")
    needs = []
    for rank, field in ((1, "primary_need"), (2, "secondary_need")):
        need_type = r.read(field, parse_need_type)
        if need_type is not None:
            needs.append(Need(need_type=need_type, rank=rank, identified_on=None))
    if r.problems:
        return RegisterRow(
            row=row, rejected=RejectedRow(row=row, problems=tuple(r.problems))
        )
    # With no problems, every required field was read.
    assert year_group is not None
    assert provision is not None
    assert started is not None
    try:
        pupil = Pupil(
            pupil_id=r.text("pupil_id"),
            year_group=year_group,
            sex=sex,
            school=school,
            upn=upn,
            date_of_birth=born,
            given_name=r.text("given_name") or None,
            family_name=r.text("family_name") or None,
        )
        event = history(
            provision=provision,
            provision_started_on=started,
            needs=tuple(needs),
            review_due_on=review_due,
        )
        record = SupportRecord(pupil=pupil, events=(event,))
    except ValidationError as error:
        problems = tuple(p.at(f"rows[{row}]") for p in error.problems)
        return RegisterRow(row=row, rejected=RejectedRow(row=row, problems=problems))
    return RegisterRow(row=row, record=record)


def read_register(
    lines: Iterable[str],
    mapping: RegisterMapping,
    *,
    received_on: dt.date,
    received_from: str,
    file: str = "",
    school: School | None = None,
) -> Iterator[RegisterRow]:
    """Each row of a CSV register export, read: a record, a row with no SEN, or a
    rejection. Streams: one row in memory at a time.

    Args:
        lines: The CSV text, line by line, its first line the headings.
        mapping: Which column holds what.
        received_on: When the register was exported or received; each record opens
            on this date.
        received_from: The system or school it came from, kept on every record.
        file: The file's name, kept on every record.
        school: The school every pupil belongs to, unless the mapping names a
            school column and the row fills it.

    Raises:
        ValidationError: A column the mapping names is not among the headings.
    """
    reader = csv.DictReader(lines)
    mapping.check_headings(reader.fieldnames or [])

    def history(**known: Any) -> SENHistoryReceived:
        return SENHistoryReceived(
            occurred_on=received_on, received_from=received_from, file=file, **known
        )

    for values in reader:
        # The line the row ends on, as a spreadsheet numbers it (headings are row 1).
        yield _read_row(values, mapping, reader.line_num, history, school)


def census_entries(
    lines: Iterable[str], mapping: RegisterMapping
) -> Iterator[CensusEntry]:
    """Each row's census SEN data as the file gives it, for `sensupport.census`.

    The values are not parsed: the census check reports them by its own rules
    (``S`` as discontinued, an unknown type, a missing rank), where the import would
    read or refuse them. The primary need is rank 1, the secondary rank 2.

    >>> from sensupport.census import check_register
    >>> mapping = RegisterMapping.from_dict({"columns": {
    ...     "pupil_id": "Id", "year_group": "Year", "sen_provision": "SEN",
    ...     "primary_need": "Need", "sen_start_date": "Since", "upn": "UPN"}})
    >>> rows = ["Id,Year,SEN,Need,Since,UPN", "7,5,S,SLCN,01/09/2024,B801200005001"]
    >>> check_register(census_entries(rows, mapping)).counts()
    {2115: 1}
    """
    reader = csv.DictReader(lines)

    def text(values: Mapping[str, str], field: str) -> str:
        column = mapping.columns.get(field)
        return "" if column is None else (values.get(column) or "").strip()

    for values in reader:
        needs = tuple(
            CensusNeed(sen_type=text(values, field), rank=rank)
            for rank, field in (("1", "primary_need"), ("2", "secondary_need"))
            if text(values, field)
        )
        yield CensusEntry(
            upn=text(values, "upn"),
            sen_provision=text(values, "sen_provision"),
            needs=needs,
            row=reader.line_num,
        )


def import_register(
    lines: Iterable[str],
    mapping: RegisterMapping,
    *,
    received_on: dt.date,
    received_from: str,
    file: str = "",
    school: School | None = None,
) -> RegisterImport:
    """Every row of a CSV register export, read into records, rejections and the
    rows with no SEN; see `read_register`."""
    records, rejected, not_sen = [], [], []
    for row in read_register(
        lines,
        mapping,
        received_on=received_on,
        received_from=received_from,
        file=file,
        school=school,
    ):
        if row.record is not None:
            records.append(row.record)
        elif row.rejected is not None:
            rejected.append(row.rejected)
        else:
            not_sen.append(row.row)
    return RegisterImport(
        records=tuple(records), rejected=tuple(rejected), not_sen_rows=tuple(not_sen)
    )
