"""The local-authority numbers rule 1530 accepts, from the table shipped in data/."""

from __future__ import annotations

import csv
import datetime as dt
import functools
from importlib import resources

import attrs

__all__ = ["LocalAuthorityNumber", "la_codes", "la_table"]


@attrs.frozen(kw_only=True)
class LocalAuthorityNumber:
    """One row of the shipped table of local-authority numbers.

    Args:
        code: The 3-digit number, as characters 2-4 of a UPN give it.
        name: The authority's name in Get Information about Schools; empty where no
            source read names it.
        country: ``england``, ``wales``, ``other`` (offshore and overseas) or
            ``pseudo`` (pseudo-LA codes).
        status: ``current``, ``former`` (abolished; its UPNs keep its number), or
            empty where unknown.
        in_use_from: When an authority created since 2019 began; None otherwise.
        evidence: ``gias+1530``, ``gias`` or ``1530``: which sources list the code.
    """

    code: str
    name: str
    country: str
    status: str
    in_use_from: dt.date | None
    evidence: str


@functools.cache
def la_table() -> tuple[LocalAuthorityNumber, ...]:
    """Every row of the shipped table, read once on first use.

    >>> [(n.code, n.name) for n in la_table() if n.code in ("201", "940")]
    [('201', 'City of London'), ('940', 'North Northamptonshire')]
    """
    text = resources.files("sensupport").joinpath("data/la_codes.csv")
    lines = text.read_text(encoding="utf-8").splitlines()
    # The header comment cites the sources; the CSV starts after it.
    rows = csv.DictReader(line for line in lines if not line.startswith("#"))
    return tuple(
        LocalAuthorityNumber(
            code=row["code"],
            name=row["name"],
            country=row["country"],
            status=row["status"],
            in_use_from=(
                dt.date.fromisoformat(row["in_use_from"])
                if row["in_use_from"]
                else None
            ),
            evidence=row["evidence"],
        )
        for row in rows
    )


@functools.cache
def la_codes(on: dt.date | None = None) -> frozenset[str]:
    """The local-authority numbers rule 1530 accepts, from the shipped table.

    Former authorities' numbers stay in: a UPN keeps the number of the authority
    that allocated it. Pass your own set to `check_register` (``la_codes=``) when
    a new authority appears before this table knows it.

    Args:
        on: A census date: numbers of authorities created after it are left out.
            None for every number in the table.

    >>> "940" in la_codes(), "940" in la_codes(dt.date(2020, 1, 16))
    (True, False)
    """
    return frozenset(
        n.code
        for n in la_table()
        if on is None or n.in_use_from is None or n.in_use_from <= on
    )
