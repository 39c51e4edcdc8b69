"""The polars baseline: the pandas baseline's computation with polars' lazy API, from
the same CSV tables of an MIS export (written by ``cohort.py``).

Every table is scanned lazily; the derived columns (census provision changes and the
periods on SEN support, when each record closed, each review's plan, the stage on the
as-of date, the needs register in force when a target was set, the reviews the
cadence asks for) are lazy frames, and the five figure sets are one query plan,
collected once (`polars.collect_all`), so that polars can share and parallelise the
common parts. ``pandas_baseline.py`` says how each is worked out; the rules are the
same here.

The period, as-of date, data date and cadence come from ``figures.py``. Run on its
own: ``python benchmarks/polars_baseline.py OUT/csv --parts 2 [--as-of D]
[--data-date D]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
from fractions import Fraction
from pathlib import Path
from typing import Any

import polars as pl

from figures import AS_OF, CADENCE, DATA_DATE, counted
from sensupport.calendar import Cadence, CadenceKind

DATES = {
    "pupils": [],
    "events": ["occurred_on", "provision_started_on"],
    "earlier_provision": ["started_on"],
    "needs": ["identified_on"],
    "plans": ["agreed_on", "review_due_on"],
    "targets": ["set_on", "due_on"],
    "provisions": ["starts_on", "ends_on", "entry_on", "exit_on"],
    "reviews": ["held_on", "next_review_due_on"],
    "outcomes": ["achieved_on"],
    "ratings": [],
}
STRINGS = {
    "pupil_id",
    "year_group",
    "event",
    "outcome",
    "decision",
    "reason",
    "provision",
    "need_type",
    "area",
    "target_id",
    "provision_id",
    "name",
    "scale",
    "attainment",
    "effectiveness",
}
FLOATS = {"entry_value", "exit_value", "sessions_per_week", "minutes_per_session"}
KEY = ["pupil_id", "seq"]
DAY = pl.duration(days=1)


def scan(csv_dir: Path, parts: list[int]) -> dict[str, pl.LazyFrame]:
    tables = {}
    for name, dates in DATES.items():
        schema: dict[str, Any] = {
            **dict.fromkeys(STRINGS, pl.String),
            **dict.fromkeys(FLOATS, pl.Float64),
            **dict.fromkeys(dates, pl.Date),
            "seq": pl.Int64,
        }
        frames = []
        for part in parts:
            path = csv_dir / f"{name}-{part:03d}.csv"
            with path.open(encoding="utf-8") as f:
                header = f.readline().strip().split(",")
            frames.append(
                pl.scan_csv(
                    path,
                    schema_overrides={c: t for c, t in schema.items() if c in header},
                )
            )
        tables[name] = pl.concat(frames)
    return tables


def _days(later: pl.Expr, earlier: pl.Expr) -> pl.Expr:
    return (later - earlier).dt.total_days()


def _histogram(frame: pl.DataFrame) -> dict[int, int]:
    return {int(k): int(v) for k, v in frame.sort("days").iter_rows()}


def _hist(frame: pl.LazyFrame, days: pl.Expr) -> pl.LazyFrame:
    return frame.select(days.alias("days")).drop_nulls().group_by("days").len()


def _due_offsets(cadence: Cadence, longest: int) -> pl.LazyFrame:
    """Days from the start of support, less one, on which reviews fall due, each with
    how many have fallen due by then."""
    if cadence.kind is CadenceKind.PER_YEAR:
        step = 365.25 / cadence.every
    elif cadence.kind is CadenceKind.EVERY_WEEKS:
        step = 7 * cadence.every
    else:
        raise ValueError(f"a {cadence} cadence needs a school calendar")
    n = range(1, int(longest / step) + 3)
    return pl.LazyFrame(
        {"offset": [math.floor(k * step) - 1 for k in n], "due": list(n)},
        schema={"offset": pl.Int64, "due": pl.Int64},
    )


class Derived:
    """What the process would work out from the events, as lazy frames."""

    def __init__(
        self, t: dict[str, pl.LazyFrame], *, as_of: dt.date, data_date: dt.date
    ) -> None:
        self.S, self.E, self.A = counted(as_of, data_date)
        self.t = t
        events = t["events"].sort(KEY)
        self.events = events
        kind = pl.col("event")
        self.opened = events.filter(pl.col("seq") == 0).select(
            "pupil_id", opened="occurred_on", opening="event"
        )
        self.ends = (
            ((kind == "AssessmentCompleted") & (pl.col("outcome") == "not_sen"))
            | ((kind == "ReviewHeld") & (pl.col("decision") == "end_support"))
            | (kind == "SupportEnded")
        )
        history = kind == "SENHistoryReceived"
        history_ehc = history & (pl.col("provision") == "E")
        self.ended_on = (
            events.filter(self.ends | (kind == "EHCPlanIssued") | history_ehc)
            .group_by("pupil_id")
            .agg(
                ended_on=pl.when(history_ehc)
                .then(pl.col("provision_started_on"))
                .otherwise(pl.col("occurred_on"))
                .min()
            )
        )

        changes = pl.concat(
            [
                t["earlier_provision"]
                .with_row_index("sub")
                .select(
                    "pupil_id",
                    "seq",
                    pl.col("sub").cast(pl.Int64),
                    on="started_on",
                    code="provision",
                ),
                events.filter(history).select(
                    "pupil_id",
                    "seq",
                    sub=pl.lit(2**62, pl.Int64),
                    on="provision_started_on",
                    code="provision",
                ),
                self._coded(
                    events,
                    (kind == "AssessmentCompleted")
                    & (pl.col("outcome") == "sen_support"),
                    "K",
                ),
                self._coded(events, self.ends, "N"),
                self._coded(events, kind == "EHCPlanIssued", "E"),
            ]
        ).sort(["pupil_id", "seq", "sub"])
        before = pl.col("code").shift(1).over("pupil_id").fill_null("N")
        self.support = (
            changes.filter(pl.col("code") != before)
            .with_columns(b=pl.col("on").shift(-1).over("pupil_id"))
            .filter(pl.col("code") == "K")
            .select("pupil_id", a="on", b="b")
        )

        plans = t["plans"].rename({"seq": "plan_seq"})
        self.reviews = (
            t["reviews"]
            .rename({"seq": "review_seq"})
            .sort("review_seq")
            .join_asof(
                plans.select("pupil_id", "plan_seq").sort("plan_seq"),
                left_on="review_seq",
                right_on="plan_seq",
                by="pupil_id",
                check_sortedness=False,  # sorted on the key, so in each group
                strategy="backward",
                allow_exact_matches=False,
            )
        )
        self.cycles = plans.join(
            self.reviews.select("pupil_id", "plan_seq", "review_seq", "held_on"),
            on=["pupil_id", "plan_seq"],
            how="left",
        ).sort(["pupil_id", "plan_seq"])

    @staticmethod
    def _coded(events: pl.LazyFrame, where: pl.Expr, code: str) -> pl.LazyFrame:
        return events.filter(where).select(
            "pupil_id",
            "seq",
            sub=pl.lit(0, pl.Int64),
            on="occurred_on",
            code=pl.lit(code),
        )

    def in_period(self, column: str | pl.Expr) -> pl.Expr:
        date = pl.col(column) if isinstance(column, str) else column
        return (date >= self.S) & (date < self.E)

    def primary_areas(self) -> pl.LazyFrame:
        """Each change of the needs register, with its primary need's broad area."""
        events = self.events
        primary = self.t["needs"].filter(pl.col("rank") == 1).select(*KEY, "area")
        history = events.filter(pl.col("event") == "SENHistoryReceived").select(
            *KEY, area=pl.lit(None, pl.String)
        )
        return (
            pl.concat([primary, history])
            .unique(KEY, keep="first", maintain_order=True)
            .join(events.select(*KEY, "occurred_on"), on=KEY)
            .sort(KEY)
            .unique(["pupil_id", "occurred_on"], keep="last", maintain_order=True)
            .select("pupil_id", "occurred_on", register_area="area")
            .sort("occurred_on")
        )


def frequency(d: Derived, cadence: Cadence) -> dict[str, pl.LazyFrame]:
    cycles = d.cycles.with_columns(
        previous=pl.coalesce(
            pl.col("held_on").shift(1).forward_fill().over("pupil_id"),
            pl.col("agreed_on").cum_min().forward_fill().over("pupil_id"),
        )
    )
    reviewed = cycles.filter(pl.col("held_on").is_not_null() & d.in_period("held_on"))
    windows = (
        d.support.join(d.opened, on="pupil_id")
        .select(
            "pupil_id",
            a=pl.max_horizontal("a", "opened", pl.lit(d.S)),
            b=pl.min_horizontal(pl.col("b").fill_null(d.E), pl.lit(d.E)),
        )
        .filter(pl.col("b") > pl.col("a"))
        .with_columns(length=_days(pl.col("b"), pl.col("a")))
    )
    due = (
        windows.sort("length")
        .join_asof(
            _due_offsets(cadence, (d.E - d.S).days),
            left_on="length",
            right_on="offset",
            strategy="backward",
            allow_exact_matches=False,
        )
        .group_by("pupil_id")
        .agg(pl.col("due").fill_null(0).sum(), pl.col("length").sum())
    )
    held = (
        d.reviews.select("pupil_id", "held_on")
        .join(windows, on="pupil_id")
        .filter((pl.col("held_on") >= pl.col("a")) & (pl.col("held_on") < pl.col("b")))
        .group_by("pupil_id")
        .len("held")
    )
    pupils = (
        due.join(held, on="pupil_id", how="left")
        .with_columns(pl.col("held").fill_null(0))
        .select(
            pupils=pl.len(),
            support_days=pl.col("length").sum(),
            pupils_with_cadence_due=(pl.col("due") > 0).sum(),
            pupils_meeting_cadence=(
                (pl.col("due") > 0) & (pl.col("held") >= pl.col("due"))
            ).sum(),
            pupils_with_nothing_due=(pl.col("due") == 0).sum(),
        )
    )
    return {
        "frequency_reviews": reviewed.select(reviews=pl.len()),
        "frequency_pupils": pupils,
        "frequency_intervals": _hist(
            reviewed, _days(pl.col("held_on"), pl.col("previous"))
        ),
    }


def overdue(d: Derived) -> dict[str, pl.LazyFrame]:
    # In "do" on the as-of date: the last event by then that moves the record agreed
    # a plan, or opened it from history with a plan in force.
    last = (
        d.events.filter(
            (pl.col("occurred_on") <= d.A)
            & ~pl.col("event").is_in(["ParentMeetingHeld", "SpecialistAdviceReceived"])
        )
        .filter(pl.col("seq") == pl.col("seq").max().over("pupil_id"))
        .filter(pl.col("event").is_in(["PlanAgreed", "SENHistoryReceived"]))
    )
    days = (
        last.select(KEY)
        .join(d.t["plans"], on=KEY)
        .filter(pl.col("review_due_on") < d.A)
        .select(days=_days(pl.lit(d.A), pl.col("review_due_on")))
    )
    return {
        "overdue": days.select(
            count=pl.len(),
            days_total=pl.col("days").sum(),
            days_max=pl.col("days").max(),
        )
    }


def attainment(d: Derived) -> dict[str, pl.LazyFrame]:
    targets = (
        d.t["targets"]
        .rename({"seq": "plan_seq"})
        .join(
            d.cycles.filter(pl.col("agreed_on").is_not_null()),
            on=["pupil_id", "plan_seq"],
        )
        .join(
            d.t["outcomes"].rename({"seq": "review_seq"}),
            on=["pupil_id", "review_seq", "target_id"],
            how="left",
        )
        .join(d.ended_on, on="pupil_id", how="left")
        .with_columns(
            reviewed=pl.col("held_on").is_not_null() & d.in_period("held_on"),
            past_due=~(pl.col("held_on") < d.E).fill_null(False)
            & (pl.col("due_on") < d.E)
            & (pl.col("agreed_on") < d.E)
            & ~(pl.col("ended_on") <= pl.col("due_on")).fill_null(False),
        )
        .filter(pl.col("reviewed") | pl.col("past_due"))
        # A target's own area, else the primary need's in the register when it was
        # set.
        .sort("set_on")
        .join_asof(
            d.primary_areas(),
            left_on="set_on",
            right_on="occurred_on",
            by="pupil_id",
            check_sortedness=False,  # sorted on the key, so in each group
            strategy="backward",
        )
        .with_columns(group=pl.coalesce("area", "register_area", pl.lit("none")))
    )
    done_on = pl.coalesce("achieved_on", "held_on")
    met = pl.col("attainment").is_in(["met", "exceeded"])
    reviewed = pl.col("reviewed")
    return {
        "attainment": targets.group_by("group").agg(
            not_met=(reviewed & (pl.col("attainment") == "not_met")).sum(),
            partly_met=(reviewed & (pl.col("attainment") == "partly_met")).sum(),
            met=(reviewed & (pl.col("attainment") == "met")).sum(),
            exceeded=(reviewed & (pl.col("attainment") == "exceeded")).sum(),
            met_in_time=(reviewed & met & (done_on <= pl.col("due_on"))).sum(),
            past_due_without_outcome=pl.col("past_due").sum(),
        )
    }


def impact(d: Derived) -> dict[str, pl.LazyFrame]:
    p = (
        d.t["provisions"]
        .rename({"seq": "plan_seq"})
        .join(
            d.cycles.select("pupil_id", "plan_seq", "held_on"),
            on=["pupil_id", "plan_seq"],
        )
        .join(d.ended_on, on="pupil_id", how="left")
    )
    # In place from its start to the day after its planned end, the plan's review or
    # the record's closing, whichever is first, inside the period.
    placed = (
        p.with_columns(
            end=pl.min_horizontal(
                pl.lit(d.E), pl.col("ends_on") + DAY, "held_on", "ended_on"
            ),
            start=pl.max_horizontal("starts_on", pl.lit(d.S)),
        )
        .filter(pl.col("start") < pl.col("end"))
        .with_columns(days=_days(pl.col("end"), pl.col("start")))
    )
    timed = (pl.col("sessions_per_week") > 0) & (pl.col("minutes_per_session") > 0)
    sessions = ((pl.col("days") + 6) // 7) * pl.col("sessions_per_week")
    in_place = placed.group_by("name").agg(
        pupils=pl.col("pupil_id").n_unique(),
        sessions=sessions.filter(timed).sum(),
        minutes=(sessions * pl.col("minutes_per_session")).filter(timed).sum(),
    )
    measured = p.filter(
        pl.col("entry_value").is_not_null()
        & pl.col("exit_value").is_not_null()
        & d.in_period("exit_on")
    )
    whole = (pl.col("entry_value").floor() == pl.col("entry_value")) & (
        pl.col("exit_value").floor() == pl.col("exit_value")
    )
    gains = measured.group_by("name", "scale").agg(
        n=pl.len(),
        gain=(pl.col("exit_value") - pl.col("entry_value")).sum(),
        whole=whole.all(),
        elapsed=_days(pl.col("exit_on"), pl.col("entry_on")).sum(),
    )
    ratings = (
        d.t["ratings"]
        .rename({"seq": "review_seq"})
        .join(
            d.reviews.select("pupil_id", "review_seq", "plan_seq", "held_on"),
            on=["pupil_id", "review_seq"],
        )
        .filter(d.in_period("held_on"))
        .join(
            d.t["provisions"].select(
                "pupil_id", plan_seq="seq", provision_id="provision_id", name="name"
            ),
            on=["pupil_id", "plan_seq", "provision_id"],
        )
        .group_by("name", "effectiveness")
        .len()
    )
    return {
        "impact_names": p.select(pl.col("name").unique()),
        "impact_in_place": in_place,
        "impact_gains": gains,
        "impact_ratings": ratings,
        "impact_measured": measured.select(
            "name", "scale", "entry_value", "exit_value"
        ),
    }


def timeliness(d: Derived) -> dict[str, pl.LazyFrame]:
    events = d.events.join(d.opened, on="pupil_id")
    kind = pl.col("event")
    # Records opened by a concern: concern to the first decision, and the first
    # decision for SEN support to the first plan.
    from_concern = events.filter(pl.col("opening") == "ConcernRaised")
    assessed = from_concern.filter(kind == "AssessmentCompleted")

    def first(frame: pl.LazyFrame, name: str) -> pl.LazyFrame:
        return frame.group_by("pupil_id").agg(
            pl.col("occurred_on").sort_by("seq").first().alias(name),
            pl.col("opened").first(),
        )

    decided = first(
        assessed.filter(pl.col("outcome") != "specialist_advice_needed"), "decided"
    ).filter(d.in_period("decided"))
    support = first(assessed.filter(pl.col("outcome") == "sen_support"), "support")
    plan = first(from_concern.filter(kind == "PlanAgreed"), "plan").drop("opened")
    both = support.join(plan, on="pupil_id").filter(d.in_period("plan"))
    cycles = d.cycles.filter(
        pl.col("agreed_on").is_not_null()
        & pl.col("held_on").is_not_null()
        & d.in_period("held_on")
    )
    requests = (
        d.events.filter(kind == "EHCNeedsAssessmentRequested")
        .select("pupil_id", "seq", requested_on="occurred_on")
        .sort("seq")
    )

    def since_request(name: str) -> pl.LazyFrame:
        return (
            d.events.filter(kind == name)
            .sort("seq")
            .join_asof(
                requests,
                on="seq",
                by="pupil_id",
                check_sortedness=False,  # sorted on the key, so in each group
                strategy="backward",
                allow_exact_matches=False,
            )
            .filter(pl.col("requested_on").is_not_null() & d.in_period("occurred_on"))
            .select(days=_days(pl.col("occurred_on"), pl.col("requested_on")))
        )

    decisions = since_request("EHCNeedsAssessmentDecided")
    ehc_plans = since_request("EHCPlanIssued")
    return {
        "ehc_within": pl.concat(
            [
                decisions.select(decisions=(pl.col("days") <= 42).sum()),
                ehc_plans.select(plans=(pl.col("days") <= 140).sum()),
            ],
            how="horizontal",
        ),
        "concern_to_decision": _hist(
            decided, _days(pl.col("decided"), pl.col("opened"))
        ),
        "decision_to_plan": _hist(both, _days(pl.col("plan"), pl.col("support"))),
        "plan_to_review": _hist(cycles, _days(pl.col("held_on"), pl.col("agreed_on"))),
        "ehc_request_to_decision": _hist(decisions, pl.col("days")),
        "ehc_request_to_plan": _hist(ehc_plans, pl.col("days")),
    }


def _gain_sums(gains: pl.DataFrame, measured: pl.DataFrame) -> dict[Any, Fraction]:
    """Each group's sum of exit less entry, exactly as the library's fractions: in
    whole numbers where every measure is whole, else value by value as fractions."""
    exact = gains.filter(pl.col("whole") & (pl.col("gain").abs() < 2**52))
    sums = {
        (name, scale): Fraction(int(gain))
        for name, scale, gain in exact.select("name", "scale", "gain").iter_rows()
    }
    rest = measured.join(
        exact.select("name", "scale"), on=["name", "scale"], how="anti"
    )
    for name, scale, entry, exit_ in rest.iter_rows():
        key = (name, scale)
        sums[key] = sums.get(key, Fraction(0)) + Fraction(exit_) - Fraction(entry)
    return sums


def figures_from_csv(
    csv_dir: Path,
    parts: list[int],
    *,
    as_of: dt.date = AS_OF,
    data_date: dt.date = DATA_DATE,
    cadence: Cadence = CADENCE,
) -> dict[str, Any]:
    d = Derived(scan(csv_dir, parts), as_of=as_of, data_date=data_date)
    plans = {
        "latest": d.events.select(pl.col("occurred_on").max()),
        **frequency(d, cadence),
        **overdue(d),
        **attainment(d),
        **impact(d),
        **timeliness(d),
    }
    r = dict(zip(plans, pl.collect_all(list(plans.values())), strict=True))

    latest = r["latest"].item()
    if latest is not None and latest > data_date:
        raise ValueError(
            f"data date {data_date} is before an event on {latest}: the data date is "
            "the last day the data knows"
        )
    pupils = r["frequency_pupils"].row(0, named=True)
    late = r["overdue"].row(0, named=True)
    found: dict[str, Any] = {
        "frequency": {
            "reviews": r["frequency_reviews"].item(),
            **{k: int(v or 0) for k, v in pupils.items()},
            "intervals": _histogram(r["frequency_intervals"]),
        },
        "overdue": {
            "count": late["count"],
            "days_total": int(late["days_total"] or 0),
            "days_max": int(late["days_max"] or 0),
        },
        "attainment": {
            row.pop("group"): {k: int(v) for k, v in row.items()}
            for row in r["attainment"].sort("group").iter_rows(named=True)
        },
    }
    sums = _gain_sums(r["impact_gains"], r["impact_measured"])
    gains: dict[str, dict[str, list[Any]]] = {}
    for name, scale, n, _, _, elapsed in r["impact_gains"].iter_rows():
        gains.setdefault(name, {})[scale] = [n, str(sums[(name, scale)]), elapsed]
    in_place = {
        row.pop("name"): row for row in r["impact_in_place"].iter_rows(named=True)
    }
    rated = {(n, e): c for n, e, c in r["impact_ratings"].iter_rows()}
    found["impact"] = {
        name: {
            "pupils": int(in_place.get(name, {}).get("pupils", 0)),
            "sessions": int(in_place.get(name, {}).get("sessions", 0)),
            "minutes": int(in_place.get(name, {}).get("minutes", 0)),
            **{
                f"rated_{e}": int(rated.get((name, e), 0))
                for e in ("no_change", "some_impact", "effective")
            },
            "gains": gains.get(name, {}),
        }
        for name in sorted(r["impact_names"]["name"])
    }
    within = r["ehc_within"].row(0, named=True)
    found["timeliness"] = {
        "ehc_decisions_within_6_weeks": int(within["decisions"] or 0),
        "ehc_plans_within_20_weeks": int(within["plans"] or 0),
        **{
            name: _histogram(r[name])
            for name in (
                "concern_to_decision",
                "decision_to_plan",
                "plan_to_review",
                "ehc_request_to_decision",
                "ehc_request_to_plan",
            )
        },
    }
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("csv_dir", type=Path)
    parser.add_argument("--parts", type=int, default=1)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=AS_OF)
    parser.add_argument("--data-date", type=dt.date.fromisoformat, default=DATA_DATE)
    args = parser.parse_args()
    found = figures_from_csv(
        args.csv_dir,
        list(range(args.parts)),
        as_of=args.as_of,
        data_date=args.data_date,
    )
    print(json.dumps(found))


if __name__ == "__main__":
    main()
