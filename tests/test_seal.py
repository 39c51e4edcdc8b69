"""Sealed documents: an edit by anyone without the key is found when loading."""

from __future__ import annotations

import json
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from builders import record_in_do, review_held
from sensupport import (
    Attainment,
    Pupil,
    TargetOutcome,
    ValidationError,
    YearGroup,
    from_dict,
    load_lines,
    loads,
    seal,
    seal_lines,
)
from sensupport.process import SupportRecord, apply
from sensupport.testing import support_records

KEY = b"the school's sealing key, not its pseudonym key"
OTHER_KEY = b"another school's sealing key, or an old one"


def reviewed() -> SupportRecord:
    outcomes = (
        TargetOutcome(target_id="T1", attainment=Attainment.NOT_MET),
        TargetOutcome(target_id="T2", attainment=Attainment.PARTLY_MET),
    )
    return apply(record_in_do(), review_held(outcomes=outcomes))


def codes(text: str | dict[str, Any], key: bytes | None = KEY) -> tuple[str, ...]:
    read: Any = loads if isinstance(text, str) else from_dict
    with pytest.raises(ValidationError) as caught:
        read(text, seal_key=key)
    return caught.value.codes


def test_a_sealed_record_loads_back_equal_with_the_key() -> None:
    record = reviewed()
    text = seal(record, key=KEY)
    assert json.loads(text)["seal"].startswith("hmac-sha256:")
    assert loads(text, SupportRecord, seal_key=KEY) == record
    assert from_dict(json.loads(text), seal_key=KEY) == record
    # Without the key the seal is not checked, and the record loads as any other.
    assert loads(text) == record


@pytest.mark.parametrize(
    ("edit", "what"),
    [
        (lambda t: t.replace('"attainment":"not_met"', '"attainment":"met"'), "met"),
        (lambda t: t.replace('"pupil_id":"P-1"', '"pupil_id":"P-2"'), "another pupil"),
        (
            lambda t: t.replace('"held_on":"2025-12-10"', '"held_on":"2025-12-11"'),
            "date",
        ),
        (lambda t: t.replace('"schema_version":1', '"schema_version":1 '), "spaces"),
    ],
)
def test_an_edit_that_keeps_a_valid_history_is_found(edit: Any, what: str) -> None:
    sealed = seal(reviewed(), key=KEY)
    edited = edit(sealed)
    if what == "spaces":
        # Whitespace is not the document: the seal still holds.
        assert loads(edited, seal_key=KEY) == reviewed()
        return
    assert edited != sealed
    loads(edited)  # a valid history: without the seal, nothing would say
    assert codes(edited) == ("document.seal_mismatch",)


def test_dropping_the_last_event_is_found() -> None:
    document = json.loads(seal(reviewed(), key=KEY))
    document["data"]["events"].pop()
    assert from_dict({k: v for k, v in document.items() if k != "seal"})
    assert codes(document) == ("document.seal_mismatch",)


def test_another_key_a_missing_seal_and_a_damaged_seal_are_refused() -> None:
    text = seal(reviewed(), key=KEY)
    assert codes(text, OTHER_KEY) == ("document.seal_mismatch",)
    document = json.loads(text)
    del document["seal"]
    assert codes(document) == ("document.seal_missing",)
    document["seal"] = "hmac-sha256:" + "0" * 63
    # A seal that is not one is refused with or without a key.
    assert codes(document, None) == ("document.seal",)
    document["seal"] = ["hmac-sha256:"]
    assert codes(document) == ("document.seal",)


def test_a_seal_does_not_depend_on_how_the_text_is_written() -> None:
    record = reviewed()
    document = json.loads(seal(record, key=KEY))
    for text in (
        json.dumps(document, indent=4, sort_keys=True),
        json.dumps(document, ensure_ascii=True),
        seal(record, key=KEY, indent=2),
    ):
        assert loads(text, seal_key=KEY) == record


def test_a_document_of_any_type_can_be_sealed_and_lines_stream() -> None:
    pupils = [Pupil(pupil_id=str(n), year_group=YearGroup.R) for n in range(3)]
    lines = list(seal_lines(pupils, key=KEY))
    assert all(line.endswith("}\n") for line in lines)
    assert list(load_lines(lines, Pupil, seal_key=KEY)) == pupils
    lines[1] = lines[1].replace('"pupil_id":"1"', '"pupil_id":"9"')
    read = load_lines(lines, seal_key=KEY)
    next(read)
    with pytest.raises(ValidationError) as caught:
        next(read)
    assert (caught.value.line, caught.value.codes) == (2, ("document.seal_mismatch",))


def test_sealing_keys_follow_the_pseudonym_keys_rules() -> None:
    record = reviewed()
    with pytest.raises(TypeError, match="a sealing key is bytes, not str"):
        seal(record, key="a passphrase")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="16 bytes"):
        loads(seal(record, key=KEY), seal_key=b"short")
    with pytest.raises(ValueError, match="one byte repeated"):
        load_lines([], seal_key=b"\x00" * 32)
    with pytest.raises(ValueError, match="one byte repeated"):
        seal_lines([], key=b"\x00" * 32)


def changed(value: object) -> object:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value + 1
    return value + "x" if isinstance(value, str) else "x"


@given(support_records(), st.data())
def test_any_change_to_a_sealed_value_is_found(
    record: SupportRecord, data: st.DataObject
) -> None:
    document = orjson.loads(seal(record, key=KEY))
    assert from_dict(document, seal_key=KEY) == record
    # One value somewhere in the data, changed to another of the same JSON type.
    places: list[tuple[Any, Any]] = []

    def walk(value: Any) -> None:
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            if isinstance(item, dict | list):
                walk(item)
            else:
                places.append((value, key))

    walk(document["data"])
    parent, key = data.draw(st.sampled_from(places))
    parent[key] = changed(parent[key])
    with pytest.raises(ValidationError) as caught:
        from_dict(document, seal_key=KEY)
    assert caught.value.codes == ("document.seal_mismatch",)
