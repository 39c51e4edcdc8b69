"""The sample's provision maps: made from the sample, deterministic, plausible."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sensupport import StaffRole, dump_lines
from sensupport.process import EHCNeedsAssessmentRequested
from sensupport.provision_map import high_cost_pupils, provision_costs
from sensupport.synth import (
    PROVISION_DISTRIBUTIONS,
    SAMPLE_SCHOOLS,
    SAMPLE_SEED,
    generate_provision_maps,
    load_sample,
    load_sample_provision_maps,
)

MAPS = load_sample_provision_maps()


def test_the_shipped_maps_are_the_sample_s() -> None:
    made = generate_provision_maps(load_sample(), seed=SAMPLE_SEED)
    assert made == MAPS
    assert [m.school for m in MAPS] == [s.school for s in SAMPLE_SCHOOLS]
    shipped = (
        Path(__file__).parent.parent / "src/sensupport/data/sample_provision.jsonl"
    )
    assert "".join(dump_lines(made)) == shipped.read_text(encoding="utf-8")
    assert generate_provision_maps(load_sample(), seed=1) != MAPS


def test_the_maps_are_plausible() -> None:
    for provision_map in MAPS:
        roles = {s.role for s in provision_map.staff}
        assert roles == set(StaffRole)
        sizes = {len(g.members) for g in provision_map.groups}
        assert sizes <= set(range(1, 9))
        assert max(sizes) > 3
        for group in provision_map.groups:
            if group.name not in ("In-class support", "Speech and language therapy"):
                # Six-week blocks, as the sample's plans have them.
                weeks = list(group.weeks(group.starts_on, dt.date(2027, 1, 1)))
                assert 6 <= len(weeks) <= 8
        assert all(27 <= len(c.members) <= 30 for c in provision_map.classes)
    records = list(load_sample())
    costs = provision_costs(
        MAPS, records, start=dt.date(2025, 9, 1), end=dt.date(2026, 9, 1)
    )
    over = {p.pupil_id for p in high_cost_pupils(costs).over}
    # Only pupils on the way to an EHC plan, or with one, cost more than £6,000.
    escalated = {
        r.pupil.pupil_id
        for r in records
        if any(r.events_of(EHCNeedsAssessmentRequested))
    }
    assert over
    assert over <= escalated


def test_the_docs_state_every_distribution() -> None:
    page = (Path(__file__).parent.parent / "docs" / "provision-map.md").read_text(
        encoding="utf-8"
    )
    for name, text in PROVISION_DISTRIBUTIONS.items():
        assert f"{name}\n: {text}" in page
