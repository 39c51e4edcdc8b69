"""Functions over partitions in local processes, and the report counted that way."""

from __future__ import annotations

import collections
import contextlib
import copy
import datetime as dt
import functools
import multiprocessing
import multiprocessing.forkserver
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import attrs

from .. import limits
from ..errors import ValidationError
from ._dates import latest_event_on_lines
from ._files import Partition

if TYPE_CHECKING:
    from .._report import Report, ReportAccumulator
    from .._report._model import ReportCounts
    from ..provision_groups import ProvisionMap
    from ..workforce import Workforce

__all__ = ["build_report", "map_partitions", "map_records"]

T = TypeVar("T")


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
    _check_workers(workers)
    if workers == 1 or tasks <= 1:
        yield _in_process
        return
    pool = ProcessPoolExecutor(
        min(workers, tasks), mp_context=multiprocessing.get_context(_start_method())
    )
    try:
        # chunksize 1: each partition goes to the next free worker.
        yield pool.map
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _start_method() -> str:
    methods = multiprocessing.get_all_start_methods()
    # Fork starts a worker with everything imported and warm (half a second saved
    # a worker), but forking a process that runs other threads can deadlock the
    # child: then a fresh process from the fork server, or spawned. Polars and
    # pyarrow keep thread pools Python does not count, so a process that has
    # loaded either is not forked.
    native = any(name in sys.modules for name in ("polars", "pyarrow"))
    if "fork" in methods and threading.active_count() == 1 and not native:
        return "fork"
    if "forkserver" in methods:
        _preload()
        return "forkserver"
    return "spawn"


# What a worker needs to read and count a partition, imported once by the fork server
# so that every worker it forks, for this pool and the next, starts with it.
_PRELOAD = ("sensupport.serialization", "sensupport._report", "sensupport.partitions")


def _preload() -> None:
    # Added to the modules already asked for, not in their place; it takes effect
    # only if the fork server has not started yet.
    server = getattr(multiprocessing.forkserver, "_forkserver", None)
    asked = list(getattr(server, "_preload_modules", ["__main__"]))
    wanted = [name for name in _PRELOAD if name not in asked]
    if wanted:
        multiprocessing.set_forkserver_preload(asked + wanted)


def _under(rules: limits.Limits) -> contextlib.AbstractContextManager[limits.Limits]:
    # A worker starts with the defaults: the limits in force where the work was
    # asked for are set again in it.
    return limits.limited(**attrs.asdict(rules))


def _check_workers(workers: int) -> None:
    if not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers must be a whole number, 1 or more, not {workers!r}")


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
    _check_workers(workers)  # now, not when the first result is asked for
    return _mapped(function, partitions, workers)


def _mapped(
    function: Callable[[Partition], T], partitions: Sequence[Partition], workers: int
) -> Iterator[T]:
    with _local_processes(workers, len(partitions)) as run:
        yield from run(function, partitions)


def map_records(
    function: Callable[..., T],
    partitions: Sequence[Partition],
    *,
    workers: int = 1,
    **settings: Any,
) -> Iterator[T]:
    """``function(records, **settings)`` over the records of each partition, in
    partition order, computed in up to ``workers`` local processes: a metric
    function, say, whose summaries then merge.

    >>> import datetime as dt, functools
    >>> from importlib import resources
    >>> from sensupport.metrics import target_attainment
    >>> from sensupport.partitions import partitions
    >>> sample = resources.files("sensupport").joinpath("data/sample.jsonl")
    >>> period = {"start": dt.date(2025, 9, 1), "end": dt.date(2026, 9, 1)}
    >>> summaries = map_records(target_attainment, partitions(sample, parts=4),
    ...                         workers=2, **period)
    >>> whole = functools.reduce(lambda a, b: a.merge(b), summaries)
    >>> whole.with_outcome > 0
    True

    Raises:
        ValueError: ``workers`` is less than 1.
        Exception: The first error raised, in partition order.
    """
    over = functools.partial(_over_records, limits.current(), function, settings)
    return map_partitions(over, partitions, workers=workers)


def _over_records(
    rules: limits.Limits,
    function: Callable[..., T],
    settings: dict[str, Any],
    partition: Partition,
) -> T:
    with _under(rules):
        return function(partition.records(), **settings)


def build_report(
    partitions: Sequence[Partition],
    *,
    workers: int = 1,
    as_of: dt.date | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    by: str = "area_of_need",
    data_date: dt.date | None = None,
    provision_maps: Sequence[ProvisionMap] = (),
    workforces: Sequence[Workforce] = (),
    columnar_part: int | None = None,
) -> Report:
    """The cohort report of ``sensupport report`` over partitions, counted in up to
    ``workers`` local processes; the same as `Report.build` over all the records
    (with the schools' ``provision_maps``, their provision costed too; with their
    ``workforces`` as well, their CPD needs analysed).

    Without a data date, a first pass reads the latest event date in each
    partition from its JSON (`latest_event_on_lines`); then each worker counts its
    partitions into a report accumulator, and the accumulators merge in partition
    order. With ``columnar_part``, each worker counts its partitions on the
    columnar tier instead (the ``columnar`` extra), that many records at a time,
    every record checked as `load_lines` checks it
    (`sensupport.columnar.report_counts`): the same report.

    Raises:
        ValidationError: A record is invalid (the first in the input), or the
            period starts after the data date.
        ValueError: ``workers`` is less than 1; or, with ``columnar_part``, as
            `sensupport.columnar.report_counts` refuses what the tables cannot give.
    """
    from .._report._model import settle

    rules = limits.current()  # the processes start with the defaults
    with _local_processes(workers, len(partitions)) as run:
        read_date = data_date is None
        if read_date:
            found = run(functools.partial(_latest_on, rules), partitions)
            data_date = max(filter(None, found), default=None)
        try:
            empty, as_of_asked = settle(
                data_date,
                as_of=as_of,
                start=start,
                end=end,
                by=by,
                provision_maps=provision_maps,
                workforces=workforces,
            )
        except ValidationError:
            if read_date:  # an invalid record is the first error, as in one pass
                list(run(functools.partial(_checked, rules), partitions))
            raise
        if data_date is None:
            return empty.result()
        counts = copy.deepcopy(empty)
        if columnar_part is None:
            for part in run(functools.partial(_count, rules, empty), partitions):
                counts.merge(part)
        else:
            on_tables = functools.partial(_count_tables, rules, empty, columnar_part)
            for tallied in run(on_tables, partitions):
                for part_counts in tallied:
                    counts.add_counts(part_counts)
    return counts.result(as_of_asked=as_of_asked)


def _latest_on(rules: limits.Limits, partition: Partition) -> dt.date | None:
    with _under(rules):
        return latest_event_on_lines(partition.lines(errors="surrogateescape"))


def _checked(rules: limits.Limits, partition: Partition) -> None:
    with _under(rules):
        collections.deque(partition.records(), maxlen=0)


def _count(
    rules: limits.Limits, empty: ReportAccumulator, partition: Partition
) -> ReportAccumulator:
    # A copy: in this process, the same empty accumulator serves every partition.
    with _under(rules):
        return copy.deepcopy(empty).add_all(partition.records())


def _count_tables(
    rules: limits.Limits, empty: ReportAccumulator, size: int, partition: Partition
) -> list[ReportCounts]:
    from ..columnar import report_counts
    from ..columnar._lines import checked_parts

    with _under(rules), partition.located():
        return [
            report_counts(tables, empty)
            for tables in checked_parts(
                partition.checked_lines(), size, documents=False
            )
        ]
