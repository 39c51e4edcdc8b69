"""Bringing a school's own data in: the lenient readers, the CSV register import, and
the command that runs it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sensupport import NeedType, SenProvision, ValidationError, YearGroup, loads
from sensupport.cli import main
from sensupport.metrics import overdue_reviews, timeliness
from sensupport.parsing import (
    parse_date,
    parse_need_type,
    parse_provision,
    parse_year_group,
)
from sensupport.process import ConcernRaised, SENHistoryReceived, Stage, SupportRecord
from sensupport.register import RegisterMapping, import_register

DATA = Path(__file__).parent / "data" / "register"
REGISTER = DATA / "sen-register.csv"
MAPPING = RegisterMapping.load(DATA / "mapping.toml")
RECEIVED = dt.date(2025, 11, 3)

# The rows of the fixture built to be refused, and why (row 1 is the headings).
BAD_ROWS = {
    12: "parse.need_type",  # "Dyslexia" is no census type of need
    13: "parse.date",  # 31/02/2025
    14: "parse.year_group",  # "Year 15"
    15: "parse.provision",  # "X"
    16: "register.missing",  # K with no start date
    17: "needs.nsa_with_other",  # NSA beside SLCN
    18: "history.nsa_with_ehc",  # E with NSA: census rule 2175
    26: "upn.check_letter",  # a UPN with the wrong check letter
}
NOT_SEN_ROWS = (6, 20)


@pytest.fixture(scope="module")
def imported():  # type: ignore[no-untyped-def]
    with REGISTER.open(encoding="utf-8") as lines:
        return import_register(
            lines, MAPPING, received_on=RECEIVED, received_from="MIS SEN register"
        )


def test_every_row_is_imported_rejected_or_counted(imported) -> None:  # type: ignore[no-untyped-def]
    assert imported.read == 30
    assert {r.row: r.problems[0].code for r in imported.rejected} == BAD_ROWS
    assert imported.not_sen_rows == NOT_SEN_ROWS
    assert len(imported.records) == 30 - len(BAD_ROWS) - len(NOT_SEN_ROWS)
    for rejected in imported.rejected:
        assert all(
            p.path.startswith(f"rows[{rejected.row}]") for p in rejected.problems
        )


def test_nothing_is_invented(imported) -> None:  # type: ignore[no-untyped-def]
    for record in imported.records:
        assert len(record.events) == 1
        assert isinstance(record.events[0], SENHistoryReceived)
        assert not any(isinstance(e, ConcernRaised) for e in record.events)
        assert all(n.identified_on is None for n in record.needs)
    figures = timeliness(
        imported.records, start=dt.date(2025, 9, 1), end=dt.date(2026, 9, 1)
    )
    assert figures.count("concern_to_decision") == 0
    assert figures.count("decision_to_plan") == 0
    assert figures.opened_from_history == len(imported.records)
    assert "left out" in str(figures)


def test_rows_read_as_a_person_would(imported) -> None:  # type: ignore[no-untyped-def]
    by_id = {r.pupil.pupil_id: r for r in imported.records}
    assert by_id["1002"].pupil.year_group is YearGroup.Y6  # "Y6"
    assert [n.need_type for n in by_id["1002"].needs] == [NeedType.SLCN, NeedType.SEMH]
    assert by_id["1007"].needs[0].need_type is NeedType.SEMH  # BESD
    assert by_id["1008"].stage is Stage.EHC_PLAN  # S, read as E
    assert by_id["1022"].provision_on(RECEIVED) is SenProvision.SEN_SUPPORT  # A
    assert by_id["1003"].stage is Stage.PLAN  # no review date: no plan in force
    assert [p.code for p in by_id["1003"].advisories] == ["advice.no_plan_in_force"]
    assert by_id["1001"].provision_on(dt.date(2024, 3, 3)) is SenProvision.NO_SEN
    assert by_id["1001"].provision_on(dt.date(2024, 3, 4)) is SenProvision.SEN_SUPPORT


def test_known_review_dates_show_as_overdue(imported) -> None:  # type: ignore[no-untyped-def]
    overdue = overdue_reviews(imported.records, as_of=RECEIVED)
    assert {i.pupil_id for i in overdue.items} == {"1002", "1028"}
    later = overdue_reviews(imported.records, as_of=dt.date(2026, 1, 5))
    assert later.count == 10


def test_personal_data_stays_out_of_rejections() -> None:
    mapping = RegisterMapping.from_dict(
        {
            "columns": {
                "pupil_id": "Id",
                "year_group": "Year",
                "sen_provision": "SEN",
                "sen_start_date": "Since",
                "date_of_birth": "DOB",
                "family_name": "Surname",
            }
        }
    )
    lines = ["Id,Year,SEN,Since,DOB,Surname", "7,5,K,01/09/2024,31/02/2016,Lovelace"]
    result = import_register(lines, mapping, received_on=RECEIVED, received_from="MIS")
    text = str(result.rejected[0])
    assert "31/02/2016" not in text
    assert "Lovelace" not in text
    assert "withheld" in text


def test_a_mapping_that_does_not_fit_the_file_says_which_column() -> None:
    with pytest.raises(ValidationError) as error:
        list(
            import_register(
                ["Adno,Year"], MAPPING, received_on=RECEIVED, received_from="MIS"
            ).records
        )
    assert "mapping.column_not_found" in error.value.codes
    with pytest.raises(ValidationError) as error:
        RegisterMapping.from_dict({"columns": {"pupil_id": "Adno", "colour": "C"}})
    assert {"mapping.unknown_field", "mapping.missing_field"} <= set(error.value.codes)


def test_the_import_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "records.jsonl"
    code = main(
        [
            "import",
            str(REGISTER),
            "--mapping",
            str(DATA / "mapping.toml"),
            "--received-on",
            "2025-11-03",
            "-o",
            str(out),
        ]
    )
    err = capsys.readouterr().err
    assert code == 1  # rows were rejected
    assert "30 rows read: 20 imported, 2 with no SEN (provision N) not imported" in err
    assert err.count("rows[12].Primary Need") == 1
    records = [loads(line, SupportRecord) for line in out.read_text().splitlines()]
    assert len(records) == 20
    assert main(["report", str(out), "--as-of", "2026-01-05"]) == 0
    report = capsys.readouterr().out
    assert "the data end on 2025-11-03" in report  # received then: nothing later known
    assert "Overdue reviews: 2" in report
    as_extracted = ["--data-date", "2026-01-05", "--as-of", "2026-01-05"]
    assert main(["report", str(out), *as_extracted]) == 0
    report = capsys.readouterr().out
    assert "Overdue reviews: 10" in report
    assert "concern to decision: median" not in report
    assert "20 records opened from known history left out" in report


def test_validate_says_what_a_csv_or_xml_file_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(REGISTER)]) == 1
    assert "looks like CSV" in capsys.readouterr().err
    ctf = tmp_path / "in.xml"
    ctf.write_text("<?xml version='1.0'?><CTfile></CTfile>")
    assert main(["validate", str(ctf)]) == 1
    assert "looks like XML" in capsys.readouterr().err


# --- the lenient readers -----------------------------------------------------------------


@given(st.sampled_from(NeedType), st.sampled_from([str.lower, str.upper, str.title]))
def test_need_types_in_any_case(need: NeedType, case: object) -> None:
    assert callable(case)
    assert parse_need_type(f"  {case(need.value)} ") is need
    assert parse_need_type(need.description) is need


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31)))
def test_dates_day_first_and_iso(date: dt.date) -> None:
    assert parse_date(date.strftime("%d/%m/%Y")) == date
    assert parse_date(date.isoformat()) == date


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("5", YearGroup.Y5),
        ("Y5", YearGroup.Y5),
        ("year 5", YearGroup.Y5),
        ("Yr 10", YearGroup.Y10),
        ("R", YearGroup.R),
        ("Reception", YearGroup.R),
        ("N1", YearGroup.N1),
    ],
)
def test_year_groups(text: str, year: YearGroup) -> None:
    assert parse_year_group(text) is year


@pytest.mark.parametrize(
    ("parse", "text"),
    [
        (parse_year_group, "Year 0"),
        (parse_year_group, "15"),
        (parse_date, "2025-13-01"),
        (parse_date, "03/04/25"),
        (parse_date, "2025-11-03 10:00"),
        (parse_provision, "SEN"),
        (parse_need_type, ""),
    ],
)
def test_anything_else_is_refused_with_where_it_was(parse: object, text: str) -> None:
    assert callable(parse)
    with pytest.raises(ValidationError) as error:
        parse(text, column="Col", row=9)
    assert error.value.problems[0].path == "rows[9].Col"
    assert repr(text) in error.value.problems[0].message


def test_historic_provision_codes_and_names() -> None:
    assert parse_provision("s") is SenProvision.EHC_PLAN
    assert parse_provision("School Action Plus") is SenProvision.SEN_SUPPORT
    assert parse_provision("sen support") is SenProvision.SEN_SUPPORT


def test_census_check_of_the_register_and_of_records(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = str(DATA / "mapping.toml")
    args = ["census-check", str(REGISTER), "--census-date", "2026-01-15"]
    assert main([*args, "--mapping", mapping]) == 1
    out = capsys.readouterr().out
    for rule, row in (("1510", 26), ("2115", 9), ("2170", 12), ("2175", 18)):
        section = out.split(f"\n{rule} ", 1)[1].split("\n\n", 1)[0]
        assert f"row {row} " in section
    assert main(args) == 2  # a CSV needs its mapping
    records = tmp_path / "records.jsonl"
    main(["import", str(REGISTER), "--mapping", mapping, "-o", str(records)])
    capsys.readouterr()
    assert main(["census-check", str(records), "--census-date", "2026-01-15"]) == 0
    assert "20 entries checked: 0 failures" in capsys.readouterr().out


def test_the_import_and_census_commands_read_a_ctf(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ctf = Path(__file__).parent / "data" / "ctf" / "three-pupils.xml"
    out = tmp_path / "records.jsonl"
    assert main(["import", str(ctf), "-o", str(out)]) == 1  # one pupil rejected
    err = capsys.readouterr().err
    assert (
        "3 pupils read: 1 imported, 1 with no current SEN not imported, 1 rejected"
        in err
    )
    assert "not used: CTFpupilData/Pupil/Address" in err
    [record] = [loads(line, SupportRecord) for line in out.read_text().splitlines()]
    assert isinstance(record.events[0], SENHistoryReceived)
    assert main(["census-check", str(ctf), "--census-date", "2026-01-15"]) == 1
    checked = capsys.readouterr()
    assert "\n2115 error" in checked.out
    assert "not checked: pupil 3" in checked.err
