"""Bad documents come back as one ValidationError listing every problem with its path."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest

from builders import support_plan_document
from sensupport import (
    Pupil,
    Target,
    ValidationError,
    YearGroup,
    dumps,
    from_dict,
    load_lines,
    loads,
    to_dict,
)

D = dt.date


def problems(document: object, cls: type | None = None) -> dict[str, str]:
    with pytest.raises(ValidationError) as error:
        from_dict(document, cls)
    return {p.path: f"{p.code}: {p.message}" for p in error.value.problems}


def test_several_faults_are_all_reported_with_paths() -> None:
    document = support_plan_document()
    data = document["data"]
    data["targets"][2]["due_on"] = "2025-13-01"
    data["targets"][0]["area"] = "maths"
    data["needs"] = ["SPLD", "DYSLEXIA"]
    del data["review_due_on"]
    data["provisions"][0]["group_size"] = "3"
    data["provisions"][0]["colour"] = "red"
    found = problems(document)
    assert found["data.targets[2].due_on"].startswith(
        "document.invalid_value: expected a date as yyyy-mm-dd, got '2025-13-01'"
    )
    assert "AreaOfNeed" in found["data.targets[0].area"]
    assert "one of SPLD, MLD" in found["data.needs[1]"]
    assert found["data.review_due_on"].startswith("document.missing_field")
    assert found["data.provisions[0].group_size"].startswith(
        "document.invalid_value: expected a whole number, got '3'"
    )
    assert (
        found["data.provisions[0]"] == "document.unknown_field: unknown field 'colour'"
    )


def test_cross_field_rules_come_back_with_paths() -> None:
    document = support_plan_document()
    document["data"]["targets"][2]["due_on"] = "2026-03-01"
    assert problems(document) == {
        "data.targets[2].due_on": "plan.target_due_after_review: target 'T2' is due on 2026-03-01, "
        "after the plan's review on 2025-12-12; bring it forward or mark it long_term",
    }


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("{not json", "document.json"),
        ("[1, 2]", "document.not_object"),
        ('{"schema_version": 1, "type": "Pupil"}', "document.missing_field"),
        (
            '{"schema_version": 9, "type": "Pupil", "data": {}}',
            "document.schema_version",
        ),
        ('{"schema_version": 1, "type": "Teacher", "data": {}}', "document.type"),
        (
            '{"schema_version": 1, "type": "Pupil", "data": {}, "extra": 1}',
            "document.unknown_field",
        ),
        (
            '{"schema_version": 1, "type": "Pupil", "data": []}',
            "document.invalid_value",
        ),
    ],
)
def test_envelope_faults(text: str, code: str) -> None:
    with pytest.raises(ValidationError) as error:
        loads(text)
    assert code in error.value.codes


def test_the_type_asked_for_is_checked() -> None:
    pupil = Pupil(pupil_id="1", year_group=YearGroup.R)
    with pytest.raises(
        ValidationError, match="expected a Target document, got 'Pupil'"
    ):
        loads(dumps(pupil), Target)


def test_a_string_is_not_read_as_a_list_of_characters() -> None:
    document = support_plan_document()
    document["data"]["needs"] = "SPLD"
    assert problems(document)["data.needs"].startswith(
        "document.invalid_value: expected a list"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [(True, "a whole number"), (1.5, "a whole number"), (None, "a whole number")],
)
def test_numbers_are_strict(value: object, expected: str) -> None:
    document = support_plan_document()
    document["data"]["provisions"][0]["group_size"] = value
    assert expected in problems(document)["data.provisions[0].group_size"]


def test_personal_data_is_withheld_in_load_errors() -> None:
    document = to_dict(Pupil(pupil_id="1", year_group=YearGroup.R))
    document["data"].update(date_of_birth="2019-02-30", given_name=["Zelda"])
    found = problems(document)
    assert "2019-02-30" not in found["data.date_of_birth"]
    assert "withheld" in found["data.date_of_birth"]
    assert "Zelda" not in found["data.given_name"]


def test_nothing_but_validation_errors_escapes() -> None:
    for bad in (
        None,
        3,
        "x",
        {"schema_version": 1, "type": "SupportPlan", "data": {"needs": 5}},
        {"type": 5},
    ):
        with pytest.raises(ValidationError):
            from_dict(bad)


def test_unknown_objects_cannot_be_written() -> None:
    with pytest.raises(TypeError, match="not a sensupport document type"):
        dumps(object())


def test_load_lines_is_lazy_and_stops_at_a_bad_line() -> None:
    pupil = dumps(Pupil(pupil_id="1", year_group=YearGroup.R))
    read: list[int] = []

    def lines() -> Iterator[str]:
        for number, line in enumerate([pupil, "", pupil, "{oops", pupil], start=1):
            read.append(number)
            yield line

    loaded = load_lines(lines(), Pupil)
    assert next(loaded).pupil_id == "1"
    assert read == [1]
    assert next(loaded).pupil_id == "1"  # the blank line is skipped
    with pytest.raises(ValidationError) as error:
        next(loaded)
    assert error.value.line == 4
    assert "line 4" in str(error.value)
    assert read == [1, 2, 3, 4]


def test_errors_pickle() -> None:
    import pickle

    with pytest.raises(ValidationError) as error:
        loads("{")
    again = pickle.loads(pickle.dumps(error.value))
    assert again.problems == error.value.problems
    assert json.dumps(str(again))
