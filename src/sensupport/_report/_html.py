"""The cohort report as one self-contained HTML page, charts drawn as inline SVG.

Needs matplotlib (the ``plot`` extra); it is imported only here, only when asked for.
"""

from __future__ import annotations

import html
import io
from decimal import Decimal
from typing import Any

from ..metrics import Summary
from ._model import Report
from ._provision import CALENDAR_NOTE

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; color: #1b1b1b; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; margin: 0.5rem 0; }
th, td { border-bottom: 1px solid #ccc; padding: 0.25rem 0.75rem; text-align: left;
         white-space: nowrap; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 0.5rem 0; } svg { max-width: 100%; height: auto; }
p { overflow-wrap: anywhere; }
@media print { body { max-width: none; margin: 0; } section { break-inside: avoid; }
               .scroll { overflow: visible; } }
"""


def require_plotting() -> None:
    """Raise a one-line error when the ``plot`` extra is not installed."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise ImportError(
            "--format html draws charts with matplotlib: pip install 'sensupport[plot]'"
        ) from None


def _svg(figure: Any) -> str:
    """The figure as inline SVG; the figure is closed, done or not."""
    from matplotlib import pyplot as plt

    buffer = io.StringIO()
    try:
        # No date in the metadata: the same report gives the same page.
        figure.savefig(
            buffer, format="svg", bbox_inches="tight", metadata={"Date": None}
        )
    finally:
        plt.close(figure)
    text = buffer.getvalue()
    # Drop the XML prologue so the SVG can sit inside the HTML page.
    return text[text.index("<svg") :]


def _figure(width: float = 7.0, height: float = 3.0) -> tuple[Any, Any]:
    import matplotlib

    matplotlib.use("Agg")  # draw to files only: no screen is needed
    from matplotlib import pyplot as plt

    plt.rcParams["svg.hashsalt"] = "sensupport"  # the same report gives the same page
    figure, axes = plt.subplots(figsize=(width, height))
    axes.spines[["top", "right"]].set_visible(False)
    return figure, axes


def _bar_chart(labels: list[str], values: list[int] | list[float], title: str) -> str:
    figure, axes = _figure()
    axes.barh(labels, values, color="#3b6ea5")
    axes.invert_yaxis()
    axes.set_title(title)
    return _svg(figure)


def _met_rate_chart(report: Report) -> str:
    groups = [(str(k), s) for k, s in report.attainment_by.items() if s.with_outcome]
    if not groups:
        return "<p>No targets were reviewed in the period.</p>"
    figure, axes = _figure(7.0, 0.5 + 0.45 * len(groups))
    labels = [f"{k} (n={s.with_outcome})" for k, s in groups]
    rates = [s.met_rate or 0.0 for _, s in groups]
    low = [r - s.met_rate_interval[0] for r, (_, s) in zip(rates, groups, strict=True)]
    high = [s.met_rate_interval[1] - r for r, (_, s) in zip(rates, groups, strict=True)]
    axes.errorbar(rates, labels, xerr=[low, high], fmt="o", color="#3b6ea5", capsize=3)
    axes.set_xlim(0, 1)
    axes.invert_yaxis()
    axes.set_xlabel("targets met or exceeded (95% Wilson interval)")
    return _svg(figure)


def _interval_chart(report: Report) -> str:
    if not report.frequency.intervals:
        return "<p>No reviews were held in the period.</p>"
    figure, axes = _figure()
    # Weighted by count: one value per distinct interval, however many reviews.
    values = [v for v, _ in report.frequency.intervals]
    counts = [c for _, c in report.frequency.intervals]
    axes.hist(values, bins=20, weights=counts, color="#3b6ea5")
    axes.set_xlabel("days between reviews")
    axes.set_ylabel("reviews")
    return _svg(figure)


def _funnel_chart(report: Report) -> str:
    """Each school's reviews held by their agreed date against the funnel's limits."""
    from ..metrics.compare import control_limits

    points = [
        (s.name or s.school, s.reviews_on_time)
        for s in report.schools
        if s.reviews_on_time is not None
    ]
    if len(points) < 2:
        return "<p>One school or none: nothing to compare.</p>"
    overall = sum(r.k for _, r in points) / sum(r.n for _, r in points)
    # Limits at 80 sizes spaced evenly on a log scale draw the funnel smoothly,
    # where one per size would cost time growing with the square of the largest.
    largest = max(r.n for _, r in points)
    sizes = sorted({max(1, round(largest ** (i / 79))) for i in range(80)})
    limits = [control_limits(n, overall) for n in sizes]
    figure, axes = _figure(7.0, 3.5)
    for index, style in ((0, ":"), (1, ":"), (2, "--"), (3, "--")):
        axes.plot(sizes, [x[index] for x in limits], style, color="#777")
    axes.axhline(overall, color="#777", linewidth=0.8)
    axes.scatter([r.n for _, r in points], [r.rate for _, r in points], color="#3b6ea5")
    for name, r in points:
        axes.annotate(name, (r.n, r.rate), textcoords="offset points", xytext=(4, 4))
    axes.set_ylim(0, 1)
    axes.set_xlabel("reviews held (dotted: 95% limits; dashed: 99.8%)")
    axes.set_ylabel("held by agreed date")
    return _svg(figure)


def _trend_chart(report: Report) -> str:
    years = report.trend
    if not years:
        return "<p>Nothing counted.</p>"
    figure, axes = _figure(7.0, 3.0)
    labels = [y.school_year for y in years]
    series: list[tuple[str, str, list[Summary], str]] = [
        ("targets met", "met_rate", [y.targets for y in years], "#3b6ea5"),
        (
            "reviews by agreed date",
            "review_on_time_rate",
            [y.timeliness for y in years],
            "#b5651d",
        ),
    ]
    for name, rate, summaries, colour in series:
        values, low, high = [], [], []
        for summary in summaries:
            k, n = summary.rates()[rate]
            lo, hi = summary.interval(rate)
            value = k / n if n else float("nan")
            values.append(value)
            low.append(value - lo if n else 0.0)
            high.append(hi - value if n else 0.0)
        axes.errorbar(
            labels,
            values,
            yerr=[low, high],
            fmt="o-",
            capsize=3,
            color=colour,
            label=name,
        )
    axes.set_ylim(0, 1)
    axes.legend(loc="lower right")
    axes.set_ylabel("share (95% Wilson interval)")
    return _svg(figure)


def _table(rows: list[dict[str, object]]) -> str:
    if not rows:
        return "<p>None.</p>"
    # Wide tables scroll inside their box, so the page fits a phone.
    head = "".join(f"<th>{html.escape(str(k))}</th>" for k in rows[0])
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{_cell(v)}</td>'
            if isinstance(v, int | float | Decimal)
            else f"<td>{_cell(v)}</td>"
            for v in row.values()
        )
        + "</tr>"
        for row in rows
    )
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    return f'<div class="scroll">{table}</div>'


def _details(rows: list[dict[str, object]]) -> str:
    """A long list folded away, the table complete inside it."""
    if len(rows) <= 10:
        return _table(rows)
    return f"<details><summary>Show all {len(rows)}</summary>{_table(rows)}</details>"


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3g}"
    return html.escape("" if value is None else str(value))


SECTIONS = (
    "cohort",
    "review-frequency",
    "overdue-reviews",
    "without-a-plan",
    "target-attainment",
    "provision-impact",
    "provision-map",
    "timeliness",
    "schools",
    "trend",
    "advisories",
)
"""The ids of the page's sections, in order: every section the text report has.
With workforce records, a ``workforce`` section follows ``provision-map``."""


def _section(id: str, title: str, *body: str) -> str:
    return (
        f'<section id="{id}"><h2>{html.escape(title)}</h2>'
        + "".join(body)
        + "</section>"
    )


def _listed_words(count: int, rows: list[dict[str, object]], what: str) -> str:
    shown = "" if count == len(rows) else f" ({len(rows)} listed)"
    return f"{count} {what}{shown}."


def _text(summary: object) -> str:
    return f"<p>{html.escape(str(summary))}</p>"


def _provision_map_section(
    report: Report, sections: dict[str, list[dict[str, object]]]
) -> str:
    figures = report.provision_map
    title = "Provision map: cost and need"
    if figures is None:
        return _section(
            "provision-map",
            title,
            _text(
                "No provision map was given: sensupport report --provision-map FILE "
                "costs the schools' provision and ranks their classes by need."
            ),
        )
    areas = [(str(k), c) for k, c in figures.by_area.items()]
    classes = sections["classes_by_need_per_ta_hour"]
    chart = _bar_chart(
        [f"{k} (n={c.pupils})" for k, c in areas],
        # Drawn, not summed: a float is good enough for a bar's length.
        [float(c.cost / 100) for _, c in areas],
        "cost by area of need (£)",
    )
    return _section(
        "provision-map",
        title,
        _text(CALENDAR_NOTE),
        _text(figures.costs),
        f"<figure>{chart}</figure>",
        _text(str(figures.high_cost).splitlines()[0]),
        _details(sections["high_cost_pupils"]),
        _text("Cost beside effect, most cost for least effect first."),
        _details(sections["cost_effectiveness"]),
        _text(
            f"Classes by need per TA hour on {figures.classes.on.isoformat()}: each "
            "school's first three, then every class."
        ),
        _table(
            [
                row
                for row, rank in zip(classes, figures.classes.ranks(), strict=True)
                if rank <= 3
            ]
        ),
        _details(classes),
    )


def _workforce_section(
    report: Report, sections: dict[str, list[dict[str, object]]]
) -> str:
    figures = report.workforce
    if figures is None:
        return ""
    on = ", ".join(sorted({a.on.isoformat() for a in figures.analyses}))
    plan = sections["cpd_plan"]
    return _section(
        "workforce",
        "Workforce: CPD needs and statutory qualifications",
        _text(
            "The SENCO's qualification (SEND Regulations 2014, reg. 49) and the "
            "mandatory qualifications of teachers of classes of pupils with sensory "
            "impairment (SI 2003/1662), those needing action first."
        ),
        _table(sections["workforce_compliance"]),
        _text(
            f"Needs on roll on {on}: pupils with SEN by area and need type, and the "
            "staff who teach or support them, trained or not (a pupil counts 1 for "
            "their primary need, one half for a secondary need)."
        ),
        _details(sections["cpd_needs_on_roll"]),
        _text("Proposed CPD, most pupils affected first: who, what, why."),
        _table(plan[:10]),
        _details(plan) if len(plan) > 10 else "",
    )


def render_html(report: Report) -> str:
    """The page: headline figures, charts and the tables behind them."""
    sections = report.sections()
    stages = [s for s, _ in report.stages]
    overdue = sections["overdue_reviews"]
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>SEN support report</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>SEN support report</h1>",
        *(f"<p><strong>{html.escape(line)}</strong></p>" for line in report.headline()),
        _section(
            "cohort",
            "Where records are",
            f"<p>Period {report.start.isoformat()} to {report.end.isoformat()} "
            f"(exclusive); as of {report.as_of.isoformat()}; {report.records} "
            "records.</p>",
            f"<figure>{_bar_chart(stages, [n for _, n in report.stages], 'records by stage')}</figure>",
        ),
        _section(
            "review-frequency",
            "Review frequency",
            _text(report.frequency),
            f"<figure>{_interval_chart(report)}</figure>",
        ),
        _section(
            "overdue-reviews",
            "Overdue reviews",
            _text(
                _listed_words(
                    report.overdue_count, overdue, "reviews overdue, the oldest first"
                )
            ),
            _details(overdue),
        ),
        _section(
            "without-a-plan",
            "On SEN support (K) with no plan in force",
            _text(
                _listed_words(
                    report.without_plan_count,
                    sections["on_support_without_a_plan"],
                    "pupils, the longest waiting first",
                )
            ),
            _details(sections["on_support_without_a_plan"]),
        ),
        _section(
            "target-attainment",
            "Target attainment",
            _text(report.attainment),
            f"<figure>{_met_rate_chart(report)}</figure>",
            _table(sections[f"target_attainment_by_{report.by}"]),
        ),
        _section(
            "provision-impact",
            "Provision impact",
            _table(sections["provision_impact"]),
        ),
        _provision_map_section(report, sections),
        _workforce_section(report, sections),
        _section("timeliness", "Timeliness", _text(report.timeliness)),
        _section(
            "schools",
            "Schools",
            _text(
                "Each school's rates against the overall rate and the limits for its "
                "size: outside the 95% limits happens by chance one time in twenty, "
                "outside the 99.8% limits one time in five hundred."
            ),
            f"<figure>{_funnel_chart(report)}</figure>",
            _table(sections["schools"]),
        ),
        _section(
            "trend",
            "Trend by school year",
            _text("Each review counted in the school year it was held."),
            f"<figure>{_trend_chart(report)}</figure>",
            _table(sections["trend"]),
        ),
        _section(
            "advisories", "Advisories most often raised", _table(sections["advisories"])
        ),
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"
