"""Census codes and the vocabularies of the process.

Census enums have the DfE's strings as their values, so data flows to and from an MIS
without a mapping table. Historic codes are accepted when reading and mapped to their
current successor; they are never produced.

>>> NeedType("SLCN").area
<AreaOfNeed.COMMUNICATION_AND_INTERACTION: 'communication_and_interaction'>
>>> NeedType("BESD")  # the pre-2014 code, read as its successor
<NeedType.SEMH: 'SEMH'>
>>> SenProvision("S").description
'Education, health and care plan'
>>> YearGroup("R").key_stage
<KeyStage.EYFS: 'EYFS'>
"""

from __future__ import annotations

import enum
from typing import Self, cast

from .errors import Problem, ValidationError

__all__ = [
    "AreaOfNeed",
    "AssessmentOutcome",
    "Attainment",
    "EHCDecision",
    "Effectiveness",
    "EndReason",
    "EvidenceSource",
    "KeyStage",
    "MeasureScale",
    "NeedType",
    "ProvisionKind",
    "ReviewDecision",
    "Role",
    "SenProvision",
    "Sex",
    "YearGroup",
]


class _Code(enum.StrEnum):
    """A code whose value is its string form, with words a person can read."""

    description: str

    # Hashed as the string it is, in C: Enum's own hash is a Python method, and codes
    # are dictionary keys on every step of the machine and every count.
    __hash__ = str.__hash__

    def __new__(cls, value: str, description: str = "") -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.description = description
        return member

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return {}

    @classmethod
    def _missing_(cls, value: object) -> Self | None:
        # Historic codes are read as their successor; never written back.
        if isinstance(value, str):
            successor = cls._aliases().get(value)
            if successor is not None:
                return cast(Self, cls._value2member_map_[successor])
        # A ValidationError (a ValueError) that names the codes, not Enum's bare one.
        codes = ", ".join(member.value for member in cls)
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
        hint = (
            "; sensupport.parsing reads codes leniently (case, spaces, names)"
            if isinstance(value, str)
            else ""
        )
        raise ValidationError(
            [
                Problem(
                    code="code.unknown",
                    message=f"{shown} is not a {cls.__name__} code (one of {codes})"
                    + hint,
                )
            ],
            summary=f"invalid {cls.__name__}",
        )


class SenProvision(_Code):
    """The census SEN provision code (``SENprovision``).

    Historic codes are read as today's: ``S`` (statement) as ``E``; ``A`` (School
    Action) and ``P`` (School Action Plus) as ``K``, since both were replaced by SEN
    support in 2014.
    """

    NO_SEN = "N", "No special educational need"
    SEN_SUPPORT = "K", "SEN support"
    EHC_PLAN = "E", "Education, health and care plan"

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return {"S": "E", "A": "K", "P": "K"}


class AreaOfNeed(_Code):
    """The four broad areas of need of the SEND Code of Practice (6.28-6.35)."""

    COMMUNICATION_AND_INTERACTION = (
        "communication_and_interaction",
        "Communication and interaction",
    )
    COGNITION_AND_LEARNING = "cognition_and_learning", "Cognition and learning"
    SOCIAL_EMOTIONAL_AND_MENTAL_HEALTH = (
        "social_emotional_and_mental_health",
        "Social, emotional and mental health",
    )
    SENSORY_AND_PHYSICAL = "sensory_and_physical", "Sensory and/or physical"


class NeedType(_Code):
    """The census type of need (``SENtype``), each in one broad area or none.

    ``BESD`` (behaviour, emotional and social difficulty) is read as ``SEMH``.
    """

    SPLD = "SPLD", "Specific learning difficulty"
    MLD = "MLD", "Moderate learning difficulty"
    SLD = "SLD", "Severe learning difficulty"
    PMLD = "PMLD", "Profound and multiple learning difficulty"
    SEMH = "SEMH", "Social, emotional and mental health"
    SLCN = "SLCN", "Speech, language and communication needs"
    ASD = "ASD", "Autistic spectrum disorder"
    HI = "HI", "Hearing impairment"
    VI = "VI", "Vision impairment"
    MSI = "MSI", "Multi-sensory impairment"
    PD = "PD", "Physical disability"
    DS = "DS", "Down syndrome"
    OTH = "OTH", "Other difficulty/disability"
    NSA = "NSA", "SEN support but no specialist assessment of type of need"

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return {"BESD": "SEMH"}

    @property
    def area(self) -> AreaOfNeed | None:
        """The broad area of need, or None for OTH and NSA."""
        return _NEED_AREAS.get(self)


_NEED_AREAS = {
    NeedType.SPLD: AreaOfNeed.COGNITION_AND_LEARNING,
    NeedType.MLD: AreaOfNeed.COGNITION_AND_LEARNING,
    NeedType.SLD: AreaOfNeed.COGNITION_AND_LEARNING,
    NeedType.PMLD: AreaOfNeed.COGNITION_AND_LEARNING,
    NeedType.DS: AreaOfNeed.COGNITION_AND_LEARNING,
    NeedType.SEMH: AreaOfNeed.SOCIAL_EMOTIONAL_AND_MENTAL_HEALTH,
    NeedType.SLCN: AreaOfNeed.COMMUNICATION_AND_INTERACTION,
    NeedType.ASD: AreaOfNeed.COMMUNICATION_AND_INTERACTION,
    NeedType.HI: AreaOfNeed.SENSORY_AND_PHYSICAL,
    NeedType.VI: AreaOfNeed.SENSORY_AND_PHYSICAL,
    NeedType.MSI: AreaOfNeed.SENSORY_AND_PHYSICAL,
    NeedType.PD: AreaOfNeed.SENSORY_AND_PHYSICAL,
}


class KeyStage(_Code):
    """National curriculum key stages, with the early years and post-16."""

    EYFS = "EYFS", "Early years foundation stage"
    KS1 = "KS1", "Key stage 1"
    KS2 = "KS2", "Key stage 2"
    KS3 = "KS3", "Key stage 3"
    KS4 = "KS4", "Key stage 4"
    KS5 = "KS5", "Key stage 5 (post-16)"


class YearGroup(_Code):
    """The census national curriculum year (``NCyearActual``)."""

    N1 = "N1", "Nursery first year"
    N2 = "N2", "Nursery second year"
    R = "R", "Reception"
    Y1 = "1", "Year 1"
    Y2 = "2", "Year 2"
    Y3 = "3", "Year 3"
    Y4 = "4", "Year 4"
    Y5 = "5", "Year 5"
    Y6 = "6", "Year 6"
    Y7 = "7", "Year 7"
    Y8 = "8", "Year 8"
    Y9 = "9", "Year 9"
    Y10 = "10", "Year 10"
    Y11 = "11", "Year 11"
    Y12 = "12", "Year 12"
    Y13 = "13", "Year 13"
    Y14 = "14", "Year 14"
    X = "X", "Not following the national curriculum"

    @property
    def key_stage(self) -> KeyStage | None:
        """The key stage this year belongs to; None for ``X``."""
        if self is YearGroup.X:
            return None
        if self in (YearGroup.N1, YearGroup.N2, YearGroup.R):
            return KeyStage.EYFS
        year = int(self.value)
        for last, stage in ((2, KeyStage.KS1), (6, KeyStage.KS2), (9, KeyStage.KS3)):
            if year <= last:
                return stage
        return KeyStage.KS4 if year <= 11 else KeyStage.KS5


class Sex(_Code):
    """The census sex code."""

    MALE = "M", "Male"
    FEMALE = "F", "Female"


class Role(_Code):
    """Who raises a concern, delivers provision or takes part in a plan or review."""

    TEACHER = "teacher", "Class or subject teacher"
    TEACHING_ASSISTANT = "teaching_assistant", "Teaching assistant"
    LEARNING_SUPPORT_ASSISTANT = (
        "learning_support_assistant",
        "Learning support assistant",
    )
    SENCO = "senco", "Special educational needs co-ordinator"
    HEAD_OR_SLT = "head_or_slt", "Head teacher or senior leadership"
    PARENT = "parent", "Parent or carer"
    PUPIL = "pupil", "The pupil"
    EDUCATIONAL_PSYCHOLOGIST = "educational_psychologist", "Educational psychologist"
    SPEECH_AND_LANGUAGE_THERAPIST = (
        "speech_and_language_therapist",
        "Speech and language therapist",
    )
    OCCUPATIONAL_THERAPIST = "occupational_therapist", "Occupational therapist"
    SPECIALIST_TEACHER = (
        "specialist_teacher",
        "Specialist teacher (including sensory impairment)",
    )
    HEALTH_PROFESSIONAL = "health_professional", "Health professional"
    SOCIAL_CARE = "social_care", "Social care"
    OTHER_SPECIALIST = "other_specialist", "Other external specialist"
    PREVIOUS_SETTING = "previous_setting", "The pupil's previous school or setting"

    @property
    def is_specialist(self) -> bool:
        """True for professionals from outside the school."""
        return self in _SPECIALISTS


_SPECIALISTS = frozenset(
    {
        Role.EDUCATIONAL_PSYCHOLOGIST,
        Role.SPEECH_AND_LANGUAGE_THERAPIST,
        Role.OCCUPATIONAL_THERAPIST,
        Role.SPECIALIST_TEACHER,
        Role.HEALTH_PROFESSIONAL,
        Role.SOCIAL_CARE,
        Role.OTHER_SPECIALIST,
    }
)


class EvidenceSource(_Code):
    """Evidence that raises a concern or informs an assessment."""

    TEACHER_OBSERVATION = "teacher_observation", "Teacher's observation"
    CLASSROOM_OBSERVATION = "classroom_observation", "Classroom observation by SENCO"
    STAFF_VIEWS = "staff_views", "Views of staff who work with the pupil"
    BASELINE_TEST = "baseline_test", "Baseline test on entry"
    ATTAINMENT_DATA = "attainment_data", "Attainment and progress data"
    SCREENING_TEST = "screening_test", "Screening test (dyslexia, ASD, ADHD ...)"
    COGNITIVE_ABILITY_TEST = "cognitive_ability_test", "Cognitive ability test"
    PARENT_INPUT = "parent_input", "Parent's or carer's information"
    PUPIL_VIEWS = "pupil_views", "The pupil's views"
    PREVIOUS_SETTING = "previous_setting", "Records from the previous setting"
    SPECIALIST_ASSESSMENT = "specialist_assessment", "External specialist assessment"
    MEDICAL_DIAGNOSIS = "medical_diagnosis", "Medical diagnosis"


class Attainment(_Code):
    """How far a target was achieved at a review, from least to most."""

    NOT_MET = "not_met", "Not met"
    PARTLY_MET = "partly_met", "Partly met"
    MET = "met", "Met"
    EXCEEDED = "exceeded", "Exceeded"

    @property
    def is_met(self) -> bool:
        """True for met and exceeded."""
        return self in (Attainment.MET, Attainment.EXCEEDED)


class Effectiveness(_Code):
    """A review's rating of a provision, on the three-point scale schools use."""

    NO_CHANGE = "no_change", "No change seen: try something different"
    SOME_IMPACT = "some_impact", "Some impact"
    EFFECTIVE = "effective", "Effective"


class ReviewDecision(_Code):
    """What a review decides, and so where the graduated approach goes next."""

    CONTINUE = "continue", "Continue the provision"
    CHANGE_PROVISION = "change_provision", "Change the provision"
    REDUCE_PROVISION = "reduce_provision", "Reduce the provision"
    SEEK_SPECIALIST_ADVICE = (
        "seek_specialist_advice",
        "Assess again with specialist advice",
    )
    REQUEST_EHC_NEEDS_ASSESSMENT = (
        "request_ehc_needs_assessment",
        "Request an EHC needs assessment",
    )
    END_SUPPORT = "end_support", "End SEN support: needs met"


class ProvisionKind(_Code):
    """What sort of provision a plan makes."""

    INTERVENTION = "intervention", "A time-limited intervention"
    ADJUSTMENT = "adjustment", "An adjustment to teaching or the classroom"
    EQUIPMENT = "equipment", "Equipment or resources"
    SPECIALIST_SUPPORT = "specialist_support", "Support from an external specialist"


class MeasureScale(_Code):
    """The scale of an entry or exit measure of an intervention."""

    READING_AGE_MONTHS = "reading_age_months", "Reading age in months"
    SPELLING_AGE_MONTHS = "spelling_age_months", "Spelling age in months"
    STANDARDISED_SCORE = "standardised_score", "Standardised score"
    RAW_SCORE = "raw_score", "Raw score"
    PERCENTAGE = "percentage", "Percentage"
    RATING = "rating", "A school's own rating scale"

    @property
    def is_age(self) -> bool:
        """True for ages in months, where Brooks' ratio gain applies."""
        return self in (
            MeasureScale.READING_AGE_MONTHS,
            MeasureScale.SPELLING_AGE_MONTHS,
        )


class AssessmentOutcome(_Code):
    """What an assessment decided."""

    SEN_SUPPORT = "sen_support", "Special educational need: SEN support"
    NOT_SEN = "not_sen", "Not a special educational need"
    SPECIALIST_ADVICE_NEEDED = (
        "specialist_advice_needed",
        "Specialist advice needed before deciding",
    )


class EHCDecision(_Code):
    """The local authority's decision on a request for an EHC needs assessment."""

    AGREED = "agreed", "Agreed to assess"
    REFUSED = "refused", "Refused to assess"


class EndReason(_Code):
    """Why a SEN support record ended."""

    NEEDS_MET = "needs_met", "Needs met: no longer needs SEN support"
    NOT_SEN = "not_sen", "Assessment found no special educational need"
    LEFT_SCHOOL = "left_school", "Pupil left the school"
    EHC_PLAN_ISSUED = "ehc_plan_issued", "An EHC plan was issued"
