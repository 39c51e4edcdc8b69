"""The checks: each entry on its own, then the register as a whole (duplicate UPNs)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Iterator

import attrs

from ..codes import NeedType
from ..upn import _LETTERS, UPN
from ._entry import CensusEntry
from ._la import la_codes as shipped_la_codes
from ._report import CensusFailure, CensusReport

__all__ = ["check_entry", "check_register", "iter_failures"]

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
class _Settings:
    need_types: frozenset[str]
    la_codes: Collection[str]
    school_phase: str | None
    census_date: dt.date | None


def _settings(
    census_date: dt.date | None,
    la_codes: Collection[str] | None,
    school_phase: str | None,
) -> _Settings:
    types = {t.value for t in NeedType}
    if census_date is not None and census_date < _DS_FROM:
        types.discard(NeedType.DS.value)
    return _Settings(
        need_types=frozenset(types),
        la_codes=shipped_la_codes(census_date) if la_codes is None else la_codes,
        school_phase=None if school_phase is None else school_phase.strip(),
        census_date=census_date,
    )


def check_entry(
    entry: CensusEntry,
    *,
    census_date: dt.date | None = None,
    la_codes: Collection[str] | None = None,
    school_phase: str | None = None,
) -> list[CensusFailure]:
    """Every census rule one entry breaks on its own: all but 1520 (duplicate UPN).

    Args:
        entry: The entry to check.
        census_date: The census date; None checks against today's codes. Decides
            whether DS is a valid type of need and which local-authority numbers
            the shipped table accepts.
        la_codes: The local-authority numbers rule 1530 accepts; None for the
            shipped table (`la_codes`).
        school_phase: The school's census phase (``PS``, ``SS``, ``SP`` ...);
            None when unknown, so rule 2180 is not checked.

    >>> from sensupport.census import CensusEntry
    >>> [f.rule for f in check_entry(CensusEntry(upn="B801200005001",
    ...                                          sen_provision="S"))]
    [2115, 2170]
    """
    settings = _settings(census_date, la_codes, school_phase)
    row = 1 if entry.row is None else entry.row
    return [*_upn_failures(entry, row, settings), *_sen_failures(entry, row, settings)]


def iter_failures(
    entries: Iterable[CensusEntry],
    *,
    census_date: dt.date | None = None,
    la_codes: Collection[str] | None = None,
    school_phase: str | None = None,
) -> Iterator[CensusFailure]:
    """Every failure in a register, reading the entries once, as they come.

    Takes the same arguments as `check_register`. An entry's failures come as soon
    as it is read; a duplicate UPN is reported for the earlier entry too when the
    later one is read.
    """
    settings = _settings(census_date, la_codes, school_phase)
    # Each UPN seen, with the row of its first entry and whether that entry has
    # been reported as a duplicate yet.
    seen: dict[str, tuple[int, str, bool]] = {}
    for position, entry in enumerate(entries, start=1):
        row = position if entry.row is None else entry.row
        yield from _upn_failures(entry, row, settings)
        yield from _sen_failures(entry, row, settings)
        key = entry.upn.strip().upper()
        if not key:
            continue
        if key not in seen:
            seen[key] = (row, entry.upn, False)
            continue
        first_row, first_upn, reported = seen[key]
        if not reported:
            yield _duplicate(first_upn, first_row, row)
            seen[key] = (first_row, first_upn, True)
        yield _duplicate(entry.upn, row, first_row)


def check_register(
    entries: Iterable[CensusEntry],
    *,
    census_date: dt.date | None = None,
    la_codes: Collection[str] | None = None,
    school_phase: str | None = None,
) -> CensusReport:
    """Check a register against the school census SEN and UPN rules.

    The entries are read once, so a generator over a large file is fine.

    Args:
        entries: The register, one entry per pupil.
        census_date: The census date; None checks against today's codes. Decides
            whether DS is a valid type of need and which local-authority numbers
            the shipped table accepts.
        la_codes: The local-authority numbers rule 1530 accepts; None for the
            shipped table (`la_codes`). Pass your own when a new authority appears.
        school_phase: The school's census phase (``PS``, ``SS``, ``SP`` ...);
            None when unknown, so rule 2180 is not checked and the SEN unit and
            resourced provision indicators are checked wherever given.

    Returns:
        Every failure, with counts by rule and ``has_errors``.

    >>> from sensupport.census import CensusEntry, CensusNeed
    >>> register = [
    ...     CensusEntry(upn="B801200005001", sen_provision="K",
    ...                 needs=(CensusNeed(sen_type="SLCN", rank="1"),)),
    ...     CensusEntry(upn="B801200005001", sen_provision="N"),
    ... ]
    >>> report = check_register(register)
    >>> report.counts(), report.has_errors
    ({1520: 2}, True)
    """
    failures: list[CensusFailure] = []
    counter = _Counted(entries)
    failures.extend(
        iter_failures(
            counter,
            census_date=census_date,
            la_codes=la_codes,
            school_phase=school_phase,
        )
    )
    return CensusReport(
        entries=counter.count, failures=tuple(failures), census_date=census_date
    )


class _Counted:
    """Passes entries through and counts them, so the register is read only once."""

    def __init__(self, entries: Iterable[CensusEntry]) -> None:
        self._entries = entries
        self.count = 0

    def __iter__(self) -> Iterator[CensusEntry]:
        for entry in self._entries:
            self.count += 1
            yield entry


def _duplicate(upn: str, row: int, other_row: int) -> CensusFailure:
    return CensusFailure(
        rule=1520,
        row=row,
        path="upn",
        detail=f"the entry on row {other_row} has the same UPN",
        upn=upn,
    )


def _upn_failures(
    entry: CensusEntry, row: int, settings: _Settings
) -> Iterator[CensusFailure]:
    upn = entry.upn.strip()

    def failure(rule: int, detail: str) -> CensusFailure:
        return CensusFailure(
            rule=rule, row=row, path="upn", detail=detail, upn=entry.upn
        )

    if not upn:
        yield failure(1500, "no UPN is given")
        return
    if len(upn) >= 4 and upn[1:4] not in settings.la_codes:
        yield failure(
            1530,
            f"characters 2 to 4 are {upn[1:4]!r}, not a local-authority number "
            f"the census accepts",
        )
    if len(upn) >= 12 and not _digits(upn[4:12]):
        yield failure(1540, "characters 5 to 12 must all be digits")
    if len(upn) < 13:
        yield failure(
            1550, f"the UPN has {len(upn)} characters, so character 13 is missing"
        )
        return
    if len(upn) > 13:
        # The DfE's schema refuses this before its numbered rules run; it is
        # reported under the rule about character 13 so it is not lost.
        yield failure(1550, f"the UPN has {len(upn)} characters, not 13")
        return
    last = upn[12]
    if not _digits(last) and last not in _LETTERS:
        yield failure(
            1550,
            f"character 13 is {last!r}: a digit, or for a temporary UPN a capital "
            f"letter other than I, O or S",
        )
    # The check letter, through the UPN type's own rule: it is reported only when
    # the other twelve characters are well formed, as it is computed from them.
    for problem in UPN.problems(upn):
        if problem.code == "upn.check_letter":
            yield failure(1510, problem.message)


def _sen_failures(
    entry: CensusEntry, row: int, settings: _Settings
) -> Iterator[CensusFailure]:
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
    settings: _Settings,
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


def _type_detail(sen_type: str, settings: _Settings) -> str:
    if sen_type in _HISTORIC_TYPES:
        return _HISTORIC_TYPES[sen_type]
    if sen_type == NeedType.DS.value and settings.census_date is not None:
        return (
            f"'DS' is a SEN type from the January 2025 census; the census date is "
            f"{settings.census_date.isoformat()}"
        )
    return f"{sen_type!r} is not a census SEN type"


def _digits(text: str) -> bool:
    # str.isdigit accepts other scripts' digits; the census wants 0-9 only.
    return text.isascii() and text.isdigit()
