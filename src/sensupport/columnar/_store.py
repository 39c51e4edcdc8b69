"""A validated columnar store: records as typed Parquet, partitioned.

A store is a directory with one sub-directory per table of `SCHEMAS`, each holding
the same parts: ``pupils/part-00000.parquet``, ``events/part-00000.parquet``, ...,
``records/part-00000.parquet``; part ``k`` of every table holds the same records
(``part_size`` of them, the last part fewer). Every file carries in its key-value
metadata the document schema version, the library's version, the table layout's
version, its table's name, and the mark that the library wrote it from valid
records.

Reading trusts a store only when every file carries the marks this version of the
library writes and its table's exact schema. Any other store (written by another
version or another tool, or edited by hand) is re-checked: every document is read
again with `loads`, and the typed tables are built again from the records. A store
that says it holds another schema version is refused.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]
import pyarrow.parquet as pq  # type: ignore[import-untyped, unused-ignore]

from .._validation import show
from ..errors import Problem, ValidationError
from ..process.record import SupportRecord
from ..serialization import SCHEMA_VERSION, loads
from ._schema import LAYOUT_VERSION, SCHEMAS, TABLE_NAMES
from ._tables import to_tables

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "DEFAULT_PART_SIZE",
    "METADATA_KEYS",
    "load_store",
    "read_store",
    "scan_store",
    "store_metadata",
    "write_store",
    "write_store_from_lines",
]

DEFAULT_PART_SIZE = 50_000
"""Records in a part, unless `write_store` is told otherwise."""

_SCHEMA_VERSION = "sensupport.schema_version"
_VERSION = "sensupport.version"
_LAYOUT = "sensupport.layout_version"
_TABLE = "sensupport.table"
_WRITTEN = "sensupport.written"
_WRITTEN_VALUE = "validated records"

METADATA_KEYS: tuple[str, ...] = (_SCHEMA_VERSION, _VERSION, _LAYOUT, _TABLE, _WRITTEN)
"""The key-value metadata every file of a store carries."""


def _library_version() -> str:
    return version("sensupport")


def store_metadata(table: str) -> dict[str, str]:
    """The key-value metadata this version of the library writes in ``table``'s files.

    >>> store_metadata("events")["sensupport.table"]
    'events'
    >>> store_metadata("events")["sensupport.schema_version"]
    '1'
    """
    return {
        _SCHEMA_VERSION: str(SCHEMA_VERSION),
        _VERSION: _library_version(),
        _LAYOUT: str(LAYOUT_VERSION),
        _TABLE: table,
        _WRITTEN: _WRITTEN_VALUE,
    }


# --- writing ----------------------------------------------------------------------


def _part_name(part: int) -> str:
    return f"part-{part:05d}.parquet"


def write_store(
    records: Iterable[SupportRecord],
    directory: str | os.PathLike[str],
    *,
    part_size: int = DEFAULT_PART_SIZE,
) -> int:
    """Write records as a store in ``directory``; return how many were written.

    The records are read lazily, ``part_size`` at a time, so memory holds one part.
    The store is built beside ``directory`` and moved into place when complete: if
    writing fails, no store is left behind. A store always has at least one part
    (an empty one for no records), so its schemas and metadata are there to read.

    Args:
        records: Valid records (objects are valid once built); not checked again.
        directory: Where the store goes: a directory that does not exist yet, or
            an empty one.
        part_size: The most records a part holds.

    Raises:
        FileExistsError: ``directory`` exists and is not an empty directory.
        TypeError: An item of ``records`` is not a `SupportRecord`.
        ValueError: ``part_size`` is less than 1.
    """
    return _build(
        directory, part_size, lambda parts: _write_parts(records, parts, part_size)
    )


def write_store_from_lines(
    lines: Iterable[str | bytes | bytearray | memoryview],
    directory: str | os.PathLike[str],
    *,
    part_size: int = DEFAULT_PART_SIZE,
) -> int:
    """Write JSON Lines of `SupportRecord` documents as a store, each checked on the
    way; return how many records were written.

    The store is the one ``write_store(load_lines(lines, SupportRecord), directory)``
    writes, table for table, but no record object is built: each part's lines are
    read column by column by `tables_from_lines`, every rule checked, so a part's
    lines are in memory at a time. Blank lines are skipped; a part holds at most
    ``part_size`` records.

    >>> import tempfile
    >>> from sensupport.serialization import dump_lines
    >>> from sensupport.synth import load_sample
    >>> lines = list(dump_lines(load_sample()))
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     written = write_store_from_lines(lines, f"{folder}/store", part_size=128)
    ...     parts = len(scan_store_parts(f"{folder}/store"))
    >>> written, parts
    (300, 3)

    Raises:
        ValidationError: The first invalid line's error, as `load_lines` raises it
            (the same problems, summary and ``line``); nothing is left behind.
        FileExistsError, ValueError: As `write_store`.
    """
    return _build(
        directory, part_size, lambda parts: _write_line_parts(lines, parts, part_size)
    )


class _Parts:
    """A store's parts, written into ``root``: a directory a table, every file marked
    with its table's metadata."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.metadata = {name: store_metadata(name) for name in TABLE_NAMES}
        for name in TABLE_NAMES:
            (root / name).mkdir()

    def write(self, part: int, tables: dict[str, Any]) -> None:
        for name, table in tables.items():
            pq.write_table(
                table.replace_schema_metadata(self.metadata[name]),
                self.root / name / _part_name(part),
                compression="zstd",
            )


def _build(
    directory: str | os.PathLike[str], part_size: int, write: Callable[[_Parts], int]
) -> int:
    """Run ``write`` on the parts of a directory beside ``directory``, moved into
    place when it returns: if writing fails, no store is left behind."""
    if isinstance(part_size, bool) or not isinstance(part_size, int) or part_size < 1:
        raise ValueError(
            f"part_size is a whole number of records from 1, not {part_size!r}"
        )
    target = Path(directory).resolve()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise FileExistsError(f"{target} exists and is not an empty directory")
    target.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        written = write(_Parts(building))
        if target.exists():
            target.rmdir()
        building.rename(target)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return written


def _write_parts(
    records: Iterable[SupportRecord], parts: _Parts, part_size: int
) -> int:
    written = 0
    iterator = iter(records)
    for part in itertools.count():
        chunk = list(itertools.islice(iterator, part_size))
        if not chunk and part > 0:
            break
        for record in chunk:
            if not isinstance(record, SupportRecord):
                raise TypeError(
                    f"a store holds SupportRecord objects, not {type(record).__name__}"
                )
        parts.write(part, to_tables(chunk))
        written += len(chunk)
        if len(chunk) < part_size:
            break
    return written


def _write_line_parts(
    lines: Iterable[str | bytes | bytearray | memoryview], parts: _Parts, part_size: int
) -> int:
    from ._lines import checked_parts

    written = 0
    for part, tables in enumerate(checked_parts(lines, part_size)):
        parts.write(part, tables)
        written += tables["pupils"].num_rows
    return written


# --- reading ----------------------------------------------------------------------


def _sort_key(path: Path) -> tuple[int, str]:
    # part-100000 after part-99999.
    return len(path.name), path.name


def _files(root: Path, table: str) -> list[Path]:
    folder = root / table
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.parquet"), key=_sort_key)


def _metadata(schema: Any) -> dict[str, str]:
    raw = schema.metadata or {}
    return {
        key.decode("utf-8", "replace"): value.decode("utf-8", "replace")
        for key, value in raw.items()
    }


def _where(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


class _Survey:
    """What a store's files say about themselves, read from their footers only."""

    def __init__(self, root: Path) -> None:
        if not root.is_dir():
            raise FileNotFoundError(f"no store at {root}: not a directory")
        self.root = root
        self.files = {name: _files(root, name) for name in TABLE_NAMES}
        self.trusted = True
        expected_parts = [p.name for p in self.files["records"]]
        for name, files in self.files.items():
            if not files or [p.name for p in files] != expected_parts:
                self.trusted = False
            for path in files:
                self._check(name, path)

    def _check(self, name: str, path: Path) -> None:
        schema = pq.read_schema(path)
        said = _metadata(schema)
        found = said.get(_SCHEMA_VERSION)
        if found is not None and found != str(SCHEMA_VERSION):
            raise ValidationError(
                [
                    Problem(
                        code="store.schema_version",
                        message=f"schema version {show(found)} is not one this "
                        f"version of sensupport reads ({SCHEMA_VERSION})",
                        path=_SCHEMA_VERSION,
                    )
                ],
                summary=f"store not read: {_where(self.root, path)}",
            )
        if said != store_metadata(name) or not schema.equals(
            SCHEMAS[name], check_metadata=False
        ):
            self.trusted = False

    def records_files(self) -> list[Path]:
        files = self.files["records"]
        if not files:
            raise ValidationError(
                [
                    Problem(
                        code="store.missing_table",
                        message="a store holds the records' documents in "
                        "records/*.parquet; there are none",
                        path="records",
                    )
                ],
                summary=f"not a sensupport store: {self.root}",
            )
        return files


def _documents(root: Path, path: Path) -> Iterator[SupportRecord]:
    file = pq.ParquetFile(path)
    where = _where(root, path)
    if "document" not in file.schema_arrow.names:
        raise ValidationError(
            [
                Problem(
                    code="store.missing_column",
                    message="the records table has no document column",
                    path="records.document",
                )
            ],
            summary=f"not a sensupport store table: {where}",
        )
    row = 0
    for batch in file.iter_batches(batch_size=4096, columns=["document"]):
        for document in batch.column(0).to_pylist():
            try:
                record: SupportRecord = loads(document, SupportRecord)
            except ValidationError as error:
                raise ValidationError(
                    error.problems,
                    summary=f"invalid document in {where}, row {row}",
                ) from None
            yield record
            row += 1


def _records(survey: _Survey) -> Iterator[SupportRecord]:
    for path in survey.records_files():
        yield from _documents(survey.root, path)


def _read_trusted(survey: _Survey) -> dict[str, Any]:
    tables = {}
    for name, files in survey.files.items():
        parts = [pq.read_table(path) for path in files]
        tables[name] = pa.concat_tables(parts).replace_schema_metadata(None)
    return tables


def read_store(directory: str | os.PathLike[str]) -> dict[str, Any]:
    """The store's typed tables, by name, as `pyarrow.Table` objects.

    A store this version of the library wrote is read as it is. Any other is
    re-checked first: every document is read with `loads` and the tables are built
    again from the records, so what comes back is always what `to_tables` gives for
    valid records.

    Raises:
        ValidationError: The store says it holds another schema version
            (``store.schema_version``); a document read again is invalid (the
            problems `loads` finds; the summary names the file and row, from 0);
            there are no documents (``store.missing_table``,
            ``store.missing_column``).
        FileNotFoundError: ``directory`` is not a directory.
    """
    survey = _Survey(Path(directory))
    if survey.trusted:
        return _read_trusted(survey)
    return to_tables(_records(survey))


def scan_store(directory: str | os.PathLike[str]) -> dict[str, pl.LazyFrame]:
    """The store's typed tables, by name, as polars `LazyFrame` objects.

    A store this version of the library wrote is scanned lazily from its files;
    any other is re-checked as `read_store` does, and its rebuilt tables are
    returned as lazy frames.

    Raises:
        ImportError: polars is not installed.
        ValidationError, FileNotFoundError: As `read_store`.
    """
    try:
        import polars as pl
    except ImportError:
        raise ImportError(
            "scan_store needs polars: pip install 'sensupport[columnar]'"
        ) from None
    survey = _Survey(Path(directory))
    if survey.trusted:
        return {
            name: pl.scan_parquet([str(path) for path in files])
            for name, files in survey.files.items()
        }
    frames = {}
    for name, table in to_tables(_records(survey)).items():
        frame = pl.from_arrow(table)
        assert isinstance(frame, pl.DataFrame)  # a table, not an array
        frames[name] = frame.lazy()
    return frames


def scan_store_parts(
    directory: str | os.PathLike[str],
) -> list[dict[str, pl.LazyFrame]]:
    """The store's typed tables part by part: a dict of polars `LazyFrame` objects by
    table name for each part, in order. A part holds whole records, so figures
    counted part by part merge into the whole's, and no more than a part need be in
    memory at once.

    A store this version of the library wrote is scanned part by part from its
    files; any other is re-checked as `read_store` does and comes back as one part.

    Raises:
        ImportError: polars is not installed.
        ValidationError, FileNotFoundError: As `read_store`.
    """
    try:
        import polars as pl
    except ImportError:
        raise ImportError(
            "scan_store_parts needs polars: pip install 'sensupport[columnar]'"
        ) from None
    survey = _Survey(Path(directory))
    if not survey.trusted:
        return [scan_store(directory)]
    count = len(survey.files["records"])
    return [
        {
            name: pl.scan_parquet(str(files[part]))
            for name, files in survey.files.items()
        }
        for part in range(count)
    ]


def load_store(directory: str | os.PathLike[str]) -> Iterator[SupportRecord]:
    """The store's records, read from their documents with `loads`, lazily.

    Every document is read with `loads`, whoever wrote the store: the records come
    back exactly as they were written. One batch of documents is in memory at a
    time. The store's metadata is checked at once, before the first record is asked
    for.

    Raises:
        ValidationError: At once, the store says it holds another schema version
            (``store.schema_version``) or has no documents
            (``store.missing_table``); while reading, a document is invalid (the
            problems `loads` finds; the summary names the file and row, from 0).
        FileNotFoundError: At once, ``directory`` is not a directory.
    """
    survey = _Survey(Path(directory))
    survey.records_files()
    return _records(survey)
