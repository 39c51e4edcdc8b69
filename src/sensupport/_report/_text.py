"""The report as text: what a SENCO reads on a terminal or in an email."""

from __future__ import annotations

from ..codes import SenProvision
from ..metrics.compare import FunnelRow
from ._model import CADENCE, ListedPupil, Report, SchoolFigures, YearFigures, rule_words
from ._provision import CALENDAR_NOTE
from ._workforce import WorkforceFigures

__all__ = ["render_text"]

_TOP = 10


# Control characters (escape sequences among them) in a pupil id or a provision name
# would reach the terminal as commands: each is shown as its code instead.
_CONTROLS = {
    c: f"\\x{c:02x}" for c in [*range(0x20), *range(0x7F, 0xA0)] if c != ord("\n")
}


def render_text(report: Report) -> str:
    """The readable report; control characters in the data are shown as codes
    (``\\x1b``), so nothing in a record can move the cursor or retitle a window."""
    return _render(report).translate(_CONTROLS)


def _render(report: Report) -> str:
    if report.records == 0:
        return "SEN support report\n\nNo records: nothing to report.\n"
    on_support = dict(report.provision).get(SenProvision.SEN_SUPPORT.value, 0)
    assert report.data_date is not None  # every report on records has one
    coverage = report.frequency.coverage
    note = coverage.note() if coverage is not None else None
    lines = [
        "SEN support report",
        f"Period {report.start.isoformat()} to {report.end.isoformat()} (exclusive); "
        f"as of {report.as_of.isoformat()}; data to {report.data_date.isoformat()}",
        *([f"  {note}"] if note else []),
        *(
            [
                f"  As of {report.as_of_asked.isoformat()} was asked for; the data "
                f"end on {report.data_date.isoformat()}, so the figures are as of then."
            ]
            if report.as_of_asked
            else []
        ),
        "",
        *report.headline(),
        "",
        f"Cohort: {report.records} records; {on_support} pupils on SEN support (K) "
        f"as of {report.as_of.isoformat()}",
        "  by stage: " + ", ".join(f"{s} {n}" for s, n in report.stages),
        "  census SEN provision: "
        + ", ".join(
            f"{c} ({SenProvision(c).description}) {n}" for c, n in report.provision
        ),
        "",
        str(report.frequency),
        f"  (cadence: {CADENCE}, the Code of Practice's minimum for meeting "
        "parents, 6.65; pro rata for pupils on support for part of the period)",
        "",
        *_listed_text(
            "Overdue reviews",
            report.overdue_pupils,
            report.overdue_count,
            "due {on}, {days} overdue",
        ),
        "",
        *_listed_text(
            "On SEN support (K) with no plan in force",
            report.without_plan,
            report.without_plan_count,
            "last event {on}, {days} ago",
        ),
        "",
        str(report.attainment),
        f"  by {report.by}:",
    ]
    for key, summary in report.attainment_by.items():
        if summary.with_outcome:
            low, high = summary.met_rate_interval
            lines.append(
                f"    {key}: {summary.achieved}/{summary.with_outcome} met "
                f"({summary.met_rate:.0%}, 95% CI {low:.0%}-{high:.0%})"
            )
    lines += ["", "Provision impact (by pupils, the most used first):"]
    used = sorted(report.impact.items(), key=lambda kv: (-kv[1].pupils, str(kv[0])))
    lines += [f"  {name}: {summary}" for name, summary in used[:_TOP]] or ["  none"]
    lines += ["", *_provision_map_text(report)]
    if report.workforce is not None:
        lines += ["", *_workforce_text(report.workforce)]
    lines += ["", str(report.timeliness)]
    lines += ["", *_schools_text(report.schools)]
    lines += ["", *_trend_text(report.trend)]
    lines += ["", "Advisories most often raised in the period:"]
    lines += [
        f"  {n:>6}  {code}: {rule_words(code)}" for code, n in report.advisories[:_TOP]
    ] or ["  none"]
    return "\n".join(lines) + "\n"


def _provision_map_text(report: Report) -> list[str]:
    figures = report.provision_map
    if figures is None:
        return [
            "Provision map: none given (sensupport report --provision-map FILE costs "
            "the schools' provision)."
        ]
    lines = ["Provision map:", f"  {CALENDAR_NOTE}", f"  {figures.costs._text()}"]
    lines += ["  by area of need:"] + [
        f"    {area}: {costs._text()}" for area, costs in figures.by_area.items()
    ]
    threshold, *flagged = str(figures.high_cost).splitlines()
    lines += [f"  {threshold}", *(f"  {line}" for line in flagged[:_TOP])]
    lines += ["  Cost beside effect, most cost for least effect first:"] + [
        f"    {e.provision}: {e.verdict()}" for e in figures.effect.rows[:_TOP]
    ]
    classes = str(figures.classes).splitlines()
    return (
        lines
        + [f"  {line}" for line in classes[: _TOP + 1]]
        + (
            [f"    ... {len(classes) - _TOP - 1} more"]
            if len(classes) > _TOP + 1
            else []
        )
    )


def _workforce_text(figures: WorkforceFigures) -> list[str]:
    lines = ["Workforce:"]
    for analysis, view in zip(figures.analyses, figures.compliance, strict=True):
        lines.append(f"  School {analysis.school or '(none)'}:")
        lines += [f"    {line}" for line in str(view).splitlines()]
        lines.append(
            f"    Needs on roll on {analysis.on.isoformat()}, by area (staff who "
            "teach or support the pupils, trained):"
        )
        lines += [
            f"      {n.topic.description}: {n.pupils} pupils ({n.primary} primary), "
            f"{len(n.trained)} of {len(n.served_by)} staff trained"
            for n in analysis.areas
        ] or ["      none"]
        lines.append("    Proposed CPD, most pupils affected first (who, what, why):")
        lines += [
            f"      {g.staff_id} ({g.role.value}): {g.topic.description}, for "
            f"{len(g.pupils)} pupils"
            for g in analysis.plan[:_TOP]
        ] or ["      none: the staff serving each need are trained in it"]
        if len(analysis.plan) > _TOP:
            lines.append(f"      ... {len(analysis.plan) - _TOP} more")
    return lines


def _schools_text(schools: tuple[SchoolFigures, ...]) -> list[str]:
    lines = [
        f"Schools: {len(schools)}. Each rate against the overall rate, with the 95% "
        "and 99.8% limits for the school's size (a funnel plot: outside 95% happens "
        "by chance one time in twenty, outside 99.8% one in five hundred):"
    ]
    for s in schools:
        lines.append(
            f"  {s.name + ' ' if s.name else ''}({s.school}): {s.records} records, "
            f"{s.on_support} on K, {s.overdue} reviews overdue"
        )
        lines.append("    targets met: " + _funnel_text(s.targets_met))
        lines.append(
            "    reviews by their agreed date: " + _funnel_text(s.reviews_on_time)
        )
    return lines


def _funnel_text(row: FunnelRow | None) -> str:
    if row is None:
        return "none in the period"
    small = " [too few to read]" if row.small else ""
    return (
        f"{row.k}/{row.n} ({row.rate:.0%}); limits {row.low_95:.0%}-"
        f"{row.high_95:.0%}: {row.position}{small}"
    )


def _trend_text(years: tuple[YearFigures, ...]) -> list[str]:
    lines = ["Trend by school year (each review counted in its year):"]
    for year in years:
        targets, timing = year.targets, year.timeliness
        met = (
            targets._rate_text("met_rate", " targets met")
            if targets.with_outcome
            else "no targets reviewed"
        )
        on_time = (
            timing._rate_text("review_on_time_rate", " reviews by their agreed date")
            if timing.reviews_held
            else "no reviews held"
        )
        lines.append(f"  {year.school_year}: {met}; {on_time}")
    return lines if years else [*lines, "  nothing counted"]


def _listed_text(
    title: str, pupils: tuple[ListedPupil, ...], count: int, shape: str
) -> list[str]:
    if not count:
        return [f"{title}: none."]
    listed = "" if count == len(pupils) else f" (the first {len(pupils)} listed)"
    return [f"{title}: {count}{listed}"] + [
        f"  {p.pupil_id} (year {p.year_group}, {p.stage}): "
        + shape.format(on=p.on.isoformat(), days=_days(p.days))
        for p in pupils
    ]


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"
