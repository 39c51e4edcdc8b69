"""A self-review framework: its sources, areas, statements, stages and rating scale.

Every piece of a framework names the source it comes from (``source_id``, one of
the framework's `ReviewSource`; None for the framework's own source) and says
whether its wording was checked against that source (``confirmed``). A framework is
rated item by item: each statement, or an area as a whole when the framework holds
no statements for it.

>>> scale = RatingScale(lowest=1, highest=4,
...                     labels=(ScaleLevel(level=4, label="Embedded"),))
>>> scale.label(4), scale.high_from, scale.low_to
('Embedded', Fraction(3, 1), Fraction(2, 1))
>>> framework = ReviewFramework(
...     framework_id="la-example", name="An LA's own self-evaluation",
...     source_id="la", sources=(ReviewSource(source_id="la", title="Our guide"),),
...     areas=(ReviewArea(area_id="leadership", title="Leadership"),),
...     scale=scale)
>>> framework.rated_items()
{'leadership': 'leadership'}
>>> RatingScale(lowest=5, highest=5)
Traceback (most recent call last):
...
sensupport.errors.ValidationError: invalid RatingScale: highest: the highest level, 5, must be above the lowest, 5 [scale.range]
"""

from __future__ import annotations

from fractions import Fraction

import attrs

from .._validation import Checked, Checks, not_blank, show, unique
from ..errors import NotFoundError

__all__ = [
    "RatingScale",
    "ReviewArea",
    "ReviewFramework",
    "ReviewSource",
    "ReviewStage",
    "ReviewStatement",
    "ScaleLevel",
]


@attrs.frozen(kw_only=True)
class ReviewSource(Checked):
    """A document a framework's wording comes from.

    Args:
        source_id: Unique in the framework; what its parts name.
        title: The document's title as it gives it.
        publisher: Who published it.
        year: The year it was published, if known.
        url: Where it was read, if online.
        confirmed: False when the document itself was not seen (known only from
            another's account of it).
        note: What was and was not checked in it.
    """

    source_id: str
    title: str
    publisher: str = ""
    year: int | None = None
    url: str | None = None
    confirmed: bool = True
    note: str = ""

    def _check(self, checks: Checks) -> None:
        not_blank(checks, self.source_id, "source_id", "source")
        not_blank(checks, self.title, "title", "source")
        if self.url is not None:
            not_blank(checks, self.url, "url", "source")


@attrs.frozen(kw_only=True)
class ReviewStatement(Checked):
    """One statement a school rates itself against.

    Args:
        statement_id: Unique among the framework's statements and areas.
        text: Its wording, as its source gives it.
        confirmed: False when the wording was not checked against the source.
        source_id: The source; None for the framework's own.
    """

    statement_id: str
    text: str
    confirmed: bool = True
    source_id: str | None = None

    def _check(self, checks: Checks) -> None:
        not_blank(checks, self.statement_id, "statement_id", "statement")
        not_blank(checks, self.text, "text", "statement")


@attrs.frozen(kw_only=True)
class ReviewArea(Checked):
    """An area of a framework (a field, section or heading) and its statements.

    An area with no statements is rated as a whole: a school gives it one level.

    Args:
        area_id: Unique among the framework's statements and areas.
        title: Its heading, as its source gives it.
        statements: Its statements, if the framework holds them.
        confirmed: False when the heading was not checked against the source.
        source_id: The source; None for the framework's own.
        note: What is known of it, and from where.
    """

    area_id: str
    title: str
    statements: tuple[ReviewStatement, ...] = ()
    confirmed: bool = True
    source_id: str | None = None
    note: str = ""

    def _check(self, checks: Checks) -> None:
        not_blank(checks, self.area_id, "area_id", "area")
        not_blank(checks, self.title, "title", "area")
        unique(checks, self.statements, "statement_id", "statements", "area.statement")

    @property
    def rated_whole(self) -> bool:
        """True when the area is rated as a whole (it has no statements)."""
        return not self.statements


@attrs.frozen(kw_only=True)
class ReviewStage(Checked):
    """A stage of the review process, in order (``number`` from 1); not rated."""

    number: int
    name: str
    text: str = ""
    confirmed: bool = True
    source_id: str | None = None

    def _check(self, checks: Checks) -> None:
        not_blank(checks, self.name, "name", "stage")
        if self.number < 1:
            checks.add(
                "number",
                "stage.number",
                f"a stage is numbered from 1, not {self.number}",
            )


@attrs.frozen(kw_only=True)
class ScaleLevel(Checked):
    """The words a framework gives one level of its scale."""

    level: int
    label: str

    def _check(self, checks: Checks) -> None:
        not_blank(checks, self.label, "label", "scale_level")


@attrs.frozen(kw_only=True)
class RatingScale(Checked):
    """The whole-number levels a school rates itself at, ``lowest`` to ``highest``.

    The top third of the range counts as rating highly (`high_from`), the bottom
    third as rating low (`low_to`): 7 to 10 and 1 to 4 on a scale of 1 to 10.

    Args:
        lowest: The lowest level.
        highest: The highest level; above ``lowest``.
        labels: Words for some or all levels, each level once.
        confirmed: False when the range was not checked against the source.
        source_id: The source; None for the framework's own.
        note: What is known of it, and from where.
    """

    lowest: int = 1
    highest: int = 10
    labels: tuple[ScaleLevel, ...] = ()
    confirmed: bool = True
    source_id: str | None = None
    note: str = ""

    def _check(self, checks: Checks) -> None:
        if self.highest <= self.lowest:
            checks.add(
                "highest",
                "scale.range",
                f"the highest level, {self.highest}, must be above the lowest, "
                f"{self.lowest}",
            )
        unique(checks, self.labels, "level", "labels", "scale.label")
        for i, label in enumerate(self.labels):
            if not self.contains(label.level):
                checks.add(
                    f"labels[{i}].level",
                    "scale.label_out_of_range",
                    f"level {label.level} is outside the scale, {self.lowest} to "
                    f"{self.highest}",
                )

    def contains(self, level: int) -> bool:
        """True for a level of the scale."""
        return self.lowest <= level <= self.highest

    def label(self, level: int) -> str | None:
        """The words for a level, if the framework gives them."""
        return next((x.label for x in self.labels if x.level == level), None)

    @property
    def high_from(self) -> Fraction:
        """The least mean that rates highly: the top third of the range."""
        return self.highest - Fraction(self.highest - self.lowest, 3)

    @property
    def low_to(self) -> Fraction:
        """The greatest mean that rates low: the bottom third of the range."""
        return self.lowest + Fraction(self.highest - self.lowest, 3)


@attrs.frozen(kw_only=True)
class ReviewFramework(Checked):
    """A self-review framework: what a school rates itself on, and on what scale.

    A local authority's own framework is one of these too, read by
    `load_review_framework`.

    Args:
        framework_id: What a `SelfReview` names to say which framework it rates.
        name: For people.
        source_id: The framework's own source, one of ``sources``; the source of
            every part that names none.
        sources: Every document its parts come from; ids unique.
        areas: What is rated, at least one; area and statement ids unique together,
            since a rating names either.
        scale: The levels; 1 to 10 unless given.
        stages: The stages of the review process, if the source sets them out.

    Raises:
        ValidationError: An id is blank or repeated, a part names a source the
            framework does not hold, or there is no area.
    """

    framework_id: str
    name: str
    source_id: str
    sources: tuple[ReviewSource, ...]
    areas: tuple[ReviewArea, ...]
    scale: RatingScale = attrs.field(factory=RatingScale)
    stages: tuple[ReviewStage, ...] = ()

    def _check(self, checks: Checks) -> None:
        not_blank(checks, self.framework_id, "framework_id", "framework")
        not_blank(checks, self.name, "name", "framework")
        unique(checks, self.sources, "source_id", "sources", "framework.source")
        unique(checks, self.stages, "number", "stages", "framework.stage")
        if not self.areas:
            checks.add(
                "areas", "framework.no_areas", "a framework rates at least one area"
            )
        known = {s.source_id for s in self.sources}
        named: list[tuple[str, str | None]] = [
            ("source_id", self.source_id),
            ("scale.source_id", self.scale.source_id),
        ]
        named += [
            (f"stages[{i}].source_id", s.source_id) for i, s in enumerate(self.stages)
        ]
        seen: set[str] = set()
        for i, area in enumerate(self.areas):
            named.append((f"areas[{i}].source_id", area.source_id))
            items = [(f"areas[{i}].area_id", area.area_id)]
            for j, statement in enumerate(area.statements):
                named.append(
                    (f"areas[{i}].statements[{j}].source_id", statement.source_id)
                )
                items.append(
                    (f"areas[{i}].statements[{j}].statement_id", statement.statement_id)
                )
            for path, item_id in items:
                if item_id in seen:
                    checks.add(
                        path,
                        "framework.duplicate_item",
                        f"{show(item_id)} is used twice among the framework's areas "
                        "and statements; a rating names one of them",
                    )
                seen.add(item_id)
        for path, source_id in named:
            if source_id is not None and source_id not in known:
                checks.add(
                    path,
                    "framework.unknown_source",
                    f"source {show(source_id)} is not among the framework's sources",
                )

    def area(self, area_id: str) -> ReviewArea:
        """The area with this id.

        Raises:
            NotFoundError: The framework has no such area.
        """
        for area in self.areas:
            if area.area_id == area_id:
                return area
        raise NotFoundError(f"the framework has no area {area_id!r}")

    def source(self, source_id: str | None) -> ReviewSource:
        """The source with this id; None for the framework's own.

        Raises:
            NotFoundError: The framework has no such source.
        """
        wanted = self.source_id if source_id is None else source_id
        for source in self.sources:
            if source.source_id == wanted:
                return source
        raise NotFoundError(f"the framework has no source {wanted!r}")

    def rated_items(self) -> dict[str, str]:
        """What a rating may name, each with its area's id: every statement, and
        every area that has none (rated as a whole), in the framework's order."""
        items: dict[str, str] = {}
        for area in self.areas:
            if area.rated_whole:
                items[area.area_id] = area.area_id
            for statement in area.statements:
                items[statement.statement_id] = area.area_id
        return items
