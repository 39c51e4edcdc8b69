"""The columnar tier: records as typed Arrow tables, and a validated Parquet store.

Needs the ``columnar`` extra (pyarrow and polars): ``pip install
'sensupport[columnar]'``. Nothing here is imported by ``import sensupport``.

`to_tables` lays records out in the typed tables of `SCHEMAS` (pupils, events,
earlier provision, needs, plans, targets, provisions, reviews, outcomes, ratings:
the layout of an MIS export, typed), beside a ``records`` table of each record's
canonical JSON document, from which `from_tables` reads the records back exactly.
`write_store` writes them as partitioned Parquet, marked in its metadata with the
schema version and the library's version; `read_store` (pyarrow tables),
`scan_store` (polars lazy frames) and `load_store` (records) read a store, and
re-check with `loads` any store this version of the library did not write.
`tables_from_lines` reads JSON Lines straight into the tables, checking every
record column by column and re-reading with `loads` any record the checks flag, so
its error is the one `load_lines` gives; `load_lines_columnar` raises the first, and
`write_store_from_lines` writes checked JSON Lines as a store, a part at a time.
`columnar_summaries` computes the report's metric set from the tables with polars,
as the same summary objects the record-by-record accumulators give, so the two
merge; `store_summaries` computes it over a store part by part (`scan_store_parts`),
in the memory of one part at a time. `columnar_report`, `store_report` and
`lines_report` give the whole cohort report of ``sensupport report`` from tables, a
store or JSON Lines, equal to the record-by-record report; `report_counts` counts one
set of tables for a report accumulator.

>>> import tempfile
>>> from sensupport.synth import load_sample
>>> records = list(load_sample())
>>> with tempfile.TemporaryDirectory() as folder:
...     written = write_store(records, f"{folder}/store", part_size=128)
...     tables = read_store(f"{folder}/store")
...     again = list(load_store(f"{folder}/store"))
>>> written, tables["pupils"].num_rows, again == records
(300, 300, True)
>>> tables["reviews"].schema.field("held_on").type
DataType(date32[day])
"""

from __future__ import annotations

try:
    import polars  # noqa: F401
    import pyarrow  # type: ignore[import-untyped, unused-ignore]  # noqa: F401
except ImportError as error:  # pragma: no cover - the extra is installed to test
    raise ImportError(
        "sensupport.columnar needs pyarrow and polars: "
        "pip install 'sensupport[columnar]'"
    ) from error

from ._lines import (
    COVERED_RULES,
    LinesResult,
    load_lines_columnar,
    tables_from_lines,
)
from ._metrics import ColumnarSummaries, columnar_summaries, store_summaries
from ._report import columnar_report, lines_report, report_counts, store_report
from ._schema import LAYOUT_VERSION, SCHEMAS, TABLE_NAMES
from ._store import (
    DEFAULT_PART_SIZE,
    METADATA_KEYS,
    load_store,
    read_store,
    scan_store,
    scan_store_parts,
    store_metadata,
    write_store,
    write_store_from_lines,
)
from ._tables import from_tables, to_tables

__all__ = [
    # The tables and the store.
    "DEFAULT_PART_SIZE",
    "LAYOUT_VERSION",
    "METADATA_KEYS",
    "SCHEMAS",
    "TABLE_NAMES",
    "from_tables",
    "load_store",
    "read_store",
    "scan_store",
    "scan_store_parts",
    "store_metadata",
    "to_tables",
    "write_store",
    "write_store_from_lines",
    # JSON Lines straight to the tables, every record checked.
    "COVERED_RULES",
    "LinesResult",
    "load_lines_columnar",
    "tables_from_lines",
    # The report's metric set, computed on the tables.
    "ColumnarSummaries",
    "columnar_summaries",
    "store_summaries",
    # The cohort report, computed on the tables.
    "columnar_report",
    "lines_report",
    "report_counts",
    "store_report",
]
