"""One exception hierarchy, and the `Problem` every check reports.

A `Problem` names the rule that was broken (a stable ``code``), says what is wrong
in words that cite the values, and says where (``path``). Errors block; advisories
are kept on a record but let a step through.

>>> from sensupport.errors import Problem, ValidationError
>>> p = Problem(code="upn.check_letter", message="check letter should be B, not C",
...             path="pupil.upn")
>>> print(p)
pupil.upn: check letter should be B, not C [upn.check_letter]
>>> err = ValidationError([p])
>>> isinstance(err, ValueError)
True
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

import attrs

__all__ = [
    "NotFoundError",
    "Problem",
    "SenSupportError",
    "Severity",
    "TransitionError",
    "ValidationError",
]


class Severity(enum.StrEnum):
    """How much a problem matters."""

    ERROR = "error"
    """Blocks: the object or step is rejected."""
    ADVISORY = "advisory"
    """Allowed, but practice falls short of the Code of Practice; kept on the record."""


_LONGEST_MESSAGE = 1_000


def _bounded(message: str) -> str:
    # Checks quote what they were given; whatever that was, a message stays short
    # enough to read, log and print.
    if len(message) <= _LONGEST_MESSAGE:
        return message
    said = f"... (cut: the message had {len(message):,} characters)"
    return message[: _LONGEST_MESSAGE - len(said)] + said


@attrs.frozen(kw_only=True)
class Problem:
    """One broken rule: which (``code``), what (``message``) and where (``path``).

    ``path`` is a dotted path into the object or document checked, such as
    ``plan.targets[2].due_on``; empty when the problem concerns the whole object.
    A message longer than 1,000 characters is cut, and says how long it was.
    """

    code: str
    message: str = attrs.field(converter=_bounded)
    path: str = ""
    severity: Severity = Severity.ERROR

    def at(self, prefix: str) -> Problem:
        """Return this problem with ``prefix`` put in front of its path.

        >>> Problem(code="x", message="m", path="due_on").at("targets[0]").path
        'targets[0].due_on'
        """
        return attrs.evolve(self, path=_join_path(prefix, self.path))

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{where}{self.message} [{self.code}]"


def _join_path(prefix: str, path: str) -> str:
    """Join two parts of a path, so that ``a`` + ``[0]`` is ``a[0]``, not ``a.[0]``."""
    if not prefix:
        return path
    if not path:
        return prefix
    return f"{prefix}{path}" if path.startswith("[") else f"{prefix}.{path}"


class SenSupportError(Exception):
    """The base of every exception sensupport raises on purpose."""


class NotFoundError(SenSupportError, LookupError):
    """An id was looked up that the object does not hold."""


class _ProblemsError(SenSupportError):
    def __init__(self, problems: Iterable[Problem], summary: str) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        if not self.problems:
            raise ValueError(f"{type(self).__name__} needs at least one problem")
        self.summary = summary
        super().__init__(self._text())

    def _text(self) -> str:
        if len(self.problems) == 1:
            return f"{self.summary}: {self.problems[0]}"
        lines = "\n".join(f"  - {p}" for p in self.problems)
        return f"{self.summary}: {len(self.problems)} problems\n{lines}"

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes of the rules broken, in the order found."""
        return tuple(p.code for p in self.problems)

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        # Keeps the error picklable, so it can cross process boundaries.
        return (type(self), (self.problems, self.summary))


class ValidationError(_ProblemsError, ValueError):
    """An object could not be built, or a document could not be loaded.

    ``problems`` lists every problem found, each with its path, not just the first.
    ``line`` is the line number when the document came from JSON Lines.
    """

    def __init__(
        self,
        problems: Iterable[Problem],
        summary: str = "invalid",
        line: int | None = None,
    ) -> None:
        self.line = line
        super().__init__(problems, summary)

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        return (type(self), (self.problems, self.summary, self.line))


class TransitionError(_ProblemsError):
    """A step of the graduated approach was rejected.

    ``problems`` lists every rule the step broke (errors only; advisories never
    block).
    """

    def __init__(
        self, problems: Iterable[Problem], summary: str = "step rejected"
    ) -> None:
        super().__init__(problems, summary)
