"""What a CTF reads into: its header, each pupil's outcome, and the file's summary.

>>> import datetime as dt
>>> header = CTFHeader(source=School(la="801", estab="2000", name="Hill Primary"),
...                    date_time=dt.datetime(2025, 11, 3, 9, 30))
>>> header.received_from
'Hill Primary (LA 801, estab 2000)'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import attrs

from .._keys import pseudonym as _pseudonym
from ..census import CensusEntry, CensusNeed
from ..errors import Problem
from ..process.record import SupportRecord
from ..pupils import Pupil
from ..schools import School
from ..upn import UPN

__all__ = [
    "CTF_VERSION",
    "CTFHeader",
    "CTFImport",
    "CTFPupil",
    "RawNeed",
    "RawProvision",
    "RejectedPupil",
    "School",
    "pseudonym",
]

CTF_VERSION = "25.0"
"""The ``CTFversion`` written: CTF 25, current for 2025/26 (the DfE's own exporters
write the version as ``25.0``)."""


@attrs.frozen(kw_only=True)
class CTFHeader:
    """The ``Header`` of a CTF: who sent it, to whom, when and in which version.

    Args:
        source: The school the file comes from (``SourceSchool``): its ``LEA``,
            ``Estab``, ``URN`` and ``SchoolName``.
        date_time: When the file was made (``DateTime``).
        dest: The school it is for (``DestSchool``), if named.
        document_name: ``DocumentName``; ``Common Transfer File`` for a CTF.
        version: ``CTFversion``.
        document_qualifier: ``DocumentQualifier``: ``partial`` or ``full``.
        supplier_id: ``SupplierID``: the software that wrote the file.
        academic_year: The source school's ``AcademicYear``, as written (for
            example ``2025``); empty when not given.

    >>> CTFHeader(source=School(la="801", estab="2000"),
    ...           date_time=dt.datetime(2025, 11, 3)).version
    '25.0'
    """

    source: School
    date_time: dt.datetime
    dest: School | None = None
    document_name: str = "Common Transfer File"
    version: str = CTF_VERSION
    document_qualifier: str = "partial"
    supplier_id: str = "sensupport"
    academic_year: str = ""

    @property
    def received_from(self) -> str:
        """The source school in words, as each record keeps it in ``received_from``."""
        source = self.source
        where = (
            f"LA {source.la}, estab {source.estab}"
            if source.la is not None
            else f"URN {source.urn}"
        )
        return f"{source.name} ({where})" if source.name else where


@attrs.frozen(kw_only=True)
class RawProvision:
    """One ``SENhistory/SEN`` entry exactly as written, for checks that need the text.

    >>> RawProvision(start_date="2013-09-02", provision="A").provision
    'A'
    """

    start_date: str
    provision: str


@attrs.frozen(kw_only=True)
class RawNeed:
    """One ``SENneeds/SENneed`` entry exactly as written.

    >>> RawNeed(sen_type="BESD", rank="1").sen_type
    'BESD'
    """

    sen_type: str
    rank: str


@attrs.frozen(kw_only=True)
class RejectedPupil:
    """A pupil that could not be read, with every reason, each at its path.

    Messages never quote a name, a date of birth or a UPN.

    >>> rejected = RejectedPupil(position=17, problems=(Problem(
    ...     code="upn.check_letter", message="check letter should be B, not C",
    ...     path="CTFpupilData/Pupil[17]/UPN"),))
    >>> print(rejected)
    pupil 17: CTFpupilData/Pupil[17]/UPN: check letter should be B, not C [upn.check_letter]
    """

    position: int
    problems: tuple[Problem, ...]

    def __str__(self) -> str:
        return "\n".join(f"pupil {self.position}: {p}" for p in self.problems)


@attrs.frozen(kw_only=True)
class CTFPupil:
    """What one ``Pupil`` of a CTF became.

    Exactly one holds: ``record`` (the latest SEN provision is K or E: a record that
    opens from the history), ``not_sen`` (no SEN history, or the latest provision is
    N: the pupil is read, no record is opened), or ``rejected``. ``provisions`` and
    ``needs`` keep the SEN entries as written, for checks of the raw codes (such as
    the school census rules), whatever became of the pupil.

    Args:
        position: The pupil's place in the file, from 1.
        pupil: The pupil, unless rejected.
        record: The record opened from the pupil's SEN history.
        not_sen: True when the pupil has no current SEN.
        rejected: Why the pupil could not be read.
        provisions: Each ``SENhistory/SEN`` as written, in file order.
        needs: Each ``SENneeds/SENneed`` as written, in file order.
    """

    position: int
    pupil: Pupil | None = None
    record: SupportRecord | None = None
    not_sen: bool = False
    rejected: RejectedPupil | None = None
    provisions: tuple[RawProvision, ...] = ()
    needs: tuple[RawNeed, ...] = ()

    @property
    def path(self) -> str:
        """Where the pupil is in the file: ``CTFpupilData/Pupil[17]``."""
        return f"CTFpupilData/Pupil[{self.position}]"

    def census_entry(self) -> CensusEntry | None:
        """The pupil's census SEN data as written, for `sensupport.census`; None for
        a pupil the reader refused, which has no UPN it can vouch for.

        The provision is the latest ``SEN`` entry's, N with none; the codes are kept
        as written, so the census check reports historic ones by its own rules.

        >>> from sensupport import YearGroup
        >>> pupil = CTFPupil(position=3, pupil=Pupil(pupil_id="7", year_group=YearGroup.Y2),
        ...                  provisions=(RawProvision(start_date="2019-09-02", provision="S"),),
        ...                  needs=(RawNeed(sen_type="BESD", rank="1"),))
        >>> entry = pupil.census_entry()
        >>> entry.sen_provision, entry.needs[0].sen_type, entry.row
        ('S', 'BESD', 3)
        """
        if self.rejected is not None or self.pupil is None:
            return None
        latest = max(self.provisions, key=lambda p: p.start_date, default=None)
        upn = self.pupil.upn
        return CensusEntry(
            upn="" if upn is None else upn.value,
            sen_provision="N" if latest is None else latest.provision,
            needs=tuple(
                CensusNeed(sen_type=n.sen_type, rank=n.rank) for n in self.needs
            ),
            row=self.position,
        )


@attrs.frozen(kw_only=True)
class CTFImport:
    """Everything a CTF gave: each pupil's outcome, and what the reader did not use.

    Args:
        header: The file's header.
        pupils: Each pupil's outcome, in file order.
        unused: Each path (below ``CTfile``, without positions) of an element or
            attribute the reader does not use, with how many times it occurs. Its
            children are listed too.
    """

    header: CTFHeader
    pupils: tuple[CTFPupil, ...]
    unused: Mapping[str, int] = attrs.field(factory=dict, hash=False)

    @property
    def records(self) -> tuple[SupportRecord, ...]:
        """The records opened, in file order."""
        return tuple(p.record for p in self.pupils if p.record is not None)

    @property
    def not_sen(self) -> tuple[Pupil, ...]:
        """The pupils read with no current SEN (no history, or provision N)."""
        return tuple(p.pupil for p in self.pupils if p.not_sen and p.pupil is not None)

    @property
    def rejected(self) -> tuple[RejectedPupil, ...]:
        """The pupils that could not be read."""
        return tuple(p.rejected for p in self.pupils if p.rejected is not None)

    def __str__(self) -> str:
        lines = [
            f"{len(self.pupils)} pupils read: {len(self.records)} with SEN history "
            f"opened as records, {len(self.not_sen)} with no current SEN, "
            f"{len(self.rejected)} rejected."
        ]
        if self.unused:
            lines.append(f"Not used ({len(self.unused)} paths):")
            lines += [f"  {path}: {n}" for path, n in sorted(self.unused.items())]
        return "\n".join(lines)


def pseudonym(upn: UPN, key: bytes) -> str:
    """The ``pupil_id`` the reader gives a pupil when it is given ``key``.

    The same as `Pupil.pseudonymised` gives a pupil with this UPN: ``p-`` and 20 hex
    digits of an HMAC-SHA256 under ``key`` of the UPN. The same pupil gets the same
    id from every file read with the same key, and the id does not reveal the UPN.

    >>> pseudonym(UPN.parse("B801200005001"), key=b"a secret of sixteen+ bytes")
    'p-4efc90de578223d97126'

    Raises:
        TypeError: ``key`` is not bytes.
        ValueError: ``key`` is weak: shorter than 16 bytes, one byte repeated, or
            of fewer than 8 different byte values.
    """
    return _pseudonym(key, pupil_id="", school=None, upn=upn)
