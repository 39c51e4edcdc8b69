"""Records that open from received history replay, round-trip and take later events
like any other, and the test kit draws them."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from sensupport import SenProvision, dumps, loads
from sensupport.process import (
    SENHistoryReceived,
    Stage,
    SupportRecord,
    apply,
    replay,
)
from sensupport.testing import events_for, pupils, sen_histories, support_records


@given(support_records(from_history=True, max_events=10))
def test_replay_equals_record_and_round_trips(record: SupportRecord) -> None:
    assert isinstance(record.events[0], SENHistoryReceived)
    assert replay(record.pupil, record.events) == record
    assert replay(record.pupil, record.events).state == record.state
    loaded = loads(dumps(record), SupportRecord)
    assert loaded == record
    assert loaded.state == record.state


@given(sen_histories(), pupils())
def test_the_census_code_before_the_record_opened_is_the_history(
    history: SENHistoryReceived, pupil: object
) -> None:
    record = SupportRecord(pupil=pupil, events=(history,))  # type: ignore[arg-type]
    assert record.provision_on(history.provision_started_on) is history.provision
    before = history.provision_started_on - dt.timedelta(days=1)
    expected = history.earlier[-1].provision if history.earlier else SenProvision.NO_SEN
    assert record.provision_on(before) is expected
    if history.provision is SenProvision.EHC_PLAN:
        assert record.stage is Stage.EHC_PLAN
    elif history.plan_review_due_on is None:
        assert record.stage is Stage.PLAN
        assert "advice.no_plan_in_force" in {p.code for p in record.advisories}
    else:
        assert record.state.review_due_on == history.plan_review_due_on


@given(st.data(), sen_histories(), pupils())
def test_later_events_apply_as_usual(
    data: st.DataObject, history: SENHistoryReceived, pupil: object
) -> None:
    record = SupportRecord(pupil=pupil, events=(history,))  # type: ignore[arg-type]
    for _ in range(4):
        if record.is_closed:
            break
        record = apply(record, data.draw(events_for(record)))
    assert replay(record.pupil, record.events) == record


def test_a_need_is_not_identified_after_the_event_that_records_it() -> None:
    import pytest

    from sensupport import AssessmentOutcome, Need, NeedType, ValidationError
    from sensupport.process import AssessmentCompleted

    later = (Need(need_type=NeedType.SLCN, identified_on=dt.date(2025, 12, 1)),)
    with pytest.raises(ValidationError) as error:
        SENHistoryReceived(
            occurred_on=dt.date(2025, 11, 3),
            provision=SenProvision.SEN_SUPPORT,
            provision_started_on=dt.date(2024, 3, 4),
            needs=later,
            received_from="MIS",
        )
    assert error.value.codes == ("history.need_after_received",)
    assert "after the history was received on 2025-11-03" in str(error.value)
    with pytest.raises(ValidationError) as error:
        AssessmentCompleted(
            occurred_on=dt.date(2025, 11, 3),
            outcome=AssessmentOutcome.SEN_SUPPORT,
            needs=later,
        )
    assert error.value.codes == ("assessment.need_after_decision",)
    assert "after the assessment's decision on 2025-11-03" in str(error.value)
