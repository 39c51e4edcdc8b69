"""Lenient readers for the values schools' files hold: codes, year groups, dates.

The classes are strict: `NeedType("slcn")` is refused, since the census code is
``SLCN``. Exports from an MIS or a spreadsheet are not so tidy, so these functions read
what a person would read the same way (any case, spaces around, a code's name, "Year
5" for ``5``, dd/mm/yyyy) and refuse anything else with a `ValidationError` that names
the column, the row and the value. None of them guesses: an ambiguous or unknown value
is an error, never a default.

>>> parse_need_type(" slcn ")
<NeedType.SLCN: 'SLCN'>
>>> parse_year_group("Year 5"), parse_year_group("Rec")
(<YearGroup.Y5: '5'>, <YearGroup.R: 'R'>)
>>> parse_date("04/03/2024")
datetime.date(2024, 3, 4)
>>> parse_provision("statement")
<SenProvision.EHC_PLAN: 'E'>
>>> parse_need_type("dyslexia", column="Primary need", row=7)
Traceback (most recent call last):
...
sensupport.errors.ValidationError: invalid value: rows[7].Primary need: 'dyslexia' is not a census type of need: use one of SPLD, MLD, SLD, PMLD, SEMH, SLCN, ASD, HI, VI, MSI, PD, DS, OTH, NSA (or its name) [parse.need_type]
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping, Sequence
from typing import TypeVar, cast

from ._types import EARLIEST_DATE, LATEST_DATE, is_date_in_range
from .codes import NeedType, SenProvision, Sex, YearGroup, _Code
from .errors import Problem, ValidationError

__all__ = [
    "DATE_FORMATS",
    "parse_date",
    "parse_need_type",
    "parse_provision",
    "parse_sex",
    "parse_year_group",
    "where",
]

C = TypeVar("C", bound=_Code)

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

DATE_FORMATS: tuple[str, ...] = ("%d/%m/%Y", "%Y-%m-%d")
"""Day first, as English schools write dates, and ISO 8601."""


def where(column: str = "", row: int | None = None) -> str:
    """The path of a value in a file: ``rows[4].UPN``, or the column alone.

    >>> where("UPN", 4)
    'rows[4].UPN'
    """
    if row is None:
        return column
    return f"rows[{row}].{column}" if column else f"rows[{row}]"


def _refuse(code: str, message: str, column: str, row: int | None) -> ValidationError:
    return ValidationError(
        [Problem(code=code, message=message, path=where(column, row))],
        summary="invalid value",
    )


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _words(value: str) -> str:
    return re.sub(r"[\s_\-]+", " ", value.strip()).casefold()


def _lookup(
    cls: type[C],
    value: str,
    extra: Mapping[str, C],
    what: str,
    code: str,
    column: str,
    row: int | None,
) -> C:
    if not isinstance(value, str):
        raise _refuse(code, f"{what} is text, not {type(value).__name__}", column, row)
    # Most files hold the codes themselves: a dict lookup, before any normalising.
    exact = cast("C | None", cls._value2member_map_.get(value))
    if exact is not None:
        return exact
    names: dict[str, C] = _names(cls, tuple(extra.items()))
    found = names.get(_words(value))
    if found is None:
        codes = ", ".join(m.value for m in cls)
        raise _refuse(
            code,
            f"{_shown(value)} is not {what}: use one of {codes} (or its name)",
            column,
            row,
        )
    return found


@functools.cache
def _names(cls: type[C], extra: tuple[tuple[str, C], ...]) -> dict[str, C]:
    # Every way of writing each code, worked out once a class: files hold many rows.
    names: dict[str, C] = {}
    for member in cls:
        names[_words(member.value)] = member
        names[_words(member.name)] = member
        names[_words(member.description)] = member
    for alias, successor in cls._aliases().items():
        names[_words(alias)] = cls(successor)
    names.update({_words(k): v for k, v in extra})
    return names


def parse_need_type(
    value: str, *, column: str = "", row: int | None = None
) -> NeedType:
    """The census type of need ``value`` names, in any case or as its name.

    ``BESD`` is read as ``SEMH``, as everywhere.

    Raises:
        ValidationError: ``value`` names no type of need (``parse.need_type``).
    """
    return _lookup(
        NeedType, value, {}, "a census type of need", "parse.need_type", column, row
    )


def parse_provision(
    value: str, *, column: str = "", row: int | None = None
) -> SenProvision:
    """The census SEN provision code ``value`` names (N, K, E; S, A, P historic).

    Raises:
        ValidationError: ``value`` names no provision (``parse.provision``).
    """
    extra = {
        "statement": SenProvision.EHC_PLAN,
        "ehc plan": SenProvision.EHC_PLAN,
        "ehcp": SenProvision.EHC_PLAN,
        "school action": SenProvision.SEN_SUPPORT,
        "school action plus": SenProvision.SEN_SUPPORT,
        "none": SenProvision.NO_SEN,
        "no sen": SenProvision.NO_SEN,
    }
    return _lookup(
        SenProvision,
        value,
        extra,
        "a SEN provision code",
        "parse.provision",
        column,
        row,
    )


def parse_sex(value: str, *, column: str = "", row: int | None = None) -> Sex:
    """The census sex code ``value`` names (M, F, male, female).

    Raises:
        ValidationError: ``value`` names no sex code (``parse.sex``).
    """
    return _lookup(Sex, value, {}, "a census sex code", "parse.sex", column, row)


_YEAR = re.compile(r"^(?:y|yr|year|ncy|nc year)?\s*(\d{1,2})$")
_EARLY_YEARS: dict[str, YearGroup] = {
    "r": YearGroup.R,
    "rec": YearGroup.R,
    "reception": YearGroup.R,
    "n1": YearGroup.N1,
    "nursery 1": YearGroup.N1,
    "n2": YearGroup.N2,
    "nursery 2": YearGroup.N2,
    "x": YearGroup.X,
}


def parse_year_group(
    value: str, *, column: str = "", row: int | None = None
) -> YearGroup:
    """The national curriculum year ``value`` names: ``5``, ``Y5``, ``Year 5``, ``R``.

    Raises:
        ValidationError: ``value`` names no year group (``parse.year_group``).
    """
    if isinstance(value, str):
        text = _words(value)
        if text in _EARLY_YEARS:
            return _EARLY_YEARS[text]
        matched = _YEAR.match(text)
        if matched is not None and 1 <= int(matched.group(1)) <= 14:
            return YearGroup(str(int(matched.group(1))))
    raise _refuse(
        "parse.year_group",
        f"{_shown(value)} is not a year group: use 1 to 14 (5, Y5 or Year 5), "
        "R, N1, N2 or X",
        column,
        row,
    )


def parse_date(
    value: str,
    formats: Sequence[str] = DATE_FORMATS,
    *,
    column: str = "",
    row: int | None = None,
) -> dt.date:
    """The date ``value`` spells in one of ``formats`` (``strptime`` codes).

    The formats are tried in order; the default takes dd/mm/yyyy, as English schools
    write dates, and yyyy-mm-dd. A time of day is refused, not dropped.

    Raises:
        ValidationError: ``value`` is in none of the formats, or is no real date
            (``parse.date``).
    """
    date = _read_date(value, formats)
    if date is not None and is_date_in_range(date):
        return date
    shown = " or ".join(_example(f) for f in formats)
    words = (
        f"is not a date in {shown}"
        if date is None
        else f"is outside the dates sensupport takes, {EARLIEST_DATE.isoformat()} "
        f"to {LATEST_DATE.isoformat()}"
    )
    raise _refuse("parse.date", f"{_shown(value)} {words}", column, row)


def _read_date(value: object, formats: Sequence[str]) -> dt.date | None:
    if not isinstance(value, str):
        return None
    text = value.strip()
    for fmt in formats:
        if fmt == "%Y-%m-%d" and _ISO_DATE.fullmatch(text):
            # What strptime reads for this format, several times faster.
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                continue
        try:
            parsed = dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
        if parsed.time() == dt.time():
            return parsed.date()
    return None


def _example(fmt: str) -> str:
    return (
        fmt.replace("%d", "dd")
        .replace("%m", "mm")
        .replace("%Y", "yyyy")
        .replace("%y", "yy")
    )
