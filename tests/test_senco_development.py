"""The SENCO's development: frameworks as data, self-ratings, progress and reg. 49.

The framework built here is made up (its titles are labels, not framework wording);
the shipped frameworks are checked against what the research notes confirm.
"""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction
from importlib import resources
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sensupport import NotFoundError, ValidationError, dumps, loads
from sensupport.qualifications import (
    Qualification,
    QualificationKind,
    QualificationStatus,
    SencoAppointment,
)
from sensupport.senco_development import (
    DevelopmentFramework,
    DevelopmentRecord,
    FrameworkAspect,
    FrameworkDomain,
    FrameworkSource,
    SelfRating,
    development_progress,
    load_framework,
    nasenco_framework,
    npqsenco_framework,
)
from sensupport.testing._senco_development import (
    development_frameworks,
    development_records,
    self_ratings,
)

D = dt.date
SOURCE = FrameworkSource(source_id="S", title="A provider's handbook")


def aspect(aspect_id: str, **changes: Any) -> FrameworkAspect:
    fields = {"aspect_id": aspect_id, "title": f"Aspect {aspect_id}", "source_id": "S"}
    return FrameworkAspect(**(fields | changes))


def domain(
    domain_id: str, *aspects: FrameworkAspect, **changes: Any
) -> FrameworkDomain:
    fields: dict[str, Any] = {
        "domain_id": domain_id,
        "title": f"Domain {domain_id}",
        "source_id": "S",
        "aspects": aspects,
    }
    return FrameworkDomain(**(fields | changes))


def built(**changes: Any) -> DevelopmentFramework:
    """A made-up framework: D1 (confirmed) with aspects A1 to A3, and D2 rated whole."""
    fields: dict[str, Any] = {
        "framework_id": "test",
        "name": "A test framework",
        "qualification": QualificationKind.NPQSENCO,
        "source_id": "S",
        "sources": (SOURCE,),
        "domains": (
            domain("D1", aspect("A1"), aspect("A2"), aspect("A3"), confirmed=True),
            domain("D2"),
        ),
    }
    return DevelopmentFramework(**(fields | changes))


def rating(item_id: str, on: dt.date, level: int) -> SelfRating:
    return SelfRating(item_id=item_id, rated_on=on, level=level)


APPOINTMENT = SencoAppointment(appointed_on=D(2024, 9, 2), school="URN 100000")
STUDYING = Qualification(
    kind=QualificationKind.NPQSENCO, course_started_on=D(2024, 10, 1)
)
RECORD = DevelopmentRecord(
    framework_id="test",
    appointment=APPOINTMENT,
    qualifications=(STUDYING,),
    ratings=(
        rating("A1", D(2025, 3, 3), 3),  # out of date order on purpose
        rating("A1", D(2024, 9, 9), 1),
        rating("A1", D(2026, 1, 5), 4),  # after as_of: not counted
        rating("A2", D(2024, 9, 9), 2),
        rating("D2", D(2024, 9, 9), 2),
        rating("D2", D(2025, 3, 3), 1),
    ),
)
AS_OF = D(2025, 9, 1)


def codes(error: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return {problem.code for problem in error.value.problems}


# --- the framework ---------------------------------------------------------------------


def test_a_domain_with_aspects_is_rated_by_aspect_and_one_without_as_a_whole() -> None:
    items = built().items
    assert [(i.item_id, i.domain_id, i.is_domain) for i in items] == [
        ("A1", "D1", False),
        ("A2", "D1", False),
        ("A3", "D1", False),
        ("D2", "D2", True),
    ]
    assert built().item("D2").title == "Domain D2"
    with pytest.raises(NotFoundError):
        built().item("D1")  # rated by its aspects, not as a whole


def test_levels_have_no_words_unless_the_framework_gives_them() -> None:
    assert built().level_label(1) == "level 1 of 4"
    labelled = built(scale_labels=("w", "x", "y", "z"))
    assert [labelled.level_label(level) for level in (1, 4)] == ["w", "z"]
    with pytest.raises(ValueError, match="1, 2, 3 or 4"):
        labelled.level_label(5)


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"qualification": QualificationKind.QTS}, "framework.qualification"),
        ({"domains": ()}, "framework.no_domains"),
        ({"source_id": "nowhere"}, "framework.unknown_source"),
        (
            {"domains": (domain("D1", aspect("A1", source_id="T")),)},
            "framework.unknown_source",
        ),
        ({"domains": (domain("D1"), domain("D1"))}, "framework.duplicate_id"),
        (
            {"domains": (domain("D1", aspect("A1")), domain("A1"))},
            "framework.duplicate_id",
        ),
        ({"domains": (domain("D1", aspect("D1")),)}, "framework.duplicate_id"),
        ({"sources": (SOURCE, SOURCE)}, "framework.source.duplicate_id"),
        ({"scale_labels": ("a", "b", "c")}, "framework.scale_labels"),
        ({"scale_labels": ("a", "b", "c", "d", "e")}, "framework.scale_labels"),
        ({"scale_labels": ("a", "b", "b", "c")}, "framework.scale_label.duplicate"),
        ({"scale_labels": ("a", " ", "b", "c")}, "framework.scale_label.blank"),
        ({"framework_id": " "}, "framework.blank"),
        ({"name": ""}, "framework.blank"),
    ],
)
def test_an_invalid_framework_is_refused(changes: dict[str, Any], code: str) -> None:
    with pytest.raises(ValidationError) as error:
        built(**changes)
    assert code in codes(error)


@pytest.mark.parametrize(
    ("build", "code"),
    [
        (lambda: FrameworkSource(source_id="S"), "framework_source.unidentified"),
        (lambda: FrameworkSource(source_id="", url="u"), "framework_source.blank"),
        (lambda: aspect("A1", title=" "), "framework_aspect.blank"),
        (
            lambda: aspect("A1", outcomes=("Learn that...", "")),
            "framework_aspect.blank",
        ),
        (
            lambda: domain("D1", aspect("A1"), aspect("A1")),
            "framework_domain.aspect.duplicate_id",
        ),
        (lambda: domain("D1", source_id=""), "framework_domain.blank"),
        (lambda: rating("A1", D(2025, 1, 6), 0), "self_rating.level"),
        (lambda: rating("A1", D(2025, 1, 6), 5), "self_rating.level"),
        (lambda: rating("", D(2025, 1, 6), 2), "self_rating.blank"),
        (lambda: rating("A1", D(2025, 1, 6), True), "type"),  # True is not a level
        (
            lambda: attrs.evolve(RECORD, ratings=(rating("A1", AS_OF, 1),) * 2),
            "development_record.duplicate_rating",
        ),
        (lambda: attrs.evolve(RECORD, framework_id=""), "development_record.blank"),
    ],
)
def test_an_invalid_part_is_refused(build: Any, code: str) -> None:
    with pytest.raises(ValidationError) as error:
        build()
    assert code in codes(error)


def test_a_rating_may_come_before_the_appointment() -> None:
    early = attrs.evolve(RECORD, ratings=(rating("A1", D(2024, 7, 1), 2),))
    view = development_progress(early, built(), as_of=AS_OF)
    assert view.items[0].first_on == D(2024, 7, 1)


# --- progress --------------------------------------------------------------------------


def test_progress_per_item_and_domain_is_exact() -> None:
    view = development_progress(RECORD, built(), as_of=AS_OF)
    items = {item.item_id: item for item in view.items}
    a1 = items["A1"]
    assert (a1.ratings, a1.first_level, a1.first_on, a1.latest_level, a1.latest_on) == (
        2,
        1,
        D(2024, 9, 9),
        3,
        D(2025, 3, 3),
    )
    assert [items[i].change for i in ("A1", "A2", "A3", "D2")] == [2, 0, None, -1]
    d1, d2 = view.domains
    assert (d1.rated, d1.coverage) == (2, Fraction(2, 3))
    assert (d1.first_mean, d1.latest_mean, d1.change) == (
        Fraction(3, 2),
        Fraction(5, 2),
        Fraction(1),
    )
    assert (d2.rated, d2.coverage, d2.first_mean, d2.latest_mean, d2.change) == (
        1,
        Fraction(1),
        Fraction(2),
        Fraction(1),
        Fraction(-1),
    )
    assert view.coverage == Fraction(3, 4)
    assert view.ratings_ignored == 1


def test_the_weakest_come_first_then_in_framework_order() -> None:
    view = development_progress(RECORD, built(), as_of=AS_OF)
    assert [item.item_id for item in view.weakest] == ["D2", "A2", "A1"]
    assert [item.item_id for item in view.unrated] == ["A3"]
    tied = attrs.evolve(
        RECORD,
        ratings=(
            rating("D2", AS_OF, 2),
            rating("A3", AS_OF, 2),
            rating("A1", AS_OF, 2),
            rating("A2", AS_OF, 1),
        ),
    )
    view = development_progress(tied, built(), as_of=AS_OF)
    assert [item.item_id for item in view.weakest] == ["A2", "A1", "A3", "D2"]


def test_a_domain_with_nothing_rated_has_no_mean() -> None:
    view = development_progress(attrs.evolve(RECORD, ratings=()), built(), as_of=AS_OF)
    d1 = view.domains[0]
    assert (d1.rated, d1.coverage, d1.first_mean, d1.change) == (
        0,
        Fraction(0),
        None,
        None,
    )
    assert view.weakest == ()


def test_the_reg_49_deadline_is_in_the_same_view() -> None:
    view = development_progress(RECORD, built(), as_of=AS_OF)
    status = view.qualification
    assert (
        status.status,
        status.required_award,
        status.deadline,
        status.days_left,
    ) == (
        QualificationStatus.DUE,
        QualificationKind.NPQSENCO,
        D(2027, 9, 2),
        731,
    )
    late = development_progress(RECORD, built(), as_of=D(2027, 9, 12))
    assert (late.qualification.status, late.qualification.days_overdue) == (
        QualificationStatus.OVERDUE,
        10,
    )
    awarded = attrs.evolve(STUDYING, awarded_on=D(2026, 4, 1))
    met = attrs.evolve(RECORD, qualifications=(awarded,))
    view = development_progress(met, built(), as_of=D(2026, 5, 1))
    assert view.qualification.status is QualificationStatus.MET


def test_the_view_as_text() -> None:
    view = development_progress(RECORD, built(), as_of=AS_OF)
    assert str(view) == "\n".join(
        [
            "A test framework (test), on 2025-09-01",
            "Qualification (reg. 49): Not yet held; the deadline has not passed; "
            "award: National Professional Qualification for SENCOs; "
            "deadline 2027-09-02; 731 days left",
            "Rated: 3 of 4 items",
            "Not counted: 1 rating(s) after 2025-09-01",
            "Domains:",
            "  Domain D1: 2 of 3 rated; mean 1.50 -> 2.50, change +1.00",
            "  Domain D2 [heading not confirmed]: 1 of 1 rated; mean 2.00 -> 1.00, "
            "change -1.00",
            "Weakest first:",
            "  level 1 of 4: Domain D2 (D2) [heading not confirmed], change -1.00",
            "  level 2 of 4: Aspect A2 (A2) [heading not confirmed], change +0.00",
            "  level 3 of 4: Aspect A1 (A1) [heading not confirmed], change +2.00",
            "Not yet rated:",
            "  Aspect A3 (A3) [heading not confirmed]",
        ]
    )


def test_a_rating_of_an_item_not_in_the_framework_is_an_error() -> None:
    stray = attrs.evolve(
        RECORD,
        framework_id="other",
        ratings=(rating("A1", AS_OF, 2), rating("D1", AS_OF, 2), rating("Z", AS_OF, 1)),
    )
    with pytest.raises(ValidationError) as error:
        development_progress(stray, built(), as_of=AS_OF)
    assert [(p.path, p.code) for p in error.value.problems] == [
        ("framework_id", "development.framework_mismatch"),
        ("ratings[1].item_id", "development.unknown_item"),
        ("ratings[2].item_id", "development.unknown_item"),
    ]


FRAMEWORK_AND_RECORD = development_frameworks().flatmap(
    lambda f: st.tuples(st.just(f), development_records(framework=f))
)


@given(FRAMEWORK_AND_RECORD, st.dates(min_value=D(2010, 1, 1), max_value=D(2045, 1, 1)))
def test_any_record_of_a_framework_has_a_view(
    pair: tuple[DevelopmentFramework, DevelopmentRecord], as_of: dt.date
) -> None:
    framework, record = pair
    view = development_progress(record, framework, as_of=as_of)
    counted = sum(item.ratings for item in view.items)
    assert counted + view.ratings_ignored == len(record.ratings)
    assert 0 <= view.coverage <= 1
    levels = [item.latest_level or 0 for item in view.weakest]
    assert levels == sorted(levels)
    assert len(view.weakest) + len(view.unrated) == len(framework.items)
    assert str(view)


# --- documents -------------------------------------------------------------------------


@given(development_frameworks())
def test_a_framework_survives_its_document(framework: DevelopmentFramework) -> None:
    text = dumps(framework)
    assert loads(text) == framework
    assert load_framework(text) == framework


@given(development_records())
def test_a_record_survives_its_document(record: DevelopmentRecord) -> None:
    assert loads(dumps(record)) == record


@given(self_ratings())
def test_a_rating_survives_its_document(rating: SelfRating) -> None:
    assert loads(dumps(rating)) == rating


def test_a_bad_framework_document_names_the_field_the_value_and_the_rule() -> None:
    document = json.loads(dumps(built()))
    document["data"]["qualification"] = "qts"
    document["data"]["domains"][1]["source_id"] = "T"
    with pytest.raises(ValidationError) as error:
        load_framework(json.dumps(document))
    said = [(p.path, p.code, p.message) for p in error.value.problems]
    assert said == [
        (
            "data.qualification",
            "framework.qualification",
            "a development framework is for nasenco or npqsenco, not 'qts'",
        ),
        (
            "data.domains[1].source_id",
            "framework.unknown_source",
            "source 'T' is not among the framework's sources",
        ),
    ]
    with pytest.raises(ValidationError) as error:
        load_framework("{not json")
    assert codes(error) == {"document.json"}
    with pytest.raises(ValidationError) as error:
        load_framework(dumps(RECORD))
    assert codes(error) == {"document.type"}


def test_a_note_is_never_shown() -> None:
    secret = "Ada Lovelace, born 2014-05-02"
    noted = SelfRating(item_id="A1", rated_on=AS_OF, level=2, note=secret)
    assert secret not in repr(noted)
    assert secret not in repr(attrs.evolve(RECORD, ratings=(noted,)))
    with pytest.raises(ValidationError) as error:
        SelfRating(item_id="A1", rated_on=AS_OF, level=2, note=(secret,))  # type: ignore[arg-type]
    assert secret not in str(error.value)
    document = json.loads(dumps(noted))
    document["data"]["note"] = [secret]
    with pytest.raises(ValidationError) as error:
        loads(json.dumps(document))
    assert secret not in str(error.value)


# --- the shipped frameworks ------------------------------------------------------------

# From the research notes (research16/senco/NOTES.md): only the three NASENCO domain
# names are confirmed; every NPQSENCO area name, every aspect heading and the
# four-point scale's labels are not.
CONFIRMED = {
    "nasenco-2014": [
        "Professional Knowledge and Understanding",
        "Leading and Coordinating Provision",
        "Personal and Professional Qualities",
    ],
    "npqsenco-2023": [],
}
NPQ_AREAS = [
    "School Culture",
    "Statutory Framework",
    "Identification of need",
    "Teaching",
    "Behaviour",
    "Leading and managing provision",
    "Professional development",
    "Implementation",
]
SHIPPED = [nasenco_framework, npqsenco_framework]


def headings(
    framework: DevelopmentFramework,
) -> list[FrameworkDomain | FrameworkAspect]:
    found: list[FrameworkDomain | FrameworkAspect] = []
    for d in framework.domains:
        found += [d, *d.aspects]
    return found


def test_the_shipped_frameworks_hold_what_the_research_found() -> None:
    nasenco, npq = nasenco_framework(), npqsenco_framework()
    assert nasenco.qualification is QualificationKind.NASENCO
    assert npq.qualification is QualificationKind.NPQSENCO
    assert [d.title for d in nasenco.domains] == CONFIRMED["nasenco-2014"]
    assert [d.title for d in npq.domains] == NPQ_AREAS
    # No aspect could be confirmed, so every domain is rated whole.
    assert all(item.is_domain for f in (nasenco, npq) for item in f.items)


@pytest.mark.parametrize("shipped", SHIPPED, ids=lambda f: f.__name__)
def test_nothing_unconfirmed_ships_as_confirmed(shipped: Any) -> None:
    framework: DevelopmentFramework = shipped()
    confirmed = [heading.title for heading in headings(framework) if heading.confirmed]
    assert confirmed == CONFIRMED[framework.framework_id]
    assert framework.scale_labels == ()  # the 2017 scale's labels were not found


@pytest.mark.parametrize("shipped", SHIPPED, ids=lambda f: f.__name__)
def test_every_shipped_heading_names_a_source_that_can_be_found(shipped: Any) -> None:
    framework: DevelopmentFramework = shipped()
    named = [framework.source_id, *(h.source_id for h in headings(framework))]
    for source_id in named:
        source = framework.source(source_id)
        assert source.url.startswith("https://")
        assert source.publisher.strip()
    assert all(source.url.startswith("https://") for source in framework.sources)


@pytest.mark.parametrize("name", ["nasenco_2014.json", "npqsenco_2023.json"])
def test_the_shipped_files_are_documents(name: str) -> None:
    text = (
        resources.files("sensupport")
        .joinpath(f"data/frameworks/{name}")
        .read_text(encoding="utf-8")
    )
    assert isinstance(loads(text), DevelopmentFramework)
