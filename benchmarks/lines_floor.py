"""The least a JSON Lines route can cost, against the pandas script's whole run.

Reading JSON Lines on the columnar tier cannot cost less than parsing the text and
counting the metrics on the tables; this script times those two floors on their own,
in fresh processes taking turns, beside the pandas script end to end and the
columnar tier's checked reader end to end:

- ``pandas``: ``pandas_baseline.py`` on the CSV tables of the same records;
- ``parse-orjson``: ``orjson.loads`` of every line, nothing kept (one core);
- ``parse-arrow``: ``pyarrow.json.read_json`` of the whole file with the documents'
  own nested schema given (every core): parsing and laying out in columns at once,
  nothing checked;
- ``count``: ``columnar_summaries`` on the tables already in memory (read, untimed,
  before the clock starts): the metric set alone;
- ``columnar-checked``: ``load_lines_columnar`` then ``columnar_summaries``, as
  ``metrics.py`` runs it.

The floor of a checked route is the faster parse plus the count; the script prints
it as a ratio of the pandas script's median time.

    python benchmarks/lines_floor.py COHORT_DIR:PARTS --runs 5
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from figures import AS_OF, CADENCE, DATA_DATE, END, START
from metrics import _lines, _machine, _uptime, columnar_from_lines
from timing import in_child

ROUTES = ("pandas", "parse-orjson", "parse-arrow", "count", "columnar-checked")


def document_schema() -> Any:
    """The Arrow schema of a `SupportRecord` document, from the attrs classes:
    every event's fields in one struct (as an NDJSON reader must take a list of
    events of several kinds), codes and dates as text."""
    import pyarrow as pa

    from sensupport.columnar._shape import _EVENT_KINDS, _PUPIL_KIND

    def arrow(kind: tuple[Any, ...]) -> Any:
        tag = kind[0]
        if tag == "optional":
            return arrow(kind[1])
        if tag == "list":
            return pa.list_(arrow(kind[1]))
        if tag == "object":
            names, kinds = kind[1]
            return pa.struct([(n, arrow(k)) for n, k in zip(names, kinds, strict=True)])
        return {"int": pa.int64(), "bool": pa.bool_(), "float": pa.float64()}.get(
            tag, pa.string()
        )

    fields: dict[str, Any] = {}
    for names, kinds in _EVENT_KINDS.values():
        for name, kind in zip(names, kinds, strict=True):
            fields[name] = arrow(kind)
    data = pa.struct(
        [("pupil", arrow(_PUPIL_KIND)), ("events", pa.list_(pa.struct(fields)))]
    )
    return pa.schema(
        [("schema_version", pa.int64()), ("type", pa.string()), ("data", data)]
    )


def _route(kind: str, directory: Path, parts: int) -> Callable[[], object]:
    """The route's work, its libraries imported and any untimed set-up done."""
    dates = {"as_of": AS_OF, "data_date": DATA_DATE}
    files = [directory / f"part-{p:03d}.jsonl" for p in range(parts)]
    if kind == "pandas":
        from pandas_baseline import figures_from_csv

        return lambda: figures_from_csv(directory / "csv", list(range(parts)), **dates)
    if kind == "parse-orjson":
        import orjson

        def parse() -> None:
            for line in _lines(directory, parts):
                orjson.loads(line)

        return parse
    if kind == "parse-arrow":
        import pyarrow.json as pj

        options = pj.ParseOptions(
            explicit_schema=document_schema(), unexpected_field_behavior="error"
        )

        def read() -> None:
            for file in files:
                pj.read_json(io.BytesIO(file.read_bytes()), parse_options=options)

        return read
    if kind == "count":
        import polars as pl

        from sensupport.columnar import columnar_summaries, load_lines_columnar

        tables = load_lines_columnar(_lines(directory, parts))
        frames = {
            name: pl.DataFrame(pl.from_arrow(table))
            for name, table in tables.items()
            if name != "records"
        }
        return lambda: columnar_summaries(
            frames, start=START, end=END, cadence=CADENCE, **dates
        )
    if kind == "columnar-checked":
        import polars  # noqa: F401

        import sensupport.columnar  # noqa: F401

        return lambda: columnar_from_lines(_lines(directory, parts), checked=True)
    raise SystemExit(f"no route {kind!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cohort", nargs="?", help="DIR:PARTS")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--one", nargs=3, metavar=("ROUTE", "DIR", "PARTS"))
    args = parser.parse_args()
    if args.one:
        kind, directory, parts = args.one
        work = _route(kind, Path(directory), int(parts))
        started = time.perf_counter()
        work()
        print(json.dumps({"seconds": time.perf_counter() - started}))
        return
    directory, _, parts = args.cohort.rpartition(":")
    print(f"machine: {_machine()}")
    print(f"before: {_uptime()}", flush=True)
    seconds: dict[str, list[float]] = {r: [] for r in ROUTES}
    for run in range(args.runs):
        for route in ROUTES:
            found, _ = in_child(
                str(Path(__file__).resolve()), ["--one", route, directory, parts]
            )
            seconds[route].append(found["seconds"])
        print(
            f"run {run + 1}: "
            + ", ".join(f"{r} {s[-1]:.2f} s" for r, s in seconds.items()),
            flush=True,
        )
    medians = {r: statistics.median(s) for r, s in seconds.items()}
    pandas = medians["pandas"]
    print(f"{'route':<17} {'min s':>7} {'median s':>9} {'/ pandas':>9}")
    for route, found in seconds.items():
        print(
            f"{route:<17} {min(found):>7.2f} {medians[route]:>9.2f} "
            f"{medians[route] / pandas:>9.3f}"
        )
    parse = min(medians["parse-orjson"], medians["parse-arrow"])
    print(
        f"floor of a checked route (faster parse + count): {parse + medians['count']:.2f}"
        f" s, {(parse + medians['count']) / pandas:.3f} of the pandas script's median"
    )
    print(f"after: {_uptime()}")


if __name__ == "__main__":
    main()
