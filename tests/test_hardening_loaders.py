"""The loaders under attack: no personal data in a message, every message bounded,
and every odd input refused with a `ValidationError` that says where."""

from __future__ import annotations

import datetime as dt
import json
import traceback
import types
import typing
from typing import Any

import attrs
import orjson
import pytest

from builders import record_in_do, review_held
from sensupport import (
    Need,
    NeedType,
    Pupil,
    ValidationError,
    YearGroup,
    dumps,
    from_dict,
    load_lines,
    loads,
    to_dict,
)
from sensupport.process import SupportRecord, apply
from sensupport.process.events import EVENT_TYPES, Event
from sensupport.serialization import _DOCUMENT_TYPES
from sensupport.upn import UPN

NEED = Need(need_type=NeedType.ASD, identified_on=None)
SECRETS = ("Ada", "Lovelace", "B801200005001", "2014-05-02")


def refused(document: object, cls: type | None = None) -> ValidationError:
    call = loads if isinstance(document, str | bytes) else from_dict
    with pytest.raises(ValidationError) as caught:
        call(document, cls)  # type: ignore[operator]
    return caught.value


def everything_said(error: ValidationError) -> str:
    """Every place an error's text can reach: str, repr, a traceback, each problem."""
    return "\n".join(
        [
            str(error),
            repr(error),
            "".join(traceback.format_exception(error)),
            *(f"{p!r} {p}" for p in error.problems),
        ]
    )


def record_document(pupil: object) -> dict[str, Any]:
    document = to_dict(record_in_do())
    document["data"]["pupil"] = pupil
    return document


def pupil_document(**fields: object) -> dict[str, Any]:
    document = to_dict(Pupil(pupil_id="MIS-5", year_group=YearGroup.Y6))
    document["data"].update(fields)
    return document


# --- personal data: nothing from inside a pupil is repeated ----------------------


def test_a_pupil_given_as_a_list_is_not_repeated() -> None:
    text = (
        '{"schema_version":1,"type":"SupportRecord","data":{"pupil":["1","4",'
        '"B801200005001","2014-05-02","Ada"],"events":[]}}'
    )
    error = refused(text)
    said = everything_said(error)
    assert not [secret for secret in SECRETS if secret in said]
    (problem,) = error.problems
    assert problem.path == "data.pupil"
    assert problem.message == (
        "expected an object with the fields of Pupil, got a list of 5 items "
        "(value withheld: personal data)"
    )


@pytest.mark.parametrize(
    "pupil",
    [
        "Ada Lovelace 2014-05-02 B801200005001",
        ["1", "4", "B801200005001", "2014-05-02", "Ada", "Lovelace"],
        [["Ada", ["Lovelace", {"dob": "2014-05-02"}]]],
        {"pupil_id": ["Ada", "Lovelace"], "year_group": "Ada"},
        {"pupil_id": "1", "year_group": "2014-05-02", "sex": "Lovelace"},
        {"pupil_id": "1", "year_group": "4", "school": "Ada Lovelace"},
        {"pupil_id": "1", "year_group": "4", "school": {"urn": "Lovelace"}},
        {"pupil_id": "1", "year_group": "4", "school": {"urn": "1", "name": ["Ada"]}},
        {"pupil_id": "1", "year_group": "4", "school": {"la": "Ada", "Lovelace": 1}},
        {"pupil_id": "1", "year_group": "4", "Ada Lovelace": "2014-05-02"},
        {"pupil_id": "1", "year_group": "4", "B801200005001": {}},
        {"pupil_id": 2014, "year_group": "4", "given_name": {"Ada": "Lovelace"}},
        {"pupil_id": "1", "year_group": "4", "upn": ["B801200005001"]},
        {"pupil_id": "1", "year_group": "4", "date_of_birth": "2014-05-02T00:00"},
        None,
    ],
)
def test_nothing_inside_a_pupil_is_repeated(pupil: object) -> None:
    for document in (record_document(pupil), pupil_document()):
        if document["type"] == "Pupil":
            document["data"] = pupil
        said = everything_said(refused(document))
        assert not [secret for secret in SECRETS if secret in said], said
        # The text of the whole document, loaded, is refused the same way.
        said = everything_said(refused(json.dumps(document)))
        assert not [secret for secret in SECRETS if secret in said], said


def test_a_pupil_says_what_is_wrong_and_where_without_the_value() -> None:
    error = refused(
        pupil_document(year_group="Lovelace", sex=["Ada"], colour="red", Ada=1)
    )
    found = {p.path: p.message for p in error.problems}
    assert found["data.year_group"].startswith("expected a YearGroup code (one of N1")
    assert found["data.year_group"].endswith(
        "got a string (value withheld: personal data)"
    )
    assert found["data.sex"].endswith(
        "got a list of 1 item (value withheld: personal data)"
    )
    # A field name as the schema spells them (a typo) is shown; any other is not.
    assert found["data"] == (
        "unknown fields 'colour' and 1 more (names withheld: personal data)"
    )


def test_values_outside_a_pupil_are_still_shown() -> None:
    document = to_dict(record_in_do())
    document["data"]["events"][0]["raised_by"] = "headteacher"
    (problem,) = refused(document).problems
    assert "got 'headteacher'" in problem.message


def test_a_schools_number_is_not_quoted() -> None:
    # A school's number is not personal data, but it sits in a pupil: its message
    # says what is wrong with it without quoting it.
    error = refused(pupil_document(school={"urn": "12345X"}))
    (problem,) = error.problems
    assert (problem.path, problem.code) == ("data.school.urn", "school.format")
    assert "12345X" not in problem.message
    assert "six digits" in problem.message


# --- a byte order mark is read -------------------------------------------------------


def test_a_byte_order_mark_starts_a_document_or_a_line() -> None:
    need = NEED
    text = dumps(need)
    assert loads("\ufeff" + text) == need
    assert loads(b"\xef\xbb\xbf" + text.encode()) == need
    lines = ["\ufeff" + text + "\n", "\ufeff\n", text, "\ufeff" + text]
    assert list(load_lines(lines)) == [need, need, need]
    as_bytes = [line.encode() for line in lines]
    assert list(load_lines(as_bytes)) == [need, need, need]


def test_a_byte_order_mark_anywhere_else_is_not_skipped() -> None:
    need = NEED
    assert "document.json" in refused("\ufeff\ufeff" + dumps(need)).codes
    assert "document.json" in refused(" \ufeff" + dumps(need)).codes


# --- duplicate keys are refused ------------------------------------------------------


def test_a_repeated_key_is_refused_with_its_path() -> None:
    text = dumps(record_in_do())
    repeated = text.replace('"raised_by":', '"raised_by":"parent","raised_by":', 1)
    error = refused(repeated)
    (problem,) = error.problems
    assert (problem.code, problem.path) == ("document.duplicate_key", "data.events[0]")
    assert problem.message == "key 'raised_by' is given more than once"


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ('{"schema_version":1,"type":"Need","type":"Need","data":{}}', ""),
        ('{ "schema_version": 1, "schema_version": 1, "type": "Need", "data": {}}', ""),
        ('{"schema_version":1,"type":"Need","data":{"rank":1,"rank":2}}', "data"),
        ('{"schema_version":1,"type":"Need","data":{"a":1,"\\u0061":2}}', "data"),
        (
            '{"schema_version":1,"type":"Need","data":{"evidence":[{},{"x":{"y":1,'
            '"y":1}}]}}',
            "data.evidence[1].x",
        ),
        ('\ufeff{"type":1,"type":1}', ""),
    ],
)
def test_repeated_keys_are_found_in_any_spelling(text: str, path: str) -> None:
    error = refused(text)
    assert error.codes == ("document.duplicate_key",)
    assert error.problems[0].path == path
    assert "document.duplicate_key" in refused(text.encode()).codes


def test_a_repeated_key_inside_a_pupil_is_named_only_if_it_is_a_field_name() -> None:
    text = json.dumps(record_document({"pupil_id": "1", "year_group": "4"}))
    for key, shown in (("given_name", True), ("Ada Lovelace", False)):
        repeated = text.replace('"pupil_id"', f'"{key}": 1, "{key}": 2, "pupil_id"')
        (problem,) = refused(repeated).problems
        assert problem.path == "data.pupil"
        assert (key in problem.message) is shown


def test_the_same_key_in_different_objects_is_no_repeat() -> None:
    record = record_in_do()
    for text in (dumps(record), dumps(record, indent=2), json.dumps(to_dict(record))):
        assert loads(text) == record


def test_a_document_too_deep_for_the_json_reader_is_refused() -> None:
    deep = '{"schema_version":1,"type":"Need","data":' + "[" * 1100 + "]" * 1100 + "}"
    assert refused(deep).codes == ("document.json",)
    # Deep, repeated keys and not compact: still one ValidationError.
    deeper = '{"a": 1, "a": ' + '{"b": ' * 1020 + "1" + "}" * 1021
    assert refused(deeper).codes in (("document.json",), ("document.duplicate_key",))


# --- numbers: a float is not a whole number, anywhere ---------------------------------


@pytest.mark.parametrize("version", ["1.0", "1e0", "true", '"1"'])
def test_the_schema_version_is_a_whole_number(version: str) -> None:
    text = dumps(NEED).replace(  # type: ignore[arg-type]
        '"schema_version":1', f'"schema_version":{version}'
    )
    assert refused(text).codes == ("document.schema_version",)


def test_a_rank_is_a_whole_number() -> None:
    text = dumps(NEED).replace(  # type: ignore[arg-type]
        '"rank":1', '"rank":1.0'
    )
    assert refused(text).codes == ("document.invalid_value",)


# --- load_lines: every item of the stream is text, or it is named ---------------------


@pytest.mark.parametrize("item", [1, None, ["{}"], {"schema_version": 1}, 2.5])
def test_a_line_that_is_not_text_is_named(item: object) -> None:
    good = dumps(NEED)
    lines = load_lines([good, "", item])  # type: ignore[list-item]
    next(lines)
    with pytest.raises(ValidationError) as caught:
        next(lines)
    assert caught.value.line == 3
    assert caught.value.codes == ("document.not_text",)
    assert str(caught.value) == (
        "invalid document on line 3: expected JSON text (str or bytes), got "
        f"{type(item).__name__} [document.not_text]"
    )


@pytest.mark.parametrize("item", [1, None, ["{}"]])
def test_a_document_that_is_not_text_is_refused(item: object) -> None:
    with pytest.raises(ValidationError) as caught:
        loads(item)  # type: ignore[call-overload]
    assert caught.value.codes == ("document.not_text",)


def test_lines_as_bytearrays_and_memoryviews_are_read() -> None:
    text = dumps(NEED).encode()
    lines = [bytearray(text), memoryview(text), memoryview(b"  \n")]
    assert len(list(load_lines(lines))) == 2


# --- depth: refused, never a RecursionError --------------------------------------------


def nested(depth: int, inner: object = "x") -> object:
    value = inner
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize("depth", [50, 990, 1_000, 5_000, 100_000])
@pytest.mark.parametrize("where", ["schema_version", "type", "data", "field", "event"])
def test_deep_nesting_is_refused(depth: int, where: str) -> None:
    deep = nested(depth)
    document = to_dict(record_in_do())
    if where == "field":
        document["data"]["pupil"]["pupil_id"] = deep
    elif where == "event":
        document["data"]["events"][0]["summary"] = {"a": deep}
    else:
        document[where] = deep
    error = refused(document)
    assert len(str(error)) < 1_000


def test_a_value_that_holds_itself_is_refused() -> None:
    loop: list[object] = []
    loop.append(loop)
    document = pupil_document()
    document["data"]["year_group"] = loop
    document["type"] = loop
    assert refused(document).codes == ("document.type",)
    del document["type"]
    document["schema_version"] = loop
    assert "document.schema_version" in refused(document).codes


def schema_depth(tp: Any) -> int:
    """How many lists and objects deep a value of ``tp`` is written, at most."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return max(schema_depth(arg) for arg in typing.get_args(tp))
    if origin is tuple:
        return 1 + schema_depth(typing.get_args(tp)[0])
    if tp is Event:
        return max(schema_depth(cls) for cls in EVENT_TYPES)
    if tp is SupportRecord:
        return 1 + max(schema_depth(Pupil), 1 + schema_depth(Event))
    if attrs.has(tp) and tp is not UPN:
        hints = typing.get_type_hints(tp)
        fields = [hints[f.name] for f in attrs.fields(tp) if f.init]
        return 1 + max((schema_depth(t) for t in fields), default=0)
    return 0


def test_the_schema_fixes_how_deep_a_document_goes() -> None:
    # The figure the serialization page gives: an envelope, then its data.
    deepest = 1 + max(schema_depth(cls) for cls in _DOCUMENT_TYPES.values())
    assert deepest == 8


# --- every message is bounded, and says how long a long value was ---------------------


def test_a_huge_unknown_key_is_cut_and_measured() -> None:
    document = to_dict(NEED)
    document["data"]["x" * 1_000_000] = 1
    (problem,) = refused(document).problems
    assert len(problem.message) < 200
    assert "(1,000,000 characters)" in problem.message
    text = json.dumps(document)
    assert len(str(refused(text))) < 300


def test_many_unknown_keys_are_counted_not_listed() -> None:
    document = to_dict(NEED)
    document["data"].update({f"field_{n}": n for n in range(10_000)})
    document.update({f"extra_{n}": n for n in range(10_000)})
    error = refused(document)
    assert len(str(error)) < 1_000
    assert all("and 9,995 more" in p.message for p in error.problems)


@pytest.mark.parametrize(
    "value",
    [
        "y" * 1_000_000,
        ["y"] * 100_000,
        {"y" * 1000: "y" * 1000},
        {str(n): n for n in range(100_000)},
        10**5000,
        -(10**100),
        b"y" * 1_000_000,
        ("y" * 100_000,),
    ],
    ids=["text", "list", "long key", "wide", "huge int", "long int", "bytes", "tuple"],
)
def test_a_huge_value_is_cut_and_measured(value: object) -> None:
    document = to_dict(NEED)
    document["data"]["need_type"] = value
    document["type"] = value
    document["schema_version"] = value
    error = refused(document)
    assert len(str(error)) < 800
    for problem in error.problems:
        assert len(problem.message) < 250


def test_a_value_whose_repr_fails_is_named_by_its_type() -> None:
    class Awkward:
        def __repr__(self) -> str:
            raise RuntimeError("no repr")

    document = to_dict(NEED)
    document["data"]["need_type"] = Awkward()
    document[Awkward()] = 1  # type: ignore[index]
    error = refused(document)
    assert "Awkward" in str(error)


def test_keys_of_any_type_are_reported_not_sorted() -> None:
    document = to_dict(NEED)
    document["data"].update({1: 2, "b": 3, None: 4, (1, 2): 5})
    document.update({1: 2, "b": 3})  # type: ignore[dict-item]
    assert set(refused(document).codes) == {"document.unknown_field"}


def test_short_values_read_as_before() -> None:
    document = to_dict(NEED)
    document["data"]["need_type"] = "x" * 100
    (problem,) = refused(document).problems
    assert problem.message.endswith(f"got {'x' * 56!r}... (100 characters)")
    document["data"]["need_type"] = ["DYS", 1, None, 2.5, True, {"a": []}]
    (problem,) = refused(document).problems
    assert problem.message.endswith("got ['DYS', 1, None, 2.5, True, {'a': []}]")


def test_orjson_and_json_read_the_same_documents() -> None:
    # The repeated-key check reads a document again with the standard library's
    # reader; it must agree with orjson on what is JSON.
    record = record_in_do()
    text = json.dumps(to_dict(record), ensure_ascii=True, indent=1)
    assert orjson.loads(text) == json.loads(text)
    assert loads(text) == record


# --- the register and the CTF quote nothing of a pupil either -------------------------


def test_a_register_row_shifted_by_a_comma_quotes_no_name() -> None:
    from sensupport.register import RegisterMapping, import_register

    mapping = RegisterMapping.from_dict(
        {
            "columns": {
                "pupil_id": "Id",
                "family_name": "Surname",
                "year_group": "Year",
                "sex": "Sex",
                "sen_provision": "SEN",
                "sen_start_date": "Since",
                "school_urn": "URN",
            }
        }
    )
    # "Lovelace, Ada" unquoted: every column after the name moves one along.
    lines = ["Id,Surname,Year,Sex,SEN,Since,URN", "7,Lovelace,Ada,2014-05-02,K,F,X1"]
    result = import_register(
        lines, mapping, received_on=dt.date(2025, 11, 3), received_from="MIS"
    )
    (rejected,) = result.rejected
    said = str(rejected) + repr(rejected)
    assert not [secret for secret in SECRETS if secret in said], said
    assert {p.code for p in rejected.problems} >= {"parse.year_group", "parse.sex"}


def test_a_ctf_pupil_quotes_no_value() -> None:
    from sensupport import ctf

    text = (
        "<CTfile><Header><CTFversion>25.0</CTFversion><DateTime>2025-11-03T09:30:00"
        "</DateTime><SourceSchool><LEA>801</LEA><Estab>2000</Estab></SourceSchool>"
        "</Header><CTFpupilData><Pupil><UPN>B801200005001</UPN><Surname>Lovelace"
        "</Surname><Forename>Ada</Forename><DOB>2014-05-32</DOB><Sex>Ada</Sex>"
        "<BasicDetails><NCyearActual>Lovelace</NCyearActual></BasicDetails></Pupil>"
        "</CTFpupilData></CTfile>"
    )
    (outcome,) = ctf.read_ctf([text])
    assert outcome.rejected is not None
    said = str(outcome.rejected) + repr(outcome.rejected)
    assert not [s for s in (*SECRETS, "2014-05-32") if s in said], said
    assert [p.code for p in outcome.rejected.problems] == [
        "parse.date",
        "parse.sex",
        "parse.year_group",
    ]


def test_a_repeated_key_deep_down_has_a_bounded_path() -> None:
    text = '{"data": ' + "[" * 900 + '{"a": 1, "a": 2}' + "]" * 900 + "}"
    (problem,) = refused(text).problems
    assert problem.code == "document.duplicate_key"
    assert problem.path.startswith("data[0][0]")
    assert len(problem.path) < 130


def test_an_unexpected_failure_is_cut_and_withheld_in_a_pupil() -> None:
    from sensupport._converter import _leaf

    public = _leaf(RuntimeError("Lovelace " * 1000), "data.events[0]", private=False)
    assert public.code == "document.invalid"
    assert len(public.message) <= 110
    private = _leaf(RuntimeError("Lovelace"), "data.pupil", private=True)
    assert "Lovelace" not in private.message


def test_a_rule_quoting_a_huge_id_gives_a_bounded_message() -> None:
    # The rules quote ids as they are; every message is cut, whatever quotes it.
    document = to_dict(apply(record_in_do(), review_held()))
    document["data"]["events"][3]["review"]["outcomes"][0]["target_id"] = "T" * 10**6
    error = refused(document)
    assert len(str(error)) < 2_500
    assert all(len(p.message) <= 1_000 for p in error.problems)
    assert "(cut: the message had 1,000,0" in str(error)
