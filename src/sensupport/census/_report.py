"""What the check found: failures, grouped by rule, as rows and as text."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import attrs

from ..errors import Problem, ValidationError
from ._rules import RULES, CensusSeverity

__all__ = ["CensusFailure", "CensusReport", "render_lines"]


@attrs.frozen(kw_only=True)
class CensusFailure:
    """One entry breaking one census rule.

    ``message`` is the DfE's wording for the rule; ``detail`` says what exactly is
    wrong with this entry. Neither repeats the UPN. The UPN is kept (out of the repr)
    so a school can find the pupil; show it only where personal data may go.

    Args:
        rule: The DfE's rule number.
        row: The entry's row, or its position in the register from 1.
        path: The field at fault, such as ``needs[1].rank``; ``needs`` for the whole
            set of needs.
        detail: What is wrong with this entry, in words that quote codes, never the
            UPN.
        upn: The entry's UPN as given (empty when missing).
    """

    rule: int = attrs.field()
    row: int
    path: str
    detail: str
    upn: str = attrs.field(default="", repr=False)

    @rule.validator
    def _known(self, _: attrs.Attribute[int], value: int) -> None:
        if value not in RULES:
            raise ValidationError(
                [
                    Problem(
                        code="census.rule",
                        message=f"{value} is not a census rule this check knows",
                        path="rule",
                    )
                ],
                summary="invalid CensusFailure",
            )

    @property
    def message(self) -> str:
        """The DfE's message for the rule.

        >>> CensusFailure(rule=1500, row=4, path="upn", detail="upn is empty").message
        'UPN missing'
        """
        return RULES[self.rule].message

    @property
    def severity(self) -> CensusSeverity:
        """Error or query, as the DfE lists the rule."""
        return RULES[self.rule].severity


@attrs.frozen(kw_only=True)
class CensusReport:
    """Every failure found in a register, in the order found.

    Args:
        entries: How many entries were checked.
        failures: Every failure, in the order found.
        census_date: The census date the register was checked for, if given.
    """

    entries: int
    failures: tuple[CensusFailure, ...]
    census_date: dt.date | None = None

    @property
    def has_errors(self) -> bool:
        """True when any failure is an error (the return would be rejected)."""
        return any(f.severity is CensusSeverity.ERROR for f in self.failures)

    def by_rule(self) -> dict[int, tuple[CensusFailure, ...]]:
        """The failures of each rule broken, rules in number order, rows in order."""
        grouped: dict[int, list[CensusFailure]] = {}
        for failure in self.failures:
            grouped.setdefault(failure.rule, []).append(failure)
        return {
            rule: tuple(sorted(grouped[rule], key=lambda f: (f.row, f.path)))
            for rule in sorted(grouped)
        }

    def counts(self) -> dict[int, int]:
        """How many failures each rule broken has, rules in number order."""
        counted = Counter(f.rule for f in self.failures)
        return {rule: counted[rule] for rule in sorted(counted)}

    def to_rows(self, *, upn: bool = False) -> list[dict[str, object]]:
        """One flat dict per failure, by rule: ``pandas.DataFrame(report.to_rows())``.

        Args:
            upn: Add each entry's UPN (personal data) as a ``upn`` column.
        """
        rows: list[dict[str, object]] = []
        for rule, failures in self.by_rule().items():
            for f in failures:
                row: dict[str, object] = {
                    "rule": rule,
                    "severity": f.severity.value,
                    "message": f.message,
                    "row": f.row,
                    "path": f.path,
                    "detail": f.detail,
                }
                if upn:
                    row["upn"] = f.upn
                rows.append(row)
        return rows


def render_lines(report: CensusReport, *, upn: bool = False) -> list[str]:
    """The report as lines of text: a summary, then each rule broken with its rows.

    Args:
        report: What `check_register` returned.
        upn: Show each entry's UPN beside its row (personal data: only where the
            output may hold it).

    >>> report = CensusReport(entries=3, failures=(
    ...     CensusFailure(rule=2120, row=2, path="sen_provision",
    ...                   detail="'X' is not N, K or E"),))
    >>> print("\\n".join(render_lines(report)))
    3 entries checked: 1 failure (1 error, 0 queries)
    <BLANKLINE>
    2120 error: Pupil with missing SEN provision or invalid value (1)
      row 2  sen_provision: 'X' is not N, K or E
    """
    errors = sum(f.severity is CensusSeverity.ERROR for f in report.failures)
    queries = len(report.failures) - errors
    lines = [
        f"{report.entries} {_plural(report.entries, 'entry', 'entries')} checked: "
        f"{len(report.failures)} {_plural(len(report.failures), 'failure')} "
        f"({errors} {_plural(errors, 'error')}, "
        f"{queries} {_plural(queries, 'query', 'queries')})"
    ]
    for rule, failures in report.by_rule().items():
        info = RULES[rule]
        lines.append("")
        lines.append(f"{rule} {info.severity.value}: {info.message} ({len(failures)})")
        width = max(len(str(f.row)) for f in failures)
        for f in failures:
            where = f"row {f.row:<{width}}"
            if upn:
                where += f"  {f.upn or '(no UPN)':<13}"
            lines.append(f"  {where}  {f.path}: {f.detail}")
    return lines


def _plural(n: int, one: str, many: str | None = None) -> str:
    return one if n == 1 else (many or one + "s")
