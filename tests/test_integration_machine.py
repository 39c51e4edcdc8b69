"""The integrator's state machine finds a store that loses data, and passes good ones."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import run_state_machine_as_test

from sensupport import SupportPlan, dumps, loads
from sensupport.process import SupportRecord, replay
from sensupport.testing import GraduatedApproachMachine

MACHINE_SETTINGS = settings(
    GraduatedApproachMachine.TestCase.settings,
    max_examples=25,
    stateful_step_count=15,
)


class JsonInMemory(GraduatedApproachMachine):
    """Keeps each record as the JSON text an API would send."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, str] = {}

    def store(self, record: SupportRecord) -> None:
        self.rows[record.pupil.pupil_id] = dumps(record)

    def load(self, pupil_id: str) -> SupportRecord:
        return loads(self.rows[pupil_id], SupportRecord)

    def pupil_ids(self) -> Iterable[str]:
        return self.rows.keys()


class Sqlite(GraduatedApproachMachine):
    """Keeps each record in a SQLite table, one row per pupil."""

    def __init__(self) -> None:
        super().__init__()
        self.db = sqlite3.connect(":memory:")
        self.db.execute(
            "create table records (pupil_id text primary key, document text)"
        )

    def store(self, record: SupportRecord) -> None:
        self.db.execute(
            "insert or replace into records values (?, ?)",
            (record.pupil.pupil_id, dumps(record)),
        )

    def load(self, pupil_id: str) -> SupportRecord:
        (document,) = self.db.execute(
            "select document from records where pupil_id = ?", (pupil_id,)
        ).fetchone()
        return loads(document, SupportRecord)

    def pupil_ids(self) -> Iterable[str]:
        return [row[0] for row in self.db.execute("select pupil_id from records")]

    def teardown(self) -> None:
        self.db.close()


class DropsTheLastEvent(JsonInMemory):
    """A broken store: it saves every event but the newest."""

    def store(self, record: SupportRecord) -> None:
        kept = record.events[:-1] or record.events
        self.rows[record.pupil.pupil_id] = dumps(replay(record.pupil, kept))


@pytest.mark.parametrize("machine", [GraduatedApproachMachine, JsonInMemory, Sqlite])
def test_good_stores_keep_every_record(machine: type[GraduatedApproachMachine]) -> None:
    run_state_machine_as_test(machine, settings=MACHINE_SETTINGS)


def test_the_machine_finds_a_store_that_drops_the_last_event() -> None:
    with pytest.raises(AssertionError, match="changed in storage"):
        run_state_machine_as_test(
            # Finding the fault is the point; shrinking it would only cost time.
            DropsTheLastEvent,
            settings=settings(
                MACHINE_SETTINGS, phases=[Phase.generate], print_blob=False
            ),
        )


def test_each_machine_gets_the_defaults_and_can_change_them() -> None:
    defaults = JsonInMemory.TestCase.settings
    assert defaults.deadline is None
    assert defaults.stateful_step_count == 20
    assert Phase.shrink in defaults.phases
    assert Phase.explain not in defaults.phases
    assert not defaults.report_multiple_bugs

    class Changed(JsonInMemory):
        pass

    Changed.TestCase.settings = settings(defaults, max_examples=7)
    assert Changed.TestCase.settings.max_examples == 7
    assert JsonInMemory.TestCase.settings is defaults


# How an integrator runs the machine: unittest and pytest collect its TestCase.
TestSqliteStore = Sqlite.TestCase
TestSqliteStore.settings = settings(TestSqliteStore.settings, max_examples=10)


@given(st.from_type(SupportPlan), st.from_type(SupportRecord))
def test_from_type_gives_valid_objects(
    plan: SupportPlan, record: SupportRecord
) -> None:
    # Registered through the hypothesis entry point the package declares.
    assert plan.targets
    assert loads(dumps(plan)) == plan
    assert replay(record.pupil, record.events) == record
