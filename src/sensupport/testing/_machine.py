"""A rule-based state machine that checks an integration keeps records exactly.

`GraduatedApproachMachine` opens records, moves them through the graduated approach
with events the library accepts, tries events it must reject, and after every step
checks that what the integration stored loads back equal to what the library holds.
Subclass it and override `store`, `load` and `pupil_ids` to point it at your storage or
API; the defaults keep records in memory, as a reference.
"""

from __future__ import annotations

from collections.abc import Iterable

from hypothesis import assume
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from ..errors import TransitionError
from ..process.machine import apply, open_record
from ..process.record import SupportRecord
from ..pupils import Pupil
from ._model import pupils
from ._process import concerns, events_for, invalid_events_for

__all__ = ["GraduatedApproachMachine"]


class GraduatedApproachMachine(RuleBasedStateMachine):
    """Drives the graduated approach and checks your storage after every step.

    Override these hooks:

    - `store(record)`: save the record (insert or replace, keyed by its pupil's id);
    - `load(pupil_id)`: read it back as a `SupportRecord`;
    - `pupil_ids()`: the ids of the records stored.

    Use it in a test module as ``TestMyStore = MyMachine.TestCase``.
    """

    def __init__(self) -> None:
        super().__init__()
        self.expected: dict[str, SupportRecord] = {}
        self._memory: dict[str, SupportRecord] = {}

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

    # --- the rules -----------------------------------------------------------------

    @rule(pupil=pupils(), data=st.data())
    def open_a_record(self, pupil: Pupil, data: st.DataObject) -> None:
        assume(pupil.pupil_id not in self.expected)
        record = open_record(pupil, data.draw(concerns(), label="concern"))
        self.store(record)
        self.expected[pupil.pupil_id] = record

    @precondition(lambda self: any(not r.is_closed for r in self.expected.values()))
    @rule(data=st.data())
    def apply_an_event(self, data: st.DataObject) -> None:
        open_ids = sorted(i for i, r in self.expected.items() if not r.is_closed)
        pupil_id = data.draw(st.sampled_from(open_ids), label="pupil")
        record = self.expected[pupil_id]
        event = data.draw(events_for(record), label="event")
        updated = apply(record, event)
        self.store(updated)
        self.expected[pupil_id] = updated

    @precondition(lambda self: bool(self.expected))
    @rule(data=st.data())
    def refuse_an_impossible_event(self, data: st.DataObject) -> None:
        pupil_id = data.draw(st.sampled_from(sorted(self.expected)), label="pupil")
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
            loaded = self.load(pupil_id)
            assert loaded == record, f"record for {pupil_id!r} changed in storage"
            assert loaded.state == record.state, f"state for {pupil_id!r} differs"
