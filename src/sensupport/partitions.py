"""A cohort's JSON Lines in partitions, counted on every core.

A `Partition` is a piece of the input that one worker reads on its own: a whole file
(plain or gzip-compressed), or a byte range of a plain file that starts and ends on a
line boundary. `partitions` lists them: a partition per file of a directory, or one
large file cut into byte ranges. Only a partition, a path and two numbers, is sent to
a worker; the worker reads its own records, counts them, and sends back only the
counts, which merge exactly. `map_partitions` runs a function over partitions in
local processes, and `build_report` counts the cohort report that way, with the same
figures as one process.

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

import contextlib
import copy
import datetime as dt
import functools
import gzip
import io
import itertools
import multiprocessing
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Protocol, TypeVar

import attrs

from ._validation import Checked, Checks, show
from .errors import ValidationError
from .metrics import latest_event_on
from .process.record import SupportRecord
from .serialization import load_lines

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

    from ._report import Report, ReportAccumulator

__all__ = ["Partition", "build_report", "map_partitions", "partitions"]

T = TypeVar("T")

_SUFFIXES = (".jsonl", ".jsonl.gz")  # the files of a directory that are partitions

_GZIP = b"\x1f\x8b"
_CHUNK = 1 << 16


@attrs.frozen(kw_only=True)
class Partition(Checked):
    """A piece of JSON Lines one worker reads: bytes ``start`` to ``end`` of a file.

    ``end`` None reads to the end of the file; a gzip-compressed file is read whole
    (``start`` 0, ``end`` None), since it cannot be read from the middle. A range
    starts at the beginning of a line and ends just after a newline or at the end of
    the file, as `partitions` makes them.
    """

    path: Path = attrs.field(converter=Path)
    start: int = 0
    end: int | None = None

    def _check(self, checks: Checks) -> None:
        if self.start < 0:
            checks.add(
                "start",
                "partition.start",
                f"a partition starts at byte 0 or later, not {show(self.start)}",
            )
        if self.end is not None and self.end < self.start:
            checks.add(
                "end",
                "partition.end",
                f"partition ends at byte {show(self.end)}, before it starts at "
                f"{show(self.start)}",
            )

    @property
    def whole(self) -> bool:
        """True when the partition is the whole file."""
        return self.start == 0 and self.end is None

    def lines(self) -> Iterator[str]:
        """The partition's lines as text, read lazily: UTF-8, with universal newlines
        (as `open` reads text), gzip-compressed when the whole file is.

        Raises:
            ValueError: The partition is a byte range of a gzip-compressed file.
            UnicodeDecodeError: The file is not UTF-8 text.
        """
        compressed = _is_gzip(self.path)
        if compressed and not self.whole:
            raise ValueError(
                f"{self.path}: gzip-compressed, so it is read whole, not from byte "
                f"{self.start}"
            )
        with contextlib.ExitStack() as stack:
            if compressed:
                text: Iterable[str] = stack.enter_context(
                    gzip.open(self.path, "rt", encoding="utf-8")
                )
            elif self.whole:
                text = stack.enter_context(self.path.open("r", encoding="utf-8"))
            else:
                text = stack.enter_context(_read_range(self.path, self.start, self.end))
            yield from text

    def records(self) -> Iterator[SupportRecord]:
        """The partition's records, loaded (checked and replayed) one at a time.

        Raises:
            ValidationError: At the first invalid record; ``error.line`` is its
                line in the file, not in the partition, and the summary names the
                file.
        """
        try:
            yield from load_lines(self.lines(), SupportRecord)
        except ValidationError as error:
            if error.line is None:
                raise
            line = error.line + self._lines_before()
            raise ValidationError(
                error.problems,
                summary=f"invalid document on line {line} of {self.path}",
                line=line,
            ) from None

    def _lines_before(self) -> int:
        """How many lines of the file come before the partition (counted only when
        an error needs its line number)."""
        if self.start == 0:
            return 0
        with _read_range(self.path, 0, self.start) as text:
            return sum(1 for _ in text)


def partitions(path: str | os.PathLike[str], *, parts: int = 1) -> list[Partition]:
    """The partitions of an input, in the order its records come.

    A directory gives a partition per ``*.jsonl`` or ``*.jsonl.gz`` file in it, in
    order of name. A plain file is cut into ``parts`` byte ranges of about equal size,
    each starting after a newline and ending at one, so every line belongs to exactly
    one range (fewer ranges when there are fewer lines; none for an empty file). A
    gzip-compressed file, or one that can be read only once (a pipe), is one
    partition.

    Raises:
        ValueError: ``parts`` is less than 1, or a directory holds no JSON Lines.
        OSError: The path cannot be read.
    """
    if parts < 1:
        raise ValueError(f"parts must be 1 or more, not {parts}")
    path = Path(path)
    if path.is_dir():
        files = sorted(
            p for p in path.iterdir() if p.name.endswith(_SUFFIXES) and p.is_file()
        )
        if not files:
            raise ValueError(
                f"{path}: a directory of JSON Lines holds {' or '.join(_SUFFIXES)} "
                "files, and this one holds none"
            )
        return [Partition(path=p) for p in files]
    if not stat.S_ISREG(path.stat().st_mode) or _is_gzip(path):
        return [Partition(path=path)]
    with path.open("rb") as file:
        size = os.fstat(file.fileno()).st_size
        return [
            Partition(path=path, start=start, end=end)
            for start, end in _line_ranges(file, size, parts)
        ]


def _is_gzip(path: Path) -> bool:
    """True when the file starts with gzip's magic bytes."""
    with path.open("rb") as raw:
        return raw.read(2) == _GZIP


def _line_ranges(file: BinaryIO, size: int, parts: int) -> list[tuple[int, int]]:
    """Byte ranges of about ``size / parts`` bytes, each cut just after a newline."""
    cuts = [0]
    for i in range(1, parts):
        target = size * i // parts
        if target > cuts[-1]:
            cut = _line_start_from(file, target, size)
            if cut > cuts[-1]:
                cuts.append(cut)
    cuts.append(size)
    return [(a, b) for a, b in itertools.pairwise(cuts) if b > a]


def _line_start_from(file: BinaryIO, at: int, size: int) -> int:
    """The first byte at or after ``at`` that starts a line (``size`` if none does)."""
    # A line starts at `at` if the byte before it is a newline: search from there.
    position = at - 1
    file.seek(position)
    while position < size:
        chunk = file.read(_CHUNK)
        if not chunk:
            break
        found = chunk.find(b"\n")
        if found >= 0:
            return position + found + 1
        position += len(chunk)
    return size


class _Range(io.RawIOBase):
    """Bytes ``start`` to ``end`` of a file, as a file of their own."""

    def __init__(self, path: Path, start: int, end: int | None) -> None:
        self._file = path.open("rb", buffering=0)
        self._file.seek(start)
        self._left = None if end is None else end - start

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer)
        if self._left is not None:
            view = view[: self._left]
        read = self._file.readinto(view) or 0
        if self._left is not None:
            self._left -= read
        return read

    def close(self) -> None:
        self._file.close()
        super().close()


def _read_range(path: Path, start: int, end: int | None) -> io.TextIOWrapper:
    # Decoded as `open` decodes text, universal newlines and all: a range is cut
    # after "\n", which ends a line whether alone or after "\r", so the range's
    # lines are exactly the file's.
    raw = _Range(path, start, end)
    return io.TextIOWrapper(io.BufferedReader(raw, _CHUNK), encoding="utf-8")


class _Map(Protocol):
    def __call__(
        self,
        function: Callable[[Partition], T],
        partitions: Iterable[Partition],
        /,
    ) -> Iterator[T]: ...


def _in_process(
    function: Callable[[Partition], T], partitions: Iterable[Partition]
) -> Iterator[T]:
    return map(function, partitions)


@contextlib.contextmanager
def _local_processes(workers: int, tasks: int) -> Iterator[_Map]:
    """A map over partitions in up to ``workers`` processes, results in order."""
    if not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers must be a whole number, 1 or more, not {workers!r}")
    if workers == 1 or tasks <= 1:
        yield _in_process
        return
    # Not fork: forking a process that runs threads can deadlock the child.
    method = (
        "forkserver"
        if "forkserver" in multiprocessing.get_all_start_methods()
        else "spawn"
    )
    pool = ProcessPoolExecutor(
        min(workers, tasks), mp_context=multiprocessing.get_context(method)
    )
    try:
        # chunksize 1: each partition goes to the next free worker.
        yield pool.map
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def map_partitions(
    function: Callable[[Partition], T],
    partitions: Sequence[Partition],
    *,
    workers: int = 1,
) -> Iterator[T]:
    """``function(partition)`` of each partition, in partition order, computed in up
    to ``workers`` local processes (in this one when ``workers`` is 1).

    Each partition goes to the next free process, so several partitions a worker
    balance the load. ``function`` must be importable by name (a module-level
    function, or a `functools.partial` of one) and its results picklable, since
    the processes are started afresh, not forked from this one.

    >>> import operator
    >>> parts = [Partition(path="a.jsonl"), Partition(path="b.jsonl")]
    >>> list(map_partitions(operator.attrgetter("path.name"), parts, workers=2))
    ['a.jsonl', 'b.jsonl']

    Raises:
        ValueError: ``workers`` is less than 1.
        Exception: The first error raised by ``function``, in partition order.
    """
    with _local_processes(workers, len(partitions)) as run:
        yield from run(function, partitions)


def build_report(
    partitions: Sequence[Partition],
    *,
    workers: int = 1,
    as_of: dt.date | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    by: str = "area_of_need",
    data_date: dt.date | None = None,
) -> Report:
    """The cohort report of ``sensupport report`` over partitions, counted in up to
    ``workers`` local processes; the same as `Report.build` over all the records.

    Without a data date, a first pass finds the latest event in each partition;
    then each worker counts its partitions into a report accumulator, and the
    accumulators merge in partition order.

    Raises:
        ValidationError: A record is invalid (the first in the input), or the
            period starts after the data date.
        ValueError: ``workers`` is less than 1.
    """
    from ._report._model import settle

    with _local_processes(workers, len(partitions)) as run:
        if data_date is None:
            dates = [d for d in run(_latest_event_in, partitions) if d is not None]
            data_date = max(dates, default=None)
        empty, as_of_asked = settle(data_date, as_of=as_of, start=start, end=end, by=by)
        if data_date is None:
            return empty.result()
        counts = copy.deepcopy(empty)
        for part in run(functools.partial(_count, empty), partitions):
            counts.merge(part)
    return counts.result(as_of_asked=as_of_asked)


def _latest_event_in(partition: Partition) -> dt.date | None:
    return latest_event_on(partition.records())


def _count(empty: ReportAccumulator, partition: Partition) -> ReportAccumulator:
    # A copy: in this process, the same empty accumulator serves every partition.
    return copy.deepcopy(empty).add_all(partition.records())
