"""The CTF API's types, checked by mypy --strict and never run as tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from pathlib import Path

from sensupport import ctf
from sensupport.process import SupportRecord


def read_records(path: Path, key: bytes) -> list[SupportRecord]:
    reader: ctf.CTFReader = ctf.read_ctf(
        path, key=key, received_on=dt.date(2025, 11, 3)
    )
    header: ctf.CTFHeader = reader.header
    assert header.source.la
    records = [p.record for p in reader if p.record is not None]
    unused: Mapping[str, int] = reader.unused
    assert unused is not None
    return records


def summary(pieces: Iterator[str]) -> str:
    result: ctf.CTFImport = ctf.import_ctf(pieces, file="in.xml")
    rejected: tuple[ctf.RejectedPupil, ...] = result.rejected
    raw: list[tuple[ctf.RawProvision, ...]] = [p.provisions for p in result.pupils]
    return f"{result} {len(rejected)} {len(raw)}"


def write(records: list[SupportRecord], when: dt.datetime) -> str:
    header = ctf.CTFHeader(source=ctf.School(la="801", estab="2000"), date_time=when)
    return "".join(ctf.write_ctf(records, header=header))
