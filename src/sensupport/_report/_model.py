"""The report's model: every figure of the cohort report, counted by mergeable
accumulators, so a report over partitions equals the one over the whole."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
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
from ..metrics._core import Tally
from ..metrics.compare import FunnelRow, funnel
from ..process.record import SupportRecord
from ..process.rules import RULES
from ..process.stages import Stage
from ..provision_groups import ProvisionMap
from ..workforce import Workforce
from ._provision import ProvisionMapCounts, ProvisionMapFigures
from ._workforce import WorkforceCounts, WorkforceFigures

__all__ = [
    "CADENCE",
    "TREND_YEARS",
    "METRIC_NAMES",
    "ListedPupil",
    "Report",
    "ReportAccumulator",
    "ReportCounts",
    "SchoolFigures",
    "YearFigures",
    "rule_words",
]

CADENCE = Cadence.per_year(3)
"""The cadence the report checks: the Code of Practice's three meetings a year."""
TREND_YEARS = 3
"""The report's trend covers its own school year and the two before it."""
LISTED = 10_000
"""The most pupils a list of the report names (the longest overdue or waiting first);
the count is always complete. A school's list is never this long; a national
extract's would be, and would cost memory growing with the cohort."""


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
class SchoolFigures:
    """One school's figures in the report, its two rates set against the funnel's
    limits for its size (`sensupport.metrics.compare`); a rate with nothing behind it
    is None."""

    school: str
    name: str
    records: int
    on_support: int
    overdue: int
    targets_met: FunnelRow | None
    reviews_on_time: FunnelRow | None


@attrs.frozen(kw_only=True)
class YearFigures:
    """One school year of the trend: targets met and reviews held by their agreed
    date, each counted in the year of the review."""

    school_year: str
    targets: TargetAttainment
    timeliness: Timeliness


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
    overdue_count: int = 0
    without_plan_count: int = 0
    schools: tuple[SchoolFigures, ...] = ()
    trend: tuple[YearFigures, ...] = ()
    provision_map: ProvisionMapFigures | None = None
    """The provision map's figures, when the schools' maps were given."""
    workforce: WorkforceFigures | None = None
    """The CPD needs and statutory qualifications, when workforce records were given."""

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
        provision_maps: Sequence[ProvisionMap] = (),
        workforces: Sequence[Workforce] = (),
    ) -> Report:
        """Read the records and count; with the schools' ``provision_maps``, cost
        their provision too, and with their ``workforces`` (and maps), analyse their
        CPD needs and statutory qualifications.

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
            data_date,
            as_of=as_of,
            start=start,
            end=end,
            by=by,
            provision_maps=provision_maps,
            workforces=workforces,
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
                    "reviews_overdue": self.overdue_count,
                    "on_support_without_a_plan": self.without_plan_count,
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
            "schools": [_school_row(s) for s in self.schools],
            "trend": [_year_row(y) for y in self.trend],
            **(self.provision_map.sections() if self.provision_map else {}),
            **(self.workforce.sections() if self.workforce else {}),
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
            f"{self.overdue_count}; on K with no plan in force: "
            f"{self.without_plan_count}; {targets} in the period.",
            f"Advisory most often raised: {top}",
            *self._standing_out(),
        ]

    def _standing_out(self) -> list[str]:
        """The schools outside the 99.8% limits, when there are several schools."""
        if len(self.schools) < 2:
            return []
        found = [
            f"{s.name or s.school} ({words} {row.rate:.0%}, {row.position.split()[0]} "
            "the 99.8% limits)"
            for s in self.schools
            for words, row in (
                ("targets met", s.targets_met),
                ("reviews by their agreed date", s.reviews_on_time),
            )
            if row is not None and row.position.endswith("99.8%")
        ]
        return [f"Schools standing out: {'; '.join(found) or 'none'}."]


METRIC_NAMES = (
    "frequency",
    "attainment",
    "attainment_by",
    "impact",
    "timeliness",
    "attainment_by_school",
    "timeliness_by_school",
    "attainment_by_school_year",
    "timeliness_by_school_year",
)
"""The report's metrics, as `ReportCounts` names them: review frequency (against
`CADENCE`), target attainment whole and split by the report's ``by``, provision
impact by provision, timeliness, attainment and timeliness by school, and both by
school year over the trend's years (`ReportAccumulator.trend_period`)."""


@attrs.frozen(kw_only=True)
class ReportCounts:
    """A part of the report counted without records (the columnar tier counts
    tables), to add to an accumulator made with the same settings.

    ``metrics`` holds each metric of `METRIC_NAMES` as tallies by group (the key
    None for a metric that is not split), as its accumulator would count them;
    ``latest`` is the latest event of the ``records`` counted.
    """

    records: int
    latest: dt.date | None
    metrics: Mapping[str, Mapping[Hashable, Tally]]
    stages: Mapping[str, int]
    provision: Mapping[str, int]
    advisories: Mapping[str, int]
    overdue_pupils: tuple[ListedPupil, ...]
    without_plan: tuple[ListedPupil, ...]
    school_names: Mapping[str, frozenset[str]]
    school_records: Mapping[str, int]
    school_on_support: Mapping[str, int]
    school_overdue: Mapping[str, int]


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
        provision_maps: Sequence[ProvisionMap] = (),
        workforces: Sequence[Workforce] = (),
    ) -> None:
        self.as_of, self.start, self.end, self.by = as_of, start, end, by
        self._workforce = (
            WorkforceCounts(provision_maps, workforces, as_of=as_of)
            if workforces
            else None
        )
        self._provision_map = (
            ProvisionMapCounts(
                provision_maps,
                start=start,
                end=end,
                as_of=as_of,
                data_date=data_date,
            )
            if provision_maps
            else None
        )
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
        self._attainment_school = attainment_accumulator(
            start=start, end=end, data_date=data_date, by="school"
        )
        self._timing_school = timeliness_accumulator(
            start=start, end=end, data_date=data_date, by="school"
        )
        # One accumulator split by school year makes the trend in the same pass.
        first, after = self.trend_period
        trend = {"start": first, "end": after}
        self._attainment_years = attainment_accumulator(
            **trend, data_date=data_date, by="school_year"
        )
        self._timing_years = timeliness_accumulator(
            **trend, data_date=data_date, by="school_year"
        )
        self._school_names: dict[str, set[str]] = {}
        self._school_records: Counter[str] = Counter()
        self._school_on_support: Counter[str] = Counter()
        self._school_overdue: Counter[str] = Counter()
        self._stages: Counter[str] = Counter()
        self._provision: Counter[str] = Counter()
        self._advisories: Counter[str] = Counter()
        self._overdue_pupils = _Longest(key=_most_overdue)
        self._without_plan = _Longest(key=_longest_waiting)
        self._records = 0

    def _metrics(self) -> tuple[Any, ...]:
        return (
            self._frequency,
            self._attainment,
            self._attainment_by,
            self._impact,
            self._timing,
            self._attainment_school,
            self._timing_school,
            self._attainment_years,
            self._timing_years,
        )

    @property
    def costs_provision(self) -> bool:
        """Whether the accumulator costs provision maps or analyses workforce
        records, which need the records themselves."""
        return self._provision_map is not None or self._workforce is not None

    @property
    def trend_period(self) -> tuple[dt.date, dt.date]:
        """The trend's days: from the start of the earliest of its school years to
        the day after the report's date."""
        year = max(school_year_of(self.as_of) - TREND_YEARS + 1, dt.MINYEAR)
        # min: a report of no records is dated the first day there is.
        first = min(school_year_bounds(year)[0], self.as_of)
        return first, self.as_of + dt.timedelta(days=1)

    def add_counts(self, counts: ReportCounts) -> Self:
        """Add a part counted without records; returns the accumulator.

        Raises:
            ValueError: A metric of `METRIC_NAMES` is missing from the counts.
        """
        missing = [name for name in METRIC_NAMES if name not in counts.metrics]
        if missing:
            raise ValueError(f"report counts without {', '.join(missing)}")
        for name, accumulator in zip(METRIC_NAMES, self._metrics(), strict=True):
            accumulator.add_tallies(
                counts.metrics[name], records=counts.records, latest=counts.latest
            )
        self._records += counts.records
        self._stages.update(counts.stages)
        self._provision.update(counts.provision)
        self._advisories.update(counts.advisories)
        for pupil in counts.overdue_pupils:
            self._overdue_pupils.add(pupil)
        for pupil in counts.without_plan:
            self._without_plan.add(pupil)
        for key, names in counts.school_names.items():
            self._school_names.setdefault(key, set()).update(names)
        self._school_records.update(counts.school_records)
        self._school_on_support.update(counts.school_on_support)
        self._school_overdue.update(counts.school_overdue)
        return self

    @property
    def settings(self) -> tuple[dt.date, dt.date, dt.date, str, dt.date | None]:
        """What every part of one report shares: its date, period, split, data date."""
        return (self.as_of, self.start, self.end, self.by, self.data_date)

    def add(self, record: SupportRecord) -> Self:
        """Count one record; returns the accumulator, so calls can chain."""
        self._records += 1
        for accumulator in self._metrics():
            accumulator.add(record)
        if self._provision_map is not None:
            self._provision_map.add(record)
        if self._workforce is not None:
            self._workforce.add(record)
        as_of = self.as_of
        school = record.pupil.school
        key = school.key if school is not None else _NO_SCHOOL
        self._school_records[key] += 1
        if school is not None and school.name:
            self._school_names.setdefault(key, set()).add(school.name)
        then = record.as_of(as_of)
        if then is not None:
            self._stages[then.stage.value] += 1
            provision = then.provision_on(as_of)
            self._provision[provision.value] += 1
            if provision is SenProvision.SEN_SUPPORT:
                self._school_on_support[key] += 1
            late = overdue_reviews([then], as_of=as_of, data_date=self.data_date).items
            for item in late:
                self._overdue_pupils.add(_listed(then, item.due_on, as_of))
            self._school_overdue[key] += len(late)
            if _waits_for_a_plan(then, as_of):
                self._without_plan.add(_listed(then, then.state.last_event_on, as_of))
        for index, advisory in record.advisories_by_event():
            if self.start <= record.events[index].occurred_on < self.end:
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
        if (self._provision_map is None) != (other._provision_map is None):
            raise ValueError("report parts made with and without provision maps")
        for mine, theirs in zip(self._metrics(), other._metrics(), strict=True):
            mine.merge(theirs)
        if (self._workforce is None) != (other._workforce is None):
            raise ValueError("report parts made with and without workforce records")
        if self._provision_map is not None and other._provision_map is not None:
            self._provision_map.merge(other._provision_map)
        if self._workforce is not None and other._workforce is not None:
            self._workforce.merge(other._workforce)
        self._stages.update(other._stages)
        self._provision.update(other._provision)
        self._advisories.update(other._advisories)
        self._overdue_pupils.merge(other._overdue_pupils)
        self._without_plan.merge(other._without_plan)
        self._records += other._records
        for key, names in other._school_names.items():
            self._school_names.setdefault(key, set()).update(names)
        self._school_records.update(other._school_records)
        self._school_on_support.update(other._school_on_support)
        self._school_overdue.update(other._school_overdue)
        return self

    def result(self, *, as_of_asked: dt.date | None = None) -> Report:
        """The report of everything counted so far."""
        impact = _grouped(self._impact.result())
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
            impact=impact,
            timeliness=_single(self._timing.result(), Timeliness),
            advisories=tuple(
                sorted(self._advisories.items(), key=lambda kv: (-kv[1], kv[0]))
            ),
            overdue_pupils=self._overdue_pupils.items(),
            without_plan=self._without_plan.items(),
            overdue_count=self._overdue_pupils.count,
            without_plan_count=self._without_plan.count,
            schools=self._schools(),
            trend=self._trend(),
            provision_map=(
                self._provision_map.result(impact)
                if self._provision_map is not None
                else None
            ),
            workforce=(
                self._workforce.result() if self._workforce is not None else None
            ),
        )

    def _schools(self) -> tuple[SchoolFigures, ...]:
        targets = _positions(self._attainment_school.result(), "met_rate")
        on_time = _positions(self._timing_school.result(), "review_on_time_rate")
        return tuple(
            SchoolFigures(
                school=key,
                # A school written with two names is shown with the first by text.
                name=min(self._school_names.get(key, {""})),
                records=n,
                on_support=self._school_on_support[key],
                overdue=self._school_overdue[key],
                targets_met=targets.get(key),
                reviews_on_time=on_time.get(key),
            )
            for key, n in sorted(self._school_records.items())
        )

    def _trend(self) -> tuple[YearFigures, ...]:
        targets = _grouped(self._attainment_years.result())
        timing = _grouped(self._timing_years.result())
        years = sorted(set(targets) | set(timing), key=str)
        empty = {"coverage": targets.coverage}
        return tuple(
            YearFigures(
                school_year=str(year),
                targets=targets.get(year) or TargetAttainment(**empty),
                timeliness=timing.get(year) or Timeliness(**empty),
            )
            for year in years
        )


_NO_SCHOOL = "unknown"


def _most_overdue(pupil: ListedPupil) -> tuple[dt.date, str]:
    return (pupil.on, pupil.pupil_id)


def _longest_waiting(pupil: ListedPupil) -> tuple[int, str]:
    return (-pupil.days, pupil.pupil_id)


class _Longest:
    """The first `LISTED` pupils by ``key``, and how many were added in all: the
    first N of two parts merged are the first N of the whole."""

    def __init__(self, key: Callable[[ListedPupil], Any]) -> None:
        self._key = key
        self._kept: list[ListedPupil] = []
        self.count = 0

    def add(self, pupil: ListedPupil) -> None:
        self.count += 1
        self._kept.append(pupil)
        if len(self._kept) >= 2 * LISTED:
            self._trim()

    def merge(self, other: _Longest) -> None:
        self.count += other.count
        self._kept += other._kept
        self._trim()

    def _trim(self) -> None:
        self._kept.sort(key=self._key)
        del self._kept[LISTED:]

    def items(self) -> tuple[ListedPupil, ...]:
        self._trim()
        return tuple(self._kept)


def _positions(result: Any, rate: str) -> dict[str, FunnelRow]:
    return {str(row.group): row for row in funnel(_grouped(result), rate).rows}


def _school_row(figures: SchoolFigures) -> dict[str, object]:
    row: dict[str, object] = {
        "school": figures.school,
        "name": figures.name,
        "records": figures.records,
        "on_sen_support": figures.on_support,
        "reviews_overdue": figures.overdue,
    }
    for name, found in (
        ("targets_met", figures.targets_met),
        ("reviews_on_time", figures.reviews_on_time),
    ):
        row[name] = found.k if found else 0
        row[f"{name}_of"] = found.n if found else 0
        row[f"{name}_rate"] = found.rate if found else None
        row[f"{name}_position"] = found.position if found else None
    return row


def _year_row(year: YearFigures) -> dict[str, object]:
    row: dict[str, object] = {"school_year": year.school_year}
    for name, summary, rate in (
        ("targets_met", year.targets, "met_rate"),
        ("reviews_on_time", year.timeliness, "review_on_time_rate"),
    ):
        k, n = summary.rates()[rate]
        low, high = summary.interval(rate)
        row |= {
            name: k,
            f"{name}_of": n,
            f"{name}_rate": k / n if n else None,
            f"{name}_low": low,
            f"{name}_high": high,
        }
    return row


def settle(
    data_date: dt.date | None,
    *,
    as_of: dt.date | None,
    start: dt.date | None,
    end: dt.date | None,
    by: str,
    provision_maps: Sequence[ProvisionMap] = (),
    workforces: Sequence[Workforce] = (),
) -> tuple[ReportAccumulator, dt.date | None]:
    """An empty accumulator with the report's settings, worked out from those asked
    for and the data date (None when there are no records), and the ``as_of`` asked
    for when it was later than the data date and moved back to it; with the schools'
    ``provision_maps``, it costs their provision too, and with their ``workforces``
    it analyses their CPD needs.

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
        as_of=as_of,
        start=start,
        end=end,
        by=by,
        data_date=data_date,
        provision_maps=provision_maps,
        workforces=workforces,
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
