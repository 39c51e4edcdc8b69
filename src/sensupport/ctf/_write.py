"""Writing records out as a CTF 25, a piece at a time.

Each record becomes a ``Pupil`` with the SEN history it implies: one
``SENhistory/SEN`` for each change of census provision (`RecordState.provision_changes`),
and the needs register as ``SENneeds``. The text is written as it is asked for, so
records can come from a generator and the file can be of any size.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..codes import SenProvision
from ..errors import Problem, ValidationError
from ..process.record import SupportRecord
from ..schools import School
from ._model import CTFHeader

__all__ = ["write_ctf"]

# Characters XML 1.0 cannot hold at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value: str, path: str) -> str:
    if _NOT_XML.search(value):
        raise ValidationError(
            [
                Problem(
                    code="ctf.not_xml_text",
                    message="holds a control character that XML cannot carry "
                    "(value withheld)",
                    path=path,
                )
            ],
            summary="cannot write CTF",
        )
    # A carriage return is escaped, or XML would read it back as a line feed.
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\r", "&#13;")
    )


def _element(indent: int, name: str, value: str, path: str) -> str:
    return f"{' ' * indent}<{name}>{_text(value, path)}</{name}>\n" if value else ""


def _school(tag: str, school: School, academic_year: str | None) -> str:
    path = f"header.{tag}"
    if school.la is None or school.estab is None:
        raise ValidationError(
            [
                Problem(
                    code="ctf.school_number",
                    message=f"{tag} {school.key} has no LA and establishment "
                    "numbers; a CTF header needs both",
                    path=f"{path}.la",
                )
            ],
            summary="cannot write CTF",
        )
    parts = [
        _element(6, "LEA", school.la, f"{path}.la"),
        _element(6, "Estab", school.estab, f"{path}.estab"),
        _element(6, "URN", school.urn or "", f"{path}.urn"),
        _element(6, "SchoolName", school.name, f"{path}.name"),
    ]
    if academic_year is not None:
        parts.append(_element(6, "AcademicYear", academic_year, path))
    return f"    <{tag}>\n{''.join(parts)}    </{tag}>\n"


def _header(header: CTFHeader) -> str:
    parts = [
        _element(4, "DocumentName", header.document_name, "header.document_name"),
        _element(4, "CTFversion", header.version, "header.version"),
        _element(
            4,
            "DateTime",
            header.date_time.isoformat(timespec="seconds"),
            "header.date_time",
        ),
        _element(4, "DocumentQualifier", header.document_qualifier, "header"),
        _element(4, "SupplierID", header.supplier_id, "header.supplier_id"),
        _school("SourceSchool", header.source, header.academic_year),
    ]
    if header.dest is not None:
        parts.append(_school("DestSchool", header.dest, None))
    return f"  <Header>\n{''.join(parts)}  </Header>\n"


def _pupil(record: SupportRecord, index: int) -> str:
    pupil = record.pupil
    path = f"records[{index}].pupil"
    if pupil.upn is None:
        raise ValidationError(
            [
                Problem(
                    code="ctf.no_upn",
                    message=f"pupil {pupil.pupil_id!r} has no UPN; a CTF names each "
                    "pupil by UPN",
                    path=f"{path}.upn",
                )
            ],
            summary="cannot write CTF",
        )
    born = pupil.date_of_birth
    parts = [
        _element(6, "UPN", pupil.upn.value, f"{path}.upn"),
        _element(6, "Surname", pupil.family_name or "", f"{path}.family_name"),
        _element(6, "Forename", pupil.given_name or "", f"{path}.given_name"),
        _element(6, "DOB", born.isoformat() if born else "", f"{path}.date_of_birth"),
        _element(6, "Sex", pupil.sex.value if pupil.sex else "", f"{path}.sex"),
        "      <BasicDetails>\n",
        _element(8, "NCyearActual", pupil.year_group.value, f"{path}.year_group"),
        "      </BasicDetails>\n",
    ]
    changes = record.state.provision_changes
    if changes:
        parts.append("      <SENhistory>\n")
        for on, code in changes:
            parts.append(
                "        <SEN>\n"
                f"          <StartDate>{on.isoformat()}</StartDate>\n"
                f"          <SENprovision>{code.value}</SENprovision>\n"
                "        </SEN>\n"
            )
        # The census gives no need where the provision is N (rule 2125).
        if record.needs and changes[-1][1] is not SenProvision.NO_SEN:
            parts.append("        <SENneeds>\n")
            for need in record.needs:
                parts.append(
                    "          <SENneed>\n"
                    f"            <SENtype>{need.need_type.value}</SENtype>\n"
                    f"            <SENtypeRank>{need.rank}</SENtypeRank>\n"
                    "          </SENneed>\n"
                )
            parts.append("        </SENneeds>\n")
        parts.append("      </SENhistory>\n")
    return f"    <Pupil>\n{''.join(parts)}    </Pupil>\n"


def write_ctf(records: Iterable[SupportRecord], *, header: CTFHeader) -> Iterator[str]:
    """The text of a CTF 25 holding ``records``, in pieces, written as asked for.

    Each record's pupil is written with UPN, names, date of birth, sex and year
    group where known, and the SEN history the record implies. Reading the text
    back with `read_ctf` gives back records equal to those that open from a
    `SENHistoryReceived` with this header's provenance (see the CTF guide for what
    a record with later events loses).

    Args:
        records: The records, consumed once.
        header: The file's header.

    Raises:
        ValidationError: While writing, when a pupil has no UPN or a text holds a
            character XML cannot carry; the path names the record, the message
            never quotes personal data.
    """
    yield '<?xml version="1.0" encoding="UTF-8"?>\n<CTfile>\n'
    yield _header(header)
    yield "  <CTFpupilData>\n"
    for index, record in enumerate(records):
        yield _pupil(record, index)
    yield "  </CTFpupilData>\n</CTfile>\n"
