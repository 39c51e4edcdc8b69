"""An immutable sequence that grows at its end in constant time.

Each event's state adds to the state before it: a new cycle, an advisory, a parent
meeting. Copying a tuple to add one item makes replaying a log of n events cost n²;
a `Log` shares everything before its last item with the log it came from, so adding
costs the same however long the log. The items are put into a tuple only when asked
for, once per log.

>>> log = Log.of([1, 2]).added(3)
>>> len(log), log.last, log.items()
(3, 3, (1, 2, 3))
>>> log.replaced_last(4).items(), log.items()
((1, 2, 4), (1, 2, 3))
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Generic, TypeVar

__all__ = ["Log"]

T = TypeVar("T")


class Log(Generic[T]):
    """Items in order: the log before the last item, and the last item."""

    __slots__ = ("_before", "_items", "_last", "_length")

    def __init__(
        self,
        before: Log[T] | None,
        last: T | None,
        length: int,
        items: tuple[T, ...] | None,
    ) -> None:
        self._before = before
        self._last = last
        self._length = length
        self._items = items

    @classmethod
    def of(cls, values: Iterable[T]) -> Log[T]:
        """A log of the values, in order (a log is returned as it is)."""
        if isinstance(values, Log):
            return values
        items = tuple(values)
        return cls(None, items[-1] if items else None, len(items), items)

    @property
    def last(self) -> T | None:
        """The last item, None for an empty log."""
        return self._last

    def added(self, item: T) -> Log[T]:
        """The log with ``item`` at its end; this log is unchanged."""
        return Log(self, item, self._length + 1, None)

    def replaced_last(self, item: T) -> Log[T]:
        """The log with its last item replaced by ``item``; this log is unchanged.

        Raises:
            IndexError: The log is empty.
        """
        if not self._length:
            raise IndexError("an empty log has no last item")
        return self._without_last().added(item)

    def _without_last(self) -> Log[T]:
        if self._before is not None:
            return self._before
        assert self._items is not None  # a log with no predecessor holds its items
        return Log.of(self._items[:-1])

    def items(self) -> tuple[T, ...]:
        """Every item, in order, as a tuple (made once, then kept)."""
        if self._items is None:
            # Walk back to a log whose items are known, iteratively: a log of a
            # million events must not recurse a million deep.
            tail: list[T] = []
            node: Log[T] | None = self
            while node is not None and node._items is None:
                tail.append(node._last)  # type: ignore[arg-type]
                node = node._before
            head = node._items if node is not None and node._items else ()
            tail.reverse()
            self._items = (*head, *tail)
        return self._items

    def __len__(self) -> int:
        return self._length

    def __iter__(self) -> Iterator[T]:
        return iter(self.items())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Log):
            return self._length == other._length and self.items() == other.items()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.items())

    def __repr__(self) -> str:
        return f"Log({list(self.items())!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled as its items: a chain of nodes would pickle recursively.
        return (Log.of, (self.items(),))
