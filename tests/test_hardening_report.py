"""The report's output is bounded, stable and safe to open."""

from __future__ import annotations

import datetime as dt

import pytest

from sensupport._report import Report, ReportAccumulator, render
from sensupport.synth import load_sample


def test_the_same_report_gives_the_same_page() -> None:
    report = Report.build(
        load_sample, as_of=None, start=None, end=None, by="area_of_need"
    )
    page = render(report, "html")
    assert "<dc:date>" not in page
    assert render(report, "html") == page


def test_a_long_list_keeps_the_longest_overdue_and_counts_them_all(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sensupport._report import _model

    settings = {
        "as_of": dt.date(2026, 7, 21),
        "start": dt.date(2025, 9, 1),
        "end": dt.date(2026, 7, 22),
        "by": "area_of_need",
        "data_date": dt.date(2026, 7, 21),
    }
    records = list(load_sample())
    full = ReportAccumulator(**settings).add_all(records).result()  # type: ignore[arg-type]
    monkeypatch.setattr(_model, "LISTED", 5)
    parts = [
        ReportAccumulator(**settings).add_all(records[i::3])  # type: ignore[arg-type]
        for i in range(3)
    ]
    merged = parts[0]
    for part in parts[1:]:
        merged.merge(part)
    bounded = merged.result()
    assert bounded.overdue_count == full.overdue_count == len(full.overdue_pupils)
    assert bounded.overdue_pupils == full.overdue_pupils[:5]
    assert bounded.without_plan == full.without_plan[:5]
    assert bounded.without_plan_count == full.without_plan_count
    text = render(bounded, "text")
    assert f"Overdue reviews: {full.overdue_count} (the first 5 listed)" in text


def test_no_cell_runs_as_a_formula_and_no_text_reaches_the_terminal_as_a_command() -> (
    None
):
    import csv
    import io

    import attrs

    hostile = ['=HYPERLINK("http://x","y")', "+1+1", "@SUM(A1)", "\x1b]0;owned\x07"]
    records = list(load_sample())
    report = Report.build(
        load_sample, as_of=None, start=None, end=None, by="area_of_need"
    )
    overdue_ids = {p.pupil_id for p in report.overdue_pupils}
    changed = []
    names = iter(hostile * 100)
    for record in records:
        if record.pupil.pupil_id in overdue_ids:
            pupil = attrs.evolve(record.pupil, pupil_id=next(names))
            record = attrs.evolve(record, pupil=pupil)
        changed.append(record)
    report = Report.build(
        lambda: changed, as_of=None, start=None, end=None, by="area_of_need"
    )
    rows = list(csv.DictReader(io.StringIO(render(report, "csv"))))
    ids = {row["pupil_id"] for row in rows if row["section"] == "overdue_reviews"}
    assert ids >= {"'" + name for name in hostile[:3]}
    assert not any(
        cell.startswith(("=", "+", "@"))
        for row in rows
        for cell in row.values()
        if cell
    )
    text = render(report, "text")
    assert "\x1b" not in text
    assert "\x07" not in text
    assert "\\x1b]0;owned\\x07" in text
