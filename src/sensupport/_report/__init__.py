"""The cohort report behind ``sensupport report``: one model, a table of renderers.

`Report` holds every figure, counted by a `ReportAccumulator` that merges across
partitions. Each format is one module with one function from a report to text, listed
in `RENDERERS`; the command line offers exactly its keys, so a new format is one
module and one line here.

>>> from sensupport.synth import load_sample
>>> report = Report.build(load_sample, as_of=None, start=None, end=None,
...                       by="area_of_need")
>>> sorted(RENDERERS)
['csv', 'html', 'json', 'text']
>>> render(report, "text").splitlines()[0]
'SEN support report'
"""

from __future__ import annotations

from collections.abc import Callable

from ._html import render_html, require_plotting
from ._model import CADENCE, ListedPupil, Report, ReportAccumulator, rule_words
from ._tables import render_csv, render_json
from ._text import render_text

__all__ = [
    "CADENCE",
    "RENDERERS",
    "ListedPupil",
    "Report",
    "ReportAccumulator",
    "render",
    "require_plotting",
    "rule_words",
]

RENDERERS: dict[str, Callable[[Report], str]] = {
    "text": render_text,
    "json": render_json,
    "csv": render_csv,
    "html": render_html,
}
"""Each format's renderer, by the name ``--format`` takes."""


def render(report: Report, format: str) -> str:
    """The report in a format named in `RENDERERS`.

    Raises:
        ValueError: No renderer has that name.
    """
    try:
        renderer = RENDERERS[format]
    except KeyError:
        raise ValueError(
            f"no report format {format!r}; choose one of {', '.join(RENDERERS)}"
        ) from None
    return renderer(report)
