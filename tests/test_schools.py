"""The school a record belongs to: built only from numbers the DfE would issue."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sensupport import Pupil, School, ValidationError, YearGroup, dumps, loads
from sensupport.register import RegisterMapping, import_register

DIGITS = "0123456789"


@given(
    urn=st.none() | st.text(DIGITS, min_size=6, max_size=6),
    numbers=st.none()
    | st.tuples(
        st.text(DIGITS, min_size=3, max_size=3), st.text(DIGITS, min_size=4, max_size=4)
    ),
    name=st.text(max_size=20),
)
def test_a_school_needs_a_urn_or_both_numbers(
    urn: str | None, numbers: tuple[str, str] | None, name: str
) -> None:
    la, estab = numbers or (None, None)
    if urn is None and numbers is None:
        with pytest.raises(ValidationError) as caught:
            School(name=name)
        assert caught.value.problems[0].code == "school.unidentified"
        return
    school = School(urn=urn, la=la, estab=estab, name=name)
    assert school.key == (urn if urn is not None else f"{la}/{estab}")
    assert eval(repr(school), {"School": School}) == school
    pupil = Pupil(pupil_id="1", year_group=YearGroup.Y3, school=school)
    assert loads(dumps(pupil), Pupil) == pupil


@given(text=st.text(DIGITS + "/-x ", max_size=9))
def test_parse_takes_a_urn_or_a_dfe_number_and_nothing_else(text: str) -> None:
    digits = text.strip().replace("/", "").replace("-", "")
    if len(digits) in (6, 7) and digits.isdigit():
        assert School.parse(text).key.replace("/", "") == digits
    else:
        with pytest.raises(ValidationError) as caught:
            School.parse(text)
        assert caught.value.problems[0].code == "school.format"


@pytest.mark.parametrize(
    ("fields", "code", "path"),
    [
        ({"urn": "12345"}, "school.format", "urn"),
        ({"la": "80", "estab": "2000"}, "school.format", "la"),
        ({"la": "801"}, "school.incomplete", "estab"),
        ({"estab": "2000"}, "school.incomplete", "la"),
    ],
)
def test_a_wrong_number_is_named(fields: dict[str, str], code: str, path: str) -> None:
    with pytest.raises(ValidationError) as caught:
        School(**fields)
    assert (caught.value.problems[0].code, caught.value.problems[0].path) == (
        code,
        path,
    )


def test_a_register_row_names_its_school_or_takes_the_one_given() -> None:
    mapping = RegisterMapping.from_dict(
        {
            "columns": {
                "pupil_id": "Id",
                "year_group": "Year",
                "sen_provision": "SEN",
                "sen_start_date": "Since",
                "school_laestab": "LAESTAB",
            }
        }
    )
    rows = [
        "Id,Year,SEN,Since,LAESTAB",
        "1,5,K,01/09/2024,801/2000",
        "2,5,K,01/09/2024,",
        "3,5,K,01/09/2024,80120",
    ]
    result = import_register(
        rows,
        mapping,
        received_on=dt.date(2025, 1, 6),
        received_from="MIS",
        school=School(urn="100001"),
    )
    assert [r.pupil.school for r in result.records] == [
        School(la="801", estab="2000"),
        School(urn="100001"),
    ]
    (rejected,) = result.rejected
    assert (rejected.row, rejected.problems[0].code) == (4, "school.format")
    assert rejected.problems[0].path.endswith("LAESTAB")
