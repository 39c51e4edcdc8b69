"""The report's metric set from the columnar tables, with polars.

`columnar_summaries` works out from flat tables (the events and what their documents
hold, one table per kind of row) what the process would work out by replaying each
record, and counts the figures over the whole cohort in one lazy query plan, which
polars runs on every core. It returns the summaries the accumulators of
`sensupport.metrics` return, built from the same tallies: the same counts, histograms
and exact fractions, the same coverage. So a part of a cohort counted here merges
with a part counted record by record, and the whole equals the record-by-record
figures exactly.

The tables (``pupil_id`` and ``seq``, the event's place in its record from 0, key
every row; a plan, target, provision, review, outcome or rating carries the ``seq``
of the event that holds it):

- ``pupils``: ``pupil_id``, one row a record;
- ``events``: ``event`` (the event's type name), ``occurred_on``, ``outcome`` (an
  assessment's outcome or the authority's decision), ``decision`` (a review's),
  ``provision`` and ``provision_started_on`` (SEN history);
- ``needs``: ``rank``, ``need_type``, ``area``;
- ``plans``: ``agreed_on`` (null for a plan known only by its review date),
  ``review_due_on``;
- ``targets``: ``target_id``, ``area``, ``set_on``, ``due_on``;
- ``provisions``: ``provision_id``, ``name``, ``starts_on``, ``ends_on``,
  ``sessions_per_week``, ``minutes_per_session``, ``scale``, ``entry_value``,
  ``entry_on``, ``exit_value``, ``exit_on``;
- ``reviews``: ``held_on``;
- ``outcomes``: ``target_id``, ``attainment``, ``achieved_on``;
- ``ratings``: ``provision_id``, ``effectiveness``.

Dates are `polars.Date`, a missing value is null; other columns are ignored.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from typing import NamedTuple

try:
    import polars as pl
except ImportError as error:  # pragma: no cover - polars is an optional extra
    raise ImportError(
        "the columnar metrics need polars: pip install 'sensupport[columnar]' "
        "(or install polars)"
    ) from error

from ..calendar import Cadence, CadenceKind
from ..metrics import (
    Coverage,
    Grouped,
    OverdueReview,
    OverdueReviews,
    ProvisionImpact,
    ReviewFrequency,
    TargetAttainment,
    Timeliness,
    counted_period,
)
from ..metrics._core import Tally
from ._attainment import _attainment, _attainment_tallies
from ._data_date import _latest, checked_latest
from ._derived import _Derived
from ._frequency import _due_offsets, _frequency, _frequency_tally
from ._groups import GroupBy, _by_need, whole
from ._impact import _impact, _impact_tallies
from ._inputs import _typed, read_once, refuse_repeated_pupils
from ._overdue import _overdue
from ._tallies import _grouped
from ._timeliness import _timeliness, _timeliness_tallies

__all__ = ["ColumnarSummaries", "columnar_summaries", "store_summaries"]


class ColumnarSummaries(NamedTuple):
    """The report's metric set, in the order the benchmarks' ``summarise`` gives it.

    A tuple of the library's own summaries, so it equals, and merges with, the same
    figures counted record by record.
    """

    frequency: ReviewFrequency
    overdue: OverdueReviews
    attainment: Grouped[TargetAttainment]
    impact: Grouped[ProvisionImpact]
    timeliness: Timeliness

    def merge(
        self,
        other: tuple[
            ReviewFrequency,
            OverdueReviews,
            Grouped[TargetAttainment],
            Grouped[ProvisionImpact],
            Timeliness,
        ],
    ) -> ColumnarSummaries:
        """Both parts together, summary by summary; exact, in any order.

        Raises:
            ValueError: The parts counted different periods or dates.
        """
        frequency, overdue, attainment, impact, timing = other
        return ColumnarSummaries(
            self.frequency.merge(frequency),
            self.overdue.merge(overdue),
            self.attainment.merge(attainment),
            self.impact.merge(impact),
            self.timeliness.merge(timing),
        )


def columnar_summaries(
    tables: Mapping[str, pl.LazyFrame | pl.DataFrame],
    *,
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
    data_date: dt.date | None,
    cadence: Cadence | None,
    by: GroupBy = "area_of_need",
) -> ColumnarSummaries:
    """The report's metric set over the columnar tables: the summaries the library's
    accumulators give for the same records, exactly.

    Review frequency (against ``cadence``), review timeliness and the EHC clocks,
    target attainment split ``by`` the area of need (or the primary need's type),
    and provision impact by provision name, over [start, end) counted to the end of
    the data date at most; and the reviews overdue at the end of ``as_of`` (at most
    the data date), one for each pupil overdue. The overdue reviews carry the
    period's coverage, as the report's metric set gives them, so that they merge with
    its other parts.

    Args:
        tables: The tables, lazy or not, by name (see the module's text).
        start: First day of the period.
        end: The day after the period.
        as_of: The date the overdue reviews are counted at.
        data_date: The last day the data knows (the extract date); None for the
            latest event in the tables.
        cadence: The cadence pupils should be reviewed at, every N weeks or N times
            a year; None to count no cadence.
        by: What target attainment is split by: ``"area_of_need"`` or
            ``"need_type"``.

    Raises:
        ValueError: A table is missing; ``by`` is not a split the tables give; or the
            cadence is termly or half-termly (it needs a school calendar).
        ValidationError: The period is empty or starts after ``data_date``, a
            record has an event after it (``data_date.before_event``), or a pupil
            has two records (``tables.repeated_pupil``).
    """
    if by not in ("area_of_need", "need_type"):
        raise ValueError(f"cannot split target attainment by {by!r} from the tables")
    if cadence is not None and cadence.kind not in (
        CadenceKind.PER_YEAR,
        CadenceKind.EVERY_WEEKS,
    ):
        _due_offsets(cadence, 0)  # raises: a calendar is needed
    period, asked = counted_period(start, end, data_date)
    typed = read_once(_typed(tables))
    refuse_repeated_pupils(typed["pupils"])
    overdue_on = as_of if data_date is None else min(as_of, data_date)
    d = _Derived(typed, period, overdue_on)
    plans: dict[str, pl.LazyFrame] = {
        "records": typed["pupils"].select(pl.len()),
        "latest": _latest(d),
        **_frequency(d, cadence),
        **_overdue(d),
        **_attainment(d, _by_need(by), "attainment"),
        **_impact(d),
        **_timeliness(d, whole, "timeliness"),
    }
    r = dict(zip(plans, pl.collect_all(list(plans.values())), strict=True))

    records = int(r["records"].item())
    latest = checked_latest(r["latest"], data_date)
    known = (data_date or latest) if records else None
    coverage = Coverage(records=records, data_date=known, period=period, asked=asked)

    frequency = _frequency_tally(r)

    overdue = OverdueReviews(
        items=tuple(
            sorted(
                OverdueReview(due_on=due_on, pupil_id=pupil_id, days_overdue=int(days))
                for pupil_id, due_on, days in r["overdue"].iter_rows()
            )
        ),
        coverage=coverage,
    )

    attainment = _attainment_tallies(r, "attainment")
    timing = _timeliness_tallies(r, "timeliness").get(None, Tally())

    return ColumnarSummaries(
        ReviewFrequency.from_tally(frequency, coverage),
        overdue,
        _grouped(TargetAttainment, by, attainment, coverage),
        _grouped(ProvisionImpact, "provision", _impact_tallies(r), coverage),
        Timeliness.from_tally(timing, coverage),
    )


def store_summaries(
    directory: str | os.PathLike[str],
    *,
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
    data_date: dt.date | None,
    cadence: Cadence | None,
    by: GroupBy = "area_of_need",
) -> ColumnarSummaries:
    """`columnar_summaries` of a store, counted part by part and merged: the same
    summaries as over the whole, in the memory of one part at a time.

    Raises:
        As `columnar_summaries` and `scan_store_parts`.
    """
    from ._store import scan_store_parts

    found: ColumnarSummaries | None = None
    for tables in scan_store_parts(directory):
        part = columnar_summaries(
            tables,
            start=start,
            end=end,
            as_of=as_of,
            data_date=data_date,
            cadence=cadence,
            by=by,
        )
        found = part if found is None else found.merge(part)
    assert found is not None  # a store has one part at least
    return found
