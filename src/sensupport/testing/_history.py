"""Hypothesis strategies for history a school receives (requires hypothesis)."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from ..codes import NeedType, SenProvision
from ..needs import Need
from ..process.events import ProvisionPeriod, SENHistoryReceived
from ._model import MAX_DATE, MIN_DATE, dates, support_plans

__all__ = ["sen_histories"]

_ASSESSED = [t for t in NeedType if t is not NeedType.NSA]
_SOURCES = [
    "MIS SEN register",
    "CTF from LA 801, establishment 2000",
    "Provision map export",
]


@st.composite
def _needs(draw: st.DrawFn, on: dt.date, provision: SenProvision) -> tuple[Need, ...]:
    # Neither the census nor the CTF dates a need: mostly unknown.
    identified = st.none() | dates(max_value=on)
    if provision is SenProvision.SEN_SUPPORT and draw(st.integers(0, 4)) == 0:
        return (Need(need_type=NeedType.NSA, identified_on=draw(identified)),)
    count = draw(st.integers(min_value=0 if draw(st.booleans()) else 1, max_value=2))
    types = draw(
        st.lists(
            st.sampled_from(_ASSESSED), min_size=count, max_size=count, unique=True
        )
    )
    return tuple(
        Need(need_type=t, rank=rank, identified_on=draw(identified))
        for rank, t in enumerate(types, start=1)
    )


@st.composite
def _history(
    draw: st.DrawFn, on: st.SearchStrategy[dt.date] | None
) -> SENHistoryReceived:
    occurred = draw(
        dates(min_value=MIN_DATE + dt.timedelta(days=2000), max_value=MAX_DATE)
        if on is None
        else on
    )
    provision = draw(
        st.sampled_from([SenProvision.SEN_SUPPORT] * 3 + [SenProvision.EHC_PLAN])
    )
    started = occurred - dt.timedelta(days=draw(st.integers(0, 1200)))
    earlier: list[ProvisionPeriod] = []
    cursor = started
    for _ in range(draw(st.integers(0, 2))):
        cursor -= dt.timedelta(days=draw(st.integers(1, 300)))
        code = draw(st.sampled_from(SenProvision))
        earlier.insert(0, ProvisionPeriod(started_on=cursor, provision=code))
    needs = draw(_needs(occurred, provision))
    plan = None
    review_due_on = None
    if provision is SenProvision.SEN_SUPPORT:
        known = draw(st.sampled_from(["none", "review date", "plan"]))
        if known == "review date":
            review_due_on = occurred + dt.timedelta(days=draw(st.integers(-90, 120)))
        elif known == "plan" and needs:
            agreed = occurred - dt.timedelta(days=draw(st.integers(0, 60)))
            plan = draw(
                support_plans(
                    agreed_on=st.just(agreed),
                    need_types=tuple(n.need_type for n in needs),
                )
            )
    return SENHistoryReceived(
        occurred_on=occurred,
        provision=provision,
        provision_started_on=started,
        needs=needs,
        plan=plan,
        review_due_on=review_due_on,
        earlier=tuple(earlier),
        received_from=draw(st.sampled_from(_SOURCES)),
        file=draw(st.sampled_from(["", "sen-register.csv", "ctf.xml"])),
    )


def sen_histories(
    *, on: st.SearchStrategy[dt.date] | None = None
) -> st.SearchStrategy[SENHistoryReceived]:
    """Valid histories that open a record: K or E, needs known or not, the plan in
    force known in full, by its review date, or not at all, and earlier provision.

    Args:
        on: Dates the history is received on; by default any date from about five
            years into the era the strategies draw from.
    """
    return _history(on)
