"""The census rules on one entry's SEN provision and types of need: 2115 to 2250."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import attrs

from ..codes import NeedType
from ._entry import CensusEntry
from ._report import CensusFailure

__all__ = ["SenSettings", "sen_failures"]

_PROVISIONS = frozenset({"N", "K", "E"})
# Provision codes that say the pupil has SEN. S is reported by 2115 and otherwise
# read as E, as the DfE's own messages for 2170, 2230 and 2250 still do.
_WITH_SEN = frozenset({"K", "E", "S"})
_RANKS = frozenset({"1", "2"})
_HISTORIC_PROVISIONS = {
    "A": "'A' (School Action) was replaced by K (SEN support) in 2014",
    "P": "'P' (School Action Plus) was replaced by K (SEN support) in 2014",
}
_HISTORIC_TYPES = {"BESD": "'BESD' was replaced by SEMH in 2014"}
# DS (Down syndrome) is a census type of need from the January 2025 census.
_DS_FROM = dt.date(2025, 1, 1)
# The SEN unit and resourced provision indicators are not required from special
# schools and pupil referral units (the DfE's rules 5049 and 5050).
_PHASES_WITHOUT_INDICATORS = frozenset({"SP", "PR"})
_SPECIAL = "SP"

# Builds one entry's failure from a rule number, a path and a detail.
_Failure = Callable[[int, str, str], CensusFailure]


@attrs.frozen
class SenSettings:
    """What the SEN rules need to know beyond the entry."""

    need_types: frozenset[str]
    school_phase: str | None
    census_date: dt.date | None

    @classmethod
    def for_census(
        cls, census_date: dt.date | None, school_phase: str | None
    ) -> SenSettings:
        """The settings for a census on ``census_date`` in a school of a phase."""
        types = {t.value for t in NeedType}
        if census_date is not None and census_date < _DS_FROM:
            types.discard(NeedType.DS.value)
        return cls(
            need_types=frozenset(types),
            school_phase=None if school_phase is None else school_phase.strip(),
            census_date=census_date,
        )


def sen_failures(
    entry: CensusEntry, row: int, settings: SenSettings
) -> Iterator[CensusFailure]:
    """Every SEN rule the entry breaks, for an entry on ``row``."""
    provision = entry.sen_provision.strip()
    needs = [
        (i, need.sen_type.strip(), need.rank.strip())
        for i, need in enumerate(entry.needs)
        if not need.is_blank
    ]

    def failure(rule: int, path: str, detail: str) -> CensusFailure:
        return CensusFailure(
            rule=rule, row=row, path=path, detail=detail, upn=entry.upn
        )

    if provision == "S":
        yield failure(
            2115, "sen_provision", "'S' is read as E (EHC plan) for the other rules"
        )
    elif provision not in _PROVISIONS:
        yield failure(2120, "sen_provision", _provision_detail(provision))
    if provision == "N":
        if needs:
            # Removing the needs is the fix, so their own rules are not reported.
            yield failure(
                2125,
                "needs",
                f"provision is N but {len(needs)} SEN "
                f"{'type is' if len(needs) == 1 else 'types are'} given",
            )
        if settings.school_phase == _SPECIAL:
            yield failure(2180, "sen_provision", "provision is N in a special school")
        return
    yield from _ranking_failures(needs, failure)
    if provision in _WITH_SEN:
        yield from _type_failures(provision, needs, settings, failure)
        if settings.school_phase not in _PHASES_WITHOUT_INDICATORS:
            yield from _indicator_failures(entry, provision, failure)


def _ranking_failures(
    needs: list[tuple[int, str, str]], failure: _Failure
) -> Iterator[CensusFailure]:
    for i, sen_type, rank in needs:
        if rank and not sen_type:
            yield failure(
                2130, f"needs[{i}].sen_type", f"ranking {rank!r} is given with no type"
            )
        if sen_type and not rank:
            yield failure(2140, f"needs[{i}].rank", f"{sen_type!r} has no ranking")
        elif rank and rank not in _RANKS:
            yield failure(2140, f"needs[{i}].rank", f"ranking {rank!r} is not 1 or 2")
    if len(needs) == 1:
        i, _, rank = needs[0]
        if rank in _RANKS and rank != "1":
            yield failure(
                2160, f"needs[{i}].rank", f"the only SEN type is ranked {rank}"
            )
    ranks = [rank for _, _, rank in needs if rank in _RANKS]
    for rank in sorted(_RANKS):
        if ranks.count(rank) > 1:
            yield failure(
                2165, "needs", f"{ranks.count(rank)} SEN types are ranked {rank}"
            )
    if len(needs) > 2:
        yield failure(2166, "needs", f"{len(needs)} SEN types are given")


def _type_failures(
    provision: str,
    needs: list[tuple[int, str, str]],
    settings: SenSettings,
    failure: _Failure,
) -> Iterator[CensusFailure]:
    typed = [(i, sen_type) for i, sen_type, _ in needs if sen_type]
    if not typed:
        yield failure(
            2170, "needs", f"provision {provision} needs a SEN type; none is given"
        )
    for i, sen_type in typed:
        if sen_type not in settings.need_types:
            yield failure(
                2170, f"needs[{i}].sen_type", _type_detail(sen_type, settings)
            )
        elif sen_type == NeedType.NSA.value and provision != "K":
            yield failure(
                2175, f"needs[{i}].sen_type", f"NSA is given with provision {provision}"
            )


def _indicator_failures(
    entry: CensusEntry, provision: str, failure: _Failure
) -> Iterator[CensusFailure]:
    # None means the source does not carry the indicator: not checked.
    if entry.sen_unit_indicator is not None and not entry.sen_unit_indicator.strip():
        yield failure(
            2230,
            "sen_unit_indicator",
            f"provision {provision} needs a SEN unit indicator",
        )
    resourced = entry.resourced_provision_indicator
    if resourced is not None and not resourced.strip():
        yield failure(
            2250,
            "resourced_provision_indicator",
            f"provision {provision} needs a resourced provision indicator",
        )


def _provision_detail(provision: str) -> str:
    if not provision:
        return "no SEN provision is given"
    return _HISTORIC_PROVISIONS.get(provision, f"{provision!r} is not N, K or E")


def _type_detail(sen_type: str, settings: SenSettings) -> str:
    if sen_type in _HISTORIC_TYPES:
        return _HISTORIC_TYPES[sen_type]
    if sen_type == NeedType.DS.value and settings.census_date is not None:
        return (
            f"'DS' is a SEN type from the January 2025 census; the census date is "
            f"{settings.census_date.isoformat()}"
        )
    return f"{sen_type!r} is not a census SEN type"
