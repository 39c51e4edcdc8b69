"""The report's output is bounded, stable and safe to open."""

from __future__ import annotations

from sensupport._report import Report, render
from sensupport.synth import load_sample


def test_the_same_report_gives_the_same_page() -> None:
    report = Report.build(
        load_sample, as_of=None, start=None, end=None, by="area_of_need"
    )
    page = render(report, "html")
    assert "<dc:date>" not in page
    assert render(report, "html") == page
