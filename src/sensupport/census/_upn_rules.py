"""The census rules on one entry's UPN: 1500, 1510, 1530, 1540 and 1550.

Rule 1520 (the same UPN twice) concerns the register, so it is in the register check.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from ..upn import _LETTERS, UPN
from ._entry import CensusEntry
from ._report import CensusFailure

__all__ = ["upn_failures"]


def upn_failures(
    entry: CensusEntry, row: int, la_codes: Collection[str]
) -> Iterator[CensusFailure]:
    """Every UPN rule the entry breaks, for an entry on ``row``."""
    upn = entry.upn.strip()

    def failure(rule: int, detail: str) -> CensusFailure:
        return CensusFailure(
            rule=rule, row=row, path="upn", detail=detail, upn=entry.upn
        )

    if not upn:
        yield failure(1500, "no UPN is given")
        return
    if len(upn) >= 4 and upn[1:4] not in la_codes:
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
    if upn != upn.upper():
        # `UPN.parse` reads letters in any case; the census wants them as capitals.
        if not upn[0].isupper():
            yield failure(1510, f"the check letter {upn[0]!r} is not a capital letter")
        return
    # The check letter, through the UPN type's own rule: it is reported only when
    # the other twelve characters are well formed, as it is computed from them.
    for problem in UPN.problems(upn):
        if problem.code == "upn.check_letter":
            yield failure(1510, problem.message)


def _digits(text: str) -> bool:
    # str.isdigit accepts other scripts' digits; the census wants 0-9 only.
    return text.isascii() and text.isdigit()
