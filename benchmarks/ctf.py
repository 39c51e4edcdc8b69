"""Writing and reading a large CTF: time, and peak memory that does not grow with it.

Run: ``python benchmarks/ctf.py [--pupils 50000] [--keep FILE]``.

Writes a CTF 25 of ``--pupils`` pupils with SEN history (one in seven with an EHC
plan, each with two ranked needs and an earlier provision) from a generator of
records, to a temporary file, then reads it back a pupil at a time with
`sensupport.ctf.read_ctf`, checking each record equals the one written (the time to
read includes building the expected records again, about the time to write). Printed: the file's size, the time to write and to read,
pupils per second, and the peak resident set size (``getrusage``) after each step. The
baseline, in the same run, is the standard library's `xml.etree.ElementTree.iterparse`
walking the same file and clearing each pupil: the cost of XML alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from sensupport import UPN, Need, NeedType, Pupil, SenProvision, Sex, YearGroup, ctf
from sensupport.process import ProvisionPeriod, SENHistoryReceived, SupportRecord

RECEIVED = dt.date(2025, 11, 3)
HEADER = ctf.CTFHeader(
    source=ctf.School(la="801", estab="2000", name="Benchmark School"),
    dest=ctf.School(la="801", estab="4001"),
    date_time=dt.datetime(2025, 11, 3, 9, 30),
)
KEY = b"benchmark key, sixteen bytes or more"
NEEDS = [t for t in NeedType if t is not NeedType.NSA]


def peak_rss_mib() -> float:
    """The process's peak resident set size so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def upn(n: int) -> UPN:
    body = f"{801 + n // 10_000_000 % 100:03d}{n // 100_000 % 100:04d}{n // 1000 % 100:02d}{n % 1000:03d}"
    return UPN.parse(UPN.check_letter_for(body) + body)


def record(n: int) -> SupportRecord:
    the_upn = upn(n)
    pupil = Pupil(
        pupil_id=ctf.pseudonym(the_upn, KEY),
        year_group=list(YearGroup)[n % 17],
        sex=(Sex.MALE, Sex.FEMALE)[n % 2],
        upn=the_upn,
        date_of_birth=dt.date(2010 + n % 10, n % 12 + 1, n % 28 + 1),
        given_name=f"Given{n}",
        family_name=f"Family{n}",
    )
    started = dt.date(2015 + n % 10, 9, 1)
    history = SENHistoryReceived(
        occurred_on=RECEIVED,
        provision=SenProvision.EHC_PLAN if n % 7 == 0 else SenProvision.SEN_SUPPORT,
        provision_started_on=started,
        needs=(
            Need(need_type=NEEDS[n % len(NEEDS)], identified_on=None),
            Need(need_type=NEEDS[(n + 1) % len(NEEDS)], rank=2, identified_on=None),
        ),
        received_from=HEADER.received_from,
        file="benchmark.xml",
        earlier=(
            ProvisionPeriod(
                started_on=started - dt.timedelta(days=400),
                provision=SenProvision.SEN_SUPPORT,
            ),
        ),
    )
    return SupportRecord(pupil=pupil, events=(history,))


def records(pupils: int) -> Iterator[SupportRecord]:
    return (record(n) for n in range(pupils))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, default=50_000)
    parser.add_argument("--keep", type=Path, help="write the CTF here and keep it")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or Path(folder) / "benchmark.xml"
        print(f"pupils: {args.pupils:,}; peak RSS at start: {peak_rss_mib():.1f} MiB")

        start = time.perf_counter()
        with open(path, "w", encoding="utf-8") as file:
            file.writelines(ctf.write_ctf(records(args.pupils), header=HEADER))
        took = time.perf_counter() - start
        size = os.path.getsize(path) / 2**20
        print(
            f"write: {took:.2f} s ({args.pupils / took:,.0f} pupils/s), "
            f"{size:.1f} MiB; peak RSS {peak_rss_mib():.1f} MiB"
        )

        start = time.perf_counter()
        n = 0
        for _, element in ET.iterparse(path, events=("end",)):
            if element.tag == "Pupil":
                n += 1
                element.clear()
        took = time.perf_counter() - start
        print(f"baseline iterparse: {took:.2f} s ({n / took:,.0f} pupils/s)")

        start = time.perf_counter()
        reader = ctf.read_ctf(path, key=KEY, received_on=RECEIVED)
        read = mismatched = 0
        for outcome, expected in zip(reader, records(args.pupils), strict=True):
            read += 1
            mismatched += outcome.record != expected
        took = time.perf_counter() - start
        print(
            f"read and compare: {took:.2f} s ({read / took:,.0f} pupils/s); "
            f"{mismatched} differ; peak RSS {peak_rss_mib():.1f} MiB"
        )
        if mismatched:
            raise SystemExit("the file did not read back equal")


if __name__ == "__main__":
    main()
