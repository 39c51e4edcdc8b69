"""Partitions of JSON Lines: whole files, or byte ranges of a file cut at line ends."""

from __future__ import annotations

import contextlib
import gzip
import io
import itertools
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import attrs

from .._validation import Checked, Checks, show
from ..errors import Problem, ValidationError
from ..process.record import SupportRecord
from ..serialization import load_lines

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

__all__ = ["Partition", "partitions"]

_SUFFIXES = (".jsonl", ".jsonl.gz")  # the files of a directory that are partitions

_GZIP = b"\x1f\x8b"
_CHUNK = 1 << 16


@attrs.frozen(kw_only=True)
class Partition(Checked):
    """A piece of JSON Lines one worker reads: bytes ``start`` to ``end`` of a file.

    ``end`` None reads to the end of the file; a gzip-compressed file is read whole
    (``start`` 0, ``end`` None), since it cannot be read from the middle. A range
    starts at the beginning of a line and ends just after a newline or at the end of
    the file, as `partitions` makes them.
    """

    path: Path = attrs.field(converter=Path)
    start: int = 0
    end: int | None = None

    def _check(self, checks: Checks) -> None:
        if self.start < 0:
            checks.add(
                "start",
                "partition.start",
                f"a partition starts at byte 0 or later, not {show(self.start)}",
            )
        if self.end is not None and self.end < self.start:
            checks.add(
                "end",
                "partition.end",
                f"partition ends at byte {show(self.end)}, before it starts at "
                f"{show(self.start)}",
            )

    @property
    def whole(self) -> bool:
        """True when the partition is the whole file."""
        return self.start == 0 and self.end is None

    def lines(self, errors: str = "strict") -> Iterator[str]:
        """The partition's lines as text, read lazily: UTF-8 (a byte order mark at the
        start of the file skipped), with universal newlines (as `open` reads text),
        gzip-compressed when the whole file is.

        Args:
            errors: How bytes that are not UTF-8 are decoded, as `open` takes it:
                ``"surrogateescape"`` keeps each as a lone surrogate, for the
                caller to report by line (see `not_utf8`).

        Raises:
            ValueError: The partition is a byte range of a gzip-compressed file.
            UnicodeDecodeError: The file is not UTF-8 text (with ``errors="strict"``).
        """
        compressed = _is_gzip(self.path)
        if compressed and not self.whole:
            raise ValueError(
                f"{self.path}: gzip-compressed, so it is read whole, not from byte "
                f"{self.start}"
            )
        with contextlib.ExitStack() as stack:
            encoding = "utf-8-sig" if self.start == 0 else "utf-8"
            if compressed:
                text: Iterable[str] = stack.enter_context(
                    gzip.open(self.path, "rt", encoding=encoding, errors=errors)
                )
            elif self.whole:
                text = stack.enter_context(
                    self.path.open("r", encoding=encoding, errors=errors)
                )
            else:
                text = stack.enter_context(
                    _read_range(self.path, self.start, self.end, encoding, errors)
                )
            yield from text

    def records(self) -> Iterator[SupportRecord]:
        """The partition's records, loaded (checked and replayed) one at a time.

        Raises:
            ValidationError: At the first invalid record; ``error.line`` is its
                line in the file, not in the partition, and the summary names the
                file.
        """
        with self.located():
            yield from load_lines(self.checked_lines(), SupportRecord)

    def checked_lines(self) -> Iterator[str]:
        """The partition's lines, up to the first that is not UTF-8 text, refused
        with its number in the partition (``document.not_utf8``)."""
        return _refusing_bytes(self.lines(errors="surrogateescape"))

    @contextlib.contextmanager
    def located(self) -> Iterator[None]:
        """Raise the `ValidationError` of a line of the partition with its line in
        the file, and the summary naming the file."""
        try:
            yield
        except ValidationError as error:
            if error.line is None:
                raise
            line = error.line + self._lines_before()
            raise ValidationError(
                error.problems,
                summary=f"invalid document on line {line} of {self.path}",
                line=line,
            ) from None

    def _lines_before(self) -> int:
        """How many lines of the file come before the partition (counted only when
        an error needs its line number)."""
        if self.start == 0:
            return 0
        with _read_range(self.path, 0, self.start) as text:
            return sum(1 for _ in text)


def partitions(path: str | os.PathLike[str], *, parts: int = 1) -> list[Partition]:
    """The partitions of an input, in the order its records come.

    A directory gives a partition per ``*.jsonl`` or ``*.jsonl.gz`` file in it, in
    order of name. A plain file is cut into ``parts`` byte ranges of about equal size,
    each starting after a newline and ending at one, so every line belongs to exactly
    one range (fewer ranges when there are fewer lines; none for an empty file). A
    gzip-compressed file, or one that can be read only once (a pipe), is one
    partition.

    Raises:
        ValueError: ``parts`` is less than 1, or a directory holds no JSON Lines.
        OSError: The path cannot be read.
    """
    if parts < 1:
        raise ValueError(f"parts must be 1 or more, not {parts}")
    path = Path(path)
    if path.is_dir():
        files = sorted(
            p for p in path.iterdir() if p.name.endswith(_SUFFIXES) and p.is_file()
        )
        if not files:
            raise ValueError(
                f"{path}: a directory of JSON Lines holds {' or '.join(_SUFFIXES)} "
                "files, and this one holds none"
            )
        return [Partition(path=p) for p in files]
    if not stat.S_ISREG(path.stat().st_mode) or _is_gzip(path):
        return [Partition(path=path)]
    with path.open("rb") as file:
        size = os.fstat(file.fileno()).st_size
        return [
            Partition(path=path, start=start, end=end)
            for start, end in _line_ranges(file, size, parts)
        ]


def _is_gzip(path: Path) -> bool:
    """True when the file starts with gzip's magic bytes."""
    with path.open("rb") as raw:
        return raw.read(2) == _GZIP


def _line_ranges(file: BinaryIO, size: int, parts: int) -> list[tuple[int, int]]:
    """Byte ranges of about ``size / parts`` bytes, each cut just after a newline."""
    cuts = [0]
    for i in range(1, parts):
        target = size * i // parts
        if target > cuts[-1]:
            cut = _line_start_from(file, target, size)
            if cut > cuts[-1]:
                cuts.append(cut)
    cuts.append(size)
    return [(a, b) for a, b in itertools.pairwise(cuts) if b > a]


def _line_start_from(file: BinaryIO, at: int, size: int) -> int:
    """The first byte at or after ``at`` that starts a line (``size`` if none does)."""
    # A line starts at `at` if the byte before it is a newline: search from there.
    position = at - 1
    file.seek(position)
    while position < size:
        chunk = file.read(_CHUNK)
        if not chunk:
            break
        found = chunk.find(b"\n")
        if found >= 0:
            return position + found + 1
        position += len(chunk)
    return size


class _Range(io.RawIOBase):
    """Bytes ``start`` to ``end`` of a file, as a file of their own."""

    def __init__(self, path: Path, start: int, end: int | None) -> None:
        self._file = path.open("rb", buffering=0)
        self._file.seek(start)
        self._left = None if end is None else end - start

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer)
        if self._left is not None:
            view = view[: self._left]
        read = self._file.readinto(view) or 0
        if self._left is not None:
            self._left -= read
        return read

    def close(self) -> None:
        self._file.close()
        super().close()


def _read_range(
    path: Path,
    start: int,
    end: int | None,
    encoding: str = "utf-8",
    errors: str = "strict",
) -> io.TextIOWrapper:
    # Decoded as `open` decodes text, universal newlines and all: a range is cut
    # after "\n", which ends a line whether alone or after "\r", so the range's
    # lines are exactly the file's.
    raw = _Range(path, start, end)
    return io.TextIOWrapper(
        io.BufferedReader(raw, _CHUNK), encoding=encoding, errors=errors
    )


def not_utf8(line: str) -> str | None:
    r"""What is wrong with a line read with ``errors="surrogateescape"`` that held
    bytes that are not UTF-8, or None when it is text.

    >>> not_utf8("abc"), not_utf8(b"ab\xffc".decode("utf-8", "surrogateescape"))
    (None, 'not UTF-8 text: byte 0xff at character 3')
    """
    if line.isascii():
        return None
    for index, char in enumerate(line):
        if "\udc80" <= char <= "\udcff":
            return (
                f"not UTF-8 text: byte 0x{ord(char) - 0xDC00:02x} at character "
                f"{index + 1}"
            )
    return None


def _refusing_bytes(lines: Iterable[str]) -> Iterator[str]:
    """The lines, up to the first that is not UTF-8 text, refused with its number."""
    for number, line in enumerate(lines, start=1):
        wrong = not_utf8(line)
        if wrong is not None:
            raise ValidationError(
                [Problem(code="document.not_utf8", message=wrong)],
                summary=f"invalid document on line {number}",
                line=number,
            )
        yield line
