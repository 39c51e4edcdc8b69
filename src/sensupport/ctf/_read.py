"""Reading a CTF: each pupil, and a record for each pupil with current SEN.

The file is read a pupil at a time (`read_ctf`), so a file of any size is read in
bounded memory; `import_ctf` gathers everything for a file small enough to hold.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Protocol, TypeVar

import attrs

from .._keys import check_key
from .._validation import WITHHELD
from ..codes import SenProvision, Sex, YearGroup, _Code
from ..errors import Problem, ValidationError
from ..needs import Need
from ..parsing import (
    parse_date,
    parse_need_type,
    parse_provision,
    parse_sex,
    parse_year_group,
)
from ..process.events import ProvisionPeriod, SENHistoryReceived
from ..process.record import SupportRecord
from ..pupils import Pupil
from ..upn import UPN
from ._model import (
    CTFHeader,
    CTFImport,
    CTFPupil,
    RawNeed,
    RawProvision,
    RejectedPupil,
    School,
    pseudonym,
)
from ._xml import CHUNK, Element, elements, refuse

__all__ = ["CTFReader", "Source", "import_ctf", "read_ctf"]

T_co = TypeVar("T_co", covariant=True)
C = TypeVar("C", bound=_Code)


class _Parse(Protocol[T_co]):
    def __call__(self, value: str, *, column: str = ...) -> T_co: ...


Source = str | os.PathLike[str] | IO[bytes] | Iterable[str] | Iterable[bytes]
"""A CTF: a file's path, a binary file, or the document in pieces (bytes, or text)."""

_PUPIL = "CTFpupilData/Pupil"
_SEN = f"{_PUPIL}/SENhistory"
# Every element the reader uses, by its path below CTfile. Everything else in a
# file is counted in `unused`, never dropped without a word.
USED = frozenset(
    {
        "Header",
        *(
            f"Header/{name}"
            for name in (
                "DocumentName",
                "CTFversion",
                "DateTime",
                "DocumentQualifier",
                "SupplierID",
                "SourceSchool",
                "SourceSchool/LEA",
                "SourceSchool/Estab",
                "SourceSchool/URN",
                "SourceSchool/SchoolName",
                "SourceSchool/AcademicYear",
                "DestSchool",
                "DestSchool/LEA",
                "DestSchool/Estab",
                "DestSchool/URN",
                "DestSchool/SchoolName",
            )
        ),
        "CTFpupilData",
        _PUPIL,
        *(
            f"{_PUPIL}/{name}"
            for name in (
                "UPN",
                "Surname",
                "Forename",
                "DOB",
                "Sex",
                "Gender",
                "BasicDetails",
                "BasicDetails/NCyearActual",
                "SENhistory",
                "SENhistory/SEN",
                "SENhistory/SEN/StartDate",
                "SENhistory/SEN/SENprovision",
                "SENhistory/SENneeds",
                "SENhistory/SENneeds/SENneed",
                "SENhistory/SENneeds/SENneed/SENtype",
                "SENhistory/SENneeds/SENneed/SENtypeRank",
            )
        ),
    }
)
_ROOTS = frozenset({"Header", _PUPIL})
_ISO = ("%Y-%m-%d",)


class _Reading:
    """Reads one element's children, collecting every problem instead of stopping."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, code: str, message: str, path: str) -> None:
        self.problems.append(Problem(code=code, message=message, path=path))

    def one(self, parent: Element, name: str, path: str) -> Element | None:
        found = [c for c in parent.children if c.name == name]
        if len(found) > 1:
            self.add("ctf.repeated", f"{name} is given {len(found)} times", path)
        return found[0] if found else None

    def text(self, parent: Element, name: str, path: str) -> str:
        element = self.one(parent, name, path)
        return "" if element is None else element.text

    def required(self, parent: Element, name: str, path: str, holds: str) -> str:
        text = self.text(parent, name, path)
        if not text:
            self.add(
                "ctf.missing", f"{name} is missing or empty; it holds {holds}", path
            )
        return text

    def date(self, text: str, path: str, private: bool = False) -> dt.date | None:
        if not text:
            return None
        try:
            return parse_date(text, _ISO, column=path)
        except ValidationError as error:
            for problem in error.problems:
                if private:
                    # The parser's message quotes the value: personal data.
                    message = f"not a date in yyyy-mm-dd {WITHHELD}"
                    problem = attrs.evolve(problem, message=message)
                self.problems.append(problem)
            return None

    def code(
        self, parse: _Parse[C], text: str, path: str, withheld: str = ""
    ) -> C | None:
        """``text`` read by ``parse``; with ``withheld``, what it should have been,
        said instead of the parser's message, which quotes the value."""
        if not text:
            return None
        try:
            return parse(text, column=path)
        except ValidationError as error:
            for problem in error.problems:
                if withheld:
                    message = f"could not be read as {withheld} {WITHHELD}"
                    problem = attrs.evolve(problem, message=message)
                self.problems.append(problem)
            return None


def _school(r: _Reading, header: Element, name: str, required: bool) -> School | None:
    path = f"Header/{name}"
    element = r.one(header, name, path)
    if element is None:
        if required:
            r.add("ctf.missing", f"the header names no {name}", path)
        return None
    la = r.required(element, "LEA", f"{path}/LEA", "the local authority number")
    estab = r.required(element, "Estab", f"{path}/Estab", "the establishment number")
    if not (la and estab):
        return None
    try:
        return School(
            la=la,
            estab=estab,
            urn=r.text(element, "URN", f"{path}/URN") or None,
            name=r.text(element, "SchoolName", f"{path}/SchoolName"),
        )
    except ValidationError as error:
        for problem in error.problems:
            tag = {"la": "LEA", "estab": "Estab", "urn": "URN"}[problem.path]
            r.problems.append(attrs.evolve(problem, path=f"{path}/{tag}"))
        return None


def _academic_year(r: _Reading, header: Element) -> str:
    source = next((c for c in header.children if c.name == "SourceSchool"), None)
    path = "Header/SourceSchool/AcademicYear"
    return "" if source is None else r.text(source, "AcademicYear", path)


def _header(element: Element) -> CTFHeader:
    r = _Reading()
    version = r.required(element, "CTFversion", "Header/CTFversion", "the version")
    stamp = r.required(element, "DateTime", "Header/DateTime", "when it was made")
    when: dt.datetime | None = None
    if stamp:
        try:
            when = dt.datetime.fromisoformat(stamp)
        except ValueError:
            r.add(
                "ctf.date_time",
                f"{stamp[:40]!r} is not a date and time in yyyy-mm-ddThh:mm:ss",
                "Header/DateTime",
            )
    source = _school(r, element, "SourceSchool", required=True)
    dest = _school(r, element, "DestSchool", required=False)
    if r.problems or source is None or when is None:
        raise ValidationError(r.problems, summary="invalid CTF header")
    return CTFHeader(
        source=source,
        dest=dest,
        academic_year=_academic_year(r, element),
        date_time=when,
        version=version,
        document_name=r.text(element, "DocumentName", "Header/DocumentName"),
        document_qualifier=r.text(
            element, "DocumentQualifier", "Header/DocumentQualifier"
        ),
        supplier_id=r.text(element, "SupplierID", "Header/SupplierID"),
    )


@attrs.frozen(kw_only=True)
class _Context:
    """What every pupil of one file is read with."""

    header: CTFHeader
    received_on: dt.date
    file: str
    key: bytes | None
    school: School | None


def _children(parent: Element | None, name: str) -> list[Element]:
    return [] if parent is None else [c for c in parent.children if c.name == name]


@attrs.frozen(kw_only=True)
class _Identity:
    upn: UPN | None
    born: dt.date | None
    sex: Sex | None
    year: YearGroup | None
    given_name: str | None
    family_name: str | None


def _identity(r: _Reading, element: Element, base: str) -> _Identity:
    upn_text = r.required(element, "UPN", f"{base}/UPN", "the Unique Pupil Number")
    upn = None
    if upn_text:
        # UPN's messages say what is wrong without repeating the UPN.
        try:
            upn = UPN.parse(upn_text)
        except ValidationError as error:
            r.problems.extend(
                attrs.evolve(p, path=f"{base}/UPN") for p in error.problems
            )
    born = r.date(r.text(element, "DOB", f"{base}/DOB"), f"{base}/DOB", private=True)
    # CTF 25 says Sex; CTF 24 and earlier said Gender, with the same codes.
    has_sex = any(c.name == "Sex" for c in element.children)
    sex_path = f"{base}/{'Sex' if has_sex else 'Gender'}"
    sex_text = r.text(element, "Sex" if has_sex else "Gender", sex_path)
    details = r.one(element, "BasicDetails", f"{base}/BasicDetails")
    year_path = f"{base}/BasicDetails/NCyearActual"
    year_text = "" if details is None else r.text(details, "NCyearActual", year_path)
    if not year_text:
        r.add("ctf.missing", "NCyearActual is missing: the year group", year_path)
    return _Identity(
        upn=upn,
        born=born,
        # A pupil's values are never quoted: a message could carry them anywhere.
        sex=r.code(parse_sex, sex_text, sex_path, withheld="a sex code, M or F"),
        year=r.code(parse_year_group, year_text, year_path, withheld="a year group"),
        given_name=r.text(element, "Forename", f"{base}/Forename") or None,
        family_name=r.text(element, "Surname", f"{base}/Surname") or None,
    )


_Period = tuple[dt.date, SenProvision, str]


def _provisions(
    r: _Reading, history: Element | None, base: str
) -> tuple[list[RawProvision], list[_Period]]:
    raw, periods = [], []
    for i, sen in enumerate(_children(history, "SEN"), start=1):
        path = f"{base}/SENhistory/SEN[{i}]"
        start = r.text(sen, "StartDate", f"{path}/StartDate")
        code = r.text(sen, "SENprovision", f"{path}/SENprovision")
        raw.append(RawProvision(start_date=start, provision=code))
        for name, text in (("StartDate", start), ("SENprovision", code)):
            if not text:
                r.add("ctf.missing", f"{name} is missing or empty", f"{path}/{name}")
        on = r.date(start, f"{path}/StartDate")
        provision = r.code(parse_provision, code, f"{path}/SENprovision")
        if on is not None and provision is not None:
            periods.append((on, provision, path))
    periods.sort(key=lambda period: period[0])
    for (before, _, _), (after, _, path) in itertools.pairwise(periods):
        if before == after:
            r.add(
                "ctf.sen_same_day",
                "two SEN entries start on the same day",
                f"{path}/StartDate",
            )
    return raw, periods


def _needs(
    r: _Reading, history: Element | None, base: str
) -> tuple[list[RawNeed], list[Need]]:
    raw, needs = [], []
    path = f"{base}/SENhistory/SENneeds"
    listed = None if history is None else r.one(history, "SENneeds", path)
    for i, need in enumerate(_children(listed, "SENneed"), start=1):
        at = f"{path}/SENneed[{i}]"
        type_text = r.required(need, "SENtype", f"{at}/SENtype", "the type of need")
        rank_text = r.required(need, "SENtypeRank", f"{at}/SENtypeRank", "its rank")
        raw.append(RawNeed(sen_type=type_text, rank=rank_text))
        need_type = r.code(parse_need_type, type_text, f"{at}/SENtype")
        if rank_text and rank_text not in ("1", "2"):
            r.add(
                "ctf.need_rank",
                f"{rank_text[:10]!r} is not a rank the census takes: 1 (primary) "
                "or 2 (secondary)",
                f"{at}/SENtypeRank",
            )
        elif need_type is not None and rank_text:
            needs.append(
                Need(need_type=need_type, rank=int(rank_text), identified_on=None)
            )
    return raw, needs


def _pupil(element: Element, position: int, context: _Context) -> CTFPupil:
    r = _Reading()
    base = f"CTFpupilData/Pupil[{position}]"
    who = _identity(r, element, base)
    history = r.one(element, "SENhistory", f"{base}/SENhistory")
    raw_provisions, periods = _provisions(r, history, base)
    raw_needs, needs = _needs(r, history, base)

    def outcome(
        pupil: Pupil | None = None,
        record: SupportRecord | None = None,
        not_sen: bool = False,
    ) -> CTFPupil:
        rejected = None
        if pupil is None:
            rejected = RejectedPupil(position=position, problems=tuple(r.problems))
        return CTFPupil(
            position=position,
            pupil=pupil,
            record=record,
            not_sen=not_sen,
            rejected=rejected,
            provisions=tuple(raw_provisions),
            needs=tuple(raw_needs),
        )

    if r.problems or who.year is None or who.upn is None:
        return outcome()
    if context.key is not None:
        pupil_id = pseudonym(who.upn, context.key)
    else:
        source = context.header.source
        pupil_id = f"ctf-{source.dfe_number or source.urn}-{position}"
    pupil = Pupil(
        pupil_id=pupil_id,
        year_group=who.year,
        sex=who.sex,
        upn=who.upn,
        date_of_birth=who.born,
        given_name=who.given_name,
        family_name=who.family_name,
        school=context.school,
    )
    if not periods or periods[-1][1] is SenProvision.NO_SEN:
        return outcome(pupil, not_sen=True)
    latest_on, latest, _ = periods[-1]
    try:
        event = SENHistoryReceived(
            occurred_on=context.received_on,
            provision=latest,
            provision_started_on=latest_on,
            needs=tuple(needs),
            received_from=context.header.received_from,
            file=context.file,
            earlier=tuple(
                ProvisionPeriod(started_on=on, provision=code)
                for on, code, _ in periods[:-1]
            ),
        )
        record = SupportRecord(pupil=pupil, events=(event,))
    except ValidationError as error:
        # The event's own rules (needs, dates against the day received), named at
        # the pupil's SEN history.
        at = f"{base}/SENhistory"
        r.problems.extend(
            attrs.evolve(p, path=f"{at}: {p.path}" if p.path else at)
            for p in error.problems
        )
        return outcome()
    return outcome(pupil, record)


def _chunks(source: Source) -> Iterator[str | bytes]:
    if isinstance(source, str | os.PathLike):
        with open(source, "rb") as file:
            while chunk := file.read(CHUNK):
                yield chunk
    elif hasattr(source, "read"):
        while chunk := source.read(CHUNK):
            yield chunk
    else:
        yield from source


class CTFReader:
    """A CTF being read, a pupil at a time; made by `read_ctf`.

    Iterating gives each pupil's `CTFPupil` in file order, once. ``header`` is read
    as soon as it is asked for; ``unused`` is complete once every pupil is read.
    """

    def __init__(
        self,
        source: Source,
        *,
        received_on: dt.date | None,
        file: str | None,
        key: bytes | None,
        school: School | None = None,
    ) -> None:
        if key is not None:
            key = check_key(key, "a pseudonymisation key")
        self._unused: dict[str, int] = {}
        self._elements = elements(
            _chunks(source), USED, roots=_ROOTS, unused=self._unused
        )
        if file is None:
            file = Path(source).name if isinstance(source, str | os.PathLike) else ""
        self._file, self._key, self._received_on = file, key, received_on
        self._school = school
        self._header: CTFHeader | None = None

    @property
    def header(self) -> CTFHeader:
        """The file's header.

        Raises:
            ValidationError: The file has no header before its pupils, or the header
                cannot be read.
        """
        while self._header is None:
            element = next(self._elements, None)
            if element is None or element.name != "Header":
                refuse(
                    "ctf.no_header",
                    "the file has no Header before its pupils",
                    "Header",
                )
            self._header = _header(element)
        return self._header

    @property
    def unused(self) -> Mapping[str, int]:
        """Each path of an element or attribute the reader does not use, counted."""
        return dict(self._unused)

    def __iter__(self) -> Iterator[CTFPupil]:
        header = self.header
        context = _Context(
            header=header,
            received_on=self._received_on or header.date_time.date(),
            file=self._file,
            key=self._key,
            school=header.dest or self._school,
        )
        for position, element in enumerate(self._elements, start=1):
            if element.name == "Header":
                refuse("ctf.header_repeated", "the file has a second Header", "Header")
            yield _pupil(element, position, context)


def read_ctf(
    source: Source,
    *,
    received_on: dt.date | None = None,
    file: str | None = None,
    key: bytes | None = None,
    school: School | None = None,
) -> CTFReader:
    """Read a CTF a pupil at a time: memory stays bounded whatever its size.

    Each pupil becomes a `Pupil`; one whose latest ``SENhistory/SEN`` is K or E
    (historic codes read as today's) also gets a record that opens from it with a
    `SENHistoryReceived`: that provision and its start date, the earlier entries as
    `ProvisionPeriod`, the ranked needs.

    Args:
        source: The file's path, a binary file, or the document in pieces.
        received_on: When the file was received; each record opens on this date.
            The header's ``DateTime`` by default.
        file: The file's name, kept on each record; the path's name by default.
        key: With a key (16 bytes or more), each pupil's id is `pseudonym` of
            their UPN, the same in every file. Without, it is ``ctf-``, the source
            school's DfE number and the pupil's position in the file.
        school: The school the pupils are received into, when the header names no
            ``DestSchool``; each record's pupil belongs to it.

    Raises:
        ValidationError: While reading, if the file is not well-formed XML, declares
            a DTD or an entity, is not a CTF, or its header cannot be read. A pupil
            that cannot be read is not an error: it comes back rejected.
        TypeError: ``key`` is not bytes.
        ValueError: ``key`` is weak (see `pseudonym`).
    """
    return CTFReader(source, received_on=received_on, file=file, key=key, school=school)


def import_ctf(
    source: Source,
    *,
    received_on: dt.date | None = None,
    file: str | None = None,
    key: bytes | None = None,
    school: School | None = None,
) -> CTFImport:
    """Read a whole CTF into a `CTFImport`; see `read_ctf` for the arguments."""
    reader = read_ctf(
        source, received_on=received_on, file=file, key=key, school=school
    )
    pupils = tuple(reader)
    return CTFImport(header=reader.header, pupils=pupils, unused=reader.unused)
