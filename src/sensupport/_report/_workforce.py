"""The report's workforce section, counted with the report's records.

Given the schools' provision maps and workforce records, the report analyses each
school's CPD needs on its date (`cpd_needs_analysis`) and sets out the statutory
qualifications (`workforce_compliance`). Its counts merge as the rest of the
report's do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Self

import attrs

from ..process.record import SupportRecord
from ..provision_groups import ProvisionMap
from ..workforce import (
    CpdAccumulator,
    CpdNeedsAnalysis,
    Workforce,
    WorkforceCompliance,
    check_staff,
    workforce_compliance,
)

__all__ = ["WorkforceCounts", "WorkforceFigures", "pair_workforces"]


@attrs.frozen(kw_only=True)
class WorkforceFigures:
    """Each school's CPD needs analysis and statutory qualifications, in order of
    the schools' keys."""

    analyses: tuple[CpdNeedsAnalysis, ...]
    compliance: tuple[WorkforceCompliance, ...]

    def sections(self) -> dict[str, list[dict[str, object]]]:
        """Named tables of flat rows, as `Report.sections` gives them."""
        return {
            "workforce_compliance": [
                {"school": school, **row.to_row()}
                for school, view in self._by_school()
                for row in view.rows
            ],
            "cpd_needs_on_roll": [
                {"school": a.school, "kind": kind, **need.to_row()}
                for a in self.analyses
                for kind, needs in (("area", a.areas), ("need_type", a.need_types))
                for need in needs
            ],
            "cpd_plan": [
                {"school": a.school, **gap.to_row()}
                for a in self.analyses
                for gap in a.plan
            ],
        }

    def _by_school(self) -> list[tuple[str, WorkforceCompliance]]:
        return [
            (a.school, view)
            for a, view in zip(self.analyses, self.compliance, strict=True)
        ]


def pair_workforces(
    maps: Sequence[ProvisionMap], workforces: Sequence[Workforce]
) -> list[tuple[ProvisionMap, Workforce]]:
    """Each workforce record with its school's provision map, in order of the
    schools' keys.

    Raises:
        ValueError: A workforce record's school has no provision map, or two
            records name one school.
        ValidationError: A workforce record names staff its map does not hold.
    """
    by_key = {m.school_key: m for m in maps}
    pairs: dict[str, tuple[ProvisionMap, Workforce]] = {}
    for workforce in workforces:
        key = workforce.school_key
        if key in pairs:
            raise ValueError(
                f"two workforce records for school {key or '(none)'!r}: give one a "
                "school"
            )
        found = by_key.get(key)
        if found is None:
            raise ValueError(
                f"the workforce record of school {key or '(none)'!r} has no provision "
                "map: its staff, classes and groups are the map's"
            )
        check_staff(found, workforce)
        pairs[key] = (found, workforce)
    return [pairs[key] for key in sorted(pairs)]


class WorkforceCounts:
    """The section's accumulators, one a school, fed the report's records.

    Raises:
        ValueError: A workforce record's school has no provision map, or two
            records name one school.
        ValidationError: A workforce record names staff its map does not hold.
    """

    def __init__(
        self,
        maps: Sequence[ProvisionMap],
        workforces: Sequence[Workforce],
        *,
        as_of: dt.date,
    ) -> None:
        self.as_of = as_of
        self._parts = [
            (found, workforce, CpdAccumulator(found, workforce, on=as_of))
            for found, workforce in pair_workforces(maps, workforces)
        ]

    def add(self, record: SupportRecord) -> None:
        for _, _, counts in self._parts:
            counts.add(record)

    def merge(self, other: WorkforceCounts) -> Self:
        for (*_, mine), (*_, theirs) in zip(self._parts, other._parts, strict=True):
            mine.merge(theirs)
        return self

    def result(self) -> WorkforceFigures:
        """The figures: the needs analysis and the compliance view of each school."""
        return WorkforceFigures(
            analyses=tuple(counts.result() for *_, counts in self._parts),
            compliance=tuple(
                workforce_compliance(found, workforce, as_of=self.as_of)
                for found, workforce, _ in self._parts
            ),
        )
