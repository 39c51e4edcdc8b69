"""A cohort's JSON Lines in partitions, counted on every core.

A `Partition` is a piece of the input that one worker reads on its own: a whole file
(plain or gzip-compressed), or a byte range of a plain file that starts and ends on a
line boundary. `partitions` lists them: a partition per file of a directory, or one
large file cut into byte ranges. Only a partition, a path and two numbers, is sent to
a worker; the worker reads its own records, counts them, and sends back only the
counts, which merge exactly. `map_partitions` runs a function of a partition over
partitions in local processes, `map_records` a function of records (a metric), and
`build_report` counts the cohort report that way, with the same figures as one
process. `latest_event_on_lines` reads the data date from the JSON alone, without
loading the records.

>>> from importlib import resources
>>> sample = resources.files("sensupport").joinpath("data/sample.jsonl")
>>> parts = partitions(sample, parts=3)
>>> [part.start for part in parts][0], len(parts)
(0, 3)
>>> sum(1 for part in parts for _ in part.records())
300
>>> report = build_report(parts, workers=2)
>>> report.records, report.data_date
(300, datetime.date(2026, 7, 21))

Nothing here imports Dask; `docs/scale.md` shows the same partitions on a Dask
cluster.
"""

from __future__ import annotations

from ._dates import latest_event_on_lines
from ._files import Partition, partitions
from ._local import build_report, map_partitions, map_records

__all__ = [
    "Partition",
    "build_report",
    "latest_event_on_lines",
    "map_partitions",
    "map_records",
    "partitions",
]
