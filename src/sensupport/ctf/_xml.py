"""A streaming XML reader that refuses what a CTF never needs: DTDs and entities.

A CTF comes from another school's system, so it is read as hostile input. expat is
driven directly, a chunk at a time, and refuses any document type declaration
(internal or external), so no entity can be declared, expanded or fetched: billion
laughs, quadratic blowup, external entities and parameter entities all stop at the
``<!DOCTYPE`` with a `ValidationError`, before any expansion. Nothing is fetched
from a network or a disk. Limits on depth, text length and the number of elements
kept per pupil bound memory whatever the file holds.

Only the elements the reader uses are kept, as small `Element` trees, one ``Header``
or one ``Pupil`` at a time; every other element is counted by its path and dropped
at once.

>>> unused: dict[str, int] = {}
>>> chunks = [b"<CTfile><Header><CTFversion>25</CTFversion>", b"<URN>1</URN></Header>",
...           b"</CTfile>"]
>>> [(e.name, e.children[0].text) for e in elements(
...     chunks, {"Header", "Header/CTFversion"}, roots={"Header"}, unused=unused)]
[('Header', '25')]
>>> unused
{'Header/URN': 1}
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from typing import NoReturn
from xml.parsers import expat

from ..errors import Problem, ValidationError

__all__ = ["Element", "elements", "refuse"]

MAX_DEPTH = 32
"""Deeper than any CTF goes; a deeper document is refused, not followed."""
MAX_TEXT = 4096
"""The longest text kept for one element the reader uses (names, codes, dates)."""
MAX_KEPT = 2000
"""The most elements kept for one Header or Pupil (SEN entries and needs included)."""
MAX_UNUSED_PATHS = 2000
"""The most distinct paths of unused elements reported; more is not a CTF."""
CHUNK = 64 * 1024


def refuse(code: str, message: str, path: str = "") -> NoReturn:
    """Raise the `ValidationError` for a file that cannot be read."""
    raise ValidationError(
        [Problem(code=code, message=message, path=path)], summary="invalid CTF"
    )


class Element:
    """One element the reader uses: its name, text and children."""

    __slots__ = ("children", "name", "parts")

    def __init__(self, name: str) -> None:
        self.name = name
        self.children: list[Element] = []
        self.parts: list[str] = []

    @property
    def text(self) -> str:
        """The element's own text, stripped of surrounding whitespace."""
        return "".join(self.parts).strip()


class _Builder:
    """The expat handlers: keeps used elements under a root, counts the rest."""

    def __init__(
        self,
        parser: expat.XMLParserType,
        root: str,
        used: Collection[str],
        roots: Collection[str],
        unused: dict[str, int],
    ) -> None:
        self.parser, self.root, self.used, self.roots = parser, root, used, roots
        # One entry per open element: its index-free path, whether the reader uses
        # it, and the element if it is kept (under one of ``roots``).
        self.stack: list[tuple[str, bool, Element | None]] = []
        self.unused = unused
        self.done: list[Element] = []
        self.kept = 0

    def where(self) -> str:
        return f"line {self.parser.CurrentLineNumber}"

    def count(self, path: str) -> None:
        if path not in self.unused and len(self.unused) >= MAX_UNUSED_PATHS:
            refuse(
                "ctf.too_many_elements",
                f"more than {MAX_UNUSED_PATHS} different elements the reader does "
                "not use: this is not a CTF",
                self.where(),
            )
        self.unused[path] = self.unused.get(path, 0) + 1

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if len(self.stack) >= MAX_DEPTH:
            refuse(
                "ctf.too_deep",
                f"elements are nested more than {MAX_DEPTH} deep",
                self.where(),
            )
        if not self.stack:
            if name != self.root:
                refuse(
                    "ctf.root",
                    f"the document is a {name[:40]!r}, not a {self.root}",
                    self.where(),
                )
            # Paths are written below the root: Header/..., CTFpupilData/...
            self.stack.append(("", True, None))
            path = ""
        else:
            parent_path, parent_used, parent = self.stack[-1]
            path = f"{parent_path}/{name}" if parent_path else name
            if not (parent_used and path in self.used):
                self.count(path)
                self.stack.append((path, False, None))
                return
            element: Element | None = None
            if parent is not None or path in self.roots:
                element = Element(name)
                if parent is not None:
                    self.kept += 1
                    if self.kept > MAX_KEPT:
                        refuse(
                            "ctf.too_many_elements",
                            f"more than {MAX_KEPT} elements in one Header or Pupil",
                            self.where(),
                        )
                    parent.children.append(element)
            self.stack.append((path, True, element))
        for attribute in attributes:
            # Namespace declarations are how XML is written, not data.
            if not attribute.startswith("xmlns"):
                self.count(f"{path}/@{attribute}" if path else f"@{attribute}")

    def end(self, _: str) -> None:
        path, _used, element = self.stack.pop()
        if element is not None and path in self.roots:
            self.done.append(element)
            self.kept = 0

    def characters(self, data: str) -> None:
        element = self.stack[-1][2] if self.stack else None
        if element is None:
            return
        if sum(map(len, element.parts)) + len(data) > MAX_TEXT:
            refuse(
                "ctf.text_too_long",
                f"{element.name} holds more than {MAX_TEXT} characters",
                self.where(),
            )
        element.parts.append(data)


def _no_dtd(*_: object) -> NoReturn:
    refuse(
        "ctf.dtd",
        "the file declares a document type (<!DOCTYPE ...>); a CTF has none, and "
        "entities and external references are never read",
    )


def _no_entity(*_: object) -> NoReturn:
    refuse("ctf.entity", "the file declares or refers to an entity; a CTF has none")


def _builder(
    root: str, used: Collection[str], roots: Collection[str], unused: dict[str, int]
) -> _Builder:
    parser = expat.ParserCreate()
    # Parameter entities are never parsed, so an external DTD subset is never read.
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    builder = _Builder(parser, root, used, roots, unused)
    parser.StartDoctypeDeclHandler = _no_dtd
    parser.EntityDeclHandler = _no_entity
    parser.UnparsedEntityDeclHandler = _no_entity
    parser.ExternalEntityRefHandler = _no_entity
    parser.SkippedEntityHandler = _no_entity
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.characters
    parser.buffer_text = True
    return builder


def elements(
    chunks: Iterable[str | bytes],
    used: Collection[str],
    *,
    roots: Collection[str],
    unused: dict[str, int],
    root: str = "CTfile",
) -> Iterator[Element]:
    """Each kept root element, as its end tag is read.

    Args:
        chunks: The document, in pieces of any size (bytes, or text read as UTF-8).
        used: The index-free paths (below the root element) of the elements to keep.
        roots: The paths among ``used`` whose elements are handed over whole.
        unused: Filled as the document is read: each path (below the root, without
            positions) of an element or attribute not in ``used``, with its count.
        root: The name the document element must have.

    Raises:
        ValidationError: The document is not well-formed XML (``ctf.malformed``,
            with the line and column), declares a DTD or an entity, or breaks a
            limit.
    """
    builder = _builder(root, used, roots, unused)
    parser = builder.parser
    failure = None
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
            yield from builder.done
            builder.done.clear()
        parser.Parse(b"", True)
    except expat.ExpatError as error:
        failure = error
    if failure is not None:
        # Raised here, not in the handler, so that expat's own error is not chained.
        refuse(
            "ctf.malformed",
            f"not well-formed XML at line {failure.lineno}, column "
            f"{failure.offset + 1}: {expat.errors.messages[failure.code]}",
            f"line {failure.lineno}",
        )
    yield from builder.done
