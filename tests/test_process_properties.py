"""Properties of the graduated-approach machine, over histories it builds itself."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sensupport import SenProvision, Severity, TransitionError, dumps, loads
from sensupport.process import (
    EVENT_TYPES,
    Stage,
    SupportRecord,
    allowed_events,
    apply,
    check,
    replay,
)
from sensupport.process.fold import event_index, event_path
from sensupport.testing import events_for, invalid_events_for, support_records


@given(support_records())
def test_replay_equals_record(record: SupportRecord) -> None:
    replayed = replay(record.pupil, record.events)
    assert replayed == record
    assert replayed.state == record.state


@given(support_records())
def test_records_round_trip(record: SupportRecord) -> None:
    loaded = loads(dumps(record), SupportRecord)
    assert loaded == record
    assert loaded.state == record.state


@given(st.data(), support_records())
def test_rejected_event_leaves_record_unchanged(
    data: st.DataObject, record: SupportRecord
) -> None:
    before = (record.events, record.state)
    event = data.draw(invalid_events_for(record))
    with pytest.raises(TransitionError) as error:
        apply(record, event)
    assert error.value.codes
    assert (record.events, record.state) == before


@given(st.data(), support_records())
def test_allowed_events_agree_with_check(
    data: st.DataObject, record: SupportRecord
) -> None:
    event = data.draw(invalid_events_for(record) | events_for(record))
    from sensupport.process import TRANSITIONS

    # Not allowed: the stage does not take the event, or one of its guards fails.
    refusals = {"stage.not_allowed", "record.closed"} | {
        g.code for t in TRANSITIONS for g in t.guards
    }
    codes = {p.code for p in check(record, event) if p.severity is Severity.ERROR}
    if type(event) in allowed_events(record):
        assert not codes & refusals
    else:
        assert codes & refusals


@given(st.data(), support_records())
def test_accepted_events_extend_the_log(
    data: st.DataObject, record: SupportRecord
) -> None:
    if record.is_closed:
        assert allowed_events(record) == frozenset()
        return
    event = data.draw(events_for(record))
    extended = apply(record, event)
    assert extended.events == (*record.events, event)
    assert extended.advisories[: len(record.advisories)] == record.advisories
    assert all(p.severity is Severity.ADVISORY for p in extended.advisories)


@given(support_records())
def test_census_provision_follows_the_record(record: SupportRecord) -> None:
    before = record.opened_on - dt.timedelta(days=1)
    assert record.provision_on(before) is SenProvision.NO_SEN
    start = record.support_started_on
    for first, after in record.support_periods:
        if first < after:  # support that began and ended on one day is empty
            assert record.provision_on(first) is SenProvision.SEN_SUPPORT
            last_day = min(after, dt.date.max) - dt.timedelta(days=1)
            assert record.provision_on(last_day) is SenProvision.SEN_SUPPORT
    last = record.provision_on(record.state.last_event_on)
    if record.stage is Stage.EHC_PLAN:
        assert last is SenProvision.EHC_PLAN
    elif record.is_closed or start is None:
        assert last is SenProvision.NO_SEN
    else:
        assert last is SenProvision.SEN_SUPPORT


def test_every_event_type_is_in_the_table() -> None:
    from sensupport.process import TRANSITIONS

    assert {t.event for t in TRANSITIONS} | {EVENT_TYPES[0]} == set(EVENT_TYPES)


@given(support_records(min_cycles=2, max_events=8))
def test_records_with_several_cycles(record: SupportRecord) -> None:
    assert record.completed_cycles >= 2
    assert [c.number for c in record.cycles] == list(range(1, len(record.cycles) + 1))


@given(support_records(stage=Stage.DO))
def test_records_in_a_chosen_stage(record: SupportRecord) -> None:
    assert record.stage is Stage.DO
    assert record.current_plan is not None


@given(st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2035, 1, 1)))
def test_proposed_review_dates_follow_the_cadence(agreed_on: dt.date) -> None:
    from sensupport.calendar import Cadence
    from sensupport.process import propose_review_date

    termly = propose_review_date(agreed_on)
    # At most the summer holiday and the autumn term away.
    assert agreed_on < termly <= agreed_on + dt.timedelta(days=155)
    six_weekly = propose_review_date(agreed_on, Cadence.every_weeks(6))
    assert six_weekly == agreed_on + dt.timedelta(days=41)


@settings(max_examples=40)
@given(support_records())
def test_each_advisory_names_the_event_that_raised_it(record: SupportRecord) -> None:
    # Replaying the events one at a time, each event's advisories are the new ones.
    by_event = record.advisories_by_event()
    assert [a for _, a in by_event] == list(record.advisories)
    for index, advisory in by_event:
        assert advisory.path.startswith(event_path(index))
        before = replay(record.pupil, record.events[:index]) if index else None
        after = replay(record.pupil, record.events[: index + 1])
        new = after.advisories[len(before.advisories) if before else 0 :]
        assert advisory in new


def test_a_path_not_at_an_event_has_no_event_index() -> None:
    with pytest.raises(ValueError, match="does not start at an event"):
        event_index("pupil.upn")
