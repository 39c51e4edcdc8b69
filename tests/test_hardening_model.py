"""Whatever can be built can be saved, read back and reported on: bounds on text,
numbers, dates and record length, and replay that stays linear."""

from __future__ import annotations

import datetime as dt
import io
import math

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from builders import (
    assessment_completed,
    concern_raised,
    long_record_events,
    plan_agreed,
    provision,
    pupil,
    review_held,
    support_plan,
)
from sensupport import (
    Measure,
    MeasureScale,
    Pupil,
    SupportPlan,
    ValidationError,
    YearGroup,
    dump_lines,
    dumps,
    load_lines,
    loads,
)
from sensupport._report import Report
from sensupport.cli import main
from sensupport.limits import current, limited
from sensupport.process import Event, SupportRecord, apply
from sensupport.process._log import Log


@given(st.lists(st.tuples(st.booleans(), st.integers()), max_size=30))
def test_a_log_is_the_list_it_was_built_as(operations: list[tuple[bool, int]]) -> None:
    log: Log[int] = Log.of(())
    model: list[int] = []
    earlier = []
    for replace, value in operations:
        earlier.append((log, tuple(model)))
        if replace and model:
            log, model[-1] = log.replaced_last(value), value
        else:
            log, model = log.added(value), [*model, value]
    assert log.items() == tuple(model)
    assert len(log) == len(model)
    assert log.last == (model[-1] if model else None)
    # Every log before is as it was: adding shares, never changes.
    for before, items in earlier:
        assert before.items() == items


def _long_record(cycles: int) -> tuple[Pupil, tuple[Event, ...]]:
    return pupil(), long_record_events(cycles=cycles)


def test_a_record_longer_than_the_limit_is_refused_before_it_is_replayed() -> None:
    most = current().events_per_record
    who, events = _long_record((most - 1) // 2)
    assert len(events) == most
    record = SupportRecord(pupil=who, events=events)  # type: ignore[arg-type]
    with pytest.raises(ValidationError) as caught:
        apply(record, review_held(held_on=record.state.last_event_on))
    assert caught.value.problems[0].code == "record.too_many_events"
    who, longer = _long_record(most // 2 + 1)
    with pytest.raises(ValidationError) as caught:
        SupportRecord(pupil=who, events=longer)  # type: ignore[arg-type]
    assert caught.value.problems[0].path == "events"
    assert str(most) in caught.value.problems[0].message
    with limited(events_per_record=len(longer)):
        assert len(SupportRecord(pupil=who, events=longer).events) == len(longer)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="1 or more"), limited(events_per_record=0):
        pass


def test_a_long_record_replays_to_the_same_state_as_one_built_event_by_event() -> None:
    who, events = _long_record(300)
    whole = SupportRecord(pupil=who, events=events)  # type: ignore[arg-type]
    grown = SupportRecord(pupil=who, events=events[:1])  # type: ignore[arg-type]
    for event in events[1:]:
        grown = apply(grown, event)  # type: ignore[arg-type]
    assert grown.state == whole.state
    assert len(whole.cycles) == 300
    assert loads(dumps(whole), SupportRecord) == whole


@given(text=st.text(max_size=12))
def test_any_text_a_pupil_takes_is_saved_and_read_back_equal(text: str) -> None:
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        with pytest.raises(ValidationError, match="Unicode text") as caught:
            Pupil(pupil_id="x", year_group=YearGroup.Y2, given_name=text)
        assert text not in str(caught.value)  # never echoes the name
        return
    built = Pupil(pupil_id="x", year_group=YearGroup.Y2, given_name=text)
    for saved in (dumps(built), dumps(built, indent=2)):
        assert loads(saved, Pupil) == built
    (line,) = "".join(dump_lines([built])).splitlines()
    assert list(load_lines([line], Pupil)) == [built]


@given(value=st.integers() | st.floats(allow_nan=True, allow_infinity=True))
def test_any_measure_a_constructor_takes_comes_back_equal(value: float) -> None:
    keeps = abs(value) <= 2**53 - 1 if isinstance(value, int) else math.isfinite(value)
    if not keeps:
        with pytest.raises(ValidationError) as caught:
            Measure(
                scale=MeasureScale.READING_AGE_MONTHS,
                value=value,
                taken_on=dt.date(2025, 1, 6),
            )
        assert caught.value.problems[0].path == "value"
        return
    measure = Measure(
        scale=MeasureScale.READING_AGE_MONTHS, value=value, taken_on=dt.date(2025, 1, 6)
    )
    again = loads(dumps(measure), Measure)
    assert again == measure
    assert again.value == value


@given(size=st.integers())
def test_any_group_size_a_provision_takes_comes_back_equal(size: int) -> None:
    try:
        built = attrs.evolve(provision(), group_size=size)
    except ValidationError:
        return
    plan = attrs.evolve(support_plan(), provisions=(built,))
    assert loads(dumps(plan), SupportPlan) == plan


@given(day=st.dates())
def test_a_date_is_taken_only_in_the_documented_range(day: dt.date) -> None:
    inside = dt.date(1900, 1, 1) <= day <= dt.date(2199, 12, 31)
    if not inside:
        with pytest.raises(ValidationError) as caught:
            Pupil(pupil_id="1", year_group=YearGroup.Y2, date_of_birth=day)
        assert "1900-01-01 to 2199-12-31" in caught.value.problems[0].message
        assert day.isoformat() not in str(caught.value)  # a date of birth is personal
        return
    built = Pupil(pupil_id="1", year_group=YearGroup.Y2, date_of_birth=day)
    assert loads(dumps(built), Pupil) == built


@pytest.mark.parametrize("first", [dt.date(1900, 1, 1), dt.date(2199, 12, 20)])
def test_records_at_either_end_of_the_range_are_reported_on(
    first: dt.date, tmp_path: io.StringIO, capsys: pytest.CaptureFixture[str]
) -> None:
    events = (
        concern_raised(raised_on=first),
        assessment_completed(assessed_on=first + dt.timedelta(days=1)),
        plan_agreed(
            agreed_on=first + dt.timedelta(days=2),
            review_due_on=first + dt.timedelta(days=5),
        ),
    )
    record = SupportRecord(pupil=pupil(), events=events)
    report = Report.build(
        lambda: [record], as_of=None, start=None, end=None, by="year_group"
    )
    assert report.records == 1
    path = tmp_path / "edge.jsonl"  # type: ignore[operator]
    path.write_text(dumps(record) + "\n", encoding="utf-8")
    for args in (["validate", str(path)], ["report", str(path)]):
        assert main(args) == 0, capsys.readouterr()


def test_a_date_past_the_range_on_the_command_line_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["report", "--as-of", "9999-12-31"])
    assert exited.value.code == 2
    assert "1900-01-01 to 2199-12-31" in capsys.readouterr().err


def test_a_line_longer_than_the_limit_is_refused_before_it_is_read() -> None:
    line = dumps(SupportRecord(pupil=pupil(), events=_long_record(40)[1]))
    with (
        limited(line_characters=len(line) - 1),
        pytest.raises(ValidationError) as caught,
    ):
        list(load_lines(["", line], SupportRecord))
    assert caught.value.line == 2
    assert caught.value.problems[0].code == "document.line_too_long"
    with limited(line_characters=len(line)):
        assert len(list(load_lines([line], SupportRecord))) == 1
