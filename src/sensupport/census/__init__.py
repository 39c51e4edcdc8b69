"""Check a register against the DfE school census rules on SEN and UPNs.

A register is any iterable of `CensusEntry`, one per pupil, holding the values as a
file gives them (strings), so values the code enums would map or refuse, such as the
discontinued provision ``S``, can be reported. `check_register` reads the entries once
and returns a `CensusReport`: every failure with the DfE's rule number and message,
grouped and counted by rule, as rows for a DataFrame or as lines of text.

>>> from sensupport.census import CensusEntry, CensusNeed, check_register
>>> register = [
...     CensusEntry(upn="B801200005001", sen_provision="K",
...                 needs=(CensusNeed(sen_type="SLCN", rank="1"),)),
...     CensusEntry(upn="A801200005002", sen_provision="N",
...                 needs=(CensusNeed(sen_type="ASD", rank="1"),)),
... ]
>>> report = check_register(register)
>>> for failure in report.failures:
...     print(failure.rule, failure.row, failure.message)
1510 2 UPN invalid (wrong check letter at character 1)
2125 2 Pupil shows SEN information where provision is none
"""

from __future__ import annotations

from ._check import check_entry, check_register, iter_failures
from ._entry import CensusEntry, CensusNeed
from ._la import LocalAuthorityNumber, la_codes, la_table
from ._report import CensusFailure, CensusReport, render_lines
from ._rules import RULES, CensusRule, CensusSeverity

__all__ = [
    "RULES",
    "CensusEntry",
    "CensusFailure",
    "CensusNeed",
    "CensusReport",
    "CensusRule",
    "CensusSeverity",
    "LocalAuthorityNumber",
    "check_entry",
    "check_register",
    "iter_failures",
    "la_codes",
    "la_table",
    "render_lines",
]
