"""The public converter writes an event's tag however it is asked for the event."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given

from sensupport import dumps, loads, to_dict
from sensupport.process import Event
from sensupport.serialization import converter
from sensupport.testing import events


@given(event=events())
def test_an_event_written_alone_reads_back_as_an_event(event: Event) -> None:
    document = converter.unstructure(event)
    assert document["event"] == type(event).__name__
    assert document == converter.unstructure(event, Event)
    assert converter.structure(document, Event) == event
    assert converter.structure(document, type(event)) == event
    # Given its own type, an event needs no tag, and refuses a tag naming another.
    untagged = {k: v for k, v in document.items() if k != "event"}
    assert converter.structure(untagged, type(event)) == event
    expected = f"an object whose 'event' is {type(event).__name__}"
    with pytest.raises(ValueError, match=expected):
        converter.structure({**document, "event": "Elsewhere"}, type(event))
    # The envelope's type says what the event is: its data stays untagged.
    assert to_dict(event)["data"] == untagged
    assert loads(dumps(event)) == event


@given(event=events())
def test_an_event_inside_a_class_of_your_own_round_trips(event: Event) -> None:
    # A field typed as an event in general, and one typed as this kind of event.
    fields = {
        "source": attrs.field(type=str),
        "event": attrs.field(type=Event),
        "again": attrs.field(type=type(event)),
    }
    logged_type = attrs.make_class("Logged", fields, frozen=True)
    logged = logged_type("MIS", event, event)
    document = converter.unstructure(logged)
    assert document["event"]["event"] == document["again"]["event"]
    assert converter.structure(document, logged_type) == logged
