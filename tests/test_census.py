"""The census check: each rule fires exactly where a register breaks it, and only there."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sensupport import UPN, Need, NeedType, SenProvision, ValidationError
from sensupport.census import (
    RULES,
    CensusEntry,
    CensusFailure,
    CensusNeed,
    CensusReport,
    CensusSeverity,
    check_entry,
    check_register,
    iter_failures,
    la_codes,
    la_table,
    render_lines,
)
from sensupport.testing import need_sets, pupils

DOCS = Path(__file__).parent.parent / "docs"


def upn(la: str, serial: int) -> str:
    """A valid permanent UPN from local authority ``la``."""
    body = f"{la}2000{serial:05d}"
    return UPN.check_letter_for(body) + body


def need(sen_type: str, rank: str) -> CensusNeed:
    return CensusNeed(sen_type=sen_type, rank=rank)


def entry(row: int, provision: str, *needs: CensusNeed, **fields: str) -> CensusEntry:
    fields.setdefault("upn", upn("801", row))
    return CensusEntry(row=row, sen_provision=provision, needs=needs, **fields)


SLCN1 = need("SLCN", "1")
SHARED = upn("873", 1)
RIGHT = upn("801", 99)
WRONG_LETTER = ("C" if RIGHT[0] != "C" else "D") + RIGHT[1:]
TEMPORARY = UPN.check_letter_for("94020000000A") + "94020000000A"

# Each entry with the (rule, path) pairs it is built to break; () for clean entries.
PLANTED: list[tuple[CensusEntry, tuple[tuple[int, str], ...]]] = [
    (entry(1, "K", SLCN1), ()),
    (entry(2, "E", need("ASD", "1"), need("SLCN", "2"), upn=upn("201", 2)), ()),
    (entry(3, "N"), ()),
    # A temporary UPN from an authority created in 2021, and SEN support with NSA.
    (entry(4, "K", need("NSA", "1"), upn=TEMPORARY), ()),
    # An empty pair of columns is no need at all.
    (entry(5, "K", need("SEMH", "1"), need("", "")), ()),
    (entry(6, "K", SLCN1, sen_unit_indicator="false"), ()),
    (entry(10, "N", upn=""), ((1500, "upn"),)),
    (entry(11, "N", upn=WRONG_LETTER), ((1510, "upn"),)),
    (entry(12, "N", upn=SHARED), ((1520, "upn"),)),
    (entry(13, "N", upn=SHARED), ((1520, "upn"),)),
    (entry(14, "N", upn=upn("999", 14)), ((1530, "upn"),)),
    (entry(15, "N", upn="B8012A0005001"), ((1540, "upn"),)),
    (entry(16, "N", upn="B80120000500I"), ((1550, "upn"),)),
    (entry(20, "S", need("ASD", "1")), ((2115, "sen_provision"),)),
    (entry(21, "X"), ((2120, "sen_provision"),)),
    (entry(22, "N", SLCN1), ((2125, "needs"),)),
    (entry(23, "K", SLCN1, need("", "2")), ((2130, "needs[1].sen_type"),)),
    (entry(24, "K", need("SLCN", "")), ((2140, "needs[0].rank"),)),
    (entry(25, "K", need("SLCN", "2")), ((2160, "needs[0].rank"),)),
    (entry(26, "K", SLCN1, need("ASD", "1")), ((2165, "needs"),)),
    # Three needs cannot all have different rankings, so 2165 comes with 2166.
    (
        entry(27, "K", SLCN1, need("ASD", "2"), need("HI", "2")),
        ((2165, "needs"), (2166, "needs")),
    ),
    (entry(28, "K"), ((2170, "needs"),)),
    (entry(29, "E", need("BESD", "1")), ((2170, "needs[0].sen_type"),)),
    (entry(30, "E", need("NSA", "1")), ((2175, "needs[0].sen_type"),)),
    (entry(31, "K", SLCN1, sen_unit_indicator=""), ((2230, "sen_unit_indicator"),)),
    (
        entry(32, "E", SLCN1, resourced_provision_indicator=" "),
        ((2250, "resourced_provision_indicator"),),
    ),
]


def planted_pairs() -> set[tuple[int, int, str]]:
    return {(rule, e.row or 0, path) for e, pairs in PLANTED for rule, path in pairs}


def found_pairs(report: CensusReport) -> set[tuple[int, int, str]]:
    return {(f.rule, f.row, f.path) for f in report.failures}


def test_each_rule_fires_exactly_where_planted() -> None:
    report = check_register(e for e, _ in PLANTED)
    assert found_pairs(report) == planted_pairs()
    assert len(report.failures) == len(planted_pairs())
    assert report.entries == len(PLANTED)


def test_every_rule_but_2180_is_planted() -> None:
    # 2180 needs a special school: the next test.
    assert {rule for rule, _, _ in planted_pairs()} == set(RULES) - {2180}


def test_a_special_school_needs_sen_and_no_indicators() -> None:
    register = [
        entry(1, "N"),
        entry(2, "K", SLCN1, sen_unit_indicator="", resourced_provision_indicator=""),
    ]
    report = check_register(register, school_phase="SP")
    assert found_pairs(report) == {(2180, 1, "sen_provision")}
    assert check_register(register, school_phase="PS").counts() == {2230: 1, 2250: 1}


def test_a_register_of_clean_entries_passes() -> None:
    clean = [e for e, pairs in PLANTED if not pairs]
    report = check_register(clean)
    assert report.failures == ()
    assert not report.has_errors
    assert report.counts() == {}
    assert render_lines(report) == [
        "6 entries checked: 0 failures (0 errors, 0 queries)"
    ]


def test_the_report_groups_counts_and_flags_errors() -> None:
    report = check_register(e for e, _ in PLANTED)
    assert report.has_errors
    assert report.counts()[1520] == 2
    assert report.counts()[2170] == 2
    assert list(report.by_rule()) == sorted(report.counts())
    assert [f.row for f in report.by_rule()[1520]] == [12, 13]


def test_entries_are_read_once_and_numbered_by_position_without_a_row() -> None:
    once = iter(
        [
            CensusEntry(upn=upn("801", 1), sen_provision="K"),
            CensusEntry(upn=upn("801", 2), sen_provision="Q"),
        ]
    )
    report = check_register(once)
    assert found_pairs(report) == {(2170, 1, "needs"), (2120, 2, "sen_provision")}
    assert report.entries == 2


def test_a_duplicate_is_reported_on_every_entry_sharing_the_upn() -> None:
    shared = upn("801", 5)
    register = [
        CensusEntry(upn=shared, sen_provision="N", row=r) for r in (3, 8, 9)
    ] + [CensusEntry(upn=shared.lower(), sen_provision="N", row=11)]
    failures = [f for f in iter_failures(register) if f.rule == 1520]
    assert sorted(f.row for f in failures) == [3, 8, 9, 11]
    assert {f.detail for f in failures if f.row != 3} == {
        "the entry on row 3 has the same UPN"
    }


def test_check_entry_gives_what_the_register_check_gives_for_one_entry() -> None:
    for e, _ in PLANTED:
        alone = check_entry(e)
        assert alone == list(iter_failures([e]))


@pytest.mark.parametrize(
    ("text", "rules"),
    [
        ("", {1500}),
        ("   ", {1500}),
        ("B80", {1550}),
        ("B801200005", {1550}),
        ("B8012000050011", {1550}),
        ("BXYZ200005001", {1530}),
        ("B801200005001", set()),
        ("b801200005001", {1510}),
        ("B80120000500a", {1550}),
        ("B801200005\u0661\u06612", {1540}),
    ],
)
def test_upn_rules_on_their_own(text: str, rules: set[int]) -> None:
    failures = check_entry(CensusEntry(upn=text, sen_provision="N"))
    assert {f.rule for f in failures} == rules


def test_the_check_letter_detail_comes_from_the_upn_type() -> None:
    (failure,) = check_entry(CensusEntry(upn="C801200005001", sen_provision="N"))
    assert (failure.rule, failure.detail) == (1510, "check letter should be B, not C")


@pytest.mark.parametrize(
    ("provision", "detail"),
    [
        ("", "no SEN provision is given"),
        ("A", "'A' (School Action) was replaced by K (SEN support) in 2014"),
        ("P", "'P' (School Action Plus) was replaced by K (SEN support) in 2014"),
        ("k", "'k' is not N, K or E"),
    ],
)
def test_missing_and_invalid_provision(provision: str, detail: str) -> None:
    failures = check_entry(CensusEntry(upn=upn("801", 1), sen_provision=provision))
    assert [(f.rule, f.detail) for f in failures] == [(2120, detail)]


def test_an_invalid_provision_still_has_its_rankings_checked() -> None:
    failures = check_entry(
        CensusEntry(upn=upn("801", 1), sen_provision="", needs=(need("ASD", "3"),))
    )
    assert [f.rule for f in failures] == [2120, 2140]


def test_ds_is_a_type_from_the_january_2025_census() -> None:
    e = entry(1, "K", need("DS", "1"))
    assert check_entry(e, census_date=dt.date(2025, 1, 16)) == []
    (failure,) = check_entry(e, census_date=dt.date(2024, 10, 3))
    assert failure.rule == 2170
    assert "2024-10-03" in failure.detail
    assert check_entry(e) == []


def test_new_authorities_are_accepted_from_when_they_began() -> None:
    e = entry(1, "N", upn=upn("942", 1))
    assert check_entry(e, census_date=dt.date(2023, 5, 18)) == []
    assert [f.rule for f in check_entry(e, census_date=dt.date(2023, 1, 19))] == [1530]


def test_the_la_numbers_can_be_replaced() -> None:
    e = entry(1, "N", upn=upn("999", 1))
    assert [f.rule for f in check_entry(e)] == [1530]
    assert check_entry(e, la_codes={"999"}) == []
    assert [f.rule for f in check_entry(entry(2, "N"), la_codes={"999"})] == [1530]


def test_the_la_table() -> None:
    table = la_table()
    codes = [n.code for n in table]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"\d{3}", c) for c in codes)
    names = {n.code: n.name for n in table}
    # The 2019 to 2023 reorganisations, and numbers kept by new authorities.
    assert names["838"] == "Dorset"
    assert names["839"] == "Bournemouth, Christchurch and Poole"
    assert names["825"] == "Buckinghamshire"
    assert (names["940"], names["941"]) == (
        "North Northamptonshire",
        "West Northamptonshire",
    )
    assert (names["942"], names["943"]) == ("Cumberland", "Westmorland and Furness")
    assert (names["815"], names["933"]) == ("North Yorkshire", "Somerset")
    # Former authorities stay: the UPNs they allocated keep their numbers.
    assert {"835", "836", "837", "928", "909"} <= la_codes()
    # Authorities abolished before UPNs began in 1999 are not accepted.
    assert "901" not in la_codes()
    assert names["201"] == "City of London"
    assert names["938"] == "West Sussex"


def test_no_message_detail_or_repr_holds_the_upn() -> None:
    report = check_register(e for e, _ in PLANTED)
    for failure in report.failures:
        if len(failure.upn) > 4:
            assert failure.upn not in failure.detail
            assert failure.upn not in failure.message
            assert failure.upn not in repr(failure)
    text = "\n".join(render_lines(report))
    assert SHARED not in text
    assert SHARED in "\n".join(render_lines(report, upn=True))
    assert SHARED not in repr(PLANTED[8][0])
    assert all("upn" not in row for row in report.to_rows())
    assert {row["upn"] for row in report.to_rows(upn=True)} >= {SHARED}


def test_to_rows_for_a_dataframe() -> None:
    report = check_register(e for e, _ in PLANTED)
    rows = report.to_rows()
    assert len(rows) == len(report.failures)
    assert rows[0] == {
        "rule": 1500,
        "severity": "error",
        "message": "UPN missing",
        "row": 10,
        "path": "upn",
        "detail": "no UPN is given",
    }


def test_render_lines_by_rule() -> None:
    register = [entry(7, "K"), entry(12, "X"), entry(120, "E", need("NSA", "1"))]
    assert render_lines(check_register(register)) == [
        "3 entries checked: 3 failures (3 errors, 0 queries)",
        "",
        "2120 error: Pupil with missing SEN provision or invalid value (1)",
        "  row 12  sen_provision: 'X' is not N, K or E",
        "",
        "2170 error: A valid SEN type must be provided for pupils where with a SEN "
        "provision equals 'K', 'S' or 'E' (1)",
        "  row 7  needs: provision K needs a SEN type; none is given",
        "",
        "2175 error: SEN type code 'NSA' (SEN support but no specialist assessment "
        "of type of need) can only be used where SEN provision is code 'K' (SEN "
        "support) (1)",
        "  row 120  needs[0].sen_type: NSA is given with provision E",
    ]


def test_every_rule_is_an_error_as_the_dfe_lists_it() -> None:
    assert {r.severity for r in RULES.values()} == {CensusSeverity.ERROR}


def test_a_failure_names_a_known_rule() -> None:
    with pytest.raises(ValidationError, match="9999 is not a census rule"):
        CensusFailure(rule=9999, row=1, path="upn", detail="x")


def test_an_entry_holds_strings_and_withholds_the_upn() -> None:
    with pytest.raises(ValidationError) as error:
        CensusEntry(upn=801, sen_provision="K")  # type: ignore[arg-type]
    assert "801" not in str(error.value)
    with pytest.raises(ValidationError, match="needs"):
        CensusEntry(upn="", sen_provision="K", needs=[SLCN1])  # type: ignore[arg-type]


def test_the_docs_list_every_rule_with_its_message() -> None:
    page = (DOCS / "census.md").read_text(encoding="utf-8")
    for rule in RULES.values():
        assert f"| {rule.number} | {rule.severity.value} | {rule.message} |" in page
    assert "census.md" in (DOCS / "codes.md").read_text(encoding="utf-8")


# Valid registers built from the library's own objects.


@st.composite
def valid_upns(draw: st.DrawFn) -> str:
    la = draw(st.sampled_from(sorted(la_codes())))
    rest = draw(st.text(alphabet="0123456789", min_size=8, max_size=8))
    # A digit, or for a temporary UPN a letter other than I, O or S.
    last = draw(st.sampled_from("0123456789ABCDEFGHJKLMNPQRTUVWXYZ"))
    body = la + rest + last
    return UPN.check_letter_for(body) + body


@st.composite
def valid_entries(draw: st.DrawFn) -> CensusEntry:
    pupil = draw(pupils())
    pupil_upn = UPN.parse(draw(valid_upns()))
    needs: tuple[Need, ...] = ()
    provision = SenProvision.NO_SEN
    if draw(st.booleans()):
        needs = draw(need_sets())
        # NSA (no specialist assessment) is for SEN support only.
        if any(n.need_type is NeedType.NSA for n in needs):
            provision = SenProvision.SEN_SUPPORT
        else:
            provision = draw(
                st.sampled_from([SenProvision.SEN_SUPPORT, SenProvision.EHC_PLAN])
            )
    return CensusEntry.from_pupil(attrs.evolve(pupil, upn=pupil_upn), provision, needs)


@given(st.lists(valid_entries(), max_size=20, unique_by=lambda e: e.upn))
def test_entries_from_valid_objects_break_no_rule(entries: list[CensusEntry]) -> None:
    report = check_register(entries)
    assert report.failures == ()
    assert report.entries == len(entries)


@given(
    st.lists(
        st.builds(
            CensusEntry,
            upn=st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=5),
            sen_provision=st.text(max_size=3),
            # Types of at most four characters: a detail may quote a type, and
            # these UPNs have at least five, so a UPN in a detail is a leak.
            needs=st.lists(
                st.builds(
                    CensusNeed, sen_type=st.text(max_size=4), rank=st.text(max_size=2)
                ),
                max_size=4,
            ).map(tuple),
        ),
        max_size=10,
    )
)
def test_any_strings_are_checked_without_error_or_leaking_the_upn(
    entries: list[CensusEntry],
) -> None:
    report = check_register(entries)
    for failure in report.failures:
        assert failure.rule in RULES
        assert failure.upn not in failure.detail
    assert report.has_errors == bool(report.failures)


def test_the_codes_page_lists_every_census_rule_with_its_source() -> None:
    from pathlib import Path

    from sensupport.census import RULES

    page = (Path(__file__).parent.parent / "docs" / "codes.md").read_text("utf-8")
    for number, rule in RULES.items():
        row = f"| {number} | {rule.severity.value} | {rule.message} | {rule.source} |"
        assert row in page
