"""Synthetic cohorts: deterministic, sliceable, valid and plausible."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter

from sensupport import NeedType, Sex, dump_lines
from sensupport.process import Stage, replay
from sensupport.synth import SAMPLE_SCHOOLS, SAMPLE_SEED, generate_cohort, load_sample

COHORT = list(generate_cohort(pupils=1500, seed=11))


def test_same_seed_same_cohort_and_other_seeds_differ() -> None:
    assert list(generate_cohort(pupils=20, seed=11)) == COHORT[:20]
    assert list(generate_cohort(pupils=20, seed=12)) != COHORT[:20]


def test_slices_make_the_same_cohort() -> None:
    assert list(generate_cohort(pupils=10, seed=11, first=35)) == COHORT[35:45]


def test_generation_is_lazy() -> None:
    many = generate_cohort(pupils=10**9, seed=3)
    assert len(list(itertools.islice(many, 5))) == 5


def test_every_record_replays() -> None:
    for record in COHORT[:300]:
        assert replay(record.pupil, record.events) == record


def test_nothing_happens_on_or_after_the_end() -> None:
    end = dt.date(2026, 7, 22)
    assert all(e.occurred_on < end for r in COHORT for e in r.events)


def test_distributions_are_plausible() -> None:
    primary = Counter(r.needs[0].need_type for r in COHORT if r.needs)
    assert primary.most_common(1)[0][0] is NeedType.SLCN
    boys = sum(r.pupil.sex is Sex.MALE for r in COHORT) / len(COHORT)
    assert 0.60 < boys < 0.68
    stages = Counter(r.stage for r in COHORT)
    assert {Stage.DO, Stage.ENDED, Stage.EHC_PLAN, Stage.PLAN} <= set(stages)
    cycles = Counter(r.completed_cycles for r in COHORT)
    assert cycles[0] < len(COHORT) / 2
    assert max(cycles) >= 3
    late = sum(a.code == "advice.review_late" for r in COHORT for a in r.advisories)
    reviews = sum(len(r.reviews) for r in COHORT)
    assert 0.1 < late / reviews < 0.3


def test_the_shipped_sample_is_the_seeded_cohort() -> None:
    sample = list(load_sample())
    assert len(sample) == 300
    assert sample == list(
        generate_cohort(pupils=300, seed=SAMPLE_SEED, schools=SAMPLE_SCHOOLS)
    )
    shipped = "".join(dump_lines(sample))
    assert shipped.count("\n") == 300


def test_the_docs_state_every_distribution() -> None:
    from pathlib import Path

    from sensupport.synth import DISTRIBUTIONS

    page = (Path(__file__).parent.parent / "docs" / "synth.md").read_text(
        encoding="utf-8"
    )
    for name, text in DISTRIBUTIONS.items():
        assert f"{name}\n: {text}" in page
