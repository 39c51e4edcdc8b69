"""The register check: each entry's rules as it is read, and duplicate UPNs (1520)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Iterator

from ._entry import CensusEntry
from ._la import la_codes as shipped_la_codes
from ._report import CensusFailure, CensusReport
from ._sen_rules import SenSettings, sen_failures
from ._upn_rules import upn_failures

__all__ = ["check_entry", "check_register", "iter_failures"]


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
    codes = shipped_la_codes(census_date) if la_codes is None else frozenset(la_codes)
    settings = SenSettings.for_census(census_date, school_phase)
    row = 1 if entry.row is None else entry.row
    return [*upn_failures(entry, row, codes), *sen_failures(entry, row, settings)]


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
    codes = shipped_la_codes(census_date) if la_codes is None else frozenset(la_codes)
    settings = SenSettings.for_census(census_date, school_phase)
    # Each UPN seen, with the row of its first entry and whether that entry has
    # been reported as a duplicate yet.
    seen: dict[str, tuple[int, str, bool]] = {}
    for position, entry in enumerate(entries, start=1):
        row = position if entry.row is None else entry.row
        yield from upn_failures(entry, row, codes)
        yield from sen_failures(entry, row, settings)
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
