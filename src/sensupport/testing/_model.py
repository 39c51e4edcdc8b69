"""Hypothesis strategies for the domain model (requires hypothesis)."""

from __future__ import annotations

import datetime as dt
import functools

from hypothesis import strategies as st

from ..codes import (
    AreaOfNeed,
    Attainment,
    Effectiveness,
    EvidenceSource,
    MeasureScale,
    NeedType,
    ProvisionKind,
    ReviewDecision,
    Role,
    Sex,
    YearGroup,
)
from ..needs import Need
from ..plans import Measure, Provision, SupportPlan, Target
from ..pupils import Pupil
from ..reviews import ProvisionRating, Review, TargetOutcome
from ..schools import School
from ..upn import _LETTERS, UPN

__all__ = [
    "dates",
    "measures",
    "need_sets",
    "needs",
    "provision_ratings",
    "provisions",
    "pupils",
    "reviews",
    "reviews_for",
    "support_plans",
    "target_outcomes",
    "targets",
    "schools",
    "upns",
]

MIN_DATE = dt.date(2014, 9, 1)
"""SEN support began with the 2014 Code of Practice."""
MAX_DATE = dt.date(2040, 8, 31)

_ids = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-", min_size=1, max_size=8)

# Characters that stores get wrong: controls (which JSON, CSV and XML escape
# differently, and C strings end at NUL), line breaks beyond \n, accents both composed
# and decomposed, CJK (three bytes each in UTF-8), emoji outside the BMP (four bytes,
# two UTF-16 units; one a ZWJ sequence, one with a skin-tone modifier), and the
# characters that quote or separate in SQL, CSV, JSON and HTML.
_AWKWARD = (
    *"\t\n\r\x00\x01\x0b\x0c\x1b\x1f\x7f\x85\u2028",
    "é",
    "e\u0301",
    "ß",
    "Ø",
    "ő",
    "ç",
    "語",
    "学",
    "한",
    "😀",
    "🧒🏽",
    "👩\u200d🏫",
    '"',
    "'",
    "\\",
    "<",
    "&",
    ",",
    ";",
    " ",
)
# Any code point a string can hold in UTF-8: lone surrogates (Cs) cannot be encoded.
_characters = st.characters(exclude_categories=["Cs"])
_short_text = st.lists(
    st.sampled_from(_AWKWARD) | _characters, min_size=1, max_size=30
).map("".join)


def _repeated(piece: str, length: int) -> str:
    return (piece * (length // len(piece) + 1))[:length]


# A drawn piece repeated to hundreds or thousands of characters: past the 255 of a
# VARCHAR(255) and the 4,000 bytes of many column types, while hypothesis draws, and
# shrinks, a few dozen choices instead of one per character.
_long_text = st.builds(
    _repeated, _short_text, st.integers(min_value=256, max_value=3000)
)
_prose = st.text(
    alphabet=st.characters(categories=("L", "N", "Zs", "P")), min_size=1, max_size=40
)
_text = _prose | _short_text | _long_text
_FREE_TEXT = st.just("") | _text
# Mending a blank draw, rather than filtering it out, rejects nothing.
_FREE_TEXT_NOT_BLANK = _text.map(lambda s: s if s.strip() else s + "0")


def _free_text(*, blank: bool = True) -> st.SearchStrategy[str]:
    """Free text as people type it into an MIS: empty, plain, awkward, or long.

    A quarter of draws are empty; the rest are a few words, a few characters that
    stores mishandle, or hundreds to thousands of characters.

    Args:
        blank: Whether the text may be empty or only whitespace; fields that the
            constructors check with ``not_blank`` need False.
    """
    return _FREE_TEXT if blank else _FREE_TEXT_NOT_BLANK


def dates(
    *, min_value: dt.date = MIN_DATE, max_value: dt.date = MAX_DATE
) -> st.SearchStrategy[dt.date]:
    """Dates in the era of SEN support, shrinking towards ``min_value``."""
    return st.dates(min_value=min_value, max_value=max_value)


@st.composite
def _upn(draw: st.DrawFn, temporary: bool | None) -> UPN:
    body = "".join(
        draw(st.lists(st.sampled_from("0123456789"), min_size=11, max_size=11))
    )
    is_temporary = draw(st.booleans()) if temporary is None else temporary
    body += draw(st.sampled_from(_LETTERS if is_temporary else "0123456789"))
    return UPN(UPN.check_letter_for(body) + body)


def upns(*, temporary: bool | None = None) -> st.SearchStrategy[UPN]:
    """Valid UPNs: permanent, temporary (``temporary=True``) or both (None)."""
    return _upn(temporary)


@functools.cache  # one strategy, built once: hypothesis checks each new one it meets
def schools() -> st.SearchStrategy[School]:
    """Valid schools: by URN, by LA and establishment number, or both; some named."""
    digits = "0123456789"
    numbers = st.tuples(
        st.text(digits, min_size=3, max_size=3), st.text(digits, min_size=4, max_size=4)
    )
    return st.builds(
        lambda urn, la_estab, name: School(
            urn=urn,
            la=la_estab[0] if la_estab else None,
            estab=la_estab[1] if la_estab else None,
            name=name,
        ),
        st.none() | st.text(digits, min_size=6, max_size=6),
        numbers,
        st.just("") | _free_text(),
    ) | st.builds(School, urn=st.text(digits, min_size=6, max_size=6), name=st.just(""))


@functools.cache  # records draw a pupil each: one strategy serves them all
def pupils(
    *, year_groups: st.SearchStrategy[YearGroup] | None = None
) -> st.SearchStrategy[Pupil]:
    """Valid pupils, some with UPN, date of birth, names and school, some without."""
    return st.builds(
        Pupil,
        pupil_id=_ids,
        year_group=st.sampled_from(YearGroup) if year_groups is None else year_groups,
        sex=st.none() | st.sampled_from(Sex),
        school=st.none() | schools(),
        upn=st.none() | upns(),
        date_of_birth=st.none() | dates(min_value=dt.date(1995, 9, 1)),
        given_name=st.none() | _free_text(),
        family_name=st.none() | _free_text(),
    )


def needs(
    *,
    need_types: st.SearchStrategy[NeedType] | None = None,
    rank: int = 1,
    identified_on: st.SearchStrategy[dt.date] | None = None,
) -> st.SearchStrategy[Need]:
    """A single valid need of the given rank."""
    return st.builds(
        Need,
        need_type=st.sampled_from(NeedType) if need_types is None else need_types,
        rank=st.just(rank),
        identified_on=dates() if identified_on is None else identified_on,
        evidence=st.lists(st.sampled_from(EvidenceSource), unique=True, max_size=3).map(
            tuple
        ),
    )


@st.composite
def _need_set(
    draw: st.DrawFn, identified_on: st.SearchStrategy[dt.date]
) -> tuple[Need, ...]:
    assessed = [t for t in NeedType if t is not NeedType.NSA]
    if draw(st.booleans()):
        return (
            draw(needs(need_types=st.just(NeedType.NSA), identified_on=identified_on)),
        )
    types = draw(
        st.lists(st.sampled_from(assessed), min_size=1, max_size=2, unique=True)
    )
    return tuple(
        draw(needs(need_types=st.just(t), rank=rank, identified_on=identified_on))
        for rank, t in enumerate(types, start=1)
    )


def need_sets(
    *, identified_on: st.SearchStrategy[dt.date] | None = None
) -> st.SearchStrategy[tuple[Need, ...]]:
    """Valid sets of one pupil's needs: a primary, and perhaps a secondary.

    Every set passes `sensupport.check_needs`.
    """
    return _need_set(dates() if identified_on is None else identified_on)


def _draw_measure(
    draw: st.DrawFn, scale: MeasureScale | None, on: dt.date | None
) -> Measure:
    chosen = scale if scale is not None else draw(st.sampled_from(MeasureScale))
    value = draw(
        st.integers(min_value=36, max_value=216).map(float)
        if chosen.is_age
        else st.floats(min_value=0, max_value=200, allow_nan=False, width=32)
    )
    return Measure(scale=chosen, value=value, taken_on=on or draw(dates()))


def measures(
    *, scale: MeasureScale | None = None, taken_on: dt.date | None = None
) -> st.SearchStrategy[Measure]:
    """Valid measures; ages are whole months."""
    return _measure(scale, taken_on)


_measure = st.composite(_draw_measure)


def _draw_target(
    draw: st.DrawFn,
    target_id: str | None,
    set_on: dt.date | None,
    due_by: dt.date | None,
    areas: tuple[AreaOfNeed, ...] | None,
) -> Target:
    start = set_on or draw(dates(max_value=MAX_DATE - dt.timedelta(days=400)))
    last = due_by or start + dt.timedelta(days=365)
    due = draw(dates(min_value=start + dt.timedelta(days=1), max_value=last))
    area_choice = st.sampled_from(areas) if areas else st.sampled_from(AreaOfNeed)
    return Target(
        target_id=target_id or draw(_ids),
        description=draw(_free_text(blank=False)),
        success_criteria=draw(_free_text()),
        area=draw(st.none() | area_choice),
        set_on=start,
        due_on=due,
        long_term=False,
    )


def targets(
    *,
    target_id: str | None = None,
    set_on: dt.date | None = None,
    due_by: dt.date | None = None,
    areas: tuple[AreaOfNeed, ...] | None = None,
) -> st.SearchStrategy[Target]:
    """Valid targets, set on ``set_on`` (or any date) and due by ``due_by``."""
    return _target(target_id, set_on, due_by, areas)


_target = st.composite(_draw_target)


def _draw_provision(
    draw: st.DrawFn, provision_id: str | None, starts_on: dt.date | None
) -> Provision:
    start = starts_on or draw(dates(max_value=MAX_DATE - dt.timedelta(days=400)))
    weeks = draw(st.integers(min_value=1, max_value=12))
    end = draw(st.none() | st.just(start + dt.timedelta(weeks=weeks, days=-3)))
    timetabled = draw(st.booleans())
    entry = exit_ = None
    if draw(st.booleans()):
        scale = draw(st.sampled_from(MeasureScale))
        entry = _draw_measure(draw, scale, start)
        if end is not None and draw(st.booleans()):
            exit_ = _draw_measure(draw, scale, end)
    return Provision(
        provision_id=provision_id or draw(_ids),
        name=draw(st.sampled_from(_PROVISION_NAMES) | _free_text(blank=False)),
        delivered_by=draw(st.sampled_from(Role)),
        starts_on=start,
        ends_on=end,
        kind=draw(st.sampled_from(ProvisionKind)),
        area=draw(st.none() | st.sampled_from(AreaOfNeed)),
        group_size=draw(st.integers(min_value=1, max_value=8)),
        sessions_per_week=draw(st.integers(1, 5)) if timetabled else None,
        minutes_per_session=draw(st.integers(10, 60)) if timetabled else None,
        entry=entry,
        exit=exit_,
    )


_PROVISION_NAMES = (
    "Lexia",
    "Accelerated Reader",
    "Phonics catch-up",
    "Precision teaching",
    "Social skills group",
    "Lego therapy",
    "Fine motor skills",
    "Calming space",
    "Speech and language programme",
    "Talk Boost",
)


def provisions(
    *, provision_id: str | None = None, starts_on: dt.date | None = None
) -> st.SearchStrategy[Provision]:
    """Valid provisions, with entry and exit measures on one scale when present."""
    return _provision(provision_id, starts_on)


_provision = st.composite(_draw_provision)


@st.composite
def _plan(
    draw: st.DrawFn,
    agreed_on: st.SearchStrategy[dt.date],
    need_types: tuple[NeedType, ...] | None,
    min_targets: int,
) -> SupportPlan:
    agreed = draw(agreed_on)
    review_due = agreed + dt.timedelta(
        days=draw(st.integers(min_value=28, max_value=120))
    )
    if need_types is None:
        need_types = tuple(n.need_type for n in draw(need_sets()))
    areas = tuple(a for a in (t.area for t in need_types) if a is not None)
    n_targets = draw(st.integers(min_value=min_targets, max_value=3))
    # Drawn in place, not through a strategy made for each plan: hypothesis checks
    # every new strategy it meets, which costs more than the drawing.
    plan_targets = tuple(
        _draw_target(draw, f"T{i + 1}", agreed, review_due, areas or None)
        for i in range(n_targets)
    )
    n_provisions = draw(st.integers(min_value=min_targets, max_value=3))
    plan_provisions = tuple(
        _draw_provision(
            draw, f"P{i + 1}", agreed + dt.timedelta(days=draw(st.integers(0, 14)))
        )
        for i in range(n_provisions)
    )
    contributors = draw(
        st.lists(st.sampled_from(Role), unique=True, max_size=4).map(tuple)
    )
    return SupportPlan(
        agreed_on=agreed,
        needs=need_types,
        review_due_on=review_due,
        targets=plan_targets,
        provisions=plan_provisions,
        contributors=contributors,
    )


def support_plans(
    *,
    agreed_on: st.SearchStrategy[dt.date] | None = None,
    need_types: tuple[NeedType, ...] | None = None,
    min_targets: int = 1,
) -> st.SearchStrategy[SupportPlan]:
    """Valid plans with 1-3 targets and provisions (ids ``T1``.., ``P1``..).

    Targets work on the areas of the plan's needs and fall due by its review.
    """
    return _plan(
        agreed_on
        if agreed_on is not None
        else dates(max_value=MAX_DATE - dt.timedelta(days=400)),
        need_types,
        min_targets,
    )


def _draw_outcome(draw: st.DrawFn, target: Target, held_on: dt.date) -> TargetOutcome:
    attainment = draw(st.sampled_from(Attainment))
    achieved = None
    if attainment.is_met and draw(st.booleans()):
        achieved = draw(dates(min_value=target.set_on, max_value=held_on))
    return TargetOutcome(
        target_id=target.target_id,
        attainment=attainment,
        achieved_on=achieved,
        comment=draw(_free_text()),
    )


def target_outcomes(
    *, target: Target, held_on: dt.date
) -> st.SearchStrategy[TargetOutcome]:
    """A valid outcome for ``target`` at a review held on ``held_on``."""
    return _outcome(target, held_on)


_outcome = st.composite(_draw_outcome)


def provision_ratings(*, provision_id: str) -> st.SearchStrategy[ProvisionRating]:
    """A rating of the provision with this id."""
    return st.builds(
        ProvisionRating,
        provision_id=st.just(provision_id),
        effectiveness=st.sampled_from(Effectiveness),
        comment=_free_text(),
    )


@st.composite
def _review(
    draw: st.DrawFn,
    plan: SupportPlan,
    held_on: st.SearchStrategy[dt.date] | None,
    decisions: st.SearchStrategy[ReviewDecision],
) -> Review:
    held = draw(
        held_on
        if held_on is not None
        else dates(
            min_value=plan.agreed_on,
            max_value=plan.review_due_on + dt.timedelta(days=60),
        )
    )
    decision = draw(decisions)
    next_due = None
    if decision not in (
        ReviewDecision.END_SUPPORT,
        ReviewDecision.REQUEST_EHC_NEEDS_ASSESSMENT,
    ):
        next_due = draw(
            st.none() | st.integers(28, 120).map(lambda d: held + dt.timedelta(days=d))
        )
    rated = (
        draw(st.lists(st.sampled_from(plan.provisions), unique=True).map(tuple))
        if plan.provisions
        else ()
    )
    return Review(
        held_on=held,
        decision=decision,
        participants=draw(
            st.lists(st.sampled_from(Role), unique=True, max_size=5).map(tuple)
        ),
        outcomes=tuple(_draw_outcome(draw, t, held) for t in plan.targets),
        ratings=tuple(
            ProvisionRating(
                provision_id=p.provision_id,
                effectiveness=draw(st.sampled_from(Effectiveness)),
                comment=draw(_free_text()),
            )
            for p in rated
        ),
        parent_views_recorded=draw(st.booleans()),
        pupil_views_recorded=draw(st.booleans()),
        next_review_due_on=next_due,
    )


def reviews_for(
    plan: SupportPlan,
    *,
    held_on: st.SearchStrategy[dt.date] | None = None,
    decisions: st.SearchStrategy[ReviewDecision] | None = None,
) -> st.SearchStrategy[Review]:
    """Valid reviews of ``plan``: an outcome for each of its targets, no other.

    By default held between the plan's agreement and 60 days after its due date.
    """
    return _review(
        plan,
        held_on,
        st.sampled_from(ReviewDecision) if decisions is None else decisions,
    )


def reviews() -> st.SearchStrategy[Review]:
    """Valid reviews, each of some valid plan."""
    return support_plans().flatmap(reviews_for)
