"""The strategies fill free text with what stores get wrong, within the classes' rules."""

from __future__ import annotations

from collections.abc import Iterator

import attrs
from hypothesis import HealthCheck, given, settings

from sensupport import Provision, Target
from sensupport.process import SupportRecord
from sensupport.testing import provisions, support_records, targets
from sensupport.testing._model import _free_text


def _texts(obj: object) -> Iterator[str]:
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, tuple):
        for item in obj:
            yield from _texts(item)
    elif attrs.has(type(obj)):
        for field in attrs.fields(type(obj)):
            yield from _texts(getattr(obj, field.name))


@given(_free_text())
def test_free_text_encodes_as_utf8(text: str) -> None:
    # A lone surrogate would make every store fail, for a reason of the test's own.
    text.encode("utf-8")


@given(_free_text(blank=False), targets(), provisions())
def test_text_that_must_not_be_blank_never_is(
    text: str, target: Target, provision: Provision
) -> None:
    assert text.strip()
    assert target.description.strip()
    assert provision.name.strip()


def test_free_text_holds_what_stores_get_wrong() -> None:
    seen: dict[str, bool] = dict.fromkeys(
        ["empty", "long", "accented", "CJK", "emoji", "NUL", "CR", "tab"], False
    )

    @settings(max_examples=300, database=None, derandomize=True)
    @given(_free_text())
    def look(text: str) -> None:
        seen["empty"] |= text == ""
        seen["long"] |= len(text) >= 256
        seen["accented"] |= any(c in text for c in "éßØőç")
        seen["CJK"] |= any("\u4e00" <= c <= "\u9fff" for c in text)
        seen["emoji"] |= any(c >= "\U0001f300" for c in text)
        seen["NUL"] |= "\x00" in text
        seen["CR"] |= "\r" in text
        seen["tab"] |= "\t" in text

    look()
    assert all(seen.values()), seen


def test_records_carry_free_text_in_their_events() -> None:
    counts = {"records": 0, "with text": 0, "with long text": 0}

    @settings(
        max_examples=60,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(support_records())
    def look(record: SupportRecord) -> None:
        texts = [t for e in record.events for t in _texts(e) if t]
        counts["records"] += 1
        counts["with text"] += bool(texts)
        counts["with long text"] += any(len(t) > 255 for t in texts)

    look()
    # Each record opens with a concern, and a quarter of summaries are empty.
    assert counts["with text"] >= counts["records"] // 2, counts
    assert counts["with long text"] >= 1, counts
