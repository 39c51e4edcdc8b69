"""Synthetic cohorts: realistic SEN support records, deterministic for a seed.

`generate_cohort` drives the real state machine, so every record it yields is one the
library accepts. Each pupil is drawn from its own random stream, seeded from the
cohort's seed and the pupil's number: the cohort is the same on every machine, any
slice of it can be made on its own, and memory stays constant however many pupils
are asked for. The distributions are plausible, not exact; `DISTRIBUTIONS` states
each and its source.

>>> import datetime as dt
>>> records = list(generate_cohort(pupils=3, seed=7, start=dt.date(2025, 9, 1),
...                                end=dt.date(2026, 7, 22)))
>>> [r.pupil.pupil_id for r in records]
['S7-000000', 'S7-000001', 'S7-000002']
>>> records == list(generate_cohort(pupils=3, seed=7, start=dt.date(2025, 9, 1),
...                                 end=dt.date(2026, 7, 22)))
True
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Callable, Iterator
from importlib import resources
from typing import TypeVar

import attrs

from .codes import (
    AreaOfNeed,
    AssessmentOutcome,
    Attainment,
    Effectiveness,
    EHCDecision,
    EndReason,
    EvidenceSource,
    MeasureScale,
    NeedType,
    ReviewDecision,
    Role,
    Sex,
    YearGroup,
)
from .needs import Need
from .plans import Measure, Provision, SupportPlan, Target
from .process import events as ev
from .process.machine import allowed_events, apply, open_record
from .process.record import SupportRecord
from .process.stages import Stage
from .provision_groups import ProvisionMap
from .provision_map._synth import PROVISION_DISTRIBUTIONS, generate_provision_maps
from .pupils import Pupil
from .reviews import ProvisionRating, Review, TargetOutcome
from .schools import School
from .workforce import WORKFORCE_DISTRIBUTIONS, Workforce, generate_workforces

__all__ = [
    "DISTRIBUTIONS",
    "PROVISION_DISTRIBUTIONS",
    "SAMPLE_SCHOOLS",
    "SAMPLE_SEED",
    "WORKFORCE_DISTRIBUTIONS",
    "SyntheticSchool",
    "generate_cohort",
    "generate_provision_maps",
    "generate_workforces",
    "load_sample",
    "load_sample_provision_maps",
    "load_sample_workforces",
]

T = TypeVar("T")

# Primary need of pupils on SEN support, in per cent: shaped on the DfE's *Special
# educational needs in England* (January 2021), where SLCN is the most common.
_PRIMARY_NEED = {
    NeedType.SLCN: 24.0,
    NeedType.MLD: 20.0,
    NeedType.SEMH: 18.0,
    NeedType.SPLD: 14.0,
    NeedType.ASD: 6.0,
    NeedType.OTH: 4.0,
    NeedType.NSA: 4.0,
    NeedType.PD: 2.5,
    NeedType.HI: 1.5,
    NeedType.VI: 1.0,
    NeedType.SLD: 0.5,
    NeedType.MSI: 0.2,
    NeedType.DS: 0.2,
    NeedType.PMLD: 0.1,
}
# How often a pupil's reviews are held (IFF Research 2021: most schools review termly;
# many primaries half-termly or every six weeks; some secondaries have no timetable).
_CADENCE_DAYS = {
    "termly": (84, 55.0),
    "half-termly": (42, 20.0),
    "six-weekly": (42, 15.0),
}
_IRREGULAR = 10.0

DISTRIBUTIONS: dict[str, str] = {
    "sex": "boys 64% (DfE, SEN in England, January 2021: 64.2% of SEN support)",
    "primary need": ", ".join(f"{t.value} {p:g}%" for t, p in _PRIMARY_NEED.items())
    + " (shaped on DfE, SEN in England, January 2021; SLCN most common)",
    "secondary need": "30% of pupils with an assessed primary need also have one",
    "year group": "reception to year 11 equally likely; nursery half as likely",
    "assessment": "85% SEN support, 10% not SEN, 5% specialist advice first; "
    "parents notified in 90% of decisions",
    "review cadence": "termly 55%, half-termly 20%, every six weeks 15%, no set "
    "timetable 10% (IFF Research 2021)",
    "review timing": "80% on or before the due date, 20% late by 1-40 days; 5% of "
    "pupils are never reviewed",
    "reviews": "parents take part in 85%, pupil views recorded in 70%",
    "targets": "one to three per plan; at review not met 20%, partly met 30%, met "
    "45%, exceeded 5%",
    "provision": "six-week interventions (IFF Research 2021), in groups of 1-6, "
    "3 sessions of 20-30 minutes a week, with reading or spelling ages as entry and "
    "exit measures",
    "decisions": "after a review: end support (needs met) 10%, seek specialist advice "
    "8%, request an EHC needs assessment 4%, otherwise continue or change provision",
    "EHC needs assessment": "agreed 75% (decision in 25-55 days); plans issued for "
    "70% of those agreed (100-170 days after the request)",
    "leaving": "about 5% of pupils a year leave the school",
    "schools": "with schools given, each pupil belongs to one, drawn by weight; a "
    "school may hold more reviews late, meet more targets, or gain more from its "
    "interventions than the rest (SyntheticSchool; SAMPLE_SCHOOLS for the sample)",
}
"""Each distribution `generate_cohort` draws from, and its source."""

SAMPLE_SEED = 2025
"""The seed of the sample cohort that ships with the library."""


@attrs.frozen(kw_only=True)
class SyntheticSchool:
    """A school of a synthetic cohort, and how its practice differs from the rest.

    Args:
        school: Who it is.
        weight: Its share of the pupils, relative to the other schools'.
        late_reviews: The share of reviews held late (by 1-40 days); 0.2 elsewhere.
        targets_met: The share of targets met or exceeded at review; 0.5 elsewhere.
        reading_gain: The mean gain, in months, of a reading or spelling age over a
            six-week intervention; 3.0 elsewhere (standard deviation 2.5).
    """

    school: School
    weight: float = 1.0
    late_reviews: float = 0.2
    targets_met: float = 0.5
    reading_gain: float = 3.0

    def outcomes(self) -> dict[Attainment, float]:
        """The chances of each attainment at review, scaled to `targets_met`."""
        met, rest = self.targets_met / 0.5, (1 - self.targets_met) / 0.5
        return {
            a: w * (met if a in (Attainment.MET, Attainment.EXCEEDED) else rest)
            for a, w in _OUTCOMES.items()
        }


SAMPLE_SCHOOLS = (
    SyntheticSchool(
        school=School(urn="900001", la="801", estab="2001", name="Hill Primary"),
        weight=0.35,
    ),
    SyntheticSchool(
        school=School(urn="900002", la="801", estab="4002", name="Brook Academy"),
        weight=0.30,
        late_reviews=0.6,
    ),
    SyntheticSchool(
        school=School(urn="900003", la="801", estab="2003", name="Castle Primary"),
        weight=0.25,
        targets_met=0.75,
    ),
    SyntheticSchool(
        school=School(urn="900004", la="801", estab="2004", name="Dale Infants"),
        weight=0.10,
        reading_gain=7.0,
    ),
)
"""The sample cohort's four schools, each with one documented difference to find:
Brook Academy holds 60% of its reviews late (20% elsewhere), Castle Primary's
targets are met or exceeded 75% of the time (50% elsewhere), and Dale Infants'
interventions gain 7 months of reading or spelling age (3 elsewhere), in a school too
small for most of its rates to read alone. URNs from 900001 are not issued to real
schools in Get Information about Schools at the time of writing."""
# The practice of a pupil in no school: the defaults (its school is never shown).
_USUAL_PRACTICE = SyntheticSchool(school=School(urn="000000"))


def _choose(rng: random.Random, weights: dict[T, float]) -> T:
    items = list(weights)
    return rng.choices(items, weights=[weights[i] for i in items])[0]


def _days(on: dt.date, n: int) -> dt.date:
    return on + dt.timedelta(days=n)


def _rng(seed: int, number: int, stream: str = "") -> random.Random:
    # A stable seed per pupil, independent of Python's hash randomisation.
    text = f"{seed}:{number}" + (f":{stream}" if stream else "")
    digest = hashlib.sha256(text.encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


_INTERVENTIONS = {
    AreaOfNeed.COMMUNICATION_AND_INTERACTION: (
        "Talk Boost",
        "Speech and language programme",
        "Lego therapy",
    ),
    AreaOfNeed.COGNITION_AND_LEARNING: (
        "Lexia",
        "Phonics catch-up",
        "Precision teaching",
        "Accelerated Reader",
    ),
    AreaOfNeed.SOCIAL_EMOTIONAL_AND_MENTAL_HEALTH: (
        "Social skills group",
        "Calming space",
        "Emotional literacy",
    ),
    AreaOfNeed.SENSORY_AND_PHYSICAL: ("Fine motor skills", "Sensory circuit"),
}
_TARGET_TEXT = {
    AreaOfNeed.COMMUNICATION_AND_INTERACTION: "Uses sentences of five words in class discussion",
    AreaOfNeed.COGNITION_AND_LEARNING: "Reads and spells the next 20 common exception words",
    AreaOfNeed.SOCIAL_EMOTIONAL_AND_MENTAL_HEALTH: "Names feelings and uses a calming strategy",
    AreaOfNeed.SENSORY_AND_PHYSICAL: "Writes a sentence legibly on the line",
}
_OUTCOMES = {
    Attainment.NOT_MET: 20.0,
    Attainment.PARTLY_MET: 30.0,
    Attainment.MET: 45.0,
    Attainment.EXCEEDED: 5.0,
}


class _PupilStory:
    """One pupil's story, drawn step by step against the real machine."""

    def __init__(
        self,
        rng: random.Random,
        number: int,
        seed: int,
        start: dt.date,
        end: dt.date,
        school: SyntheticSchool | None,
    ) -> None:
        self.rng = rng
        self.end = end
        self.school = school or _USUAL_PRACTICE
        years = [
            y
            for y in YearGroup
            if y not in (YearGroup.X, YearGroup.Y12, YearGroup.Y13, YearGroup.Y14)
        ]
        weights = {
            y: (0.5 if y in (YearGroup.N1, YearGroup.N2) else 1.0) for y in years
        }
        self.pupil = Pupil(
            pupil_id=f"S{seed}-{number:06d}",
            year_group=_choose(rng, weights),
            sex=Sex.MALE if rng.random() < 0.64 else Sex.FEMALE,
            school=school.school if school else None,
        )
        span = max(1, (end - start).days - 60)
        self.opened = _days(start, rng.randrange(span))
        cadence = _choose(
            rng,
            {k: w for k, (_, w) in _CADENCE_DAYS.items()} | {"irregular": _IRREGULAR},
        )
        self.review_every = (
            _CADENCE_DAYS[cadence][0]
            if cadence in _CADENCE_DAYS
            else rng.randint(60, 200)
        )
        self.never_reviewed = rng.random() < 0.05
        self.leaves_on = (
            _days(self.opened, int(rng.expovariate(0.05 / 365)))
            if rng.random() < 0.5
            else None
        )

    def needs(self, on: dt.date, *, assessed: bool = False) -> tuple[Need, ...]:
        """Needs identified on ``on``; ``assessed``: by a specialist, so not NSA."""
        weights = _PRIMARY_NEED
        if assessed:
            weights = {t: w for t, w in weights.items() if t is not NeedType.NSA}
        primary = _choose(self.rng, weights)
        evidence = tuple(self.rng.sample(list(EvidenceSource), k=2))
        needs = [Need(need_type=primary, identified_on=on, evidence=evidence)]
        if primary not in (NeedType.NSA,) and self.rng.random() < 0.3:
            others = {
                t: w
                for t, w in _PRIMARY_NEED.items()
                if t not in (primary, NeedType.NSA)
            }
            needs.append(
                Need(need_type=_choose(self.rng, others), rank=2, identified_on=on)
            )
        return tuple(needs)

    def plan(self, record: SupportRecord, on: dt.date) -> ev.PlanAgreed:
        rng = self.rng
        review_due = _days(on, self.review_every)
        areas = [n.area for n in record.needs if n.area is not None] or [
            AreaOfNeed.COGNITION_AND_LEARNING
        ]
        targets = tuple(
            Target(
                target_id=f"T{i}",
                description=_TARGET_TEXT[area],
                success_criteria="Seen in class work on three occasions",
                area=area,
                set_on=on,
                due_on=review_due,
            )
            for i, area in enumerate(
                (rng.choice(areas) for _ in range(rng.randint(1, 3))), 1
            )
        )
        provisions = []
        for i in range(1, rng.randint(1, 2) + 1):
            area = rng.choice(areas)
            starts = _days(on, rng.randint(0, 10))
            ends = _days(starts, 41)
            entry = exit_ = None
            if area is AreaOfNeed.COGNITION_AND_LEARNING or rng.random() < 0.2:
                scale = rng.choice(
                    [MeasureScale.READING_AGE_MONTHS, MeasureScale.SPELLING_AGE_MONTHS]
                )
                age = float(rng.randint(60, 150))
                entry = Measure(scale=scale, value=age, taken_on=starts)
                gain = max(-2, round(rng.gauss(self.school.reading_gain, 2.5)))
                exit_ = Measure(scale=scale, value=age + gain, taken_on=ends)
            provisions.append(
                Provision(
                    provision_id=f"P{i}",
                    name=rng.choice(_INTERVENTIONS[area]),
                    delivered_by=rng.choice(
                        [
                            Role.TEACHING_ASSISTANT,
                            Role.LEARNING_SUPPORT_ASSISTANT,
                            Role.TEACHER,
                        ]
                    ),
                    starts_on=starts,
                    ends_on=ends,
                    area=area,
                    group_size=rng.randint(1, 6),
                    sessions_per_week=3,
                    minutes_per_session=rng.choice([20, 25, 30]),
                    entry=entry,
                    exit=exit_,
                )
            )
        contributors = [Role.SENCO, Role.TEACHER]
        if rng.random() < 0.85:
            contributors.append(Role.PARENT)
        if rng.random() < 0.6:
            contributors.append(Role.PUPIL)
        return ev.PlanAgreed(
            plan=SupportPlan(
                agreed_on=on,
                needs=tuple(n.need_type for n in record.needs),
                review_due_on=review_due,
                targets=targets,
                provisions=tuple(provisions),
                contributors=tuple(contributors),
            )
        )

    def review(self, plan: SupportPlan, on: dt.date, cycles: int) -> ev.ReviewHeld:
        rng = self.rng
        r = rng.random()
        if r < 0.10:
            decision = ReviewDecision.END_SUPPORT
        elif r < 0.18:
            decision = ReviewDecision.SEEK_SPECIALIST_ADVICE
        elif r < 0.22 and cycles >= 1:
            decision = ReviewDecision.REQUEST_EHC_NEEDS_ASSESSMENT
        else:
            decision = rng.choice(
                [ReviewDecision.CONTINUE, ReviewDecision.CHANGE_PROVISION]
            )
        parent = rng.random() < 0.85
        participants = [Role.SENCO, Role.TEACHER] + ([Role.PARENT] if parent else [])
        return ev.ReviewHeld(
            review=Review(
                held_on=on,
                decision=decision,
                participants=tuple(participants),
                outcomes=tuple(
                    TargetOutcome(
                        target_id=t.target_id,
                        attainment=_choose(rng, self.school.outcomes()),
                    )
                    for t in plan.targets
                ),
                ratings=tuple(
                    ProvisionRating(
                        provision_id=p.provision_id,
                        effectiveness=rng.choice(list(Effectiveness)),
                    )
                    for p in plan.provisions
                ),
                parent_views_recorded=parent,
                pupil_views_recorded=rng.random() < 0.7,
            )
        )

    def concern(self) -> ev.ConcernRaised:
        rng = self.rng
        raised_by = {
            Role.TEACHER: 70.0,
            Role.PARENT: 15.0,
            Role.PREVIOUS_SETTING: 10.0,
            Role.SENCO: 5.0,
        }
        evidence = [
            EvidenceSource.TEACHER_OBSERVATION,
            EvidenceSource.BASELINE_TEST,
            EvidenceSource.ATTAINMENT_DATA,
        ]
        return ev.ConcernRaised(
            occurred_on=self.opened,
            raised_by=_choose(rng, raised_by),
            evidence=(rng.choice(evidence),),
        )


def _next_event(p: _PupilStory, record: SupportRecord) -> ev.Event | None:
    """The pupil's next event; None when the story has reached the period's end."""
    event = _next_step(p, record)
    leaves = p.leaves_on
    if (
        leaves is not None
        and leaves < p.end
        and (event is None or event.occurred_on >= leaves)
    ):
        return ev.SupportEnded(
            occurred_on=max(leaves, record.state.last_event_on),
            reason=EndReason.LEFT_SCHOOL,
        )
    return event


def _next_step(p: _PupilStory, record: SupportRecord) -> ev.Event | None:
    rng = p.rng
    state = record.state
    last = state.last_event_on

    def at(days: int) -> dt.date | None:
        on = _days(last, days)
        return on if on < p.end else None

    stage = record.stage
    if stage is Stage.ASSESS:
        if isinstance(record.events[-1], ev.ReviewHeld):
            # Specialists are often a 6-12 week wait (IFF Research 2021).
            on = at(rng.randint(42, 84))
            specialists = [
                Role.EDUCATIONAL_PSYCHOLOGIST,
                Role.SPEECH_AND_LANGUAGE_THERAPIST,
            ]
            return (
                None
                if on is None
                else ev.SpecialistAdviceReceived(
                    occurred_on=on, specialist=rng.choice(specialists)
                )
            )
        on = at(rng.randint(10, 40))
        if on is None:
            return None
        r = rng.random()
        if record.needs or r < 0.85:
            return ev.AssessmentCompleted(
                occurred_on=on,
                outcome=AssessmentOutcome.SEN_SUPPORT,
                needs=() if record.needs else p.needs(on),
                evidence=(EvidenceSource.SCREENING_TEST, EvidenceSource.PARENT_INPUT),
                parents_notified_on=on if rng.random() < 0.9 else None,
            )
        if r < 0.95:
            return ev.AssessmentCompleted(
                occurred_on=on, outcome=AssessmentOutcome.NOT_SEN
            )
        return ev.AssessmentCompleted(
            occurred_on=on, outcome=AssessmentOutcome.SPECIALIST_ADVICE_NEEDED
        )
    if stage is Stage.PLAN:
        on = at(rng.randint(3, 21))
        return None if on is None else p.plan(record, on)
    if stage is Stage.DO:
        plan = record.current_plan
        assert plan is not None  # a record in DO has a plan in force
        if p.never_reviewed:
            return None
        late = (
            rng.randint(1, 40)
            if rng.random() < p.school.late_reviews
            else -rng.randint(0, 5)
        )
        on = max(_days(plan.review_due_on, late), last)
        if on >= p.end:
            return None
        meeting = at(rng.randint(5, 30))
        if (
            rng.random() < 0.1
            and meeting is not None
            and meeting < on
            and last not in state.parent_meetings
        ):
            return ev.ParentMeetingHeld(occurred_on=meeting)
        return p.review(plan, on, record.completed_cycles)
    if stage is Stage.EHC_NEEDS_ASSESSMENT:
        return _ehc_step(p, record, at)
    return None


def _ehc_step(
    p: _PupilStory, record: SupportRecord, at: Callable[[int], dt.date | None]
) -> ev.Event | None:
    rng = p.rng
    state = record.state
    allowed = allowed_events(record)
    if ev.EHCNeedsAssessmentRequested in allowed:
        on = at(rng.randint(1, 14))
        return None if on is None else ev.EHCNeedsAssessmentRequested(occurred_on=on)
    if ev.EHCNeedsAssessmentDecided in allowed:
        on = at(rng.randint(25, 55))
        if on is None:
            return None
        decision = EHCDecision.AGREED if rng.random() < 0.75 else EHCDecision.REFUSED
        return ev.EHCNeedsAssessmentDecided(occurred_on=on, decision=decision)
    requested_on = state.ehc_requested_on
    assert requested_on is not None  # the authority agreed to assess
    on = max(_days(requested_on, rng.randint(100, 170)), state.last_event_on)
    if on >= p.end:
        return None
    if rng.random() >= 0.7:
        return ev.EHCPlanDeclined(occurred_on=on)
    if ev.EHCPlanIssued in allowed:
        return ev.EHCPlanIssued(occurred_on=on)
    # The assessment's advice names the need that NSA stood for; the plan follows.
    return ev.SpecialistAdviceReceived(
        occurred_on=on,
        specialist=Role.EDUCATIONAL_PSYCHOLOGIST,
        needs=p.needs(on, assessed=True),
    )


def generate_cohort(
    *,
    pupils: int,
    seed: int = 0,
    start: dt.date = dt.date(2024, 9, 1),
    end: dt.date = dt.date(2026, 7, 22),
    first: int = 0,
    schools: tuple[SyntheticSchool, ...] = (),
) -> Iterator[SupportRecord]:
    """Yield ``pupils`` synthetic records, lazily, numbered from ``first``.

    Concerns are raised between ``start`` and 60 days before ``end``; nothing happens
    on or after ``end``. Splitting a cohort with ``first`` gives the same records as
    making it whole, so workers can each make a slice.

    With ``schools``, each pupil belongs to one, drawn by weight from a stream of
    its own, so a pupil's story differs from the cohort without schools only where
    the school's practice does.

    Raises:
        ValueError: ``pupils`` is negative or the period is shorter than a day.
    """
    if pupils < 0:
        raise ValueError(f"pupils must be 0 or more, not {pupils}")
    if end <= start:
        raise ValueError(f"end ({end}) must be after start ({start})")
    for number in range(first, first + pupils):
        school = None
        if schools:
            weights = {s: s.weight for s in schools}
            school = _choose(_rng(seed, number, "school"), weights)
        p = _PupilStory(_rng(seed, number), number, seed, start, end, school)
        record = open_record(p.pupil, p.concern())
        while not record.is_closed:
            event = _next_event(p, record)
            if event is None:
                break
            record = apply(record, event)
        yield record


def load_sample() -> Iterator[SupportRecord]:
    """The sample cohort that ships with the library, streamed from its JSON Lines.

    It is `generate_cohort` with seed `SAMPLE_SEED` and `SAMPLE_SCHOOLS`: 300
    pupils in four schools, 2024-09-01 to 2026-07-22.
    """
    from .serialization import load_lines

    text = resources.files("sensupport").joinpath("data/sample.jsonl")
    with text.open("r", encoding="utf-8") as lines:
        yield from load_lines(lines, SupportRecord)


def load_sample_provision_maps() -> tuple[ProvisionMap, ...]:
    """The provision maps of the sample's four schools, from their JSON Lines.

    They are `generate_provision_maps` of the sample with seed `SAMPLE_SEED`: the
    sample's records are unchanged, and its staff, classes and groups sit beside
    them.
    """
    from .serialization import load_lines

    text = resources.files("sensupport").joinpath("data/sample_provision.jsonl")
    with text.open("r", encoding="utf-8") as lines:
        return tuple(load_lines(lines, ProvisionMap))


def load_sample_workforces() -> tuple[Workforce, ...]:
    """The workforce records of the sample's four schools, from their JSON Lines.

    They are `generate_workforces` of the sample's provision maps and records on
    its data date, 2026-07-21, with seed `SAMPLE_SEED`.
    """
    from .serialization import load_lines

    text = resources.files("sensupport").joinpath("data/sample_workforce.jsonl")
    with text.open("r", encoding="utf-8") as lines:
        return tuple(load_lines(lines, Workforce))
