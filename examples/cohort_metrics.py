"""Every metric over a small synthetic cohort, printed as tables.

Makes 200 pupils (seed 3), then for the school year 2025/26, counted to the data date
(the latest event: the data stop before the year ends), prints review frequency
against the Code of Practice's three meetings a year, target attainment by area of need
with 95% Wilson intervals, the five most used interventions with Brooks' ratio gain,
timeliness, and the reviews overdue at the end of the spring term.

Run it: ``python examples/cohort_metrics.py``
"""

from __future__ import annotations

import datetime as dt

from sensupport.calendar import Cadence
from sensupport.metrics import (
    latest_event_on,
    overdue_reviews,
    provision_impact,
    review_frequency,
    target_attainment,
    timeliness,
)
from sensupport.synth import generate_cohort

START, END = dt.date(2025, 9, 1), dt.date(2026, 9, 1)


def table(rows: list[dict[str, object]], columns: list[str]) -> str:
    """A plain text table of the chosen columns."""

    def cell(value: object) -> str:
        if isinstance(value, float):
            return f"{value:.2f}"
        return "-" if value is None else str(value)

    cells = [[cell(row.get(c)) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))]
    lines += [
        "  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in cells
    ]
    return "\n".join(lines)


def main() -> None:
    records = list(generate_cohort(pupils=200, seed=3))
    data_date = latest_event_on(records)

    frequency = review_frequency(
        records, start=START, end=END, data_date=data_date, cadence=Cadence.per_year(3)
    )
    print(f"Review frequency, 2025/26, counted to {data_date}")
    print(
        table(
            frequency.to_rows(),
            [
                "reviews",
                "pupils",
                "pupil_years",
                "reviews_per_pupil_year",
                "interval_median",
                "pupils_with_cadence_due",
                "cadence_rate",
                "cadence_rate_low",
                "cadence_rate_high",
                "pupils_with_nothing_due",
            ],
        )
    )

    print("\nTarget attainment by area of need")
    by_area = target_attainment(
        records, start=START, end=END, data_date=data_date, by="area_of_need"
    )
    print(
        table(
            by_area.to_rows(),
            [
                "area_of_need",
                "with_outcome",
                "met_rate",
                "met_rate_low",
                "met_rate_high",
                "in_time_rate",
                "past_due_without_outcome",
                "small_group",
            ],
        )
    )

    print("\nThe five most used interventions")
    impact = provision_impact(records, start=START, end=END, data_date=data_date)
    used = sorted(impact, key=lambda name: (-impact[name].pupils, str(name)))[:5]
    rows = [row for row in impact.to_rows() if row["provision"] in used]
    rows.sort(key=lambda row: used.index(row["provision"]))
    print(
        table(
            rows,
            [
                "provision",
                "pupils",
                "sessions",
                "hours",
                "mean_gain",
                "mean_ratio_gain",
                "rated_effective",
            ],
        )
    )

    print("\nTimeliness (days)")
    timing = timeliness(records, start=START, end=END, data_date=data_date)
    print(
        table(
            timing.to_rows(),
            [
                "concern_to_decision_median",
                "decision_to_plan_median",
                "plan_to_review_median",
                "ehc_decision_rate",
                "ehc_plan_rate",
            ],
        )
    )

    overdue = overdue_reviews(records, as_of=dt.date(2026, 3, 27), data_date=data_date)
    print(f"\nReviews overdue on 27 March 2026: {overdue.count}")
    print(table(overdue.to_rows()[:5], ["pupil_id", "due_on", "days_overdue"]))


if __name__ == "__main__":
    main()
