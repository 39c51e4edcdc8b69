"""JSON Lines to the typed tables, checked column by column: agreement is the contract.

Every rule `COVERED_RULES` names is flagged by the columnar checks when broken; a
valid record is never flagged and gives the tables `to_tables` gives; and whatever
the checks say, the verdict and the codes are those of `loads`, the error that of
`load_lines`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builders import need, pupil, record_after_concern
from sensupport import SenProvision, ValidationError, limits
from sensupport.columnar import (
    COVERED_RULES,
    load_lines_columnar,
    tables_from_lines,
    to_tables,
)
from sensupport.columnar._canonical import _LINE_BREAKS as LINE_BREAKS
from sensupport.columnar._canonical import _canonical
from sensupport.errors import Severity
from sensupport.process import (
    EHCNeedsAssessmentRequested,
    SENHistoryReceived,
    SupportRecord,
)
from sensupport.process.rules import RULES
from sensupport.serialization import dump_lines, dumps, load_lines, loads
from sensupport.synth import load_sample
from sensupport.testing import sen_histories, support_records
from sensupport.testing._mutations import (
    ACCOMPANYING,
    RECORD_RULES,
    invalid_record_documents,
)

FAST = settings(
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def codes_of(text: str) -> set[str] | None:
    """The codes `loads` refuses ``text`` with; None if it reads it."""
    try:
        loads(text, SupportRecord)
    except ValidationError as error:
        return set(error.codes)
    return None


def load_lines_error(lines: list[str]) -> ValidationError | None:
    """The error `load_lines` raises on ``lines``; None if it reads them all."""
    try:
        list(load_lines(lines, SupportRecord))
    except ValidationError as error:
        return error
    return None


def assert_same_tables(found: dict[str, object], expected: dict[str, object]) -> None:
    assert list(found) == list(expected)
    for name, table in expected.items():
        assert found[name].equals(table), name  # type: ignore[attr-defined]


def test_every_rule_of_a_record_is_covered() -> None:
    # Only then is a record the checks pass trusted without `loads`.
    assert set(COVERED_RULES) == set(RECORD_RULES)


def test_verify_reads_every_record_again() -> None:
    records = list(load_sample())[:30]
    assert tables_from_lines(dump_lines(records)).verified == 0
    result = tables_from_lines(dump_lines(records), verify=True)
    assert result.verified == 30
    assert result.flagged == ()
    assert_same_tables(result.tables, to_tables(records))


def test_the_sample_is_not_flagged_and_gives_the_same_tables() -> None:
    records = list(load_sample())
    result = tables_from_lines(dump_lines(records))
    assert result.flagged == ()
    assert result.errors == ()
    assert_same_tables(result.tables, to_tables(records))


@settings(FAST, max_examples=60)
@given(st.lists(support_records(max_events=10), min_size=1, max_size=4))
def test_generated_cohorts_are_not_flagged(records: list[SupportRecord]) -> None:
    result = tables_from_lines(dump_lines(records))
    assert result.flagged == ()
    assert result.errors == ()
    assert_same_tables(result.tables, to_tables(records))


@settings(FAST, max_examples=40)
@given(st.lists(support_records(max_events=10, from_history=True), max_size=3))
def test_records_from_histories_are_not_flagged(records: list[SupportRecord]) -> None:
    result = tables_from_lines(dump_lines(records))
    assert result.flagged == ()
    assert_same_tables(result.tables, to_tables(records))


@settings(FAST, max_examples=40)
@given(sen_histories())
def test_histories_alone_are_not_flagged(history: object) -> None:
    from sensupport import Pupil, YearGroup

    record = SupportRecord(
        pupil=Pupil(pupil_id="H-1", year_group=YearGroup.Y3),
        events=(history,),  # type: ignore[arg-type]
    )
    result = tables_from_lines([dumps(record)])
    assert result.flagged == ()
    assert_same_tables(result.tables, to_tables([record]))


# The rules the shape check itself refuses: the text, the envelope, the types.
SHAPE = {c for c in RECORD_RULES if c.startswith(("document.", "upn."))}


def as_dumps_writes(code: str, text: str) -> str:
    """``text`` spelt as `dumps` spells a document (orjson's compact JSON), so that
    a rule of the record is flagged by its check, not by a different spelling."""
    if code in ("document.json", "document.duplicate_key"):
        return text
    try:
        written = orjson.dumps(orjson.loads(text)).decode()
    except orjson.JSONEncodeError:
        return text
    return written if written.isascii() else written.translate(LINE_BREAKS)


@pytest.mark.parametrize("code", sorted(COVERED_RULES))
def test_a_covered_rule_broken_is_flagged(code: str) -> None:
    @settings(FAST, max_examples=12)
    @given(invalid_record_documents(codes=[code]))
    def check(case: tuple[str, str]) -> None:
        text = as_dumps_writes(code, case[1])
        if code not in SHAPE:
            # Spelt and shaped as a valid document's: a rule's own check flags it.
            assert _canonical(text) is not None
        result = tables_from_lines([text])
        assert result.flagged == (1,)
        assert len(result.errors) == 1
        number, error = result.errors[0]
        assert number == 1
        expected = load_lines_error([text])
        assert expected is not None
        assert error.problems == expected.problems
        assert str(error) == str(expected)
        if error.codes != ("document.line_too_long",):  # too many events, too long
            assert set(error.codes) == {code, *ACCOMPANYING.get(code, ())}

    # A record over the limit is long to write and to read: the limit is lowered.
    with (
        limits.limited(events_per_record=40)
        if code == "record.too_many_events"
        else (contextlib.nullcontext())
    ):
        check()


@pytest.mark.parametrize("kind", [str, bytes, bytearray, memoryview])
def test_a_line_over_the_limit_is_refused_as_load_lines_refuses_it(kind: type) -> None:
    records = list(load_sample())[:3]
    written = list(dump_lines(records))
    lines = [kind(line.encode()) if kind is not str else line for line in written]
    longest = max(map(len, written))
    with limits.limited(line_characters=longest - 1):
        result = tables_from_lines(lines)
        expected = load_lines_error(lines)
    assert expected is not None
    assert [number for number, _ in result.errors] == [expected.line]
    assert str(result.errors[0][1]) == str(expected)
    assert result.errors[0][1].problems == expected.problems


# Every covered rule is broken on its own above; here, 150 mixed cases.
@settings(FAST, max_examples=150)
@given(invalid_record_documents(), st.lists(support_records(max_events=6), max_size=2))
def test_verdicts_and_codes_agree_with_loads(
    case: tuple[str, str], valid: list[SupportRecord]
) -> None:
    code, text = case
    text = as_dumps_writes(code, text)
    lines = [*dump_lines(valid[:1]), text, *dump_lines(valid[1:])]
    result = tables_from_lines(lines)
    line = 1 + len(valid[:1])
    assert [n for n, _ in result.errors] == [line]
    expected = load_lines_error(lines)
    assert expected is not None
    assert expected.line == line
    assert result.errors[0][1].problems == expected.problems
    assert str(result.errors[0][1]) == str(expected)
    if code in COVERED_RULES:
        assert line in result.flagged
    assert_same_tables(result.tables, to_tables(valid))


def _as_given(text: str, kind: str, bom: bool, ending: str) -> object:
    """``text`` as a caller may give a line: with a byte order mark and a line
    ending, as text or as bytes of one of Python's three kinds."""
    text = ("\ufeff" if bom else "") + text + ending
    if kind == "str":
        return text
    encoded = text.encode()
    return {"bytes": bytes, "bytearray": bytearray, "memoryview": memoryview}[kind](
        encoded
    )


@settings(FAST, max_examples=60)
@given(
    invalid_record_documents(),
    st.lists(support_records(max_events=6), max_size=2),
    st.sampled_from(["str", "bytes", "bytearray", "memoryview"]),
    st.booleans(),
    st.sampled_from(["", "\n", "\r\n"]),
)
def test_lines_given_as_bytes_or_with_a_mark_agree_with_loads(
    case: tuple[str, str],
    valid: list[SupportRecord],
    kind: str,
    bom: bool,
    ending: str,
) -> None:
    code, text = case
    written = [
        *dump_lines(valid[:1]),
        as_dumps_writes(code, text),
        *dump_lines(valid[1:]),
    ]
    lines = [_as_given(line, kind, bom, ending) for line in written]
    result = tables_from_lines(lines)
    expected = load_lines_error(lines)
    assert expected is not None
    assert [n for n, _ in result.errors] == [expected.line]
    assert result.errors[0][1].problems == expected.problems
    assert str(result.errors[0][1]) == str(expected)
    assert_same_tables(result.tables, to_tables(valid))


@settings(FAST, max_examples=40)
@given(
    st.lists(support_records(max_events=6), max_size=3),
    st.one_of(st.none(), invalid_record_documents()),
)
def test_without_documents_the_tables_are_the_same_but_records(
    valid: list[SupportRecord], invalid: tuple[str, str] | None
) -> None:
    lines = list(dump_lines(valid))
    if invalid is not None:
        lines.insert(len(lines) // 2, as_dumps_writes(*invalid))
    whole = tables_from_lines(lines)
    found = tables_from_lines(lines, documents=False)
    assert set(found.tables) == set(whole.tables) - {"records"}
    for name, table in found.tables.items():
        assert table.equals(whole.tables[name]), name
    assert (found.flagged, found.verified) == (whole.flagged, whole.verified)
    assert [(n, e.problems) for n, e in found.errors] == [
        (n, e.problems) for n, e in whole.errors
    ]


def test_the_first_error_is_load_lines_own() -> None:
    records = list(load_sample())[:5]
    lines = list(dump_lines(records))
    broken = lines[3].replace('"event":"ConcernRaised"', '"event":"Nothing"', 1)
    lines = [lines[0], "\n", "  \n", lines[1], broken, lines[2], "{", lines[4]]
    with pytest.raises(ValidationError) as expected:
        list(load_lines(lines, SupportRecord))
    with pytest.raises(ValidationError) as found:
        load_lines_columnar(lines)
    assert found.value.line == expected.value.line == 5
    assert str(found.value) == str(expected.value)
    assert found.value.problems == expected.value.problems
    result = tables_from_lines(lines)
    assert [n for n, _ in result.errors] == [5, 7]


def test_a_valid_document_written_otherwise_is_laid_out_as_dumps_writes_it() -> None:
    records = list(load_sample())[:3]
    import json

    document = json.loads(dumps(records[1]))
    pupil = document["data"]["pupil"]
    del pupil["given_name"]  # a field left at its default
    document["data"]["pupil"] = dict(reversed(list(pupil.items())))
    texts = list(dump_lines(records))
    texts[1] = "\ufeff" + json.dumps(document, indent=1).replace("\n", " ") + "\n"
    result = tables_from_lines(texts)
    assert result.flagged == ()
    assert result.errors == ()
    assert_same_tables(result.tables, to_tables(records))
    assert load_lines_columnar(texts)["records"].equals(to_tables(records)["records"])


def test_dates_are_read_as_the_converter_reads_them() -> None:
    record = next(iter(load_sample()))
    text = dumps(record)
    day = record.events[0].occurred_on.isoformat()
    for wrong in ("2025-02-30", "20250915", "1899-12-31", "2025-9-15"):
        changed = text.replace(day, wrong, 1)
        result = tables_from_lines([changed])
        assert result.flagged == (1,)
        assert [n for n, _ in result.errors] == [1]
    assert dt.date.fromisoformat(day) == record.events[0].occurred_on


def test_random_edits_get_the_verdicts_of_load_lines() -> None:
    # Beyond the corpus of single broken rules: a digit changed, two events swapped,
    # an event dropped, a character deleted, in the sample's documents.
    import json
    import random

    rng = random.Random(2026)
    cases = []
    for line in dump_lines(load_sample()):
        text = line.rstrip("\n")
        digits = [i for i, c in enumerate(text) if c.isdigit()]
        i = rng.choice(digits)
        cases.append(text[:i] + str(rng.randrange(10)) + text[i + 1 :])
        document = json.loads(text)
        events = document["data"]["events"]
        if len(events) > 1:
            a, b = rng.sample(range(len(events)), 2)
            events[a], events[b] = events[b], events[a]
            cases.append(json.dumps(document, separators=(",", ":")))
            events.pop(rng.randrange(len(events)))
            cases.append(json.dumps(document, separators=(",", ":")))
        i = rng.randrange(len(text))
        cases.append(text[:i] + text[i + 1 :])
    result = tables_from_lines(cases)
    found = dict(result.errors)
    valid = []
    for number, text in enumerate(cases, start=1):
        expected = load_lines_error([text])
        if expected is None:
            assert number not in found
            valid.append(loads(text, SupportRecord))
        else:
            assert number in found
            assert found[number].problems == expected.problems
    assert len(result.flagged) == len(found)  # no valid document flagged here
    assert_same_tables(result.tables, to_tables(valid))


ADVISORY_CODES = {r.code for r in RULES if r.severity is Severity.ADVISORY}


def advisory_rows(records: list[SupportRecord]) -> list[tuple[str, int, str]]:
    """Each record's advisories, as its replay raised them: pupil, event, code."""
    at = re.compile(r"^events\[(\d+)\]")
    rows = []
    for record in records:
        for advisory in record.advisories:
            match = at.match(advisory.path)
            assert match is not None, advisory.path
            rows.append((record.pupil.pupil_id, int(match[1]), advisory.code))
    return rows


def table_rows(table: Any) -> list[tuple[str, int, str]]:
    return list(
        zip(*(table.column(c).to_pylist() for c in table.column_names), strict=True)
    )


def test_every_advisory_rule_is_laid_out_as_the_records_raise_it() -> None:
    early_request = record_after_concern(
        EHCNeedsAssessmentRequested(occurred_on=dt.date(2025, 10, 1))
    )
    no_plan = SupportRecord(
        pupil=pupil(pupil_id="P-2"),
        events=(
            SENHistoryReceived(
                occurred_on=dt.date(2025, 9, 10),
                provision=SenProvision.SEN_SUPPORT,
                provision_started_on=dt.date(2024, 1, 8),
                received_from="CTF",
                needs=(need(),),
            ),
        ),
    )
    records = [*load_sample(), early_request, no_plan]
    found = tables_from_lines(dump_lines(records)).tables
    assert_same_tables(found, to_tables(records))
    assert table_rows(found["advisories"]) == advisory_rows(records)
    assert set(found["advisories"].column("code").to_pylist()) == ADVISORY_CODES


@settings(FAST, max_examples=40)
@given(
    st.lists(support_records(max_events=30), min_size=1, max_size=3)
    | st.lists(support_records(max_events=12, from_history=True), max_size=3)
)
def test_the_advisories_of_lines_are_the_records_own(
    records: list[SupportRecord],
) -> None:
    found = tables_from_lines(dump_lines(records)).tables["advisories"]
    assert table_rows(found) == advisory_rows(records)
