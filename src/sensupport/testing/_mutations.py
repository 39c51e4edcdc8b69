"""Invalid `SupportRecord` documents, each breaking one rule (requires hypothesis).

`invalid_record_documents` draws a valid record (`support_records`), writes it as
`sensupport.serialization.dumps` does, and breaks exactly one rule of `RECORD_RULES`
in the document: a small, targeted change registered against the code of the rule
it breaks, never random noise. Each example is ``(code, text)``: loading ``text``
with ``loads(text, SupportRecord)`` must raise a `ValidationError` whose codes
include ``code``. Two rules cannot be broken alone, and bring one more code with
them (`ACCOMPANYING`): a review dated before its plan is also dated before the event
before it, and a plan agreed with no need identified also addresses a need that was
not identified.

>>> from hypothesis import given, settings
>>> from sensupport.errors import ValidationError
>>> from sensupport.process import SupportRecord
>>> from sensupport.serialization import loads
>>> @settings(max_examples=10, deadline=None)
... @given(invalid_record_documents(codes=["upn.check_letter", "record.closed"]))
... def test_refused(case):
...     code, text = case
...     try:
...         loads(text, SupportRecord)
...     except ValidationError as error:
...         assert error.codes == (code,)
...     else:
...         raise AssertionError(f"a document that breaks {code} was accepted")
>>> test_refused()
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs
from hypothesis import strategies as st

from .. import limits
from .._record_rules import RECORD_RULES
from ..codes import (
    AreaOfNeed,
    AssessmentOutcome,
    Attainment,
    EHCDecision,
    EndReason,
    EvidenceSource,
    MeasureScale,
    NeedType,
    ReviewDecision,
    Role,
    SenProvision,
)
from ..needs import Need
from ..plans import Provision, SupportPlan, Target
from ..process import events as ev
from ..process.fold import fold, open_state, step
from ..process.record import SupportRecord
from ..process.stages import Stage
from ..process.state import RecordState
from ..process.transitions import transition_for
from ..reviews import Review, TargetOutcome
from ..serialization import converter, dumps
from ..upn import UPN
from ._process import support_records

__all__ = [
    "ACCOMPANYING",
    "RECORD_RULES",
    "invalid_record_documents",
]

ACCOMPANYING: Mapping[str, tuple[str, ...]] = {
    # Every event is dated on or after the plan, so a review before it is early too.
    "review.before_plan": ("event.out_of_order",),
    # A plan addresses at least one need, and none has been identified.
    "plan.no_identified_need": ("plan.need_not_identified",),
}
"""The codes a rule cannot be broken without, besides its own."""

Document = dict[str, Any]
_Mutation = Callable[[st.DrawFn, SupportRecord, Document], object]
_MUTATIONS: dict[str, list[_Mutation]] = {}


class _Text(str):
    """A mutation's result that is the document's text itself, not a JSON value."""

    __slots__ = ()


def _breaks(code: str) -> Callable[[_Mutation], _Mutation]:
    """Register a mutation as one way to break the rule ``code``."""

    def register(mutation: _Mutation) -> _Mutation:
        _MUTATIONS.setdefault(code, []).append(mutation)
        return mutation

    return register


def invalid_record_documents(
    *,
    codes: Iterable[str] | None = None,
    records: st.SearchStrategy[SupportRecord] | None = None,
) -> st.SearchStrategy[tuple[str, str]]:
    """``(code, text)``: a record's document that breaks the rule ``code`` only.

    Args:
        codes: The rules to break, from `RECORD_RULES` (all of them by default).
        records: The valid records to start from (`support_records` by default).
            A rule that needs a step the record does not hold (an EHC decision, a
            review) is broken on the record's opening date, after the fewest
            events that lead there.

    Loading ``text`` raises a `ValidationError` whose codes are ``code``, and
    `ACCOMPANYING` ``[code]`` for the two rules that cannot be broken alone.

    Raises:
        ValueError: A code is not in `RECORD_RULES`.
    """
    chosen = RECORD_RULES if codes is None else tuple(codes)
    unknown = sorted(set(chosen) - set(RECORD_RULES))
    if unknown or not chosen:
        raise ValueError(f"codes must be some of RECORD_RULES, not {unknown or chosen}")
    start = support_records(max_events=8) if records is None else records
    return _documents({code: _MUTATIONS[code] for code in chosen}, start)


@st.composite
def _documents(
    draw: st.DrawFn,
    mutations: Mapping[str, Sequence[_Mutation]],
    records: st.SearchStrategy[SupportRecord],
) -> tuple[str, str]:
    """A code, then one of the mutations that break its rule, applied to a record."""
    code = draw(st.sampled_from(list(mutations)))
    mutation = draw(st.sampled_from(mutations[code]))
    record = draw(records)
    document: Document = json.loads(dumps(record))
    result = mutation(draw, record, document)
    if isinstance(result, _Text):
        return code, str(result)
    return code, json.dumps(result, ensure_ascii=False, separators=(",", ":"))


# --- reading and writing the document -----------------------------------------


def _events(document: Document) -> list[Document]:
    events: list[Document] = document["data"]["events"]
    return events


def _pupil(document: Document) -> Document:
    pupil: Document = document["data"]["pupil"]
    return pupil


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _shift(text: str, days: int) -> str:
    return (_day(text) + dt.timedelta(days=days)).isoformat()


def _as_json(obj: object, cls: type) -> Any:
    return converter.unstructure(obj, cls)


def _event_json(event: ev.Event) -> Document:
    found: Document = converter.unstructure(event, ev.Event)
    return found


def _need_json(
    need_type: NeedType, rank: int = 1, on: dt.date | None = None
) -> Document:
    found: Document = _as_json(
        Need(need_type=need_type, identified_on=on, rank=rank), Need
    )
    return found


def _text(document: Document) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


# --- valid pieces, for a rule the drawn record gives nothing to break ------------


def _plan(on: dt.date, need_type: NeedType = NeedType.SLCN) -> SupportPlan:
    return SupportPlan(
        agreed_on=on,
        needs=(need_type,),
        review_due_on=on + dt.timedelta(days=56),
        targets=(
            Target(
                target_id="T1",
                description="Follows a two-step instruction",
                set_on=on,
                due_on=on + dt.timedelta(days=42),
            ),
        ),
        provisions=(
            Provision(
                provision_id="P1",
                name="Small-group language support",
                delivered_by=Role.TEACHING_ASSISTANT,
                starts_on=on,
            ),
        ),
        contributors=(Role.SENCO, Role.PARENT),
    )


def _review(
    plan: SupportPlan,
    on: dt.date,
    decision: ReviewDecision = ReviewDecision.CONTINUE,
) -> Review:
    ends = decision in (
        ReviewDecision.END_SUPPORT,
        ReviewDecision.REQUEST_EHC_NEEDS_ASSESSMENT,
    )
    return Review(
        held_on=on,
        decision=decision,
        participants=(Role.SENCO, Role.PARENT),
        outcomes=tuple(
            TargetOutcome(target_id=t.target_id, attainment=Attainment.PARTLY_MET)
            for t in plan.targets
        ),
        parent_views_recorded=True,
        pupil_views_recorded=True,
        next_review_due_on=None if ends else on + dt.timedelta(days=56),
    )


def _history(on: dt.date) -> ev.SENHistoryReceived:
    return ev.SENHistoryReceived(
        occurred_on=on,
        provision=SenProvision.SEN_SUPPORT,
        provision_started_on=on,
        received_from="previous school",
    )


def _steps_to(way: str, on: dt.date) -> list[ev.Event]:
    """The fewest valid events, all on ``on``, that lead to the state ``way`` names."""
    if way == "history_without_needs":
        return [_history(on)]
    concern = ev.ConcernRaised(occurred_on=on, raised_by=Role.TEACHER)
    need_type = NeedType.NSA if way == "agreed_with_nsa" else NeedType.SLCN
    assessed = ev.AssessmentCompleted(
        occurred_on=on,
        outcome=AssessmentOutcome.SEN_SUPPORT,
        needs=(Need(need_type=need_type, identified_on=on),),
        parents_notified_on=on,
    )
    plan = _plan(on)
    requested = ev.EHCNeedsAssessmentRequested(occurred_on=on)
    agreed = ev.EHCNeedsAssessmentDecided(occurred_on=on, decision=EHCDecision.AGREED)
    ways: dict[str, list[ev.Event]] = {
        "concern": [concern],
        "ended": [
            concern,
            ev.SupportEnded(occurred_on=on, reason=EndReason.LEFT_SCHOOL),
        ],
        "assessed": [concern, assessed],
        "planned": [concern, assessed, ev.PlanAgreed(plan=plan)],
        "reviewed_to_ehc": [
            concern,
            assessed,
            ev.PlanAgreed(plan=plan),
            ev.ReviewHeld(
                review=_review(plan, on, ReviewDecision.REQUEST_EHC_NEEDS_ASSESSMENT)
            ),
        ],
        "requested": [concern, requested],
        "agreed": [concern, requested, agreed],
        "agreed_with_nsa": [concern, assessed, requested, agreed],
    }
    return ways[way]


def _states(record: SupportRecord) -> list[RecordState]:
    """The state after each event of the record: [after the first, ...]."""
    state = open_state(record.events[0])
    found = [state]
    for event in record.events[1:]:
        state = step(state, event)
        found.append(state)
    return found


@attrs.frozen
class _Slot:
    """Where a new event goes: after ``head``, before ``tail``, on ``state``."""

    state: RecordState
    head: list[Document]
    tail: list[Document]

    def put(self, document: Document, *events: ev.Event | Document) -> Document:
        new = [e if isinstance(e, dict) else _event_json(e) for e in events]
        document["data"]["events"] = [*self.head, *new, *self.tail]
        return document


def _slot(
    draw: st.DrawFn,
    record: SupportRecord,
    document: Document,
    wanted: Callable[[RecordState], bool],
    way: str,
) -> _Slot:
    """A place after some events of the record whose state is ``wanted``; failing
    that, the events of ``way`` on the record's opening date, in place of its own."""
    states = _states(record)
    fits = [i for i, state in enumerate(states) if wanted(state)]
    events = _events(document)
    if fits:
        i = draw(st.sampled_from(fits))
        return _Slot(states[i], events[: i + 1], events[i + 1 :])
    built = _steps_to(way, record.opened_on)
    return _Slot(fold(built), [_event_json(e) for e in built], [])


def _site(
    draw: st.DrawFn,
    document: Document,
    kinds: tuple[type, ...],
    make: Callable[[dt.date], ev.Event],
    where: Callable[[Document], bool] = lambda _: True,
) -> Document:
    """An event of the document, of one of ``kinds``, to change; failing that, a
    valid one made by ``make`` and added at the end. A rule of an event's own is
    checked as the document is read, before any event is replayed, so where the
    event stands does not change what is reported."""
    names = {kind.__name__ for kind in kinds}
    events = _events(document)
    fits = [e for e in events if e["event"] in names and where(e)]
    if fits:
        found: Document = draw(st.sampled_from(fits))
        return found
    made = _event_json(make(_last_day(document)))
    events.append(made)
    return made


def _last_day(document: Document) -> dt.date:
    last = _events(document)[-1]
    if "plan" in last and last["event"] == "PlanAgreed":
        return _day(last["plan"]["agreed_on"])
    if last["event"] == "ReviewHeld":
        return _day(last["review"]["held_on"])
    return _day(last["occurred_on"])


# --- the document ---------------------------------------------------------------


@_breaks("document.json")
def _cut_short(draw: st.DrawFn, record: SupportRecord, document: Document) -> object:
    text = _text(document)
    return _Text(text[: draw(st.integers(min_value=1, max_value=len(text) - 1))])


@_breaks("document.duplicate_key")
def _key_twice(draw: st.DrawFn, record: SupportRecord, document: Document) -> object:
    text = _text(document)
    if draw(st.booleans()):
        return _Text('{"schema_version":1,' + text[1:])
    return _Text(text.replace('"pupil":{', '"pupil":{"pupil_id":"0",', 1))


@_breaks("document.not_object")
def _not_an_object(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    return draw(st.sampled_from([[document], _events(document), 1, "record", None]))


def _required(cls: type) -> list[str]:
    return [
        f.name
        for f in attrs.fields(cls)
        if f.init and f.default is attrs.NOTHING and not f.name.startswith("_")
    ]


@_breaks("document.missing_field")
def _field_missing(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    where = draw(st.sampled_from(["envelope", "data", "pupil", "event"]))
    if where == "envelope":
        del document[draw(st.sampled_from(["schema_version", "type", "data"]))]
    elif where == "data":
        del document["data"][draw(st.sampled_from(["pupil", "events"]))]
    elif where == "pupil":
        del _pupil(document)[draw(st.sampled_from(["pupil_id", "year_group"]))]
    else:
        event = draw(st.sampled_from(_events(document)))
        cls = next(k for k in ev.EVENT_TYPES if k.__name__ == event["event"])
        del event[draw(st.sampled_from(_required(cls)))]
    return document


@_breaks("document.unknown_field")
def _field_unknown(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    where = draw(st.sampled_from(["envelope", "data", "pupil", "event"]))
    holder = {
        "envelope": document,
        "data": document["data"],
        "pupil": _pupil(document),
        "event": draw(st.sampled_from(_events(document))),
    }[where]
    holder[draw(st.sampled_from(["colour", "notes", "stage"]))] = "red"
    return document


@_breaks("document.schema_version")
def _version(draw: st.DrawFn, record: SupportRecord, document: Document) -> object:
    document["schema_version"] = draw(st.sampled_from([0, 2, "1", 1.0, None]))
    return document


@_breaks("document.type")
def _type(draw: st.DrawFn, record: SupportRecord, document: Document) -> object:
    document["type"] = draw(st.sampled_from(["Pupil", "Record", "supportrecord", 7]))
    return document


@_breaks("document.seal")
def _seal(draw: st.DrawFn, record: SupportRecord, document: Document) -> object:
    document["seal"] = draw(st.sampled_from(["hmac-sha256:00", "", 0, "sealed"]))
    return document


@_breaks("document.invalid_value")
def _bad_date(draw: st.DrawFn, record: SupportRecord, document: Document) -> object:
    event = draw(st.sampled_from(_events(document)))
    holder = event.get("plan") if event["event"] == "PlanAgreed" else event
    holder = event.get("review") if event["event"] == "ReviewHeld" else holder
    assert isinstance(holder, dict)
    key = next(k for k in ("occurred_on", "agreed_on", "held_on") if k in holder)
    holder[key] = draw(
        st.sampled_from(["2025-02-30", "20250915", "2025-9-15", "1899-12-31", None])
    )
    return document


@_breaks("document.invalid_value")
def _bad_code(draw: st.DrawFn, record: SupportRecord, document: Document) -> object:
    where = draw(st.sampled_from(["year_group", "event", "sex"]))
    if where == "event":
        draw(st.sampled_from(_events(document)))["event"] = "ConcernRasied"
    else:
        _pupil(document)[where] = draw(st.sampled_from(["Y15", "", "m", 4]))
    return document


@_breaks("document.invalid_value")
def _bad_type(draw: st.DrawFn, record: SupportRecord, document: Document) -> object:
    where = draw(st.sampled_from(["events", "pupil", "pupil_id", "event"]))
    if where in ("events", "pupil"):
        document["data"][where] = draw(
            st.sampled_from(["none", 0, [] if where == "pupil" else {}])
        )
    elif where == "pupil_id":
        _pupil(document)["pupil_id"] = draw(st.sampled_from([42, None, ["0"]]))
    else:
        events = _events(document)
        events[draw(st.integers(0, len(events) - 1))] = draw(
            st.sampled_from(["ConcernRaised", 1, None, []])
        )
    return document


# --- the pupil ------------------------------------------------------------------

_A_UPN = "B801200005001"


def _upn_body(document: Document) -> str:
    given = _pupil(document).get("upn")
    return given[1:] if isinstance(given, str) else _A_UPN[1:]


@_breaks("pupil.blank")
def _pupil_blank(draw: st.DrawFn, record: SupportRecord, document: Document) -> object:
    _pupil(document)["pupil_id"] = draw(st.sampled_from(["", " ", "\t\n"]))
    return document


@_breaks("upn.length")
def _upn_length(draw: st.DrawFn, record: SupportRecord, document: Document) -> object:
    upn = UPN.check_letter_for(_upn_body(document)) + _upn_body(document)
    _pupil(document)["upn"] = draw(st.sampled_from([upn[:12], upn + "0", ""]))
    return document


@_breaks("upn.digits")
def _upn_digits(draw: st.DrawFn, record: SupportRecord, document: Document) -> object:
    body = _upn_body(document)
    at = draw(st.integers(min_value=0, max_value=10))
    _pupil(document)["upn"] = "A" + body[:at] + "X" + body[at + 1 :]
    return document


@_breaks("upn.last_character")
def _upn_last(draw: st.DrawFn, record: SupportRecord, document: Document) -> object:
    body = _upn_body(document)[:-1] + draw(st.sampled_from("IOS-"))
    _pupil(document)["upn"] = "A" + body
    return document


@_breaks("upn.check_letter")
def _upn_letter(draw: st.DrawFn, record: SupportRecord, document: Document) -> object:
    body = _upn_body(document)
    right = UPN.check_letter_for(body)
    wrong = draw(st.sampled_from([c for c in "ABCDEFGHJKLMNPQRTUVWXYZ" if c != right]))
    _pupil(document)["upn"] = wrong + body
    return document


@_breaks("school.format")
def _school_format(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    _pupil(document)["school"] = draw(
        st.sampled_from(
            [{"urn": "12345"}, {"urn": "1O9876"}, {"la": "80", "estab": "2000"}]
        )
    )
    return document


@_breaks("school.incomplete")
def _school_incomplete(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    _pupil(document)["school"] = draw(
        st.sampled_from([{"la": "801"}, {"estab": "2000"}])
    )
    return document


@_breaks("school.unidentified")
def _school_unidentified(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    _pupil(document)["school"] = draw(st.sampled_from([{}, {"name": "Hill Primary"}]))
    return document


# --- needs ----------------------------------------------------------------------


def _needs_site(draw: st.DrawFn, document: Document) -> Document:
    # Not a history of an EHC plan (NSA is refused there) nor a finding of no SEN
    # (which identifies no needs): there a need breaks a rule of its own.
    return _site(
        draw,
        document,
        (ev.AssessmentCompleted, ev.SpecialistAdviceReceived, ev.SENHistoryReceived),
        lambda on: ev.SpecialistAdviceReceived(
            occurred_on=on, specialist=Role.EDUCATIONAL_PSYCHOLOGIST
        ),
        where=lambda e: e.get("provision") != "E" and e.get("outcome") != "not_sen",
    )


def _other_types(draw: st.DrawFn, count: int) -> list[NeedType]:
    assessed = [t for t in NeedType if t is not NeedType.NSA]
    return draw(
        st.lists(st.sampled_from(assessed), min_size=count, max_size=count, unique=True)
    )


@_breaks("need.rank")
def _need_rank(draw: st.DrawFn, record: SupportRecord, document: Document) -> object:
    event = _needs_site(draw, document)
    if not event["needs"]:
        event["needs"] = [_need_json(NeedType.SLCN)]
    draw(st.sampled_from(event["needs"]))["rank"] = draw(st.sampled_from([0, 3, -1]))
    return document


@_breaks("need.evidence.duplicate")
def _need_evidence(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    event = _needs_site(draw, document)
    if not event["needs"]:
        event["needs"] = [_need_json(NeedType.SLCN)]
    source = draw(st.sampled_from(EvidenceSource)).value
    draw(st.sampled_from(event["needs"]))["evidence"] = [source, source]
    return document


@_breaks("needs.duplicate_type")
def _needs_twice(draw: st.DrawFn, record: SupportRecord, document: Document) -> object:
    (need_type,) = _other_types(draw, 1)
    _needs_site(draw, document)["needs"] = [
        _need_json(need_type, 1),
        _need_json(need_type, 2),
    ]
    return document


@_breaks("needs.primary")
def _needs_primary(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    first, second = _other_types(draw, 2)
    _needs_site(draw, document)["needs"] = draw(
        st.sampled_from(
            [
                [_need_json(first, 2)],
                [_need_json(first, 1), _need_json(second, 1)],
            ]
        )
    )
    return document


@_breaks("needs.secondary")
def _needs_secondary(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    first, second, third = _other_types(draw, 3)
    _needs_site(draw, document)["needs"] = [
        _need_json(first, 1),
        _need_json(second, 2),
        _need_json(third, 2),
    ]
    return document


@_breaks("needs.nsa_with_other")
def _needs_nsa(draw: st.DrawFn, record: SupportRecord, document: Document) -> object:
    (other,) = _other_types(draw, 1)
    needs = [_need_json(other, 1), _need_json(NeedType.NSA, 2)]
    _needs_site(draw, document)["needs"] = draw(st.permutations(needs))
    return document


# --- events' own rules ----------------------------------------------------------


def _history_site(draw: st.DrawFn, document: Document) -> Document:
    return _site(draw, document, (ev.SENHistoryReceived,), _history)


def _assessment_site(draw: st.DrawFn, document: Document) -> Document:
    return _site(
        draw,
        document,
        (ev.AssessmentCompleted,),
        lambda on: ev.AssessmentCompleted(
            occurred_on=on, outcome=AssessmentOutcome.SPECIALIST_ADVICE_NEEDED
        ),
    )


def _duplicate_evidence(draw: st.DrawFn, event: Document) -> None:
    source = draw(st.sampled_from(EvidenceSource)).value
    event["evidence"] = [source, *[e for e in event["evidence"] if e != source], source]


@_breaks("concern.evidence.duplicate")
def _concern_evidence(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    event = _site(
        draw,
        document,
        (ev.ConcernRaised,),
        lambda on: ev.ConcernRaised(occurred_on=on, raised_by=Role.PARENT),
    )
    _duplicate_evidence(draw, event)
    return document


@_breaks("history.blank")
def _history_blank(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    _history_site(draw, document)["received_from"] = draw(st.sampled_from(["", "  "]))
    return document


@_breaks("history.earlier_out_of_order")
def _history_earlier(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    event = _history_site(draw, document)
    start = event["provision_started_on"]
    later = draw(st.integers(min_value=0, max_value=30))
    event["earlier"] = [{"started_on": _shift(start, later), "provision": "N"}]
    return document


@_breaks("history.no_sen")
def _history_no_sen(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    _history_site(draw, document)["provision"] = "N"
    return document


@_breaks("history.started_after_received")
def _history_started(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    event = _history_site(draw, document)
    days = draw(st.integers(min_value=1, max_value=90))
    event["provision_started_on"] = _shift(event["occurred_on"], days)
    return document


@_breaks("history.need_after_received")
def _history_need_late(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    event = _history_site(draw, document)
    late = _shift(event["occurred_on"], draw(st.integers(min_value=1, max_value=90)))
    if not event["needs"]:
        event["needs"] = [_need_json(NeedType.SLCN)]
    draw(st.sampled_from(event["needs"]))["identified_on"] = late
    return document


@_breaks("history.plan_with_ehc")
def _history_plan_with_ehc(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    event = _history_site(draw, document)
    event["provision"] = "E"
    event["needs"] = [n for n in event["needs"] if n["need_type"] != "NSA"]
    if draw(st.booleans()) or event["plan"] is None:
        event["plan"] = None
        event["review_due_on"] = _shift(event["occurred_on"], 30)
    return document


@_breaks("history.nsa_with_ehc")
def _history_nsa(draw: st.DrawFn, record: SupportRecord, document: Document) -> object:
    event = _history_site(draw, document)
    event.update(provision="E", plan=None, review_due_on=None)
    event["needs"] = [_need_json(NeedType.NSA)]
    return document


@_breaks("history.plan_after_received")
def _history_plan_late(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    event = _history_site(draw, document)
    late = _day(event["occurred_on"]) + dt.timedelta(days=draw(st.integers(1, 30)))
    event.update(
        provision="K", plan=_as_json(_plan(late), SupportPlan), review_due_on=None
    )
    return document


@_breaks("history.review_date_mismatch")
def _history_review_date(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    event = _history_site(draw, document)
    plan = _plan(_day(event["occurred_on"]))
    other = plan.review_due_on + dt.timedelta(days=draw(st.sampled_from([-7, 1, 30])))
    event.update(
        provision="K",
        plan=_as_json(plan, SupportPlan),
        review_due_on=other.isoformat(),
    )
    return document


@_breaks("assessment.evidence.duplicate")
def _assessment_evidence(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    _duplicate_evidence(draw, _assessment_site(draw, document))
    return document


@_breaks("assessment.needs_not_sen")
def _assessment_not_sen(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    event = _assessment_site(draw, document)
    event["outcome"] = AssessmentOutcome.NOT_SEN.value
    if not event["needs"]:
        event["needs"] = [_need_json(NeedType.MLD)]
    return document


@_breaks("assessment.notified_before_decision")
def _assessment_notified(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    event = _assessment_site(draw, document)
    days = draw(st.integers(min_value=1, max_value=60))
    event["parents_notified_on"] = _shift(event["occurred_on"], -days)
    return document


@_breaks("assessment.need_after_decision")
def _assessment_need_late(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    event = _assessment_site(draw, document)
    if event["outcome"] == AssessmentOutcome.NOT_SEN.value:
        event["outcome"] = AssessmentOutcome.SEN_SUPPORT.value
    if not event["needs"]:
        event["needs"] = [_need_json(NeedType.SEMH)]
    late = _shift(event["occurred_on"], draw(st.integers(min_value=1, max_value=60)))
    draw(st.sampled_from(event["needs"]))["identified_on"] = late
    return document


@_breaks("advice.not_specialist")
def _not_specialist(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    event = _site(
        draw,
        document,
        (ev.SpecialistAdviceReceived,),
        lambda on: ev.SpecialistAdviceReceived(
            occurred_on=on, specialist=Role.SPEECH_AND_LANGUAGE_THERAPIST
        ),
    )
    event["specialist"] = draw(
        st.sampled_from([r for r in Role if not r.is_specialist])
    ).value
    return document


@_breaks("ended.ehc_plan_reason")
def _ended_for_ehc(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    event = _site(
        draw,
        document,
        (ev.SupportEnded,),
        lambda on: ev.SupportEnded(occurred_on=on, reason=EndReason.NEEDS_MET),
    )
    event["reason"] = EndReason.EHC_PLAN_ISSUED.value
    return document


# --- plans ----------------------------------------------------------------------


def _plan_site(draw: st.DrawFn, document: Document) -> Document:
    """A plan of the document: agreed, or in force when a history was received."""
    event = _site(
        draw,
        document,
        (ev.PlanAgreed, ev.SENHistoryReceived),
        lambda on: ev.PlanAgreed(plan=_plan(on)),
        where=lambda e: e.get("plan") is not None,
    )
    plan: Document = event["plan"]
    return plan


def _target(draw: st.DrawFn, document: Document) -> tuple[Document, Document]:
    plan = _plan_site(draw, document)
    if not plan["targets"]:
        plan["targets"] = _as_json(_plan(_day(plan["agreed_on"])), SupportPlan)[
            "targets"
        ]
    return plan, draw(st.sampled_from(plan["targets"]))


def _provision(draw: st.DrawFn, document: Document) -> Document:
    return _provision_of(draw, _plan_site(draw, document))


def _provision_of(draw: st.DrawFn, plan: Document) -> Document:
    if not plan["provisions"]:
        plan["provisions"] = _as_json(_plan(_day(plan["agreed_on"])), SupportPlan)[
            "provisions"
        ]
    found: Document = draw(st.sampled_from(plan["provisions"]))
    return found


@_breaks("target.blank")
def _target_blank(draw: st.DrawFn, record: SupportRecord, document: Document) -> object:
    _, target = _target(draw, document)
    target[draw(st.sampled_from(["target_id", "description"]))] = " "
    return document


@_breaks("target.due_before_set")
def _target_due(draw: st.DrawFn, record: SupportRecord, document: Document) -> object:
    _, target = _target(draw, document)
    target["due_on"] = _shift(target["set_on"], -draw(st.integers(0, 30)))
    return document


@_breaks("provision.blank")
def _provision_blank(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    _provision(draw, document)[draw(st.sampled_from(["provision_id", "name"]))] = ""
    return document


@_breaks("provision.group_size")
def _group_size(draw: st.DrawFn, record: SupportRecord, document: Document) -> object:
    _provision(draw, document)["group_size"] = draw(st.sampled_from([0, -3]))
    return document


@_breaks("provision.timetable")
def _timetable(draw: st.DrawFn, record: SupportRecord, document: Document) -> object:
    provision = _provision(draw, document)
    sessions, minutes = draw(st.sampled_from([(0, 20), (3, 0), (-1, -1)]))
    provision.update(sessions_per_week=sessions, minutes_per_session=minutes)
    return document


@_breaks("provision.timetable_incomplete")
def _timetable_half(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    provision = _provision(draw, document)
    given = draw(st.sampled_from(["sessions_per_week", "minutes_per_session"]))
    provision.update(sessions_per_week=None, minutes_per_session=None)
    provision[given] = 3
    return document


@_breaks("provision.ends_before_start")
def _provision_ends(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    provision = _provision(draw, document)
    provision["ends_on"] = _shift(provision["starts_on"], -draw(st.integers(1, 30)))
    return document


def _measure(scale: MeasureScale, on: str) -> Document:
    return {"scale": scale.value, "value": 10, "taken_on": on}


@_breaks("provision.measure_scale")
def _measure_scale(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    provision = _provision(draw, document)
    entry, exit_ = draw(st.permutations(list(MeasureScale)))[:2]
    on = provision["starts_on"]
    provision.update(entry=_measure(entry, on), exit=_measure(exit_, on))
    return document


@_breaks("provision.exit_before_entry")
def _measure_order(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    provision = _provision(draw, document)
    scale = draw(st.sampled_from(MeasureScale))
    on = provision["starts_on"]
    provision.update(
        entry=_measure(scale, _shift(on, draw(st.integers(1, 30)))),
        exit=_measure(scale, on),
    )
    return document


@_breaks("plan.no_needs")
def _plan_no_needs(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    plan = _plan_site(draw, document)
    plan["needs"] = []
    for target in plan["targets"]:
        target["area"] = None  # an area no need of the plan belongs to is a rule too
    return document


@_breaks("plan.needs.duplicate")
def _plan_needs_twice(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    plan = _plan_site(draw, document)
    plan["needs"] = [*plan["needs"], draw(st.sampled_from(plan["needs"]))]
    return document


@_breaks("plan.contributors.duplicate")
def _contributors_twice(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    plan = _plan_site(draw, document)
    role = draw(st.sampled_from(Role)).value
    plan["contributors"] = [role, *[r for r in plan["contributors"] if r != role], role]
    return document


@_breaks("plan.target.duplicate_id")
def _target_twice(draw: st.DrawFn, record: SupportRecord, document: Document) -> object:
    plan, target = _target(draw, document)
    plan["targets"].append(dict(target, description="Another target"))
    return document


@_breaks("plan.provision.duplicate_id")
def _provision_twice(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    plan = _plan_site(draw, document)
    provision = _provision_of(draw, plan)
    plan["provisions"].append(dict(provision, name="Another provision"))
    return document


@_breaks("plan.target_due_after_review")
def _target_late(draw: st.DrawFn, record: SupportRecord, document: Document) -> object:
    plan, target = _target(draw, document)
    target["long_term"] = False
    target["due_on"] = _shift(plan["review_due_on"], draw(st.integers(1, 60)))
    return document


@_breaks("plan.target_set_after_agreement")
def _target_set_late(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    plan, target = _target(draw, document)
    target["set_on"] = _shift(plan["agreed_on"], draw(st.integers(1, 30)))
    target["due_on"] = _shift(target["set_on"], 30)
    target["long_term"] = True  # due after the review is a rule of its own
    return document


@_breaks("plan.target_area")
def _target_area(draw: st.DrawFn, record: SupportRecord, document: Document) -> object:
    plan, target = _target(draw, document)
    with_area = [NeedType(n) for n in plan["needs"] if NeedType(n).area is not None]
    need_type = with_area[0] if with_area else NeedType.SLCN
    plan["needs"] = [need_type.value]
    others = [a for a in AreaOfNeed if a is not need_type.area]
    target["area"] = draw(st.sampled_from(others)).value
    return document


# --- reviews --------------------------------------------------------------------


def _review_site(draw: st.DrawFn, document: Document) -> Document:
    event = _site(
        draw,
        document,
        (ev.ReviewHeld,),
        lambda on: ev.ReviewHeld(review=_review(_plan(on), on)),
    )
    review: Document = event["review"]
    return review


def _outcome(draw: st.DrawFn, review: Document) -> Document:
    if not review["outcomes"]:
        review["outcomes"] = [
            {"target_id": "T1", "attainment": "met", "achieved_on": None, "comment": ""}
        ]
    found: Document = draw(st.sampled_from(review["outcomes"]))
    return found


def _rating(draw: st.DrawFn, review: Document) -> Document:
    if not review["ratings"]:
        review["ratings"] = [
            {"provision_id": "P1", "effectiveness": "effective", "comment": ""}
        ]
    found: Document = draw(st.sampled_from(review["ratings"]))
    return found


@_breaks("outcome.blank")
def _outcome_blank(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    _outcome(draw, _review_site(draw, document))["target_id"] = " "
    return document


@_breaks("outcome.achieved_not_met")
def _achieved_not_met(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    review = _review_site(draw, document)
    outcome = _outcome(draw, review)
    outcome["attainment"] = draw(st.sampled_from(["not_met", "partly_met"]))
    outcome["achieved_on"] = review["held_on"]
    return document


@_breaks("rating.blank")
def _rating_blank(draw: st.DrawFn, record: SupportRecord, document: Document) -> object:
    _rating(draw, _review_site(draw, document))["provision_id"] = ""
    return document


@_breaks("review.participants.duplicate")
def _participants_twice(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    review = _review_site(draw, document)
    role = draw(st.sampled_from(Role)).value
    review["participants"] = [
        role,
        *[r for r in review["participants"] if r != role],
        role,
    ]
    return document


@_breaks("review.outcome.duplicate_id")
def _outcome_twice(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    review = _review_site(draw, document)
    outcome = _outcome(draw, review)  # may give the review its first outcome
    review["outcomes"].append(dict(outcome))
    return document


@_breaks("review.rating.duplicate_id")
def _rating_twice(draw: st.DrawFn, record: SupportRecord, document: Document) -> object:
    review = _review_site(draw, document)
    rating = _rating(draw, review)  # may give the review its first rating
    review["ratings"].append(dict(rating))
    return document


@_breaks("review.achieved_after_review")
def _achieved_late(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    review = _review_site(draw, document)
    outcome = _outcome(draw, review)
    outcome["attainment"] = draw(st.sampled_from(["met", "exceeded"]))
    outcome["achieved_on"] = _shift(review["held_on"], draw(st.integers(1, 30)))
    return document


_ENDING = {
    ReviewDecision.END_SUPPORT.value,
    ReviewDecision.REQUEST_EHC_NEEDS_ASSESSMENT.value,
}


@_breaks("review.next_not_after")
def _next_early(draw: st.DrawFn, record: SupportRecord, document: Document) -> object:
    review = _review_site(draw, document)
    if review["decision"] in _ENDING:
        review["decision"] = ReviewDecision.CONTINUE.value
    review["next_review_due_on"] = _shift(review["held_on"], -draw(st.integers(0, 30)))
    return document


@_breaks("review.next_after_end")
def _next_after_end(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    review = _review_site(draw, document)
    review["decision"] = draw(st.sampled_from(sorted(_ENDING)))
    review["next_review_due_on"] = _shift(review["held_on"], draw(st.integers(1, 90)))
    return document


# --- the record and the machine ------------------------------------------------


@_breaks("record.first_event")
def _first_event(draw: st.DrawFn, record: SupportRecord, document: Document) -> object:
    events = _events(document)
    if draw(st.booleans()):
        events.clear()
    else:
        on = record.opened_on
        openings: list[ev.Event] = [
            ev.ParentMeetingHeld(occurred_on=on),
            ev.EHCNeedsAssessmentRequested(occurred_on=on),
            ev.AssessmentCompleted(occurred_on=on, outcome=AssessmentOutcome.NOT_SEN),
        ]
        events[0] = _event_json(draw(st.sampled_from(openings)))
    return document


@_breaks("record.too_many_events")
def _too_many(draw: st.DrawFn, record: SupportRecord, document: Document) -> object:
    events = _events(document)
    most = limits.current().events_per_record
    events.extend([events[-1]] * (most + 1 - len(events)))
    return document


def _plain(kind: type[ev.Event], on: dt.date) -> ev.Event:
    """An event of ``kind`` on ``on`` that breaks no rule of its own."""
    plain: dict[type, Callable[[], ev.Event]] = {
        ev.ConcernRaised: lambda: ev.ConcernRaised(
            occurred_on=on, raised_by=Role.TEACHER
        ),
        ev.SENHistoryReceived: lambda: _history(on),
        ev.AssessmentCompleted: lambda: ev.AssessmentCompleted(
            occurred_on=on, outcome=AssessmentOutcome.SPECIALIST_ADVICE_NEEDED
        ),
        ev.SpecialistAdviceReceived: lambda: ev.SpecialistAdviceReceived(
            occurred_on=on, specialist=Role.EDUCATIONAL_PSYCHOLOGIST
        ),
        ev.PlanAgreed: lambda: ev.PlanAgreed(plan=_plan(on)),
        ev.ReviewHeld: lambda: ev.ReviewHeld(review=_review(_plan(on), on)),
        ev.EHCNeedsAssessmentDecided: lambda: ev.EHCNeedsAssessmentDecided(
            occurred_on=on, decision=EHCDecision.AGREED
        ),
        ev.SupportEnded: lambda: ev.SupportEnded(
            occurred_on=on, reason=EndReason.LEFT_SCHOOL
        ),
    }
    make = plain.get(kind)
    return make() if make is not None else kind(occurred_on=on)  # type: ignore[call-arg]


def _is_open(state: RecordState) -> bool:
    return not state.is_closed


@_breaks("record.closed")
def _after_the_end(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    slot = _slot(draw, record, document, lambda s: s.is_closed, "ended")
    on = slot.state.last_event_on + dt.timedelta(days=draw(st.integers(0, 60)))
    return slot.put(document, _plain(draw(st.sampled_from(ev.EVENT_TYPES)), on))


@_breaks("stage.not_allowed")
def _wrong_stage(draw: st.DrawFn, record: SupportRecord, document: Document) -> object:
    slot = _slot(draw, record, document, _is_open, "concern")
    stage = slot.state.stage
    refused = [k for k in ev.EVENT_TYPES if transition_for(stage, k) is None]
    on = slot.state.last_event_on + dt.timedelta(days=draw(st.integers(0, 60)))
    return slot.put(document, _plain(draw(st.sampled_from(refused)), on))


@_breaks("event.out_of_order")
def _too_early(draw: st.DrawFn, record: SupportRecord, document: Document) -> object:
    slot = _slot(draw, record, document, _is_open, "concern")
    on = slot.state.last_event_on - dt.timedelta(days=draw(st.integers(1, 400)))
    return slot.put(document, ev.ParentMeetingHeld(occurred_on=on))


def _has_nsa(state: RecordState) -> bool:
    return any(n.need_type is NeedType.NSA for n in state.needs)


def _in_ehc(state: RecordState) -> bool:
    return state.stage is Stage.EHC_NEEDS_ASSESSMENT


@_breaks("ehc.already_requested")
def _requested_twice(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    slot = _slot(
        draw,
        record,
        document,
        lambda s: _in_ehc(s) and s.ehc_requested_on is not None,
        "requested",
    )
    on = slot.state.last_event_on
    return slot.put(document, ev.EHCNeedsAssessmentRequested(occurred_on=on))


@_breaks("ehc.not_requested")
def _never_requested(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    slot = _slot(
        draw,
        record,
        document,
        lambda s: _in_ehc(s) and s.ehc_requested_on is None,
        "reviewed_to_ehc",
    )
    kinds: list[type[ev.Event]] = [ev.EHCNeedsAssessmentDecided, ev.EHCPlanDeclined]
    if not _has_nsa(slot.state):
        kinds.append(ev.EHCPlanIssued)
    on = slot.state.last_event_on
    return slot.put(document, _plain(draw(st.sampled_from(kinds)), on))


@_breaks("ehc.already_decided")
def _decided_twice(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    slot = _slot(
        draw,
        record,
        document,
        lambda s: _in_ehc(s) and s.ehc_decision is EHCDecision.AGREED,
        "agreed",
    )
    decision = draw(st.sampled_from(EHCDecision))
    on = slot.state.last_event_on
    return slot.put(
        document, ev.EHCNeedsAssessmentDecided(occurred_on=on, decision=decision)
    )


@_breaks("ehc.not_agreed")
def _not_agreed(draw: st.DrawFn, record: SupportRecord, document: Document) -> object:
    slot = _slot(
        draw,
        record,
        document,
        lambda s: (
            _in_ehc(s) and s.ehc_requested_on is not None and s.ehc_decision is None
        ),
        "requested",
    )
    kinds: list[type[ev.Event]] = [ev.EHCPlanDeclined]
    if not _has_nsa(slot.state):
        kinds.append(ev.EHCPlanIssued)
    on = slot.state.last_event_on
    return slot.put(document, _plain(draw(st.sampled_from(kinds)), on))


@_breaks("ehc.plan_with_nsa")
def _plan_with_nsa(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    slot = _slot(
        draw,
        record,
        document,
        lambda s: _in_ehc(s) and s.ehc_decision is EHCDecision.AGREED and _has_nsa(s),
        "agreed_with_nsa",
    )
    return slot.put(document, ev.EHCPlanIssued(occurred_on=slot.state.last_event_on))


@_breaks("plan.no_identified_need")
def _plan_without_need(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    slot = _slot(
        draw,
        record,
        document,
        lambda s: s.stage is Stage.PLAN and not s.needs,
        "history_without_needs",
    )
    (need_type,) = _other_types(draw, 1)
    on = slot.state.last_event_on
    return slot.put(document, ev.PlanAgreed(plan=_plan(on, need_type)))


@_breaks("assessment.no_need")
def _support_without_need(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    slot = _slot(
        draw,
        record,
        document,
        lambda s: s.stage is Stage.ASSESS and not s.needs,
        "concern",
    )
    on = slot.state.last_event_on
    return slot.put(
        document,
        ev.AssessmentCompleted(occurred_on=on, outcome=AssessmentOutcome.SEN_SUPPORT),
    )


def _planning(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> tuple[_Slot, SupportPlan]:
    """A place where a plan may be agreed, and a valid plan for it."""
    slot = _slot(
        draw,
        record,
        document,
        lambda s: s.stage is Stage.PLAN and bool(s.needs),
        "assessed",
    )
    need_type = draw(st.sampled_from([n.need_type for n in slot.state.needs]))
    return slot, _plan(slot.state.last_event_on, need_type)


@_breaks("plan.no_targets")
def _no_targets(draw: st.DrawFn, record: SupportRecord, document: Document) -> object:
    slot, plan = _planning(draw, record, document)
    return slot.put(document, ev.PlanAgreed(plan=attrs.evolve(plan, targets=())))


@_breaks("plan.no_provisions")
def _no_provisions(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    slot, plan = _planning(draw, record, document)
    return slot.put(document, ev.PlanAgreed(plan=attrs.evolve(plan, provisions=())))


@_breaks("plan.review_not_after_agreement")
def _review_too_soon(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    slot, plan = _planning(draw, record, document)
    due = plan.agreed_on - dt.timedelta(days=draw(st.integers(0, 30)))
    # Long-term targets may be due after the review: no rule of the plan's own breaks.
    targets = tuple(attrs.evolve(t, long_term=True) for t in plan.targets)
    changed = attrs.evolve(plan, review_due_on=due, targets=targets)
    return slot.put(document, ev.PlanAgreed(plan=changed))


@_breaks("plan.need_not_identified")
def _need_not_identified(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    slot, plan = _planning(draw, record, document)
    held = {n.need_type for n in slot.state.needs}
    other = draw(st.sampled_from([t for t in NeedType if t not in held]))
    return slot.put(document, ev.PlanAgreed(plan=attrs.evolve(plan, needs=(other,))))


def _reviewing(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> tuple[_Slot, SupportPlan, Review]:
    """A place where the plan in force may be reviewed, and a valid review of it."""
    slot = _slot(
        draw,
        record,
        document,
        lambda s: s.current_plan is not None,
        "planned",
    )
    plan = slot.state.current_plan
    assert plan is not None
    return slot, plan, _review(plan, slot.state.last_event_on)


@_breaks("review.before_plan")
def _review_early(draw: st.DrawFn, record: SupportRecord, document: Document) -> object:
    slot, plan, review = _reviewing(draw, record, document)
    on = plan.agreed_on - dt.timedelta(days=draw(st.integers(1, 60)))
    changed = attrs.evolve(
        review, held_on=on, next_review_due_on=on + dt.timedelta(days=56)
    )
    return slot.put(document, ev.ReviewHeld(review=changed))


@_breaks("review.missing_outcome")
def _outcome_missing(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    slot, _, review = _reviewing(draw, record, document)
    left_out = draw(st.integers(0, len(review.outcomes) - 1))
    outcomes = tuple(o for i, o in enumerate(review.outcomes) if i != left_out)
    return slot.put(
        document, ev.ReviewHeld(review=attrs.evolve(review, outcomes=outcomes))
    )


def _unused(taken: Iterable[str], stem: str) -> str:
    used = set(taken)
    return next(f"{stem}{n}" for n in range(len(used) + 1) if f"{stem}{n}" not in used)


@_breaks("review.unknown_target")
def _outcome_unknown(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    slot, plan, review = _reviewing(draw, record, document)
    stranger = TargetOutcome(
        target_id=_unused((t.target_id for t in plan.targets), "T-none-"),
        attainment=draw(st.sampled_from(Attainment)),
    )
    changed = attrs.evolve(review, outcomes=(*review.outcomes, stranger))
    return slot.put(document, ev.ReviewHeld(review=changed))


@_breaks("review.unknown_provision")
def _rating_unknown(
    draw: st.DrawFn, record: SupportRecord, document: Document
) -> object:
    slot, plan, review = _reviewing(draw, record, document)
    rating = _as_json(review, Review)
    rating["ratings"].append(
        {
            "provision_id": _unused(
                (p.provision_id for p in plan.provisions), "P-none-"
            ),
            "effectiveness": "effective",
            "comment": "",
        }
    )
    return slot.put(document, {"event": "ReviewHeld", "review": rating})
