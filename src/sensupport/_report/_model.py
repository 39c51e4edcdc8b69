"""The report's model: every figure of the cohort report, counted by mergeable
accumulators, so a report over partitions equals the one over the whole."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any, Self

import attrs

from ..calendar import Cadence, school_year_bounds, school_year_of
from ..codes import SenProvision
from ..metrics import (
    Grouped,
    ProvisionImpact,
    ReviewFrequency,
    TargetAttainment,
    Timeliness,
    attainment_accumulator,
    frequency_accumulator,
    impact_accumulator,
    latest_event_on,
    overdue_reviews,
    timeliness_accumulator,
)
from ..process.record import SupportRecord
from ..process.rules import RULES
from ..process.stages import Stage

__all__ = ["CADENCE", "ListedPupil", "Report", "ReportAccumulator", "rule_words"]

_EVENT_INDEX = re.compile(r"^events\[(\d+)\]")
CADENCE = Cadence.per_year(3)
"""The cadence the report checks: the Code of Practice's three meetings a year."""


def _default_period(as_of: dt.date) -> tuple[dt.date, dt.date]:
    """The school year (from 1 September) up to and including ``as_of``."""
    start, _ = school_year_bounds(school_year_of(as_of))
    return start, as_of + dt.timedelta(days=1)


@attrs.frozen(kw_only=True)
class ListedPupil:
    """A pupil the report names: overdue for review, or on K with no plan in force.

    ``on`` is the review's due date, or the last event for a pupil with no plan;
    ``days`` counts from it to the report's date.
    """

    pupil_id: str
    year_group: str
    stage: str
    on: dt.date
    days: int


@attrs.frozen(kw_only=True)
class Report:
    """Every figure of the cohort report."""

    as_of: dt.date
    start: dt.date
    end: dt.date
    by: str
    records: int
    data_date: dt.date | None = None
    as_of_asked: dt.date | None = None
    stages: tuple[tuple[str, int], ...]
    provision: tuple[tuple[str, int], ...]
    frequency: ReviewFrequency
    attainment: TargetAttainment
    attainment_by: Grouped[TargetAttainment]
    impact: Grouped[ProvisionImpact]
    timeliness: Timeliness
    advisories: tuple[tuple[str, int], ...]
    overdue_pupils: tuple[ListedPupil, ...] = ()
    without_plan: tuple[ListedPupil, ...] = ()

    @classmethod
    def build(
        cls,
        source: Callable[[], Iterable[SupportRecord]],
        *,
        as_of: dt.date | None,
        start: dt.date | None,
        end: dt.date | None,
        by: str,
        data_date: dt.date | None = None,
    ) -> Report:
        """Read the records and count.

        The data date is the extract date given, or the latest event in the records
        (found in a first pass); ``as_of`` defaults to it and cannot pass it, and a
        period that runs past it is counted to it. With no records, the report says
        so and counts nothing.

        Raises:
            ValidationError: The period starts after the data date.
        """
        if data_date is None:
            data_date = latest_event_on(source())
        counts, as_of_asked = settle(
            data_date, as_of=as_of, start=start, end=end, by=by
        )
        if data_date is None:
            return counts.result()
        return counts.add_all(source()).result(as_of_asked=as_of_asked)

    def sections(self) -> dict[str, list[dict[str, object]]]:
        """The report as named tables of flat rows (for JSON and CSV)."""
        return {
            "cohort": [
                {
                    "records": self.records,
                    "data_date": self.data_date.isoformat() if self.data_date else None,
                    "as_of": self.as_of.isoformat(),
                    "period_start": self.start.isoformat(),
                    "period_end": self.end.isoformat(),
                },
            ],
            "stages": [
                {"stage": s, "records": n, "description": Stage(s).description}
                for s, n in self.stages
            ],
            "census_provision": [
                {"code": c, "records": n, "description": SenProvision(c).description}
                for c, n in self.provision
            ],
            "review_frequency": self.frequency.to_rows(),
            "overdue_reviews": [
                {
                    "pupil_id": p.pupil_id,
                    "year_group": p.year_group,
                    "stage": p.stage,
                    "due_on": p.on.isoformat(),
                    "days_overdue": p.days,
                }
                for p in self.overdue_pupils
            ],
            "on_support_without_a_plan": [
                {
                    "pupil_id": p.pupil_id,
                    "year_group": p.year_group,
                    "stage": p.stage,
                    "last_event_on": p.on.isoformat(),
                    "days_since": p.days,
                }
                for p in self.without_plan
            ],
            "target_attainment": self.attainment.to_rows(),
            f"target_attainment_by_{self.by}": self.attainment_by.to_rows(),
            "provision_impact": self.impact.to_rows(),
            "timeliness": self.timeliness.to_rows(),
            "advisories": [
                {"code": c, "count": n, "rule": rule_words(c)}
                for c, n in self.advisories
            ],
        }

    def headline(self) -> list[str]:
        """The figures a SENCO or a head reads first, a sentence each."""
        on_support = dict(self.provision).get(SenProvision.SEN_SUPPORT.value, 0)
        return self._headline(on_support)

    def _headline(self, on_support: int) -> list[str]:
        met = self.attainment
        targets = (
            f"{met.achieved}/{met.with_outcome} targets met"
            + (f" ({met.met_rate:.0%})" if met.met_rate is not None else "")
            if met.with_outcome
            else "no targets reviewed"
        )
        top = (
            f"{self.advisories[0][0]} ({self.advisories[0][1]}): "
            f"{rule_words(self.advisories[0][0])}"
            if self.advisories
            else "none"
        )
        return [
            f"On SEN support: {on_support} pupils; reviews overdue: "
            f"{len(self.overdue_pupils)}; on K with no plan in force: "
            f"{len(self.without_plan)}; {targets} in the period.",
            f"Advisory most often raised: {top}",
        ]


class ReportAccumulator:
    """The report's counts, record by record; accumulators over partitions merge.

    Every part must be made with the same settings (the report's date, period, split
    and data date), which the caller fixes first: merging parts made otherwise is a
    `ValueError`, since their counts would not add up to one report.

    >>> import datetime as dt
    >>> from sensupport.synth import load_sample
    >>> records = list(load_sample())
    >>> settings = dict(as_of=dt.date(2026, 7, 21), start=dt.date(2025, 9, 1),
    ...                 end=dt.date(2026, 7, 22), by="area_of_need",
    ...                 data_date=dt.date(2026, 7, 21))
    >>> parts = [ReportAccumulator(**settings).add_all(records[:100]),
    ...          ReportAccumulator(**settings).add_all(records[100:])]
    >>> whole = ReportAccumulator(**settings).add_all(records).result()
    >>> parts[0].merge(parts[1]).result() == whole
    True
    """

    def __init__(
        self,
        *,
        as_of: dt.date,
        start: dt.date,
        end: dt.date,
        by: str,
        data_date: dt.date | None = None,
    ) -> None:
        self.as_of, self.start, self.end, self.by = as_of, start, end, by
        self.data_date = data_date
        self._frequency = frequency_accumulator(
            start=start, end=end, data_date=data_date, cadence=CADENCE
        )
        self._attainment = attainment_accumulator(
            start=start, end=end, data_date=data_date
        )
        self._attainment_by = attainment_accumulator(
            start=start, end=end, data_date=data_date, by=by
        )
        self._impact = impact_accumulator(start=start, end=end, data_date=data_date)
        self._timing = timeliness_accumulator(start=start, end=end, data_date=data_date)
        self._stages: Counter[str] = Counter()
        self._provision: Counter[str] = Counter()
        self._advisories: Counter[str] = Counter()
        self._overdue_pupils: list[ListedPupil] = []
        self._without_plan: list[ListedPupil] = []
        self._records = 0

    def _metrics(self) -> tuple[Any, ...]:
        return (
            self._frequency,
            self._attainment,
            self._attainment_by,
            self._impact,
            self._timing,
        )

    @property
    def settings(self) -> tuple[dt.date, dt.date, dt.date, str, dt.date | None]:
        """What every part of one report shares: its date, period, split, data date."""
        return (self.as_of, self.start, self.end, self.by, self.data_date)

    def add(self, record: SupportRecord) -> Self:
        """Count one record; returns the accumulator, so calls can chain."""
        self._records += 1
        for accumulator in self._metrics():
            accumulator.add(record)
        as_of = self.as_of
        then = record.as_of(as_of)
        if then is not None:
            self._stages[then.stage.value] += 1
            self._provision[then.provision_on(as_of).value] += 1
            late = overdue_reviews([then], as_of=as_of, data_date=self.data_date).items
            self._overdue_pupils += [_listed(then, i.due_on, as_of) for i in late]
            if _waits_for_a_plan(then, as_of):
                self._without_plan.append(
                    _listed(then, then.state.last_event_on, as_of)
                )
        for advisory in record.advisories:
            match = _EVENT_INDEX.match(advisory.path)
            if (
                match
                and self.start <= record.events[int(match[1])].occurred_on < self.end
            ):
                self._advisories[advisory.code] += 1
        return self

    def add_all(self, records: Iterable[SupportRecord]) -> Self:
        """Count every record of an iterable, consuming it once."""
        for record in records:
            self.add(record)
        return self

    def merge(self, other: ReportAccumulator) -> Self:
        """Add another part's counts to this one.

        Raises:
            ValueError: The parts were made with different settings.
        """
        if other.settings != self.settings:
            raise ValueError(
                f"report parts made with different settings cannot merge: "
                f"{self.settings} and {other.settings}"
            )
        for mine, theirs in zip(self._metrics(), other._metrics(), strict=True):
            mine.merge(theirs)
        self._stages.update(other._stages)
        self._provision.update(other._provision)
        self._advisories.update(other._advisories)
        self._overdue_pupils += other._overdue_pupils
        self._without_plan += other._without_plan
        self._records += other._records
        return self

    def result(self, *, as_of_asked: dt.date | None = None) -> Report:
        """The report of everything counted so far."""
        return Report(
            as_of=self.as_of,
            start=self.start,
            end=self.end,
            by=self.by,
            records=self._records,
            data_date=self.data_date if self._records else None,
            as_of_asked=as_of_asked,
            # Ties broken by name, so the order does not depend on the parts' order.
            stages=tuple(sorted(self._stages.items(), key=lambda kv: (-kv[1], kv[0]))),
            provision=tuple(sorted(self._provision.items())),
            frequency=_single(self._frequency.result(), ReviewFrequency),
            attainment=_single(self._attainment.result(), TargetAttainment),
            attainment_by=_grouped(self._attainment_by.result()),
            impact=_grouped(self._impact.result()),
            timeliness=_single(self._timing.result(), Timeliness),
            advisories=tuple(
                sorted(self._advisories.items(), key=lambda kv: (-kv[1], kv[0]))
            ),
            overdue_pupils=tuple(
                sorted(self._overdue_pupils, key=lambda p: (p.on, p.pupil_id))
            ),
            without_plan=tuple(
                sorted(self._without_plan, key=lambda p: (-p.days, p.pupil_id))
            ),
        )


def settle(
    data_date: dt.date | None,
    *,
    as_of: dt.date | None,
    start: dt.date | None,
    end: dt.date | None,
    by: str,
) -> tuple[ReportAccumulator, dt.date | None]:
    """An empty accumulator with the report's settings, worked out from those asked
    for and the data date (None when there are no records), and the ``as_of`` asked
    for when it was later than the data date and moved back to it.

    `Report.build` and the report over partitions settle the same way.
    """
    if data_date is None:
        day = as_of or start or dt.date.min
        start, end = start or day, end or day + dt.timedelta(days=1)
        return ReportAccumulator(as_of=day, start=start, end=end, by=by), None
    as_of_asked = as_of if as_of is not None and as_of > data_date else None
    as_of = data_date if as_of is None else min(as_of, data_date)
    if start is None or end is None:
        start, end = _default_period(as_of)
    counts = ReportAccumulator(
        as_of=as_of, start=start, end=end, by=by, data_date=data_date
    )
    return counts, as_of_asked


def rule_words(code: str) -> str:
    """A rule's code in words, with where it comes from."""
    rule = _RULES.get(code)
    if rule is None:
        return code
    return rule.summary + (f" ({rule.source})" if rule.source else "")


_RULES = {rule.code: rule for rule in RULES}


def _waits_for_a_plan(record: SupportRecord, on: dt.date) -> bool:
    """On K with no plan in force: support decided, or a review held, and no plan."""
    return (
        record.provision_on(on) is SenProvision.SEN_SUPPORT
        and record.stage in (Stage.PLAN, Stage.ASSESS)
        and record.state.current_cycle is None
    )


def _listed(record: SupportRecord, on: dt.date, as_of: dt.date) -> ListedPupil:
    return ListedPupil(
        pupil_id=record.pupil.pupil_id,
        year_group=record.pupil.year_group.value,
        stage=record.stage.value,
        on=on,
        days=(as_of - on).days,
    )


def _single(result: Any, kind: type[Any]) -> Any:
    assert isinstance(result, kind)  # an accumulator without `by` gives one summary
    return result


def _grouped(result: Any) -> Any:
    assert isinstance(result, Grouped)  # an accumulator with `by` gives groups
    return result
