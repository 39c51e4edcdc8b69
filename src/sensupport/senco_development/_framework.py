"""A SENCO development framework as data: its domains, their aspects, and where
every heading comes from.

A framework (the NASENCO learning outcomes, the NPQ for SENCOs framework, or the
full text a provider gives its students) is a tuple of domains, each with the
aspects it is known to have. Every domain and aspect names the source it was taken
from (`FrameworkSource`, by ``source_id``) and says whether its wording was
checked against the framework itself (``confirmed``): a heading found only in a
provider's or a researcher's copy is ``confirmed=False``.

The *rated items* of a framework are its aspects, or the domain itself where no
aspect of it is known: a domain whose aspects have not been loaded is rated as a
whole, rather than against aspects made up to fill the gap.

>>> source = FrameworkSource(source_id="S", title="Our provider's handbook")
>>> framework = DevelopmentFramework(
...     framework_id="example", name="An example framework",
...     qualification=QualificationKind.NPQSENCO, source_id="S", sources=(source,),
...     domains=(FrameworkDomain(domain_id="d1", title="Domain one", source_id="S",
...                              aspects=(FrameworkAspect(aspect_id="a1",
...                                       title="Aspect one", source_id="S"),)),
...              FrameworkDomain(domain_id="d2", title="Domain two", source_id="S")))
>>> [(item.item_id, item.is_domain) for item in framework.items]
[('a1', False), ('d2', True)]
>>> framework.level_label(4)
'level 4 of 4'
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from .._validation import Checked, Checks, distinct, not_blank, show, unique
from ..errors import NotFoundError
from ..qualifications import QualificationKind

__all__ = [
    "LEVELS",
    "DevelopmentFramework",
    "FrameworkAspect",
    "FrameworkDomain",
    "FrameworkItem",
    "FrameworkSource",
]

LEVELS = (1, 2, 3, 4)
"""The four points of the self-rating scale: 1 is the lowest, 4 the highest."""

_SENCO_AWARDS = (QualificationKind.NASENCO, QualificationKind.NPQSENCO)
"""The qualifications a development framework can be for (reg. 49(7))."""


@attrs.frozen(kw_only=True)
class FrameworkSource(Checked):
    """Where a framework's text was taken from.

    Args:
        source_id: Unique in its framework; domains and aspects name it.
        title: The document's or page's title as it gives it; blank if it was not
            seen (then ``url`` says where the source is).
        publisher: Who published it.
        url: Where it is.
        date: When it was published, as the source gives it (free text, since a
            source may give only a year, or nothing).
        note: What it was used for and how far it can be relied on.

    Raises:
        ValidationError: The id is blank, or neither a title nor a url is given.
    """

    source_id: str
    title: str = ""
    publisher: str = ""
    url: str = ""
    date: str = ""
    note: str = ""

    def _check(self, checks: Checks) -> None:
        not_blank(checks, self.source_id, "source_id", "framework_source")
        if not (self.title.strip() or self.url.strip()):
            checks.add(
                "title",
                "framework_source.unidentified",
                "a source needs a title or a url, so that it can be found",
            )


@attrs.frozen(kw_only=True)
class FrameworkAspect(Checked):
    """One aspect of a domain, with its learning outcomes where they are loaded.

    Args:
        aspect_id: Unique among the framework's domains and aspects.
        title: The heading, word for word as the source prints it.
        source_id: The `FrameworkSource` it was taken from.
        confirmed: True only when the wording was checked against the framework
            itself; False (the default) for a heading seen only elsewhere.
        source_note: Anything about this heading that its source does not say
            (where in the source it was found, what was inferred).
        outcomes: The learning-outcome statements under it, word for word.

    Raises:
        ValidationError: The id, title, source or an outcome is blank.
    """

    aspect_id: str
    title: str
    source_id: str
    confirmed: bool = False
    source_note: str = ""
    outcomes: tuple[str, ...] = ()

    def _check(self, checks: Checks) -> None:
        not_blank(checks, self.aspect_id, "aspect_id", "framework_aspect")
        not_blank(checks, self.title, "title", "framework_aspect")
        not_blank(checks, self.source_id, "source_id", "framework_aspect")
        for i, outcome in enumerate(self.outcomes):
            not_blank(checks, outcome, f"outcomes[{i}]", "framework_aspect")


@attrs.frozen(kw_only=True)
class FrameworkDomain(Checked):
    """A domain (or area) of a framework, with the aspects of it that are known.

    Args:
        domain_id: Unique among the framework's domains and aspects.
        title: The heading, word for word as the source prints it.
        source_id: The `FrameworkSource` it was taken from.
        confirmed: As for `FrameworkAspect`.
        source_note: As for `FrameworkAspect`.
        aspects: Its aspects, in the framework's order; none when they are not
            known, and then the domain is rated as a whole.

    Raises:
        ValidationError: The id, title or source is blank, or an aspect id repeats.
    """

    domain_id: str
    title: str
    source_id: str
    confirmed: bool = False
    source_note: str = ""
    aspects: tuple[FrameworkAspect, ...] = ()

    def _check(self, checks: Checks) -> None:
        not_blank(checks, self.domain_id, "domain_id", "framework_domain")
        not_blank(checks, self.title, "title", "framework_domain")
        not_blank(checks, self.source_id, "source_id", "framework_domain")
        unique(checks, self.aspects, "aspect_id", "aspects", "framework_domain.aspect")


@attrs.frozen(kw_only=True)
class FrameworkItem:
    """One thing a SENCO rates themselves on: an aspect, or a domain rated whole."""

    item_id: str
    title: str
    domain_id: str
    confirmed: bool
    source_id: str
    is_domain: bool


@attrs.frozen(kw_only=True)
class DevelopmentFramework(Checked):
    """A SENCO development framework: its domains and aspects, and its sources.

    Args:
        framework_id: Names it in a `DevelopmentRecord`.
        name: What it is called.
        qualification: The qualification it belongs to: NASENCO or NPQSENCO.
        source_id: The source of the framework as a whole (its publication).
        sources: Every source its domains and aspects name; ids unique.
        domains: At least one, in the framework's order.
        scale_labels: The words for the four levels of the self-rating scale,
            lowest first, where the framework gives them; none otherwise, and the
            levels are then 1 (lowest) to 4 (highest) with no words.
        note: What is known of the framework and what is not.

    Raises:
        ValidationError: An id is blank or repeated (domain and aspect ids share one
            namespace, as they are all rated by id), a source named is not among
            ``sources``, there is no domain, the qualification is not a SENCO
            award, or ``scale_labels`` are given but are not four distinct words.
    """

    framework_id: str
    name: str
    qualification: QualificationKind
    source_id: str
    sources: tuple[FrameworkSource, ...]
    domains: tuple[FrameworkDomain, ...]
    scale_labels: tuple[str, ...] = ()
    note: str = ""

    def _check(self, checks: Checks) -> None:
        not_blank(checks, self.framework_id, "framework_id", "framework")
        not_blank(checks, self.name, "name", "framework")
        if self.qualification not in _SENCO_AWARDS:
            checks.add(
                "qualification",
                "framework.qualification",
                f"a development framework is for nasenco or npqsenco, not "
                f"{show(self.qualification.value)}",
            )
        if not self.domains:
            checks.add("domains", "framework.no_domains", "a framework has a domain")
        unique(checks, self.sources, "source_id", "sources", "framework.source")
        self._check_sources(checks)
        self._check_item_ids(checks)
        self._check_scale(checks)

    def _check_sources(self, checks: Checks) -> None:
        known = {s.source_id for s in self.sources}
        for path, source_id in self._named_sources():
            if source_id not in known:
                checks.add(
                    path,
                    "framework.unknown_source",
                    f"source {show(source_id)} is not among the framework's sources",
                )

    def _named_sources(self) -> Iterator[tuple[str, str]]:
        yield "source_id", self.source_id
        for i, domain in enumerate(self.domains):
            yield f"domains[{i}].source_id", domain.source_id
            for j, aspect in enumerate(domain.aspects):
                yield f"domains[{i}].aspects[{j}].source_id", aspect.source_id

    def _check_item_ids(self, checks: Checks) -> None:
        # One namespace: a rating names a domain or an aspect by id alone.
        seen: set[str] = set()
        for i, domain in enumerate(self.domains):
            ids = [(f"domains[{i}].domain_id", domain.domain_id)]
            ids += [
                (f"domains[{i}].aspects[{j}].aspect_id", a.aspect_id)
                for j, a in enumerate(domain.aspects)
            ]
            for path, item_id in ids:
                if item_id in seen:
                    checks.add(
                        path,
                        "framework.duplicate_id",
                        f"id {show(item_id)} is used twice; domain and aspect ids "
                        "must be unique together",
                    )
                seen.add(item_id)

    def _check_scale(self, checks: Checks) -> None:
        if not self.scale_labels:
            return
        if len(self.scale_labels) != len(LEVELS):
            checks.add(
                "scale_labels",
                "framework.scale_labels",
                f"scale_labels gives a word for each of the {len(LEVELS)} levels, "
                f"or none; got {len(self.scale_labels)}",
            )
        for i, label in enumerate(self.scale_labels):
            not_blank(checks, label, f"scale_labels[{i}]", "framework.scale_label")
        distinct(checks, self.scale_labels, "scale_labels", "framework.scale_label")

    @property
    def items(self) -> tuple[FrameworkItem, ...]:
        """What a SENCO rates, in the framework's order: each domain's aspects, or
        the domain itself where none of its aspects is known."""
        found: list[FrameworkItem] = []
        for domain in self.domains:
            if not domain.aspects:
                found.append(_item(domain, None))
            found.extend(_item(domain, aspect) for aspect in domain.aspects)
        return tuple(found)

    def item(self, item_id: str) -> FrameworkItem:
        """The rated item with this id.

        Raises:
            NotFoundError: No aspect, nor domain rated whole, has this id.
        """
        for item in self.items:
            if item.item_id == item_id:
                return item
        raise NotFoundError(f"framework {self.framework_id!r} has no item {item_id!r}")

    def source(self, source_id: str) -> FrameworkSource:
        """The source with this id.

        Raises:
            NotFoundError: The framework has no such source.
        """
        for source in self.sources:
            if source.source_id == source_id:
                return source
        raise NotFoundError(
            f"framework {self.framework_id!r} has no source {source_id!r}"
        )

    def level_label(self, level: int) -> str:
        """The framework's word for a level, or ``level N of 4`` where it has none.

        Raises:
            ValueError: ``level`` is not 1, 2, 3 or 4.
        """
        if level not in LEVELS:
            raise ValueError(f"a level is 1, 2, 3 or 4, not {level!r}")
        if self.scale_labels:
            return self.scale_labels[level - 1]
        return f"level {level} of {len(LEVELS)}"


def _item(domain: FrameworkDomain, aspect: FrameworkAspect | None) -> FrameworkItem:
    if aspect is None:
        return FrameworkItem(
            item_id=domain.domain_id,
            title=domain.title,
            domain_id=domain.domain_id,
            confirmed=domain.confirmed,
            source_id=domain.source_id,
            is_domain=True,
        )
    return FrameworkItem(
        item_id=aspect.aspect_id,
        title=aspect.title,
        domain_id=domain.domain_id,
        confirmed=aspect.confirmed,
        source_id=aspect.source_id,
        is_domain=False,
    )
