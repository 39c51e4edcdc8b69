"""The school census rules the check applies: number, the DfE's message, severity.

Each rule is written once, here; the check, the report and the docs table read it.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType

import attrs

__all__ = ["RULES", "CensusRule", "CensusSeverity"]


class CensusSeverity(enum.StrEnum):
    """The DfE's two kinds of validation failure."""

    ERROR = "error"
    """Must be corrected before the return is accepted."""
    QUERY = "query"
    """Unusual data: correct it, or explain it in a note on the return."""


# Where the wording was read: a DfE prototype of its data collection service, whose
# list of school census errors quotes each rule's message. Vendors' help pages that
# quote the same messages are named in docs/census.md.
_DFE_ERRORS_LIST = (
    "DFE-Digital/dfe-data-provider-hub, app/data/simulated-data/errors.js "
    "(commit 948713524ff1f741f3cb164e7d92e00706163f6f, 3 June 2019)"
)


@attrs.frozen(kw_only=True)
class CensusRule:
    """One school census validation rule.

    Args:
        number: The DfE's rule number.
        message: The DfE's message for the rule, in its words.
        severity: Error or query, as the DfE lists it.
        source: Where the message and severity were read.
    """

    number: int
    message: str
    severity: CensusSeverity
    source: str


def _rule(number: int, message: str) -> CensusRule:
    return CensusRule(
        number=number,
        message=message,
        severity=CensusSeverity.ERROR,
        source=_DFE_ERRORS_LIST,
    )


# The messages are the DfE's, as the source lists them. For the UPN rules the source's
# message also names the Former UPN ("... OR Former UPN invalid ..."); an entry carries
# no former UPN, so only the UPN half is kept. Trailing spaces are dropped.
RULES: Mapping[int, CensusRule] = MappingProxyType(
    {
        rule.number: rule
        for rule in (
            _rule(1500, "UPN missing"),
            _rule(1510, "UPN invalid (wrong check letter at character 1)"),
            _rule(1520, "More than one pupil record with the same UPN"),
            _rule(1530, "UPN invalid (characters 2-4 not a recognised LA code)"),
            _rule(1540, "UPN invalid (characters 5-12 not all numeric)"),
            _rule(
                1550,
                "UPN invalid (character 13 not a recognised value or is missing)",
            ),
            _rule(
                2115,
                "Code 'S' (statement of SEN) has been discontinued and is no longer "
                "in use. Please re-code this as code 'E' and carry out a review of "
                "the pupil's SEN",
            ),
            _rule(2120, "Pupil with missing SEN provision or invalid value"),
            _rule(2125, "Pupil shows SEN information where provision is none"),
            _rule(2130, "Pupil SEN type code required where SEN type ranking provided"),
            _rule(2140, "Ranking of special educational need is missing or invalid"),
            _rule(2160, "If only one SEN type is present it must be the primary need"),
            _rule(
                2165,
                "Each SEN type must have a different ranking - two needs cannot "
                "both be ranked as the primary need",
            ),
            _rule(
                2166,
                "A maximum of two types of SEN need should be included in the return",
            ),
            _rule(
                2170,
                "A valid SEN type must be provided for pupils where with a SEN "
                "provision equals 'K', 'S' or 'E'",
            ),
            _rule(
                2175,
                "SEN type code 'NSA' (SEN support but no specialist assessment of "
                "type of need) can only be used where SEN provision is code 'K' "
                "(SEN support)",
            ),
            _rule(2180, "Pupil in special school with no SEN"),
            _rule(
                2230,
                "Special provision (SEN Unit) indicator must be provided if SEN "
                "provision is equal to 'E' or 'K' or 'S'",
            ),
            _rule(
                2250,
                "Special provision (Resourced provision) indicator must be provided "
                "if SEN Provision is equal to 'E' or 'K' or 'S'",
            ),
        )
    }
)
"""Every rule the check applies, by number."""
