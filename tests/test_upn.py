"""The UPN and its DfE check letter."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sensupport import UPN, ValidationError

LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
WORKED = "B801200005001"  # DOMAIN: weighted sum 93, 93 mod 23 = 1 = B


def test_the_worked_example_is_accepted() -> None:
    upn = UPN.parse(WORKED)
    assert str(upn) == WORKED
    assert (upn.la_code, upn.establishment, upn.year_allocated, upn.serial) == (
        "801",
        "2000",
        "05",
        "001",
    )
    assert not upn.is_temporary


@pytest.mark.parametrize("position", range(1, 13))
def test_changing_any_digit_is_rejected_with_the_expected_letter(position: int) -> None:
    digit = str((int(WORKED[position]) + 1) % 10)
    changed = WORKED[:position] + digit + WORKED[position + 1 :]
    expected = UPN.check_letter_for(changed[1:])
    assert expected != "B"
    with pytest.raises(ValidationError) as error:
        UPN.parse(changed)
    assert error.value.problems[0].code == "upn.check_letter"
    assert f"check letter should be {expected}, not B" in str(error.value)


def test_lower_case_is_normalised() -> None:
    assert UPN.parse("b801200005001") == UPN.parse(WORKED)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("B80120000500", "upn.length"),
        ("B8012000050011", "upn.length"),
        ("B80120A005001", "upn.digits"),
        ("B80120000500I", "upn.last_character"),
        ("B80120000500O", "upn.last_character"),
        ("B80120000500S", "upn.last_character"),
    ],
)
def test_malformed_upns_say_why(text: str, code: str) -> None:
    assert [p.code for p in UPN.problems(text)] == [code]
    with pytest.raises(ValidationError):
        UPN.parse(text)


def test_a_message_never_repeats_the_upn() -> None:
    with pytest.raises(ValidationError) as error:
        UPN.parse("C801200005001")
    assert "801200005001" not in str(error.value)


def test_non_strings_are_refused() -> None:
    with pytest.raises(ValidationError):
        UPN.parse(801200005001)  # type: ignore[arg-type]


bodies = st.tuples(
    st.text(alphabet="0123456789", min_size=11, max_size=11),
    st.sampled_from("0123456789" + LETTERS),
).map("".join)


@given(bodies)
def test_every_valid_body_gets_a_letter_that_validates(body: str) -> None:
    letter = UPN.check_letter_for(body)
    upn = UPN.parse(letter + body)
    assert upn.is_temporary == (not body[-1].isdigit())
    for other in LETTERS.replace(letter, ""):
        assert [p.code for p in UPN.problems(other + body)] == ["upn.check_letter"]


def test_temporary_upn_letter_counts_as_its_index() -> None:
    # The last letter A counts 0, so the sum is that of the body ending in 0.
    assert UPN.check_letter_for("80120000500A") == UPN.check_letter_for("801200005000")
