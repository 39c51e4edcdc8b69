"""What every command shares: the exit codes, the error for a command called wrongly,
the count of progress, and the output written whole or not at all."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TextIO

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class _Usage(Exception):
    """A problem with how the command was called."""


class _Progress:
    """Counts records on a terminal's standard error; silent when it is not one."""

    def __init__(self, what: str, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty()
        self.what = what
        self.count = 0

    def tick(self) -> None:
        self.count += 1
        if self.live and self.count % 1000 == 0:
            self.stream.write(f"\r{self.what}: {self.count:,}")
            self.stream.flush()

    def done(self) -> None:
        if self.live and self.count >= 1000:
            self.stream.write(f"\r{self.what}: {self.count:,}\n")


def _check_output(path: Path, input: Path | None) -> None:
    """Refuse, before any work, an output that cannot be written or is the input."""
    if not path.parent.is_dir():
        raise _Usage(f"-o {path}: there is no directory {path.parent}")
    if path.is_dir():
        raise _Usage(f"-o {path}: a directory, not a file")
    if input is not None and str(input) != "-" and path.exists():
        with contextlib.suppress(OSError):
            if path.samefile(input):
                raise _Usage(f"-o {path} is the input; write the output elsewhere")


@contextlib.contextmanager
def _output(path: Path | None) -> Iterator[IO[str]]:
    """Standard output, or a file written whole or not at all: into a temporary file
    beside it, renamed over it only once everything is written, so an interrupted
    run never leaves a file that looks complete. Says when a file was replaced."""
    if path is None:
        yield sys.stdout
        return
    replaced = path.exists()
    with tempfile.NamedTemporaryFile(
        "w",
        encoding="utf-8",
        newline="",
        dir=path.parent,
        prefix=f".{path.name}.",
        suffix=".part",
        delete=False,
    ) as part:
        try:
            yield part
        except BaseException:
            part.close()
            os.unlink(part.name)
            raise
    os.replace(part.name, path)
    if replaced:
        print(f"sensupport: replaced {path}", file=sys.stderr)
