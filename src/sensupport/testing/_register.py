"""Registers the strategies with hypothesis, so ``st.from_type(SupportPlan)`` works.

Hypothesis calls `_hypothesis_setup_hook` through the ``hypothesis`` entry point
declared in sensupport's metadata, once the ``testing`` extra is installed.
"""

from __future__ import annotations


def _hypothesis_setup_hook() -> None:
    from hypothesis import strategies as st

    from .. import (
        UPN,
        Measure,
        Need,
        Provision,
        ProvisionRating,
        Pupil,
        Review,
        SupportPlan,
        Target,
    )
    from ..classes import ClassMember, SchoolClass
    from ..process.record import SupportRecord
    from ..provision_groups import (
        GroupMember,
        MaterialCost,
        ProvisionGroup,
        ProvisionMap,
    )
    from ..staff import StaffMember
    from ._model import (
        _ids,
        measures,
        needs,
        provision_ratings,
        provisions,
        pupils,
        reviews,
        support_plans,
        targets,
        upns,
    )
    from ._process import support_records
    from ._staffing import (
        class_members,
        group_members,
        material_costs,
        provision_groups,
        provision_maps,
        school_classes,
        staff_members,
    )

    for cls, strategy in (
        (UPN, upns()),
        (Pupil, pupils()),
        (Need, needs()),
        (Measure, measures()),
        (Target, targets()),
        (Provision, provisions()),
        (SupportPlan, support_plans()),
        (Review, reviews()),
        (ProvisionRating, _ids.flatmap(lambda i: provision_ratings(provision_id=i))),
        (SupportRecord, support_records()),
        (StaffMember, staff_members()),
        (ClassMember, class_members()),
        (SchoolClass, school_classes()),
        (MaterialCost, material_costs()),
        (GroupMember, group_members()),
        (ProvisionGroup, provision_groups()),
        (ProvisionMap, provision_maps()),
    ):
        st.register_type_strategy(cls, strategy)
