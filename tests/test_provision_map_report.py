"""The report's provision map section: in every format, merged from parts, and from
the command line."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

import pytest

from sensupport import dump_lines
from sensupport._report import Report, ReportAccumulator, render
from sensupport.cli import main
from sensupport.synth import load_sample, load_sample_provision_maps

RECORDS = list(load_sample())
MAPS = load_sample_provision_maps()
SETTINGS = {
    "as_of": dt.date(2026, 3, 1),
    "start": dt.date(2025, 9, 1),
    "end": dt.date(2026, 3, 2),
    "by": "year_group",
    "data_date": dt.date(2026, 7, 21),
}


def test_parts_merge_to_the_whole_with_the_maps() -> None:
    bounds = [0, 70, 200, len(RECORDS)]
    parts = [
        ReportAccumulator(**SETTINGS, provision_maps=MAPS).add_all(RECORDS[a:b])  # type: ignore[arg-type]
        for a, b in itertools.pairwise(bounds)
    ]
    merged = parts[0].merge(parts[1]).merge(parts[2]).result()
    whole = ReportAccumulator(**SETTINGS, provision_maps=MAPS).add_all(RECORDS).result()  # type: ignore[arg-type]
    assert merged == whole
    assert whole.provision_map is not None
    for format in ("text", "json", "csv"):
        assert render(merged, format) == render(whole, format)
    with pytest.raises(ValueError, match="with and without provision maps"):
        ReportAccumulator(**SETTINGS).merge(parts[0])  # type: ignore[arg-type]


def test_the_section_says_when_there_is_no_map() -> None:
    report = Report.build(
        load_sample, as_of=None, start=None, end=None, by="area_of_need"
    )
    assert report.provision_map is None
    assert "cost_effectiveness" not in report.sections()
    assert "Provision map: none given" in render(report, "text")
    assert 'id="provision-map"' in render(report, "html")
    assert "No provision map was given" in render(report, "html")


def test_every_format_carries_the_figures() -> None:
    report = Report.build(
        load_sample,
        as_of=None,
        start=None,
        end=None,
        by="area_of_need",
        provision_maps=MAPS,
    )
    figures = report.provision_map
    assert figures is not None
    tables = json.loads(render(report, "json"))
    assert tables["provision_costs"][0]["groups"] == len(figures.costs.groups)
    over = [p.pupil_id for p in figures.high_cost.over]
    assert [r["pupil_id"] for r in tables["high_cost_pupils"]][: len(over)] == over
    ranked = tables["classes_by_need_per_ta_hour"]
    assert [r["class_id"] for r in ranked] == [
        c.class_id for c in figures.classes.classes
    ]
    assert render(report, "csv").startswith("section,")
    assert "classes_by_need_per_ta_hour" in render(report, "csv")
    page = render(report, "html")
    assert "cost by area of need" in page
    assert "Cost beside effect" in page


def test_the_command_line_takes_the_maps(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "--provision-map", "--format", "json"]) == 0
    sample = json.loads(capsys.readouterr().out)
    cohort, maps = tmp_path / "cohort.jsonl", tmp_path / "maps.jsonl"
    cohort.write_text("".join(dump_lines(RECORDS)), encoding="utf-8")
    maps.write_text("".join(dump_lines(MAPS)), encoding="utf-8")
    assert (
        main(["report", str(cohort), "--provision-map", str(maps), "--format", "json"])
        == 0
    )
    assert json.loads(capsys.readouterr().out) == sample
    assert main(["report", str(cohort), "--provision-map"]) == 2
    assert "needs the maps' FILE" in capsys.readouterr().err
    workers = ["--workers", "2", "--provision-map", str(maps), "--format", "json"]
    assert main(["report", str(cohort), *workers]) == 0
    assert json.loads(capsys.readouterr().out) == sample
