"""One register entry as a file gives it: strings, not codes.

The census rules concern values the code enums would already have mapped or refused
(``SenProvision("S")`` reads as E; an unknown type cannot be built at all), so an
entry keeps every value as the text it was read from. An empty string is a missing
value.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from .._validation import PRIVATE, Checked
from ..codes import SenProvision
from ..needs import Need
from ..pupils import Pupil

__all__ = ["CensusEntry", "CensusNeed"]


@attrs.frozen(kw_only=True)
class CensusNeed(Checked):
    """One SEN type with its ranking, as given (census ``SENtype``, ``SENtypeRank``).

    Args:
        sen_type: The type of need code, such as ``"SLCN"``; empty when missing.
        rank: The ranking, ``"1"`` (primary) or ``"2"`` (secondary); empty when
            missing.

    >>> CensusNeed(sen_type="SLCN", rank="1")
    CensusNeed(sen_type='SLCN', rank='1')
    """

    sen_type: str = ""
    rank: str = ""

    @property
    def is_blank(self) -> bool:
        """True when neither type nor rank is given (an empty pair of columns).

        >>> CensusNeed(sen_type=" ", rank="").is_blank
        True
        """
        return not self.sen_type.strip() and not self.rank.strip()


@attrs.frozen(kw_only=True)
class CensusEntry(Checked):
    """One pupil's census SEN data, as a register or transfer file gives it.

    The UPN is personal data: it is left out of the repr and out of every message.

    Args:
        upn: The Unique Pupil Number as given; empty when missing.
        sen_provision: The SEN provision code as given (``N``, ``K`` or ``E``; the
            historic ``S``, ``A`` and ``P`` are kept as they are so the check can
            report them); empty when missing.
        needs: The pupil's SEN types with their rankings. Pairs where both values
            are empty are ignored.
        row: Where the entry came from (a file's row number); None to number
            entries by their position in the register, from 1.
        sen_unit_indicator: The pupil's SEN unit indicator (census
            ``SENunitIndicator``) as given; None when the source does not carry it,
            so rule 2230 is not checked.
        resourced_provision_indicator: The resourced provision indicator (census
            ``ResourcedProvisionIndicator``) as given; None when the source does not
            carry it, so rule 2250 is not checked.

    >>> entry = CensusEntry(upn="B801200005001", sen_provision="K",
    ...                     needs=(CensusNeed(sen_type="SLCN", rank="1"),), row=2)
    >>> entry
    CensusEntry(sen_provision='K', needs=(CensusNeed(sen_type='SLCN', rank='1'),), row=2, sen_unit_indicator=None, resourced_provision_indicator=None)
    """

    upn: str = attrs.field(repr=False, metadata=PRIVATE)
    sen_provision: str
    needs: tuple[CensusNeed, ...] = ()
    row: int | None = None
    sen_unit_indicator: str | None = None
    resourced_provision_indicator: str | None = None

    @classmethod
    def from_pupil(
        cls,
        pupil: Pupil,
        provision: SenProvision,
        needs: Iterable[Need] = (),
        *,
        row: int | None = None,
    ) -> CensusEntry:
        """The entry that a pupil, their provision and their needs would give.

        A pupil without a UPN gives an empty one (rule 1500 then reports it).

        >>> from sensupport import Pupil, YearGroup, UPN, NeedType, SenProvision, Need
        >>> import datetime as dt
        >>> pupil = Pupil(pupil_id="MIS-7", year_group=YearGroup.Y3,
        ...               upn=UPN.parse("B801200005001"))
        >>> need = Need(need_type=NeedType.SPLD, identified_on=dt.date(2025, 10, 1))
        >>> CensusEntry.from_pupil(pupil, SenProvision.SEN_SUPPORT, [need]).needs
        (CensusNeed(sen_type='SPLD', rank='1'),)
        """
        return cls(
            upn="" if pupil.upn is None else pupil.upn.value,
            sen_provision=provision.value,
            needs=tuple(
                CensusNeed(sen_type=need.need_type.value, rank=str(need.rank))
                for need in needs
            ),
            row=row,
        )
