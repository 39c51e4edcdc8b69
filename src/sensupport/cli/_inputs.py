"""Reading the commands' input: a file of text or gzip, a directory of them, standard
input or a pipe; a file that is none of these is one clear error."""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import gzip
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ._common import _Usage

if TYPE_CHECKING:
    from ..partitions import Partition
    from ..process.record import SupportRecord

PARTS_PER_WORKER = 4
"""Byte ranges a plain file is cut into for each worker: a worker that finishes
early takes the next range, so the workers end together."""


def _refuse_binary(path: Path) -> None:
    """A file whose start is no text at all is the wrong file: one line naming it.
    (A text file with a bad byte further on is read, and the line named.)"""
    from ..partitions._files import _is_gzip

    if path.is_dir() or _is_gzip(path):
        return  # each file of a directory, and gzip's contents, are judged as read
    try:
        with path.open("rb") as file:
            head = file.read(4096)
    except OSError:
        return  # reading it properly will say what is wrong
    # Text has no NUL byte, and a stray byte that is not UTF-8 is rare in it.
    text = head.decode("utf-8", errors="replace")
    binary = b"\x00" in head or text.count("\ufffd") > len(text) // 20
    if binary:
        raise _Usage(
            f"{path}: not UTF-8 text; is it a binary file, or compressed other "
            "than with gzip?"
        )


def _kind_of(path: Path) -> str | None:
    """What a file that is not JSON Lines looks like, from its first characters."""
    from ..partitions._files import _is_gzip

    compressed = _is_gzip(path)
    try:
        if compressed:
            with gzip.open(path, "rb") as packed:
                head = packed.read(4096)
        else:
            with path.open("rb") as plain:
                head = plain.read(4096)
    except (OSError, EOFError):
        return None  # reading it properly will say what is wrong
    start = head.decode("utf-8", errors="replace")
    start = start.lstrip("\ufeff \t\r\n")
    if not start or start.startswith("{"):
        return None
    if start.startswith("<"):
        return "XML (a Common Transfer File?): import it with `sensupport import FILE`"
    if "," in start.split("\n", 1)[0]:
        return "CSV (a register exported from an MIS?): import it with `sensupport import FILE --mapping MAPPING.toml`"
    return None


@contextlib.contextmanager
def _text_lines(path: Path) -> Iterator[Iterator[str]]:
    """The lines of a UTF-8 text file, gzip-compressed or not, as one clear error if
    the file is neither."""
    from ..partitions import Partition

    with _read_errors(path):
        yield Partition(path=path).lines()


@contextlib.contextmanager
def _read_errors(path: Path) -> Iterator[None]:
    """A file that is not UTF-8 text, or not whole gzip, as one clear error, however
    many processes read it."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        yield
    except UnicodeDecodeError:
        raise _Usage(
            f"{path}: not UTF-8 text; is it a binary file, or compressed other "
            "than with gzip?"
        ) from None
    except (gzip.BadGzipFile, EOFError) as error:
        raise _Usage(f"{path}: not a whole gzip file ({error})") from None
    except BrokenProcessPool:
        raise _Usage(
            "a worker process stopped before it finished (out of memory?); try "
            "fewer --workers"
        ) from None


def _partitions(path: Path, workers: int) -> list[Partition] | None:
    """The partitions to count a file or directory in, or None to read a file in
    one pass in this process, as ``--workers 1`` always has."""
    from ..partitions import partitions

    if path.is_dir():
        return partitions(path)
    if workers == 1:
        return None
    return partitions(path, parts=workers * PARTS_PER_WORKER)


def _readable_twice(path: Path) -> Path:
    """``path``, or for standard input (``-``), a pipe or a FIFO, which can be read
    only once, a temporary copy of it."""
    return _spooled(path) if str(path) == "-" or _is_stream(path) else path


def _spooled(path: Path) -> Path:
    """Standard input (``-``), a pipe or a FIFO copied to a temporary file, so it can
    be read more than once."""
    with tempfile.NamedTemporaryFile(prefix="sensupport-", delete=False) as spool:
        if str(path) == "-":
            shutil.copyfileobj(sys.stdin.buffer, spool)
        else:
            with path.open("rb") as stream:
                shutil.copyfileobj(stream, spool)
    atexit.register(os.unlink, spool.name)
    return Path(spool.name)


def _is_stream(path: Path) -> bool:
    """True for what can be read only once: a pipe, a FIFO, /dev/stdin."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False  # opening it will say why
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _latest_event_on(path: Path) -> dt.date | None:
    """The data date of a file, read from its JSON without loading the records."""
    from ..partitions import Partition, latest_event_on_lines

    with _read_errors(path):
        return latest_event_on_lines(Partition(path=path).lines("surrogateescape"))


def _records(path: Path | None) -> Iterator[SupportRecord]:
    from ..partitions import Partition
    from ..synth import load_sample

    if path is None:
        yield from load_sample()
        return
    with _read_errors(path):
        yield from Partition(path=path).records()
