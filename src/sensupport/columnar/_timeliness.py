"""Review timeliness and the EHC clocks from the tables, by group: the reviews held by
their due date, the EHC decisions and plans within their statutory weeks, and the days
from concern to decision, decision to plan, plan to review and request to decision or
plan.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

import polars as pl

from ..metrics._core import Tally
from ..metrics.timeliness import _INTERVALS
from ..statutory import EHC_DECISION_WEEKS, EHC_PLAN_WEEKS
from ._derived import _days, _Derived
from ._groups import Keyed
from ._tallies import _count_groups


def _timeliness(d: _Derived, keyed: Keyed, name: str) -> dict[str, pl.LazyFrame]:
    """Timeliness's counts and histograms, each by group, as ``name`` and
    ``name.<part>``."""
    kind = pl.col("event")
    events = d.events.join(d.opened, on="pupil_id")
    # Records opened by a concern (not from history): the concern to the first
    # decision, and the first decision for SEN support to the first plan.
    from_concern = events.filter(pl.col("opening") != "SENHistoryReceived")
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
    reviewed = d.cycles.filter(pl.col("held_on").is_not_null() & d.in_period("held_on"))
    requests = (
        d.events.filter(kind == "EHCNeedsAssessmentRequested")
        .select("pupil_id", "seq", requested_on="occurred_on")
        .sort("seq")
    )

    def since_request(name: str) -> pl.LazyFrame:
        # Each decision or plan since the latest request before it.
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
            .select(
                "pupil_id",
                "occurred_on",
                days=_days(pl.col("occurred_on"), pl.col("requested_on")),
            )
        )

    decisions = since_request("EHCNeedsAssessmentDecided")
    ehc_plans = since_request("EHCPlanIssued")
    on = pl.col("on")

    def counts(frame: pl.LazyFrame, **fields: pl.Expr) -> pl.LazyFrame:
        return keyed(frame, on).group_by("group").agg(**fields)

    def histogram(frame: pl.LazyFrame, days: pl.Expr) -> pl.LazyFrame:
        # Each interval counts at the event that ends it.
        return keyed(frame.with_columns(days=days), on).group_by("group", "days").len()

    history = d.opened.filter(
        (pl.col("opening") == "SENHistoryReceived") & (pl.col("opened") < d.end)
    ).with_columns(on=pl.col("opened"))
    held = reviewed.filter(pl.col("review_due_on").is_not_null()).with_columns(
        on=pl.col("held_on")
    )
    decisions = decisions.with_columns(on=pl.col("occurred_on"))
    ehc_plans = ehc_plans.with_columns(on=pl.col("occurred_on"))
    return {
        f"{name}.opened": counts(history, opened_from_history=pl.len()),
        f"{name}.held": counts(
            held,
            reviews_held=pl.len(),
            reviews_by_due_date=(pl.col("held_on") <= pl.col("review_due_on")).sum(),
        ),
        f"{name}.decisions": counts(
            decisions,
            ehc_decisions_within_6_weeks=(
                pl.col("days") <= EHC_DECISION_WEEKS * 7
            ).sum(),
        ),
        f"{name}.ehc_plans": counts(
            ehc_plans,
            ehc_plans_within_20_weeks=(pl.col("days") <= EHC_PLAN_WEEKS * 7).sum(),
        ),
        f"{name}.concern_to_decision": histogram(
            decided.with_columns(on=pl.col("decided")),
            _days(pl.col("decided"), pl.col("opened")),
        ),
        f"{name}.decision_to_plan": histogram(
            both.with_columns(on=pl.col("plan")),
            _days(pl.col("plan"), pl.col("support")),
        ),
        # A plan known only by its review date has no agreement to count from.
        f"{name}.plan_to_review": histogram(
            reviewed.filter(pl.col("agreed_on").is_not_null()).with_columns(
                on=pl.col("held_on")
            ),
            _days(pl.col("held_on"), pl.col("agreed_on")),
        ),
        f"{name}.ehc_request_to_decision": histogram(decisions, pl.col("days")),
        f"{name}.ehc_request_to_plan": histogram(ehc_plans, pl.col("days")),
    }


def _timeliness_tallies(
    r: Mapping[str, pl.DataFrame], name: str
) -> dict[Hashable, Tally]:
    tallies: dict[Hashable, Tally] = {}
    for part in ("opened", "held", "decisions", "ehc_plans"):
        _count_groups(r[f"{name}.{part}"], tallies)
    for interval in _INTERVALS:
        for group, days, n in r[f"{name}.{interval}"].iter_rows():
            tallies.setdefault(group, Tally()).observe(interval, int(days), int(n))
    return tallies
