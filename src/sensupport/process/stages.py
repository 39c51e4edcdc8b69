"""Where a SEN support record waits: the stages of the graduated approach.

>>> Stage.DO.is_closed, Stage.EHC_PLAN.is_closed
(False, True)
"""

from __future__ import annotations

from ..codes import _Code

__all__ = ["Stage"]


class Stage(_Code):
    """A stage of the graduated approach (assess, plan, do, review) and its exits."""

    ASSESS = "assess", "Assess: gathering evidence of need"
    PLAN = "plan", "Plan: a support plan is to be agreed"
    DO = "do", "Do: the plan is in force until its review"
    EHC_NEEDS_ASSESSMENT = (
        "ehc_needs_assessment",
        "An EHC needs assessment is sought from the local authority",
    )
    ENDED = "ended", "SEN support ended"
    EHC_PLAN = "ehc_plan", "An EHC plan was issued: outside SEN support"

    @property
    def is_closed(self) -> bool:
        """True for the stages no event leaves."""
        return self in _CLOSED


_CLOSED = frozenset({Stage.ENDED, Stage.EHC_PLAN})
