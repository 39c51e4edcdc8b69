"""The school a record belongs to, identified as the DfE identifies schools.

Get Information about Schools gives every school a URN (Unique Reference Number, six
digits) and, for most, a DfE number: the local authority's three-digit number and the
four-digit establishment number (``801/2000``, written ``8012000`` in data). A
`School` needs one of the two; the name is for people and never identifies it.

>>> School(urn="109876", name="Hill Primary").key
'109876'
>>> School(la="801", estab="2000").key
'801/2000'
>>> School(la="801")
Traceback (most recent call last):
...
sensupport.errors.ValidationError: invalid School: estab: an LA number needs an establishment number, and the other way round [school.incomplete]
"""

from __future__ import annotations

import re

import attrs

from ._validation import Checked, Checks, show
from .errors import Problem, ValidationError

__all__ = ["School"]

_FORMATS = {
    "urn": (6, "six digits"),
    "la": (3, "three digits"),
    "estab": (4, "four digits"),
}


@attrs.frozen(kw_only=True, repr=False)
class School(Checked):
    """A school: its URN, or its LA and establishment numbers, or both.

    Args:
        urn: The Unique Reference Number from Get Information about Schools.
        la: The local authority number (the CTF's ``LEA``).
        estab: The establishment number (the CTF's ``Estab``).
        name: The school's name, for people; empty when not known.

    Raises:
        ValidationError: Neither a URN nor both LA and establishment numbers are
            given, or one is not all digits of the right length.
    """

    urn: str | None = None
    la: str | None = None
    estab: str | None = None
    name: str = ""

    def _check(self, checks: Checks) -> None:
        for field, (length, words) in _FORMATS.items():
            value = getattr(self, field)
            if value is None:
                continue
            # Not quoted: a school sits in a pupil, whose values are never shown.
            if len(value) != length:
                wrong = f"not {len(value)} character{'' if len(value) == 1 else 's'}"
            elif not re.fullmatch(r"\d+", value):
                wrong = "not other characters"
            else:
                continue
            checks.add(field, "school.format", f"{field} must be {words}, {wrong}")
        if (self.la is None) != (self.estab is None):
            missing = "estab" if self.estab is None else "la"
            checks.add(
                missing,
                "school.incomplete",
                "an LA number needs an establishment number, and the other way round",
            )
        if self.urn is None and self.la is None and self.estab is None:
            checks.add(
                "urn",
                "school.unidentified",
                "a school needs a URN, or an LA and an establishment number",
            )

    @classmethod
    def parse(cls, text: str) -> School:
        """A school from how people write its number: a URN (six digits), or a DfE
        number (``8012000``, ``801/2000`` or ``801-2000``).

        >>> School.parse("801/2000"), School.parse("109876")
        (School(la='801', estab='2000'), School(urn='109876'))

        Raises:
            ValidationError: The text is neither (``school.format``).
        """
        digits = text.strip().replace("/", "").replace("-", "")
        if len(digits) == 6:
            return cls(urn=digits)
        if len(digits) == 7 and digits.isdigit():
            return cls(la=digits[:3], estab=digits[3:])
        raise ValidationError(
            [
                Problem(
                    code="school.format",
                    message=f"{show(text)} is neither a URN (six digits) nor a DfE "
                    "number (LA and establishment, as 8012000 or 801/2000)",
                    path="school",
                )
            ],
            summary="invalid School",
        )

    @property
    def dfe_number(self) -> str | None:
        """The LA and establishment numbers together (``8012000``), if known."""
        if self.la is None or self.estab is None:
            return None
        return f"{self.la}{self.estab}"

    @property
    def key(self) -> str:
        """What a split by school groups on: the URN if known, else ``LA/estab``.

        Records of one school should say it the same way, or they count as two.
        """
        if self.urn is not None:
            return self.urn
        return f"{self.la}/{self.estab}"

    def __repr__(self) -> str:
        # Only what is known: most schools are named by one of the two numbers.
        given = [
            f"{f.name}={getattr(self, f.name)!r}"
            for f in attrs.fields(School)
            if getattr(self, f.name) not in (None, "")
        ]
        return f"School({', '.join(given)})"

    def __str__(self) -> str:
        return f"{self.name} ({self.key})" if self.name else self.key
