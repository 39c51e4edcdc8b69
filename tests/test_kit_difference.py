"""The machine's failure message names the first difference, and never personal data."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from sensupport import UPN, Pupil, Role, YearGroup
from sensupport.codes import AssessmentOutcome, EvidenceSource
from sensupport.process import (
    AssessmentCompleted,
    ConcernRaised,
    ParentMeetingHeld,
    replay,
)
from sensupport.testing._difference import difference

PUPIL = Pupil(
    pupil_id="MIS-7",
    year_group=YearGroup.Y2,
    upn=UPN.parse("B801200005001"),
    date_of_birth=dt.date(2018, 3, 4),
    given_name="Zoë",
    family_name="Nguyễn",
)
CONCERN = ConcernRaised(
    occurred_on=dt.date(2025, 9, 22), raised_by=Role.TEACHER, summary="Reads slowly."
)
ASSESSED = AssessmentCompleted(
    occurred_on=dt.date(2025, 10, 6),
    outcome=AssessmentOutcome.SPECIALIST_ADVICE_NEEDED,
    parents_notified_on=dt.date(2025, 10, 7),
)
MEETING = ParentMeetingHeld(
    occurred_on=dt.date(2025, 10, 20), summary="Met mum.\r\n" * 40
)
RECORD = replay(PUPIL, [CONCERN, MEETING])


def test_equal_records_have_no_difference() -> None:
    assert difference(RECORD, replay(PUPIL, RECORD.events)) is None


@pytest.mark.parametrize(
    "field",
    ["upn", "date_of_birth", "given_name", "family_name"],
)
def test_personal_data_is_withheld(field: str) -> None:
    stored = replay(attrs.evolve(PUPIL, **{field: None}), RECORD.events)
    found = difference(RECORD, stored)
    assert found == f"pupil.{field} differs (value withheld: personal data)"
    for value in ("B801200005001", "2018-03-04", "Zoë", "Nguyễn"):
        assert value not in found


def test_other_pupil_fields_are_shown() -> None:
    stored = replay(attrs.evolve(PUPIL, year_group=YearGroup.Y3), RECORD.events)
    assert difference(RECORD, stored) == "pupil.year_group: expected '2', stored '3'"


def test_a_field_of_an_event_is_named_with_both_values() -> None:
    expected = replay(PUPIL, [CONCERN, ASSESSED])
    stored = replay(PUPIL, [CONCERN, attrs.evolve(ASSESSED, parents_notified_on=None)])
    assert difference(expected, stored) == (
        "events[1] AssessmentCompleted.parents_notified_on: "
        "expected 2025-10-07, stored None"
    )


def test_long_texts_are_compared_where_they_part() -> None:
    crlf_lost = attrs.evolve(MEETING, summary=MEETING.summary.replace("\r\n", "\n"))
    found = difference(RECORD, replay(PUPIL, [CONCERN, crlf_lost]))
    assert found == (
        "events[1] ParentMeetingHeld.summary: expected 400 characters, stored 360; "
        r"from character 8 expected '\r\nMet mum.\r\nMet mum....', "
        r"stored '\nMet mum.\nMet mum.\nM...'"
    )


def test_short_texts_are_shown_whole() -> None:
    stored = replay(PUPIL, [attrs.evolve(CONCERN, summary="Reads")])
    found = difference(replay(PUPIL, [CONCERN]), stored)
    assert found == (
        "events[0] ConcernRaised.summary: expected 'Reads slowly.', stored 'Reads'"
    )


def test_an_event_of_another_type_is_named() -> None:
    expected = replay(PUPIL, [CONCERN, ASSESSED, MEETING])
    stored = replay(PUPIL, [CONCERN, MEETING])
    assert difference(expected, stored) == (
        "events[1]: expected AssessmentCompleted, stored ParentMeetingHeld"
    )


def test_missing_and_extra_events_are_counted() -> None:
    short = replay(PUPIL, [CONCERN])
    assert difference(RECORD, short) == (
        "1 of 2 events stored: events[1] (ParentMeetingHeld) and after are missing"
    )
    assert difference(short, RECORD) == (
        "2 events stored, 1 expected: events[1] (ParentMeetingHeld) is extra"
    )


def test_something_other_than_a_record_is_named() -> None:
    assert difference(RECORD, {"pupil": {}}) == (
        "load returned dict, not a SupportRecord"
    )


def test_a_tuple_of_another_length_is_counted() -> None:
    sources = tuple(EvidenceSource)[:2]
    expected = replay(PUPIL, [attrs.evolve(CONCERN, evidence=sources)])
    stored = replay(PUPIL, [CONCERN])
    assert difference(expected, stored) == (
        "events[0] ConcernRaised.evidence: expected 2 items, stored 0"
    )
