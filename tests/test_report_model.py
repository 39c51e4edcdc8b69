"""The report is one model counted by accumulators that merge: a report over
partitions is the report over the whole, in every format."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sensupport._report import RENDERERS, Report, ReportAccumulator, render
from sensupport.synth import load_sample

RECORDS = list(load_sample())
SETTINGS = {
    "as_of": dt.date(2026, 3, 1),
    "start": dt.date(2025, 9, 1),
    "end": dt.date(2026, 3, 2),
    "by": "year_group",
    "data_date": dt.date(2026, 7, 21),
}


@settings(max_examples=15, deadline=None)
@given(st.lists(st.integers(0, len(RECORDS)), max_size=4).map(sorted))
def test_parts_merge_to_the_whole(cuts: list[int]) -> None:
    bounds = [0, *cuts, len(RECORDS)]
    parts = [
        ReportAccumulator(**SETTINGS).add_all(RECORDS[a:b])  # type: ignore[arg-type]
        for a, b in itertools.pairwise(bounds)
    ]
    merged = parts[0]
    for part in parts[1:]:
        merged.merge(part)
    whole = ReportAccumulator(**SETTINGS).add_all(RECORDS).result()  # type: ignore[arg-type]
    assert merged.result() == whole
    for format in ("text", "json", "csv"):
        assert render(merged.result(), format) == render(whole, format)


def test_parts_made_differently_do_not_merge() -> None:
    other = {**SETTINGS, "by": "sex"}
    with pytest.raises(ValueError, match="different settings"):
        ReportAccumulator(**SETTINGS).merge(ReportAccumulator(**other))  # type: ignore[arg-type]


def test_every_format_is_one_renderer() -> None:
    report = Report.build(
        load_sample, as_of=None, start=None, end=None, by="area_of_need"
    )
    assert set(RENDERERS) == {"text", "json", "csv", "html"}
    for format in ("text", "json", "csv"):
        assert render(report, format)
    with pytest.raises(ValueError, match="no report format"):
        render(report, "pdf")
