"""The frameworks shipped with sensupport, and a school's or provider's own.

Two frameworks ship as documents under ``sensupport/data/frameworks/``, holding only
what could be traced to a source (see the guide, "The SENCO's development"):

- `nasenco_framework`: the three domains of the NASENCO learning outcomes (NCTL,
  2014), names confirmed; their aspects could not be checked, so none ships and each
  domain is rated whole;
- `npqsenco_framework`: the eight areas of the NPQ for SENCOs framework (DfE, first
  published 25 August 2023) as one provider lists them, none confirmed against the
  DfE document.

A school or provider with the full text (aspects and outcomes) loads it with
`load_framework`, from a ``DevelopmentFramework`` document.

>>> [domain.title for domain in nasenco_framework().domains]
['Professional Knowledge and Understanding', 'Leading and Coordinating Provision', 'Personal and Professional Qualities']
>>> load_framework('{"schema_version": 1, "type": "DevelopmentFramework", "data": {'
...     '"framework_id": "ours", "name": "Ours",'
...     ' "qualification": "npqsenco", "source_id": "S",'
...     ' "sources": [{"source_id": "S", "title": "Handbook"}],'
...     ' "domains": [{"domain_id": "d1", "title": "One", "source_id": "T"}],'
...     ' "scale_labels": ["a", "b", "c"]}}')
Traceback (most recent call last):
...
sensupport.errors.ValidationError: invalid document: 2 problems
  - data.domains[0].source_id: source 'T' is not among the framework's sources [framework.unknown_source]
  - data.scale_labels: scale_labels gives a word for each of the 4 levels, or none; got 3 [framework.scale_labels]
"""

from __future__ import annotations

import functools
from importlib import resources

from ._framework import DevelopmentFramework

__all__ = ["load_framework", "nasenco_framework", "npqsenco_framework"]

_DATA = "data/frameworks"


def load_framework(text: str | bytes) -> DevelopmentFramework:
    """Read a framework from the JSON text of a ``DevelopmentFramework`` document.

    Raises:
        ValidationError: The text is not such a document, or the framework breaks
            a rule; every problem is listed with its path, the value and the rule.
    """
    # Imported here: serialization registers this package's classes as documents.
    from ..serialization import loads

    return loads(text, DevelopmentFramework)


@functools.cache  # frozen, so one object serves every caller
def nasenco_framework() -> DevelopmentFramework:
    """The NASENCO learning outcomes (NCTL, 2014): the three domains, rated whole."""
    return _shipped("nasenco_2014.json")


@functools.cache
def npqsenco_framework() -> DevelopmentFramework:
    """The NPQ for SENCOs framework (DfE, 2023): eight areas, none confirmed."""
    return _shipped("npqsenco_2023.json")


def _shipped(name: str) -> DevelopmentFramework:
    path = resources.files("sensupport").joinpath(f"{_DATA}/{name}")
    return load_framework(path.read_text(encoding="utf-8"))
