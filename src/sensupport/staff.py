"""The staff who deliver provision, and what an hour of their time costs the school.

Costs are whole pence: ``hourly_cost_pence`` is the employer's cost of one hour, pay
and on-costs (National Insurance, pension) together, as the school's finance system
knows it. Whole pence keep every sum exact and every document exact in JSON; the
provision map shares costs out as exact fractions of a penny and rounds only when it
shows them (`sensupport.provision_map`). No binary float ever holds money.

Names are personal data: they never appear in ``repr`` or in an error message.

>>> ta = StaffMember(staff_id="TA1", role=StaffRole.TEACHING_ASSISTANT,
...                  hourly_cost_pence=1_725, given_name="Sam", family_name="Hill")
>>> ta
StaffMember(staff_id='TA1', role=<StaffRole.TEACHING_ASSISTANT: 'teaching_assistant'>, hourly_cost_pence=1725)
>>> ta.cost_of(minutes=30)
Fraction(1725, 2)
>>> StaffRole.HLTA.role
<Role.TEACHING_ASSISTANT: 'teaching_assistant'>
"""

from __future__ import annotations

from fractions import Fraction

import attrs

from ._validation import PRIVATE, Checked, Checks, not_blank
from .codes import Role, _Code

__all__ = ["StaffMember", "StaffRole"]


class StaffRole(_Code):
    """The post of a member of staff who delivers provision."""

    TEACHER = "teacher", "Teacher"
    SENCO = "senco", "Special educational needs co-ordinator"
    HLTA = "hlta", "Higher level teaching assistant"
    TEACHING_ASSISTANT = "teaching_assistant", "Teaching assistant"
    LEARNING_SUPPORT_ASSISTANT = (
        "learning_support_assistant",
        "Learning support assistant",
    )
    EXTERNAL_SPECIALIST = (
        "external_specialist",
        "External specialist (therapist, psychologist, advisory teacher)",
    )

    @property
    def role(self) -> Role:
        """The role a plan's provision names for a member of staff in this post
        (`Provision.delivered_by`): an HLTA delivers as a teaching assistant."""
        return _ROLES[self]


_ROLES = {
    StaffRole.TEACHER: Role.TEACHER,
    StaffRole.SENCO: Role.SENCO,
    StaffRole.HLTA: Role.TEACHING_ASSISTANT,
    StaffRole.TEACHING_ASSISTANT: Role.TEACHING_ASSISTANT,
    StaffRole.LEARNING_SUPPORT_ASSISTANT: Role.LEARNING_SUPPORT_ASSISTANT,
    StaffRole.EXTERNAL_SPECIALIST: Role.OTHER_SPECIALIST,
}


@attrs.frozen(kw_only=True)
class StaffMember(Checked):
    """A member of staff, or a bought-in specialist, who delivers provision.

    Args:
        staff_id: The id the school's own system gives them; unique in a school.
        role: Their post.
        hourly_cost_pence: What an hour of their time costs the school, in whole
            pence, pay and on-costs together; 0 for time the school does not pay for
            (a local authority's service, a volunteer).
        given_name: If known; never shown.
        family_name: If known; never shown.

    Raises:
        ValidationError: The id is blank or the cost is negative.
    """

    staff_id: str
    role: StaffRole
    hourly_cost_pence: int
    given_name: str | None = attrs.field(default=None, repr=False, metadata=PRIVATE)
    family_name: str | None = attrs.field(default=None, repr=False, metadata=PRIVATE)

    def _check(self, checks: Checks) -> None:
        not_blank(checks, self.staff_id, "staff_id", "staff")
        if self.hourly_cost_pence < 0:
            checks.add(
                "hourly_cost_pence",
                "staff.negative_cost",
                f"an hourly cost is 0 or more pence, not {self.hourly_cost_pence}",
            )

    def cost_of(self, *, minutes: int) -> Fraction:
        """What ``minutes`` of their time cost, in pence, exactly."""
        return Fraction(self.hourly_cost_pence * minutes, 60)
