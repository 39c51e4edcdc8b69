"""Column mappings for CSV exports: which column holds each field, and how dates are
written, given as a dict or a small TOML file; and a row reader that collects every
problem of a row instead of stopping at the first.

A kind of export subclasses `ColumnMapping` with its own ``FIELDS`` (every field a
column may be named for, and what it holds), ``REQUIRED`` and ``PRIVATE`` fields,
and ``WHAT`` (the words its errors use): the register import and the provision map
import share the rest.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar, Self, TypeVar

import attrs

from ._validation import WITHHELD
from .errors import Problem, ValidationError
from .parsing import DATE_FORMATS, parse_date, where

T = TypeVar("T")


@attrs.frozen(kw_only=True)
class ColumnMapping:
    """Which column of an export holds each field, and how its dates are written.

    Args:
        columns: Field name (see ``FIELDS``) to the column's heading in the file.
        date_formats: ``strptime`` formats tried in order; dd/mm/yyyy and ISO by
            default.

    Raises:
        ValidationError: A required field has no column, or a field is unknown.
    """

    FIELDS: ClassVar[Mapping[str, str]] = {}
    REQUIRED: ClassVar[tuple[str, ...]] = ()
    PRIVATE: ClassVar[frozenset[str]] = frozenset()
    WHAT: ClassVar[str] = "column"
    """The kind of export, as rule codes spell it (``register``)."""

    columns: Mapping[str, str]
    date_formats: tuple[str, ...] = DATE_FORMATS

    def __attrs_post_init__(self) -> None:
        problems = [
            Problem(
                code="mapping.unknown_field",
                message=f"{name!r} is not a field; the fields are "
                + ", ".join(self.FIELDS),
                path=f"columns.{name}",
            )
            for name in self.columns
            if name not in self.FIELDS
        ]
        problems += [
            Problem(
                code="mapping.missing_field",
                message=f"no column is given for {name}, {self.FIELDS[name]}",
                path=f"columns.{name}",
            )
            for name in self.REQUIRED
            if not self.columns.get(name)
        ]
        if not self.date_formats:
            problems.append(
                Problem(
                    code="mapping.no_date_format",
                    message="at least one date format is needed",
                    path="date_formats",
                )
            )
        if problems:
            raise ValidationError(problems, summary=self._summary())

    @classmethod
    def _summary(cls) -> str:
        return f"invalid {cls.WHAT.replace('_', ' ')} mapping"

    @classmethod
    def _error(cls, message: str, path: str = "") -> ValidationError:
        return ValidationError(
            [Problem(code="mapping.invalid", message=message, path=path)],
            summary=cls._summary(),
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """A mapping from ``{"columns": {...}, "date_formats": [...]}``.

        Raises:
            ValidationError: The shape is wrong or a field is unknown or missing.
        """
        unknown = set(data) - {"columns", "date_formats"}
        if unknown:
            raise cls._error(
                f"unknown keys {sorted(unknown)}; a mapping has columns and date_formats"
            )
        columns = data.get("columns")
        if not isinstance(columns, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in columns.items()
        ):
            raise cls._error("columns maps field names to column headings", "columns")
        formats = data.get("date_formats", DATE_FORMATS)
        if isinstance(formats, str) or not all(isinstance(f, str) for f in formats):
            raise cls._error("date_formats is a list of strptime formats")
        return cls(columns=dict(columns), date_formats=tuple(formats))

    @classmethod
    def from_toml(cls, text: str) -> Self:
        """A mapping from TOML text: a ``[columns]`` table and ``date_formats``.

        >>> from sensupport.register import RegisterMapping
        >>> RegisterMapping.from_toml('''
        ... date_formats = ["%d/%m/%Y"]
        ... [columns]
        ... pupil_id = "Adno"
        ... year_group = "NC Year"
        ... sen_provision = "SEN Status"
        ... sen_start_date = "SEN Start"
        ... ''').columns["year_group"]
        'NC Year'

        Raises:
            ValidationError: The text is not TOML, or not a mapping.
        """
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise cls._error(f"not valid TOML: {error}") from None
        return cls.from_dict(data)

    @classmethod
    def load(cls, path: str | Path) -> Self:
        """A mapping read from a TOML file."""
        return cls.from_toml(Path(path).read_text(encoding="utf-8"))

    def check_headings(self, headings: Sequence[str]) -> None:
        """Refuse a file that lacks a column the mapping names.

        Raises:
            ValidationError: A column is not among the headings
                (``mapping.column_not_found``).
        """
        missing = [
            Problem(
                code="mapping.column_not_found",
                message=f"the file has no column {column!r} (for {field}); its "
                f"columns are {', '.join(headings) or 'none'}",
                path=f"columns.{field}",
            )
            for field, column in self.columns.items()
            if column not in headings
        ]
        if missing:
            raise ValidationError(missing, summary="the mapping does not fit the file")


class RowReader:
    """Reads one row's fields, collecting every problem instead of stopping."""

    def __init__(self, values: Mapping[str, str], mapping: ColumnMapping, row: int):
        self.values, self.mapping, self.row = values, mapping, row
        self.problems: list[Problem] = []

    def text(self, field: str) -> str:
        column = self.mapping.columns.get(field)
        return "" if column is None else (self.values.get(column) or "").strip()

    def read(self, field: str, parse: Callable[..., T]) -> T | None:
        text = self.text(field)
        if not text:
            return None
        column = self.mapping.columns[field]
        try:
            return parse(text, column=column, row=self.row)
        except ValidationError as error:
            for problem in error.problems:
                if field in self.mapping.PRIVATE:
                    # The parser's message quotes the value: personal data.
                    message = (
                        f"{column} could not be read as "
                        f"{self.mapping.FIELDS[field]} {WITHHELD}"
                    )
                    problem = attrs.evolve(problem, message=message)
                self.problems.append(problem)
            return None

    def require(self, field: str) -> None:
        if not self.text(field):
            column = self.mapping.columns[field]
            self.problems.append(
                Problem(
                    code=f"{self.mapping.WHAT}.missing",
                    message=f"{column} is empty; it holds {self.mapping.FIELDS[field]}",
                    path=where(column, self.row),
                )
            )

    def date(self, field: str) -> dt.date | None:
        formats = self.mapping.date_formats

        def parse(text: str, *, column: str, row: int) -> dt.date:
            return parse_date(text, formats, column=column, row=row)

        return self.read(field, parse)
