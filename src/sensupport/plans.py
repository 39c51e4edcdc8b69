"""The plan: targets the pupil will work towards, and the provision that helps.

A `SupportPlan` is what the school, the parents and (where possible) the pupil agree at
the *plan* step of the graduated approach: the needs it addresses, the targets with
their success criteria, the provision (interventions and adjustments) and the date it
will be reviewed.

The classes here check their own shape: ids unique within a plan, a target due no later
than the plan's review unless it is long-term, entry and exit measures on the same
scale. Whether a plan may be agreed for a given pupil (it has targets and provision,
its review date is after its agreement, its targets match the pupil's needs) is a rule
of the process, checked by `sensupport.process`.

>>> import datetime as dt
>>> target = Target(target_id="T1", description="Reads 40 common exception words",
...                 success_criteria="40/40 in a timed check",
...                 area=AreaOfNeed.COGNITION_AND_LEARNING,
...                 set_on=dt.date(2025, 9, 15), due_on=dt.date(2025, 12, 12))
>>> phonics = Provision(provision_id="P1", name="Phonics catch-up",
...                     delivered_by=Role.TEACHING_ASSISTANT, group_size=3,
...                     sessions_per_week=3, minutes_per_session=20,
...                     starts_on=dt.date(2025, 9, 22), ends_on=dt.date(2025, 10, 31))
>>> plan = SupportPlan(agreed_on=dt.date(2025, 9, 15), needs=(NeedType.SPLD,),
...                    targets=(target,), provisions=(phonics,),
...                    review_due_on=dt.date(2025, 12, 12),
...                    contributors=(Role.SENCO, Role.PARENT, Role.PUPIL))
>>> plan.target("T1").due_on
datetime.date(2025, 12, 12)
>>> phonics.planned_sessions
18
"""

from __future__ import annotations

import datetime as dt

import attrs

from ._validation import Checked, Checks, distinct, not_blank, show, unique
from .codes import AreaOfNeed, MeasureScale, NeedType, ProvisionKind, Role
from .errors import NotFoundError

__all__ = ["Measure", "Provision", "SupportPlan", "Target"]


@attrs.frozen(kw_only=True)
class Measure(Checked):
    """One measurement taken at the start or end of an intervention.

    For ages (`MeasureScale.is_age`), ``value`` is in months.
    """

    scale: MeasureScale
    value: float
    taken_on: dt.date


@attrs.frozen(kw_only=True)
class Target(Checked):
    """What the pupil will achieve, how the school will know, and by when.

    Args:
        target_id: Unique within the plan.
        description: What the pupil will achieve.
        success_criteria: How a review will judge it.
        area: The broad area of need it works on, or None if it spans areas.
        set_on: When it was set.
        due_on: When it should be achieved; after ``set_on``.
        long_term: True for a target meant to run past the plan's review.
    """

    target_id: str
    description: str
    set_on: dt.date
    due_on: dt.date
    success_criteria: str = ""
    area: AreaOfNeed | None = None
    long_term: bool = False

    def _check(self, checks: Checks) -> None:
        not_blank(checks, self.target_id, "target_id", "target")
        not_blank(checks, self.description, "description", "target")
        if self.due_on <= self.set_on:
            checks.add(
                "due_on",
                "target.due_before_set",
                f"target due on {show(self.due_on)} is not after it was set, "
                f"{show(self.set_on)}",
            )


@attrs.frozen(kw_only=True)
class Provision(Checked):
    """An intervention or adjustment the plan makes.

    Args:
        provision_id: Unique within the plan.
        name: The intervention's name as the school knows it ("Lexia", "Lego
            therapy"); provision impact is reported by name.
        delivered_by: Who runs it.
        starts_on: First session or day in place.
        ends_on: Planned end, if any; not before ``starts_on``.
        kind: Intervention, adjustment, equipment or specialist support.
        area: The broad area of need it serves, if one.
        group_size: Pupils taught together, 1 for one-to-one.
        sessions_per_week: With ``minutes_per_session``, for timetabled provision.
        minutes_per_session: With ``sessions_per_week``.
        entry: Measure taken at the start, if any.
        exit: Measure taken at the end, if any; on the same scale as ``entry``.
    """

    provision_id: str
    name: str
    delivered_by: Role
    starts_on: dt.date
    ends_on: dt.date | None = None
    kind: ProvisionKind = ProvisionKind.INTERVENTION
    area: AreaOfNeed | None = None
    group_size: int = 1
    sessions_per_week: int | None = None
    minutes_per_session: int | None = None
    entry: Measure | None = None
    exit: Measure | None = None

    def _check(self, checks: Checks) -> None:
        not_blank(checks, self.provision_id, "provision_id", "provision")
        not_blank(checks, self.name, "name", "provision")
        if self.group_size < 1:
            checks.add(
                "group_size",
                "provision.group_size",
                f"group size is at least 1, not {self.group_size}",
            )
        for field in ("sessions_per_week", "minutes_per_session"):
            value = getattr(self, field)
            if value is not None and value < 1:
                checks.add(
                    field,
                    "provision.timetable",
                    f"{field} is at least 1 when given, not {value}",
                )
        if (self.sessions_per_week is None) != (self.minutes_per_session is None):
            checks.add(
                "sessions_per_week",
                "provision.timetable_incomplete",
                "give sessions_per_week and minutes_per_session together, or neither",
            )
        if self.ends_on is not None and self.ends_on < self.starts_on:
            checks.add(
                "ends_on",
                "provision.ends_before_start",
                f"provision ends on {show(self.ends_on)}, before it starts on "
                f"{show(self.starts_on)}",
            )
        self._check_measures(checks)

    def _check_measures(self, checks: Checks) -> None:
        if self.entry is None or self.exit is None:
            return
        if self.entry.scale is not self.exit.scale:
            checks.add(
                "exit.scale",
                "provision.measure_scale",
                f"exit measure is on {show(self.exit.scale)} but entry measure is "
                f"on {show(self.entry.scale)}; gains need one scale",
            )
        if self.exit.taken_on < self.entry.taken_on:
            checks.add(
                "exit.taken_on",
                "provision.exit_before_entry",
                f"exit measure taken on {show(self.exit.taken_on)}, before the "
                f"entry measure on {show(self.entry.taken_on)}",
            )

    @property
    def planned_sessions(self) -> int | None:
        """Sessions from start to planned end, at the timetabled rate.

        None when there is no planned end or no timetable. Counts whole weeks begun,
        so a six-week block of three sessions a week is 18.
        """
        if self.ends_on is None or self.sessions_per_week is None:
            return None
        weeks = (self.ends_on - self.starts_on).days // 7 + 1
        return weeks * self.sessions_per_week


@attrs.frozen(kw_only=True)
class SupportPlan(Checked):
    """A written plan agreed at the plan step of the graduated approach.

    Args:
        agreed_on: When the plan was agreed.
        needs: The census types of need it addresses, each once.
        targets: What the pupil will achieve; ids unique.
        provisions: What the school will do; ids unique.
        review_due_on: When it will be reviewed.
        contributors: Who took part in agreeing it (parent, pupil, specialists ...).
    """

    agreed_on: dt.date
    needs: tuple[NeedType, ...]
    review_due_on: dt.date
    targets: tuple[Target, ...] = ()
    provisions: tuple[Provision, ...] = ()
    contributors: tuple[Role, ...] = ()

    def _check(self, checks: Checks) -> None:
        if not self.needs:
            checks.add("needs", "plan.no_needs", "a plan addresses at least one need")
        distinct(checks, self.needs, "needs", "plan.needs")
        distinct(checks, self.contributors, "contributors", "plan.contributors")
        unique(checks, self.targets, "target_id", "targets", "plan.target")
        unique(checks, self.provisions, "provision_id", "provisions", "plan.provision")
        areas = {need.area for need in self.needs}
        for i, target in enumerate(self.targets):
            self._check_target(checks, f"targets[{i}]", target, areas)

    def _check_target(
        self,
        checks: Checks,
        path: str,
        target: Target,
        areas: set[AreaOfNeed | None],
    ) -> None:
        if not target.long_term and target.due_on > self.review_due_on:
            checks.add(
                f"{path}.due_on",
                "plan.target_due_after_review",
                f"target {target.target_id!r} is due on {show(target.due_on)}, after "
                f"the plan's review on {show(self.review_due_on)}; bring it forward "
                f"or mark it long_term",
            )
        if target.set_on > self.agreed_on:
            checks.add(
                f"{path}.set_on",
                "plan.target_set_after_agreement",
                f"target {target.target_id!r} was set on {show(target.set_on)}, after "
                f"the plan was agreed on {show(self.agreed_on)}",
            )
        # OTH and NSA have no broad area, so they cover a target in any area.
        if target.area is not None and None not in areas and target.area not in areas:
            checks.add(
                f"{path}.area",
                "plan.target_area",
                f"target {target.target_id!r} works on {show(target.area)}, which "
                f"none of the plan's needs "
                f"({', '.join(n.value for n in self.needs)}) belongs to",
            )

    def target(self, target_id: str) -> Target:
        """The target with this id.

        Raises:
            NotFoundError: The plan has no such target.
        """
        for target in self.targets:
            if target.target_id == target_id:
                return target
        raise NotFoundError(f"the plan has no target {target_id!r}")

    @property
    def contributed(self) -> frozenset[Role]:
        """The roles that took part in agreeing the plan."""
        return frozenset(self.contributors)
