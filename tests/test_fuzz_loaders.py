"""The loaders fuzzed: arbitrary JSON, and valid documents broken in every way a
careless export or a hostile hand breaks them.

Whatever comes in, `loads` and `from_dict` give back an object or raise a
`ValidationError`: never another exception, never a message that quotes a value of a
pupil, never an unbounded message. The budget here is the profile's (50 examples a
test locally, 200 in CI); for a deep search run

    HYPOTHESIS_PROFILE=thorough python -m pytest -n0 tests/test_fuzz_loaders.py

which tries 2,000 documents a test.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import attrs
import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sensupport import UPN, ValidationError, from_dict, loads, to_dict
from sensupport.serialization import _DOCUMENT_TYPES
from sensupport.testing import support_records

# A pupil's personal data, spelt so that no message can hold it by chance.
GIVEN, FAMILY = "Zoëqwyth", "Xylvanport"
BORN = dt.date(2005, 6, 7)
THE_UPN = UPN.parse("B801200005001")
SECRETS = (GIVEN, FAMILY, BORN.isoformat(), THE_UPN.value)

# What a message may hold at most, cut or not (sensupport.errors.Problem).
LONGEST_MESSAGE = 1_000

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**64 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)


def refused_safely(document: object) -> None:
    """Load ``document`` (text or data): it is read, or refused as it should be."""
    read = loads if isinstance(document, str | bytes) else from_dict
    try:
        read(document)
    except ValidationError as error:
        said = "\n".join([str(error), repr(error), *map(repr, error.problems)])
        leaked = [secret for secret in SECRETS if secret in said]
        assert not leaked, said
        for problem in error.problems:
            assert len(problem.message) <= LONGEST_MESSAGE, problem.message[:2000]
            assert len(problem.path) <= LONGEST_MESSAGE, problem.path[:2000]


@given(json_values)
def test_arbitrary_json_is_read_or_refused(value: Any) -> None:
    refused_safely(value)
    refused_safely(orjson.dumps(value))


@given(st.sampled_from(sorted(_DOCUMENT_TYPES)), json_values)
def test_arbitrary_data_in_an_envelope_is_read_or_refused(
    type_name: str, data: Any
) -> None:
    document = {"schema_version": 1, "type": type_name, "data": data}
    refused_safely(document)
    refused_safely(json.dumps(document))


def with_personal_data(record: Any) -> dict[str, Any]:
    pupil = attrs.evolve(
        record.pupil,
        given_name=GIVEN,
        family_name=FAMILY,
        date_of_birth=BORN,
        upn=THE_UPN,
    )
    return to_dict(attrs.evolve(record, pupil=pupil))


def places(value: Any) -> list[tuple[Any, ...]]:
    """The path of every value inside ``value``, the whole of it first; found
    without recursion, as a value may be nested thousands deep."""
    found: list[tuple[Any, ...]] = []
    stack: list[tuple[Any, tuple[Any, ...]]] = [(value, ())]
    while stack:
        value, at = stack.pop()
        found.append(at)
        if isinstance(value, dict):
            stack.extend((item, (*at, key)) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((item, (*at, i)) for i, item in enumerate(value))
    return found


def depth(value: Any) -> int:
    """How deep lists and objects nest in ``value``, found without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, level)
            items = value.values() if isinstance(value, dict) else value
            stack.extend((item, level + 1) for item in items)
    return deepest


def get(document: Any, at: tuple[Any, ...]) -> Any:
    for step in at:
        document = document[step]
    return document


@st.composite
def broken(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    """A valid record's document, with its pupil's personal data, broken one to three
    times; and its text, broken further in ways only text can be."""
    document = with_personal_data(draw(support_records(max_events=6)))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        data = document.get("data")
        if not isinstance(data, dict):
            break
        at = draw(st.sampled_from(places(document)[1:]))
        parent, key = get(document, at[:-1]), at[-1]
        how = draw(
            st.sampled_from(
                ["delete", "replace", "huge", "deepen", "shift", "flatten", "rename"]
            )
        )
        if how == "delete":
            del parent[key]
        elif how == "replace":
            parent[key] = draw(json_values)
        elif how == "huge":
            # Long enough to show any unbounded message; short enough that a failing
            # case can still be printed.
            parent[key] = draw(st.sampled_from(["x", "é", "😀"])) * 50_000
        elif how == "deepen":
            for _ in range(draw(st.sampled_from([2, 60, 400, 3_000]))):
                parent[key] = [parent[key]]
        elif how == "shift" and isinstance(pupil := data.get("pupil"), dict):
            # A column shifted: personal data where another of the pupil's values
            # is, or as a key of the pupil's, or inside its school.
            secret = draw(st.sampled_from(SECRETS))
            field = draw(st.sampled_from(["pupil_id", "year_group", "sex", "school"]))
            where = draw(st.sampled_from(["value", "key", "school", "deep"]))
            if where == "value":
                pupil[field] = secret
            elif where == "key":
                pupil[secret] = pupil.pop(field, None)
            elif where == "school":
                pupil["school"] = {draw(st.sampled_from(["urn", "la", "name"])): secret}
            else:
                pupil[field] = [{"x": [secret * 100]}]
        elif how == "flatten" and isinstance(pupil := data.get("pupil"), dict):
            values = list(pupil.values())
            # As a line of text: only its strings (str() of a deep value recurses).
            line = " ".join(value for value in values if isinstance(value, str))
            data["pupil"] = draw(st.sampled_from([values, line]))
        elif how == "rename" and isinstance(parent, dict):  # a key no field has
            parent[draw(st.text(max_size=12))] = parent.pop(key)
    if depth(document) < 500:
        text = json.dumps(document, ensure_ascii=draw(st.booleans()))
    else:  # deeper than the standard library writes; orjson reads 1,024 levels
        text = "[" * 3_000 + "]" * 3_000
    if draw(st.booleans()):
        text = "\ufeff" + text
    if draw(st.booleans()) and '"pupil": {' in text:
        # A key given twice, the second copy winning were it not refused.
        text = text.replace('"pupil": {', f'"pupil": {{"given_name": "{GIVEN}", ', 1)
    return document, text


# A failing case holds strings of 50,000 characters: printing it is expected to be long.
@pytest.mark.filterwarnings("ignore:Generating overly large repr")
@given(broken())
def test_a_broken_record_is_refused_without_a_word_of_its_pupil(
    case: tuple[dict[str, Any], str],
) -> None:
    document, text = case
    refused_safely(document)
    refused_safely(text)
    refused_safely(text.encode())


@given(support_records(max_events=6))
def test_a_record_flattened_into_a_list_is_refused_without_its_pupil(
    record: Any,
) -> None:
    document = with_personal_data(record)
    pupil = document["data"]["pupil"]
    document["data"]["pupil"] = list(pupil.values())
    refused_safely(document)
    refused_safely(json.dumps(document))
    # Unbroken, the same document reads back, personal data and all.
    assert loads(json.dumps(with_personal_data(record))).pupil.given_name == GIVEN
