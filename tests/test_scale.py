"""What the library does to stay fast at scale, checked for correctness.

The benchmarks' pandas baseline is an independent implementation of the report's
metric set, from flat CSV tables: on a small cohort its figures must equal the
library's exactly.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from types import ModuleType

import pytest

from sensupport import from_dict, loads
from sensupport.codes import NeedType, SenProvision
from sensupport.errors import ValidationError
from sensupport.metrics._core import Tally
from sensupport.metrics.impact import ProvisionImpact

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.fixture(scope="module")
def bench() -> Iterator[tuple[ModuleType, ...]]:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import cohort
        import figures
        import pandas_baseline

        yield cohort, figures, pandas_baseline
    finally:
        sys.path.remove(str(BENCHMARKS))


def test_pandas_baseline_agrees_with_the_library(bench: tuple, tmp_path: Path) -> None:
    cohort, figures, pandas_baseline = bench
    for part, first in enumerate((0, 150)):
        cohort.write_partition((tmp_path, part, first, 150, 3))
    with_pandas = pandas_baseline.figures_from_csv(tmp_path / "csv", [0, 1])

    text = [
        line
        for part in (0, 1)
        for line in (tmp_path / f"part-{part:03d}.jsonl").read_text().splitlines()
    ]
    ours = figures.figures(figures.summarise_lines(text))
    assert ours["frequency"]["reviews"] > 0
    assert ours["impact"]
    assert figures.differences(ours, with_pandas) == []


def test_partitions_merge_to_the_whole(bench: tuple, tmp_path: Path) -> None:
    cohort, figures, _ = bench
    cohort.write_partition((tmp_path, 0, 0, 40, 5))
    text = (tmp_path / "part-000.jsonl").read_text(encoding="utf-8").splitlines()
    whole = figures.summarise_lines(text)
    parts = [figures.summarise_lines(text[i::3]) for i in range(3)]
    merged = figures.merge(figures.merge(parts[0], parts[1]), parts[2])
    assert figures.figures(merged) == figures.figures(whole)


def test_codes_hash_as_their_strings() -> None:
    assert hash(NeedType.SEMH) == hash("SEMH")
    assert {"K": 1}[SenProvision.SEN_SUPPORT] == 1
    assert {NeedType.SEMH: 1}["SEMH"] == 1


def test_historic_codes_are_read_through_documents() -> None:
    need = from_dict(
        {
            "schema_version": 1,
            "type": "Need",
            "data": {"need_type": "BESD", "identified_on": "2025-09-15"},
        }
    )
    assert need.need_type is NeedType.SEMH


@pytest.mark.parametrize("text", ["2025-02-30", "20250215", "2025-W07-1", "2025-2-15"])
def test_dates_are_strict_before_and_after_they_are_cached(text: str) -> None:
    good = '{"schema_version":1,"type":"Need","data":{"need_type":"MLD","identified_on":"2025-02-15"}}'
    for _ in range(2):
        assert loads(good).identified_on == dt.date(2025, 2, 15)
        with pytest.raises(ValidationError, match="yyyy-mm-dd"):
            loads(good.replace("2025-02-15", text))


def test_a_tally_holds_each_distinct_item_once() -> None:
    tally = Tally()
    for _ in range(1000):
        tally.append("gains", ("reading_age_months", Fraction(3), 42))
    tally.append("gains", ("reading_age_months", Fraction(5), 42))
    assert len(tally.items["gains"]) == 2
    summary = ProvisionImpact.from_tally(tally)
    assert len(summary.gains) == 1001
    assert summary.mean_gain() == pytest.approx((3 * 1000 + 5) / 1001)


def test_hooks_on_the_public_converter_leave_documents_alone() -> None:
    from sensupport.serialization import converter, to_dict

    need = from_dict(
        {
            "schema_version": 1,
            "type": "Need",
            "data": {"need_type": "MLD", "identified_on": "2025-02-15"},
        }
    )
    converter.register_unstructure_hook(dt.date, lambda d: "a day")
    converter.register_structure_hook(dt.date, lambda v, _: dt.date(2000, 1, 1))
    try:
        assert converter.unstructure(need)["identified_on"] == "a day"
        assert to_dict(need)["data"]["identified_on"] == "2025-02-15"
        assert from_dict(to_dict(need)) == need
        with pytest.raises(ValidationError):
            loads(
                '{"schema_version":1,"type":"Need","data":'
                '{"need_type":"MLD","identified_on":"15/02/2025"}}'
            )
    finally:
        converter.register_unstructure_hook(dt.date, dt.date.isoformat)
        from sensupport._converter import _structure_date

        converter.register_structure_hook(dt.date, _structure_date)
