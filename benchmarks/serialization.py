"""Loading and dumping records: sensupport against a pydantic v2 model of the same shape.

Run: ``python benchmarks/serialization.py [--pupils N] [--seed S]`` (needs pydantic:
``pip install -r benchmarks/requirements.txt``).

The pydantic models are made from the attrs classes, field by field: the same names,
types, optional fields and defaults, codes as the same enums, strict types, unknown
fields refused, events told apart by their ``event`` tag, and the same envelope. The
run first checks that both write the same documents and read them back equal.

What pydantic does not do, and sensupport's ``loads`` does, is replay the events
through the graduated approach's rules and run each class's cross-field checks: the
line "of which replay" shows that part of the time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import enum
import json
import types
import typing
from typing import Annotated, Any, Literal

import attrs
import pydantic

from sensupport import dumps, loads
from sensupport.process import SupportRecord, replay
from sensupport.process.events import EVENT_TYPES, Event
from sensupport.synth import generate_cohort
from sensupport.upn import UPN
from timing import timed

STRICT = pydantic.ConfigDict(extra="forbid", strict=True, frozen=True)
_models: dict[type, type[pydantic.BaseModel]] = {}


def _field_type(tp: Any) -> Any:
    if tp is Event:  # a union: events are told apart by their tag, not by trial
        events = tuple(model(cls) for cls in EVENT_TYPES)
        return Annotated[typing.Union[events], pydantic.Field(discriminator="event")]  # noqa: UP007
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return typing.Union[tuple(_field_type(a) for a in typing.get_args(tp))]  # noqa: UP007
    if origin is tuple:
        return tuple[_field_type(typing.get_args(tp)[0]), ...]  # type: ignore[misc]
    if tp is UPN:
        return str
    if attrs.has(tp):
        return model(tp)
    if tp in (str, int, float, bool, dt.date, type(None)) or issubclass(tp, enum.Enum):
        return tp
    raise TypeError(tp)


def model(cls: type) -> type[pydantic.BaseModel]:
    """The pydantic model of the same shape as an attrs class."""
    if cls in _models:
        return _models[cls]
    hints = typing.get_type_hints(cls)
    fields: dict[str, Any] = {}
    if cls in EVENT_TYPES:
        fields["event"] = (Literal[cls.__name__], ...)
    for f in attrs.fields(cls):
        if not f.init:
            continue
        default = ... if f.default is attrs.NOTHING else f.default
        fields[f.name] = (_field_type(hints[f.name]), default)
    made = pydantic.create_model(cls.__name__, __config__=STRICT, **fields)
    _models[cls] = made
    return made


def envelope() -> type[pydantic.BaseModel]:
    record = pydantic.create_model(
        "SupportRecordData",
        __config__=STRICT,
        pupil=(_field_type(typing.get_type_hints(SupportRecord)["pupil"]), ...),
        events=(_field_type(tuple[Event, ...]), ...),
    )
    return pydantic.create_model(
        "SupportRecordDocument",
        __config__=STRICT,
        schema_version=(Literal[1], ...),
        type=(Literal["SupportRecord"], ...),
        data=(record, ...),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pupils", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    records = list(
        generate_cohort(
            pupils=args.pupils,
            seed=args.seed,
            start=dt.date(2023, 9, 1),
            end=dt.date(2026, 7, 22),
        )
    )
    texts = [dumps(r) for r in records]
    document = envelope()
    models = [document.model_validate_json(t) for t in texts]
    for text, m, record in zip(texts, models, records, strict=True):
        if json.loads(m.model_dump_json()) != json.loads(text):
            raise SystemExit("the pydantic model writes another document")
        if loads(text, SupportRecord) != record:
            raise SystemExit("sensupport does not read its own document back")

    n = len(records)
    rows = [
        (
            "loads",
            timed(lambda: [loads(t, SupportRecord) for t in texts]),
            timed(lambda: [document.model_validate_json(t) for t in texts]),
        ),
        (
            "  of which replay",
            timed(lambda: [replay(r.pupil, r.events) for r in records]),
            None,
        ),
        (
            "dumps",
            timed(lambda: [dumps(r) for r in records]),
            timed(lambda: [m.model_dump_json() for m in models]),
        ),
    ]
    size = sum(map(len, texts)) / n
    print(f"{n} records, {size:.0f} bytes of JSON each; pydantic {pydantic.VERSION}")
    print(f"{'job':<18} {'sensupport':>14} {'pydantic':>14} {'ratio':>7}")
    for name, ours, theirs in rows:
        if theirs is None:
            print(f"{name:<18} {n / ours:>9.0f} rec/s")
            continue
        print(
            f"{name:<18} {n / ours:>9.0f} rec/s {n / theirs:>9.0f} rec/s "
            f"{ours / theirs:>7.2f}"
        )
    print("ratio: sensupport's time / pydantic's (1.5 or less for loads is the aim)")


if __name__ == "__main__":
    main()
