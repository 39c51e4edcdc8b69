"""The codes page lists every code with its description, so it cannot drift."""

from __future__ import annotations

import enum
from pathlib import Path

import pytest

from sensupport import codes

PAGE = (Path(__file__).parent.parent / "docs" / "codes.md").read_text(encoding="utf-8")
ENUMS = [
    getattr(codes, name)
    for name in codes.__all__
    if isinstance(getattr(codes, name), type)
    and issubclass(getattr(codes, name), enum.Enum)
]


@pytest.mark.parametrize("code_enum", ENUMS, ids=lambda e: e.__name__)
def test_every_code_is_on_the_page(code_enum: type[codes._Code]) -> None:
    assert f"`{code_enum.__name__}`" in PAGE
    for member in code_enum:
        assert f"| `{member.value}` | {member.description} |" in PAGE
