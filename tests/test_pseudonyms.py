"""Pseudonyms: one child, one pseudonym; two children, two; weak keys refused."""

from __future__ import annotations

import re

import pytest
from hypothesis import given

from sensupport import UPN, Pupil, School, YearGroup, ctf
from sensupport.testing import pupils

KEY = b"kept by the trust, never by the analyst"
HILL = School(urn="109876")
OAK = School(la="801", estab="4001")
THE_UPN = UPN.parse("B801200005001")


def pupil(
    pupil_id: str = "1042", school: School | None = None, upn: UPN | None = None
) -> Pupil:
    return Pupil(pupil_id=pupil_id, year_group=YearGroup.Y4, school=school, upn=upn)


def alias(p: Pupil, key: bytes = KEY) -> str:
    return p.pseudonymised(key=key).pupil_id


def test_the_same_mis_id_in_two_schools_is_two_children() -> None:
    assert alias(pupil(school=HILL)) != alias(pupil(school=OAK))
    assert alias(pupil(school=HILL)) == alias(pupil(school=HILL))
    # Known by its school or not: two different pupils' ids in the data.
    assert alias(pupil(school=HILL)) != alias(pupil())


def test_a_pupil_with_a_upn_keeps_one_pseudonym_when_moving_school() -> None:
    at_hill = pupil(pupil_id="1042", school=HILL, upn=THE_UPN)
    at_oak = pupil(pupil_id="A-77", school=OAK, upn=THE_UPN)
    assert alias(at_hill) == alias(at_oak) == ctf.pseudonym(THE_UPN, KEY)
    assert alias(pupil(upn=THE_UPN)) == alias(at_hill)


def test_the_kinds_of_pseudonym_never_meet() -> None:
    # An id spelt as a UPN, or as a school's key and an id, is still only an id.
    as_id = pupil(pupil_id=THE_UPN.value)
    assert alias(as_id) != alias(pupil(upn=THE_UPN))
    assert alias(pupil(pupil_id="109876\x001042")) != alias(pupil(school=HILL))
    assert alias(pupil(pupil_id="109876/1042")) != alias(pupil(school=HILL))


def test_a_pseudonym_depends_on_the_key() -> None:
    assert alias(pupil(school=HILL)) != alias(pupil(school=HILL), KEY[::-1])


@given(pupils())
def test_every_pseudonym_is_p_and_twenty_hex_digits(p: Pupil) -> None:
    safe = p.pseudonymised(key=KEY)
    assert re.fullmatch(r"p-[0-9a-f]{20}", safe.pupil_id)
    assert (safe.upn, safe.date_of_birth, safe.given_name, safe.family_name) == (
        None,
        None,
        None,
        None,
    )
    assert (safe.year_group, safe.sex, safe.school) == (p.year_group, p.sex, p.school)


WEAK = [
    (b"short", "at least 16 bytes"),
    (b"\x00" * 32, "one byte repeated"),
    (b"a" * 64, "one byte repeated"),
    (b"ab" * 16, "at least 8 different byte values; this one has 2"),
    (b"0123456" * 3, "at least 8 different byte values; this one has 7"),
]


@pytest.mark.parametrize(("key", "why"), WEAK)
def test_weak_keys_are_refused_everywhere(key: bytes, why: str) -> None:
    with pytest.raises(ValueError, match=re.escape(why)):
        pupil().pseudonymised(key=key)
    with pytest.raises(ValueError, match=re.escape(why)):
        ctf.pseudonym(THE_UPN, key)
    with pytest.raises(ValueError, match=re.escape(why)):
        ctf.read_ctf([""], key=key)


@pytest.mark.parametrize("key", ["a passphrase of many characters", 12345, None])
def test_a_key_that_is_not_bytes_is_a_type_error(key: object) -> None:
    calls = (
        lambda: pupil().pseudonymised(key=key),  # type: ignore[arg-type]
        lambda: ctf.pseudonym(THE_UPN, key),  # type: ignore[arg-type]
    )
    for call in calls:
        with pytest.raises(TypeError, match=f"is bytes, not {type(key).__name__}"):
            call()


def test_a_key_of_random_bytes_or_a_long_phrase_is_accepted() -> None:
    for key in (bytes(range(16)), b"0123456789abcdef", bytearray(KEY), KEY):
        assert alias(pupil(), key).startswith("p-")  # type: ignore[arg-type]


def test_the_rule_for_variety_never_refuses_a_random_key() -> None:
    # 16 random bytes take fewer than 8 values about once in 10**12 draws.
    import secrets

    for _ in range(2_000):
        pupil().pseudonymised(key=secrets.token_bytes(16))
