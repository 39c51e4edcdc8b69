"""The Unique Pupil Number, with the DfE check letter.

A UPN is personal data: it is left out of a pupil's repr, and messages about a
bad UPN say what is wrong without repeating it.

A UPN is 13 characters: a check letter, a 3-digit local authority number, a 4-digit
establishment number, a 2-digit year of allocation and a 3-digit serial. A temporary
UPN ends in a letter instead of the last digit. The check letter is computed from the
other twelve characters, so a mistyped digit is caught.

>>> upn = UPN.parse("b801200005001")
>>> upn
UPN('B801200005001')
>>> upn.la_code, upn.establishment, upn.is_temporary
('801', '2000', False)
>>> UPN.check_letter_for("801200005001")
'B'
>>> UPN.parse("C801200005001")
Traceback (most recent call last):
...
sensupport.errors.ValidationError: invalid UPN: upn: check letter should be B, not C [upn.check_letter]
"""

from __future__ import annotations

import attrs

from .errors import Problem, ValidationError

__all__ = ["UPN"]

# Letters that can stand as a check letter, or at the end of a temporary UPN;
# I, O and S are left out so they cannot be mistaken for 1, 0 and 5.
_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_LENGTH = 13


def _problem(code: str, message: str) -> Problem:
    return Problem(code=code, message=message, path="upn")


def _body_problems(body: str) -> list[Problem]:
    """Problems with characters 2 to 13 (the part the check letter is made from)."""
    if len(body) != _LENGTH - 1:
        return [
            _problem(
                "upn.length",
                f"a UPN has {_LENGTH} characters; without its check letter it "
                f"has {_LENGTH - 1}, not {len(body)}",
            )
        ]
    problems = []
    if not body[:-1].isascii() or not body[:-1].isdigit():
        problems.append(
            _problem(
                "upn.digits",
                "characters 2 to 12 of a UPN are digits",
            )
        )
    last = body[-1]
    if not (last.isascii() and last.isdigit()) and last not in _LETTERS:
        problems.append(
            _problem(
                "upn.last_character",
                f"the last character of a UPN is a digit, or for a temporary UPN a "
                f"letter other than I, O or S; got {last!r}",
            )
        )
    return problems


def _check_letter(body: str) -> str:
    total = 0
    for weight, char in enumerate(body, start=2):
        total += weight * (int(char) if char.isdigit() else _LETTERS.index(char))
    return _LETTERS[total % 23]


@attrs.frozen(repr=False)
class UPN:
    """A valid Unique Pupil Number, upper case. Build it with `UPN.parse`."""

    value: str = attrs.field()

    @value.validator
    def _valid(self, _: attrs.Attribute[str], value: str) -> None:
        problems = UPN.problems(value)
        if problems:
            raise ValidationError(problems, summary="invalid UPN")

    @classmethod
    def parse(cls, text: str) -> UPN:
        """Return the UPN that ``text`` spells, in upper case.

        Raises:
            ValidationError: ``text`` is not a valid UPN; the message says why.
        """
        if not isinstance(text, str):
            raise ValidationError(
                [_problem("type", f"a UPN is a string, not {type(text).__name__}")],
                summary="invalid UPN",
            )
        return cls(text.upper())

    @staticmethod
    def problems(text: str) -> list[Problem]:
        """Every reason ``text`` is not a valid UPN (empty when it is one).

        >>> [p.code for p in UPN.problems("B80120000500")]
        ['upn.length']
        """
        if not isinstance(text, str):
            return [_problem("type", f"a UPN is a string, not {type(text).__name__}")]
        # Letters in a UPN are not case-sensitive: `parse` reads b801... as B801...
        text = text.upper()
        if len(text) != _LENGTH:
            return [
                _problem(
                    "upn.length",
                    f"a UPN has {_LENGTH} characters, not {len(text)}",
                )
            ]
        problems = _body_problems(text[1:])
        if problems:
            return problems
        expected = _check_letter(text[1:])
        if text[0] != expected:
            return [
                _problem(
                    "upn.check_letter",
                    f"check letter should be {expected}, not {text[0]}",
                )
            ]
        return []

    @staticmethod
    def check_letter_for(body: str) -> str:
        """The check letter for the other twelve characters of a UPN.

        Raises:
            ValidationError: ``body`` is not twelve characters of the right kinds.
        """
        problems = _body_problems(body.upper())
        if problems:
            raise ValidationError(problems, summary="invalid UPN body")
        return _check_letter(body.upper())

    @property
    def is_temporary(self) -> bool:
        """True when the UPN ends in a letter (a temporary UPN)."""
        return not self.value[-1].isdigit()

    @property
    def la_code(self) -> str:
        """The 3-digit local authority number that allocated the UPN."""
        return self.value[1:4]

    @property
    def establishment(self) -> str:
        """The 4-digit establishment number of the allocating school."""
        return self.value[4:8]

    @property
    def year_allocated(self) -> str:
        """The last two digits of the year the UPN was allocated."""
        return self.value[8:10]

    @property
    def serial(self) -> str:
        """The 3-character serial; its last character is a letter when temporary."""
        return self.value[10:]

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return f"UPN({self.value!r})"
