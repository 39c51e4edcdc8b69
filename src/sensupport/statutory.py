"""The numbers the law and the Code of Practice fix, each once, with its source.

Rules, metrics and the documentation read them from here, so a change in the law is
one edit. `LIMITS` lists them for the documentation's table.

>>> EHC_DECISION_WEEKS, EHC_PLAN_WEEKS
(6, 20)
>>> next(limit.source for limit in LIMITS if limit.name == "PARENT_MEETINGS_PER_YEAR")
'SEND Code of Practice 0 to 25 (2015), para. 6.65'
"""

from __future__ import annotations

import datetime as dt

import attrs

__all__ = [
    "EHC_DECISION_WEEKS",
    "EHC_PLAN_WEEKS",
    "LIMITS",
    "NASENCO_COMPLETED_BEFORE",
    "NPQ_COURSES_FROM",
    "PARENT_MEETINGS_PER_YEAR",
    "SENCO_EXPERIENCE_MONTHS",
    "SENCO_QUALIFICATION_YEARS",
    "SENCO_RULE_FROM",
    "SENSORY_MQ_YEARS",
    "Limit",
]

EHC_DECISION_WEEKS = 6
"""Weeks from a request for an EHC needs assessment to the decision whether to assess."""
EHC_PLAN_WEEKS = 20
"""Weeks from a request for an EHC needs assessment to the final EHC plan."""
PARENT_MEETINGS_PER_YEAR = 3
"""Meetings with the parents of a pupil on SEN support a school year."""
SENCO_RULE_FROM = dt.date(2009, 9, 1)
"""SENCOs who took the role after this date need the SENCO qualification."""
SENCO_EXPERIENCE_MONTHS = 12
"""Months as a SENCO before this appointment that exempt from the qualification."""
SENCO_QUALIFICATION_YEARS = 3
"""Years from appointment by which the SENCO qualification is held."""
NPQ_COURSES_FROM = dt.date(2024, 9, 1)
"""Courses begun on or after this date lead to the NPQSENCO."""
NASENCO_COMPLETED_BEFORE = dt.date(2027, 9, 1)
"""A NASENCO counts only if completed before this date."""
SENSORY_MQ_YEARS = 3
"""Years, in aggregate, a teacher obtaining the mandatory qualification may teach a
class of pupils with sensory impairment without it."""


@attrs.frozen(kw_only=True)
class Limit:
    """One statutory number: its name here, its value, what it limits, and its source."""

    name: str
    value: int | dt.date
    meaning: str
    source: str


LIMITS: tuple[Limit, ...] = (
    Limit(
        name="EHC_DECISION_WEEKS",
        value=EHC_DECISION_WEEKS,
        meaning="weeks from an EHC needs assessment request to the decision to assess",
        source="SEND Regulations 2014, reg. 5(1)",
    ),
    Limit(
        name="EHC_PLAN_WEEKS",
        value=EHC_PLAN_WEEKS,
        meaning="weeks from an EHC needs assessment request to the final EHC plan",
        source="SEND Regulations 2014, reg. 13(2)",
    ),
    Limit(
        name="PARENT_MEETINGS_PER_YEAR",
        value=PARENT_MEETINGS_PER_YEAR,
        meaning="meetings with parents of a pupil on SEN support each school year",
        source="SEND Code of Practice 0 to 25 (2015), para. 6.65",
    ),
    Limit(
        name="SENCO_RULE_FROM",
        value=SENCO_RULE_FROM,
        meaning="SENCOs appointed after this date need the SENCO qualification",
        source="SEND Regulations 2014, reg. 49(4)",
    ),
    Limit(
        name="SENCO_EXPERIENCE_MONTHS",
        value=SENCO_EXPERIENCE_MONTHS,
        meaning="months as SENCO before that exempt a new SENCO from the qualification",
        source="SEND Regulations 2014, reg. 49(4)",
    ),
    Limit(
        name="SENCO_QUALIFICATION_YEARS",
        value=SENCO_QUALIFICATION_YEARS,
        meaning="years from appointment by which the SENCO qualification is held",
        source="SEND Regulations 2014, reg. 49(4)",
    ),
    Limit(
        name="NPQ_COURSES_FROM",
        value=NPQ_COURSES_FROM,
        meaning="SENCO courses begun on or after this date lead to the NPQSENCO",
        source="SEND Regulations 2014, reg. 49(7), as amended by SI 2024/535",
    ),
    Limit(
        name="NASENCO_COMPLETED_BEFORE",
        value=NASENCO_COMPLETED_BEFORE,
        meaning="a NASENCO counts only if completed before this date",
        source="SEND Regulations 2014, reg. 49(7)(a), as amended by SI 2024/535",
    ),
    Limit(
        name="SENSORY_MQ_YEARS",
        value=SENSORY_MQ_YEARS,
        meaning="years in aggregate a teacher obtaining the mandatory qualification "
        "may teach a class of pupils with hearing, vision or multi-sensory impairment",
        source="Education (School Teachers' Qualifications) (England) Regulations "
        "2003 (SI 2003/1662), regs. 6 to 9",
    ),
)
"""Every statutory number, for the documentation's table."""
