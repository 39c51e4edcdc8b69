"""The baseline: an analyst's pandas script for the report's metric set, from the flat
CSV tables an MIS export gives (written by ``cohort.py`` from the same records).

It reads every table whole, as an analyst would, and computes the same figures as
`figures.summarise` with joins and group-bys. Run on its own:
``python benchmarks/pandas_baseline.py OUT/csv --parts 2``.
"""

from __future__ import annotations

import argparse
import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from figures import AS_OF, DATA_DATE, END, START

# The period is counted to the end of the data date when it runs past it.
S, A = pd.Timestamp(START), pd.Timestamp(AS_OF)
E = min(pd.Timestamp(END), pd.Timestamp(DATA_DATE) + pd.Timedelta(days=1))
DATES = {
    "pupils": ["ended_on"],
    "sen_status": ["start", "end"],
    "plans": ["agreed_on", "review_due_on"],
    "targets": ["due_on"],
    "provisions": ["starts_on", "ends_on", "entry_on", "exit_on"],
    "reviews": ["held_on"],
    "outcomes": ["achieved_on"],
    "events": ["occurred_on"],
    "needs": [],
    "ratings": [],
}
STRINGS = {"area", "scale", "outcome", "ends_on", "achieved_on", "ended_on", "end"}


def read(csv_dir: Path, parts: list[int]) -> dict[str, pd.DataFrame]:
    tables = {}
    for name, dates in DATES.items():
        frame = pd.concat(
            [
                pd.read_csv(
                    csv_dir / f"{name}-{part:03d}.csv",
                    engine="pyarrow",
                    dtype=dict.fromkeys(STRINGS, "string"),
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


def _in(dates: pd.Series) -> pd.Series:
    return (dates >= S) & (dates < E)


def frequency(t: dict[str, pd.DataFrame]) -> dict[str, Any]:
    reviews = t["reviews"].sort_values(["pupil_id", "cycle"])
    first_plan = (
        t["plans"].sort_values("cycle").groupby("pupil_id")["agreed_on"].first()
    )
    previous = reviews.groupby("pupil_id")["held_on"].shift(1)
    previous = previous.fillna(reviews["pupil_id"].map(first_plan))
    in_period = reviews[_in(reviews["held_on"])]
    intervals = _days(in_period["held_on"], previous[in_period.index])

    status = t["sen_status"]
    windows = pd.DataFrame(
        {
            "pupil_id": status["pupil_id"],
            "a": status["start"].clip(lower=S),
            "b": status["end"].fillna(E).clip(upper=E),
        }
    )
    windows = windows[windows["b"] > windows["a"]]
    length = _days(windows["b"], windows["a"])
    # Reviews due three times a year: on day floor(n * 365.25 / 3) - 1 from the start.
    n = np.arange(1, 40)
    due_at = np.floor(n * (365.25 / 3)).astype(int) - 1
    due = pd.Series(np.searchsorted(due_at, length.to_numpy(), side="left"))
    due_by_pupil = due.groupby(windows["pupil_id"].to_numpy()).sum()
    held = reviews.merge(windows, on="pupil_id")
    held = held[(held["held_on"] >= held["a"]) & (held["held_on"] < held["b"])]
    held_by_pupil = held.groupby("pupil_id").size()
    held_by_pupil = held_by_pupil.reindex(due_by_pupil.index, fill_value=0)
    # Pupils with no review due in the period are left out of the cadence share.
    some_due = due_by_pupil > 0
    return {
        "reviews": len(in_period),
        "pupils": int(windows["pupil_id"].nunique()),
        "support_days": int(length.sum()),
        "pupils_with_cadence_due": int(some_due.sum()),
        "pupils_meeting_cadence": int(
            (some_due & (held_by_pupil >= due_by_pupil)).sum()
        ),
        "pupils_with_nothing_due": int((~some_due).sum()),
        "intervals": _histogram(intervals),
    }


def overdue(t: dict[str, pd.DataFrame]) -> dict[str, Any]:
    # The plan is in force when the last event that moves the record agreed it.
    events = t["events"]
    moves = events[
        (events["occurred_on"] <= A)
        & ~events["event"].isin(["ParentMeetingHeld", "SpecialistAdviceReceived"])
    ]
    last = moves.sort_values("seq").groupby("pupil_id").tail(1)
    in_do = last.loc[last["event"] == "PlanAgreed", "pupil_id"]
    plans = t["plans"].sort_values("cycle").groupby("pupil_id").tail(1)
    plans = plans[plans["pupil_id"].isin(in_do) & (plans["review_due_on"] < A)]
    days = _days(pd.Series(A, index=plans.index), plans["review_due_on"])
    return {
        "count": len(days),
        "days_total": int(days.sum()),
        "days_max": int(days.max()) if len(days) else 0,
    }


def attainment(t: dict[str, pd.DataFrame]) -> dict[str, Any]:
    # The library reads the needs register as it stood when the target was set; the
    # CSV has only today's. They agree here because every synthetic target names its
    # area, so the register is never read.
    needs = t["needs"]
    primary_area = needs[needs["rank"] == 1].set_index("pupil_id")["area"]
    targets = (
        t["targets"]
        .merge(t["reviews"], on=["pupil_id", "cycle"], how="left")
        .merge(t["plans"][["pupil_id", "cycle", "agreed_on"]], on=["pupil_id", "cycle"])
        .merge(t["outcomes"], on=["pupil_id", "cycle", "target_id"], how="left")
        .merge(t["pupils"][["pupil_id", "ended_on"]], on="pupil_id")
    )
    area = targets["area"].fillna(targets["pupil_id"].map(primary_area)).fillna("none")
    targets = targets.assign(group=area)
    reviewed = targets[_in(targets["held_on"])]
    done_on = reviewed["achieved_on"].fillna(reviewed["held_on"])
    met = reviewed["attainment"].isin(["met", "exceeded"])
    reviewed = reviewed.assign(in_time=met & (done_on <= reviewed["due_on"]))
    past_due = targets[
        ~(targets["held_on"] < E)
        & (targets["due_on"] < E)
        & (targets["agreed_on"] < E)
        & (targets["ended_on"].isna() | (targets["ended_on"] > targets["due_on"]))
    ]
    counts = reviewed.groupby(["group", "attainment"]).size()
    in_time = reviewed.groupby("group")["in_time"].sum()
    past = past_due.groupby("group").size()
    found: dict[str, Any] = {}
    for group in sorted(set(reviewed["group"]) | set(past_due["group"])):
        found[group] = {
            name: int(counts.get((group, name), 0))
            for name in ("not_met", "partly_met", "met", "exceeded")
        }
        found[group]["met_in_time"] = int(in_time.get(group, 0))
        found[group]["past_due_without_outcome"] = int(past.get(group, 0))
    return found


def impact(t: dict[str, pd.DataFrame]) -> dict[str, Any]:
    p = (
        t["provisions"]
        .merge(t["reviews"], on=["pupil_id", "cycle"], how="left")
        .merge(t["pupils"][["pupil_id", "ended_on"]], on="pupil_id")
    )
    end = pd.Series(E, index=p.index)
    end = end.where(
        ~(p["ends_on"] + pd.Timedelta(days=1) < end),
        p["ends_on"] + pd.Timedelta(days=1),
    )
    end = end.where(~(p["held_on"] < end), p["held_on"])
    end = end.where(~(p["ended_on"] < end), p["ended_on"])
    start = p["starts_on"].clip(lower=S)
    placed = p[start < end].assign(days=_days(end, start))
    pupils = placed[["pupil_id", "name"]].drop_duplicates().groupby("name").size()
    timed = placed[
        (placed["sessions_per_week"] > 0) & (placed["minutes_per_session"] > 0)
    ]
    sessions = ((timed["days"] + 6) // 7) * timed["sessions_per_week"]
    timed = timed.assign(
        sessions=sessions, minutes=sessions * timed["minutes_per_session"]
    )
    totals = timed.groupby("name")[["sessions", "minutes"]].sum()

    measured = p[p["entry_value"].notna() & p["exit_value"].notna() & _in(p["exit_on"])]
    measured = measured.assign(
        gain=measured["exit_value"] - measured["entry_value"],
        elapsed=_days(measured["exit_on"], measured["entry_on"]),
    )
    gains = measured.groupby(["name", "scale"]).agg(
        n=("gain", "size"), gain=("gain", "sum"), elapsed=("elapsed", "sum")
    )

    ratings = t["ratings"].merge(t["reviews"], on=["pupil_id", "cycle"])
    ratings = ratings[_in(ratings["held_on"])].merge(
        t["provisions"][["pupil_id", "cycle", "provision_id", "name"]],
        on=["pupil_id", "cycle", "provision_id"],
    )
    rated = ratings.groupby(["name", "effectiveness"]).size()

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
            "gains": {
                scale: [int(row.n), str(Fraction(row.gain)), int(row.elapsed)]
                for (n, scale), row in gains.iterrows()
                if n == name
            }
            if name in gains.index.get_level_values(0)
            else {},
        }
    return found


def timeliness(t: dict[str, pd.DataFrame]) -> dict[str, Any]:
    events = t["events"].sort_values(["pupil_id", "seq"])
    concern = events[events["seq"] == 0].set_index("pupil_id")["occurred_on"]
    assessed = events[events["event"] == "AssessmentCompleted"]

    def first(frame: pd.DataFrame) -> pd.Series:
        return frame.groupby("pupil_id")["occurred_on"].first()

    decided = first(assessed[assessed["outcome"] != "specialist_advice_needed"])
    decided = decided[_in(decided)]
    support = first(assessed[assessed["outcome"] == "sen_support"])
    plan = first(events[events["event"] == "PlanAgreed"])
    both = pd.concat({"support": support, "plan": plan}, axis=1).dropna()
    both = both[_in(both["plan"])]
    cycles = t["plans"].merge(t["reviews"], on=["pupil_id", "cycle"])
    cycles = cycles[_in(cycles["held_on"])]

    requests = events[events["event"] == "EHCNeedsAssessmentRequested"]
    requests = requests[["pupil_id", "seq", "occurred_on"]].rename(
        columns={"occurred_on": "requested_on"}
    )

    def since_request(kind: str) -> pd.Series:
        later = events[events["event"] == kind].sort_values("seq")
        paired = pd.merge_asof(
            later,
            requests.sort_values("seq"),
            on="seq",
            by="pupil_id",
            allow_exact_matches=False,
        ).dropna(subset=["requested_on"])
        paired = paired[_in(paired["occurred_on"])]
        return _days(paired["occurred_on"], paired["requested_on"])

    decisions = since_request("EHCNeedsAssessmentDecided")
    ehc_plans = since_request("EHCPlanIssued")
    return {
        "ehc_decisions_within_6_weeks": int((decisions <= 42).sum()),
        "ehc_plans_within_20_weeks": int((ehc_plans <= 140).sum()),
        "concern_to_decision": _histogram(_days(decided, concern[decided.index])),
        "decision_to_plan": _histogram(_days(both["plan"], both["support"])),
        "plan_to_review": _histogram(_days(cycles["held_on"], cycles["agreed_on"])),
        "ehc_request_to_decision": _histogram(decisions),
        "ehc_request_to_plan": _histogram(ehc_plans),
    }


def figures_from_csv(csv_dir: Path, parts: list[int]) -> dict[str, Any]:
    t = read(csv_dir, parts)
    return {
        "frequency": frequency(t),
        "overdue": overdue(t),
        "attainment": attainment(t),
        "impact": impact(t),
        "timeliness": timeliness(t),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("csv_dir", type=Path)
    parser.add_argument("--parts", type=int, default=1)
    args = parser.parse_args()
    print(json.dumps(figures_from_csv(args.csv_dir, list(range(args.parts)))))


if __name__ == "__main__":
    main()
