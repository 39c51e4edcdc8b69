"""The cohort report behind ``sensupport report``: one pass, several formats."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from .calendar import Cadence, school_year_bounds, school_year_of
from .codes import SenProvision
from .metrics import (
    Grouped,
    OverdueReview,
    OverdueReviews,
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
from .process.record import SupportRecord
from .process.rules import RULES
from .process.stages import Stage

_EVENT_INDEX = re.compile(r"^events\[(\d+)\]")
_TOP = 10
_CADENCE = Cadence.per_year(3)


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

    def row(self) -> dict[str, object]:
        """The pupil as a flat row."""
        return {
            "pupil_id": self.pupil_id,
            "year_group": self.year_group,
            "stage": self.stage,
            "on": self.on.isoformat(),
            "days": self.days,
        }


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
    overdue: OverdueReviews
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
        if data_date is None:
            return cls._empty(as_of, start, end, by)
        as_of_asked = as_of if as_of is not None and as_of > data_date else None
        as_of = data_date if as_of is None else min(as_of, data_date)
        if start is None or end is None:
            start, end = _default_period(as_of)
        frequency = frequency_accumulator(
            start=start, end=end, data_date=data_date, cadence=_CADENCE
        )
        attainment = attainment_accumulator(start=start, end=end, data_date=data_date)
        attainment_by = attainment_accumulator(
            start=start, end=end, data_date=data_date, by=by
        )
        impact = impact_accumulator(start=start, end=end, data_date=data_date)
        timing = timeliness_accumulator(start=start, end=end, data_date=data_date)
        stages: Counter[str] = Counter()
        provision: Counter[str] = Counter()
        advisories: Counter[str] = Counter()
        overdue: list[OverdueReview] = []
        overdue_pupils: list[ListedPupil] = []
        without_plan: list[ListedPupil] = []
        count = 0
        for record in source():
            count += 1
            for acc in (frequency, attainment, attainment_by, impact, timing):
                acc.add(record)
            then = record.as_of(as_of)
            if then is not None:
                stages[then.stage.value] += 1
                provision[then.provision_on(as_of).value] += 1
                late = overdue_reviews([then], as_of=as_of, data_date=data_date).items
                overdue += late
                overdue_pupils += [_listed(then, i.due_on, as_of) for i in late]
                if _waits_for_a_plan(then, as_of):
                    without_plan.append(_listed(then, then.state.last_event_on, as_of))
            for advisory in record.advisories:
                match = _EVENT_INDEX.match(advisory.path)
                if match and start <= record.events[int(match[1])].occurred_on < end:
                    advisories[advisory.code] += 1
        return cls(
            as_of=as_of,
            start=start,
            end=end,
            by=by,
            records=count,
            data_date=data_date,
            as_of_asked=as_of_asked,
            stages=tuple(stages.most_common()),
            provision=tuple(sorted(provision.items())),
            frequency=_single(frequency.result(), ReviewFrequency),
            overdue=OverdueReviews(items=tuple(sorted(overdue))),
            attainment=_single(attainment.result(), TargetAttainment),
            attainment_by=_grouped(attainment_by.result()),
            impact=_grouped(impact.result()),
            timeliness=_single(timing.result(), Timeliness),
            advisories=tuple(advisories.most_common()),
            overdue_pupils=tuple(
                sorted(overdue_pupils, key=lambda p: (p.on, p.pupil_id))
            ),
            without_plan=tuple(
                sorted(without_plan, key=lambda p: (-p.days, p.pupil_id))
            ),
        )

    @classmethod
    def _empty(
        cls, as_of: dt.date | None, start: dt.date | None, end: dt.date | None, by: str
    ) -> Report:
        day = as_of or start or dt.date.min
        start, end = start or day, end or day + dt.timedelta(days=1)
        return cls(
            as_of=day,
            start=start,
            end=end,
            by=by,
            records=0,
            stages=(),
            provision=(),
            frequency=_single(
                frequency_accumulator(start=start, end=end).result(), ReviewFrequency
            ),
            overdue=OverdueReviews(items=()),
            attainment=_single(
                attainment_accumulator(start=start, end=end).result(), TargetAttainment
            ),
            attainment_by=_grouped(
                attainment_accumulator(start=start, end=end, by=by).result()
            ),
            impact=_grouped(impact_accumulator(start=start, end=end).result()),
            timeliness=_single(
                timeliness_accumulator(start=start, end=end).result(), Timeliness
            ),
            advisories=(),
        )

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
            "stages": [{"stage": s, "records": n} for s, n in self.stages],
            "census_provision": [{"code": c, "records": n} for c, n in self.provision],
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
                {"code": c, "count": n, "rule": _rule_words(c)}
                for c, n in self.advisories
            ],
        }

    def render(self, format: str) -> str:
        """The report as text, JSON or CSV; for HTML, see `_html.render_html`."""
        if format == "json":
            return json.dumps(self.sections(), indent=2, default=str) + "\n"
        if format == "csv":
            return _csv(self.sections())
        return self.text()

    def text(self) -> str:
        """The readable report."""
        if self.records == 0:
            return "SEN support report\n\nNo records: nothing to report.\n"
        on_support = dict(self.provision).get(SenProvision.SEN_SUPPORT.value, 0)
        assert self.data_date is not None  # every report on records has one
        coverage = self.frequency.coverage
        note = coverage.note() if coverage is not None else None
        lines = [
            "SEN support report",
            f"Period {self.start.isoformat()} to {self.end.isoformat()} (exclusive); "
            f"as of {self.as_of.isoformat()}; data to {self.data_date.isoformat()}",
            *([f"  {note}"] if note else []),
            *(
                [
                    f"  As of {self.as_of_asked.isoformat()} was asked for; the data "
                    f"end on {self.data_date.isoformat()}, so the figures are as of then."
                ]
                if self.as_of_asked
                else []
            ),
            "",
            *self._headline(on_support),
            "",
            f"Cohort: {self.records} records; {on_support} pupils on SEN support (K) "
            f"as of {self.as_of.isoformat()}",
            "  by stage: " + ", ".join(f"{s} {n}" for s, n in self.stages),
            "",
            str(self.frequency),
            f"  (cadence: {_CADENCE}, the Code of Practice's minimum for meeting "
            "parents, 6.65; pro rata for pupils on support for part of the period)",
            "",
            *_listed_text(
                "Overdue reviews",
                self.overdue_pupils,
                "due {on}, {days} days overdue",
            ),
            "",
            *_listed_text(
                "On SEN support (K) with no plan in force",
                self.without_plan,
                "last event {on}, {days} days ago",
            ),
            "",
            str(self.attainment),
            f"  by {self.by}:",
        ]
        for key, summary in self.attainment_by.items():
            if summary.with_outcome:
                low, high = summary.met_rate_interval
                lines.append(
                    f"    {key}: {summary.achieved}/{summary.with_outcome} met "
                    f"({summary.met_rate:.0%}, 95% CI {low:.0%}-{high:.0%})"
                )
        lines += ["", "Provision impact (by pupils, the most used first):"]
        used = sorted(self.impact.items(), key=lambda kv: (-kv[1].pupils, str(kv[0])))
        lines += [f"  {name}: {summary}" for name, summary in used[:_TOP]] or ["  none"]
        lines += ["", str(self.timeliness)]
        lines += ["", "Advisories most often raised in the period:"]
        lines += [
            f"  {n:>6}  {code}: {_rule_words(code)}"
            for code, n in self.advisories[:_TOP]
        ] or ["  none"]
        return "\n".join(lines) + "\n"

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
            f"{_rule_words(self.advisories[0][0])}"
            if self.advisories
            else "none"
        )
        return [
            f"On SEN support: {on_support} pupils; reviews overdue: "
            f"{len(self.overdue_pupils)}; on K with no plan in force: "
            f"{len(self.without_plan)}; {targets} in the period.",
            f"Advisory most often raised: {top}",
        ]


def _rule_words(code: str) -> str:
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


def _listed_text(title: str, pupils: tuple[ListedPupil, ...], shape: str) -> list[str]:
    if not pupils:
        return [f"{title}: none."]
    return [f"{title}: {len(pupils)}"] + [
        f"  {p.pupil_id} (year {p.year_group}, {p.stage}): "
        + shape.format(on=p.on.isoformat(), days=p.days)
        for p in pupils
    ]


def _overdue_text(overdue: OverdueReviews) -> str:
    if not overdue.items:
        return "Overdue reviews: none."
    head = f"Overdue reviews: {overdue.count}; the oldest:"
    rows = [
        f"  {i.pupil_id}: due {i.due_on.isoformat()}, {i.days_overdue} days overdue"
        for i in overdue.items[:_TOP]
    ]
    return "\n".join([head, *rows])


def _single(result: Any, kind: type[Any]) -> Any:
    assert isinstance(result, kind)  # an accumulator without `by` gives one summary
    return result


def _grouped(result: Any) -> Any:
    assert isinstance(result, Grouped)  # an accumulator with `by` gives groups
    return result


def _csv(sections: dict[str, list[dict[str, object]]]) -> str:
    columns: dict[str, None] = {"section": None}
    for rows in sections.values():
        for row in rows:
            columns.update(dict.fromkeys(row))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for name, rows in sections.items():
        for row in rows:
            writer.writerow({"section": name, **row})
    return buffer.getvalue()
