"""Needs: what a pupil's special educational need is, ranked as the census ranks it.

A pupil has at most two needs on the census: rank 1 (primary) and rank 2 (secondary).
`check_needs` states the rules for a set of needs; `primary_need` picks the primary.

>>> import datetime as dt
>>> slcn = Need(need_type=NeedType.SLCN, rank=1, identified_on=dt.date(2025, 10, 6),
...             evidence=(EvidenceSource.SPECIALIST_ASSESSMENT,))
>>> slcn.area
<AreaOfNeed.COMMUNICATION_AND_INTERACTION: 'communication_and_interaction'>
>>> nsa = Need(need_type=NeedType.NSA, rank=2, identified_on=dt.date(2025, 10, 6))
>>> [p.code for p in check_needs([slcn, nsa])]
['needs.nsa_with_other']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs

from ._validation import Checked, Checks, distinct
from .codes import AreaOfNeed, EvidenceSource, NeedType
from .errors import Problem

__all__ = ["Need", "check_needs", "primary_need"]


@attrs.frozen(kw_only=True)
class Need(Checked):
    """One identified special educational need.

    Args:
        need_type: The census type of need.
        rank: 1 for the primary need, 2 for the secondary.
        identified_on: When the assessment identified it; None when not known, as
            for a need received as history from an MIS register or a previous
            school (the census and the CTF carry no date for a need).
        evidence: What the identification rests on, each source once.
    """

    need_type: NeedType
    identified_on: dt.date | None
    rank: int = 1
    evidence: tuple[EvidenceSource, ...] = ()

    def _check(self, checks: Checks) -> None:
        if self.rank not in (1, 2):
            checks.add(
                "rank",
                "need.rank",
                f"rank is 1 (primary) or 2 (secondary), not {self.rank}",
            )
        distinct(checks, self.evidence, "evidence", "need.evidence")

    @property
    def area(self) -> AreaOfNeed | None:
        """The broad area of need of this need's type."""
        return self.need_type.area


def check_needs(needs: Sequence[Need], path: str = "needs") -> list[Problem]:
    """Every rule the census sets on one pupil's needs that ``needs`` breaks.

    The rules: each type once; exactly one primary (rank 1) when there are any
    needs, so a single need is the primary; at most one secondary (rank 2); NSA (no
    specialist assessment) never beside an assessed need.
    """
    checks = Checks()
    seen: set[NeedType] = set()
    for i, need in enumerate(needs):
        if need.need_type in seen:
            checks.add(
                f"{path}[{i}].need_type",
                "needs.duplicate_type",
                f"{need.need_type.value} is recorded twice",
            )
        seen.add(need.need_type)
    ranks = [n.rank for n in needs]
    if needs and ranks.count(1) != 1:
        checks.add(
            path,
            "needs.primary",
            f"exactly one need must be primary (rank 1); found {ranks.count(1)}",
        )
    if ranks.count(2) > 1:
        checks.add(
            path,
            "needs.secondary",
            f"at most one need may be secondary (rank 2); found {ranks.count(2)}",
        )
    if NeedType.NSA in seen and len(seen) > 1:
        checks.add(
            path,
            "needs.nsa_with_other",
            "NSA (no specialist assessment) cannot stand beside an assessed need",
        )
    return checks.problems


def primary_need(needs: Sequence[Need]) -> Need | None:
    """The rank 1 need, or None when there is none."""
    return next((n for n in needs if n.rank == 1), None)
