"""Invalid record documents: every rule that refuses a record is broken, alone.

`invalid_record_documents` is the corpus a second loader must agree with. These
tests hold it to its promise (the loader refuses each document with exactly the code
it names) and hold `RECORD_RULES` to the library: a new rule a record can break,
with no mutation to break it, fails here.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sensupport import ValidationError, loads
from sensupport.errors import Severity
from sensupport.process import SupportRecord
from sensupport.process.rules import RULES
from sensupport.serialization import load_lines
from sensupport.testing import support_records
from sensupport.testing._mutations import (
    _MUTATIONS,
    ACCOMPANYING,
    RECORD_RULES,
    _documents,
    _steps_to,
    invalid_record_documents,
)

SRC = Path(__file__).resolve().parent.parent / "src" / "sensupport"

# Every module whose code runs when a record's document is loaded.
REACHED = (
    "serialization.py",
    "_json_text.py",
    "_seal.py",
    "_converter.py",
    "_validation.py",
    "pupils.py",
    "schools.py",
    "upn.py",
    "needs.py",
    "plans.py",
    "reviews.py",
    "process/record.py",
    "process/fold.py",
    "process/events.py",
    "process/transitions.py",
    "process/rules.py",
)

NOT_FROM_A_RECORD = {
    "document.not_text": "loads is given text: a document's text always is",
    "document.line_too_long": "load_lines refuses a line of over 8 MiB before it is "
    "read: a limit on lines, not a rule of the record",
    "document.seal_missing": "checked only when loading with seal_key",
    "document.seal_mismatch": "checked only when loading with seal_key",
    "document.invalid": "an error no hook expected: none is known that a JSON "
    "document reaches",
    "type": "the converter's hooks type every value as they read it "
    "(document.invalid_value); objects built in Python get this code",
}
"""Codes the modules a record reaches can raise that no record document can."""

FAST = settings(
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def expected_codes(code: str) -> set[str]:
    return {code, *ACCOMPANYING.get(code, ())}


def refused(text: str) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        loads(text, SupportRecord)
    return error.value


# --- every rule, every way it is broken ---------------------------------------


MUTATIONS = [
    pytest.param(code, index, id=f"{code}-{index}")
    for code in RECORD_RULES
    for index in range(len(_MUTATIONS[code]))
]


@pytest.mark.parametrize(("code", "index"), MUTATIONS)
def test_each_mutation_breaks_its_rule_alone(code: str, index: int) -> None:
    only = {code: [_MUTATIONS[code][index]]}

    @settings(FAST, max_examples=4)
    @given(_documents(only, support_records(max_events=8)))
    def breaks(case: tuple[str, str]) -> None:
        drawn, text = case
        assert drawn == code
        error = refused(text)
        assert set(error.codes) == expected_codes(code), error
        if code not in ACCOMPANYING:
            assert error.codes[0] == code

    breaks()


@settings(FAST, max_examples=60)
@given(invalid_record_documents())
def test_every_document_drawn_is_refused_with_its_code(case: tuple[str, str]) -> None:
    code, text = case
    assert set(refused(text).codes) == expected_codes(code)


@settings(FAST, max_examples=15)
@given(invalid_record_documents(records=support_records(from_history=True)))
def test_records_opened_from_history_are_broken_too(case: tuple[str, str]) -> None:
    code, text = case
    assert set(refused(text).codes) == expected_codes(code)


@settings(FAST, max_examples=15)
@given(
    st.sampled_from(RECORD_RULES).flatmap(
        lambda code: invalid_record_documents(codes=[code])
    )
)
def test_load_lines_refuses_the_line_with_the_same_codes(
    case: tuple[str, str],
) -> None:
    code, text = case
    with pytest.raises(ValidationError) as error:
        list(load_lines(["", text], SupportRecord))
    assert error.value.line == 2
    assert set(error.value.codes) == expected_codes(code)


def test_the_fewest_steps_to_each_state_are_a_valid_record() -> None:
    import datetime as dt

    from sensupport import Pupil, YearGroup

    pupil = Pupil(pupil_id="1", year_group=YearGroup.Y3)
    ways = (
        "concern",
        "ended",
        "assessed",
        "planned",
        "reviewed_to_ehc",
        "requested",
        "agreed",
        "agreed_with_nsa",
        "history_without_needs",
    )
    for way in ways:
        SupportRecord(pupil=pupil, events=tuple(_steps_to(way, dt.date(2025, 9, 1))))


def test_codes_are_checked() -> None:
    with pytest.raises(ValueError, match="RECORD_RULES"):
        invalid_record_documents(codes=["colour.red"])
    with pytest.raises(ValueError, match="RECORD_RULES"):
        invalid_record_documents(codes=[])


# --- RECORD_RULES is every rule a record can break --------------------------------


def test_every_rule_has_a_mutation_and_none_is_listed_twice() -> None:
    assert len(set(RECORD_RULES)) == len(RECORD_RULES)
    assert set(_MUTATIONS) == set(RECORD_RULES)
    assert set(ACCOMPANYING) <= set(RECORD_RULES)


def test_every_error_of_the_process_is_a_record_rule() -> None:
    errors = {rule.code for rule in RULES if rule.severity is Severity.ERROR}
    assert errors - set(RECORD_RULES) == set()


def _string(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _arg(call: ast.Call, index: int) -> str | None:
    return _string(call.args[index]) if len(call.args) > index else None


# Helpers that make a code from the word they are given.
_MADE = {"distinct": (3, ".duplicate"), "unique": (4, ".duplicate_id")}
_MADE["not_blank"] = (3, ".blank")
# Helpers given the code itself, by position.
_GIVEN = {"_problem": 0, "refuse": 0, "_needs_by": 3, "_rule": 0}


def _codes_raised(tree: ast.AST) -> Iterator[str]:
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        for keyword in node.keywords:
            if keyword.arg == "code" and _string(keyword.value) is not None:
                yield str(_string(keyword.value))
        found: str | None = None
        if name == "add" and isinstance(func, ast.Attribute):
            found = _arg(node, 1)  # checks.add(path, code, message)
        elif name in _MADE:
            index, suffix = _MADE[name]
            word = _arg(node, index)
            found = None if word is None else word + suffix
        elif name in _GIVEN:
            found = _arg(node, _GIVEN[name])
        if found is not None:
            yield found


def test_every_code_a_record_can_meet_is_a_record_rule() -> None:
    advisories = {r.code for r in RULES if r.severity is Severity.ADVISORY}
    raised: set[str] = set()
    for module in REACHED:
        raised |= set(_codes_raised(ast.parse((SRC / module).read_text("utf-8"))))
    raised -= advisories
    # The scan finds what it should: the rules of the process, and the classes'.
    assert {"record.closed", "plan.target.duplicate_id", "upn.check_letter"} <= raised
    assert set(RECORD_RULES) - raised == set(), "a rule the library no longer has"
    unlisted = raised - set(RECORD_RULES) - set(NOT_FROM_A_RECORD)
    assert unlisted == set(), f"add a mutation for each of {sorted(unlisted)}"
    assert set(NOT_FROM_A_RECORD) <= raised


def test_a_code_that_cannot_come_from_a_record_really_does_not() -> None:
    assert set(NOT_FROM_A_RECORD).isdisjoint(RECORD_RULES)
