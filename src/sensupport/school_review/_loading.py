"""Frameworks in: the one sensupport ships, and a local authority's own.

A framework is a document like any other (``{"schema_version": 1, "type":
"ReviewFramework", "data": {...}}``), read by the same strict loader: a local
authority writes its own areas, statements and scale in that form and reads it with
`load_review_framework`, as `send_review_guide` reads the one shipped.

>>> guide = send_review_guide()
>>> [(a.area_id, a.confirmed, a.source_id) for a in guide.areas]
[('send-focus', False, 'coopergibson-2021'), ('provision', False, 'coopergibson-2021'), ('vision', False, 'coopergibson-2021')]
>>> [s.name for s in guide.stages if s.confirmed]
['Identification', 'Self-evaluation', 'Preparation', 'School visit', 'Reporting', 'Follow-up']
>>> load_review_framework('{"schema_version": 1, "type": "ReviewFramework", "data": '
...     '{"framework_id": "la", "name": "Ours", "source_id": "la", "sources": [], '
...     '"areas": [], "scale": {"lowest": 1, "highest": "ten"}}}')
Traceback (most recent call last):
...
sensupport.errors.ValidationError: invalid document: data.scale.highest: expected a whole number, got 'ten' [document.invalid_value]
"""

from __future__ import annotations

import functools
from importlib import resources

from ._framework import ReviewFramework

__all__ = ["SEND_REVIEW_GUIDE_PATH", "load_review_framework", "send_review_guide"]

SEND_REVIEW_GUIDE_PATH = "data/frameworks/send_review_guide_2016.json"
"""Where the shipped framework lies in the package (`importlib.resources`)."""


def load_review_framework(text: str | bytes) -> ReviewFramework:
    """A framework from the JSON text of its document.

    Raises:
        ValidationError: The text is not a ``ReviewFramework`` document, or the
            framework breaks a rule; every problem, each naming the field, the
            value and the rule (`sensupport.serialization.loads`).
    """
    # Here, not at the top: serialization registers this package's classes.
    from ..serialization import loads

    return loads(text, ReviewFramework)


@functools.cache  # frozen, and read from the package once
def send_review_guide() -> ReviewFramework:
    """The SEND Review Guide's structure, as far as it could be confirmed.

    Its sources (the London Leadership Strategy's guide of 2016, the EEF's page on
    the SEND Review, a Whole School SEND note), the six stages of the review process
    (confirmed), and three areas rated as a whole on a scale of 1 to 10, neither
    confirmed (``confirmed=False``), each naming the account it comes from. No
    statement of the guide could be read, so none is shipped. The docs page "Whole-
    school SEND review" sets out what is confirmed from where.
    """
    text = resources.files("sensupport").joinpath(SEND_REVIEW_GUIDE_PATH)
    return load_review_framework(text.read_bytes())
