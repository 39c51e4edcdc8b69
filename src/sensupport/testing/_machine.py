"""A rule-based state machine that checks an integration keeps records exactly.

`GraduatedApproachMachine` opens records, moves them through the graduated approach
with events the library accepts, one at a time and several at once, tries events it
must reject, and after every step checks that what the integration stored loads back
equal to what the library holds. Subclass it and override `store`, `load` and
`pupil_ids` (and `append`, for a store that adds events to a record) to point it at
your storage or API; the defaults keep records in memory, as a reference.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from ..errors import TransitionError, ValidationError
from ..process.events import ConcernRaised, Event, SENHistoryReceived
from ..process.machine import apply, replay
from ..process.record import SupportRecord
from ..pupils import Pupil
from ._difference import difference
from ._history import sen_histories
from ._model import pupils
from ._process import concerns, events_for, invalid_events_for

__all__ = ["GraduatedApproachMachine"]


def _default_settings() -> settings:
    # Built when each machine class is, so that the hypothesis profile loaded by then
    # (max_examples above all) still applies.
    return settings(
        deadline=None,
        stateful_step_count=20,
        # The explain phase varies every part of the shrunk run to see which parts
        # matter; each of those runs replays the whole machine, so it took minutes
        # where finding and shrinking the failure took seconds.
        phases=tuple(p for p in Phase if p is not Phase.explain),
        # Shrink the first failure found and report it, rather than shrink every
        # distinct failure in turn: a store that loses data usually fails in several
        # places at once, and each shrink costs as much again.
        report_multiple_bugs=False,
        # As hypothesis' own default for a machine's TestCase.
        suppress_health_check=list(HealthCheck),
    )


def _has_open_record(machine: GraduatedApproachMachine) -> bool:
    return any(not r.is_closed for r in machine.expected.values())


class GraduatedApproachMachine(RuleBasedStateMachine):
    """Drives the graduated approach and checks your storage after every step.

    Override these hooks:

    - `store(record)`: save the record (insert or replace, keyed by its pupil's id);
    - `load(pupil_id)`: read it back as a `SupportRecord`;
    - `pupil_ids()`: the ids of the records stored;
    - `append(pupil_id, events)`, optionally: add a tuple of events, in order, to the
      end of a stored record. By default it loads the record, replays it with the
      events added and stores the result through your `store`, so a store that
      only replaces whole records needs nothing more.

    Each step opens a record (while fewer than two are open), applies one event
    (then `store`), applies two to five events in a row (then `append`), or tries an
    event the library must refuse. After each step the stored ids must be those of
    the records opened, and every record must load back equal to the library's, with
    the same derived state; a failure names the first difference: the event and
    field, and both values (personal data withheld), or how many events were stored.

    Use it in a test module as ``TestMyStore = MyMachine.TestCase``.
    ``MyMachine.TestCase.settings`` holds the defaults: 20 steps a run, no deadline,
    every phase but *explain*, one failure reported at a time, and the loaded
    hypothesis profile's ``max_examples``. Replace it to change them, e.g.
    ``MyMachine.TestCase.settings = settings(MyMachine.TestCase.settings,
    max_examples=500)``; `hypothesis.stateful.run_state_machine_as_test` uses the
    same settings when given none.

    Why these defaults: hypothesis shrinks a failure, then explains it, by running
    the machine again hundreds of times. With every phase and 50 steps a run, a store
    that lost one field was found in under a second and reported after two to five
    minutes, about nine tenths of them in the explain phase. Without it, with 20
    steps and at most two records open, each store bug planted in sensupport's own
    tests is reported in seconds.
    """

    def __init__(self) -> None:
        super().__init__()
        self.expected: dict[str, SupportRecord] = {}
        self._memory: dict[str, SupportRecord] = {}

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls.TestCase.settings = _default_settings()

    # --- hooks for integrators -----------------------------------------------------

    def store(self, record: SupportRecord) -> None:
        """Save ``record``, replacing any earlier version for the same pupil."""
        self._memory[record.pupil.pupil_id] = record

    def load(self, pupil_id: str) -> SupportRecord:
        """Read the record stored for ``pupil_id``."""
        return self._memory[pupil_id]

    def pupil_ids(self) -> Iterable[str]:
        """The ids of every pupil with a stored record."""
        return self._memory.keys()

    def append(self, pupil_id: str, events: tuple[Event, ...]) -> None:
        """Add ``events``, in order, to the end of the record stored for ``pupil_id``.

        The library has accepted every one of them. By default this loads the stored
        record and stores it again with the events added; override it if your store
        appends events rather than replacing records.
        """
        stored = self.load(pupil_id)
        self.store(replay(stored.pupil, (*stored.events, *events)))

    # --- the rules -----------------------------------------------------------------

    # Opening was almost half of all steps, leaving many records of two or three
    # events; with at most two open at once, histories run through more cycles and a
    # fault deep in one is found, and reported, about twice as fast.
    @precondition(lambda self: sum(not r.is_closed for r in self.expected.values()) < 2)
    @rule(pupil=pupils(), opening=st.one_of(concerns(), sen_histories()))
    def open_a_record(
        self, pupil: Pupil, opening: ConcernRaised | SENHistoryReceived
    ) -> None:
        record = SupportRecord(pupil=self._unused_id(pupil), events=(opening,))
        self.store(record)
        self.expected[record.pupil.pupil_id] = record

    @precondition(_has_open_record)
    @rule(data=st.data())
    def apply_an_event(self, data: st.DataObject) -> None:
        record = self._open_record(data)
        updated = apply(record, data.draw(events_for(record), label="event"))
        self.store(updated)
        self.expected[updated.pupil.pupil_id] = updated

    @precondition(_has_open_record)
    @rule(data=st.data())
    def append_events(self, data: st.DataObject) -> None:
        record = self._open_record(data)
        count = data.draw(st.integers(min_value=2, max_value=5), label="count")
        updated = record
        for i in range(count):
            if updated.is_closed:
                break
            updated = apply(updated, data.draw(events_for(updated), label=f"event {i}"))
        self.append(record.pupil.pupil_id, updated.events[len(record.events) :])
        self.expected[updated.pupil.pupil_id] = updated

    @precondition(lambda self: bool(self.expected))
    @rule(data=st.data())
    def refuse_an_impossible_event(self, data: st.DataObject) -> None:
        pupil_id = data.draw(st.sampled_from(list(self.expected)), label="pupil")
        record = self.expected[pupil_id]
        event = data.draw(invalid_events_for(record), label="event")
        try:
            apply(record, event)
        except TransitionError:
            return
        raise AssertionError(f"{type(event).__name__} should have been refused")

    @invariant()
    def storage_matches(self) -> None:
        stored = set(self.pupil_ids())
        assert stored == set(self.expected), (
            f"stored ids {sorted(stored)} differ from expected {sorted(self.expected)}"
        )
        for pupil_id, record in self.expected.items():
            found: str | None
            try:
                loaded = self.load(pupil_id)
            except (ValidationError, TransitionError) as error:
                # What was stored breaks the library's rules: an event lost or moved.
                found = f"it no longer loads: {error}"
            else:
                found = difference(record, loaded)
            # One assertion for every difference, so that hypothesis sees one bug
            # rather than several and shrinks towards the simplest example of it.
            assert found is None, f"record for {pupil_id!r} changed in storage: {found}"

    # --- helpers -------------------------------------------------------------------

    def _unused_id(self, pupil: Pupil) -> Pupil:
        # Making a drawn id unique, rather than rejecting the draw with assume, wastes
        # no runs: while shrinking, every id tends to "0" and collides.
        if pupil.pupil_id not in self.expected:
            return pupil
        n = len(self.expected)
        while f"{pupil.pupil_id}-{n}" in self.expected:
            n += 1
        return attrs.evolve(pupil, pupil_id=f"{pupil.pupil_id}-{n}")

    def _open_record(self, data: st.DataObject) -> SupportRecord:
        open_ids = [i for i, r in self.expected.items() if not r.is_closed]
        return self.expected[data.draw(st.sampled_from(open_ids), label="pupil")]


GraduatedApproachMachine.TestCase.settings = _default_settings()
