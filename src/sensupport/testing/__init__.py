"""Hypothesis strategies for sensupport's classes, for integrators' own tests.

Requires the ``testing`` extra (``pip install 'sensupport[testing]'``). Every strategy
is a keyword-only function returning a `hypothesis.strategies.SearchStrategy` that
builds only valid objects, and shrinks towards small, early-dated examples.

>>> from hypothesis import given
>>> from sensupport.testing import support_plans
>>> @given(support_plans())
... def test_plan_has_targets(plan):
...     assert plan.targets
>>> test_plan_has_targets()
"""

from __future__ import annotations

try:
    import hypothesis as _hypothesis  # noqa: F401
except ImportError as error:  # pragma: no cover - depends on the environment
    raise ImportError(
        "sensupport.testing needs hypothesis: pip install 'sensupport[testing]'"
    ) from error

from ._history import sen_histories
from ._machine import GraduatedApproachMachine
from ._model import (
    dates,
    measures,
    need_sets,
    needs,
    provision_ratings,
    provisions,
    pupils,
    reviews,
    reviews_for,
    schools,
    support_plans,
    target_outcomes,
    targets,
    upns,
)
from ._mutations import ACCOMPANYING, RECORD_RULES, invalid_record_documents
from ._process import (
    concerns,
    events,
    events_for,
    invalid_events_for,
    support_records,
)
from ._school_review import review_frameworks, self_reviews
from ._senco_development import (
    development_frameworks,
    development_records,
    self_ratings,
)
from ._staffing import (
    class_members,
    group_members,
    material_costs,
    provision_groups,
    provision_maps,
    school_classes,
    staff_members,
)
from ._workforce import (
    qualifications,
    senco_appointments,
    staff_trainings,
    trainings,
    workforces,
)

__all__ = [
    "ACCOMPANYING",
    "RECORD_RULES",
    "GraduatedApproachMachine",
    "class_members",
    "concerns",
    "dates",
    "development_frameworks",
    "development_records",
    "events",
    "events_for",
    "group_members",
    "invalid_events_for",
    "invalid_record_documents",
    "material_costs",
    "measures",
    "need_sets",
    "needs",
    "provision_groups",
    "provision_maps",
    "provision_ratings",
    "provisions",
    "pupils",
    "qualifications",
    "review_frameworks",
    "reviews",
    "reviews_for",
    "school_classes",
    "self_ratings",
    "self_reviews",
    "sen_histories",
    "senco_appointments",
    "staff_members",
    "staff_trainings",
    "support_plans",
    "support_records",
    "target_outcomes",
    "targets",
    "schools",
    "trainings",
    "upns",
    "workforces",
]
