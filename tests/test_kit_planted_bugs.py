"""The integrator's state machine catches five ways a store can lose data, and says how.

Each broken store below is a subclass of `GraduatedApproachMachine`, as an integrator
would write one; the honest stores they break pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pytest
from hypothesis import settings
from hypothesis.stateful import run_state_machine_as_test

from sensupport import from_dict, to_dict
from sensupport.process import Event, SupportRecord, replay
from sensupport.testing import GraduatedApproachMachine

Document = dict[str, Any]


class DocumentStore(GraduatedApproachMachine):
    """Keeps each record as the JSON document an API would send, one per pupil."""

    def __init__(self) -> None:
        super().__init__()
        self.documents: dict[str, Document] = {}

    def store(self, record: SupportRecord) -> None:
        self.documents[record.pupil.pupil_id] = self.kept(to_dict(record))

    def load(self, pupil_id: str) -> SupportRecord:
        return from_dict(self.documents[pupil_id], SupportRecord)

    def pupil_ids(self) -> Iterable[str]:
        return self.documents.keys()

    def kept(self, document: Document) -> Document:
        """What the store keeps of a document: all of it."""
        return document


class EventRows(GraduatedApproachMachine):
    """Keeps a row for the pupil and one for each event, and appends events."""

    def __init__(self) -> None:
        super().__init__()
        self.pupils: dict[str, Document] = {}
        self.events: dict[str, list[Document]] = {}

    def store(self, record: SupportRecord) -> None:
        self.pupils[record.pupil.pupil_id] = to_dict(record.pupil)
        self.events[record.pupil.pupil_id] = [to_dict(e) for e in record.events]

    def append(self, pupil_id: str, events: tuple[Event, ...]) -> None:
        self.events[pupil_id].extend(to_dict(e) for e in events)

    def load(self, pupil_id: str) -> SupportRecord:
        return replay(
            from_dict(self.pupils[pupil_id]),
            [from_dict(e) for e in self.events[pupil_id]],
        )

    def pupil_ids(self) -> Iterable[str]:
        return self.pupils.keys()


def _events(document: Document) -> list[Document]:
    events: list[Document] = document["data"]["events"]
    return events


class DropsAMiddleEvent(DocumentStore):
    """Loses the event in the middle of any record of three events or more."""

    def kept(self, document: Document) -> Document:
        events = _events(document)
        if len(events) >= 3:
            del events[len(events) // 2]
        return document


class OrdersEventsByDateAndType(DocumentStore):
    """Sorts events by date, breaking ties by type name instead of keeping order."""

    def kept(self, document: Document) -> Document:
        events = _events(document)
        events.sort(key=lambda e: (_date(e), e["event"]))
        return document


def _date(event: Document) -> str:
    # A received history's plan may be null: its date is its own.
    if event.get("plan") and event["event"] == "PlanAgreed":
        date: str = event["plan"]["agreed_on"]
    elif "review" in event:
        date = event["review"]["held_on"]
    else:
        date = event["occurred_on"]
    return date


class ForgetsWhenParentsWereNotified(DocumentStore):
    """Has no column for ``parents_notified_on``, so it loads as the default."""

    def kept(self, document: Document) -> Document:
        for event in _events(document):
            event.pop("parents_notified_on", None)
        return document


class DropsTheNewestOfABulkAppend(EventRows):
    """Appends all but the last of several events added at once."""

    def append(self, pupil_id: str, events: tuple[Event, ...]) -> None:
        super().append(pupil_id, events[:-1] if len(events) > 1 else events)


class CutsTextTo255Characters(DocumentStore):
    """Keeps every string in a VARCHAR(255)."""

    def kept(self, document: Document) -> Document:
        cut: Document = _cut(document)
        return cut


def _cut(value: Any) -> Any:
    if isinstance(value, str):
        return value[:255]
    if isinstance(value, dict):
        return {k: _cut(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_cut(v) for v in value]
    return value


def _run(machine: type[GraduatedApproachMachine], max_examples: int) -> None:
    run_state_machine_as_test(
        machine,
        settings=settings(
            machine.TestCase.settings,
            max_examples=max_examples,
            database=None,
            print_blob=False,
        ),
    )


@pytest.mark.parametrize("machine", [DocumentStore, EventRows])
def test_honest_stores_pass(machine: type[GraduatedApproachMachine]) -> None:
    _run(machine, max_examples=20)


# Each pattern names what the report must say: the event or field that differs.
PLANTED = [
    (DropsAMiddleEvent, r"events\[\d+\]"),
    (OrdersEventsByDateAndType, r"events\[\d+\]"),
    (ForgetsWhenParentsWereNotified, r"AssessmentCompleted\.parents_notified_on: "),
    (DropsTheNewestOfABulkAppend, r"\d+ of \d+ events stored: events\[\d+\] \(\w+\)"),
    (
        CutsTextTo255Characters,
        r"\w+: expected \d+ characters, stored 255; from character 255"
        r"|pupil\.(given|family)_name differs \(value withheld: personal data\)"
        # Text whose first 255 characters are spaces comes back blank, and a blank
        # description or name no longer loads: the path names the field.
        r"|no longer loads: .*\.(description|name): \w+ must not be blank",
    ),
]


@pytest.mark.parametrize(
    ("machine", "says"), PLANTED, ids=[m.__name__ for m, _ in PLANTED]
)
def test_the_machine_catches_a_planted_bug(
    machine: type[GraduatedApproachMachine], says: str
) -> None:
    with pytest.raises(AssertionError, match="changed in storage") as caught:
        _run(machine, max_examples=200)
    assert re.search(says, str(caught.value)), str(caught.value)
