"""Hypothesis strategies for the SENCO's development (requires hypothesis).

Frameworks drawn here are made up: their titles are arbitrary text, for testing
code that handles frameworks, never framework wording.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from ..qualifications import Qualification, QualificationKind, SencoAppointment
from ..senco_development import (
    LEVELS,
    DevelopmentFramework,
    DevelopmentRecord,
    FrameworkAspect,
    FrameworkDomain,
    FrameworkSource,
    SelfRating,
)
from ._model import MIN_DATE, _free_text, _ids, dates

__all__ = ["development_frameworks", "development_records", "self_ratings"]

_AWARDS = (QualificationKind.NASENCO, QualificationKind.NPQSENCO)


@st.composite
def _source(draw: st.DrawFn, source_id: str) -> FrameworkSource:
    title = draw(_free_text())
    # A source needs a title or a url: draw a url where the title came out blank.
    url = draw(_free_text() if title.strip() else _free_text(blank=False))
    return FrameworkSource(
        source_id=source_id,
        title=title,
        publisher=draw(_free_text()),
        url=url,
        date=draw(_free_text()),
        note=draw(_free_text()),
    )


@st.composite
def _framework(
    draw: st.DrawFn,
    framework_id: str | None,
    qualification: QualificationKind | None,
    max_domains: int,
    max_aspects: int,
) -> DevelopmentFramework:
    source_ids = draw(st.lists(_ids, unique=True, min_size=1, max_size=3))
    counts = draw(
        st.lists(
            st.integers(min_value=0, max_value=max_aspects),
            min_size=1,
            max_size=max_domains,
        )
    )
    # Domain and aspect ids share one namespace, so they are drawn together.
    total = len(counts) + sum(counts)
    ids = iter(draw(st.lists(_ids, unique=True, min_size=total, max_size=total)))
    pick_source = st.sampled_from(source_ids)
    domains = []
    for count in counts:
        domain_id = next(ids)
        aspects = tuple(
            FrameworkAspect(
                aspect_id=next(ids),
                title=draw(_free_text(blank=False)),
                source_id=draw(pick_source),
                confirmed=draw(st.booleans()),
                source_note=draw(_free_text()),
                outcomes=tuple(draw(st.lists(_free_text(blank=False), max_size=2))),
            )
            for _ in range(count)
        )
        domains.append(
            FrameworkDomain(
                domain_id=domain_id,
                title=draw(_free_text(blank=False)),
                source_id=draw(pick_source),
                confirmed=draw(st.booleans()),
                source_note=draw(_free_text()),
                aspects=aspects,
            )
        )
    labels = st.lists(
        _free_text(blank=False), min_size=len(LEVELS), max_size=len(LEVELS), unique=True
    )
    return DevelopmentFramework(
        framework_id=framework_id or draw(_ids),
        name=draw(_free_text(blank=False)),
        qualification=draw(st.sampled_from(_AWARDS))
        if qualification is None
        else qualification,
        source_id=draw(pick_source),
        sources=tuple(draw(_source(source_id)) for source_id in source_ids),
        domains=tuple(domains),
        scale_labels=tuple(draw(st.just([]) | labels)),
        note=draw(_free_text()),
    )


def development_frameworks(
    *,
    framework_id: str | None = None,
    qualification: QualificationKind | None = None,
    max_domains: int = 4,
    max_aspects: int = 4,
) -> st.SearchStrategy[DevelopmentFramework]:
    """Valid, made-up frameworks: one to ``max_domains`` domains of none to
    ``max_aspects`` aspects each, up to three sources, with or without scale labels.

    Args:
        framework_id: The framework's id; drawn if None.
        qualification: NASENCO or NPQSENCO; either if None.
        max_domains: The most domains (at least 1).
        max_aspects: The most aspects of a domain.
    """
    return _framework(framework_id, qualification, max_domains, max_aspects)


def self_ratings(
    *,
    item_ids: st.SearchStrategy[str] | None = None,
    rated_on: st.SearchStrategy[dt.date] | None = None,
) -> st.SearchStrategy[SelfRating]:
    """Valid self-ratings, levels 1 to 4, some with a (private) note."""
    return st.builds(
        SelfRating,
        item_id=_ids if item_ids is None else item_ids,
        rated_on=dates() if rated_on is None else rated_on,
        level=st.sampled_from(LEVELS),
        note=_free_text(),
    )


_appointments = st.builds(
    SencoAppointment,
    appointed_on=dates(),
    school=_free_text(blank=False),
    months_previously_senco=st.integers(min_value=0, max_value=24),
    holds_qts=st.booleans(),
    induction_completed=st.booleans(),
    is_head_teacher=st.booleans(),
)


@st.composite
def _qualification(draw: st.DrawFn) -> Qualification:
    started = draw(st.none() | dates())
    awarded = draw(st.none() | dates(min_value=started or MIN_DATE))
    return Qualification(
        kind=draw(st.sampled_from(_AWARDS)),
        course_started_on=started,
        awarded_on=awarded,
        provider=draw(_free_text()),
    )


@st.composite
def _record(
    draw: st.DrawFn, framework: DevelopmentFramework, max_ratings: int
) -> DevelopmentRecord:
    item_ids = st.sampled_from([item.item_id for item in framework.items])
    ratings = draw(
        st.lists(
            self_ratings(item_ids=item_ids),
            max_size=max_ratings,
            # An item is rated at most once a day.
            unique_by=lambda rating: (rating.item_id, rating.rated_on),
        )
    )
    return DevelopmentRecord(
        framework_id=framework.framework_id,
        appointment=draw(_appointments),
        qualifications=tuple(draw(st.lists(_qualification(), max_size=2))),
        ratings=tuple(ratings),
    )


def development_records(
    *,
    framework: DevelopmentFramework | None = None,
    max_ratings: int = 12,
) -> st.SearchStrategy[DevelopmentRecord]:
    """Valid development records whose ratings name only ``framework``'s items.

    Args:
        framework: The framework rated against; drawn (`development_frameworks`)
            if None.
        max_ratings: The most ratings.
    """
    if framework is None:
        return development_frameworks().flatmap(lambda f: _record(f, max_ratings))
    return _record(framework, max_ratings)
