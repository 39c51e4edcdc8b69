"""The pandas baseline: an analyst's script for the report's metric set, from the flat
CSV tables of an MIS export (written by ``cohort.py`` from the same records).

The tables hold the events of each record and what each event's document says, and
nothing worked out from them (see ``cohort.TABLES``). The script reads every table
whole, as an analyst would, and works out, with joins, group-bys and as-of merges
over whole columns:

- each pupil's census provision changes, and from them the periods on SEN support;
- the date each record closed;
- each review's plan: the latest plan before it in the record (a review does not
  name its plan, and the process reviews only the plan in force);
- the stage on the as-of date, for overdue reviews: a plan is in force when the last
  event by then that moves the record agreed it (or received it as SEN history);
- the needs register in force on a date: the needs of the latest assessment,
  specialist advice or SEN history by then that named any;
- the reviews the cadence asks for, from the same `Cadence` as the library's.

The period, as-of date, data date and cadence come from ``figures.py``. Run on its
own: ``python benchmarks/pandas_baseline.py OUT/csv --parts 2 [--as-of D]
[--data-date D]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

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
DAY = pd.Timedelta(days=1)


def read(csv_dir: Path, parts: list[int]) -> dict[str, pd.DataFrame]:
    tables = {}
    for name, dates in DATES.items():
        frame = pd.concat(
            [
                pd.read_csv(
                    csv_dir / f"{name}-{part:03d}.csv",
                    engine="pyarrow",
                    dtype={
                        **dict.fromkeys(STRINGS, "string"),
                        **dict.fromkeys(FLOATS, "float64"),
                        **dict.fromkeys(dates, "string"),
                    },
                )
                for part in parts
            ],
            ignore_index=True,
        )
        for column in dates:
            frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d")
        tables[name] = frame
    return tables


def _days(later: pd.Series, earlier: pd.Series) -> pd.Series:
    return (later - earlier).dt.days


def _histogram(days: pd.Series) -> dict[int, int]:
    return {int(k): int(v) for k, v in days.value_counts().sort_index().items()}


class Derived:
    """What the process would work out from the events, as columns."""

    def __init__(
        self, t: dict[str, pd.DataFrame], *, as_of: dt.date, data_date: dt.date
    ) -> None:
        start, end, as_of = counted(as_of, data_date)
        self.S, self.E, self.A = pd.Timestamp(start), pd.Timestamp(end), as_of
        self.t = t
        events = t["events"].sort_values(KEY, ignore_index=True)
        latest = events["occurred_on"].max()
        if latest > pd.Timestamp(data_date):
            raise ValueError(
                f"data date {data_date} is before an event on {latest.date()}: the "
                "data date is the last day the data knows"
            )
        self.events = events
        kind = events["event"]
        # The record opens with its first event.
        first = events[events["seq"] == 0].set_index("pupil_id")
        self.opened = first["occurred_on"]
        self.opening = first["event"]
        # It closes at an event that ends support or issues an EHC plan; history of an
        # EHC plan in place opens it closed, on the day the plan began.
        ends = (
            ((kind == "AssessmentCompleted") & (events["outcome"] == "not_sen"))
            | ((kind == "ReviewHeld") & (events["decision"] == "end_support"))
            | (kind == "SupportEnded")
        )
        ehc = kind == "EHCPlanIssued"
        history = kind == "SENHistoryReceived"
        history_ehc = history & (events["provision"] == "E")
        closing = events[ends | ehc | history_ehc]
        closed_on = closing["occurred_on"].where(
            ~history_ehc[closing.index], closing["provision_started_on"]
        )
        self.ended_on = closed_on.groupby(closing["pupil_id"]).min()

        # Census provision changes, in the order the events make them.
        earlier = t["earlier_provision"]
        changes = pd.concat(
            [
                pd.DataFrame(
                    {
                        "pupil_id": earlier["pupil_id"],
                        "seq": earlier["seq"],
                        "sub": np.arange(len(earlier)),
                        "on": earlier["started_on"],
                        "code": earlier["provision"],
                    }
                ),
                pd.DataFrame(
                    {
                        "pupil_id": events["pupil_id"][history],
                        "seq": events["seq"][history],
                        "sub": len(earlier),
                        "on": events["provision_started_on"][history],
                        "code": events["provision"][history],
                    }
                ),
                self._coded(
                    events,
                    (kind == "AssessmentCompleted")
                    & (events["outcome"] == "sen_support"),
                    "K",
                ),
                self._coded(events, ends, "N"),
                self._coded(events, ehc, "E"),
            ],
            ignore_index=True,
        ).sort_values(["pupil_id", "seq", "sub"], ignore_index=True)
        # A change to the code already in place changes nothing; nothing is in place
        # before the first change, and an ending then changes nothing either.
        before = changes.groupby("pupil_id")["code"].shift(1).fillna("N")
        changes = changes[changes["code"] != before]
        until = changes.groupby("pupil_id")["on"].shift(-1)
        on_k = changes["code"] == "K"
        self.support = pd.DataFrame(
            {
                "pupil_id": changes["pupil_id"][on_k],
                "a": changes["on"][on_k],
                "b": until[on_k],  # NaT: still on support
            }
        )

        # Cycles: each plan, paired with the review after it, if any.
        plans = t["plans"].sort_values(KEY, ignore_index=True)
        reviews = t["reviews"].sort_values("seq")
        paired = pd.merge_asof(
            reviews,
            plans[KEY].rename(columns={"seq": "plan_seq"}).sort_values("plan_seq"),
            left_on="seq",
            right_on="plan_seq",
            by="pupil_id",
            allow_exact_matches=False,
        )
        self.reviews = paired.rename(columns={"seq": "review_seq"})
        self.cycles = plans.rename(columns={"seq": "plan_seq"}).merge(
            self.reviews[["pupil_id", "plan_seq", "review_seq", "held_on"]],
            on=["pupil_id", "plan_seq"],
            how="left",
        )

    @staticmethod
    def _coded(events: pd.DataFrame, where: pd.Series, code: str) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "pupil_id": events["pupil_id"][where],
                "seq": events["seq"][where],
                "sub": 0,
                "on": events["occurred_on"][where],
                "code": code,
            }
        )

    def in_period(self, dates: pd.Series) -> pd.Series:
        return (dates >= self.S) & (dates < self.E)

    def primary_area_on(self, asked: pd.DataFrame, date: str) -> pd.Series:
        """The broad area of the primary need in the register at the end of each
        row's ``date``; "none" with no register or a need of no broad area."""
        if asked.empty:
            return pd.Series("none", index=asked.index, dtype="string")
        events = self.events
        history = events[events["event"] == "SENHistoryReceived"][KEY]
        needs = self.t["needs"]
        primary = needs[needs["rank"] == 1][[*KEY, "area"]]
        # History replaces the register whatever it holds; an assessment or advice
        # only when it names needs (then it names a primary one).
        setting = pd.concat([primary, history]).drop_duplicates(KEY)
        setting = setting.merge(events[[*KEY, "occurred_on"]], on=KEY)
        # Several on one day: the last in the record stands at the end of the day.
        setting = setting.sort_values(KEY).drop_duplicates(
            ["pupil_id", "occurred_on"], keep="last"
        )
        found = pd.merge_asof(
            asked[["pupil_id", date]].reset_index().sort_values(date),
            setting[["pupil_id", "occurred_on", "area"]].sort_values("occurred_on"),
            left_on=date,
            right_on="occurred_on",
            by="pupil_id",
        ).set_index("index")["area"]
        return found.reindex(asked.index).fillna("none")


def _due_offsets(cadence: Cadence, longest: int) -> np.ndarray:
    """Days from the start of support, less one, on which reviews fall due."""
    if cadence.kind is CadenceKind.PER_YEAR:
        step = 365.25 / cadence.every
    elif cadence.kind is CadenceKind.EVERY_WEEKS:
        step = 7 * cadence.every
    else:
        raise ValueError(f"a {cadence} cadence needs a school calendar")
    n = np.arange(1, int(longest / step) + 3)
    offsets: np.ndarray = (np.floor(n * step) - 1).astype(np.int64)
    return offsets


def frequency(d: Derived, cadence: Cadence) -> dict[str, Any]:
    cycles = d.cycles
    # Each review's interval runs from the record's previous review, or for its first
    # review from its first plan's agreement.
    by_pupil = cycles.groupby("pupil_id")
    earlier_review = by_pupil["held_on"].shift(1)
    earlier_review = earlier_review.groupby(cycles["pupil_id"]).ffill()
    first_plan = by_pupil["agreed_on"].cummin()
    previous = earlier_review.fillna(first_plan)
    reviewed = cycles["held_on"].notna() & d.in_period(cycles["held_on"])
    intervals = _days(cycles["held_on"], previous)[reviewed].dropna()

    # Time on support in the period, from the day the record opened.
    support = d.support
    a = support["a"].clip(lower=support["pupil_id"].map(d.opened))
    windows = pd.DataFrame(
        {
            "pupil_id": support["pupil_id"],
            "a": a.clip(lower=d.S),
            "b": support["b"].fillna(d.E).clip(upper=d.E),
        }
    )
    windows = windows[windows["b"] > windows["a"]]
    length = _days(windows["b"], windows["a"])
    offsets = _due_offsets(cadence, int(length.max()) if len(length) else 0)
    due = pd.Series(
        np.searchsorted(offsets, length.to_numpy(), side="left"), index=windows.index
    )
    due_by_pupil = due.groupby(windows["pupil_id"]).sum()
    held = d.reviews[["pupil_id", "held_on"]].merge(windows, on="pupil_id")
    held = held[(held["held_on"] >= held["a"]) & (held["held_on"] < held["b"])]
    held_by_pupil = held.groupby("pupil_id").size()
    held_by_pupil = held_by_pupil.reindex(due_by_pupil.index, fill_value=0)
    # Pupils with no review due in the period are left out of the cadence share.
    some_due = due_by_pupil > 0
    return {
        "reviews": int(reviewed.sum()),
        "pupils": int(windows["pupil_id"].nunique()),
        "support_days": int(length.sum()),
        "pupils_with_cadence_due": int(some_due.sum()),
        "pupils_meeting_cadence": int(
            (some_due & (held_by_pupil >= due_by_pupil)).sum()
        ),
        "pupils_with_nothing_due": int((~some_due).sum()),
        "intervals": _histogram(intervals),
    }


def overdue(d: Derived) -> dict[str, Any]:
    # The record is in "do" on the as-of date when the last event by then that moves
    # it agreed a plan, or opened it from history with a plan in force (K); advice and
    # parent meetings leave the stage as it was. That plan is not yet reviewed.
    events = d.events
    moves = events[
        (events["occurred_on"] <= pd.Timestamp(d.A))
        & ~events["event"].isin(["ParentMeetingHeld", "SpecialistAdviceReceived"])
    ]
    last = moves.drop_duplicates("pupil_id", keep="last")
    in_do = last[last["event"].isin(["PlanAgreed", "SENHistoryReceived"])]
    plans = in_do[KEY].merge(d.t["plans"], on=KEY)  # history without a plan drops
    due = plans["review_due_on"]
    late = due[due < pd.Timestamp(d.A)]
    days = _days(pd.Series(pd.Timestamp(d.A), index=late.index), late)
    return {
        "count": len(days),
        "days_total": int(days.sum()),
        "days_max": int(days.max()) if len(days) else 0,
    }


def attainment(d: Derived) -> dict[str, Any]:
    cycles = d.cycles[d.cycles["agreed_on"].notna()]
    targets = (
        d.t["targets"]
        .rename(columns={"seq": "plan_seq"})
        .merge(cycles, on=["pupil_id", "plan_seq"])
        .merge(
            d.t["outcomes"].rename(columns={"seq": "review_seq"}),
            on=["pupil_id", "review_seq", "target_id"],
            how="left",
        )
    )
    targets["ended_on"] = targets["pupil_id"].map(d.ended_on)
    reviewed = targets["held_on"].notna() & d.in_period(targets["held_on"])
    past_due = (
        ~(targets["held_on"] < d.E)
        & (targets["due_on"] < d.E)
        & (targets["agreed_on"] < d.E)
        & ~(targets["ended_on"] <= targets["due_on"])
    )
    targets = targets[reviewed | past_due]
    reviewed, past_due = reviewed[targets.index], past_due[targets.index]
    # A target's own area, else the primary need's in the register when it was set.
    area = targets["area"].copy()
    no_area = area.isna()
    area[no_area] = d.primary_area_on(targets[no_area], "set_on")
    targets = targets.assign(group=area)

    counted_ = targets[reviewed]
    done_on = counted_["achieved_on"].fillna(counted_["held_on"])
    met = counted_["attainment"].isin(["met", "exceeded"])
    counted_ = counted_.assign(in_time=met & (done_on <= counted_["due_on"]))
    counts = counted_.groupby(["group", "attainment"]).size()
    in_time = counted_.groupby("group")["in_time"].sum()
    past = targets[past_due].groupby("group").size()
    found: dict[str, Any] = {}
    for group in sorted(set(targets["group"])):
        found[group] = {
            name: int(counts.get((group, name), 0))
            for name in ("not_met", "partly_met", "met", "exceeded")
        }
        found[group]["met_in_time"] = int(in_time.get(group, 0))
        found[group]["past_due_without_outcome"] = int(past.get(group, 0))
    return found


def _exact_sums(frame: pd.DataFrame) -> dict[tuple[str, str], Fraction]:
    """Each group's sum of exit less entry, exactly as the library's fractions: in
    whole numbers where every measure of the group is whole, else value by value as
    fractions."""
    keys = [frame["name"], frame["scale"]]
    entry, exit_ = frame["entry_value"], frame["exit_value"]
    whole = ((entry == entry.round()) & (exit_ == exit_.round())).groupby(keys).all()
    sums = (exit_ - entry).groupby(keys).sum()
    exact = whole & (sums.abs() < 2**52)
    found = {key: Fraction(int(v)) for key, v in sums[exact].items()}
    rest = frame[~frame.set_index(["name", "scale"]).index.isin(exact[exact].index)]
    for name, scale, a, b in zip(
        rest["name"],
        rest["scale"],
        rest["entry_value"],
        rest["exit_value"],
        strict=True,
    ):
        key = (name, scale)
        found[key] = found.get(key, Fraction(0)) + Fraction(b) - Fraction(a)
    return found


def impact(d: Derived) -> dict[str, Any]:
    p = (
        d.t["provisions"]
        .rename(columns={"seq": "plan_seq"})
        .merge(
            d.cycles[["pupil_id", "plan_seq", "held_on"]], on=["pupil_id", "plan_seq"]
        )
    )
    ended_on = p["pupil_id"].map(d.ended_on)
    # In place from its start to the day after its planned end, the plan's review or
    # the record's closing, whichever is first, inside the period.
    end = pd.concat(
        [
            pd.Series(d.E, index=p.index),
            p["ends_on"] + DAY,
            p["held_on"],
            ended_on,
        ],
        axis=1,
    ).min(axis=1)
    start = p["starts_on"].clip(lower=d.S)
    placed = p[start < end].assign(days=_days(end, start)[start < end])
    pupils = placed[["pupil_id", "name"]].drop_duplicates().groupby("name").size()
    timed = placed[
        (placed["sessions_per_week"] > 0) & (placed["minutes_per_session"] > 0)
    ]
    sessions = ((timed["days"] + 6) // 7) * timed["sessions_per_week"]
    timed = timed.assign(
        sessions=sessions, minutes=sessions * timed["minutes_per_session"]
    )
    totals = timed.groupby("name")[["sessions", "minutes"]].sum()

    measured = p[
        p["entry_value"].notna() & p["exit_value"].notna() & d.in_period(p["exit_on"])
    ]
    elapsed = _days(measured["exit_on"], measured["entry_on"])
    stats = elapsed.groupby([measured["name"], measured["scale"]]).agg(["size", "sum"])
    gain_sums = _exact_sums(measured)

    ratings = (
        d.t["ratings"]
        .rename(columns={"seq": "review_seq"})
        .merge(d.reviews[["pupil_id", "review_seq", "plan_seq", "held_on"]])
    )
    ratings = ratings[d.in_period(ratings["held_on"])].merge(
        d.t["provisions"][["pupil_id", "seq", "provision_id", "name"]].rename(
            columns={"seq": "plan_seq"}
        ),
        on=["pupil_id", "plan_seq", "provision_id"],
    )
    rated = ratings.groupby(["name", "effectiveness"]).size()

    gains: dict[str, dict[str, list[Any]]] = {}
    for (name, scale), row in stats.iterrows():
        gains.setdefault(name, {})[scale] = [
            int(row["size"]),
            str(gain_sums[(name, scale)]),
            int(row["sum"]),
        ]
    found: dict[str, Any] = {}
    for name in sorted(p["name"].unique()):
        found[name] = {
            "pupils": int(pupils.get(name, 0)),
            "sessions": int(totals["sessions"].get(name, 0)),
            "minutes": int(totals["minutes"].get(name, 0)),
            **{
                f"rated_{e}": int(rated.get((name, e), 0))
                for e in ("no_change", "some_impact", "effective")
            },
            "gains": gains.get(name, {}),
        }
    return found


def timeliness(d: Derived) -> dict[str, Any]:
    events = d.events
    kind = events["event"]
    # Records opened by a concern (not from SEN history): concern to the first
    # decision, and the first decision for SEN support to the first plan.
    from_concern = events["pupil_id"].map(d.opening) == "ConcernRaised"
    assessed = events[(kind == "AssessmentCompleted") & from_concern]

    def first(frame: pd.DataFrame) -> pd.Series:
        return frame.drop_duplicates("pupil_id").set_index("pupil_id")["occurred_on"]

    decided = first(assessed[assessed["outcome"] != "specialist_advice_needed"])
    decided = decided[d.in_period(decided)]
    support = first(assessed[assessed["outcome"] == "sen_support"])
    plan = first(events[(kind == "PlanAgreed") & from_concern])
    both = pd.concat({"support": support, "plan": plan}, axis=1).dropna()
    both = both[d.in_period(both["plan"])]
    cycles = d.cycles[d.cycles["agreed_on"].notna() & d.cycles["held_on"].notna()]
    cycles = cycles[d.in_period(cycles["held_on"])]

    # Each EHC decision or plan, from the latest request before it.
    requests = (
        events[kind == "EHCNeedsAssessmentRequested"][
            ["pupil_id", "seq", "occurred_on"]
        ]
        .rename(columns={"occurred_on": "requested_on"})
        .sort_values("seq")
    )

    def since_request(name: str) -> pd.Series:
        later = events[kind == name].sort_values("seq")
        paired = pd.merge_asof(
            later,
            requests,
            on="seq",
            by="pupil_id",
            allow_exact_matches=False,
        ).dropna(subset=["requested_on"])
        paired = paired[d.in_period(paired["occurred_on"])]
        return _days(paired["occurred_on"], paired["requested_on"])

    decisions = since_request("EHCNeedsAssessmentDecided")
    ehc_plans = since_request("EHCPlanIssued")
    return {
        "ehc_decisions_within_6_weeks": int((decisions <= 42).sum()),
        "ehc_plans_within_20_weeks": int((ehc_plans <= 140).sum()),
        "concern_to_decision": _histogram(_days(decided, d.opened[decided.index])),
        "decision_to_plan": _histogram(_days(both["plan"], both["support"])),
        "plan_to_review": _histogram(_days(cycles["held_on"], cycles["agreed_on"])),
        "ehc_request_to_decision": _histogram(decisions),
        "ehc_request_to_plan": _histogram(ehc_plans),
    }


def figures_from_csv(
    csv_dir: Path,
    parts: list[int],
    *,
    as_of: dt.date = AS_OF,
    data_date: dt.date = DATA_DATE,
    cadence: Cadence = CADENCE,
) -> dict[str, Any]:
    d = Derived(read(csv_dir, parts), as_of=as_of, data_date=data_date)
    return {
        "frequency": frequency(d, cadence),
        "overdue": overdue(d),
        "attainment": attainment(d),
        "impact": impact(d),
        "timeliness": timeliness(d),
    }


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
